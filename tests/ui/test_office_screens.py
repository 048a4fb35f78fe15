"""The enterprises, handover and traceback screens against the domain's own answers."""

from __future__ import annotations

from pathlib import Path

import openpyxl
from pytestqt.qtbot import QtBot

from registration.people.identity import mask_id
from registration.reports import reconcile
from registration.sampling import handover, registrations, results, tubes
from registration.setup import exemptions
from registration.setup.sample_park import DemoCampaign
from registration.storage.store import Store
from tests.registration.ids import make_id
from ui.main_window import MainWindow

WAIT_MS = 15_000


def register(campaign: DemoCampaign, count: int, *, start: int = 0, checkpoint: str | None = None) -> None:
    """``count`` people registered straight through the domain, tubes opened as needed."""
    where = checkpoint or campaign.checkpoint
    with Store(campaign.path) as store:
        for code in campaign.codes[start : start + count]:
            outcome = registrations.register(
                store, code, checkpoint=where, round_name=campaign.round, source="camera"
            )
            if outcome.status is registrations.Status.REJECTED:
                used = {t.code for t in tubes.open_tubes(store.conn)} | {
                    r[0] for r in store.conn.execute("SELECT code FROM tubes")
                }
                fresh = next(c for c in campaign.tubes if c not in used)
                tubes.open_tube(store, fresh, checkpoint=where, round_name=campaign.round)
                outcome = registrations.register(
                    store, code, checkpoint=where, round_name=campaign.round, source="camera"
                )
            assert outcome.status is registrations.Status.REGISTERED, outcome.reason


def test_the_enterprises_screen_shows_the_domains_figures(
    qtbot: QtBot, window: MainWindow, campaign: DemoCampaign, tmp_path: Path
) -> None:
    register(campaign, 12)
    register(campaign, 5, start=12, checkpoint="南门")
    with Store(campaign.path) as store:
        exemptions.set_exemption(store, campaign.people[20].id_number, campaign.round, "isolation")
        expected = reconcile.reconcile(store.conn, campaign.round)
    screen = window.enterprises
    window.tabs.setCurrentWidget(screen)
    qtbot.waitUntil(lambda: screen.table.rowCount() == len(expected["enterprises"]), timeout=WAIT_MS)
    shown = screen.figures_shown()
    for line, row in zip(expected["enterprises"], shown, strict=True):
        assert row["enterprise"] == line["enterprise"]
        for key in ("roster", "exempt", "expected", "tested", "missing"):
            assert row[key] == str(line[key]), key
        assert row["reported"] == ("" if line["reported"] is None else str(line["reported"]))
        assert row["completion"] == f"{(line['completion'] or 0) * 100:.1f}%"
    totals = expected["totals"]
    assert f"{totals['tested']}" in screen.totals.text() and f"{totals['missing']}" in screen.totals.text()
    assert sum(int(r["tested"]) for r in shown) == 17

    # The missing people of one enterprise, masked, and an exemption from the list.
    screen.table.selectRow(0)
    firm = expected["enterprises"][0]
    qtbot.waitUntil(lambda: screen.missing.rowCount() == firm["missing"], timeout=WAIT_MS)
    ids = [screen.missing.item(r, 2).text() for r in range(screen.missing.rowCount())]  # type: ignore[union-attr]
    assert all("*" in shown_id and len(shown_id) == 18 for shown_id in ids)
    screen.missing.selectRow(0)
    screen.reason.setCurrentIndex(screen.reason.findData("away"))
    screen.exempt_selected()
    qtbot.waitUntil(lambda: screen.missing.rowCount() == firm["missing"] - 1, timeout=WAIT_MS)
    with Store(campaign.path) as store:
        after = reconcile.reconcile(store.conn, campaign.round)
    assert after["enterprises"][0]["exempt"] == firm["exempt"] + 1
    qtbot.waitUntil(lambda: screen.figures_shown()[0]["exempt"] == str(firm["exempt"] + 1), timeout=WAIT_MS)

    out = tmp_path / "round.xlsx"
    screen.export_to(out)
    qtbot.waitUntil(lambda: str(out) in screen.message.text(), timeout=WAIT_MS)
    sheet = openpyxl.load_workbook(out).active
    assert sheet is not None
    rows = list(sheet.iter_rows(values_only=True))
    assert [r[0] for r in rows[1:-1]] == [line["enterprise"] for line in after["enterprises"]]
    assert rows[-1][5] == after["totals"]["tested"]


def test_the_handover_screen_blocks_a_wrong_count_and_records_the_right_one(
    qtbot: QtBot, window: MainWindow, campaign: DemoCampaign
) -> None:
    register(campaign, 25)  # two tubes of ten sealed, the third open with five
    screen = window.handover
    window.tabs.setCurrentWidget(screen)
    qtbot.waitUntil(lambda: screen.due_list.count() == 2, timeout=WAIT_MS)
    assert screen.open_list.count() == 1
    screen.count.setValue(3)
    screen.hand_over()
    qtbot.waitUntil(lambda: "3" in screen.message.text(), timeout=WAIT_MS)
    with Store(campaign.path) as store:
        assert len(handover.due(store.conn, campaign.checkpoint)) == 2  # nothing recorded
    screen.count.setValue(2)
    screen.hand_over()
    qtbot.waitUntil(lambda: screen.due_list.count() == 0, timeout=WAIT_MS)
    with Store(campaign.path) as store:
        assert handover.due(store.conn, campaign.checkpoint) == []


def test_the_traceback_screen_lists_a_positive_tubes_members_and_exports_them(
    qtbot: QtBot, window: MainWindow, campaign: DemoCampaign, tmp_path: Path
) -> None:
    register(campaign, 10)
    positive = campaign.tubes[0]
    with Store(campaign.path) as store:
        results.set_result(store, positive, "positive")
    screen = window.trace
    window.tabs.setCurrentWidget(screen)
    screen.trace_positives()
    qtbot.waitUntil(lambda: screen.table.rowCount() == 10, timeout=WAIT_MS)
    names = [screen.table.item(r, 3).text() for r in range(10)]  # type: ignore[union-attr]
    assert names == [p.name for p in campaign.people[:10]]
    shown_ids = [screen.table.item(r, 6).text() for r in range(10)]  # type: ignore[union-attr]
    assert all(p.id_number not in shown for p, shown in zip(campaign.people, shown_ids, strict=False))

    out = tmp_path / "recall.xlsx"
    screen.reveal.setChecked(True)  # the recall team needs the full numbers
    screen.export_to(out)
    qtbot.waitUntil(lambda: str(out) in screen.summary.text(), timeout=WAIT_MS)
    sheet = openpyxl.load_workbook(out).active
    assert sheet is not None
    exported = {row[6] for row in list(sheet.iter_rows(values_only=True))[1:]}
    assert exported == {p.id_number for p in campaign.people[:10]}

    # A tube scanned on this screen is traced, not opened.
    screen.codes.clear()
    window.handle_scanned(positive)
    qtbot.waitUntil(lambda: screen.codes.text() == positive, timeout=WAIT_MS)
    assert window.tabs.currentWidget() is screen


def test_the_enterprises_screen_lists_the_people_registered_on_no_roster(
    qtbot: QtBot, window: MainWindow, campaign: DemoCampaign
) -> None:
    register(campaign, 3)
    strangers = [make_id(9_000_000 + n, region="110105") for n in range(2)]
    with Store(campaign.path) as store:
        for number, card_name in zip(strangers, ["林晓", None], strict=True):
            outcome = registrations.register(
                store, number, checkpoint=campaign.checkpoint, round_name=campaign.round, name=card_name
            )
            assert outcome.status is registrations.Status.REGISTERED, outcome.reason
        expected = reconcile.reconcile(store.conn, campaign.round)
    assert expected["not_on_any_roster"] == 2
    screen = window.enterprises
    window.tabs.setCurrentWidget(screen)
    screen.refresh()
    qtbot.waitUntil(lambda: screen.no_roster.rowCount() == 2, timeout=WAIT_MS)
    shown = screen.no_roster_shown()
    assert [row[0] for row in shown] == [p["id_number"] for p in expected["not_on_any_roster_people"]]
    assert sorted(row[0] for row in shown) == sorted(mask_id(n) for n in strangers)
    assert all(row[1] == campaign.checkpoint and row[2] and row[3] for row in shown)
    named = {row[0]: row[4] for row in shown}
    assert named == {mask_id(strangers[0]): "林晓", mask_id(strangers[1]): ""}  # the name an ID card gave
    assert "2" in screen.no_roster_title.text()
