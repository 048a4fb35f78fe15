"""Push and pull between a real server and several station databases, on SQLite and PostgreSQL."""

from __future__ import annotations

import dataclasses
import gc
import threading
import time
from pathlib import Path

import httpx

from registration.setup import rosters
from sync import client
from sync.schema import PROTOCOL_VERSION
from sync.transport import Backoff
from tests.sync.faultproxy import FaultProxy
from tests.sync.harness import (
    FAST,
    ROUND,
    ServerThread,
    Station,
    assert_converged,
    enrol_station,
    ids,
    open_site,
    server_events,
    sync_all,
)


def test_registrations_reach_every_station(server: ServerThread, site: dict[str, Station]) -> None:
    south, east = site["South"], site["East"]
    people = ids(30)
    for person in people[:20]:
        assert south.register(person).status == "registered"
    for person in people[20:]:
        assert east.register(person).status == "registered"
    sync_all(list(site.values()))
    assert_converged(server.engine, list(site.values()))
    # East now knows South's registrations: a repeat scan there is "already registered".
    again = east.register(people[0])
    assert again.status == "already_registered"
    assert again.previous is not None and again.previous["checkpoint"] == "South"


def test_push_answers_duplicate_and_outbox_empties(server: ServerThread, site: dict[str, Station]) -> None:
    south = site["South"]
    for person in ids(5):
        south.register(person)
    south.sync()
    before = server_events(server.engine)
    # The outbox rows come back (as after a lost answer): the server says duplicate, stores nothing.
    with south.store.write() as conn:
        conn.execute(
            "INSERT INTO outbox (seq, event_id) SELECT seq, id FROM events WHERE device = ?", (south.device,)
        )
    report = south.sync()
    assert report.pushed == len(south.own_events())
    assert server_events(server.engine) == before
    assert south.outbox() == 0


def test_status_reports_waiting_and_last_sync(server: ServerThread, site: dict[str, Station]) -> None:
    south = site["South"]
    south.register(ids(1)[0])
    state = client.status(south.store.conn)
    assert state.enrolled and state.waiting >= 1 and state.checkpoint == "South" and state.role == "station"
    south.sync()
    state = client.status(south.store.conn)
    assert state.waiting == 0 and state.last_sync is not None and state.last_error is None


def test_double_registration_across_checkpoints_is_flagged_to_both(
    server: ServerThread, site: dict[str, Station]
) -> None:
    south, east = site["South"], site["East"]
    person = ids(1, start=500)[0]
    assert south.register(person).status == "registered"
    assert east.register(person).status == "registered"  # offline: neither knew of the other
    sync_all(list(site.values()))
    for station in (south, east):
        flagged = client.status(station.store.conn).flagged
        assert [(f.round, f.checkpoints) for f in flagged] == [(ROUND, ["East", "South"])]
        assert person not in flagged[0].person  # masked
    assert_converged(server.engine, list(site.values()))


def test_background_loop_syncs_while_reachable_and_backs_off_while_not(
    server: ServerThread, site: dict[str, Station]
) -> None:
    south = site["South"]
    proxy = FaultProxy(server.port)
    with south.store.write() as conn:
        conn.execute("UPDATE sync_state SET server_url = ?", (proxy.url,))
    outcomes: list[client.Report | client.SyncFailed] = []
    stop = threading.Event()
    quick = client.Options(timeout_s=1.0, backoff=Backoff(attempts=2, base_s=0.02, cap_s=0.05))
    loop = threading.Thread(
        target=client.run,
        args=(str(south.path), stop),
        kwargs={"options": quick, "on_report": outcomes.append, "interval_s": 0.1},
    )
    proxy.inject(*["503"] * 8)  # the server is away for the first few tries
    south.register(ids(1, start=600)[0])
    loop.start()
    try:
        deadline = time.monotonic() + 20
        while south.outbox() and time.monotonic() < deadline:
            time.sleep(0.05)
        assert south.outbox() == 0
    finally:
        stop.set()
        loop.join(10)
        proxy.close()
    assert not loop.is_alive()
    failed = [o for o in outcomes if isinstance(o, client.SyncFailed)]
    assert failed and "503" in str(failed[0])
    assert isinstance(outcomes[-1], client.Report)
    state = client.status(south.store.conn)
    assert state.last_error is None and state.last_sync is not None


def test_station_kinds_and_walk_ins(server: ServerThread, site: dict[str, Station]) -> None:
    south = site["South"]
    walk_in = rosters.Person(ids(1, start=650)[0], "Walk In", "Acme", on_roster=False)
    rosters.add_person(south.store, walk_in)
    south.sync()
    assert client.status(south.store.conn).refusals == []
    kinds = {row[4] for row in server_events(server.engine) if row[1] == south.device}
    assert "person.upserted" in kinds  # the walk-in went through (roster edits: tests/sync/test_trust.py)


def test_a_push_answer_closes_its_connection_where_processes_share_the_socket(
    database_url: str, tmp_path: Path
) -> None:
    """With several processes on one socket (``server --workers N``), each push answer ends its
    connection, so that the next batch can go to another process; one process keeps it open."""
    for close in (False, True):
        server = ServerThread(database_url, close_after_push=close)
        try:
            open_site(server.engine, ["North", "South"])
            station = enrol_station(tmp_path, server.engine, server.url, "South")
            device, credential = station.store.conn.execute(
                "SELECT device, credential FROM sync_state WHERE id = 1"
            ).fetchone()
            station.close()
            with httpx.Client(base_url=server.url, headers={"Authorization": f"Bearer {credential}"}) as http:
                body = {"protocol": PROTOCOL_VERSION, "device": device, "events": []}
                answers = [http.post("/v1/push", json=body) for _ in range(3)]
                feed = http.get("/v1/feed")
        finally:
            server.stop()
        assert [a.status_code for a in answers] == [200] * 3
        assert [a.headers.get("connection") == "close" for a in answers] == [close] * 3
        assert feed.status_code == 200 and feed.headers.get("connection") != "close"


def test_a_pull_runs_no_cycle_collection_and_leaves_the_collector_on(
    server: ServerThread, site: dict[str, Station], tmp_path: Path
) -> None:
    """A new laptop's first pull makes millions of objects that reference counting frees: each full
    collection they triggered walked every object of the process while holding the GIL."""
    south = site["South"]
    for person in ids(300):
        south.register(person)
    south.sync()
    fresh = enrol_station(tmp_path, server.engine, server.url, "East")
    collections: list[int] = []

    def counted(phase: str, info: dict[str, int]) -> None:
        if phase == "start":
            collections.append(info["generation"])

    # Counted as each page is applied: pages of 50 events, so a pull of many pages.
    between_pages: list[int] = []
    pages = dataclasses.replace(FAST, page=50)
    with client.Client(fresh.store, pages, progress=lambda _: between_pages.append(len(collections))) as c:
        c.handshake()
        threshold = gc.get_threshold()
        gc.set_threshold(50)  # a page of 50 events would set off several young collections
        gc.callbacks.append(counted)
        try:
            pulled, _ = c.pull()
        finally:
            gc.callbacks.remove(counted)
            gc.set_threshold(*threshold)
    fresh.close()
    assert pulled > 300 and len(between_pages) > 6
    assert len(set(between_pages)) == 1, between_pages
    assert gc.isenabled()


def test_a_pull_copies_its_log_into_the_database_once_at_the_end(
    server: ServerThread, site: dict[str, Station], tmp_path: Path
) -> None:
    """Each page is its own transaction: SQLite copied the log into the database every thousand
    pages written, and with them the same index pages over and over."""
    south = site["South"]
    for person in ids(300):
        south.register(person)
    south.sync()
    fresh = enrol_station(tmp_path, server.engine, server.url, "East")
    fresh.store.conn.execute("PRAGMA wal_autocheckpoint=10")  # as a page of a big site would
    sizes: list[int] = []  # of the database file, which grows only as the log is copied into it
    pages = dataclasses.replace(FAST, page=50)
    with client.Client(fresh.store, pages, progress=lambda _: sizes.append(fresh.path.stat().st_size)) as c:
        c.handshake()
        pulled, _ = c.pull()
    assert pulled > 300 and len(sizes) > 6
    assert len(set(sizes)) == 1, sizes
    assert fresh.path.stat().st_size > sizes[0]
    assert fresh.store.conn.execute("PRAGMA wal_autocheckpoint").fetchone()[0] == 10
    _, written, copied = fresh.store.conn.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchone()
    assert written == copied
    fresh.close()
