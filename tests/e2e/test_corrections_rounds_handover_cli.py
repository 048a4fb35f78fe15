"""Corrections, recall lists, closed rounds, impossible ID numbers, lab spellings and scanned handovers,
through ``main.py`` as staff run them."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from registration.people.identity import check_char
from tests.registration.ids import make_id

from .cli import Result, run_main

GATE = "North gate"


class Session:
    def __init__(self, db: Path) -> None:
        self.db = db

    def __call__(self, *args: str | Path, code: int = 0, stdin: str | None = None) -> Result:
        result = run_main(*args, "--db", self.db, stdin=stdin)
        assert result.code == code, (args, result.stdout, result.stderr)
        return result

    def register(self, serial: int) -> dict[str, object]:
        answer: dict[str, object] = self(
            "register", make_id(serial), "--checkpoint", GATE, "--round", "R1", "--json"
        ).json()
        return answer


@pytest.fixture
def run(tmp_path: Path) -> Session:
    session = Session(tmp_path / "station.db")
    session("init", "--site", "Park", "--checkpoint", GATE, "--checkpoint", "South gate")
    session("round", "open", "R1", "--pool-size", "10")
    return session


def test_a_correction_keeps_the_tube_and_the_recall_list_holds_only_who_is_in_it(
    run: Session, tmp_path: Path
) -> None:
    run("roster", "add", make_id(3), "--name", "错登者", "--enterprise", "明泰包装", "--phone", "13912345678")
    run("tube", "open", "TUBE00000001", "--checkpoint", GATE, "--round", "R1", "--pool-size", "5")
    made = [run.register(n) for n in range(4)]
    corrected = run(
        "correct", str(made[3]["event"]), make_id(40), "--reason", "badge of a colleague", "--json"
    )
    assert corrected.json()["tube"] == {"code": "TUBE00000001", "position": 4}
    (listed,) = run("tube", "list", "--json").json()
    assert (listed["filled"], listed["size"]) == (4, 5)
    assert run.register(5)["tube"] == {"code": "TUBE00000001", "position": 5, "size": 5, "sealed": True}

    traced = run("trace", "TUBE00000001", "--json", "--out", tmp_path / "recall.csv", "--reveal").json()
    assert [m["position"] for m in traced["members"]] == [1, 2, 3, 4, 5]
    assert make_id(3)[-4:] not in {m["id_number"][-4:] for m in traced["members"]}
    (away,) = traced["corrected_away"]
    assert (away["position"], away["name"], away["reason"]) == (4, "错登者", "badge of a colleague")
    assert "phone" not in away
    with (tmp_path / "recall.csv").open(encoding="utf-8-sig", newline="") as f:
        rows = list(csv.reader(f))
    assert len(rows) == 1 + 5 + 1
    assert rows[-1][3] == "错登者" and rows[-1][7] == "" and "13912345678" not in str(rows)
    printed = run("trace", "TUBE00000001").stdout
    assert "corrected away (not in these tubes, do not call)" in printed and "139" not in printed


def test_a_closed_round_is_reported_as_it_stood_when_it_closed(run: Session) -> None:
    for n in range(3):
        run("roster", "add", make_id(n), "--name", f"员工{n}", "--enterprise", "明泰包装")
    run("tube", "open", "TUBE00000001", "--checkpoint", GATE, "--round", "R1")
    run.register(0)
    run.register(1)
    live = run("reconcile", "--round", "R1", "--json").json()
    assert "as_of" not in live and live["totals"]["tested"] == 2
    closed = run("round", "close", "R1", "--json").json()
    run("roster", "remove", make_id(0))  # left the company after the round
    run("roster", "add", make_id(9), "--name", "新人", "--enterprise", "明泰包装")
    answer = run("reconcile", "--round", "R1", "--json").json()
    assert answer["as_of"] == closed["closed_at"] and answer["registered_after_close"] == 0
    assert answer["totals"] == live["totals"] and answer["enterprises"] == live["enterprises"]
    missing = run("missing", "--round", "R1", "--json").json()
    assert [p["name"] for p in missing["people"]] == ["员工2"] and missing["as_of"] == closed["closed_at"]
    assert run("missing", "--round", "R1", "--not-on-roster", "--json").json()["as_of"] == closed["closed_at"]


@pytest.mark.parametrize("birth", ["19900230", "19900431", "20230229", "29990101"])
def test_an_id_number_with_an_impossible_birth_date_is_refused_in_one_line(run: Session, birth: str) -> None:
    first17 = f"440111{birth}001"
    run("tube", "open", "TUBE00000001", "--checkpoint", GATE, "--round", "R1")
    refused = run("register", first17 + check_char(first17), "--checkpoint", GATE, "--round", "R1", code=2)
    assert refused.stderr.startswith("error: rejected: the birth date in the ID number is")
    assert len(refused.stderr.splitlines()) == 1


def test_lab_spellings_are_read_and_marking_the_same_result_again_says_unchanged(
    run: Session, tmp_path: Path
) -> None:
    for code in ("TUBE00000001", "TUBE00000002"):
        run("tube", "open", code, "--checkpoint", GATE, "--round", "R1", "--pool-size", "1")
        run.register(int(code[-1]))
    lab = tmp_path / "lab.csv"
    lab.write_text(
        "样本编号,检测结果\nTUBE00000001,阴性（-）\nTUBE00000002,阳性(+)\nTUBE00000001,？\n", encoding="utf-8"
    )
    report = run("result", "import", lab, "--json").json()
    assert (report["accepted"], report["positive"], report["changed"]) == (2, ["TUBE00000002"], 2)
    assert report["rejected"][0]["row"] == 4
    again = run("result", "TUBE00000002", "P", "--json").json()
    assert (again["status"], again["changed"], again["result"]) == ("unchanged", False, "positive")
    assert run("result", "TUBE00000002", "阳性(+)").stdout == "tube TUBE00000002: positive (unchanged)\n"
    assert (
        run("result", "TUBE00000002", "neg").stdout
        == "tube TUBE00000002: negative (recorded, was positive)\n"
    )


def test_handover_by_scanning_the_box_names_the_missing_and_extra_tubes(run: Session) -> None:
    for n, code in enumerate(("TUBE00000001", "TUBE00000002", "TUBE00000003")):
        run("tube", "open", code, "--checkpoint", GATE, "--round", "R1", "--pool-size", "1")
        run.register(n)
    run("tube", "open", "TUBE00000004", "--checkpoint", GATE, "--round", "R1", "--pool-size", "2")
    run.register(10)
    box = "TUBE00000001\nTUBE00000003\nTUBE00000004\n"
    refused = run("handover", "--checkpoint", GATE, "--scan", "--json", code=2, stdin=box)
    answer = refused.json()
    assert (answer["status"], answer["count"], answer["expected"]) == ("mismatch", 3, 3)
    assert [t["code"] for t in answer["missing"]] == ["TUBE00000002"]
    assert answer["extra"] == [{"code": "TUBE00000004", "reason": "still open: it goes in the next box"}]
    assert (
        refused.stderr.startswith("error: the box does not match") and len(refused.stderr.splitlines()) == 1
    )
    printed = run("handover", "--checkpoint", GATE, "--scan", code=2, stdin=box).stdout
    assert "missing from the box:" in printed and "TUBE00000002" in printed and "not due here:" in printed

    done = run(
        "handover",
        "--checkpoint",
        GATE,
        "--scan",
        "--json",
        stdin="TUBE00000003\nTUBE00000002\n\nTUBE00000001\n",
    )
    assert done.json()["status"] == "recorded" and done.json()["count"] == 3
    assert "no sealed tube" in run("handover", "--checkpoint", GATE).stdout
    both = run("handover", "--checkpoint", GATE, "--scan", "--count", "3", code=2)
    assert "not allowed with argument" in both.stderr
