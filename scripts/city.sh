#!/usr/bin/env bash
# A city deployment on one machine, for a trial: PostgreSQL on 127.0.0.1:5432 (the local cluster,
# started when stopped) with a database of its own, and N API processes behind one port.
#   scripts/city.sh [--workers N] [--port P] [--host H] [--database NAME] [--user ROLE]
# Runs in the foreground; Ctrl-C or SIGTERM stops the API processes (PostgreSQL keeps running).
set -euo pipefail
cd "$(dirname "$0")/.."

workers=2 port=8765 host=127.0.0.1 database=testpoint_city user=${PGUSER:-}
while [ $# -gt 0 ]; do
    case "$1" in
        --workers) workers=$2; shift 2 ;;
        --port) port=$2; shift 2 ;;
        --host) host=$2; shift 2 ;;
        --database) database=$2; shift 2 ;;
        --user) user=$2; shift 2 ;;
        *) echo "error: unknown option $1 (see the comment at the top of $0)" >&2; exit 2 ;;
    esac
done
[[ "$database" =~ ^[a-z_][a-z0-9_]*$ ]] || { echo "error: database name must be lower-case letters, digits, _" >&2; exit 2; }

python=python3
[ -x .venv/bin/python ] && python=.venv/bin/python

scripts/ensure-postgres.sh || { echo "error: PostgreSQL is not running on 127.0.0.1:5432 and could not be started" >&2; exit 1; }
if [ -z "$user" ]; then
    for candidate in postgres root "$(id -un)"; do
        if psql -h 127.0.0.1 -U "$candidate" -d postgres -Atqc 'SELECT 1' >/dev/null 2>&1; then user=$candidate; break; fi
    done
fi
[ -n "$user" ] || { echo "error: no PostgreSQL role to connect as: pass --user ROLE" >&2; exit 1; }
if [ -z "$(psql -h 127.0.0.1 -U "$user" -d postgres -Atqc "SELECT 1 FROM pg_database WHERE datname = '$database'")" ]; then
    createdb -h 127.0.0.1 -U "$user" "$database"
    echo "database $database created"
fi

url="postgresql://$user@127.0.0.1:5432/$database"
"$python" main.py server migrate --database-url "$url"
echo "PostgreSQL: $url; $workers API processes follow (stop with Ctrl-C)"
exec "$python" main.py server --database-url "$url" --workers "$workers" --host "$host" --port "$port"
