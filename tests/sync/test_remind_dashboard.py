"""Reminders from the command centre's dashboard: an administrator's button sends (with the
session's CSRF token) and the page then shows each send and, per enterprise, when it was last
reminded; a viewer, or a form without its token, sends nothing. Over HTTP, and in headless Chromium."""

from __future__ import annotations

import re
from typing import Any

import pytest

from sync.server import db, reminders
from tests.sync.dashboard_browser import chromium
from tests.sync.harness import ROUND, SITE, ServerThread, Station
from tests.sync.receivers import dead_url, robot
from tests.sync.test_dashboard_browser import _add_user, _sign_in, _value, _wait, browser, one_browser
from tests.sync.test_dashboard_http import add_user, csrf_of, signed_in
from tests.sync.test_reminders import missing_park, set_channel

__all__ = ["browser", "one_browser"]  # the browser tests' fixtures, shared


def test_an_administrator_reminds_and_the_json_shows_the_sends_and_last_reminded(
    server: ServerThread, site: dict[str, Station]
) -> None:
    missing_park(site)
    add_user(server, "boss", "admin")
    add_user(server, "li", "viewer")
    admin = signed_in(server, "boss")
    page = admin.get("/").text
    assert 'id="remind-all"' in page and 'id="remind-one"' in page
    viewer = signed_in(server, "li")
    assert 'action="/remind"' not in viewer.get("/").text
    with robot() as wecom:
        set_channel(server, "甲厂", wecom.url, "wecom")
        set_channel(server, "乙厂", dead_url(), "dingtalk")
        form = {"site": SITE, "round": ROUND}
        assert admin.post("/remind", data=form).status_code == 403  # no token
        assert viewer.post("/remind", data=form | {"csrf": csrf_of(viewer)}).status_code == 403
        assert wecom.posts == 0
        before = admin.get("/dashboard.json")
        assert before.json()["reminders"] == {"last": {}, "sends": []}
        done = admin.post("/remind", data=form | {"csrf": csrf_of(admin), "lang": "en"})
        assert done.status_code == 303
        assert done.headers["location"] == f"/?site={SITE}&round={ROUND}&lang=en#reminders"
        assert len(wecom.received) == 1
    # The poll sees the change at once, not a minute later.
    answer = admin.get("/dashboard.json", headers={"If-None-Match": before.headers["etag"]})
    assert answer.status_code == 200
    shown = answer.json()["reminders"]
    assert shown["last"]["甲厂"]["status"] == "delivered" and shown["last"]["甲厂"]["people"] == 2
    assert shown["last"]["甲厂"]["delivered_ms"] is not None
    failing = shown["last"]["乙厂"]
    assert (failing["status"], failing["delivered_ms"], failing["tries"]) == ("pending", None, 3)
    assert "cannot reach the robot" in failing["error"]
    assert [(s["enterprise"], s["requested_by"], s["status"]) for s in shown["sends"]] == [
        ("甲厂", "boss", "delivered"),
        ("乙厂", "boss", "pending"),
    ]
    with db.reading(server.engine) as conn:
        assert len(reminders.round_sends(conn, SITE, ROUND)) == 2


@pytest.mark.skipif(chromium() is None, reason="chromium and chromedriver not found")
def test_the_remind_button_of_an_enterprise_sends_and_the_page_shows_it_last_reminded(
    server: ServerThread, site: dict[str, Station], browser: Any
) -> None:
    from selenium.webdriver.common.by import By

    missing_park(site)
    _add_user(server, "boss", "admin")
    with robot() as wecom:
        set_channel(server, "甲厂", wecom.url, "wecom")
        _sign_in(browser, server, "boss")
        assert _value(browser, '[data-enterprise="甲厂"]', "last_reminded") == ""
        browser.find_element(By.CSS_SELECTOR, '#enterprises tr[data-enterprise="甲厂"]').click()
        _wait(lambda: browser.find_element(By.ID, "remind-one").is_displayed(), browser)
        browser.find_element(By.CSS_SELECTOR, "#remind-one button").click()
        _wait(lambda: re.search(r"#reminders$", browser.current_url), browser)
        _wait(lambda: _value(browser, '[data-enterprise="甲厂"]', "last_reminded"), browser)
        assert len(wecom.received) == 1 and "员工2" in wecom.received[0]["markdown"]["content"]
    rows = browser.find_elements(By.CSS_SELECTOR, "#sends tbody tr")
    assert [r.get_attribute("data-status") for r in rows] == ["delivered"]
    assert "boss" in rows[0].text and "甲厂" in rows[0].text
    assert (
        "(2)"
        in browser.find_element(
            By.CSS_SELECTOR, '[data-enterprise="甲厂"] [data-figure="last_reminded"]'
        ).text
    )
    assert _value(browser, '[data-enterprise="乙厂"]', "last_reminded") == ""
    # The chase table says it too, beside what is left to do.
    chased = browser.find_element(
        By.CSS_SELECTOR, '#chase [data-enterprise="甲厂"] [data-figure="last_reminded"]'
    )
    assert "(2)" in chased.text
