"""Each checkpoint station's daily quota: a batch that would take it past its events or bytes for
the server's UTC day is refused whole, each event rejected with the quota, the limit and when it
resets; replays of held events do not count; racing batches never pass it together; the station
keeps what was refused and says why; the next day it goes through."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest
from sqlalchemy import select

from registration.storage import clock
from sync.schema import WireEvent
from sync.server import db, devices, eventlog, quota
from sync.server.eventlog import Author
from tests.sync.harness import (
    ServerThread,
    Station,
    enrol_station,
    ids,
    next_seq,
    open_site,
    server_events,
    setup_round,
    wire_event,
)

# The quota's day is the server's, in UTC, not the laptop's.
NOON = 1_714_564_800_000  # 2024-05-01 12:00 UTC
RESETS = "it resets at 2024-05-02 00:00 UTC"


def author(engine: Any, station: Station) -> Author:
    with db.reading(engine) as conn:
        found = devices.author(conn, station.device)
    assert found is not None
    return found


def events(station: Station, n: int, size: int = 10) -> list[WireEvent]:
    """``n`` new operator.added events of ``station`` with names of ``size`` characters."""
    made = []
    for _ in range(n):
        name = clock.uuid7()[-size:].rjust(size, "x")
        body = {"name": name}
        event = wire_event(station.device, next_seq(station), "operator.added", body, _hlc(NOON))
        made.append(WireEvent.model_validate(event))
    return made


def _hlc(ms: int) -> str:
    return clock.Hlc(ms, 0).encode()


def statuses(answers: list[eventlog.Answer]) -> list[str]:
    return [a.status for a in answers]


def test_a_batch_past_the_daily_events_is_refused_whole_and_replays_do_not_count(
    server: ServerThread, site: dict[str, Station]
) -> None:
    south = site["South"]
    who = author(server.engine, south)
    limits = quota.Limits(events=5, bytes=10**9)
    first = events(south, 3)
    assert statuses(eventlog.store_batch(server.engine, who, first, NOON, limits)[0]) == ["stored"] * 3
    over, high = eventlog.store_batch(server.engine, who, events(south, 3), NOON, limits)
    assert statuses(over) == ["rejected"] * 3
    assert {a.reason for a in over} == {
        "daily quota: at most 5 events a day from one laptop; "
        f"{RESETS} (the events are kept on the laptop and sent again)"
    }
    assert high == first[-1].seq  # nothing of the refused batch is held
    assert not {a.id for a in over} & {row[0] for row in server_events(server.engine)}
    # Sent again, the three held are duplicates and cost nothing: two more fit today.
    again = eventlog.store_batch(server.engine, who, [*first, *events(south, 2)], NOON, limits)[0]
    assert statuses(again) == ["duplicate"] * 3 + ["stored"] * 2
    assert statuses(eventlog.store_batch(server.engine, who, events(south, 1), NOON, limits)[0]) == [
        "rejected"
    ]
    tomorrow = NOON + quota.DAY_MS
    assert (
        statuses(eventlog.store_batch(server.engine, who, events(south, 5), tomorrow, limits)[0])
        == ["stored"] * 5
    )


def test_the_daily_bytes_are_counted_in_body_bytes(server: ServerThread, site: dict[str, Station]) -> None:
    south = site["South"]
    who = author(server.engine, south)
    limits = quota.Limits(events=10**6, bytes=100)
    # {"name":"..."} is 11 bytes around the name: 3 of 31 bytes fit, a fourth does not.
    assert (
        statuses(eventlog.store_batch(server.engine, who, events(south, 3, 20), NOON, limits)[0])
        == ["stored"] * 3
    )
    [refused] = eventlog.store_batch(server.engine, who, events(south, 1, 20), NOON, limits)[0]
    assert refused.status == "rejected"
    assert refused.reason is not None and refused.reason.startswith(
        f"daily quota: at most 100 bytes of events a day from one laptop; {RESETS}"
    )


def test_the_office_s_laptop_has_no_quota(server: ServerThread, site: dict[str, Station]) -> None:
    admin = site["admin"]
    limits = quota.Limits(events=1, bytes=1)
    answers = eventlog.store_batch(
        server.engine, author(server.engine, admin), events(admin, 3), NOON, limits
    )
    assert statuses(answers[0]) == ["stored"] * 3


def test_racing_batches_never_pass_the_quota_together(server: ServerThread, site: dict[str, Station]) -> None:
    south = site["South"]
    who = author(server.engine, south)
    limits = quota.Limits(events=50, bytes=10**9)
    batches = [events(south, 10) for _ in range(10)]
    start = threading.Barrier(len(batches))

    def store(batch: list[WireEvent]) -> list[str]:
        start.wait()
        return statuses(eventlog.store_batch(server.engine, who, batch, NOON, limits)[0])

    with ThreadPoolExecutor(len(batches)) as pool:
        answered = list(pool.map(store, batches))
    assert sorted(answered) == [["rejected"] * 10] * 5 + [["stored"] * 10] * 5
    u = quota.usage.c
    with db.reading(server.engine) as conn:
        used = conn.execute(select(u.events).where(u.device == south.device)).scalar_one()
    assert used == 50


@pytest.mark.parametrize(
    ("limit", "said"),
    [
        ({"quota_events_per_day": 8}, "daily quota: at most 8 events a day"),
        # Seven events hold 1,086 bytes of bodies, ten 1,593 (the test holds it).
        ({"quota_bytes_per_day": 1300}, "daily quota: at most 1300 bytes of events a day"),
    ],
)
def test_a_station_past_its_quota_keeps_its_events_and_says_why(
    database_url: str, tmp_path: Any, limit: dict[str, int], said: str
) -> None:
    server = ServerThread(database_url, **limit)
    try:
        open_site(server.engine, ["North", "South"])
        admin = enrol_station(tmp_path, server.engine, server.url, "North", admin=True)
        setup_round(admin)
        admin.sync()
        south = enrol_station(tmp_path, server.engine, server.url, "South")
        south.sync()
        for person in ids(6, start=700):  # a tube and six people: seven events
            south.register(person)
        south.sync()
        assert south.outbox() == 0
        for person in ids(3, start=710):
            south.register(person)
        sizes = [
            len(body.encode())
            for (body,) in south.store.conn.execute(
                "SELECT body FROM events WHERE device = ? ORDER BY seq", (south.device,)
            )
        ]
        assert sum(sizes[:7]) <= 1300 < sum(sizes), sizes  # what the bytes case is made for
        report = south.sync()
        assert (report.pushed, report.refused) == (0, 3)
        assert south.outbox() == 3
        reasons = {
            r[0]
            for r in south.store.conn.execute("SELECT reason FROM sync_rejections WHERE status = 'rejected'")
        }
        assert len(reasons) == 1 and reasons.pop().startswith(said)
        server.clock.offset_ms = quota.DAY_MS  # the next day
        report = south.sync()
        assert (report.pushed, report.refused) == (3, 0) and south.outbox() == 0
        south.close()
        admin.close()
    finally:
        server.stop()
