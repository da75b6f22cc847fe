#!/usr/bin/env bash
# Installs the Debian tools the bundle needs, when missing: binutils (PyInstaller's objdump
# and strip) to build it; with "--test", also desktop-file-utils (desktop-file-validate)
# and appstream (appstreamcli) to check its menu entry. Does nothing on non-Debian systems.
set -euo pipefail

pkgs=(binutils)
if [[ "${1:-}" == "--test" ]]; then
  pkgs+=(desktop-file-utils appstream)
fi

command -v dpkg-query >/dev/null 2>&1 || exit 0
missing=()
for p in "${pkgs[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
[[ ${#missing[@]} -eq 0 ]] && exit 0

echo "Installing tools for the bundle: ${missing[*]}"
if [[ $(id -u) -eq 0 ]]; then
  SUDO=()
elif command -v sudo >/dev/null 2>&1; then
  SUDO=(sudo)
else
  echo "Please install as root: apt-get install ${missing[*]}" >&2
  exit 1
fi
export DEBIAN_FRONTEND=noninteractive
"${SUDO[@]}" apt-get update -qq
"${SUDO[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
