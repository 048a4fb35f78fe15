"""Enterprises of the park: the headcount each one reported, its contact person and phone."""

from __future__ import annotations

import sqlite3
from dataclasses import asdict, dataclass, replace
from typing import Any

from registration import campaign, events, identity, tables
from registration.campaign import CampaignError
from registration.events import Event, applies
from registration.rosters import clean_enterprise
from registration.store import Store


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
        known = get(conn, name)
        changes: dict[str, Any] = {}
        if reported is not _UNSET:
            if reported is not None and reported < 0:
                raise CampaignError(f"a reported headcount cannot be negative ({reported})")
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
