"""``server exemption requests|decide``: the reasons enterprises' liaisons gave on the dashboard for
their missing people, and the office's answers, at the server."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from cli.common import EXIT_OK, emit
from registration.errors import Refused

if TYPE_CHECKING:
    from sqlalchemy import Engine


def add_commands(
    admin: argparse._SubParsersAction[argparse.ArgumentParser],
    server_db: Callable[[argparse.ArgumentParser], None],
) -> None:
    """Adds ``exemption`` under ``server``; ``server_db`` gives each command the server database options."""
    p = admin.add_parser("exemption", help="liaisons' reasons for their missing people, and the answers")
    sub = p.add_subparsers(title="requests", parser_class=type(p), required=True)

    a = sub.add_parser("requests", help="list the reasons given (ID numbers masked)")
    a.add_argument("--site", default=None, help="needed when the server holds several sites")
    a.add_argument("--round", default=None, help="only this round's")
    a.add_argument("--enterprise", default=None, help="only this enterprise's people")
    a.add_argument("--pending", action="store_true", help="only those not answered yet")
    server_db(a)
    a.set_defaults(handler=cmd_requests)

    a = sub.add_parser(
        "decide",
        help="accept or decline a request, or every pending request of an enterprise",
        description="Accepted, the person is exempt from the round (a person who left the company "
        "leaves the roster instead); declined, the liaison sees the note.",
    )
    a.add_argument("request", nargs="?", help="the request's id (from `server exemption requests`)")
    answer = a.add_mutually_exclusive_group(required=True)
    answer.add_argument("--accept", action="store_true")
    answer.add_argument("--decline", action="store_true")
    a.add_argument("--note", default=None, help="the office's note, shown to the liaison")
    a.add_argument("--enterprise", default=None, help="with --all: this enterprise's requests")
    a.add_argument("--all", action="store_true", help="every pending request of --enterprise in --round")
    a.add_argument("--round", default=None, help="with --all: the round")
    a.add_argument("--site", default=None, help="needed when the server holds several sites")
    a.add_argument("--by", default=None, help="who answers (default: the account running the command)")
    server_db(a)
    a.set_defaults(handler=cmd_decide)


def _engine(args: argparse.Namespace) -> Engine:
    from sync.server import db, records

    engine = db.open_engine(db.resolve_url(args.database_url, args.db))
    records.build(engine)
    return engine


def _site(engine: Engine, site: str | None) -> str:
    from sync.server import campaigns, db

    with db.reading(engine) as conn:
        return site if site is not None else campaigns.only_site(conn)


def cmd_requests(args: argparse.Namespace) -> int:
    from sync.server import db, liaisons

    engine = _engine(args)
    site = _site(engine, args.site)
    with db.reading(engine) as conn:
        found = liaisons.listing(
            conn, liaisons.Scope(site, args.enterprise), args.round, pending=args.pending
        )
    emit(args, found, "\n".join(_line(r) for r in found) or "no requests")
    return EXIT_OK


def _line(request: dict[str, Any]) -> str:
    said = "; ".join(t for t in (request["place"], request["tested_at"], request["note"]) if t)
    parts = [
        request["id"],
        request["round"],
        request["enterprise"] or "",
        request["name"] or "",
        request["id_number"],
        request["reason"] + (f" ({said})" if said else ""),
        request["state"],
    ]
    return "\t".join(parts)


def cmd_decide(args: argparse.Namespace) -> int:
    from registration.privacy import audit
    from registration.storage import clock
    from sync.server import db, liaisons

    if bool(args.request) == args.all or (args.all and not (args.enterprise and args.round)):
        raise Refused("cli.decide_which")
    engine = _engine(args)
    site = _site(engine, args.site)
    by = args.by or audit.who() or "server"
    with db.writing(engine) as conn:
        if args.all:
            done = liaisons.decide_all(
                conn, site, args.round, args.enterprise, args.accept, args.note, by, clock.now_ms()
            )
        else:
            done = [liaisons.decide(conn, site, args.request, args.accept, args.note, by, clock.now_ms())]
    state = "accepted" if args.accept else "declined"
    emit(args, done, f"{len(done)} request(s) {state}")
    return EXIT_OK
