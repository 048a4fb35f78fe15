"""What an enrolment code names: the server's configured address, never a request's Host header,
pinning the certificate the server serves when it is self-signed."""

from __future__ import annotations

from urllib.parse import urlsplit

from sqlalchemy import Engine, select

from registration.errors import Reason, reason_of
from registration.setup.campaign import CampaignError
from sync import tls
from sync.server import db


def address(engine: Engine, url: str | None = None) -> str:
    """``url``, else the one ``server init --url`` set, else where the server last listened; an
    https address that pins no certificate gets the pin of the self-signed one the server serves."""

    chosen = checked(url or db.public_url(engine))
    if tls.address(chosen).pin or urlsplit(chosen).scheme != "https":
        return chosen
    s = db.settings.c
    with db.reading(engine) as conn:
        served = conn.execute(select(s.value).where(s.key == "certificate_pin")).scalar()
    return tls.with_fragment(chosen, pin=served or None)


def checked(url: str) -> str:
    """A server address as the operator typed it (``--url``), tidied; CampaignError saying what is wrong."""
    try:
        parts = urlsplit(url.strip())
        # Reading the port checks it: urlsplit leaves a port out of range unsaid until asked.
        if parts.scheme not in ("http", "https") or not parts.hostname or parts.port == 0:
            raise ValueError(Reason("server.url_shape"))
        return tls.with_fragment(url)
    except ValueError as exc:  # also a broken IPv6 address, or a fragment tls refuses (tls.Insecure)
        raise CampaignError("server.bad_url", why=reason_of(exc) or str(exc)) from exc
