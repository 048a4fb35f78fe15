"""``server import``: storing a laptop's sync bundle exactly as if the laptop had pushed it.

The bundle must be signed by its device's key, the one registered at enrolment (or at the
device's first handshake); a device the server has never seen is known from its first bundle
on, as a checkpoint station with that bundle's key. Nothing of a bundle that fails the check is
stored.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from pydantic import ValidationError
from sqlalchemy import Engine

from sync import bundle
from sync.bundle import BadBundle
from sync.schema import PROTOCOL_VERSION, BundleHeader, WireEvent
from sync.server import bundle_key, campaigns, db, devices, eventlog, quota

BATCH = 1000


@dataclass
class Imported:
    header: BundleHeader
    counts: Counter[str] = field(default_factory=Counter)
    refusals: list[tuple[str, str, str]] = field(default_factory=list)
    new_device: bool = False


def import_bundle(engine: Engine, path: Path, now_ms: int, limits: quota.Limits = quota.DEFAULT) -> Imported:
    """Store the bundle at ``path``, its device held to its daily ``limits``; one sealed to this
    server (``--encrypt-to-server``) is opened first."""
    bundle.check_size(path)
    with bundle_key.opened(engine, path) as plain:
        return _import_plain(engine, plain, now_ms, limits)


def _import_plain(engine: Engine, path: Path, now_ms: int, limits: quota.Limits) -> Imported:
    header = bundle.read_header(path)
    if header.protocol != PROTOCOL_VERSION:
        raise BadBundle(path, "bundle.protocol", protocol=header.protocol, ours=PROTOCOL_VERSION)
    with db.reading(engine) as conn:
        campaigns.describe(conn, header.site)
        known_key = devices.public_key(conn, header.device)
        enrolled = devices.author(conn, header.device) is not None
        revoked = devices.is_revoked(conn, header.device)
    if revoked:
        raise BadBundle(path, "bundle.revoked", device=header.device)
    if enrolled and known_key is None:
        raise BadBundle(path, "bundle.no_key_yet", device=header.device)
    key = known_key or header.public_key
    if key is None:
        raise BadBundle(path, "bundle.no_signature")
    bundle.verify(path, key)
    _check_events(path, header)
    with db.writing(engine) as conn:
        new = devices.register_unenrolled(
            conn, header.device, header.site, header.checkpoint or "", key, now_ms
        )
        author = devices.author(conn, header.device)
    assert author is not None
    result = Imported(header, new_device=new)
    batch: list[WireEvent] = []
    for _, line in bundle.event_lines(path):
        batch.append(WireEvent.model_validate_json(line))
        if len(batch) == BATCH:
            _store(engine, author, batch, now_ms, limits, result)
            batch = []
    _store(engine, author, batch, now_ms, limits, result)
    return result


def _check_events(path: Path, header: BundleHeader) -> None:
    """Every line an event of the bundle's device, as many as the header says: else refused whole."""
    count = 0
    for number, line in bundle.event_lines(path):
        try:
            event = WireEvent.model_validate_json(line)
        except ValidationError as exc:
            raise BadBundle(path, "bundle.bad_line", line=number, why=exc.errors()[0]["msg"]) from exc
        if event.device != header.device:
            raise BadBundle(path, "bundle.other_device", line=number, device=event.device)
        count += 1
    if count != header.events:
        raise BadBundle(path, "bundle.count", count=count, declared=header.events)


def _store(
    engine: Engine,
    author: eventlog.Author,
    batch: list[WireEvent],
    now_ms: int,
    limits: quota.Limits,
    result: Imported,
) -> None:
    if not batch:
        return
    answers, _ = eventlog.store_batch(engine, author, batch, now_ms, limits)
    for answer in answers:
        result.counts[answer.status] += 1
        if answer.reason:
            result.refusals.append((answer.id, answer.status, answer.reason))
