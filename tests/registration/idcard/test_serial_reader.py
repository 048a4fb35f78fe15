"""The SAM serial driver against a reader emulated on a real pseudo-terminal: a card, no card, a
corrupted answer, an unplugged reader plugged in again, a port that is not a reader."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from registration.sampling.idcard.card import Card
from registration.sampling.idcard.reader import FrameDamaged, ReaderLost
from registration.sampling.idcard.serial_reader import SerialReader
from tests.registration.idcard.emulate import SamEmulator


def _open(emulator: SamEmulator) -> SerialReader:
    return SerialReader(str(emulator.link))


def test_a_card_is_read_whole_and_read_again_while_it_stays(sam_reader: SamEmulator, card: Card) -> None:
    reader = _open(sam_reader)
    try:
        assert reader.name == f"serial:{sam_reader.link}"
        assert reader.poll() is None
        sam_reader.lay(card)
        assert reader.poll() == card
        assert reader.poll() == card
        sam_reader.lift()
        assert reader.poll() is None
    finally:
        reader.close()


def test_a_corrupted_answer_is_damaged_and_the_next_poll_reads_whole(
    sam_reader: SamEmulator, card: Card
) -> None:
    reader = _open(sam_reader)
    try:
        sam_reader.lay(card)
        sam_reader.corrupt_next()
        with pytest.raises(FrameDamaged) as damaged:
            reader.poll()
        assert damaged.value.reason.key == "idcard.damaged"
        assert damaged.value.reason.params["why"] == "bad checksum"
        assert reader.poll() == card
    finally:
        reader.close()


def test_an_unplugged_reader_is_lost_until_it_is_plugged_in_again(
    sam_reader: SamEmulator, card: Card
) -> None:
    reader = _open(sam_reader)
    sam_reader.lay(card)
    assert reader.poll() == card
    sam_reader.unplug()
    with pytest.raises(ReaderLost) as lost:
        reader.poll()
    assert lost.value.reason.key == "idcard.lost"
    reader.close()
    with pytest.raises(ReaderLost, match="No such file"):
        _open(sam_reader)
    sam_reader.plug()
    again = _open(sam_reader)
    try:
        assert again.poll() == card
    finally:
        again.close()


def test_a_port_held_by_another_program_is_not_shared(sam_reader: SamEmulator) -> None:
    reader = _open(sam_reader)
    try:
        with pytest.raises(ReaderLost):
            _open(sam_reader)
    finally:
        reader.close()


def test_a_port_that_never_answers_is_no_reader(tmp_path: Path) -> None:
    master, slave = os.openpty()
    try:
        with pytest.raises(ReaderLost) as lost:
            SerialReader(os.ttyname(slave), status_timeout=0.1)
        assert lost.value.reason.params["why"] == "no answer"
    finally:
        os.close(master)
        os.close(slave)


def test_a_path_that_is_no_port_is_refused_in_one_line(tmp_path: Path) -> None:
    plain = tmp_path / "not-a-port"
    plain.write_text("hello")
    with pytest.raises(ReaderLost) as lost:
        SerialReader(str(plain))
    assert "\n" not in str(lost.value)
