"""Who may change what on this laptop: a checkpoint station leaves reference data to the campaign office,
works only at the checkpoint it was enrolled for and fixes only its own registrations.

The server refuses reference data from a checkpoint station (``bodies.may_emit``), its events
naming another checkpoint, and its voids and corrections of other laptops' registrations
(sync/server/rights.py); the laptop refuses the same commands first, so a station's figures never
drift from the server's. An office laptop, and a campaign never enrolled with a server, keep every
command at every checkpoint.
"""

from __future__ import annotations

import sqlite3
from typing import Any

from registration.setup.campaign import CampaignError
from registration.storage import bodies, events


class OfficeOnly(CampaignError):
    """A change only the campaign office's administrator devices make."""


class NotHere(CampaignError):
    """Work at another checkpoint than the one this checkpoint station was enrolled for."""


class NotOwn(CampaignError):
    """A void or correction of a registration another laptop made, on a checkpoint station."""


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


def own_checkpoint(conn: sqlite3.Connection) -> str | None:
    """The checkpoint a checkpoint station was enrolled for, the only one it works at; None on an
    office laptop or one never enrolled."""
    enrolled = local_role(conn)
    if enrolled is None or enrolled[0] != "station" or not enrolled[1]:
        return None
    return enrolled[1]


def require_here(conn: sqlite3.Connection, checkpoint: str) -> None:
    """Refuse work at ``checkpoint`` when this laptop is a checkpoint station enrolled for another."""
    own = own_checkpoint(conn)
    if own is not None and checkpoint != own:
        raise NotHere("station.not_here", checkpoint=own)


def require_own(conn: sqlite3.Connection, maker: str) -> None:
    """Refuse to void or correct a registration made by the device ``maker`` when this laptop is a
    checkpoint station and another laptop made it (the server refuses it too)."""
    enrolled = local_role(conn)
    if enrolled is None or enrolled[0] != "station":
        return
    if maker != events.device_id(conn):
        raise NotOwn("registration.not_own")


def office_devices(conn: sqlite3.Connection) -> set[str]:
    """The laptops known here as the campaign office's: those that last opened or closed a round,
    which only an administrator device may. The rounds, not the whole event log, are read: sign-in
    stays quick on a station holding a site's registrations."""
    return {device_of(version) for (version,) in conn.execute("SELECT version FROM rounds")}


def device_of(version: str) -> str:
    """The device that wrote a record's ``version`` (``events.Event.version``: HLC, then the device)."""
    return version.split(".", 2)[2]
