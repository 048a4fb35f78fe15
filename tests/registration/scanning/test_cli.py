"""The ``scan`` command: one JSON object per code read, unreadable files reported, and --register."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import cv2
import numpy as np
import pytest

import main
from registration.people import keys, personcodes
from registration.sampling.scanning import synthetic
from registration.sampling.scanning.decoders import DecoderUnavailable, ZbarDecoder
from registration.storage.store import Store

from ..ids import make_id

ROOT = Path(__file__).resolve().parents[3]
FIELDS = {"source", "frame", "text", "format", "kind", "colour", "position", "ambiguous"}


def _scan(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, list[dict[str, Any]]]:
    code = main.main(["scan", *args, "--json"])
    return code, [json.loads(line) for line in capsys.readouterr().out.splitlines()]


def test_scanning_a_folder_prints_each_code_and_reports_an_unreadable_file(
    tmp_path: Path, photo_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    shutil.copy(photo_dir / "code128-1" / "2.webp", tmp_path / "1.webp")
    (tmp_path / "2.jpg").write_bytes(b"\xff\xd8 truncated")
    shutil.copy(photo_dir / "qrcode-1" / "13.webp", tmp_path / "3.webp")
    code, lines = _scan(capsys, str(tmp_path))
    assert code == 0
    assert [(line["source"], line.get("text"), line.get("error", "")[-25:]) for line in lines] == [
        (str(tmp_path / "1.webp"), "Code 128", ""),
        (str(tmp_path / "2.jpg"), None, "not an image that can be read"[-25:]),
        (str(tmp_path / "3.webp"), "http://google.com/gwt/n?u=bluenile.com", ""),
    ]
    first, last = lines[0], lines[2]
    assert set(first) == set(last) == FIELDS
    assert (first["format"], first["kind"], first["colour"], first["frame"]) == (
        "Code128",
        "rejected",
        "unknown",
        0,
    )
    assert (last["format"], last["kind"], last["frame"]) == ("QRCode", "foreign_code", 2)
    assert len(last["position"]) == 4 and all(len(p) == 2 for p in last["position"])


def test_the_command_line_contract_holds_in_a_real_process(photo_dir: Path) -> None:
    photo = photo_dir / "qrcode-1" / "13.webp"
    run = subprocess.run(
        [sys.executable, "main.py", "scan", str(photo), "--backend", "zxing", "--json"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert run.returncode == 0, run.stderr
    (line,) = [json.loads(x) for x in run.stdout.splitlines()]
    assert line["text"] == "http://google.com/gwt/n?u=bluenile.com" and line["source"] == str(photo)


def test_an_id_number_read_is_masked_in_the_output(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    rng = np.random.default_rng(8)
    cv2.imwrite(str(tmp_path / "id.png"), synthetic.phone_shot(make_id(3), "green", rng, code_px=240).image)
    code, lines = _scan(capsys, str(tmp_path / "id.png"))
    assert code == 0
    assert [(x["kind"], x["colour"], x["text"]) for x in lines] == [
        ("id_number", "green", make_id(3)[:4] + "*" * 10 + make_id(3)[-4:])
    ]


def test_register_opens_the_tube_then_registers_and_knows_a_returning_person(
    store: Store, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    person = personcodes.sign(keys.create_campaign_key(store), make_id(11))
    video = tmp_path / "queue.mp4"
    synthetic.demo_video(
        video, ["TUBE00000042", person, person], tubes={"TUBE00000042"}, show_frames=25, gap_frames=30, seed=5
    )
    args = [
        "--register",
        "--db",
        str(store.path),
        "--checkpoint",
        "North gate",
        "--round",
        "R1",
        "--away",
        "1",
    ]
    code, lines = _scan(capsys, str(video), *args)
    assert code == 0
    assert [(x["kind"], x["colour"], x["registration"]["status"]) for x in lines] == [
        ("tube", "unknown", "tube_opened"),
        ("person_code", "green", "registered"),
        ("person_code", "green", "already_registered"),
    ]
    assert lines[1]["registration"]["tube"] == {
        "code": "TUBE00000042",
        "position": 1,
        "size": 10,
        "sealed": False,
    }
    assert make_id(11) not in json.dumps(lines)
    registered = store.conn.execute("SELECT person, tube, source FROM registrations").fetchall()
    assert [tuple(r) for r in registered] == [(make_id(11), "TUBE00000042", "camera")]


def test_register_takes_a_red_code_alone_into_the_next_tube_then_the_pooled_tube_resumes(
    store: Store, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    video = tmp_path / "queue.mp4"
    codes = ["TUBE00000042", make_id(1), make_id(2), "TUBE00000043", make_id(3)]
    synthetic.demo_video(
        video,
        codes,
        colours=["green", "green", "red", "green", "green"],
        tubes={"TUBE00000042", "TUBE00000043"},
        show_frames=25,
        gap_frames=30,
        seed=7,
    )
    args = ["--register", "--db", str(store.path), "--checkpoint", "North gate", "--round", "R1"]
    code, lines = _scan(capsys, str(video), *args, "--away", "1")
    assert code == 0
    assert [(x["colour"], x["registration"]["status"]) for x in lines] == [
        ("unknown", "tube_opened"),
        ("green", "registered"),
        ("red", "rejected"),
        ("unknown", "tube_opened"),
        ("green", "registered"),
    ]
    # The single tube opened for the red code, the person waiting went into it, and it sealed.
    assert lines[3]["registration"]["tube"]["size"] == 1
    assert lines[3]["waiting"]["status"] == "registered"
    assert lines[3]["waiting"]["tube"] == {"code": "TUBE00000043", "position": 1, "size": 1, "sealed": True}
    assert lines[4]["registration"]["tube"]["code"] == "TUBE00000042"
    assert lines[4]["registration"]["tube"]["position"] == 2
    held = store.conn.execute("SELECT person, tube, position, colour FROM registrations")
    assert {tuple(r) for r in held} == {
        (make_id(1), "TUBE00000042", 1, "green"),
        (make_id(3), "TUBE00000042", 2, "green"),
        (make_id(2), "TUBE00000043", 1, "red"),
    }


def test_ambiguous_codes_are_not_registered(
    store: Store, photo_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    args = ["--register", "--db", str(store.path), "--checkpoint", "North gate", "--round", "R1"]
    code, lines = _scan(capsys, str(photo_dir / "qrcode-2" / "16.webp"), *args)
    assert code == 0 and len(lines) == 2
    assert all(x["ambiguous"] and x["registration"]["status"] == "ambiguous" for x in lines)
    assert store.conn.execute("SELECT count(*) FROM registrations").fetchone()[0] == 0


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["nowhere.png"], "no such file or folder"),
        (["96"], "no camera"),
        (["0", "--register"], "needs --checkpoint and --round"),
    ],
)
def test_bad_input_is_refused_in_one_line(
    args: list[str], message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main.main(["scan", *args]) == 2
    err = capsys.readouterr().err.strip()
    assert message in err and len(err.splitlines()) == 1


def test_a_lone_unreadable_file_fails_the_command(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "x.png").write_bytes(b"junk")
    code, lines = _scan(capsys, str(tmp_path / "x.png"))
    assert code == 2 and lines == [
        {"source": str(tmp_path / "x.png"), "error": f"{tmp_path / 'x.png'}: not an image that can be read"}
    ]


def test_the_zbar_backend_reads_where_its_library_is_installed(
    photo_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    try:
        ZbarDecoder()
    except DecoderUnavailable as exc:
        pytest.skip(f"zbar library not loadable here: {exc}")
    code, lines = _scan(capsys, str(photo_dir / "qrcode-1" / "13.webp"), "--backend", "zbar")
    assert code == 0 and [x["text"] for x in lines] == ["http://google.com/gwt/n?u=bluenile.com"]
