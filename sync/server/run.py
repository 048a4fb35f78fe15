"""Running the server on uvicorn, and opening its database for the administration commands."""

from __future__ import annotations

import asyncio.constants
import gc
import json
import logging
import os
import socket
import ssl
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import Any

import uvicorn
from cryptography import x509
from cryptography.hazmat.primitives import serialization
from fastapi import FastAPI
from sqlalchemy import Engine
from uvicorn.supervisors import Multiprocess

from registration.errors import Refused
from sync import checked, tls
from sync.server import db, edge, observability
from sync.server.app import Settings, create_app

try:
    import resource
except ImportError:  # Windows
    resource = None  # type: ignore[assignment]

GRACE_S = 30
_SETTINGS_ENV = "TESTPOINT_SERVER_SETTINGS"
# The files a server process holds beside its connections: the database, logs, metrics, pipes.
_OWN_FILES = 256
# asyncio accepts a backlog's worth of connections at a time, and a batch is closed over the cap
# only a few turns of its loop later: the files a process may open leave room for this many.
_BATCHES_IN_FLIGHT = 3
LOG = logging.getLogger("testpoint.server")


def bind(host: str, port: int, backlog: int = edge.Limits.backlog) -> socket.socket:
    """The listening socket, bound before uvicorn starts so that port 0 gets a known port."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    # proto given explicitly: asyncio turns Nagle off (TCP_NODELAY) only on sockets that say TCP,
    # and with Nagle on every keep-alive answer waits 40 ms for the client's delayed ACK.
    sock = socket.socket(family, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind((host, port))
    sock.listen(backlog)
    return sock


def room_for(limits: edge.Limits) -> edge.Limits:
    """Let this process (and the workers it starts) open the files ``limits`` need: the limits it
    can keep, a lower cap and a shorter queue where the system's hard limit is lower. (A soft limit
    of 1024 files is common: idle connections used them all before the cap was reached.)"""
    if resource is None:  # not on Linux or macOS: the system's own limits apply
        return limits
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    need = limits.max_connections + _BATCHES_IN_FLIGHT * limits.backlog + _OWN_FILES
    if soft != resource.RLIM_INFINITY and soft < need:
        soft = need if hard == resource.RLIM_INFINITY else min(need, hard)
        resource.setrlimit(resource.RLIMIT_NOFILE, (soft, hard))
    if soft == resource.RLIM_INFINITY or soft >= need:
        return limits
    room = soft - _OWN_FILES
    backlog = min(limits.backlog, room // (4 * _BATCHES_IN_FLIGHT))
    most = min(limits.max_connections, room - _BATCHES_IN_FLIGHT * backlog)
    if backlog < 1 or most < 1:
        raise Refused("serve.too_few_files", most=soft)
    LOG.warning(
        "at most %d connections, not %d: this process may open only %d files (ulimit -Hn)",
        most,
        limits.max_connections,
        soft,
    )
    return replace(limits, max_connections=most, backlog=backlog)


@dataclass(frozen=True)
class ServerTls:
    certfile: Path
    keyfile: Path
    # The certificate's SHA-256 when it is self-signed: enrolment codes carry it for stations to pin.
    pin: str | None


def server_tls(certfile: Path | None, keyfile: Path | None) -> ServerTls | None:
    """The certificate and key to serve HTTPS with, checked now: a bad file is one clear line."""
    if certfile is None and keyfile is None:
        return None
    if certfile is None or keyfile is None:
        raise Refused("serve.cert_and_key")
    try:
        ssl.create_default_context(ssl.Purpose.CLIENT_AUTH).load_cert_chain(certfile, keyfile)
        cert = x509.load_pem_x509_certificate(certfile.read_bytes())
    except (OSError, ValueError) as exc:  # ssl.SSLError is an OSError
        raise Refused("serve.tls", certfile=certfile, keyfile=keyfile, why=exc) from exc
    der = cert.public_bytes(serialization.Encoding.DER)
    return ServerTls(certfile, keyfile, tls.fingerprint(der) if cert.issuer == cert.subject else None)


@dataclass(frozen=True)
class Edge:
    """What the server accepts from the network, beside the app's own settings."""

    limits: edge.Limits = field(default_factory=edge.Limits)
    # Proxies whose X-Forwarded-For and X-Forwarded-Proto are believed (uvicorn's syntax: addresses,
    # networks, "*"); None believes no one, so a caller cannot choose the address it is limited by.
    forwarded_allow_ips: str | None = None


def metrics_token(path: Path | None) -> str | None:
    """The scrapers' token from ``path`` (its first line), checked now: one clear line if unusable."""
    if path is None:
        return None
    try:
        token = path.read_text(encoding="utf-8").strip()
    except (OSError, UnicodeDecodeError) as exc:
        raise Refused("serve.token_unreadable", path=path, why=exc) from exc
    if len(token) < 16 or not token.isascii() or not token.isprintable():
        raise Refused("serve.token_short", path=path)

    return token


def serve(
    settings: Settings,
    host: str,
    port: int,
    ready: Callable[[Engine, str], None],
    secure: ServerTls | None = None,
    workers: int = 1,
    outer: Edge | None = None,
) -> None:
    """Serve on ``host:port``; with ``workers`` > 1, as that many processes sharing the socket.

    ``ready`` is called with the database and the server's URL once the address is known and before
    any request is served (a site's first enrolment code names that address).
    """
    outer = outer or Edge()
    outer = replace(outer, limits=room_for(outer.limits))
    sock = bind(host, port, outer.limits.backlog)
    url = f"{'https' if secure else 'http'}://{host}:{sock.getsockname()[1]}"
    # Made here once, before any worker starts: the tables and the database's epoch are created by
    # one process, never raced for by several.
    app = create_app(settings)
    _tune_collector()
    pin = secure.pin if secure else None
    # Kept whatever the host: enrolment codes for https addresses pin it (codes.address); an
    # empty one says this start serves no self-signed certificate.
    db.remember(app.state.engine, "certificate_pin", pin or "")
    if host not in ("0.0.0.0", "::"):
        db.remember(app.state.engine, "listen_url", tls.with_fragment(url, pin=pin))
    ready(app.state.engine, url)
    if workers == 1:
        uvicorn.Server(config(app, secure, outer)).run(sockets=[sock])
        return
    app.state.engine.dispose()
    shared_settings = {f.name: getattr(settings, f.name) for f in fields(settings) if f.name != "now_ms"}
    os.environ[_SETTINGS_ENV] = json.dumps(shared_settings | {"close_after_push": True})
    with tempfile.TemporaryDirectory(prefix="testpoint-metrics-") as shared:
        # The workers' counters go to files here, summed by whichever worker is scraped.
        os.environ.setdefault("PROMETHEUS_MULTIPROC_DIR", shared)
        workers_config = config(
            f"{__name__}:app_from_environment", secure, outer, factory=True, workers=workers
        )
        Multiprocess(workers_config, sockets=[sock]).run()


def app_from_environment() -> FastAPI:
    """The app of one worker process of ``serve``, from the settings its parent put in the environment."""
    app = create_app(Settings(**json.loads(os.environ[_SETTINGS_ENV])))
    _tune_collector()
    return app


# Young objects tracked by the garbage collector (allocations less frees) before it runs. A push
# makes tens of thousands that reference counting frees with the request; at Python's default of
# 700 the collector ran about 100 times per 20,000 pushed events, 13% of the server's time.
_YOUNG_OBJECTS = 20_000


def _tune_collector() -> None:
    """Keep what the server made to start (modules, the app, the body models) out of the garbage
    collector's sight: they live as long as the process, and each full collection walked them all
    while holding the GIL, about 100 ms in the middle of a push (several times a minute under load).
    And let it run less often."""
    checked.prepare()  # the body models and the push's reader are built on first use: now, with the rest
    gc.collect()
    gc.freeze()
    gc.set_threshold(_YOUNG_OBJECTS, *gc.get_threshold()[1:])


class EdgeConfig(uvicorn.Config):
    """uvicorn's settings, carrying the edge's limits to each worker's connections."""

    def __init__(self, app: Any, limits: edge.Limits, **options: Any) -> None:
        super().__init__(app, **options)
        self.limits = limits

    def load(self) -> None:
        """Runs in each worker process before it serves."""
        super().load()
        if self.ssl is not None:
            # A TLS connection reaches the HTTP protocol (and its header deadline and connection
            # cap) only once its handshake is done; asyncio waits 60 s for a handshake, set where
            # uvicorn cannot reach. The header deadline bounds the handshake too.
            asyncio.constants.SSL_HANDSHAKE_TIMEOUT = self.limits.header_timeout_s


def config(
    app: Any, secure: ServerTls | None = None, outer: Edge | None = None, **options: Any
) -> uvicorn.Config:
    """The uvicorn configuration the server runs with; ``options`` add to it or replace its own
    (the tests' servers keep the test process's logging)."""
    outer = outer or Edge()
    # SIGTERM or Ctrl-C stops accepting, then lets the requests in hand (a push being stored)
    # finish and answer, for up to the graceful timeout.
    own: dict[str, Any] = {
        "http": edge.Connections,
        "log_config": observability.log_config(),
        "access_log": False,
        "timeout_keep_alive": outer.limits.idle_timeout_s,
        "backlog": outer.limits.backlog,
        "timeout_graceful_shutdown": GRACE_S,
        "ssl_certfile": secure.certfile if secure else None,
        "ssl_keyfile": secure.keyfile if secure else None,
        "proxy_headers": outer.forwarded_allow_ips is not None,
        "forwarded_allow_ips": outer.forwarded_allow_ips,
    }
    return EdgeConfig(app, replace(outer.limits, proxies=outer.forwarded_allow_ips), **(own | options))
