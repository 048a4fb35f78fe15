"""A server's refusal carries its key and values beside its English words, so a station words it in
its own language: in a 4xx answer, and for each event of a push the server will not store."""

from __future__ import annotations

from pathlib import Path

import httpx
import pytest

from cli.language import spoken
from registration.errors import Reason, from_wire
from registration.storage import events
from sync import client, enrolment
from sync.schema import PROTOCOL_VERSION, REFUSAL_KEYS
from sync.transport import ServerRefused
from tests.sync.harness import FAST, ServerThread, Station, credential, new_code, next_seq, push, wire_event


@pytest.fixture
def chinese(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("LC_ALL", "LC_MESSAGES"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("LANG", "zh_CN.UTF-8")


def test_a_4xx_answer_carries_the_refusals_key_and_values(server: ServerThread) -> None:
    unknown = httpx.post(f"{server.url}/v1/enroll", json={"protocol": PROTOCOL_VERSION, "code": "NOPE"})
    assert (unknown.status_code, unknown.json()) == (
        403,
        {"detail": "unknown enrolment code", "key": "enrol.unknown_code", "params": {}},
    )
    old = httpx.post(f"{server.url}/v1/enroll", json={"protocol": 99, "code": "NOPE"})
    assert (old.status_code, old.json()) == (
        400,
        {
            "detail": f"protocol version 99 is not spoken here (this server speaks {PROTOCOL_VERSION})",
            "key": "request.protocol",
            "params": {"version": 99, "ours": PROTOCOL_VERSION},
        },
    )
    # Refused at the edge, before the request reaches the app.
    stranger = httpx.post(f"{server.url}/v1/push", content=b"{}")
    assert (stranger.status_code, stranger.json()["key"]) == (401, "device.no_credential")


def test_the_station_words_a_servers_refusal_by_its_key(
    server: ServerThread, tmp_path: Path, chinese: None
) -> None:
    code = new_code(server.engine, server.url, "North")
    enrolment.enroll(tmp_path / "first.db", code, backoff=FAST.backoff)
    with pytest.raises(ServerRefused) as refused:
        enrolment.enroll(tmp_path / "second.db", code, backoff=FAST.backoff)
    detail = refused.value.detail
    assert isinstance(detail, Reason) and detail.key == "enrol.code_used"
    assert (
        str(refused.value) == "server refused (403): this enrolment code was already used: ask for a new one"
    )
    assert spoken(refused.value.reason) == "服务器拒绝（403）：此注册码已使用过：请重新获取一个"


def test_an_event_the_server_refuses_keeps_its_key_on_the_station(site: dict[str, Station]) -> None:
    south = site["South"]
    # A round opened by a checkpoint station, as a station of an older version could write it.
    with south.store.write() as conn:
        events.record(conn, "round.opened", {"name": "R9", "pool_size": 5})
    south.sync()
    [refusal] = client.status(south.store.conn).refusals
    assert refusal.reason == "this laptop is a checkpoint station: rounds are opened by the campaign office"
    assert isinstance(refusal.reason, Reason) and refusal.reason.key == "station.rounds_opened"


def test_a_pushed_events_refusal_carries_its_key_when_the_station_asks(
    server: ServerThread, site: dict[str, Station]
) -> None:
    south = site["South"]
    event = wire_event(south.device, next_seq(south), "round.closed", {"name": "R1"})
    words = "this laptop is a checkpoint station: rounds are closed by the campaign office"
    # A station of the release before asks for no keys: its answer model has no room for them.
    [before] = push(server.url, south, [event]).json()["results"]
    assert before == {"id": event["id"], "status": "rejected", "reason": words}
    body = {"protocol": PROTOCOL_VERSION, "device": south.device, "events": [event]}
    headers = {"Authorization": f"Bearer {credential(south)}", REFUSAL_KEYS: "1"}
    [answer] = httpx.post(f"{server.url}/v1/push", json=body, headers=headers).json()["results"]
    assert answer == {
        "id": event["id"],
        "status": "rejected",
        "reason": words,
        "key": "station.rounds_closed",
        "params": {},
    }


def test_words_of_a_key_this_version_does_not_know_are_shown_as_they_are() -> None:
    newer = from_wire("round.renamed_later", {"round": "R1"}, "round R1 has a new name")
    assert (newer, newer.key) == ("round R1 has a new name", "server.said")
    wrong_values = from_wire("round.unknown", {"name": "R1"}, "unknown round 'R1'")
    assert wrong_values.key == "server.said"
    nested = Reason("campaign.tube_pattern", problem=Reason("tube_pattern.too_long", most=256))
    assert from_wire(nested.key, nested.wire()["params"], "") == nested
    assert from_wire(nested.key, nested.wire()["params"], "").params["problem"].key == "tube_pattern.too_long"
