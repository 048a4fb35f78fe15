#!/usr/bin/env bash
# Builds the station bundle: dist/testpoint/ (the executable `testpoint`: the window without
# arguments, the command line with them) and dist/testpoint-linux-<arch>.tar.gz, then smoke-tests
# it where no Python is installed (scripts/smoke-bundle.sh). --no-smoke skips the smoke test.
set -euo pipefail
cd "$(dirname "$0")/.."
smoke=1
[ "${1:-}" = "--no-smoke" ] && smoke=0

scripts/bootstrap.sh
stamp=".venv/.bundle-$(sha256sum pyproject.toml | cut -c1-16)"
if [ ! -f "$stamp" ]; then
    .venv/bin/python -m pip install -q -e '.[bundle]'
    rm -f .venv/.bundle-*
    touch "$stamp"
fi

# The badge font comes from the system (fonts-noto-cjk, SIL Open Font License): badges print
# Chinese names on laptops that have no CJK font of their own.
rm -rf build/fonts
mkdir -p build/fonts
for font in /usr/share/fonts/opentype/noto/NotoSansCJK-Bold.ttc /usr/share/fonts/noto-cjk/NotoSansCJK-Bold.ttc; do
    if [ -f "$font" ]; then cp "$font" build/fonts/; break; fi
done
[ -n "$(ls build/fonts)" ] || echo "warning: no Noto Sans CJK font found: badges will use the laptop's fonts" >&2

start=$(date +%s)
.venv/bin/pyinstaller --noconfirm --clean --log-level WARN \
    --distpath dist --workpath build/pyinstaller packaging/testpoint.spec
chmod 0755 dist/testpoint/testpoint

# Desktop integration: a launcher that works from wherever the folder is unpacked (install-desktop.sh).
cp assets/testpoint.png dist/testpoint/testpoint.png
cp packaging/testpoint.desktop packaging/install-desktop.sh dist/testpoint/
chmod 0755 dist/testpoint/install-desktop.sh

archive="dist/testpoint-linux-$(uname -m).tar.gz"
tar -C dist -czf "$archive" testpoint
echo "built dist/testpoint in $(( $(date +%s) - start )) s: $(du -sh dist/testpoint | cut -f1) unpacked, $(du -sh "$archive" | cut -f1) archived ($archive)"

if [ "$smoke" -eq 1 ]; then
    scripts/smoke-bundle.sh dist/testpoint
fi
