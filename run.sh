#!/usr/bin/env bash
# Sets up what is missing, then opens the station. With no webcam and no arguments it runs the demo.
set -euo pipefail
cd "$(dirname "$0")"
scripts/bootstrap.sh
if [ $# -eq 0 ] && ! ls /dev/video* >/dev/null 2>&1; then
    echo "no webcam found: starting the demo campaign (run ./run.sh --help for the options)"
    set -- --demo
fi
exec .venv/bin/python main.py "$@"
