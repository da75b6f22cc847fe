#!/bin/sh
# Puts Sourcedesk in your applications menu (freedesktop.org conventions) and the
# `sourcedesk` command on your PATH. Run it from the unpacked Sourcedesk folder:
#
#   ./install.sh                copy this folder to ~/.local/opt/sourcedesk, add the menu entry
#   ./install.sh --here         leave this folder where it is and add the menu entry for it
#   ./install.sh --prefix DIR   copy this folder to DIR instead
#   ./install.sh --system       for every user (as root): /opt/sourcedesk, /usr/local/share
#   ./install.sh --uninstall    take it all out again (add --system if installed so)
#
# Your libraries are never touched: they live in ~/.local/share/Sourcedesk (or where you
# chose), not in the program's folder.
set -eu

APP_ID=org.sourcedesk.Sourcedesk
SRC=$(cd "$(dirname "$0")" && pwd -P)

die() { echo "install.sh: $*" >&2; exit 1; }
usage() { sed -n '2,13s/^# \{0,1\}//p' "$0"; exit "${1:-0}"; }

action=install here=no system=no dest=""
while [ $# -gt 0 ]; do
  case "$1" in
    --here) here=yes ;;
    --prefix) [ $# -ge 2 ] || die "--prefix needs a folder"; dest=$2; shift ;;
    --prefix=*) dest=${1#--prefix=} ;;
    --system) system=yes ;;
    --uninstall) action=uninstall ;;
    -h|--help) usage 0 ;;
    *) echo "install.sh: unknown option: $1" >&2; usage 2 ;;
  esac
  shift
done

if [ "$system" = yes ]; then
  [ "$(id -u)" -eq 0 ] || die "--system needs root (sudo ./install.sh --system)"
  DATA=/usr/local/share BIN=/usr/local/bin
  : "${dest:=/opt/sourcedesk}"
else
  [ -n "${HOME:-}" ] || die "HOME is not set"
  DATA=${XDG_DATA_HOME:-$HOME/.local/share} BIN=$HOME/.local/bin
  : "${dest:=$HOME/.local/opt/sourcedesk}"
fi
[ "$here" = yes ] && dest=$SRC
case "$dest" in /*) ;; *) dest=$(pwd -P)/$dest ;; esac

is_bundle() { [ -x "$1/sourcedesk" ] && [ -f "$1/VERSION" ] && [ -d "$1/_internal" ]; }

remove_entries() {
  rm -f "$DATA/applications/$APP_ID.desktop" "$DATA/metainfo/$APP_ID.metainfo.xml"
  for icon in "$DATA"/icons/hicolor/*/apps/"$APP_ID".png "$DATA"/icons/hicolor/*/apps/"$APP_ID".svg; do
    [ -e "$icon" ] && rm -f "$icon"
  done
  if [ -L "$BIN/sourcedesk" ]; then
    case "$(readlink "$BIN/sourcedesk")" in */sourcedesk) rm -f "$BIN/sourcedesk" ;; esac
  fi
}

refresh_caches() {
  command -v update-desktop-database >/dev/null 2>&1 &&
    update-desktop-database -q "$DATA/applications" 2>/dev/null || true
  command -v gtk-update-icon-cache >/dev/null 2>&1 &&
    gtk-update-icon-cache -q -t -f "$DATA/icons/hicolor" 2>/dev/null || true
  command -v xdg-desktop-menu >/dev/null 2>&1 && xdg-desktop-menu forceupdate 2>/dev/null || true
}

if [ "$action" = uninstall ]; then
  remove_entries
  if [ "$dest" != "$SRC" ] && is_bundle "$dest"; then
    rm -rf "$dest"
    echo "Removed $dest"
  fi
  refresh_caches
  echo "Sourcedesk is no longer in the applications menu. Your libraries were not touched."
  exit 0
fi

is_bundle "$SRC" || die "run me from the unpacked Sourcedesk folder (no sourcedesk program beside me)"

# A path in an Exec line may not hold these; spaces are fine (the path is quoted then).
case "$dest" in
  *'"'*|*'`'*|*'$'*|*'\'*|*'%'*) die "cannot put a menu entry for a folder whose name has \" \` \$ \\ or %: $dest" ;;
esac

if [ "$dest" != "$SRC" ]; then
  if [ -e "$dest" ] && ! is_bundle "$dest"; then
    die "$dest exists and is not a Sourcedesk folder; choose another with --prefix"
  fi
  mkdir -p "$(dirname "$dest")"
  rm -rf "$dest.new"
  cp -RP "$SRC" "$dest.new"
  rm -rf "$dest"
  mv "$dest.new" "$dest"
fi

program=$dest/sourcedesk
case "$program" in
  *[!A-Za-z0-9/._+-]*) exec_program="\"$program\"" ;;
  *) exec_program=$program ;;
esac

remove_entries
mkdir -p "$DATA/applications" "$DATA/metainfo" "$BIN"
sed -e "s|^Exec=.*|Exec=$exec_program %F|" -e "s|^TryExec=.*|TryExec=$program|" \
  "$dest/share/applications/$APP_ID.desktop" > "$DATA/applications/$APP_ID.desktop"
chmod 644 "$DATA/applications/$APP_ID.desktop"
cp "$dest/share/metainfo/$APP_ID.metainfo.xml" "$DATA/metainfo/"
for dir in "$dest"/share/icons/hicolor/*/apps; do
  size=$(basename "$(dirname "$dir")")
  mkdir -p "$DATA/icons/hicolor/$size/apps"
  cp "$dir"/* "$DATA/icons/hicolor/$size/apps/"
done
if [ ! -e "$BIN/sourcedesk" ] || [ -L "$BIN/sourcedesk" ]; then
  ln -sfn "$program" "$BIN/sourcedesk"
  cli="$BIN/sourcedesk"
else
  cli="$program ($BIN/sourcedesk is another program and was left alone)"
fi
refresh_caches

echo "Sourcedesk $(cat "$dest/VERSION") is installed in $dest"
echo "  menu entry:   $DATA/applications/$APP_ID.desktop (Office > Sourcedesk)"
echo "  command line: $cli"
case ":${PATH:-}:" in
  *":$BIN:"*) ;;
  *) echo "  ($BIN is not on your PATH: add it, or call $program directly)" ;;
esac
