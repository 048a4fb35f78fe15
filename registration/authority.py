"""Who may change what on this laptop: a checkpoint station leaves reference data to the campaign office.

The server refuses reference data from a checkpoint station (``bodies.may_emit``); the laptop
refuses the same commands first, so a station's figures never drift from the server's. A
campaign never enrolled with a server keeps every command.
"""

from __future__ import annotations

import sqlite3
from typing import Any

from registration import bodies
from registration.campaign import CampaignError


class OfficeOnly(CampaignError):
    """A change only the campaign office's administrator devices make."""


def local_role(conn: sqlite3.Connection) -> tuple[str, str] | None:
    """(role, checkpoint) this laptop was enrolled with, or None when it never was."""
    row = conn.execute("SELECT role, checkpoint FROM sync_state WHERE id = 1").fetchone()
    return None if row is None else (str(row[0]), str(row[1]))


def require_office(conn: sqlite3.Connection, kind: str, body: dict[str, Any] | None = None) -> None:
    """Refuse to make an event of ``kind`` (with ``body``, when it matters) that this laptop's role may not.

    >>> require_office(conn, "round.opened")  # doctest: +SKIP
    Traceback (most recent call last):
    OfficeOnly: this laptop is a checkpoint station: rounds are opened by the campaign office
    """
    enrolled = local_role(conn)
    if enrolled is None:
        return
    role, checkpoint = enrolled
    reason = bodies.may_emit(role, kind, body or {}, checkpoint=checkpoint)
    if reason is not None:
        raise OfficeOnly(reason)
