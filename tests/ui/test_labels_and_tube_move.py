"""The office's labels screen prints tube and box labels that decode to the codes recorded; the tube
panel's "Move tube…" moves a cracked tube's people, scanned or typed, to a new barcode."""

from __future__ import annotations

from pathlib import Path

import pypdfium2
from pytestqt.qtbot import QtBot

from registration.sampling import labels, tubes
from registration.sampling.scanning import decoders
from registration.setup.sample_park import DemoCampaign
from registration.storage.store import Store
from tests.registration.test_authority import enrol_as
from tests.ui.test_office_rosters import office_of
from tests.ui.test_scan_screen import WAIT_MS, members
from ui.main_window import MainWindow
from ui.move_tube_dialog import MoveTubeDialog

NEW = "FRESHTUBE001"


def test_the_labels_screen_prints_sheets_and_printer_labels_and_lists_the_ranges(
    qtbot: QtBot, window: MainWindow, campaign: DemoCampaign, tmp_path: Path
) -> None:
    screen = office_of(qtbot, window).labels
    screen.open_after = False
    window.office.setCurrentWidget(screen)  # type: ignore[union-attr]
    screen.count.setValue(6)
    screen.pool.setCurrentIndex(screen.pool.findData(5))
    out = tmp_path / "tubes.pdf"
    with qtbot.waitSignal(screen.written, timeout=WAIT_MS) as written:
        screen.write(out)
    printed: labels.Printed = written.args[0]
    assert (printed.count, printed.pool, printed.kind) == (6, 5, "tube")
    photo = tmp_path / "page.png"
    pdf = pypdfium2.PdfDocument(out)
    pdf[0].render(scale=200 / 72).to_pil().save(photo)
    pdf.close()
    assert sorted(d.text for d in decoders.decode_file(photo)) == printed.codes
    assert printed.codes[0] in screen.notice.text()

    # Box labels for the label printer: no pool, one PNG each.
    screen.kind.setCurrentIndex(screen.kind.findData("box"))
    assert not screen.pool.isEnabled()
    screen.count.setValue(2)
    screen.output.setCurrentIndex(screen.output.findData("203"))
    with qtbot.waitSignal(screen.written, timeout=WAIT_MS) as written:
        screen.write(tmp_path / "boxes")
    boxes: labels.Printed = written.args[0]
    assert boxes.kind == "box" and boxes.pool is None
    assert sorted(p.name for p in (tmp_path / "boxes").iterdir()) == [f"{c}.png" for c in boxes.codes]
    qtbot.waitUntil(lambda: screen.model.rowCount() == 2, timeout=WAIT_MS)
    assert {screen.model.text(row, 3) for row in range(2)} == {printed.codes[0], boxes.codes[0]}

    # A refusal is said on the screen, and nothing is recorded.
    screen.prefix.setText("A-B")
    screen.write(tmp_path / "refused.pdf")
    qtbot.waitUntil(lambda: "#b71c1c" in screen.notice.styleSheet(), timeout=WAIT_MS)
    assert "A-B" in screen.notice.text() and screen.print_button.isEnabled()
    with Store(campaign.path) as store:
        assert len(labels.ranges(store.conn)) == 2


def _fill(qtbot: QtBot, window: MainWindow, campaign: DemoCampaign, people: int) -> str:
    tube = campaign.tubes[0]
    for code in [tube, *campaign.codes[:people]]:
        with qtbot.waitSignal(window.station.scanned, timeout=WAIT_MS):
            window.handle_scanned(code)
    return tube


def test_move_tube_moves_the_open_tube_s_people_to_a_scanned_barcode(
    qtbot: QtBot, window: MainWindow, campaign: DemoCampaign
) -> None:
    old = _fill(qtbot, window, campaign, 3)
    before = [(m["position"], m["person"]) for m in members(campaign, old)]
    panel = window.scan_screen.tube_panel
    qtbot.waitUntil(lambda: panel.code.text() == old, timeout=WAIT_MS)
    panel.move_button.click()
    dialog = window.scan_screen.move_dialog
    assert isinstance(dialog, MoveTubeDialog) and dialog.isVisible()
    assert dialog.old.text() == old  # the open tube unless another is named
    # The new tube's barcode comes from the scanner: it goes into the dialog, never opens a tube.
    window.handle_scanned(NEW)
    assert dialog.new.text() == NEW
    dialog.move_people()  # no reason yet
    qtbot.waitUntil(lambda: "#b71c1c" in dialog.note.styleSheet(), timeout=WAIT_MS)
    dialog.reason.setCurrentIndex(0)  # the tube cracked
    with qtbot.waitSignal(dialog.moved, timeout=WAIT_MS) as moved:
        dialog.move_people()
    assert (moved.args[0].old, moved.args[0].new, moved.args[0].people) == (old, NEW, 3)
    assert [(m["position"], m["person"]) for m in members(campaign, NEW)] == before
    assert members(campaign, old) == []
    qtbot.waitUntil(lambda: panel.code.text() == NEW, timeout=WAIT_MS)
    assert panel.fill.text().startswith("3/")
    # The broken tube scanned again opens nothing: refused, with where its people went.
    dialog.close()
    with qtbot.waitSignal(window.station.scanned, timeout=WAIT_MS) as scanned:
        window.handle_scanned(old)
    assert scanned.args[0].outcome.reason.key == "tube.broken"


def test_a_station_of_another_checkpoint_is_told_it_may_not_move_the_tube(
    qtbot: QtBot, window: MainWindow, campaign: DemoCampaign
) -> None:
    old = _fill(qtbot, window, campaign, 1)
    with Store(campaign.path) as store:
        enrol_as(store, "station", "南门")
    dialog = window.scan_screen.open_move()
    dialog.new.setText(NEW)
    dialog.reason.setEditText("标签贴错")
    dialog.move_people()
    qtbot.waitUntil(lambda: "#b71c1c" in dialog.note.styleSheet(), timeout=WAIT_MS)
    assert "南门" in dialog.note.text()
    with Store(campaign.path) as store:
        assert tubes.get(store.conn, old).moved_to is None  # type: ignore[union-attr]
