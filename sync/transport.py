"""HTTP to the sync server: gzip request bodies, the device credential, and retries.

Network errors, unreadable answers, 5xx and 429 are retried with the very same request after a
jittered exponential backoff; any other 4xx is the server's considered answer and is raised.
"""

from __future__ import annotations

import gzip
import logging
import random
import socket
import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

import httpx
from pydantic import BaseModel, ValidationError

from registration import errors
from registration.errors import Reason
from sync import tls
from sync.schema import PROTOCOL_VERSION, REFUSAL_KEYS

Model = TypeVar("Model", bound=BaseModel)
Answer = TypeVar("Answer")
# One log line per request would bury the station's log; failures are reported by the sync itself.
logging.getLogger("httpx").setLevel(logging.WARNING)


@dataclass(frozen=True)
class Backoff:
    attempts: int = 6
    base_s: float = 0.5
    cap_s: float = 30.0

    def delay(self, attempt: int) -> float:
        """Full-size step ``attempt`` (from 0), jittered down to half so retries spread out."""
        step: float = min(self.cap_s, self.base_s * 2.0**attempt)
        return random.uniform(0.5, 1.0) * step


class Unreachable(Exception):
    """The server did not answer usably after every retry (or syncing was stopped); raised with a Reason."""


class ServerRefused(errors.Refused):
    """The server answered 4xx: a considered refusal, not worth repeating as it is.

    ``detail`` is the server's reason, rebuilt from the key and values its answer carries, so the
    station shows it in its own language.
    """

    def __init__(self, status: int, detail: Reason) -> None:
        super().__init__("server.refused", status=status, detail=detail)
        self.status = status
        self.detail = detail


class Transport:
    def __init__(
        self,
        base_url: str,
        credential: str | None = None,
        *,
        timeout_s: float = 15.0,
        backoff: Backoff | None = None,
        stop: threading.Event | None = None,
        self_proving: bool = False,
    ) -> None:
        """``self_proving`` only for answers that carry their own proof (a typed enrolment code's
        address, sync/typed_code.py): any certificate, and plain http, are then taken."""
        # Refused events are answered with their reasons' keys, for the window to word them.
        headers = {"User-Agent": f"testpoint-sync/{PROTOCOL_VERSION}", REFUSAL_KEYS: "1"}
        if credential:
            headers["Authorization"] = f"Bearer {credential}"
        found = tls.address(base_url)
        self._insecure = None if self_proving else tls.refusal(found)
        # Without TCP_NODELAY a request written in two parts waits on the peer's delayed ACK (40 ms).
        nodelay = httpx.HTTPTransport(
            socket_options=[(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)],
            verify=False if self_proving else tls.verify(found),
        )
        self._http = httpx.Client(base_url=found.url, timeout=timeout_s, headers=headers, transport=nodelay)
        self._backoff = backoff or Backoff()
        self._stop = stop or threading.Event()
        self.base_url = base_url

    def close(self) -> None:
        self._http.close()

    def post(self, path: str, json_text: str | bytes, model: type[Model]) -> Model:
        """POST ``json_text``, or the bytes ``compress`` made of it where the caller had time to."""
        body = json_text if isinstance(json_text, bytes) else compress(json_text)
        headers = {"Content-Type": "application/json", "Content-Encoding": "gzip"}
        return self._call(model.model_validate_json, "POST", path, content=body, headers=headers)

    def post_bytes(self, path: str, content: bytes, content_type: str, model: type[Model]) -> Model:
        """POST ``content`` unchanged (a bundle is gzip already, and signed as it is)."""
        return self._call(
            model.model_validate_json, "POST", path, content=content, headers={"Content-Type": content_type}
        )

    def get(self, path: str, params: dict[str, Any], model: type[Model]) -> Model:
        return self._call(model.model_validate_json, "GET", path, params=params)

    def get_bytes(self, path: str, params: dict[str, Any]) -> bytes:
        """The answer's body as it came, for the caller to read (``get`` with its model if it is
        unreadable: that one asks again)."""
        return self._call(bytes, "GET", path, params=params)

    def _call(self, read: Callable[[bytes], Answer], method: str, path: str, **request: Any) -> Answer:
        if self._insecure:
            raise Unreachable(self._insecure)
        problem: str = ""
        asked_wait = 0.0
        for attempt in range(self._backoff.attempts):
            if attempt and self._stop.wait(max(self._backoff.delay(attempt - 1), asked_wait)):
                raise Unreachable(Reason("server.stopped"))
            try:
                response = self._http.request(method, path, **request)
            except httpx.TransportError as exc:
                problem = f"{type(exc).__name__}: {exc}" if str(exc) else type(exc).__name__
                asked_wait = 0.0
                continue
            if response.status_code == 429 or response.status_code >= 500:
                problem = f"HTTP {response.status_code}"
                asked_wait = _retry_after(response.headers.get("Retry-After", ""))
                continue
            if response.status_code >= 400:
                raise ServerRefused(response.status_code, _detail(response))
            try:
                return read(response.content)
            except ValidationError:
                # A cut-off or garbled answer: the request is repeated; the server answers it again.
                problem = Reason("server.unreadable_answer", method=method, path=path)
        raise Unreachable(
            Reason("server.unreachable", server=self.base_url, problem=problem, tries=self._backoff.attempts)
        )


def compress(json_text: str) -> bytes:
    """A request body as ``post`` sends it."""
    return gzip.compress(json_text.encode(), compresslevel=1, mtime=0)


def _retry_after(value: str) -> float:
    try:
        return min(float(value), 60.0)
    except ValueError:
        return 0.0


def _detail(response: httpx.Response) -> Reason:
    """The server's reason: its key and values where this version knows them, else its words."""
    try:
        answer = response.json()
    except ValueError:
        return Reason("server.said", words=response.text[:200])
    if not isinstance(answer, dict):
        return Reason("server.said", words=str(answer)[:500])
    detail = answer.get("detail", response.text)
    words = detail if isinstance(detail, str) else str(detail)[:500]
    return errors.from_wire(answer.get("key"), answer.get("params"), words)
