#!/usr/bin/env bash
# `make bench` set-up: Debian's recollcmd (Recoll's recollindex/recollq, the C++/Xapian
# desktop search tool the benchmark compares against), when missing. Needs root or sudo;
# without them bench.py still runs and reports Recoll as not installed.
set -euo pipefail
command -v recollindex >/dev/null 2>&1 && command -v recollq >/dev/null 2>&1 && exit 0
command -v apt-get >/dev/null 2>&1 || { echo "bench: no apt-get; Recoll is skipped" >&2; exit 0; }
if [[ $(id -u) -eq 0 ]]; then
  SUDO=()
elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
  SUDO=(sudo -n)
else
  echo "bench: install Recoll as root to compare with it: apt-get install recollcmd" >&2
  exit 0
fi
echo "Installing recollcmd (Recoll) for the benchmark"
export DEBIAN_FRONTEND=noninteractive
"${SUDO[@]}" apt-get update -qq
"${SUDO[@]}" apt-get install -y -qq recollcmd >/dev/null
