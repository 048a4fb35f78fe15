"""Who may call the server and with what: credentials, revocation, identity, limits, bad input."""

from __future__ import annotations

import gzip
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select

from registration.storage import clock
from sync.schema import PROTOCOL_VERSION
from sync.server import db, devices
from sync.server.app import Settings, create_app
from tests.sync.harness import (
    SITE,
    ServerThread,
    Station,
    enrol_station,
    ids,
    new_code,
    open_site,
    server_events,
    setup_round,
)


def _credential(station: Station) -> str:
    return str(station.store.conn.execute("SELECT credential FROM sync_state").fetchone()[0])


def _auth(station: Station) -> dict[str, str]:
    return {"Authorization": f"Bearer {_credential(station)}"}


def _event(device: str, seq: int = 1, kind: str = "registration", **body: Any) -> dict[str, Any]:
    return {
        "id": clock.uuid7(),
        "device": device,
        "seq": seq,
        "hlc": clock.Hlc(clock.now_ms(), 0).encode(),
        "kind": kind,
        "body": body
        or {"person": ids(1)[0], "round": "R1", "checkpoint": "South", "colour": "green", "source": "manual"},
    }


def _push(url: str, headers: dict[str, str], device: str, events: list[dict[str, Any]]) -> httpx.Response:
    body = {"protocol": PROTOCOL_VERSION, "device": device, "events": events}
    return httpx.post(f"{url}/v1/push", json=body, headers=headers)


def test_no_or_unknown_credential_is_401(server: ServerThread) -> None:
    for headers in ({}, {"Authorization": "Bearer not-a-credential"}, {"Authorization": "Basic eDp5"}):
        answer = httpx.get(f"{server.url}/v1/feed", headers=headers)
        assert answer.status_code == 401, headers
        assert answer.json()["detail"]
    answer = httpx.post(f"{server.url}/v1/handshake", json={"protocol": PROTOCOL_VERSION, "device": "x"})
    assert answer.status_code == 401


def test_revoked_device_is_403(server: ServerThread, site: dict[str, Station]) -> None:
    south = site["South"]
    devices.revoke(server.engine, south.device, clock.now_ms())
    answer = httpx.get(f"{server.url}/v1/feed", headers=_auth(south))
    assert answer.status_code == 403
    assert "revoked" in answer.json()["detail"]
    south.register(ids(1)[0])
    with pytest.raises(Exception, match="revoked"):
        south.sync()
    assert south.outbox() > 0  # nothing lost: it waits for a person to sort the device out


def test_credential_of_another_device_is_403(server: ServerThread, site: dict[str, Station]) -> None:
    south, east = site["South"], site["East"]
    answer = httpx.post(
        f"{server.url}/v1/handshake",
        json={"protocol": PROTOCOL_VERSION, "device": east.device},
        headers=_auth(south),
    )
    assert answer.status_code == 403


def test_pushing_as_another_device_is_refused(server: ServerThread, site: dict[str, Station]) -> None:
    south, east = site["South"], site["East"]
    before = server_events(server.engine)
    # Naming the other device as the pusher, or slipping its events into one's own batch.
    assert _push(server.url, _auth(south), east.device, [_event(east.device)]).status_code == 403
    mixed = [_event(south.device, 1000), _event(east.device, 1000)]
    assert _push(server.url, _auth(south), south.device, mixed).status_code == 403
    assert server_events(server.engine) == before


def test_station_may_not_push_reference_data(server: ServerThread, site: dict[str, Station]) -> None:
    south = site["South"]
    event = _event(south.device, 1000, "round.opened", name="R9", pool_size=10)
    answer = _push(server.url, _auth(south), south.device, [event])
    assert answer.status_code == 200
    [result] = answer.json()["results"]
    assert result["status"] == "rejected" and "checkpoint station" in result["reason"]
    assert event["id"] not in {row[0] for row in server_events(server.engine)}


def test_clock_far_ahead_is_rejected(server: ServerThread, site: dict[str, Station]) -> None:
    south = site["South"]
    event = _event(south.device, 1000)
    event["hlc"] = clock.Hlc(clock.now_ms() + 3_600_000, 0).encode()
    [result] = _push(server.url, _auth(south), south.device, [event]).json()["results"]
    assert result["status"] == "rejected" and "clock ahead" in result["reason"]


def test_same_id_other_content_is_a_conflict_kept_aside(
    server: ServerThread, site: dict[str, Station]
) -> None:
    south = site["South"]
    event = _event(south.device, 1000)
    assert _push(server.url, _auth(south), south.device, [event]).json()["results"][0]["status"] == "stored"
    assert (
        _push(server.url, _auth(south), south.device, [event]).json()["results"][0]["status"] == "duplicate"
    )
    altered = dict(event, body=dict(event["body"], colour="red"))
    [result] = _push(server.url, _auth(south), south.device, [altered]).json()["results"]
    assert result["status"] == "conflict"
    # The same id under another sequence number, in a batch with a good event: only it is set aside.
    moved, fresh = dict(event, seq=2000), _event(south.device, 2001)
    results = _push(server.url, _auth(south), south.device, [moved, fresh]).json()["results"]
    assert [r["status"] for r in results] == ["conflict", "stored"]
    stored = {row[0]: row for row in server_events(server.engine)}[event["id"]]
    assert json.loads(stored[5])["colour"] == "green"  # never overwritten
    with db.reading(server.engine) as conn:
        kept = (
            conn.execute(select(db.conflicts.c.body).where(db.conflicts.c.id == event["id"])).scalars().all()
        )
    assert sorted(json.loads(b)["colour"] for b in kept) == ["green", "red"]


def test_oversized_body_and_batch_are_413(database_url: str, tmp_path: Path) -> None:
    small = ServerThread(database_url, max_body_bytes=64 * 1024, max_batch=50)
    try:
        open_site(small.engine, ["South"])
        station = enrol_station(tmp_path, small.engine, small.url, "South", admin=True)
        station.sync()
        setup_round(station)
        headers = _auth(station)
        big = [_event(station.device, n, note="x" * 2000) for n in range(1, 40)]
        assert _push(small.url, headers, station.device, big).status_code == 413
        # Compressed small, huge once inflated: refused as well, without inflating it all.
        bomb = gzip.compress(b'{"protocol": 1, "device": "' + b" " * 10_000_000 + b'"}')
        answer = httpx.post(
            f"{small.url}/v1/push",
            content=bomb,
            headers=headers | {"Content-Encoding": "gzip", "Content-Type": "application/json"},
        )
        assert answer.status_code == 413
        many = [_event(station.device, n) for n in range(1, 60)]
        answer = _push(small.url, headers, station.device, many)
        assert answer.status_code == 413 and "50" in answer.json()["detail"]
        # The client halves its batch on 413 and gets everything through.
        for person in ids(120):
            station.register(person)
        station.sync()
        assert station.outbox() == 0
        station.close()
    finally:
        small.stop()


def test_malformed_json_is_422(server: ServerThread, site: dict[str, Station]) -> None:
    south = site["South"]
    headers = _auth(south) | {"Content-Type": "application/json"}
    for body in (
        b"{not json",
        b'{"protocol": 1}',
        b"[]",
        json.dumps({"protocol": 1, "device": "x", "events": 5}).encode(),
    ):
        answer = httpx.post(f"{server.url}/v1/push", content=body, headers=headers)
        assert answer.status_code == 422, body
    bad_event = _event(south.device) | {"hlc": "yesterday"}
    assert _push(server.url, _auth(south), south.device, [bad_event]).status_code == 422
    assert (
        httpx.get(f"{server.url}/v1/feed", params={"cursor": "garbage"}, headers=_auth(south)).status_code
        == 400
    )


def test_enrolment_code_is_one_time(server: ServerThread, tmp_path: Path) -> None:
    code = new_code(server.engine, server.url, "South")
    first = httpx.post(f"{server.url}/v1/enroll", json={"protocol": PROTOCOL_VERSION, "code": code})
    assert first.status_code == 200
    again = httpx.post(f"{server.url}/v1/enroll", json={"protocol": PROTOCOL_VERSION, "code": code})
    assert again.status_code == 403 and "already used" in again.json()["detail"]
    with db.reading(server.engine) as conn:
        hashes = conn.execute(select(db.devices.c.credential_hash)).scalars().all()
        stored = conn.execute(select(func.count()).select_from(db.enrol_codes)).scalar_one()
    credential = first.json()["credential"]
    assert credential not in hashes and devices.digest(credential) in hashes  # only hashes are kept
    assert stored == 1


@pytest.fixture
def fuzzed_app(tmp_path: Path) -> Iterator[Any]:
    # Half the requests are a stranger's: answered without the field's delay (its own test has it).
    app = create_app(Settings(f"sqlite:///{tmp_path / 's.db'}", api_docs=True, refusal_delay_s=0))
    open_site(app.state.engine, ["South"])
    with db.writing(app.state.engine) as conn:
        code = devices.create_code(conn, SITE, None, "admin", clock.now_ms())
    app.state.fuzz_credential = devices.enrol(
        app.state.engine, code.secret, None, None, clock.now_ms()
    ).credential
    yield app
    app.state.engine.dispose()


def _fuzz(app: Any, examples: int) -> None:
    """Schemathesis generates requests for every operation of the OpenAPI schema; none may fail 5xx."""
    credential = {"Authorization": f"Bearer {app.state.fuzz_credential}"}
    api = schemathesis.openapi.from_asgi("/openapi.json", app)
    operations = [result.ok() for result in api.get_all_operations()]
    assert {op.path for op in operations} >= {"/v1/push", "/v1/feed", "/v1/enroll", "/v1/handshake"}
    for operation in operations:

        @given(case=operation.as_strategy(), authorised=st.booleans())
        @settings(
            max_examples=examples, deadline=None, suppress_health_check=list(HealthCheck), database=None
        )
        def call(case: Any, authorised: bool) -> None:
            # Half the requests carry a real credential, so fuzzing reaches past authentication.
            response = case.call(headers=credential if authorised else None)
            assert response.status_code < 500, f"{case.method} {case.formatted_path}: {response.text}"

        call()


def test_fuzzed_requests_never_get_a_5xx(fuzzed_app: Any) -> None:
    _fuzz(fuzzed_app, 40)


@pytest.mark.slow
def test_fuzzed_requests_never_get_a_5xx_long(fuzzed_app: Any) -> None:
    _fuzz(fuzzed_app, 400)
