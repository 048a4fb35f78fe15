"""Entry point: the station window with no command, or one of the command-line commands."""

from __future__ import annotations

import logging
import sys

from cli import commands


def setup_logging() -> None:
    """INFO and above to standard error, a line each (nothing changes where logging is set up already)."""
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(message)s")


def main(argv: list[str] | None = None) -> int:
    setup_logging()
    args = commands.parse(argv)
    if args.handler is None:
        # Imported here: the commands never load Qt.
        from ui.app import run

        return run(demo=args.demo, quit_after=args.quit_after, quit_registered=args.quit_after_registrations)
    return commands.run(args)


if __name__ == "__main__":
    sys.exit(main())
