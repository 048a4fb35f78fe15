"""``main.py register`` starts as a small process: one command per person in a shell loop."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from tests.registration.ids import make_id

from .cli import ROOT, run_main

# What register never needs: the camera stack, the window, the server and its wire schema, the
# spreadsheet and badge libraries, sqlite-utils (its numpy comes with it) and the signing library.
HEAVY = (
    "cv2",
    "numpy",
    "zxingcpp",
    "pyzbar",
    "PySide6",
    "fastapi",
    "uvicorn",
    "httpx",
    "pydantic",
    "sqlalchemy",
    "psycopg",
    "openpyxl",
    "PIL",
    "qrcode",
    "sqlite_utils",
    "cryptography",
)

_PROBE = """
import json, sys
sys.argv = ["main.py", *sys.argv[1:]]
import main
code = main.main(sys.argv[1:])
print(json.dumps({"code": code, "modules": sorted(sys.modules)}))
"""


def test_register_loads_no_heavy_library(tmp_path: Path) -> None:
    db = tmp_path / "station.db"
    for step in (
        ("init", "--site", "Park", "--checkpoint", "A"),
        ("round", "open", "R1"),
        ("tube", "open", "TUBE00000001", "--checkpoint", "A", "--round", "R1"),
    ):
        assert run_main(*step, "--db", db).code == 0
    args = ["register", make_id(1), "--checkpoint", "A", "--round", "R1", "--db", str(db), "--json"]
    proc = subprocess.run(
        [sys.executable, "-c", _PROBE, *args], capture_output=True, text=True, cwd=ROOT, timeout=60
    )
    lines = proc.stdout.splitlines()
    assert json.loads(lines[0])["status"] == "registered", proc.stderr
    loaded = json.loads(lines[-1])
    assert loaded["code"] == 0
    heavy = sorted({m.split(".")[0] for m in loaded["modules"]} & set(HEAVY))
    assert heavy == []
