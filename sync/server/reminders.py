"""Reminders to enterprises' liaisons: each enterprise's channel (a group robot's webhook or an
e-mail address), every send recorded (who asked, when, how many people, delivered or why not),
a failed send retried with backoff by the server's courier until it is delivered or given up as
failed, and reminders scheduled for set times or for a time before the round's deadline.

A reminder lists the enterprise's missing people as the dashboard does (``data.missing``), read
again at each try: nothing personal is stored with a send.
"""

from __future__ import annotations

import logging
import threading
from collections import Counter
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from sqlalchemy import (
    BigInteger,
    Column,
    Connection,
    Engine,
    Index,
    Integer,
    String,
    Table,
    Text,
    delete,
    func,
    select,
    update,
)

from registration.setup.campaign import CampaignError, check_name
from sync import tls
from sync.server import db, delivery, moves, projection, records
from sync.server.dashboard import data
from sync.server.folds import Folds

LOG = logging.getLogger("testpoint.server")

DELIVERED, PENDING, FAILED = "delivered", "pending", "failed"
SITE_MOVED = "the site was moved to another server, which sends its reminders now"
# Answers for an enterprise that nothing was sent to.
NO_CHANNEL, NOBODY_MISSING = "no_channel", "nobody_missing"

channels = Table(
    "remind_channels",
    db.metadata,
    Column("site", String(64), primary_key=True),
    Column("enterprise", String(200), primary_key=True),
    Column("kind", String(16), nullable=False),
    Column("target", Text, nullable=False),
    Column("set_by", String(64), nullable=False),
    Column("set_ms", BigInteger, nullable=False),
)
sends = Table(
    "remind_sends",
    db.metadata,
    Column("n", Integer, primary_key=True, autoincrement=True),
    Column("site", String(64), nullable=False),
    Column("round", String(64), nullable=False),
    Column("enterprise", String(200), nullable=False),
    Column("kind", String(16), nullable=False),
    Column("requested_by", String(64), nullable=False),
    Column("created_ms", BigInteger, nullable=False),
    Column("tried_ms", BigInteger),
    # How many people the last message tried listed.
    Column("people", Integer, nullable=False),
    Column("status", String(16), nullable=False),
    Column("error", Text),
    Column("tries", Integer, nullable=False),
    # When the courier tries a pending send next; while a try is under way, the end of its lease.
    Column("next_try_ms", BigInteger),
    Index("remind_sends_round", "site", "round"),
    Index("remind_sends_due", "status", "next_try_ms"),
)
schedules = Table(
    "remind_schedules",
    db.metadata,
    Column("n", Integer, primary_key=True, autoincrement=True),
    Column("site", String(64), nullable=False),
    Column("round", String(64), nullable=False),
    # None: every enterprise with a channel and someone missing when it fires.
    Column("enterprise", String(200)),
    # One of the two: a time, or how long before the round's deadline (as the deadline is then).
    Column("at_ms", BigInteger),
    Column("before_ms", BigInteger),
    Column("made_by", String(64), nullable=False),
    Column("created_ms", BigInteger, nullable=False),
    Column("fired_ms", BigInteger),
    Index("remind_schedules_round", "site", "round"),
)
TABLES = (channels, sends, schedules)


@dataclass(frozen=True)
class Pace:
    """How sends are tried: a few quick tries while a person waits for the answer, then by the
    server's courier, each wait twice the last (at most an hour), until ``most_tries`` (about six
    hours)."""

    quick_tries: int = 3
    quick_delay_s: float = 0.5
    backoff_ms: int = 60_000
    backoff_cap_ms: int = 3_600_000
    most_tries: int = 12
    timeout_s: float = 10.0
    # A try under way holds its send this long: a process that died mid-try leaves it to another.
    lease_ms: int = 300_000
    # The courier looks for due sends and schedules this often.
    tick_s: float = 15.0
    # Sends tried at once when a person asks (one per enterprise).
    parallel: int = 8

    def wait_ms(self, tries: int) -> int:
        """How long after its ``tries``-th failed try a send is tried again."""
        return int(min(self.backoff_cap_ms, self.backoff_ms * 2 ** max(0, tries - 1)))


@dataclass(frozen=True)
class Channel:
    enterprise: str
    kind: str
    target: str
    set_by: str
    set_ms: int

    @property
    def shown(self) -> str:
        return delivery.shown(self.kind, self.target)


@dataclass(frozen=True)
class Outcome:
    """What became of one enterprise's reminder."""

    enterprise: str
    status: str
    """delivered; pending (the server tries again); failed (given up); no_channel; nobody_missing"""
    people: int
    error: str | None = None
    tries: int = 0

    @property
    def sent(self) -> bool:
        return self.status == DELIVERED


@dataclass(frozen=True)
class Send:
    n: int
    round: str
    enterprise: str
    kind: str
    requested_by: str
    created_ms: int
    tried_ms: int | None
    people: int
    status: str
    error: str | None
    tries: int
    next_try_ms: int | None


@dataclass(frozen=True)
class Schedule:
    n: int
    round: str
    enterprise: str | None
    at_ms: int | None
    before_ms: int | None
    made_by: str
    fired_ms: int | None
    due_ms: int | None
    """when it fires: its time, or the deadline less ``before_ms``; None while the round has no deadline"""


def set_channel(
    conn: Connection, site: str, enterprise: str, kind: str | None, target: str, by: str, now_ms: int
) -> Channel:
    """Where ``enterprise``'s reminders go from now on (its one channel, replaced): an e-mail
    address (``kind`` email), else a webhook, of ``kind`` or of the kind its host tells."""
    _require_site(conn, site)
    enterprise = check_name("enterprise", enterprise)
    if kind == "email":
        target = delivery.email_address(target)
    else:
        kind = delivery.webhook_kind(target, kind)
    c = channels.c
    conn.execute(delete(channels).where(c.site == site, c.enterprise == enterprise))
    made = Channel(enterprise, kind, target.strip(), by[:64], now_ms)
    conn.execute(channels.insert().values(site=site, **made.__dict__))
    return made


def remove_channel(conn: Connection, site: str, enterprise: str) -> None:
    c = channels.c
    gone = conn.execute(delete(channels).where(c.site == site, c.enterprise == enterprise))
    if gone.rowcount == 0:
        raise CampaignError("channel.none", enterprise=enterprise, site=site)


def site_channels(conn: Connection, site: str) -> dict[str, Channel]:
    """The site's channels by enterprise, in code point order (PostgreSQL's collation would differ)."""
    c = channels.c
    rows = conn.execute(select(c.enterprise, c.kind, c.target, c.set_by, c.set_ms).where(c.site == site))
    return {row.enterprise: Channel(**row._mapping) for row in sorted(rows, key=lambda r: r.enterprise)}


def liaison_link(engine: Engine, site: str, round_name: str) -> str:
    """The dashboard's page of the site and round, where a liaison signs in to see the whole list."""
    base = tls.address(db.public_url(engine)).url
    return f"{base}/?{urlencode({'site': site, 'round': round_name})}"


def remind(
    engine: Engine,
    folded: Folds,
    site: str,
    round_name: str,
    enterprise: str | None,
    by: str,
    now_ms: Callable[[], int],
    pace: Pace,
) -> list[Outcome]:
    """Send the round's missing list to each enterprise's liaison now (``enterprise``'s only, when
    given), each tried a few times; what became of each, by enterprise. A send still failing is
    left pending for the server's courier."""
    queued, outcomes = _queue(engine, folded, site, round_name, enterprise, by, now_ms(), held=True)
    if queued:
        with ThreadPoolExecutor(min(pace.parallel, len(queued)), thread_name_prefix="remind") as pool:
            outcomes += pool.map(lambda n: _quickly(engine, folded, n, now_ms, pace), queued)
    return sorted(outcomes, key=lambda o: o.enterprise)


def _queue(
    engine: Engine,
    folded: Folds,
    site: str,
    round_name: str,
    enterprise: str | None,
    by: str,
    now: int,
    *,
    held: bool,
    lease_ms: int = Pace.lease_ms,
) -> tuple[list[int], list[Outcome]]:
    """The sends to make, recorded as pending: held for this process's tries (``held``), or due
    now for the courier's; and the answers of the enterprises nothing is sent to."""
    projection.catch_up(engine, site=site)
    with db.reading(engine) as conn:
        _require_round(conn, site, round_name)
        held_channels = site_channels(conn, site)
        waiting = Counter(p["enterprise"] for p in data.missing(conn, site, round_name, enterprise, folded))
    names = [enterprise] if enterprise is not None else sorted(held_channels.keys() | waiting.keys())
    outcomes: list[Outcome] = []
    queued: list[int] = []
    with db.writing(engine) as conn:
        for name in names:
            people, channel = waiting.get(name, 0), held_channels.get(name)
            if not people:
                outcomes.append(Outcome(name, NOBODY_MISSING, 0))
            elif channel is None:
                outcomes.append(Outcome(name, NO_CHANNEL, people, "no channel is set for this enterprise"))
            else:
                made = conn.execute(
                    sends.insert().values(
                        site=site,
                        round=round_name,
                        enterprise=name,
                        kind=channel.kind,
                        requested_by=by[:64],
                        created_ms=now,
                        people=people,
                        status=PENDING,
                        tries=0,
                        next_try_ms=now + lease_ms if held else now,
                    )
                )
                key = made.inserted_primary_key
                assert key is not None
                queued.append(int(key[0]))
    return queued, outcomes


def _quickly(engine: Engine, folded: Folds, n: int, now_ms: Callable[[], int], pace: Pace) -> Outcome:
    """A few tries of send ``n`` while a person waits, a little apart; the last outcome."""
    for attempt in range(pace.quick_tries):
        outcome = _try(engine, folded, n, now_ms, pace, hold=attempt < pace.quick_tries - 1)
        if outcome.status != PENDING:
            return outcome
        if attempt < pace.quick_tries - 1:
            threading.Event().wait(pace.quick_delay_s * 2**attempt)
    return outcome


def _try(
    engine: Engine, folded: Folds, n: int, now_ms: Callable[[], int], pace: Pace, *, hold: bool
) -> Outcome:
    """One try of send ``n``, its outcome recorded: the list read again, sent to the channel the
    enterprise has now. A failure is retried after the backoff, or after the lease while ``hold``."""
    s = sends.c
    with db.reading(engine) as conn:
        send = conn.execute(select(sends).where(s.n == n)).one()
    projection.catch_up(engine, site=send.site)
    with db.reading(engine) as conn:
        channel = site_channels(conn, send.site).get(send.enterprise)
        people = data.missing(conn, send.site, send.round, send.enterprise, folded)
        due, _ = data.deadline(conn, send.site, send.round)
    message = delivery.Missing(
        send.site,
        send.round,
        send.enterprise,
        [(p["name"] or "", p["id_number"]) for p in people],
        due,
        liaison_link(engine, send.site, send.round),
    )
    error = None
    try:
        if channel is None:
            raise delivery.Undelivered("the enterprise's channel was removed")
        delivery.deliver(channel.kind, channel.target, message, delivery.load_smtp(engine), pace.timeout_s)
    except delivery.Undelivered as exc:
        error = str(exc)
    now = now_ms()
    tries = send.tries + 1
    if error is None:
        status, next_try = DELIVERED, None
    elif tries >= pace.most_tries:
        status, next_try = FAILED, None
    else:
        status, next_try = PENDING, now + (pace.lease_ms if hold else pace.wait_ms(tries))
    with db.writing(engine) as conn:
        conn.execute(
            update(sends)
            .where(s.n == n)
            .values(
                tried_ms=now,
                people=len(people),
                status=status,
                error=error,
                tries=tries,
                next_try_ms=next_try,
                kind=channel.kind if channel else send.kind,
            )
        )
    if status == FAILED:
        LOG.warning(
            "reminder to %s (%s, round %s) given up after %d tries: %s",
            send.enterprise,
            send.site,
            send.round,
            tries,
            error,
        )
    return Outcome(send.enterprise, status, len(people), error, tries)


def schedule(
    engine: Engine,
    site: str,
    round_name: str,
    enterprise: str | None,
    at_ms: list[int],
    before_ms: list[int],
    by: str,
    now: int,
) -> list[Schedule]:
    """Reminders to send at each of ``at_ms``, and at each of ``before_ms`` before the round's
    deadline (as it is when the time comes); the round's schedules."""
    with db.writing(engine) as conn:
        _require_round(conn, site, round_name)
        if enterprise is not None and enterprise not in site_channels(conn, site):
            raise CampaignError("channel.none", enterprise=enterprise, site=site)
        for when in at_ms:
            if when <= now:
                raise CampaignError("remind.at_past")
        for ahead in before_ms:
            if ahead <= 0:
                raise CampaignError("remind.before_positive")
        rows = [{"at_ms": when, "before_ms": None} for when in at_ms]
        rows += [{"at_ms": None, "before_ms": ahead} for ahead in before_ms]
        for row in rows:
            conn.execute(
                schedules.insert().values(
                    site=site,
                    round=round_name,
                    enterprise=enterprise,
                    made_by=by[:64],
                    created_ms=now,
                    **row,
                )
            )
        return round_schedules(conn, site, round_name)


def unschedule(engine: Engine, site: str, round_name: str, enterprise: str | None) -> int:
    """Drop the round's reminders not yet sent (``enterprise``'s only, when given); how many."""
    c = schedules.c
    with db.writing(engine) as conn:
        query = delete(schedules).where(c.site == site, c.round == round_name, c.fired_ms.is_(None))
        if enterprise is not None:
            query = query.where(c.enterprise == enterprise)
        return int(conn.execute(query).rowcount)


def round_schedules(conn: Connection, site: str, round_name: str) -> list[Schedule]:
    c = schedules.c
    due, _ = data.deadline(conn, site, round_name)
    return [
        Schedule(
            row.n,
            row.round,
            row.enterprise,
            row.at_ms,
            row.before_ms,
            row.made_by,
            row.fired_ms,
            row.at_ms if row.at_ms is not None else (None if due is None else due - row.before_ms),
        )
        for row in conn.execute(select(schedules).where(c.site == site, c.round == round_name).order_by(c.n))
    ]


def round_sends(conn: Connection, site: str, round_name: str) -> list[Send]:
    """The round's sends, newest first."""
    s = sends.c
    rows = conn.execute(
        select(
            s.n,
            s.round,
            s.enterprise,
            s.kind,
            s.requested_by,
            s.created_ms,
            s.tried_ms,
            s.people,
            s.status,
            s.error,
            s.tries,
            s.next_try_ms,
        )
        .where(s.site == site, s.round == round_name)
        .order_by(s.n.desc())
    )
    return [Send(**row._mapping) for row in rows]


def last_reminded(found: list[Send]) -> dict[str, dict[str, Any]]:
    """Per enterprise, from its sends newest first: when a reminder last reached it and with how
    many people, and the state of its latest send (a failing one shows, and why)."""
    last: dict[str, dict[str, Any]] = {}
    for send in found:
        entry = last.setdefault(
            send.enterprise,
            {
                "delivered_ms": None,
                "people": None,
                "status": send.status,
                "error": send.error,
                "tries": send.tries,
            },
        )
        if send.status == DELIVERED and entry["delivered_ms"] is None:
            entry["delivered_ms"], entry["people"] = send.tried_ms, send.people
    return last


def stamp(conn: Connection, site: str, round_name: str) -> tuple[int, int, int]:
    """Changes whenever a send of the round is made or tried (the dashboard's cache is keyed by it)."""
    s = sends.c
    row = conn.execute(
        select(
            func.count(), func.coalesce(func.max(s.tried_ms), 0), func.coalesce(func.sum(s.tries), 0)
        ).where(s.site == site, s.round == round_name)
    ).one()
    return int(row[0]), int(row[1]), int(row[2])


def work(engine: Engine, folded: Folds, now_ms: Callable[[], int], pace: Pace, most: int = 50) -> int:
    """The courier's round: fire the schedules that are due, then try the sends that are due (at
    most ``most``); how many sends were tried."""
    for site, round_name, enterprise, by in _due_schedules(engine, now_ms()):
        _queue(engine, folded, site, round_name, enterprise, by, now_ms(), held=False)
    tried = 0
    for n in _claim_due(engine, now_ms(), pace, most):
        _try(engine, folded, n, now_ms, pace, hold=False)
        tried += 1
    return tried


def _due_schedules(engine: Engine, now: int) -> list[tuple[str, str, str | None, str]]:
    """The schedules due now, each taken by this process alone; a closed round's are dropped."""
    c = schedules.c
    fired: list[tuple[str, str, str | None, str]] = []
    # Read first: most rounds of the courier find nothing, and take no write lock for it.
    with db.reading(engine) as conn:
        if conn.execute(select(c.n).where(c.fired_ms.is_(None)).limit(1)).first() is None:
            return fired
    with db.writing(engine) as conn:
        for row in conn.execute(select(schedules).where(c.fired_ms.is_(None))).all():
            due = row.at_ms
            if due is None:
                deadline, _ = data.deadline(conn, row.site, row.round)
                due = None if deadline is None else deadline - row.before_ms
            if due is None or due > now:
                continue
            taken = conn.execute(
                update(schedules).where(c.n == row.n, c.fired_ms.is_(None)).values(fired_ms=now)
            )
            # A site exported to another server is reminded from there, with its missing list kept
            # up to date; this server's copy no longer is.
            live = not data.is_closed(conn, row.site, row.round) and moves.moved(conn, row.site) is None
            if taken.rowcount == 1 and live:
                fired.append((row.site, row.round, row.enterprise, row.made_by))
    return fired


def _claim_due(engine: Engine, now: int, pace: Pace, most: int) -> list[int]:
    """Pending sends whose time has come, each leased to this process: another process (several
    serve one PostgreSQL database) never tries the same send at the same time."""
    s = sends.c
    claimed: list[int] = []
    query = (
        select(s.n, s.site, s.next_try_ms)
        .where(s.status == PENDING, s.next_try_ms <= now)
        .order_by(s.next_try_ms)
        .limit(most)
    )
    with db.reading(engine) as conn:
        if not conn.execute(query).first():
            return claimed
    with db.writing(engine) as conn:
        due = conn.execute(query).all()
        for row in due:
            if moves.moved(conn, row.site) is not None:
                # Given up, and said so: the site's reminders are the new server's now.
                conn.execute(
                    update(sends)
                    .where(s.n == row.n, s.status == PENDING)
                    .values(status=FAILED, next_try_ms=None, error=SITE_MOVED)
                )
                continue
            taken = conn.execute(
                update(sends)
                .where(s.n == row.n, s.status == PENDING, s.next_try_ms == row.next_try_ms)
                .values(next_try_ms=now + pace.lease_ms)
            )
            if taken.rowcount == 1:
                claimed.append(int(row.n))
    return claimed


class Courier:
    """A thread of each server process that fires due schedules and retries due sends every
    ``pace.tick_s``; its clock is the server's."""

    def __init__(self, engine: Engine, folded: Folds, now_ms: Callable[[], int], pace: Pace) -> None:
        self._engine, self._folded, self._now_ms, self._pace = engine, folded, now_ms, pace
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="reminders", daemon=True)

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        if self._thread.is_alive():
            self._thread.join()

    def _run(self) -> None:
        while not self._stop.wait(self._pace.tick_s):
            try:
                work(self._engine, self._folded, self._now_ms, self._pace)
            except Exception as exc:  # the next round tries again; the sends keep their state
                LOG.error("reminders could not be sent: %s", type(exc).__name__)


def _require_site(conn: Connection, site: str) -> None:
    if conn.execute(select(db.sites.c.site).where(db.sites.c.site == site)).first() is None:
        raise CampaignError("site.unknown", site=site)


def _require_round(conn: Connection, site: str, round_name: str) -> None:
    _require_site(conn, site)
    r = records.rounds.c
    if conn.execute(select(r.name).where(r.site == site, r.name == round_name)).first() is None:
        raise CampaignError("round.unknown", round=round_name)
