"""The domain's refusals in the station's language, by their keys.

A refusal is an ``errors.Reason``: a key of the catalogue (``registration/refusals.py``) and its
values. Its words here are ``QCoreApplication.translate("reasons", key)``: the Chinese template of
``ui/i18n/zh_CN.ts``, whose message for each refusal has the key as its source (``scripts/i18n.py``
hands the keys to lupdate), so a refusal reworded in English keeps its Chinese. Where no
translation is loaded (the English window) the catalogue's English is shown. Text that is no
``Reason`` comes from elsewhere and is shown as it is. tests/ui/test_messages.py checks that every
key has its Chinese.
"""

from __future__ import annotations

import re

from PySide6.QtCore import QCoreApplication

from registration.errors import Reason
from ui.marks import QT_TRANSLATE_NOOP

_CONTEXT = "reasons"

_AN_EVENT = QT_TRANSLATE_NOOP("reasons", "an event")
# What each kind of event is, in words, for the list of sync problems.
EVENT_KINDS = {
    "registration": QT_TRANSLATE_NOOP("reasons", "a registration"),
    "void": QT_TRANSLATE_NOOP("reasons", "a void"),
    "tube.opened": QT_TRANSLATE_NOOP("reasons", "a tube opened"),
    "tube.sealed": QT_TRANSLATE_NOOP("reasons", "a tube sealed"),
    "tube.result": QT_TRANSLATE_NOOP("reasons", "a tube result"),
    "handover.recorded": QT_TRANSLATE_NOOP("reasons", "a handover"),
    "box.opened": QT_TRANSLATE_NOOP("reasons", "a transport box opened"),
    "box.filled": QT_TRANSLATE_NOOP("reasons", "tubes put in a transport box"),
    "box.sealed": QT_TRANSLATE_NOOP("reasons", "a transport box sealed"),
    "lab.received": QT_TRANSLATE_NOOP("reasons", "the lab's receipt of tubes"),
    "tube.moved": QT_TRANSLATE_NOOP("reasons", "a tube's people moved to a new barcode"),
    "labels.printed": QT_TRANSLATE_NOOP("reasons", "labels printed"),
    "person.upserted": QT_TRANSLATE_NOOP("reasons", "a roster entry"),
    "enterprise.upserted": QT_TRANSLATE_NOOP("reasons", "an enterprise's details"),
    "exemption.set": QT_TRANSLATE_NOOP("reasons", "an exemption"),
    "exemption.cleared": QT_TRANSLATE_NOOP("reasons", "an exemption lifted"),
    "exemption.requested": QT_TRANSLATE_NOOP("reasons", "a liaison's reason for a missing person"),
    "exemption.decided": QT_TRANSLATE_NOOP("reasons", "the office's answer to a liaison's reason"),
    "round.opened": QT_TRANSLATE_NOOP("reasons", "a round opened"),
    "round.closed": QT_TRANSLATE_NOOP("reasons", "a round closed"),
    "checkpoint.added": QT_TRANSLATE_NOOP("reasons", "a checkpoint"),
    "operator.added": QT_TRANSLATE_NOOP("reasons", "an operator"),
    "key.published": QT_TRANSLATE_NOOP("reasons", "the person-code key"),
    "audit.revealed": QT_TRANSLATE_NOOP("reasons", "an unmasking of personal data"),
    "data.purged": QT_TRANSLATE_NOOP("reasons", "a purge of personal data"),
}


def event_kind(kind: str | None) -> str:
    """An event's kind in words; an unknown kind as it is."""
    if kind in EVENT_KINDS:
        return QCoreApplication.translate(_CONTEXT, EVENT_KINDS[kind])
    return kind or QCoreApplication.translate(_CONTEXT, _AN_EVENT)


_CAMERA = re.compile(r"camera (?P<index>\d+)")
_CAMERA_NAME = QT_TRANSLATE_NOOP("reasons", "Camera {index}")
# The columns a table file needs, as the domain names them in a refusal ("ID number, name").
_COLUMNS = {
    "ID number": QT_TRANSLATE_NOOP("reasons", "ID number"),
    "name": QT_TRANSLATE_NOOP("reasons", "name"),
    "enterprise": QT_TRANSLATE_NOOP("reasons", "enterprise"),
    "headcount": QT_TRANSLATE_NOOP("reasons", "headcount"),
    "tube": QT_TRANSLATE_NOOP("reasons", "tube"),
    "result": QT_TRANSLATE_NOOP("reasons", "result"),
}
_LIST_SEPARATOR = QT_TRANSLATE_NOOP("reasons", ", ")


def camera(index: int | str) -> str:
    """A camera by its number, as the volunteer reads it: "Camera 0"."""
    return QCoreApplication.translate(_CONTEXT, _CAMERA_NAME).format(index=index)


def source_name(name: str) -> str:
    """A frame source as the domain names it ("camera 0", or a file's path) in the station's language."""
    match = _CAMERA.fullmatch(name)
    return camera(match["index"]) if match else name


def _columns(names: str) -> str:
    words = [QCoreApplication.translate(_CONTEXT, _COLUMNS.get(n, n)) for n in names.split(", ")]
    return QCoreApplication.translate(_CONTEXT, _LIST_SEPARATOR).join(words)


# Values of a reason that are words themselves: a camera's name, the columns a file lacks.
_VALUES = {"where": source_name, "columns": _columns}


def translate(reason: str) -> str:
    """``reason`` in the station's language when it is a ``Reason``, else as written."""
    if not isinstance(reason, Reason):
        return reason
    worded = {
        name: _VALUES[name](value)
        for name, value in reason.params.items()
        if name in _VALUES and isinstance(value, str) and not isinstance(value, Reason)
    }
    if worded:
        reason = Reason(reason.key, **(reason.params | worded))
    return reason.render(_words)


def _words(key: str) -> str | None:
    found = QCoreApplication.translate(_CONTEXT, key)
    return None if found == key else found
