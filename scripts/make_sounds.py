"""Write the station's short WAV cues into assets/sounds: one per banner look, distinguishable by ear.

Run once after changing a cue: ``.venv/bin/python scripts/make_sounds.py``.
"""

from __future__ import annotations

import math
import struct
import wave
from pathlib import Path

RATE = 16_000
OUT = Path(__file__).resolve().parent.parent / "assets" / "sounds"

# Each cue is a list of (frequency in Hz, seconds); 0 Hz is silence.
CUES: dict[str, list[tuple[float, float]]] = {
    "registered": [(880, 0.09), (0, 0.03), (1320, 0.14)],
    "already": [(660, 0.12), (0, 0.06), (660, 0.12)],
    "alert": [(1760, 0.08), (0, 0.05), (1760, 0.08), (0, 0.05), (1760, 0.08)],
    "rejected": [(220, 0.35)],
    "tube": [(990, 0.12)],
}


def samples(cue: list[tuple[float, float]]) -> bytes:
    frames = bytearray()
    for freq, seconds in cue:
        count = int(RATE * seconds)
        ramp = int(RATE * 0.005)  # soft edges: no click at start and end of each tone
        for i in range(count):
            envelope = min(1.0, i / ramp, (count - i) / ramp) if freq else 0.0
            value = 0.45 * envelope * math.sin(2 * math.pi * freq * i / RATE)
            frames += struct.pack("<h", int(value * 32767))
    return bytes(frames)


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    for name, cue in CUES.items():
        with wave.open(str(OUT / f"{name}.wav"), "wb") as out:
            out.setnchannels(1)
            out.setsampwidth(2)
            out.setframerate(RATE)
            out.writeframes(samples(cue))
        print(OUT / f"{name}.wav")


if __name__ == "__main__":
    main()
