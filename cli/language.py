"""The command line's language for refusals: English, or Chinese where the locale asks for it.

The locale is read as gettext reads it (``LC_ALL``, else ``LC_MESSAGES``, else ``LANG``); Chinese is
any ``zh`` one. The Chinese words are the window's (``ui/i18n/zh_CN.ts``, context ``reasons``, where
each refusal's key is a message's source), read as XML without Qt: one translation for both faces.
"""

from __future__ import annotations

import functools
import os
import xml.etree.ElementTree as ET
from pathlib import Path

from registration.errors import Reason

TRANSLATIONS = Path(__file__).resolve().parent.parent / "ui" / "i18n" / "zh_CN.ts"


def spoken(text: str) -> str:
    """``text`` in the command line's language: a ``Reason`` in Chinese under a Chinese locale;
    anything else, and everything under another locale, as it is."""
    if not isinstance(text, Reason) or not chinese():
        return text
    return text.render(_chinese_words().get)


def chinese() -> bool:
    """Whether the locale asks for Chinese."""
    for name in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = os.environ.get(name)
        if value:
            return value.lower().startswith("zh")
    return False


@functools.cache
def _chinese_words() -> dict[str, str]:
    """Each refusal's key -> its Chinese template (finished translations only)."""
    try:
        root = ET.parse(TRANSLATIONS).getroot()
    except (OSError, ET.ParseError):
        return {}  # no translations beside the program: English it is
    return {
        message.findtext("source", ""): translation.text
        for context in root.iter("context")
        if context.findtext("name") == "reasons"
        for message in context.iter("message")
        if (translation := message.find("translation")) is not None
        and translation.text
        and translation.get("type") is None
    }
