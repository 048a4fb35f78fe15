"""Entry point: the station window with no command, or one of the command-line commands."""

from __future__ import annotations

import logging
import sys

from cli import commands


def main(argv: list[str] | None = None) -> int:
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(message)s")
    args = commands.parse(argv)
    if args.handler is None:
        # Imported here: the commands never load Qt.
        from ui.app import run

        return run(demo=args.demo, quit_after=args.quit_after)
    return commands.run(args)


if __name__ == "__main__":
    sys.exit(main())
