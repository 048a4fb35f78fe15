"""Classifying any scanned or typed text: ID number, person code, tube, foreign code, or rejected.

Pure functions: the same text, keys and tube pattern always give the same answer, and no
input, however hostile, raises.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum

from registration import identity, personcodes

MAX_LENGTH = 2048
DEFAULT_TUBE_PATTERN = r"[A-Z0-9]{10,16}"
# Other systems' codes: an http(s) URL, or an opaque token in base64 / URL-safe characters.
# Quotes, brackets, angle brackets and spaces never occur in them, only in injection attempts.
_URL = re.compile(r"https?://[A-Za-z0-9.-]+(:\d+)?(/[A-Za-z0-9._~:/?#@!$&*+,;=%-]*)?")
_TOKEN = re.compile(r"[A-Za-z0-9._~=+/-]{16,}")
_ID_SHAPED = re.compile(r"[\d\s]{17,}[\dXx]?\s*")


class Kind(StrEnum):
    ID_NUMBER = "id_number"
    PERSON_CODE = "person_code"
    TUBE = "tube"
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


def _rejected(reason: str) -> Payload:
    return Payload(Kind.REJECTED, "", reason)


def compile_tube_pattern(pattern: str) -> re.Pattern[str]:
    """Validate a campaign's tube pattern; raises ValueError with the regex error."""
    try:
        return re.compile(pattern)
    except re.error as exc:
        raise ValueError(f"tube pattern {pattern!r} is not a valid regular expression: {exc}") from exc


def classify(
    raw: str | bytes,
    public_keys: Mapping[str, bytes] | None = None,
    tube_pattern: str | re.Pattern[str] = DEFAULT_TUBE_PATTERN,
) -> Payload:
    """Say what a scanned or typed text is.

    >>> classify("44011119760921877 1").kind
    <Kind.ID_NUMBER: 'id_number'>
    """
    if isinstance(raw, bytes):
        try:
            raw = raw.decode("utf-8")
        except UnicodeDecodeError:
            return _rejected("not text: the code holds binary data")
    if len(raw) > MAX_LENGTH:
        return _rejected(f"too long to be a code ({len(raw)} characters)")
    text = raw.strip()
    if not text:
        return _rejected("empty")
    if any(unicodedata.category(ch) in ("Cc", "Cf", "Cs", "Co", "Cn") for ch in text):
        return _rejected("contains control or unprintable characters")

    if personcodes.looks_like_person_code(text):
        try:
            number = personcodes.verify(text, public_keys or {})
        except personcodes.PersonCodeError as exc:
            return _rejected(str(exc))
        return Payload(Kind.PERSON_CODE, number)

    if _ID_SHAPED.fullmatch(unicodedata.normalize("NFKC", text)):
        number = identity.normalise_id(text)
        problem = identity.id_problem(number)
        if problem:
            return _rejected(problem)
        return Payload(Kind.ID_NUMBER, number)

    pattern = tube_pattern if isinstance(tube_pattern, re.Pattern) else re.compile(tube_pattern)
    if pattern.fullmatch(text) and not identity.is_valid_id(text):
        return Payload(Kind.TUBE, text)

    if _URL.fullmatch(text) or _TOKEN.fullmatch(text):
        return Payload(
            Kind.FOREIGN, text, "a health code from another system: confirm the person's ID number"
        )
    return _rejected("not an ID number, person code, tube barcode or health code")
