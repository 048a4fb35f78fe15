"""What went wrong, as a person reads it: refusals of bad input, faults of the machine a person can
act on, and everything else, which is a fault of this program."""

from __future__ import annotations

import csv
import sqlite3

from registration.storage import cipher


class Refused(Exception):
    """Bad input or a request this product turns down: a person reads why in one line."""


def message(error: BaseException) -> str:
    """The one line a person reads for ``error``.

    >>> message(KeyError("unknown round '第2轮'"))
    "unknown round '第2轮'"
    """
    # str() of a KeyError is the repr of its argument, quotes added; every other message is as raised.
    if isinstance(error, KeyError) and error.args:
        return str(error.args[0])
    if isinstance(error, cipher.driver_errors("DatabaseError")):
        return _sqlite_message(error)  # type: ignore[arg-type]
    if isinstance(error, OSError) and error.strerror:
        where = error.filename if error.filename is not None else ""
        return f"{where}: {error.strerror}" if where else error.strerror
    return str(error) or type(error).__name__


def _sqlite_message(error: sqlite3.DatabaseError) -> str:
    code = getattr(error, "sqlite_errorcode", 0) & 0xFF  # the primary code, extended bits aside
    if code in (sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED):
        return "the database is busy: another program is writing to it; nothing was changed, try again"
    if code == sqlite3.SQLITE_FULL:
        return "the disk is full: nothing was changed; free some space and try again"
    if code == sqlite3.SQLITE_IOERR:
        return f"the database could not be written ({error}): nothing was changed"
    if code == sqlite3.SQLITE_READONLY:
        return "the database is read-only here: nothing was changed"
    if code in (sqlite3.SQLITE_CORRUPT, sqlite3.SQLITE_NOTADB):
        return f"the database file is damaged ({error}): restore it from a copy"
    return f"database error: {error}"


# Faults of the machine or of a file, each of which a person can do something about.
_EXPECTED = (Refused, LookupError, OSError, sqlite3.OperationalError, csv.Error, MemoryError)


def is_expected(error: BaseException) -> bool:
    """Whether ``error`` is bad input or a fault of the machine rather than a bug of this program."""
    # A bare DatabaseError is a damaged file; its subclasses other than OperationalError are bugs.
    return isinstance(error, (*_EXPECTED, *cipher.driver_errors("OperationalError"))) or type(
        error
    ) in cipher.driver_errors("DatabaseError")
