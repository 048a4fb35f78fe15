"""Sound cues for the banner and the optional spoken name, with whatever this laptop can play.

PySide6-Essentials has no QtMultimedia, so the cues go, in order of preference, to
QSoundEffect (a full PySide6), winsound (Windows), a system player started without waiting
(paplay, pw-play, aplay, afplay), or the system beep. None of them blocks the GUI thread.
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, QProcess, QUrl
from PySide6.QtWidgets import QApplication

from ui.banner import Look

SOUNDS = Path(__file__).resolve().parent.parent / "assets" / "sounds"
PLAYERS = ("paplay", "pw-play", "aplay", "afplay")
# Speech engines and how each is asked for a Mandarin voice: the names are Chinese whatever the UI language.
SPEAKERS = {
    "spd-say": ["-l", "zh"],
    "espeak-ng": ["-v", "cmn"],
    "espeak": ["-v", "zh"],
    "say": ["-v", "Ting-Ting"],
}

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
        from PySide6.QtMultimedia import QSoundEffect  # type: ignore[attr-defined,unused-ignore]
    except ImportError:
        return None
    effects = {}
    for wav in SOUNDS.glob("*.wav"):
        effect = QSoundEffect(parent)
        effect.setSource(QUrl.fromLocalFile(str(wav)))
        effects[wav.stem] = effect
    return effects


class Sounds(QObject):
    """Plays a cue per banner look, and speaks names where a speech engine exists."""

    def __init__(self, enabled: bool = True, speak: bool = False, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.enabled = enabled
        self.speak_names = speak
        self._effects = _sound_effects(self)
        self._player = next((p for p in PLAYERS if shutil.which(p)), None)
        self._speaker = next((s for s in SPEAKERS if shutil.which(s)), None)
        self._processes: list[QProcess] = []
        self.played: list[str] = []
        """The cues played so far, newest last (kept short), so a test can hear the station."""

    @property
    def can_speak(self) -> bool:
        return self._speaker is not None

    def play_look(self, look: Look, name: str = "") -> None:
        cue = CUE_FOR_LOOK.get(look)
        if cue is not None:
            self.play(cue)
        if name and look is Look.REGISTERED and self.speak_names:
            self.say(name)

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

    def say(self, text: str) -> None:
        if self.enabled and self._speaker is not None:
            self._start(self._speaker, [*SPEAKERS[self._speaker], text])

    def _start(self, program: str, arguments: list[str]) -> None:
        process = QProcess(self)
        process.finished.connect(lambda *_: self._finished(process))
        self._processes.append(process)
        process.start(program, arguments)

    def _finished(self, process: QProcess) -> None:
        if process in self._processes:
            self._processes.remove(process)
        process.deleteLater()
