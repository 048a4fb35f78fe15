"""Whom a station trusts as its server: TLS, a pinned self-signed certificate, or a trusted network.

A server address may carry a fragment the station keeps with it: ``#sha256=<hex>`` pins the
server's self-signed certificate (the enrolment code brings it, so no CA file is copied to each
laptop), and ``#trusted`` says plain http on this network is acceptable. Without either, plain
http is refused to anything but this machine (loopback).
"""

from __future__ import annotations

import hashlib
import ipaddress
import re
import ssl
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from registration.errors import Reason, Refused

TRUSTED = "trusted"
_PIN = re.compile(r"[0-9a-f]{64}")


class Insecure(Refused, ValueError):
    """Plain http to another machine on a network nobody said is trusted."""


@dataclass(frozen=True)
class Address:
    url: str  # without the fragment: where requests go
    pin: str | None = None  # SHA-256 of the server's certificate (DER), lower-case hex
    trusted: bool = False


def address(text: str) -> Address:
    """The address a station keeps (``https://host:port#sha256=...``), taken apart."""
    url, _, fragment = text.strip().partition("#")
    pin, trusted = None, False
    for part in filter(None, fragment.split("&")):
        name, _, value = part.partition("=")
        if name == "sha256" and _PIN.fullmatch(value.lower().replace(":", "")):
            pin = value.lower().replace(":", "")
        elif name == TRUSTED:
            trusted = True
        else:
            raise Insecure("tls.bad_fragment", part=part)
    return Address(url.rstrip("/"), pin, trusted)


def with_fragment(url: str, *, pin: str | None = None, trusted: bool = False) -> str:
    """``url`` carrying the pin and the trusted flag (kept with any it already has)."""
    found = address(url)
    parts = [f"sha256={p}" for p in [pin or found.pin] if p] + [TRUSTED] * (trusted or found.trusted)
    return found.url + ("#" + "&".join(parts) if parts else "")


def refusal(found: Address) -> Reason | None:
    """Why a station must not talk to ``found``, or None."""
    parts = urlsplit(found.url)
    if parts.scheme == "https" or found.trusted or _loopback(parts.hostname or ""):
        return None
    return Reason("tls.plain_http", url=found.url)


def _loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def fingerprint(der: bytes) -> str:
    return hashlib.sha256(der).hexdigest()


def verify(found: Address) -> ssl.SSLContext | bool:
    """httpx's ``verify``: the system's CAs, or only the certificate pinned in the address."""
    if found.pin is None:
        return True
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    context.minimum_version = ssl.TLSVersion.TLSv1_2
    # The pin stands in for a CA's signature and the host name: the certificate is that one or none.
    context.check_hostname = False
    context.verify_mode = ssl.CERT_NONE
    context.sslsocket_class = _pinned(found.pin)
    return context


def _pinned(pin: str) -> type[ssl.SSLSocket]:
    class Pinned(ssl.SSLSocket):
        def do_handshake(self, *args: Any, **kwargs: Any) -> None:
            super().do_handshake(*args, **kwargs)
            der = self.getpeercert(binary_form=True)
            if der is None or fingerprint(der) != pin:
                self.close()
                raise ssl.SSLCertVerificationError(
                    "the server's certificate is not the one its enrolment code names (SHA-256 fingerprint "
                    "differs): enrol again with a code from this server"
                )

    return Pinned
