"""Resident ID numbers (GB 11643-1999) and phone numbers: normalising, checking, masking."""

from __future__ import annotations

import functools
import re
import time
import unicodedata
from datetime import date

from registration.errors import Reason
from registration.people import freetext

_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_CHECK_CHARS = "10X98765432"
_SHAPE = re.compile(r"[0-9]{17}[0-9X]")  # ASCII only: \d would take ٤ and ４ as digits too
_SEPARATORS = re.compile(r"[\s\-_.·()（）]+")


def check_char(first17: str) -> str:
    """The check character for the first 17 digits of an ID number."""
    if len(first17) == 17 and first17.isascii() and first17.isdigit():
        # Every pushed registration names a person: this is the server's hot path. The i-th weight
        # is 2 ** (18 - i) mod 11 and 13 leaves 2 mod 11, so the digits read in base 13, doubled,
        # leave the weighted sum's remainder, and int() reads them in C.
        return _CHECK_CHARS[2 * int(first17, 13) % 11]
    total = sum(int(d) * w for d, w in zip(first17, _WEIGHTS, strict=True))
    return _CHECK_CHARS[total % 11]


def ascii_digits(text: str) -> str:
    """Every decimal digit, of whatever script, as its ASCII digit: one person is one number.

    >>> ascii_digits("٤٤٠١ ４４")
    '4401 44'
    """
    if text.isascii():
        return text
    return "".join(map(_ascii_digit, text))


def _ascii_digit(ch: str) -> str:
    value = unicodedata.decimal(ch, None)
    return ch if value is None else str(value)


def normalise_id(text: str) -> str:
    """Fold full-width forms and other scripts' digits, drop spaces and upper-case the check character.

    >>> normalise_id(" ４４０１１１１９７６０９２１８７７１ ")
    '440111197609218771'
    """
    folded = ascii_digits(unicodedata.normalize("NFKC", text))
    return "".join(folded.split()).upper()


def birth_date_problem(number: str, today: date | None = None) -> Reason | None:
    """Why the birth date (digits 7 to 14) of an ID number cannot be a person's, or None.

    >>> birth_date_problem("110105202302290021")
    'the birth date in the ID number is impossible'
    """
    born = number[6:14]
    if not _is_date(born):
        return Reason("id.impossible_birth_date")
    # Eight digits each: as text they sort as the dates do.
    if born > (f"{today:%Y%m%d}" if today else _today(int(time.time()))):
        return Reason("id.future_birth_date")
    return None


@functools.lru_cache(maxsize=1)
def _today(_second: int) -> str:
    # Asked once a second: every ID number a push or a pull brings is checked against it, and the
    # local date costs more to find than the rest of the check.
    return f"{date.today():%Y%m%d}"


@functools.lru_cache(maxsize=65536)
def _is_date(digits: str) -> bool:
    # Remembered: people share birth dates, and a date costs more to build than to look up.
    try:
        date(int(digits[0:4]), int(digits[4:6]), int(digits[6:8]))
    except ValueError:
        return False
    return True


def id_problem(number: str) -> Reason | None:
    """Why a normalised ID number is not valid, or None when it is."""
    if not _SHAPE.fullmatch(number):
        return Reason("id.shape")
    problem = birth_date_problem(number)
    if problem:
        return problem
    if check_char(number[:17]) != number[17]:
        return Reason("id.check_digit")
    return None


def is_valid_id(number: str) -> bool:
    return id_problem(number) is None


def mask_id(number: str) -> str:
    """Keep the region's first 4 and the last 4 characters: 4401**********8771."""
    if len(number) <= 8:
        return "*" * len(number)
    return number[:4] + "*" * (len(number) - 8) + number[-4:]


# An ID number with a possible birth date (check digit right or not: a mistyped one is personal too),
# alone or inside a person code, or a mainland mobile number.
_PERSONAL = re.compile(
    r"(?<![0-9])(?:[0-9]{6}(?:19|20)[0-9]{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12][0-9]|3[01])[0-9]{3}[0-9Xx]"
    r"|1[3-9][0-9]{9})(?![0-9])"
)


def mask_personal(text: str) -> str:
    """``text`` with the ID numbers and mobile numbers in it masked, for output and logs.

    >>> mask_personal("https://hc.example/q?id=440111197609218771")
    'https://hc.example/q?id=4401**********8771'
    """
    return _PERSONAL.sub(lambda m: mask_id(m[0]) if len(m[0]) == 18 else mask_phone(m[0]), text)


def normalise_phone(text: str) -> str:
    """Full-width to half-width, other scripts' digits as ASCII, separators and control characters
    removed, a +86 / 0086 prefix dropped."""
    folded = ascii_digits(freetext.without_controls(unicodedata.normalize("NFKC", text)))
    phone = _SEPARATORS.sub("", folded)
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
