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

from registration.errors import Reason
from registration.people import identity, keys, personcodes
from registration.setup import rosters
from registration.setup.campaign import CampaignError
from registration.storage import authority, files, tables
from registration.storage.store import Store

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


@dataclass(frozen=True)
class Choice:
    """Which roster people get badges. Every criterion given narrows the choice; each of ``ids``
    then names one person within it, by full ID number or masked as every list shows it
    (``4401**********8771``), so that ``enterprise`` with a masked ID picks one person."""

    enterprise: str | None = None
    department: str | None = None
    search: str | None = None
    phone_tail: str | None = None
    ids: Sequence[str] = ()

    def describe(self) -> Reason:
        """The criteria given, in words (" of ACME in department Packing"); none, no words."""
        given = (
            ("enterprise", "badge.choice_enterprise", self.enterprise),
            ("department", "badge.choice_department", self.department),
            ("search", "badge.choice_search", self.search),
            ("phone_tail", "badge.choice_phone_tail", self.phone_tail),
        )
        return Reason("badge.choice", **{name: Reason(key, value=v) if v else "" for name, key, v in given})


_MASKED = re.compile(r"([0-9]{4})\*+([0-9]{3}[0-9X])")


def chosen_people(conn: sqlite3.Connection, choice: Choice) -> list[rosters.Person]:
    """The roster people ``choice`` names, in print order; an ID matching nobody, or a masked one
    matching several, is refused."""
    if choice.phone_tail is not None and not (
        choice.phone_tail.isdigit() and 4 <= len(choice.phone_tail) <= 11
    ):
        raise CampaignError("badge.phone_tail", tail=choice.phone_tail)
    people = rosters.find(
        conn,
        enterprise=choice.enterprise,
        department=choice.department,
        search=choice.search,
        phone_tail=choice.phone_tail,
    )
    if not choice.ids:
        return people
    chosen: dict[str, rosters.Person] = {}
    for given in choice.ids:
        text = tables.clean_text(given).upper()
        masked = _MASKED.fullmatch(text)
        if masked and len(text) == 18:
            head, tail = masked.groups()
            found = [p for p in people if p.id_number.startswith(head) and p.id_number.endswith(tail)]
            shown = text
        else:
            number = identity.normalise_id(text)
            found = [p for p in people if p.id_number == number]
            shown = identity.mask_id(number)
        if not found:
            raise CampaignError("badge.not_on_roster", person=shown, choice=choice.describe())
        if len(found) > 1:
            raise CampaignError(
                "badge.several_people", person=shown, count=len(found), choice=choice.describe()
            )
        chosen.setdefault(found[0].id_number, found[0])
    return list(chosen.values())


def badge_of(key: personcodes.SigningKey, person: rosters.Person) -> Badge:
    """A person's card: the masked ID number printed, and a code carrying only their person key."""
    assert person.person_key is not None
    return Badge(
        person.name,
        person.enterprise,
        person.department,
        identity.mask_id(person.id_number),
        personcodes.sign_person_key(key, person.person_key),
    )


def issuing_key(store: Store) -> personcodes.SigningKey:
    """The campaign's signing key; made here on first use, unless another station already holds it."""
    with store.read() as conn:
        key = keys.signing_key(conn)
        published = keys.public_keys(conn)
    if key is None and published:
        raise CampaignError("badge.public_only")
    return key or keys.create_campaign_key(store)


def issue(
    store: Store,
    out: Path,
    *,
    enterprise: str | None = None,
    ids: Sequence[str] = (),
    choice: Choice | None = None,
) -> IssueReport:
    """Write badges to ``out``: FILE.pdf (A4 pages), FILE.png (A4 pages, FILE-2.png ...) or a directory
    of one PNG per card, for the people of ``choice`` (else of ``enterprise`` and ``ids``)."""
    choice = choice or Choice(enterprise=enterprise, ids=ids)
    authority.require_office(store.conn, "key.published")
    suffix = "" if out.is_dir() else out.suffix.lower()
    if suffix not in (".pdf", ".png", ""):
        raise CampaignError("badge.out_format", out=out)
    with store.read() as conn:
        people = chosen_people(conn, choice)
    if not people:
        raise CampaignError("badge.nobody", choice=choice.describe())

    key = issuing_key(store)
    badges = [badge_of(key, p) for p in rosters.with_keys(store, people)]
    fonts = Fonts.find()
    report = IssueReport(badges=len(badges), font=fonts.path)
    if fonts.path is None:
        report.warnings.append("no Chinese font found (install fonts-noto-cjk): names may not print")
    if suffix == ".pdf":
        report.files = [str(out)]
        report.pages = write_pdf(out, pages(badges, fonts))
    elif suffix == ".png":
        for number, page in enumerate(pages(badges, fonts), start=1):
            target = out if number == 1 else out.with_name(f"{out.stem}-{number}{out.suffix}")
            save_png(page, target)
            report.files.append(str(target))
        report.pages = len(report.files)
    else:
        files.private_dir(out)
        for number, badge in enumerate(badges, start=1):
            target = out / f"{number:05d}-{_UNSAFE_FILENAME.sub('_', badge.name)}.png"
            save_png(card(badge, fonts), target)
            report.files.append(str(target))
    return report


def save_png(image: Image.Image, out: Path, dpi: int = DPI) -> None:
    """An image as a PNG file readable by its owner only, saying its resolution."""
    with files.private_output(out) as path:
        image.save(path, dpi=(dpi, dpi))


def write_pdf(out: Path, drawn: Iterable[Image.Image], dpi: int = DPI) -> int:
    """Pages drawn at ``dpi`` as one PDF readable by its owner only, written in batches; how many."""
    count = 0
    batch: list[Image.Image] = []
    with files.private_output(out) as path:
        for page in drawn:
            batch.append(page)
            if len(batch) == PDF_BATCH:
                _append_pdf(path, batch, dpi, append=count > 0)
                count += len(batch)
                batch = []
        if batch or count == 0:
            _append_pdf(path, batch, dpi, append=count > 0)
            count += len(batch)
    return count


def _append_pdf(path: Path, batch: list[Image.Image], dpi: int, *, append: bool) -> None:
    first, *rest = batch
    first.save(path, "PDF", resolution=dpi, save_all=True, append_images=rest, append=append)


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
    for path, index in (*_bundled_fonts(), *_fontconfig_cjk(), *_KNOWN_FONTS):
        if Path(path).is_file():
            return path, index
    return None


def _bundled_fonts() -> list[tuple[str, int]]:
    """A font shipped beside the code (the packaged station carries Noto Sans CJK Bold there)."""
    fonts = Path(__file__).resolve().parent.parent / "assets" / "fonts"
    return [(str(path), 2 if path.suffix == ".ttc" else 0) for path in sorted(fonts.glob("*.tt[cf]"))]


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
        font = fitting(draw, text, fonts, size, width - 2 * CARD_PADDING)
        left, top, right, bottom = draw.textbbox((0, 0), text, font=font)
        draw.text(((width - (right - left)) // 2 - left, y - top), text, font=font, fill=0)
        y += int(bottom - top) + size // 3
    return image


def fitting(
    draw: ImageDraw.ImageDraw, text: str, fonts: Fonts, size: int, width: int
) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    """The font at ``size``, smaller when a long text (an enterprise's name) would be wider than ``width``."""
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
