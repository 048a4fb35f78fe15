"""``server import``: storing a laptop's sync bundle exactly as if the laptop had pushed it."""

from __future__ import annotations

import gzip
import zlib
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from pydantic import ValidationError
from sqlalchemy import Engine

from registration.campaign import CampaignError
from sync.schema import PROTOCOL_VERSION, BundleHeader, WireEvent
from sync.server import campaigns, db, devices, eventlog

BATCH = 1000


@dataclass
class Imported:
    header: BundleHeader
    counts: Counter[str] = field(default_factory=Counter)
    refusals: list[tuple[str, str, str]] = field(default_factory=list)
    new_device: bool = False


def import_bundle(engine: Engine, path: Path, now_ms: int) -> Imported:
    lines = _lines(path)
    try:
        header = BundleHeader.model_validate_json(next(lines, "{}"))
    except ValidationError as exc:
        raise CampaignError(
            f"{path}: not a sync bundle ({exc.error_count()} problems in its header)"
        ) from exc
    if header.protocol != PROTOCOL_VERSION:
        raise CampaignError(
            f"{path}: bundle of protocol {header.protocol}; this server reads {PROTOCOL_VERSION}"
        )
    with db.writing(engine) as conn:
        campaigns.describe(conn, header.site)
        new = devices.register_unenrolled(conn, header.device, header.site, header.checkpoint or "", now_ms)
        author = devices.author(conn, header.device)
    assert author is not None
    result = Imported(header, new_device=new)
    batch: list[WireEvent] = []
    for number, line in enumerate(lines, start=2):
        try:
            event = WireEvent.model_validate_json(line)
        except ValidationError as exc:
            raise CampaignError(f"{path}: line {number} is not an event ({exc.errors()[0]['msg']})") from exc
        if event.device != header.device:
            raise CampaignError(f"{path}: line {number} is an event of another device ({event.device})")
        batch.append(event)
        if len(batch) == BATCH:
            _store(engine, author, batch, now_ms, result)
            batch = []
    _store(engine, author, batch, now_ms, result)
    if sum(result.counts.values()) != header.events:
        raise CampaignError(
            f"{path}: the bundle is cut short ({sum(result.counts.values())} of {header.events} events); "
            "what it held is stored"
        )
    return result


def _store(
    engine: Engine, author: eventlog.Author, batch: list[WireEvent], now_ms: int, result: Imported
) -> None:
    answers, _ = eventlog.store_batch(engine, author, batch, now_ms)
    for answer in answers:
        result.counts[answer.status] += 1
        if answer.reason:
            result.refusals.append((answer.id, answer.status, answer.reason))


def _lines(path: Path) -> Iterator[str]:
    try:
        with gzip.open(path, "rt", encoding="utf-8") as f:
            yield from (line for line in f if line.strip())
    except (OSError, EOFError, zlib.error, UnicodeDecodeError) as exc:
        raise CampaignError(f"{path}: unreadable bundle ({exc})") from exc
