"""Moving a whole site from one server database to another (SQLite to PostgreSQL, say).

The file is gzip-compressed JSON lines: the site, then every row of its checkpoints, devices
(roles, credential hashes, signing keys, revocations), enrolment codes, events in feed order
and conflicts kept aside. Importing appends the events through the event log, so the new
server holds them in the same order with the same ids and knows the same records; devices keep
their credentials, so stations only need the new address.

Exporting marks the site moved on this server, which from then on refuses its stations' handshakes
and pushes (``check_not_moved``): nothing a station sends after the export is stored where the
new server will never see it.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, Table, delete, insert, select

from registration.errors import Refused
from registration.setup.campaign import CampaignError
from registration.storage import files
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


class SiteMoved(Refused):
    """The site was exported to another server: its stations sync there now."""


def moved(conn: Connection, site: str) -> str | None:
    """Where and when ``site`` was exported from this server (its mark, JSON), None if it was not."""
    found = conn.execute(select(db.settings.c.value).where(db.settings.c.key == _moved_key(site))).scalar()
    return None if found is None else str(found)


def check_not_moved(engine: Engine, site: str) -> None:
    """Raise SiteMoved, naming where and when, if ``site`` was exported from this server."""
    with db.reading(engine) as conn:
        found = moved(conn, site)
    if found is None:
        return
    mark = json.loads(found)
    when = datetime.fromtimestamp(mark["at_ms"] / 1000, UTC).strftime("%Y-%m-%d %H:%M UTC")
    if mark["to"]:
        raise SiteMoved("site.moved", site=site, to=mark["to"], when=when)
    raise SiteMoved("site.moved_elsewhere", site=site, when=when)


def _moved_key(site: str) -> str:
    # A site's name may fill the 64 characters a settings key has.
    return "moved:" + hashlib.sha256(site.encode()).hexdigest()[:32]


def export_site(engine: Engine, site: str, out: Path, now_ms: int, to: str | None = None) -> Moved:
    """Mark ``site`` moved (to ``to``, the new server's address, when given), then write it whole to
    ``out``, owner-only and atomically: a partial file is never left, nor a mark without its file."""
    with db.writing(engine) as conn:
        if conn.execute(select(db.sites.c.site).where(db.sites.c.site == site)).first() is None:
            raise CampaignError("site.unknown", site=site)
        eventlog.lock_site(conn, site)  # a push being stored is stored first, and so is in the file
        before = _mark(conn, site, json.dumps({"to": to, "at_ms": now_ms}))
    try:
        return _write(engine, site, out)
    except BaseException:
        with db.writing(engine) as conn:
            _mark(conn, site, before)
        raise


def _mark(conn: Connection, site: str, value: str | None) -> str | None:
    """Set (or with None, clear) the site's moved mark; the mark it had."""
    s = db.settings.c
    had = conn.execute(select(s.value).where(s.key == _moved_key(site))).scalar()
    conn.execute(delete(db.settings).where(s.key == _moved_key(site)))
    if value is not None:
        conn.execute(insert(db.settings).values(key=_moved_key(site), value=value))
    return None if had is None else str(had)


def _write(engine: Engine, site: str, out: Path) -> Moved:
    counts = {"device": 0, "event": 0}
    with db.reading(engine) as conn, files.private_output(out) as partial:
        found_site = conn.execute(select(db.sites).where(db.sites.c.site == site)).mappings().one()
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
    return Moved(site, counts["device"], counts["event"])


def import_site(engine: Engine, path: Path) -> Moved:
    """Create the site of ``path`` on this server with everything it held; refuses a site it has."""
    lines = _lines(path)
    try:
        head = json.loads(next(lines, "{}"))
    except json.JSONDecodeError as exc:
        raise CampaignError("site_file.not_json", path=path, why=exc.msg) from exc
    if head.get("format") != FORMAT or head.get("version") != VERSION or "site" not in head:
        raise CampaignError("site_file.version", path=path)
    site_row = dict(head["site"], head=0)
    site = str(site_row["site"])
    counts = {"device": 0, "event": 0}
    with db.writing(engine) as conn:
        if conn.execute(select(db.sites.c.site).where(db.sites.c.site == site)).first() is not None:
            raise CampaignError("site.already_here", site=site)
        conn.execute(insert(db.sites).values(**site_row))
        pos = 0
        events: list[dict[str, Any]] = []
        for number, line in enumerate(lines, start=2):
            try:
                (what, row), *_ = json.loads(line).items()
            except (json.JSONDecodeError, ValueError, AttributeError) as exc:
                raise CampaignError("site_file.damaged_line", path=path, line=number) from exc
            if what == "event":
                events.append(dict(row, site=site))
                if len(events) == BATCH:
                    pos = _append(conn, site, pos, events)
                    events = []
            elif what in _TABLES:
                conn.execute(insert(_TABLES[what]).values(**dict(row, site=site)))
                counts[what] = counts.get(what, 0) + 1
            else:
                raise CampaignError("site_file.unknown_record", path=path, line=number, what=what)
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
        raise CampaignError("site_file.unreadable", path=path, why=exc) from exc
