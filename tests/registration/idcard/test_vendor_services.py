"""The three vendors' services, emulated on loopback, through their drivers: a card, no card, a cut
answer, a service stopped and started again."""

from __future__ import annotations

import pytest

from devices.idcard_services import open_reader
from registration.sampling.idcard.card import Card
from registration.sampling.idcard.reader import FrameDamaged, ReaderLost
from tests.registration.idcard.emulate import DecardService, HuashiService, ShensiService

Service = tuple[str, HuashiService | ShensiService | DecardService]


def test_a_card_is_read_through_the_service_with_every_field(service: Service, card: Card) -> None:
    kind, emulator = service
    reader = open_reader(f"{kind}:{emulator.url}")
    try:
        assert reader.name == f"{kind}:{emulator.url}"
        assert reader.poll() is None
        emulator.lay(card)
        # Every field as the card has it, however the service spells gender, nation and dates.
        assert reader.poll() == card
        emulator.lift()
        assert reader.poll() is None
    finally:
        reader.close()


def test_a_cut_answer_is_damaged_and_the_next_is_read(service: Service, card: Card) -> None:
    kind, emulator = service
    reader = open_reader(f"{kind}:{emulator.url}")
    try:
        emulator.lay(card)
        emulator.corrupt_next()
        with pytest.raises(FrameDamaged, match="not JSON"):
            reader.poll()
        assert reader.poll() == card
    finally:
        reader.close()


def test_a_stopped_service_is_lost_until_it_runs_again(service: Service, card: Card) -> None:
    kind, emulator = service
    spec = f"{kind}:{emulator.url}"
    reader = open_reader(spec)
    emulator.lay(card)
    emulator.unplug()
    with pytest.raises(ReaderLost) as lost:
        reader.poll()
    assert lost.value.reason.key == "idcard.lost"
    reader.close()
    with pytest.raises(ReaderLost):
        open_reader(spec)
    emulator.plug()
    again = open_reader(spec)
    try:
        assert again.poll() == card
    finally:
        again.close()


def test_a_service_that_answers_something_else_is_no_reader(card: Card) -> None:
    # A WebSocket service of another kind answers the huashi driver's HTTP request with no JSON.
    other = ShensiService(card)
    try:
        with pytest.raises(ReaderLost):
            open_reader(f"huashi:http://127.0.0.1:{other.port}")
    finally:
        other.close()
