"""The SAM frames both ways: built, read back whole, and refused when cut, noisy or bit-flipped."""

from __future__ import annotations

import io

import pytest

from registration.sampling.idcard import sam
from registration.sampling.idcard.card import make_text, parse_text

from .conftest import make_card


def _reading(data: bytes) -> io.BytesIO:
    return io.BytesIO(data)


def test_a_command_and_an_answer_are_framed_as_the_protocol_says() -> None:
    # The SAM status command, byte for byte: length 3 (CMD PARA checksum), checksum 00^03^11^FF.
    assert sam.command(sam.SAM_STATUS) == bytes.fromhex("AAAAAA9669 0003 11FF ED")
    assert sam.answer(sam.OK) == bytes.fromhex("AAAAAA9669 0004 000090 94")
    framed = sam.command(sam.READ_CARD, b"\x01\x02")
    asked = sam.parse_command(sam.unframe(framed))
    assert (asked.which, asked.data) == (sam.READ_CARD, b"\x01\x02")


def test_a_read_answer_round_trips_to_the_card_and_drops_the_photo() -> None:
    card = make_card(3)
    framed = sam.answer(sam.OK, sam.card_data(make_text(card), b"\xaa" * 1024))
    answer = sam.parse_answer(sam.read_frame(_reading(framed).read))
    assert answer.ok
    text = sam.card_text(answer.data)
    assert len(text) == 256 and parse_text(text) == card
    with_fingerprint = sam.card_data(make_text(card), bytes(1024), bytes(1024))
    assert parse_text(sam.card_text(with_fingerprint, fingerprint=True)) == card


def test_the_lengths_are_read_in_either_byte_order() -> None:
    # The readers we know of send 01 00 04 00 (big-endian) before the text and the photo.
    card = make_card(4)
    big = bytes.fromhex("0100 0400") + make_text(card) + bytes(1024)
    assert parse_text(sam.card_text(big)) == card
    with pytest.raises(sam.FrameError, match="does not hold the lengths"):
        sam.card_text(big[:-1])


def test_noise_before_a_frame_is_passed_over() -> None:
    framed = sam.answer(sam.CARD_FOUND)
    assert sam.parse_answer(sam.read_frame(_reading(b"\x00\xff\x13" + framed).read)).sw3 == sam.CARD_FOUND


@pytest.mark.parametrize(
    ("raw", "why"),
    [
        (sam.answer(sam.OK)[:-1] + b"\x00", "bad checksum"),
        (sam.answer(sam.OK, bytes(300))[:100], "short answer: 100 of 311 bytes"),
        (sam.answer(sam.OK)[:6], "short answer: 6 bytes"),
        (b"\x55" * 200, "no frame start"),
        (sam.PREAMBLE + b"\xff\xff" + bytes(10), "a length of 65535 bytes"),
        (sam.frame(b"\x00\x90"), "an answer of 2 bytes"),
    ],
    ids=["bad checksum", "truncated", "cut in its header", "no preamble", "garbled length", "too short"],
)
def test_a_broken_frame_says_what_is_wrong(raw: bytes, why: str) -> None:
    with pytest.raises(sam.FrameError) as broken:
        sam.parse_answer(sam.read_frame(_reading(raw).read))
    assert broken.value.why == why
    assert not isinstance(broken.value, sam.NoAnswer)


def test_silence_is_no_answer() -> None:
    with pytest.raises(sam.NoAnswer):
        sam.read_frame(_reading(b"").read)


def test_a_frame_that_says_another_length_than_it_has_is_refused() -> None:
    with pytest.raises(sam.FrameError, match="says"):
        sam.unframe(sam.answer(sam.OK) + b"\x00")
