#!/usr/bin/env bash
# Installs the Debian libraries Qt needs to run offscreen (tests, screenshots), and Tesseract
# OCR with English, Ukrainian and Russian data (scans and images are read with it), and
# PostgreSQL (server-library tests), when missing. With "--x11", also what a real X window
# (or Xvfb) needs. Does nothing on non-Debian systems.
set -euo pipefail

pkgs=(libegl1 libgl1 libfontconfig1 libfreetype6 libxkbcommon0 libglib2.0-0 libx11-6
      libdbus-1-3 libpng16-16 fonts-dejavu-core
      tesseract-ocr tesseract-ocr-eng tesseract-ocr-ukr tesseract-ocr-rus)
if [[ "${1:-}" == "--x11" ]]; then
  pkgs+=(xvfb xauth libxkbcommon-x11-0 libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1
         libxcb-image0 libxcb-randr0 libxcb-render-util0 libxcb-shape0 libxcb-xfixes0
         libxcb-xkb1 libxcb-sync1 libxcb-shm0 libx11-xcb1)
fi
bash "$(dirname "$0")/apt-ensure.sh" "system libraries for Qt and OCR" "${pkgs[@]}"
# PostgreSQL for the server-library tests and `make bench --backend postgresql`: each run starts
# a throwaway cluster of its own (tests/helpers/pgcluster.py), never the packaged service.
# Where it cannot be installed the server tests skip and say why, so this is not fatal.
bash "$(dirname "$0")/apt-ensure.sh" "PostgreSQL (server-library tests)" postgresql postgresql-contrib \
  || echo "PostgreSQL could not be installed: the server-library tests will be skipped" >&2
