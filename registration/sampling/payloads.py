"""Classifying any scanned or typed text: ID number, person code, transport box, tube, foreign code,
or rejected.

Pure functions: the same text, keys and tube pattern always give the same answer, and no
input, however hostile, raises.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import Protocol

import re2

from registration.errors import Reason, Refused
from registration.people import identity, personcodes

MAX_LENGTH = 2048
DEFAULT_TUBE_PATTERN = r"[A-Z0-9]{10,16}"
# A transport box's code, the same in every campaign: BOX and 6 to 13 capitals or digits. It is read
# before the tube pattern, which would take many such codes for tubes (the default takes them all).
BOX_PATTERN = r"BOX[A-Z0-9]{6,13}"
_BOX = re.compile(BOX_PATTERN)
MAX_TUBE_PATTERN = 256
# Other systems' codes: an http(s) URL, or an opaque token in base64 / URL-safe characters.
# Quotes, brackets, angle brackets and spaces never occur in them, only in injection attempts.
_URL = re.compile(r"https?://[A-Za-z0-9.-]+(:\d+)?(/[A-Za-z0-9._~:/?#@!$&*+,;=%-]*)?")
_TOKEN = re.compile(r"[A-Za-z0-9._~=+/-]{16,}")
_ID_SHAPED = re.compile(r"[\d\s]{17,}[\dXx]?\s*")


class Kind(StrEnum):
    ID_NUMBER = "id_number"
    PERSON_CODE = "person_code"
    TUBE = "tube"
    BOX = "box"
    FOREIGN = "foreign_code"
    REJECTED = "rejected"


@dataclass(frozen=True)
class Payload:
    kind: Kind
    text: str
    """The normalised value: the ID number for a person, the tube code, the raw foreign code."""
    reason: str = ""

    @property
    def is_person(self) -> bool:
        return self.kind in (Kind.ID_NUMBER, Kind.PERSON_CODE)


def _rejected(reason: Reason) -> Payload:
    return Payload(Kind.REJECTED, "", reason)


class TubePattern(Protocol):
    """A compiled tube pattern: ``fullmatch`` answers a match or None; hashable, so answers can be cached."""

    def fullmatch(self, text: str, /) -> object: ...

    def __hash__(self) -> int: ...


class BadTubePattern(Refused, ValueError):
    """A tube pattern refused: too long, or not a regular expression RE2 runs."""


def _re2_options() -> re2.Options:
    options = re2.Options()
    options.log_errors = False  # a refused pattern is our one-line answer, not a line of RE2's on stderr
    return options


_RE2 = _re2_options()


@functools.lru_cache(maxsize=16)
def compile_tube_pattern(pattern: str) -> TubePattern:
    """Validate a campaign's tube pattern and compile it; raises BadTubePattern saying why it is refused.

    Patterns run on RE2, whose matching takes time linear in the text whatever the pattern, so no
    pattern (``(a+)+$``, say) can hang a scan; RE2 refuses what it cannot run that way
    (backreferences, lookaround).
    """
    if len(pattern) > MAX_TUBE_PATTERN:
        raise BadTubePattern("tube_pattern.too_long", most=MAX_TUBE_PATTERN)
    try:
        compiled: TubePattern = re2.compile(pattern, _RE2)
    except (re2.error, UnicodeEncodeError) as exc:  # the latter: text no UTF-8 holds (a lone surrogate)
        why = exc.args[0].decode("utf-8", "replace") if exc.args and isinstance(exc.args[0], bytes) else exc
        raise BadTubePattern("tube_pattern.not_re2", pattern=pattern, why=why) from exc
    return compiled


def classify(
    raw: str | bytes,
    public_keys: Mapping[str, bytes] | None = None,
    tube_pattern: str | TubePattern = DEFAULT_TUBE_PATTERN,
    person_keys: Callable[[str], str | None] | None = None,
) -> Payload:
    """Say what a scanned or typed text is.

    ``person_keys`` resolves a person key (what a badge carries today) to the ID number the
    roster this laptop holds knows it by, or None.

    >>> classify("44011119760921877 1").kind
    <Kind.ID_NUMBER: 'id_number'>
    """
    if isinstance(raw, bytes):
        try:
            raw = raw.decode("utf-8")
        except UnicodeDecodeError:
            return _rejected(Reason("code.binary"))
    if len(raw) > MAX_LENGTH:
        return _rejected(Reason("code.too_long", length=len(raw)))
    text = raw.strip()
    if not text:
        return _rejected(Reason("code.empty"))
    if any(unicodedata.category(ch) in ("Cc", "Cf", "Cs", "Co", "Cn") for ch in text):
        return _rejected(Reason("code.unprintable"))

    if personcodes.looks_like_person_code(text):
        try:
            verified = personcodes.read(text, public_keys or {})
        except personcodes.PersonCodeError as exc:
            return _rejected(exc.reason)
        if verified.person_key is not None:
            number = person_keys(verified.person_key) if person_keys is not None else None
            if number is None:
                return _rejected(Reason("code.off_roster"))
            return Payload(Kind.PERSON_CODE, number)
        assert verified.id_number is not None
        return Payload(Kind.PERSON_CODE, verified.id_number)

    if _ID_SHAPED.fullmatch(unicodedata.normalize("NFKC", text)):
        number = identity.normalise_id(text)
        problem = identity.id_problem(number)
        if problem:
            return _rejected(problem)
        return Payload(Kind.ID_NUMBER, number)

    if is_box(text):
        return Payload(Kind.BOX, text)
    pattern = compile_tube_pattern(tube_pattern) if isinstance(tube_pattern, str) else tube_pattern
    if pattern.fullmatch(text) and not identity.is_valid_id(text):
        return Payload(Kind.TUBE, text)

    if _URL.fullmatch(text) or _TOKEN.fullmatch(text):
        return Payload(Kind.FOREIGN, text, Reason("code.foreign"))
    return _rejected(Reason("code.unknown"))


def is_box(text: str) -> bool:
    """Whether ``text`` is a transport box's code (``BOX_PATTERN``).

    >>> is_box("BOX000123"), is_box("T000000123")
    (True, False)
    """
    return _BOX.fullmatch(text) is not None
