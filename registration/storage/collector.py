"""Pausing Python's cycle collector for a job that makes millions of short-lived objects (a roster of
100,000 people imported, a site's feed pulled by a new laptop)."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def collection_paused(*, freeze: bool = True) -> Iterator[None]:
    """No collection runs during the job: reference counting frees what it makes, and each full
    collection it would trigger walked every object of the process while holding the GIL (250-600 ms
    for a roster, a stall of the GUI thread). With ``freeze``, what the job keeps alive is then moved
    out of the collector's sight (as the station does once it is up), or the first young collection
    after it would walk them all; a job that keeps nothing alive (a pull: its events go to the
    database) leaves the collector as it was."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if freeze:
            gc.freeze()
        if enabled:
            gc.enable()
