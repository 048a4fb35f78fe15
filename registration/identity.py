"""Resident ID numbers (GB 11643-1999) and phone numbers: normalising, checking, masking."""

from __future__ import annotations

import re
import unicodedata

_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_CHECK_CHARS = "10X98765432"
_SHAPE = re.compile(r"\d{17}[\dX]")
_SEPARATORS = re.compile(r"[\s\-_.·()（）]+")


def check_char(first17: str) -> str:
    """The check character for the first 17 digits of an ID number."""
    total = sum(int(d) * w for d, w in zip(first17, _WEIGHTS, strict=True))
    return _CHECK_CHARS[total % 11]


def normalise_id(text: str) -> str:
    """Fold full-width forms, drop spaces and upper-case the check character.

    >>> normalise_id(" ４４０１１１１９７６０９２１８７７１ ")
    '440111197609218771'
    """
    folded = unicodedata.normalize("NFKC", text)
    return "".join(folded.split()).upper()


def id_problem(number: str) -> str | None:
    """Why a normalised ID number is not valid, or None when it is."""
    if not _SHAPE.fullmatch(number):
        return "an ID number has 17 digits and a check digit or X"
    month, day = int(number[10:12]), int(number[12:14])
    if not 1 <= month <= 12 or not 1 <= day <= 31:
        return "the birth date in the ID number is impossible"
    if check_char(number[:17]) != number[17]:
        return "bad check digit in the ID number"
    return None


def is_valid_id(number: str) -> bool:
    return id_problem(number) is None


def mask_id(number: str) -> str:
    """Keep the region's first 4 and the last 4 characters: 4401**********8771."""
    if len(number) <= 8:
        return "*" * len(number)
    return number[:4] + "*" * (len(number) - 8) + number[-4:]


def normalise_phone(text: str) -> str:
    """Full-width to half-width, separators removed, a +86 / 0086 prefix dropped."""
    phone = _SEPARATORS.sub("", unicodedata.normalize("NFKC", text))
    for prefix in ("+86", "0086"):
        if phone.startswith(prefix) and len(phone) == len(prefix) + 11:
            return phone[len(prefix) :]
    return phone


def mask_phone(phone: str) -> str:
    """138****5678 for a mobile number; other numbers keep only their last 4."""
    if not phone:
        return ""
    if len(phone) == 11:
        return phone[:3] + "****" + phone[-4:]
    return "*" * max(len(phone) - 4, 0) + phone[-4:]
