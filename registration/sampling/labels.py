"""Tube and transport-box label codes printed before a site opens: unique in the campaign though no
laptop asks another, each printed range recorded as an event that syncs.

A code is the prefix, the laptop's series and a six-digit number (``7KQ2MX000042``). The series is
six characters of a hash of the laptop's device id, so two laptops print different codes offline;
numbers go on past every range of the series this laptop knows of and past every code already used
as a tube, so no code is printed twice. Drawing the labels is label_sheets.py's.
"""

from __future__ import annotations

import hashlib
import re
import sqlite3
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from registration.sampling import payloads
from registration.setup import campaign
from registration.setup.campaign import CampaignError
from registration.storage import events
from registration.storage.events import Event, applies
from registration.storage.store import Store

KINDS = ("tube", "box")
POOL_WORDS = {10: "十混一", 5: "五混一", 1: "单管"}
BOX_WORD = "转运箱"
DEFAULT_PREFIX = {"tube": "", "box": "BOX"}
PREFIX = r"^[A-Z0-9]{0,8}$"
SERIES = r"^[0-9A-Z]{6}$"
# Crockford's base 32: no I, L, O or U, which a person reading a label takes for 1, 0 or V.
_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
SERIES_LENGTH = 6
DIGITS = 6
LAST_SEQ = 10**DIGITS - 1
MAX_COUNT = 10_000


def series_of(device: str) -> str:
    """The laptop's label series: six characters of a hash of its device id (a billion series)."""
    number = int.from_bytes(hashlib.sha256(device.encode("utf-8")).digest()[:8], "big")
    chars = []
    for _ in range(SERIES_LENGTH):
        number, digit = divmod(number, len(_ALPHABET))
        chars.append(_ALPHABET[digit])
    return "".join(chars)


def code(prefix: str, series: str, number: int) -> str:
    return f"{prefix}{series}{number:0{DIGITS}d}"


def code_of(body: Mapping[str, Any], offset: int) -> str:
    """The ``offset``-th code of a ``labels.printed`` body's range."""
    return code(body["prefix"], body["series"], body["first"] + offset)


@dataclass(frozen=True)
class Request:
    """What to print: ``count`` labels of ``kind``, tube labels for a pool of ``pool`` (10 unless
    said), codes after ``prefix`` (the kind's default unless said)."""

    count: int
    kind: str = "tube"
    pool: int | None = None
    prefix: str | None = None

    def checked(self) -> Request:
        """The request with its defaults, or CampaignError saying what is wrong with it."""
        if self.kind not in KINDS:
            raise CampaignError("labels.kind", kind=self.kind, kinds=", ".join(KINDS))
        if not 1 <= self.count <= MAX_COUNT:
            raise CampaignError("labels.count", count=self.count, most=MAX_COUNT)
        pool = self.pool
        if self.kind == "box":
            if pool is not None:
                raise CampaignError("labels.box_pool")
        else:
            pool = 10 if pool is None else pool
            if pool not in POOL_WORDS:
                raise CampaignError("labels.pool", pool=pool, pools=", ".join(map(str, POOL_WORDS)))
        prefix = (DEFAULT_PREFIX[self.kind] if self.prefix is None else self.prefix).strip().upper()
        if not re.fullmatch(PREFIX, prefix):
            raise CampaignError("labels.prefix", prefix=prefix)
        return Request(self.count, self.kind, pool, prefix)


@dataclass(frozen=True)
class Printed:
    """One range of labels as recorded: the codes ``prefix + series + first`` on, ``count`` of them."""

    event: str
    kind: str
    pool: int | None
    prefix: str
    series: str
    first: int
    count: int
    at: str = ""

    @property
    def codes(self) -> list[str]:
        return [code(self.prefix, self.series, self.first + n) for n in range(self.count)]

    @property
    def word(self) -> str:
        """What the label says besides its code: the pool (十混一, 五混一, 单管) or 转运箱."""
        return BOX_WORD if self.pool is None else POOL_WORDS.get(self.pool, f"{self.pool}混一")

    def to_json(self) -> dict[str, Any]:
        codes = self.codes
        return {
            "event": self.event,
            "kind": self.kind,
            "pool": self.pool,
            "prefix": self.prefix,
            "series": self.series,
            "count": self.count,
            "first": codes[0],
            "last": codes[-1],
            "codes": codes,
        }


def pattern_text(conn: sqlite3.Connection, kind: str) -> str:
    """The pattern every code of ``kind`` must match: the campaign's tube pattern, or the box pattern."""
    if kind == "box":
        return payloads.BOX_PATTERN
    row = conn.execute("SELECT value FROM settings WHERE key = 'tube_pattern'").fetchone()
    return payloads.DEFAULT_TUBE_PATTERN if row is None else str(row[0])


def _fits(conn: sqlite3.Connection, kind: str) -> Callable[[str], bool]:
    """Whether a code is of ``kind``: a tube code as the scanner classifies it, a box code by its pattern."""
    if kind == "box":
        return payloads.is_box
    tubes = campaign.tube_pattern(conn)
    return lambda text: payloads.classify(text, tube_pattern=tubes).kind is payloads.Kind.TUBE


def _next_number(conn: sqlite3.Connection, prefix: str, series: str) -> int:
    row = conn.execute(
        "SELECT max(first + count) FROM label_ranges WHERE prefix = ? AND series = ?", (prefix, series)
    ).fetchone()
    return 1 if row[0] is None else int(row[0])


def _used(conn: sqlite3.Connection, kind: str, first: str, last: str) -> list[str]:
    """Codes of the range ``first`` to ``last`` (all as long as each other) already used as tubes,
    or as boxes."""
    table = "boxes" if kind == "box" else "tubes"
    return [
        str(row[0])
        for row in conn.execute(
            f"SELECT code FROM {table} WHERE code BETWEEN ? AND ? AND length(code) = ?",
            (first, last, len(first)),
        )
    ]


def reserve(store: Store, request: Request, check: Callable[[str], None] | None = None) -> Printed:
    """Choose the next ``request.count`` codes of this laptop's series and record them printed.

    Every code must match the campaign's pattern for its kind (CampaignError ``labels.pattern``
    otherwise, naming ``--prefix`` as the way out); ``check`` is handed the first code before anything
    is recorded, to refuse a code that will not fit its label. A range is recorded before its labels
    are drawn: if drawing fails, its numbers are skipped, never printed again.
    """
    request = request.checked()
    prefix = request.prefix or ""
    with store.write() as conn:
        series = series_of(events.device_id(conn))
        fits = _fits(conn, request.kind)
        first = _next_number(conn, prefix, series)
        while True:
            last = first + request.count - 1
            if last > LAST_SEQ:
                raise CampaignError(
                    "labels.used_up", series=prefix + series, left=max(LAST_SEQ - first + 1, 0)
                )
            used = _used(conn, request.kind, code(prefix, series, first), code(prefix, series, last))
            if not used:
                break
            first = max(int(c[-DIGITS:]) for c in used) + 1
        codes = [code(prefix, series, n) for n in range(first, last + 1)]
        refused = next((c for c in codes if not fits(c)), None)
        if refused is not None:
            raise CampaignError(
                "labels.pattern", code=refused, kind=request.kind, pattern=pattern_text(conn, request.kind)
            )
        if check is not None:
            check(codes[0])
        event = events.record(
            conn,
            "labels.printed",
            {
                "kind": request.kind,
                "pool": request.pool,
                "prefix": prefix,
                "series": series,
                "first": first,
                "count": request.count,
            },
        )
        return Printed(
            event.id,
            request.kind,
            request.pool,
            prefix,
            series,
            first,
            request.count,
            events.wall_time(event),
        )


def pool_of(conn: sqlite3.Connection, text: str) -> int | None:
    """The pool a tube label printed with code ``text`` says (十混一: 10), or None for a code no
    printed tube label of this campaign holds."""
    head, number = text[: -DIGITS - SERIES_LENGTH], text[-DIGITS:]
    if len(text) < DIGITS + SERIES_LENGTH or not number.isdigit():
        return None
    row = conn.execute(
        "SELECT pool FROM label_ranges WHERE kind = 'tube' AND prefix = ? AND series = ?"
        " AND ? BETWEEN first AND first + count - 1",
        (head, text[-DIGITS - SERIES_LENGTH : -DIGITS], int(number)),
    ).fetchone()
    return None if row is None else int(row[0])


def ranges(conn: sqlite3.Connection) -> list[Printed]:
    """Every range of labels printed in the campaign that this laptop knows of, newest first."""
    rows = conn.execute(
        "SELECT event, kind, pool, prefix, series, first, count, at FROM label_ranges"
        " ORDER BY at DESC, event DESC"
    )
    return [Printed(*row) for row in rows]


@applies("labels.printed")
def _labels_printed(conn: sqlite3.Connection, event: Event) -> None:
    b = event.body
    conn.execute(
        "INSERT OR IGNORE INTO label_ranges (event, kind, pool, prefix, series, first, count, device, at)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (
            event.id,
            b["kind"],
            b.get("pool"),
            b["prefix"],
            b["series"],
            b["first"],
            b["count"],
            event.device,
            events.wall_time(event),
        ),
    )
