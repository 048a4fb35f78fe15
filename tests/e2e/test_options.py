"""Every option works before or after its subcommand, or is refused in one line; quotes stay closed."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from PIL import Image

from .cli import Result, run_main


def one_line_refusal(done: Result) -> str:
    assert done.code == 2, done.stderr
    assert "Traceback" not in done.stderr
    [line] = done.stderr.strip().splitlines()
    assert line.startswith("error: ")
    return line


@pytest.fixture
def station(tmp_path: Path) -> Path:
    path = tmp_path / "station.db"
    # --db and --json given before the command, as a person may type them.
    made = run_main("--db", path, "--json", "init", "--site", "Park", "--checkpoint", "North")
    assert made.code == 0, made.stderr
    assert made.json()["site"] == "Park"
    return path


def test_registration_commands_take_their_options_before_the_command(station: Path) -> None:
    opened = run_main("--json", "--db", station, "round", "open", "第1轮")
    assert opened.code == 0 and opened.json()["status"] == "open"
    # Before the command, after it, or both: the last one given counts.
    listed = run_main("--db", "elsewhere.db", "round", "list", "--db", station, "--json")
    assert [r["name"] for r in listed.json()] == ["第1轮"]


def test_roster_subcommands_take_their_options_between_group_and_subcommand(
    station: Path, tmp_path: Path
) -> None:
    roster = tmp_path / "roster.csv"
    roster.write_text("企业名称,姓名,身份证号码\nAcme,张三,11010519491231002X\n", encoding="utf-8")
    imported = run_main("roster", "--db", station, "--json", "import", roster)
    assert imported.code == 0, imported.stderr
    assert imported.json()["accepted"] == 1
    listed = run_main("--db", station, "roster", "list", "--json")
    assert [p["name"] for p in listed.json()] == ["张三"]


def test_server_init_writes_to_the_db_given_before_the_subcommand(tmp_path: Path) -> None:
    given, default = tmp_path / "given.db", tmp_path / "default.db"
    env = {"TESTPOINT_SERVER_DB": str(default)}
    made = run_main("server", "--db", given, "--json", "init", "--site", "Park", "--checkpoint", "N", env=env)
    assert made.code == 0, made.stderr
    assert made.json()["created"] is True
    assert given.exists() and not default.exists()
    sites = sqlite3.connect(given).execute("SELECT count(*) FROM sites").fetchone()[0]
    assert sites == 1
    listed = run_main("--db", given, "server", "devices", "--json", env=env)
    assert listed.code == 0 and listed.json() == [] and not default.exists()


def test_server_subcommands_take_the_site_given_before_them(tmp_path: Path) -> None:
    # `server --site S` starts the server with its site; before a subcommand, the site is that command's.
    server_db = tmp_path / "server.db"
    made = run_main("server", "--site", "Park", "--db", server_db, "init", "--checkpoint", "N", "--json")
    assert made.code == 0, made.stderr
    assert made.json()["site"] == "Park" and made.json()["checkpoints"] == ["N"]
    code = run_main(
        "server", "--site", "Park", "enroll", "--checkpoint", "S", "--db", server_db, "--json", cwd=tmp_path
    )
    assert code.code == 0 and code.json()["site"] == "Park", code.stderr
    line = one_line_refusal(run_main("server", "init", "--db", server_db))
    assert line == "error: the following arguments are required: --site (see main.py --help)"


def test_sync_subcommands_take_the_db_given_before_them(station: Path, tmp_path: Path) -> None:
    status = run_main("sync", "--db", station, "--json", "status")
    assert status.code == 0, status.stderr
    assert status.json()["enrolled"] is False
    missing = one_line_refusal(run_main("--db", tmp_path / "none.db", "sync", "status"))
    assert "none.db: no such database" in missing


def test_scan_takes_the_db_given_before_it(tmp_path: Path) -> None:
    Image.new("L", (64, 64), 255).save(tmp_path / "blank.png")
    refused = run_main(
        "--db", tmp_path / "none.db", "scan", tmp_path / "blank.png", "--register", "--checkpoint", "N",
        "--round", "R",
    )  # fmt: skip
    assert "none.db: no such database" in one_line_refusal(refused)


@pytest.mark.parametrize(
    ("args", "said"),
    [
        (
            ["server", "--port", "9", "init", "--site", "Park"],
            "--port does not apply to 'main.py server init'",
        ),
        (["server", "--site", "Park", "import", "b.gz"], "--site does not apply to 'main.py server import'"),
        (["sync", "--once", "status"], "--once does not apply to 'main.py sync status'"),
        (["--demo", "round", "list"], "--demo does not apply to 'main.py round'"),
        (["--db", "station.db"], "--db does not apply to 'main.py'"),
    ],
)
def test_an_option_the_command_does_not_take_is_refused_not_ignored(
    tmp_path: Path, args: list[str], said: str
) -> None:
    line = one_line_refusal(
        run_main(*args, cwd=tmp_path, env={"TESTPOINT_SERVER_DB": str(tmp_path / "s.db")})
    )
    assert said in line
    assert not (tmp_path / "s.db").exists()


def test_a_message_keeps_its_closing_quote(station: Path) -> None:
    line = one_line_refusal(run_main("round", "close", "第2轮", "--db", station))
    assert line == "error: unknown round '第2轮'"
