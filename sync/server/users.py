"""People who sign in to the command centre's dashboard: accounts (argon2id), browser sessions and
the sign-in rate limit, all in the server's database so that several API processes share them.

A liaison's account belongs to one enterprise of one site: it sees that enterprise alone
(sync/server/liaisons.py's Scope).

A device credential never opens a session: accounts and devices are separate tables.
"""

from __future__ import annotations

import functools
import hashlib
import hmac
import secrets
from dataclasses import dataclass

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import (
    BigInteger,
    Column,
    Connection,
    Integer,
    String,
    Table,
    Text,
    case,
    delete,
    select,
    update,
)
from sqlalchemy.dialects import postgresql, sqlite

from registration.errors import Refused
from registration.people import freetext
from registration.setup.campaign import check_name
from sync.server import db

ROLES = ("viewer", "admin", "liaison")
SESSION_MS = 12 * 3600 * 1000
# Five wrong passwords per name and address, then a quarter of an hour's wait; an address
# (an office behind one NAT, say) may fail thirty times in that quarter whatever the names.
MAX_FAILURES = 5
MAX_PER_ADDRESS = 30
LOCKOUT_MS = 15 * 60 * 1000

accounts = Table(
    "dash_users",
    db.metadata,
    Column("username", String(64), primary_key=True),
    Column("password_hash", Text, nullable=False),
    Column("role", String(16), nullable=False),
    Column("site", String(64)),
    Column("created_ms", BigInteger, nullable=False),
    Column("enterprise", Text),  # a liaison's, the one enterprise they see
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

# argon2id at OWASP's memory-hard setting, on one lane: the library's default of four lanes runs
# four threads per hash, so one sign-in took both cores of a small server for a fifth of a second
# and a flood of them stalled every push. Hashes made with other settings still verify, and are
# remade with these at their account's next sign-in.
_HASHER = PasswordHasher(time_cost=2, memory_cost=19 * 1024, parallelism=1)


class AccountError(Refused, ValueError):
    """A bad account request (unknown name, bad role, empty password)."""


class TooManyAttempts(Exception):
    def __init__(self, retry_after_s: int, *, per_address: bool = False) -> None:
        super().__init__(f"too many failed sign-ins: try again in {retry_after_s // 60 + 1} min")
        self.retry_after_s = retry_after_s
        # Whether the address itself is over its limit, whatever name it tries next.
        self.per_address = per_address


@dataclass(frozen=True)
class User:
    username: str
    role: str
    site: str | None
    csrf: str = ""
    enterprise: str | None = None

    @property
    def admin(self) -> bool:
        return self.role == "admin"

    @property
    def liaison(self) -> bool:
        return self.role == "liaison"


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


def add(
    conn: Connection,
    username: str,
    role: str,
    site: str | None,
    password: str,
    now_ms: int,
    enterprise: str | None = None,
) -> User:
    """Create or replace an account (a new password for a known name); a liaison's names its site
    and ``enterprise``, no other account names an enterprise."""
    username = username.strip()
    if not username or len(username) > 64 or freetext.has_control(username):
        raise AccountError("account.name")
    if role not in ROLES:
        raise AccountError("account.role", role=role, known=", ".join(ROLES))
    if len(password) < 8:
        raise AccountError("account.password")
    if (
        site is not None
        and conn.execute(select(db.sites.c.site).where(db.sites.c.site == site)).first() is None
    ):
        raise AccountError("account.site", site=site)
    if (role == "liaison") != (enterprise is not None) or (role == "liaison" and site is None):
        raise AccountError("account.enterprise")
    if enterprise is not None:
        enterprise = check_name("enterprise", enterprise)

    values = {
        "password_hash": _HASHER.hash(password),
        "role": role,
        "site": site,
        "created_ms": now_ms,
        "enterprise": enterprise,
    }
    a = accounts.c
    if conn.execute(update(accounts).where(a.username == username).values(**values)).rowcount == 0:
        conn.execute(accounts.insert().values(username=username, **values))
    # A changed password or role ends the sessions opened with the old one.
    conn.execute(delete(sessions).where(sessions.c.username == username))
    return User(username, role, site, enterprise=enterprise)


def listing(conn: Connection) -> list[User]:
    a = accounts.c
    return [
        User(r.username, r.role, r.site, enterprise=r.enterprise)
        for r in conn.execute(select(a.username, a.role, a.site, a.enterprise).order_by(a.username))
    ]


def remove(conn: Connection, username: str) -> None:
    if conn.execute(delete(accounts).where(accounts.c.username == username)).rowcount == 0:
        raise AccountError("account.unknown", user=username)
    conn.execute(delete(sessions).where(sessions.c.username == username))


def remove_liaisons(conn: Connection, site: str) -> int:
    """Delete the liaison accounts of ``site`` and end their sessions (its purge: no enterprise
    contact outlives the campaign's people); how many."""
    a = accounts.c
    names = list(conn.execute(select(a.username).where(a.site == site, a.role == "liaison")).scalars())
    if names:
        conn.execute(delete(sessions).where(sessions.c.username.in_(names)))
        conn.execute(delete(accounts).where(a.username.in_(names)))
    return len(names)


def reserve_attempt(conn: Connection, username: str, address: str, now_ms: int) -> None:
    """Count a sign-in attempt before its password is checked, or raise TooManyAttempts.

    One atomic check-and-increment per counter (an upsert that returns the new count), so that
    parallel guesses, in one process or several, are never evaluated past the limit. Counted per
    name and address, and per address whatever the name: a flood of made-up names hashes nothing
    once its address is over the limit.
    """
    by_name = _count(conn, _name_key(username, address), MAX_FAILURES, now_ms)
    by_address = _count(conn, _address_key(address), MAX_PER_ADDRESS, now_ms)
    if by_name or by_address:
        raise TooManyAttempts(max(by_name, by_address) // 1000, per_address=by_address > 0)


def _count(conn: Connection, key: str, limit: int, now_ms: int) -> int:
    """Adds one attempt to ``key``'s window (a new window once the old one ended); how many ms
    are left to wait when the window is over ``limit``, else 0."""
    dialect = postgresql if conn.dialect.name == "postgresql" else sqlite
    t = attempts.c
    stmt = dialect.insert(attempts).values(key=key, failures=1, first_ms=now_ms)
    expired = t.first_ms <= now_ms - LOCKOUT_MS
    row = conn.execute(
        stmt.on_conflict_do_update(
            index_elements=["key"],
            set_={
                "failures": case((expired, 1), else_=t.failures + 1),
                "first_ms": case((expired, now_ms), else_=t.first_ms),
            },
        ).returning(t.failures, t.first_ms)
    ).one()
    return 0 if row.failures <= limit else max(1000, LOCKOUT_MS - (now_ms - row.first_ms))


def password_hash(conn: Connection, username: str) -> str | None:
    return conn.execute(select(accounts.c.password_hash).where(accounts.c.username == username)).scalar()


def check_password(found: str | None, password: str) -> bool:
    """Whether ``password`` is the one of ``found`` (a stored hash, or None for an unknown name,
    which costs the same time). Slow and memory-hard on purpose: run it outside any transaction."""
    return _verify(found or _dummy(), password) and found is not None


@functools.cache
def _dummy() -> str:
    """Verified against when the name is unknown, so a wrong name costs the same time as a wrong
    password; made at the first sign-in rather than at import, which the admin commands pay for."""
    return _HASHER.hash(secrets.token_hex(16))


def rehashed(found: str, password: str) -> str | None:
    """``password`` hashed anew when ``found`` was made with older settings, else None. Slow:
    outside any transaction, like check_password."""
    return _HASHER.hash(password) if _HASHER.check_needs_rehash(found) else None


def open_session(
    conn: Connection, username: str, address: str, now_ms: int, new_hash: str | None = None
) -> str:
    """A new session token after the right password; the attempt reserved for it is given back,
    and ``new_hash`` (from ``rehashed``) replaces the account's old one."""
    if new_hash is not None:
        conn.execute(update(accounts).where(accounts.c.username == username).values(password_hash=new_hash))
    t = attempts.c
    conn.execute(delete(attempts).where(t.key == _name_key(username, address)))
    conn.execute(update(attempts).where(t.key == _address_key(address)).values(failures=t.failures - 1))
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


def _name_key(username: str, address: str) -> str:
    return _digest(f"{username}\n{address}")


def _address_key(address: str) -> str:
    return _digest(f"\n{address}")


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
        select(a.username, a.role, a.site, a.enterprise, s.csrf)
        .join_from(sessions, accounts, s.username == a.username)
        .where(s.token_hash == _digest(token), s.expires_ms > now_ms)
    ).first()
    return None if row is None else User(row.username, row.role, row.site, row.csrf, row.enterprise)


def sign_out(conn: Connection, token: str) -> None:
    conn.execute(delete(sessions).where(sessions.c.token_hash == _digest(token)))


def new_token() -> str:
    return secrets.token_urlsafe(24)


def same_token(expected: str, given: str | None) -> bool:
    return bool(expected) and given is not None and hmac.compare_digest(expected, given)
