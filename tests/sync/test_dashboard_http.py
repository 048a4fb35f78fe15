"""The dashboard over HTTP: sign-in, sessions, CSRF, the rate limit, who may export, and the JSON
beside the page equal to the server's reconciliation."""

from __future__ import annotations

import re
from io import BytesIO

import httpx
import pytest
from openpyxl import load_workbook
from sqlalchemy import select

from registration.privacy import audit
from registration.setup import rosters
from registration.storage import clock
from sync.server import db, users
from sync.server.dashboard import data
from tests.sync.harness import ROUND, ServerThread, Station, ids, sync_all

PASSWORD = "correct horse battery"


def add_user(server: ServerThread, name: str, role: str, site: str | None = None) -> None:
    with db.writing(server.engine) as conn:
        users.add(conn, name, role, site, PASSWORD, clock.now_ms())


def signed_in(server: ServerThread, name: str, password: str = PASSWORD) -> httpx.Client:
    browser = httpx.Client(base_url=server.url, follow_redirects=False)
    form = browser.get("/login")
    token = re.search(r'name="csrf" value="([^"]+)"', form.text)
    assert token is not None
    answer = browser.post("/login", data={"username": name, "password": password, "csrf": token.group(1)})
    assert answer.status_code == 303, answer.text
    return browser


def csrf_of(browser: httpx.Client) -> str:
    page = browser.get("/")
    assert page.status_code == 200
    found = re.search(r'data-csrf="([^"]+)"', page.text)
    assert found is not None
    return found.group(1)


def _people(site: dict[str, Station]) -> list[str]:
    people = ids(12, start=500)
    for n, person in enumerate(people[:10]):
        rosters.add_person(
            site["admin"].store,
            rosters.Person(person, f"工人{n}", ["甲厂", "乙厂"][n % 2], phone="13800138000"),
        )
    for person in people[:4]:
        site["South"].register(person)
    site["East"].register(people[11])  # on no roster
    sync_all(list(site.values()))
    return people


def test_signed_out_requests_go_to_login(server: ServerThread) -> None:
    page = httpx.get(f"{server.url}/?round={ROUND}")
    assert page.status_code == 303
    assert page.headers["location"] == f"/login?next=/%3Fround%3D{ROUND}"
    assert httpx.get(f"{server.url}/dashboard.json").status_code == 401
    assert httpx.get(f"{server.url}/missing.json?enterprise=x").status_code == 401


def test_the_session_cookie_is_http_only_and_same_site(server: ServerThread) -> None:
    add_user(server, "li", "viewer")
    browser = signed_in(server, "li")
    cookie = next(h for h in browser.cookies.jar if h.name == "tp_session")
    assert cookie.has_nonstandard_attr("HttpOnly")
    assert cookie.get_nonstandard_attr("SameSite", "").lower() == "strict"
    assert not cookie.secure  # plain HTTP on loopback; Secure is set when served over TLS


def test_a_wrong_password_or_a_device_credential_does_not_sign_in(
    server: ServerThread, site: dict[str, Station]
) -> None:
    add_user(server, "li", "admin")
    browser = httpx.Client(base_url=server.url)
    form = browser.get("/login")
    token = re.search(r'name="csrf" value="([^"]+)"', form.text).group(1)  # type: ignore[union-attr]
    credential = site["admin"].store.conn.execute("SELECT credential FROM sync_state").fetchone()[0]
    for password in ("wrong password", credential):
        answer = browser.post("/login", data={"username": "li", "password": password, "csrf": token})
        assert answer.status_code == 401
        assert 'data-error="wrong_password"' in answer.text
    # A device's bearer credential opens the sync API, never the dashboard.
    assert (
        httpx.get(
            f"{server.url}/dashboard.json", headers={"Authorization": f"Bearer {credential}"}
        ).status_code
        == 401
    )


def test_sign_in_attempts_are_limited_per_name_and_address(server: ServerThread) -> None:
    add_user(server, "li", "viewer")
    add_user(server, "wang", "viewer")
    browser = httpx.Client(base_url=server.url)
    token = re.search(r'name="csrf" value="([^"]+)"', browser.get("/login").text).group(1)  # type: ignore[union-attr]
    for _ in range(users.MAX_FAILURES):
        assert (
            browser.post("/login", data={"username": "li", "password": "nope", "csrf": token}).status_code
            == 401
        )
    # Locked now, even with the right password; another name from the same address is not.
    locked = browser.post("/login", data={"username": "li", "password": PASSWORD, "csrf": token})
    assert locked.status_code == 429
    assert 'data-error="too_many"' in locked.text
    signed_in(server, "wang")
    with db.reading(server.engine) as conn:
        counted = conn.execute(select(users.attempts.c.failures)).scalars().all()
    # li's failures, per name and per address (wang's right password gave its attempt back).
    assert counted == [users.MAX_FAILURES, users.MAX_FAILURES]
    server.clock.offset_ms = users.LOCKOUT_MS + 1000  # the quarter of an hour passes
    signed_in(server, "li")


def test_a_sign_in_form_without_its_token_is_refused(server: ServerThread) -> None:
    add_user(server, "li", "viewer")
    answer = httpx.post(
        f"{server.url}/login", data={"username": "li", "password": PASSWORD, "csrf": "forged"}
    )
    assert answer.status_code == 401
    assert "tp_session" not in answer.cookies


def test_forms_that_change_something_need_the_session_token(
    server: ServerThread, site: dict[str, Station]
) -> None:
    _people(site)
    add_user(server, "boss", "admin")
    browser = signed_in(server, "boss")
    form = {"site": "Park", "round": ROUND, "enterprise": "甲厂"}
    assert browser.post("/missing.xlsx", data=form).status_code == 403
    assert browser.post("/missing.xlsx", data=form | {"csrf": "forged"}).status_code == 403
    assert (
        browser.post("/deadline", data={"site": "Park", "round": ROUND, "deadline_ms": "1"}).status_code
        == 403
    )
    assert browser.post("/logout", data={}).status_code == 403
    with db.reading(server.engine) as conn:
        assert conn.execute(select(data.exports)).first() is None
        assert conn.execute(select(data.deadlines)).first() is None


def test_the_json_equals_the_servers_reconciliation(server: ServerThread, site: dict[str, Station]) -> None:
    _people(site)
    add_user(server, "li", "viewer", site="Park")
    browser = signed_in(server, "li")
    answer = browser.get("/dashboard.json")
    figures = answer.json()
    # A poll that finds nothing new costs a bodiless 304.
    unchanged = browser.get("/dashboard.json", headers={"If-None-Match": answer.headers["etag"]})
    assert (unchanged.status_code, unchanged.content) == (304, b"")
    credential = site["South"].store.conn.execute("SELECT credential FROM sync_state").fetchone()[0]
    folded = httpx.get(
        f"{server.url}/v1/rounds/{ROUND}/reconciliation", headers={"Authorization": f"Bearer {credential}"}
    ).json()
    assert figures["round"] == ROUND  # the open round by default
    for key in ("roster", "exempt", "expected", "tested", "missing", "completion", "reported"):
        assert figures["totals"][key] == folded["totals"][key]
    assert sorted(figures["enterprises"], key=lambda f: f["enterprise"]) == folded["enterprises"]
    assert [
        {k: g[k] for k in ("checkpoint", "registrations", "tubes")} for g in figures["checkpoints"]
    ] == folded["checkpoints"]
    assert figures["totals"]["tested"] == 4
    assert figures["totals"]["not_on_any_roster"] == 1
    south = next(g for g in figures["checkpoints"] if g["checkpoint"] == "South")
    assert south["rate_10min"] == 4
    assert south["tubes_open"] == 1
    assert south["laptops"][0]["last_sync_ms"] is not None
    assert figures["timeline"][-1][1] == 5
    # The page carries the same snapshot, and every total has its data-figure.
    page = browser.get("/?lang=en")
    assert '<html lang="en">' in page.text
    for key in ("roster", "exempt", "expected", "tested", "missing", "completion"):
        assert f'data-figure="{key}"' in page.text
    assert "应检尽检" in browser.get("/").text  # Chinese by default
    assert '<html lang="en">' in browser.get("/", headers={"Accept-Language": "en-GB,en;q=0.8"}).text
    assert browser.get("/dashboard.json?round=R9").status_code == 404
    assert browser.get("/dashboard.json?site=Elsewhere").status_code == 404


def test_a_viewer_sees_masked_missing_people_and_cannot_export(
    server: ServerThread, site: dict[str, Station]
) -> None:
    people = _people(site)
    add_user(server, "li", "viewer")
    viewer = signed_in(server, "li")
    listed = viewer.get("/missing.json", params={"enterprise": "甲厂"}).json()["people"]
    assert len(listed) == 3  # five of 甲厂 on the roster, two of them tested
    assert all("*" in p["id_number"] and p["id_number"] not in people for p in listed)
    assert all(p["phone"] != "13800138000" for p in listed)
    form = {"site": "Park", "round": ROUND, "enterprise": "甲厂", "csrf": csrf_of(viewer)}
    assert viewer.post("/missing.xlsx", data=form).status_code == 403
    assert viewer.post("/deadline", data=form | {"deadline_ms": "1"}).status_code == 403
    with db.reading(server.engine) as conn:
        assert conn.execute(select(data.exports)).first() is None


def test_an_admin_exports_the_full_list_and_the_export_is_recorded(
    server: ServerThread, site: dict[str, Station]
) -> None:
    people = _people(site)
    add_user(server, "boss", "admin")
    admin = signed_in(server, "boss")
    form = {"site": "Park", "round": ROUND, "enterprise": "甲厂", "csrf": csrf_of(admin)}
    answer = admin.post("/missing.xlsx", data=form)
    assert answer.status_code == 200
    assert answer.headers["content-type"].startswith("application/vnd.openxmlformats")
    sheet = load_workbook(BytesIO(answer.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert {row[3] for row in rows[1:]} == {people[4], people[6], people[8]}
    with db.reading(server.engine) as conn:
        recorded = conn.execute(select(data.exports)).one()
    assert (recorded.username, recorded.enterprise, recorded.people) == ("boss", "甲厂", 3)
    assert abs(recorded.at_ms - clock.now_ms()) < 60_000
    # The laptops learn of the export as of any reveal: the office lists it with its own.
    station = next(iter(site.values()))
    station.sync()
    [entry] = audit.entries(station.store.conn)
    assert (entry.what, entry.people, entry.operator, entry.enterprise) == ("dashboard", 3, "boss", "甲厂")


def test_an_admin_sets_a_deadline_and_sees_the_time_left(
    server: ServerThread, site: dict[str, Station]
) -> None:
    _people(site)
    add_user(server, "boss", "admin")
    admin = signed_in(server, "boss")
    due = clock.now_ms() + 3_600_000
    form = {"site": "Park", "round": ROUND, "deadline_ms": str(due), "csrf": csrf_of(admin)}
    assert admin.post("/deadline", data=form).status_code == 303
    totals = admin.get("/dashboard.json").json()["totals"]
    assert totals["deadline_ms"] == due
    assert 3590 <= totals["time_left_s"] <= 3600
    for bad in ("soon", "9" * 20, "-5"):
        refused = admin.post("/deadline", data=form | {"deadline_ms": bad})
        assert refused.status_code == 400 and "deadline" in refused.json()["detail"]
    assert admin.post("/deadline", data=form | {"deadline_ms": ""}).status_code == 303
    assert admin.get("/dashboard.json").json()["totals"]["deadline_ms"] is None


def test_a_user_of_one_site_cannot_see_another(server: ServerThread, site: dict[str, Station]) -> None:
    from tests.sync.harness import open_site

    open_site(server.engine, ["Gate"], site="Harbour")
    add_user(server, "li", "admin", site="Harbour")
    browser = signed_in(server, "li")
    assert browser.get("/dashboard.json?site=Park").status_code == 403
    assert browser.get("/", params={"site": "Park"}).status_code == 403


@pytest.mark.parametrize("role", [pytest.param("viewer", marks=pytest.mark.slow), "admin"])
def test_user_commands(tmp_path: object, role: str) -> None:
    from tests.e2e.cli import Result, run_main

    path = f"{tmp_path}/server.db"

    def run(*args: str, stdin: str = "") -> Result:
        return run_main("server", "user", *args, "--db", path, stdin=stdin)

    done = run("add", "zhao", "--role", role, "--password-stdin", stdin=PASSWORD + "\n")
    assert done.code == 0, done.stderr
    assert PASSWORD not in done.stdout
    listed = run("list", "--json")
    assert listed.stdout.strip() == f'[{{"username": "zhao", "role": "{role}", "site": null}}]'
    short = run("add", "qian", "--role", role, "--password-stdin", stdin="short\n")
    assert (short.code, short.stderr) == (2, "error: a password has at least 8 characters\n")
    unknown = run("add", "qian", "--role", role, "--site", "Nowhere", "--password-stdin", stdin=PASSWORD)
    assert unknown.code == 2 and unknown.stderr.startswith("error: unknown site")
    assert run("remove", "zhao").code == 0
    missing = run("remove", "zhao")
    assert (missing.code, missing.stderr) == (2, "error: no user 'zhao'\n")
    assert run("list").stdout.strip() == "no users"
