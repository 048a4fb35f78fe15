#!/usr/bin/env sh
# Adds the station to the desktop's application menu, pointing at this unpacked folder.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
menu="${XDG_DATA_HOME:-$HOME/.local/share}/applications"
mkdir -p "$menu"
sed "s|@BUNDLE@|$here|g" "$here/testpoint.desktop" > "$menu/testpoint.desktop"
echo "added $menu/testpoint.desktop"
