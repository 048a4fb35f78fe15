"""The server's retention: ``server purge --campaign-ended --older-than DAYS`` takes every person's
name, ID number and phone out of a site's events, with the laptop's own transforms
(``registration/privacy/retention.py``): one token per person, so the site's figures stay what they were.

The site's records and the dashboard's projection are built again from the purged events; the
reminders to its liaisons go, channels (e-mail addresses, robots' webhooks), sends (whose errors may
quote an address) and schedules, and so do the liaisons' dashboard accounts: no liaison's address or
account outlives the campaign's people. The purge
is a server event (``data.purged``), so the laptops list it with their own. The database is then
rewritten (``db.compact``), so that no old copy of a purged row is left in its files.
"""

from __future__ import annotations

import json
from typing import Any

from sqlalchemy import Engine, delete, select, update

from registration.privacy import audit, retention
from registration.setup.campaign import CampaignError
from registration.storage import clock
from registration.storage.events import canonical_json
from sync.server import campaigns, db, eventlog, projection, records, reminders, users

_DAY_MS = 86_400_000
_KINDS = (*retention.PERSON_KINDS, "person.upserted", "enterprise.upserted")


def purge_site(engine: Engine, site: str, older_than_days: int, operator: str | None, now_ms: int) -> int:
    """Purge every person of ``site`` once its rounds have all been closed for ``older_than_days``
    days; how many people."""
    if older_than_days < 0:
        raise CampaignError("purge.negative_days")
    e = db.events.c
    with db.writing(engine) as conn:
        head = eventlog.lock_site(conn, site)
        _require_ended(conn, site, older_than_days, now_ms)
        rows = conn.execute(select(e.id, e.kind, e.body).where(e.site == site, e.kind.in_(_KINDS))).all()
        bodies = [(r.id, r.kind, json.loads(r.body)) for r in rows]
        tokens = retention.new_tokens(p for _, kind, body in bodies if (p := _person(kind, body)) is not None)
        for event_id, kind, body in bodies:
            changed = _purged(kind, body, tokens)
            if changed is not None and changed != body:
                conn.execute(
                    update(db.events)
                    .where(e.site == site, e.id == event_id)
                    .values(body=canonical_json(changed))
                )
        # Kept-aside conflicts hold whole bodies as they came.
        conn.execute(delete(db.conflicts).where(db.conflicts.c.site == site))
        for table in reminders.TABLES:
            conn.execute(delete(table).where(table.c.site == site))
        users.remove_liaisons(conn, site)
        body = {"scope": "campaign", "older_than_days": older_than_days, "people": len(tokens)}
        campaigns.author_event(conn, site, head, audit.PURGED, body | {"operator": operator}, now_ms)
        records.rebuild(conn, site)
        for table in projection.TABLES:
            conn.execute(delete(table).where(table.c.site == site))
    projection.catch_up(engine)
    db.compact(
        engine,
        [db.events, db.conflicts, *records.TABLES, *projection.TABLES, *reminders.TABLES, users.accounts],
    )
    return len(tokens)


def _require_ended(conn: Any, site: str, older_than_days: int, now_ms: int) -> None:
    rounds = records.rounds.c
    still_open = conn.execute(
        select(rounds.name).where(rounds.site == site, rounds.status == "open").order_by(rounds.name)
    ).scalar()
    if still_open is not None:
        raise CampaignError("purge.campaign_open", round=still_open)
    e = db.events.c
    last = conn.execute(select(e.hlc).where(e.site == site, e.kind == "round.closed")).scalars()
    ended = max((clock.Hlc.decode(hlc).wall_ms for hlc in last), default=None)
    if ended is not None and now_ms - ended < older_than_days * _DAY_MS:
        raise CampaignError("purge.server_too_recent", days=older_than_days)


def _person(kind: str, body: dict[str, Any]) -> str | None:
    found = body.get("id_number") if kind == "person.upserted" else body.get("person")
    return found if isinstance(found, str) else None


def _purged(kind: str, body: dict[str, Any], tokens: dict[str, str]) -> dict[str, Any] | None:
    if kind == "person.upserted":
        return retention.forgotten(body, tokens)
    if kind == "enterprise.upserted":
        return retention.without_contact(body)
    return retention.in_round(body, None, tokens)
