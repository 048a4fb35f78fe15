"""Campaign set-up: the site, its checkpoints, rounds (open/close, pool size) and operators."""

from __future__ import annotations

import re
import sqlite3
from dataclasses import dataclass

from registration.errors import Refused
from registration.sampling.payloads import (
    DEFAULT_TUBE_PATTERN,
    BadTubePattern,
    TubePattern,
    compile_tube_pattern,
)
from registration.storage import clock, events
from registration.storage.events import Event, applies
from registration.storage.store import Store

MAX_POOL_SIZE = 50
_NAME = re.compile(r"[^\x00-\x1f\x7f-\x9f]{1,64}")


class CampaignError(Refused, ValueError):
    """A set-up request that cannot be carried out; the message says why."""


# What names a ``check_name`` refuses: one refusal each, for the words around the name differ by language.
_BAD_NAME = {
    "site": "name.site",
    "checkpoint": "name.checkpoint",
    "round": "name.round",
    "operator": "name.operator",
    "enterprise": "name.enterprise",
    "person": "name.person",
}


def check_name(what: str, name: str) -> str:
    name = name.strip()
    if not _NAME.fullmatch(name):
        raise CampaignError(_BAD_NAME[what])
    return name


def check_pool_size(size: int) -> int:
    if not 1 <= size <= MAX_POOL_SIZE:
        raise CampaignError("round.pool_size", most=MAX_POOL_SIZE, size=size)
    return size


@dataclass(frozen=True)
class Round:
    name: str
    pool_size: int
    status: str
    opened_at: str
    closed_at: str | None


def is_initialised(store: Store) -> bool:
    return store.conn.execute("SELECT 1 FROM device WHERE id = 1").fetchone() is not None


def init(
    store: Store,
    site: str,
    checkpoints: list[str],
    *,
    device_id: str | None = None,
    tube_pattern: str = DEFAULT_TUBE_PATTERN,
) -> str:
    """Create the campaign on this laptop; returns this device's id."""
    site = check_name("site", site)
    names = [check_name("checkpoint", c) for c in checkpoints]
    try:
        compile_tube_pattern(tube_pattern)
    except BadTubePattern as exc:
        raise CampaignError(exc.reason) from exc
    with store.write() as conn:
        if conn.execute("SELECT 1 FROM device WHERE id = 1").fetchone():
            raise CampaignError("campaign.exists")
        device = device_id or clock.uuid7()
        conn.execute(
            "INSERT INTO device (id, device_id, next_seq, hlc) VALUES (1, ?, 1, ?)",
            (device, clock.Hlc(0, 0).encode()),
        )
        conn.executemany(
            "INSERT INTO settings (key, value) VALUES (?, ?)",
            [("site", site), ("tube_pattern", tube_pattern)],
        )
        for name in names:
            events.record(conn, "checkpoint.added", {"name": name})
    return device


def tube_pattern(conn: sqlite3.Connection) -> TubePattern:
    """The campaign's tube pattern, compiled (from ``init`` or, at enrolment, from the server)."""
    row = conn.execute("SELECT value FROM settings WHERE key = 'tube_pattern'").fetchone()
    try:
        return compile_tube_pattern(DEFAULT_TUBE_PATTERN if row is None else str(row[0]))
    except BadTubePattern as exc:
        raise CampaignError("campaign.tube_pattern", problem=exc.reason) from exc


def add_checkpoint(store: Store, name: str) -> None:
    from registration.storage.authority import require_office  # it builds on this module's CampaignError

    name = check_name("checkpoint", name)
    with store.write() as conn:
        require_office(conn, "checkpoint.added", {"name": name})
        events.record(conn, "checkpoint.added", {"name": name})


def add_operator(store: Store, name: str) -> None:
    name = check_name("operator", name)
    with store.write() as conn:
        if not conn.execute("SELECT 1 FROM operators WHERE name = ?", (name,)).fetchone():
            events.record(conn, "operator.added", {"name": name})


def checkpoints(conn: sqlite3.Connection) -> list[str]:
    return [r[0] for r in conn.execute("SELECT name FROM checkpoints ORDER BY name")]


def require_checkpoint(conn: sqlite3.Connection, name: str) -> None:
    """Refuse work at ``name`` unless it is a checkpoint of the campaign where this laptop may work."""
    from registration.storage.authority import require_here  # it builds on this module's CampaignError

    if not conn.execute("SELECT 1 FROM checkpoints WHERE name = ?", (name,)).fetchone():
        known = ", ".join(checkpoints(conn)) or "none"
        raise CampaignError("checkpoint.unknown", checkpoint=name, known=known)
    require_here(conn, name)


def open_round(store: Store, name: str, pool_size: int = 10) -> Round:
    from registration.storage.authority import require_office

    name = check_name("round", name)
    check_pool_size(pool_size)
    with store.write() as conn:
        require_office(conn, "round.opened")
        existing = get_round(conn, name)
        if existing and existing.status == "open":
            raise CampaignError("round.already_open", round=name)
        events.record(conn, "round.opened", {"name": name, "pool_size": pool_size})
        return _require_round(conn, name)


def close_round(store: Store, name: str) -> Round:
    from registration.storage.authority import require_office

    with store.write() as conn:
        require_office(conn, "round.closed")
        existing = _require_round(conn, name)
        if existing.status == "closed":
            raise CampaignError("round.already_closed", round=name)
        events.record(conn, "round.closed", {"name": name})
        return _require_round(conn, name)


def get_round(conn: sqlite3.Connection, name: str) -> Round | None:
    row = conn.execute(
        "SELECT name, pool_size, status, opened_at, closed_at FROM rounds WHERE name = ?", (name,)
    ).fetchone()
    return None if row is None else Round(*row)


def _require_round(conn: sqlite3.Connection, name: str) -> Round:
    found = get_round(conn, name)
    if found is None:
        raise CampaignError("round.unknown", round=name)
    return found


def require_open_round(conn: sqlite3.Connection, name: str) -> Round:
    found = _require_round(conn, name)
    if found.status != "open":
        raise CampaignError("round.closed", round=name)

    return found


def rounds(conn: sqlite3.Connection) -> list[Round]:
    rows = conn.execute(
        "SELECT name, pool_size, status, opened_at, closed_at FROM rounds ORDER BY opened_at, name"
    )
    return [Round(*r) for r in rows]


def upsert_if_newer(
    conn: sqlite3.Connection, table: str, key: dict[str, object], values: dict[str, object], version: str
) -> None:
    """Last writer wins: write the row with ``values`` unless it holds a later ``version``."""
    cols = [*key, *values, "version"]
    params = [*key.values(), *values.values(), version]
    updates = ", ".join(f"{c} = excluded.{c}" for c in cols[len(key) :])
    conn.execute(
        f"INSERT INTO {table} ({', '.join(cols)}) VALUES ({', '.join('?' * len(cols))}) "
        f"ON CONFLICT ({', '.join(key)}) DO UPDATE SET {updates} WHERE excluded.version > {table}.version",
        params,
    )


def _upsert_if_newer(conn: sqlite3.Connection, table: str, event: Event, values: dict[str, object]) -> None:
    upsert_if_newer(conn, table, {"name": event.body["name"]}, values, event.version)


@applies("checkpoint.added")
def _checkpoint_added(conn: sqlite3.Connection, event: Event) -> None:
    _upsert_if_newer(conn, "checkpoints", event, {})


@applies("operator.added")
def _operator_added(conn: sqlite3.Connection, event: Event) -> None:
    _upsert_if_newer(conn, "operators", event, {})


@applies("round.opened")
def _round_opened(conn: sqlite3.Connection, event: Event) -> None:
    _upsert_if_newer(
        conn,
        "rounds",
        event,
        {
            "pool_size": int(event.body["pool_size"]),
            "status": "open",
            "opened_at": events.wall_time(event),
            "closed_at": None,
        },
    )


@applies("round.closed")
def _round_closed(conn: sqlite3.Connection, event: Event) -> None:
    conn.execute(
        "UPDATE rounds SET status = 'closed', closed_at = ?, version = ? WHERE name = ? AND version < ?",
        (events.wall_time(event), event.version, event.body["name"], event.version),
    )
