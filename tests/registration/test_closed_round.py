"""A closed round is reported as it stood when it closed; an open round is live."""

from __future__ import annotations

from typing import Any

from registration.reports import reconcile
from registration.sampling import registrations, tubes
from registration.setup import campaign, exemptions, rosters
from registration.setup.rosters import Person
from registration.storage import clock, events
from registration.storage.store import Store

from .ids import make_id

GATE = "North gate"
FIRM = "明泰包装"


def _setup(store: Store) -> list[str]:
    """Six on the roster, four registered (one voided before the close): three tested."""
    for n in range(6):
        rosters.add_person(store, Person(make_id(n), f"员工{n}", FIRM, "仓储部", f"1380013800{n}"))
    tubes.open_tube(store, "TUBE00000001", checkpoint=GATE, round_name="R1", pool_size=10)
    made = [
        registrations.register(store, make_id(n), checkpoint=GATE, round_name="R1").event for n in range(4)
    ]
    assert all(made)
    registrations.void(store, str(made[3]), "scanned twice by mistake")
    return [str(e) for e in made]


def _close_stamp(store: Store) -> clock.Hlc:
    row = store.conn.execute(
        "SELECT hlc FROM events WHERE kind = 'round.closed' ORDER BY hlc DESC"
    ).fetchone()
    return clock.Hlc.decode(row[0])


def _from_elsewhere(store: Store, stamp: clock.Hlc, seq: int, person: str, tube: str) -> None:
    """A registration made on an offline laptop at ``stamp``, arriving now."""
    body: dict[str, Any] = {
        "person": person,
        "raw_code": None,
        "round": "R1",
        "checkpoint": "South gate",
        "operator": None,
        "tube": tube,
        "position": 1,
        "colour": "green",
        "source": "scanner",
    }
    made = events.Event(
        clock.uuid7(stamp.wall_ms), "offline-laptop", seq, stamp.encode(), "registration", body
    )
    with store.write() as conn:
        events.ingest(conn, made)


def test_later_roster_edits_exemptions_and_voids_leave_a_closed_rounds_figures_as_they_stood(
    store: Store,
) -> None:
    made = _setup(store)
    before = reconcile.reconcile(store.conn, "R1")
    missing_before = reconcile.missing(store.conn, "R1")
    assert before["totals"]["tested"] == 3 and "as_of" not in before
    closed = campaign.close_round(store, "R1")

    # After the close: a tested person leaves, a newcomer joins, an exemption and a void arrive.
    rosters.remove_person(store, make_id(0))
    rosters.add_person(store, Person(make_id(50), "新员工", FIRM, "仓储部", "13900139000"))
    with store.write() as conn:
        exemptions_event = {"round": "R1", "person": make_id(4), "reason": "away", "note": None}
        events.record(conn, "exemption.set", exemptions_event)
    registrations.void(store, made[1], "found later to be wrong")

    after = reconcile.reconcile(store.conn, "R1")
    assert after["as_of"] == closed.closed_at and after["registered_after_close"] == 0
    assert {k: v for k, v in after.items() if k not in ("as_of", "registered_after_close")} == before
    # The person who left is still tested on the roster of the round, not a walk-in.
    assert after["enterprises"][0]["not_on_roster"] == 0
    assert reconcile.missing(store.conn, "R1") == missing_before
    assert reconcile.not_on_any_roster(store.conn, "R1") == []
    # The live tables did change: only the closed round's report stands still.
    assert exemptions.get(store.conn, "R1", make_id(4)) is not None


def test_a_registration_made_before_the_close_on_an_offline_laptop_counts_when_it_arrives(
    store: Store,
) -> None:
    _setup(store)
    campaign.close_round(store, "R1")
    close = _close_stamp(store)
    first = reconcile.reconcile(store.conn, "R1")
    _from_elsewhere(store, clock.Hlc(close.wall_ms - 60_000, 0), 1, make_id(4), "TUBE00000901")
    _from_elsewhere(store, clock.Hlc(close.wall_ms + 60_000, 0), 2, make_id(5), "TUBE00000902")
    late = reconcile.reconcile(store.conn, "R1")
    assert (first["totals"]["tested"], late["totals"]["tested"]) == (3, 4)
    assert late["registered_after_close"] == 1
    assert [p["name"] for p in reconcile.missing(store.conn, "R1")] == ["员工3", "员工5"]
    checkpoints = {c["checkpoint"]: c["registrations"] for c in late["checkpoints"]}
    assert checkpoints["South gate"] == 1


def test_an_open_round_is_live_and_reopening_makes_it_live_again(store: Store) -> None:
    _setup(store)
    rosters.remove_person(store, make_id(0))
    live = reconcile.reconcile(store.conn, "R1")
    assert "as_of" not in live and live["enterprises"][0]["not_on_roster"] == 1
    campaign.close_round(store, "R1")
    rosters.add_person(store, Person(make_id(0), "员工0", FIRM, "仓储部", "13800138000"))
    assert reconcile.reconcile(store.conn, "R1")["enterprises"][0]["not_on_roster"] == 1
    campaign.open_round(store, "R1", pool_size=10)
    reopened = reconcile.reconcile(store.conn, "R1")
    assert "as_of" not in reopened and reopened["enterprises"][0]["not_on_roster"] == 0
