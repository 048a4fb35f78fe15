"""Finding a round's registrations at a checkpoint to void or correct one: by name, ID number, tube."""

from __future__ import annotations

from pathlib import Path

import pytest

from registration.sampling import lookup, registrations, tubes
from registration.setup import rosters, sample_park
from registration.setup.rosters import Person
from registration.storage import clock, events
from registration.storage.store import Store

from .ids import make_id

GATE, OTHER_GATE = "North gate", "South gate"
NAMES = ["Wang Wei", "Li Na", "张伟", "张秀英", "Zhang Wei"]


def _fill(store: Store, tube: str, serials: range, gate: str = GATE, round_name: str = "R1") -> list[str]:
    """Register the people ``serials`` in a tube here, then seal it; their events."""
    tubes.open_tube(store, tube, checkpoint=gate, round_name=round_name)
    made = []
    for serial in serials:
        outcome = registrations.register(store, make_id(serial), checkpoint=gate, round_name=round_name)
        assert outcome.status is registrations.Status.REGISTERED, outcome.reason
        assert outcome.event is not None
        made.append(outcome.event)
    tubes.seal(store, tube)
    return made


def from_another_laptop(
    store: Store, people: list[str], tube: str, *, checkpoint: str, round_name: str
) -> None:
    """A tube another laptop filled with ``people`` at ``checkpoint``, as a sync brings it."""
    with store.write() as conn:
        seq = conn.execute("SELECT coalesce(max(seq), 0) FROM events WHERE device = 'laptop-2'").fetchone()[0]
        stamp = clock.Hlc(clock.now_ms(), 0)
        opened = {"code": tube, "round": round_name, "checkpoint": checkpoint, "pool_size": len(people)}
        arriving = [events.Event(clock.uuid7(), "laptop-2", seq + 1, stamp.encode(), "tube.opened", opened)]
        for position, person in enumerate(people, start=1):
            body = {
                "person": person,
                "raw_code": None,
                "round": round_name,
                "checkpoint": checkpoint,
                "operator": None,
                "tube": tube,
                "position": position,
                "colour": "green",
                "source": "scanner",
            }
            made = stamp._replace(counter=position).encode()
            arriving.append(
                events.Event(clock.uuid7(), "laptop-2", seq + 1 + position, made, "registration", body)
            )
        events.ingest_many(conn, arriving)


def _from_laptop_2(store: Store, serials: range, tube: str, gate: str = GATE) -> None:
    from_another_laptop(store, [make_id(s) for s in serials], tube, checkpoint=gate, round_name="R1")


def _find(store: Store, query: str, **kw: int) -> list[lookup.Found]:
    with store.read() as conn:
        return lookup.find(conn, GATE, "R1", query, **kw).found


@pytest.fixture
def people(store: Store) -> Store:
    for serial, name in enumerate(NAMES, start=1):
        rosters.add_person(store, Person(make_id(serial), name, "Torch Electronics"))
    return store


def test_a_name_is_found_by_any_part_in_either_case(people: Store) -> None:
    _fill(people, "TUBE00000001", range(1, 6))
    assert {f.name for f in _find(people, "wei")} == {"Wang Wei", "Zhang Wei"}
    assert {f.name for f in _find(people, " WANG ")} == {"Wang Wei"}
    assert {f.name for f in _find(people, "张")} == {"张伟", "张秀英"}
    assert _find(people, "Nobody") == []
    # A wildcard is a character, not everyone.
    assert _find(people, "%") == [] and _find(people, "_") == []


def test_an_id_number_is_found_by_its_last_digits_masked_or_whole(people: Store) -> None:
    _fill(people, "TUBE00000001", range(1, 6))
    number = make_id(3)
    masked = number[:4] + "*" * 10 + number[-4:]
    assert [f.name for f in _find(people, number[-4:])] == ["张伟"]
    assert [f.name for f in _find(people, number[-7:])] == ["张伟"]
    assert [f.name for f in _find(people, masked)] == ["张伟"]
    assert [f.name for f in _find(people, "＊" + number[-4:])] == ["张伟"]  # typed full-width
    assert [f.name for f in _find(people, number)] == ["张伟"]
    assert len(_find(people, number[:4] + "*")) == 5  # every ID here starts 4401
    assert len(_find(people, "****")) == 0
    assert _find(people, "4402**********" + number[-4:]) == []
    found = _find(people, number[-4:])[0]
    assert found.masked_id == masked and number not in repr(found)


def test_a_tube_is_found_by_its_code_or_part_of_it(people: Store) -> None:
    _fill(people, "TUBE00000001", range(1, 3))
    _fill(people, "TUBE00000002", range(3, 6))
    assert [(f.tube, f.position) for f in _find(people, "TUBE00000002")] == [
        ("TUBE00000002", 3),
        ("TUBE00000002", 2),
        ("TUBE00000002", 1),
    ]
    assert {f.tube for f in _find(people, "tube00000001")} == {"TUBE00000001"}
    assert len(_find(people, "TUBE0000000")) == 5


def test_only_this_round_at_this_checkpoint_every_laptop_newest_first(people: Store) -> None:
    mine = _fill(people, "TUBE00000001", range(1, 3))
    _fill(people, "TUBE00000002", range(3, 5), gate=OTHER_GATE)
    _from_laptop_2(people, range(5, 7), "TUBE00000003")
    everything = _find(people, "")
    assert {f.masked_id[-4:] for f in everything} == {make_id(s)[-4:] for s in (1, 2, 5, 6)}
    assert [f.at for f in everything] == sorted((f.at for f in everything), reverse=True)
    assert {f.event for f in everything if f.own} == set(mine)  # the rest were made on laptop-2
    # A registration from the other laptop is found like one made here.
    assert [f.tube for f in _find(people, make_id(6)[-6:])] == ["TUBE00000003"]
    assert _find(people, make_id(3)[-6:]) == []  # registered at the other gate
    with people.read() as conn:
        assert lookup.find(conn, GATE, "R2", "").found == []


def test_voided_and_corrected_registrations_are_listed_as_such(people: Store) -> None:
    first, second, _third = _fill(people, "TUBE00000001", range(1, 4))
    registrations.void(people, first, "sample not taken")
    outcome = registrations.correct(people, second, make_id(5), "wrong badge")
    by_event = {f.event: f for f in _find(people, "")}
    assert (by_event[first].live, by_event[first].void_reason, by_event[first].corrected) == (
        False,
        "sample not taken",
        False,
    )
    assert (by_event[second].live, by_event[second].void_reason, by_event[second].corrected) == (
        False,
        "wrong badge",
        True,
    )
    assert outcome.event is not None
    right = by_event[outcome.event]
    assert right.live and (right.name, right.tube, right.position) == ("Zhang Wei", "TUBE00000001", 2)


def test_a_scanned_person_code_finds_that_persons_registration(tmp_path: Path) -> None:
    built = sample_park.build(tmp_path, people=12, video=False)
    with Store(built.path) as store:
        for code in built.codes[:3]:
            registrations.register(store, code, checkpoint=built.checkpoint, round_name=built.round)
        with store.read() as conn:
            found = lookup.find(conn, built.checkpoint, built.round, built.codes[1]).found
    assert [f.name for f in found] == [built.people[1].name]


def test_the_list_stops_at_the_limit_and_says_there_is_more(people: Store) -> None:
    _fill(people, "TUBE00000001", range(1, 6))
    with people.read() as conn:
        some = lookup.find(conn, GATE, "R1", "", limit=3)
        every = lookup.find(conn, GATE, "R1", "", limit=5)
    assert (len(some.found), some.more) == (3, True)
    assert (len(every.found), every.more) == (5, False)


def test_a_search_among_thousands_of_registrations_finds_the_one_asked_for(store: Store) -> None:
    count = 4000
    for start in range(0, count, 500):
        _from_laptop_2(store, range(start + 1, start + 501), f"TUBE{start:08d}")
    wanted = make_id(3217)
    assert [f.masked_id[-4:] for f in _find(store, wanted[-6:])] == [wanted[-4:]]
    assert [f.masked_id[-4:] for f in _find(store, wanted[:4] + "*" * 10 + wanted[-4:])] == [wanted[-4:]]
    assert {f.tube for f in _find(store, "TUBE00003000")} == {"TUBE00003000"}
