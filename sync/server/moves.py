"""Moving a whole site from one server database to another (SQLite to PostgreSQL, say).

The file is gzip-compressed JSON lines: the site, then every row of its checkpoints, devices
(roles, credential hashes, signing keys, revocations), enrolment codes, events in feed order
and conflicts kept aside. Importing appends the events through the event log, so the new
server holds them in the same order with the same ids and knows the same records; devices keep
their credentials, so stations only need the new address.
"""

from __future__ import annotations

import gzip
import json
import os
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, Table, insert, select

from registration.campaign import CampaignError
from sync.server import db, eventlog

FORMAT = "testpoint-site"
VERSION = 1
_TABLES: dict[str, Table] = {
    "checkpoint": db.checkpoints,
    "device": db.devices,
    "code": db.enrol_codes,
    "conflict": db.conflicts,
}
BATCH = 2000


@dataclass(frozen=True)
class Moved:
    site: str
    devices: int
    events: int


def export_site(engine: Engine, site: str, out: Path) -> Moved:
    """Write ``site`` whole to ``out`` (atomically: a partial file is never left)."""
    partial = out.with_name(out.name + ".partial")
    counts = {"device": 0, "event": 0}
    with db.reading(engine) as conn:
        found_site = conn.execute(select(db.sites).where(db.sites.c.site == site)).mappings().first()
        if found_site is None:
            raise CampaignError(f"unknown site {site!r}")
        with gzip.open(partial, "wt", encoding="utf-8") as f:
            f.write(json.dumps({"format": FORMAT, "version": VERSION, "site": dict(found_site)}) + "\n")
            for what, table in _TABLES.items():
                columns = [c for c in table.c if c.name != "n"]
                for found in conn.execute(select(*columns).where(table.c.site == site)).mappings():
                    f.write(json.dumps({what: dict(found)}, ensure_ascii=False) + "\n")
                    counts[what] = counts.get(what, 0) + 1
            e = db.events.c
            query = select(e.id, e.device, e.seq, e.hlc, e.kind, e.body, e.received_ms)
            rows = conn.execution_options(yield_per=BATCH).execute(
                query.where(e.site == site).order_by(e.pos)
            )
            for event in rows.mappings():
                f.write(json.dumps({"event": dict(event)}, ensure_ascii=False) + "\n")
                counts["event"] += 1
            f.flush()
            os.fsync(f.fileno())
    partial.replace(out)
    return Moved(site, counts["device"], counts["event"])


def import_site(engine: Engine, path: Path) -> Moved:
    """Create the site of ``path`` on this server with everything it held; refuses a site it has."""
    lines = _lines(path)
    try:
        head = json.loads(next(lines, "{}"))
    except json.JSONDecodeError as exc:
        raise CampaignError(f"{path}: not a site file ({exc.msg})") from exc
    if head.get("format") != FORMAT or head.get("version") != VERSION or "site" not in head:
        raise CampaignError(f"{path}: not a site file of this version (made by server site-export)")
    site_row = dict(head["site"], head=0)
    site = str(site_row["site"])
    counts = {"device": 0, "event": 0}
    with db.writing(engine) as conn:
        if conn.execute(select(db.sites.c.site).where(db.sites.c.site == site)).first() is not None:
            raise CampaignError(f"site {site!r} is already on this server")
        conn.execute(insert(db.sites).values(**site_row))
        pos = 0
        events: list[dict[str, Any]] = []
        for number, line in enumerate(lines, start=2):
            try:
                (what, row), *_ = json.loads(line).items()
            except (json.JSONDecodeError, ValueError, AttributeError) as exc:
                raise CampaignError(f"{path}: line {number} is damaged; nothing was imported") from exc
            if what == "event":
                events.append(dict(row, site=site))
                if len(events) == BATCH:
                    pos = _append(conn, site, pos, events)
                    events = []
            elif what in _TABLES:
                conn.execute(insert(_TABLES[what]).values(**dict(row, site=site)))
                counts[what] = counts.get(what, 0) + 1
            else:
                raise CampaignError(f"{path}: line {number} holds an unknown record {what!r}")
            counts["event"] += what == "event"
        _append(conn, site, pos, events)
    return Moved(site, counts["device"], counts["event"])


def _append(conn: Any, site: str, head: int, rows: list[dict[str, Any]]) -> int:
    # Each row keeps when it first reached a server (received_ms), not when it moved.
    return eventlog.append(conn, site, head, rows, 0)


def _lines(path: Path) -> Iterator[str]:
    try:
        with gzip.open(path, "rt", encoding="utf-8") as f:
            yield from (line for line in f if line.strip())
    except (OSError, EOFError, zlib.error, UnicodeDecodeError) as exc:
        raise CampaignError(f"{path}: unreadable site file ({exc}); nothing was imported") from exc
