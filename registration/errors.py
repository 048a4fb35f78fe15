"""What went wrong, as a person reads it: refusals of bad input, faults of the machine a person can
act on, and everything else, which is a fault of this program.

A refusal is a ``Reason``: a key of the catalogue (``registration/refusals.py``) and the values its
words name. As text it is the English line the command line prints; the window, the command line
under a Chinese locale and a station shown a server's refusal render the key in their language
(``render``), never by reading the English back.
"""

from __future__ import annotations

import csv
import sqlite3
import string
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from registration.refusals import REASONS

Param = str | int | float | None
"""A value a reason names; a ``Reason`` (a str) is rendered in the reader's language too."""


class Reason(str):
    """A refusal's key and the values it names; as a str, its English line.

    >>> Reason("round.unknown", round="第2轮")
    "unknown round '第2轮'"
    >>> Reason("round.unknown", round="R1").params
    {'round': 'R1'}
    """

    key: str
    params: dict[str, Param]

    def __new__(cls, key: str, /, **params: object) -> Reason:
        if key not in REASONS:
            raise ValueError(f"{key!r} is not a refusal of the catalogue (registration/refusals.py)")
        # A value of another type (a path, say) is kept as its text: what the English shows.
        kept = {
            name: v if v is None or isinstance(v, str | int | float) else str(v) for name, v in params.items()
        }
        try:
            text = REASONS[key].format(**kept)
        except (KeyError, IndexError) as exc:  # a bug here, never a refusal's missing word
            raise TypeError(f"{key!r} names the value {exc}, which was not given") from exc
        made = super().__new__(cls, text)
        made.key, made.params = key, kept

        return made

    def __getnewargs_ex__(self) -> tuple[tuple[str], dict[str, Param]]:
        # Copied (dataclasses.asdict deep-copies) and pickled from its key and values, not its text.
        return (self.key,), self.params

    def render(self, words: Callable[[str], str | None]) -> str:
        """The line in another language: ``words(key)`` is a key's template there, None where it has
        none (the English one is used); a reason among the values is rendered the same way."""
        params = {k: v.render(words) if isinstance(v, Reason) else v for k, v in self.params.items()}
        return (words(self.key) or REASONS[self.key]).format(**params)

    def wire(self) -> dict[str, Any]:
        """The key and the values as JSON holds them: what a server's answer carries besides its text."""
        return {
            "key": self.key,
            "params": {k: v.wire() if isinstance(v, Reason) else v for k, v in self.params.items()},
        }


def several(reasons: Sequence[Reason]) -> Reason:
    """Reasons one after the other ("a; b"), each rendered in the reader's language."""
    found = reasons[-1]
    for reason in reversed(reasons[:-1]):
        found = Reason("several", first=reason, rest=found)
    return found


def from_wire(key: object, params: object, words: str) -> Reason:
    """The reason another program sent as a key and its values (a server's answer); its ``words``
    as they are (``server.said``) where this version does not know that key or those values."""
    found = _known(key, params)
    return found if found is not None else Reason("server.said", words=words)


def _known(key: object, params: object) -> Reason | None:
    if not isinstance(key, str) or key not in REASONS or not isinstance(params, Mapping):
        return None
    values: dict[str, Param] = {}
    for name, value in params.items():
        if isinstance(value, Mapping):
            value = _known(value.get("key"), value.get("params"))
            if value is None:
                return None
        elif not (value is None or isinstance(value, str | int | float)):
            return None
        values[str(name)] = value
    if set(values) != fields(REASONS[key]):
        return None
    try:
        return Reason(key, **values)
    except (ValueError, TypeError):  # a value that does not fit its format (text for a number)
        return None


def fields(template: str) -> set[str]:
    """The names of the values ``template`` holds.

    >>> sorted(fields("tube {tube} is still open ({filled}/{size}): seal it first"))
    ['filled', 'size', 'tube']
    """
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


class Refused(Exception):
    """Bad input or a request this product turns down: a person reads why in one line.

    Raised with a key of the catalogue and its values (``Refused("round.unknown", round=name)``), or
    with a ``Reason`` already made.
    """

    def __init__(self, reason: str, /, **params: object) -> None:
        super().__init__(reason if isinstance(reason, Reason) else Reason(reason, **params))

    @property
    def reason(self) -> Reason:
        found: Reason = self.args[0]
        return found


def reason_of(error: BaseException) -> Reason | None:
    """The reason ``error`` was raised with, or None (a fault with words of its own)."""
    found = error.args[0] if error.args else None
    return found if isinstance(found, Reason) else None


def message(error: BaseException) -> str:
    """The one line a person reads for ``error``: its ``Reason`` where it has one.

    >>> message(KeyError("unknown round '第2轮'"))
    "unknown round '第2轮'"
    """
    reason = reason_of(error)
    if reason is not None:
        return reason
    # str() of a KeyError is the repr of its argument, quotes added; every other message is as raised.
    if isinstance(error, KeyError) and error.args:
        return str(error.args[0])
    from registration.storage import cipher  # here: cipher's own refusal builds on this module

    if isinstance(error, cipher.driver_errors("DatabaseError")):
        return _sqlite_message(error)  # type: ignore[arg-type]
    if isinstance(error, OSError) and error.strerror:
        where = error.filename if error.filename is not None else ""
        return f"{where}: {error.strerror}" if where else error.strerror
    return str(error) or type(error).__name__


def _sqlite_message(error: sqlite3.DatabaseError) -> str:
    code = getattr(error, "sqlite_errorcode", 0) & 0xFF  # the primary code, extended bits aside
    if code in (sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED):
        return Reason("database.busy")
    if code == sqlite3.SQLITE_FULL:
        return Reason("database.disk_full")
    if code == sqlite3.SQLITE_IOERR:
        return Reason("database.write_failed", why=str(error))
    if code == sqlite3.SQLITE_READONLY:
        return Reason("database.read_only")
    if code in (sqlite3.SQLITE_CORRUPT, sqlite3.SQLITE_NOTADB):
        return Reason("database.damaged", why=str(error))
    return Reason("database.error", why=str(error))


# Faults of the machine or of a file, each of which a person can do something about.
_EXPECTED = (Refused, LookupError, OSError, sqlite3.OperationalError, csv.Error, MemoryError)


def is_expected(error: BaseException) -> bool:
    """Whether ``error`` is bad input or a fault of the machine rather than a bug of this program."""
    from registration.storage import cipher

    # A bare DatabaseError is a damaged file; its subclasses other than OperationalError are bugs.
    return isinstance(error, (*_EXPECTED, *cipher.driver_errors("OperationalError"))) or type(
        error
    ) in cipher.driver_errors("DatabaseError")
