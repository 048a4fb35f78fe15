"""Signed person codes: the compact, offline-verifiable text printed as a badge QR code.

Format (upper-case so a QR code can use its compact alphanumeric mode)::

    TP1.<KID>.<ID NUMBER>.<SIGNATURE>

KID is the first 8 hex digits of SHA-256 of the raw Ed25519 public key, SIGNATURE the
unpadded base32 Ed25519 signature of ``TP1.<KID>.<ID NUMBER>``. Only public keys are
needed to verify; the private key stays on the administrator's station.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
from collections.abc import Mapping
from dataclasses import dataclass

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from registration.identity import id_problem

PREFIX = "TP1"


class PersonCodeError(ValueError):
    """A text that claims to be a person code but cannot be trusted."""


@dataclass(frozen=True)
class SigningKey:
    kid: str
    public: bytes
    private: bytes | None = None


def key_id(public_raw: bytes) -> str:
    return hashlib.sha256(public_raw).hexdigest()[:8].upper()


def new_signing_key() -> SigningKey:
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


def sign(key: SigningKey, id_number: str) -> str:
    """The person code for a valid, normalised ID number."""
    if key.private is None:
        raise PersonCodeError("this station holds only the public key; codes are issued by the administrator")
    problem = id_problem(id_number)
    if problem:
        raise PersonCodeError(problem)
    body = f"{PREFIX}.{key.kid}.{id_number}"
    signature = Ed25519PrivateKey.from_private_bytes(key.private).sign(body.encode("ascii"))
    return f"{body}.{_b32(signature)}"


def looks_like_person_code(text: str) -> bool:
    return text.startswith(PREFIX + ".")


def verify(text: str, public_keys: Mapping[str, bytes]) -> str:
    """The ID number a person code carries, or PersonCodeError saying why it is refused."""
    parts = text.split(".")
    if len(parts) != 4 or parts[0] != PREFIX:
        raise PersonCodeError("malformed person code")
    _, kid, id_number, signature_text = parts
    public = public_keys.get(kid)
    if public is None:
        raise PersonCodeError(f"person code signed by an unknown key {kid}")
    try:
        signature = _unb32(signature_text)
    except (binascii.Error, ValueError) as exc:
        raise PersonCodeError("person code signature is not base32") from exc
    try:
        Ed25519PublicKey.from_public_bytes(public).verify(
            signature, f"{PREFIX}.{kid}.{id_number}".encode("ascii")
        )
    except (InvalidSignature, ValueError) as exc:
        raise PersonCodeError("person code signature does not verify: altered or forged") from exc
    problem = id_problem(id_number)
    if problem:
        raise PersonCodeError(problem)
    return id_number
