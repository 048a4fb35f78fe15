"""What the campaign office's screens ask of the domain beyond one command: a lab file's preview before
anything is written, the campaign at a glance, people chosen for badges, and the recorded reveal of a
recall list. Writing goes through the same functions as the command line (rosters, results, trace).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from PIL import Image

from registration.people import badges, identity
from registration.privacy import audit
from registration.reports import reconcile, trace
from registration.sampling import results
from registration.setup import enterprises, rosters
from registration.setup.rosters import Person
from registration.storage.store import Store


@dataclass
class LabPreview:
    rows: int = 0
    matched: list[tuple[str, str]] = field(default_factory=list)
    """(tube, result) of rows that name a known tube."""
    unknown_tubes: list[dict[str, Any]] = field(default_factory=list)
    not_understood: list[dict[str, Any]] = field(default_factory=list)
    """Rows whose result is not a spelling the import understands (or that have no tube code)."""
    flagged: list[dict[str, Any]] = field(default_factory=list)
    """Matched rows whose tube was never sealed or never handed over (``handover.custody_gap``)."""
    never_had: list[str] = field(default_factory=list)
    """The tube codes named that this campaign never had, each once (``results.never_had``)."""
    overdue: list[dict[str, Any]] = field(default_factory=list)
    """Tubes handed over long enough ago that have no result, this file's included (``results.overdue``)."""

    @property
    def positives(self) -> list[str]:
        return sorted({tube for tube, result in self.matched if result == "positive"})

    def to_json(self) -> dict[str, Any]:
        return asdict(self) | {"positive": self.positives}


def preview_lab(conn: sqlite3.Connection, path: Path, overdue_hours: float | None = None) -> LabPreview:
    """A lab's file as ``result import`` would read it; nothing is written. With ``overdue_hours``,
    the tubes handed over that long ago that would still have no result after it."""
    preview = LabPreview()
    read = list(results.read_lab(conn, path))
    preview.never_had = results.never_had(read)
    if overdue_hours is not None:
        preview.overdue = results.overdue(conn, overdue_hours, {row.tube for row in read if row.result})
    for row in read:
        preview.rows += 1
        if row.result is not None:
            preview.matched.append((row.tube, row.result))
            if row.flagged is not None:
                preview.flagged.append(row.flagged)
        elif row.unknown_tube:
            preview.unknown_tubes.append({"row": row.number, "tube": row.tube})
        else:
            preview.not_understood.append(
                {"row": row.number, "tube": row.tube, "text": row.text, "reason": row.reason}
            )
    return preview


def reveal_recall(store: Store, tubes: Sequence[str], operator: str | None) -> list[dict[str, Any]]:
    """The recall list with full ID numbers and phones; who asked, when and how many is an event."""
    with store.read() as conn:
        members = trace.trace(conn, tubes, reveal=True)
    audit.record_reveal(store, "recall", len(members), operator)
    return members


_TUBE_STATE = """
    SELECT t.checkpoint, count(*), count(t.sealed_at),
           count(DISTINCT CASE WHEN h.tube IS NOT NULL THEN t.code END)
    FROM tubes t LEFT JOIN handover_tubes h ON h.tube = t.code
    WHERE t.round = :round AND t.moved_to IS NULL GROUP BY t.checkpoint ORDER BY t.checkpoint
"""
_NOT_ON_ANY_ROSTER = """
    SELECT r.person, r.checkpoint, min(r.at) FROM registrations r
    LEFT JOIN people p ON p.id_number = r.person
    WHERE r.round = :round AND r.voided_by IS NULL AND r.person IS NOT NULL AND p.id_number IS NULL
    GROUP BY r.person ORDER BY min(r.at)
"""


@dataclass(frozen=True)
class Glance:
    round: str
    figures: dict[str, Any]
    tubes: list[dict[str, Any]]
    """Per checkpoint: tubes opened, sealed and handed over in the round."""
    unknown_people: list[dict[str, Any]]
    """Registered people no roster or walk-in entry knows (ID masked), where and when."""


def glance(conn: sqlite3.Connection, round_name: str) -> Glance:
    figures = reconcile.reconcile(conn, round_name)
    params = {"round": round_name}
    tubes = [
        {"checkpoint": c, "opened": n, "sealed": s, "handed_over": h}
        for c, n, s, h in conn.execute(_TUBE_STATE, params)
    ]
    unknown = [
        {"id_number": identity.mask_id(p), "checkpoint": c, "at": at}
        for p, c, at in conn.execute(_NOT_ON_ANY_ROSTER, params)
    ]
    return Glance(round_name, figures, tubes, unknown)


def enterprise_list(conn: sqlite3.Connection) -> list[enterprises.Enterprise]:
    """Every enterprise the campaign knows: declared ones and those only named by a roster."""
    declared = {e.name: e for e in enterprises.all_enterprises(conn)}
    named = [row[0] for row in conn.execute("SELECT DISTINCT enterprise FROM people WHERE on_roster")]
    return [declared.get(name) or enterprises.Enterprise(name) for name in sorted({*declared, *named})]


def roster_people(
    conn: sqlite3.Connection, enterprise: str | None, department: str | None, query: str
) -> list[Person]:
    """Roster people chosen for badges: by enterprise, department, and a name or phone-digits search."""
    query = query.strip()
    digits = identity.normalise_phone(query)
    return [
        p
        for p in rosters.on_roster(conn, enterprise)
        if (not department or p.department == department)
        and (
            not query
            or query in p.name
            or (digits.isdigit() and len(digits) >= 4 and digits in (p.phone or ""))
        )
    ]


def departments(conn: sqlite3.Connection, enterprise: str | None) -> list[str]:
    return sorted({p.department for p in rosters.on_roster(conn, enterprise) if p.department})


def badge_preview(store: Store, person: Person) -> Image.Image:
    """The card ``person`` would get (signed with the campaign's key, made here on first use)."""
    key = badges.issuing_key(store)
    [keyed] = rosters.with_keys(store, [person])
    return badges.card(badges.badge_of(key, keyed), badges.Fonts.find())
