"""Hybrid logical clock timestamps and UUIDv7 event ids.

An HLC timestamp is ``(wall_ms, counter)``; it never goes backwards, even when the
laptop's clock does, because the last value is persisted with every event.
"""

from __future__ import annotations

import os
import time
import uuid
from typing import NamedTuple


class Hlc(NamedTuple):
    wall_ms: int
    counter: int

    def encode(self) -> str:
        """Sortable text: compares as text exactly as the tuple compares."""
        return f"{self.wall_ms:013d}.{self.counter:05d}"

    @classmethod
    def decode(cls, text: str) -> Hlc:
        wall, _, counter = text.partition(".")
        return cls(int(wall), int(counter))


def wall_ms(text: str) -> int:
    """The wall clock part of an encoded Hlc, without decoding the rest."""
    return int(text.partition(".")[0])


def now_ms() -> int:
    return time.time_ns() // 1_000_000


def tick(last: Hlc, wall_ms: int | None = None) -> Hlc:
    """The next local timestamp after ``last``."""
    wall = now_ms() if wall_ms is None else wall_ms
    if wall > last.wall_ms:
        return Hlc(wall, 0)
    return Hlc(last.wall_ms, last.counter + 1)


def receive(last: Hlc, remote: Hlc, wall_ms: int | None = None) -> Hlc:
    """Merge a timestamp seen on another device so later local events sort after it."""
    wall = now_ms() if wall_ms is None else wall_ms
    top = max(wall, last.wall_ms, remote.wall_ms)
    if top == last.wall_ms == remote.wall_ms:
        return Hlc(top, max(last.counter, remote.counter) + 1)
    if top == last.wall_ms:
        return Hlc(top, last.counter + 1)
    if top == remote.wall_ms:
        return Hlc(top, remote.counter + 1)
    return Hlc(top, 0)


def uuid7(unix_ms: int | None = None) -> str:
    """A UUIDv7 (RFC 9562): 48-bit millisecond time, then random bits."""
    ms = now_ms() if unix_ms is None else unix_ms
    rand = int.from_bytes(os.urandom(10), "big")
    value = (ms & ((1 << 48) - 1)) << 80
    value |= 0x7 << 76
    value |= ((rand >> 62) & 0xFFF) << 64
    value |= 0b10 << 62
    value |= rand & ((1 << 62) - 1)
    return str(uuid.UUID(int=value))
