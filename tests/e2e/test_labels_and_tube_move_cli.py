"""Labels printed before the site opens and a broken tube's people moved to a new barcode, through
``main.py`` as staff run them: a printed label opens its tube, the move keeps the recall list, and
every refusal answers ``status`` refused with its reason (exit 2)."""

from __future__ import annotations

from pathlib import Path

import pypdfium2
import pytest

from registration.sampling.scanning import decoders
from tests.registration.ids import make_id

from .cli import Result, run_main

GATE = "North gate"


class Session:
    def __init__(self, db: Path) -> None:
        self.db = db

    def __call__(self, *args: str | Path, code: int = 0) -> Result:
        result = run_main(*args, "--db", self.db)
        assert result.code == code, (args, result.stdout, result.stderr)
        return result


@pytest.fixture
def run(tmp_path: Path) -> Session:
    session = Session(tmp_path / "station.db")
    session("init", "--site", "Park", "--checkpoint", GATE, "--checkpoint", "South gate")
    session("round", "open", "R1", "--pool-size", "10")
    return session


def test_labels_are_printed_decoded_and_opened_as_tubes(run: Session, tmp_path: Path) -> None:
    sheet = run("labels", "--count", "8", "--out", tmp_path / "tubes.pdf", "--json").json()
    assert (sheet["status"], sheet["kind"], sheet["pool"], sheet["count"], sheet["pages"]) == (
        "printed",
        "tube",
        10,
        8,
        1,
    )
    photo = tmp_path / "page.png"
    pdf = pypdfium2.PdfDocument(tmp_path / "tubes.pdf")
    pdf[0].render(scale=200 / 72).to_pil().save(photo)
    pdf.close()
    assert sorted(d.text for d in decoders.decode_file(photo)) == sheet["codes"]
    singles = run(
        "labels", "--count", "2", "--pool", "1", "--dpi", "203", "--out", tmp_path / "singles", "--json"
    ).json()
    assert singles["first"] > sheet["last"] and singles["pages"] == 0
    assert sorted(p.name for p in (tmp_path / "singles").iterdir()) == [f"{c}.png" for c in singles["codes"]]
    boxes = run("labels", "--count", "2", "--kind", "box", "--out", tmp_path / "boxes.pdf").stdout
    assert "2 box labels BOX" in boxes and "(转运箱)" in boxes
    # A printed code is a tube of the campaign: it opens like any tube.
    opened = run("tube", "open", sheet["codes"][0], "--checkpoint", GATE, "--round", "R1", "--json").json()
    assert opened["code"] == sheet["codes"][0]


@pytest.mark.parametrize(
    ("args", "key"),
    [
        (("--count", "0", "--out", "x.pdf"), "labels.count"),
        (("--count", "5", "--out", "x.png"), "labels.out_format"),
        (("--count", "5", "--kind", "box", "--pool", "5", "--out", "x.pdf"), "labels.box_pool"),
        (("--count", "5", "--prefix", "a b", "--out", "x.pdf"), "labels.prefix"),
    ],
)
def test_a_labels_refusal_is_one_line_and_a_json_answer(
    run: Session, tmp_path: Path, args: tuple[str, ...], key: str
) -> None:
    answer = run(
        "labels", *(tmp_path / a if a.endswith((".pdf", ".png")) else a for a in args), "--json", code=2
    )
    said = answer.json()
    assert (said["status"], said["key"]) == ("refused", key)
    assert said["kind"] == ("box" if "box" in args else "tube")
    assert answer.stderr.startswith("error: ") and answer.stderr.count("\n") == 1
    assert said["reason"] in answer.stderr
    assert not list(tmp_path.glob("x.*"))


def test_a_pattern_the_codes_do_not_fit_names_the_prefix(tmp_path: Path) -> None:
    run = Session(tmp_path / "sz.db")
    run("init", "--site", "Park", "--checkpoint", GATE, "--tube-pattern", "SZ[A-Z0-9]{12}")
    refused = run("labels", "--count", "3", "--out", tmp_path / "a.pdf", code=2)
    assert "--prefix" in refused.stderr
    printed = run("labels", "--count", "3", "--prefix", "SZ", "--out", tmp_path / "a.pdf", "--json").json()
    assert all(code.startswith("SZ") for code in printed["codes"])


def test_tube_move_keeps_the_people_in_their_positions(run: Session) -> None:
    run("tube", "open", "CRACKED00001", "--checkpoint", GATE, "--round", "R1")
    for serial in range(1, 4):
        run("register", make_id(serial), "--checkpoint", GATE, "--round", "R1")
    before = run("trace", "CRACKED00001", "--json").json()["members"]
    moved = run("tube", "move", "CRACKED00001", "FRESHTUBE001", "--reason", "cracked", "--json").json()
    assert moved == moved | {
        "status": "moved",
        "old": "CRACKED00001",
        "new": "FRESHTUBE001",
        "reason": "cracked",
        "people": 3,
        "checkpoint": GATE,
        "round": "R1",
        "sealed": False,
    }
    after = run("trace", "FRESHTUBE001", "--json").json()["members"]
    assert [m | {"tube": "CRACKED00001"} for m in after] == before
    # A lab naming the broken tube is pointed to its people: traced, and its result recorded, where they are.
    traced = run("trace", "CRACKED00001", "--json").json()
    assert traced["members"] == after
    [hop] = traced["moved"]
    assert hop == {"tube": "CRACKED00001", "moved_to": "FRESHTUBE001", "reason": "cracked", "at": hop["at"]}
    assert run("trace", "CRACKED00001").stdout.startswith(
        "tube CRACKED00001 is broken: its people were moved to FRESHTUBE001 (cracked)\n\n"
    )
    marked = run("result", "CRACKED00001", "positive", "--json").json()
    assert marked == marked | {"tube": "FRESHTUBE001", "named": "CRACKED00001", "status": "recorded"}
    recalled = run("trace", "--positive", "--json").json()["members"]
    assert recalled == [m | {"result": "positive"} for m in after]
    said = run("register", make_id(4), "--checkpoint", GATE, "--round", "R1", "--json").json()
    assert said["tube"] == {"code": "FRESHTUBE001", "position": 4, "size": 10, "sealed": False}
    text = run("tube", "move", "FRESHTUBE001", "THIRDTUBE001", "--reason", "wrong label").stdout
    assert text == (
        "tube FRESHTUBE001 moved to THIRDTUBE001: 4 people in their positions; "
        "FRESHTUBE001 is broken and never used again\n"
    )


@pytest.mark.parametrize(
    ("args", "key"),
    [
        (("CRACKED00001", "FRESHTUBE001"), "cli.tube_move"),
        (("CRACKED00001", "FRESHTUBE001", "--reason", "cracked"), "tube.broken"),
        (("NOSUCHTUBE01", "ANOTHERTUBE1", "--reason", "cracked"), "tube.unknown"),
        (("OTHERTUBE001", "FRESHTUBE001", "--reason", "cracked"), "tube.used"),
    ],
)
def test_a_refused_move_answers_status_refused_with_the_codes(
    run: Session, args: tuple[str, ...], key: str
) -> None:
    run("tube", "open", "CRACKED00001", "--checkpoint", GATE, "--round", "R1")
    run("register", make_id(1), "--checkpoint", GATE, "--round", "R1")
    run("tube", "move", "CRACKED00001", "FRESHTUBE001", "--reason", "cracked")
    run("tube", "open", "OTHERTUBE001", "--checkpoint", GATE, "--round", "R1", "--pool-size", "1")
    said = run("tube", "move", *args, "--json", code=2).json()
    assert (said["status"], said["key"], said["old"]) == ("refused", key, args[0])
    assert said["new"] == args[1]


def test_tube_open_refuses_a_second_code(run: Session) -> None:
    refused = run(
        "tube", "open", "TUBE00000001", "TUBE00000002", "--checkpoint", GATE, "--round", "R1", code=2
    )
    assert "only tube move takes the new barcode" in refused.stderr
