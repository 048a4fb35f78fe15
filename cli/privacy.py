"""Command-line commands for personal data: the audit trail of reveals and purges."""

from __future__ import annotations

import argparse

from cli.common import EXIT_OK, add_common, db_key, db_path, emit, open_store
from registration.errors import Refused

# The domain modules load inside the handlers: every other command of main.py starts without them.


def add_commands(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("audit", help="every unmasking and purge, from every laptop")
    p.add_argument("action", choices=["list"])
    add_common(p)
    p.set_defaults(handler=cmd_audit)

    p = sub.add_parser("purge", help="remove names, ID numbers and phones, keeping every round's figures")
    p.add_argument("--round", help="a closed round's people")
    p.add_argument("--campaign-ended", action="store_true", help="everyone, once every round is closed")
    p.add_argument("--older-than", type=int, metavar="DAYS", help="days since the campaign ended")
    add_common(p)
    p.set_defaults(handler=cmd_purge)

    p = sub.add_parser("encrypt", help="encrypt a plain campaign database in place (key: $TESTPOINT_DB_KEY)")
    add_common(p)
    p.set_defaults(handler=cmd_encrypt)


def cmd_audit(args: argparse.Namespace) -> int:
    from registration.privacy import audit

    with open_store(args) as store, store.read() as conn:
        found = audit.entries(conn)
    lines = [
        "\t".join(
            [
                e.at,
                e.action,
                e.what,
                f"{e.people} people",
                e.operator or "-",
                e.device,
                *([f"round {e.round}"] if e.round else []),
                *([e.enterprise] if e.enterprise else []),
            ]
        )
        for e in found
    ]
    emit(args, [e.to_json() for e in found], "\n".join(lines) or "nothing was revealed or purged")
    return EXIT_OK


def cmd_purge(args: argparse.Namespace) -> int:
    from registration.privacy import audit, retention

    if bool(args.round) == bool(args.campaign_ended):
        raise Refused("cli.purge_scope")
    if args.campaign_ended and args.older_than is None:
        raise Refused("cli.purge_days")
    if args.round and args.older_than is not None:
        raise Refused("cli.purge_older_than")
    with open_store(args) as store:
        if args.round:
            done = retention.purge_round(store, args.round, audit.who())
        else:
            done = retention.purge_campaign(store, args.older_than, audit.who())
    what = f"round {args.round}" if args.round else "the campaign"
    emit(args, done.to_json(), f"{what}: {done.people} people purged; the figures of every round are kept")
    return EXIT_OK


def cmd_encrypt(args: argparse.Namespace) -> int:
    from registration.storage import cipher

    key = db_key(args)
    if key is None:
        raise Refused("cli.encrypt_key")
    path = db_path(args)
    cipher.encrypt_in_place(path, key)
    with open_store(args):
        pass  # it opens with the key: the campaign is whole
    emit(args, {"db": str(path), "encrypted": True}, f"{path}: encrypted")
    return EXIT_OK
