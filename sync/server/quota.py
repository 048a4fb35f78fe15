"""Each checkpoint station's daily quota: how many events, and how many bytes of their bodies, the
server stores from one device in a day (UTC, by the server's clock), so that one station cannot
fill the disk. Counted in the transaction that stores a batch: processes sharing one database
add to the same row, one after another."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import BigInteger, Column, Connection, Integer, String, Table, select

from registration.errors import Refused
from sync.server import bulk, db

MiB = 1024 * 1024
DAY_MS = 86_400_000

usage = Table(
    "device_usage",
    db.metadata,
    Column("device", String(64), primary_key=True),
    Column("day", Integer, primary_key=True),  # days since 1970-01-01, UTC
    Column("events", BigInteger, nullable=False),
    Column("bytes", BigInteger, nullable=False),
)


@dataclass(frozen=True)
class Limits:
    """A checkpoint laptop registers a few thousand people a day: these leave plenty of room."""

    events: int = 200_000
    bytes: int = 256 * MiB


DEFAULT = Limits()


class OverQuota(Refused):
    """A batch would take its device past a daily quota: nothing of it is stored."""


def charge(conn: Connection, device: str, now_ms: int, rows: list[dict[str, Any]], limits: Limits) -> None:
    """Count the newly stored ``rows`` against ``device``'s quota for today; OverQuota when that
    passes a limit (the caller's savepoint then undoes the count with the rows)."""
    if not rows:
        return
    day = now_ms // DAY_MS
    size = sum(len(row["body"].encode()) for row in rows)
    columns = ("device", "day", "events", "bytes")
    bulk.insert(conn, usage, columns, [(device, day, len(rows), size)], add=("events", "bytes"))
    u = usage.c
    used = conn.execute(select(u.events, u.bytes).where(u.device == device, u.day == day)).one()
    resets = datetime.fromtimestamp((day + 1) * DAY_MS / 1000, UTC).strftime("%Y-%m-%d %H:%M UTC")
    if used.events > limits.events:
        raise OverQuota("quota.events", most=limits.events, resets=resets)
    if used.bytes > limits.bytes:
        raise OverQuota("quota.bytes", most=limits.bytes, resets=resets)
