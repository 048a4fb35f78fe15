"""The domain's refusal reasons (English text) in the station's language.

Each known reason is matched by a pattern whose named groups fill the translated template; an
unknown reason is shown as the domain wrote it, so nothing is ever hidden.
"""

from __future__ import annotations

import re

from PySide6.QtCore import QCoreApplication

from ui.marks import QT_TRANSLATE_NOOP

_CONTEXT = "reasons"

# (pattern of the domain's text, template marked for translation)
_REASONS: tuple[tuple[str, str], ...] = (
    (r"bad check digit in the ID number", QT_TRANSLATE_NOOP("reasons", "Bad check digit in the ID number")),
    (
        r"an ID number has 17 digits and a check digit or X",
        QT_TRANSLATE_NOOP("reasons", "An ID number has 17 digits and a check digit or X"),
    ),
    (
        r"the birth date in the ID number is impossible",
        QT_TRANSLATE_NOOP("reasons", "The birth date in the ID number is impossible"),
    ),
    (
        r"no tube is open: scan a tube barcode first",
        QT_TRANSLATE_NOOP("reasons", "No tube is open: scan a tube first"),
    ),
    (r"no tube is open", QT_TRANSLATE_NOOP("reasons", "No tube is open")),
    (
        r"(?P<colour>yellow|red) health code: .*",
        QT_TRANSLATE_NOOP("reasons", "Sample alone: scan a single tube (pool size 1)"),
    ),
    (
        r"tube (?P<tube>\S+) is still open \((?P<filled>\d+)/(?P<size>\d+)\): seal it first",
        QT_TRANSLATE_NOOP("reasons", "Tube {tube} is still open ({filled}/{size}): seal it first"),
    ),
    (
        r"tube (?P<tube>\S+) was already used at (?P<checkpoint>.+) in round (?P<round>.+): .*",
        QT_TRANSLATE_NOOP("reasons", "Tube {tube} was already used at {checkpoint} in round {round}"),
    ),
    (r"tube (?P<tube>\S+) is already sealed", QT_TRANSLATE_NOOP("reasons", "Tube {tube} is already sealed")),
    (r"tube (?P<tube>\S+) is empty: nothing to seal", QT_TRANSLATE_NOOP("reasons", "Tube {tube} is empty")),
    (
        r"(?P<tube>\S+) is a tube barcode: open it as a tube",
        QT_TRANSLATE_NOOP("reasons", "{tube} is a tube barcode"),
    ),
    (r"malformed person code", QT_TRANSLATE_NOOP("reasons", "Damaged person code")),
    (
        r"person code signed by an unknown key (?P<kid>\S+)",
        QT_TRANSLATE_NOOP("reasons", "Person code from another campaign (key {kid})"),
    ),
    (
        r"person code signature .*",
        QT_TRANSLATE_NOOP("reasons", "Person code altered or forged: check the person's ID card"),
    ),
    (r"round '(?P<round>.+)' is closed", QT_TRANSLATE_NOOP("reasons", "Round {round} is closed")),
    (r"unknown round '(?P<round>.+)'", QT_TRANSLATE_NOOP("reasons", "Unknown round {round}")),
    (
        r"unknown checkpoint '(?P<checkpoint>.+)' .*",
        QT_TRANSLATE_NOOP("reasons", "Unknown checkpoint {checkpoint}"),
    ),
    (r"not text: .*", QT_TRANSLATE_NOOP("reasons", "Not a text code")),
    (r"too long to be a code .*", QT_TRANSLATE_NOOP("reasons", "Too long to be a code")),
    (r"empty", QT_TRANSLATE_NOOP("reasons", "Nothing was entered")),
    (
        r"contains control or unprintable characters",
        QT_TRANSLATE_NOOP("reasons", "Unreadable characters in the code"),
    ),
    (
        r"not an ID number, person code, tube barcode or health code",
        QT_TRANSLATE_NOOP("reasons", "Not an ID number, person code, tube or health code"),
    ),
    (
        r"a health code from another system: .*",
        QT_TRANSLATE_NOOP("reasons", "Health code from another system: enter the person's ID number"),
    ),
    (r"a void or correction needs a reason", QT_TRANSLATE_NOOP("reasons", "A void needs a reason")),
    (
        r"only an administrator's station may change reference data \((?P<kind>[\w.]+)\)",
        QT_TRANSLATE_NOOP("reasons", "Only the administrator's station may change rosters and such"),
    ),
    (
        r"clock ahead: the event is stamped (?P<minutes>\d+) min after the server's time; .*",
        QT_TRANSLATE_NOOP(
            "reasons", "Laptop clock {minutes} min ahead of the server: set it right (event kept)"
        ),
    ),
    (
        r"another event with this id is already stored: .*",
        QT_TRANSLATE_NOOP("reasons", "The server holds another event with the same id: both are kept"),
    ),
    (
        r"registration \S+ was already voided .*",
        QT_TRANSLATE_NOOP("reasons", "This registration was already voided"),
    ),
)
_COMPILED = tuple((re.compile(pattern), template) for pattern, template in _REASONS)


_AN_EVENT = QT_TRANSLATE_NOOP("reasons", "an event")
# What each kind of event is, in words, for the list of sync problems.
EVENT_KINDS = {
    "registration": QT_TRANSLATE_NOOP("reasons", "a registration"),
    "void": QT_TRANSLATE_NOOP("reasons", "a void"),
    "tube.opened": QT_TRANSLATE_NOOP("reasons", "a tube opened"),
    "tube.sealed": QT_TRANSLATE_NOOP("reasons", "a tube sealed"),
    "tube.result": QT_TRANSLATE_NOOP("reasons", "a tube result"),
    "handover.recorded": QT_TRANSLATE_NOOP("reasons", "a handover"),
    "person.upserted": QT_TRANSLATE_NOOP("reasons", "a roster entry"),
    "enterprise.upserted": QT_TRANSLATE_NOOP("reasons", "an enterprise's details"),
    "exemption.set": QT_TRANSLATE_NOOP("reasons", "an exemption"),
    "exemption.cleared": QT_TRANSLATE_NOOP("reasons", "an exemption lifted"),
    "round.opened": QT_TRANSLATE_NOOP("reasons", "a round opened"),
    "round.closed": QT_TRANSLATE_NOOP("reasons", "a round closed"),
    "checkpoint.added": QT_TRANSLATE_NOOP("reasons", "a checkpoint"),
    "operator.added": QT_TRANSLATE_NOOP("reasons", "an operator"),
    "key.published": QT_TRANSLATE_NOOP("reasons", "the person-code key"),
}


def event_kind(kind: str | None) -> str:
    """An event's kind in words; an unknown kind as it is."""
    if kind in EVENT_KINDS:
        return QCoreApplication.translate(_CONTEXT, EVENT_KINDS[kind])
    return kind or QCoreApplication.translate(_CONTEXT, _AN_EVENT)


def translate(reason: str) -> str:
    """The reason in the station's language, or as written when it is not a known one."""
    for pattern, template in _COMPILED:
        match = pattern.fullmatch(reason)
        if match:
            return QCoreApplication.translate(_CONTEXT, template).format(**match.groupdict())
    return reason
