from __future__ import annotations

from pathlib import Path

import pytest

from registration.sampling import registrations, tubes
from registration.sampling.registrations import Status
from registration.setup import campaign
from registration.setup.campaign import CampaignError
from registration.storage import events
from registration.storage.store import Store

from .ids import make_id

GATE = "North gate"


def _register(store: Store, serial: int, colour: str = "green") -> registrations.Outcome:
    return registrations.register(store, make_id(serial), checkpoint=GATE, round_name="R1", colour=colour)


def test_a_tube_fills_position_by_position_and_seals_itself(store: Store) -> None:
    tubes.open_tube(store, "TUBE00000001", checkpoint=GATE, round_name="R1", pool_size=3)
    answers = [_register(store, i).tube for i in range(3)]
    assert answers == [
        {"code": "TUBE00000001", "position": 1, "size": 3, "sealed": False},
        {"code": "TUBE00000001", "position": 2, "size": 3, "sealed": False},
        {"code": "TUBE00000001", "position": 3, "size": 3, "sealed": True},
    ]
    after = _register(store, 4)
    assert after.status is Status.REJECTED
    assert after.reason == "no tube is open: scan a tube barcode first"


def test_pool_size_defaults_to_the_rounds(store: Store) -> None:
    assert tubes.open_tube(store, "TUBE00000001", checkpoint=GATE, round_name="R1").size == 10


def test_early_seal_then_nothing_more_goes_in(store: Store) -> None:
    tubes.open_tube(store, "TUBE00000001", checkpoint=GATE, round_name="R1")
    _register(store, 1)
    sealed = tubes.seal(store)
    assert (sealed.sealed, sealed.filled) == (True, 1)
    with pytest.raises(CampaignError, match="already sealed"):
        tubes.seal(store, "TUBE00000001")
    assert _register(store, 2).status is Status.REJECTED


def test_an_empty_tube_cannot_be_sealed(store: Store) -> None:
    tubes.open_tube(store, "TUBE00000001", checkpoint=GATE, round_name="R1")
    with pytest.raises(CampaignError, match="empty"):
        tubes.seal(store)


def test_a_tube_code_is_never_reused(store: Store) -> None:
    tubes.open_tube(store, "TUBE00000001", checkpoint=GATE, round_name="R1", pool_size=1)
    _register(store, 1)
    campaign.open_round(store, "R2")
    with pytest.raises(CampaignError, match="never reused"):
        tubes.open_tube(store, "TUBE00000001", checkpoint=GATE, round_name="R2")


def test_a_second_pooled_tube_waits_for_the_first(store: Store) -> None:
    tubes.open_tube(store, "TUBE00000001", checkpoint=GATE, round_name="R1")
    _register(store, 1)
    with pytest.raises(CampaignError, match=r"TUBE00000001 is still open \(1/10\): seal it first"):
        tubes.open_tube(store, "TUBE00000002", checkpoint=GATE, round_name="R1")


def test_a_yellow_code_needs_a_single_tube_then_the_pooled_tube_resumes(store: Store) -> None:
    tubes.open_tube(store, "TUBE00000001", checkpoint=GATE, round_name="R1")
    _register(store, 1)
    refused = _register(store, 2, colour="yellow")
    assert refused.status is Status.REJECTED
    assert "single tube" in refused.reason
    tubes.open_tube(store, "SINGLE000001", checkpoint=GATE, round_name="R1", pool_size=1)
    alone = _register(store, 2, colour="yellow")
    assert alone.tube == {"code": "SINGLE000001", "position": 1, "size": 1, "sealed": True}
    assert _register(store, 3).tube == {"code": "TUBE00000001", "position": 2, "size": 10, "sealed": False}


def test_red_code_refused_from_pooled_tube(store: Store) -> None:
    tubes.open_tube(store, "TUBE00000001", checkpoint=GATE, round_name="R1")
    assert _register(store, 1, colour="red").status is Status.REJECTED
    assert store.conn.execute("SELECT count(*) FROM registrations").fetchone()[0] == 0


def test_tubes_need_an_open_round_and_a_known_checkpoint(store: Store) -> None:
    with pytest.raises(CampaignError, match="unknown checkpoint"):
        tubes.open_tube(store, "TUBE00000001", checkpoint="Roof", round_name="R1")
    campaign.close_round(store, "R1")
    with pytest.raises(CampaignError, match="closed"):
        tubes.open_tube(store, "TUBE00000001", checkpoint=GATE, round_name="R1")


def test_a_non_tube_code_cannot_open_a_tube(store: Store) -> None:
    with pytest.raises(CampaignError, match="not a tube barcode"):
        tubes.open_tube(store, make_id(1), checkpoint=GATE, round_name="R1")


def test_the_scan_path_opens_a_tube_from_its_barcode(store: Store) -> None:
    outcome = registrations.register(
        store, "TUBE00000009", checkpoint=GATE, round_name="R1", accept_tubes=True
    )
    assert outcome.status is Status.TUBE_OPENED
    assert outcome.tube == {"code": "TUBE00000009", "position": 0, "size": 10, "sealed": False}
    again = registrations.register(store, "TUBE00000009", checkpoint=GATE, round_name="R1", accept_tubes=True)
    assert again.status is Status.REJECTED and "never reused" in again.reason


def test_a_correction_puts_another_person_in_the_same_position_and_changes_nothing_else(store: Store) -> None:
    tubes.open_tube(store, "TUBE00000001", checkpoint=GATE, round_name="R1", pool_size=5)
    answers = [_register(store, i) for i in range(4)]
    fourth = answers[3].event
    assert fourth is not None
    corrected = registrations.correct(store, fourth, make_id(40), "the badge was someone else's")
    assert corrected.tube == {"code": "TUBE00000001", "position": 4}
    tube = tubes.get(store.conn, "TUBE00000001")
    assert tube is not None and (tube.filled, tube.size, tube.sealed) == (4, 5, False)
    assert [t.filled for t in tubes.open_tubes(store.conn)] == [4]
    held = [(r["position"], r["person"]) for r in tubes.members(store.conn, "TUBE00000001")]
    assert held == [(1, make_id(0)), (2, make_id(1)), (3, make_id(2)), (4, make_id(40))]
    assert [r["person"] for r in tubes.corrected_away(store.conn, "TUBE00000001")] == [make_id(3)]
    # The next registration takes the fifth and last position, and the tube seals itself.
    assert _register(store, 5).tube == {"code": "TUBE00000001", "position": 5, "size": 5, "sealed": True}


def test_a_correction_of_a_correction_still_fills_one_position(store: Store) -> None:
    tubes.open_tube(store, "TUBE00000001", checkpoint=GATE, round_name="R1", pool_size=3)
    first = _register(store, 1).event
    assert first is not None
    second = registrations.correct(store, first, make_id(2), "wrong badge").event
    assert second is not None
    registrations.correct(store, second, make_id(3), "wrong again")
    tube = tubes.get(store.conn, "TUBE00000001")
    assert tube is not None and tube.filled == 1
    assert [r["person"] for r in tubes.members(store.conn, "TUBE00000001")] == [make_id(3)]
    assert _register(store, 4).tube == {"code": "TUBE00000001", "position": 2, "size": 3, "sealed": False}


def test_a_correction_that_arrives_before_its_registration_still_takes_the_person_out(
    store: Store, tmp_path: Path
) -> None:
    tubes.open_tube(store, "TUBE00000001", checkpoint=GATE, round_name="R1", pool_size=3)
    original = _register(store, 1).event
    assert original is not None
    fixed = registrations.correct(store, original, make_id(2), "wrong badge").event
    assert fixed is not None
    made = [events.get(store.conn, e) for e in (original, fixed)]
    with Store(tmp_path / "other.db") as other:
        campaign.init(other, "Torch Park", [GATE])
        with other.write() as conn:
            for event in [
                *store.conn.execute("SELECT * FROM events WHERE kind LIKE 'tube.%' OR kind LIKE 'round.%'")
            ]:
                events.ingest(conn, events.from_row(event))
            for event in reversed(made):
                assert event is not None
                events.ingest(conn, event)
        row = other.conn.execute(
            "SELECT voided_by, void_reason FROM registrations WHERE event = ?", (original,)
        )
        assert tuple(row.fetchone()) == (fixed, "wrong badge")
        assert [r["person"] for r in tubes.members(other.conn, "TUBE00000001")] == [make_id(2)]
