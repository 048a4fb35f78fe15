"""Control characters pushed raw to the real server, on SQLite and PostgreSQL: each event is
rejected with a reason naming its field, never stored, and the site's pages still answer; text an
older server already holds is exported all the same."""

from __future__ import annotations

from io import BytesIO
from typing import Any

import httpx
from openpyxl import load_workbook
from sqlalchemy import select, update

from registration.people import freetext
from registration.setup import rosters
from registration.storage.events import canonical_json
from sync.server import db, eventlog, records
from tests.sync.harness import (
    ROUND,
    ServerThread,
    Station,
    credential,
    ids,
    next_seq,
    push,
    server_events,
    sync_all,
    wire_event,
)
from tests.sync.test_dashboard_http import add_user, csrf_of, signed_in

ARABIC_INDIC = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")


def _walk_in(person: str, **changed: Any) -> dict[str, Any]:
    return {"id_number": person, "name": "王五", "enterprise": "甲厂", "on_roster": False} | changed


def test_control_characters_are_rejected_and_the_site_still_answers(
    server: ServerThread, site: dict[str, Station]
) -> None:
    south = site["South"]
    person, other = ids(2, start=700)
    south.register(person)
    sync_all(list(site.values()))
    tube = south.store.conn.execute("SELECT tube FROM registrations").fetchone()[0]
    registration = {
        "person": other,
        "round": ROUND,
        "checkpoint": "South",
        "tube": tube,
        "position": 2,
        "colour": "green",
        "source": "camera",
    }
    dirty = [
        ("person.upserted", _walk_in(other, department="仓\x00储"), "department"),
        ("person.upserted", _walk_in(other, name="王\x01五"), "name"),
        ("registration", registration | {"operator": "志愿\x07者"}, "operator"),
        ("registration", registration | {"raw_code": "HC.0123456789\x1dABCDEF"}, "raw_code"),
    ]
    for kind, body, field in dirty:
        made = wire_event(south.device, next_seq(south), kind, body)
        answer = push(server.url, south, [made])
        assert answer.status_code == 200, answer.text
        [result] = answer.json()["results"]
        assert result["status"] == "rejected"
        assert result["reason"] == f"{kind}: {field}: Value error, {freetext.REFUSAL}"
        assert made["id"] not in {row[0] for row in server_events(server.engine)}
    # An ID number in other digits is refused too: the server holds one spelling of a person.
    arabic = wire_event(
        south.device,
        next_seq(south),
        "registration",
        registration | {"person": other.translate(ARABIC_INDIC)},
    )
    [result] = push(server.url, south, [arabic]).json()["results"]
    assert result["status"] == "rejected" and other not in result["reason"]

    add_user(server, "boss", "admin")
    browser = signed_in(server, "boss")
    assert browser.get("/dashboard.json").status_code == 200
    folded = _reconciliation(server, south)
    assert folded.status_code == 200 and folded.json()["not_on_any_roster"] == 1
    # What nobody's name can hold finds nobody, and asks the database nothing it cannot take.
    assert browser.get("/missing.json", params={"enterprise": "甲\x00厂"}).status_code < 500
    form = {"site": "Park", "round": ROUND, "enterprise": "甲\x00厂", "csrf": csrf_of(browser)}
    assert browser.post("/missing.xlsx", data=form).status_code < 500


def _reconciliation(server: ServerThread, station: Station) -> httpx.Response:
    return httpx.get(
        f"{server.url}/v1/rounds/{ROUND}/reconciliation",
        headers={"Authorization": f"Bearer {credential(station)}"},
    )


def test_text_an_older_server_holds_is_exported(server: ServerThread, site: dict[str, Station]) -> None:
    [person] = ids(1, start=800)
    rosters.add_person(site["admin"].store, rosters.Person(person, "王五", "甲厂", "仓储部"))
    sync_all(list(site.values()))
    add_user(server, "boss", "admin")
    browser = signed_in(server, "boss")
    assert browser.get("/dashboard.json").status_code == 200  # the projection holds the person
    with db.writing(server.engine) as conn:  # as a server before this release could have kept it
        p = records.people.c
        conn.execute(
            update(records.people).where(p.id_number == person).values(name="王\x07五", department="仓\x01储")
        )
    form = {"site": "Park", "round": ROUND, "enterprise": "甲厂", "csrf": csrf_of(browser)}
    answer = browser.post("/missing.xlsx", data=form)
    assert answer.status_code == 200, answer.text
    rows = list(load_workbook(BytesIO(answer.content)).active.iter_rows(values_only=True))  # type: ignore[union-attr]
    assert rows[1][:4] == ("王五", "甲厂", "仓储", person)


def test_an_event_an_older_server_stored_breaks_no_figures(
    server: ServerThread, site: dict[str, Station]
) -> None:
    """A walk-in with a NUL in its department, stored before this release, made PostgreSQL's
    dashboard answer 500 for good: the projection leaves it out, as the server's folds do."""
    south = site["South"]
    [person] = ids(1, start=820)
    stored = wire_event(
        south.device, next_seq(south), "person.upserted", _walk_in(person, department="仓\x00储")
    )
    with db.writing(server.engine) as conn:
        head = eventlog.lock_site(conn, "Park")
        row = {k: stored[k] for k in ("id", "device", "seq", "hlc", "kind")}
        eventlog.append(
            conn, "Park", head, [row | {"site": "Park", "body": canonical_json(stored["body"])}], 0
        )
    add_user(server, "boss", "admin")
    browser = signed_in(server, "boss")
    answer = browser.get("/dashboard.json")
    assert answer.status_code == 200, answer.text
    with db.reading(server.engine) as conn:
        held = conn.execute(select(records.people.c.id_number)).scalars().all()
    assert person not in held
    assert _reconciliation(server, south).status_code == 200
