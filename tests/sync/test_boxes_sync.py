"""Transport boxes and the lab between laptops and the server: a box filled, sealed and handed over at
one checkpoint reaches everyone, and the dashboard counts each tube sealed, boxed, handed over,
received by the lab and with a result; the server refuses box events from another checkpoint's
laptop, and a lab's receipt from a checkpoint station, each with its reason's key."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from registration.errors import Reason
from registration.sampling import boxes, receipts, registrations, results, tubes
from registration.setup.campaign import CampaignError
from sync.server import db, projection
from sync.server.dashboard import data
from sync.server.folds import Folds
from tests.sync.harness import (
    ROUND,
    SITE,
    ServerThread,
    Station,
    ids,
    next_seq,
    push,
    sync_all,
    wire_event,
)


def _sealed(station: Station, code: str, people: list[str]) -> str:
    tubes.open_tube(station.store, code, checkpoint=station.checkpoint, round_name=ROUND, pool_size=5)
    for person in people:
        registrations.register(station.store, person, checkpoint=station.checkpoint, round_name=ROUND)
    tubes.seal(station.store, code)
    return code


def _row(server: ServerThread, checkpoint: str) -> dict[str, Any]:
    projection.catch_up(server.engine)
    folds = Folds(server.engine)
    try:
        with db.reading(server.engine) as conn:
            shown = data.snapshot(conn, SITE, ROUND, 0, folds)
    finally:
        folds.close()
    [row] = [gate for gate in shown["checkpoints"] if gate["checkpoint"] == checkpoint]
    return row


def _answer(server: ServerThread, station: Station, kind: str, body: dict[str, Any]) -> dict[str, Any]:
    [result] = push(server.url, station, [wire_event(station.device, next_seq(station), kind, body)]).json()[
        "results"
    ]
    return dict(result)


def test_a_box_filled_at_one_checkpoint_travels_and_the_dashboard_counts_each_stage(
    server: ServerThread, site: dict[str, Station], tmp_path: Path
) -> None:
    admin, south, east = site["admin"], site["South"], site["East"]
    people = ids(6, start=300)
    codes = [_sealed(south, f"TBOX{n:08d}", people[n * 2 : n * 2 + 2]) for n in range(3)]
    boxes.open_box(south.store, "BOX000S01", "South")
    boxes.add_tubes(south.store, "BOX000S01", codes[:2])
    boxes.seal_box(south.store, "BOX000S01", count=2)
    boxes.hand_over_box(south.store, "South", "BOX000S01")
    sync_all([south, admin, east])

    held = boxes.get(admin.store.conn, "BOX000S01")
    assert held is not None and held.tubes == tuple(codes[:2]) and held.handed_at is not None
    row = _row(server, "South")
    assert (row["tubes_sealed"], row["tubes_boxed"], row["tubes_handed"]) == (1, 2, 2)
    assert (row["tubes_received"], row["tubes_with_results"]) == (0, 0)

    # East knows South's box, but may not fill it: refused on its laptop, and at the server.
    with_east = _sealed(east, "TBOXEAST0001", ids(1, start=400))
    try:
        boxes.add_tubes(east.store, "BOX000S01", [with_east])
    except CampaignError as refused:
        assert refused.reason.key == "station.not_here"
    else:
        raise AssertionError("East filled South's box")
    east.sync()
    filled = _answer(server, east, "box.filled", {"box": "BOX000S01", "tubes": [with_east]})
    assert (filled["status"], filled["reason"]) == (
        "rejected",
        Reason("event.box_elsewhere", kind="box.filled"),
    )
    taken = _answer(server, east, "box.opened", {"box": "BOX000S01", "checkpoint": "East"})
    assert taken["reason"] == Reason("event.box_taken")
    unknown = _answer(server, east, "box.sealed", {"box": "BOX0000404", "count": 1})
    assert unknown["reason"] == Reason("event.unknown_box", kind="box.sealed")
    own = _answer(server, east, "box.opened", {"box": "BOX000E01", "checkpoint": "East"})
    assert own["status"] == "stored"
    elsewhere = _answer(server, east, "box.filled", {"box": "BOX000E01", "tubes": [codes[2]]})
    assert elsewhere["reason"] == Reason("event.tube_elsewhere", kind="box.filled")
    receipt = _answer(server, south, "lab.received", {"digest": "0" * 64, "tubes": codes})
    assert receipt["reason"] == Reason("station.lab_receipts")

    listed = tmp_path / "received.csv"
    listed.write_text("样本编号\n" + "\n".join(codes[:1]) + "\n", encoding="utf-8")
    report = receipts.receive(admin.store, listed)
    assert [(b.box, b.missing) for b in report.boxes] == [("BOX000S01", [codes[1]])]
    results.set_result(admin.store, codes[0], "negative")
    sync_all([admin, south, east])
    row = _row(server, "South")
    assert (row["tubes_received"], row["tubes_with_results"], row["tubes_boxed"]) == (1, 1, 2)
    assert receipts.report(south.store.conn) == (report.boxes, report.unboxed)
