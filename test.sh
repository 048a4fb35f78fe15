#!/usr/bin/env bash
# Sets up what is missing, then runs the linters, the type checker and the test suite.
# Extra arguments go to pytest (for example --slow for the slow tier, or -n 0 to run in one process).
set -euo pipefail
cd "$(dirname "$0")"
scripts/bootstrap.sh
scripts/ensure-postgres.sh || echo "PostgreSQL is not reachable on 127.0.0.1:5432: its tests will skip"
.venv/bin/ruff check .
.venv/bin/ruff format --check .
.venv/bin/mypy
export QT_QPA_PLATFORM=offscreen
# One worker per core; a worker that finishes its share takes tests from a busy one.
exec .venv/bin/pytest -n auto --dist worksteal "$@"
