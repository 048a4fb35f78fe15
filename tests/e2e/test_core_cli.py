from __future__ import annotations

from pathlib import Path

import pytest

from tests.registration.ids import make_id

from .cli import run_main


@pytest.fixture
def db(tmp_path: Path) -> Path:
    path = tmp_path / "station.db"
    assert (
        run_main(
            "init", "--site", "Torch Park", "--checkpoint", "North gate", "--checkpoint", "B", "--db", path
        ).code
        == 0
    )
    assert run_main("round", "open", "R1", "--pool-size", "2", "--db", path).code == 0
    return path


def test_a_shift_through_the_command_line(db: Path) -> None:
    opened = run_main(
        "tube", "open", "TUBE00000001", "--checkpoint", "North gate", "--round", "R1", "--db", db, "--json"
    )
    assert opened.code == 0 and opened.json()["code"] == "TUBE00000001"
    first = run_main(
        "register",
        make_id(1),
        "--checkpoint",
        "North gate",
        "--round",
        "R1",
        "--operator",
        "Li",
        "--db",
        db,
        "--json",
    )
    assert first.code == 0
    answer = first.json()
    assert answer["status"] == "registered" and answer["event"]
    assert answer["tube"] == {"code": "TUBE00000001", "position": 1, "size": 2, "sealed": False}
    assert answer["person"]["id_number"] == make_id(1)[:4] + "**********" + make_id(1)[-4:]
    assert make_id(1) not in first.stdout + first.stderr

    second = run_main(
        "register", make_id(2), "--checkpoint", "North gate", "--round", "R1", "--db", db, "--json"
    )
    assert second.json()["tube"]["sealed"] is True

    repeat = run_main(
        "register", make_id(1), "--checkpoint", "B", "--round", "R1", "--db", db, "--json"
    ).json()
    assert repeat["status"] == "already_registered" and repeat["event"] is None
    assert repeat["reason"].startswith("already registered at North gate at ")

    voided = run_main("void", answer["event"], "--reason", "wrong queue", "--db", db, "--json")
    assert voided.code == 0 and voided.json()["voided"] == answer["event"]

    rounds = run_main("round", "list", "--db", db, "--json").json()
    assert [(r["name"], r["status"], r["pool_size"]) for r in rounds] == [("R1", "open", 2)]
    assert run_main("round", "close", "R1", "--db", db, "--json").json()["status"] == "closed"


def test_no_tube_open_is_rejected_with_exit_2(db: Path) -> None:
    result = run_main(
        "register", make_id(1), "--checkpoint", "North gate", "--round", "R1", "--db", db, "--json"
    )
    assert result.code == 2
    assert result.json() | {"event": None} == {
        "status": "rejected",
        "kind": "id_number",
        "event": None,
        "person": {"id_number": make_id(1)[:4] + "**********" + make_id(1)[-4:], "on_roster": False},
        "tube": None,
        "reason": "no tube is open: scan a tube barcode first",
    }


def test_a_foreign_code_asks_for_identity(db: Path) -> None:
    run_main("tube", "open", "TUBE00000001", "--checkpoint", "B", "--round", "R1", "--db", db)
    asked = run_main(
        "register",
        "https://health.example.org/c/7f3a9b",
        "--checkpoint",
        "B",
        "--round",
        "R1",
        "--db",
        db,
        "--json",
    )
    assert asked.code == 0 and asked.json()["status"] == "needs_identity"


@pytest.mark.parametrize(
    "args",
    [
        ("register", "'; DROP TABLE events; --", "--checkpoint", "B", "--round", "R1"),
        ("round", "open"),
        ("tube", "seal"),
        ("tube", "open", "TUBE00000001", "--checkpoint", "Roof", "--round", "R1"),
        ("void", "no-such-event", "--reason", "x"),
        ("round", "open", "R2", "--pool-size", "0"),
        ("register",),
        ("init", "--site", "Again", "--checkpoint", "A"),
    ],
)
def test_bad_input_exits_2_with_one_line(db: Path, args: tuple[str, ...]) -> None:
    result = run_main(*args, "--db", db)
    assert result.code == 2
    assert len(result.stderr.strip().splitlines()) == 1 and result.stderr.startswith("error: ")


def test_a_missing_database_is_reported(tmp_path: Path) -> None:
    result = run_main("round", "list", "--db", tmp_path / "nowhere.db")
    assert result.code == 2 and "no such database" in result.stderr


def test_help_lists_the_commands() -> None:
    result = run_main("--help")
    assert result.code == 0
    for command in ("init", "round", "tube", "register", "void"):
        assert command in result.stdout
