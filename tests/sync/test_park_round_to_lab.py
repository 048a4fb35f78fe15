"""A park's round of 3,000 people from labels to lab results, on SQLite and PostgreSQL: the office
prints the tube and box labels and imports the roster; two checkpoint laptops register their share
into tubes opened from the printed codes; a sealed tube cracks and moves to a spare label, and
another cracks in its transport box; each checkpoint boxes and hands its tubes over; the lab receives
every tube but one and finds one positive. Then every figure of the dashboard and of the server's
reconciliation is each station's, each stage of each checkpoint's tubes is counted alike everywhere,
and the positive tube's recall list is its ten people, on every laptop and on the server."""

from __future__ import annotations

import csv
from pathlib import Path

import httpx
from sqlalchemy import select

from registration.errors import Reason
from registration.reports import manifest, reconcile, trace
from registration.sampling import boxes, handover, labels, receipts, results, tubes
from registration.sampling.registrations import Status
from registration.sampling.scanflow import Attempt, ScanFlow
from registration.setup import enterprises, rosters, sample_park
from sync.server import db, projection, records
from tests.sync.harness import ROUND, SITE, ServerThread, Station, assert_converged, credential, sync_all
from tests.sync.test_dashboard_http import add_user, signed_in
from tests.sync.test_figures_everywhere import _same

POOL = 10
BOX_TUBES = 10
"""Tubes a transport box takes."""


def _file(path: Path, rows: list[list[str]]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as out:
        csv.writer(out).writerows(rows)
    return path


def _register(station: Station, codes: list[str], people: list[str]) -> dict[str, list[str]]:
    """Scan a printed label, then its people, as the station's window does, tube after tube (each
    seals itself when full; the last is sealed early): each tube's people, by its code."""
    flow = ScanFlow(station.checkpoint, ROUND, operator="志愿者小王")
    filled: dict[str, list[str]] = {}
    for code, start in zip(codes, range(0, len(people), POOL), strict=False):
        [(_, opened)] = flow.scan(station.store, Attempt(code, source="scanner"))
        assert opened.status is Status.TUBE_OPENED, opened.reason
        filled[code] = people[start : start + POOL]
        for person in filled[code]:
            [(_, done)] = flow.scan(station.store, Attempt(person, colour="green", source="scanner"))
            assert done.status is Status.REGISTERED and done.tube is not None, done.reason
        if not done.tube["sealed"]:
            tubes.seal(station.store, code)
    return filled


def _box_and_hand_over(
    station: Station, codes: list[str], cracked: tuple[str, str] | None = None
) -> dict[str, list[str]]:
    """Fill boxes with the checkpoint's sealed tubes, seal each with its count and hand it over:
    each box's tubes, by its code. With ``cracked`` (a tube, a spare label), that tube cracks in its
    box before the box is sealed, and its people move to the spare label's tube, which takes its place."""
    due = [t.code for t in handover.due(station.store.conn, station.checkpoint)]
    sent: dict[str, list[str]] = {}
    for code, start in zip(codes, range(0, len(due), BOX_TUBES), strict=False):
        sent[code] = due[start : start + BOX_TUBES]
        boxes.open_box(station.store, code, station.checkpoint)
        boxes.add_tubes(station.store, code, sent[code])
        if cracked is not None and cracked[0] in sent[code]:
            tubes.move(station.store, *cracked, "cracked in the box")
            sent[code] = [cracked[1] if tube == cracked[0] else tube for tube in sent[code]]
        boxes.seal_box(station.store, code, count=len(sent[code]))
        boxes.hand_over_box(station.store, station.checkpoint, code)
    assert handover.due(station.store.conn, station.checkpoint) == []
    return sent


# Each stage of a checkpoint's tubes as a station holds it, as the dashboard shows it: a broken
# tube is its new tube's.
_STAGES = """
    SELECT
      sum(t.sealed_at IS NULL),
      sum(t.sealed_at IS NOT NULL AND NOT EXISTS (SELECT 1 FROM handover_tubes h WHERE h.tube = t.code)),
      sum(EXISTS (SELECT 1 FROM box_tubes b WHERE b.tube = t.code)),
      sum(EXISTS (SELECT 1 FROM handover_tubes h WHERE h.tube = t.code)),
      sum(EXISTS (SELECT 1 FROM lab_received r WHERE r.tube = t.code)),
      sum(EXISTS (SELECT 1 FROM tube_results r WHERE r.tube = t.code))
    FROM tubes t WHERE t.checkpoint = ? AND t.round = ? AND t.moved_to IS NULL
"""
STAGES = (
    "tubes_open",
    "tubes_sealed",
    "tubes_boxed",
    "tubes_handed",
    "tubes_received",
    "tubes_with_results",
)


def _stages(station: Station, checkpoint: str) -> dict[str, int]:
    row = station.store.conn.execute(_STAGES, (checkpoint, ROUND)).fetchone()
    return {stage: int(n or 0) for stage, n in zip(STAGES, row, strict=True)}


PEOPLE = 3000


def _recall(station: Station, code: str) -> list[tuple[int, str]]:
    return [(m["position"], m["id_number"]) for m in trace.trace(station.store.conn, [code], reveal=True)]


def test_a_park_round_from_labels_to_lab_results(
    server: ServerThread, site: dict[str, Station], tmp_path: Path
) -> None:
    admin, south, east = site["admin"], site["South"], site["East"]
    gates = [south, east]
    tested = PEOPLE - PEOPLE // 60  # 2,950 of 3,000 come
    people = sample_park.make_people(PEOPLE)
    ids = [p.id_number for p in people]
    shares = {station.checkpoint: ids[n:tested:2] for n, station in enumerate(gates)}  # the rest stay away

    # The office prints each checkpoint's tube labels (and a spare: a tube will crack) and the box
    # labels, and imports the park's roster; the laptops take it all with their next sync.
    tube_labels = {
        gate: labels.reserve(admin.store, labels.Request(-(-len(share) // POOL) + 1)).codes
        for gate, share in shares.items()
    }
    per_gate = -(-len(tube_labels["South"]) // BOX_TUBES) + 1  # a box more than needed
    printed = labels.reserve(admin.store, labels.Request(2 * per_gate, kind="box")).codes
    box_labels = {"South": printed[:per_gate], "East": printed[per_gate:]}
    roster = _file(
        tmp_path / "roster.csv",
        [
            ["企业名称", "姓名", "身份证号码", "手机号码", "部门"],
            *([p.enterprise, p.name, p.id_number, p.phone or "", p.department or ""] for p in people),
        ],
    )
    imported = rosters.import_roster(admin.store, roster)
    assert (imported.added, imported.rejected) == (PEOPLE, [])
    for firm, reported in sample_park.reported_headcounts(people).items():
        enterprises.set_enterprise(admin.store, firm, reported=reported)
    for station in (admin, south, east):
        station.sync()
    assert all(len(rosters.on_roster(s.store.conn)) == PEOPLE for s in gates)

    # Each checkpoint registers its share, ten to a tube, from its labels.
    filled: dict[str, list[str]] = {}
    for station in gates:
        filled |= _register(station, tube_labels[station.checkpoint], shares[station.checkpoint])

    # A sealed tube of South's cracks: its people move to the spare label; the old tube is broken.
    old, new = tube_labels["South"][2], tube_labels["South"][-1]
    moved = tubes.move(south.store, old, new, "cracked in the rack")
    assert (moved.people, moved.tube.sealed) == (POOL, True)

    # Each checkpoint boxes its sealed tubes (the new one among them) and hands each box over; a
    # tube of East's cracks in its box, and its new tube goes in its place. The broken tube is
    # refused from a box, with where its people are.
    in_box = (tube_labels["East"][4], tube_labels["East"][-1])
    sent = _box_and_hand_over(south, box_labels["South"][:-1])
    sent |= _box_and_hand_over(east, box_labels["East"][:-1], cracked=in_box)
    cracked = dict([(old, new), in_box])
    for broken, moved_to in cracked.items():
        filled[moved_to] = filled.pop(broken)
    spare = box_labels["South"][-1]
    boxes.open_box(south.store, spare, "South")
    try:
        boxes.add_tubes(south.store, spare, [old])
    except boxes.TubesRefused as refused:
        assert [(r.code, r.reason) for r in refused.refused] == [(old, Reason("box.broken", new=new))]
    else:
        raise AssertionError("the broken tube went in a box")
    assert sorted(t for held in sent.values() for t in held) == sorted(filled)
    for station in (south, east, admin):
        station.sync()

    # The lab's list: every tube sent but one of East's second box.
    lost_box = box_labels["East"][1]
    lost = sent[lost_box][3]
    received = [tube for held in sent.values() for tube in held if tube != lost]
    receipt = receipts.receive(
        admin.store, _file(tmp_path / "received.csv", [["样本编号"], *([t] for t in received)])
    )
    assert receipt.recorded and (receipt.unboxed, receipt.not_codes) == ([], [])
    assert {b.box: b.missing for b in receipt.boxes} == {
        box: [lost] if box == lost_box else [] for box in sent
    }

    # The lab's results for the tubes it received, the moved one positive; the import's check names
    # the tube sent that has no result.
    lab = _file(
        tmp_path / "results.csv",
        [["样本编号", "检测结果"], *([t, "阳性" if t == new else "阴性"] for t in received)],
    )
    report = results.import_lab(admin.store, lab, overdue_hours=0)
    assert (report.positive, report.negative, report.never_had, report.rejected, report.flagged) == (
        [new],
        len(received) - 1,
        [],
        [],
        [],
    )
    assert [(o["tube"], o["box"], o["checkpoint"]) for o in report.overdue] == [(lost, lost_box, "East")]
    sync_all([admin, south, east])
    assert_converged(server.engine, [admin, south, east])
    for station in (admin, south, east):
        assert station.store.conn.execute("SELECT count(*) FROM sync_rejections").fetchone()[0] == 0

    # The dashboard's JSON and the server's reconciliation are each station's figures.
    add_user(server, "chen", "viewer", site=SITE)
    browser = signed_in(server, "chen")
    try:
        page = browser.get("/dashboard.json").json()
        firms = [f["enterprise"] for f in page["enterprises"]]
        away = {
            firm: browser.get("/missing.json", params={"enterprise": firm}).json()["people"] for firm in firms
        }
    finally:
        browser.close()
    assert (page["round"], page["totals"]["tested"], page["totals"]["missing"]) == (
        ROUND,
        tested,
        PEOPLE - tested,
    )
    assert page["timeline"][-1][1] == tested
    shown = {gate["checkpoint"]: {stage: gate[stage] for stage in STAGES} for gate in page["checkpoints"]}
    for station in (admin, south, east):
        figures = reconcile.reconcile(station.store.conn, ROUND)
        answer = httpx.get(
            f"{server.url}/v1/rounds/{ROUND}/reconciliation",
            headers={"Authorization": f"Bearer {credential(station)}"},
        ).json()
        assert "set_aside" not in answer
        assert answer == figures, station.checkpoint
        _same(figures, page)
        assert {firm: reconcile.missing(station.store.conn, ROUND, firm) for firm in firms} == away
        # Each checkpoint's tubes: sealed, boxed, handed over, received by the lab, with a result.
        assert {gate: _stages(station, gate) for gate in shown} == shown, station.checkpoint
        assert receipts.report(station.store.conn) == (receipt.boxes, receipt.unboxed)
    for gate, share in shares.items():
        made = -(-len(share) // POOL)
        lab_has = made - (gate == "East")
        assert shown[gate] == dict(zip(STAGES, (0, 0, made, made, lab_has, lab_has), strict=True)), gate

    # Every laptop's manifests are the boxes sent, with every tested person once; the recall list of
    # each cracked tube's new tube (the positive one's) is its ten people, on every laptop and on the
    # server, and tracing the old tube leads to them; the old tubes are broken everywhere.
    for station in (admin, south, east):
        listed = {box: manifest.rows(station.store.conn, box) for box in sent}
        assert {box: [row["tube"] for row in rows] for box, rows in listed.items()} == sent
        assert sum(row["people"] for rows in listed.values() for row in rows) == tested
        for broken, moved_to in cracked.items():
            assert _recall(station, moved_to) == list(enumerate(filled[moved_to], start=1))
            assert _recall(station, broken) == _recall(station, moved_to)  # a lab naming OLD finds them
            held = tubes.get(station.store.conn, broken)
            assert held is not None and held.moved_to == moved_to
    [positive] = page["positives"]
    assert (positive["tube"], positive["checkpoint"], positive["people"]) == (new, "South", POOL)
    rg, t = projection.registrations.c, records.tubes.c
    with db.reading(server.engine) as conn:
        for broken, moved_to in cracked.items():
            recalled = conn.execute(select(rg.person).where(rg.site == SITE, rg.tube == moved_to)).scalars()
            in_old = conn.execute(select(rg.person).where(rg.site == SITE, rg.tube == broken)).all()
            kept = conn.execute(select(t.moved_to).where(t.site == SITE, t.code == broken)).scalar()
            assert (sorted(recalled), in_old, kept) == (sorted(filled[moved_to]), [], moved_to)
