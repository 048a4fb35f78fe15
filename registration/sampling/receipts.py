"""What the lab says it received (its list of tube codes, CSV or XLSX) against the transport boxes sent:
per box, the tubes sent and not received; and the tubes received that no box held.

A receipt is a ``lab.received`` event the campaign office records; the same file (by its SHA-256) is
recorded once. The report covers every receipt this laptop knows, so a lab's later list completes an
earlier one. The lab's file is read as its result file is (``results.ALIASES``): a column of codes.
"""

from __future__ import annotations

import hashlib
import re
import sqlite3
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from registration.sampling import boxes, results, tubes
from registration.setup.campaign import CampaignError
from registration.storage import authority, bodies, events, tables
from registration.storage.events import Event, applies
from registration.storage.store import Store

REQUIRED = {"tube": "tube"}
"""The column a lab's list needs, in the words a refusal names it."""
# What an event may hold as a tube's code (bodies' rule); anything else the lab wrote is reported apart.
_SHAPED = re.compile(bodies.TUBE_SHAPE)


@dataclass(frozen=True)
class BoxReceipt:
    """A box sent (or holding a tube the lab received) against what the lab received of it."""

    box: str
    checkpoint: str
    handed_over_at: str | None
    sent: int
    received: int
    missing: list[str]
    """Its tubes the lab has not said it received."""


@dataclass(frozen=True)
class Unboxed:
    """A tube the lab received that no box held."""

    tube: str
    known: bool
    """This campaign has the tube (handed over without a box, say); False: it never had it."""


@dataclass
class Receipt:
    file: str = ""
    digest: str = ""
    named: int = 0
    """Codes the file names, each once."""
    recorded: bool = False
    """False when the same file was recorded before: nothing new was written."""
    not_codes: list[str] = field(default_factory=list)
    """Cells that cannot be a tube's code (a space or control character in them, or too long)."""
    boxes: list[BoxReceipt] = field(default_factory=list)
    unboxed: list[Unboxed] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


def read_codes(path: Path) -> list[str]:
    """The tube codes of a lab's list, each once, in file order."""
    sheet = tables.read(path, results.ALIASES, REQUIRED)
    cells = (tables.clean_text(sheet.cell(cells, "tube")) for _, cells in sheet.rows)
    return list(dict.fromkeys(code for code in cells if code))


def receive(store: Store, path: Path) -> Receipt:
    """Record the lab's list of the tubes it received and report it against the boxes sent."""
    authority.require_office(store.conn, "lab.received")
    codes = read_codes(path)
    if len(codes) > bodies.MAX_HANDOVER:
        raise CampaignError("lab.too_many", file=path.name, count=len(codes), most=bodies.MAX_HANDOVER)
    receipt = Receipt(path.name, hashlib.sha256(path.read_bytes()).hexdigest(), len(codes))
    shaped = [code for code in codes if _SHAPED.fullmatch(code)]
    receipt.not_codes = [code for code in codes if not _SHAPED.fullmatch(code)]
    with store.write() as conn:
        seen = conn.execute("SELECT 1 FROM lab_receipts WHERE digest = ?", (receipt.digest,)).fetchone()
        if seen is None:
            events.record(conn, "lab.received", {"digest": receipt.digest, "tubes": shaped})
            receipt.recorded = True
        receipt.boxes, receipt.unboxed = report(conn)
    return receipt


def report(conn: sqlite3.Connection) -> tuple[list[BoxReceipt], list[Unboxed]]:
    """Every box handed over (or holding a tube the lab received) against every receipt known here,
    and the tubes received that no box held."""
    received = {tube for (tube,) in conn.execute("SELECT DISTINCT tube FROM lab_received")}
    per_box = []
    for code, checkpoint, handed in conn.execute(
        "SELECT b.code, b.checkpoint, (SELECT min(h.at) FROM handovers h WHERE h.box = b.code) AS handed"
        " FROM boxes b WHERE handed IS NOT NULL OR EXISTS (SELECT 1 FROM box_tubes t"
        " JOIN lab_received r ON r.tube = t.tube WHERE t.box = b.code) ORDER BY b.checkpoint, b.code"
    ).fetchall():
        held = list(boxes.get_tubes(conn, code))
        missing = [tube for tube in held if tube not in received]
        per_box.append(BoxReceipt(code, checkpoint, handed, len(held), len(held) - len(missing), missing))
    boxed = {tube for (tube,) in conn.execute("SELECT DISTINCT tube FROM box_tubes")}
    unboxed = [Unboxed(tube, tubes.get(conn, tube) is not None) for tube in sorted(received - boxed)]
    return per_box, unboxed


@applies("lab.received")
def _lab_received(conn: sqlite3.Connection, event: Event) -> None:
    conn.execute(
        "INSERT OR IGNORE INTO lab_receipts (event, device, at, digest, tubes) VALUES (?, ?, ?, ?, ?)",
        (event.id, event.device, events.wall_time(event), event.body["digest"], len(event.body["tubes"])),
    )
    conn.executemany(
        "INSERT OR IGNORE INTO lab_received (tube, receipt) VALUES (?, ?)",
        [(tube, event.id) for tube in event.body["tubes"]],
    )
