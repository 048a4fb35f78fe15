"""The office's liaisons screen against a real server on 127.0.0.1: an account made for an
enterprise's liaison, whose printed sheet's QR code opens the dashboard where they sign in; the
reasons they give there reach the office laptop, which declines one and accepts the rest of the
enterprise; after a sync the dashboard's figures are the office laptop's own reconciliation."""

from __future__ import annotations

from pathlib import Path

import httpx
import numpy as np
from PIL import Image
from pytestqt.qtbot import QtBot

from registration.reports import reconcile
from registration.sampling.scanning import decoders
from registration.setup import exemption_requests, rosters
from sync.server import db, users
from tests.sync.harness import ROUND, ServerThread, Station, ids
from tests.sync.test_dashboard_http import PASSWORD, signed_in
from tests.sync.test_liaisons import give
from tests.ui.test_office_laptops import office_app, office_station  # noqa: F401 - fixtures
from tests.ui.test_office_rosters import WAIT_MS, column, office_of
from ui.app import StationApp
from ui.main_window import MainWindow

FIRM = "甲厂"


def test_a_liaison_made_and_printed_here_gives_reasons_the_office_answers(
    qtbot: QtBot,
    office_app: StationApp,  # noqa: F811 - the fixture imported above
    office_station: Station,  # noqa: F811
    server: ServerThread,
    tmp_path: Path,
) -> None:
    people = ids(4, start=600)
    for n, person in enumerate(people):
        rosters.add_person(
            office_station.store, rosters.Person(person, f"员工{n}", FIRM, phone="13700001111")
        )
    office_station.sync()
    window = office_app.window
    assert isinstance(window, MainWindow)
    screen = office_of(qtbot, window).liaisons
    with qtbot.waitSignal(screen.loaded, timeout=WAIT_MS):
        window.office.setCurrentWidget(screen)  # type: ignore[union-attr]
    assert screen.enterprise.findText(FIRM) >= 0
    screen.username.setText("zhang.jia")
    screen.enterprise.setCurrentText(FIRM)
    password = screen.password.text()
    assert len(password) == 12
    with qtbot.waitSignal(screen.account_made, timeout=WAIT_MS):
        screen.make_account()
    sheet = tmp_path / "sheet.png"
    with qtbot.waitSignal(screen.sheet_saved, timeout=WAIT_MS):
        screen.save_sheet(sheet)
    assert sheet.stat().st_mode & 0o077 == 0  # it holds the password
    picture = np.asarray(Image.open(sheet).convert("RGB"))[:, :, ::-1].copy()
    found = decoders.decode_still(decoders.make_decoder(), picture)
    assert [d.text for d in found] == [server.url + "/"]
    with db.reading(server.engine) as conn:
        [account] = [u for u in users.listing(conn) if u.username == "zhang.jia"]
    assert (account.role, account.site, account.enterprise) == ("liaison", "Park", FIRM)

    liaison = signed_in(server, "zhang.jia", password)
    assert httpx.get(found[0].text).status_code in (200, 303)
    for person, reason, said in (
        (people[0], "away", {}),
        (people[1], "isolation", {}),
        (people[2], "other", {"note": "出差"}),
    ):
        assert give(liaison, person, reason, **said).status_code == 303
    office_station.sync()
    with qtbot.waitSignal(screen.loaded, timeout=WAIT_MS):
        screen.refresh()
    assert column(screen.model, 1) == ["员工0", "员工1", "员工2"]
    assert all("*" in text for text in column(screen.model, 2))

    screen.view.selectRow(0)
    screen.note.setText("请补充假条")
    with qtbot.waitSignal(screen.decided, timeout=WAIT_MS) as one:
        screen.decide_selected(False)
    assert one.args == [1]
    qtbot.waitUntil(lambda: column(screen.model, 1) == ["员工1", "员工2"], timeout=WAIT_MS)
    screen.view.selectRow(0)
    with qtbot.waitSignal(screen.decided, timeout=WAIT_MS) as rest:
        screen.decide_selected(True, whole=True)
    assert rest.args == [2]
    qtbot.waitUntil(lambda: screen.model.rowCount() == 0, timeout=WAIT_MS)

    office_station.sync()
    assert "请补充假条" in liaison.get("/").text
    with db.writing(server.engine) as conn:
        users.add(conn, "boss", "admin", None, PASSWORD, 0)
    figures = signed_in(server, "boss").get("/dashboard.json").json()
    with office_station.store.read() as conn:
        station = reconcile.reconcile(conn, ROUND)
        chased = exemption_requests.station_chase(conn, ROUND, station["enterprises"])
    assert figures["enterprises"] == station["enterprises"]
    assert chased == figures["chase"]
    line = station["enterprises"][0]
    assert (line["roster"], line["exempt"], line["missing"]) == (4, 2, 2)
    assert chased[0] | {} == {
        "enterprise": FIRM,
        "missing": 2,
        "pending": 0,
        "accepted": 2,
        "declined": 1,
        "left": 2,
    }
