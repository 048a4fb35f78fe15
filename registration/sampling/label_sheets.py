"""Drawing labels: a Code 128 barcode of the code, the code in text below it and, above, the pool the
tube is for (十混一, 五混一, 单管) or 转运箱; on A4 sheets of a common label layout (one PDF) or one
PNG per label at a thermal label printer's 203 or 300 dpi.

The bars come from zxing-cpp, the project's decoder, and each is a whole number of dots wide: a
code too long for its label is refused before anything is recorded (``fits``), never squeezed.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import zxingcpp
from PIL import Image, ImageDraw, ImageFont

from registration.people import badges
from registration.sampling.labels import Printed
from registration.setup.campaign import CampaignError
from registration.storage import files

MM_PER_INCH = 25.4
A4 = (210.0, 297.0)
SHEET_DPI = 600
"""A laser printer's: bars of whole dots come closer to the widths a label has room for."""
DPIS = (203, 300)
QUIET = 10
"""Modules of white each side of the bars: Code 128's least."""
MIN_MODULE = 2
"""Dots per module at least: bars one dot wide smear on a thermal head and under toner."""


@dataclass(frozen=True)
class Sheet:
    """A sheet of labels: columns x rows of labels of width x height mm, centred on A4."""

    columns: int
    rows: int
    width: float
    height: float


SHEETS = {"3x8": Sheet(3, 8, 70.0, 37.0), "4x10": Sheet(4, 10, 52.5, 29.7)}
DEFAULT_SHEET = "3x8"
THERMAL = {"tube": (50.0, 25.0), "box": (60.0, 40.0)}
"""A thermal printer's label of each kind, mm: common tube and box labels."""
# Blank kept around a label's content: a laser printer cannot print to a sheet's edge, a thermal
# printer can almost.
SHEET_INSET = 3.0
THERMAL_INSET = 1.5


def dots(mm: float, dpi: int) -> int:
    return round(mm * dpi / MM_PER_INCH)


@dataclass(frozen=True)
class Target:
    """Where labels of ``kind`` go: a PDF of A4 ``sheet`` pages, or a directory of one PNG per label
    at ``dpi``."""

    out: Path
    sheet: str = DEFAULT_SHEET
    dpi: int = 300
    kind: str = "tube"

    @property
    def pdf(self) -> bool:
        return self.out.suffix.lower() == ".pdf"

    @property
    def label_mm(self) -> tuple[float, float]:
        if self.pdf:
            chosen = SHEETS[self.sheet]
            return chosen.width, chosen.height
        return THERMAL[self.kind]

    @property
    def resolution(self) -> int:
        return SHEET_DPI if self.pdf else self.dpi

    @property
    def inset(self) -> float:
        return SHEET_INSET if self.pdf else THERMAL_INSET


def target(out: Path, sheet: str = DEFAULT_SHEET, dpi: int = 300, kind: str = "tube") -> Target:
    """The target ``out`` names for labels of ``kind`` (FILE.pdf, or a directory: one there, or a name
    without a suffix); CampaignError for any other file, an unknown sheet or kind, or a printer's
    resolution not in ``DPIS``."""
    if kind not in THERMAL:
        raise CampaignError("labels.kind", kind=kind, kinds=", ".join(THERMAL))
    if sheet not in SHEETS:
        raise CampaignError("labels.sheet", sheet=sheet, sheets=", ".join(SHEETS))
    if dpi not in DPIS:
        raise CampaignError("labels.dpi", dpi=dpi, dpis=" or ".join(map(str, DPIS)))
    if out.suffix.lower() != ".pdf" and not out.is_dir() and (out.suffix or out.exists()):
        raise CampaignError("labels.out_format", out=out)
    return Target(out, sheet, dpi, kind)


def modules(code: str) -> np.ndarray:
    """The code's Code 128 symbol as one row of modules, True where a bar is, without quiet zones."""
    symbol = zxingcpp.create_barcode(code, zxingcpp.BarcodeFormat.Code128)
    row = np.asarray(symbol.to_image(scale=1, add_quiet_zones=False))[0]
    return np.asarray(row < 128)


def module_dots(code: str, where: Target) -> int:
    """How many dots wide each module of ``code``'s bars is on ``where``'s labels; CampaignError
    ``labels.too_wide`` when it would be under ``MIN_MODULE``."""
    width, _ = where.label_mm
    room = dots(width - 2 * where.inset, where.resolution)
    size = room // (len(modules(code)) + 2 * QUIET)
    if size < MIN_MODULE:
        raise CampaignError("labels.too_wide", code=code, width=width, dpi=where.resolution)
    return size


def fits(where: Target) -> Callable[[str], None]:
    """The check ``labels.reserve`` hands the first code: every code of a range is as wide as it."""

    def check(code: str) -> None:
        module_dots(code, where)

    return check


@dataclass(frozen=True)
class Written:
    labels: int
    pages: int
    files: list[str] = field(default_factory=list)
    font: str | None = None


def draw(code: str, word: str, where: Target, fonts: badges.Fonts) -> Image.Image:
    """One label, black on white: ``word`` above the bars, the code in text below them."""
    width_mm, height_mm = where.label_mm
    dpi = where.resolution
    width, height, inset = dots(width_mm, dpi), dots(height_mm, dpi), dots(where.inset, dpi)
    label = Image.new("1", (width, height), 1)
    pen = ImageDraw.Draw(label)
    room = width - 2 * inset
    above = badges.fitting(pen, word, fonts, round(height * 0.17), room)
    below = badges.fitting(pen, code, fonts, round(height * 0.14), room)
    gap = max(dots(0.8, dpi), 2)
    top = _centred(pen, word, above, width, inset) + gap
    bottom = height - inset - _ink_height(pen, code, below)
    _centred(pen, code, below, width, bottom)
    row = modules(code)
    bars = Image.fromarray(np.where(row, 0, 255).astype(np.uint8)[np.newaxis, :], "L")
    bars = bars.resize(
        (len(row) * module_dots(code, where), max(bottom - gap - top, 1)), Image.Resampling.NEAREST
    )
    label.paste(bars.convert("1"), ((width - bars.width) // 2, top))
    return label


Font = ImageFont.FreeTypeFont | ImageFont.ImageFont


def _ink_height(pen: ImageDraw.ImageDraw, text: str, font: Font) -> int:
    _, top, _, bottom = pen.textbbox((0, 0), text, font=font)
    return int(bottom - top)


def _centred(pen: ImageDraw.ImageDraw, text: str, font: Font, width: int, y: int) -> int:
    """Draw ``text`` centred across the label with its ink's top at ``y``; where its ink ends below."""
    left, top, right, bottom = pen.textbbox((0, 0), text, font=font)
    pen.text(((width - (right - left)) // 2 - left, y - top), text, font=font, fill=0)
    return int(y + bottom - top)


def pages(codes: Sequence[str], word: str, where: Target, fonts: badges.Fonts) -> Iterator[Image.Image]:
    """A4 pages of ``where.sheet``'s layout, the labels in reading order, drawn one page at a time."""
    sheet = SHEETS[where.sheet]
    dpi = where.resolution
    left = (A4[0] - sheet.columns * sheet.width) / 2
    top = (A4[1] - sheet.rows * sheet.height) / 2
    per_page = sheet.columns * sheet.rows
    for start in range(0, len(codes), per_page):
        page = Image.new("1", (dots(A4[0], dpi), dots(A4[1], dpi)), 1)
        for slot, code in enumerate(codes[start : start + per_page]):
            column, row = slot % sheet.columns, slot // sheet.columns
            x, y = left + column * sheet.width, top + row * sheet.height
            page.paste(draw(code, word, where, fonts), (dots(x, dpi), dots(y, dpi)))
        yield page


def write(where: Target, printed: Printed) -> Written:
    """Draw a printed range's labels to ``where``: a PDF of sheets, or one PNG per label named by its code."""
    fonts = badges.Fonts.find()
    codes = printed.codes
    if where.pdf:
        count = badges.write_pdf(where.out, pages(codes, printed.word, where, fonts), SHEET_DPI)
        return Written(len(codes), count, [str(where.out)], fonts.path)
    files.private_dir(where.out)
    written = []
    for code in codes:
        path = where.out / f"{code}.png"
        badges.save_png(draw(code, printed.word, where, fonts), path, where.dpi)
        written.append(str(path))
    return Written(len(codes), 0, written, fonts.path)
