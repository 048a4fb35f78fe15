"""Watching a reader as a desk uses it: a card laid on it is announced once however long it stays,
lifted and laid again it is announced again; a damaged answer is read again; a reader that goes
away is said once and looked for every two seconds.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Generator
from dataclasses import dataclass

from registration.errors import Reason
from registration.sampling.idcard.card import Card
from registration.sampling.idcard.reader import FrameDamaged, Reader, ReaderLost

POLL_EVERY = 0.2
"""Seconds between looks: a card shows on the screen well within a second of being laid."""
RETRY_EVERY = 2.0
"""Seconds between attempts to reach a reader that went away."""
LIFTED_AFTER = 2
"""Empty looks in a row before a card counts as lifted: some readers miss a card now and then."""
DAMAGED_AFTER = 3
"""Damaged answers in a row before it is said: one is usually a card moved while it was read."""


@dataclass(frozen=True)
class Found:
    """The reader answers (at the start, or again after it was lost)."""

    name: str


@dataclass(frozen=True)
class Laid:
    card: Card


@dataclass(frozen=True)
class Lifted:
    card: Card


@dataclass(frozen=True)
class Lost:
    """The reader cannot be reached; it is looked for again every ``RETRY_EVERY`` seconds."""

    reason: Reason


@dataclass(frozen=True)
class Damaged:
    """``DAMAGED_AFTER`` damaged answers in a row; reading goes on."""

    reason: Reason


Event = Found | Laid | Lifted | Lost | Damaged


def watch(
    open_reader: Callable[[], Reader],
    stop: threading.Event,
    *,
    poll_every: float = POLL_EVERY,
    retry_every: float = RETRY_EVERY,
) -> Generator[Event, None, None]:
    """What happens at the reader, until ``stop`` is set. ``open_reader`` raises ``ReaderLost``
    where there is no reader; the reader is closed when the watch ends."""
    reader: Reader | None = None
    lost = False
    present: Card | None = None
    empty = damaged = 0
    try:
        while not stop.is_set():
            if reader is None:
                try:
                    reader = open_reader()
                except ReaderLost as exc:
                    # Said once, however the attempts that follow fail (an unplugged port first
                    # fails to read, then no longer exists): the line says it is tried again.
                    if not lost:
                        lost = True
                        yield Lost(exc.reason)
                    stop.wait(retry_every)
                    continue
                lost, damaged = False, 0
                yield Found(reader.name)
            try:
                card = reader.poll()
            except FrameDamaged as exc:
                damaged += 1
                if damaged == DAMAGED_AFTER:
                    yield Damaged(exc.reason)
                stop.wait(poll_every)
                continue
            except ReaderLost as exc:
                reader.close()
                reader, present, lost = None, None, True
                yield Lost(exc.reason)
                stop.wait(retry_every)
                continue
            damaged = 0
            if card is None:
                empty += 1
                if present is not None and empty >= LIFTED_AFTER:
                    yield Lifted(present)
                    present = None
            else:
                empty = 0
                if present is None or present.id_number != card.id_number:
                    present = card
                    yield Laid(card)
            stop.wait(poll_every)
    finally:
        if reader is not None:
            reader.close()
