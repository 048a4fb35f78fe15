"""The sync wire contract: request and response models, enrolment codes and bundle headers.

What the station's client and the server share (with sync/checked.py, which reads the same
models faster); ``PROTOCOL_VERSION`` changes with any change a peer of the previous version could
not read.
"""

from __future__ import annotations

import base64
import binascii
import json
import re
from collections.abc import Sequence
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from registration.errors import Reason, Refused

PROTOCOL_VERSION = 1
PUSH_BATCH = 2000
"""Events per push request: the most a server takes by default, and what a client sends. Each
request costs the server a transaction and its fsync, whatever its size."""
FEED_PAGE = 10_000
"""Events per feed page: the most a server gives by default, and what a client asks for. The
laptop applies each page in one transaction; at half this, a new laptop's first pull of 100,000
events took a tenth longer, rewriting the same index pages of its registrations at every commit."""
MAX_CLOCK_AHEAD_MS = 5 * 60 * 1000
BUNDLE_FORMAT: Literal["testpoint-sync-bundle"] = "testpoint-sync-bundle"
REFUSAL_KEYS = "X-Refusal-Keys"
"""The request header a station sends to have each refused event of a push answered with its
reason's ``key`` and ``params`` too; a station of the release before, whose ``EventResult`` has no
room for them, sends none and reads the answers it always did. Every 4xx answer carries them."""

# Strict patterns keep every identifier safe to place in JSON or SQL text without escaping.
EventId = Annotated[
    str, StringConstraints(pattern=r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")
]
DeviceId = Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9][A-Za-z0-9._:-]{0,63}$")]
CodeId = Annotated[str, StringConstraints(pattern=r"^[0-9a-f]{8}$")]
"""An enrolment code's public id (sync/typed_code.py)."""
HlcText = Annotated[str, StringConstraints(pattern=r"^[0-9]{13}\.[0-9]{5,9}$")]
Kind = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_.]{0,63}$")]
Seq = Annotated[int, Field(ge=1, le=2**62)]
PublicKey = Annotated[str, StringConstraints(pattern=r"^[0-9a-f]{64}$")]
Name = Annotated[str, StringConstraints(min_length=1, max_length=64)]
Role = Literal["station", "admin"]
Status = Literal["stored", "duplicate", "conflict", "rejected"]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


class WireEvent(_Model):
    id: EventId
    device: DeviceId
    seq: Seq
    hlc: HlcText
    kind: Kind
    body: dict[str, Any]


class HandshakeRequest(_Model):
    protocol: int
    device: DeviceId
    public_key: PublicKey | None = Field(
        None, description="the device's bundle-signing key, for a device enrolled before it had one"
    )


class HandshakeResponse(_Model):
    protocol: int
    device: str
    site: str
    checkpoint: str
    role: Role
    high_seq: int = Field(description="highest sequence number the server holds for this device (0: none)")
    server_time_ms: int


class PushRequest(_Model):
    protocol: int
    device: DeviceId
    events: list[WireEvent]


class EventResult(_Model):
    id: str
    status: Status
    reason: str | None = Field(None, description="why the event was not stored, in English")
    key: str | None = Field(
        None, description=f"the reason's key in the refusal catalogue, when the push asked ({REFUSAL_KEYS})"
    )
    params: dict[str, Any] | None = Field(
        None, description="the values the reason names (a value that is itself a reason: {key, params})"
    )


class PushResponse(_Model):
    results: list[EventResult]
    high_seq: int


class FeedPage(_Model):
    events: list[WireEvent]
    cursor: str = Field(description="opaque: pass it back to read on from here")
    more: bool
    remaining: int | None = Field(None, description="events left after the cursor given, when counted")


class EnrollRequest(_Model):
    protocol: int
    code: Annotated[str, StringConstraints(min_length=1, max_length=256)]
    device: DeviceId | None = Field(None, description="an initialised station's own device id, kept")
    site: Name | None = Field(None, description="the site an initialised station already belongs to")
    public_key: PublicKey | None = Field(None, description="Ed25519 key (hex) the device signs bundles with")


class CodeAddress(_Model):
    address: str = Field(description="the server address the code was made with (pin and flags included)")
    tag: str = Field(description="HMAC of the address under the code's stretched key (sync/typed_code.py)")


class CodeAddresses(_Model):
    """What a laptop holding a typed code learns from the address typed, each answer to be proven."""

    addresses: list[CodeAddress]


class EnrollResponse(_Model):
    device: str
    credential: str
    site: str
    checkpoint: str = Field(description="empty for an administrator device: it belongs to the site")
    role: Role
    tube_pattern: str
    server_time_ms: int


class BundleHeader(_Model):
    format: Literal["testpoint-sync-bundle"]
    protocol: int
    site: Name
    device: DeviceId
    checkpoint: Name | None
    exported_at: Annotated[str, StringConstraints(max_length=64)]
    events: Annotated[int, Field(ge=0, le=2**62)]
    public_key: PublicKey | None = Field(None, description="the key the bundle is signed with")


class BundleSignature(_Model):
    """The last line of a bundle: Ed25519 over the SHA-256 of every line before it."""

    signature: Annotated[str, StringConstraints(pattern=r"^[0-9a-f]{128}$")]


class Problem(_Model):
    """A 4xx answer: why, in English; and, for a refusal of the catalogue (registration/refusals.py),
    its key and values, from which a station words it in its own language."""

    detail: str
    key: str | None = None
    params: dict[str, Any] | None = Field(
        None, description="the values the reason names (a value that is itself a reason: {key, params})"
    )


def keyed(words: str) -> dict[str, Any]:
    """The ``key`` and ``params`` an answer carries beside ``words`` where they are a ``Reason``."""
    return words.wire() if isinstance(words, Reason) else {}


def push_response_json(
    results: Sequence[tuple[str, Status, str | None]], high_seq: int, *, keys: bool = False
) -> str:
    """A ``PushResponse`` as text, written directly: it answers every event of every batch; with
    ``keys`` (the push sent ``REFUSAL_KEYS``) a reason's key and values go with it."""
    answers = ",".join(
        f'{{"id":"{event_id}","status":"{status}"}}'
        if reason is None
        else f'{{"id":"{event_id}","status":"{status}",'
        f"{json.dumps({'reason': str(reason)} | (keyed(reason) if keys else {}), ensure_ascii=False)[1:-1]}}}"
        for event_id, status, reason in results
    )
    return f'{{"results":[{answers}],"high_seq":{high_seq}}}'


def event_json(event_id: str, device: str, seq: int, hlc: str, kind: str, body: str) -> str:
    """The wire form of a stored event, from its columns and its canonical JSON body.

    Identifiers are placed unescaped: both ends only store ones that match the patterns above.
    """
    return (
        f'{{"id":"{event_id}","device":"{device}","seq":{seq},"hlc":"{hlc}","kind":"{kind}","body":{body}}}'
    )


# The secret: 12 characters of Crockford's base 32 since codes became typeable, 16 of RFC 4648's
# before (such a code, made by the previous release, still enrols).
_CODE = re.compile(r"^TPE1\.([0-9A-Z]{12,64})\.([A-Za-z0-9_-]+)$")


class BadEnrolmentCode(Refused, ValueError):
    pass


def make_enrolment_code(server_url: str, secret: str) -> str:
    """One line for a QR code or a code file: the one-time secret and where the server is (its
    certificate's pin and flags included); sync/typed_code.py has the form a person types."""
    url = base64.urlsafe_b64encode(server_url.encode()).decode().rstrip("=")
    return f"TPE1.{secret}.{url}"


def parse_enrolment_code(code: str) -> tuple[str, str]:
    """(server URL, secret) of an enrolment code."""
    found = _CODE.match(code.strip())
    if found is None:
        raise BadEnrolmentCode("enrol.not_a_code")
    padded = found.group(2) + "=" * (-len(found.group(2)) % 4)
    try:
        url = base64.urlsafe_b64decode(padded).decode()
    except (binascii.Error, UnicodeDecodeError) as exc:
        raise BadEnrolmentCode("enrol.damaged_address") from exc
    if not url.startswith(("http://", "https://")):
        raise BadEnrolmentCode("enrol.not_http")

    return url, found.group(1)
