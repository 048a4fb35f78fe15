"""Error hygiene at the HTTP edge: odd numbers, bytes, cursors and lengths get a 4xx, never a
5xx; no answer or log carries a full ID number; the API docs are served only when asked for."""

from __future__ import annotations

import logging
import sqlite3
from pathlib import Path

import httpx
import pytest

from sync.schema import PROTOCOL_VERSION
from sync.server import db, devices, migrations
from tests.sync.harness import ServerThread, Station, credential, enrol_station, ids, new_code, open_site

ID = ids(1, start=4242)[0]


def _auth(station: Station) -> dict[str, str]:
    return {"Authorization": f"Bearer {credential(station)}", "Content-Type": "application/json"}


def _event_text(station: Station, body: str, seq: str = "1000") -> bytes:
    return (
        f'{{"protocol":{PROTOCOL_VERSION},"device":"{station.device}","events":[{{"id":'
        f'"01a2273b-dbae-7f33-a8ff-7c909f15fb44","device":"{station.device}","seq":{seq},'
        f'"hlc":"1795954564014.00000","kind":"registration","body":{body}}}]}}'
    ).encode()


def test_odd_requests_get_a_4xx_never_a_5xx(
    server: ServerThread, site: dict[str, Station], caplog: pytest.LogCaptureFixture
) -> None:
    south = site["South"]
    push = f"{server.url}/v1/push"
    caplog.set_level(logging.DEBUG)
    odd = [
        _event_text(south, f'{{"person":"{ID}","n":1e400}}'),
        _event_text(south, f'{{"person":"{ID}","n":NaN}}'),
        _event_text(south, f'{{"person":"{ID}","n":Infinity}}'),
        _event_text(south, f'{{"person":"{ID}"}}', seq="1e400"),
        _event_text(south, f'{{"person":"{ID}"}}', seq="99999999999999999999999999"),
        _event_text(south, f'{{"person":"{ID}","name":"' + "x" * 200_000 + '"}'),
        b'{"protocol":1e400,"device":"x","events":[]}',
        b"\xff\xfe{" + ID.encode() + b"\x80",
        f'{{"protocol":1,"device":"{ID}\udcff"}}'.encode("utf-8", "surrogatepass"),
    ]
    for body in odd:
        answer = httpx.post(push, content=body, headers=_auth(south))
        assert answer.status_code < 500, (body[:80], answer.status_code, answer.text[:200])
        if answer.status_code == 200:  # well-formed JSON: the event itself is refused, with a reason
            assert [r["status"] for r in answer.json()["results"]] == ["rejected"]
        assert ID not in answer.text  # an answer never echoes the request
    for path in ("/v1/enroll", "/v1/handshake"):
        for body in (
            b"\xff\xfe\x00",
            b'{"protocol": 1e400, "code": "' + ID.encode() + b'"}',
            b'{"protocol": NaN}',
        ):
            answer = httpx.post(f"{server.url}{path}", content=body, headers=_auth(south))
            assert 400 <= answer.status_code < 500, (path, body, answer.text)
            assert ID not in answer.text
    long_site = {"protocol": PROTOCOL_VERSION, "code": "x", "site": "s" * 10_000, "device": "d" * 65}
    assert httpx.post(f"{server.url}/v1/enroll", json=long_site).status_code == 422
    for cursor in ("x.99999999999999999999999", "x.١٢٣", "..", "x.-1", "x." + "9" * 90, "\u0000.1"):
        answer = httpx.get(f"{server.url}/v1/feed", params={"cursor": cursor}, headers=_auth(south))
        assert answer.status_code in (200, 400, 422), (cursor, answer.text)
    for limit in ("0", "-1", "99999999999999999999999", "1e400", "NaN"):
        answer = httpx.get(f"{server.url}/v1/feed", params={"limit": limit}, headers=_auth(south))
        assert answer.status_code in (200, 422), (limit, answer.text)
    assert all(ID not in record.getMessage() for record in caplog.records)


def test_every_value_the_wire_allows_fits_the_columns(server: ServerThread, site: dict[str, Station]) -> None:
    """The longest device id, kind and HLC text the wire schema allows are stored (PostgreSQL too)."""
    office = site["admin"]
    with db.writing(server.engine) as conn:
        code = devices.create_code(conn, "Park", "South", "station", 0, hours=10**6)
    longest = "d" * 64
    enrolled = httpx.post(
        f"{server.url}/v1/enroll", json={"protocol": PROTOCOL_VERSION, "code": code.secret, "device": longest}
    )
    assert enrolled.status_code == 200, enrolled.text
    headers = {"Authorization": f"Bearer {enrolled.json()['credential']}"}
    event = {
        "id": "01a2273b-dbae-7f33-a8ff-7c909f15fb44",
        "device": longest,
        "seq": 1,
        "hlc": "0000000000001.123456789",
        "kind": "operator.added",
        "body": {"name": "名" * 64},
    }
    answer = httpx.post(
        f"{server.url}/v1/push",
        json={"protocol": PROTOCOL_VERSION, "device": longest, "events": [event]},
        headers=headers,
    )
    assert answer.status_code == 200 and answer.json()["results"][0]["status"] == "stored", answer.text
    assert office.sync().pulled >= 1


@pytest.mark.parametrize("asked", [False, True])
def test_api_docs_only_when_asked_for(database_url: str, asked: bool) -> None:
    running = ServerThread(database_url, api_docs=asked)
    try:
        for path in ("/docs", "/redoc", "/openapi.json"):
            assert httpx.get(f"{running.url}{path}").status_code == (200 if asked else 404), path
    finally:
        running.stop()


def test_a_station_enrols_and_syncs_with_docs_off(database_url: str, tmp_path: Path) -> None:
    running = ServerThread(database_url)
    try:
        open_site(running.engine, ["South"])
        station = enrol_station(tmp_path, running.engine, running.url, "South")
        assert station.sync().refused == 0
        assert new_code(running.engine, running.url, "South").startswith("TPE1.")
        station.close()
    finally:
        running.stop()


def test_a_server_database_of_the_previous_version_is_brought_up_to_date(tmp_path: Path) -> None:
    """Its devices gain the key and first/last-seen columns; its records are rebuilt from its events."""
    path = tmp_path / "old.db"
    with sqlite3.connect(path) as conn:
        conn.execute(
            "CREATE TABLE devices (device VARCHAR(64) PRIMARY KEY, site VARCHAR(64) NOT NULL, "
            "checkpoint VARCHAR(64) NOT NULL, role VARCHAR(16) NOT NULL, credential_hash VARCHAR(64) UNIQUE, "
            "enrolled_ms BIGINT NOT NULL, revoked_ms BIGINT)"
        )
        conn.execute("INSERT INTO devices VALUES ('old-laptop', 'Park', 'South', 'station', NULL, 1, NULL)")
    migrations.upgrade(db.open_engine(f"sqlite:///{path}", prepare=False))  # what `server migrate` does
    running = ServerThread(f"sqlite:///{path}")
    try:
        with db.reading(running.engine) as conn:
            [old] = devices.list_devices(conn, "Park")
        assert (old.device, old.first_seen, old.last_seen, old.events) == ("old-laptop", None, None, 0)
    finally:
        running.stop()
