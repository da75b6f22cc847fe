#!/usr/bin/env bash
# Installs the Debian libraries Qt needs to run offscreen (tests, screenshots), when missing.
# With "--x11", also what a real X window (or Xvfb) needs. Does nothing on non-Debian systems.
set -euo pipefail

pkgs=(libegl1 libgl1 libfontconfig1 libfreetype6 libxkbcommon0 libglib2.0-0 libx11-6
      libdbus-1-3 libpng16-16 fonts-dejavu-core)
if [[ "${1:-}" == "--x11" ]]; then
  pkgs+=(xvfb xauth libxkbcommon-x11-0 libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1
         libxcb-image0 libxcb-randr0 libxcb-render-util0 libxcb-shape0 libxcb-xfixes0
         libxcb-xkb1 libxcb-sync1 libxcb-shm0 libx11-xcb1)
fi

command -v dpkg-query >/dev/null 2>&1 || exit 0
missing=()
for p in "${pkgs[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
[[ ${#missing[@]} -eq 0 ]] && exit 0

echo "Installing system libraries for Qt: ${missing[*]}"
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
