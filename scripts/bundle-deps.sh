#!/usr/bin/env bash
# Installs the Debian tools the bundle needs, when missing: binutils (PyInstaller's objdump
# and strip) to build it; with "--test", also desktop-file-utils (desktop-file-validate)
# and appstream (appstreamcli) to check its menu entry. Does nothing on non-Debian systems.
set -euo pipefail

pkgs=(binutils)
if [[ "${1:-}" == "--test" ]]; then
  pkgs+=(desktop-file-utils appstream)
fi
exec bash "$(dirname "$0")/apt-ensure.sh" "tools for the bundle" "${pkgs[@]}"
