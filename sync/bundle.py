"""Sync bundles: a laptop's own events in one file, for the server to import when there is no network.

A bundle is gzip-compressed JSON lines: a ``BundleHeader``, then one event per line in
sequence order. Importing it twice, or pushing the same events later, stores each once.
"""

from __future__ import annotations

import gzip
import os
from datetime import datetime
from pathlib import Path

from registration import events
from registration.store import Store
from sync.schema import BUNDLE_FORMAT, PROTOCOL_VERSION, BundleHeader, event_json


def export(store: Store, out: Path) -> BundleHeader:
    """Write every event this laptop made to ``out`` (atomically: a partial file is never left)."""
    with store.read() as conn:
        device = events.device_id(conn)
        row = conn.execute("SELECT checkpoint FROM sync_state WHERE id = 1").fetchone()
        rows = conn.execute(
            "SELECT id, device, seq, hlc, kind, body FROM events WHERE device = ? ORDER BY seq", (device,)
        ).fetchall()
    header = BundleHeader(
        format=BUNDLE_FORMAT,
        protocol=PROTOCOL_VERSION,
        site=store.setting("site") or "",
        device=device,
        checkpoint=None if row is None else row[0],
        exported_at=datetime.now().astimezone().isoformat(timespec="seconds"),
        events=len(rows),
    )
    partial = out.with_name(out.name + ".partial")
    with gzip.open(partial, "wt", encoding="utf-8") as f:
        f.write(header.model_dump_json() + "\n")
        for r in rows:
            f.write(event_json(r[0], r[1], r[2], r[3], r[4], r[5]) + "\n")
        f.flush()
        os.fsync(f.fileno())
    partial.replace(out)
    return header
