"""The dashboard in a real browser (headless Chromium): sign in, figures equal to the server's
reconciliation, a station's sync changing the page without a reload, a closed round as it stood at
its close, a viewer refused the unmasked export, a signed-out visitor sent to /login."""

from __future__ import annotations

import time
from typing import Any

import httpx
import pytest

from registration.setup import campaign, rosters
from registration.storage import clock, events
from sync.server import dashboard, db, users
from tests.e2e.cli import run_main
from tests.sync.dashboard_browser import chromium, open_browser
from tests.sync.harness import ROUND, ServerThread, Station, ids, sync_all

pytestmark = pytest.mark.skipif(
    chromium() is None,
    reason="chromium and chromedriver not found (apt-get install chromium chromium-driver)",
)
PASSWORD = "correct horse battery"
FIGURES = ("roster", "exempt", "expected", "tested", "missing", "completion")


@pytest.fixture(scope="session")
def one_browser() -> Any:
    """Chromium takes a second to start: the tests share one."""
    with open_browser() as driver:
        yield driver


@pytest.fixture
def browser(one_browser: Any) -> Any:
    """The shared browser as a new one would be: on a blank page, with no cookies (they ignore the
    port, so a session of another test's server would otherwise be sent)."""
    one_browser.get("about:blank")
    one_browser.execute_cdp_cmd("Network.clearBrowserCookies", {})
    one_browser.execute_cdp_cmd("Storage.clearDataForOrigin", {"origin": "*", "storageTypes": "all"})
    return one_browser


def _add_user(server: ServerThread, name: str, role: str) -> None:
    with db.writing(server.engine) as conn:
        users.add(conn, name, role, None, PASSWORD, clock.now_ms())


def _sign_in(browser: Any, server: ServerThread, name: str) -> None:
    from selenium.webdriver.common.by import By

    browser.get(f"{server.url}/")
    assert browser.current_url.startswith(f"{server.url}/login?next=")
    browser.find_element(By.NAME, "username").send_keys(name)
    browser.find_element(By.NAME, "password").send_keys(PASSWORD)
    browser.find_element(By.CSS_SELECTOR, "form button[type=submit]").click()
    _wait(lambda: browser.find_elements(By.CSS_SELECTOR, "#enterprises tbody tr"), browser)


def _wait(condition: Any, browser: Any, timeout: float = 10.0) -> Any:
    from selenium.common.exceptions import NoSuchElementException, StaleElementReferenceException

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            found = condition()
        # The page redrew that part as it was read, or is still loading after a form's redirect.
        except (StaleElementReferenceException, NoSuchElementException):
            found = None
        if found:
            return found
        time.sleep(0.1)
    raise AssertionError(f"timed out on the page {browser.current_url}")


def _value(browser: Any, scope: str, figure: str) -> str:
    from selenium.webdriver.common.by import By

    return str(
        browser.find_element(By.CSS_SELECTOR, f'{scope} [data-figure="{figure}"]').get_attribute("data-value")
    )


def _expected(figure: Any) -> str:
    return "" if figure is None else str(figure)


def _reconciliation(server: ServerThread, station: Station) -> dict[str, Any]:
    credential = station.store.conn.execute("SELECT credential FROM sync_state").fetchone()[0]
    answer = httpx.get(
        f"{server.url}/v1/rounds/{ROUND}/reconciliation", headers={"Authorization": f"Bearer {credential}"}
    )
    data: dict[str, Any] = answer.json()
    return data


def _assert_page_equals(browser: Any, folded: dict[str, Any]) -> None:
    for key in FIGURES:
        assert _value(browser, "[data-total]", key) == _expected(folded["totals"][key]), key
    for firm in folded["enterprises"]:
        scope = f'[data-enterprise="{firm["enterprise"]}"]'
        for key in (*FIGURES, "reported"):
            assert _value(browser, scope, key) == _expected(firm[key]), (firm["enterprise"], key)
    for gate in folded["checkpoints"]:
        scope = f'[data-checkpoint="{gate["checkpoint"]}"]'
        assert _value(browser, scope, "registrations") == str(gate["registrations"])


def test_the_dashboard_follows_the_stations_live(
    server: ServerThread, site: dict[str, Station], browser: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    from selenium.webdriver.common.by import By

    monkeypatch.setattr(dashboard, "POLL_MS", 300)  # the page asks again this often, not every 3 s

    people = ids(20, start=700)
    for n, person in enumerate(people[:16]):
        rosters.add_person(site["admin"].store, rosters.Person(person, f"工人{n}", ["甲厂", "乙厂"][n % 2]))
    for person in people[:5]:
        site["South"].register(person)
    sync_all(list(site.values()))
    _add_user(server, "li", "viewer")
    _sign_in(browser, server, "li")
    assert browser.find_element(By.TAG_NAME, "html").get_attribute("lang") == "zh-CN"
    _assert_page_equals(browser, _reconciliation(server, site["South"]))
    assert _value(browser, "[data-total]", "tested") == "5"
    # Slowest first: 乙厂 has fewer of its people tested.
    rows = browser.find_elements(By.CSS_SELECTOR, "#enterprises tbody tr")
    completion = [
        float(r.find_element(By.CSS_SELECTOR, '[data-figure="completion"]').get_attribute("data-value"))
        for r in rows
    ]
    assert completion == sorted(completion)

    browser.execute_script("window.notReloaded = true")
    for person in people[5:12]:
        site["East"].register(person)
    site["East"].sync()
    synced = time.monotonic()
    _wait(lambda: _value(browser, "[data-total]", "tested") == "12", browser, timeout=10)
    assert time.monotonic() - synced < 10
    assert browser.execute_script("return window.notReloaded") is True
    _assert_page_equals(browser, _reconciliation(server, site["South"]))
    assert _value(browser, '[data-checkpoint="East"]', "registrations") == "7"

    # The missing people of an enterprise, masked for a viewer.
    browser.find_element(By.CSS_SELECTOR, '#enterprises tr[data-enterprise="甲厂"]').click()
    _wait(lambda: browser.find_elements(By.CSS_SELECTOR, '#missing td[data-field="id_number"]'), browser)
    shown = [td.text for td in browser.find_elements(By.CSS_SELECTOR, '#missing td[data-field="id_number"]')]
    assert len(shown) == 2 and all("*" in text for text in shown)
    assert not browser.find_elements(By.CSS_SELECTOR, "#export")
    # The export is refused to a viewer even when the form is forged in the page.
    status = browser.execute_script(
        """
        const body = new URLSearchParams({site: "Park", round: arguments[0], enterprise: "甲厂",
                                          csrf: document.getElementById("dashboard").dataset.csrf});
        return fetch("/missing.xlsx", {method: "POST", body}).then(r => r.status);
        """,
        ROUND,
    )
    assert status == 403


def test_english_and_the_admin_export_button(
    server: ServerThread, site: dict[str, Station], browser: Any
) -> None:
    from selenium.webdriver.common.by import By

    people = ids(4, start=800)
    for n, person in enumerate(people):
        rosters.add_person(site["admin"].store, rosters.Person(person, f"Worker {n}", "Acme"))
    site["South"].register(people[0])
    sync_all(list(site.values()))
    _add_user(server, "boss", "admin")
    _sign_in(browser, server, "boss")
    browser.get(f"{server.url}/?lang=en&round={ROUND}")
    _wait(lambda: browser.find_elements(By.CSS_SELECTOR, "#enterprises tbody tr"), browser)
    assert browser.find_element(By.TAG_NAME, "html").get_attribute("lang") == "en"
    assert "Missing" in browser.find_element(By.CSS_SELECTOR, "[data-total] .missing .label").text
    browser.find_element(By.CSS_SELECTOR, '#enterprises tr[data-enterprise="Acme"]').click()
    _wait(lambda: browser.find_element(By.ID, "export").is_displayed(), browser)
    assert _value(browser, '[data-enterprise="Acme"]', "missing") == "3"


def test_a_signed_out_browser_is_sent_to_login(server: ServerThread, browser: Any) -> None:
    from selenium.webdriver.common.by import By

    browser.get(f"{server.url}/?round={ROUND}")
    assert browser.current_url == f"{server.url}/login?next=/%3Fround%3D{ROUND}"
    assert browser.find_element(By.NAME, "password").get_attribute("type") == "password"


def test_a_closed_round_shows_as_it_stood_at_its_close_as_the_station_reports_it(
    server: ServerThread, site: dict[str, Station], browser: Any
) -> None:
    from selenium.webdriver.common.by import By

    tested, untested = ids(2, start=900)
    admin = site["admin"]
    for person in (tested, untested):
        rosters.add_person(admin.store, rosters.Person(person, "工人", "甲厂"))
    sync_all(list(site.values()))
    site["South"].register(tested)
    sync_all(list(site.values()))
    campaign.close_round(admin.store, ROUND)
    # After the close the office moves the tested person and exempts the other: the closed round
    # must not change.
    rosters.add_person(admin.store, rosters.Person(tested, "工人", "乙厂"))
    with admin.store.write() as conn:
        body = {"person": untested, "round": ROUND, "reason": "away", "note": None}
        events.record(conn, "exemption.set", body)
    sync_all(list(site.values()))
    answer = run_main("reconcile", "--db", admin.path, "--round", ROUND, "--json")
    assert answer.code == 0, answer.stderr
    station = answer.json()
    firm = next(f for f in station["enterprises"] if f["enterprise"] == "甲厂")
    assert (firm["roster"], firm["exempt"], firm["tested"]) == (2, 0, 1) and station["as_of"]

    _add_user(server, "chen", "viewer")
    _sign_in(browser, server, "chen")
    browser.get(f"{server.url}/?lang=en&round={ROUND}")
    _wait(lambda: browser.find_element(By.ID, "as-of").is_displayed(), browser)
    box = browser.find_element(By.ID, "as-of")
    assert box.get_attribute("data-as-of") == station["as_of"]
    assert box.get_attribute("data-registered-after-close") == str(station["registered_after_close"])
    assert "closed at" in box.text
    _assert_page_equals(browser, station)
    assert _reconciliation(server, site["South"])["enterprises"] == station["enterprises"]


def test_a_liaison_gives_a_reason_the_office_accepts_and_the_figures_are_the_stations(
    server: ServerThread, site: dict[str, Station], browser: Any
) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import Select

    people = ids(6, start=950)
    for n, person in enumerate(people):
        firm = "甲厂" if n < 3 else "乙厂"
        rosters.add_person(site["admin"].store, rosters.Person(person, f"工人{n}", firm, phone="13600000000"))
    sync_all(list(site.values()))
    for person in (people[0], people[3]):
        site["South"].register(person)
    sync_all(list(site.values()))
    with db.writing(server.engine) as conn:
        users.add(conn, "lian", "liaison", "Park", PASSWORD, clock.now_ms(), "甲厂")
    browser.get(f"{server.url}/")
    browser.find_element(By.NAME, "username").send_keys("lian")
    browser.find_element(By.NAME, "password").send_keys(PASSWORD)
    browser.find_element(By.CSS_SELECTOR, "form button[type=submit]").click()
    _wait(lambda: browser.find_elements(By.CSS_SELECTOR, "#people tbody tr"), browser)
    rows = browser.find_elements(By.CSS_SELECTOR, "#people tbody tr")
    assert [r.get_attribute("data-person") for r in rows] == people[1:3]  # their own, whole
    assert "乙厂" not in browser.page_source and people[4] not in browser.page_source
    assert _value(browser, "[data-total]", "missing") == "2"
    row = rows[0]
    Select(row.find_element(By.NAME, "reason")).select_by_value("tested_elsewhere")
    row.find_element(By.NAME, "place").send_keys("市人民医院")
    row.find_element(By.NAME, "tested_at").send_keys("11-28 09:00")
    row.find_element(By.CSS_SELECTOR, "button[type=submit]").click()
    _wait(
        lambda: browser.find_elements(
            By.CSS_SELECTOR, f'#people tr[data-person="{people[1]}"][data-state="pending"]'
        ),
        browser,
    )

    browser.execute_cdp_cmd("Network.clearBrowserCookies", {})
    _add_user(server, "boss", "admin")
    _sign_in(browser, server, "boss")
    _wait(
        lambda: browser.find_elements(By.CSS_SELECTOR, '#requests tr[data-request] button[data-accept="1"]'),
        browser,
    )
    chased = browser.find_element(By.CSS_SELECTOR, '#chase tr[data-enterprise="甲厂"]')
    assert chased.find_element(By.CSS_SELECTOR, '[data-figure="pending"]').get_attribute("data-value") == "1"
    browser.find_element(By.CSS_SELECTOR, '#requests tr[data-request] button[data-accept="1"]').click()
    _wait(lambda: _value(browser, '[data-enterprise="甲厂"]', "exempt") == "1", browser)

    sync_all(list(site.values()))
    answer = run_main("reconcile", "--db", site["East"].path, "--round", ROUND, "--json")
    assert answer.code == 0, answer.stderr
    station = answer.json()
    browser.get(browser.current_url)  # the page as it stands now, not mid-way through a poll's redraw
    _wait(lambda: browser.find_elements(By.CSS_SELECTOR, "#enterprises tbody tr"), browser)
    _assert_page_equals(browser, station)
    firm = next(f for f in station["enterprises"] if f["enterprise"] == "甲厂")
    assert (firm["exempt"], firm["missing"]) == (1, 1)
