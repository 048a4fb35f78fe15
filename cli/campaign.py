"""Command-line commands of the registration core: campaign set-up, rounds, tubes, register, void."""

from __future__ import annotations

import argparse
from dataclasses import asdict

from cli.common import EXIT_OK, add_common, emit, encryption, fail, open_store, refused
from cli.language import spoken
from registration.errors import Reason, Refused
from registration.sampling import registrations, tubes
from registration.setup import campaign
from registration.storage import events


def add_commands(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("init", help="create the campaign on this laptop")
    p.add_argument("--site", required=True)
    p.add_argument("--checkpoint", action="append", required=True, help="repeat for each checkpoint")
    p.add_argument("--tube-pattern", default=None, help="regular expression of valid tube codes")
    add_common(p)
    p.set_defaults(handler=cmd_init)

    p = sub.add_parser("checkpoint", help="add a checkpoint")
    p.add_argument("action", choices=["add"])
    p.add_argument("name")
    add_common(p)
    p.set_defaults(handler=cmd_checkpoint)

    p = sub.add_parser("operator", help="add an operator")
    p.add_argument("action", choices=["add"])
    p.add_argument("name")
    add_common(p)
    p.set_defaults(handler=cmd_operator)

    p = sub.add_parser("round", help="open, close or list rounds")
    p.add_argument("action", choices=["open", "close", "list"])
    p.add_argument("name", nargs="?")
    p.add_argument("--pool-size", type=int, default=10)
    add_common(p)
    p.set_defaults(handler=cmd_round)

    p = sub.add_parser(
        "tube", help="open, seal or list tubes, or move a broken tube's people to a new barcode"
    )
    p.add_argument("action", choices=["open", "seal", "list", "move"])
    p.add_argument("code", nargs="?", help="the tube; for move, the broken or mislabelled one")
    p.add_argument("new", nargs="?", help="move: the new tube's barcode")
    p.add_argument("--reason", help="move: why (a cracked tube, a wrong label)")
    p.add_argument("--checkpoint")
    p.add_argument("--round")
    p.add_argument("--pool-size", type=int, default=None)
    add_common(p)
    p.set_defaults(handler=cmd_tube)

    p = sub.add_parser("register", help="register a scanned or typed code")
    p.add_argument("payload")
    p.add_argument("--checkpoint", required=True)
    p.add_argument("--round", required=True)
    p.add_argument("--operator")
    p.add_argument("--colour", default="unknown", choices=registrations.COLOURS)
    p.add_argument("--source", default="manual", choices=registrations.SOURCES)
    p.add_argument("--identity", help="the ID number confirmed for a foreign health code")
    add_common(p)
    p.set_defaults(handler=cmd_register)

    p = sub.add_parser("void", help="void a registration")
    p.add_argument("event_id")
    p.add_argument("--reason", required=True)
    add_common(p)
    p.set_defaults(handler=cmd_void)

    p = sub.add_parser("correct", help="put the right person in a registration's tube position")
    p.add_argument("event_id")
    p.add_argument("identity", help="the right person's ID number or person code")
    p.add_argument("--reason", required=True)
    add_common(p)
    p.set_defaults(handler=cmd_correct)


def cmd_init(args: argparse.Namespace) -> int:
    with open_store(args, create=True) as store:
        extra = {"tube_pattern": args.tube_pattern} if args.tube_pattern else {}
        device = campaign.init(store, args.site, args.checkpoint, **extra)
        encrypted = store.encrypted
    emit(
        args,
        {"site": args.site, "checkpoints": args.checkpoint, "device": device, "encrypted": encrypted},
        f"campaign {args.site} created with checkpoints {', '.join(args.checkpoint)}{encryption(encrypted)}",
    )
    return EXIT_OK


def cmd_checkpoint(args: argparse.Namespace) -> int:
    with open_store(args) as store:
        campaign.add_checkpoint(store, args.name)
    emit(args, {"checkpoint": args.name}, f"checkpoint {args.name} added")
    return EXIT_OK


def cmd_operator(args: argparse.Namespace) -> int:
    with open_store(args) as store:
        campaign.add_operator(store, args.name)
    emit(args, {"operator": args.name}, f"operator {args.name} added")
    return EXIT_OK


def cmd_round(args: argparse.Namespace) -> int:
    with open_store(args) as store:
        if args.action == "list":
            found = campaign.rounds(store.conn)
            emit(
                args,
                [asdict(r) for r in found],
                "\n".join(f"{r.name}\t{r.status}\tpool {r.pool_size}\topened {r.opened_at}" for r in found)
                or "no rounds",
            )
            return EXIT_OK
        if not args.name:
            raise Refused("cli.round_name", action=args.action)
        if args.action == "open":
            round_ = campaign.open_round(store, args.name, args.pool_size)
        else:
            round_ = campaign.close_round(store, args.name)
    emit(args, asdict(round_), f"round {round_.name} {round_.status} (pool size {round_.pool_size})")
    return EXIT_OK


def cmd_tube(args: argparse.Namespace) -> int:
    if args.action == "move":
        return _move(args)
    if args.new is not None:
        raise Refused("cli.tube_new", action=args.action)
    with open_store(args) as store:
        if args.action == "list":
            found = tubes.open_tubes(store.conn)
            emit(
                args,
                [asdict(t) for t in found],
                "\n".join(f"{t.code}\t{t.checkpoint}\t{t.round}\t{t.filled}/{t.size}" for t in found)
                or "no tube is open",
            )
            return EXIT_OK
        if args.action == "open":
            if not (args.code and args.checkpoint and args.round):
                raise Refused("cli.tube_open")
            tube = tubes.open_tube(
                store,
                args.code,
                checkpoint=args.checkpoint,
                round_name=args.round,
                pool_size=args.pool_size,
            )
        else:
            tube = tubes.seal(store, args.code)
    emit(
        args,
        asdict(tube) | tube.view(),
        f"tube {tube.code} {'sealed' if tube.sealed else 'open'} ({tube.filled}/{tube.size})",
    )
    return EXIT_OK


def _move(args: argparse.Namespace) -> int:
    """``tube move OLD NEW --reason``: OLD's people, in their positions, into NEW; OLD broken for good."""
    try:
        if not (args.code and args.new and args.reason):
            raise Refused("cli.tube_move")
        with open_store(args) as store:
            moved = tubes.move(store, args.code, args.new, args.reason)
    except Refused as exc:
        return refused(args, exc, old=args.code, new=args.new)
    emit(
        args,
        {"status": "moved"} | moved.to_json(),
        f"tube {moved.old} moved to {moved.new}: {moved.people} people in their positions; "
        f"{moved.old} is broken and never used again",
    )
    return EXIT_OK


def cmd_register(args: argparse.Namespace) -> int:
    with open_store(args) as store:
        outcome = registrations.register(
            store,
            args.payload,
            checkpoint=args.checkpoint,
            round_name=args.round,
            operator=args.operator,
            colour=args.colour,
            source=args.source,
            identity=args.identity,
        )
    if outcome.status is registrations.Status.REJECTED:
        if args.json:
            emit(args, outcome.to_json(), "")
        return fail(Reason("cli.rejected", reason=outcome.reason))
    text = str(outcome.status)
    if outcome.tube:
        text += f" tube {outcome.tube['code']} {outcome.tube['position']}/{outcome.tube['size']}"
        text += " (sealed)" if outcome.tube.get("sealed") else ""
    if outcome.reason:
        text += f": {spoken(outcome.reason)}"
    emit(args, outcome.to_json(), text)
    return EXIT_OK


def cmd_void(args: argparse.Namespace) -> int:
    with open_store(args) as store:
        event = registrations.void(store, args.event_id, args.reason)
    emit(
        args,
        {
            "event": event.id,
            "voided": args.event_id,
            "reason": args.reason,
            "at": events.wall_time(event),
        },
        f"registration {args.event_id} voided",
    )
    return EXIT_OK


def cmd_correct(args: argparse.Namespace) -> int:
    with open_store(args) as store:
        outcome = registrations.correct(store, args.event_id, args.identity, args.reason)
    emit(
        args,
        outcome.to_json() | {"corrects": args.event_id},
        f"registration {args.event_id} corrected by {outcome.event}",
    )
    return EXIT_OK
