"""Hostile files through main.py, as an office would meet them: a spreadsheet bomb imported as a
roster, and a recall list of people whose details hold control characters."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import openpyxl

from registration.sampling import registrations, results, tubes
from registration.setup import rosters
from registration.storage.store import Store
from tests.registration.ids import make_id
from tests.registration.test_text_hygiene import CELL
from tests.registration.workbooks import crafted_workbook, sheet_xml

from .cli import ENV, ROOT, run_main

PERSON = make_id(7)
# Runs a command and prints its exit code and its peak resident memory (KiB), then its stderr.
_MEASURED = (
    "import resource, subprocess, sys\n"
    "done = subprocess.run(sys.argv[1:], capture_output=True, text=True)\n"
    "print(done.returncode, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)\n"
    "sys.stderr.write(done.stderr)\n"
)


def test_a_spreadsheet_bomb_imported_as_a_roster_is_one_line_and_little_memory(tmp_path: Path) -> None:
    """A 5 KB workbook declaring every cell of a sheet took the office laptop past 3.8 GB."""
    db = tmp_path / "station.db"
    assert run_main("init", "--site", "Park", "--checkpoint", "North", "--db", db).code == 0
    bomb = crafted_workbook(tmp_path / "roster.xlsx", sheet_xml(f'<row r="2">{CELL}</row>', "A1:XFD1048576"))
    command = [sys.executable, str(ROOT / "main.py"), "roster", "import", str(bomb), "--db", str(db)]
    ran = subprocess.run(
        [sys.executable, "-c", _MEASURED, *command, "--enterprise", "明泰包装"],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=ROOT,
        env=ENV | {"PATH": "/usr/bin:/bin"},
    )
    code, peak_kib = map(int, ran.stdout.split()[:2])
    assert code == 2 and ran.stderr.count("\n") == 1, ran.stderr
    assert "row" in ran.stderr
    assert peak_kib < 400 * 1024


def test_a_recall_list_of_names_with_control_characters_is_written_clean(tmp_path: Path) -> None:
    """A BEL in a name broke the recall export of a positive tube (exit 70)."""
    db = tmp_path / "station.db"
    assert run_main("init", "--site", "Park", "--checkpoint", "North gate", "--db", db).code == 0
    assert run_main("round", "open", "R1", "--db", db).code == 0
    with Store(db) as store:
        rosters.add_person(store, rosters.Person(PERSON, "王五", "明泰包装", "仓储部"))
        tubes.open_tube(store, "TUBE00000001", checkpoint="North gate", round_name="R1", pool_size=5)
        registrations.register(store, PERSON, checkpoint="North gate", round_name="R1")
        results.set_result(store, "TUBE00000001", "positive")
        # As a laptop of an earlier release may hold them: written past today's checks on input.
        with store.write() as conn:
            conn.execute("UPDATE people SET name = ?, department = ?", ("王\x07五", "仓\x00储部"))
    out = tmp_path / "recall.xlsx"
    done = run_main("trace", "TUBE00000001", "--reveal", "--out", out, "--db", db)
    assert done.code == 0, done.stderr
    row = [cell.value for cell in openpyxl.load_workbook(out).worksheets[0][2]]
    assert "王五" in row and "仓储部" in row and PERSON in row, row
