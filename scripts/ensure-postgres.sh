#!/usr/bin/env bash
# The sync tests also run against PostgreSQL on 127.0.0.1:5432 (trust auth, database "test").
# Start the local cluster when it is installed but stopped; say so when there is none.
set -uo pipefail
ready() { command -v pg_isready >/dev/null && pg_isready -q -h 127.0.0.1 -p 5432; }
ready && exit 0
if command -v pg_ctlcluster >/dev/null && [ -d /etc/postgresql ]; then
    version=$(ls /etc/postgresql | sort -V | tail -n 1)
    pg_ctlcluster --skip-systemctl-redirect "$version" main start >/dev/null 2>&1 || true
    for _ in $(seq 1 30); do ready && exit 0; sleep 1; done
fi
exit 1
