"""``server channel set|remove|list|smtp`` and ``server remind``: where each enterprise's liaison is
reminded (a group robot's webhook or an e-mail address), the mail server, and sending a round's
missing lists now or at set times.

``server remind`` exits 0 when every enterprise with someone missing was reminded, and 1 when some
were not: a send that still fails is retried by the running server, and each enterprise says why.
"""

from __future__ import annotations

import argparse
import re
import sys
from collections.abc import Callable
from datetime import datetime
from typing import TYPE_CHECKING

from cli.common import EXIT_OK, EXIT_UNREACHABLE, emit
from registration.errors import Refused

if TYPE_CHECKING:
    from sqlalchemy import Engine

    from sync.server import reminders

_DURATION = re.compile(r"(?:(\d+)h)?(?:(\d+)m)?")


def add_commands(
    admin: argparse._SubParsersAction[argparse.ArgumentParser],
    server_db: Callable[[argparse.ArgumentParser], None],
) -> None:
    """Adds ``channel`` and ``remind`` under ``server``; ``server_db`` gives each the database options."""
    p = admin.add_parser("channel", help="where each enterprise's liaison gets reminders; the mail server")
    channel = p.add_subparsers(title="channels", parser_class=type(p), required=True)

    a = channel.add_parser(
        "set",
        help="remind an enterprise's liaison through a group robot's webhook or by e-mail",
        description="One channel per enterprise: setting another replaces it. A WeCom or DingTalk "
        "robot is told by its webhook's host (qyapi.weixin.qq.com, oapi.dingtalk.com); another host "
        "needs --kind.",
    )
    a.add_argument("enterprise")
    a.add_argument("--site", default=None, help="needed when the server holds several sites")
    target = a.add_mutually_exclusive_group(required=True)
    target.add_argument("--webhook", metavar="URL", help="the group robot's webhook address")
    target.add_argument("--email", metavar="ADDRESS", help="the liaison's e-mail address")
    a.add_argument("--kind", choices=["wecom", "dingtalk"], default=None, help="the webhook's robot")
    server_db(a)
    a.set_defaults(handler=cmd_channel_set)

    a = channel.add_parser("remove", help="stop reminding an enterprise's liaison")
    a.add_argument("enterprise")
    a.add_argument("--site", default=None, help="needed when the server holds several sites")
    server_db(a)
    a.set_defaults(handler=cmd_channel_remove)

    a = channel.add_parser("list", help="the site's channels (webhook keys cut short) and the mail server")
    a.add_argument("--site", default=None, help="needed when the server holds several sites")
    server_db(a)
    a.set_defaults(handler=cmd_channel_list)

    a = channel.add_parser(
        "smtp",
        help="the mail server e-mail reminders go through",
        description="The password, if any, is read from standard input (one line), never from the "
        "command line; no list shows it.",
    )
    a.add_argument("--host", required=True)
    a.add_argument("--port", type=int, default=587)
    a.add_argument(
        "--starttls",
        action=argparse.BooleanOptionalAction,
        default=True,
        help="upgrade the connection to TLS before signing in (default: yes)",
    )
    a.add_argument("--from", dest="sender", required=True, metavar="ADDRESS", help="the sender's address")
    a.add_argument("--user", default=None, help="the account to sign in with, if the server wants one")
    a.add_argument("--password-stdin", action="store_true", help="read the account's password from stdin")
    a.add_argument(
        "--cafile", default=None, metavar="PEM", help="trust these certificate authorities too (STARTTLS)"
    )
    server_db(a)
    a.set_defaults(handler=cmd_channel_smtp)

    a = admin.add_parser(
        "remind",
        help="send each enterprise's liaison its missing people for a round, now or at set times",
        description="Without --at or --before: send now, a few tries each, and say per enterprise "
        "whether it was sent, to how many people, or why not; exit 1 when some enterprise with "
        "people missing was not reminded (a failing send is retried by the running server). "
        "--at and --before schedule reminders that the running server sends when due.",
    )
    a.add_argument("--site", default=None, help="needed when the server holds several sites")
    a.add_argument("--round", required=True)
    a.add_argument("--enterprise", default=None, help="this enterprise only (default: every one)")
    a.add_argument(
        "--at", action="append", default=[], metavar="TIME", help="send at this local time (repeat)"
    )
    a.add_argument(
        "--before",
        action="append",
        default=[],
        metavar="DURATION",
        help="send this long before the round's deadline, e.g. 2h or 30m (repeat)",
    )
    other = a.add_mutually_exclusive_group()
    other.add_argument("--show", action="store_true", help="list the round's sends and scheduled reminders")
    other.add_argument("--unschedule", action="store_true", help="drop the round's reminders not yet sent")
    server_db(a)
    a.set_defaults(handler=cmd_remind)


def _engine(args: argparse.Namespace) -> Engine:
    from sync.server import db, records

    engine = db.open_engine(db.resolve_url(args.database_url, args.db))
    records.build(engine)
    return engine


def _site(engine: Engine, site: str | None) -> str:
    from sync.server import campaigns, db

    if site is not None:
        return site
    with db.reading(engine) as conn:
        return campaigns.only_site(conn)


def _who() -> str:
    from registration.privacy import audit

    return audit.who() or "command line"


def _when(ms: int | None) -> str:
    return "" if ms is None else datetime.fromtimestamp(ms / 1000).astimezone().isoformat(timespec="minutes")


def cmd_channel_set(args: argparse.Namespace) -> int:
    from registration.storage import clock
    from sync.server import db, reminders

    if args.email is not None and args.kind is not None:
        raise Refused("cli.kind_webhook")
    engine = _engine(args)
    site = _site(engine, args.site)
    kind = "email" if args.email is not None else args.kind
    with db.writing(engine) as conn:
        made = reminders.set_channel(
            conn, site, args.enterprise, kind, args.email or args.webhook, _who(), clock.now_ms()
        )
    emit(
        args,
        {"site": site, "enterprise": made.enterprise, "kind": made.kind, "target": made.shown},
        f"{made.enterprise} at {site}: reminders go to {made.kind} {made.shown}",
    )
    return EXIT_OK


def cmd_channel_remove(args: argparse.Namespace) -> int:
    from sync.server import db, reminders

    engine = _engine(args)
    site = _site(engine, args.site)
    with db.writing(engine) as conn:
        reminders.remove_channel(conn, site, args.enterprise)
    emit(
        args,
        {"site": site, "removed": args.enterprise},
        f"{args.enterprise} at {site}: no reminders any more",
    )
    return EXIT_OK


def cmd_channel_list(args: argparse.Namespace) -> int:
    from sync.server import db, delivery, reminders

    engine = _engine(args)
    site = _site(engine, args.site)
    with db.reading(engine) as conn:
        held = reminders.site_channels(conn, site)
    smtp = delivery.load_smtp(engine)
    listed = [
        {
            "enterprise": c.enterprise,
            "kind": c.kind,
            "target": c.shown,
            "set_by": c.set_by,
            "set_at": _when(c.set_ms),
        }
        for c in held.values()
    ]
    lines = [f"{c['enterprise']}\t{c['kind']}\t{c['target']}" for c in listed] or ["no channels"]
    if smtp is None:
        lines.append("mail server: not set (server channel smtp)")
    else:
        shown = smtp.public()
        tls = "STARTTLS" if smtp.starttls else "no TLS"
        lines.append(
            f"mail server: {smtp.host}:{smtp.port} ({tls}), from {smtp.sender}, "
            f"user {smtp.user or '(none)'}, password {shown['password']}"
        )
    emit(
        args,
        {"site": site, "channels": listed, "smtp": None if smtp is None else smtp.public()},
        "\n".join(lines),
    )
    return EXIT_OK


def cmd_channel_smtp(args: argparse.Namespace) -> int:
    from sync.server import delivery

    password = sys.stdin.readline().rstrip("\r\n") if args.password_stdin else None
    smtp = delivery.checked_smtp(
        delivery.Smtp(
            host=args.host,
            port=args.port,
            starttls=args.starttls,
            sender=args.sender,
            user=args.user,
            password=password or None,
            cafile=args.cafile,
        )
    )
    delivery.save_smtp(_engine(args), smtp)
    emit(args, smtp.public(), f"mail server set: {smtp.host}:{smtp.port}, from {smtp.sender}")
    return EXIT_OK


def cmd_remind(args: argparse.Namespace) -> int:
    from registration.storage import clock
    from sync.server import db, reminders
    from sync.server.folds import Folds

    at = [_time(text) for text in args.at]
    before = [_duration(text) for text in args.before]
    if (args.show or args.unschedule) and (at or before):
        raise Refused("cli.remind_what")
    engine = _engine(args)
    site = _site(engine, args.site)
    if args.unschedule:
        gone = reminders.unschedule(engine, site, args.round, args.enterprise)
        emit(args, {"site": site, "round": args.round, "unscheduled": gone}, f"{gone} reminders unscheduled")
        return EXIT_OK
    if args.show:
        with db.reading(engine) as conn:
            sent = reminders.round_sends(conn, site, args.round)
            planned = reminders.round_schedules(conn, site, args.round)
        return _show(args, site, sent, planned)
    if at or before:
        planned = reminders.schedule(
            engine, site, args.round, args.enterprise, at, before, _who(), clock.now_ms()
        )
        return _show(args, site, [], planned)
    folded = Folds(engine)
    try:
        done = reminders.remind(
            engine, folded, site, args.round, args.enterprise, _who(), clock.now_ms, reminders.Pace()
        )
    finally:
        folded.close()
    answers = [
        {
            "enterprise": o.enterprise,
            "status": o.status,
            "sent": o.sent,
            "people": o.people,
            "error": o.error,
            "tries": o.tries,
        }
        for o in done
    ]
    emit(args, {"site": site, "round": args.round, "reminders": answers}, _outcomes(done))
    unsent = [o for o in done if o.status not in (reminders.DELIVERED, reminders.NOBODY_MISSING)]
    return EXIT_UNREACHABLE if unsent else EXIT_OK


def _outcomes(done: list[reminders.Outcome]) -> str:
    words = {
        "delivered": "sent",
        "pending": "not sent yet, the server tries again",
        "failed": "not sent, given up",
        "no_channel": "not sent, no channel",
        "nobody_missing": "nobody missing",
    }
    lines = []
    for o in done:
        line = f"{o.enterprise}: {words.get(o.status, o.status)}"
        if o.status != "nobody_missing":
            line += f", {o.people} people"
        if o.tries:
            line += f", {o.tries} {'try' if o.tries == 1 else 'tries'}"
        lines.append(line + (f" ({o.error})" if o.error and o.status != "no_channel" else ""))
    return "\n".join(lines) or "no enterprise has anyone on a roster"


def _show(
    args: argparse.Namespace, site: str, sent: list[reminders.Send], planned: list[reminders.Schedule]
) -> int:
    sends = [
        {
            "enterprise": s.enterprise,
            "kind": s.kind,
            "by": s.requested_by,
            "created_at": _when(s.created_ms),
            "tried_at": _when(s.tried_ms),
            "people": s.people,
            "status": s.status,
            "error": s.error,
            "tries": s.tries,
            "next_try_at": _when(s.next_try_ms) or None,
        }
        for s in sent
    ]
    schedules = [
        {
            "enterprise": p.enterprise,
            "at": _when(p.at_ms) or None,
            "before_deadline_min": None if p.before_ms is None else p.before_ms // 60_000,
            "due_at": _when(p.due_ms) or None,
            "by": p.made_by,
            "sent": p.fired_ms is not None,
        }
        for p in planned
    ]
    lines = [
        f"{s['tried_at'] or s['created_at']}  {s['enterprise']}  {s['status']}  {s['people']} people  "
        f"{s['tries']} tries  by {s['by']}" + (f"  ({s['error']})" if s["error"] else "")
        for s in sends
    ]
    for p in schedules:
        when = p["at"] or f"{p['before_deadline_min']} min before the deadline"
        due = "sent" if p["sent"] else (f"due {p['due_at']}" if p["due_at"] else "waits for a deadline")
        lines.append(f"scheduled: {p['enterprise'] or 'every enterprise'} at {when} ({due})")
    emit(
        args,
        {"site": site, "round": args.round, "sends": sends, "schedules": schedules},
        "\n".join(lines) or "no reminders for this round",
    )
    return EXIT_OK


def _time(text: str) -> int:
    """A time as ms since the epoch, local unless it says its offset."""
    try:
        when = datetime.fromisoformat(text)
    except ValueError as exc:
        raise Refused("remind.time", text=text) from exc
    return int(when.astimezone().timestamp() * 1000)


def _duration(text: str) -> int:
    found = _DURATION.fullmatch(text.strip())
    if not text.strip() or found is None:
        raise Refused("remind.duration", text=text)
    hours, minutes = (int(part or 0) for part in found.groups())
    return (hours * 60 + minutes) * 60_000
