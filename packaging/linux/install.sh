#!/usr/bin/env bash
# Install (or remove) the casedesk Linux app from its folder: the program, the menu entry with its icon,
# and the case-file type, so that double-clicking a casedesk case file opens it in casedesk.
#
#   ./install.sh                 for you only: ~/.local (no administrator rights needed)
#   sudo ./install.sh --system   for everyone: /usr/local
#   ./install.sh --uninstall     (with --system if it was installed that way)
#   PREFIX=/some/where ./install.sh
#
# Run it from the unpacked casedesk-<version>-linux-x86_64 folder (it holds casedesk/ and share/), or
# from a source tree after packaging/build.sh (it then takes dist/casedesk and packaging/linux).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"

mode=install
PREFIX="${PREFIX:-$HOME/.local}"
for arg in "$@"; do
  case "$arg" in
    --system) PREFIX=/usr/local ;;
    --uninstall) mode=uninstall ;;
    -h|--help) sed -n '2,11p' "$0"; exit 0 ;;
    *) echo "install.sh: unknown option $arg (see --help)" >&2; exit 2 ;;
  esac
done

ID=org.casedesk.casedesk
app_dir="$PREFIX/lib/casedesk"
share="$PREFIX/share"

if [ -d "$here/casedesk" ] && [ -x "$here/casedesk/casedesk" ]; then
  bundle="$here/casedesk"; data="$here/share"
else
  bundle="$here/../../dist/casedesk"; data="$here"
fi

refresh() {
  command -v update-mime-database >/dev/null && update-mime-database "$share/mime" >/dev/null 2>&1 || true
  command -v update-desktop-database >/dev/null && update-desktop-database -q "$share/applications" || true
  command -v gtk-update-icon-cache >/dev/null && gtk-update-icon-cache -q -t "$share/icons/hicolor" || true
}

if [ "$mode" = uninstall ]; then
  rm -rf "$app_dir"
  rm -f "$PREFIX/bin/casedesk" "$share/applications/$ID.desktop" "$share/metainfo/$ID.metainfo.xml" \
        "$share/mime/packages/$ID.xml" "$share/icons/hicolor/scalable/apps/$ID.svg"
  for size in 16 24 32 48 64 128 256 512; do
    rm -f "$share/icons/hicolor/${size}x${size}/apps/$ID.png"
  done
  refresh
  echo "casedesk removed from $PREFIX (your case files are untouched)."
  exit 0
fi

if [ ! -x "$bundle/casedesk" ]; then
  echo "install.sh: no casedesk program at $bundle; build it first (packaging/build.sh)" >&2
  exit 1
fi
icons="$bundle/_internal/casedesk/resources/icons"
find_file() { for f in "$@"; do [ -f "$f" ] && { echo "$f"; return; }; done; echo "install.sh: missing $1" >&2; exit 1; }
desktop=$(find_file "$data/applications/$ID.desktop" "$data/$ID.desktop")
metainfo=$(find_file "$data/metainfo/$ID.metainfo.xml" "$data/$ID.metainfo.xml")
mime=$(find_file "$data/mime/packages/$ID.xml" "$data/$ID.mime.xml")

rm -rf "$app_dir"
mkdir -p "$app_dir" "$PREFIX/bin" "$share/applications" "$share/metainfo" "$share/mime/packages" \
         "$share/icons/hicolor/scalable/apps"
cp -a "$bundle/." "$app_dir/"
ln -sf "$app_dir/casedesk" "$PREFIX/bin/casedesk"
# The menu entry starts the program by its full path, so it works when $PREFIX/bin is not on PATH.
sed -e "s|^Exec=casedesk |Exec=$app_dir/casedesk |" -e "s|^TryExec=casedesk$|TryExec=$app_dir/casedesk|" \
  "$desktop" > "$share/applications/$ID.desktop"
cp "$metainfo" "$share/metainfo/$ID.metainfo.xml"
cp "$mime" "$share/mime/packages/$ID.xml"
cp "$icons/casedesk.svg" "$share/icons/hicolor/scalable/apps/$ID.svg"
for size in 16 24 32 48 64 128 256 512; do
  mkdir -p "$share/icons/hicolor/${size}x${size}/apps"
  cp "$icons/casedesk-$size.png" "$share/icons/hicolor/${size}x${size}/apps/$ID.png"
done
refresh
echo "casedesk installed in $app_dir; start it from the menu, or run $PREFIX/bin/casedesk"
