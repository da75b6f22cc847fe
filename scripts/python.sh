#!/usr/bin/env bash
# Prints the Python that `make` builds .venv with (the Makefile's PYTHON; `make
# PYTHON=...` or the PYTHON environment variable chooses another).
#
# The distribution's own Python (/usr/bin/python3 on Debian, Ubuntu, Fedora) when it is
# one Sourcedesk supports (3.11-3.13) and can make a virtualenv with pip; otherwise the
# first python3 on PATH. Distributions build their Python with profile-guided and
# link-time optimisation; version managers (pyenv, asdf) compile it without unless asked,
# and put theirs first on PATH. On the 2-core build machine, Debian 12's Python 3.11.2
# against pyenv's 3.11.7, the same packages and library (docs/performance.md, issue 16,
# twenty-fourth session): a whole `sourcedesk search` process at 100,000 articles
# 194.5 / 200.8 -> 164.3 / 170.3 ms, an import of 23,185 articles to searchable 28.7 / 34.1
# -> 24.2 / 29.6 s. SOURCEDESK_SYSTEM_PYTHON names another Python to try first (tests).
set -uo pipefail
system=${SOURCEDESK_SYSTEM_PYTHON:-/usr/bin/python3}

usable() {
    "$1" - <<'PY' 2>/dev/null || return 1
import sys
sys.exit(0 if (3, 11) <= sys.version_info[:2] <= (3, 13) else 1)
PY
    # Debian ships venv's pip (ensurepip) apart, in python3-venv
    "$1" -m ensurepip --version >/dev/null 2>&1
}

if [ -x "$system" ] && usable "$system"; then
    echo "$system"
else
    echo python3
fi
