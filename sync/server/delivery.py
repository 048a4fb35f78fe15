"""One reminder to an enterprise's liaison: the message (names and masked ID numbers only, and the
link to the liaison's page), sent to a WeCom or DingTalk group robot's webhook or by e-mail over
SMTP; the mail server's settings, kept in the server's settings table."""

from __future__ import annotations

import json
import re
import smtplib
import ssl
from dataclasses import asdict, dataclass
from datetime import datetime
from email.message import EmailMessage
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, urlsplit

import httpx
from sqlalchemy import Engine, select

from registration.people import freetext
from registration.setup.campaign import CampaignError
from sync.server import db

WEBHOOK_KINDS = ("wecom", "dingtalk")
KINDS = (*WEBHOOK_KINDS, "email")
# The robots' own hosts tell their kind; a webhook elsewhere (a relay, a test's receiver) says it.
ROBOT_HOSTS = {"qyapi.weixin.qq.com": "wecom", "oapi.dingtalk.com": "dingtalk"}
# A WeCom robot takes at most 4096 bytes of markdown; DingTalk more. Both get at most this much.
WEBHOOK_BYTES = 4000
_SMTP_KEY = "smtp"
_ADDRESS = re.compile(r"[^@\s<>,;\"]+@[^@\s<>,;\"]+")


class Undelivered(Exception):
    """The message did not reach the robot or the mail server; why, in words for the sends' record."""


@dataclass(frozen=True)
class Missing:
    """What one reminder says: an enterprise's people not yet tested in a round, and where to look."""

    site: str
    round: str
    enterprise: str
    people: list[tuple[str, str]]
    """(name, masked ID number) of each, in the dashboard's order"""
    deadline_ms: int | None
    link: str


def subject(m: Missing) -> str:
    return f"【核酸检测提醒】{m.round} {m.enterprise}：{len(m.people)} 人未检"


def _lines(m: Missing) -> list[str]:
    lines = [f"{m.enterprise}：本轮（{m.round}）还有 {len(m.people)} 人未做核酸检测："]
    if m.deadline_ms is not None:
        due = datetime.fromtimestamp(m.deadline_ms / 1000).astimezone().strftime("%m-%d %H:%M")
        lines.insert(0, f"截止时间：{due}")
    return lines


def markdown(m: Missing, most_bytes: int = WEBHOOK_BYTES) -> str:
    """The robot's markdown, cut to ``most_bytes``: the people who do not fit are counted, and the
    link lists them all."""
    head = [f"### {subject(m)}", *_lines(m)]
    tail = f"[打开未检名单]({m.link})"
    room = most_bytes - len("\n".join([*head, tail]).encode()) - 80  # the "and N more" line
    shown: list[str] = []
    for name, id_number in m.people:
        line = f"- {name} {id_number}"
        room -= len(line.encode()) + 1
        if room < 0:
            break
        shown.append(line)
    more = len(m.people) - len(shown)
    extra = [f"……另有 {more} 人，见名单页"] if more else []
    return "\n".join([*head, *shown, *extra, tail])


def plain(m: Missing) -> str:
    """The e-mail's text: every person, then the link."""
    people = [f"  {name}  {id_number}" for name, id_number in m.people]
    return "\n".join([*_lines(m), "", *people, "", f"完整名单（登录后查看）：{m.link}", ""])


def webhook_kind(url: str, kind: str | None) -> str:
    """The robot kind of the webhook ``url``: ``kind`` when given, else told by its host."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname or freetext.has_control(url):
        raise CampaignError("channel.webhook_url")
    found = kind or ROBOT_HOSTS.get(parts.hostname)
    if found not in WEBHOOK_KINDS:
        raise CampaignError("channel.kind_unknown", host=parts.hostname)
    return found


def email_address(address: str) -> str:
    address = address.strip()
    if not _ADDRESS.fullmatch(address) or freetext.has_control(address):
        raise CampaignError("channel.email_address", address=address)
    return address


def shown(kind: str, target: str) -> str:
    """A channel's target as lists show it: a webhook's key (its query's values) cut to the last
    four characters, for whoever holds the URL can post to the group."""
    if kind not in WEBHOOK_KINDS:
        return target
    parts = urlsplit(target)
    query = "&".join(f"{k}=…{v[-4:]}" for k, v in parse_qsl(parts.query))
    return parts._replace(query=query).geturl()


@dataclass(frozen=True)
class Smtp:
    """The mail server reminders go through."""

    host: str
    port: int
    starttls: bool
    sender: str
    user: str | None = None
    password: str | None = None
    cafile: str | None = None
    """certificate authorities to trust for STARTTLS (PEM), beside the system's"""

    def public(self) -> dict[str, Any]:
        """Everything but the password, which no list or log ever shows."""
        return {k: v for k, v in asdict(self).items() if k != "password"} | {
            "password": "set" if self.password else "not set"
        }


def checked_smtp(smtp: Smtp) -> Smtp:
    """``smtp`` if it can be used, else one clear refusal."""
    if not smtp.host.strip() or freetext.has_control(smtp.host) or " " in smtp.host.strip():
        raise CampaignError("smtp.host")
    if not 1 <= smtp.port <= 65535:
        raise CampaignError("smtp.port", port=smtp.port)
    email_address(smtp.sender)
    if smtp.password and not smtp.user:
        raise CampaignError("smtp.password_without_user")
    if smtp.cafile is not None:
        try:
            ssl.create_default_context(cafile=smtp.cafile)
        except (OSError, ValueError) as exc:  # ssl.SSLError is an OSError
            raise CampaignError("smtp.cafile", path=smtp.cafile, why=exc) from exc
    return Smtp(**(asdict(smtp) | {"host": smtp.host.strip(), "sender": smtp.sender.strip()}))


def save_smtp(engine: Engine, smtp: Smtp) -> None:
    if smtp.cafile is not None:
        smtp = Smtp(**(asdict(smtp) | {"cafile": str(Path(smtp.cafile).absolute())}))
    db.remember(engine, _SMTP_KEY, json.dumps(asdict(smtp)))


def load_smtp(engine: Engine) -> Smtp | None:
    s = db.settings.c
    with db.reading(engine) as conn:
        found = conn.execute(select(s.value).where(s.key == _SMTP_KEY)).scalar()
    return None if found is None else Smtp(**json.loads(found))


def deliver(kind: str, target: str, m: Missing, smtp: Smtp | None, timeout_s: float) -> None:
    """Send ``m`` to a channel; Undelivered says why it did not arrive."""
    if kind == "email":
        _mail(target, m, smtp, timeout_s)
    elif kind == "wecom":
        _post(target, {"msgtype": "markdown", "markdown": {"content": markdown(m)}}, timeout_s)
    else:
        body = {"msgtype": "markdown", "markdown": {"title": subject(m), "text": markdown(m)}}
        _post(target, body, timeout_s)


def _post(url: str, body: dict[str, Any], timeout_s: float) -> None:
    """A robot's webhook: delivered when it answers 2xx with errcode 0. No error names the URL:
    its key lets anyone post to the group."""
    try:
        answer = httpx.post(url, json=body, timeout=timeout_s)
    except httpx.TimeoutException as exc:
        raise Undelivered(f"the robot did not answer within {timeout_s:g} s") from exc
    except httpx.HTTPError as exc:
        raise Undelivered(f"cannot reach the robot: {exc or type(exc).__name__}") from exc
    if not answer.is_success:
        raise Undelivered(f"the robot answered HTTP {answer.status_code}")
    try:
        said = answer.json()
    except ValueError as exc:
        raise Undelivered("the robot's answer is not JSON") from exc
    code = said.get("errcode") if isinstance(said, dict) else None
    if code != 0:
        words = str(said.get("errmsg", "")) if isinstance(said, dict) else ""
        raise Undelivered(f"the robot refused the message: errcode {code} {words[:200]}".rstrip())


def _mail(address: str, m: Missing, smtp: Smtp | None, timeout_s: float) -> None:
    if smtp is None:
        raise Undelivered("no mail server is set (server channel smtp)")
    mail = EmailMessage()
    mail["Subject"] = subject(m)
    mail["From"] = smtp.sender
    mail["To"] = address
    mail.set_content(plain(m))
    where = f"the mail server {smtp.host}:{smtp.port}"
    try:
        with smtplib.SMTP(smtp.host, smtp.port, timeout=timeout_s) as conn:
            if smtp.starttls:
                conn.starttls(context=ssl.create_default_context(cafile=smtp.cafile))
            if smtp.user:
                conn.login(smtp.user, smtp.password or "")
            conn.send_message(mail)
    except smtplib.SMTPRecipientsRefused as exc:
        raise Undelivered(f"{where} refused the address") from exc
    except smtplib.SMTPAuthenticationError as exc:
        raise Undelivered(f"{where} refused the user name or password ({exc.smtp_code})") from exc
    except smtplib.SMTPResponseException as exc:
        said = (
            exc.smtp_error.decode(errors="replace") if isinstance(exc.smtp_error, bytes) else exc.smtp_error
        )
        raise Undelivered(f"{where} said {exc.smtp_code} {str(said)[:200]}") from exc
    except TimeoutError as exc:
        raise Undelivered(f"{where} did not answer within {timeout_s:g} s") from exc
    except (smtplib.SMTPException, OSError) as exc:  # refused, unreachable, TLS failed
        raise Undelivered(f"{where}: {exc or type(exc).__name__}") from exc
