"""Station databases encrypted at rest with SQLCipher: keys, encrypted connections, and encrypting
a plain database in place.

The key is the campaign's passphrase (``TESTPOINT_DB_KEY``, ``--key-file``, or typed at sign-in).
It is stretched as SQLCipher 4 does (PBKDF2-HMAC-SHA512, 256,000 rounds, the file's own salt)
once per process, and every connection then opens with the raw key: a thread's connection costs
no key stretching, and the file stays a standard SQLCipher 4 database for that passphrase.
"""

from __future__ import annotations

import os
import sqlite3
import sys
from pathlib import Path
from typing import Any

from registration.errors import Refused
from registration.storage import files

# hashlib, secrets (OpenSSL) and SQLCipher load only for an encrypted database: a command on a plain
# one (``register`` in a shell loop) starts without them.
ENV_KEY = "TESTPOINT_DB_KEY"
_HEADER = b"SQLite format 3\x00"
_ROUNDS = 256_000
_SALT = 16
MIN_PASSPHRASE = 8
"""The fewest characters of a passphrase the window sets for a new database."""
_known: dict[tuple[str, bytes], bytes] = {}
"""(passphrase, salt) -> the stretched key, for this process."""
_passphrases: dict[Path, str] = {}
_PROBE_TIMEOUT_S = 10.0


class WrongKey(Refused):
    """The database cannot be read with the key given (or needs one, or is not encrypted)."""


def remember(path: Path, passphrase: str) -> None:
    """Use ``passphrase`` for every connection this process opens to ``path`` (the window's sign-in)."""
    _passphrases[path.resolve()] = passphrase


def passphrase_for(path: Path) -> str | None:
    """The key for ``path``: the one remembered for it, else ``TESTPOINT_DB_KEY``, else None."""
    return _passphrases.get(path.resolve()) or os.environ.get(ENV_KEY) or None


def locked(path: Path) -> bool:
    """Whether ``path`` is an encrypted database that no passphrase this process knows opens."""
    if not (is_encrypted(path) and looks_encrypted(path)):
        return False
    known = passphrase_for(path)
    if known is None:
        return True
    try:
        connect(path, known, _PROBE_TIMEOUT_S).close()
    except WrongKey:
        return True
    return False


def unlock(path: Path, passphrase: str) -> None:
    """Remember ``passphrase`` for the encrypted database at ``path`` once it opens it; WrongKey if not."""
    connect(path, passphrase, _PROBE_TIMEOUT_S).close()
    remember(path, passphrase)


def protect(path: Path, passphrase: str) -> None:
    """Make the new campaign database at ``path`` one that ``passphrase`` opens: a missing or empty
    file is created encrypted when next opened, a plain one is encrypted in place, and an encrypted
    one must already open with it (WrongKey)."""
    if not is_encrypted(path) and path.exists() and path.stat().st_size:
        encrypt_in_place(path, passphrase)
    if is_encrypted(path):
        unlock(path, passphrase)
    else:
        remember(path, passphrase)


def read_key_file(path: Path) -> str:
    """The passphrase in a key file: its first line."""
    text = path.read_text("utf-8").splitlines()
    if not text or not text[0].strip():
        raise WrongKey("key.file_empty", path=path)
    return text[0].strip()


def is_encrypted(path: Path) -> bool:
    """Whether the file at ``path`` holds data that is not a plain SQLite database."""
    try:
        with path.open("rb") as f:
            head = f.read(len(_HEADER))
    except FileNotFoundError:
        return False
    return bool(head) and head != _HEADER


def looks_encrypted(path: Path) -> bool:
    """Whether an unreadable file looks encrypted (a random salt first) rather than like text."""
    with path.open("rb") as f:
        head = f.read(_SALT)
    return is_encrypted(path) and any(byte < 0x09 or 0x0E <= byte < 0x20 or byte >= 0x7F for byte in head)


def driver_errors(name: str) -> tuple[type[Exception], ...]:
    """SQLite's exception class ``name`` (``Error``, ``DatabaseError``, ``OperationalError``), and
    SQLCipher's once an encrypted database was opened: the two drivers' classes are unrelated."""
    found: list[type[Exception]] = [getattr(sqlite3, name)]
    loaded = sys.modules.get("sqlcipher3.dbapi2")
    if loaded is not None:
        found.append(getattr(loaded, name))
    return tuple(found)


def connect(path: Path, passphrase: str, timeout: float, statements: int = 100) -> Any:
    """An open connection to the encrypted database at ``path`` (made when the file is empty or new);
    WrongKey when the passphrase does not open it. It keeps ``statements`` statements prepared."""
    from sqlcipher3 import dbapi2

    if path.exists() and path.stat().st_size and not is_encrypted(path):
        raise WrongKey("key.not_encrypted", path=path)
    salt = _salt(path)
    conn = dbapi2.connect(str(path), isolation_level=None, timeout=timeout, cached_statements=statements)
    try:
        conn.row_factory = dbapi2.Row
        conn.execute("PRAGMA cipher_log_level = NONE")  # a wrong key is our one line, not SQLCipher's log
        # The salt goes with the key while the file has none yet; then SQLCipher reads it from the file.
        conn.execute(f"PRAGMA key = \"x'{_stretched(passphrase, salt).hex()}{salt.hex()}'\"")
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        # Wiping every buffer SQLCipher frees would cost each page written; it guards only freed heap
        # memory of a process that holds the key and the open data anyway. Off is SQLCipher 4.5+'s
        # default; said here so that a newer library cannot turn it on under us.
        conn.execute("PRAGMA cipher_memory_security = OFF")
        # Every page read from the file is decrypted and its HMAC checked: a larger cache of decrypted
        # pages (32 MB) spares the reads of a long campaign doing that again. A registration's commit
        # reads none; its cost over the plain store's is encrypting the ~12 pages it writes.
        conn.execute("PRAGMA cache_size = -32000")
    except dbapi2.DatabaseError as exc:
        conn.close()
        if getattr(exc, "sqlite_errorcode", 0) & 0xFF == sqlite3.SQLITE_NOTADB:
            raise WrongKey("key.wrong", path=path) from exc
        raise
    return conn


def _salt(path: Path) -> bytes:
    import secrets

    if path.exists() and path.stat().st_size >= _SALT:
        with path.open("rb") as f:
            return f.read(_SALT)
    return secrets.token_bytes(_SALT)


def _stretched(passphrase: str, salt: bytes) -> bytes:
    import hashlib

    where = (passphrase, salt)
    if where not in _known:
        _known[where] = hashlib.pbkdf2_hmac("sha512", passphrase.encode("utf-8"), salt, _ROUNDS, 32)
    return _known[where]


def encrypt_in_place(path: Path, passphrase: str) -> None:
    """Encrypt the plain campaign database at ``path`` with ``passphrase``: written beside it, then
    put in its place."""
    import secrets

    from sqlcipher3 import dbapi2

    if not path.is_file():
        raise WrongKey("key.no_database", path=path)
    if is_encrypted(path):
        raise WrongKey("key.already_encrypted", path=path)
    target = path.with_name(f".{path.name}.encrypting")
    target.unlink(missing_ok=True)
    plain = dbapi2.connect(str(path), isolation_level=None)
    if not plain.execute("SELECT 1 FROM sqlite_master WHERE name = '_sqlite_migrations'").fetchone():
        plain.close()
        raise WrongKey("key.not_campaign", path=path)

    files.create_private(target)
    salt = secrets.token_bytes(_SALT)
    try:
        plain.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        key = _stretched(passphrase, salt)
        plain.execute(f"ATTACH DATABASE ? AS encrypted KEY \"x'{key.hex()}{salt.hex()}'\"", (str(target),))
        plain.execute("SELECT sqlcipher_export('encrypted')")
        version = int(plain.execute("PRAGMA user_version").fetchone()[0])
        plain.execute(f"PRAGMA encrypted.user_version = {version}")
        plain.execute("DETACH DATABASE encrypted")
    except BaseException:
        target.unlink(missing_ok=True)
        raise
    finally:
        plain.close()
    with target.open("rb+") as written:
        os.fsync(written.fileno())
    for stale in (path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")):
        stale.unlink(missing_ok=True)
    os.replace(target, path)
