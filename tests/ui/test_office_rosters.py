"""The office's rosters screen: files previewed before anything is written, then imported; one person
found and changed; a 100,000-row roster that never stalls the window."""

from __future__ import annotations

import csv
import json
import time
from pathlib import Path

from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
from PySide6.QtGui import QDropEvent
from pytestqt.qtbot import QtBot

from registration.reports import office_views
from registration.setup import rosters, sample_park
from registration.setup.sample_park import DemoCampaign
from registration.storage.store import Store
from tests.ui.test_sync_status import LatencyProbe, write_roster
from ui.main_window import MainWindow
from ui.office import OfficeScreens

WAIT_MS = 20_000


def office_of(qtbot: QtBot, window: MainWindow) -> OfficeScreens:
    """The office's tab, added once the database has said this laptop is the office_views."""
    qtbot.waitUntil(lambda: window.office is not None, timeout=WAIT_MS)
    assert window.office is not None
    window.tabs.setCurrentWidget(window.office)
    return window.office


def people_count(campaign: DemoCampaign) -> int:
    with Store(campaign.path) as store:
        return len(rosters.on_roster(store.conn))


def column(model: object, col: int) -> list[str]:
    from ui.office.common import Rows

    assert isinstance(model, Rows)
    return [model.text(row, col) for row in range(model.rowCount())]


def test_the_shared_sample_roster_is_previewed_with_its_figures_then_imported(
    qtbot: QtBot, window: MainWindow, campaign: DemoCampaign, shared_data: Path
) -> None:
    sample = shared_data / "rosters" / "park-sample-gbk.csv"
    expected = json.loads((shared_data / "rosters" / "park-sample-gbk.expected.json").read_text("utf-8"))
    screen = office_of(qtbot, window).rosters
    before = people_count(campaign)
    with qtbot.waitSignal(screen.previewed, timeout=WAIT_MS):
        screen.preview([sample])
    (line,) = screen.files.rows
    assert line[0] == sample.name
    assert line[2:6] == (expected["rows"], expected["accepted"], expected["duplicates"], expected["rejected"])
    assert line[8] == "gbk"
    assert set(str(line[1]).split("、")) == set(expected["per_enterprise"])
    assert screen.bad.rowCount() == expected["rejected"]
    assert all(int(n) > 1 for n in column(screen.bad, 1))  # spreadsheet rows: the header is row 1
    assert all(column(screen.bad, 2))  # every bad row says why
    assert "20" in screen.details.tabText(0)
    assert people_count(campaign) == before  # a preview writes nothing

    with qtbot.waitSignal(screen.imported, timeout=WAIT_MS):
        screen.import_button.click()
    with Store(campaign.path) as store:
        for firm, count in expected["per_enterprise"].items():
            assert len(rosters.on_roster(store.conn, firm)) == count
    assert people_count(campaign) == before + expected["accepted"]
    assert str(expected["accepted"]) in screen.notice.text()


def test_replace_lists_who_would_leave_and_takes_them_off_on_import(
    qtbot: QtBot, window: MainWindow, campaign: DemoCampaign, tmp_path: Path
) -> None:
    firm = campaign.people[0].enterprise
    staff = [p for p in campaign.people if p.enterprise == firm]
    gone = staff[-1]
    newer = tmp_path / "newer.csv"
    with newer.open("w", encoding="utf-8", newline="") as f:
        out = csv.writer(f)
        out.writerow(["企业名称", "姓名", "身份证号码", "手机号码", "部门"])
        for p in staff[:-1]:
            out.writerow([p.enterprise, p.name, p.id_number, p.phone, p.department])
    screen = office_of(qtbot, window).rosters
    with qtbot.waitSignal(screen.previewed, timeout=WAIT_MS):
        screen.preview([newer])
    assert screen.files.rows[0][6] == 1  # listed as leaving, but only taken off with replace
    assert column(screen.leaving, 1) == [gone.name]
    assert gone.id_number not in column(screen.leaving, 3)  # masked
    with qtbot.waitSignal(screen.previewed, timeout=WAIT_MS):
        screen.replace.setChecked(True)  # previewed again, with replace
    with qtbot.waitSignal(screen.imported, timeout=WAIT_MS):
        screen.import_button.click()
    with Store(campaign.path) as store:
        known = rosters.get(store.conn, gone.id_number)
        assert known is not None and not known.on_roster
        assert len(rosters.on_roster(store.conn, firm)) == len(staff) - 1


def test_one_person_is_found_changed_and_taken_off_the_roster(
    qtbot: QtBot, window: MainWindow, campaign: DemoCampaign
) -> None:
    editor = office_of(qtbot, window).rosters.person
    person = campaign.people[3]
    editor.query.setText(person.name)
    qtbot.waitUntil(lambda: editor.found.rowCount() >= 1, timeout=WAIT_MS)
    row = column(editor.found, 0).index(person.name)
    assert column(editor.found, 3)[row] != person.id_number
    editor.choose(row)
    assert person.id_number not in editor.id_number.text() and editor.id_number.isReadOnly()
    editor.department.setText("夜班")
    with qtbot.waitSignal(editor.saved, timeout=WAIT_MS):
        editor.save_button.click()
    with Store(campaign.path) as store:
        changed = rosters.get(store.conn, person.id_number)
    assert changed is not None and changed.department == "夜班" and changed.phone == person.phone

    editor.remove_button.click()
    qtbot.waitUntil(lambda: person.name in editor.notice.text(), timeout=WAIT_MS)
    with Store(campaign.path) as store:
        removed = rosters.get(store.conn, person.id_number)
    assert removed is not None and not removed.on_roster

    late = sample_park.make_people(1, seed=404)[0]
    editor.clear()
    editor.id_number.setText(late.id_number)
    editor.name.setText(late.name)
    editor.enterprise.setEditText(late.enterprise)
    with qtbot.waitSignal(editor.saved, timeout=WAIT_MS) as saved:
        editor.save_button.click()
    assert saved.args == ["added"]
    editor.clear()
    editor.id_number.setText(late.id_number[:17] + ("0" if late.id_number[17] != "0" else "1"))
    editor.name.setText("某人")
    editor.enterprise.setEditText(late.enterprise)
    editor.save_button.click()
    qtbot.waitUntil(lambda: "#b71c1c" in editor.notice.styleSheet(), timeout=WAIT_MS)  # refused, in words
    assert editor.notice.text()


def test_a_100000_row_roster_is_previewed_and_imported_without_stalling_the_window(
    qtbot: QtBot, window: MainWindow, campaign: DemoCampaign, tmp_path: Path
) -> None:
    big = tmp_path / "park-100k.csv"
    write_roster(big, 100_000)
    screen = office_of(qtbot, window).rosters
    qtbot.wait(200)
    probe = LatencyProbe()
    started = time.monotonic()
    probe.start()
    with qtbot.waitSignal(screen.previewed, timeout=300_000):
        screen.preview([big])
    previewed = time.monotonic() - started
    with qtbot.waitSignal(screen.imported, timeout=300_000):
        screen.import_button.click()
    probe.stop()
    seconds = time.monotonic() - started
    assert screen.files.rows[0][3] == 100_000
    assert people_count(campaign) >= 100_000
    assert probe.ticks > 100
    print(
        f"100,000-row roster: preview {previewed:.1f} s, preview and import {seconds:.1f} s; "
        f"GUI stalls: worst {probe.worst * 1000:.1f} ms, 99th percentile {probe.p99() * 1000:.1f} ms "
        f"over {probe.ticks} timer ticks"
    )
    assert probe.holds()


def test_roster_files_dropped_on_the_screen_are_previewed(
    qtbot: QtBot, window: MainWindow, campaign: DemoCampaign, tmp_path: Path
) -> None:
    files = [tmp_path / "a.csv", tmp_path / "b.csv"]
    write_roster(files[0], 5)
    files[1].write_text("not a roster at all\n", encoding="utf-8")
    screen = office_of(qtbot, window).rosters
    data = QMimeData()
    data.setUrls([QUrl.fromLocalFile(str(p)) for p in files])
    drop = QDropEvent(
        QPointF(10, 10),
        Qt.DropAction.CopyAction,
        data,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    with qtbot.waitSignal(screen.previewed, timeout=WAIT_MS):
        screen.dropEvent(drop)
    assert drop.isAccepted()
    assert column(screen.files, 0) == ["a.csv", "b.csv"]
    assert column(screen.files, 3)[0] == "5"
    assert "b.csv" in column(screen.files, 1)[1]  # why the other file cannot be read, in words
    assert screen.import_button.isEnabled()  # the readable file still imports


def known_firms(campaign: DemoCampaign) -> list[str]:
    with Store(campaign.path) as store:
        return [e.name for e in office_views.enterprise_list(store.conn)]


def test_a_file_without_an_enterprise_column_is_imported_for_the_enterprise_named_on_the_screen(
    qtbot: QtBot, window: MainWindow, campaign: DemoCampaign, tmp_path: Path
) -> None:
    screens = office_of(qtbot, window)
    screen = screens.rosters
    screens.setCurrentWidget(screen)  # shown: it offers the known enterprises
    firms = known_firms(campaign)
    qtbot.waitUntil(lambda: screen.enterprise.count() == len(firms), timeout=WAIT_MS)
    assert [screen.enterprise.itemText(i) for i in range(screen.enterprise.count())] == firms
    firm = firms[-1]
    late = sample_park.make_people(3, seed=505)
    plain = tmp_path / "canteen.csv"
    with plain.open("w", encoding="utf-8", newline="") as f:
        out = csv.writer(f)
        out.writerow(["姓名", "身份证号码", "手机号码"])
        out.writerows([p.name, p.id_number, p.phone] for p in late)
    with qtbot.waitSignal(screen.previewed, timeout=WAIT_MS):
        screen.preview([plain])
    assert "canteen.csv" in column(screen.files, 1)[0]  # no enterprise: why, in words
    assert not screen.import_button.isEnabled()

    with qtbot.waitSignal(screen.previewed, timeout=WAIT_MS):
        screen.enterprise.lineEdit().setText(firm)
        qtbot.keyClick(screen.enterprise.lineEdit(), Qt.Key.Key_Return)  # named: previewed again
    assert screen.files.rows[0][1:4] == (firm, 3, 3)
    with Store(campaign.path) as store:
        before = len(rosters.on_roster(store.conn, firm))
    with qtbot.waitSignal(screen.imported, timeout=WAIT_MS):
        screen.import_button.click()
    with Store(campaign.path) as store:
        assert len(rosters.on_roster(store.conn, firm)) == before + 3
        assert {p.id_number for p in rosters.on_roster(store.conn, firm)} >= {p.id_number for p in late}


def test_the_editor_makes_a_new_enterprise_only_once_someone_confirms_it(
    qtbot: QtBot, window: MainWindow, campaign: DemoCampaign
) -> None:
    screens = office_of(qtbot, window)
    screens.setCurrentWidget(screens.rosters)
    editor = screens.rosters.person
    firms = known_firms(campaign)
    qtbot.waitUntil(lambda: editor.enterprise.count() == len(firms), timeout=WAIT_MS)
    typo = firms[0][:-1]  # the last character forgotten
    asked: list[str] = []

    def no(_parent: object, question: str) -> bool:
        asked.append(question)
        return False

    editor.confirm = no
    late = sample_park.make_people(1, seed=606)[0]
    editor.id_number.setText(late.id_number)
    editor.name.setText(late.name)
    editor.enterprise.setEditText(typo)
    editor.save_button.click()
    qtbot.waitUntil(lambda: "#b71c1c" in editor.notice.styleSheet(), timeout=WAIT_MS)
    assert len(asked) == 1 and typo in asked[0]
    with Store(campaign.path) as store:
        assert rosters.get(store.conn, late.id_number) is None
    assert known_firms(campaign) == firms  # no new enterprise from a typo

    editor.enterprise.setEditText(firms[0])  # a known one: saved without a question
    with qtbot.waitSignal(editor.saved, timeout=WAIT_MS):
        editor.save_button.click()
    assert len(asked) == 1
    with Store(campaign.path) as store:
        saved = rosters.get(store.conn, late.id_number)
    assert saved is not None and saved.enterprise == firms[0]

    editor.confirm = lambda _parent, question: typo in question  # a new enterprise indeed
    editor.enterprise.setEditText(f"  {typo} ")
    with qtbot.waitSignal(editor.saved, timeout=WAIT_MS):
        editor.save_button.click()
    with Store(campaign.path) as store:
        moved = rosters.get(store.conn, late.id_number)
    assert moved is not None and moved.enterprise == typo
    assert sorted(known_firms(campaign)) == sorted([*firms, typo])
    qtbot.waitUntil(lambda: editor.enterprise.findText(typo) >= 0, timeout=WAIT_MS)  # now offered


def test_a_person_two_files_chosen_together_list_for_two_enterprises_is_a_conflict_before_and_after_import(
    qtbot: QtBot, window: MainWindow, campaign: DemoCampaign, tmp_path: Path
) -> None:
    firms = sorted({p.enterprise for p in campaign.people})[:2]
    joiner = sample_park.make_people(1, seed=707)[0]
    files = [tmp_path / "north.csv", tmp_path / "south.csv"]
    for path, firm in zip(files, firms, strict=True):
        with path.open("w", encoding="utf-8", newline="") as f:
            out = csv.writer(f)
            out.writerow(["企业名称", "姓名", "身份证号码"])
            out.writerow([firm, joiner.name, joiner.id_number])
    screen = office_of(qtbot, window).rosters
    with qtbot.waitSignal(screen.previewed, timeout=WAIT_MS):
        screen.preview(files)
    assert column(screen.files, 7) == ["0", "1"]  # the second file's conflict, before the import
    assert "1" in screen.details.tabText(2)
    (line,) = screen.conflicts.rows
    shown = " ".join(map(str, line))
    assert line[0] == joiner.name and line[1] != joiner.id_number and line[1] in shown
    assert line[2] == firms[0]  # kept where the first file lists them
    assert all(word in shown for word in (*firms, "north.csv", "south.csv"))

    with qtbot.waitSignal(screen.imported, timeout=WAIT_MS):
        screen.import_button.click()
    assert screen.conflicts.rows == [line]  # the import kept that very conflict for a decision
    assert "1" in screen.details.tabText(2)
    with Store(campaign.path) as store:
        kept = rosters.get(store.conn, joiner.id_number)
    assert kept is not None and kept.enterprise == firms[0]


def test_rows_giving_one_id_number_different_details_are_shown_side_by_side_and_the_row_chosen_is_imported(
    qtbot: QtBot, window: MainWindow, campaign: DemoCampaign, tmp_path: Path
) -> None:
    firm = campaign.people[0].enterprise
    person = sample_park.make_people(1, seed=808)[0]
    typo = tmp_path / "typo.csv"
    with typo.open("w", encoding="utf-8", newline="") as f:
        out = csv.writer(f)
        out.writerow(["企业名称", "姓名", "身份证号码", "手机号码"])
        out.writerow([firm, "王小明", person.id_number, "13800000001"])
        out.writerow([firm, "王晓明", person.id_number, "13800000002"])
    screen = office_of(qtbot, window).rosters
    with qtbot.waitSignal(screen.previewed, timeout=WAIT_MS):
        screen.preview([typo])
    # Both rows, one under the other, the first read marked as the one imported until someone chooses.
    assert column(screen.clashes, 2) == ["2", "3"]
    assert column(screen.clashes, 3) == ["王小明", "王晓明"]
    assert column(screen.clashes, 6) == ["✓", ""]
    shown = " ".join(" ".join(map(str, line)) for line in screen.clashes.rows)
    assert person.id_number not in shown and "13800000002" not in shown  # masked
    assert "1" in screen.details.tabText(3)

    screen.clashes_view.selectRow(1)
    with qtbot.waitSignal(screen.previewed, timeout=WAIT_MS):
        screen.choose_button.click()
    assert column(screen.clashes, 6) == ["", "✓"]
    with qtbot.waitSignal(screen.imported, timeout=WAIT_MS):
        screen.import_button.click()
    with Store(campaign.path) as store:
        imported = rosters.get(store.conn, person.id_number)
    assert imported is not None and (imported.name, imported.phone) == ("王晓明", "13800000002")
