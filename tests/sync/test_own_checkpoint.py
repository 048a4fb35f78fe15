"""A checkpoint station acts only at its own checkpoint: a tube opened, a registration or a handover
naming another checkpoint, or a handover listing another checkpoint's tube (open or sealed), is
rejected; the campaign office's laptop acts for any. Audit events record what the device that
made them did: a dashboard export is the server's to record, and a purge names what it covered."""

from __future__ import annotations

import uuid
from typing import Any

from tests.sync.harness import (
    ROUND,
    ServerThread,
    Station,
    ids,
    next_seq,
    push,
    server_events,
    wire_event,
)


def _one(server: ServerThread, station: Station, kind: str, body: dict[str, Any]) -> dict[str, Any]:
    """Push one hand-made event; the server holds it exactly when it answers ``stored``."""
    event = wire_event(station.device, next_seq(station), kind, body)
    answer = push(server.url, station, [event])
    assert answer.status_code == 200, answer.text
    [result] = answer.json()["results"]
    assert (event["id"] in {row[0] for row in server_events(server.engine)}) == (result["status"] == "stored")
    return dict(result)


def _code() -> str:
    return f"T{uuid.uuid4().hex[:11].upper()}"


def _opened(checkpoint: str, code: str | None = None) -> dict[str, Any]:
    return {"code": code or _code(), "round": ROUND, "checkpoint": checkpoint, "pool_size": 10}


def _registration(checkpoint: str, person: str) -> dict[str, Any]:
    return {"person": person, "round": ROUND, "checkpoint": checkpoint, "colour": "green", "source": "manual"}


def _handover(checkpoint: str, codes: list[str]) -> dict[str, Any]:
    return {"checkpoint": checkpoint, "count": len(codes), "tubes": codes}


ELSEWHERE = "a checkpoint station acts only at its own checkpoint"


def _refused(result: dict[str, Any], reason: str) -> bool:
    return result["status"] == "rejected" and result["reason"] == reason


def test_a_station_opens_registers_and_hands_over_only_at_its_own_checkpoint(
    server: ServerThread, site: dict[str, Station]
) -> None:
    admin, south = site["admin"], site["South"]
    person = ids(1, start=500)[0]
    elsewhere = {
        "tube.opened": _opened("East"),
        "registration": _registration("East", person),
        "handover.recorded": _handover("East", []),
    }
    for kind, body in elsewhere.items():
        assert _refused(_one(server, south, kind, body), f"{kind}: {ELSEWHERE}"), kind
    # At its own checkpoint the same events are stored; the office's laptop acts for any checkpoint.
    assert _one(server, south, "registration", _registration("South", person))["status"] == "stored"
    assert _one(server, south, "tube.opened", _opened("South"))["status"] == "stored"
    for kind, body in elsewhere.items():
        assert _one(server, admin, kind, body)["status"] == "stored", kind


def test_a_handover_lists_only_tubes_of_its_own_checkpoint(
    server: ServerThread, site: dict[str, Station]
) -> None:
    admin, south, east = site["admin"], site["South"], site["East"]
    sealed, still_open = _code(), _code()
    for code in (sealed, still_open):
        assert _one(server, east, "tube.opened", _opened("East", code))["status"] == "stored"
    assert _one(server, east, "tube.sealed", {"code": sealed, "reason": "early"})["status"] == "stored"
    own = _code()
    assert _one(server, south, "tube.opened", _opened("South", own))["status"] == "stored"
    for code in (sealed, still_open):
        result = _one(server, south, "handover.recorded", _handover("South", [own, code]))
        assert _refused(result, "handover.recorded: a tube of another checkpoint"), code
    unknown = _handover("South", [own, _code()])
    assert _refused(
        _one(server, south, "handover.recorded", unknown),
        "handover.recorded: unknown tube (its tube.opened never reached the server)",
    )
    # A tube the office opened for South is South's to hand over, with South's own.
    office = _code()
    assert _one(server, admin, "tube.opened", _opened("South", office))["status"] == "stored"
    assert _one(server, south, "handover.recorded", _handover("South", [own, office]))["status"] == "stored"
    # A tube opened and handed over in one batch is known by the handover.
    fresh = _code()
    both = [
        wire_event(south.device, next_seq(south), "tube.opened", _opened("South", fresh)),
        wire_event(south.device, next_seq(south), "handover.recorded", _handover("South", [fresh])),
    ]
    answer = push(server.url, south, both)
    assert [r["status"] for r in answer.json()["results"]] == ["stored", "stored"]


def test_the_dashboard_s_exports_are_recorded_by_the_server_only(
    server: ServerThread, site: dict[str, Station]
) -> None:
    dashboard = {"list": "dashboard", "people": 3, "operator": "li"}
    for station in (site["South"], site["admin"]):
        assert _refused(
            _one(server, station, "audit.revealed", dashboard),
            "audit.revealed: the server records its dashboard's exports itself",
        )
    shown = {"list": "missing", "people": 3, "operator": "li", "round": ROUND}
    assert _one(server, site["South"], "audit.revealed", shown)["status"] == "stored"


def test_a_purge_names_what_it_covered(server: ServerThread, site: dict[str, Station]) -> None:
    south = site["South"]
    mismatched = "data.purged: a round's purge names its round, a campaign's none"
    assert _refused(_one(server, south, "data.purged", {"scope": "round", "people": 2}), mismatched)
    assert _refused(
        _one(server, south, "data.purged", {"scope": "campaign", "round": ROUND, "people": 2}), mismatched
    )
    for body in ({"scope": "round", "round": ROUND, "people": 2}, {"scope": "campaign", "people": 2}):
        assert _one(server, south, "data.purged", body)["status"] == "stored"
