"""Entry point: the station window with no command, or one of the command-line commands."""

from __future__ import annotations

import argparse
import importlib
import logging
import sys
from typing import NoReturn

from registration.cliutil import failed, misplaced_option, share_options

# Each module contributes its commands with add_commands(subparsers).
COMMAND_MODULES = (
    "registration.cli",
    "registration.roster_cli",
    "sync.cli",
    "registration.scanning.cli",
    "registration.privacy_cli",
)


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        # One line on bad usage, as for every other kind of bad input.
        self.exit(2, f"error: {message} (see {self.prog} --help)\n")


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="main.py", description="Testing-point registration station")
    parser.add_argument("--demo", action="store_true", help="run the station on a demo campaign")
    parser.add_argument(
        "--quit-after", type=float, metavar="SECONDS", help="close the station after SECONDS (for tests)"
    )
    parser.add_argument(
        "--quit-after-registrations",
        type=int,
        metavar="N",
        help="close the demo once it has registered N people (for tests)",
    )
    parser.set_defaults(handler=None)
    sub = parser.add_subparsers(title="commands", parser_class=_Parser)
    for name in COMMAND_MODULES:
        importlib.import_module(name).add_commands(sub)
    share_options(parser)
    return parser


def setup_logging() -> None:
    """INFO and above to standard error, a line each (nothing changes where logging is set up already)."""
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(message)s")


def main(argv: list[str] | None = None) -> int:
    setup_logging()
    parser = build_parser()
    args = parser.parse_args(argv)
    misplaced = misplaced_option(args)
    if misplaced:
        parser.error(misplaced)
    if args.handler is None:
        # Imported here: the commands never load Qt.
        from ui.app import run

        return run(demo=args.demo, quit_after=args.quit_after, quit_registered=args.quit_after_registrations)
    try:
        code: int = args.handler(args)
    except KeyboardInterrupt:
        return 130  # Ctrl-C: the person stopped it, nothing to explain
    except Exception as exc:  # no traceback reaches a person: one line, and a log for a bug
        return failed(exc)
    return code


if __name__ == "__main__":
    sys.exit(main())
