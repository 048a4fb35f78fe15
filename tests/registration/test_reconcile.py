from __future__ import annotations

import itertools
import random
import sqlite3
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from registration.people import identity
from registration.reports import reconcile, reconcile_export
from registration.sampling import registrations
from registration.setup import campaign, enterprises, exemptions, rosters
from registration.setup.campaign import CampaignError
from registration.setup.rosters import Person
from registration.storage import clock, events
from registration.storage.store import Store

from .ids import make_id

FIRMS = ["明泰包装", "永泰医药", "瑞源物流", "德泰新材料"]
GATES = ["North gate", "South gate"]
ROUNDS = ["R1", "R2"]


@dataclass
class Campaign:
    """What the test made happen, kept apart from the database so the expected figures are independent."""

    firm_of: dict[str, str] = field(default_factory=dict)
    on_roster: set[str] = field(default_factory=set)
    reported: dict[str, int] = field(default_factory=dict)
    live: list[tuple[str, str, str, str]] = field(default_factory=list)  # round, person, checkpoint, tube
    tubes: set[tuple[str, str, str]] = field(default_factory=set)  # round, checkpoint, code
    exempt: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))


def _registration(round_name: str, person: str, gate: str, tube: str, position: int) -> dict[str, Any]:
    return {
        "person": person,
        "raw_code": None,
        "round": round_name,
        "checkpoint": gate,
        "operator": None,
        "tube": tube,
        "position": position,
        "colour": "green",
        "source": "scanner",
    }


def _open(conn: sqlite3.Connection, made: Campaign, round_name: str, gate: str, code: str) -> None:
    events.record(
        conn, "tube.opened", {"code": code, "round": round_name, "checkpoint": gate, "pool_size": 10}
    )
    made.tubes.add((round_name, gate, code))


def generate(store: Store, seed: int) -> Campaign:
    rng = random.Random(seed)
    made = Campaign()
    campaign.open_round(store, "R2")
    serials = iter(range(10_000))
    for _ in range(60):
        number = make_id(next(serials))
        made.firm_of[number] = rng.choice(FIRMS)
        made.on_roster.add(number)
        rosters.add_person(
            store, Person(number, f"员工{number[-4:]}", made.firm_of[number], phone="13800138000")
        )
    for _ in range(6):
        number = make_id(next(serials))
        made.firm_of[number] = rng.choice(FIRMS)
        rosters.add_person(store, Person(number, f"访客{number[-4:]}", made.firm_of[number], on_roster=False))
    strangers = [make_id(next(serials)) for _ in range(5)]
    other_laptop = itertools.count(1)
    for firm in [*rng.sample(FIRMS, 2), "只报了人数的企业"]:
        made.reported[firm] = rng.randint(10, 30)
        enterprises.set_enterprise(store, firm, reported=made.reported[firm])
    for round_name in ROUNDS:
        everyone = sorted(made.firm_of) + strangers
        tested = rng.sample(everyone, rng.randint(20, len(everyone)))
        voided: list[str] = []
        with store.write() as conn:
            filled: Counter[str] = Counter()
            for person in tested:
                gate = rng.choice(GATES)
                tube = f"T{round_name}{GATES.index(gate)}{filled[gate] // 10:04d}"
                if filled[gate] % 10 == 0:
                    _open(conn, made, round_name, gate, tube)
                filled[gate] += 1
                body = _registration(round_name, person, gate, tube, filled[gate] % 10 or 10)
                event = events.record(conn, "registration", body)
                if rng.random() < 0.1:
                    voided.append(event.id)
                else:
                    made.live.append((round_name, person, gate, tube))
            # An empty tube still counts as opened; the same people registered again on another laptop
            # while offline arrive later.
            _open(conn, made, round_name, GATES[0], f"E{round_name}{seed}")
            _open(conn, made, round_name, GATES[1], f"X{round_name}{seed}")
            for n, person in enumerate(rng.sample(tested, 5)):
                stamp = clock.Hlc(clock.now_ms(), n).encode()
                body = _registration(round_name, person, GATES[1], f"X{round_name}{seed}", n + 1)
                events.ingest(
                    conn,
                    events.Event(clock.uuid7(), "laptop-2", next(other_laptop), stamp, "registration", body),
                )
                made.live.append((round_name, person, GATES[1], f"X{round_name}{seed}"))
        for event_id in voided:
            registrations.void(store, event_id, "wrong person")
        for person in rng.sample(sorted(made.on_roster), 12):
            exemptions.set_exemption(
                store, person, round_name, rng.choice(["away", "isolation", "tested_elsewhere"])
            )
            made.exempt[round_name].add(person)
        for person in rng.sample(sorted(made.exempt[round_name]), 3):
            exemptions.clear_exemption(store, person, round_name)
            made.exempt[round_name].discard(person)
    return made


def expected_figures(made: Campaign, round_name: str) -> dict[str, Any]:
    tested = {person for r, person, _, _ in made.live if r == round_name}
    firms = []
    for firm in sorted(set(made.firm_of.values()) | made.reported.keys()):
        roster = {p for p in made.on_roster if made.firm_of[p] == firm}
        exempt = {p for p in roster & made.exempt[round_name] if p not in tested}
        walk_ins = {p for p, f in made.firm_of.items() if f == firm and p not in made.on_roster}
        done = len(roster & tested)
        expected = len(roster) - len(exempt)
        firms.append(
            {
                "enterprise": firm,
                "roster": len(roster),
                "reported": made.reported.get(firm),
                "exempt": len(exempt),
                "expected": expected,
                "tested": done,
                "missing": len(roster - tested - exempt),
                "not_on_roster": len(walk_ins & tested),
                "completion": round(done / expected, 4) if expected else None,
            }
        )
    live = [gate for r, _, gate, _ in made.live if r == round_name]
    return {
        "enterprises": firms,
        "not_on_any_roster": len(tested - made.firm_of.keys()),
        "checkpoints": [
            {
                "checkpoint": gate,
                "registrations": live.count(gate),
                "tubes": sum(1 for r, g, _ in made.tubes if (r, g) == (round_name, gate)),
            }
            for gate in GATES
        ],
    }


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_every_figure_matches_an_independent_count(store: Store, seed: int) -> None:
    made = generate(store, seed)
    for round_name in ROUNDS:
        answer = reconcile.reconcile(store.conn, round_name)
        expected = expected_figures(made, round_name)
        assert answer["round"] == round_name
        assert answer["enterprises"] == expected["enterprises"]
        assert answer["checkpoints"] == expected["checkpoints"]
        assert answer["not_on_any_roster"] == expected["not_on_any_roster"]
        for figure in ("roster", "exempt", "expected", "tested", "missing", "not_on_roster"):
            assert answer["totals"][figure] == sum(f[figure] for f in expected["enterprises"])
        assert answer["totals"]["reported"] == sum(made.reported.values())
        for firm in answer["enterprises"]:
            assert firm["roster"] == firm["exempt"] + firm["tested"] + firm["missing"]


@pytest.mark.parametrize("seed", [4, 5])
def test_the_missing_list_names_exactly_the_untested_unexempt_roster_people(store: Store, seed: int) -> None:
    made = generate(store, seed)
    for round_name in ROUNDS:
        tested = {person for r, person, _, _ in made.live if r == round_name}
        absent = made.on_roster - tested - made.exempt[round_name]
        listed = reconcile.missing(store.conn, round_name)
        assert sorted((p["enterprise"], p["id_number"]) for p in listed) == sorted(
            (made.firm_of[p], identity.mask_id(p)) for p in absent
        )
        assert all(p["phone"] == "138****8000" for p in listed)
        firm = FIRMS[0]
        only = reconcile.missing(store.conn, round_name, firm)
        assert len(only) == sum(1 for p in absent if made.firm_of[p] == firm)
        revealed = {p["id_number"] for p in reconcile.missing(store.conn, round_name, reveal=True)}
        assert revealed == absent


def test_registrations_arriving_later_from_another_laptop_count(store: Store) -> None:
    rosters.add_person(store, Person(make_id(1), "张三", FIRMS[0]))
    assert reconcile.reconcile(store.conn, "R1")["enterprises"][0]["missing"] == 1
    body = _registration("R1", make_id(1), GATES[1], "TUBE9", 1)
    with store.write() as conn:
        events.ingest(
            conn,
            events.Event(
                clock.uuid7(), "laptop-2", 1, clock.Hlc(clock.now_ms(), 0).encode(), "registration", body
            ),
        )
    line = reconcile.reconcile(store.conn, "R1")["enterprises"][0]
    assert (line["tested"], line["missing"], line["completion"]) == (1, 0, 1.0)
    assert reconcile.missing(store.conn, "R1") == []


def test_the_server_can_call_it_on_a_plain_connection(store: Store) -> None:
    generate(store, 6)
    assert store.path is not None
    plain = sqlite3.connect(store.path)
    try:
        for round_name in ROUNDS:
            assert reconcile.reconcile(plain, round_name) == reconcile.reconcile(store.conn, round_name)
            assert reconcile.missing(plain, round_name) == reconcile.missing(store.conn, round_name)
    finally:
        plain.close()


def test_an_unknown_round_is_refused(store: Store) -> None:
    with pytest.raises(CampaignError, match="unknown round 'R9'"):
        reconcile.reconcile(store.conn, "R9")
    with pytest.raises(CampaignError, match="unknown round 'R9'"):
        reconcile.missing(store.conn, "R9")


def test_an_enterprise_without_a_roster_or_anyone_expected_has_no_completion(store: Store) -> None:
    enterprises.set_enterprise(store, "只报了人数", reported=12)
    answer = reconcile.reconcile(store.conn, "R1")
    assert answer["enterprises"] == [
        {
            "enterprise": "只报了人数",
            "roster": 0,
            "reported": 12,
            "exempt": 0,
            "expected": 0,
            "tested": 0,
            "missing": 0,
            "not_on_roster": 0,
            "completion": None,
        }
    ]
    assert Counter(c["registrations"] for c in answer["checkpoints"]) == Counter({0: 2})


@pytest.mark.parametrize("seed", [7, 8])
def test_the_people_on_no_roster_are_listed_masked_with_where_and_when(store: Store, seed: int) -> None:
    made = generate(store, seed)
    for round_name in ROUNDS:
        answer = reconcile.reconcile(store.conn, round_name)
        listed = answer["not_on_any_roster_people"]
        strangers = {p for r, p, _, _ in made.live if r == round_name} - made.firm_of.keys()
        assert len(listed) == answer["not_on_any_roster"] == len(strangers) > 0
        assert sorted(p["id_number"] for p in listed) == sorted(identity.mask_id(p) for p in strangers)
        revealed = reconcile.not_on_any_roster(store.conn, round_name, reveal=True)
        for person in revealed:
            assert (person["checkpoint"], person["tube"]) in {
                (gate, tube) for r, p, gate, tube in made.live if (r, p) == (round_name, person["id_number"])
            }
            assert person["at"]
        assert [p["at"] for p in revealed] == sorted(p["at"] for p in revealed)


def test_the_export_of_the_people_on_no_roster_masks_unless_revealed(store: Store, tmp_path: Path) -> None:
    stranger = make_id(42)
    rosters.add_person(store, Person(make_id(1), "张三", FIRMS[0]))
    with store.write() as conn:
        events.record(conn, "registration", _registration("R1", stranger, GATES[0], "TUBE1", 1))
        events.record(conn, "registration", _registration("R1", make_id(1), GATES[0], "TUBE1", 2))
    masked = tmp_path / "masked.csv"
    assert reconcile_export.write_not_on_roster(store, "R1", masked) == 1
    assert identity.mask_id(stranger) in masked.read_text(encoding="utf-8-sig")
    assert stranger not in masked.read_text(encoding="utf-8-sig")
    revealed = tmp_path / "revealed.csv"
    reconcile_export.write_not_on_roster(store, "R1", revealed, reveal=True)
    assert stranger in revealed.read_text(encoding="utf-8-sig")
    assert "TUBE1" in revealed.read_text(encoding="utf-8-sig") and GATES[0] in revealed.read_text("utf-8-sig")


def test_a_stranger_registered_twice_in_the_same_second_is_listed_once_at_the_smallest_event(
    store: Store,
) -> None:
    stamp = clock.Hlc(clock.now_ms(), 0).encode()
    with store.write() as conn:
        for event_id, device, gate in (
            ("0190a000-0000-7000-8000-000000000002", "laptop-2", GATES[0]),
            ("0190a000-0000-7000-8000-000000000001", "laptop-3", GATES[1]),
        ):
            body = _registration("R1", make_id(42), gate, f"T{device}", 1)
            events.ingest(conn, events.Event(event_id, device, 1, stamp, "registration", body))
    listed = reconcile.not_on_any_roster(store.conn, "R1", reveal=True)
    assert [(p["id_number"], p["checkpoint"], p["tube"]) for p in listed] == [
        (make_id(42), GATES[1], "Tlaptop-3")
    ]
