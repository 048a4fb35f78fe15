"""The office's unmaskings screen on a real station database: a reveal export from the command line and
a reveal from the window are listed newest first, with their list, count and operator, never the people."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from pytestqt.qtbot import QtBot

from registration.privacy import audit
from registration.reports import reconcile
from registration.sampling import results
from registration.setup.sample_park import DemoCampaign
from registration.storage.store import Store
from tests.e2e.cli import run_main
from tests.ui.test_office_rosters import WAIT_MS, column, office_of
from tests.ui.test_office_screens import register
from ui.main_window import MainWindow
from ui.office.common import when
from ui.office.unmaskings import UnmaskingsScreen


def show_unmaskings(qtbot: QtBot, window: MainWindow) -> UnmaskingsScreen:
    office = office_of(qtbot, window)
    screen = office.unmaskings
    with qtbot.waitSignal(screen.loaded, timeout=WAIT_MS):
        if office.currentWidget() is screen:
            screen.refresh()
        else:
            office.setCurrentWidget(screen)
    return screen


def test_before_any_reveal_the_screen_says_what_it_will_list(
    qtbot: QtBot, window: MainWindow, campaign: DemoCampaign
) -> None:
    screen = show_unmaskings(qtbot, window)
    assert screen.model.rowCount() == 0
    assert not screen.empty.isHidden() and screen.view.isHidden()
    assert "--reveal" in screen.empty.text()
    assert "0" in screen.title.text()


def test_every_reveal_is_listed_newest_first_without_the_people(
    qtbot: QtBot, window: MainWindow, campaign: DemoCampaign, tmp_path: Path
) -> None:
    register(campaign, 10)
    firm = campaign.people[0].enterprise
    with Store(campaign.path) as store:
        results.set_result(store, campaign.tubes[0], "positive")
        missing = len(reconcile.missing(store.conn, campaign.round, firm))
    assert missing > 0

    # The command line's --reveal export, on this laptop's database.
    out = tmp_path / "missing.csv"
    args = ("missing", "--round", campaign.round, "--enterprise", firm, "--out", out, "--reveal")
    done = run_main(*args, "--db", campaign.path)
    assert done.code == 0, done.stderr
    screen = show_unmaskings(qtbot, window)
    assert screen.empty.isHidden() and not screen.view.isHidden()
    with Store(campaign.path) as store:
        (entry,) = audit.entries(store.conn)
    assert screen.model.rows == [
        (
            when(entry.at),
            audit.who(),
            screen.tr("this laptop"),
            screen.tr("Missing people"),
            missing,
            campaign.round,
            firm,
        )
    ]
    assert screen.model.text(0, 0).startswith(date.today().isoformat())
    assert "1" in screen.title.text()

    # The window's traceback export with full numbers, by the signed-in operator.
    trace = window.trace
    window.tabs.setCurrentWidget(trace)
    trace.trace_positives()
    qtbot.waitUntil(lambda: trace.table.rowCount() == 10, timeout=WAIT_MS)
    recall = tmp_path / "recall.xlsx"
    trace.reveal.setChecked(True)
    trace.export_to(recall)
    qtbot.waitUntil(lambda: str(recall) in trace.summary.text(), timeout=WAIT_MS)
    screen = show_unmaskings(qtbot, window)
    assert column(screen.model, 3) == [screen.tr("Traceback export"), screen.tr("Missing people")]
    assert column(screen.model, 4) == ["10", str(missing)]
    assert column(screen.model, 1) == [campaign.operator, audit.who()]
    assert "2" in screen.title.text()
    shown = " ".join(" ".join(column(screen.model, c)) for c in range(screen.model.columnCount()))
    for person in campaign.people:
        assert person.id_number not in shown and person.name not in shown
        assert not person.phone or person.phone not in shown

    # Only the round's: the traceback export belongs to no round.
    screen.round.setCurrentIndex(screen.round.findData(campaign.round))
    with qtbot.waitSignal(screen.loaded, timeout=WAIT_MS):
        screen.refresh()
    assert column(screen.model, 3) == [screen.tr("Missing people")]
    assert screen.round.currentData() == campaign.round
