"""The dashboard's projection is brought up to date after pushes, off their path: a push stores its
events only, the server's projector catches up once pushes pause, and concurrent projectors never
apply an event twice."""

from __future__ import annotations

import random
import threading
import time
from typing import Any

from sqlalchemy import Engine

from registration.reports import reconcile
from registration.storage import clock
from sync.schema import WireEvent
from sync.server import db, eventlog, projection
from sync.server.eventlog import Author
from sync.server.projector import Projector
from tests.registration.ids import make_id
from tests.registration.test_reconcile import ROUNDS, generate
from tests.sync.harness import server_events
from tests.sync.test_dashboard_projection import SITE, _deliver, _open_site, _station, _station_events, _store


def _site_with_events(database_url: str, tmp_path: Any, seed: int) -> tuple[Engine, Any]:
    store = _station(tmp_path / "station.db")
    generate(store, seed)
    engine = db.open_engine(database_url)
    _open_site(engine)
    for batch in _deliver(engine, _station_events(store), random.Random(seed)):
        _store(engine, batch)
    return engine, store


def _lag(engine: Engine) -> int:
    with db.reading(engine) as conn:
        return projection.lags(conn)[SITE]


def _figures(engine: Engine) -> list[dict[str, Any]]:
    with db.reading(engine) as conn:
        return [projection.reconciliation(conn, SITE, name) for name in ROUNDS]


def test_storing_events_leaves_them_for_the_projector(database_url: str, tmp_path: Any) -> None:
    engine, store = _site_with_events(database_url, tmp_path, 11)
    try:
        stored = len(server_events(engine, SITE))
        assert _lag(engine) == stored > 100

        projector = Projector(engine, quiet_s=0.05, most_s=0.5, idle_s=60)
        projector.start()
        try:
            projector.stored()
            deadline = time.monotonic() + 30
            while _lag(engine) and time.monotonic() < deadline:
                time.sleep(0.02)
        finally:
            projector.stop()
        assert _lag(engine) == 0
        assert _figures(engine) == [reconcile.reconcile(store.conn, name) for name in ROUNDS]
    finally:
        engine.dispose()
        store.close()


def test_two_projectors_at_once_apply_each_event_once(database_url: str, tmp_path: Any) -> None:
    engine, store = _site_with_events(database_url, tmp_path, 12)
    errors: list[BaseException] = []
    start = threading.Barrier(2)

    def project() -> None:
        try:
            start.wait()
            projection.catch_up(engine, page=23)
        except BaseException as exc:  # reported below, with the figures
            errors.append(exc)

    try:
        threads = [threading.Thread(target=project) for _ in range(2)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        assert errors == []
        assert _lag(engine) == 0
        assert _figures(engine) == [reconcile.reconcile(store.conn, name) for name in ROUNDS]
    finally:
        engine.dispose()
        store.close()


def test_a_projector_stopped_while_it_projects_stops_when_that_is_done(
    database_url: str, tmp_path: Any
) -> None:
    engine, store = _site_with_events(database_url, tmp_path, 13)
    projector = Projector(engine, quiet_s=0, idle_s=600)
    projector.start()
    stopping = threading.Thread(target=projector.stop)
    try:
        with db.writing(engine) as conn:
            projection.lock(conn, SITE)  # the projector waits for it inside its catch-up
            projector.stored()
            time.sleep(0.3)
            stopping.start()
        stopping.join(30)  # not the 600 s it waits between looks for other processes' events
        assert not stopping.is_alive()
        assert _lag(engine) == 0  # what it had begun, it finished
    finally:
        projector.stop()
        engine.dispose()
        store.close()


def test_a_catch_up_leaves_what_is_stored_meanwhile_to_the_next(database_url: str) -> None:
    """A catch-up that began while a laptop pushes projects what was there when it began: chasing
    the pushes, a page at a time, it took the CPU and the write lock from them until they paused."""
    engine = db.open_engine(database_url)
    _open_site(engine)
    office = Author("office", SITE, "", "admin")
    stored = [0]
    stop = threading.Event()

    def pushes() -> None:
        while not stop.is_set() and stored[0] < 3000:
            batch = [
                WireEvent(
                    id=clock.uuid7(),
                    device="office",
                    seq=stored[0] + n + 1,
                    hlc=clock.tick(clock.Hlc(0, 0)).encode(),
                    kind="person.upserted",
                    body={"id_number": make_id(stored[0] + n), "name": "员工", "enterprise": "甲厂"},
                )
                for n in range(10)
            ]
            eventlog.store_batch(engine, office, batch, clock.now_ms())
            stored[0] += len(batch)

    pusher = threading.Thread(target=pushes)
    pusher.start()
    try:
        while stored[0] < 100:
            time.sleep(0.01)
        projection.catch_up(engine, page=1)  # one event per transaction: the pushes outpace it
        assert pusher.is_alive() and stored[0] < 3000
    finally:
        stop.set()
        pusher.join()
        engine.dispose()
