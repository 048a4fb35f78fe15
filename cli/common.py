"""What every command of ``main.py`` shares: the database option, JSON or text output, errors.

A command handler returns an exit code; ``Refused`` is bad input and becomes exit 2 with a
one-line message, as does a fault of the environment (a full disk, a locked database); a bug
gets one line too, its traceback going to a log file.
"""

from __future__ import annotations

import argparse
import copy
import json
import sys
import traceback
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any

import platformdirs

from cli.language import spoken
from registration.errors import Reason, is_expected, message
from registration.people.identity import mask_personal
from registration.storage import cipher, files
from registration.storage.store import Store, default_db

EXIT_OK = 0
EXIT_UNREACHABLE = 1  # the server could not be reached: try again later, nothing is wrong with the input
EXIT_BAD_INPUT = 2
EXIT_BUG = 70  # sysexits' EX_SOFTWARE: a fault of this program, not of the input or the machine
EXIT_INTERRUPTED = 130  # Ctrl-C, as shells report a command ended by SIGINT

Handler = Callable[[argparse.Namespace], int]


def add_common(parser: argparse.ArgumentParser, *, db: bool = True) -> None:
    if db:
        parser.add_argument(
            "--db",
            type=Path,
            default=None,
            help="campaign database (default: $TESTPOINT_DB or the data directory)",
        )
        parser.add_argument(
            "--key-file",
            type=Path,
            default=None,
            metavar="PATH",
            help="the database's passphrase, on the file's first line (default: $TESTPOINT_DB_KEY)",
        )
    parser.add_argument("--json", action="store_true", help="machine-readable output")


_MISPLACED = "_options_not_taken"
Options = dict[str, tuple[str, Any]]
"""dest -> (the option as written, its default)"""


def share_options(parser: argparse.ArgumentParser) -> None:
    """Let every option be given before or after its subcommand (``server --db X init``).

    argparse parses a subcommand into a namespace of its own whose defaults then overwrite what
    the enclosing command had read: a subcommand's copy of an enclosing command's option
    therefore defaults to nothing. An option that every subcommand takes is accepted before
    them too. An enclosing command's option that the chosen command does not take is refused by
    ``misplaced_option`` rather than silently ignored; one the chosen command requires may come
    before it (``server --site S init``), and ``misplaced_option`` says when it came nowhere.
    """
    hoisted: set[int] = set()
    _hoist(parser, hoisted)
    _share(parser, {}, hoisted)


def _hoist(parser: argparse.ArgumentParser, hoisted: set[int]) -> None:
    children = _subcommands(parser)
    for child in children:
        _hoist(child, hoisted)
    own = _options(parser)
    for dest, action in _options(children[0]).items() if children else ():
        if dest not in own and all(dest in _options(c) for c in children[1:]):
            copied = copy.copy(action)
            copied.required = False
            parser._add_action(copied)
            hoisted.add(id(copied))


Needed = list[tuple[str, str]]
"""(dest, the option as written) of options a command requires that may come before it"""


def _share(
    parser: argparse.ArgumentParser, outer: Options, hoisted: set[int], needed: Needed | None = None
) -> None:
    own = {d: (a.option_strings[-1], a.default) for d, a in _options(parser).items()}
    # With no subcommand after it, a command uses neither its ancestors' options nor the hoisted ones.
    unused = {d: own[d] for d, a in _options(parser).items() if id(a) in hoisted}
    parser.set_defaults(**{_MISPLACED: (parser.prog, outer | unused, needed or [])})
    enclosing = outer | own
    for child in _subcommands(parser):
        taken = _options(child)
        required: Needed = []
        for dest, action in taken.items():
            if dest in enclosing:
                action.default = argparse.SUPPRESS
                if action.required:
                    # Given before the subcommand, it is not among the subcommand's own arguments:
                    # whether it was given at all is known once every one is read.
                    action.required = False
                    required.append((dest, action.option_strings[-1]))
        _share(child, {d: v for d, v in enclosing.items() if d not in taken}, hoisted, required)


def _options(parser: argparse.ArgumentParser) -> dict[str, argparse.Action]:
    return {
        a.dest: a
        for a in parser._actions
        if a.option_strings and not isinstance(a, argparse._HelpAction | argparse._VersionAction)
    }


def _subcommands(parser: argparse.ArgumentParser) -> list[argparse.ArgumentParser]:
    found: dict[int, argparse.ArgumentParser] = {}
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            found |= {id(p): p for p in action.choices.values()}  # aliases name one parser twice
    return list(found.values())


def misplaced_option(args: argparse.Namespace) -> str | None:
    """Why an option given does not fit the command chosen, or why one it requires is missing
    (see ``share_options``); None when they fit."""
    prog, foreign, needed = vars(args).pop(_MISPLACED, ("", {}, []))
    for dest, (flag, default) in foreign.items():
        if getattr(args, dest, default) != default:
            return f"{flag} does not apply to '{prog}'"
    missing = [flag for dest, flag in needed if getattr(args, dest, None) is None]
    if missing:
        return f"the following arguments are required: {', '.join(missing)}"
    return None


def db_path(args: argparse.Namespace) -> Path:
    return Path(args.db) if args.db is not None else default_db()


def db_key(args: argparse.Namespace) -> str | None:
    """The database's passphrase: ``--key-file``'s first line, else ``$TESTPOINT_DB_KEY``; remembered
    for every connection this process opens to the database (the sync client opens its own)."""
    if getattr(args, "key_file", None) is None:
        return cipher.passphrase_for(db_path(args))
    key = cipher.read_key_file(args.key_file)
    cipher.remember(db_path(args), key)
    return key


def open_store(args: argparse.Namespace, *, create: bool = False) -> Store:
    """The command's database; ``create`` (init's) makes it, or adds the campaign to another SQLite file."""
    path = db_path(args)
    key = db_key(args)
    if create:
        files.private_dir(path.parent)
    return Store(path, create=create, adopt=create, key=key)


def encryption(encrypted: bool) -> str:
    """What ``init`` and ``enroll`` add to their answer about the database's encryption."""
    if encrypted:
        return "; the database is encrypted"
    return "; the database is not encrypted (give a passphrase with TESTPOINT_DB_KEY or --key-file PATH)"


def emit(args: argparse.Namespace, data: Any, text: str) -> None:
    """Print ``data`` as one JSON line with --json, else the human-readable ``text``."""
    if getattr(args, "json", False):
        print(json.dumps(data, ensure_ascii=False, default=str), flush=True)
    else:
        print(text, flush=True)


def tell(message: str) -> None:
    """Say what went wrong in one line: a refusal in the locale's language (``cli/language.py``)."""
    print(f"error: {spoken(message)}", file=sys.stderr, flush=True)


def fail(message: str) -> int:
    tell(message)
    return EXIT_BAD_INPUT


def refused(args: argparse.Namespace, error: Exception, **involved: Any) -> int:
    """A request refused: its one line on standard error, exit 2; with --json, first one JSON line on
    standard output too, with ``status`` refused, the codes ``involved`` and the ``reason`` (its ``key``)."""
    words = message(error)
    if getattr(args, "json", False):
        key = words.key if isinstance(words, Reason) else None
        emit(args, {"status": "refused", **involved, "reason": str(words), "key": key}, "")
    return fail(words)


def failed(error: Exception) -> int:
    """Say in one line why a command failed; the exit code.

    Bad input and faults of the environment give their message and exit 2. Anything else is a
    bug: its traceback (ID numbers and phones masked) goes to ``errors.log`` in the log
    directory, owner-only, not to the person's screen.
    """
    if is_expected(error):
        return fail(message(error))
    log = bug_log()
    try:
        files.private_dir(log.parent)
        files.create_private(log)
        with log.open("a", encoding="utf-8") as f:
            f.write(f"--- {datetime.now().astimezone().isoformat(timespec='seconds')}\n")
            f.write(mask_personal("".join(traceback.format_exception(error))))
        where = f"the details are in {log}"
    except OSError:
        where = "the details could not be written to a log"
    print(f"error: unexpected {type(error).__name__} (a fault of this program; {where})", file=sys.stderr)
    return EXIT_BUG


def bug_log() -> Path:
    return Path(platformdirs.user_log_dir("testpoint", appauthor=False)) / "errors.log"
