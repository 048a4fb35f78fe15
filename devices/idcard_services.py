"""Drivers for the vendors' reader services on this machine: 华视's over HTTP, 神思's and 德卡's over a
WebSocket. Each service drives the reader itself; we ask it for the card and read the fields below.
``open_reader`` opens any reader a spec names: these services, and the domain's own drivers.

The fields we read (the emulators in ``emulate.py`` answer the same):

* huashi: ``GET /OpenDevice`` answers ``{"resultFlag": 0}``; ``GET /readcard`` answers ``resultFlag``
  (0: a card, anything else: none) with ``partyName``, ``gender``, ``nation``, ``bornDay``,
  ``certAddress``, ``certNumber``, ``certOrg``, ``effDate``, ``expDate``.
* shensi: ``{"Method": "OpenDevice", "PortType": "AUTO"}`` answers ``{"Method": "OpenDevice",
  "RetCode": 0}``; ``{"Method": "IdReadCard", ...}`` answers ``RetCode`` (0: a card) and ``IdCardInfo``
  with ``Name``, ``Sex``, ``Nation``, ``Born``, ``Address``, ``CardNo``, ``Police``,
  ``UserLifeBegin``, ``UserLifeEnd``.
* decard: ``{"func": "iReadIdentityCard", "in": ["1", "0"]}`` answers ``result`` (0: a card) and
  ``out``: name, gender, nation, birth, address, ID number, issuer, valid from, valid to (in that
  order; a photo after them is not read).

The photo every service also sends is never read out of its answer.
"""

from __future__ import annotations

import contextlib
import json
import logging
import time
from collections.abc import Callable, Mapping, Sequence
from typing import Any

import httpx
from websockets.exceptions import ConnectionClosed, WebSocketException
from websockets.sync.client import ClientConnection, connect

from registration.errors import Refused
from registration.sampling.idcard import drivers
from registration.sampling.idcard.card import Card, card_of
from registration.sampling.idcard.reader import FrameDamaged, Reader, ReaderLost, Spec

# A request line per poll would fill the log five times a second.
logging.getLogger("httpx").setLevel(logging.WARNING)

# Seconds a service may take to answer: it reads the card itself first.
TIMEOUT = 2.0


def _text(value: object) -> str:
    return "" if value is None else str(value)


def _card(reader: str, fields: dict[str, object]) -> Card:
    try:
        return card_of(**{key: _text(value) for key, value in fields.items()})
    except Refused as exc:
        raise FrameDamaged("idcard.damaged", reader=reader, why=exc.reason) from exc


def _succeeded(flag: object) -> bool:
    # 0, as a number or as text: services differ.
    return _text(flag).strip() == "0"


class HuashiReader:
    """华视's HTTP service (``huashi:URL``)."""

    def __init__(self, url: str, *, timeout: float = TIMEOUT) -> None:
        self.name = f"huashi:{url}"
        # The service is on this machine: a proxy set for the internet must not carry the request.
        self._client = httpx.Client(base_url=url, timeout=timeout, trust_env=False)
        try:
            opened = self._get("/OpenDevice")
        except ReaderLost:
            self._client.close()
            raise
        except FrameDamaged as exc:  # not a reader's service, or not one we know how to ask
            self._client.close()
            raise ReaderLost("idcard.lost", reader=self.name, why=exc.why) from exc
        if not _succeeded(opened.get("resultFlag")):
            self._client.close()
            why = (
                f"the service could not open its reader: {_text(opened.get('errorMsg')) or 'no reason given'}"
            )
            raise ReaderLost("idcard.lost", reader=self.name, why=why)

    def poll(self) -> Card | None:
        answer = self._get("/readcard")
        if not _succeeded(answer.get("resultFlag")):
            return None
        if not isinstance(answer.get("partyName"), str) or not isinstance(answer.get("certNumber"), str):
            raise FrameDamaged("idcard.damaged", reader=self.name, why="no partyName or certNumber")
        return _card(
            self.name,
            {
                "name": answer["partyName"],
                "id_number": answer["certNumber"],
                "gender": answer.get("gender"),
                "nation": answer.get("nation"),
                "birth": answer.get("bornDay"),
                "address": answer.get("certAddress"),
                "issuer": answer.get("certOrg"),
                "valid_from": answer.get("effDate"),
                "valid_to": answer.get("expDate"),
            },
        )

    def close(self) -> None:
        with contextlib.suppress(httpx.HTTPError):  # the service is gone already
            self._client.get("/CloseDevice")
        self._client.close()

    def _get(self, path: str) -> dict[str, Any]:
        try:
            response = self._client.get(path)
        except httpx.HTTPError as exc:
            raise ReaderLost("idcard.lost", reader=self.name, why=str(exc) or type(exc).__name__) from exc
        if response.status_code != 200:
            why = f"the service answers {path} with HTTP {response.status_code}"
            raise ReaderLost("idcard.lost", reader=self.name, why=why)
        try:
            found = response.json()
        except ValueError as exc:
            raise FrameDamaged("idcard.damaged", reader=self.name, why="an answer that is not JSON") from exc
        if not isinstance(found, dict):
            raise FrameDamaged("idcard.damaged", reader=self.name, why="an answer that is not a JSON object")
        return found


class _WebSocketReader:
    """A service asked over one WebSocket, one JSON request and answer at a time."""

    kind = ""
    method = ""
    """The key of a request and an answer that names what it is about."""

    def __init__(self, url: str, *, timeout: float = TIMEOUT) -> None:
        self.name = f"{self.kind}:{url}"
        self._timeout = timeout
        # Held open as a context entered (the way websockets asks a connection to be held), and
        # left at close.
        self._held = contextlib.ExitStack()
        try:
            self._socket: ClientConnection = self._held.enter_context(
                connect(url, open_timeout=timeout, close_timeout=timeout, proxy=None)
            )
        except (OSError, WebSocketException) as exc:
            raise ReaderLost("idcard.lost", reader=self.name, why=str(exc) or type(exc).__name__) from exc

    def close(self) -> None:
        self._held.close()

    def _ask(self, request: dict[str, Any]) -> dict[str, Any]:
        """The answer to ``request``; answers about anything else (a service may say what it does
        unasked) are passed over."""
        deadline = time.monotonic() + self._timeout
        try:
            self._socket.send(json.dumps(request, ensure_ascii=False))
            while True:
                text = self._socket.recv(timeout=max(0.0, deadline - time.monotonic()))
                try:
                    found = json.loads(text)
                except ValueError as exc:
                    why = "an answer that is not JSON"
                    raise FrameDamaged("idcard.damaged", reader=self.name, why=why) from exc
                if not isinstance(found, dict):
                    why = "an answer that is not a JSON object"
                    raise FrameDamaged("idcard.damaged", reader=self.name, why=why)
                if found.get(self.method) == request[self.method]:
                    return found
        except TimeoutError as exc:
            raise ReaderLost("idcard.lost", reader=self.name, why="no answer") from exc
        except ConnectionClosed as exc:
            raise ReaderLost(
                "idcard.lost", reader=self.name, why="the service closed the connection"
            ) from exc
        except (OSError, WebSocketException) as exc:
            raise ReaderLost("idcard.lost", reader=self.name, why=str(exc) or type(exc).__name__) from exc


class ShensiReader(_WebSocketReader):
    """神思's WebSocket service (``shensi:URL``)."""

    kind, method = "shensi", "Method"

    def __init__(self, url: str, *, timeout: float = TIMEOUT) -> None:
        super().__init__(url, timeout=timeout)
        try:
            opened = self._ask({"Method": "OpenDevice", "PortType": "AUTO", "PortPara": "", "ExtendPara": ""})
        except ReaderLost:
            self.close()
            raise
        except FrameDamaged as exc:  # not a reader's service, or not one we know how to ask
            self.close()
            raise ReaderLost("idcard.lost", reader=self.name, why=exc.why) from exc
        if not _succeeded(opened.get("RetCode")):
            self.close()
            why = f"the service could not open its reader (RetCode {_text(opened.get('RetCode'))})"
            raise ReaderLost("idcard.lost", reader=self.name, why=why)

    def poll(self) -> Card | None:
        answer = self._ask({"Method": "IdReadCard", "CardType": "16", "InfoEncoding": "1", "TimeOutMs": "0"})
        if not _succeeded(answer.get("RetCode")):
            return None
        info = answer.get("IdCardInfo")
        if not isinstance(info, dict):
            raise FrameDamaged("idcard.damaged", reader=self.name, why="no IdCardInfo")
        return _card(
            self.name,
            {
                "name": info.get("Name"),
                "id_number": info.get("CardNo"),
                "gender": info.get("Sex"),
                "nation": info.get("Nation"),
                "birth": info.get("Born"),
                "address": info.get("Address"),
                "issuer": info.get("Police"),
                "valid_from": info.get("UserLifeBegin"),
                "valid_to": info.get("UserLifeEnd"),
            },
        )


DECARD_FIELDS = (
    "name",
    "gender",
    "nation",
    "birth",
    "address",
    "id_number",
    "issuer",
    "valid_from",
    "valid_to",
)


class DecardReader(_WebSocketReader):
    """德卡's WebSocket service (``decard:URL``): nothing to open, each read asks for the card."""

    kind, method = "decard", "func"

    def poll(self) -> Card | None:
        answer = self._ask({"func": "iReadIdentityCard", "in": ["1", "0"]})
        if not _succeeded(answer.get("result")):
            return None
        out = answer.get("out")
        if not isinstance(out, list) or len(out) < len(DECARD_FIELDS):
            raise FrameDamaged("idcard.damaged", reader=self.name, why="an out of fewer fields than a card's")
        return _card(self.name, dict(zip(DECARD_FIELDS, out, strict=False)))


SERVICES: dict[str, Callable[[str], Reader]] = {
    "huashi": HuashiReader,
    "shensi": ShensiReader,
    "decard": DecardReader,
}


def open_reader(
    spec: Spec | str, *, ports: Sequence[str] | None = None, urls: Mapping[str, str] | None = None
) -> Reader:
    """The reader ``spec`` names, connected, with these services among the drivers
    (``drivers.open_reader``)."""
    return drivers.open_reader(spec, SERVICES, ports=ports, urls=urls)
