"""The campaign's person-code signing keys: created once on the administrator's station.

Only the public half is an event (it travels to every laptop); the private half never
leaves the database it was created in.
"""

from __future__ import annotations

import sqlite3

from registration.people import personcodes
from registration.storage import events
from registration.storage.events import Event, applies
from registration.storage.store import Store


def create_campaign_key(store: Store) -> personcodes.SigningKey:
    """The campaign's signing key, made on first use and reused after."""
    with store.write() as conn:
        existing = signing_key(conn)
        if existing is not None:
            return existing
        key = personcodes.new_signing_key()
        events.record(conn, "key.published", {"kid": key.kid, "public": key.public.hex()})
        conn.execute("UPDATE signing_keys SET private = ? WHERE kid = ?", (key.private, key.kid))
        return key


def signing_key(conn: sqlite3.Connection) -> personcodes.SigningKey | None:
    row = conn.execute(
        "SELECT kid, public, private FROM signing_keys WHERE private IS NOT NULL "
        "ORDER BY created_at DESC LIMIT 1"
    ).fetchone()
    return None if row is None else personcodes.SigningKey(row[0], bytes(row[1]), bytes(row[2]))


def public_keys(conn: sqlite3.Connection) -> dict[str, bytes]:
    return {r[0]: bytes(r[1]) for r in conn.execute("SELECT kid, public FROM signing_keys")}


@applies("key.published")
def _key_published(conn: sqlite3.Connection, event: Event) -> None:
    public = bytes.fromhex(event.body["public"])
    if personcodes.key_id(public) != event.body["kid"]:
        raise ValueError("published key id does not match its public key")
    conn.execute(
        "INSERT OR IGNORE INTO signing_keys (kid, public, created_at) VALUES (?, ?, ?)",
        (event.body["kid"], public, events.wall_time(event)),
    )
