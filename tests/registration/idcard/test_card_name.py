"""Who an ID card names: a roster person is registered as the roster names them; a person nobody
knows is registered on no roster with the card's name kept, which the recall list and the list of
people on no roster then show. The figures do not change."""

from __future__ import annotations

from typing import Any

import pytest

from registration.people.identity import mask_id
from registration.reports import reconcile, trace
from registration.sampling import registrations, tubes
from registration.sampling.registrations import Status
from registration.sampling.scanflow import Attempt, ScanFlow
from registration.setup import rosters
from registration.setup.rosters import Person
from registration.storage import bodies, events
from registration.storage.store import Store
from tests.registration.ids import make_id

GATE = "North gate"
TUBE = "TUBE00000001"


def _by_card(store: Store, person: str, name: str) -> registrations.Outcome:
    [(_, outcome)] = ScanFlow(GATE, "R1").scan(store, Attempt(person, source="idcard", name=name))
    return outcome


def _body(store: Store, event: str | None) -> dict[str, Any]:
    assert event is not None
    found = events.get(store.conn, event)
    assert found is not None
    return found.body


@pytest.fixture
def tube(store: Store) -> str:
    tubes.open_tube(store, TUBE, checkpoint=GATE, round_name="R1", pool_size=5)
    return TUBE


def test_a_person_nobody_knows_is_registered_with_the_cards_name_and_named_on_the_recall_list(
    store: Store, tube: str
) -> None:
    stranger = make_id(40)
    outcome = _by_card(store, stranger, "  赵\t六 ")
    assert outcome.status is Status.REGISTERED
    assert outcome.person == {"id_number": mask_id(stranger), "on_roster": False, "name": "赵 六"}
    body = _body(store, outcome.event)
    assert (body["card_name"], body["source"]) == ("赵 六", "idcard")
    assert bodies.validate("registration", body) is None

    [member] = trace.trace(store.conn, [tube])
    assert (member["name"], member["enterprise"], member["id_number"]) == ("赵 六", None, mask_id(stranger))
    answer = reconcile.reconcile(store.conn, "R1")
    assert answer["not_on_any_roster"] == 1 and answer["totals"]["tested"] == 0  # still on no roster
    [listed] = answer["not_on_any_roster_people"]
    assert (listed["name"], listed["id_number"], listed["tube"]) == ("赵 六", mask_id(stranger), tube)

    again = _by_card(store, stranger, "赵 六")
    assert again.status is Status.ALREADY_REGISTERED and again.person is not None
    assert again.person["name"] == "赵 六"


def test_a_roster_person_and_a_walk_in_keep_the_name_they_are_known_by(store: Store, tube: str) -> None:
    employee, walk_in = make_id(41), make_id(42)
    rosters.add_person(store, Person(employee, "钱七", "明泰包装"))
    rosters.add_person(store, Person(walk_in, "孙八", "明泰包装", on_roster=False))
    for person, known in ((employee, "钱七"), (walk_in, "孙八")):
        outcome = _by_card(store, person, "卡上的名字")
        assert outcome.status is Status.REGISTERED and outcome.person is not None
        assert outcome.person["name"] == known
        assert "card_name" not in _body(store, outcome.event)
    assert [m["name"] for m in trace.trace(store.conn, [tube])] == ["钱七", "孙八"]
    assert (
        store.conn.execute("SELECT count(*) FROM registrations WHERE card_name IS NOT NULL").fetchone()[0]
        == 0
    )


def test_a_scan_without_a_card_keeps_no_name(store: Store, tube: str) -> None:
    outcome = registrations.register(store, make_id(43), checkpoint=GATE, round_name="R1", name=" \t")
    assert outcome.status is Status.REGISTERED and outcome.person is not None
    assert "name" not in outcome.person and "card_name" not in _body(store, outcome.event)
    [listed] = reconcile.not_on_any_roster(store.conn, "R1")
    assert listed["name"] is None


@pytest.mark.parametrize(
    ("name", "problem"),
    [("赵\x00六", "control character"), ("x" * 65, "1 to 64 characters"), (" 赵六", "1 to 64 characters")],
)
def test_the_server_refuses_a_card_name_no_station_would_keep(name: str, problem: str) -> None:
    body = {
        "person": make_id(44),
        "card_name": name,
        "round": "R1",
        "checkpoint": GATE,
        "tube": TUBE,
        "position": 1,
        "colour": "unknown",
        "source": "idcard",
    }
    refused = bodies.validate("registration", body)
    assert refused is not None and "card_name" in refused and problem in refused


def test_a_name_longer_than_a_card_holds_is_cut_to_what_a_body_takes(store: Store, tube: str) -> None:
    outcome = _by_card(store, make_id(45), "长" * 70)
    assert _body(store, outcome.event)["card_name"] == "长" * 64
