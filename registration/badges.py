"""Printable person-code badges for people without a smartphone: A4 sheets of cards, each with the
name, enterprise, masked ID number and a QR code large enough to scan from paper or a phone screen.

Pages are written as they are drawn (PDF in batches), so a park's whole roster fits in memory.
"""

from __future__ import annotations

import re
import shutil
import sqlite3
import subprocess
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import qrcode
import qrcode.constants
import qrcode.util
from PIL import Image, ImageDraw, ImageFont

from registration import identity, keys, personcodes, rosters
from registration.campaign import CampaignError
from registration.store import Store

DPI = 300
PAGE = (2480, 3508)  # A4 at 300 dpi
COLUMNS, ROWS = 2, 3
PAGE_MARGIN = 90
CARD_PADDING = 50
QR_SIDE = 760  # about 64 mm: a module is over 1 mm
PDF_BATCH = 20
_KNOWN_FONTS = (
    ("/usr/share/fonts/opentype/noto/NotoSansCJK-Bold.ttc", 2),
    ("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc", 2),
    ("/usr/share/fonts/noto-cjk/NotoSansCJK-Bold.ttc", 2),
    ("C:/Windows/Fonts/msyhbd.ttc", 0),
    ("C:/Windows/Fonts/simhei.ttf", 0),
    ("/System/Library/Fonts/PingFang.ttc", 0),
)
_UNSAFE_FILENAME = re.compile(r"[^\w·-]+")


@dataclass(frozen=True)
class Badge:
    name: str
    enterprise: str
    department: str | None
    masked_id: str
    code: str


@dataclass
class IssueReport:
    badges: int = 0
    pages: int = 0
    files: list[str] = field(default_factory=list)
    font: str | None = None
    warnings: list[str] = field(default_factory=list)


def chosen_people(
    conn: sqlite3.Connection, enterprise: str | None, ids: Sequence[str] = ()
) -> list[rosters.Person]:
    """The roster people of ``enterprise`` (everyone's when None), or only those of ``ids``."""
    if not ids:
        return rosters.on_roster(conn, enterprise)
    people = []
    for number in dict.fromkeys(identity.normalise_id(i) for i in ids):
        person = rosters.get(conn, number)
        if person is None or not person.on_roster or enterprise not in (None, person.enterprise):
            raise CampaignError(f"{identity.mask_id(number)} is not on the roster{_of(enterprise)}")
        people.append(person)
    return people


def _of(enterprise: str | None) -> str:
    return f" of {enterprise}" if enterprise else ""


def issuing_key(store: Store) -> personcodes.SigningKey:
    """The campaign's signing key; made here on first use, unless another station already holds it."""
    with store.read() as conn:
        key = keys.signing_key(conn)
        published = keys.public_keys(conn)
    if key is None and published:
        raise CampaignError(
            "this station holds only the campaign's public key: "
            "person codes are issued on the administrator's station"
        )
    return key or keys.create_campaign_key(store)


def issue(store: Store, out: Path, *, enterprise: str | None = None, ids: Sequence[str] = ()) -> IssueReport:
    """Write badges to ``out``: FILE.pdf (A4 pages), FILE.png (A4 pages, FILE-2.png ...) or a directory
    of one PNG per card."""
    suffix = "" if out.is_dir() else out.suffix.lower()
    if suffix not in (".pdf", ".png", ""):
        raise CampaignError(f"{out}: write a .pdf or .png file, or a directory")
    with store.read() as conn:
        people = chosen_people(conn, enterprise, ids)
    if not people:
        raise CampaignError(f"nobody is on the roster{_of(enterprise)}: no badge to print")
    key = issuing_key(store)
    badges = [
        Badge(
            p.name,
            p.enterprise,
            p.department,
            identity.mask_id(p.id_number),
            personcodes.sign(key, p.id_number),
        )
        for p in people
    ]
    fonts = Fonts.find()
    report = IssueReport(badges=len(badges), font=fonts.path)
    if fonts.path is None:
        report.warnings.append("no Chinese font found (install fonts-noto-cjk): names may not print")
    if suffix == ".pdf":
        report.files = [str(out)]
        report.pages = _write_pdf(out, pages(badges, fonts))
    elif suffix == ".png":
        for number, page in enumerate(pages(badges, fonts), start=1):
            target = out if number == 1 else out.with_name(f"{out.stem}-{number}{out.suffix}")
            _save(page, target)
            report.files.append(str(target))
        report.pages = len(report.files)
    else:
        out.mkdir(parents=True, exist_ok=True)
        for number, badge in enumerate(badges, start=1):
            target = out / f"{number:05d}-{_UNSAFE_FILENAME.sub('_', badge.name)}.png"
            _save(card(badge, fonts), target)
            report.files.append(str(target))
    return report


def _save(image: Image.Image, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    image.save(path, dpi=(DPI, DPI))


def _write_pdf(path: Path, drawn: Iterable[Image.Image]) -> int:
    path.parent.mkdir(parents=True, exist_ok=True)
    count = 0
    batch: list[Image.Image] = []
    for page in drawn:
        batch.append(page)
        if len(batch) == PDF_BATCH:
            _append_pdf(path, batch, append=count > 0)
            count += len(batch)
            batch = []
    if batch or count == 0:
        _append_pdf(path, batch, append=count > 0)
        count += len(batch)
    return count


def _append_pdf(path: Path, batch: list[Image.Image], *, append: bool) -> None:
    first, *rest = batch
    first.save(path, "PDF", resolution=DPI, save_all=True, append_images=rest, append=append)


@dataclass(frozen=True)
class Fonts:
    path: str | None
    index: int

    @classmethod
    def find(cls) -> Fonts:
        found = _cjk_font()
        return cls(*found) if found else cls(None, 0)

    def get(self, size: int) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
        if self.path is None:
            return ImageFont.load_default(size)
        return _truetype(self.path, self.index, size)


@cache
def _truetype(path: str, index: int, size: int) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(path, size, index=index)


@cache
def _cjk_font() -> tuple[str, int] | None:
    """A bold font with simplified Chinese: what fontconfig offers for zh-cn, else a known path."""
    for path, index in (*_fontconfig_cjk(), *_KNOWN_FONTS):
        if Path(path).is_file():
            return path, index
    return None


def _fontconfig_cjk() -> list[tuple[str, int]]:
    if not shutil.which("fc-match"):
        return []
    try:
        answer = subprocess.run(
            ["fc-match", "sans-serif:lang=zh-cn:weight=bold", "-f", "%{file}|%{index}|%{lang}"],
            capture_output=True,
            text=True,
            timeout=10,
            check=True,
        ).stdout
    except (subprocess.SubprocessError, OSError):
        return []
    path, index, *langs = answer.split("|")
    # fontconfig always answers; only a font that covers zh-cn will do.
    return [(path, int(index))] if "zh-cn" in langs and index.isdigit() else []


def qr_image(code: str, side: int = QR_SIDE) -> Image.Image:
    """The code as a QR symbol (alphanumeric mode, level M, 4-module quiet zone), whole pixels per module."""
    qr = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, border=4)
    qr.add_data(qrcode.util.QRData(code, mode=qrcode.util.MODE_ALPHA_NUM))
    qr.make(fit=True)
    matrix = qr.get_matrix()
    modules = len(matrix)
    small = Image.new("1", (modules, modules), 1)
    small.putdata([0 if dark else 1 for row in matrix for dark in row])
    scale = max(side // modules, 1)
    return small.resize((modules * scale, modules * scale), Image.Resampling.NEAREST)


def card_size() -> tuple[int, int]:
    width = (PAGE[0] - 2 * PAGE_MARGIN) // COLUMNS
    height = (PAGE[1] - 2 * PAGE_MARGIN) // ROWS
    return width, height


def card(badge: Badge, fonts: Fonts) -> Image.Image:
    """One badge: a cut line, the QR code on top, the person below it."""
    width, height = card_size()
    image = Image.new("1", (width, height), 1)
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, 0, width - 1, height - 1), outline=0, width=2)
    symbol = qr_image(badge.code)
    image.paste(symbol, ((width - symbol.width) // 2, CARD_PADDING // 2))
    y = CARD_PADDING // 2 + symbol.height + 10
    lines = [
        (badge.name, 84),
        (badge.enterprise, 46),
        (badge.department or "", 40),
        (badge.masked_id, 44),
    ]
    for text, size in lines:
        if not text:
            continue
        font = _fitting(draw, text, fonts, size, width - 2 * CARD_PADDING)
        left, top, right, bottom = draw.textbbox((0, 0), text, font=font)
        draw.text(((width - (right - left)) // 2 - left, y - top), text, font=font, fill=0)
        y += int(bottom - top) + size // 3
    return image


def _fitting(
    draw: ImageDraw.ImageDraw, text: str, fonts: Fonts, size: int, width: int
) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    """The font at ``size``, smaller when a long enterprise name would overflow the card."""
    while size > 16:
        font = fonts.get(size)
        left, _, right, _ = draw.textbbox((0, 0), text, font=font)
        if right - left <= width:
            return font
        size = size * 9 // 10
    return fonts.get(size)


def pages(badges: Sequence[Badge], fonts: Fonts) -> Iterator[Image.Image]:
    """A4 pages of ``COLUMNS`` x ``ROWS`` cards, drawn one page at a time."""
    width, height = card_size()
    per_page = COLUMNS * ROWS
    for start in range(0, len(badges), per_page):
        page = Image.new("1", PAGE, 1)
        for slot, badge in enumerate(badges[start : start + per_page]):
            column, row = slot % COLUMNS, slot // COLUMNS
            page.paste(card(badge, fonts), (PAGE_MARGIN + column * width, PAGE_MARGIN + row * height))
        yield page
