"""The server's projector: a thread that brings the dashboard's projection up to date once pushes
pause, so that a push's answer never waits for the projection.

It waits for a pause of ``quiet_s`` after the last stored push, or ``most_s`` at most while pushes
keep coming, and looks every ``idle_s`` for events that other processes stored. Readers of the
projection catch up themselves first (projection.catch_up), so they never read it behind, and the
pause can be long: a laptop's batches follow each other about 0.1 s apart on SQLite and 0.25 s on
PostgreSQL, and projecting between them would take the CPU from the rest of the push.
"""

from __future__ import annotations

import logging
import threading
import time

from sqlalchemy import Engine

from sync.server import projection

LOG = logging.getLogger("testpoint.server")


class Projector:
    def __init__(self, engine: Engine, *, quiet_s: float = 1.0, most_s: float = 5.0, idle_s: float = 5.0):
        self._engine = engine
        self._quiet_s, self._most_s, self._idle_s = quiet_s, most_s, idle_s
        self._wake = threading.Condition()
        self._first: float | None = None  # when the oldest push not yet projected was stored
        self._last = 0.0
        self._stopping = False
        self._thread = threading.Thread(target=self._run, name="projector", daemon=True)

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        with self._wake:
            self._stopping = True
            self._wake.notify()
        if self._thread.is_alive():
            self._thread.join()

    def stored(self) -> None:
        """A push stored events."""
        with self._wake:
            self._last = time.monotonic()
            self._first = self._first or self._last
            self._wake.notify()

    def _run(self) -> None:
        while self._next():
            try:
                projection.catch_up(self._engine)
            except Exception as exc:  # the next round tries again, and readers catch up themselves
                # The type only: a database error's text may hold the values of an event.
                LOG.error("the dashboard's projection could not catch up: %s", type(exc).__name__)

    def _next(self) -> bool:
        """Wait until the projection should catch up; False once stopping."""
        with self._wake:
            self._wake.wait_for(lambda: self._first is not None or self._stopping, self._idle_s)
            while self._first is not None and not self._stopping:
                due = min(self._last + self._quiet_s, self._first + self._most_s)
                if time.monotonic() >= due:
                    break
                self._wake.wait(due - time.monotonic())
            self._first = None
            return not self._stopping
