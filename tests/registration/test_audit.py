"""Every unmasking is an event: who, which device, when, which list, how many; never the people."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from registration.privacy import audit
from registration.reports import office_views
from registration.sampling import registrations, tubes
from registration.setup import rosters
from registration.storage import bodies, events
from registration.storage.store import Store
from tests.e2e.cli import run_main
from tests.registration.ids import make_id


def _tube_of_two(store: Store) -> str:
    for n in range(2):
        rosters.add_person(store, rosters.Person(make_id(n), f"P{n}", "Acme", phone=f"1380013800{n}"))
    tubes.open_tube(store, "TUBE00000001", checkpoint="North gate", round_name="R1")
    for n in range(2):
        registrations.register(store, make_id(n), checkpoint="North gate", round_name="R1")
    return "TUBE00000001"


def test_a_recall_reveal_is_an_event_without_the_people(store: Store) -> None:
    tube = _tube_of_two(store)
    members = office_views.reveal_recall(store, [tube], "Wang")
    assert {m["id_number"] for m in members} == {make_id(0), make_id(1)}
    [entry] = audit.entries(store.conn)
    assert (entry.action, entry.what, entry.people, entry.operator) == ("revealed", "recall", 2, "Wang")
    assert entry.device == events.device_id(store.conn)
    (kind, body) = store.conn.execute("SELECT kind, body FROM events WHERE id = ?", (entry.event,)).fetchone()
    assert kind == audit.REVEALED
    assert make_id(0) not in body and "13800138000" not in body
    outbox = store.conn.execute("SELECT 1 FROM outbox WHERE event_id = ?", (entry.event,)).fetchone()
    assert outbox is not None  # it syncs like any other event


def test_the_reveal_body_passes_the_servers_model_from_a_checkpoint_station() -> None:
    body = audit.revealed_body("missing", 12, "Wang", round_name="R1", enterprise="Acme")
    assert bodies.validate(audit.REVEALED, body) is None
    assert bodies.may_emit("station", audit.REVEALED, body) is None
    assert bodies.validate(audit.REVEALED, body | {"id_number": make_id(0)}) is not None
    assert bodies.validate(audit.REVEALED, body | {"list": "everyone"}) is not None
    with pytest.raises(ValueError):
        audit.revealed_body("everyone", 1, None)


def test_reveal_exports_on_the_command_line_are_recorded_and_listed(tmp_path: Path) -> None:
    db = tmp_path / "station.db"

    def run(*args: str | Path) -> str:
        result = run_main(*args, "--db", db)
        assert result.code == 0, result.stderr
        return result.stdout

    run("init", "--site", "Park", "--checkpoint", "North gate")
    run("round", "open", "R1", "--pool-size", "2")
    for n in range(3):
        run(
            "roster",
            "add",
            make_id(n),
            "--name",
            f"P{n}",
            "--enterprise",
            "Acme",
            "--phone",
            f"1380013800{n}",
        )
    run("tube", "open", "TUBE00000001", "--checkpoint", "North gate", "--round", "R1")
    run("register", make_id(0), "--checkpoint", "North gate", "--round", "R1")

    run("missing", "--round", "R1", "--out", tmp_path / "masked.csv")
    assert run("audit", "list") == "nothing was revealed or purged\n"  # masked: nothing to record
    run("missing", "--round", "R1", "--enterprise", "Acme", "--out", tmp_path / "full.csv", "--reveal")
    run("trace", "TUBE00000001", "--out", tmp_path / "recall.csv", "--reveal")
    run("missing", "--round", "R1", "--not-on-roster", "--out", tmp_path / "none.csv", "--reveal")

    listed = [
        {k: e[k] for k in ("action", "what", "people", "round", "enterprise")}
        for e in json.loads(run("audit", "list", "--json"))
    ]
    assert listed == [
        {"action": "revealed", "what": "missing", "people": 2, "round": "R1", "enterprise": "Acme"},
        {"action": "revealed", "what": "trace", "people": 1, "round": None, "enterprise": None},
        {"action": "revealed", "what": "not_on_roster", "people": 0, "round": "R1", "enterprise": None},
    ]
    text = run("audit", "list")
    assert "missing\t2 people" in text and make_id(1) not in text


def test_entries_keep_one_action_and_one_round_newest_first(store: Store) -> None:
    audit.record_reveal(store, "missing", 3, "Wang", round_name="R1")
    audit.record_reveal(store, "trace", 2, "Wang")
    audit.record_reveal(store, "not_on_roster", 1, "Li", round_name="R1")
    with store.write() as conn:
        events.record(conn, audit.PURGED, {"scope": "round", "round": "R1", "people": 9, "operator": "Li"})
    assert [e.what for e in audit.entries(store.conn)] == ["missing", "trace", "not_on_roster", "round"]
    reveals = audit.entries(store.conn, action="revealed", newest_first=True)
    assert [e.what for e in reveals] == ["not_on_roster", "trace", "missing"]
    in_round = audit.entries(store.conn, action="revealed", round_name="R1", newest_first=True)
    assert [(e.what, e.people) for e in in_round] == [("not_on_roster", 1), ("missing", 3)]
    assert audit.entries(store.conn, round_name="R2") == []
