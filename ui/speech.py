"""Spoken feedback after a registration: the person's name and tube position in Mandarin ("吴磊，五号").

Qt's text-to-speech (PySide6-Addons) where it has a Chinese voice, else a system speech program,
else nothing; the station works the same without a voice.
"""

from __future__ import annotations

import logging
import shutil
from typing import Any

from PySide6.QtCore import QLocale, QObject, QProcess

log = logging.getLogger(__name__)

DIGITS = "零一二三四五六七八九"
# Speech programs and how each is asked for a Mandarin voice: the names are Chinese whatever the UI language.
PROGRAMS = {
    "spd-say": ["-l", "zh"],
    "espeak-ng": ["-v", "cmn"],
    "espeak": ["-v", "zh"],
    "say": ["-v", "Ting-Ting"],
}
# Qt engines that only answer where their service runs: asking one that has none logs errors.
_ENGINE_NEEDS = {"speechd": "speech-dispatcher"}


def chinese_number(n: int) -> str:
    """How a tube position is read out: 5 → 五, 10 → 十, 12 → 十二, 20 → 二十, 100 → 100."""
    if not 0 < n < 100:
        return str(n)
    tens, ones = divmod(n, 10)
    head = "" if tens == 0 else ("十" if tens == 1 else DIGITS[tens] + "十")
    return head + (DIGITS[ones] if ones else "")


def announcement(name: str, position: int | None) -> str:
    """What the station says after a registration: "吴磊，五号", or the name alone."""
    parts = [name.strip()] if name.strip() else []
    if position:
        parts.append(f"{chinese_number(position)}号")
    return "，".join(parts)


def _qt_voice(engine: str | None, parent: QObject) -> Any | None:
    """A QTextToSpeech speaking Chinese: ``engine`` when named (tests name "mock"), else the
    first installed engine with a Chinese voice; None without the add-ons or a voice."""
    try:
        from PySide6.QtTextToSpeech import QTextToSpeech  # type: ignore[attr-defined,unused-ignore]
    except ImportError:
        return None
    if engine is not None:
        return QTextToSpeech(engine, parent)
    for name in QTextToSpeech.availableEngines():
        needs = _ENGINE_NEEDS.get(name)
        if name == "mock" or (needs is not None and shutil.which(needs) is None):
            continue
        voice = QTextToSpeech(name, parent)
        chinese = [loc for loc in voice.availableLocales() if loc.language() == QLocale.Language.Chinese]
        if chinese:
            voice.setLocale(chinese[0])
            return voice
        voice.deleteLater()
    return None


class Speech(QObject):
    """Says short texts without waiting for them; a new text interrupts the one being said."""

    def __init__(self, engine: str | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.voice = _qt_voice(engine, self)
        self._program = (
            None if self.voice is not None else next((p for p in PROGRAMS if shutil.which(p)), None)
        )
        self._process: QProcess | None = None
        self.said: list[str] = []
        """The texts asked for so far, newest last (kept short), so a test can hear the station."""

    @property
    def can_speak(self) -> bool:
        return self.voice is not None or self._program is not None

    def say(self, text: str) -> None:
        if not text or not self.can_speak:
            return
        self.said = [*self.said[-19:], text]
        if self.voice is not None:
            # A queue of names would lag behind the line of people: the newest one is what matters.
            self.voice.stop()
            self.voice.say(text)
            return
        assert self._program is not None
        if self._process is not None:
            self._process.kill()
        process = QProcess(self)
        process.finished.connect(lambda *_: self._finished(process))
        process.start(self._program, [*PROGRAMS[self._program], text])
        self._process = process

    def _finished(self, process: QProcess) -> None:
        if self._process is process:
            self._process = None
        process.deleteLater()
