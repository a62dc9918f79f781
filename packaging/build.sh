#!/usr/bin/env bash
# Build casedesk's one-folder Linux app with PyInstaller: dist/casedesk/casedesk.
#
#   packaging/build.sh              uses $VENV (default: .venv, made if missing) and installs casedesk and
#                                   PyInstaller into it (pip install ".[package]")
#   VENV=/path/to/venv packaging/build.sh
#
# Prints the build time, the bundle's size and where it is. Windows and macOS: see packaging/README.md.
set -euo pipefail
cd "$(dirname "$0")/.."

PYTHON="${PYTHON:-python3}"
VENV="${VENV:-.venv}"
if [ ! -x "$VENV/bin/python" ]; then
  echo "== virtual environment in $VENV"
  "$PYTHON" -m venv "$VENV"
  "$VENV/bin/python" -m pip install -q --upgrade pip
fi
echo "== installing casedesk and PyInstaller into $VENV"
"$VENV/bin/python" -m pip install -q -e ".[package]"

echo "== building dist/casedesk"
started=$(date +%s)
"$VENV/bin/pyinstaller" --noconfirm --clean --log-level WARN \
  --distpath dist --workpath build/pyinstaller packaging/casedesk.spec
elapsed=$(( $(date +%s) - started ))

# The download for Linux users: the app folder, the desktop files and the installer script
# (CASEDESK_NO_TARBALL=1 skips it, as CI does).
if [ "${CASEDESK_NO_TARBALL:-}" != 1 ]; then
  version=$("$VENV/bin/python" -c "import casedesk; print(casedesk.__version__)")
  release="casedesk-$version-linux-$(uname -m)"
  stage="build/$release"
  rm -rf "$stage" && mkdir -p "$stage/share/applications" "$stage/share/metainfo" "$stage/share/mime/packages"
  cp -a dist/casedesk "$stage/casedesk"
  cp packaging/linux/org.casedesk.casedesk.desktop "$stage/share/applications/"
  cp packaging/linux/org.casedesk.casedesk.metainfo.xml "$stage/share/metainfo/"
  cp packaging/linux/org.casedesk.casedesk.mime.xml "$stage/share/mime/packages/org.casedesk.casedesk.xml"
  cp packaging/linux/install.sh "$stage/"
  tar -C build -czf "dist/$release.tar.gz" "$release"
  rm -rf "$stage"
  echo "== dist/$release.tar.gz ($(du -h "dist/$release.tar.gz" | cut -f1)): unpack, then ./install.sh"
fi

size=$(du -sh dist/casedesk | cut -f1)
files=$(find dist/casedesk -type f | wc -l)
echo "== built in ${elapsed} s: dist/casedesk ($size, $files files); run dist/casedesk/casedesk"
