"""What every command of ``main.py`` shares: the database option, JSON or text output, errors.

A command handler returns an exit code; ``Refused`` is bad input and becomes exit 2 with a
one-line message.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import platformdirs

from registration.store import Store

EXIT_OK = 0
EXIT_BAD_INPUT = 2

Handler = Callable[[argparse.Namespace], int]


class Refused(Exception):
    """Bad input: the command says why in one line and exits 2."""


def default_db() -> Path:
    env = os.environ.get("TESTPOINT_DB")
    if env:
        return Path(env)
    return Path(platformdirs.user_data_dir("testpoint", appauthor=False)) / "station.db"


def add_common(parser: argparse.ArgumentParser, *, db: bool = True) -> None:
    if db:
        parser.add_argument(
            "--db",
            type=Path,
            default=None,
            help="campaign database (default: $TESTPOINT_DB or the data directory)",
        )
    parser.add_argument("--json", action="store_true", help="machine-readable output")


def db_path(args: argparse.Namespace) -> Path:
    return Path(args.db) if args.db is not None else default_db()


def open_store(args: argparse.Namespace, *, create: bool = False) -> Store:
    path = db_path(args)
    if create:
        path.parent.mkdir(parents=True, exist_ok=True)
    return Store(path, create=create)


def emit(args: argparse.Namespace, data: Any, text: str) -> None:
    """Print ``data`` as one JSON line with --json, else the human-readable ``text``."""
    if getattr(args, "json", False):
        print(json.dumps(data, ensure_ascii=False, default=str), flush=True)
    else:
        print(text, flush=True)


def fail(message: str) -> int:
    print(f"error: {message}", file=sys.stderr, flush=True)
    return EXIT_BAD_INPUT
