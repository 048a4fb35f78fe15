"""A checkpoint station refuses locally what the server would refuse; other laptops keep every command."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

import main
from registration.people import badges
from registration.sampling import registrations, results, tubes
from registration.setup import campaign, enterprises, exemptions, rosters
from registration.setup.rosters import Person
from registration.storage.authority import NotOwn, OfficeOnly
from registration.storage.store import Store

from .ids import make_id
from .test_lookup import from_another_laptop

MEMBER = make_id(1)
STRANGER = make_id(2)
TUBE = "T000000001"


def enrol_as(store: Store, role: str, checkpoint: str = "North gate") -> None:
    """What enrolment leaves in the database (sync/enrolment.py), without a server."""
    with store.write() as conn:
        conn.execute(
            "INSERT INTO sync_state (id, server_url, device, credential, role, site, checkpoint) "
            "VALUES (1, 'http://127.0.0.1:9', 'dev', 'secret', ?, 'Torch Park', ?)",
            (role, checkpoint),
        )


@pytest.fixture
def prepared(store: Store, tmp_path: Path) -> Store:
    """A campaign with a roster person, an exemption to lift, a tube with a result, a lab file."""
    rosters.add_person(store, Person(MEMBER, "张三", "Acme"))
    exemptions.set_exemption(store, MEMBER, "R1", "away")
    tubes.open_tube(store, TUBE, checkpoint="North gate", round_name="R1")
    (tmp_path / "lab.csv").write_text(f"管号,结果\n{TUBE},阳性\n", encoding="utf-8")
    (tmp_path / "roster.csv").write_text(
        f"企业名称,姓名,身份证号码\nAcme,李四,{STRANGER}\n", encoding="utf-8"
    )
    return store


def office_commands(tmp_path: Path) -> dict[str, Callable[[Store], Any]]:
    """Each command only the campaign office may run, as the command line and the window call it."""
    return {
        "round open": lambda s: campaign.open_round(s, "R2"),
        "round close": lambda s: campaign.close_round(s, "R1"),
        "checkpoint add": lambda s: campaign.add_checkpoint(s, "East gate"),
        "exempt set": lambda s: exemptions.set_exemption(s, MEMBER, "R1", "isolation"),
        "exempt clear": lambda s: exemptions.clear_exemption(s, MEMBER, "R1"),
        "roster import": lambda s: rosters.import_roster(s, tmp_path / "roster.csv"),
        "roster add": lambda s: rosters.add_person(s, Person(STRANGER, "李四", "Acme")),
        "roster remove": lambda s: rosters.remove_person(s, MEMBER),
        "enterprise set": lambda s: enterprises.set_enterprise(s, "Acme", reported=10),
        "result": lambda s: results.set_result(s, TUBE, "positive"),
        "result import": lambda s: results.import_lab(s, tmp_path / "lab.csv"),
        "codes issue": lambda s: badges.issue(s, tmp_path / "badges.pdf"),
    }


def event_count(store: Store) -> int:
    return int(store.conn.execute("SELECT count(*) FROM events").fetchone()[0])


@pytest.mark.parametrize("command", list(office_commands(Path())))
def test_a_checkpoint_station_refuses_reference_data_and_records_nothing(
    prepared: Store, tmp_path: Path, command: str
) -> None:
    enrol_as(prepared, "station")
    before = event_count(prepared)
    with pytest.raises(OfficeOnly) as refused:
        office_commands(tmp_path)[command](prepared)
    assert str(refused.value).startswith("this laptop is a checkpoint station: ")
    assert "campaign office" in str(refused.value)
    assert event_count(prepared) == before
    assert not (tmp_path / "badges.pdf").exists()


def test_the_refusal_names_what_the_office_does(store: Store) -> None:
    enrol_as(store, "station")
    expected = r"^this laptop is a checkpoint station: rounds are opened by the campaign office$"
    with pytest.raises(OfficeOnly, match=expected):
        campaign.open_round(store, "R2")


@pytest.mark.parametrize("role", ["admin", None])
def test_an_administrator_or_a_campaign_never_enrolled_keeps_every_command(
    prepared: Store, tmp_path: Path, role: str | None
) -> None:
    if role is not None:
        enrol_as(prepared, role)
    for run in office_commands(tmp_path).values():
        run(prepared)
    assert {r.name: r.status for r in campaign.rounds(prepared.conn)} == {"R1": "closed", "R2": "open"}
    assert "East gate" in campaign.checkpoints(prepared.conn)
    assert results.result_of(prepared.conn, TUBE) == "positive"
    assert [p.id_number for p in rosters.on_roster(prepared.conn)] == [STRANGER]
    assert (tmp_path / "badges.pdf").stat().st_size > 0


def test_a_station_still_registers_adds_walk_ins_and_names_its_own_checkpoint(store: Store) -> None:
    enrol_as(store, "station")
    rosters.add_person(store, Person(STRANGER, "王五", "Acme", on_roster=False))
    campaign.add_checkpoint(store, "North gate")
    campaign.add_operator(store, "小李")
    tubes.open_tube(store, TUBE, checkpoint="North gate", round_name="R1")
    outcome = registrations.register(store, STRANGER, checkpoint="North gate", round_name="R1")
    assert outcome.status is registrations.Status.REGISTERED
    walk_in = rosters.get(store.conn, STRANGER)
    assert walk_in is not None and not walk_in.on_roster


def test_a_station_works_only_at_the_checkpoint_it_was_enrolled_for(
    store: Store, capsys: pytest.CaptureFixture[str]
) -> None:
    enrol_as(store, "station", "South gate")
    assert store.path is not None
    at = ["--db", str(store.path), "--round", "R1"]
    refusal = "this laptop works only at South gate, the checkpoint it was enrolled for"
    assert main.main(["tube", "open", TUBE, "--checkpoint", "North gate", *at]) == 2
    assert main.main(["register", STRANGER, "--checkpoint", "North gate", *at]) == 2
    assert capsys.readouterr().err.splitlines() == [f"error: {refusal}", f"error: rejected: {refusal}"]
    assert main.main(["tube", "open", TUBE, "--checkpoint", "South gate", *at]) == 0
    assert main.main(["register", STRANGER, "--checkpoint", "South gate", *at]) == 0


@pytest.mark.parametrize("role", ["station", "admin", None])
def test_a_station_voids_and_corrects_only_its_own_registrations(store: Store, role: str | None) -> None:
    from_another_laptop(
        store, [make_id(3), make_id(4)], "T000000002", checkpoint="North gate", round_name="R1"
    )
    theirs = [str(r[0]) for r in store.conn.execute("SELECT event FROM registrations ORDER BY position")]
    if role is not None:
        enrol_as(store, role)
    tubes.open_tube(store, TUBE, checkpoint="North gate", round_name="R1")
    mine = registrations.register(store, MEMBER, checkpoint="North gate", round_name="R1").event
    assert mine is not None
    before = event_count(store)
    if role == "station":
        refusal = (
            "a checkpoint station voids or corrects only its own registrations: "
            "this one was made on another laptop"
        )
        with pytest.raises(NotOwn, match=f"^{refusal}$"):
            registrations.void(store, theirs[0], "wrong person")
        with pytest.raises(NotOwn, match=f"^{refusal}$"):
            registrations.correct(store, theirs[1], STRANGER, "wrong badge")
        assert event_count(store) == before
    else:
        registrations.void(store, theirs[0], "wrong person")
        registrations.correct(store, theirs[1], STRANGER, "wrong badge")
    registrations.void(store, mine, "sample not taken")  # its own, whatever its role
