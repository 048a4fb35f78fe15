"""Text a person typed or a scanner sent: it holds no control character (C0, DEL or C1, tab included).

The server refuses an event body whose text holds one (``bodies``); a laptop cleans text where it
comes in (``one_line``) or, for a scanned code, keeps it escaped (``escaped``), so that it never
records an event the server would refuse.
"""

from __future__ import annotations

import re
import unicodedata

# No field is more than one line: a tab, a line break or a NUL in a name, a department or a note
# is noise from a cell or a scanner, and PostgreSQL cannot hold a NUL in text at all.
CONTROLS = "\x00-\x1f\x7f-\x9f"
REFUSAL = "holds a control character"
_CONTROL = re.compile(f"[{CONTROLS}]")


def has_control(text: str) -> bool:
    return _CONTROL.search(text) is not None


def without_controls(text: str) -> str:
    """``text`` with every control character dropped."""
    return _CONTROL.sub("", text)


def escaped(text: str) -> str:
    r"""``text`` with each control character written as its escape, so that nothing it held is lost.

    >>> escaped("01095012345678901\x1d10ABC")
    '01095012345678901\\x1d10ABC'
    """
    return _CONTROL.sub(lambda m: f"\\x{ord(m[0]):02x}", text)


def one_line(text: str) -> str:
    r"""Typed text as it is kept: full-width folded to half-width, tabs and line breaks as single
    spaces, other control characters dropped, no outer space.

    >>> one_line(" 质检\t部\x00 ")
    '质检 部'
    """
    words = unicodedata.normalize("NFKC", text).split()
    return " ".join(filter(None, map(without_controls, words)))
