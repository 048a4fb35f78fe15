"""The one interface every ID-card reader driver offers, the spec that names a reader
(``serial:PATH[@BAUD]``, ``huashi:URL``, ``shensi:URL``, ``decard:URL``, ``auto``, ``demo``), and the
two ways a reader fails.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from registration.errors import Refused
from registration.sampling.idcard.card import Card

DEFAULT_BAUD = 115200
KINDS = ("serial", "huashi", "shensi", "decard", "auto", "demo")
# Where the vendors' services listen when a spec names no address.
DEFAULT_URLS = {
    "huashi": "http://127.0.0.1:19196",
    "shensi": "ws://127.0.0.1:9000",
    "decard": "ws://127.0.0.1:47903",
}


class ReaderLost(Refused):
    """The reader cannot be reached: unplugged, its port held by another program, its service down."""


class FrameDamaged(Refused):
    """An answer that fails its framing or checksum; the next poll may well read it whole."""

    @property
    def why(self) -> str:
        """What is wrong with the answer, without the reader's name."""
        return str(self.reason.params.get("why", self.reason))


class Reader(Protocol):
    """A connected reader. Use it from one thread."""

    name: str
    """The reader as a person names it: the spec it was opened from (``serial:/dev/ttyUSB0``)."""

    def poll(self) -> Card | None:
        """One look: the card on the reader now, None when there is none. Raises ``ReaderLost`` or
        ``FrameDamaged``; a card left on the reader is returned again on every poll."""
        ...

    def close(self) -> None: ...


@dataclass(frozen=True)
class Spec:
    kind: str
    target: str = ""
    """The serial port's path, or the service's URL."""
    baud: int = DEFAULT_BAUD

    def __str__(self) -> str:
        if self.kind == "serial":
            return f"serial:{self.target}" + ("" if self.baud == DEFAULT_BAUD else f"@{self.baud}")
        return f"{self.kind}:{self.target}" if self.target else self.kind


def parse_spec(text: str) -> Spec:
    """The reader ``text`` names; ``idcard.bad_spec`` where it names none.

    >>> parse_spec("serial:/dev/ttyUSB0@9600")
    Spec(kind='serial', target='/dev/ttyUSB0', baud=9600)
    >>> str(parse_spec("shensi"))
    'shensi:ws://127.0.0.1:9000'
    """
    kind, _, rest = text.strip().partition(":")
    kind = kind.lower()
    if kind not in KINDS:
        raise Refused("idcard.bad_spec", spec=text)
    if kind in ("auto", "demo"):
        if rest:
            raise Refused("idcard.bad_spec", spec=text)
        return Spec(kind)
    if kind == "serial":
        path, at, baud = rest.rpartition("@") if "@" in rest else (rest, "", "")
        if not path or (at and not baud.isdigit()) or (baud and not 1200 <= int(baud) <= 4_000_000):
            raise Refused("idcard.bad_spec", spec=text)
        return Spec(kind, path, int(baud) if baud else DEFAULT_BAUD)
    url = rest or DEFAULT_URLS[kind]
    scheme = "http" if kind == "huashi" else "ws"
    if not (url.startswith(f"{scheme}://") or url.startswith(f"{scheme}s://")):
        raise Refused("idcard.bad_spec", spec=text)
    return Spec(kind, url.rstrip("/"))
