"""Watching a reader emulated on a pseudo-terminal, as a desk does: a card left on it is announced
once, laid again it is announced again; damage said after three answers in a row; an unplugged
reader said once and found again."""

from __future__ import annotations

import queue
import threading
from collections.abc import Iterator

import pytest

from registration.sampling.idcard.card import Card
from registration.sampling.idcard.drivers import open_reader
from registration.sampling.idcard.watch import DAMAGED_AFTER, Damaged, Event, Found, Laid, Lifted, Lost, watch
from tests.registration.idcard.emulate import SamEmulator

from .conftest import make_card

# Quicker than a desk's, so that the tests are quick; the same rules.
POLL, RETRY = 0.02, 0.1
WAIT = 5.0


class Watching:
    """A watch running on its own thread; its events read one by one, each awaited."""

    def __init__(self, emulator: SamEmulator) -> None:
        self.emulator = emulator
        self.stop = threading.Event()
        self.events: queue.Queue[Event] = queue.Queue()
        self.thread = threading.Thread(target=self._run, daemon=True)
        self.thread.start()

    def _run(self) -> None:
        for event in watch(
            lambda: open_reader(f"serial:{self.emulator.link}", {}),
            self.stop,
            poll_every=POLL,
            retry_every=RETRY,
        ):
            self.events.put(event)

    def next(self) -> Event:
        return self.events.get(timeout=WAIT)

    def polls(self, count: int) -> None:
        """Wait until the reader has answered ``count`` more polls (three questions each)."""
        assert self.emulator.wait_answered(self.emulator.answered + 3 * count, WAIT)

    def quiet(self) -> list[Event]:
        return list(self.events.queue)


@pytest.fixture
def watching(sam_reader: SamEmulator) -> Iterator[Watching]:
    running = Watching(sam_reader)
    yield running
    running.stop.set()
    running.thread.join(WAIT)
    assert not running.thread.is_alive()


def test_a_card_left_on_the_reader_counts_once_and_laid_again_counts_again(
    watching: Watching, sam_reader: SamEmulator, card: Card
) -> None:
    assert watching.next() == Found(f"serial:{sam_reader.link}")
    sam_reader.lay(card)
    assert watching.next() == Laid(card)
    watching.polls(5)
    assert watching.quiet() == []
    sam_reader.lift()
    assert watching.next() == Lifted(card)
    sam_reader.lay(card)
    assert watching.next() == Laid(card)
    other = make_card(8, "王五")
    sam_reader.lay(other)  # one card taken off and another laid between two looks
    assert watching.next() == Laid(other)


def test_damage_is_said_after_three_answers_in_a_row_and_the_card_is_read_after_it(
    watching: Watching, sam_reader: SamEmulator, card: Card
) -> None:
    assert isinstance(watching.next(), Found)
    sam_reader.corrupt_next(DAMAGED_AFTER - 1)
    sam_reader.lay(card)
    assert watching.next() == Laid(card)  # two damaged answers, read whole on the third look
    sam_reader.lift()
    assert watching.next() == Lifted(card)
    sam_reader.corrupt_next(DAMAGED_AFTER)
    damaged = watching.next()
    assert isinstance(damaged, Damaged) and damaged.reason.key == "idcard.damaged"
    sam_reader.lay(card)
    assert watching.next() == Laid(card)


def test_an_unplugged_reader_is_said_once_and_found_again_when_plugged_in(
    watching: Watching, sam_reader: SamEmulator, card: Card
) -> None:
    assert isinstance(watching.next(), Found)
    watching.polls(1)
    sam_reader.unplug()
    lost = watching.next()
    assert isinstance(lost, Lost) and lost.reason.key == "idcard.lost"
    # Opening the port again fails for another reason (it no longer exists): nothing more is said.
    with pytest.raises(queue.Empty):
        watching.events.get(timeout=3 * RETRY)
    sam_reader.lay(card)
    sam_reader.plug()
    assert watching.next() == Found(f"serial:{sam_reader.link}")
    assert watching.next() == Laid(card)
