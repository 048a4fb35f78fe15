"""The readers that stand in for a device: the scripted one the window is tested with, and the demo's,
which lays the demo campaign's cards in turn."""

from __future__ import annotations

import threading

import pytest

from registration.people.identity import is_valid_id
from registration.sampling.idcard.demo_reader import DemoReader, ScriptedReader, demo_cards
from registration.sampling.idcard.reader import FrameDamaged, ReaderLost
from registration.sampling.idcard.watch import Found, Laid, Lifted, watch
from registration.setup import sample_park


class Clock:
    """A clock the test moves by hand, or that moves by ``step`` each time it is read."""

    def __init__(self, step: float = 0) -> None:
        self.now = 100.0
        self.step = step

    def __call__(self) -> float:
        now = self.now
        self.now += self.step
        return now


def test_the_demo_cards_are_roster_people_the_video_does_not_show_and_a_visitor_on_no_roster() -> None:
    roster = sample_park.make_people(40)  # what ``sample_park.build`` makes for --demo
    shown = {p.id_number for p in roster[: sample_park.VIDEO_PEOPLE]}
    names = {p.id_number: p.name for p in roster}
    *on_roster, visitor = demo_cards()
    assert len(on_roster) == 3
    for card in on_roster:
        assert names.get(card.id_number) == card.name
        assert card.id_number not in shown
    assert visitor.id_number not in names and visitor.name
    assert all(is_valid_id(card.id_number) for card in demo_cards())
    assert visitor.birth == f"{visitor.id_number[6:10]}-{visitor.id_number[10:12]}-{visitor.id_number[12:14]}"


def test_the_demo_reader_lays_each_card_in_turn_and_starts_over() -> None:
    clock = Clock()
    cards = demo_cards()[:2]
    reader = DemoReader(cards, first_after=10, laid_for=1.5, gap=6, clock=clock)
    seen = []
    for at in (0, 9.9, 10, 11.4, 11.6, 17.4, 17.5, 18.9, 19, 25, 26.6):
        clock.now = 100 + at
        seen.append(reader.poll())
    assert seen == [None, None, cards[0], cards[0], None, None, cards[1], cards[1], None, cards[0], None]


def test_a_watch_of_the_demo_reader_announces_each_card_once() -> None:
    cards = demo_cards()[:2]
    # A look every quarter second: each card is on the reader for four looks, then off for four.
    reader = DemoReader(cards, first_after=0, laid_for=1, gap=1, clock=Clock(step=0.25))
    stop = threading.Event()
    events = []
    for event in watch(lambda: reader, stop, poll_every=0):
        events.append(event)
        if len(events) == 5:
            stop.set()
    assert events == [Found("demo"), Laid(cards[0]), Lifted(cards[0]), Laid(cards[1]), Lifted(cards[1])]


def test_the_scripted_reader_fails_as_told() -> None:
    reader = ScriptedReader("serial:/dev/ttyUSB0")
    card = demo_cards()[0]
    assert reader.open() is reader and reader.poll() is None
    reader.lay(card)
    reader.corrupt_next(2)
    for _ in range(2):
        with pytest.raises(FrameDamaged):
            reader.poll()
    assert reader.poll() == card and reader.damaged_answers == 2
    reader.unplug()
    with pytest.raises(ReaderLost, match="serial:/dev/ttyUSB0: unplugged"):
        reader.poll()
    with pytest.raises(ReaderLost):
        reader.open()
    reader.plug()
    assert reader.open() is reader and reader.poll() == card
    reader.lift()
    assert reader.poll() is None
    assert (reader.opened, reader.polls) == (2, 7)
