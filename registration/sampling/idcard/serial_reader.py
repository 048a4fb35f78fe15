"""The SAM serial driver: a reader on a USB-serial port (``serial:PATH[@BAUD]``), asked for the SAM's
status when opened, then at each poll to find, select and read a card."""

from __future__ import annotations

import contextlib
from typing import Any

import serial

from registration.errors import Refused
from registration.sampling.idcard import sam
from registration.sampling.idcard.card import Card, parse_text
from registration.sampling.idcard.reader import DEFAULT_BAUD, FrameDamaged, ReaderLost, Spec

# Seconds an answer may take. Finding and selecting are quick; a read carries about 1,300 bytes
# and the reader first reads them off the card by radio (half a second on the readers we know).
ANSWER_TIMEOUT = 0.5
READ_TIMEOUT = 2.0
WRITE_TIMEOUT = 0.5

try:
    from termios import error as _TermiosError

    # An unplugged port fails some calls (flushing its input) with termios' error, not an OSError.
    PORT_ERRORS: tuple[type[Exception], ...] = (OSError, _TermiosError)
except ImportError:  # Windows: no termios; pyserial raises OSErrors alone there
    PORT_ERRORS = (OSError,)


class SerialReader:
    """A SAM reader on a serial port. ``status_timeout`` is how long the SAM's status may take when
    opened: short when ``auto`` asks every port whether it is a reader."""

    def __init__(
        self, path: str, baud: int = DEFAULT_BAUD, *, status_timeout: float = ANSWER_TIMEOUT
    ) -> None:
        self.name = str(Spec("serial", path, baud))
        try:
            # Exclusive: another program reading the same reader would take half of its answers.
            self._port: Any = serial.Serial(
                path, baud, timeout=ANSWER_TIMEOUT, write_timeout=WRITE_TIMEOUT, exclusive=True
            )
        except (OSError, ValueError) as exc:
            raise ReaderLost("idcard.lost", reader=self.name, why=str(exc)) from exc
        try:
            status = self._ask(sam.SAM_STATUS, status_timeout)
        except FrameDamaged as exc:  # a device that answers, but not as a reader does
            self.close()
            raise ReaderLost("idcard.lost", reader=self.name, why=exc.why) from exc
        except ReaderLost:
            self.close()
            raise
        if not status.ok:
            self.close()
            raise ReaderLost("idcard.lost", reader=self.name, why=f"SAM status {status.sw3:02X}")

    def poll(self) -> Card | None:
        if self._ask(sam.FIND_CARD).sw3 != sam.CARD_FOUND:
            return None
        if self._ask(sam.SELECT_CARD).sw3 != sam.OK:
            return None  # the card moved away between finding and selecting it
        read = self._ask(sam.READ_CARD, READ_TIMEOUT)
        if not read.ok:
            return None
        try:
            return parse_text(sam.card_text(read.data))
        except sam.FrameError as exc:
            raise FrameDamaged("idcard.damaged", reader=self.name, why=exc.why) from exc
        except Refused as exc:  # a text that passed the checksum but names nobody
            raise FrameDamaged("idcard.damaged", reader=self.name, why=exc.reason) from exc

    def close(self) -> None:
        with contextlib.suppress(*PORT_ERRORS):  # unplugged: nothing left to close
            self._port.close()

    def _ask(self, which: tuple[int, int], timeout: float = ANSWER_TIMEOUT) -> sam.Answer:
        try:
            self._port.reset_input_buffer()  # what is left of an answer read in part before
            self._port.timeout = timeout
            self._port.write(sam.command(which))
            return sam.parse_answer(sam.read_frame(self._port.read))
        except sam.NoAnswer as exc:
            # Nothing at all: a reader that hung is opened again, as one unplugged is.
            raise ReaderLost("idcard.lost", reader=self.name, why=exc.why) from exc
        except sam.FrameError as exc:
            raise FrameDamaged("idcard.damaged", reader=self.name, why=exc.why) from exc
        except PORT_ERRORS as exc:  # serial.SerialException is an OSError: the port went away
            raise ReaderLost("idcard.lost", reader=self.name, why=_why(exc)) from exc


def _why(error: Exception) -> str:
    if isinstance(error, OSError):
        return str(error)
    return str(error.args[-1]) if error.args else type(error).__name__  # termios': (errno, words)
