"""The dashboard's projection equals the server's reconciliation (registration/reports/reconcile.py over
a fold of the site) after every batch, whatever order the laptops' events arrive in."""

from __future__ import annotations

import json
import random
from typing import Any

import pytest
from sqlalchemy import Engine

from registration.reports import reconcile
from registration.setup import campaign, exemptions, rosters
from registration.setup.rosters import Person
from registration.storage import clock, events
from registration.storage.store import Store
from sync.schema import WireEvent
from sync.server import campaigns, db, eventlog, folds, projection
from sync.server.dashboard import data
from sync.server.eventlog import Author
from tests.registration.test_reconcile import FIRMS, GATES, ROUNDS, generate
from tests.sync.harness import correct_unless_registered, server_events

SITE = "Park"


def _station(path: Any) -> Store:
    store = Store(path)
    campaign.init(store, "Torch Park", GATES)
    campaign.open_round(store, "R1", pool_size=10)
    return store


def _station_events(store: Store) -> list[dict[str, Any]]:
    rows = store.conn.execute("SELECT id, device, seq, hlc, kind, body FROM events ORDER BY device, seq")
    return [
        {"site": SITE, "id": r[0], "device": r[1], "seq": r[2], "hlc": r[3], "kind": r[4], "body": r[5]}
        for r in rows
    ]


def _late_moves(store: Store, rng: random.Random) -> None:
    """People change enterprise or leave the roster after they were tested; exemptions come late."""
    people = rosters.on_roster(store.conn)
    with store.write() as conn:
        for person in rng.sample(people, 8):
            moved = Person(person.id_number, person.name, rng.choice(FIRMS), on_roster=rng.random() < 0.5)
            events.record(conn, "person.upserted", moved.body())
    for person in rng.sample(people, 6):
        exemptions.set_exemption(store, person.id_number, rng.choice(ROUNDS), "away")
    live = store.conn.execute(
        "SELECT event FROM registrations WHERE voided_by IS NULL AND device = ? ORDER BY event",
        (events.device_id(store.conn),),
    ).fetchall()
    for (event_id,) in rng.sample(live, 4):
        correct_unless_registered(store, event_id, rng.choice(people).id_number, "wrong person")


def _deliver(engine: Engine, rows: list[dict[str, Any]], rng: random.Random) -> list[list[dict[str, Any]]]:
    """The other laptop's events arrive late, the rest in batches of random size."""
    late = [r for r in rows if r["device"] == "laptop-2"]
    rest = [r for r in rows if r["device"] != "laptop-2"]
    batches: list[list[dict[str, Any]]] = []
    for ordered in (rest, late):  # a batch holds one device's events, as a push does
        while ordered:
            size = rng.randint(1, 60)
            batches.append(ordered[:size])
            ordered = ordered[size:]
    return batches


def _open_site(engine: Engine) -> None:
    with db.writing(engine) as conn:
        campaigns.init_site(conn, SITE, GATES, "[A-Z][A-Z0-9]{2,15}", clock.now_ms())


def _store(engine: Engine, batch: list[dict[str, Any]]) -> None:
    """Through the server's own store path, as pushed by an administrator's laptop."""
    author = Author(batch[0]["device"], SITE, GATES[0], "admin")
    wire = [
        WireEvent(
            id=r["id"],
            device=r["device"],
            seq=r["seq"],
            hlc=r["hlc"],
            kind=r["kind"],
            body=json.loads(r["body"]),
        )
        for r in batch
    ]
    answers, _ = eventlog.store_batch(engine, author, wire, clock.now_ms())
    assert {a.status for a in answers} == {"stored"}, [a for a in answers if a.status != "stored"][:3]


def _projected(engine: Engine, round_name: str) -> dict[str, Any]:
    projection.catch_up(engine, site=SITE)  # as every reader of the projection does first
    with db.reading(engine) as conn:
        return projection.reconciliation(conn, SITE, round_name)


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_projection_equals_reconciliation_after_every_batch(
    database_url: str, tmp_path: Any, seed: int
) -> None:
    rng = random.Random(seed)
    store = _station(tmp_path / "station.db")
    generate(store, seed)
    _late_moves(store, rng)
    engine = db.open_engine(database_url)
    _open_site(engine)
    folded = folds.Folds(engine)
    try:
        for n, batch in enumerate(_deliver(engine, _station_events(store), rng)):
            _store(engine, batch)
            if n % 5 == 0 or batch[0]["device"] == "laptop-2":
                for round_name in ROUNDS:
                    try:
                        want = folded.reconcile(SITE, round_name)
                    except reconcile.CampaignError:
                        with pytest.raises(LookupError):
                            _projected(engine, round_name)
                        continue
                    assert _projected(engine, round_name) == want
        for round_name in ROUNDS:
            figures = _projected(engine, round_name)
            assert figures == folded.reconcile(SITE, round_name)
            assert figures == reconcile.reconcile(store.conn, round_name)
            assert figures["totals"]["tested"] > 0
            with db.reading(engine) as conn:
                for firm in [None, *FIRMS]:
                    listed = data.missing(conn, SITE, round_name, firm, folded)
                    assert listed == reconcile.missing(store.conn, round_name, firm)
                    revealed = data.missing(conn, SITE, round_name, firm, folded, reveal=True)
                    assert revealed == reconcile.missing(store.conn, round_name, firm, reveal=True)
    finally:
        folded.close()
        engine.dispose()
        store.close()


def test_catch_up_projects_events_stored_before_the_projection(database_url: str, tmp_path: Any) -> None:
    store = _station(tmp_path / "station.db")
    generate(store, 7)
    engine = db.open_engine(database_url)
    _open_site(engine)
    for batch in _deliver(engine, _station_events(store), random.Random(7)):
        _store(engine, batch)
    with db.writing(engine) as conn:
        for table in projection.TABLES:
            conn.execute(table.delete())
    assert projection.catch_up(engine, page=37) == len(server_events(engine, SITE))
    for round_name in ROUNDS:
        assert _projected(engine, round_name) == reconcile.reconcile(store.conn, round_name)
    assert projection.catch_up(engine) == 0
    engine.dispose()
    store.close()
