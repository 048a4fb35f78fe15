"""Readers that stand in for a device: a scripted one whose card and faults are set by hand (what the
window is tested with), and the demo's, which lays the demo campaign's cards on itself in turn.
"""

from __future__ import annotations

import random
import threading
import time
from collections.abc import Callable, Sequence

from registration.sampling.idcard.card import Card
from registration.sampling.idcard.reader import FrameDamaged, ReaderLost
from registration.setup import sample_park

FIRST_AFTER = 12.0
"""Seconds before the demo's first card: the video's first people (a yellow code among them, sealed
alone in a tube) come first."""
LAID_FOR = 1.5
"""Seconds a demo card stays on the reader."""
GAP = 6.0
"""Seconds between a demo card lifted and the next one laid."""
DEMO_CARDS_ON_ROSTER = 3
WALK_IN_SEED = 2026


class ScriptedReader:
    """A reader whose card is laid and lifted, and whose answers are damaged or lost, when told.

    The test (or the demo's timeline) scripts it from one thread while a reader thread polls it.
    ``open`` is the factory ``watch`` is given: it fails while the reader is unplugged.
    """

    def __init__(self, name: str = "scripted") -> None:
        self.name = name
        self._lock = threading.Lock()
        self._card: Card | None = None
        self._damaged = 0
        self._unplugged = False
        self.opened = 0
        """How many times it was opened (the first time, and again after each loss)."""
        self.polls = 0
        """How many times it was polled: a test waits for the reader to have looked again."""
        self.damaged_answers = 0
        """How many damaged answers it gave."""

    def lay(self, card: Card) -> None:
        with self._lock:
            self._card = card

    def lift(self) -> None:
        with self._lock:
            self._card = None

    def corrupt_next(self, answers: int = 1) -> None:
        """The next ``answers`` polls fail their checksum."""
        with self._lock:
            self._damaged += answers

    def unplug(self) -> None:
        with self._lock:
            self._unplugged = True

    def plug(self) -> None:
        with self._lock:
            self._unplugged = False

    def open(self) -> ScriptedReader:
        with self._lock:
            if self._unplugged:
                raise self._lost()
            self.opened += 1
        return self

    def poll(self) -> Card | None:
        with self._lock:
            self.polls += 1
            if self._unplugged:
                raise self._lost()
            if self._damaged:
                self._damaged -= 1
                self.damaged_answers += 1
                raise FrameDamaged("idcard.damaged", reader=self.name, why="checksum")
            return self._card

    def close(self) -> None:
        """Nothing to let go of."""

    def _lost(self) -> ReaderLost:
        return ReaderLost("idcard.lost", reader=self.name, why="unplugged")


def _card(name: str, id_number: str) -> Card:
    """A card as the ID number and name make it: its holder's birth and gender are in the number."""
    birth = f"{id_number[6:10]}-{id_number[10:12]}-{id_number[12:14]}"
    gender = "male" if int(id_number[16]) % 2 else "female"
    return Card(name=name, id_number=id_number, gender=gender, nation="汉", birth=birth)


def demo_cards() -> list[Card]:
    """The cards of the demo campaign (``sample_park.build``'s defaults): people on its roster whom
    its video does not show, then a visitor on no roster."""
    shown = sample_park.VIDEO_PEOPLE
    people = sample_park.make_people(shown + DEMO_CARDS_ON_ROSTER)[shown:]
    visitor = _card("林晓", sample_park.make_id(random.Random(WALK_IN_SEED)))
    return [*(_card(p.name, p.id_number) for p in people), visitor]


class DemoReader(ScriptedReader):
    """The reader of ``--demo``: after ``first_after`` seconds it lays each card in turn for
    ``laid_for`` seconds, ``gap`` seconds apart, and starts over after the last."""

    def __init__(
        self,
        cards: Sequence[Card] | None = None,
        *,
        first_after: float = FIRST_AFTER,
        laid_for: float = LAID_FOR,
        gap: float = GAP,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        super().__init__("demo")
        self.cards = list(cards) if cards is not None else demo_cards()
        if not self.cards:
            raise ValueError("a demo reader needs a card to lay")
        self.first_after, self.laid_for, self.gap = first_after, laid_for, gap
        self._clock = clock
        self._started = clock()

    def on_reader(self) -> Card | None:
        """The card the timeline has on the reader now."""
        elapsed = self._clock() - self._started - self.first_after
        if elapsed < 0:
            return None
        turn, into = divmod(elapsed, self.laid_for + self.gap)
        return self.cards[int(turn) % len(self.cards)] if into < self.laid_for else None

    def poll(self) -> Card | None:
        card = self.on_reader()
        if card is None:
            self.lift()
        else:
            self.lay(card)
        return super().poll()
