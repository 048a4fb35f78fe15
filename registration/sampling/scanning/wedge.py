"""Keyboard-wedge scanners: a handheld USB scanner types a code as a burst of fast keystrokes.

``separate`` tells such a burst (keys under about 30 ms apart, with or without a trailing
Enter) from a person typing, and ends a burst without Enter after a short pause. It is a pure
function of the keys and the time; ``KeyBuffer`` keeps the undecided keys between calls.
``KeyClock`` puts the window system's key timestamps on the monotonic clock, so a key's time is
when it was pressed, not when a busy GUI thread got round to it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

MAX_GAP = 0.03
"""Seconds between two keys of a scanner burst at most; people type slower."""
PAUSE = 0.08
"""Seconds of quiet after which a burst without Enter is over: longer than MAX_GAP, so that keys
still queued in a busy event loop arrive before the burst is cut."""
MIN_LENGTH = 4
"""Characters a burst needs: a fast typist's rolled pair of keys is not a scan."""
ENTER = frozenset({"\r", "\n"})
DRIFT = 0.001
"""How fast the window system's clock may drift from the monotonic clock (0.1 %): keeps the
mapping true over a day's shift while a late key moves it by no more than that."""


@dataclass(frozen=True)
class Key:
    text: str
    """The character typed; "\\r" or "\\n" for Enter."""
    at: float
    """When, in seconds of a monotonic clock."""


@dataclass(frozen=True)
class Scan:
    """A code a scanner typed."""

    text: str
    started: float
    ended: float
    enter: bool


@dataclass(frozen=True)
class Separation:
    scans: tuple[Scan, ...] = ()
    typed: tuple[Key, ...] = ()
    """Keys a person typed, in order: pass them on to whatever has the focus."""
    pending: tuple[Key, ...] = ()
    """The latest keys, still undecided: give them back with the next keys or the next tick."""


def separate(
    keys: Sequence[Key],
    now: float,
    *,
    max_gap: float = MAX_GAP,
    pause: float = PAUSE,
    min_length: int = MIN_LENGTH,
) -> Separation:
    """Split ``keys`` (in time order) into scanner bursts, typed keys and a still-open tail."""
    scans: list[Scan] = []
    typed: list[Key] = []
    run: list[Key] = []

    def finish(enter: bool) -> None:
        chars = [k for k in run if k.text not in ENTER]
        if len(chars) >= min_length:
            scans.append(Scan("".join(k.text for k in chars), run[0].at, run[-1].at, enter))
        else:
            typed.extend(run)
        run.clear()

    for key in keys:
        if run and key.at - run[-1].at >= max_gap:
            finish(enter=False)
        run.append(key)
        if key.text in ENTER:
            finish(enter=True)
    if run and now - run[-1].at < pause:
        return Separation(tuple(scans), tuple(typed), tuple(run))
    if run:
        finish(enter=False)
    return Separation(tuple(scans), tuple(typed))


@dataclass
class KeyBuffer:
    """The undecided keys between calls: feed it every key and a timer tick (every ~50 ms)."""

    max_gap: float = MAX_GAP
    pause: float = PAUSE
    min_length: int = MIN_LENGTH
    _pending: list[Key] = field(default_factory=list)

    def key(self, text: str, at: float) -> Separation:
        self._pending.append(Key(text, at))
        return self._settle(at)

    def tick(self, now: float) -> Separation:
        return self._settle(now)

    def _settle(self, now: float) -> Separation:
        result = separate(
            self._pending, now, max_gap=self.max_gap, pause=self.pause, min_length=self.min_length
        )
        self._pending = list(result.pending)
        return result


class KeyClock:
    """Maps window-system key timestamps (milliseconds on a clock of its own) onto the monotonic clock.

    A key is seen no sooner than it was pressed, so the smallest lag (seen minus stamped) over the
    keys is the offset between the two clocks; it may creep up by ``DRIFT``. A key seen late
    keeps its own time, and a key pressed during a pause in the event loop stays in its burst.

    >>> clock = KeyClock()
    >>> clock.observe(1000, seen=50.0), clock.observe(1005, seen=50.2)
    (True, True)
    >>> round(clock.at(1005), 3)  # pressed 5 ms after the first key, though seen 200 ms later
    50.005
    """

    def __init__(self) -> None:
        self._offset: float | None = None
        self._stamp = 0
        self._seen = 0.0

    def follows(self, stamp_ms: int) -> bool:
        """Whether a key so stamped can be mapped with the keys before it: not 0 (no timestamp), not
        earlier than the last one (the clock wrapped or changed)."""
        return stamp_ms > 0 and stamp_ms >= self._stamp

    def observe(self, stamp_ms: int, seen: float) -> bool:
        """Learn from a key stamped ``stamp_ms`` and seen at ``seen``; False when its stamp cannot be
        used: give that key its ``seen`` time. A stamp that went back starts the mapping over."""
        if stamp_ms <= 0:
            return False
        usable = self.follows(stamp_ms)
        lag = seen - stamp_ms / 1000
        if not usable or self._offset is None:
            self._offset = lag
        else:
            self._offset = min(lag, self._offset + DRIFT * (seen - self._seen))
        self._stamp, self._seen = stamp_ms, seen
        return usable

    def at(self, stamp_ms: int) -> float:
        """The monotonic time of a key stamped ``stamp_ms`` (one that ``observe`` accepted)."""
        assert self._offset is not None, "observe a key first"
        return stamp_ms / 1000 + self._offset
