"""What the command line answers: tube patterns cannot hang it, ID numbers masked even in raw codes."""

from __future__ import annotations

from pathlib import Path

from tests.registration.ids import make_id

from .cli import run_main, run_process

CATASTROPHIC = r"(a+)+$"  # exponential on a backtracking engine for 'aaa…a!'


def test_init_refuses_a_backtracking_only_pattern_in_one_line_and_registers_fast(tmp_path: Path) -> None:
    refused = run_main(
        "init", "--site", "Park", "--checkpoint", "N", "--tube-pattern", r"(a)\1", "--db", tmp_path / "x.db"
    )
    assert refused.code == 2
    assert refused.stderr.splitlines() == [
        r"error: tube pattern '(a)\\1' is not a regular expression RE2 runs: invalid escape sequence: \1"
    ]
    db = tmp_path / "station.db"
    for args in (
        ["init", "--site", "Park", "--checkpoint", "N", "--tube-pattern", CATASTROPHIC],
        ["round", "open", "R1"],
    ):
        assert run_main(*args, "--db", db).code == 0
    # A process of its own, so that a pattern that did hang would be stopped after 20 s.
    answer = run_process(
        "register", "a" * 2000 + "!", "--checkpoint", "N", "--round", "R1", "--db", db, "--json", timeout=20
    )
    assert answer.code == 2 and answer.json()["status"] == "rejected"


def test_register_masks_an_id_number_and_a_phone_inside_raw_code(tmp_path: Path) -> None:
    db = tmp_path / "station.db"
    for args in (["init", "--site", "Park", "--checkpoint", "N"], ["round", "open", "R1"]):
        assert run_main(*args, "--db", db).code == 0
    number = make_id(5)
    code = f"https://hc.example.cn/q?id={number}&tel=13812345678"
    answer = run_main("register", code, "--checkpoint", "N", "--round", "R1", "--db", db, "--json")
    assert answer.code == 0, answer.stderr
    shown = answer.json()
    assert shown["status"] == "needs_identity"
    assert (
        shown["raw_code"] == f"https://hc.example.cn/q?id={number[:4]}**********{number[-4:]}&tel=138****5678"
    )
    assert number not in answer.stdout + answer.stderr and "13812345678" not in answer.stdout
