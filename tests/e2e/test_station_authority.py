"""A laptop enrolled as a checkpoint station refuses the campaign office's commands, in one line."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.registration.ids import make_id
from tests.sync.harness import ServerProcess

from .cli import run_main


@pytest.fixture
def enrolled(tmp_path: Path) -> Iterator[Path]:
    """A station database enrolled with a real server (``main.py server``) as a checkpoint station."""
    server_db = tmp_path / "server.db"
    assert run_main("server", "init", "--site", "Park", "--checkpoint", "North", "--db", server_db).code == 0
    server = ServerProcess(f"sqlite:///{server_db}")
    try:
        code = run_main(
            "server", "enroll", "--checkpoint", "North", "--url", server.url, "--db", server_db, "--json",
            cwd=tmp_path,
        )  # fmt: skip
        assert code.code == 0, code.stderr
        station = tmp_path / "station.db"
        done = run_main("enroll", code.json()["code"], "--db", station, "--json", "--no-sync")
        assert done.code == 0, done.stderr
        assert done.json()["role"] == "station"
        yield station
    finally:
        server.stop()


def test_a_checkpoint_station_refuses_the_office_commands(enrolled: Path, tmp_path: Path) -> None:
    roster = tmp_path / "roster.csv"
    roster.write_text(f"企业名称,姓名,身份证号码\nAcme,张三,{make_id(1)}\n", encoding="utf-8")
    lab = tmp_path / "lab.csv"
    lab.write_text("管号,结果\nT000000001,阳性\n", encoding="utf-8")
    office = {
        "rounds are opened by": ["round", "open", "R1"],
        "rounds are closed by": ["round", "close", "R1"],
        "exemptions are set by": ["exempt", "set", make_id(1), "--round", "R1", "--reason", "away"],
        "exemptions are cleared by": ["exempt", "clear", make_id(1), "--round", "R1"],
        "rosters are imported by": ["roster", "import", roster],
        "enterprises are managed by": ["enterprise", "set", "Acme", "--reported", "5"],
        "lab results come from": ["result", "import", lab],
        "checkpoints are added by": ["checkpoint", "add", "East"],
        "person-code keys come from": ["codes", "issue", "--out", tmp_path / "codes.pdf"],
    }
    for said, args in office.items():
        done = run_main(*args, "--db", enrolled)
        assert done.code == 2, (args, done.stdout, done.stderr)
        assert done.stderr.splitlines() == [
            f"error: this laptop is a checkpoint station: {said} the campaign office"
        ]
    assert not (tmp_path / "codes.pdf").exists()
    # Still a working station: a walk-in is its own to add.
    walk_in = run_main(
        "roster", "add", make_id(2), "--name", "李四", "--enterprise", "Acme", "--walk-in", "--db", enrolled
    )
    assert walk_in.code == 0, walk_in.stderr


def test_a_campaign_never_enrolled_keeps_every_command(tmp_path: Path) -> None:
    db = tmp_path / "alone.db"
    assert run_main("init", "--site", "Park", "--checkpoint", "North", "--db", db).code == 0
    for args in (
        ["round", "open", "R1"],
        ["enterprise", "set", "Acme", "--reported", "5"],
        ["round", "close", "R1"],
    ):
        done = run_main(*args, "--db", db)
        assert done.code == 0, (args, done.stderr)
