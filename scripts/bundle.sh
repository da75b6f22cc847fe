#!/usr/bin/env bash
# Builds the Linux bundle and its archive (what `make bundle` runs after installing
# PyInstaller and the system libraries the bundle carries):
#
#   dist/Sourcedesk/                              the one-folder bundle (packaging/sourcedesk.spec)
#   dist/Sourcedesk-VERSION-linux-ARCH.tar.gz     that folder, to download; .sha256 beside it
#
# Usage: scripts/bundle.sh [PYTHON]   (default .venv/bin/python). The full PyInstaller log
# goes to build/pyinstaller/build.log.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${1:-.venv/bin/python}

"$PY" -c 'import PyInstaller' 2>/dev/null || {
  echo "bundle.sh: PyInstaller is not installed in $PY: $PY -m pip install 'pyinstaller>=6.10,<7'" >&2
  exit 1
}

mkdir -p build/pyinstaller
# Our modules and the libraries' stored uncompressed in the executable's archive: every
# process the bundle starts (a `sourcedesk search`, an import's readers, the window)
# decompresses each module it imports otherwise, ~20 ms of a search and ~60-150 ms of the
# window's start; the folder is 31 MB larger (the download, gzipped, about the same).
export PYINSTALLER_ZLIB_COMPRESSION_LEVEL=0
# (PyInstaller keeps the archive of an earlier build when no module changed, whatever it
# was compressed with: a work folder of another level is started afresh)
if [ "$(cat build/pyinstaller/zlib-level 2>/dev/null)" != "$PYINSTALLER_ZLIB_COMPRESSION_LEVEL" ]; then
  rm -rf build/pyinstaller
  mkdir -p build/pyinstaller
  echo "$PYINSTALLER_ZLIB_COMPRESSION_LEVEL" >build/pyinstaller/zlib-level
fi
start=$(date +%s)
echo "Building dist/Sourcedesk with PyInstaller (log: build/pyinstaller/build.log) ..."
if ! "$PY" -m PyInstaller --noconfirm --distpath dist --workpath build/pyinstaller \
    packaging/sourcedesk.spec >build/pyinstaller/build.log 2>&1; then
  tail -n 40 build/pyinstaller/build.log >&2
  echo "bundle.sh: PyInstaller failed (full log: build/pyinstaller/build.log)" >&2
  exit 1
fi
built=$(date +%s)
grep -h "sourcedesk.spec:" build/pyinstaller/build.log || true

version=$(cat dist/Sourcedesk/VERSION)
archive=dist/Sourcedesk-$version-linux-$(uname -m).tar.gz
rm -f dist/Sourcedesk-*-linux-*.tar.gz dist/Sourcedesk-*-linux-*.tar.gz.sha256
tar -C dist --owner=0 --group=0 --numeric-owner -cf - Sourcedesk | gzip -6 >"$archive.part"
mv "$archive.part" "$archive"
(cd dist && sha256sum "$(basename "$archive")" >"$(basename "$archive").sha256")
done_at=$(date +%s)

newest_glibc() {
  xargs -0 objdump -T 2>/dev/null | grep -o 'GLIBC_[0-9.]*' | sort -uV | tail -n 1 || true
}
# Tesseract (OCR) is counted apart: where it cannot run, the system's is used instead
glibc=$(find dist/Sourcedesk -path '*/_internal/tesseract' -prune -o -type f \
  \( -name '*.so*' -o -name sourcedesk \) -print0 | newest_glibc)
ocr_glibc=$(find dist/Sourcedesk/_internal/tesseract -type f \( -name '*.so*' -o -name tesseract \) \
  -print0 2>/dev/null | newest_glibc)
echo "Bundle:  dist/Sourcedesk  $(du -sh dist/Sourcedesk | cut -f1)" \
  "($(find dist/Sourcedesk -type f | wc -l) files), needs ${glibc:-glibc ?} or newer" \
  "(its Tesseract: ${ocr_glibc:-none})"
echo "Archive: $archive  $(du -h "$archive" | cut -f1)"
echo "Time:    PyInstaller $((built - start)) s, archive $((done_at - built)) s"
