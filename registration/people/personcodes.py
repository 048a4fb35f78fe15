"""Signed person codes: the compact, offline-verifiable text printed as a badge QR code.

Formats (upper-case so a QR code can use its compact alphanumeric mode)::

    TP2.<KID>.<PERSON KEY>.<SIGNATURE>   printed today: a photo of the badge holds no ID number
    TP1.<KID>.<ID NUMBER>.<SIGNATURE>    the first badges, which keep verifying

KID is the first 8 hex digits of SHA-256 of the raw Ed25519 public key, SIGNATURE the
unpadded base32 Ed25519 signature of the text before it. The PERSON KEY is an opaque random
key (16 base32 characters) given to a person when the roster first names them; a station
resolves it through the roster it holds. Only public keys are needed to verify; the private key
stays on the administrator's station.
"""

from __future__ import annotations

import base64
import binascii
import re
from collections.abc import Mapping
from dataclasses import dataclass

from registration.errors import Refused
from registration.people.identity import id_problem

# cryptography (and hashlib's OpenSSL) load inside the functions that need them: a command handling
# an ID number (``register`` in a shell loop, one process per person) starts without them.

PREFIX = "TP1"
KEYED_PREFIX = "TP2"
PERSON_KEY = r"^[A-Z2-7]{16}$"


class PersonCodeError(Refused, ValueError):
    """A text that claims to be a person code but cannot be trusted."""


@dataclass(frozen=True)
class SigningKey:
    kid: str
    public: bytes
    private: bytes | None = None


def key_id(public_raw: bytes) -> str:
    import hashlib

    return hashlib.sha256(public_raw).hexdigest()[:8].upper()


def new_signing_key() -> SigningKey:
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    private = Ed25519PrivateKey.generate()
    public_raw = private.public_key().public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    private_raw = private.private_bytes(
        serialization.Encoding.Raw, serialization.PrivateFormat.Raw, serialization.NoEncryption()
    )
    return SigningKey(key_id(public_raw), public_raw, private_raw)


def _b32(data: bytes) -> str:
    return base64.b32encode(data).decode("ascii").rstrip("=")


def _unb32(text: str) -> bytes:
    return base64.b32decode(text + "=" * (-len(text) % 8))


def new_person_key() -> str:
    """An opaque, random person key: 80 bits, 16 base32 characters."""
    import secrets

    return _b32(secrets.token_bytes(10))


def sign(key: SigningKey, id_number: str) -> str:
    """The first version's person code, for a valid, normalised ID number (kept for old badges)."""
    problem = id_problem(id_number)
    if problem:
        raise PersonCodeError(problem)
    return _signed(key, f"{PREFIX}.{key.kid}.{id_number}")


def sign_person_key(key: SigningKey, person_key: str) -> str:
    """The person code a badge prints: the person's opaque key, never their ID number."""
    if not re.fullmatch(PERSON_KEY, person_key):
        raise PersonCodeError("person_code.bad_key")
    return _signed(key, f"{KEYED_PREFIX}.{key.kid}.{person_key}")


def _signed(key: SigningKey, body: str) -> str:
    if key.private is None:
        raise PersonCodeError("person_code.public_only")
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    signature = Ed25519PrivateKey.from_private_bytes(key.private).sign(body.encode("ascii"))
    return f"{body}.{_b32(signature)}"


def looks_like_person_code(text: str) -> bool:
    return text.startswith((PREFIX + ".", KEYED_PREFIX + "."))


@dataclass(frozen=True)
class Verified:
    """What a genuine person code names: an ID number (first version) or a person key."""

    id_number: str | None = None
    person_key: str | None = None


def read(text: str, public_keys: Mapping[str, bytes]) -> Verified:
    """What a person code of either version names, or PersonCodeError saying why it is refused."""
    if text.startswith(KEYED_PREFIX + "."):
        person_key = _verified(text, KEYED_PREFIX, public_keys)
        if not re.fullmatch(PERSON_KEY, person_key):
            raise PersonCodeError("person_code.malformed")
        return Verified(person_key=person_key)
    return Verified(id_number=verify(text, public_keys))


def verify(text: str, public_keys: Mapping[str, bytes]) -> str:
    """The ID number a first-version person code carries, or PersonCodeError saying why it is refused."""
    id_number = _verified(text, PREFIX, public_keys)
    problem = id_problem(id_number)
    if problem:
        raise PersonCodeError(problem)
    return id_number


def _verified(text: str, prefix: str, public_keys: Mapping[str, bytes]) -> str:
    """The value a code of version ``prefix`` carries, once its signature verifies."""
    parts = text.split(".")
    if len(parts) != 4 or parts[0] != prefix:
        raise PersonCodeError("person_code.malformed")
    _, kid, value, signature_text = parts
    public = public_keys.get(kid)
    if public is None:
        raise PersonCodeError("person_code.unknown_key", kid=kid)
    try:
        signature = _unb32(signature_text)
    except (binascii.Error, ValueError) as exc:
        raise PersonCodeError("person_code.signature_not_base32") from exc
    from cryptography.exceptions import InvalidSignature
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

    try:
        Ed25519PublicKey.from_public_bytes(public).verify(
            signature, f"{prefix}.{kid}.{value}".encode("ascii")
        )
    except (InvalidSignature, ValueError) as exc:
        raise PersonCodeError("person_code.forged") from exc

    return value
