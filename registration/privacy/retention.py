"""Retention: taking names, ID numbers and phones off a laptop once the campaign no longer needs
them, keeping the figures of every round.

A round's figures are frozen first (``frozen_rounds``; reconciliation answers them from then on).
Each purged ID number is then replaced by one random token, the same in every event and table,
so every count (tested, missing, registrations per checkpoint) stays what it was. A token is
shaped as an ID number of region 000000, which no person has: every body model still accepts
the events, and the server's purge (``sync/server/purge.py``) uses the same transforms. The
purge itself is an event (``data.purged``: what it covered and how many people, nobody's data).
"""

from __future__ import annotations

import dataclasses
import json
import sqlite3
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from registration.people import identity
from registration.privacy import audit
from registration.reports import reconcile
from registration.sampling.desk import now_iso
from registration.setup import campaign
from registration.setup.campaign import CampaignError
from registration.storage import events
from registration.storage.store import Store

TOKEN_PREFIX = "000000"
PURGED_NAME = "purged"
PERSON_KINDS = ("registration", "exemption.set", "exemption.cleared", "exemption.requested")
# The tables naming a person per round (a liaison's reasons too, with what they said).
_PERSON_TABLES = ("registrations", "exemptions", "exemption_requests")


@dataclass(frozen=True)
class Purged:
    scope: str
    rounds: list[str]
    people: int
    event: str

    def to_json(self) -> dict[str, Any]:
        return dataclasses.asdict(self)


def purge_round(store: Store, round_name: str, operator: str | None) -> Purged:
    """Take round ``round_name``'s people out of its registrations and exemptions, and off this
    laptop altogether where nothing else needs them (off every roster, in no other round)."""
    with store.write() as conn:
        _require_pushed(conn)
        round_ = campaign.get_round(conn, round_name)
        if round_ is None:
            raise CampaignError("round.unknown", round=round_name)
        if round_.status != "closed":
            raise CampaignError("purge.round_open", round=round_name)
        if _frozen(conn, [round_name]):
            raise CampaignError("purge.already", round=round_name)
        _freeze(conn, [round_name])
        tokens = new_tokens(_people_of(conn, "WHERE round = ?", (round_name,)))
        _rewrite(conn, PERSON_KINDS, lambda body: in_round(body, round_name, tokens))
        _replace_people(conn, tokens, round_name)
        conn.execute(
            "UPDATE registrations SET raw_code = NULL, card_name = NULL WHERE round = ?", (round_name,)
        )
        conn.execute("UPDATE exemptions SET note = NULL WHERE round = ?", (round_name,))
        conn.execute(_UNSAID + " WHERE round = ?", (round_name,))
        kept = _people_of(conn, "", ()) | {
            str(r[0]) for r in conn.execute("SELECT id_number FROM people WHERE on_roster")
        }
        _forget(conn, {p: t for p, t in tokens.items() if p not in kept})
        event = _record(conn, {"scope": "round", "round": round_name, "people": len(tokens)}, operator)
    compact(store.conn)
    return Purged("round", [round_name], len(tokens), event.id)


def purge_campaign(store: Store, older_than_days: int, operator: str | None) -> Purged:
    """Take every person's name, ID number and phone off this laptop, once every round has been
    closed for more than ``older_than_days`` days."""
    if older_than_days < 0:
        raise CampaignError("purge.negative_days")
    with store.write() as conn:
        _require_pushed(conn)
        rounds = campaign.rounds(conn)
        still_open = [r.name for r in rounds if r.status != "closed"]
        if still_open:
            raise CampaignError("purge.campaign_open", round=still_open[0])
        ended = max((datetime.fromisoformat(r.closed_at or "") for r in rounds), default=None)
        if ended is not None and datetime.now().astimezone() - ended < timedelta(days=older_than_days):
            raise CampaignError(
                "purge.too_recent", when=ended.isoformat(timespec="minutes"), days=older_than_days
            )
        names = [r.name for r in rounds]
        _freeze(conn, [n for n in names if n not in _frozen(conn, names)])
        people = _people_of(conn, "", ()) | {str(r[0]) for r in conn.execute("SELECT id_number FROM people")}
        tokens = new_tokens(people)
        _rewrite(conn, PERSON_KINDS, lambda body: in_round(body, None, tokens))
        _replace_people(conn, tokens, None)
        conn.execute("UPDATE registrations SET raw_code = NULL, card_name = NULL")
        conn.execute("UPDATE exemptions SET note = NULL")
        conn.execute(_UNSAID)
        _forget(conn, tokens)
        # An enterprise's contact is a person too; the sync's set-aside events may hold anyone.
        conn.execute("UPDATE enterprises SET contact = NULL, phone = NULL")
        _rewrite(conn, ("enterprise.upserted",), without_contact)
        conn.execute("DELETE FROM pulled_aside")
        body = {"scope": "campaign", "older_than_days": older_than_days, "people": len(tokens)}
        event = _record(conn, body, operator)
    compact(store.conn)
    return Purged("campaign", names, len(tokens), event.id)


_UNSAID = "UPDATE exemption_requests SET place = NULL, tested_at = NULL, note = NULL"


def compact(conn: sqlite3.Connection) -> None:
    """Rewrite the file without the free pages and the write-ahead log that still hold the old data
    (the laptop's store, and the server's SQLite database after its own purge)."""
    for step in ("PRAGMA wal_checkpoint(TRUNCATE)", "VACUUM", "PRAGMA wal_checkpoint(TRUNCATE)"):
        conn.execute(step).fetchall()


def _require_pushed(conn: sqlite3.Connection) -> None:
    # The server must hold the events as they were: a rewritten event would reach it as another.
    enrolled = conn.execute("SELECT 1 FROM sync_state WHERE id = 1").fetchone()
    waiting = int(conn.execute("SELECT count(*) FROM outbox").fetchone()[0])
    if enrolled and waiting:
        raise CampaignError("purge.not_pushed", count=waiting)


def _frozen(conn: sqlite3.Connection, names: Iterable[str]) -> set[str]:
    wanted = list(names)
    marks = ",".join("?" * len(wanted))
    return {
        str(r[0]) for r in conn.execute(f"SELECT round FROM frozen_rounds WHERE round IN ({marks})", wanted)
    }


def _freeze(conn: sqlite3.Connection, names: list[str]) -> None:
    # The figures only: the people the answer lists (masked, but still people) are not kept.
    figures = [
        (
            name,
            json.dumps(
                reconcile.reconcile(conn, name) | {"not_on_any_roster_people": []}, ensure_ascii=False
            ),
        )
        for name in names
    ]
    at = now_iso()
    conn.executemany(
        "INSERT INTO frozen_rounds (round, figures, purged_at) VALUES (?, ?, ?)", [(*f, at) for f in figures]
    )


def _people_of(conn: sqlite3.Connection, where: str, params: tuple[str, ...]) -> set[str]:
    found: set[str] = set()
    for table in _PERSON_TABLES:
        rows = conn.execute(f"SELECT DISTINCT person FROM {table} {where}", params)
        found |= {str(r[0]) for r in rows if r[0] is not None and not str(r[0]).startswith(TOKEN_PREFIX)}
    return found


def new_tokens(people: Iterable[str]) -> dict[str, str]:
    """A distinct random token for each person not purged before.

    Random, not derived from the ID number: ID numbers are few enough to try them all.
    """
    import secrets  # OpenSSL's hashlib comes with it: loaded for a purge only

    tokens: dict[str, str] = {}
    used: set[str] = set()
    for person in sorted(set(people)):
        if person.startswith(TOKEN_PREFIX):
            continue
        token = person
        while token == person or token in used:
            born = date(1900, 1, 1) + timedelta(days=secrets.randbelow(36_500))
            first17 = f"{TOKEN_PREFIX}{born:%Y%m%d}{secrets.randbelow(1000):03d}"
            token = first17 + identity.check_char(first17)
        used.add(token)
        tokens[person] = token
    return tokens


def _replace_people(conn: sqlite3.Connection, tokens: dict[str, str], round_name: str | None) -> None:
    """Each person of ``tokens`` becomes their token in the registrations and exemptions of
    ``round_name`` (None: of every round)."""
    where, params = ("WHERE round = ?", (round_name,)) if round_name is not None else ("", ())
    for table in _PERSON_TABLES:
        held = conn.execute(f"SELECT DISTINCT round, person FROM {table} {where}", params).fetchall()
        # Round and person together: both tables have an index that starts with them, and no
        # index starts with the person alone (by person only, each update read the whole table).
        conn.executemany(
            f"UPDATE {table} SET person = ? WHERE round = ? AND person = ?",
            [(tokens[person], round_, person) for round_, person in held if person in tokens],
        )


def in_round(body: dict[str, Any], round_name: str | None, tokens: dict[str, str]) -> dict[str, Any] | None:
    """A registration's, exemption's or liaison's request's body with its person's token (in
    ``round_name``, or any), and nothing typed about them."""
    if round_name is not None and body.get("round") != round_name:
        return None
    person = body.get("person")
    changed = body | {"person": tokens.get(person, person) if isinstance(person, str) else person}
    for personal in ("raw_code", "card_name"):
        if personal in body:
            changed[personal] = None
    for said in ("note", "place", "tested_at"):  # what a person or their liaison typed
        if said in body:
            changed[said] = None
    return changed


def _forget(conn: sqlite3.Connection, tokens: dict[str, str]) -> None:
    """The people of ``tokens`` keep their enterprise and roster place (figures count them), no more."""
    conn.executemany(
        "UPDATE people SET id_number = ?, name = ?, phone = NULL, department = NULL, person_key = NULL"
        " WHERE id_number = ?",
        [(token, PURGED_NAME, person) for person, token in tokens.items()],
    )

    _rewrite(conn, ("person.upserted",), lambda body: forgotten(body, tokens))


def forgotten(body: dict[str, Any], tokens: dict[str, str]) -> dict[str, Any] | None:
    """A ``person.upserted`` body of a person of ``tokens``: their token, and no name, phone or key."""
    token = tokens.get(body.get("id_number", ""))
    if token is None:
        return None
    changed = body | {"id_number": token, "name": PURGED_NAME, "phone": None, "department": None}
    changed.pop("person_key", None)
    return changed


def without_contact(body: dict[str, Any]) -> dict[str, Any]:
    """An ``enterprise.upserted`` body without its contact person."""
    return body | {"contact": None, "phone": None}


def _rewrite(
    conn: sqlite3.Connection,
    kinds: tuple[str, ...],
    change: Callable[[dict[str, Any]], dict[str, Any] | None],
) -> None:
    """Replace the bodies of the events of ``kinds`` that ``change`` changes (None: left as it is)."""
    marks = ",".join("?" * len(kinds))
    updates = []
    for row in conn.execute(f"SELECT * FROM events WHERE kind IN ({marks})", kinds):
        event = events.from_row(row)
        body = change(event.body)
        if body is not None and body != event.body:
            updates.append((dataclasses.replace(event, body=body).body_json(), event.id))
    conn.executemany("UPDATE events SET body = ? WHERE id = ?", updates)


def _record(conn: sqlite3.Connection, body: dict[str, Any], operator: str | None) -> events.Event:
    return events.record(conn, audit.PURGED, body | {"operator": operator})
