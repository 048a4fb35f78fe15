from __future__ import annotations

import pytest

from registration.people import keys, personcodes
from registration.sampling import registrations, tubes
from registration.sampling.registrations import Status
from registration.setup import campaign
from registration.setup.campaign import CampaignError
from registration.storage.store import Store

from .ids import make_id

GATE = "North gate"


@pytest.fixture
def tube(store: Store) -> tubes.Tube:
    return tubes.open_tube(store, "TUBE00000001", checkpoint=GATE, round_name="R1")


def _register(store: Store, text: str, **kw: str) -> registrations.Outcome:
    return registrations.register(store, text, checkpoint=GATE, round_name="R1", **kw)


def test_a_registration_is_recorded_with_everything_the_recall_needs(store: Store, tube: tubes.Tube) -> None:
    outcome = _register(store, make_id(1), operator="Li", colour="green", source="camera")
    assert outcome.status is Status.REGISTERED and outcome.event
    row = store.conn.execute("SELECT * FROM registrations WHERE event = ?", (outcome.event,)).fetchone()
    assert (row["person"], row["round"], row["checkpoint"], row["operator"]) == (make_id(1), "R1", GATE, "Li")
    assert (row["tube"], row["position"], row["colour"], row["source"]) == (
        "TUBE00000001",
        1,
        "green",
        "camera",
    )
    assert row["at"] and row["device"]


def test_the_answer_masks_the_id_number(store: Store, tube: tubes.Tube) -> None:
    outcome = _register(store, make_id(1))
    assert outcome.person == {"id_number": make_id(1)[:4] + "*" * 10 + make_id(1)[-4:], "on_roster": False}
    assert make_id(1) not in str(outcome.to_json())


def test_the_roster_name_is_shown_when_known(store: Store, tube: tubes.Tube) -> None:
    store.conn.execute(
        "INSERT INTO people (id_number, name, enterprise, version) VALUES (?, '张三', '明泰包装', '0')",
        (make_id(1),),
    )
    assert _register(store, make_id(1)).person == {
        "id_number": "4401**********" + make_id(1)[-4:],
        "on_roster": True,
        "name": "张三",
        "enterprise": "明泰包装",
        "department": None,
    }


def test_a_second_scan_in_the_round_registers_nothing_and_says_where_and_when(
    store: Store, tube: tubes.Tube
) -> None:
    first = _register(store, make_id(1))
    again = _register(store, make_id(1))
    assert again.status is Status.ALREADY_REGISTERED and again.event is None
    assert again.previous is not None
    assert (again.previous["event"], again.previous["checkpoint"]) == (first.event, GATE)
    assert again.reason.startswith(f"already registered at {GATE} at ")
    assert store.conn.execute("SELECT count(*) FROM registrations").fetchone()[0] == 1


def test_the_same_person_registers_again_in_the_next_round(store: Store, tube: tubes.Tube) -> None:
    _register(store, make_id(1))
    campaign.open_round(store, "R2")
    tubes.open_tube(store, "TUBE00000002", checkpoint=GATE, round_name="R2")
    again = registrations.register(store, make_id(1), checkpoint=GATE, round_name="R2")
    assert again.status is Status.REGISTERED


def test_a_person_code_registers_its_person(store: Store, tube: tubes.Tube) -> None:
    key = keys.create_campaign_key(store)
    outcome = _register(store, personcodes.sign(key, make_id(5)))
    assert (outcome.status, outcome.kind) == (Status.REGISTERED, "person_code")
    assert store.conn.execute("SELECT person FROM registrations").fetchone()[0] == make_id(5)


def test_a_foreign_health_code_needs_the_persons_identity(store: Store, tube: tubes.Tube) -> None:
    code = "https://health.example.org/qr/8f1c2b7a9e"
    asked = _register(store, code)
    assert asked.status is Status.NEEDS_IDENTITY and asked.raw_code == code and asked.event is None
    done = _register(store, code, identity=make_id(3))
    assert done.status is Status.REGISTERED
    row = store.conn.execute("SELECT person, raw_code FROM registrations").fetchone()
    assert tuple(row) == (make_id(3), code)
    assert _register(store, code, identity="not an id").status is Status.REJECTED


@pytest.mark.parametrize(
    ("kw", "reason"),
    [
        ({"checkpoint": "Roof"}, "unknown checkpoint 'Roof'"),
        ({"round_name": "R9"}, "unknown round 'R9'"),
    ],
)
def test_unknown_places_are_rejected(store: Store, tube: tubes.Tube, kw: dict[str, str], reason: str) -> None:
    args = {"checkpoint": GATE, "round_name": "R1"} | kw
    outcome = registrations.register(store, make_id(1), **args)
    assert outcome.status is Status.REJECTED and outcome.reason.startswith(reason)


def test_a_closed_round_takes_no_registration(store: Store, tube: tubes.Tube) -> None:
    campaign.close_round(store, "R1")
    assert _register(store, make_id(1)).reason == "round 'R1' is closed"


def test_a_tube_barcode_is_not_a_person(store: Store, tube: tubes.Tube) -> None:
    outcome = _register(store, "TUBE00000002")
    assert outcome.status is Status.REJECTED and "tube barcode" in outcome.reason


def test_a_void_is_an_event_and_frees_the_person_but_not_the_position(store: Store, tube: tubes.Tube) -> None:
    first = _register(store, make_id(1))
    assert first.event
    void = registrations.void(store, first.event, "wrong person scanned")
    row = store.conn.execute(
        "SELECT voided_by, void_reason FROM registrations WHERE event = ?", (first.event,)
    )
    assert tuple(row.fetchone()) == (void.id, "wrong person scanned")
    again = _register(store, make_id(1))
    assert again.status is Status.REGISTERED and again.tube is not None and again.tube["position"] == 2
    with pytest.raises(CampaignError, match="already voided"):
        registrations.void(store, first.event, "twice")
    with pytest.raises(CampaignError, match="needs a reason"):
        registrations.void(store, again.event or "", "  ")


def test_a_correction_takes_the_original_position_and_voids_it(store: Store, tube: tubes.Tube) -> None:
    wrong = _register(store, make_id(1))
    assert wrong.event
    fixed = registrations.correct(store, wrong.event, make_id(2), "scanned the neighbour's phone")
    rows = store.conn.execute(
        "SELECT event, person, position, voided_by, corrects FROM registrations ORDER BY at"
    )
    by_event = {r["event"]: r for r in rows}
    assert by_event[wrong.event]["voided_by"] == fixed.event
    assert by_event[fixed.event]["person"] == make_id(2)
    assert by_event[fixed.event]["position"] == 1 and by_event[fixed.event]["corrects"] == wrong.event


def test_a_correction_never_names_someone_registered_this_round(store: Store, tube: tubes.Tube) -> None:
    """Correcting to a person registered elsewhere this round counted them in two tubes."""
    first, wrong = _register(store, make_id(1)), _register(store, make_id(2))
    assert first.event and wrong.event
    before = store.conn.execute("SELECT count(*) FROM events").fetchone()[0]
    with pytest.raises(CampaignError, match="registered this round already") as already:
        registrations.correct(store, wrong.event, make_id(1), "scanned the neighbour's phone")
    assert already.value.reason.params["tube"] == tube.code
    with pytest.raises(CampaignError, match="names that person already"):
        registrations.correct(store, wrong.event, make_id(2), "no change")
    assert store.conn.execute("SELECT count(*) FROM events").fetchone()[0] == before
    registrations.void(store, first.event, "registered twice")  # then the correction may name them
    assert registrations.correct(store, wrong.event, make_id(1), "the right one").status is Status.REGISTERED


def test_a_rejected_scan_writes_nothing(store: Store, tube: tubes.Tube) -> None:
    before = store.conn.execute("SELECT count(*) FROM events").fetchone()[0]
    for bad in ["110105194912310021", "'; DROP TABLE events; --", "\x00\x01", "x" * 5000]:
        assert _register(store, bad).status is Status.REJECTED
    assert store.conn.execute("SELECT count(*) FROM events").fetchone()[0] == before


def test_unknown_colour_or_source_is_rejected(store: Store, tube: tubes.Tube) -> None:
    assert _register(store, make_id(1), colour="purple").status is Status.REJECTED
    assert _register(store, make_id(1), source="telepathy").status is Status.REJECTED
