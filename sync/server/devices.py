"""Devices: one-time enrolment codes (made, listed, cancelled, spent), credentials (kept only as
hashes), bundle-signing keys, roles, first and last use, and revocation."""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, Engine, func, insert, select, update

from registration.errors import Reason, Refused
from registration.setup.campaign import CampaignError
from registration.storage import clock
from sync import typed_code
from sync.schema import BadEnrolmentCode, CodeAddress, EnrollResponse, Role, parse_enrolment_code
from sync.server import campaigns, db
from sync.server.eventlog import Author

CODE_HOURS = 72


class Unauthorised(Refused):
    """No credential, or one the server does not know: HTTP 401."""


class Forbidden(Refused):
    """A known device that may not do this (revoked, spent code, someone else's id): HTTP 403."""


class Clash(Refused):
    """The request contradicts what the server holds: HTTP 409."""


def digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


@dataclass(frozen=True)
class Code:
    secret: str
    id: str
    site: str
    checkpoint: str | None
    role: Role
    expires_ms: int
    site_created: bool
    checkpoint_added: bool


def create_code(
    conn: Connection,
    site: str,
    checkpoint: str | None,
    role: Role,
    now_ms: int,
    hours: float = CODE_HOURS,
    address: str | None = None,
) -> Code:
    """A one-time enrolment code; makes the site and the checkpoint when they are new.

    A checkpoint station's code names its checkpoint; an administrator device belongs to the
    site, not to a checkpoint, so its code names none. With the server ``address`` the code
    names, its typed form can find that address and prove it (sync/typed_code.py).
    """
    if role == "admin" and checkpoint is not None:
        raise CampaignError("code.admin_checkpoint")
    if role == "station" and not checkpoint:
        raise CampaignError("code.station_needs_checkpoint")
    site_created = campaigns.ensure_site(conn, site, None, now_ms)
    added = checkpoint is not None and campaigns.ensure_checkpoint(conn, site, checkpoint, now_ms)
    name = "" if checkpoint is None else checkpoint.strip()
    secret = typed_code.new_secret()
    key = typed_code.key(secret)
    expires = now_ms + int(hours * 3_600_000)
    conn.execute(
        insert(db.enrol_codes).values(
            code_hash=digest(secret),
            site=site,
            checkpoint=name,
            role=role,
            created_ms=now_ms,
            expires_ms=expires,
            code_id=typed_code.code_id(key),
            address=address,
            address_tag=None if address is None else typed_code.tag(key, address),
        )
    )
    return Code(secret, typed_code.code_id(key), site, name or None, role, expires, site_created, added)


def first_office_code(conn: Connection, site: str, now_ms: int, address: str | None = None) -> Code | None:
    """While ``site`` has no administrator device (a revoked one does not count), a new one-time code
    for the campaign office's laptop, the site's administrator codes not used yet cancelled, so
    that only the newest enrols; None once the office's laptop is enrolled."""
    d, k = db.devices.c, db.enrol_codes.c
    office = select(d.device).where(d.site == site, d.role == "admin", d.revoked_ms.is_(None)).limit(1)
    if conn.execute(office).first() is not None:
        return None
    conn.execute(
        update(db.enrol_codes)
        .where(
            k.site == site,
            k.role == "admin",
            k.used_ms.is_(None),
            k.cancelled_ms.is_(None),
            k.expires_ms >= now_ms,
        )
        .values(cancelled_ms=now_ms)
    )
    return create_code(conn, site, None, "admin", now_ms, address=address)


def secret_of(text: str) -> str:
    """The secret an enrolment code carries: whole (``TPE1.``), typed (``K7QH-M2XP-9D4T``, any case),
    or the bare secret of a code made before codes could be typed."""
    try:
        return parse_enrolment_code(text)[1]
    except BadEnrolmentCode:
        return typed_code.parse(text) or text.strip()


# The id that names a code: its own, or its hash's start for a code made before codes had ids.
_public_id = func.coalesce(db.enrol_codes.c.code_id, func.substr(db.enrol_codes.c.code_hash, 1, 8))


def typed_addresses(conn: Connection, code_id: str) -> list[CodeAddress]:
    """The addresses codes with this id were made with, each with its tag; the laptop that typed
    the code keeps the one its code proves. Several only when ids collide."""
    k = db.enrol_codes.c
    rows = conn.execute(
        select(k.address, k.address_tag)
        .where(k.code_id == code_id, k.address_tag.is_not(None))
        .order_by(k.created_ms.desc())
        .limit(10)
    )
    return [CodeAddress(address=r.address, tag=r.address_tag) for r in rows]


@dataclass(frozen=True)
class UnusedCode:
    id: str
    site: str
    checkpoint: str | None
    role: str
    created_ms: int
    expires_ms: int


def unused_codes(conn: Connection, site: str | None, now_ms: int) -> list[UnusedCode]:
    """The codes that could still enrol a laptop (not used, not expired, not cancelled), soonest
    to expire first."""
    k = db.enrol_codes.c
    query = (
        select(_public_id.label("id"), k.site, k.checkpoint, k.role, k.created_ms, k.expires_ms)
        .where(k.used_ms.is_(None), k.cancelled_ms.is_(None), k.expires_ms >= now_ms)
        .order_by(k.site, k.expires_ms, k.checkpoint)
    )
    if site is not None:
        query = query.where(k.site == site)
    return [
        UnusedCode(r.id, r.site, r.checkpoint or None, r.role, r.created_ms, r.expires_ms)
        for r in conn.execute(query)
    ]


def cancel_code(engine: Engine, site: str | None, given: str, now_ms: int) -> UnusedCode:
    """Cancel the unused code named by its id (as listed) or by the code itself, of ``site`` when
    given; LookupError when there is none, CampaignError when it can no longer be cancelled."""
    k = db.enrol_codes.c
    code_id = given.strip().lower()
    if typed_code.ID.fullmatch(code_id):
        named, what = _public_id == code_id, Reason("enrol.code_named", id=code_id)
    else:
        named, what = k.code_hash == digest(secret_of(given)), Reason("enrol.this_code")
    query = select(db.enrol_codes, _public_id.label("id")).where(named)
    if site is not None:
        query = query.where(k.site == site)
    with db.writing(engine) as conn:
        found = conn.execute(query).all()
        if not found:
            raise LookupError(
                f"no {what.removeprefix('this ')} on this server (server enroll --list shows the unused ones)"
            )
        unused = [r for r in found if r.used_ms is None and r.cancelled_ms is None and r.expires_ms >= now_ms]
        if len(unused) > 1:
            raise CampaignError("enrol.cancel_ambiguous", id=code_id)
        if not unused:
            raise CampaignError(_spent(found[0]), code=what)
        code = unused[0]
        # Only an unspent, uncancelled code passes: a laptop enrolling with it at this very moment
        # either spends it first, and then this cancels nothing, or finds it cancelled.
        done = conn.execute(
            update(db.enrol_codes)
            .where(k.code_hash == code.code_hash, k.used_ms.is_(None), k.cancelled_ms.is_(None))
            .values(cancelled_ms=now_ms)
        )
        if done.rowcount != 1:
            raise CampaignError("enrol.cancel_raced", code=what)
    return UnusedCode(
        code.id, code.site, code.checkpoint or None, code.role, code.created_ms, code.expires_ms
    )


def _spent(code: Any) -> str:
    """Why a code cannot be cancelled: the key of the refusal."""
    if code.used_ms is not None:
        return "enrol.cancel_used"
    if code.cancelled_ms is not None:
        return "enrol.cancel_cancelled"
    return "enrol.cancel_expired"


def enrol(
    engine: Engine,
    secret: str,
    device: str | None,
    station_site: str | None,
    now_ms: int,
    public_key: str | None = None,
) -> EnrollResponse:
    """Spend an enrolment code: the device (a new id, or the station's own) gets its credential."""
    k = db.enrol_codes.c
    d = db.devices.c
    credential = secrets.token_urlsafe(32)
    with db.writing(engine) as conn:
        code = conn.execute(select(db.enrol_codes).where(k.code_hash == digest(secret))).first()
        if code is None:
            raise Forbidden("enrol.unknown_code")
        if station_site is not None and station_site != code.site:
            raise Clash("enrol.other_site", site=station_site, code_site=code.site)
        if code.cancelled_ms is not None:
            raise Forbidden("enrol.code_cancelled")
        if code.used_ms is not None:
            first = (
                None if device is None else conn.execute(select(db.devices).where(d.device == device)).first()
            )
            # The answer to the first try was lost on the way: the same device asks again and gets a
            # fresh credential, but only while nobody has ever used the first one.
            if first is None or code.used_by != device or first.first_used_ms is not None:
                raise Forbidden("enrol.code_used")
            if first.public_key is not None and public_key != first.public_key:
                raise Forbidden("enrol.code_used")
            conn.execute(
                update(db.devices)
                .where(d.device == device)
                .values(credential_hash=digest(credential), public_key=public_key)
            )
        else:
            if code.expires_ms < now_ms:
                raise Forbidden("enrol.code_expired")
            device = device or clock.uuid7(now_ms)
            if (
                device.startswith(campaigns.AUTHOR_PREFIX)
                or conn.execute(select(db.sites.c.site).where(db.sites.c.author == device)).first()
            ):
                raise Clash("device.reserved", device=device)
            if (
                conn.execute(select(d.device).where(d.device == device)).first()
                or conn.execute(select(db.events.c.id).where(db.events.c.device == device).limit(1)).first()
            ):
                raise Clash("device.already_enrolled", device=device)
            # Spent in one statement that only an unspent code passes: of requests racing with one
            # code, the first to update it enrols; the others find it spent once it commits.
            spent = conn.execute(
                update(db.enrol_codes)
                .where(k.code_hash == code.code_hash, k.used_ms.is_(None), k.cancelled_ms.is_(None))
                .values(used_ms=now_ms, used_by=device)
            )
            if spent.rowcount != 1:
                # Spent, or cancelled, by the request that committed first: the row now says which.
                if conn.execute(select(k.cancelled_ms).where(k.code_hash == code.code_hash)).scalar():
                    raise Forbidden("enrol.code_cancelled")
                raise Forbidden("enrol.code_used")
            conn.execute(
                insert(db.devices).values(
                    device=device,
                    site=code.site,
                    checkpoint=code.checkpoint,
                    role=code.role,
                    credential_hash=digest(credential),
                    enrolled_ms=now_ms,
                    public_key=public_key,
                )
            )
        pattern = conn.execute(
            select(db.sites.c.tube_pattern).where(db.sites.c.site == code.site)
        ).scalar_one()
    assert device is not None
    return EnrollResponse(
        device=device,
        credential=credential,
        site=code.site,
        checkpoint=code.checkpoint,
        role=code.role,
        tube_pattern=pattern,
        server_time_ms=now_ms,
    )


# A device's first and last use are noted at most this often: authentication stays a read.
SEEN_EVERY_MS = 60_000


def authenticate(engine: Engine, authorization: str | None, now_ms: int | None = None) -> Author:
    """The device behind an ``Authorization: Bearer`` header; notes when it was seen."""
    now_ms = clock.now_ms() if now_ms is None else now_ms
    scheme, _, token = (authorization or "").partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise Unauthorised("device.no_credential")
    d = db.devices.c
    with db.reading(engine) as conn:
        row = conn.execute(select(db.devices).where(d.credential_hash == digest(token.strip()))).first()
    if row is None:
        raise Unauthorised("device.unknown_credential")
    if row.revoked_ms is not None:
        raise Forbidden("device.revoked", device=row.device)
    if row.first_used_ms is None or (row.last_seen_ms or 0) < now_ms - SEEN_EVERY_MS:
        with db.writing(engine) as conn:
            conn.execute(
                update(db.devices)
                .where(d.device == row.device)
                .values(first_used_ms=row.first_used_ms or now_ms, last_seen_ms=now_ms)
            )
    return Author(row.device, row.site, row.checkpoint, row.role)


def register_key(engine: Engine, device: str, public_key: str) -> None:
    """Keep the bundle-signing key of a device enrolled before devices had one (sent over its
    authenticated handshake); a device's key is never replaced."""
    d = db.devices.c
    with db.reading(engine) as conn:
        if conn.execute(select(d.public_key).where(d.device == device)).scalar() is not None:
            return  # the usual case: known already, and a handshake stays a read
    with db.writing(engine) as conn:
        conn.execute(
            update(db.devices).where(d.device == device, d.public_key.is_(None)).values(public_key=public_key)
        )


def public_key(conn: Connection, device: str) -> str | None:
    return conn.execute(select(db.devices.c.public_key).where(db.devices.c.device == device)).scalar()


def is_revoked(conn: Connection, device: str) -> bool:
    found = conn.execute(select(db.devices.c.revoked_ms).where(db.devices.c.device == device)).first()
    return found is not None and found.revoked_ms is not None


def register_unenrolled(
    conn: Connection, device: str, site: str, checkpoint: str, key: str, now_ms: int
) -> bool:
    """Know a device that only ever sent a bundle (no credential: it cannot call the API), with the
    key its first bundle is signed by; True if new. Such a device is always a checkpoint station."""
    d = db.devices.c
    row = conn.execute(select(d.site).where(d.device == device)).first()
    if row is not None:
        if row.site != site:
            raise CampaignError("device.other_site", device=device, site=row.site, wanted=site)
        return False
    if (
        device.startswith(campaigns.AUTHOR_PREFIX)
        or conn.execute(select(db.sites.c.site).where(db.sites.c.author == device)).first()
    ):
        raise CampaignError("device.reserved", device=device)
    conn.execute(
        insert(db.devices).values(
            device=device,
            site=site,
            checkpoint=checkpoint,
            role="station",
            enrolled_ms=now_ms,
            public_key=key,
        )
    )
    return True


def revoke(engine: Engine, device: str, now_ms: int) -> None:
    d = db.devices.c
    with db.writing(engine) as conn:
        row = conn.execute(select(d.revoked_ms).where(d.device == device)).first()
        if row is None:
            raise CampaignError("device.unknown", device=device)
        if row.revoked_ms is not None:
            raise CampaignError("device.already_revoked", device=device)
        conn.execute(update(db.devices).where(d.device == device).values(revoked_ms=now_ms))


def author(conn: Connection, device: str) -> Author | None:
    row = conn.execute(select(db.devices).where(db.devices.c.device == device)).first()
    return None if row is None else Author(row.device, row.site, row.checkpoint, row.role)


@dataclass(frozen=True)
class DeviceInfo:
    device: str
    site: str
    checkpoint: str | None
    role: str
    enrolled_ms: int
    first_seen: str | None
    last_seen: str | None
    events: int
    revoked: bool
    credential: bool


def _when(ms: int | None) -> str | None:
    if ms is None:
        return None
    return datetime.fromtimestamp(ms / 1000).astimezone().isoformat(timespec="seconds")


def list_devices(conn: Connection, site: str | None) -> list[DeviceInfo]:
    """Every device with what it did: its checkpoint (none for a site's administrator device),
    first and last use, the events the server holds from it, whether it is revoked."""
    d = db.devices.c
    e = db.events.c
    held = select(e.site, e.device, func.count().label("n")).group_by(e.site, e.device)
    if site is not None:
        held = held.where(e.site == site)
    counts = {(r.site, r.device): int(r.n) for r in conn.execute(held)}
    query = select(db.devices).order_by(d.site, d.role.desc(), d.checkpoint, d.enrolled_ms)
    if site is not None:
        query = query.where(d.site == site)
    return [
        DeviceInfo(
            r.device,
            r.site,
            r.checkpoint or None,
            r.role,
            r.enrolled_ms,
            _when(r.first_used_ms),
            _when(r.last_seen_ms),
            counts.get((r.site, r.device), 0),
            r.revoked_ms is not None,
            r.credential_hash is not None,
        )
        for r in conn.execute(query)
    ]
