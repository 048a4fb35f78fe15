"""The record of every unmasking and every purge: who, on which device, when, which list, how many.

A reveal (full ID numbers and phones put into an export or on screen) and a purge are events
(``audit.revealed``, ``data.purged``) that sync like any other, so the campaign office lists every
laptop's. The events never hold a person's data: only counts, names of lists, rounds and
enterprises.
"""

from __future__ import annotations

import getpass
import sqlite3
from dataclasses import asdict, dataclass
from typing import Any

from registration.storage import events
from registration.storage.events import Event, applies
from registration.storage.store import Store

# Which list was unmasked: the command line's exports, the window's, the server's dashboard export,
# a transport box's manifest for the lab.
LISTS = ("missing", "not_on_roster", "trace", "recall", "dashboard", "manifest")
REVEALED = "audit.revealed"
PURGED = "data.purged"


@dataclass(frozen=True)
class Entry:
    event: str
    action: str
    """``revealed`` or ``purged``."""
    device: str
    at: str
    operator: str | None
    what: str
    """The list unmasked, or what a purge covered (``round`` or ``campaign``)."""
    people: int
    round: str | None
    enterprise: str | None

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


def who() -> str | None:
    """The account running a command: the command line has no signed-in operator."""
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return None


def revealed_body(
    what: str,
    people: int,
    operator: str | None,
    *,
    round_name: str | None = None,
    enterprise: str | None = None,
) -> dict[str, Any]:
    """An ``audit.revealed`` body (also written by the server for its dashboard export)."""
    if what not in LISTS:
        raise ValueError(f"unknown list {what!r}")
    body: dict[str, Any] = {"list": what, "people": people, "operator": operator}
    if round_name is not None:
        body["round"] = round_name
    if enterprise is not None:
        body["enterprise"] = enterprise
    return body


def record_reveal(
    store: Store,
    what: str,
    people: int,
    operator: str | None,
    *,
    round_name: str | None = None,
    enterprise: str | None = None,
) -> Event:
    """Record that ``people`` people of list ``what`` were shown or written unmasked."""
    body = revealed_body(what, people, operator, round_name=round_name, enterprise=enterprise)
    with store.write() as conn:
        return events.record(conn, REVEALED, body)


def entries(
    conn: sqlite3.Connection,
    *,
    action: str | None = None,
    round_name: str | None = None,
    newest_first: bool = False,
) -> list[Entry]:
    """Every reveal and purge this laptop knows of, from every device, oldest first.

    ``action`` (``revealed`` or ``purged``) and ``round_name`` keep only those; the office's
    unmaskings screen asks ``entries(conn, action="revealed", newest_first=True)``.
    """
    # The event's clock orders them: ``at`` is to the second, and two reveals can share one.
    order = "DESC" if newest_first else "ASC"
    rows = conn.execute(
        "SELECT a.event, a.action, a.device, a.at, a.operator, a.what, a.people, a.round, a.enterprise"
        " FROM audit a JOIN events e ON e.id = a.event"
        " WHERE (:action IS NULL OR a.action = :action) AND (:round IS NULL OR a.round = :round)"
        f" ORDER BY e.hlc {order}, a.event {order}",
        {"action": action, "round": round_name},
    )
    return [Entry(*row) for row in rows]


def _fold(conn: sqlite3.Connection, event: Event, action: str, what: str) -> None:
    b = event.body
    conn.execute(
        "INSERT OR IGNORE INTO audit (event, action, device, at, operator, what, people, round, enterprise)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (
            event.id,
            action,
            event.device,
            events.wall_time(event),
            b.get("operator"),
            what,
            int(b.get("people", 0)),
            b.get("round"),
            b.get("enterprise"),
        ),
    )


@applies(REVEALED)
def _revealed(conn: sqlite3.Connection, event: Event) -> None:
    _fold(conn, event, "revealed", str(event.body["list"]))


@applies(PURGED)
def _purged(conn: sqlite3.Connection, event: Event) -> None:
    _fold(conn, event, "purged", str(event.body["scope"]))
