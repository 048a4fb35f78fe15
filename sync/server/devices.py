"""Devices: one-time enrolment codes, credentials (kept only as hashes), roles and revocation."""

from __future__ import annotations

import base64
import hashlib
import secrets
from dataclasses import dataclass

from sqlalchemy import Connection, Engine, insert, select, update

from registration import clock
from registration.campaign import CampaignError
from sync.schema import EnrollResponse, Role
from sync.server import campaigns, db
from sync.server.eventlog import Author

CODE_HOURS = 72


class Unauthorised(Exception):
    """No credential, or one the server does not know: HTTP 401."""


class Forbidden(Exception):
    """A known device that may not do this (revoked, spent code, someone else's id): HTTP 403."""


class Clash(Exception):
    """The request contradicts what the server holds: HTTP 409."""


def digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


@dataclass(frozen=True)
class Code:
    secret: str
    site: str
    checkpoint: str
    role: Role
    expires_ms: int
    site_created: bool
    checkpoint_added: bool


def create_code(
    conn: Connection, site: str, checkpoint: str, role: Role, now_ms: int, hours: float = CODE_HOURS
) -> Code:
    """A one-time enrolment code; makes the site and the checkpoint when they are new."""
    site_created = campaigns.ensure_site(conn, site, None, now_ms)
    added = campaigns.ensure_checkpoint(conn, site, checkpoint, now_ms)
    # 80 random bits in base32: short enough to type, far too many to guess.
    secret = base64.b32encode(secrets.token_bytes(10)).decode()
    expires = now_ms + int(hours * 3_600_000)
    conn.execute(
        insert(db.enrol_codes).values(
            code_hash=digest(secret),
            site=site,
            checkpoint=checkpoint.strip(),
            role=role,
            created_ms=now_ms,
            expires_ms=expires,
        )
    )
    return Code(secret, site, checkpoint.strip(), role, expires, site_created, added)


def enrol(
    engine: Engine, secret: str, device: str | None, station_site: str | None, now_ms: int
) -> EnrollResponse:
    """Spend an enrolment code: the device (a new id, or the station's own) gets its credential."""
    k = db.enrol_codes.c
    d = db.devices.c
    credential = secrets.token_urlsafe(32)
    with db.writing(engine) as conn:
        code = conn.execute(select(db.enrol_codes).where(k.code_hash == digest(secret))).first()
        if code is None:
            raise Forbidden("unknown enrolment code")
        if station_site is not None and station_site != code.site:
            raise Clash(
                f"this station holds the campaign of site {station_site!r}; the code is for {code.site!r}"
            )
        if code.used_ms is not None:
            if device is None or code.used_by != device:
                raise Forbidden("this enrolment code was already used: ask for a new one")
            # The answer to the first try was lost on the way: the same device asks again and
            # gets a fresh credential (the first one was never seen by anyone).
            conn.execute(
                update(db.devices).where(d.device == device).values(credential_hash=digest(credential))
            )
        else:
            if code.expires_ms < now_ms:
                raise Forbidden("this enrolment code has expired: ask for a new one")
            device = device or clock.uuid7(now_ms)
            if conn.execute(select(d.device).where(d.device == device)).first():
                raise Clash(f"device {device} is already enrolled")
            conn.execute(
                update(db.enrol_codes)
                .where(k.code_hash == code.code_hash)
                .values(used_ms=now_ms, used_by=device)
            )
            conn.execute(
                insert(db.devices).values(
                    device=device,
                    site=code.site,
                    checkpoint=code.checkpoint,
                    role=code.role,
                    credential_hash=digest(credential),
                    enrolled_ms=now_ms,
                )
            )
        pattern = conn.execute(
            select(db.sites.c.tube_pattern).where(db.sites.c.site == code.site)
        ).scalar_one()
    return EnrollResponse(
        device=device,
        credential=credential,
        site=code.site,
        checkpoint=code.checkpoint,
        role=code.role,
        tube_pattern=pattern,
        server_time_ms=now_ms,
    )


def authenticate(engine: Engine, authorization: str | None) -> Author:
    """The device behind an ``Authorization: Bearer`` header."""
    scheme, _, token = (authorization or "").partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise Unauthorised("a device credential is needed (Authorization: Bearer ...)")
    d = db.devices.c
    with db.reading(engine) as conn:
        row = conn.execute(select(db.devices).where(d.credential_hash == digest(token.strip()))).first()
    if row is None:
        raise Unauthorised("unknown device credential: enrol this station again")
    if row.revoked_ms is not None:
        raise Forbidden(f"device {row.device} has been revoked")
    return Author(row.device, row.site, row.checkpoint, row.role)


def register_unenrolled(conn: Connection, device: str, site: str, checkpoint: str, now_ms: int) -> bool:
    """Know a device that only ever sent a bundle (no credential: it cannot call the API); True if new."""
    d = db.devices.c
    row = conn.execute(select(d.site).where(d.device == device)).first()
    if row is not None:
        if row.site != site:
            raise CampaignError(f"device {device} belongs to site {row.site!r}, not {site!r}")
        return False
    conn.execute(
        insert(db.devices).values(
            device=device, site=site, checkpoint=checkpoint, role="station", enrolled_ms=now_ms
        )
    )
    return True


def revoke(engine: Engine, device: str, now_ms: int) -> None:
    d = db.devices.c
    with db.writing(engine) as conn:
        row = conn.execute(select(d.revoked_ms).where(d.device == device)).first()
        if row is None:
            raise CampaignError(f"unknown device {device!r}")
        if row.revoked_ms is not None:
            raise CampaignError(f"device {device} is already revoked")
        conn.execute(update(db.devices).where(d.device == device).values(revoked_ms=now_ms))


def author(conn: Connection, device: str) -> Author | None:
    row = conn.execute(select(db.devices).where(db.devices.c.device == device)).first()
    return None if row is None else Author(row.device, row.site, row.checkpoint, row.role)


@dataclass(frozen=True)
class DeviceInfo:
    device: str
    site: str
    checkpoint: str
    role: str
    enrolled_ms: int
    revoked: bool
    credential: bool


def list_devices(conn: Connection, site: str | None) -> list[DeviceInfo]:
    d = db.devices.c
    query = select(db.devices).order_by(d.site, d.checkpoint, d.enrolled_ms)
    if site is not None:
        query = query.where(d.site == site)
    return [
        DeviceInfo(
            r.device,
            r.site,
            r.checkpoint,
            r.role,
            r.enrolled_ms,
            r.revoked_ms is not None,
            r.credential_hash is not None,
        )
        for r in conn.execute(query)
    ]
