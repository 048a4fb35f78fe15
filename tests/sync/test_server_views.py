"""What the server shows: reconciliation with the station's figures, a feed that never skips a
late commit, and sites kept apart."""

from __future__ import annotations

import threading
from pathlib import Path

import httpx

from registration.reports import reconcile
from registration.sampling import registrations
from registration.setup import rosters
from registration.storage import clock
from sync import enrolment
from sync.schema import WireEvent
from sync.server import db, eventlog
from sync.server.eventlog import Author
from tests.sync.harness import (
    ROUND,
    ServerThread,
    Station,
    assert_converged,
    ids,
    new_code,
    open_site,
    server_events,
    setup_round,
    sync_all,
)


def _server_reconciliation(server: ServerThread, station: Station) -> dict[str, object]:
    credential = station.store.conn.execute("SELECT credential FROM sync_state").fetchone()[0]
    answer = httpx.get(
        f"{server.url}/v1/rounds/{ROUND}/reconciliation", headers={"Authorization": f"Bearer {credential}"}
    )
    assert answer.status_code == 200, answer.text
    data: dict[str, object] = answer.json()
    return data


def test_server_reconciliation_equals_every_stations(server: ServerThread, site: dict[str, Station]) -> None:
    admin, south, east = site["admin"], site["South"], site["East"]
    people = ids(30, start=900)
    for n, person in enumerate(people[:24]):
        rosters.add_person(admin.store, rosters.Person(person, f"Worker {n}", ["Acme", "Bolt"][n % 2]))
    for person in people[:10]:
        south.register(person)
    for person in [*people[10:15], *people[25:]]:  # five walk-ins not on any roster
        east.register(person)
    sync_all(list(site.values()))
    figures = _server_reconciliation(server, south)
    for station in site.values():
        assert reconcile.reconcile(station.store.conn, ROUND) == figures
    assert figures["totals"]["tested"] == 15  # type: ignore[index]
    # The server's copy moves on with the feed: a void and more registrations show up.
    live = south.store.conn.execute(
        "SELECT event FROM registrations WHERE device = ? LIMIT 1", (south.device,)
    )
    registrations.void(south.store, live.fetchone()[0], "wrong person")
    for person in people[15:20]:
        east.register(person)
    sync_all(list(site.values()))
    figures = _server_reconciliation(server, east)
    assert figures["totals"]["tested"] == 19  # type: ignore[index]
    for station in site.values():
        assert reconcile.reconcile(station.store.conn, ROUND) == figures
    assert_converged(server.engine, list(site.values()))


def test_feed_never_skips_a_late_commit(server: ServerThread, site: dict[str, Station]) -> None:
    """Writers commit concurrently while a reader follows the feed; it sees every event once."""
    stations = [site["admin"], site["South"], site["East"]]
    authors = [
        Author(s.device, "Park", s.checkpoint, "admin" if s is site["admin"] else "station") for s in stations
    ]
    written: list[str] = []
    lock = threading.Lock()

    def write(author: Author) -> None:
        for batch in range(15):
            events = [
                WireEvent(
                    id=clock.uuid7(),
                    device=author.device,
                    seq=10_000 + batch * 20 + n,
                    hlc=clock.Hlc(clock.now_ms(), n).encode(),
                    kind="operator.added",
                    body={"name": f"op-{author.checkpoint}-{batch}-{n}"},
                )
                for n in range(20)
            ]
            eventlog.store_batch(server.engine, author, events, clock.now_ms())
            with lock:
                written.extend(e.id for e in events)

    seen: list[str] = []
    done = threading.Event()

    def read() -> None:
        after = 0
        while True:
            finished = done.is_set()
            with db.reading(server.engine) as conn:
                page = eventlog.feed(conn, "Park", "reader", after, 50, own=True)
            seen.extend(text.split('"id":"')[1][:36] for text in page.json_events)
            after = page.last_pos
            if finished and not page.more:
                return

    writers = [threading.Thread(target=write, args=(a,)) for a in authors]
    reader = threading.Thread(target=read)
    reader.start()
    for w in writers:
        w.start()
    for w in writers:
        w.join()
    done.set()
    reader.join(60)
    assert len(seen) == len(set(seen))
    assert set(written) <= set(seen)
    assert [row[0] for row in server_events(server.engine)] == seen


def test_sites_are_kept_apart(server: ServerThread, site: dict[str, Station], tmp_path: Path) -> None:
    open_site(server.engine, ["Gate 1"], site="Harbour")
    path = tmp_path / "harbour.db"
    enrolment.enroll(path, new_code(server.engine, server.url, "Gate 1", admin=True, site="Harbour"))
    harbour = Station(path, "Gate 1")
    setup_round(harbour)
    harbour.sync()
    for person in ids(5, start=3000):
        harbour.register(person)
    for person in ids(5, start=4000):
        site["South"].register(person)
    sync_all([*site.values(), harbour])
    assert harbour.all_events() == set(server_events(server.engine, "Harbour"))
    assert not harbour.all_events() & set(server_events(server.engine))
    assert_converged(server.engine, list(site.values()))
    assert_converged(server.engine, [harbour], site="Harbour")
    harbour.close()
