"""The ``idcard`` commands: read one card off an ID-card reader (二代证阅读器), or watch a reader and
print each card laid on it; with ``--register``, register each as the station does."""

from __future__ import annotations

import argparse
import contextlib
import sys
import threading
from collections.abc import Callable, Generator, Iterator
from typing import TYPE_CHECKING, Any

from cli.common import EXIT_OK, add_common, emit, fail, open_store, tell
from cli.language import spoken
from registration.errors import Reason, Refused

if TYPE_CHECKING:
    from registration.sampling.idcard.card import Card
    from registration.sampling.idcard.watch import Event

# The drivers (pyserial; httpx and websockets for a vendor's service) load inside the handlers:
# every other command starts without them.

READ_TIMEOUT = 30.0


def add_commands(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    idcard = sub.add_parser("idcard", help="read ID cards (二代证) off a reader").add_subparsers(
        title="idcard commands", required=True
    )
    p = idcard.add_parser("read", help="wait for one card on the reader and say who it names")
    _reader_option(p)
    p.add_argument(
        "--timeout",
        type=float,
        default=READ_TIMEOUT,
        metavar="SECONDS",
        help=f"how long to wait for a card (default: {READ_TIMEOUT:g})",
    )
    add_common(p)  # --db as every command takes it, though a read needs no database
    p.set_defaults(handler=cmd_read)

    p = idcard.add_parser("watch", help="say who each card laid on the reader names, until Ctrl-C")
    _reader_option(p)
    p.add_argument("--register", action="store_true", help="register each card's person, as the station does")
    p.add_argument("--checkpoint", help="the checkpoint to register at (with --register)")
    p.add_argument("--round", help="the round to register in (with --register)")
    p.add_argument("--quit-after", type=float, metavar="SECONDS", help="stop after SECONDS")
    add_common(p)
    p.set_defaults(handler=cmd_watch)


def _reader_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--reader",
        default="auto",
        metavar="SPEC",
        help="serial:PATH[@BAUD], huashi:URL, shensi:URL, decard:URL or auto (default: auto)",
    )


def _seconds(value: float, option: str) -> float:
    if not value > 0:  # NaN too
        raise Refused("cli.idcard_seconds", option=option)
    return value


@contextlib.contextmanager
def _watching(spec_text: str, seconds: float | None) -> Iterator[Generator[Event, None, None]]:
    """What happens at the reader ``spec_text`` names, for ``seconds`` (None: until Ctrl-C)."""
    from devices.idcard_services import open_reader
    from registration.sampling.idcard.reader import parse_spec
    from registration.sampling.idcard.watch import watch

    spec = parse_spec(spec_text)
    stop = threading.Event()
    timer = threading.Timer(seconds, stop.set) if seconds is not None else None
    events = watch(lambda: open_reader(spec), stop)
    try:
        if timer is not None:
            timer.daemon = True
            timer.start()
        yield events
    finally:
        if timer is not None:
            timer.cancel()
        events.close()  # the reader is closed with it


def cmd_read(args: argparse.Namespace) -> int:
    from registration.sampling.idcard.watch import Damaged, Laid, Lost

    seconds = _seconds(args.timeout, "--timeout")
    with _watching(args.reader, seconds) as events:
        for event in events:
            if isinstance(event, Laid):
                shown = event.card.masked()
                emit(args, shown, _line(shown))
                return EXIT_OK
            if isinstance(event, Lost):
                return fail(_unreachable(event.reason))
            if isinstance(event, Damaged):
                return fail(event.reason)
    return fail(Reason("idcard.no_card", seconds=f"{seconds:g}"))


def _unreachable(reason: Reason) -> Reason:
    # The watch's words promise another try; a read ends here instead.
    return Reason("idcard.unreachable", **reason.params) if reason.key == "idcard.lost" else reason


def cmd_watch(args: argparse.Namespace) -> int:
    from registration.sampling.idcard.watch import Damaged, Found, Laid, Lost

    if args.register and not (args.checkpoint and args.round):
        raise Refused("cli.idcard_register")
    seconds = None if args.quit_after is None else _seconds(args.quit_after, "--quit-after")
    with contextlib.ExitStack() as cleanup:
        register = _registering(args, cleanup) if args.register else None
        events = cleanup.enter_context(_watching(args.reader, seconds))
        for event in events:
            if isinstance(event, Laid):
                shown: dict[str, Any] = event.card.masked()
                if register is not None:
                    shown["registration"] = register(event.card)
                emit(args, shown, _line(shown))
            elif isinstance(event, Lost | Damaged):
                tell(event.reason)
            elif isinstance(event, Found):
                print(f"ID-card reader {event.name}: ready", file=sys.stderr, flush=True)
    return EXIT_OK


def _registering(args: argparse.Namespace, cleanup: contextlib.ExitStack) -> Callable[[Card], dict[str, Any]]:
    """Registering a card's person at ``--checkpoint`` in ``--round``: the answer ``register --json``
    gives. Both are checked before the reader is opened."""
    from registration.sampling.scanflow import Attempt, ScanFlow
    from registration.setup import campaign

    store = cleanup.enter_context(open_store(args))
    with store.read() as conn:
        campaign.require_checkpoint(conn, args.checkpoint)
        campaign.require_open_round(conn, args.round)
    flow = ScanFlow(args.checkpoint, args.round)

    def register(card: Card) -> dict[str, Any]:
        [(_, outcome), *_] = flow.scan(store, Attempt(card.id_number, source="idcard", name=card.name))
        return outcome.to_json()

    return register


def _line(shown: dict[str, Any]) -> str:
    text = " ".join(
        str(shown[key]) for key in ("name", "id_number", "gender", "birth", "nation") if shown[key]
    )
    registration = shown.get("registration")
    if registration:
        text += f" -> {registration['status']}"
        if registration.get("reason"):
            text += f" ({spoken(registration['reason'])})"
    return text
