"""Sync bundles: a laptop's own events in one file, for the server to import when there is no network.

A bundle is gzip-compressed JSON lines: a ``BundleHeader``, one event per line in sequence
order, and a ``BundleSignature``: the device's Ed25519 signature over the SHA-256 of every line
before it. Importing it twice, or pushing the same events later, stores each once; a bundle
altered after it was signed, or signed by a key other than the device's, is refused whole.
A bundle is read as a stream, each line checked against the caps below before it is decoded, so
a small file that inflates to gigabytes (a decompression bomb) is refused at little cost.
"""

from __future__ import annotations

import gzip
import hashlib
import itertools
import zlib
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

from pydantic import ValidationError

from registration.errors import Reason
from registration.setup.campaign import CampaignError
from registration.storage import events, files
from registration.storage.store import Store
from sync import sealing, signing
from sync.schema import BUNDLE_FORMAT, PROTOCOL_VERSION, BundleHeader, BundleSignature, event_json

# The highest sequence number written to a bundle: `sync status` tells exported events apart.
EXPORTED = "exported_through_seq"

MiB = 1024 * 1024
# What a bundle may hold, decompressed: its header line, any other line (the push's request cap,
# so any event a station can push fits), and all its lines together.
MAX_HEADER = 64 * 1024
MAX_LINE = 16 * MiB
MAX_TOTAL = 1024 * MiB
# Lines, blank ones too: a file of tiny lines would otherwise cost minutes of reading.
MAX_LINES = 2_000_000
# The file itself: a sealed bundle is opened whole in memory, and JSON lines compress to far less
# than their size, so a bigger file is no bundle this server would read to the end.
MAX_FILE = 256 * MiB


class BadBundle(CampaignError):
    """Not a bundle this server can trust; nothing of it is stored. The words name the file first."""

    def __init__(self, path: str | Path, problem: str, **params: object) -> None:
        """``problem`` is the refusal's key, ``params`` its values."""
        self.problem = Reason(problem, **params)
        super().__init__("bundle.refused", path=path, problem=self.problem)


def server_key(store: Store) -> bytes | None:
    """The server's public bundle key, learnt at this laptop's first sync; None before it."""
    known = store.setting(sealing.SETTING)
    return None if known is None else bytes.fromhex(known)


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
        raise BadBundle(path, "bundle.not_a_bundle", count=exc.error_count()) from exc


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
        raise BadBundle(path, "bundle.unsigned") from exc
    if not signing.verify(public_hex, digest.digest(), signature):
        raise BadBundle(path, "bundle.forged")


def event_lines(path: Path) -> Iterator[tuple[int, str]]:
    """(line number, text) of each event line of a bundle: neither the header nor the signature."""
    lines = _lines(path)
    next(lines, None)
    held: tuple[int, str] | None = None
    for number, line in enumerate(lines, start=2):
        if held is not None:
            yield held
        held = (number, line)


def check_size(path: Path) -> None:
    """Refuse a bundle file over MAX_FILE before anything of it is read."""
    if path.stat().st_size > MAX_FILE:
        raise BadBundle(path, "bundle.file_too_big", most=MAX_FILE)


def _lines(path: Path) -> Iterator[str]:
    """The bundle's non-blank lines; no line is ever held longer than its cap, nor read past
    MAX_TOTAL bytes in all."""
    total = 0
    header = True
    try:
        with gzip.open(path, "rb") as f:
            for number in itertools.count(1):
                cap = MAX_HEADER if header else MAX_LINE
                line = f.readline(cap + 1)  # decompresses at most this much: a longer line is cut
                if not line:
                    return
                if number > MAX_LINES:
                    raise BadBundle(path, "bundle.too_many_lines", most=MAX_LINES)
                if len(line) > cap and header:
                    raise BadBundle(path, "bundle.header_too_long", most=cap)
                if len(line) > cap:
                    raise BadBundle(path, "bundle.line_too_long", line=number, most=cap)
                total += len(line)
                if total > MAX_TOTAL:
                    raise BadBundle(path, "bundle.too_big", most=MAX_TOTAL)
                text = line.decode("utf-8")
                if text.strip():
                    header = False
                    yield text
    except (OSError, EOFError, zlib.error, UnicodeDecodeError) as exc:
        raise BadBundle(path, "bundle.unreadable", why=exc) from exc
