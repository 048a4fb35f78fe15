"""Reading a push or a feed page with every body checked in the same pass (sync/checked.py) takes
exactly what reading it as it came and then checking each body takes, and gives the same events;
anything else it leaves to that ordinary way."""

from __future__ import annotations

import json
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from registration.people import identity
from registration.storage import bodies, clock
from sync import checked
from sync.schema import PROTOCOL_VERSION, FeedPage, PushRequest
from tests.sync.test_bodies_fuzz import JSON

PERSON = "440111196001010002"
TEMPLATES: dict[str, dict[str, Any]] = {
    "registration": {
        "person": PERSON,
        "round": "第1轮",
        "checkpoint": "South",
        "tube": "TB0001",
        "position": 2,
        "colour": "green",
        "source": "camera",
        "operator": "王五",
    },
    "void": {"event": "0190a0a0-0000-7000-8000-000000000001", "reason": "typo"},
    "tube.opened": {"code": "TB0001", "round": "R1", "checkpoint": "South", "pool_size": 10},
    "tube.sealed": {"code": "TB0001", "reason": "early"},
    "handover.recorded": {"checkpoint": "South", "count": 1, "tubes": ["TB0001"]},
    "tube.moved": {"old": "TB0001", "new": "TB0002", "reason": "裂管", "checkpoint": "South"},
    "labels.printed": {
        "kind": "box",
        "pool": None,
        "prefix": "BOX",
        "series": "7KQ2MX",
        "first": 1,
        "count": 24,
    },
    "exemption.set": {"round": "R1", "person": PERSON, "reason": "away", "note": None},
    "person.upserted": {"id_number": PERSON, "name": "路人 甲", "enterprise": "Acme", "on_roster": False},
    "round.opened": {"name": "R1", "pool_size": 10},
    "enterprise.upserted": {"name": "Acme", "reported": 3, "contact": None, "phone": "138 0000"},
}
TEXT = st.text(max_size=70) | st.sampled_from([" R1", "R1 ", "R\x001", "R\u3000", "A" * 65, "", "R\x85"])


@st.composite
def events(draw: st.DrawFn) -> dict[str, Any]:
    """An event of a known kind whose body is its template changed a little, or noise."""
    kind = draw(st.sampled_from(sorted(TEMPLATES)) | st.sampled_from(sorted(bodies.kinds())))
    body = dict(TEMPLATES.get(kind, {}))
    for key, value in draw(
        st.lists(
            st.tuples(
                st.sampled_from([*body, "corrects", "reason", "extra"]), TEXT | JSON | st.just("<drop>")
            ),
            max_size=2,
        )
    ):
        if value == "<drop>":
            body.pop(key, None)
        else:
            body[key] = value
    seq = draw(st.integers(min_value=1, max_value=2**62) | st.just(0) | st.just("5"))
    return {
        "id": clock.uuid7(),
        "device": draw(st.sampled_from(["laptop-1", "laptop 1"])),
        "seq": seq,
        "hlc": clock.Hlc(clock.now_ms(), 0).encode(),
        "kind": kind,
        "body": body,
    }


def _ordinary(events: list[Any]) -> list[tuple[Any, ...]] | None:
    """The events as read as they came and then checked body by body, or None if any is refused."""
    if any(bodies.validate(e.kind, e.body) is not None for e in events):
        return None
    return [(e.id, e.device, e.seq, e.hlc, e.kind, e.body) for e in events]


@settings(max_examples=300, deadline=None)
@given(st.lists(events(), min_size=1, max_size=4))
def test_one_pass_reads_exactly_what_the_ordinary_way_accepts(drawn: list[dict[str, Any]]) -> None:
    text = json.dumps({"protocol": PROTOCOL_VERSION, "device": "laptop-1", "events": drawn}).encode()
    try:
        request = PushRequest.model_validate_json(text)
    except ValueError:
        assert checked.push(text) is None
        return
    want = _ordinary(request.events)
    found = checked.push(text)
    assert (found is None) == (want is None)
    if found is not None:
        assert (found.protocol, found.device) == (request.protocol, request.device)
        assert [tuple(e) for e in found.events] == want

    text = json.dumps({"events": drawn, "cursor": "abc.5", "more": True}).encode()
    page = FeedPage.model_validate_json(text)
    read = checked.page(text)
    assert (read is None) == (_ordinary(page.events) is None)
    if read is not None:
        assert (read.cursor, read.more, read.remaining) == ("abc.5", True, None)
        assert [tuple(e) for e in read.events] == _ordinary(page.events)


def test_one_wrong_body_leaves_the_whole_push_to_the_ordinary_way() -> None:
    right = {
        "id": clock.uuid7(),
        "device": "d",
        "seq": 1,
        "hlc": "1700000000000.00000",
        "kind": "registration",
    }
    wrong = dict(right, id=clock.uuid7(), seq=2)
    bad_digit = PERSON[:17] + str((int(PERSON[17]) + 1) % 10)
    assert identity.id_problem(bad_digit) is not None
    good = [right | {"body": TEMPLATES["registration"]}]
    bad = [*good, wrong | {"body": dict(TEMPLATES["registration"], person=bad_digit)}]
    for events_, read in ((good, True), (bad, False)):
        text = json.dumps({"protocol": PROTOCOL_VERSION, "device": "d", "events": events_}).encode()
        assert (checked.push(text) is not None) is read
