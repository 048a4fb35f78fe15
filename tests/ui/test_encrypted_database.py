"""The window's encrypted databases: a new campaign is encrypted with the passphrase its page sets, and
an encrypted database asks for its passphrase before sign-in, in one line when it is wrong."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from registration.sampling.registrations import Status
from registration.setup import campaign, rosters, sample_park
from registration.storage import cipher
from registration.storage.store import Store
from tests.ui.conftest import PASSPHRASE, close_station, create_campaign, set_passphrase
from ui.app import StationApp
from ui.first_start import FirstStart
from ui.main_window import MainWindow
from ui.preferences import Preferences

WAIT_MS = 15_000


def started(prefs: Preferences, path: Path) -> tuple[StationApp, FirstStart]:
    prefs.database = path
    app = StationApp(prefs)
    app.start()
    assert app.first_start is not None
    return app, app.first_start


def refuses_plain_sqlite(path: Path) -> bool:
    conn = sqlite3.connect(path)
    try:
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except sqlite3.DatabaseError:
        return True
    finally:
        conn.close()
    return False


@pytest.fixture
def encrypted(tmp_path: Path) -> Path:
    """A campaign with round R1 open, encrypted with PASSPHRASE, its passphrase then forgotten."""
    path = tmp_path / "station.db"
    with Store(path, key=PASSPHRASE) as store:
        campaign.init(store, "Torch Park", ["North gate"])
        campaign.open_round(store, "R1")
    cipher._passphrases.clear()
    return path


def test_a_new_campaign_is_encrypted_and_a_registration_leaves_no_id_number_in_the_file(
    qtbot: QtBot, prefs: Preferences, tmp_path: Path
) -> None:
    path = tmp_path / "new" / "station.db"
    app, first = started(prefs, path)
    qtbot.waitUntil(lambda: first.pages.currentWidget() is first.choice_page, timeout=WAIT_MS)
    assert not path.exists()  # nothing is written before the passphrase is set
    create_campaign(qtbot, first, first_round="R1")
    assert first.create_key.passphrase.text() == first.create_key.confirm.text() == ""
    people = sample_park.make_people(3, seed=5)
    roster = tmp_path / "roster.csv"
    roster.write_text(
        "企业名称,姓名,身份证号码\n" + "".join(f"{p.enterprise},{p.name},{p.id_number}\n" for p in people),
        encoding="utf-8",
    )
    with Store(path) as store:  # this process knows the passphrase now
        assert store.encrypted
        assert rosters.import_roster(store, roster).to_json()["accepted"] == 3
    first.operator.setEditText("Wang")
    first.start_button.click()
    qtbot.waitUntil(lambda: isinstance(app.window, MainWindow), timeout=WAIT_MS)
    window = app.window
    assert isinstance(window, MainWindow)
    with qtbot.waitSignal(window.station.scanned, timeout=WAIT_MS):
        window.station.scan("TB0000000001", "scanner")
    with qtbot.waitSignal(window.station.scanned, timeout=WAIT_MS) as registered:
        window.station.scan(people[0].id_number, "scanner")
    assert registered.args[0].outcome.status is Status.REGISTERED
    close_station(qtbot, app)
    written = b"".join(p.read_bytes() for p in path.parent.glob("station.db*"))
    assert cipher.is_encrypted(path) and b"SQLite format 3" not in written
    assert people[0].id_number.encode() not in written
    assert refuses_plain_sqlite(path)
    assert PASSPHRASE not in (tmp_path / "station.ini").read_text("utf-8")


def test_a_short_or_mistyped_passphrase_is_refused_in_one_line(
    qtbot: QtBot, prefs: Preferences, tmp_path: Path
) -> None:
    path = tmp_path / "station.db"
    app, first = started(prefs, path)
    qtbot.waitUntil(lambda: first.pages.currentWidget() is first.choice_page, timeout=WAIT_MS)
    first.create_choice.click()
    first.site.setText("Torch Park")
    first.checkpoints.setPlainText("North gate")
    set_passphrase(first.create_key, "short")
    first.create_button.click()
    short = first.error.text()
    assert short == "口令至少需要 8 个字符。"  # "The passphrase needs at least 8 characters."
    first.create_key.passphrase.setText(PASSPHRASE)
    first.create_key.confirm.setText(PASSPHRASE + "!")
    first.create_button.click()
    assert (
        first.error.text() == "两次输入的口令不一致：请输入同一个口令两次。"
    )  # "The two passphrases differ"
    assert first.pages.currentWidget() is first.create_page and first.create_button.isEnabled()
    assert not path.exists()
    app.shutdown()


def test_an_encrypted_database_asks_for_its_passphrase_and_a_wrong_one_is_one_line(
    qtbot: QtBot, prefs: Preferences, encrypted: Path
) -> None:
    app, first = started(prefs, encrypted)
    qtbot.waitUntil(lambda: first.pages.currentWidget() is first.key_page, timeout=WAIT_MS)
    assert first.unlock_passphrase.echoMode() is first.unlock_passphrase.EchoMode.Password
    first.unlock_passphrase.setText("not the passphrase")
    first.unlock_button.click()
    qtbot.waitUntil(lambda: bool(first.error.text()), timeout=WAIT_MS)
    # "Wrong passphrase: {path} cannot be opened with it", in the window's Chinese
    assert first.error.text() == f"口令错误：无法用它打开 {encrypted}"
    assert first.pages.currentWidget() is first.key_page and first.unlock_button.isEnabled()
    first.unlock_passphrase.setText(PASSPHRASE)
    first.unlock_button.click()
    qtbot.waitUntil(lambda: first.pages.currentWidget() is first.session_page, timeout=WAIT_MS)
    assert first.error.text() == "" and first.unlock_passphrase.text() == ""
    assert first.round.currentText() == "R1"
    first.operator.setEditText("Li")
    first.start_button.click()
    qtbot.waitUntil(lambda: isinstance(app.window, MainWindow), timeout=WAIT_MS)
    close_station(qtbot, app)


def test_the_passphrase_in_the_environment_opens_the_database_without_asking(
    qtbot: QtBot, prefs: Preferences, encrypted: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(cipher.ENV_KEY, PASSPHRASE)
    app, first = started(prefs, encrypted)
    qtbot.waitUntil(lambda: first.pages.currentWidget() is first.session_page, timeout=WAIT_MS)
    app.shutdown()


def test_a_wrong_passphrase_in_the_environment_asks_for_the_right_one(
    qtbot: QtBot, prefs: Preferences, encrypted: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(cipher.ENV_KEY, "another passphrase")
    app, first = started(prefs, encrypted)
    qtbot.waitUntil(lambda: first.pages.currentWidget() is first.key_page, timeout=WAIT_MS)
    first.unlock_passphrase.setText(PASSPHRASE)
    first.unlock_button.click()
    qtbot.waitUntil(lambda: first.pages.currentWidget() is first.session_page, timeout=WAIT_MS)
    app.shutdown()


def test_an_empty_plain_database_of_an_earlier_version_is_encrypted_by_its_new_campaign(
    qtbot: QtBot, prefs: Preferences, tmp_path: Path
) -> None:
    path = tmp_path / "station.db"
    Store(path).close()  # what opening a new file made before passphrases were set in the window
    app, first = started(prefs, path)
    qtbot.waitUntil(lambda: first.pages.currentWidget() is first.choice_page, timeout=WAIT_MS)
    create_campaign(qtbot, first)
    app.shutdown()
    assert cipher.is_encrypted(path) and refuses_plain_sqlite(path)
    cipher._passphrases.clear()
    with Store(path, key=PASSPHRASE) as store:
        assert store.setting("site") == "Torch Park"
