from __future__ import annotations

import pytest

from registration.sampling import handover, registrations, tubes
from registration.setup.campaign import CampaignError
from registration.storage import clock, events
from registration.storage.store import Store

from .ids import make_id

GATE = "North gate"


def _fill(store: Store, code: str, people: range, *, seal: bool = True) -> None:
    tubes.open_tube(store, code, checkpoint=GATE, round_name="R1", pool_size=10)
    for serial in people:
        registrations.register(store, make_id(serial), checkpoint=GATE, round_name="R1")
    tube = tubes.get(store.conn, code)
    if seal and tube is not None and not tube.sealed:
        tubes.seal(store, code)


def test_a_matching_count_records_the_handover_and_empties_the_list(store: Store) -> None:
    _fill(store, "TUBE00000001", range(10))
    _fill(store, "TUBE00000002", range(10, 13))
    _fill(store, "TUBE00000003", range(13, 15), seal=False)
    with store.read() as conn:
        assert [t.code for t in handover.due(conn, GATE)] == ["TUBE00000001", "TUBE00000002"]
    done = handover.hand_over(store, GATE, 2)
    assert (done.checkpoint, done.count, done.tubes) == (GATE, 2, ["TUBE00000001", "TUBE00000002"])
    recorded = events.get(store.conn, done.event)
    assert recorded is not None and recorded.kind == "handover.recorded"
    assert recorded.body == {"checkpoint": GATE, "count": 2, "tubes": ["TUBE00000001", "TUBE00000002"]}
    assert handover.due(store.conn, GATE) == []
    # The next handover counts only what was sealed since.
    tubes.seal(store, "TUBE00000003")
    assert [t.code for t in handover.due(store.conn, GATE)] == ["TUBE00000003"]


def test_a_mismatch_blocks_the_handover_and_lists_the_candidates(store: Store) -> None:
    _fill(store, "TUBE00000001", range(10))
    _fill(store, "TUBE00000002", range(10, 12))
    _fill(store, "TUBE00000003", range(12, 13), seal=False)
    before = store.conn.execute("SELECT count(*) FROM events").fetchone()[0]
    with pytest.raises(handover.HandoverMismatch) as caught:
        handover.hand_over(store, GATE, 3)
    assert str(caught.value).startswith(f"3 tubes in the box but 2 sealed at {GATE} since the last handover")
    assert [t.code for t in caught.value.due] == ["TUBE00000001", "TUBE00000002"]
    assert [t.code for t in caught.value.still_open] == ["TUBE00000003"]
    with pytest.raises(handover.HandoverMismatch):
        handover.hand_over(store, GATE, 1)
    assert store.conn.execute("SELECT count(*) FROM events").fetchone()[0] == before
    assert store.conn.execute("SELECT count(*) FROM handovers").fetchone()[0] == 0


def test_nothing_to_hand_over_and_bad_input_are_refused(store: Store) -> None:
    with pytest.raises(CampaignError, match="nothing to hand over"):
        handover.hand_over(store, GATE, 0)
    with pytest.raises(CampaignError, match="cannot be negative"):
        handover.hand_over(store, GATE, -1)
    with pytest.raises(CampaignError, match="unknown checkpoint 'Back door'"):
        handover.hand_over(store, "Back door", 1)


def test_tubes_sealed_on_another_laptop_at_the_checkpoint_are_due_and_a_handover_travels(
    store: Store,
) -> None:
    stamp = clock.Hlc(clock.now_ms(), 0)
    body = {"code": "TUBE00000009", "round": "R1", "checkpoint": GATE, "pool_size": 10}
    with store.write() as conn:
        events.ingest(conn, events.Event(clock.uuid7(), "laptop-2", 1, stamp.encode(), "tube.opened", body))
        sealed = {"code": "TUBE00000009", "reason": "full"}
        events.ingest(
            conn,
            events.Event(
                clock.uuid7(), "laptop-2", 2, stamp._replace(counter=1).encode(), "tube.sealed", sealed
            ),
        )
    assert [t.code for t in handover.due(store.conn, GATE)] == ["TUBE00000009"]
    # That laptop's handover of the same tube arrives too: both are kept, the tube is no longer due.
    done = handover.hand_over(store, GATE, 1)
    theirs = {"checkpoint": GATE, "count": 1, "tubes": ["TUBE00000009"]}
    with store.write() as conn:
        events.ingest(
            conn,
            events.Event(
                clock.uuid7(), "laptop-2", 3, stamp._replace(counter=2).encode(), "handover.recorded", theirs
            ),
        )
    rows = store.conn.execute("SELECT handover FROM handover_tubes WHERE tube = 'TUBE00000009'").fetchall()
    assert len(rows) == 2 and done.event in {r[0] for r in rows}
    assert handover.due(store.conn, GATE) == []


def test_a_scanned_box_names_the_missing_and_the_extra_tubes_and_records_nothing(store: Store) -> None:
    _fill(store, "TUBE00000001", range(10))
    _fill(store, "TUBE00000002", range(10, 12))
    _fill(store, "TUBE00000003", range(12, 14))
    handover.hand_over(store, GATE, 3)
    _fill(store, "TUBE00000004", range(14, 16))
    _fill(store, "TUBE00000005", range(16, 18))
    _fill(store, "TUBE00000006", range(18, 20))
    _fill(store, "TUBE00000007", range(20, 21), seal=False)
    before = store.conn.execute("SELECT count(*) FROM events").fetchone()[0]
    box = [
        "TUBE00000004",
        " TUBE00000006 ",
        "",
        "TUBE00000006",
        "TUBE00000007",
        "TUBE00000001",
        "TUBE99999999",
    ]
    with pytest.raises(handover.BoxMismatch) as caught:
        handover.hand_over_scanned(store, GATE, box)
    check = caught.value.check
    assert check.scanned == ["TUBE00000004", "TUBE00000006", "TUBE00000007", "TUBE00000001", "TUBE99999999"]
    assert [t.code for t in check.missing] == ["TUBE00000005"]
    assert [(e.code, e.reason.split(" at ")[0]) for e in check.extra] == [
        ("TUBE00000007", "still open: it goes in the next box"),
        ("TUBE00000001", "already handed over"),
        ("TUBE99999999", "unknown tube"),
    ]
    assert str(caught.value).startswith(
        f"the box does not match the tubes sealed at {GATE}: 1 missing from the box (TUBE00000005); "
        "3 not due here (TUBE00000007, TUBE00000001, TUBE99999999)"
    )
    assert store.conn.execute("SELECT count(*) FROM events").fetchone()[0] == before


def test_a_scanned_box_that_matches_is_recorded_in_the_order_sealed(store: Store) -> None:
    _fill(store, "TUBE00000001", range(3))
    _fill(store, "TUBE00000002", range(3, 5))
    done = handover.hand_over_scanned(store, GATE, ["TUBE00000002", "TUBE00000001"])
    assert (done.count, done.tubes) == (2, ["TUBE00000001", "TUBE00000002"])
    assert handover.due(store.conn, GATE) == []
    with pytest.raises(CampaignError, match="nothing to hand over"):
        handover.hand_over_scanned(store, GATE, [])


def test_a_tube_of_another_checkpoint_in_the_box_is_named(store: Store) -> None:
    _fill(store, "TUBE00000001", range(3))
    tubes.open_tube(store, "TUBE00000002", checkpoint="South gate", round_name="R1", pool_size=1)
    registrations.register(store, make_id(9), checkpoint="South gate", round_name="R1")
    with store.read() as conn:
        check = handover.check_box(conn, GATE, ["TUBE00000001", "TUBE00000002"])
    assert not check.missing and not check.matches
    assert check.extra == [handover.Extra("TUBE00000002", "sealed at South gate")]
