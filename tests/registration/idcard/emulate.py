"""Emulated ID-card readers, to try the software without one: a SAM reader on a real pseudo-terminal,
and the three vendors' services on loopback. Each is driven by a script: ``lay(card)``, ``lift()``,
``corrupt_next(n)``, ``unplug()``, ``plug()``. The tests and the benchmark use them.

The SAM emulator answers as a reader does (see ``sam.py``): a command whose checksum fails gets
SW3 ``10``; find says ``9F`` or ``80``, select ``90`` or ``81``, read ``90`` with the text and a
blank photo, or ``41`` with no card. A corrupted answer has its checksum byte flipped. The services
answer with the fields ``devices/idcard_services.py`` reads; a corrupted answer is cut short (not JSON).
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import select
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

from websockets.sync.server import Server, ServerConnection, serve

from registration.sampling.idcard import sam
from registration.sampling.idcard.card import GENDERS, Card, make_text

PHOTO = bytes(1024)
"""The photo an emulated reader sends: blank (a card's is 1,024 bytes, compressed)."""
_QUIET = logging.getLogger("testpoint.idcard.emulate")
_QUIET.setLevel(logging.WARNING)  # websockets says at INFO each time a server starts or stops


class _Script:
    """What lies on the emulated reader, how many of its next answers are corrupted, and how many
    questions it has answered (what a test waits on)."""

    def __init__(self, card: Card | None = None) -> None:
        self._changed = threading.Condition()
        self._card = card
        self._corrupt = 0
        self.answered = 0

    def lay(self, card: Card) -> None:
        with self._changed:
            self._card = card

    def lift(self) -> None:
        with self._changed:
            self._card = None

    def corrupt_next(self, n: int = 1) -> None:
        """Corrupt the next ``n`` answers, whatever they answer."""
        with self._changed:
            self._corrupt = n

    def wait_answered(self, count: int, timeout: float = 5.0) -> bool:
        """Whether ``count`` questions in all have been answered within ``timeout`` seconds."""
        with self._changed:
            return self._changed.wait_for(lambda: self.answered >= count, timeout)

    def _take(self) -> tuple[Card | None, bool]:
        """(the card on the reader, whether this answer is corrupted), counting the answer."""
        with self._changed:
            corrupt = self._corrupt > 0
            self._corrupt -= corrupt
            self.answered += 1
            self._changed.notify_all()
            return self._card, corrupt


class SamEmulator(_Script):
    """A SAM reader on a pseudo-terminal. ``link`` is a symbolic link to its port that stays the same
    across ``unplug()`` and ``plug()`` (``serial:LINK``); unplugged, the port is closed and the
    link removed, as a USB-serial device's node goes away."""

    def __init__(self, link: Path, card: Card | None = None) -> None:
        super().__init__(card)
        self.link = link
        self._fds: tuple[int, int] | None = None
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self.plug()

    def plug(self) -> None:
        if self._fds is not None:
            return
        import tty  # POSIX only, as pseudo-terminals are

        master, slave = os.openpty()
        tty.setraw(slave)  # no echo, no line editing, until the driver sets the port up itself
        self._fds = (master, slave)  # the slave held open: a pty whose slave is closed reads EIO
        fresh = self.link.with_name(self.link.name + ".new")
        fresh.unlink(missing_ok=True)
        fresh.symlink_to(os.ttyname(slave))
        fresh.replace(self.link)
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._serve, args=(master, self._stop), daemon=True)
        self._thread.start()

    def unplug(self) -> None:
        if self._fds is None:
            return
        self._stop.set()
        if self._thread is not None:
            self._thread.join()
        for fd in self._fds:
            os.close(fd)
        self._fds = None
        self.link.unlink(missing_ok=True)

    close = unplug

    def _serve(self, master: int, stop: threading.Event) -> None:
        heard = bytearray()
        while not stop.is_set():
            if not select.select([master], [], [], 0.05)[0]:
                continue
            try:
                heard += os.read(master, 4096)
            except OSError:
                continue  # the driver closed the port between two opens
            for payload in _frames(heard):
                try:
                    os.write(master, self._answer(payload))
                except OSError:
                    break

    def _answer(self, payload: bytes | None) -> bytes:
        card, corrupt = self._take()
        made = _sam_answer(payload, card)
        return made[:-1] + bytes([made[-1] ^ 0xFF]) if corrupt else made


def _frames(heard: bytearray) -> Iterator[bytes | None]:
    """Each whole frame ``heard`` holds, taken out of it: its payload, None for one whose checksum
    fails. Noise before a frame is dropped; a frame not all here yet waits."""
    while True:
        start = heard.find(sam.PREAMBLE)
        if start < 0:
            del heard[: max(0, len(heard) - len(sam.PREAMBLE) + 1)]
            return
        del heard[:start]
        if len(heard) < sam.HEADER:
            return
        end = sam.HEADER + int.from_bytes(heard[len(sam.PREAMBLE) : sam.HEADER], "big")
        if len(heard) < end:
            return
        raw = bytes(heard[:end])
        del heard[:end]
        try:
            yield sam.unframe(raw)
        except sam.FrameError:
            yield None


def _sam_answer(payload: bytes | None, card: Card | None) -> bytes:
    try:
        asked = sam.parse_command(payload) if payload is not None else None
    except sam.FrameError:
        asked = None
    if asked is None:
        return sam.answer(sam.BAD_CHECKSUM)
    which = asked.which
    if which in (sam.SAM_STATUS, sam.SET_MAX_RF):
        return sam.answer(sam.OK)
    if which == sam.FIND_CARD:
        return sam.answer(sam.NO_CARD if card is None else sam.CARD_FOUND)
    if which == sam.SELECT_CARD:
        return sam.answer(sam.SELECT_FAILED if card is None else sam.OK)
    if which in (sam.READ_CARD, sam.READ_CARD_FINGERPRINT):
        if card is None:
            return sam.answer(sam.READ_FAILED)
        fingerprint = bytes(1024) if which == sam.READ_CARD_FINGERPRINT else None
        return sam.answer(sam.OK, sam.card_data(make_text(card), PHOTO, fingerprint))
    return sam.answer(sam.UNKNOWN_COMMAND)


_SPOKEN = {"male": "男", "female": "女"}


def _compact(date: str) -> str:
    return date.replace("-", "")


class _Service(_Script):
    """A vendor's service on 127.0.0.1; ``unplug()`` stops it (connections are refused),
    ``plug()`` starts it again at the same address."""

    scheme = ""

    def __init__(self, card: Card | None = None) -> None:
        super().__init__(card)
        self.port = 0
        self.plug()

    @property
    def url(self) -> str:
        return f"{self.scheme}://127.0.0.1:{self.port}"

    def plug(self) -> None:
        raise NotImplementedError

    def unplug(self) -> None:
        raise NotImplementedError

    def close(self) -> None:
        self.unplug()

    def _respond(self, request: Any) -> bytes:
        card, corrupt = self._take()
        text = json.dumps(self._answer(request, card), ensure_ascii=False).encode()
        return text[: len(text) // 2] if corrupt else text

    def _answer(self, request: Any, card: Card | None) -> dict[str, Any]:
        raise NotImplementedError


class HuashiService(_Service):
    """华视's HTTP service."""

    scheme = "http"
    _server: ThreadingHTTPServer | None = None

    def plug(self) -> None:
        if self._server is not None:
            return
        emulator = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                path = self.path.split("?")[0]
                if path not in ("/OpenDevice", "/readcard", "/CloseDevice"):
                    self.send_error(404)
                    return
                answer = emulator._respond(path)
                self.send_response(200)
                self.send_header("Content-Type", "application/json; charset=utf-8")
                self.send_header("Content-Length", str(len(answer)))
                self.end_headers()
                self.wfile.write(answer)

            def log_message(self, format: str, *args: Any) -> None:
                pass  # a line per poll

        self._server = ThreadingHTTPServer(("127.0.0.1", self.port), Handler)
        self._server.daemon_threads = True
        self.port = self._server.server_address[1]
        threading.Thread(target=self._server.serve_forever, args=(0.05,), daemon=True).start()

    def unplug(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None

    def _answer(self, request: Any, card: Card | None) -> dict[str, Any]:
        if request != "/readcard":
            return {"resultFlag": 0, "errorMsg": ""}
        if card is None:
            return {"resultFlag": -1, "errorMsg": "请放卡"}
        return {
            "resultFlag": 0,
            "errorMsg": "",
            "partyName": card.name,
            "gender": _SPOKEN.get(card.gender, ""),
            "nation": card.nation,
            "bornDay": _compact(card.birth),
            "certAddress": card.address,
            "certNumber": card.id_number,
            "certOrg": card.issuer,
            "effDate": _compact(card.valid_from),
            "expDate": _compact(card.valid_to),
            "identityPic": "",
        }


class _WebSocketService(_Service):
    scheme = "ws"
    _server: Server | None = None

    def plug(self) -> None:
        if self._server is not None:
            return
        self._server = serve(self._talk, "127.0.0.1", self.port, logger=_QUIET)
        self.port = self._server.socket.getsockname()[1]
        threading.Thread(target=self._server.serve_forever, daemon=True).start()

    def unplug(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server = None

    def _talk(self, connection: ServerConnection) -> None:
        with contextlib.suppress(Exception):  # the driver went away mid-answer: nothing to answer
            for message in connection:
                connection.send(self._respond(json.loads(message)).decode(errors="replace"))


class ShensiService(_WebSocketService):
    """神思's WebSocket service."""

    def _answer(self, request: Any, card: Card | None) -> dict[str, Any]:
        method = request.get("Method")
        if method != "IdReadCard":
            return {"Method": method, "RetCode": 0}
        if card is None:
            return {"Method": method, "RetCode": 0x80, "IdCardInfo": None}
        info = {
            "Name": card.name,
            "Sex": _SPOKEN.get(card.gender, ""),
            "Nation": card.nation,
            "Born": _compact(card.birth),
            "Address": card.address,
            "CardNo": card.id_number,
            "Police": card.issuer,
            "UserLifeBegin": _compact(card.valid_from),
            "UserLifeEnd": _compact(card.valid_to),
            "PhotoBase64": "",
        }
        return {"Method": method, "RetCode": 0, "IdCardInfo": info}


class DecardService(_WebSocketService):
    """德卡's WebSocket service."""

    def _answer(self, request: Any, card: Card | None) -> dict[str, Any]:
        func = request.get("func")
        if func != "iReadIdentityCard" or card is None:
            return {"func": func, "result": -1, "out": []}
        gender = next((code for code, g in GENDERS.items() if g == card.gender), "")
        out = [
            card.name,
            gender,
            card.nation,
            _compact(card.birth),
            card.address,
            card.id_number,
            card.issuer,
            _compact(card.valid_from),
            _compact(card.valid_to),
            "",  # the photo
        ]
        return {"func": func, "result": 0, "out": out}
