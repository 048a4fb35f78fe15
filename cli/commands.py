"""Every command of ``main.py`` in one parser, and running the one chosen to its exit code."""

from __future__ import annotations

import argparse
from typing import NoReturn

from cli import campaign, idcard, labels, privacy, rosters, scan, shipping, sync
from cli.common import EXIT_BAD_INPUT, EXIT_INTERRUPTED, failed, misplaced_option, share_options

# Each module contributes its commands with add_commands(subparsers), in the order --help lists them.
COMMAND_MODULES = (campaign, rosters, sync, scan, privacy, idcard, shipping, labels)


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        # One line on bad usage, as for every other kind of bad input.
        self.exit(EXIT_BAD_INPUT, f"error: {message} (see {self.prog} --help)\n")


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
    for module in COMMAND_MODULES:
        module.add_commands(sub)
    share_options(parser)
    return parser


def parse(argv: list[str] | None) -> argparse.Namespace:
    """The arguments; bad usage exits 2 with one line. No command chosen: ``handler`` is None."""
    parser = build_parser()
    args = parser.parse_args(argv)
    misplaced = misplaced_option(args)
    if misplaced:
        parser.error(misplaced)
    return args


def run(args: argparse.Namespace) -> int:
    """Run the chosen command; no traceback reaches a person: one line, and a log for a bug."""
    try:
        code: int = args.handler(args)
    except KeyboardInterrupt:
        return EXIT_INTERRUPTED  # Ctrl-C: the person stopped it, nothing to explain
    except Exception as exc:
        return failed(exc)
    return code
