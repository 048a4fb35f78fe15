"""Bundles sealed to the server: a USB stick lost on the way holds nothing readable.

Sealed-box style: an ephemeral X25519 key agrees a secret with the server's bundle key,
HKDF-SHA256 makes an AES-256-GCM key of it, and the whole bundle is encrypted and authenticated
with it. Only the server's private half opens it; the laptop learns the public half when it syncs.
"""

from __future__ import annotations

import os

from pydantic import BaseModel

from registration.errors import Refused

MAGIC = b"TPSEALED1\n"
_INFO = b"testpoint sealed bundle v1"
_NONCE = 12
SETTING = "server_bundle_key"
"""Where a station keeps the server's public bundle key (hex)."""


class BundleKey(BaseModel):
    """``GET /v1/bundle-key``: the server's public X25519 key for sealed bundles, hex."""

    public: str


class NotSealedToUs(Refused, ValueError):
    """A sealed bundle this server's key does not open: altered, or sealed to another server."""


def new_private() -> bytes:
    from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey

    return _raw_private(X25519PrivateKey.generate())


def public_of(private: bytes) -> bytes:
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey

    public = X25519PrivateKey.from_private_bytes(private).public_key()
    return public.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)


def seal(data: bytes, server_public: bytes) -> bytes:
    """``data`` readable only with the private half of ``server_public``."""
    from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey, X25519PublicKey
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    ephemeral = X25519PrivateKey.generate()
    shared = ephemeral.exchange(X25519PublicKey.from_public_bytes(server_public))
    sender = public_of(_raw_private(ephemeral))
    nonce = os.urandom(_NONCE)
    header = MAGIC + sender + nonce
    return header + AESGCM(_key(shared, sender, server_public)).encrypt(nonce, data, header)


def open_sealed(blob: bytes, private: bytes) -> bytes:
    """The bundle inside a sealed one; NotSealedToUs when this key does not open it."""
    from cryptography.exceptions import InvalidTag
    from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey, X25519PublicKey
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    start = len(MAGIC)
    sender, nonce = blob[start : start + 32], blob[start + 32 : start + 32 + _NONCE]
    header = blob[: start + 32 + _NONCE]
    try:
        shared = X25519PrivateKey.from_private_bytes(private).exchange(
            X25519PublicKey.from_public_bytes(sender)
        )
        return AESGCM(_key(shared, sender, public_of(private))).decrypt(nonce, blob[len(header) :], header)
    except (InvalidTag, ValueError) as exc:
        raise NotSealedToUs("bundle.not_sealed_to_us") from exc


def is_sealed(head: bytes) -> bool:
    return head.startswith(MAGIC)


def _key(shared: bytes, sender: bytes, recipient: bytes) -> bytes:
    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives.kdf.hkdf import HKDF

    return HKDF(hashes.SHA256(), 32, salt=sender + recipient, info=_INFO).derive(shared)


def _raw_private(key: object) -> bytes:
    from cryptography.hazmat.primitives import serialization

    raw: bytes = key.private_bytes(  # type: ignore[attr-defined]
        serialization.Encoding.Raw, serialization.PrivateFormat.Raw, serialization.NoEncryption()
    )
    return raw
