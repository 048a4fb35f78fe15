"""Sites on the server: creating one, its settings, and the events the server itself writes.

A site is created by ``server init`` or by the first enrolment code made for it; a checkpoint
named by an enrolment code becomes a ``checkpoint.added`` event the server writes as the
site's own author device, so it reaches every laptop through the feed like any other event.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, insert, select, update

from registration.sampling.payloads import DEFAULT_TUBE_PATTERN, compile_tube_pattern
from registration.setup.campaign import CampaignError, check_name
from registration.storage import clock
from registration.storage.events import canonical_json
from sync.server import db, eventlog

# The site's own author device ids start so; no laptop may take such an id.
AUTHOR_PREFIX = "server-"


@dataclass(frozen=True)
class Site:
    site: str
    tube_pattern: str
    checkpoints: list[str]
    created: bool


def ensure_site(conn: Connection, site: str, tube_pattern: str | None, now_ms: int) -> bool:
    """Create ``site`` unless it exists; True when created. Refuses a different tube pattern."""
    site = check_name("site", site)
    found = conn.execute(select(db.sites.c.tube_pattern).where(db.sites.c.site == site)).scalar()
    if found is not None:
        if tube_pattern is not None and tube_pattern != found:
            raise CampaignError("site.other_tube_pattern", site=site, pattern=found)
        return False
    pattern = tube_pattern or DEFAULT_TUBE_PATTERN
    compile_tube_pattern(pattern)
    conn.execute(
        insert(db.sites).values(
            site=site,
            tube_pattern=pattern,
            head=0,
            author=f"{AUTHOR_PREFIX}{clock.uuid7(now_ms)}",
            author_seq=0,
            author_hlc=clock.Hlc(0, 0).encode(),
            created_ms=now_ms,
        )
    )
    return True


def ensure_checkpoint(conn: Connection, site: str, name: str, now_ms: int) -> bool:
    """Add checkpoint ``name`` to the site (as a server-written event) unless known; True when added."""
    name = check_name("checkpoint", name)
    head = eventlog.lock_site(conn, site)
    c = db.checkpoints.c
    if conn.execute(select(c.name).where(c.site == site, c.name == name)).first() is not None:
        return False
    author_event(conn, site, head, "checkpoint.added", {"name": name}, now_ms)
    return True


def author_event(conn: Connection, site: str, head: int, kind: str, body: dict[str, Any], now_ms: int) -> str:
    """Write an event as the site's server author, inside a transaction holding the site lock."""
    s = db.sites.c
    author, seq, last = conn.execute(select(s.author, s.author_seq, s.author_hlc).where(s.site == site)).one()
    stamp = clock.tick(clock.Hlc.decode(last), now_ms)
    event_id = clock.uuid7(stamp.wall_ms)
    row = {
        "site": site,
        "id": event_id,
        "device": author,
        "seq": seq + 1,
        "hlc": stamp.encode(),
        "kind": kind,
        "body": canonical_json(body),
    }
    eventlog.append(conn, site, head, [row], now_ms)
    conn.execute(update(db.sites).where(s.site == site).values(author_seq=seq + 1, author_hlc=stamp.encode()))
    return event_id


def init_site(
    conn: Connection, site: str, checkpoints: list[str], tube_pattern: str | None, now_ms: int
) -> Site:
    created = ensure_site(conn, site, tube_pattern, now_ms)
    for name in checkpoints:
        ensure_checkpoint(conn, site, name, now_ms)
    return describe(conn, site, created=created)


def describe(conn: Connection, site: str, *, created: bool = False) -> Site:
    pattern = conn.execute(select(db.sites.c.tube_pattern).where(db.sites.c.site == site)).scalar()
    if pattern is None:
        raise CampaignError("site.unknown", site=site)
    c = db.checkpoints.c
    names = list(conn.execute(select(c.name).where(c.site == site).order_by(c.name)).scalars())
    return Site(site, str(pattern), names, created)


def only_site(conn: Connection) -> str:
    """The site when the server holds exactly one (so ``--site`` can be left out)."""
    names = list(conn.execute(select(db.sites.c.site).order_by(db.sites.c.site)).scalars())
    if len(names) != 1:
        known = ", ".join(names) or "none yet"
        raise CampaignError("site.which", known=known)

    return str(names[0])
