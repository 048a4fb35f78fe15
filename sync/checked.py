"""Events read off the wire with their bodies checked in the same pass: pydantic reads the JSON
straight into each kind's body model (registration/storage/bodies.py). A push or a feed page whose every
body is right, the usual one, costs one pass instead of a read and then a check of each body.
Anything else (a body refused, a kind this version does not know) gives None: the caller reads it
the ordinary way (sync/schema.py) and answers, or sets aside, event by event.
"""

from __future__ import annotations

import functools
import operator
from typing import Any, NamedTuple

from pydantic import TypeAdapter
from pydantic_core import SchemaValidator, ValidationError
from pydantic_core import core_schema as cs

from registration.storage import bodies
from sync.schema import DeviceId, EventId, HlcText, Seq, WireEvent


class Checked(NamedTuple):
    """An event whose body its kind's model accepts (the site's tube pattern is checked apart)."""

    id: str
    device: str
    seq: int
    hlc: str
    kind: str
    body: dict[str, Any]


# An event of a push: read as it came, or with its body checked already.
Pushed = WireEvent | Checked


class Push(NamedTuple):
    protocol: int
    device: str
    events: list[Checked]


class Page(NamedTuple):
    events: list[Checked]
    cursor: str
    more: bool
    remaining: int | None


def push(text: bytes) -> Push | None:
    """The push request ``text`` holds, if it is one (schema.PushRequest) and every body is right."""
    try:
        found = _readers()[0].validate_json(text)
    except ValidationError:
        return None
    return Push(found["protocol"], found["device"], _events(found["events"]))


def page(text: bytes) -> Page | None:
    """The feed page ``text`` holds, if it is one (schema.FeedPage) and every body is right."""
    try:
        found = _readers()[1].validate_json(text)
    except ValidationError:
        return None
    return Page(_events(found["events"]), found["cursor"], found["more"], found.get("remaining"))


def prepare() -> None:
    """Build the readers now, not on the first push or page (they take a tenth of a second)."""
    _readers()


_FIELDS = operator.itemgetter(*Checked._fields)


def _events(found: list[dict[str, Any]]) -> list[Checked]:
    return list(map(Checked._make, map(_FIELDS, found)))


@functools.cache
def _readers() -> tuple[SchemaValidator, SchemaValidator]:
    """(a push request's, a feed page's): the fields of schema.PushRequest and schema.FeedPage, with
    each event's body read by its kind's model."""

    def field(of: Any, *, required: bool = True) -> cs.TypedDictField:
        return cs.typed_dict_field(TypeAdapter(of).core_schema, required=required)

    envelope = {"id": field(EventId), "device": field(DeviceId), "seq": field(Seq), "hlc": field(HlcText)}
    event = cs.tagged_union_schema(
        {
            kind: cs.typed_dict_schema(
                envelope
                | {"kind": cs.typed_dict_field(cs.literal_schema([kind])), "body": cs.typed_dict_field(body)},
                extra_behavior="forbid",
            )
            for kind, body in bodies.schemas().items()
        },
        discriminator="kind",
    )
    events = cs.typed_dict_field(cs.list_schema(event))
    pushed = {"protocol": field(int), "device": field(DeviceId), "events": events}
    fed = {
        "events": events,
        "cursor": field(str),
        "more": field(bool),
        "remaining": field(int | None, required=False),
    }
    return (
        SchemaValidator(cs.typed_dict_schema(pushed, extra_behavior="forbid")),
        SchemaValidator(cs.typed_dict_schema(fed, extra_behavior="forbid")),
    )
