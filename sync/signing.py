"""A device's own Ed25519 key: made once per station database, registered with the server at
enrolment (or at the first handshake of a station enrolled before), it signs the bundles the
station exports so that the server can tell who made them.
"""

from __future__ import annotations

import sqlite3

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.serialization import Encoding, NoEncryption, PrivateFormat, PublicFormat


def new_key() -> bytes:
    """A new private key (raw bytes)."""
    return Ed25519PrivateKey.generate().private_bytes(Encoding.Raw, PrivateFormat.Raw, NoEncryption())


def stored_key(conn: sqlite3.Connection) -> bytes | None:
    row = conn.execute("SELECT private FROM device_key WHERE id = 1").fetchone()
    return None if row is None else bytes(row[0])


def keep(conn: sqlite3.Connection, private: bytes) -> None:
    """Keep ``private`` as this station's key unless it has one (inside a write transaction)."""
    conn.execute("INSERT OR IGNORE INTO device_key (id, private) VALUES (1, ?)", (private,))


def own_key(conn: sqlite3.Connection) -> bytes:
    """This station's key, made on first use (inside a write transaction)."""
    found = stored_key(conn)
    if found is None:
        found = new_key()
        keep(conn, found)
    return found


def public_hex(private: bytes) -> str:
    public = Ed25519PrivateKey.from_private_bytes(private).public_key()
    return public.public_bytes(Encoding.Raw, PublicFormat.Raw).hex()


def sign(private: bytes, digest: bytes) -> str:
    """The signature (hex) of ``digest`` by ``private``."""
    return Ed25519PrivateKey.from_private_bytes(private).sign(digest).hex()


def verify(public: str, digest: bytes, signature: str) -> bool:
    try:
        Ed25519PublicKey.from_public_bytes(bytes.fromhex(public)).verify(bytes.fromhex(signature), digest)
    except (InvalidSignature, ValueError):
        return False
    return True
