"""A broken tube's people moved to a new barcode, and label ranges printed ahead, between laptops and
the server (SQLite and PostgreSQL): the move reaches every laptop, the server's records, its
reconciliation and the dashboard's recall; the server refuses a move, or a later event on the broken
tube, that a laptop would refuse, a move of a tube handed over included, even from a laptop that had
not heard of the handover; a laptop prints labels only in its own series."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import select

from registration.errors import Reason
from registration.refusals import REASONS
from registration.reports import trace
from registration.sampling import handover, labels, results, tubes
from registration.storage.authority import NotHere
from sync.server import db, folds, projection, records
from sync.server.dashboard import data
from tests.sync.harness import (
    ROUND,
    SITE,
    ServerThread,
    Station,
    assert_converged,
    ids,
    next_seq,
    push,
    sync_all,
    wire_event,
)

OLD, NEW = "CRACKED00001", "FRESHTUBE001"


def _one(server: ServerThread, station: Station, kind: str, body: dict[str, Any]) -> dict[str, Any]:
    """Push one hand-made event; what the server answered for it."""
    answer = push(server.url, station, [wire_event(station.device, next_seq(station), kind, body)])
    assert answer.status_code == 200, answer.text
    [result] = answer.json()["results"]
    return dict(result)


def _refused(result: dict[str, Any], key: str, kind: str = "tube.moved") -> bool:
    """The server rejected the event for the refusal ``key`` (about an event of ``kind``)."""
    reason = REASONS[key]
    return result["status"] == "rejected" and result["reason"] == str(
        Reason(key, **({"kind": kind} if "{kind}" in reason else {}))
    )


def _filled(south: Station, people: list[str]) -> None:
    tubes.open_tube(south.store, OLD, checkpoint="South", round_name=ROUND)
    for person in people:
        assert south.register(person).tube["code"] == OLD  # type: ignore[index]


def _members(station: Station, code: str) -> list[tuple[int, str]]:
    return [(m["position"], m["id_number"]) for m in trace.trace(station.store.conn, [code], reveal=True)]


def test_a_move_reaches_the_other_laptops_the_server_and_the_dashboard_s_recall(
    server: ServerThread, site: dict[str, Station]
) -> None:
    admin, south, east = site["admin"], site["South"], site["East"]
    people = ids(3, start=700)
    _filled(south, people)
    sync_all([south, admin])
    tubes.move(south.store, OLD, NEW, "cracked in the rack")
    sync_all([south, admin, east])
    expected = [(n + 1, person) for n, person in enumerate(people)]
    for station in (admin, south, east):
        assert _members(station, NEW) == expected, station.checkpoint
        assert _members(station, OLD) == expected  # the old code still reaches its people
        broken = tubes.get(station.store.conn, OLD)
        assert broken is not None and broken.moved_to == NEW
    t = records.tubes.c
    with db.reading(server.engine) as conn:
        held = {
            row.code: (row.device, row.checkpoint, row.moved_to)
            for row in conn.execute(select(t.code, t.device, t.checkpoint, t.moved_to).where(t.site == SITE))
        }
    assert held[OLD] == (south.device, "South", NEW)
    assert held[NEW] == (south.device, "South", None)

    # South fills, seals and hands over the new tube; the server stores all of it.
    assert south.register(ids(1, start=710)[0]).tube == {
        "code": NEW,
        "position": 4,
        "size": 10,
        "sealed": False,
    }
    tubes.seal(south.store, NEW)
    assert [t.code for t in handover.due(south.store.conn, "South")] == [NEW]
    handover.hand_over(south.store, "South", 1)
    results.set_result(admin.store, NEW, "positive")
    sync_all([south, admin, east])
    for station in (admin, south, east):
        assert station.store.conn.execute("SELECT count(*) FROM sync_rejections").fetchone()[0] == 0
    assert_converged(server.engine, [admin, south, east])

    # The dashboard's recall of the new tube is the old one's people and the one added; the tube
    # counts once, sealed and handed over, as the server's own reconciliation counts it.
    projection.catch_up(server.engine, site=SITE)
    folded = folds.Folds(server.engine)
    try:
        with db.reading(server.engine) as conn:
            page = data.snapshot(conn, SITE, ROUND, 0, folded)
        stood = folded.reconcile(SITE, ROUND)
    finally:
        folded.close()
    [positive] = page["positives"]
    assert (positive["tube"], positive["checkpoint"], positive["people"]) == (NEW, "South", 4)
    [gate] = [g for g in page["checkpoints"] if g["checkpoint"] == "South"]
    assert (gate["tubes_open"], gate["tubes_sealed"], gate["tubes_handed"]) == (0, 0, 1)
    assert [g["tubes"] for g in stood["checkpoints"] if g["checkpoint"] == "South"] == [1]


def test_the_server_refuses_what_a_laptop_would_refuse_about_a_move(
    server: ServerThread, site: dict[str, Station]
) -> None:
    admin, south, east = site["admin"], site["South"], site["East"]
    _filled(south, ids(2, start=720))
    tubes.open_tube(south.store, "TAKENTUBE001", checkpoint="South", round_name=ROUND, pool_size=1)
    sync_all([south, east])
    # East's laptop refuses to move South's tube; the server refuses it from East too.
    with pytest.raises(NotHere):
        tubes.move(east.store, OLD, NEW, "cracked")
    move = {"old": OLD, "new": NEW, "reason": "cracked", "checkpoint": "South"}
    assert _refused(_one(server, east, "tube.moved", move), "event.other_checkpoint")
    assert _refused(_one(server, east, "tube.moved", move | {"checkpoint": "East"}), "event.tube_elsewhere")
    assert _refused(_one(server, south, "tube.moved", move | {"new": "TAKENTUBE001"}), "event.move_taken")
    assert _refused(_one(server, south, "tube.moved", move | {"old": "NOSUCHTUBE01"}), "event.unknown_tube")
    # The office may move it for South; from then on the old tube takes nothing.
    assert _one(server, admin, "tube.moved", move)["status"] == "stored"
    registration = {
        "person": ids(1, start=730)[0],
        "round": ROUND,
        "checkpoint": "South",
        "tube": OLD,
        "position": 3,
        "colour": "green",
        "source": "scanner",
    }
    for kind, body in (
        ("registration", registration),
        ("tube.sealed", {"code": OLD, "reason": "early"}),
        ("handover.recorded", {"checkpoint": "South", "count": 1, "tubes": [OLD]}),
        ("tube.moved", move | {"new": "THIRDTUBE001"}),
    ):
        assert _refused(_one(server, south, kind, body), "event.tube_broken", kind), kind
    # The new tube is South's laptop's own, as the old one was.
    assert _one(server, south, "registration", registration | {"tube": NEW})["status"] == "stored"
    assert _one(server, south, "tube.sealed", {"code": NEW, "reason": "early"})["status"] == "stored"


def test_the_server_refuses_to_move_a_tube_handed_over_that_the_moving_laptop_thought_was_not(
    server: ServerThread, site: dict[str, Station]
) -> None:
    admin, south = site["admin"], site["South"]
    _filled(south, ids(2, start=740))
    tubes.seal(south.store, OLD)
    sync_all([south, admin])
    handover.hand_over(south.store, "South", 1)
    south.sync()  # the handover reaches the server; the office has not pulled it
    tubes.move(admin.store, OLD, NEW, "cracked")  # so its laptop lets the move through
    report = admin.sync()
    assert (report.pushed, report.refused) == (0, 1)
    [said] = [r[0] for r in admin.store.conn.execute("SELECT reason FROM sync_rejections")]
    assert said == str(Reason("event.tube_handed"))
    t = records.tubes.c
    with db.reading(server.engine) as conn:
        held = conn.execute(select(t.moved_to, t.handed_over).where(t.site == SITE, t.code == OLD)).one()
    assert tuple(held) == (None, True)
    # A handover and a move of its tube in one batch: the move is refused as well.
    tubes.open_tube(south.store, "SECONDTUBE01", checkpoint="South", round_name=ROUND, pool_size=1)
    south.register(ids(1, start=750)[0])
    south.sync()
    handed = {"checkpoint": "South", "count": 1, "tubes": ["SECONDTUBE01"]}
    moved = {"old": "SECONDTUBE01", "new": "THIRDTUBE001", "reason": "cracked", "checkpoint": "South"}
    answer = push(
        server.url,
        south,
        [
            wire_event(south.device, next_seq(south), "handover.recorded", handed),
            wire_event(south.device, next_seq(south), "tube.moved", moved),
        ],
    )
    stored, refused = answer.json()["results"]
    assert stored["status"] == "stored" and _refused(refused, "event.tube_handed")


def test_label_ranges_sync_and_a_laptop_prints_only_in_its_own_series(
    server: ServerThread, site: dict[str, Station]
) -> None:
    admin, south, east = site["admin"], site["South"], site["East"]
    printed = [
        labels.reserve(admin.store, labels.Request(20)),
        labels.reserve(south.store, labels.Request(10, pool=5)),
        labels.reserve(admin.store, labels.Request(4, kind="box")),
    ]
    sync_all([admin, south, east])
    for station in (admin, south, east):
        assert {p.event for p in labels.ranges(station.store.conn)} == {p.event for p in printed}
    codes = [code for p in printed for code in p.codes]
    assert len(codes) == len(set(codes))
    # Offline, two laptops go on printing; their codes still never meet.
    more = [labels.reserve(south.store, labels.Request(5)), labels.reserve(east.store, labels.Request(5))]
    assert not {c for p in more for c in p.codes} & set(codes)
    assert not set(more[0].codes) & set(more[1].codes)
    # A range in another laptop's series is refused by the server.
    forged = {
        "kind": "tube",
        "pool": 10,
        "prefix": "",
        "series": labels.series_of(south.device),
        "first": 900,
        "count": 5,
    }
    assert _refused(_one(server, east, "labels.printed", forged), "event.label_series")
    own = forged | {"series": labels.series_of(east.device)}
    assert _one(server, east, "labels.printed", own)["status"] == "stored"
