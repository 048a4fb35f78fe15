"""The server's edge, before any route runs: connections capped and cut when slow or idle, bodies
size-capped and read only after their credential is checked and within a deadline, ``/metrics``
kept to loopback or a token, and security headers on every answer.

Anyone on the network can open a connection; none of them may hold the server's memory, file
descriptors or threads for long without having a credential.
"""

from __future__ import annotations

import asyncio
import contextlib
import functools
import hmac
import ipaddress
import logging
import time
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import h11
from starlette.concurrency import run_in_threadpool
from starlette.responses import JSONResponse, Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send
from uvicorn.protocols.http.h11_impl import H11Protocol

from registration.errors import Reason, Refused
from sync.admin_client import ADMIN_PREFIX
from sync.schema import keyed
from sync.server import devices
from sync.server.eventlog import Author

LOG = logging.getLogger("testpoint.server")
KiB = 1024
MiB = 1024 * KiB
# Routes whose body may be large (a batch of events, a laptop's bundle); every other body is a
# form or a small JSON request.
LARGE_BODIES = ("/v1/push", f"{ADMIN_PREFIX}/bundles")
# API routes a caller without a device credential may send a body to.
OPEN_ROUTES = ("/v1/enroll",)
SMALL_BODY = 64 * KiB
_WARN_EVERY_S = 60.0


@dataclass(frozen=True)
class Limits:
    """How long and how much a connection may take (per server process)."""

    max_connections: int = 2000
    # What one address may hold of them, so that one machine cannot take every connection; the
    # proxies the operator names (forwarded_allow_ips) are not held to it.
    per_address: int = 256
    proxies: str | None = None
    # The listen queue, and so what asyncio accepts in one go before the cap sees any of it (nginx's
    # default: a much shorter queue makes a burst's connections wait a second for a SYN sent again).
    backlog: int = 511
    # From a request's first byte (or a new connection) to the end of its headers.
    header_timeout_s: float = 10.0
    # A kept-alive connection with no request.
    idle_timeout_s: int = 15


class Connections(H11Protocol):
    """uvicorn's HTTP/1.1 protocol, with a cap on open connections and a deadline for headers.

    uvicorn times out only a kept-alive connection between answers: a connection that never sends
    a whole request line and headers was held forever, and twenty thousand of them used up the
    process's file descriptors.
    """

    _warned = 0.0

    def __init__(self, config: Any, server_state: Any, app_state: dict[str, Any], _loop: Any = None) -> None:
        super().__init__(config, server_state, app_state, _loop)
        self.limits: Limits = getattr(config, "limits", None) or Limits()
        self._refused = False
        self._address = ""
        self._header_timer: asyncio.TimerHandle | None = None

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        peer = transport.get_extra_info("peername")
        address = str(peer[0]) if isinstance(peer, tuple) and peer else ""
        held = _held_by_address(self.server_state)
        limits = self.limits
        if len(self.connections) >= limits.max_connections:
            self._refuse(
                transport, "connection limit of %d reached: new ones are closed", limits.max_connections
            )
            return
        if held.get(address, 0) >= limits.per_address and not _is_proxy(address, limits.proxies):
            self._refuse(
                transport, "%d connections from one address: its new ones are closed", limits.per_address
            )
            return
        self._address = address
        held[address] = held.get(address, 0) + 1
        super().connection_made(transport)
        self._watch_headers()

    def _refuse(self, transport: asyncio.Transport, warning: str, limit: int) -> None:
        self._refused = True
        transport.abort()
        now = time.monotonic()
        if now - Connections._warned > _WARN_EVERY_S:
            Connections._warned = now
            LOG.warning(warning, limit)

    def connection_lost(self, exc: Exception | None) -> None:
        if self._refused:
            return
        held = _held_by_address(self.server_state)
        held[self._address] -= 1
        if not held[self._address]:
            del held[self._address]
        self._stop_header_timer()
        super().connection_lost(exc)

    def data_received(self, data: bytes) -> None:
        super().data_received(data)
        self._watch_headers()

    def on_response_complete(self) -> None:
        super().on_response_complete()
        self._watch_headers()

    def _watch_headers(self) -> None:
        """Runs the header deadline while a request is started but its headers are not all in."""
        # Between requests uvicorn's keep-alive timer runs until a byte comes, then this one.
        waiting = self.conn.their_state is h11.IDLE and self.timeout_keep_alive_task is None
        if not waiting or self.transport.is_closing():
            self._stop_header_timer()
        elif self._header_timer is None:
            self._header_timer = self.loop.call_later(self.limits.header_timeout_s, self._headers_too_slow)

    def _stop_header_timer(self) -> None:
        if self._header_timer is not None:
            self._header_timer.cancel()
            self._header_timer = None

    def _headers_too_slow(self) -> None:
        self._header_timer = None
        if not self.transport.is_closing():
            self.transport.close()


def _held_by_address(server_state: Any) -> dict[str, int]:
    """How many connections each address holds, kept with the server's own set of connections."""
    held: dict[str, int] | None = getattr(server_state, "held_by_address", None)
    if held is None:
        held = server_state.held_by_address = {}
    return held


@functools.lru_cache(maxsize=4096)
def _is_proxy(address: str, proxies: str | None) -> bool:
    """Whether ``address`` is one of ``proxies`` (uvicorn's syntax: addresses, networks, "*")."""
    if proxies is None:
        return False
    try:
        found = ipaddress.ip_address(address)
    except ValueError:
        return False  # a Unix socket's peer, say
    for entry in (e.strip() for e in proxies.split(",")):
        if entry == "*":
            return True
        with contextlib.suppress(ValueError):
            if found in ipaddress.ip_network(entry, strict=False):
                return True
    return False


class Bodies:
    """Refuses bodies over their route's limit (413), counted after gzip decoding too, decodes gzip,
    checks a device credential before reading a body that needs one, and cuts a body that comes too
    slowly (408)."""

    def __init__(
        self,
        app: ASGIApp,
        engine: Any,
        now_ms: Callable[[], int],
        refusal_delay_s: float,
        large: int,
        idle_s: float,
        deadline_s: float,
    ) -> None:
        self.app = app
        self.engine = engine
        self.now_ms = now_ms
        self.refusal_delay_s = refusal_delay_s
        self.large = large
        self.idle_s = idle_s
        self.deadline_s = deadline_s

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        path: str = scope["path"]
        headers = dict(scope["headers"])
        if path.startswith("/v1/") and path not in OPEN_ROUTES and scope["method"] == "POST":
            try:
                author = await run_in_threadpool(self._author, headers.get(b"authorization"))
            except (devices.Unauthorised, devices.Forbidden) as exc:
                status = 401 if isinstance(exc, devices.Unauthorised) else 403
                # A station always has its credential: only a stranger waits, and a flood of them
                # that waits for its answers asks once a second per connection.
                await asyncio.sleep(self.refusal_delay_s)
                await _refuse(scope, receive, send, status, exc.reason, {"WWW-Authenticate": "Bearer"})
                return
            scope.setdefault("state", {})["author"] = author
        limit = self.large if path in LARGE_BODIES else min(self.large, SMALL_BODY)
        try:
            declared = int(headers.get(b"content-length", b"0"))
            if declared > limit:
                raise PayloadTooLarge("request.too_big", most=limit)
            async with asyncio.timeout(self.deadline_s):
                body = await self._read(receive, limit)
            if headers.get(b"content-encoding", b"identity").strip().lower() == b"gzip":
                body = _gunzip(body, limit)
        except PayloadTooLarge as exc:
            await _refuse(scope, receive, send, 413, exc.reason)
            return
        except TimeoutError:
            await _refuse(scope, receive, send, 408, Reason("request.too_slow"))
            return
        except (ValueError, EOFError, zlib.error) as exc:
            await _refuse(scope, receive, send, 400, Reason("request.unreadable", why=exc))
            return
        kept = [(k, v) for k, v in scope["headers"] if k not in (b"content-length", b"content-encoding")]
        scope = dict(scope, headers=[*kept, (b"content-length", str(len(body)).encode())])
        sent = False

        async def replay() -> Message:
            nonlocal sent
            if not sent:
                sent = True
                return {"type": "http.request", "body": body, "more_body": False}
            return await receive()

        await self.app(scope, replay, send)

    def _author(self, header: bytes | None) -> Author:
        return devices.authenticate(
            self.engine, None if header is None else header.decode("latin-1"), self.now_ms()
        )

    async def _read(self, receive: Receive, limit: int) -> bytes:
        chunks: list[bytes] = []
        size = 0
        while True:
            message = await asyncio.wait_for(receive(), self.idle_s)
            if message["type"] == "http.disconnect":
                break
            chunk = message.get("body", b"")
            size += len(chunk)
            if size > limit:
                raise PayloadTooLarge("request.too_big", most=limit)
            chunks.append(chunk)
            if not message.get("more_body", False):
                break
        return b"".join(chunks)


class PayloadTooLarge(Refused):
    pass


def _gunzip(body: bytes, limit: int) -> bytes:
    inflater = zlib.decompressobj(16 + zlib.MAX_WBITS)
    out = inflater.decompress(body, limit + 1)
    if len(out) > limit or inflater.unconsumed_tail:
        raise PayloadTooLarge("request.too_big_unpacked", most=limit)
    if not inflater.eof:
        raise ValueError("truncated gzip data")
    return out


async def _refuse(
    scope: Scope,
    receive: Receive,
    send: Send,
    status: int,
    detail: Reason,
    headers: dict[str, str] | None = None,
) -> None:
    # The body (if any) is left unread: closing the connection is cheaper than draining it.
    answer = JSONResponse(
        {"detail": str(detail)} | keyed(detail),
        status_code=status,
        headers={**(headers or {}), "Connection": "close"},
    )
    await answer(scope, receive, send)


# Pages are the server's own: scripts and styles from /static only, no frames, no plugins.
_CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; object-src 'none'; "
    "base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
)
_SECURITY_HEADERS = [
    (b"content-security-policy", _CSP.encode()),
    (b"x-frame-options", b"DENY"),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"no-referrer"),
]
_HSTS = (b"strict-transport-security", b"max-age=31536000")
_METRICS = Reason("request.metrics")


class Guard:
    """Security headers on every answer; ``/metrics`` only from loopback or with its token."""

    def __init__(self, app: ASGIApp, metrics_token: str | None) -> None:
        self.app = app
        self.metrics_token = metrics_token

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        extra = _SECURITY_HEADERS + ([_HSTS] if scope.get("scheme") == "https" else [])

        async def secured(message: Message) -> None:
            if message["type"] == "http.response.start":
                message = dict(message, headers=[*message.get("headers", []), *extra])
            await send(message)

        if scope["path"] == "/metrics" and not self._may_scrape(scope):
            answer: Response = JSONResponse({"detail": str(_METRICS)} | keyed(_METRICS), status_code=403)
            await answer(scope, receive, secured)
            return
        await self.app(scope, receive, secured)

    def _may_scrape(self, scope: Scope) -> bool:
        client = scope.get("client")
        if client and _loopback(client[0]):
            return True
        if not self.metrics_token:
            return False
        given = dict(scope["headers"]).get(b"authorization", b"").decode("latin-1")
        return hmac.compare_digest(given.encode(), f"Bearer {self.metrics_token}".encode())


def _loopback(host: str) -> bool:
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False
