from __future__ import annotations

import pytest

from registration.people.identity import mask_id
from registration.setup import campaign, exemptions, rosters
from registration.setup.campaign import CampaignError
from registration.setup.rosters import Person
from registration.storage import clock, events
from registration.storage.store import Store

from .ids import make_id


@pytest.fixture
def person(store: Store) -> str:
    rosters.add_person(store, Person(make_id(1), "张三", "明泰包装"))
    return make_id(1)


def _events(store: Store) -> int:
    return int(store.conn.execute("SELECT count(*) FROM events").fetchone()[0])


def test_an_exemption_is_set_per_round_with_its_reason_and_cleared(store: Store, person: str) -> None:
    campaign.open_round(store, "R2")
    exemption, changed = exemptions.set_exemption(store, person, "R1", "isolation")
    assert changed and (exemption.round, exemption.reason) == ("R1", "isolation")
    assert exemptions.get(store.conn, "R2", person) is None
    assert [e.view(store.conn) for e in exemptions.in_round(store.conn, "R1")] == [
        {
            "round": "R1",
            "id_number": mask_id(person),
            "name": "张三",
            "enterprise": "明泰包装",
            "reason": "isolation",
            "note": None,
        }
    ]
    before = _events(store)
    assert not exemptions.set_exemption(store, person, "R1", "isolation")[1]
    assert _events(store) == before
    assert exemptions.set_exemption(store, person, "R1", "away")[1]
    assert exemptions.clear_exemption(store, person, "R1").reason == "away"
    assert exemptions.in_round(store.conn, "R1") == []
    kinds = [
        r[0] for r in store.conn.execute("SELECT kind FROM events WHERE kind LIKE 'exemption.%' ORDER BY seq")
    ]
    assert kinds == ["exemption.set", "exemption.set", "exemption.cleared"]


def test_bad_requests_are_refused(store: Store, person: str) -> None:
    with pytest.raises(CampaignError, match="needs a note"):
        exemptions.set_exemption(store, person, "R1", "other")
    assert exemptions.set_exemption(store, person, "R1", "other", " 出差 ")[0].note == "出差"
    with pytest.raises(CampaignError, match="unknown exemption reason 'holiday'"):
        exemptions.set_exemption(store, person, "R1", "holiday")
    with pytest.raises(CampaignError, match="is on no roster"):
        exemptions.set_exemption(store, make_id(2), "R1", "away")
    with pytest.raises(CampaignError, match="unknown round 'R7'"):
        exemptions.set_exemption(store, person, "R7", "away")
    exemptions.clear_exemption(store, person, "R1")
    with pytest.raises(CampaignError, match="is not exempt in round R1"):
        exemptions.clear_exemption(store, person, "R1")


def test_a_clear_and_a_set_from_two_laptops_end_the_same_everywhere(store: Store, person: str) -> None:
    exemptions.set_exemption(store, person, "R1", "away")
    # A clear made earlier on another laptop arrives late: the later set stands.
    early = events.Event(
        clock.uuid7(),
        "laptop-2",
        1,
        clock.Hlc(1, 0).encode(),
        "exemption.cleared",
        {"round": "R1", "person": person},
    )
    with store.write() as conn:
        events.ingest(conn, early)
    assert exemptions.get(store.conn, "R1", person) is not None
    later = clock.Hlc(clock.now_ms() + 60_000, 0).encode()
    with store.write() as conn:
        events.ingest(
            conn,
            events.Event(
                clock.uuid7(), "laptop-2", 2, later, "exemption.cleared", {"round": "R1", "person": person}
            ),
        )
    assert exemptions.get(store.conn, "R1", person) is None
