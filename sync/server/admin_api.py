"""The campaign office's endpoints: enrolment codes (made, listed, cancelled), the site's laptops,
revocation, enterprise liaisons' dashboard accounts, bundle imports, and reminders to enterprises'
liaisons (channels, sending, the sends).

Only a device enrolled with the administrator role may call them (403 for any other), and only
for its own site.
"""

# No "from __future__ import annotations": FastAPI reads the route annotations at run time.
import os
import tempfile
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Annotated
from urllib.parse import urlsplit

from fastapi import APIRouter, Depends, Query, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from sqlalchemy import Engine

from registration.errors import Reason
from registration.setup.campaign import CampaignError
from sync import bundle
from sync.admin_client import (
    ADMIN_PREFIX,
    BundleAnswer,
    ChannelInfo,
    ChannelRemoved,
    ChannelRequest,
    Channels,
    CodeAnswer,
    CodeCancelled,
    CodeRequest,
    Laptop,
    Laptops,
    LiaisonAnswer,
    LiaisonRequest,
    Reminded,
    ReminderOutcome,
    RemindRequest,
    Revoked,
    SendRecord,
    Sends,
    UnusedCode,
    UnusedCodes,
)
from sync.schema import CodeId, DeviceId, make_enrolment_code
from sync.server import bundle_key, codes, db, delivery, devices, imports, quota, reminders, users
from sync.server.eventlog import Author
from sync.server.folds import Folds


def router(
    engine: Engine,
    now_ms: Callable[[], int],
    limits: quota.Limits,
    folded: Folds,
    pace: reminders.Pace,
) -> APIRouter:
    """The administrator routes over ``engine``; mounted by ``create_app``. A bundle's events
    count against their laptop's daily ``limits`` as its pushes would; reminders list a closed
    round's missing people from ``folded`` and are tried at ``pace``."""
    bearer = HTTPBearer(auto_error=False, description="an administrator device's credential")

    def administrator(creds: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)]) -> Author:
        header = None if creds is None else f"{creds.scheme} {creds.credentials}"
        author = devices.authenticate(engine, header, now_ms())
        if author.role != "admin":
            raise devices.Forbidden("server.admin_only")
        return author

    Admin = Annotated[Author, Depends(administrator)]
    api = APIRouter(prefix=ADMIN_PREFIX, tags=["campaign office"])

    @api.post("/enrolment-codes", response_model=CodeAnswer)
    def enrolment_code(request: CodeRequest, author: Admin) -> CodeAnswer:
        # The server's configured address, never the request's Host header: whoever relays the
        # office's request through a proxy of their own must not thereby point new laptops at it.
        url = codes.address(engine)
        with db.writing(engine) as conn:
            code = devices.create_code(
                conn,
                author.site,
                None if request.admin else request.checkpoint,
                "admin" if request.admin else "station",
                now_ms(),
                request.hours,
                url,
            )
        return CodeAnswer(
            code=make_enrolment_code(url, code.secret),
            site=code.site,
            checkpoint=code.checkpoint,
            role=code.role,
            expires_ms=code.expires_ms,
        )

    @api.get("/enrolment-codes", response_model=UnusedCodes)
    def unused_codes(author: Admin) -> UnusedCodes:
        with db.reading(engine) as conn:
            found = devices.unused_codes(conn, author.site, now_ms())
        return UnusedCodes(
            site=author.site,
            codes=[
                UnusedCode(
                    id=c.id,
                    checkpoint=c.checkpoint,
                    role=c.role,
                    created_ms=c.created_ms,
                    expires_ms=c.expires_ms,
                )
                for c in found
            ],
        )

    @api.post("/enrolment-codes/{code_id}/cancel", response_model=CodeCancelled)
    def cancel_code(code_id: CodeId, author: Admin) -> CodeCancelled:
        # Only the office's own site: another site's code is as unknown here as a made-up one.
        code = devices.cancel_code(engine, author.site, code_id, now_ms())
        return CodeCancelled(cancelled=code.id, checkpoint=code.checkpoint, role=code.role)

    @api.get("/devices", response_model=Laptops)
    def laptops(author: Admin) -> Laptops:
        with db.reading(engine) as conn:
            found = devices.list_devices(conn, author.site)
        now = datetime.fromtimestamp(now_ms() / 1000).astimezone().isoformat(timespec="seconds")
        return Laptops(
            site=author.site,
            server_time=now,
            laptops=[
                Laptop(
                    device=d.device,
                    checkpoint=d.checkpoint,
                    role=d.role,
                    enrolled_ms=d.enrolled_ms,
                    first_seen=d.first_seen,
                    last_seen=d.last_seen,
                    events=d.events,
                    revoked=d.revoked,
                )
                for d in found
            ],
        )

    @api.post("/devices/{device}/revoke", response_model=Revoked)
    def revoke(device: DeviceId, author: Admin) -> Revoked:
        with db.reading(engine) as conn:
            other = devices.author(conn, device)
        if other is None or other.site != author.site:
            raise LookupError(Reason("device.not_at_site", device=device, site=author.site))
        if device == author.device:
            raise CampaignError("device.revoke_self")
        devices.revoke(engine, device, now_ms())
        return Revoked(revoked=device)

    @api.post("/liaisons", response_model=LiaisonAnswer)
    def add_liaison(request: LiaisonRequest, author: Admin) -> LiaisonAnswer:
        """A dashboard account for an enterprise's liaison at the office's site. Only a liaison of
        that site may be given a new password here: another account by that name is refused."""
        with db.writing(engine) as conn:
            held = next((u for u in users.listing(conn) if u.username == request.username.strip()), None)
            if held is not None and (held.role != "liaison" or held.site != author.site):
                raise CampaignError("account.taken", user=held.username)
            user = users.add(
                conn,
                request.username,
                "liaison",
                author.site,
                request.password,
                now_ms(),
                request.enterprise,
            )
        assert user.enterprise is not None
        return LiaisonAnswer(
            username=user.username,
            enterprise=user.enterprise,
            site=author.site,
            # Where stations reach the server is where browsers do: the dashboard is served there.
            dashboard=urlsplit(db.public_url(engine))._replace(path="/", query="", fragment="").geturl(),
        )

    @api.post("/bundles", response_model=BundleAnswer)
    def import_bundle(data: Annotated[bytes, Depends(_body)], author: Admin) -> BundleAnswer:
        # Stored byte for byte, as ``server import`` would read the file from the USB stick.
        fd, name = tempfile.mkstemp(suffix=".bundle")
        path = Path(name)
        try:
            with os.fdopen(fd, "wb") as f:
                f.write(data)
            return _imported(engine, path, author, now_ms(), limits)
        finally:
            path.unlink(missing_ok=True)

    @api.get("/channels", response_model=Channels)
    def channels(author: Admin) -> Channels:
        with db.reading(engine) as conn:
            held = reminders.site_channels(conn, author.site)
        return Channels(
            site=author.site,
            channels=[_channel(c) for c in held.values()],
            mail_server=delivery.load_smtp(engine) is not None,
        )

    @api.post("/channels", response_model=ChannelInfo)
    def set_channel(request: ChannelRequest, author: Admin) -> ChannelInfo:
        if (request.webhook is None) == (request.email is None):
            raise CampaignError("channel.one_target")
        kind = "email" if request.email is not None else request.kind
        target = request.email if request.email is not None else request.webhook
        assert target is not None
        with db.writing(engine) as conn:
            made = reminders.set_channel(
                conn, author.site, request.enterprise, kind, target, author.device, now_ms()
            )
        return _channel(made)

    @api.post("/channels/remove", response_model=ChannelRemoved)
    def remove_channel(request: ChannelRequest, author: Admin) -> ChannelRemoved:
        with db.writing(engine) as conn:
            reminders.remove_channel(conn, author.site, request.enterprise)
        return ChannelRemoved(removed=request.enterprise)

    @api.post("/reminders", response_model=Reminded)
    def remind(request: RemindRequest, author: Admin) -> Reminded:
        done = reminders.remind(
            engine, folded, author.site, request.round, request.enterprise, author.device, now_ms, pace
        )
        return Reminded(
            site=author.site,
            round=request.round,
            reminders=[
                ReminderOutcome(
                    enterprise=o.enterprise,
                    status=o.status,
                    sent=o.sent,
                    people=o.people,
                    error=o.error,
                    tries=o.tries,
                )
                for o in done
            ],
        )

    @api.get("/reminders", response_model=Sends)
    def sends(author: Admin, round: Annotated[str, Query(min_length=1, max_length=64)]) -> Sends:
        with db.reading(engine) as conn:
            found = reminders.round_sends(conn, author.site, round)
        return Sends(
            site=author.site,
            round=round,
            sends=[
                SendRecord(
                    enterprise=s.enterprise,
                    kind=s.kind,
                    requested_by=s.requested_by,
                    created_ms=s.created_ms,
                    tried_ms=s.tried_ms,
                    people=s.people,
                    status=s.status,
                    error=s.error,
                    tries=s.tries,
                    next_try_ms=s.next_try_ms,
                )
                for s in found
            ],
        )

    return api


def _channel(channel: reminders.Channel) -> ChannelInfo:
    return ChannelInfo(
        enterprise=channel.enterprise,
        kind=channel.kind,
        target=channel.shown,
        set_by=channel.set_by,
        set_ms=channel.set_ms,
    )


async def _body(request: Request) -> bytes:
    return await request.body()


def _imported(engine: Engine, path: Path, author: Author, now: int, limits: quota.Limits) -> BundleAnswer:
    """Store the bundle at ``path`` for the office of ``author``'s site: one sealed to this server
    (``sync export --encrypt-to-server``) is opened first, so that its site can be read."""
    try:
        with bundle_key.opened(engine, path) as plain:
            site = bundle.read_header(plain).site
            if site != author.site:
                raise CampaignError("bundle.other_site", site=site, own=author.site)
            result = imports.import_bundle(engine, plain, now, limits)
    except bundle.BadBundle as exc:
        # The file's name here is a temporary one: the office knows its bundle by its own.
        raise CampaignError(exc.problem) from exc
    h = result.header

    return BundleAnswer(
        site=h.site,
        device=h.device,
        checkpoint=h.checkpoint,
        exported_at=h.exported_at,
        events=h.events,
        new_device=result.new_device,
        **{k: result.counts.get(k, 0) for k in ("stored", "duplicate", "conflict", "rejected")},
    )
