from __future__ import annotations

from pathlib import Path

import pytest

from registration.sampling import registrations, tubes
from registration.setup import campaign
from registration.storage import clock, events
from registration.storage.events import Event
from registration.storage.store import Store

from .ids import make_id


def _register_some(store: Store, count: int) -> None:
    tubes.open_tube(store, "TUBE00000001", checkpoint="North gate", round_name="R1", pool_size=20)
    for i in range(count):
        registrations.register(store, make_id(i), checkpoint="North gate", round_name="R1")


def test_every_event_has_an_outbox_row_with_its_sequence_number(store: Store) -> None:
    _register_some(store, 5)
    rows = store.conn.execute(
        "SELECT e.seq, o.seq FROM events e LEFT JOIN outbox o ON o.event_id = e.id ORDER BY e.seq"
    ).fetchall()
    assert [r[0] for r in rows] == list(range(1, len(rows) + 1))
    assert all(r[0] == r[1] for r in rows)


def test_event_ids_are_uuid7_and_hlc_grows(store: Store) -> None:
    _register_some(store, 5)
    rows = store.conn.execute("SELECT id, hlc FROM events ORDER BY seq").fetchall()
    assert all(r[0][14] == "7" for r in rows)
    stamps = [r[1] for r in rows]
    assert stamps == sorted(stamps) and len(set(stamps)) == len(stamps)


def test_the_clock_stays_monotonic_across_a_restart_with_the_wall_clock_behind(tmp_path: Path) -> None:
    path = tmp_path / "s.db"
    with Store(path) as store:
        campaign.init(store, "Park", ["A"])
        future = clock.Hlc(clock.now_ms() + 3_600_000, 0).encode()
        store.conn.execute("UPDATE device SET hlc = ?", (future,))
    with Store(path) as store:
        campaign.open_round(store, "R1")
        latest = store.conn.execute("SELECT max(hlc) FROM events").fetchone()[0]
    assert latest > future


def test_ingesting_twice_applies_once(store: Store, tmp_path: Path) -> None:
    with Store(tmp_path / "other.db") as other:
        campaign.init(other, "Torch Park", ["North gate", "South gate"])
        campaign.open_round(other, "R1")
        tubes.open_tube(other, "TUBE00000002", checkpoint="South gate", round_name="R1")
        registrations.register(other, make_id(1), checkpoint="South gate", round_name="R1")
        remote = [events.from_row(r) for r in other.conn.execute("SELECT * FROM events ORDER BY seq")]
    with store.write() as conn:
        first = [events.ingest(conn, e) for e in remote]
        second = [events.ingest(conn, e) for e in remote]
    assert any(first) and not any(second)
    assert store.conn.execute("SELECT count(*) FROM outbox").fetchone()[0] == len(
        store.conn.execute(
            "SELECT id FROM events WHERE device = ?", (events.device_id(store.conn),)
        ).fetchall()
    )
    outcome = registrations.register(store, make_id(1), checkpoint="North gate", round_name="R1")
    assert outcome.status is registrations.Status.ALREADY_REGISTERED
    assert outcome.previous is not None and outcome.previous["checkpoint"] == "South gate"


def test_reference_data_is_last_writer_wins(store: Store) -> None:
    device = events.device_id(store.conn)
    old = Event(
        clock.uuid7(), "zz-other", 1, clock.Hlc(1, 0).encode(), "round.opened", {"name": "R1", "pool_size": 5}
    )
    with store.write() as conn:
        events.ingest(conn, old)
    assert campaign.get_round(store.conn, "R1").pool_size == 10  # type: ignore[union-attr]
    newer = Event(
        clock.uuid7(),
        "zz-other",
        2,
        clock.Hlc(clock.now_ms() + 60_000, 0).encode(),
        "round.closed",
        {"name": "R1"},
    )
    with store.write() as conn:
        events.ingest(conn, newer)
    assert campaign.get_round(store.conn, "R1").status == "closed"  # type: ignore[union-attr]
    assert device != "zz-other"


def test_an_unknown_event_kind_from_a_newer_laptop_is_refused_not_stored_unapplied(store: Store) -> None:
    # The caller sets it aside with the reason (sync/apply.py): kept whole there, and shown.
    future = Event(clock.uuid7(), "zz-other", 1, clock.Hlc(1, 0).encode(), "hologram.scanned", {"x": 1})
    with pytest.raises(events.UnknownEventKind, match=r"hologram\.scanned"), store.write() as conn:
        events.ingest(conn, future)
    assert events.get(store.conn, future.id) is None
