"""Reconciliation on the server with the station's own code: each site's events folded into a
station-schema SQLite database in memory, kept per site and advanced by feed position.

An event a station would set aside (a body its kind's model refuses, or one the domain cannot
apply) is skipped here too, and reported beside the figures: it never stops the fold.
"""

from __future__ import annotations

import json
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from sqlalchemy import Engine, select

from registration.reports import reconcile
from registration.sampling import registrations
from registration.sampling.payloads import TubePattern, compile_tube_pattern
from registration.storage import bodies
from registration.storage.events import Event
from registration.storage.store import Store
from sync.apply import ingest_all
from sync.server import db

PAGE = 5000


class Folds:
    """The folded copies live on one worker thread: a SQLite connection stays on its thread."""

    def __init__(self, engine: Engine) -> None:
        self._engine = engine
        self._worker = ThreadPoolExecutor(max_workers=1, thread_name_prefix="fold")
        self._sites: dict[str, tuple[Store, int]] = {}
        self._aside: dict[str, list[dict[str, str]]] = {}

    def reconcile(self, site: str, round_name: str) -> dict[str, Any]:
        return self._worker.submit(self._reconcile, site, round_name).result()

    def missing(
        self, site: str, round_name: str, enterprise: str | None, *, reveal: bool = False
    ) -> list[dict[str, Any]]:
        """reconcile.missing over the site's fold: a closed round's list as it stood at the close."""
        return self._worker.submit(self._missing, site, round_name, enterprise, reveal).result()

    def close(self) -> None:
        self._worker.submit(self._close).result()
        self._worker.shutdown()

    def _close(self) -> None:
        for store, _ in self._sites.values():
            store.close()
        self._sites.clear()

    def _reconcile(self, site: str, round_name: str) -> dict[str, Any]:
        store = self._advance(site)
        with store.read() as conn:
            figures = reconcile.reconcile(conn, round_name)
            aside = [*self._aside.get(site, []), *registrations.claims_set_aside(conn)]
        if aside:
            figures["set_aside"] = aside
        return figures

    def _missing(
        self, site: str, round_name: str, enterprise: str | None, reveal: bool
    ) -> list[dict[str, Any]]:
        with self._advance(site).read() as conn:
            return reconcile.missing(conn, round_name, enterprise, reveal=reveal)

    def _advance(self, site: str) -> Store:
        e = db.events.c
        with db.reading(self._engine) as conn:
            head = int(conn.execute(select(db.sites.c.head).where(db.sites.c.site == site)).scalar_one())
        store, pos = self._sites.get(site, (None, 0))
        if store is None or pos > head:
            # First use, or a database restored to an earlier state: fold again from the start.
            if store is not None:
                store.close()
            store, pos = Store(":memory:"), 0
            self._aside[site] = []
        pattern = self._pattern(site)
        while pos < head:
            with db.reading(self._engine) as conn:
                rows = conn.execute(
                    select(e.pos, e.id, e.device, e.seq, e.hlc, e.kind, e.body)
                    .where(e.site == site, e.pos > pos, e.pos <= head)
                    .order_by(e.pos)
                    .limit(PAGE)
                ).all()
            if not rows:
                break
            good: list[Event] = []
            skipped: list[tuple[Event, str]] = []
            for r in rows:
                event = Event(r.id, r.device, r.seq, r.hlc, r.kind, json.loads(r.body))
                why = bodies.validate(r.kind, event.body, pattern)
                (good.append(event) if why is None else skipped.append((event, why)))
            with store.write() as local:
                _, failed = ingest_all(local, good)
            self._aside.setdefault(site, []).extend(
                {"event": e.id, "kind": e.kind, "device": e.device, "reason": why}
                for e, why in [*skipped, *failed]
            )
            pos = rows[-1].pos
        self._sites[site] = (store, pos)
        return store

    def _pattern(self, site: str) -> TubePattern | None:
        with db.reading(self._engine) as conn:
            text = conn.execute(select(db.sites.c.tube_pattern).where(db.sites.c.site == site)).scalar()
        try:
            return None if text is None else compile_tube_pattern(text)
        except ValueError:
            return None
