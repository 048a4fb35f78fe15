"""Voids and corrections from the window: any registration of the round at this checkpoint, whichever
laptop made it, found by name, ID number or tube, then voided or given the right person."""

from __future__ import annotations

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from registration.people.identity import mask_id
from registration.reports import reconcile
from registration.sampling import registrations
from registration.setup.sample_park import DemoCampaign
from registration.storage.store import Store
from tests.registration.test_authority import enrol_as
from tests.registration.test_lookup import from_another_laptop
from tests.ui.test_messages import CHINESE
from tests.ui.test_scan_screen import WAIT_MS, members
from ui.main_window import MainWindow
from ui.manual_entry import ManualEntry
from ui.void_dialog import VoidDialog

OTHER_TUBE = "TB9900000001"


def rows(dialog: VoidDialog) -> list[tuple[str, ...]]:
    """The dialog's list as shown: time, name, ID number, tube, position, laptop, state."""
    table = dialog.table
    return [
        tuple(table.item(r, c).text() for c in range(table.columnCount()))  # type: ignore[union-attr]
        for r in range(table.rowCount())
    ]


def find(qtbot: QtBot, dialog: VoidDialog, query: str, count: int) -> list[tuple[str, ...]]:
    """Type ``query`` into the search field and wait for ``count`` registrations listed."""
    dialog.query.setText(query)
    qtbot.waitUntil(
        lambda: dialog.table.rowCount() == count and not dialog._timer.isActive(), timeout=WAIT_MS
    )
    qtbot.waitUntil(lambda: dialog.station.db.pending == 0, timeout=WAIT_MS)
    assert dialog.table.rowCount() == count
    return rows(dialog)


def select(dialog: VoidDialog, masked: str) -> None:
    dialog.table.clearSelection()
    dialog.table.selectRow(next(r for r, row in enumerate(rows(dialog)) if row[2] == masked))


def holder(campaign: DemoCampaign, tube: str, position: int) -> str:
    """Whose registration holds a tube position."""
    return next(str(r["person"]) for r in members(campaign, tube) if r["position"] == position)


def test_any_registration_here_is_found_by_name_id_or_tube_then_voided_or_corrected(
    qtbot: QtBot, window: MainWindow, campaign: DemoCampaign
) -> None:
    people = campaign.people
    tube = campaign.tubes[0]
    # Scanned into the window (as the scanner's keys end up: typing them is the wedge tests' business).
    for code in [tube, *campaign.codes[:6]]:
        with qtbot.waitSignal(window.station.scanned, timeout=WAIT_MS) as scanned:
            window.handle_scanned(code)
        assert scanned.args[0].outcome.status in (
            registrations.Status.TUBE_OPENED,
            registrations.Status.REGISTERED,
        )
    with Store(campaign.path) as store:
        # Another laptop at this checkpoint registered two more; a third at another checkpoint.
        theirs_here = [people[6].id_number, people[7].id_number]
        from_another_laptop(
            store, theirs_here, OTHER_TUBE, checkpoint=campaign.checkpoint, round_name=campaign.round
        )
        from_another_laptop(
            store, [people[8].id_number], "TB9900000002", checkpoint="南门", round_name=campaign.round
        )
    voided, wrong, theirs, right, right_for_theirs = people[1], people[3], people[6], people[20], people[21]
    names = [p.name for p in people]
    assert all(names.count(p.name) == 1 for p in (voided, wrong, theirs, people[8]))

    dialog = window.scan_screen.open_void()
    qtbot.waitUntil(lambda: dialog.table.rowCount() == 8, timeout=WAIT_MS)  # the newest here, every laptop
    shown = rows(dialog)
    assert all(p.id_number not in str(shown) for p in people)
    assert {row[2] for row in shown} == {mask_id(p.id_number) for p in people[:8]}

    # By name, by the ID number as masked on a list, by its last digits, by tube.
    assert [row[1:5] for row in find(qtbot, dialog, voided.name, 1)] == [
        (voided.name, mask_id(voided.id_number), tube, str(people.index(voided) + 1))
    ]
    assert [row[1] for row in find(qtbot, dialog, mask_id(wrong.id_number), 1)] == [wrong.name]
    assert [row[1] for row in find(qtbot, dialog, theirs.id_number[-6:], 1)] == [theirs.name]
    from_there = find(qtbot, dialog, OTHER_TUBE, 2)
    assert {row[3] for row in from_there} == {OTHER_TUBE}
    from_here = find(qtbot, dialog, tube[2:], 6)
    assert {row[3] for row in from_here} == {tube}
    assert len({row[5] for row in from_there}) == len({row[5] for row in from_here}) == 1  # which laptop
    assert from_there[0][5] != from_here[0][5]
    find(qtbot, dialog, people[8].name, 0)  # registered at another checkpoint
    qtbot.keyClick(dialog.query, Qt.Key.Key_Return)  # Enter searches; it closes nothing
    assert dialog.isVisible()
    assert dialog.summary.text()

    # A scanned tube is what to find: nobody is registered meanwhile.
    window.handle_scanned(OTHER_TUBE)
    qtbot.waitUntil(lambda: {row[3] for row in rows(dialog)} == {OTHER_TUBE}, timeout=WAIT_MS)

    # Void one: a reason, then the operator confirms.
    asked: list[str] = []
    dialog.confirm = lambda _parent, question: asked.append(question) or True
    find(qtbot, dialog, voided.name, 1)
    select(dialog, mask_id(voided.id_number))
    dialog.void_selected()
    assert asked == [] and dialog.note.text()  # no reason yet
    dialog.reason.setCurrentIndex(2)  # the sample was not taken
    with qtbot.waitSignal(window.station.voided, timeout=WAIT_MS):
        dialog.void_selected()
    assert len(asked) == 1 and mask_id(voided.id_number) in asked[0]
    qtbot.waitUntil(lambda: rows(dialog)[0][6] != "", timeout=WAIT_MS)  # listed as voided, with why

    # Correct another: the right person's badge is scanned while the dialog asks for them.
    find(qtbot, dialog, wrong.id_number[-4:], 1)
    select(dialog, mask_id(wrong.id_number))
    dialog.reason.setEditText("badge of a colleague")
    chooser = dialog.correct_selected()
    assert isinstance(chooser, ManualEntry) and dialog.chooser is chooser
    with qtbot.waitSignal(window.station.corrected, timeout=WAIT_MS) as corrected:
        window.handle_scanned(campaign.codes[20])
    assert corrected.args[0].person["name"] == right.name
    qtbot.waitUntil(lambda: right.name in dialog.note.text(), timeout=WAIT_MS)

    # And the other laptop's registration: the right person picked from the roster.
    find(qtbot, dialog, theirs.name, 1)
    select(dialog, mask_id(theirs.id_number))
    chooser = dialog.correct_selected()
    assert chooser is not None
    chooser.tabs.setCurrentIndex(1)
    chooser.query.setText(right_for_theirs.name)
    qtbot.waitUntil(lambda: chooser.results.count() > 0, timeout=WAIT_MS)
    hit = next(
        chooser.results.item(i)
        for i in range(chooser.results.count())
        if mask_id(right_for_theirs.id_number) in chooser.results.item(i).text()
    )
    with qtbot.waitSignal(window.station.corrected, timeout=WAIT_MS):
        chooser.results.itemActivated.emit(hit)

    # The store: each tube position holds the right person; the void shows in reconciliation.
    position = people.index(wrong) + 1
    assert holder(campaign, tube, position) == right.id_number
    assert holder(campaign, OTHER_TUBE, people.index(theirs) - 5) == right_for_theirs.id_number
    assert len(members(campaign, tube)) == 6  # the scanned badge registered nobody into the open tube
    with Store(campaign.path) as store:
        row = store.conn.execute(
            "SELECT voided_by, void_reason FROM registrations WHERE person = ?", (wrong.id_number,)
        ).fetchone()
        assert row["voided_by"] is not None and row["void_reason"] == "badge of a colleague"
        voided_row = store.conn.execute(
            "SELECT void_reason FROM registrations WHERE person = ?", (voided.id_number,)
        ).fetchone()
        assert voided_row["void_reason"] not in (None, "")
        figures = reconcile.reconcile(store.conn, campaign.round)
        missing = {p["id_number"] for p in reconcile.missing(store.conn, campaign.round)}
    here = next(c for c in figures["checkpoints"] if c["checkpoint"] == campaign.checkpoint)
    assert here["registrations"] == 7  # eight, one voided; corrections keep the count
    assert mask_id(voided.id_number) in missing
    assert {mask_id(p.id_number) for p in (wrong, theirs)} <= missing
    assert not {mask_id(p.id_number) for p in (right, right_for_theirs)} & missing


def test_a_checkpoint_station_is_told_at_once_that_another_laptops_registration_is_not_its_to_fix(
    qtbot: QtBot, window: MainWindow, campaign: DemoCampaign
) -> None:
    theirs = campaign.people[0]
    with Store(campaign.path) as store:
        from_another_laptop(
            store, [theirs.id_number], OTHER_TUBE, checkpoint=campaign.checkpoint, round_name=campaign.round
        )
        enrol_as(store, "station", campaign.checkpoint)
    dialog = window.scan_screen.open_void()
    qtbot.waitUntil(lambda: dialog.table.rowCount() == 1, timeout=WAIT_MS)
    dialog.table.selectRow(0)
    dialog.reason.setCurrentIndex(0)
    dialog.confirm = lambda _parent, _question: True
    dialog.void_selected()
    qtbot.waitUntil(lambda: bool(dialog.note.text()), timeout=WAIT_MS)
    assert CHINESE.search(dialog.note.text()) and "checkpoint station" not in dialog.note.text()
    with Store(campaign.path) as store:
        assert store.conn.execute("SELECT count(*) FROM events WHERE kind = 'void'").fetchone()[0] == 0
