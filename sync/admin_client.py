"""The campaign office's calls to the server's administrator endpoints, with this laptop's credential.

Enrolment codes (made, listed, cancelled, saved to a file, typed), the list of laptops, revocation,
enterprise liaisons' dashboard accounts, bundle imports, and reminders to enterprises' liaisons
(their channels, sending, the sends made), so that the office needs no shell on the server machine.
A bundle the server cannot take yet waits in a folder beside the station database and goes with the
next call that reaches the server.
"""

from __future__ import annotations

import hashlib
import re
import sqlite3
from contextlib import closing
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from registration.setup.campaign import CampaignError
from registration.storage import files as private
from sync import tls, typed_code
from sync.schema import parse_enrolment_code
from sync.transport import Backoff, ServerRefused, Transport, Unreachable

ADMIN_PREFIX = "/v1/admin"
# Sending reminders waits for the robots and the mail server, a few tries each.
REMIND_TIMEOUT_S = 120.0
WAITING_FOLDER = "bundles-waiting"
QUIET_MINUTES = 30
QUICK = Backoff(attempts=3, base_s=0.3, cap_s=2.0)


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


class CodeRequest(_Model):
    checkpoint: str | None = Field(default=None, min_length=1, max_length=64)
    """None for another office laptop: an administrator device belongs to the site."""
    admin: bool = False
    hours: float = Field(default=72, gt=0, le=24 * 30)


class CodeAnswer(_Model):
    code: str = Field(description="the enrolment text a new laptop reads from the QR code")
    site: str
    checkpoint: str | None
    role: str
    expires_ms: int


class UnusedCode(_Model):
    id: str = Field(description="names the code in the list and to cancel it")
    checkpoint: str | None
    role: str
    created_ms: int
    expires_ms: int


class UnusedCodes(_Model):
    """The site's enrolment codes that could still enrol a laptop (not used, expired nor cancelled)."""

    site: str
    codes: list[UnusedCode]


class CodeCancelled(_Model):
    cancelled: str
    checkpoint: str | None
    role: str


class Laptop(_Model):
    device: str
    checkpoint: str | None
    role: str
    enrolled_ms: int
    first_seen: str | None
    last_seen: str | None = Field(description="when it last called the server (ISO time; None: never)")
    events: int = Field(description="events of this laptop the server holds")
    revoked: bool


class Laptops(_Model):
    site: str
    server_time: str
    laptops: list[Laptop]

    def quiet(self, minutes: int = QUIET_MINUTES) -> list[Laptop]:
        """Laptops in use (not revoked) that have not called the server for ``minutes``."""
        now = datetime.fromisoformat(self.server_time)
        return [
            laptop
            for laptop in self.laptops
            if not laptop.revoked
            and (
                laptop.last_seen is None
                or now - datetime.fromisoformat(laptop.last_seen) > timedelta(minutes=minutes)
            )
        ]


class Revoked(_Model):
    revoked: str


class BundleAnswer(_Model):
    site: str
    device: str
    checkpoint: str | None
    exported_at: str
    events: int
    stored: int
    duplicate: int
    conflict: int
    rejected: int
    new_device: bool


class LiaisonRequest(_Model):
    username: str = Field(min_length=1, max_length=64)
    enterprise: str = Field(min_length=1, max_length=64)
    password: str = Field(min_length=8, max_length=1024)


class LiaisonAnswer(_Model):
    """A liaison's dashboard account, made for the office's site."""

    username: str
    enterprise: str
    site: str
    dashboard: str = Field(description="the dashboard's address, for the liaison's sign-in sheet")


class ChannelRequest(_Model):
    """Where an enterprise's reminders go: a group robot's webhook or an e-mail address, not both."""

    enterprise: str = Field(min_length=1, max_length=64)
    webhook: str | None = Field(default=None, min_length=1, max_length=2000)
    kind: Literal["wecom", "dingtalk"] | None = Field(
        default=None, description="the robot's kind; by default told by the webhook's host"
    )
    email: str | None = Field(default=None, min_length=1, max_length=320)


class ChannelInfo(_Model):
    enterprise: str
    kind: str = Field(description="wecom, dingtalk or email")
    target: str = Field(description="the e-mail address, or the webhook with its key cut to its end")
    set_by: str
    set_ms: int


class Channels(_Model):
    site: str
    channels: list[ChannelInfo]
    mail_server: bool = Field(description="whether the server has a mail server for e-mail channels")


class ChannelRemoved(_Model):
    removed: str


class RemindRequest(_Model):
    round: str = Field(min_length=1, max_length=64)
    enterprise: str | None = Field(default=None, min_length=1, max_length=64)
    """None: every enterprise with someone missing"""


class ReminderOutcome(_Model):
    enterprise: str
    status: str = Field(
        description="delivered, pending (the server tries again), failed, no_channel, nobody_missing"
    )
    sent: bool
    people: int
    error: str | None
    tries: int


class Reminded(_Model):
    site: str
    round: str
    reminders: list[ReminderOutcome]


class SendRecord(_Model):
    enterprise: str
    kind: str
    requested_by: str
    created_ms: int
    tried_ms: int | None
    people: int
    status: str
    error: str | None
    tries: int
    next_try_ms: int | None


class Sends(_Model):
    """A round's reminders, newest first."""

    site: str
    round: str
    sends: list[SendRecord]


@dataclass(frozen=True)
class Server:
    """Where this laptop's server is and its credential; read on the database thread."""

    url: str
    credential: str
    database: Path

    def transport(self, timeout_s: float = 15.0) -> Transport:
        # A person is waiting on the answer: a few quick tries, then "not reachable" in words.
        return Transport(self.url, self.credential, timeout_s=timeout_s, backoff=QUICK)


@dataclass(frozen=True)
class Role:
    enrolled: bool
    admin: bool

    @property
    def office(self) -> bool:
        """An administrator laptop, or a campaign never enrolled: the office's screens are shown."""
        return self.admin or not self.enrolled


def role(conn: sqlite3.Connection) -> Role:
    row = conn.execute("SELECT role FROM sync_state WHERE id = 1").fetchone()
    return Role(enrolled=row is not None, admin=row is not None and row[0] == "admin")


def server(conn: sqlite3.Connection, database: Path) -> Server:
    row = conn.execute("SELECT server_url, credential, role FROM sync_state WHERE id = 1").fetchone()
    if row is None:
        raise CampaignError("office.not_enrolled")
    if row[2] != "admin":
        raise CampaignError("office.station")
    return Server(str(row[0]), str(row[1]), database)


def make_code(server: Server, checkpoint: str | None, *, admin: bool = False) -> CodeAnswer:
    """A one-time enrolment code for a new laptop at ``checkpoint`` (None for another office laptop)."""
    body = CodeRequest(checkpoint=checkpoint.strip() if checkpoint else None, admin=admin).model_dump_json()
    with closing(server.transport()) as http:
        return http.post(f"{ADMIN_PREFIX}/enrolment-codes", body, CodeAnswer)


def unused_codes(server: Server) -> UnusedCodes:
    with closing(server.transport()) as http:
        return http.get(f"{ADMIN_PREFIX}/enrolment-codes", {}, UnusedCodes)


def cancel_code(server: Server, code_id: str) -> CodeCancelled:
    """Cancel the unused code ``code_id``: no laptop can enrol with it from then on."""
    with closing(server.transport()) as http:
        return http.post(f"{ADMIN_PREFIX}/enrolment-codes/{code_id}/cancel", "{}", CodeCancelled)


@dataclass(frozen=True)
class Typed:
    """An enrolment code as a person types it, with the server's address to type beside it."""

    code: str
    server: str


def typed(code: str) -> Typed:
    """The typed form of the whole code ``code`` (``TPE1.``...)."""
    url, secret = parse_enrolment_code(code)
    return Typed(typed_code.grouped(secret), tls.address(url).url)


def code_file_name(site: str, checkpoint: str | None, suffix: str) -> str:
    """``enrol-Park-South.txt``: the name of a code's file or picture (``server enroll``'s too)."""
    parts = (re.sub(r"[^\w.-]+", "_", name).strip("_") or "x" for name in (site, checkpoint or "admin"))
    return f"enrol-{'-'.join(parts)}{suffix}"


def save_code(path: Path, code: str) -> None:
    """Write the whole code to ``path`` for a laptop with no webcam (a USB stick), owner-only:
    whoever holds the file can enrol a laptop with it."""
    with private.private_output(path) as target:
        target.write_text(code + "\n", encoding="utf-8")


def add_liaison(server: Server, username: str, enterprise: str, password: str) -> LiaisonAnswer:
    """A dashboard account for ``enterprise``'s liaison at this office's site (a new password for
    a liaison of the site already known by that name)."""
    body = LiaisonRequest(username=username.strip(), enterprise=enterprise, password=password)
    with closing(server.transport()) as http:
        return http.post(f"{ADMIN_PREFIX}/liaisons", body.model_dump_json(), LiaisonAnswer)


SHEET = (1240, 1754)  # A4 at 150 dpi
SHEET_QR = 640


def sign_in_sheet(path: Path, liaison: LiaisonAnswer, password: str) -> None:
    """A page to print for a liaison: the dashboard's address as a QR code and as text, their
    enterprise, user name and password. Owner-only, as it holds the password."""
    import qrcode
    from PIL import Image, ImageDraw

    from registration.people.badges import Fonts

    fonts = Fonts.find()
    page = Image.new("RGB", SHEET, "white")
    draw = ImageDraw.Draw(page)
    width = SHEET[0]
    lines = [
        ("应检尽检指挥中心 · 企业联络员", 56),
        ("Testing command centre · enterprise liaison", 34),
        (f"企业 Enterprise: {liaison.enterprise}", 44),
        (f"用户名 User name: {liaison.username}", 44),
        (f"密码 Password: {password}", 44),
    ]
    y = 90
    for text, size in lines:
        draw.text((width // 2, y), text, fill="black", font=fonts.get(size), anchor="mt")
        y += size + 40
    code = qrcode.make(liaison.dashboard, border=2, box_size=16).convert("RGB")
    code = code.resize((SHEET_QR, SHEET_QR), Image.Resampling.NEAREST)
    page.paste(code, ((width - SHEET_QR) // 2, y + 20))
    y += SHEET_QR + 60
    for text, size in (
        (liaison.dashboard, 40),
        ("扫码或输入上面的地址，登录后只看到本企业的人员", 32),
        ("Scan or type the address; signed in, you see your enterprise's people only", 28),
    ):
        draw.text((width // 2, y), text, fill="black", font=fonts.get(size), anchor="mt")
        y += size + 30
    with private.private_output(path) as target:
        page.save(target, format="PNG")


def laptops(server: Server) -> Laptops:
    with closing(server.transport()) as http:
        return http.get(f"{ADMIN_PREFIX}/devices", {}, Laptops)


def revoke(server: Server, device: str) -> Revoked:
    with closing(server.transport()) as http:
        return http.post(f"{ADMIN_PREFIX}/devices/{device}/revoke", "{}", Revoked)


@dataclass(frozen=True)
class BundleOutcome:
    answers: list[BundleAnswer]
    waiting: list[Path]
    """Bundles kept beside the database until the server is reachable."""
    refused: list[tuple[str, str]]
    """(file name, the server's reason) of bundles it will never take as they are."""


def import_bundles(server: Server, files: list[Path]) -> BundleOutcome:
    """Send bundles (and any that were waiting) to the server; keep them when it cannot be reached.

    A bundle the server refuses as it is (not a bundle, forged, of another site) is moved aside to
    ``refused/``, never deleted; a refusal of this laptop itself (401, 403) keeps every bundle waiting.
    """
    folder = server.database.parent / WAITING_FOLDER
    for path in files:
        if not path.is_file():
            raise CampaignError("file.missing", file=path)

        private.private_dir(folder)
        # Copied first: the USB stick may be pulled out before the server answers. Named by its
        # content too: two sticks' "bundle.gz" are two bundles, the same file twice is one.
        data = path.read_bytes()
        target = folder / f"{hashlib.sha256(data).hexdigest()[:12]}-{path.name}"
        if not target.exists():
            private.create_private(target)
            target.write_bytes(data)
    outcome = BundleOutcome([], [], [])
    with closing(server.transport(timeout_s=120.0)) as http:
        for bundle in waiting_bundles(server.database):
            try:
                outcome.answers.append(_upload(http, bundle))
            except Unreachable:
                break
            except ServerRefused as exc:
                if exc.status in (401, 403):
                    raise
                outcome.refused.append((bundle.name, exc.detail))
                private.private_dir(folder / "refused")
                bundle.replace(folder / "refused" / bundle.name)
                continue
            bundle.unlink()
    outcome.waiting.extend(waiting_bundles(server.database))
    return outcome


def waiting_bundles(database: Path) -> list[Path]:
    folder = database.parent / WAITING_FOLDER
    return sorted(p for p in folder.glob("*") if p.is_file()) if folder.is_dir() else []


def _upload(http: Transport, bundle: Path) -> BundleAnswer:
    return http.post_bytes(
        f"{ADMIN_PREFIX}/bundles", bundle.read_bytes(), "application/octet-stream", BundleAnswer
    )


def channels(server: Server) -> Channels:
    with closing(server.transport()) as http:
        return http.get(f"{ADMIN_PREFIX}/channels", {}, Channels)


def set_channel(server: Server, request: ChannelRequest) -> ChannelInfo:
    with closing(server.transport()) as http:
        return http.post(f"{ADMIN_PREFIX}/channels", request.model_dump_json(), ChannelInfo)


def remove_channel(server: Server, enterprise: str) -> ChannelRemoved:
    body = ChannelRequest(enterprise=enterprise).model_dump_json()
    with closing(server.transport()) as http:
        return http.post(f"{ADMIN_PREFIX}/channels/remove", body, ChannelRemoved)


def remind(server: Server, round_name: str, enterprise: str | None = None) -> Reminded:
    """Send the round's missing lists to the liaisons now (``enterprise``'s only, when given)."""
    body = RemindRequest(round=round_name, enterprise=enterprise).model_dump_json()
    # Asked once: a request repeated after a lost answer would send every reminder twice.
    once = Transport(server.url, server.credential, timeout_s=REMIND_TIMEOUT_S, backoff=Backoff(attempts=1))
    with closing(once) as http:
        return http.post(f"{ADMIN_PREFIX}/reminders", body, Reminded)


def sends(server: Server, round_name: str) -> Sends:
    with closing(server.transport()) as http:
        return http.get(f"{ADMIN_PREFIX}/reminders", {"round": round_name}, Sends)
