"""Tube and box labels printed ahead: every code printed once in the campaign, across print runs and
laptops; a printed sheet, rendered as a scanner sees the page, and a label printer's PNG decode to
exactly the codes recorded; a campaign pattern the codes do not fit is refused with the way out."""

from __future__ import annotations

import functools
from pathlib import Path

import numpy as np
import pypdfium2
import pytest
from PIL import Image

from registration.sampling import label_sheets, labels, payloads, tubes
from registration.sampling.scanning import decoders
from registration.sampling.scanning.pipeline import Pipeline
from registration.sampling.scanning.sources import ImageFiles
from registration.setup import campaign
from registration.setup.campaign import CampaignError
from registration.storage import events
from registration.storage.store import Store


def _laptop(path: Path, **extra: str) -> Store:
    store = Store(path)
    campaign.init(store, "Torch Park", ["North gate"], **extra)
    return store


def _print(
    store: Store, out: Path, request: labels.Request, sheet: str = "3x8", dpi: int = 300
) -> labels.Printed:
    where = label_sheets.target(out, sheet, dpi, request.kind)
    printed = labels.reserve(store, request, check=label_sheets.fits(where))
    label_sheets.write(where, printed)
    return printed


def _exchange(one: Store, other: Store) -> None:
    """What a sync does between two laptops: each applies the other's events."""
    mine = [events.from_row(r) for r in one.conn.execute("SELECT * FROM events ORDER BY seq")]
    theirs = [events.from_row(r) for r in other.conn.execute("SELECT * FROM events ORDER BY seq")]
    with one.write() as conn:
        events.ingest_many(conn, theirs)
    with other.write() as conn:
        events.ingest_many(conn, mine)


def _recorded(store: Store) -> int:
    return int(store.conn.execute("SELECT count(*) FROM label_ranges").fetchone()[0])


def test_codes_never_repeat_across_print_runs_and_two_laptops(tmp_path: Path) -> None:
    north, south = _laptop(tmp_path / "north.db"), _laptop(tmp_path / "south.db")
    runs = [
        labels.reserve(north, labels.Request(30)),
        labels.reserve(north, labels.Request(7, pool=5)),
        labels.reserve(south, labels.Request(30)),
    ]
    # A code used as a tube already (typed by hand, say) is stepped over, never printed.
    series = labels.series_of(events.device_id(south.conn))
    taken = labels.code("", series, 31)
    tubes.open_tube(south, taken, checkpoint="North gate", round_name=_round(south))
    runs.append(labels.reserve(south, labels.Request(5)))
    _exchange(north, south)
    runs.append(labels.reserve(north, labels.Request(4, kind="box")))
    runs.append(labels.reserve(south, labels.Request(3, pool=1)))
    _exchange(north, south)
    codes = [code for run in runs for code in run.codes]
    assert len(codes) == len(set(codes)) == 30 + 7 + 30 + 5 + 4 + 3
    assert taken not in codes
    assert runs[3].first == 32
    assert runs[0].series != runs[2].series
    assert runs[1].first == 31  # numbers go on after the laptop's last range
    # Each laptop knows every range printed, its own and the other's, and the ranges are the events'.
    for store in (north, south):
        known = {(p.series, p.first, p.count) for p in labels.ranges(store.conn)}
        assert known == {(p.series, p.first, p.count) for p in runs}
    for code in runs[4].codes:
        assert code.startswith("BOX") and payloads.is_box(code)
    assert [runs[n].word for n in range(6)] == ["十混一", "五混一", "十混一", "十混一", "转运箱", "单管"]
    north.close()
    south.close()


def _round(store: Store) -> str:
    campaign.open_round(store, "R1", pool_size=10)
    return "R1"


def _decoded(image_path: Path, backend: str) -> list[str]:
    return [found.text for found in decoders.decode_file(image_path, backend)]


@pytest.mark.parametrize(("sheet", "count", "kind"), [("3x8", 24, "tube"), ("4x10", 40, "box")])
def test_a_printed_page_rendered_as_a_scanner_sees_it_gives_every_code_exactly_once(
    tmp_path: Path, sheet: str, count: int, kind: str
) -> None:
    store = _laptop(tmp_path / "office.db")
    printed = _print(store, tmp_path / "labels.pdf", labels.Request(count, kind=kind), sheet)
    pdf = pypdfium2.PdfDocument(tmp_path / "labels.pdf")
    assert len(pdf) == 1
    page = pdf[0]
    assert (round(page.get_width() / 72 * 25.4), round(page.get_height() / 72 * 25.4)) == (210, 297)
    photo = tmp_path / "page.png"
    page.render(scale=300 / 72, grayscale=True).to_pil().save(photo)
    pdf.close()
    for backend in ("zxing", "zbar"):  # the project's two decoders: the bars are Code 128 as such
        assert sorted(_decoded(photo, backend)) == printed.codes, backend
    if kind == "tube":
        # The station's scan pipeline takes each of them for a tube of this campaign.
        classify = functools.partial(payloads.classify, tube_pattern=campaign.tube_pattern(store.conn))
        pipeline = Pipeline(ImageFiles(photo), classify=classify)
        pipeline.open()
        step = pipeline.step()
        pipeline.close()
        assert step is not None
        assert sorted(r.text for r in step.reports) == printed.codes
        assert {r.payload.kind for r in step.reports} == {payloads.Kind.TUBE}
    store.close()


@pytest.mark.parametrize(("dpi", "kind"), [(203, "tube"), (300, "tube"), (203, "box")])
def test_a_label_printer_s_pngs_decode_at_its_resolution(tmp_path: Path, dpi: int, kind: str) -> None:
    store = _laptop(tmp_path / "office.db")
    printed = _print(store, tmp_path / "labels", labels.Request(3, kind=kind), dpi=dpi)
    files = sorted((tmp_path / "labels").iterdir())
    assert [f.name for f in files] == [f"{code}.png" for code in printed.codes]
    width, height = label_sheets.THERMAL[kind]
    for path, code in zip(files, printed.codes, strict=True):
        with Image.open(path) as label:
            assert label.size == (label_sheets.dots(width, dpi), label_sheets.dots(height, dpi))
            assert round(label.info["dpi"][0]) == dpi
            # Whole dots per bar: every column is all black or all white across the bars' middle.
            middle = np.asarray(label.convert("L"))[label.height // 2]
            assert set(np.unique(middle)) <= {0, 255}
        for backend in ("zxing", "zbar"):
            assert _decoded(path, backend) == [code], backend
    store.close()


def test_a_pattern_the_codes_do_not_fit_is_refused_and_a_prefix_is_the_way_out(tmp_path: Path) -> None:
    store = _laptop(tmp_path / "sz.db", tube_pattern=r"SZ[A-Z0-9]{12}")
    with pytest.raises(CampaignError) as refused:
        _print(store, tmp_path / "x.pdf", labels.Request(5))
    assert refused.value.reason.key == "labels.pattern"
    assert "--prefix" in str(refused.value)
    assert _recorded(store) == 0 and not (tmp_path / "x.pdf").exists()
    printed = _print(store, tmp_path / "sz.pdf", labels.Request(5, prefix="sz"))
    assert all(code.startswith("SZ") and len(code) == 14 for code in printed.codes)
    store.close()


def test_a_code_too_long_for_a_thermal_label_is_refused_before_anything_is_recorded(tmp_path: Path) -> None:
    store = _laptop(tmp_path / "long.db", tube_pattern=r"[A-Z0-9]{10,24}")
    with pytest.raises(CampaignError) as refused:
        _print(store, tmp_path / "pngs", labels.Request(2, prefix="ABCDEFGH"), dpi=203)
    assert refused.value.reason.key == "labels.too_wide"
    assert _recorded(store) == 0
    assert len(_print(store, tmp_path / "sheet.pdf", labels.Request(2, prefix="ABCDEFGH")).codes) == 2
    store.close()


@pytest.mark.parametrize(
    ("request_", "key"),
    [
        (labels.Request(0), "labels.count"),
        (labels.Request(labels.MAX_COUNT + 1), "labels.count"),
        (labels.Request(3, pool=3), "labels.pool"),
        (labels.Request(3, kind="box", pool=10), "labels.box_pool"),
        (labels.Request(3, kind="rack"), "labels.kind"),
        (labels.Request(3, prefix="A-B"), "labels.prefix"),
    ],
)
def test_a_request_that_makes_no_sense_is_refused(tmp_path: Path, request_: labels.Request, key: str) -> None:
    store = _laptop(tmp_path / "c.db")
    with pytest.raises(CampaignError) as refused:
        labels.reserve(store, request_)
    assert refused.value.reason.key == key
    assert _recorded(store) == 0
    store.close()


@pytest.mark.parametrize(
    ("name", "sheet", "dpi", "key"),
    [
        ("labels.png", "3x8", 300, "labels.out_format"),
        ("x.pdf", "5x5", 300, "labels.sheet"),
        ("d", "3x8", 600, "labels.dpi"),
    ],
)
def test_an_output_that_is_no_sheet_or_printer_is_refused(
    tmp_path: Path, name: str, sheet: str, dpi: int, key: str
) -> None:
    with pytest.raises(CampaignError) as refused:
        label_sheets.target(tmp_path / name, sheet, dpi)
    assert refused.value.reason.key == key


def test_a_laptop_s_series_runs_out_and_says_so(tmp_path: Path) -> None:
    store = _laptop(tmp_path / "c.db")
    with store.write() as conn:  # as if a million labels had been printed here
        conn.execute(
            "INSERT INTO label_ranges VALUES ('e', 'tube', 10, '', ?, 1, ?, 'd', 'now')",
            (labels.series_of(events.device_id(conn)), labels.LAST_SEQ - 3),
        )
    with pytest.raises(CampaignError) as refused:
        labels.reserve(store, labels.Request(10))
    assert refused.value.reason.params["left"] == 3
    assert labels.reserve(store, labels.Request(10, prefix="B")).first == 1
    store.close()


def test_a_printed_label_opens_its_tube_with_the_pool_it_says(tmp_path: Path) -> None:
    store = _laptop(tmp_path / "c.db")
    campaign.open_round(store, "R1", pool_size=10)
    single, five = (
        labels.reserve(store, labels.Request(2, pool=1)),
        labels.reserve(store, labels.Request(2, pool=5)),
    )
    pooled = tubes.open_tube(store, five.codes[0], checkpoint="North gate", round_name="R1")
    assert pooled.size == 5
    # A single tube's label opens a single tube beside the half-full pooled one.
    assert tubes.open_tube(store, single.codes[0], checkpoint="North gate", round_name="R1").size == 1
    told = tubes.open_tube(store, single.codes[1], checkpoint="North gate", round_name="R1", pool_size=1)
    assert told.size == 1
    assert (
        tubes.open_tube(store, "HANDWRITTEN1", checkpoint="North gate", round_name="R1", pool_size=1).size
        == 1
    )
    assert labels.pool_of(store.conn, "HANDWRITTEN1") is None
    assert labels.pool_of(store.conn, five.codes[1]) == 5
    assert labels.pool_of(store.conn, labels.code("", five.series, five.first + 2)) is None
    store.close()
