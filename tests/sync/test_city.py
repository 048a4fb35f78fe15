"""Many API processes on one PostgreSQL database: ``server --workers 3`` behind one port, twenty
stations pushing and pulling at once through a proxy that breaks requests, and every station ends
with the server's view, every event once, the feed having skipped nothing."""

from __future__ import annotations

import gc
import json
import random
import threading
from pathlib import Path

import httpx
import pytest
from prometheus_client.parser import text_string_to_metric_families
from sqlalchemy import select

from sync import checked
from sync.server import db, run
from tests.sync.faultproxy import FaultProxy
from tests.sync.harness import (
    SITE,
    ServerProcess,
    Station,
    assert_converged,
    enrol_station,
    ids,
    open_site,
    setup_round,
    sync_all,
)

FAULTS = ("drop_response", "truncate", "503", "drop_request", "500", "429")


def run_city(database_url: str, tmp_path: Path, *, stations: int, people: int, rounds: int) -> None:
    log = tmp_path / "server.log"
    server = ServerProcess(database_url, "--workers", "3", log=log)
    engine = db.open_engine(database_url)
    proxy = FaultProxy(server.port)
    try:
        checkpoints = [f"C{i:02d}" for i in range(stations)]
        open_site(engine, checkpoints)
        admin = enrol_station(tmp_path, engine, proxy.url, checkpoints[0], admin=True)
        setup_round(admin)
        admin.sync()
        enrolled = [enrol_station(tmp_path, engine, proxy.url, c) for c in checkpoints]
        paths = [(s.path, s.checkpoint) for s in enrolled]
        for station in enrolled:
            station.sync()  # the campaign's checkpoints and round
            station.close()
        for _ in range(stations // 2):
            proxy.inject(random.choice(FAULTS), path=random.choice(["/v1/push", "/v1/feed"]))
        failures: list[BaseException] = []

        def work(n: int, path: Path, checkpoint: str) -> None:
            # Each thread opens its own station: an SQLite connection stays on its thread.
            station = Station(path, checkpoint)
            try:
                for r in range(rounds):
                    for person in ids(people, start=(n * rounds + r) * people):
                        station.register(person)
                    station.sync()
            except BaseException as exc:
                failures.append(exc)
            finally:
                station.close()

        threads = [threading.Thread(target=work, args=(n, p, c)) for n, (p, c) in enumerate(paths)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(600)
        assert failures == []
        assert sum(seen.fault != "pass" for seen in proxy.seen) == stations // 2, "a fault was not used"
        everyone = [admin, *(Station(p, c) for p, c in paths)]
        sync_all(everyone)
        assert_converged(engine, everyone)
        assert len(admin.registrations()) == stations * rounds * people
        # Positions 1..n with none missing: no row committed out of order behind a reader's cursor.
        e = db.events.c
        with db.reading(engine) as conn:
            positions = [p for (p,) in conn.execute(select(e.pos).where(e.site == SITE).order_by(e.pos))]
        assert positions == list(range(1, len(positions) + 1))

        served = [json.loads(line) for line in log.read_text().splitlines()]
        pushers = {line["pid"] for line in served if line.get("route") == "/v1/push"}
        assert len(pushers) >= 2, "the pushes did not spread over the processes"
        # Whichever process answers the scrape sums every process's counters.
        pushed = sum(len(s.own_events()) for s in everyone)
        stored = [
            s.value
            for f in text_string_to_metric_families(httpx.get(f"{server.url}/metrics").text)
            for s in f.samples
            if s.name == "testpoint_pushed_events_total" and s.labels["status"] == "stored"
        ]
        assert sum(stored) == pushed
        for station in everyone:
            station.close()
    finally:
        proxy.close()
        server.stop()
        engine.dispose()


@pytest.mark.slow
@pytest.mark.postgres
@pytest.mark.parametrize("database_url", ["postgres"], indirect=True)
def test_three_processes_twenty_stations(database_url: str, tmp_path: Path) -> None:
    run_city(database_url, tmp_path, stations=20, people=5, rounds=2)


@pytest.mark.slow
@pytest.mark.postgres
@pytest.mark.parametrize("database_url", ["postgres"], indirect=True)
def test_three_processes_twenty_stations_a_long_shift(database_url: str, tmp_path: Path) -> None:
    run_city(database_url, tmp_path, stations=20, people=25, rounds=6)


def test_a_worker_hides_what_it_made_to_start_from_the_collector_and_runs_it_less_often(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A full collection otherwise walks every module, model and route on each turn (about 100 ms
    inside a push on a 2-core machine), and young collections ran about 100 times per 20,000
    pushed events."""
    monkeypatch.setenv(run._SETTINGS_ENV, json.dumps({"database_url": f"sqlite:///{tmp_path / 's.db'}"}))
    gc.unfreeze()
    thresholds = gc.get_threshold()
    checked._readers.cache_clear()
    try:
        app = run.app_from_environment()
        assert gc.get_freeze_count() > 10_000
        assert gc.get_threshold()[0] > 10 * thresholds[0]
        assert checked._readers.cache_info().currsize == 1  # built with the rest, not by the first push
        app.state.engine.dispose()
    finally:
        gc.unfreeze()
        gc.set_threshold(*thresholds)
