"""Retention: a purge takes names, ID numbers and phones off the laptop and keeps every round's figures."""

from __future__ import annotations

from pathlib import Path

import pytest

from registration.privacy import audit, retention
from registration.reports import reconcile
from registration.sampling import registrations, tubes
from registration.setup import campaign, enterprises, exemptions, rosters
from registration.setup.campaign import CampaignError
from registration.setup.rosters import Person
from registration.storage.store import Store
from tests.registration.ids import make_id

GATE = "North gate"
ROSTER = [make_id(n) for n in range(8)]
WALK_IN, STRANGER, R2_ONLY = make_id(100), make_id(101), make_id(102)
NAMES = [f"测试员{n}" for n in range(8)]
STRANGER_NAME = "陌生人"


def _register(store: Store, person: str, round_name: str, **extra: str) -> None:
    outcome = registrations.register(store, person, checkpoint=GATE, round_name=round_name, **extra)
    assert outcome.status is registrations.Status.REGISTERED, outcome.reason


def _campaign(store: Store) -> None:
    """R1 (closed) and R2 (closed): roster people, a walk-in, a stranger on no roster, an exemption
    with a note, a foreign health code."""
    for n, number in enumerate(ROSTER):
        rosters.add_person(
            store, Person(number, NAMES[n], "Acme" if n < 5 else "Bolt", phone=f"1380013800{n}")
        )
    rosters.add_person(store, Person(WALK_IN, "走入者", "Acme", phone="13900139000", on_roster=False))
    enterprises.set_enterprise(store, "Acme", reported=6, contact="联系人", phone="13700137000")
    tubes.open_tube(store, "TUBE00000001", checkpoint=GATE, round_name="R1")
    for person in (*ROSTER[:4], WALK_IN):
        _register(store, person, "R1")
    _register(store, STRANGER, "R1", source="idcard", name=STRANGER_NAME)  # the name their ID card gave
    _register(store, "https://health.example.cn/code?id=" + ROSTER[6], "R1", identity=ROSTER[6])
    exemptions.set_exemption(store, ROSTER[5], "R1", "away", f"{NAMES[5]} is away")
    campaign.close_round(store, "R1")
    campaign.open_round(store, "R2", pool_size=10)
    tubes.open_tube(store, "TUBE00000002", checkpoint=GATE, round_name="R2")
    for person in (*ROSTER[2:7], R2_ONLY):
        _register(store, person, "R2")
    campaign.close_round(store, "R2")


def _figures(store: Store) -> dict[str, object]:
    """Every round's aggregate figures (the people a round lists are what a purge takes away)."""
    return {r: reconcile.reconcile(store.conn, r) | {"not_on_any_roster_people": None} for r in ("R1", "R2")}


def _on_disk(store: Store) -> bytes:
    assert store.path is not None
    wal = store.path.with_name(store.path.name + "-wal")
    return store.path.read_bytes() + (wal.read_bytes() if wal.exists() else b"")


def test_purging_a_round_keeps_every_rounds_figures_and_forgets_who_nobody_needs(store: Store) -> None:
    _campaign(store)
    before = _figures(store)
    assert before["R1"]["totals"]["tested"] == 5  # type: ignore[index]
    done = retention.purge_round(store, "R1", "Wang")
    assert (done.scope, done.people) == ("round", 8)
    assert _figures(store) == before
    assert reconcile.missing(store.conn, "R1") == []
    held = _on_disk(store)
    assert STRANGER.encode() not in held and WALK_IN.encode() not in held  # on no roster, no other round
    assert "走入者".encode() not in held and f"{NAMES[5]} is away".encode() not in held
    assert STRANGER_NAME.encode() not in held
    assert ROSTER[0].encode() in held  # still on the roster, for the next round
    r1_people = {r[0] for r in store.conn.execute("SELECT person FROM registrations WHERE round = 'R1'")}
    assert all(p.startswith(retention.TOKEN_PREFIX) for p in r1_people)
    [entry] = audit.entries(store.conn)
    assert (entry.action, entry.what, entry.round, entry.people, entry.operator) == (
        "purged",
        "round",
        "R1",
        8,
        "Wang",
    )
    with pytest.raises(CampaignError, match="already purged"):
        retention.purge_round(store, "R1", None)


def test_purging_the_ended_campaign_leaves_no_id_number_name_or_phone_in_the_file(store: Store) -> None:
    _campaign(store)
    before = _figures(store)
    with pytest.raises(CampaignError, match="less than 30 days"):
        retention.purge_campaign(store, 30, None)
    done = retention.purge_campaign(store, 0, "Wang")
    assert done.people == len(ROSTER) + 3
    assert _figures(store) == before
    held = _on_disk(store)
    for number in (*ROSTER, WALK_IN, STRANGER, R2_ONLY):
        assert number.encode() not in held
    phones = (*(f"1380013800{n}" for n in range(8)), "13700137000")
    for text in (*NAMES, "走入者", STRANGER_NAME, "联系人", *phones):
        assert text.encode() not in held, text
    assert audit.entries(store.conn)[-1].what == "campaign"
    # The laptop keeps working: a new round on the purged campaign.
    campaign.open_round(store, "R3", pool_size=10)
    tubes.open_tube(store, "TUBE00000003", checkpoint=GATE, round_name="R3")
    _register(store, make_id(200), "R3")
    assert reconcile.reconcile(store.conn, "R3")["not_on_any_roster"] == 1


def test_a_campaign_with_an_open_round_has_not_ended(store: Store) -> None:
    with pytest.raises(CampaignError, match="round R1 is open"):
        retention.purge_campaign(store, 0, None)
    with pytest.raises(CampaignError, match="close it before purging"):
        retention.purge_round(store, "R1", None)


def test_purge_on_the_command_line_answers_one_line(tmp_path: Path) -> None:
    from tests.e2e.cli import run_main

    db = tmp_path / "station.db"
    assert run_main("init", "--site", "Park", "--checkpoint", GATE, "--db", db).code == 0
    assert run_main("round", "open", "R1", "--db", db).code == 0
    refused = run_main("purge", "--db", db)
    assert (refused.code, refused.stderr) == (
        2,
        "error: purge needs either --round R or --campaign-ended --older-than DAYS\n",
    )
    assert run_main("round", "close", "R1", "--db", db).code == 0
    answer = run_main("purge", "--campaign-ended", "--older-than", "0", "--db", db, "--json")
    assert answer.code == 0, answer.stderr
    assert answer.json()["scope"] == "campaign"
