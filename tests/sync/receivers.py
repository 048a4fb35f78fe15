"""What reminders are sent to in the tests, on loopback: an HTTP receiver standing in for a WeCom or
DingTalk group robot (answering as they do, failing as many times as told first), and a real SMTP
server (aiosmtpd), with or without STARTTLS and a sign-in."""

from __future__ import annotations

import json
import socket
import ssl
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from email import message_from_bytes, policy
from email.message import EmailMessage
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, Envelope, LoginPassword, Session


@dataclass
class Robot:
    """A group robot's webhook on 127.0.0.1: the first ``failures`` posts are answered with
    ``failure`` (an HTTP status, or a non-zero errcode), the rest with errcode 0."""

    failures: int = 0
    failure: int = 502
    received: list[dict[str, Any]] = field(default_factory=list)
    posts: int = 0
    url: str = ""
    _server: ThreadingHTTPServer | None = None

    def start(self) -> Robot:
        robot = self

        class Answer(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
                robot.posts += 1
                if robot.posts <= robot.failures:
                    if robot.failure >= 300:
                        self.send_response(robot.failure)
                        self.end_headers()
                        return
                    self._json({"errcode": robot.failure, "errmsg": "invalid webhook url"})
                    return
                robot.received.append(json.loads(body))
                self._json({"errcode": 0, "errmsg": "ok"})

            def _json(self, said: dict[str, Any]) -> None:
                data = json.dumps(said).encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def log_message(self, *_args: Any) -> None:
                pass

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Answer)
        self.url = (
            f"http://127.0.0.1:{self._server.server_address[1]}/cgi-bin/webhook/send?key=secret-key-1234"
        )
        threading.Thread(target=self._server.serve_forever, daemon=True).start()
        return self

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()

    def wait_for(self, count: int, timeout_s: float = 10.0) -> list[dict[str, Any]]:
        deadline = time.monotonic() + timeout_s
        while len(self.received) < count:
            assert time.monotonic() < deadline, f"the robot got {len(self.received)} messages, not {count}"
            time.sleep(0.02)
        return self.received


@contextmanager
def robot(failures: int = 0, failure: int = 502) -> Iterator[Robot]:
    running = Robot(failures, failure).start()
    try:
        yield running
    finally:
        running.stop()


def dead_url() -> str:
    """A webhook on a loopback port nothing listens on: every post is refused at once."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    return f"http://127.0.0.1:{port}/robot/send?access_token=gone"


@dataclass
class Mailbox:
    """The messages a real SMTP server on 127.0.0.1 accepted, and who signed in to send them."""

    port: int = 0
    messages: list[EmailMessage] = field(default_factory=list)
    users: list[str] = field(default_factory=list)

    async def handle_DATA(self, _server: Any, _session: Session, envelope: Envelope) -> str:
        content = envelope.original_content or b""
        mail = message_from_bytes(content, policy=policy.default)
        assert isinstance(mail, EmailMessage)
        self.messages.append(mail)
        return "250 OK"

    def text(self, n: int = 0) -> str:
        return str(self.messages[n].get_content())


@contextmanager
def smtp_server(
    certfile: Path | None = None, keyfile: Path | None = None, password: str | None = None
) -> Iterator[Mailbox]:
    """aiosmtpd on a free loopback port; with a certificate it offers STARTTLS and requires it, and
    with ``password`` it requires a sign-in (user ``office``)."""
    box = Mailbox()
    options: dict[str, Any] = {}
    if certfile is not None and keyfile is not None:
        context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        context.load_cert_chain(certfile, keyfile)
        options |= {"tls_context": context, "require_starttls": True}
    if password is not None:

        def check(
            _server: Any, _session: Session, _envelope: Envelope, _mechanism: str, auth: Any
        ) -> AuthResult:
            assert isinstance(auth, LoginPassword)
            good = auth.login == b"office" and auth.password == password.encode()
            if good:
                box.users.append(auth.login.decode())
            return AuthResult(success=good, handled=False)  # a refusal answered 535 by aiosmtpd

        options |= {"authenticator": check, "auth_required": True}
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        box.port = sock.getsockname()[1]
    controller = Controller(box, hostname="127.0.0.1", port=box.port, server_hostname="127.0.0.1", **options)
    controller.start()
    try:
        yield box
    finally:
        controller.stop()
