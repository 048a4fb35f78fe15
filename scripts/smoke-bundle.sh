#!/usr/bin/env bash
# Smoke-tests a built bundle where no Python is installed: every Python of this machine (and the
# repository's .venv) is hidden in a private mount namespace, the environment is emptied, and the
# bundle must open the demo station offscreen and answer `register` as the source tree does.
# Usage: scripts/smoke-bundle.sh dist/testpoint
set -euo pipefail
cd "$(dirname "$0")/.."
bundle=$(cd "${1:-dist/testpoint}" && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

hide=""
if [ "$(id -u)" -eq 0 ] && command -v unshare >/dev/null; then
    mkdir -p "$work/empty"
    for path in /root/.pyenv /usr/lib/python3* /usr/local/lib/python3* /opt/python* "$PWD/.venv"; do
        [ -d "$path" ] && hide="$hide mount --bind $work/empty $path;"
    done
    for path in /usr/bin/python3* /usr/local/bin/python3*; do
        [ -e "$path" ] && hide="$hide mount --bind /dev/null $path;"
    done
else
    echo "not root or no unshare: the bundle runs with an empty environment, but this machine's Python stays visible" >&2
fi

in_bare() {
    # "$@" runs with no Python reachable and nothing inherited but the offscreen platform.
    local quoted
    quoted=$(printf '%q ' "$@")
    if [ -n "$hide" ]; then
        unshare -m sh -c "$hide ! command -v python3 >/dev/null || { echo 'python3 still visible' >&2; exit 97; }; exec env -i HOME=$work PATH=/usr/bin:/bin QT_QPA_PLATFORM=offscreen $quoted"
    else
        env -i HOME="$work" PATH=/usr/bin:/bin QT_QPA_PLATFORM=offscreen "$@"
    fi
}

start=$(date +%s%N)
in_bare "$bundle/testpoint" --demo --quit-after 10 >"$work/demo.out" 2>&1 || {
    cat "$work/demo.out" >&2
    echo "smoke: the demo station failed" >&2
    exit 1
}
grep -q "^demo: " "$work/demo.out" || { cat "$work/demo.out" >&2; echo "smoke: the demo said nothing" >&2; exit 1; }
echo "smoke: $(grep '^demo: ' "$work/demo.out") ($(( ($(date +%s%N) - start) / 1000000 )) ms, 10 s of it the demo)"

# The same commands through the bundle and through the source tree, on two fresh databases.
id_number=$(.venv/bin/python -c 'from tests.registration.ids import make_id; print(make_id(1))')
for side in bundle source; do
    if [ "$side" = bundle ]; then
        run() { in_bare "$bundle/testpoint" "$@" --db "$work/$side.db"; }
    else
        run() { .venv/bin/python main.py "$@" --db "$work/$side.db"; }
    fi
    run init --site Smoke --checkpoint Gate >/dev/null
    run round open R1 --pool-size 5 >/dev/null
    run tube open AB12345678 --checkpoint Gate --round R1 >/dev/null
    run register "$id_number" --checkpoint Gate --round R1 --json | .venv/bin/python -c '
import json, sys
answer = json.loads(sys.stdin.read())
answer.pop("event", None)  # a new id each run
print(json.dumps(answer, sort_keys=True))' >"$work/$side.json"
done
if ! cmp -s "$work/bundle.json" "$work/source.json"; then
    echo "smoke: register answered differently" >&2
    diff "$work/bundle.json" "$work/source.json" >&2 || true
    exit 1
fi
echo "smoke: register answers as the source tree does: $(cat "$work/bundle.json")"
