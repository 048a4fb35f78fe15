"""A cracked or mislabelled tube (条码转移): its people move, in their positions, to a new barcode in one
event; the old tube is broken for good; the new one is traced, filled, sealed and handed over in
its place; only its checkpoint or the office may move it."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from registration.errors import Reason
from registration.reports import office_views, reconcile, trace
from registration.sampling import boxes, handover, registrations, results, tubes
from registration.setup import campaign
from registration.setup.campaign import CampaignError
from registration.storage import clock, events
from registration.storage.authority import NotHere
from registration.storage.store import Store

from .ids import make_id
from .test_authority import enrol_as

GATE = "North gate"
OLD, NEW = "CRACKED00001", "FRESHTUBE001"


def _register(store: Store, serial: int) -> registrations.Outcome:
    outcome = registrations.register(store, make_id(serial), checkpoint=GATE, round_name="R1")
    assert outcome.status is registrations.Status.REGISTERED, outcome.reason
    return outcome


def _filled(store: Store, people: int = 4, pool_size: int = 10) -> list[registrations.Outcome]:
    tubes.open_tube(store, OLD, checkpoint=GATE, round_name="R1", pool_size=pool_size)
    return [_register(store, serial) for serial in range(1, people + 1)]


def _recall(store: Store, code: str) -> list[tuple[Any, ...]]:
    return [
        (line["position"], line["id_number"], line["voided"], line["at"])
        for line in trace.trace(store.conn, [code], reveal=True)
    ]


def test_the_people_move_in_their_positions_and_the_new_tube_takes_the_old_one_s_place(store: Store) -> None:
    made = _filled(store)
    registrations.void(store, str(made[1].event), "sample spilled")
    registrations.correct(store, str(made[2].event), make_id(30), "wrong card")
    before = _recall(store, OLD)
    away_before = [(a["position"], a["id_number"]) for a in trace.corrected_away(store.conn, [OLD])]
    figures_before = reconcile.reconcile(store.conn, "R1")

    moved = tubes.move(store, OLD, f" {NEW} ", "  cracked in the box ")
    assert (moved.old, moved.new, moved.reason, moved.people) == (OLD, NEW, "cracked in the box", 4)
    assert [e.kind for e in _own_events(store)][-1] == "tube.moved"
    # The recall list of the new tube is the old one's: same positions, people, voids and times.
    assert _recall(store, NEW) == before
    assert [(a["position"], a["id_number"]) for a in trace.corrected_away(store.conn, [NEW])] == away_before
    assert _recall(store, OLD) == before  # a recall naming the broken tube reaches its people
    # The figures stand; a person on no roster is now listed with the new tube.
    for person in figures_before["not_on_any_roster_people"]:
        person["tube"] = NEW
    assert reconcile.reconcile(store.conn, "R1") == figures_before
    broken, fresh = tubes.get(store.conn, OLD), tubes.get(store.conn, NEW)
    assert broken is not None and broken.moved_to == NEW
    assert fresh is not None and (fresh.round, fresh.checkpoint, fresh.size, fresh.filled, fresh.sealed) == (
        "R1",
        GATE,
        10,
        4,
        False,
    )
    # The laptop goes on filling the new tube: the next person takes position 5.
    assert _register(store, 5).tube == {"code": NEW, "position": 5, "size": 10, "sealed": False}
    assert [t.code for t in tubes.open_tubes(store.conn)] == [NEW]
    tubes.seal(store)
    assert [t.code for t in handover.due(store.conn, GATE)] == [NEW]
    check = handover.check_box(store.conn, GATE, [NEW, OLD])
    assert [(e.code, e.reason.key, e.reason.params) for e in check.extra] == [
        (OLD, "box.broken", {"new": NEW})
    ]
    assert handover.hand_over(store, GATE, 1).tubes == [NEW]


def test_tracing_the_broken_tube_lists_its_people_where_they_are_and_says_where_they_went(
    store: Store,
) -> None:
    _filled(store, people=3)
    before = _recall(store, OLD)
    tubes.move(store, OLD, NEW, "cracked")
    [hop] = trace.moved(store.conn, [OLD])
    assert hop == {"tube": OLD, "moved_to": NEW, "reason": "cracked", "at": hop["at"]} and hop["at"]
    assert {line["tube"] for line in trace.trace(store.conn, [OLD])} == {NEW}
    assert trace.moved(store.conn, [NEW]) == []
    # Both codes asked together: each person once.
    assert trace.trace(store.conn, [OLD, NEW]) == trace.trace(store.conn, [NEW])
    # Moved again: the old code still reaches them, each move said in order.
    tubes.move(store, NEW, "THIRDTUBE001", "wrong label")
    assert _recall(store, OLD) == before
    assert [(h["tube"], h["moved_to"], h["reason"]) for h in trace.moved(store.conn, [OLD, NEW])] == [
        (OLD, NEW, "cracked"),
        (NEW, "THIRDTUBE001", "wrong label"),
    ]


def test_a_lab_result_under_the_broken_code_is_recorded_for_its_people_s_tube_and_flagged(
    store: Store, tmp_path: Path
) -> None:
    _filled(store, people=2, pool_size=2)  # full, so sealed
    tubes.move(store, OLD, NEW, "wrong label")
    handover.hand_over(store, GATE, 1)
    lab = tmp_path / "lab.csv"
    lab.write_text(f"样本编号,检测结果\n{OLD},阳性\n", encoding="utf-8")
    assert office_views.preview_lab(store.conn, lab).matched == [(NEW, "positive")]
    report = results.import_lab(store, lab)
    assert (report.positive, report.changed, report.rejected) == ([NEW], 1, [])
    assert report.flagged == [{"row": 2, "tube": NEW, "reason": results.MOVED, "named": OLD}]
    assert _own_events(store)[-1].body == {"tube": NEW, "result": "positive"}
    assert results.positive_tubes(store.conn) == [NEW]
    assert [line[1] for line in _recall(store, NEW)] == [make_id(1), make_id(2)]
    # Two rows giving the same people two results, under either code, are refused as for one tube.
    lab.write_text(f"样本编号,检测结果\n{NEW},阴性\n{OLD},阳性\n", encoding="utf-8")
    report = results.import_lab(store, lab)
    assert report.rejected == [{"row": 3, "reason": Reason("result.conflicting_row", row=2)}]
    assert results.result_of(store.conn, NEW) == "negative"
    # Marked by hand under the old code: the same.
    assert results.set_result(store, OLD, "positive")
    assert (results.result_of(store.conn, NEW), results.result_of(store.conn, OLD)) == ("positive", None)


def test_a_result_the_broken_tube_had_before_its_move_still_recalls_its_people(store: Store) -> None:
    _filled(store, people=2)
    results.set_result(store, OLD, "positive")  # the office had not heard of the move yet
    tubes.move(store, OLD, NEW, "cracked")
    assert results.positive_tubes(store.conn) == [OLD]
    recall = trace.trace(store.conn, results.positive_tubes(store.conn), reveal=True)
    assert [(line["tube"], line["id_number"]) for line in recall] == [(NEW, make_id(1)), (NEW, make_id(2))]


def test_a_sealed_tube_moves_sealed_and_is_due_as_the_new_one(store: Store) -> None:
    _filled(store, people=3, pool_size=3)
    assert [t.code for t in handover.due(store.conn, GATE)] == [OLD]
    moved = tubes.move(store, OLD, NEW, "wrong label")
    assert moved.tube.sealed
    assert [t.code for t in handover.due(store.conn, GATE)] == [NEW]
    assert handover.still_open(store.conn, GATE) == []


def test_the_broken_tube_is_never_used_again(store: Store) -> None:
    _filled(store, people=2)
    tubes.move(store, OLD, NEW, "cracked")
    for attempt in (
        lambda: tubes.open_tube(store, OLD, checkpoint=GATE, round_name="R1"),
        lambda: tubes.seal(store, OLD),
        lambda: tubes.move(store, OLD, "ANOTHERTUBE1", "cracked again"),
        lambda: tubes.move(store, "ANOTHERTUBE1", OLD, "back"),
    ):
        with pytest.raises(CampaignError) as refused:
            attempt()
        assert refused.value.reason.key in ("tube.broken", "tube.unknown")
    with pytest.raises(CampaignError) as refused:
        tubes.open_tube(store, OLD, checkpoint=GATE, round_name="R1")
    assert refused.value.reason.key == "tube.broken"
    assert refused.value.reason.params == {"tube": OLD, "new": NEW}
    # Scanning the broken tube at the station refuses it the same way, registering nobody.
    scanned = registrations.register(store, OLD, checkpoint=GATE, round_name="R1", accept_tubes=True)
    assert scanned.status is registrations.Status.REJECTED and scanned.reason.key == "tube.broken"


@pytest.mark.parametrize(
    ("new", "reason", "key"),
    [
        (NEW, " ", "tube.move_reason"),
        (OLD, "cracked", "tube.move_same"),
        ("not a tube!", "cracked", "tube.not_a_tube"),
        ("USEDTUBE0001", "cracked", "tube.used"),
    ],
)
def test_a_move_that_makes_no_sense_is_refused_and_changes_nothing(
    store: Store, new: str, reason: str, key: str
) -> None:
    _filled(store, people=2)
    tubes.open_tube(store, "USEDTUBE0001", checkpoint=GATE, round_name="R1", pool_size=1)
    held = len(_own_events(store))
    with pytest.raises(CampaignError) as refused:
        tubes.move(store, OLD, new, reason)
    assert refused.value.reason.key == key
    assert len(_own_events(store)) == held
    kept = tubes.get(store.conn, OLD)
    assert kept is not None and kept.moved_to is None and len(_recall(store, OLD)) == 2


def test_an_unknown_or_handed_over_tube_is_not_moved(store: Store) -> None:
    with pytest.raises(CampaignError) as refused:
        tubes.move(store, "NOSUCHTUBE01", NEW, "cracked")
    assert refused.value.reason.key == "tube.unknown"
    _filled(store, people=1, pool_size=1)
    handover.hand_over(store, GATE, 1)
    with pytest.raises(CampaignError) as refused:
        tubes.move(store, OLD, NEW, "cracked at the lab")
    assert refused.value.reason.key == "tube.move_handed_over"


def test_a_tube_that_cracks_in_its_box_leaves_its_place_there_to_the_new_one(
    store: Store, tmp_path: Path
) -> None:
    _filled(store, people=3, pool_size=3)
    boxes.open_box(store, "BOX0000001", GATE)
    boxes.add_tubes(store, "BOX0000001", [OLD])
    tubes.move(store, OLD, NEW, "cracked in the box")
    assert (boxes.holding(store.conn, OLD), boxes.holding(store.conn, NEW)) == ([], ["BOX0000001"])
    boxes.seal_box(store, "BOX0000001", count=1)
    assert boxes.hand_over_box(store, GATE, "BOX0000001").tubes == [NEW]
    assert handover.due(store.conn, GATE) == []
    # A laptop that learns of the move before the boxing has the new tube in the box too.
    made = _own_events(store)
    with Store(tmp_path / "other.db") as other:
        campaign.init(other, "Torch Park", [], device_id=clock.uuid7())
        with other.write() as conn:
            events.ingest_many(conn, sorted(made, key=lambda e: e.kind == "box.filled"))
        box = boxes.get(other.conn, "BOX0000001")
        assert box is not None and box.tubes == (NEW,)


def test_only_the_tube_s_checkpoint_or_the_office_moves_it(store: Store) -> None:
    _filled(store, people=2)
    enrol_as(store, "station", "South gate")
    with pytest.raises(NotHere):
        tubes.move(store, OLD, NEW, "cracked")
    with store.write() as conn:
        conn.execute("UPDATE sync_state SET checkpoint = ?", (GATE,))
    assert tubes.move(store, OLD, NEW, "cracked").people == 2
    with store.write() as conn:
        conn.execute("UPDATE sync_state SET role = 'admin', checkpoint = ''")
    assert tubes.move(store, NEW, "THIRDTUBE001", "cracked again").people == 2


def test_a_registration_into_the_old_tube_arriving_after_the_move_lands_in_the_new_one(store: Store) -> None:
    _filled(store, people=2)
    late = events.Event(
        clock.uuid7(),
        "laptop-2",
        1,
        clock.Hlc(clock.now_ms(), 0).encode(),
        "registration",
        {
            "person": make_id(77),
            "round": "R1",
            "checkpoint": GATE,
            "tube": OLD,
            "position": 3,
            "colour": "green",
            "source": "scanner",
        },
    )
    tubes.move(store, OLD, NEW, "cracked")
    with store.write() as conn:
        events.ingest(conn, late)
    assert [line[:2] for line in _recall(store, NEW)] == [(1, make_id(1)), (2, make_id(2)), (3, make_id(77))]


def test_a_move_whose_tube_never_arrived_is_set_aside_not_half_applied(store: Store) -> None:
    from sync.apply import ingest_all

    orphan = events.Event(
        clock.uuid7(),
        "laptop-2",
        1,
        clock.Hlc(clock.now_ms(), 0).encode(),
        "tube.moved",
        {"old": "NEVERSEEN001", "new": NEW, "reason": "cracked", "checkpoint": GATE},
    )
    with store.write() as conn:
        applied, failed = ingest_all(conn, [orphan])
    assert applied == 0 and [event.id for event, _ in failed] == [orphan.id]
    assert tubes.get(store.conn, NEW) is None


def _own_events(store: Store) -> list[events.Event]:
    return [events.from_row(r) for r in store.conn.execute("SELECT * FROM events ORDER BY seq")]
