"""An enrolment code short enough to type (``K7QH-M2XP-9D4T``), and how a laptop given only it and
the server's address makes sure it reached the server that made the code before sending it.

The full code (its QR code, its file) names the server's address and pins its certificate itself.
A typed code does not: the laptop asks the address typed for the address the code was made with,
and believes the answer only with its tag, an HMAC under a key stretched from the code. Without
the code nobody can make a tag, so a machine in the middle cannot point the laptop at itself; the
stretching makes guessing the code from a tag hopeless in the days a code lives. The code then goes
only to the address the tag vouches for, pinned as the full code would pin it.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets

# Crockford's base 32: no I, L, O or U to misread, and read back as typed (o as 0, i or l as 1).
ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
LENGTH = 12  # 60 random bits: one-time, expiring, and tried only online, never guessed
_READ_AS = str.maketrans({"O": "0", "I": "1", "L": "1"})
_SEPARATORS = re.compile(r"[\s-]+")
# About 15 ms once per code; a guess at a tag costs the same.
_ROUNDS = 20_000
_SALT = b"testpoint enrolment code"
ID = re.compile(r"[0-9a-f]{8}")
"""A code's public id (schema.CodeId), which names it in lists, cancellations and a typed code's
lookup."""


def new_secret() -> str:
    return "".join(secrets.choice(ALPHABET) for _ in range(LENGTH))


def grouped(secret: str) -> str:
    """``K7QH-M2XP-9D4T``: the secret as a person reads it out and types it."""
    return "-".join(secret[i : i + 4] for i in range(0, len(secret), 4))


def parse(text: str) -> str | None:
    """The secret of a typed code (any case, with or without dashes or spaces), or None."""
    plain = _SEPARATORS.sub("", text).upper().translate(_READ_AS)
    return plain if len(plain) == LENGTH and all(c in ALPHABET for c in plain) else None


def key(secret: str) -> bytes:
    return hashlib.pbkdf2_hmac("sha256", secret.encode(), _SALT, _ROUNDS)


def code_id(code_key: bytes) -> str:
    # From the stretched key, not from the code's hash: the id is shown, and must not let anyone
    # sort guesses of the code faster than the stretching allows.
    return hmac.new(code_key, b"id", hashlib.sha256).hexdigest()[:8]


def tag(code_key: bytes, address: str) -> str:
    return hmac.new(code_key, b"address\0" + address.encode(), hashlib.sha256).hexdigest()


def proves(code_key: bytes, address: str, found_tag: str) -> bool:
    return hmac.compare_digest(tag(code_key, address), found_tag)
