#!/usr/bin/env bash
# Installs the Debian tools the bundle needs, when missing: binutils (PyInstaller's objdump
# and strip) to build it; with "--test", also desktop-file-utils (desktop-file-validate)
# and appstream (appstreamcli) to check its menu entry; and when .venv is built on the
# distribution's Python (scripts/python.sh), its shared library, which PyInstaller puts in
# the bundle and Debian packages apart (libpython3.X). Does nothing on non-Debian systems.
set -euo pipefail

pkgs=(binutils)
py=$(readlink -f "$(dirname "$0")/../.venv/bin/python" 2>/dev/null || true)
if [[ "$py" =~ ^/usr/bin/python(3\.[0-9]+)$ ]]; then
  pkgs+=("libpython${BASH_REMATCH[1]}")
fi
if [[ "${1:-}" == "--test" ]]; then
  pkgs+=(desktop-file-utils appstream)
fi
exec bash "$(dirname "$0")/apt-ensure.sh" "tools for the bundle" "${pkgs[@]}"
