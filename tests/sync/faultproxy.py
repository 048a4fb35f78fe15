"""An HTTP proxy between station and server that breaks chosen requests in chosen ways.

Each request is read whole, then, by the next planned fault for its path:
``drop_request`` (closed before the server sees it), ``drop_response`` (the server answers,
the client gets nothing), ``truncate`` (half the answer, then the connection closes),
``500``/``503``/``429`` (answered here, the server never sees it), ``stall`` (the server's
answer is held past the client's timeout), or ``pass``.
"""

from __future__ import annotations

import socket
import threading
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field

FAULTS = ("pass", "drop_request", "drop_response", "truncate", "500", "503", "429", "stall")


@dataclass
class Seen:
    path: str
    fault: str


@dataclass
class FaultProxy:
    upstream_port: int
    stall_s: float = 6.0
    plan: deque[tuple[str, str]] = field(default_factory=deque)
    seen: list[Seen] = field(default_factory=list)
    # Called with the path once a request has gone to the server, before its answer is read.
    on_forward: Callable[[str], None] | None = None

    def __post_init__(self) -> None:
        self._listener = socket.create_server(("127.0.0.1", 0))
        self.port = self._listener.getsockname()[1]
        self.url = f"http://127.0.0.1:{self.port}"
        self._lock = threading.Lock()
        self._closed = False
        threading.Thread(target=self._accept, daemon=True).start()

    def inject(self, *faults: str, path: str = "/v1/") -> None:
        """Break the next requests whose path starts with ``path``, one fault each, in order."""
        for fault in faults:
            assert fault in FAULTS, fault
        with self._lock:
            self.plan.extend((path, fault) for fault in faults)

    def close(self) -> None:
        self._closed = True
        self._listener.close()

    def _accept(self) -> None:
        while not self._closed:
            try:
                conn, _ = self._listener.accept()
            except OSError:
                return
            threading.Thread(target=self._serve, args=(conn,), daemon=True).start()

    def _next_fault(self, path: str) -> str:
        with self._lock:
            fault = "pass"
            for planned in self.plan:
                if path.startswith(planned[0]):
                    self.plan.remove(planned)
                    fault = planned[1]
                    break
            self.seen.append(Seen(path, fault))
            return fault

    def _serve(self, conn: socket.socket) -> None:
        with conn:
            request = _read_request(conn)
            if request is None:
                return
            path = request.split(b" ", 2)[1].decode()
            fault = self._next_fault(path)
            if fault == "drop_request":
                return
            if fault in ("500", "503", "429"):
                body = b'{"detail":"injected fault"}'
                conn.sendall(
                    f"HTTP/1.1 {fault} Injected\r\nContent-Type: application/json\r\nContent-Length: "
                    f"{len(body)}\r\nRetry-After: 0\r\nConnection: close\r\n\r\n".encode()
                    + body
                )
                return
            answer = self._forward(request, path)
            if answer is None or fault == "drop_response":
                return
            if fault == "truncate":
                conn.sendall(answer[: max(1, len(answer) // 2)])
                return
            if fault == "stall":
                time.sleep(self.stall_s)
            try:
                conn.sendall(answer)
            except OSError:
                return

    def _forward(self, request: bytes, path: str) -> bytes | None:
        try:
            with socket.create_connection(("127.0.0.1", self.upstream_port), timeout=60) as up:
                up.sendall(request)
                if self.on_forward is not None:
                    self.on_forward(path)
                chunks = []
                while chunk := up.recv(65536):
                    chunks.append(chunk)
                return b"".join(chunks)
        except OSError:
            return None


def _read_request(conn: socket.socket) -> bytes | None:
    """One whole request, rewritten to ask the server to close the connection after answering."""
    data = b""
    while b"\r\n\r\n" not in data:
        chunk = conn.recv(65536)
        if not chunk:
            return None
        data += chunk
    head, _, body = data.partition(b"\r\n\r\n")
    lines = head.split(b"\r\n")
    length = 0
    kept = [lines[0]]
    for line in lines[1:]:
        name, _, value = line.partition(b":")
        if name.strip().lower() == b"content-length":
            length = int(value.strip())
        if name.strip().lower() != b"connection":
            kept.append(line)
    while len(body) < length:
        chunk = conn.recv(65536)
        if not chunk:
            return None
        body += chunk
    return b"\r\n".join([*kept, b"Connection: close"]) + b"\r\n\r\n" + body
