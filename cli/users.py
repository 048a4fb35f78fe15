"""``server user add|list|remove``: the accounts that sign in to the command centre's dashboard."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from typing import TYPE_CHECKING

from cli.common import EXIT_OK, emit

if TYPE_CHECKING:
    from sqlalchemy import Engine

    from sync.server import users


def add_commands(
    admin: argparse._SubParsersAction[argparse.ArgumentParser],
    server_db: Callable[[argparse.ArgumentParser], None],
) -> None:
    """Adds ``user`` under ``server``; ``server_db`` gives each command the server database options."""
    p = admin.add_parser("user", help="accounts that sign in to the dashboard in a browser")
    users = p.add_subparsers(title="accounts", parser_class=type(p), required=True)

    a = users.add_parser(
        "add",
        help="create an account, or give a known one a new password and role",
        description="The password is read from standard input (one line), never from the command line.",
    )
    a.add_argument("name")
    a.add_argument("--role", required=True, choices=["viewer", "admin", "liaison"])
    a.add_argument("--site", default=None, help="the one site this account sees (default: every site)")
    a.add_argument(
        "--enterprise",
        default=None,
        help="a liaison's enterprise, the only one they see (required with --role liaison, and --site)",
    )
    a.add_argument(
        "--password-stdin", action="store_true", required=True, help="read the password from stdin"
    )
    server_db(a)
    a.set_defaults(handler=cmd_user_add)

    a = users.add_parser("list", help="list the accounts")
    server_db(a)
    a.set_defaults(handler=cmd_user_list)

    a = users.add_parser("remove", help="delete an account and end its sessions")
    a.add_argument("name")
    server_db(a)
    a.set_defaults(handler=cmd_user_remove)


def _engine(args: argparse.Namespace) -> Engine:
    from sync.server import db

    return db.open_engine(db.resolve_url(args.database_url, args.db))


def cmd_user_add(args: argparse.Namespace) -> int:
    from registration.storage import clock
    from sync.server import db, users

    password = sys.stdin.readline().rstrip("\r\n")
    with db.writing(_engine(args)) as conn:
        user = users.add(conn, args.name, args.role, args.site, password, clock.now_ms(), args.enterprise)
    emit(args, _shown(user), f"user {user.username} ({user.role}) saved")
    return EXIT_OK


def cmd_user_list(args: argparse.Namespace) -> int:
    from sync.server import db, users

    with db.reading(_engine(args)) as conn:
        found = users.listing(conn)
    emit(
        args,
        [_shown(u) for u in found],
        "\n".join(
            f"{u.username}\t{u.role}\t{u.site or '*'}" + (f"\t{u.enterprise}" if u.enterprise else "")
            for u in found
        )
        or "no users",
    )
    return EXIT_OK


def _shown(user: users.User) -> dict[str, str | None]:
    shown = {"username": user.username, "role": user.role, "site": user.site}
    return shown | ({"enterprise": user.enterprise} if user.enterprise else {})


def cmd_user_remove(args: argparse.Namespace) -> int:
    from sync.server import db, users

    with db.writing(_engine(args)) as conn:
        users.remove(conn, args.name)

    emit(args, {"removed": args.name}, f"user {args.name} removed")
    return EXIT_OK
