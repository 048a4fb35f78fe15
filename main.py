"""Entry point: the station window with no command, or one of the command-line commands."""

from __future__ import annotations

import argparse
import importlib
import logging
import sys
from typing import NoReturn

# Each module contributes its commands with add_commands(subparsers).
COMMAND_MODULES = ("registration.cli", "registration.roster_cli", "sync.cli", "registration.scanning.cli")


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
    parser.set_defaults(handler=None)
    sub = parser.add_subparsers(title="commands", parser_class=_Parser)
    for name in COMMAND_MODULES:
        importlib.import_module(name).add_commands(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    from registration.campaign import CampaignError
    from registration.cliutil import Refused, fail
    from registration.store import StoreError

    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(message)s")
    args = build_parser().parse_args(argv)
    if args.handler is None:
        # Imported here: the commands never load Qt.
        from ui.app import run

        return run(demo=args.demo, quit_after=args.quit_after)
    try:
        code: int = args.handler(args)
    except (Refused, CampaignError, StoreError, LookupError) as exc:
        return fail(str(exc).strip("'\""))
    return code


if __name__ == "__main__":
    sys.exit(main())
