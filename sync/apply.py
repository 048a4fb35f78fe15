"""Applying events that came from another device to a station-schema database.

Each event is ingested in its own savepoint, so one event that the domain cannot apply (a
malformed body from a faulty device) is set aside with its reason and never blocks the rest.
"""

from __future__ import annotations

import sqlite3

from registration.errors import Reason, reason_of
from registration.storage import cipher, events
from registration.storage.events import Event


def _apply_errors() -> tuple[type[Exception], ...]:
    # An encrypted store's driver (SQLCipher) has database errors of its own.
    return (*cipher.driver_errors("Error"), KeyError, ValueError, TypeError)


def ingest_all(conn: sqlite3.Connection, incoming: list[Event]) -> tuple[int, list[tuple[Event, Reason]]]:
    """(events newly applied, events not applicable with the reason), in the caller's transaction."""
    conn.execute("SAVEPOINT page")
    try:
        applied = events.ingest_many(conn, incoming)
    except _apply_errors():
        # Some event of the page cannot be applied: go again one by one to set it aside.
        conn.execute("ROLLBACK TO page")
    else:
        conn.execute("RELEASE page")
        return applied, []
    conn.execute("RELEASE page")
    return _one_by_one(conn, incoming)


def _one_by_one(conn: sqlite3.Connection, incoming: list[Event]) -> tuple[int, list[tuple[Event, Reason]]]:
    applied = 0
    failed: list[tuple[Event, Reason]] = []
    for event in incoming:
        conn.execute("SAVEPOINT ingest")
        try:
            applied += events.ingest(conn, event)
        except _apply_errors() as exc:
            conn.execute("ROLLBACK TO ingest")
            failed.append(
                (event, Reason("sync.not_applied", error=type(exc).__name__, why=reason_of(exc) or str(exc)))
            )

        conn.execute("RELEASE ingest")
    return applied, failed
