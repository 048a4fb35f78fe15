"""Sync bundles: a laptop's own events in one file, for the server to import when there is no network.

A bundle is gzip-compressed JSON lines: a ``BundleHeader``, one event per line in sequence
order, and a ``BundleSignature``: the device's Ed25519 signature over the SHA-256 of every line
before it. Importing it twice, or pushing the same events later, stores each once; a bundle
altered after it was signed, or signed by a key other than the device's, is refused whole.
"""

from __future__ import annotations

import gzip
import hashlib
import zlib
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

from pydantic import ValidationError

from registration import events, files
from registration.campaign import CampaignError
from registration.store import Store
from sync import sealing, signing
from sync.schema import BUNDLE_FORMAT, PROTOCOL_VERSION, BundleHeader, BundleSignature, event_json

# The highest sequence number written to a bundle: `sync status` tells exported events apart.
EXPORTED = "exported_through_seq"


class BadBundle(CampaignError):
    """Not a bundle this server can trust; nothing of it is stored."""


def export(store: Store, out: Path, *, seal_to: bytes | None = None) -> BundleHeader:
    """Write every event this laptop made to ``out`` (atomically: a partial file is never left);
    with ``seal_to`` (the server's public bundle key), encrypted so that only the server reads it."""
    with store.write() as conn:
        key = signing.own_key(conn)
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
            checkpoint=row[0] if row is not None and row[0] else None,
            exported_at=datetime.now().astimezone().isoformat(timespec="seconds"),
            events=len(rows),
            public_key=signing.public_hex(key),
        )
        lines = [header.model_dump_json() + "\n"]
        lines += [event_json(r[0], r[1], r[2], r[3], r[4], r[5]) + "\n" for r in rows]
        digest = hashlib.sha256()
        for line in lines:
            digest.update(line.encode())
        lines.append(BundleSignature(signature=signing.sign(key, digest.digest())).model_dump_json() + "\n")
    # Owner-only, and whole or not at all (private_output writes beside it, syncs, then renames).
    data = gzip.compress("".join(lines).encode("utf-8"))
    with files.private_output(out) as partial:
        partial.write_bytes(data if seal_to is None else sealing.seal(data, seal_to))
    if rows:
        with store.write() as conn:
            conn.execute(
                "INSERT OR REPLACE INTO settings (key, value) VALUES (?, ?)", (EXPORTED, str(rows[-1][2]))
            )
    return header


def read_header(path: Path) -> BundleHeader:
    try:
        first = next(_lines(path), "{}")
        return BundleHeader.model_validate_json(first)
    except ValidationError as exc:
        raise BadBundle(f"{path}: not a sync bundle ({exc.error_count()} problems in its header)") from exc


def verify(path: Path, public_hex: str) -> None:
    """Check that the bundle at ``path`` is whole and signed by ``public_hex``; raises BadBundle."""
    digest = hashlib.sha256()
    last: str | None = None
    for line in _lines(path):
        if last is not None:
            digest.update(last.encode())
        last = line
    try:
        signature = BundleSignature.model_validate_json(last or "{}").signature
    except ValidationError as exc:
        raise BadBundle(
            f"{path}: the bundle is not signed (made by an older version, or cut short): "
            "export it again with this version"
        ) from exc
    if not signing.verify(public_hex, digest.digest(), signature):
        raise BadBundle(f"{path}: the bundle's signature does not match its device's key: refused whole")


def event_lines(path: Path) -> Iterator[tuple[int, str]]:
    """(line number, text) of each event line of a bundle: neither the header nor the signature."""
    lines = _lines(path)
    next(lines, None)
    held: tuple[int, str] | None = None
    for number, line in enumerate(lines, start=2):
        if held is not None:
            yield held
        held = (number, line)


def _lines(path: Path) -> Iterator[str]:
    try:
        with gzip.open(path, "rt", encoding="utf-8", newline="\n") as f:
            yield from (line for line in f if line.strip())
    except (OSError, EOFError, zlib.error, UnicodeDecodeError) as exc:
        raise BadBundle(f"{path}: unreadable bundle ({exc})") from exc
