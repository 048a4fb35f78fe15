"""One definition of the figures: a station, the server's API and the dashboard agree after every
batch of a campaign that closes rounds, reopens one, moves people and exempts and voids after a
close, takes late registrations from a laptop that was offline at the close, and corrects one
registration on two laptops apart; corrections converge to one person per tube position."""

from __future__ import annotations

import random
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine

from registration.reports import figures, reconcile
from registration.sampling import registrations
from registration.setup import campaign, enterprises, exemptions, rosters
from registration.setup.rosters import Person
from registration.storage import clock, events
from registration.storage.events import Event
from registration.storage.store import Store
from sync.apply import ingest_all
from sync.schema import WireEvent
from sync.server import campaigns, db, eventlog, folds, projection
from sync.server.dashboard import data
from sync.server.eventlog import Author
from tests.registration.ids import make_id
from tests.registration.test_reconcile import _registration as registration_body

SITE = "Park"
GATES = ["North", "South"]
FIRMS = ["A 包装", "B 医药", "C 物流"]


def _all_events(store: Store) -> list[Event]:
    rows = store.conn.execute("SELECT * FROM events ORDER BY device, seq")
    return [events.from_row(row) for row in rows]


def _pull(into: Store, source: Store) -> None:
    """What a laptop learns when it syncs: every event the other holds."""
    with into.write() as conn:
        ingest_all(conn, _all_events(source))


def _register(store: Store, round_name: str, gate: str, tube: str, people: list[str]) -> list[str]:
    with store.write() as conn:
        events.record(
            conn, "tube.opened", {"code": tube, "round": round_name, "checkpoint": gate, "pool_size": 10}
        )
        made = []
        for position, person in enumerate(people, start=1):
            body = registration_body(round_name, person, gate, tube, position)
            made.append(events.record(conn, "registration", body).id)
    return made


@contextmanager
def _laptop(path: Path, office: Store) -> Iterator[Store]:
    store = Store(path)
    campaign.init(store, "Torch Park", [], device_id=clock.uuid7())
    _pull(store, office)
    try:
        yield store
    finally:
        store.close()


def _history(tmp_path: Path, seed: int) -> tuple[list[Store], dict[str, Any]]:
    """Three laptops' events: the office, a station that syncs, a station offline at the close."""
    rng = random.Random(seed)
    office = Store(tmp_path / "office.db")
    campaign.init(office, "Torch Park", GATES)
    people = [make_id(n) for n in range(40)]
    for n, person in enumerate(people):
        rosters.add_person(office, Person(person, f"员工{n}", FIRMS[n % 3], phone="13800138000"))
    walk_in = make_id(90)
    rosters.add_person(office, Person(walk_in, "访客", FIRMS[0], on_roster=False))
    enterprises.set_enterprise(office, FIRMS[1], reported=20)
    for name in ("R1", "R2"):
        campaign.open_round(office, name, pool_size=10)
    stranger = make_id(99)
    notes: dict[str, Any] = {"setup": len(_all_events(office))}
    with _laptop(tmp_path / "north.db", office) as north, _laptop(tmp_path / "south.db", office) as south:
        tested = rng.sample(people, 24)
        north_regs = _register(north, "R1", "North", f"N1{seed}", [*tested[:9], stranger])
        south_regs = _register(
            south, "R1", "South", f"S1{seed}", tested[9:15]
        )  # offline until after the close
        _register(north, "R2", "North", f"N2{seed}", tested[15:24])
        _pull(office, north)
        # Two laptops correct one registration while apart, and a correction races a void.
        wrong, raced = north_regs[0], north_regs[1]
        registrations.correct(north, wrong, tested[20], "wrong card")
        registrations.correct(office, wrong, walk_in, "typed the walk-in")
        registrations.void(office, raced, "sample spilt")
        registrations.correct(north, raced, tested[21], "wrong card")
        campaign.close_round(office, "R1")
        # After the close: a move, an exemption, a void, a round closed and reopened.
        moved = tested[2]
        rosters.add_person(office, Person(moved, "员工moved", FIRMS[2], phone="13800138000"))
        untested = next(p for p in people if p not in tested)
        with office.write() as conn:
            events.record(
                conn, "exemption.set", {"person": untested, "round": "R1", "reason": "away", "note": None}
            )
        registrations.void(office, north_regs[3], "after the close")
        campaign.close_round(office, "R2")
        campaign.open_round(office, "R2", pool_size=10)
        # The offline station, not knowing R1 closed, goes on registering in it.
        late = _register(south, "R1", "South", f"S9{seed}", tested[15:18])
        _register(north, "R2", "North", f"N3{seed}", tested[:3])
        exemptions.set_exemption(office, people[-1], "R2", "isolation")
        notes.update(wrong=wrong, raced=raced, south_before=south_regs, south_after=late, moved=moved)
        laptops = [Store(tmp_path / "office.db"), Store(tmp_path / "north.db"), Store(tmp_path / "south.db")]
    office.close()
    return laptops, notes


def _open_site(engine: Engine) -> None:
    with db.writing(engine) as conn:
        campaigns.init_site(conn, SITE, GATES, "[A-Z][A-Z0-9]{2,15}", clock.now_ms())


def _store(engine: Engine, batch: list[Event]) -> None:
    author = Author(batch[0].device, SITE, GATES[0], "admin")
    wire = [
        WireEvent(id=e.id, device=e.device, seq=e.seq, hlc=e.hlc, kind=e.kind, body=e.body) for e in batch
    ]
    answers, _ = eventlog.store_batch(engine, author, wire, clock.now_ms())
    assert {a.status for a in answers} == {"stored"}, [a for a in answers if a.status != "stored"][:3]


def _batches(laptops: list[Store], setup: int, rng: random.Random) -> list[list[Event]]:
    """Each laptop's events in its own order, pushes of random size interleaved at random; the
    offline station's come last."""
    queues = [
        [e for e in _all_events(store) if e.device == events.device_id(store.conn)] for store in laptops
    ]
    offline = queues.pop()
    # The campaign's set-up reaches the server first, as the stations pulled it before they began.
    batches: list[list[Event]] = [queues[0][:setup]]
    del queues[0][:setup]
    while any(queues):
        queue = rng.choice([q for q in queues if q])
        size = rng.randint(1, 25)
        batches.append(queue[:size])
        del queue[:size]
    while offline:
        size = rng.randint(1, 4)
        batches.append(offline[:size])
        del offline[:size]
    return batches


def _dashboard(engine: Engine, folded: folds.Folds, round_name: str) -> dict[str, Any]:
    projection.catch_up(engine, site=SITE)
    with db.reading(engine) as conn:
        return data.snapshot(conn, SITE, round_name, clock.now_ms(), folded)


def _same(station: dict[str, Any], dashboard: dict[str, Any]) -> None:
    assert sorted(dashboard["enterprises"], key=lambda f: f["enterprise"]) == station["enterprises"]
    totals = {k: v for k, v in dashboard["totals"].items() if k in station["totals"]}
    assert totals == station["totals"]
    assert dashboard["totals"]["not_on_any_roster"] == station["not_on_any_roster"]
    assert dashboard.get("as_of") == station.get("as_of")
    assert dashboard.get("registered_after_close", 0) == station.get("registered_after_close", 0)
    assert [
        {k: v for k, v in gate.items() if k in ("checkpoint", "registrations", "tubes")}
        for gate in dashboard["checkpoints"]
    ] == station["checkpoints"]


def _live_positions(conn: sqlite3.Connection) -> list[tuple[str, int, int]]:
    return conn.execute(
        "SELECT tube, position, count(*) FROM registrations WHERE voided_by IS NULL "
        "GROUP BY tube, position HAVING count(*) > 1"
    ).fetchall()


@pytest.mark.parametrize("seed", [1, 2])
def test_station_server_and_dashboard_agree_after_every_batch(
    database_url: str, tmp_path: Path, seed: int
) -> None:
    rng = random.Random(seed)
    laptops, notes = _history(tmp_path, seed)
    mirror = Store(tmp_path / "mirror.db")  # a laptop that pulls exactly what the server holds
    campaign.init(mirror, "Torch Park", [], device_id="mirror")
    engine = db.open_engine(database_url)
    _open_site(engine)
    folded = folds.Folds(engine)
    try:
        for batch in _batches(laptops, notes["setup"], rng):
            _store(engine, batch)
            with mirror.write() as conn:
                ingest_all(conn, batch)
            for held in campaign.rounds(mirror.conn):
                station = reconcile.reconcile(mirror.conn, held.name)
                api = folded.reconcile(SITE, held.name)
                api.pop("set_aside", None)
                assert api == station
                _same(station, _dashboard(engine, folded, held.name))
                with db.reading(engine) as conn:
                    for firm in [None, *FIRMS]:
                        want = reconcile.missing(mirror.conn, held.name, firm, reveal=True)
                        assert data.missing(conn, SITE, held.name, firm, folded, reveal=True) == want

        r1 = reconcile.reconcile(mirror.conn, "R1")
        # The close holds R1 as it stood: the offline station's registrations made before it
        # count, those made after are said, not counted; the move and exemption after it change nothing.
        assert r1["as_of"] and r1["registered_after_close"] == len(notes["south_after"])
        assert reconcile.reconcile(mirror.conn, "R2").get("as_of") is None  # reopened: live again
        dashboard = _dashboard(engine, folded, "R1")
        assert dashboard["as_of"] == r1["as_of"]
        assert dashboard["registered_after_close"] == len(notes["south_after"])

        # Corrections converged: one person per tube position everywhere, the first claim holds.
        for store in [*laptops, mirror]:
            _pull(store, mirror)
            assert _live_positions(store.conn) == []
            for name in ("R1", "R2"):
                assert reconcile.reconcile(store.conn, name) == reconcile.reconcile(mirror.conn, name)
            holders = dict(
                store.conn.execute(
                    "SELECT event, voided_by FROM registrations WHERE event IN (?, ?)",
                    (notes["wrong"], notes["raced"]),
                ).fetchall()
            )
            assert holders == dict(
                mirror.conn.execute(
                    "SELECT event, voided_by FROM registrations WHERE event IN (?, ?)",
                    (notes["wrong"], notes["raced"]),
                ).fetchall()
            )
        # The claims that lost are kept aside, on the laptop that made them and on the server.
        aside = registrations.claims_set_aside(laptops[1].conn)
        # Of the two claims on each registration, the one stamped later is set aside (the two may
        # fall in one millisecond: the device id then decides).
        later = set()
        for target in (notes["wrong"], notes["raced"]):
            claims = mirror.conn.execute(
                "SELECT hlc || '.' || device, device FROM events WHERE json_extract(body, '$.corrects') = ? "
                "OR (kind = 'void' AND json_extract(body, '$.event') = ?)",
                (target, target),
            ).fetchall()
            assert len(claims) == 2
            later.add((target, max(tuple(claim) for claim in claims)[1]))
        assert {(a["target"], a["device"]) for a in aside} == later
        assert all(a["reason"] == figures.SET_ASIDE for a in aside)
        server_aside = {a["event"] for a in folded.reconcile(SITE, "R1").get("set_aside", [])}
        assert {a["event"] for a in aside} <= server_aside
    finally:
        folded.close()
        engine.dispose()
        mirror.close()
        for store in laptops:
            store.close()
