"""scripts/city.sh: PostgreSQL and N API processes behind one port, started by one command."""

from __future__ import annotations

import signal
import subprocess
import uuid
from pathlib import Path

import httpx
import psycopg
import pytest

from sync.server import db, migrations
from tests.sync.harness import ROOT, assert_converged, enrol_station, ids, open_site, setup_round
from tests.sync.templates import PG_HOST


@pytest.mark.postgres
def test_one_command_starts_a_city_that_stations_sync_with(pg_user: str | None, tmp_path: Path) -> None:
    if pg_user is None:
        pytest.skip(f"PostgreSQL not reachable at {PG_HOST}:5432")
    name = f"testpoint_city_{uuid.uuid4().hex[:10]}"
    proc = subprocess.Popen(
        ["bash", "scripts/city.sh", "--workers", "2", "--port", "0", "--database", name, "--user", pg_user],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    engine = None
    try:
        assert proc.stdout is not None
        said = [proc.stdout.readline()]
        while not said[-1].startswith("serving on"):
            assert said[-1], f"the script stopped: {said}"
            said.append(proc.stdout.readline())
        assert said[0].strip() == f"database {name} created"
        url = said[-1].split()[-1]
        assert url.startswith("http://127.0.0.1:"), said
        assert f"schema created at version {migrations.head()}\n" in said
        # The API processes may still be loading behind the port: on a busy machine the first
        # answer took longer than httpx's default five seconds.
        assert httpx.get(f"{url}/v1/ready", timeout=30).json() == {"status": "ready"}

        engine = db.open_engine(f"postgresql+psycopg://{pg_user}@{PG_HOST}:5432/{name}")
        open_site(engine, ["North", "South"])
        admin = enrol_station(tmp_path, engine, url, "North", admin=True)
        setup_round(admin)
        admin.sync()
        south = enrol_station(tmp_path, engine, url, "South")
        south.sync()
        for person in ids(5):
            south.register(person)
        for station in (south, admin):
            station.sync()
        assert_converged(engine, [admin, south])
        admin.close()
        south.close()
        proc.send_signal(signal.SIGTERM)
        assert proc.wait(30) in (0, -signal.SIGTERM)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait(10)
        if engine is not None:
            engine.dispose()
        with psycopg.connect(host=PG_HOST, dbname="test", user=pg_user, autocommit=True) as conn:
            conn.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
