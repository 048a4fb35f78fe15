"""Transport boxes, the lab's manifest and the lab's receipt through ``main.py`` as staff run them: every
command answers ``--json`` with its status and codes, a refusal with its reason, exiting 2."""

from __future__ import annotations

from pathlib import Path

import openpyxl
from hl7apy.parser import parse_message

from tests.registration.ids import make_id

from . import test_corrections_rounds_handover_cli as station_cli
from .cli import run_main
from .test_corrections_rounds_handover_cli import GATE, Session

run = station_cli.run  # the fixture: a campaign at two gates with round R1 open

TUBES = ("TUBE00000001", "TUBE00000002", "TUBE00000003")


def _sealed_tubes(run: Session) -> None:
    for n, code in enumerate(TUBES):
        run("tube", "open", code, "--checkpoint", GATE, "--round", "R1", "--pool-size", "5")
        for person in range(n * 10, n * 10 + 2):
            run.register(person)
        run("tube", "seal", code)


def test_a_box_is_opened_filled_by_scanning_sealed_counted_and_handed_over(run: Session) -> None:
    _sealed_tubes(run)
    opened = run("box", "open", "BOX000001", "--checkpoint", GATE, "--json").json()
    assert (opened["status"], opened["box"], opened["checkpoint"]) == ("opened", "BOX000001", GATE)
    taken = run("box", "open", "BOX000001", "--checkpoint", GATE, "--json", code=2)
    assert taken.json()["status"] == "refused" and taken.json()["key"] == "box.used"
    assert taken.stderr == f"error: box BOX000001 is already used at {GATE}\n"
    not_a_box = run("box", "open", TUBES[0], "--checkpoint", GATE, code=2)
    assert "not a transport box's code" in not_a_box.stderr

    added = run("box", "add", "BOX000001", TUBES[0], "--json").json()
    assert (added["status"], added["added"], added["count"]) == ("added", [TUBES[0]], 1)
    run("tube", "open", "TUBE00000009", "--checkpoint", GATE, "--round", "R1")
    run.register(90)
    refused = run("box", "add", "BOX000001", "--scan", "--json", code=2, stdin="TUBE00000009\nNOPE000001\n")
    answer = refused.json()
    assert answer["status"] == "refused" and answer["box"] == "BOX000001"
    assert answer["refused"] == [
        {"tube": "TUBE00000009", "reason": "still open: it goes in the next box"},
        {"tube": "NOPE000001", "reason": "unknown tube"},
    ]
    assert len(refused.stderr.splitlines()) == 1 and "nothing was added" in refused.stderr
    scanned = run("box", "add", "BOX000001", "--scan", stdin=f"{TUBES[1]}\n\n{TUBES[2]}\n{TUBES[0]}\n")
    assert scanned.stdout == "2 tubes added to box BOX000001: it holds 3\n"

    miscounted = run("box", "seal", "BOX000001", "--count", "2", "--json", code=2).json()
    assert (miscounted["status"], miscounted["count"], miscounted["key"]) == (
        "refused",
        2,
        "box.count_differs",
    )
    sealed = run("box", "seal", "BOX000001", "--count", "3", "--json").json()
    assert sealed["status"] == "sealed" and sealed["tubes"] == list(TUBES) and sealed["sealed_at"]

    handed = run("handover", "--checkpoint", GATE, "--box", "BOX000001", "--json").json()
    assert (handed["status"], handed["box"], handed["tubes"]) == ("recorded", "BOX000001", list(TUBES))
    again = run("handover", "--checkpoint", GATE, "--box", "BOX000001", "--json", code=2)
    assert (again.json()["status"], again.json()["key"]) == ("refused", "box.already_handed")
    assert "was handed over at" in again.stderr and "Traceback" not in again.stderr
    assert "no sealed tube" in run("handover", "--checkpoint", GATE).stdout


def test_the_manifest_is_a_table_or_hl7_and_revealing_people_is_recorded(
    run: Session, tmp_path: Path
) -> None:
    _sealed_tubes(run)
    run("box", "open", "BOX000001", "--checkpoint", GATE)
    run("box", "add", "BOX000001", *TUBES)
    table = tmp_path / "manifest.xlsx"
    written = run("box", "manifest", "BOX000001", "--out", table, "--json").json()
    assert written == {"status": "written", "box": "BOX000001", "tubes": 3, "out": str(table)}
    sheet = openpyxl.load_workbook(table).active
    assert sheet is not None
    rows = list(sheet.iter_rows(values_only=True))
    assert [r[1:4] for r in rows[1:]] == [(code, "五混一", 2) for code in TUBES]
    assert make_id(0) not in str(rows)

    revealed = tmp_path / "people.csv"
    answer = run("box", "manifest", "BOX000001", "--out", revealed, "--reveal", "--json").json()
    assert answer["revealed"] == 6
    assert make_id(0) in revealed.read_text(encoding="utf-8-sig")
    audit = run("audit", "list", "--json").json()
    assert [(e["what"], e["people"]) for e in audit] == [("manifest", 6)]

    hl7 = tmp_path / "box.hl7"
    run("box", "manifest", "BOX000001", "--out", hl7, "--format", "hl7")
    message = parse_message(hl7.read_bytes().decode("utf-8"), find_groups=True)
    assert [s.spm.spm_2.to_er7() for s in message.oml_o33_specimen] == list(TUBES)
    no_people = run("box", "manifest", "BOX000001", "--out", hl7, "--format", "hl7", "--reveal", code=2)
    assert "names no person" in no_people.stderr
    unknown = run("box", "manifest", "BOX999999", "--out", table, "--json", code=2).json()
    assert (unknown["status"], unknown["key"]) == ("refused", "box.unknown")


def test_the_labs_receipt_and_the_import_report_what_is_missing_and_never_ours(
    run: Session,
    tmp_path: Path,
) -> None:
    _sealed_tubes(run)
    run("box", "open", "BOX000001", "--checkpoint", GATE)
    run("box", "add", "BOX000001", *TUBES)
    run("box", "seal", "BOX000001")
    run("handover", "--checkpoint", GATE, "--box", "BOX000001")
    received = tmp_path / "received.csv"
    received.write_text(f"条码\n{TUBES[0]}\n{TUBES[2]}\nTUBE55555555\n", encoding="utf-8")
    answer = run("lab", "receive", received, "--json").json()
    assert answer["status"] == "recorded" and answer["named"] == 3
    assert answer["boxes"] == [
        {
            "box": "BOX000001",
            "checkpoint": GATE,
            "handed_over_at": answer["boxes"][0]["handed_over_at"],
            "sent": 3,
            "received": 2,
            "missing": [TUBES[1]],
        }
    ]
    assert answer["unboxed"] == [{"tube": "TUBE55555555", "known": False}]
    text = run("lab", "receive", received).stdout
    assert "already recorded" in text and f"sent, not received: {TUBES[1]}" in text
    assert "never a tube of this campaign: TUBE55555555" in text

    lab = tmp_path / "lab.csv"
    lab.write_text(f"管号,结果\n{TUBES[0]},阴性\nTUBE55555555,阴性\n", encoding="utf-8")
    checked = run("result", "import", lab, "--check", "--overdue", "0", "--json").json()
    assert checked["status"] == "checked" and checked["never_had"] == ["TUBE55555555"]
    assert [o["tube"] for o in checked["overdue"]] == list(TUBES[1:])
    assert "go with 'result import FILE'" in run("result", TUBES[0], "positive", "--check", code=2).stderr
    printed = run("result", "import", lab, "--overdue", "0").stdout.splitlines()
    assert printed[0] == "tubes this campaign never had: TUBE55555555"
    assert printed[1].startswith(f"no result yet: tube {TUBES[1]} ({GATE}), handed over")
    assert run("result", "import", lab, "--overdue", "soon", code=2).stderr.startswith("error: argument")


def test_a_box_command_without_a_campaign_says_so_in_one_line(tmp_path: Path) -> None:
    answer = run_main("box", "open", "BOX000001", "--checkpoint", GATE, "--db", tmp_path / "none.db")
    assert answer.code == 2 and len(answer.stderr.splitlines()) == 1 and "Traceback" not in answer.stderr
