"""Enterprise liaisons: an account that sees one enterprise and nothing of another on any route of
the server, the reasons it gives for its missing people, the office's answers on the dashboard and
at the command line, what a device may push of them, and the figures after it equal to a station's
own reconciliation."""

from __future__ import annotations

import json
import re
from io import BytesIO
from typing import Any

import httpx
import pytest
from openpyxl import load_workbook
from sqlalchemy import select
from starlette.routing import Mount

from registration.people import identity
from registration.privacy import audit
from registration.reports import reconcile
from registration.setup import exemption_requests, rosters
from registration.storage import clock
from sync.server import db, liaisons, records, users
from tests.e2e.cli import run_main
from tests.sync.harness import (
    ROUND,
    SITE,
    ServerThread,
    Station,
    credential,
    ids,
    next_seq,
    push,
    sync_all,
    wire_event,
)
from tests.sync.test_dashboard_http import PASSWORD, csrf_of, signed_in

A, B = "甲厂", "乙厂"


def add_user(server: ServerThread, name: str, role: str, enterprise: str | None = None) -> None:
    with db.writing(server.engine) as conn:
        users.add(conn, name, role, SITE if enterprise else None, PASSWORD, clock.now_ms(), enterprise)


def two_firms(site: dict[str, Station]) -> dict[str, list[rosters.Person]]:
    """Four people of A and four of B on the rosters, one of each tested at South."""
    people = ids(8, start=300)
    firms: dict[str, list[rosters.Person]] = {A: [], B: []}
    for n, number in enumerate(people):
        firm = A if n < 4 else B
        person = rosters.Person(
            number, f"{'甲' if firm == A else '乙'}员工{n}", firm, f"部门{n % 2}", f"1390000{n:04d}"
        )
        rosters.add_person(site["admin"].store, person)
        firms[firm].append(person)
    site["South"].register(firms[A][0].id_number)
    site["South"].register(firms[B][0].id_number)
    sync_all(list(site.values()))
    return firms


def give(browser: httpx.Client, person: str, reason: str, **said: str) -> httpx.Response:
    form = {"site": SITE, "round": ROUND, "person": person, "reason": reason, "csrf": csrf_of(browser)}
    return browser.post("/requests", data=form | said)


def answer(browser: httpx.Client, accept: bool, note: str = "", **which: str) -> httpx.Response:
    form = {"site": SITE, "round": ROUND, "accept": "1" if accept else "0", "note": note}
    return browser.post("/requests/decide", data=form | which | {"csrf": csrf_of(browser)})


def request_ids(server: ServerThread) -> dict[str, str]:
    """person -> their latest request's id."""
    q = records.requests.c
    with db.reading(server.engine) as conn:
        return {row.person: row.id for row in conn.execute(select(q.person, q.id).order_by(q.id))}


def secrets_of(people: list[rosters.Person], firm: str) -> list[str]:
    """What nobody outside ``firm`` may read: its name, its people's names, ID numbers and phones
    (whole, and as masked)."""
    found = [firm]
    for p in people:
        found += [p.name, p.id_number, str(p.phone), identity.mask_id(p.id_number)]
    return found


def readable(answer: httpx.Response) -> str:
    """Everything an answer says, an XLSX's cells included (its text is compressed in the file)."""
    text = answer.text
    if "spreadsheetml" in answer.headers.get("content-type", ""):
        sheet = load_workbook(BytesIO(answer.content)).active
        text = json.dumps([list(r) for r in sheet.iter_rows(values_only=True)], ensure_ascii=False)
    return text + json.dumps(dict(answer.headers), ensure_ascii=False)


def every_route(app: Any) -> dict[str, set[str]]:
    """Every path the app answers, with its methods (a mount's: any), routers included."""
    found: dict[str, set[str]] = {}
    for route in app.routes:
        contexts = getattr(route, "effective_route_contexts", None)
        if contexts is not None:  # an included router
            for context in contexts() if callable(contexts) else contexts:
                found.setdefault(context.path, set()).update(context.methods or ())
        elif isinstance(route, Mount):
            found[route.path] = {"GET", "HEAD"}
        else:
            found.setdefault(route.path, set()).update(route.methods or ())
    return found


def test_a_liaison_of_one_enterprise_gets_nothing_of_another_from_any_route(
    server: ServerThread, site: dict[str, Station]
) -> None:
    firms = two_firms(site)
    add_user(server, "lian", "liaison", A)
    add_user(server, "bei", "liaison", B)
    other = signed_in(server, "bei")
    assert give(other, firms[B][1].id_number, "away").status_code == 303
    b_request = request_ids(server)[firms[B][1].id_number]
    liaison = signed_in(server, "lian")
    csrf = csrf_of(liaison)
    form = {"site": SITE, "round": ROUND, "csrf": csrf}
    b_person = firms[B][2].id_number
    # Every route of the app, each called as a liaison of A would, asking about B where it can.
    calls: dict[str, list[tuple[str, dict[str, Any]]]] = {
        "/login": [("GET", {}), ("POST", {"data": {"username": "bei", "password": "x", "csrf": "x"}})],
        "/": [("GET", {}), ("GET", {"params": {"round": ROUND, "lang": "en"}})],
        "/dashboard.json": [("GET", {}), ("GET", {"params": {"site": SITE, "round": ROUND}})],
        "/missing.json": [("GET", {"params": {"enterprise": B}}), ("GET", {"params": {"enterprise": A}})],
        "/missing.xlsx": [
            ("POST", {"data": form | {"enterprise": B}}),
            ("POST", {"data": form | {"enterprise": A}}),
        ],
        "/deadline": [("POST", {"data": form | {"deadline_ms": "1"}})],
        "/requests.json": [("GET", {}), ("GET", {"params": {"pending": "true"}})],
        "/requests": [("POST", {"data": form | {"person": b_person, "reason": "away"}})],
        "/requests/decide": [("POST", {"data": form | {"request": b_request, "accept": "1"}})],
        "/remind": [("POST", {"data": form | {"enterprise": B}})],
        "/static": [("GET", {"url": "/static/dashboard.js"})],
        "/v1/health": [("GET", {})],
        "/v1/bundle-key": [("GET", {})],
        "/v1/enroll": [("POST", {"json": {}})],
        "/v1/enroll/{code_id}/address": [("GET", {"url": "/v1/enroll/ABCD2345/address"})],
        "/v1/handshake": [("POST", {"json": {}})],
        "/v1/push": [("POST", {"json": {}})],
        "/v1/feed": [("GET", {})],
        "/v1/rounds/{round_name}/reconciliation": [("GET", {"url": f"/v1/rounds/{ROUND}/reconciliation"})],
        "/v1/admin/enrolment-codes": [("GET", {}), ("POST", {"json": {}})],
        "/v1/admin/enrolment-codes/{code_id}/cancel": [
            ("POST", {"url": "/v1/admin/enrolment-codes/ABCD2345/cancel"})
        ],
        "/v1/admin/devices": [("GET", {})],
        "/v1/admin/devices/{device}/revoke": [
            ("POST", {"url": f"/v1/admin/devices/{site['East'].device}/revoke"})
        ],
        "/v1/admin/liaisons": [("POST", {"json": {"username": "x", "enterprise": B, "password": PASSWORD}})],
        "/v1/admin/bundles": [("POST", {"content": b"x"})],
        "/v1/admin/channels": [("GET", {}), ("POST", {"json": {"enterprise": B, "email": "b@example.org"}})],
        "/v1/admin/channels/remove": [("POST", {"json": {"enterprise": B}})],
        "/v1/admin/reminders": [
            ("GET", {"params": {"round": ROUND}}),
            ("POST", {"json": {"round": ROUND, "enterprise": B}}),
        ],
        "/metrics": [("GET", {})],
        "/v1/ready": [("GET", {})],
        "/logout": [("POST", {"data": {"csrf": csrf}})],  # last: it ends the session
    }
    routes = every_route(server.app)
    assert set(routes) == set(calls), "a route the isolation test does not call"
    for path, methods in routes.items():
        assert {method for method, _ in calls[path]} <= methods, path
    hidden = secrets_of(firms[B], B)
    statuses: dict[tuple[str, int], int] = {}
    for path, tries in calls.items():
        for n, (method, kwargs) in enumerate(tries):
            kwargs = dict(kwargs)
            said = liaison.request(method, kwargs.pop("url", path), **kwargs)
            statuses[(path, n)] = said.status_code
            leaked = [secret for secret in hidden if secret in readable(said)]
            assert leaked == [], (path, method, said.status_code, leaked)
    # The liaison saw their own (the page, the list, the export) and was refused the rest.
    assert [statuses[("/missing.json", n)] for n in (0, 1)] == [404, 200]
    assert [statuses[("/missing.xlsx", n)] for n in (0, 1)] == [404, 200]
    assert statuses[("/requests", 0)] == 404
    assert (statuses[("/deadline", 0)], statuses[("/requests/decide", 0)]) == (403, 403)
    assert statuses[("/remind", 0)] == 403  # only an administrator reminds
    with db.reading(server.engine) as conn:
        q = records.requests.c
        assert conn.execute(select(q.person).where(q.person == b_person)).first() is None
        assert conn.execute(select(q.decision).where(q.id == b_request)).scalar() is None


def test_a_liaisons_page_shows_their_people_whole_and_each_showing_is_recorded(
    server: ServerThread, site: dict[str, Station]
) -> None:
    firms = two_firms(site)
    add_user(server, "lian", "liaison", A)
    liaison = signed_in(server, "lian")
    page = liaison.get("/", params={"lang": "en"}).text
    for person in firms[A][1:]:
        assert person.id_number in page and str(person.phone) in page and person.name in page
        assert str(person.department) in page
    assert firms[A][0].id_number not in page  # tested
    figures = liaison.get("/dashboard.json").json()
    assert [f["enterprise"] for f in figures["enterprises"]] == [A]
    assert (figures["totals"]["roster"], figures["totals"]["missing"]) == (4, 3)
    assert set(figures) == {"site", "round", "server_time_ms", "head", "totals", "enterprises", "chase"}
    liaison.get("/missing.json", params={"enterprise": A})
    station = site["admin"]
    station.sync()
    shown = [e for e in audit.entries(station.store.conn) if e.operator == "lian"]
    assert [(e.what, e.people, e.enterprise, e.round) for e in shown] == [("dashboard", 3, A, ROUND)] * 2


def test_reasons_answered_on_the_dashboard_become_exemptions_counted_as_the_station_counts_them(
    server: ServerThread, site: dict[str, Station]
) -> None:
    firms = two_firms(site)
    add_user(server, "lian", "liaison", A)
    add_user(server, "boss", "admin")
    liaison = signed_in(server, "lian")
    away, elsewhere, gone = (p.id_number for p in firms[A][1:])
    refused = give(liaison, elsewhere, "tested_elsewhere", place="市医院")
    assert refused.status_code == 303 and refused.headers["location"].endswith("error=where_when")
    assert 'data-error="where_when"' in liaison.get(refused.headers["location"]).text
    assert give(liaison, away, "away").status_code == 303
    assert (
        give(liaison, elsewhere, "tested_elsewhere", place="市医院", tested_at="11-28 10:00").status_code
        == 303
    )
    assert give(liaison, gone, "left").status_code == 303
    again = give(liaison, away, "isolation")
    assert again.headers["location"].endswith("error=pending")
    boss = signed_in(server, "boss")
    snapshot = boss.get("/dashboard.json").json()
    assert [r["reason"] for r in snapshot["requests"]] == ["away", "tested_elsewhere", "left"]
    assert all("*" in r["id_number"] for r in snapshot["requests"])
    assert snapshot["chase"][0] == {
        "enterprise": B,
        "missing": 3,
        "pending": 0,
        "accepted": 0,
        "declined": 0,
        "left": 3,
    }
    assert snapshot["chase"][1] | {} == {
        "enterprise": A,
        "missing": 3,
        "pending": 3,
        "accepted": 0,
        "declined": 0,
        "left": 0,
    }
    asked = request_ids(server)
    assert answer(boss, False, note="请补充证明", request=asked[away]).status_code == 303
    assert answer(boss, True, enterprise=A).status_code == 303  # the other two at once
    assert answer(boss, True, request=asked[away]).status_code == 400  # answered already

    page = liaison.get("/").text
    assert "请补充证明" in page and 'data-state="declined"' in page
    figures = boss.get("/dashboard.json").json()
    line = next(f for f in figures["enterprises"] if f["enterprise"] == A)
    # Elsewhere is exempt, gone has left the roster, away is still missing.
    assert (line["roster"], line["exempt"], line["missing"]) == (3, 1, 1)
    assert next(c for c in figures["chase"] if c["enterprise"] == A) == {
        "enterprise": A,
        "missing": 1,
        "pending": 0,
        "accepted": 2,
        "declined": 1,
        "left": 1,
    }
    sync_all(list(site.values()))
    with site["East"].store.read() as conn:
        station = reconcile.reconcile(conn, ROUND)
        chased = exemption_requests.station_chase(conn, ROUND, station["enterprises"])
        answered = {r.person: r.state for r in exemption_requests.listing(conn, ROUND)}
    assert sorted(figures["enterprises"], key=lambda f: f["enterprise"]) == station["enterprises"]
    assert {k: figures["totals"][k] for k in station["totals"]} == station["totals"]
    assert chased == figures["chase"]
    assert answered == {away: "declined", elsewhere: "accepted", gone: "accepted"}


def test_a_device_may_not_speak_for_a_liaison_and_only_the_office_answers(
    server: ServerThread, site: dict[str, Station]
) -> None:
    firms = two_firms(site)
    add_user(server, "lian", "liaison", A)
    give(signed_in(server, "lian"), firms[A][1].id_number, "isolation")
    request = request_ids(server)[firms[A][1].id_number]
    admin, south = site["admin"], site["South"]
    asked = {"round": ROUND, "person": firms[A][2].id_number, "reason": "away", "by": "lian"}
    decided = {"request": request, "accepted": True, "by": "office"}
    answers = [
        push(server.url, admin, [wire_event(admin.device, next_seq(admin), "exemption.requested", asked)]),
        push(server.url, south, [wire_event(south.device, next_seq(south), "exemption.decided", decided)]),
        push(
            server.url,
            admin,
            [
                wire_event(
                    admin.device, next_seq(admin), "exemption.decided", decided | {"request": clock.uuid7()}
                )
            ],
        ),
    ]
    reasons = [a.json()["results"][0].get("reason", "") for a in answers]
    assert "liaisons give their reasons on the dashboard" in reasons[0]
    assert "liaisons' reasons are answered by the campaign office" in reasons[1]
    assert "the site holds no request" in reasons[2]
    # The office laptop answers a request it pulled: the same path as the window's.
    admin.sync()
    exemption_requests.decide(admin.store, request, True, None, "office")
    admin.sync()
    with db.reading(server.engine) as conn:
        q = records.requests.c
        assert conn.execute(select(q.decision).where(q.id == request)).scalar() == "accepted"
        listed = liaisons.listing(conn, liaisons.Scope(SITE, A), ROUND)
    assert [(r["state"], r["decided_by"]) for r in listed] == [("accepted", "office")]
    with pytest.raises(Exception, match="answered already"):
        exemption_requests.decide(admin.store, request, False, None, "office")


def test_accounts_of_liaisons_and_the_office_making_one(
    server: ServerThread, site: dict[str, Station]
) -> None:
    with db.writing(server.engine) as conn:
        for role, site_name, firm in (("liaison", SITE, None), ("liaison", None, A), ("viewer", SITE, A)):
            with pytest.raises(users.AccountError, match="names its site and enterprise"):
                users.add(conn, "x", role, site_name, PASSWORD, clock.now_ms(), firm)
        users.add(conn, "boss", "admin", None, PASSWORD, clock.now_ms())
    office = {"Authorization": f"Bearer {credential(site['admin'])}"}
    made = httpx.post(
        f"{server.url}/v1/admin/liaisons",
        json={"username": "lian", "enterprise": A, "password": PASSWORD},
        headers=office,
    )
    assert made.status_code == 200, made.text
    assert made.json() == {"username": "lian", "enterprise": A, "site": SITE, "dashboard": server.url + "/"}
    taken = httpx.post(
        f"{server.url}/v1/admin/liaisons",
        json={"username": "boss", "enterprise": A, "password": PASSWORD},
        headers=office,
    )
    assert taken.status_code == 400 and "belongs to another account" in taken.json()["detail"]
    station = {"Authorization": f"Bearer {credential(site['South'])}"}
    assert httpx.post(f"{server.url}/v1/admin/liaisons", json=made.json(), headers=station).status_code in (
        403,
        422,
    )
    signed_in(server, "lian")


def test_liaisons_and_answers_at_the_command_line(
    server: ServerThread, site: dict[str, Station], tmp_path: Any
) -> None:
    firms = two_firms(site)
    url = server.settings.database_url
    db_args = ("--database-url", url)
    made = run_main(
        "server", "user", "add", "lian", "--role", "liaison", "--site", SITE, "--enterprise", A,
        "--password-stdin", *db_args, stdin=PASSWORD + "\n",
    )  # fmt: skip
    assert made.code == 0, made.stderr
    listed = run_main("server", "user", "list", "--json", *db_args).json()
    assert {"username": "lian", "role": "liaison", "site": SITE, "enterprise": A} in listed
    bad = run_main(
        "server",
        "user",
        "add",
        "x",
        "--role",
        "viewer",
        "--enterprise",
        A,
        "--password-stdin",
        *db_args,
        stdin=PASSWORD,
    )
    assert bad.code == 2 and bad.stderr.startswith("error: a liaison's account names its site")
    liaison = signed_in(server, "lian")
    for person, reason in ((firms[A][1], "away"), (firms[A][2], "isolation"), (firms[A][3], "left")):
        give(liaison, person.id_number, reason)
    pending = run_main("server", "exemption", "requests", "--pending", "--json", *db_args)
    assert pending.code == 0, pending.stderr
    found = pending.json()
    assert [r["reason"] for r in found] == ["away", "isolation", "left"]
    assert all(p.id_number not in pending.stdout for p in firms[A])
    one = run_main("server", "exemption", "decide", found[0]["id"], "--decline", "--note", "证明呢", *db_args)
    assert (one.code, one.stdout.strip()) == (0, "1 request(s) declined")
    rest = run_main(
        "server", "exemption", "decide", "--all", "--enterprise", A, "--round", ROUND, "--accept", *db_args
    )
    assert (rest.code, rest.stdout.strip()) == (0, "2 request(s) accepted")
    which = run_main("server", "exemption", "decide", "--accept", *db_args)
    assert which.code == 2 and "needs a REQUEST id" in which.stderr
    again = run_main("server", "exemption", "decide", found[0]["id"], "--accept", *db_args)
    assert again.code == 2 and "answered already" in again.stderr
    east = site["East"]
    synced = run_main("sync", "--once", "--db", str(east.path))
    assert synced.code == 0, synced.stderr
    station = run_main("reconcile", "--db", str(east.path), "--round", ROUND, "--json").json()
    add_user(server, "boss", "admin")
    figures = signed_in(server, "boss").get("/dashboard.json").json()
    assert sorted(figures["enterprises"], key=lambda f: f["enterprise"]) == station["enterprises"]
    line = next(f for f in station["enterprises"] if f["enterprise"] == A)
    assert (line["roster"], line["exempt"], line["missing"]) == (3, 1, 1)


def test_the_scope_builds_a_liaisons_snapshot_from_named_keys_only() -> None:
    full = {
        "site": SITE,
        "round": ROUND,
        "server_time_ms": 1,
        "head": 2,
        "totals": {"deadline_ms": None, "time_left_s": None, "not_on_any_roster": 5},
        "enterprises": [{"enterprise": A, "roster": 1}, {"enterprise": B, "roster": 2}],
        "chase": [{"enterprise": A}, {"enterprise": B}],
        "requests": [{"enterprise": B}],
        "checkpoints": [{"checkpoint": "South"}],
        "something_new": B,
    }
    seen = liaisons.Scope(SITE, A).snapshot(full)
    assert B not in json.dumps(seen, ensure_ascii=False)
    assert seen["totals"]["roster"] == 1 and "not_on_any_roster" not in seen["totals"]
    assert liaisons.Scope(SITE).snapshot(full) is full
    assert re.fullmatch(r"\d+", str(seen["head"]))


def test_a_purge_takes_the_people_and_what_was_said_about_them_out_of_the_requests(
    server: ServerThread, site: dict[str, Station]
) -> None:
    from registration.privacy import retention
    from registration.setup import campaign
    from sync.server import purge

    firms = two_firms(site)
    add_user(server, "lian", "liaison", A)
    person = firms[A][1].id_number
    give(signed_in(server, "lian"), person, "tested_elsewhere", place="市医院", tested_at="11-28")
    campaign.close_round(site["admin"].store, ROUND)
    sync_all(list(site.values()))
    purge.purge_site(server.engine, SITE, 0, "op", clock.now_ms())
    retention.purge_campaign(site["East"].store, 0, "op")
    q = records.requests.c
    with db.reading(server.engine) as conn:
        [held] = conn.execute(select(q.person, q.place, q.tested_at)).all()
    with site["East"].store.read() as conn:
        [kept] = exemption_requests.listing(conn)
        logged = conn.execute("SELECT body FROM events WHERE kind = 'exemption.requested'").fetchone()[0]
    assert held.person.startswith(retention.TOKEN_PREFIX) and held.place is None
    assert kept.person.startswith(retention.TOKEN_PREFIX) and (kept.place, kept.tested_at) == (None, None)
    assert person not in logged and "市医院" not in logged
