"""Sound cues for the banner, and the spoken name and tube position, with whatever this laptop can play.

The cues go, in order of preference, to QSoundEffect (PySide6-Addons, when the laptop has an audio
output), winsound (Windows), a system player started without waiting (paplay, pw-play, aplay,
afplay), or the system beep. None of them blocks the GUI thread. Speech is ui/speech.py's.
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, QProcess, QUrl
from PySide6.QtWidgets import QApplication

from ui.banner import Look
from ui.speech import Speech, announcement

SOUNDS = Path(__file__).resolve().parent.parent / "assets" / "sounds"
PLAYERS = ("paplay", "pw-play", "aplay", "afplay")

CUE_FOR_LOOK: dict[Look, str] = {
    Look.REGISTERED: "registered",
    Look.ALREADY: "already",
    Look.YELLOW: "alert",
    Look.RED: "alert",
    Look.REJECTED: "rejected",
    Look.AMBIGUOUS: "rejected",
    Look.IDENTITY: "alert",
    Look.TUBE: "tube",
}


def _sound_effects(parent: QObject) -> dict[str, Any] | None:
    try:
        from PySide6.QtMultimedia import (  # type: ignore[attr-defined,unused-ignore]
            QMediaDevices,
            QSoundEffect,
        )
    except ImportError:
        return None
    if not QMediaDevices.audioOutputs():
        return None  # a sound effect would only log that it cannot play: use the fallbacks
    effects = {}
    for wav in SOUNDS.glob("*.wav"):
        effect = QSoundEffect(parent)
        effect.setSource(QUrl.fromLocalFile(str(wav)))
        effects[wav.stem] = effect
    return effects


class Sounds(QObject):
    """Plays a cue per banner look, and says who was registered where a voice exists."""

    def __init__(
        self,
        enabled: bool = True,
        speak: bool = True,
        parent: QObject | None = None,
        *,
        speech: Speech | None = None,
    ) -> None:
        super().__init__(parent)
        self.enabled = enabled
        self.speak_names = speak
        self._effects = _sound_effects(self)
        self._player = next((p for p in PLAYERS if shutil.which(p)), None)
        self.speech = speech if speech is not None else Speech(parent=self)
        self._processes: list[QProcess] = []
        self.played: list[str] = []
        """The cues played so far, newest last (kept short), so a test can hear the station."""

    @property
    def can_speak(self) -> bool:
        return self.speech.can_speak

    def play_look(self, look: Look, name: str = "", position: int | None = None) -> None:
        cue = CUE_FOR_LOOK.get(look)
        if cue is not None:
            self.play(cue)
        if look is Look.REGISTERED and self.enabled and self.speak_names:
            self.speech.say(announcement(name, position))

    def play(self, cue: str) -> None:
        if not self.enabled:
            return
        self.played = [*self.played[-19:], cue]
        wav = SOUNDS / f"{cue}.wav"
        if self._effects is not None and cue in self._effects:
            self._effects[cue].play()
        elif sys.platform == "win32":
            import winsound

            winsound.PlaySound(str(wav), winsound.SND_FILENAME | winsound.SND_ASYNC | winsound.SND_NODEFAULT)
        elif self._player is not None:
            self._start(self._player, [str(wav)])
        else:
            QApplication.beep()

    def _start(self, program: str, arguments: list[str]) -> None:
        process = QProcess(self)
        process.finished.connect(lambda *_: self._finished(process))
        self._processes.append(process)
        process.start(program, arguments)

    def _finished(self, process: QProcess) -> None:
        if process in self._processes:
            self._processes.remove(process)
        process.deleteLater()
