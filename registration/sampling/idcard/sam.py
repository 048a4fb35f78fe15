"""The SAM serial protocol of second-generation ID-card readers: frames both ways (a host's command,
a reader's answer), their checksum, reading one frame off a port, and a card read's data.

A frame is the preamble ``AA AA AA 96 69``, a big-endian length counting every byte after it, the
payload (``CMD PARA [DATA]`` from the host, ``SW1 SW2 SW3 [DATA]`` from the reader) and one
checksum byte, the XOR of every byte after the preamble.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import reduce

PREAMBLE = bytes.fromhex("AAAAAA9669")
HEADER = len(PREAMBLE) + 2
# No answer is longer than a read with fingerprints (about 2,300 bytes): a longer length is a
# garbled one, and waiting for that many bytes would only stall the reader.
MAX_LENGTH = 4096
# Noise a port may hold before a frame starts (a reader powering up, a half-read answer).
MAX_NOISE = 64

# Commands: (CMD, PARA).
SAM_STATUS = (0x11, 0xFF)
SET_MAX_RF = (0x61, 0xFF)
FIND_CARD = (0x20, 0x01)
SELECT_CARD = (0x20, 0x02)
READ_CARD = (0x30, 0x01)
READ_CARD_FINGERPRINT = (0x30, 0x10)

# SW3 of an answer.
OK = 0x90
CARD_FOUND = 0x9F
NO_CARD = 0x80
SELECT_FAILED = 0x81
READ_FAILED = 0x41
BAD_CHECKSUM = 0x10  # the reader's answer to a command whose checksum fails
UNKNOWN_COMMAND = 0x21


class FrameError(ValueError):
    """Bytes that are not one whole frame; ``why`` says what is wrong (never the bytes)."""

    def __init__(self, why: str) -> None:
        super().__init__(why)
        self.why = why


class NoAnswer(FrameError):
    """Not one byte came back in time."""


def checksum(after_preamble: bytes) -> int:
    return reduce(lambda a, b: a ^ b, after_preamble, 0)


def frame(payload: bytes) -> bytes:
    """``payload`` framed: preamble, length, payload, checksum."""
    body = (len(payload) + 1).to_bytes(2, "big") + payload
    return PREAMBLE + body + bytes([checksum(body)])


def command(which: tuple[int, int], data: bytes = b"") -> bytes:
    """A host's command frame."""
    return frame(bytes(which) + data)


def answer(sw3: int, data: bytes = b"", sw1: int = 0, sw2: int = 0) -> bytes:
    """A reader's answer frame."""
    return frame(bytes([sw1, sw2, sw3]) + data)


def unframe(raw: bytes) -> bytes:
    """The payload of one whole frame; ``FrameError`` where ``raw`` is not one."""
    if not raw.startswith(PREAMBLE):
        raise FrameError("no frame start")
    if len(raw) < HEADER + 1:
        raise FrameError(f"short frame: {len(raw)} bytes")
    length = int.from_bytes(raw[len(PREAMBLE) : HEADER], "big")
    if len(raw) != HEADER + length:
        raise FrameError(f"a frame of {len(raw)} bytes says {HEADER + length}")
    if checksum(raw[len(PREAMBLE) : -1]) != raw[-1]:
        raise FrameError("bad checksum")
    return raw[HEADER:-1]


def read_frame(read: Callable[[int], bytes]) -> bytes:
    """The payload of the next frame a port gives; ``read(n)`` returns up to ``n`` bytes, fewer when
    its timeout passes. ``NoAnswer`` when nothing came, ``FrameError`` for a broken frame."""
    got = read(HEADER)
    if not got:
        raise NoAnswer("no answer")
    while PREAMBLE not in got:
        more = read(1) if len(got) < MAX_NOISE + len(PREAMBLE) else b""
        if not more:
            raise FrameError("no frame start")
        got += more
    got = got[got.index(PREAMBLE) :]
    if len(got) < HEADER:
        got += read(HEADER - len(got))
        if len(got) < HEADER:
            raise FrameError(f"short answer: {len(got)} bytes")
    length = int.from_bytes(got[len(PREAMBLE) : HEADER], "big")
    if not 1 <= length <= MAX_LENGTH:
        raise FrameError(f"a length of {length} bytes")
    want = HEADER + length
    if len(got) < want:
        got += read(want - len(got))
    if len(got) < want:
        raise FrameError(f"short answer: {len(got)} of {want} bytes")
    return unframe(got[:want])


@dataclass(frozen=True)
class Command:
    cmd: int
    para: int
    data: bytes = b""

    @property
    def which(self) -> tuple[int, int]:
        return (self.cmd, self.para)


@dataclass(frozen=True)
class Answer:
    sw1: int
    sw2: int
    sw3: int
    data: bytes = b""

    @property
    def ok(self) -> bool:
        return self.sw3 == OK


def parse_command(payload: bytes) -> Command:
    if len(payload) < 2:
        raise FrameError(f"a command of {len(payload)} bytes")
    return Command(payload[0], payload[1], payload[2:])


def parse_answer(payload: bytes) -> Answer:
    if len(payload) < 3:
        raise FrameError(f"an answer of {len(payload)} bytes")
    return Answer(payload[0], payload[1], payload[2], payload[3:])


def card_data(text: bytes, photo: bytes, fingerprint: bytes | None = None) -> bytes:
    """The data of a read's answer: the lengths (little-endian, as our protocol note has them), then
    the text, the photo and, for a read with fingerprints, the fingerprint."""
    parts = [text, photo] if fingerprint is None else [text, photo, fingerprint]
    return b"".join(len(p).to_bytes(2, "little") for p in parts) + b"".join(parts)


def card_text(data: bytes, *, fingerprint: bool = False) -> bytes:
    """The text block of a read's answer data; the photo and the fingerprint are left where they lie.

    The readers we know of send the lengths big-endian (``01 00 04 00``: 256 and 1024), our protocol
    note says little-endian: whichever order adds up to the data's length is the one used.
    """
    count = 3 if fingerprint else 2
    head = data[: 2 * count]
    if len(head) < 2 * count:
        raise FrameError(f"read data of {len(data)} bytes")
    fields = [head[2 * i : 2 * i + 2] for i in range(count)]
    big, little = [int.from_bytes(f, "big") for f in fields], [int.from_bytes(f, "little") for f in fields]
    for lengths in (big, little):
        if 2 * count + sum(lengths) == len(data):
            return data[2 * count : 2 * count + lengths[0]]
    raise FrameError(f"read data of {len(data)} bytes does not hold the lengths it gives")
