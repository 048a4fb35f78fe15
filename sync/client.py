"""The station's sync engine: handshake, push of the outbox, pull of the site's change feed.

No local transaction is ever open while a request is on the network: a batch is read, sent,
and its answers written in a fresh transaction; a pulled page is applied together with the
cursor that follows it. A kill at any moment therefore loses nothing and repeats nothing
that matters (the server answers a repeated event ``duplicate``; ingest skips a known one).
"""

from __future__ import annotations

import contextlib
import json
import sqlite3
import threading
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Literal

from pydantic import ValidationError

from registration.errors import Reason, from_wire, message
from registration.people import identity
from registration.sampling import registrations
from registration.sampling.payloads import TubePattern, compile_tube_pattern
from registration.storage import bodies, clock
from registration.storage.collector import collection_paused
from registration.storage.events import Event
from registration.storage.store import Store
from sync import checked, sealing, signing
from sync.apply import ingest_all
from sync.bundle import EXPORTED
from sync.schema import (
    FEED_PAGE,
    PROTOCOL_VERSION,
    PUSH_BATCH,
    FeedPage,
    HandshakeRequest,
    HandshakeResponse,
    PushResponse,
    event_json,
)
from sync.transport import Backoff, ServerRefused, Transport, Unreachable, compress

ACCEPTED = ("stored", "duplicate")


@dataclass(frozen=True)
class Progress:
    phase: Literal["push", "pull"]
    done: int
    total: int | None


ProgressFn = Callable[[Progress], None]


@dataclass(frozen=True)
class Options:
    batch: int = PUSH_BATCH
    page: int = FEED_PAGE
    timeout_s: float = 15.0
    backoff: Backoff = field(default_factory=Backoff)


@dataclass
class Report:
    pushed: int = 0
    refused: int = 0
    pulled: int = 0
    unapplied: int = 0


@dataclass
class _Tally:
    accepted: int = 0
    refused: int = 0


@dataclass(frozen=True)
class _Batch:
    rows: list[sqlite3.Row]
    answer: Future[PushResponse]


class NotEnrolled(LookupError):
    pass


class SyncFailed(Exception):
    """This sync did not finish; the message says why in words for the person at the laptop."""


def _now() -> str:
    return datetime.now().astimezone().isoformat(timespec="seconds")


class Client:
    """Syncs one station database; use it on the thread that opened the store."""

    def __init__(
        self,
        store: Store,
        options: Options | None = None,
        *,
        progress: ProgressFn | None = None,
        stop: threading.Event | None = None,
    ) -> None:
        row = store.conn.execute(
            "SELECT server_url, credential, device FROM sync_state WHERE id = 1"
        ).fetchone()
        if row is None:
            raise NotEnrolled(Reason("sync.not_enrolled"))
        self.store = store
        if signing.stored_key(store.conn) is None:
            with store.write() as conn:
                signing.own_key(conn)
        key = signing.stored_key(store.conn)
        assert key is not None
        self.public_key = signing.public_hex(key)
        self.options = options or Options()
        self.device = str(row["device"])
        self.progress = progress or (lambda _p: None)
        self.transport = Transport(
            row["server_url"],
            row["credential"],
            timeout_s=self.options.timeout_s,
            backoff=self.options.backoff,
            stop=stop,
        )

    def close(self) -> None:
        self.transport.close()

    def __enter__(self) -> Client:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def sync_once(self) -> Report:
        """Handshake, push, pull; the outcome (or the error) is kept for the status line."""
        with self.store.write() as conn:
            conn.execute("UPDATE sync_state SET last_attempt = ? WHERE id = 1", (_now(),))
        try:
            self.handshake()
            report = Report()
            report.pushed, report.refused = self.push()
            report.pulled, report.unapplied = self.pull()
            self._learn_bundle_key()
        except (Unreachable, ServerRefused) as exc:
            with self.store.write() as conn:
                conn.execute("UPDATE sync_state SET last_error = ? WHERE id = 1", (str(exc),))
            raise SyncFailed(message(exc)) from exc
        with self.store.write() as conn:
            conn.execute("UPDATE sync_state SET last_sync = ?, last_error = NULL WHERE id = 1", (_now(),))
        return report

    def _learn_bundle_key(self) -> None:
        """The server's public key for bundles sealed to it (``sync export --encrypt-to-server``)."""
        if self.store.setting(sealing.SETTING) is not None:
            return
        answer = self.transport.get("/v1/bundle-key", {}, sealing.BundleKey)
        with self.store.write() as conn:
            conn.execute(
                "INSERT OR REPLACE INTO settings (key, value) VALUES (?, ?)", (sealing.SETTING, answer.public)
            )

    def handshake(self) -> HandshakeResponse:
        """Learn the server's view of this device; never reuse a sequence number it has seen."""
        # The key goes along every time: the server keeps it only for a device that has none yet.
        request = HandshakeRequest(protocol=PROTOCOL_VERSION, device=self.device, public_key=self.public_key)
        answer = self.transport.post("/v1/handshake", request.model_dump_json(), HandshakeResponse)
        local_now = clock.now_ms()
        with self.store.write() as conn:
            next_seq, hlc = conn.execute("SELECT next_seq, hlc FROM device WHERE id = 1").fetchone()
            if answer.high_seq >= next_seq:
                # This database is older than what it once sent (restored from a backup): number on
                # after the server's highest, and read this device's own events back from the start.
                conn.execute("UPDATE device SET next_seq = ? WHERE id = 1", (answer.high_seq + 1,))
                conn.execute("UPDATE sync_state SET recover_own = 1, cursor = '' WHERE id = 1")
            else:
                # The server lacks events this station sent (its site moved to a server that was
                # given an export made before they came, or it was restored from a backup): they
                # wait in the outbox again, and go with this sync.
                conn.execute(
                    "INSERT OR IGNORE INTO outbox (seq, event_id) "
                    "SELECT seq, id FROM events WHERE device = ? AND seq > ?",
                    (self.device, answer.high_seq),
                )
            merged = clock.receive(clock.Hlc.decode(hlc), clock.Hlc(answer.server_time_ms, 0), local_now)
            conn.execute("UPDATE device SET hlc = ? WHERE id = 1", (merged.encode(),))
            conn.execute(
                "UPDATE sync_state SET role = ?, clock_skew_ms = ? WHERE id = 1",
                (answer.role, local_now - answer.server_time_ms),
            )
        return answer

    def push(self) -> tuple[int, int]:
        """Send the outbox in sequence order; (events the server holds now, events it refused).

        One batch is on the network while the answers to the batch before are written here, so
        the laptop's disk and the server work at the same time; requests still go one by one.
        The batches' rows and texts are freed as they go, so the collector is paused as for a pull.
        """
        tally = _Tally()
        size, after = self.options.batch, 0
        total = int(self.store.conn.execute("SELECT count(*) FROM outbox").fetchone()[0])
        with collection_paused(freeze=False), ThreadPoolExecutor(1, thread_name_prefix="push") as network:
            in_flight: _Batch | None = None
            while True:
                rows = self._next_batch(after, size)
                sending = None
                if rows:
                    # Made and compressed here while the batch before is on the network.
                    payload = compress(self._payload(rows))
                    sending = _Batch(
                        rows, network.submit(self.transport.post, "/v1/push", payload, PushResponse)
                    )
                after = rows[-1]["outbox_seq"] if rows else after
                if in_flight is not None:
                    try:
                        self._settle(in_flight, tally)
                    except ServerRefused as exc:
                        if exc.status != 413 or size == 1:
                            raise
                        # Too big for this server: whatever was sent after it is settled, then
                        # the refused batch goes again in halves.
                        if sending is not None:
                            with contextlib.suppress(ServerRefused):
                                self._settle(sending, tally)
                        size, after, sending = size // 2, in_flight.rows[0]["outbox_seq"] - 1, None
                if sending is None and in_flight is None and not rows:
                    return tally.accepted, tally.refused
                in_flight = sending
                done = tally.accepted + tally.refused
                self.progress(Progress("push", done, max(total, done)))

    def _next_batch(self, after: int, size: int) -> list[sqlite3.Row]:
        with self.store.read() as conn:
            return conn.execute(
                "SELECT o.seq AS outbox_seq, e.* FROM outbox o JOIN events e ON e.id = o.event_id "
                "WHERE o.seq > ? ORDER BY o.seq LIMIT ?",
                (after, size),
            ).fetchall()

    def _settle(self, batch: _Batch, tally: _Tally) -> None:
        """Wait for a batch's answers; forget what the server holds, keep what it refused."""
        answer = batch.answer.result()
        sent = {row["id"]: row["outbox_seq"] for row in batch.rows}
        answers = [r for r in answer.results if r.id in sent]
        done = [r.id for r in answers if r.status in ACCEPTED]
        with self.store.write() as conn:
            if set(done) == sent.keys():
                # The usual batch: the run of outbox rows it was read as, all held now.
                seqs = sent.values()
                conn.execute("DELETE FROM outbox WHERE seq BETWEEN ? AND ?", (min(seqs), max(seqs)))
            else:
                conn.executemany("DELETE FROM outbox WHERE seq = ?", [(sent[i],) for i in done])
            if (
                conn.execute("SELECT 1 FROM sync_rejections LIMIT 1").fetchone() is not None
            ):  # else none to forget
                conn.executemany("DELETE FROM sync_rejections WHERE event_id = ?", [(i,) for i in done])
            conn.executemany(
                "INSERT OR REPLACE INTO sync_rejections (event_id, status, reason, reason_key, at) "
                "VALUES (?, ?, ?, ?, ?)",
                [
                    (r.id, r.status, r.reason or "", _keyed(r.key, r.params), _now())
                    for r in answers
                    if r.status not in ACCEPTED
                ],
            )
        tally.accepted += len(done)
        tally.refused += len(answers) - len(done)

    def _payload(self, rows: list[sqlite3.Row]) -> str:
        events = ",".join(
            event_json(r["id"], r["device"], r["seq"], r["hlc"], r["kind"], r["body"]) for r in rows
        )
        return f'{{"protocol":{PROTOCOL_VERSION},"device":"{self.device}","events":[{events}]}}'

    def pull(self) -> tuple[int, int]:
        """Apply the site's feed page by page; (events newly applied, events set aside).

        The next page is fetched while this one is applied; each page is committed with the
        cursor that follows it.
        """
        cursor, own = self.store.conn.execute(
            "SELECT cursor, recover_own FROM sync_state WHERE id = 1"
        ).fetchone()
        applied = unapplied = seen = 0
        pattern = self._tube_pattern()
        with (
            collection_paused(freeze=False),
            self.store.checkpointed_after(),
            ThreadPoolExecutor(1, thread_name_prefix="pull") as network,
        ):
            first = self.transport.get_bytes("/v1/feed", self._feed(cursor, bool(own), count=True))
            page, checked_bodies = self._read_page(first, cursor, bool(own), count=True)
            total = page.remaining or 0
            while True:
                # Only the bytes come on the other thread: reading them there too took the GIL from
                # this one's SQLite calls, which wait for it a few milliseconds at a time.
                following = (
                    network.submit(self.transport.get_bytes, "/v1/feed", self._feed(page.cursor, bool(own)))
                    if page.more
                    else None
                )
                incoming: list[Event] = []
                invalid: list[tuple[Event, Reason]] = []
                for e in page.events:
                    event = Event(e.id, e.device, e.seq, e.hlc, e.kind, e.body)
                    if not checked_bodies:
                        why = bodies.validate(e.kind, e.body, pattern)
                    else:
                        why = None if pattern is None else bodies.tube_refusal(e.kind, e.body, pattern)
                    if why is None:
                        incoming.append(event)
                    else:
                        invalid.append((event, why))
                with self.store.write() as conn:
                    new, failed = ingest_all(conn, incoming)
                    failed = [*_unseen(conn, invalid), *failed]
                    _set_aside(conn, failed)
                    own = bool(own) and page.more
                    conn.execute(
                        "UPDATE sync_state SET cursor = ?, recover_own = ? WHERE id = 1",
                        (page.cursor, int(own)),
                    )
                applied += new
                unapplied += len(failed)
                seen += len(incoming)
                self.progress(Progress("pull", seen, max(total, seen)))
                if following is None:
                    return applied, unapplied
                page, checked_bodies = self._read_page(following.result(), page.cursor, bool(own))

    def _tube_pattern(self) -> TubePattern | None:
        text = self.store.setting("tube_pattern")
        try:
            return None if text is None else compile_tube_pattern(text)
        except ValueError:
            return None

    def _feed(self, cursor: str, own: bool, *, count: bool = False) -> dict[str, Any]:
        return {"cursor": cursor, "limit": self.options.page, "own": own, "count": count}

    def _page(self, cursor: str, own: bool, *, count: bool) -> FeedPage:
        return self.transport.get("/v1/feed", self._feed(cursor, own, count=count), FeedPage)

    def _read_page(
        self, raw: bytes, cursor: str, own: bool, *, count: bool = False
    ) -> tuple[FeedPage | checked.Page, bool]:
        """The feed page after ``cursor`` in ``raw`` (asked for again if it came unreadable), and
        whether its events' bodies were checked as it was read."""
        page = checked.page(raw)
        if page is not None:
            return page, True
        try:
            return FeedPage.model_validate_json(raw), False
        except ValidationError:
            return self._page(cursor, own, count=count), False


def _keyed(key: str | None, params: dict[str, Any] | None) -> str | None:
    """What ``sync_rejections.reason_key`` keeps of a reason: its key and values, as JSON."""
    return None if key is None else json.dumps({"key": key, "params": params or {}}, ensure_ascii=False)


def _reason(words: str, keyed: str | None) -> str:
    """A kept reason, as a ``Reason`` when its key was kept with it (else its words)."""
    if keyed is None:
        return words
    found = json.loads(keyed)
    return from_wire(found.get("key"), found.get("params"), words)


def _unseen(conn: sqlite3.Connection, invalid: list[tuple[Event, Reason]]) -> list[tuple[Event, Reason]]:
    """The invalid events not already applied here (a known event is never set aside)."""
    return [
        (event, why)
        for event, why in invalid
        if conn.execute("SELECT 1 FROM events WHERE id = ?", (event.id,)).fetchone() is None
    ]


def _set_aside(conn: sqlite3.Connection, failed: list[tuple[Event, Reason]]) -> None:
    """Keep pulled events this station cannot apply, whole, with the reason; the pull goes on."""
    now = _now()
    conn.executemany(
        "INSERT OR IGNORE INTO pulled_aside (id, device, seq, hlc, kind, body, reason, at) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        [(e.id, e.device, e.seq, e.hlc, e.kind, e.body_json(), why, now) for e, why in failed],
    )
    rows = []
    for e, why in failed:
        unapplied = Reason("sync.unapplied", kind=e.kind, device=e.device, why=why)
        rows.append((e.id, unapplied, json.dumps(unapplied.wire(), ensure_ascii=False), now))
    conn.executemany(
        "INSERT OR REPLACE INTO sync_rejections (event_id, status, reason, reason_key, at) "
        "VALUES (?, 'unapplied', ?, ?, ?)",
        rows,
    )


def sync_once(store: Store, options: Options | None = None, progress: ProgressFn | None = None) -> Report:
    with Client(store, options, progress=progress) as client:
        return client.sync_once()


def run(
    path: str,
    stop: threading.Event,
    *,
    options: Options | None = None,
    progress: ProgressFn | None = None,
    on_report: Callable[[Report | SyncFailed], None] | None = None,
    interval_s: float = 30.0,
) -> None:
    """Keep syncing every ``interval_s`` while the server answers; back off while it does not.

    Meant for a worker thread: it opens its own store and returns once ``stop`` is set.
    """
    options = options or Options()
    failures = 0
    with Store(path, create=False) as store, Client(store, options, progress=progress, stop=stop) as client:
        while not stop.is_set():
            outcome: Report | SyncFailed
            try:
                outcome = client.sync_once()
                failures = 0
            except SyncFailed as exc:
                outcome = exc
                failures += 1
            if on_report is not None:
                on_report(outcome)
            pause = interval_s if failures == 0 else max(interval_s, options.backoff.delay(min(failures, 8)))
            stop.wait(pause)


@dataclass(frozen=True)
class Refusal:
    """An event the server would not take (or one from elsewhere this laptop could not apply)."""

    event: str
    kind: str | None
    status: str
    reason: str
    """A ``Reason`` where the server's answer (or this laptop) gave its key, else the words kept."""
    at: str


@dataclass(frozen=True)
class Flag:
    """A person registered at more than one checkpoint in one open round: shown, never merged."""

    round: str
    person: str
    """The ID number, masked."""
    name: str
    """As the roster knows the person; empty for someone no roster or walk-in entry names."""
    checkpoints: list[str]


@dataclass(frozen=True)
class Status:
    enrolled: bool
    server_url: str | None = None
    site: str | None = None
    checkpoint: str | None = None
    role: str | None = None
    device: str | None = None
    waiting: int = 0
    exported: int = 0
    not_exported: int = 0
    last_sync: str | None = None
    last_attempt: str | None = None
    last_error: str | None = None
    clock_skew_ms: int | None = None
    refusals: list[Refusal] = field(default_factory=list)
    flagged: list[Flag] = field(default_factory=list)

    @property
    def clock_warning(self) -> str | None:
        """Words for a laptop clock far from the server's (it would stamp events wrongly)."""
        if self.clock_skew_ms is None or abs(self.clock_skew_ms) < 60_000:
            return None
        minutes = abs(self.clock_skew_ms) // 60_000
        way = "ahead of" if self.clock_skew_ms > 0 else "behind"
        return f"this laptop's clock is {minutes // 60} h {minutes % 60} min {way} the server's: set it right"


def status(conn: sqlite3.Connection) -> Status:
    """What the station's status line shows; cheap enough to poll."""
    waiting = int(conn.execute("SELECT count(*) FROM outbox").fetchone()[0])
    # Written to a bundle and waiting for the server to import it; done once the server holds them.
    exported = int(
        conn.execute(
            "SELECT count(*) FROM outbox "
            "WHERE seq <= (SELECT CAST(value AS INTEGER) FROM settings WHERE key = ?)",
            (EXPORTED,),
        ).fetchone()[0]
    )
    row = conn.execute("SELECT * FROM sync_state WHERE id = 1").fetchone()
    if row is None:
        return Status(enrolled=False, waiting=waiting, exported=exported, not_exported=waiting - exported)
    refusals = [
        Refusal(r["event_id"], r["kind"], r["status"], _reason(r["reason"], r["reason_key"]), r["at"])
        for r in conn.execute(
            "SELECT j.*, e.kind FROM sync_rejections j LEFT JOIN events e ON e.id = j.event_id "
            "ORDER BY j.at, j.event_id"
        )
    ]
    refusals += [
        Refusal(claim["event"], claim["kind"], "set_aside", claim["reason"], "")
        for claim in registrations.claims_set_aside(conn)
        if claim["device"] == row["device"]
    ]
    flagged = [
        Flag(r[0], identity.mask_id(r[1]), r[2] or "", sorted(r[3].split("\x1f")))
        for r in conn.execute(
            "SELECT f.round, f.person, p.name, f.checkpoints FROM ("
            "  SELECT round, person, group_concat(checkpoint, char(31)) AS checkpoints FROM ("
            "    SELECT DISTINCT round, person, checkpoint FROM registrations"
            "    WHERE voided_by IS NULL AND person IS NOT NULL"
            "    AND round IN (SELECT name FROM rounds WHERE status = 'open')"
            "  ) GROUP BY round, person HAVING count(*) > 1"
            ") f LEFT JOIN people p ON p.id_number = f.person ORDER BY f.round, f.person"
        )
    ]
    return Status(
        enrolled=True,
        server_url=row["server_url"],
        site=row["site"],
        checkpoint=row["checkpoint"],
        role=row["role"],
        device=row["device"],
        waiting=waiting,
        exported=exported,
        not_exported=waiting - exported,
        last_sync=row["last_sync"],
        last_attempt=row["last_attempt"],
        last_error=row["last_error"],
        clock_skew_ms=row["clock_skew_ms"],
        refusals=refusals,
        flagged=flagged,
    )
