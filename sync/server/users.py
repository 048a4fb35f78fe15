"""People who sign in to the command centre's dashboard: accounts (argon2id), browser sessions and
the sign-in rate limit, all in the server's database so that several API processes share them.

A device credential never opens a session: accounts and devices are separate tables.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import BigInteger, Column, Connection, Integer, String, Table, Text, delete, select, update

from sync.server import db

ROLES = ("viewer", "admin")
SESSION_MS = 12 * 3600 * 1000
# Five wrong passwords per name and address, then a quarter of an hour's wait.
MAX_FAILURES = 5
LOCKOUT_MS = 15 * 60 * 1000

accounts = Table(
    "dash_users",
    db.metadata,
    Column("username", String(64), primary_key=True),
    Column("password_hash", Text, nullable=False),
    Column("role", String(16), nullable=False),
    Column("site", String(64)),
    Column("created_ms", BigInteger, nullable=False),
)
sessions = Table(
    "dash_sessions",
    db.metadata,
    Column("token_hash", String(64), primary_key=True),
    Column("username", String(64), nullable=False, index=True),
    Column("csrf", String(64), nullable=False),
    Column("expires_ms", BigInteger, nullable=False),
)
attempts = Table(
    "dash_sign_in_failures",
    db.metadata,
    Column("key", String(64), primary_key=True),
    Column("failures", Integer, nullable=False),
    Column("first_ms", BigInteger, nullable=False),
)

_HASHER = PasswordHasher()  # argon2id with the library's memory-hard defaults
# Verified against when the name is unknown, so a wrong name costs the same time as a wrong password.
_DUMMY = _HASHER.hash(secrets.token_hex(16))


class AccountError(ValueError):
    """A bad account request (unknown name, bad role, empty password)."""


class TooManyAttempts(Exception):
    def __init__(self, retry_after_s: int) -> None:
        super().__init__(f"too many failed sign-ins: try again in {retry_after_s // 60 + 1} min")
        self.retry_after_s = retry_after_s


@dataclass(frozen=True)
class User:
    username: str
    role: str
    site: str | None
    csrf: str = ""

    @property
    def admin(self) -> bool:
        return self.role == "admin"


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


def add(conn: Connection, username: str, role: str, site: str | None, password: str, now_ms: int) -> User:
    """Create or replace an account (a new password for a known name)."""
    username = username.strip()
    if not username or len(username) > 64:
        raise AccountError("a user name is 1 to 64 characters")
    if role not in ROLES:
        raise AccountError(f"unknown role {role!r} (known: {', '.join(ROLES)})")
    if len(password) < 8:
        raise AccountError("a password has at least 8 characters")
    if (
        site is not None
        and conn.execute(select(db.sites.c.site).where(db.sites.c.site == site)).first() is None
    ):
        raise AccountError(f"unknown site {site!r}: create it with server init first")
    values = {"password_hash": _HASHER.hash(password), "role": role, "site": site, "created_ms": now_ms}
    a = accounts.c
    if conn.execute(update(accounts).where(a.username == username).values(**values)).rowcount == 0:
        conn.execute(accounts.insert().values(username=username, **values))
    # A changed password or role ends the sessions opened with the old one.
    conn.execute(delete(sessions).where(sessions.c.username == username))
    return User(username, role, site)


def listing(conn: Connection) -> list[User]:
    a = accounts.c
    return [
        User(r.username, r.role, r.site)
        for r in conn.execute(select(a.username, a.role, a.site).order_by(a.username))
    ]


def remove(conn: Connection, username: str) -> None:
    if conn.execute(delete(accounts).where(accounts.c.username == username)).rowcount == 0:
        raise AccountError(f"no user {username!r}")
    conn.execute(delete(sessions).where(sessions.c.username == username))


def sign_in(conn: Connection, username: str, password: str, address: str, now_ms: int) -> str | None:
    """A new session token for the right password, None for a wrong one (counted: the caller
    commits); TooManyAttempts while the name is locked out from this address."""
    key = _digest(f"{username}\n{address}")
    t = attempts.c
    held = conn.execute(select(t.failures, t.first_ms).where(t.key == key)).first()
    if held is not None and now_ms - held.first_ms >= LOCKOUT_MS:
        conn.execute(delete(attempts).where(t.key == key))
        held = None
    if held is not None and held.failures >= MAX_FAILURES:
        raise TooManyAttempts((LOCKOUT_MS - (now_ms - held.first_ms)) // 1000)
    a = accounts.c
    found = conn.execute(select(a.password_hash).where(a.username == username)).scalar()
    if not _verify(found or _DUMMY, password) or found is None:
        if held is None:
            conn.execute(attempts.insert().values(key=key, failures=1, first_ms=now_ms))
        else:
            conn.execute(update(attempts).where(t.key == key).values(failures=t.failures + 1))
        return None
    conn.execute(delete(attempts).where(t.key == key))
    token = secrets.token_urlsafe(32)
    conn.execute(
        sessions.insert().values(
            token_hash=_digest(token),
            username=username,
            csrf=new_token(),
            expires_ms=now_ms + SESSION_MS,
        )
    )
    conn.execute(delete(sessions).where(sessions.c.expires_ms < now_ms))
    return token


def _verify(hashed: str, password: str) -> bool:
    try:
        return _HASHER.verify(hashed, password)
    except (VerificationError, InvalidHashError):
        return False


def session_user(conn: Connection, token: str | None, now_ms: int) -> User | None:
    """The signed-in user of a session cookie, or None."""
    if not token:
        return None
    s, a = sessions.c, accounts.c
    row = conn.execute(
        select(a.username, a.role, a.site, s.csrf)
        .join_from(sessions, accounts, s.username == a.username)
        .where(s.token_hash == _digest(token), s.expires_ms > now_ms)
    ).first()
    return None if row is None else User(row.username, row.role, row.site, row.csrf)


def sign_out(conn: Connection, token: str) -> None:
    conn.execute(delete(sessions).where(sessions.c.token_hash == _digest(token)))


def new_token() -> str:
    return secrets.token_urlsafe(24)


def same_token(expected: str, given: str | None) -> bool:
    return bool(expected) and given is not None and hmac.compare_digest(expected, given)
