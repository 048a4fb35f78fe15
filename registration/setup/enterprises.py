"""Enterprises of the park: the headcount each one reported, its contact person and phone."""

from __future__ import annotations

import sqlite3
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path
from typing import Any

from registration.people import identity
from registration.setup import campaign
from registration.setup.campaign import CampaignError
from registration.setup.rosters import clean_enterprise
from registration.storage import authority, events, tables
from registration.storage.events import Event, applies
from registration.storage.store import Store


@dataclass(frozen=True)
class Enterprise:
    name: str
    reported: int | None = None
    contact: str | None = None
    phone: str | None = None

    def view(self) -> dict[str, Any]:
        return asdict(self) | {"phone": identity.mask_phone(self.phone or "")}


_UNSET: Any = object()


def set_enterprise(
    store: Store,
    name: str,
    *,
    reported: int | None = _UNSET,
    contact: str | None = _UNSET,
    phone: str | None = _UNSET,
) -> tuple[Enterprise, bool]:
    """Change what is given and keep the rest; (the enterprise, whether anything changed)."""
    name = clean_enterprise(name)
    with store.write() as conn:
        authority.require_office(conn, "enterprise.upserted")
        known = get(conn, name)
        changes: dict[str, Any] = {}
        if reported is not _UNSET:
            if reported is not None and reported < 0:
                raise CampaignError("enterprise.negative_headcount", count=reported)
            changes["reported"] = reported
        if contact is not _UNSET:
            changes["contact"] = tables.clean_text(contact) or None
        if phone is not _UNSET:
            changes["phone"] = identity.normalise_phone(phone or "") or None
        updated = replace(known or Enterprise(name), **changes)
        if updated == known:
            return updated, False
        events.record(conn, "enterprise.upserted", asdict(updated))
        return updated, True


_SELECT = "SELECT name, reported, contact, phone FROM enterprises"


def get(conn: sqlite3.Connection, name: str) -> Enterprise | None:
    row = conn.execute(_SELECT + " WHERE name = ?", (name,)).fetchone()
    return None if row is None else Enterprise(*row)


def all_enterprises(conn: sqlite3.Connection) -> list[Enterprise]:
    return [Enterprise(*row) for row in conn.execute(_SELECT + " ORDER BY name")]


_HEADCOUNT_HEADERS = {
    "enterprise": ("企业名称", "企业", "单位", "单位名称", "公司名称", "enterprise", "company"),
    "reported": (
        "应检人数", "人数", "员工人数", "在岗人数", "职工人数", "headcount", "reported", "employees",
    ),
    "contact": ("联系人", "负责人", "联络人", "contact"),
    "phone": ("联系电话", "电话", "手机", "手机号码", "联系人电话", "phone", "mobile"),
}  # fmt: skip
HEADCOUNT_ALIASES = {tables.header_key(h): f for f, heads in _HEADCOUNT_HEADERS.items() for h in heads}
HEADCOUNT_REQUIRED = {"enterprise": "enterprise", "reported": "headcount"}
"""The columns a headcount sheet needs, in the words a refusal names them."""


@dataclass
class HeadcountReport:
    rows: int = 0
    changed: int = 0
    unchanged: int = 0
    rejected: list[dict[str, Any]] = field(default_factory=list)


def import_headcounts(store: Store, path: Path) -> HeadcountReport:
    """Import the sheet enterprises send (enterprise, headcount, contact, phone); blank cells keep values."""
    sheet = tables.read(path, HEADCOUNT_ALIASES, HEADCOUNT_REQUIRED)
    report = HeadcountReport()
    for number, cells in sheet.rows:
        texts = {f: tables.clean_text(sheet.cell(cells, f)) for f in _HEADCOUNT_HEADERS}
        if not any(texts.values()):
            continue
        report.rows += 1
        given: dict[str, Any] = {k: texts[k] for k in ("contact", "phone") if texts[k]}
        try:
            if texts["reported"]:
                if not texts["reported"].isdigit():
                    raise CampaignError("enterprise.headcount_not_number", count=texts["reported"])
                given["reported"] = int(texts["reported"])
            _, changed = set_enterprise(store, texts["enterprise"], **given)
        except CampaignError as exc:
            report.rejected.append({"row": number, "reason": exc.reason})

            continue
        report.changed += changed
        report.unchanged += not changed
    return report


@applies("enterprise.upserted")
def _enterprise_upserted(conn: sqlite3.Connection, event: Event) -> None:
    b = event.body
    campaign.upsert_if_newer(
        conn,
        "enterprises",
        {"name": b["name"]},
        {"reported": b.get("reported"), "contact": b.get("contact"), "phone": b.get("phone")},
        event.version,
    )
