"""Event bodies: one model per event kind, and who may emit which kind.

The server checks every pushed event with ``validate`` and ``may_emit``; a station checks
pulled events with ``validate`` and its own commands with ``may_emit``, so both ends refuse
the same things for the same reasons. The models are built on first use: importing this module
for ``may_emit`` alone costs nothing.
"""

from __future__ import annotations

import functools
import re
from typing import TYPE_CHECKING, Any

from registration.errors import Reason

if TYPE_CHECKING:
    from pydantic import ValidationError
    from pydantic_core import CoreSchema

    from registration.sampling.payloads import TubePattern

# Reference data: only the campaign office's administrator devices make these. Each names the
# refusal a checkpoint station is told when it tries.
ADMIN_ONLY_KINDS: dict[str, str] = {
    "round.opened": "station.rounds_opened",
    "round.closed": "station.rounds_closed",
    "exemption.set": "station.exemptions_set",
    "exemption.cleared": "station.exemptions_cleared",
    "tube.result": "station.lab_results",
    "lab.received": "station.lab_receipts",
    "key.published": "station.person_code_keys",
    "enterprise.upserted": "station.enterprises",
    "checkpoint.added": "station.checkpoints",
    "exemption.decided": "station.exemption_decisions",
}
# What a checkpoint station makes itself; a station acts only on its own tubes and its own
# registrations, which the server checks against what it holds (sync/server/rights.py).
STATION_KINDS = frozenset(
    {
        "registration",
        "void",
        "tube.opened",
        "tube.sealed",
        "operator.added",
        "handover.recorded",
        "box.opened",
        "box.filled",
        "box.sealed",
        "tube.moved",
        "labels.printed",
        "person.upserted",
        "audit.revealed",
        "data.purged",
    }
)
ROLES = ("station", "admin")

MAX_TEXT = 1000
# A scanned code of payloads.MAX_LENGTH characters, each control character in it kept escaped as
# four (registrations.register).
MAX_CODE = 4 * 2048
MAX_HANDOVER = 10_000
_EVENT_ID = r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$"
# A name as campaign.check_name leaves it, once it holds no control character: 1 to 64
# characters, no outer space.
_NAME = re.compile(r"\S(?:.{0,62}\S)?")
# What any tube code is: 1 to 64 characters, no space or control character.
TUBE_SHAPE = r"^[^\x00-\x20\x7f-\x9f]{1,64}$"


def station_refusal(kind: str) -> Reason:
    """What a checkpoint station answers for a kind only the campaign office makes."""
    return Reason(ADMIN_ONLY_KINDS[kind])


def may_emit(role: str, kind: str, body: dict[str, Any], *, checkpoint: str | None = None) -> Reason | None:
    """Why a device of ``role`` (enrolled at ``checkpoint``) may not emit ``kind`` with ``body``, or None.

    Ownership of the record an event acts on (whose tube, whose registration, a person on a
    roster) needs what the server holds; it is checked there.
    """
    if role == "admin":
        return None
    if role != "station":
        return Reason("body.unknown_role", role=role)
    if kind == "checkpoint.added" and checkpoint is not None and body.get("name") == checkpoint:
        return None  # a station set up with init names its own checkpoint: nothing new
    if kind in ADMIN_ONLY_KINDS:
        return station_refusal(kind)
    if kind == "person.upserted" and body.get("on_roster") is not False:
        return Reason("station.rosters")
    return None


def validate(kind: str, body: object, tube_pattern: TubePattern | None = None) -> Reason | None:
    """Why ``body`` is not a valid body of an event of ``kind``, or None.

    ``tube_pattern`` (the site's) also checks every tube code the body names. The reason names
    the field and the rule, never the value (it may be an ID number).
    """
    adapter = _adapters().get(kind)
    if adapter is None:
        return Reason("body.unknown_kind", kind=kind)
    try:
        adapter.validate_python(body)
    except _validation_error() as exc:
        error = exc.errors(include_url=False, include_input=False, include_context=False)[0]
        where = ".".join(str(part) for part in error["loc"]) or "body"
        # The rule's words are pydantic's, in English: this answers a faulty device, not a person.
        return Reason("body.invalid", kind=kind, where=where, problem=error["msg"])
    return None if tube_pattern is None else tube_refusal(kind, body, tube_pattern)  # type: ignore[arg-type]


def tube_refusal(kind: str, body: dict[str, Any], tube_pattern: TubePattern) -> Reason | None:
    """Why a body its kind's model accepts names a tube code the site's pattern refuses, or None."""
    for code in _tube_codes(kind, body):
        if not _is_tube(tube_pattern, code):
            return Reason("body.tube_pattern", kind=kind)
    return None


@functools.cache
def _validation_error() -> type[ValidationError]:
    # Imported once: ``from pydantic import`` inside validate went through pydantic's lazy
    # module attributes on every pushed event.
    from pydantic import ValidationError

    return ValidationError


@functools.lru_cache(maxsize=8192)
def _is_tube(pattern: TubePattern, code: str) -> bool:
    # Remembered: a tube's code comes back with each of the people in it, and RE2 from Python
    # costs far more per call than the rest of a body's check.
    return pattern.fullmatch(code) is not None


def _tube_codes(kind: str, body: dict[str, Any]) -> list[str]:
    if kind in ("tube.opened", "tube.sealed"):
        return [body["code"]]
    if kind == "tube.result":
        return [body["tube"]]
    if kind == "registration" and body.get("tube") is not None:
        return [body["tube"]]
    if kind in ("handover.recorded", "box.filled"):
        return list(body["tubes"])
    if kind == "tube.moved":
        return [body["old"], body["new"]]
    if kind == "labels.printed" and body["kind"] == "tube":
        from registration.sampling import labels  # only for this rare kind: bodies stays light

        return [labels.code_of(body, 0), labels.code_of(body, body["count"] - 1)]
    return []


@functools.cache
def _adapters() -> dict[str, Any]:
    """kind -> TypeAdapter of its body model (pydantic loads only here, on first use)."""
    from typing import Annotated, Literal, NotRequired

    from pydantic import AfterValidator, ConfigDict, Field, TypeAdapter, with_config
    from typing_extensions import TypedDict  # before Python 3.12 pydantic needs this one, not typing's

    from registration.people import freetext, identity, personcodes
    from registration.privacy.audit import LISTS
    from registration.sampling import labels
    from registration.sampling.payloads import BOX_PATTERN
    from registration.sampling.registrations import COLOURS, SOURCES
    from registration.setup.campaign import MAX_POOL_SIZE
    from registration.setup.exemption_requests import ASKED
    from registration.setup.exemptions import REASONS

    def _id_number(value: str) -> str:
        problem = identity.id_problem(value)
        if problem is not None:
            raise ValueError(problem)
        return value

    def _text_problem(value: str, name: bool) -> str | None:
        # Every text a person typed or a scanner sent: one rule, one reason, on every field.
        if freetext.has_control(value):
            return freetext.REFUSAL
        if name and not _NAME.fullmatch(value):
            return "a name is 1 to 64 characters with no space at either end"
        return None

    # Remembered for short texts: every event of a station's batch names the same round,
    # checkpoint and operator.
    short_problem = functools.lru_cache(maxsize=4096)(_text_problem)

    def _plain(value: str) -> str:
        problem = short_problem(value, False) if len(value) <= 64 else _text_problem(value, False)
        if problem is not None:
            raise ValueError(problem)
        return value

    def _name(value: str) -> str:
        problem = short_problem(value, True) if len(value) <= 64 else _text_problem(value, True)
        if problem is not None:
            raise ValueError(problem)
        return value

    Name = Annotated[str, AfterValidator(_name)]
    Text = Annotated[str, Field(max_length=MAX_TEXT), AfterValidator(_plain)]
    Why = Annotated[str, Field(min_length=1, max_length=MAX_TEXT, pattern=r"\S"), AfterValidator(_plain)]
    IdNumber = Annotated[str, Field(min_length=18, max_length=18), AfterValidator(_id_number)]
    Tube = Annotated[str, Field(pattern=TUBE_SHAPE)]
    PoolSize = Annotated[int, Field(ge=1, le=MAX_POOL_SIZE)]
    Phone = Annotated[str, Field(min_length=1, max_length=64), AfterValidator(_plain)]
    Code = Annotated[str, Field(max_length=MAX_CODE), AfterValidator(_plain)]
    Box = Annotated[str, Field(pattern=f"^{BOX_PATTERN}$")]
    Tubes = Annotated[list[Tube], Field(max_length=MAX_HANDOVER)]

    # Typed dicts, not models: a body is checked, never kept, and building a model instance
    # per pushed event cost the server more than the checks themselves.
    class Body(TypedDict):
        pass

    class Registration(Body):
        person: IdNumber
        raw_code: NotRequired[Code | None]
        # The name an ID card gave, for a person no roster knew where they were registered.
        card_name: NotRequired[Name | None]
        round: Name
        checkpoint: Name
        operator: NotRequired[Text | None]
        tube: NotRequired[Tube | None]
        position: NotRequired[PoolSize | None]
        colour: Literal[COLOURS]  # type: ignore[valid-type]
        source: Literal[SOURCES]  # type: ignore[valid-type]
        corrects: NotRequired[Annotated[str, Field(pattern=_EVENT_ID)] | None]
        reason: NotRequired[Why | None]

    class Void(Body):
        event: Annotated[str, Field(pattern=_EVENT_ID)]
        reason: Why

    class TubeOpened(Body):
        code: Tube
        round: Name
        checkpoint: Name
        pool_size: PoolSize

    class TubeSealed(Body):
        code: Tube
        reason: Literal["full", "early"]

    class HandoverRecorded(Body):
        checkpoint: Name
        count: Annotated[int, Field(ge=0, le=MAX_HANDOVER)]
        tubes: Tubes
        box: NotRequired[Box]

    class BoxOpened(Body):
        box: Box
        checkpoint: Name

    class BoxFilled(Body):
        box: Box
        tubes: Annotated[list[Tube], Field(min_length=1, max_length=MAX_HANDOVER)]

    class BoxSealed(Body):
        box: Box
        count: Annotated[int, Field(ge=1, le=MAX_HANDOVER)]

    class LabReceived(Body):
        # The lab's file by its SHA-256, and the codes it named that are shaped like a tube's: a
        # code no tube of the site has is what the receipt reports, so the site's pattern is not
        # asked of them.
        digest: Annotated[str, Field(pattern=r"^[0-9a-f]{64}$")]
        tubes: Tubes

    class TubeMoved(Body):
        old: Tube
        new: Tube
        reason: Why
        checkpoint: Name

    class LabelsPrinted(Body):
        kind: Literal[labels.KINDS]  # type: ignore[valid-type]
        pool: NotRequired[PoolSize | None]
        prefix: Annotated[str, Field(pattern=labels.PREFIX)]
        series: Annotated[str, Field(pattern=labels.SERIES)]
        first: Annotated[int, Field(ge=1, le=labels.LAST_SEQ)]
        count: Annotated[int, Field(ge=1, le=labels.MAX_COUNT)]

    class ExemptionSet(Body):
        round: Name
        person: IdNumber
        reason: Literal[tuple(REASONS)]  # type: ignore[valid-type]
        note: NotRequired[Text | None]

    class ExemptionCleared(Body):
        round: Name
        person: IdNumber

    class ExemptionRequested(Body):
        # A liaison's reason for one of their enterprise's missing people (exemption_requests.py);
        # whether it says enough for its reason is checked where it is made (a purge empties it).
        round: Name
        person: IdNumber
        reason: Literal[tuple(ASKED)]  # type: ignore[valid-type]
        place: NotRequired[Text | None]
        tested_at: NotRequired[Text | None]
        note: NotRequired[Text | None]
        by: Name

    class ExemptionDecided(Body):
        request: Annotated[str, Field(pattern=_EVENT_ID)]
        accepted: bool
        note: NotRequired[Text | None]
        by: Text

    class TubeResult(Body):
        tube: Tube
        result: Literal["positive", "negative"]

    class Named(Body):
        name: Name

    class RoundOpened(Body):
        name: Name
        pool_size: PoolSize

    class EnterpriseUpserted(Body):
        name: Name
        reported: NotRequired[Annotated[int, Field(ge=0, le=10_000_000)] | None]
        contact: NotRequired[Text | None]
        phone: NotRequired[Phone | None]

    class PersonUpserted(Body):
        id_number: IdNumber
        name: Name
        enterprise: Name
        department: NotRequired[Text | None]
        phone: NotRequired[Phone | None]
        on_roster: NotRequired[bool]
        person_key: NotRequired[Annotated[str, Field(pattern=personcodes.PERSON_KEY)] | None]

    class Revealed(Body):
        # Counts and names of lists only: the record of an unmasking never holds the people.
        list: Literal[LISTS]  # type: ignore[valid-type]
        people: Annotated[int, Field(ge=0, le=10_000_000)]
        operator: NotRequired[Text | None]
        round: NotRequired[Name | None]
        enterprise: NotRequired[Name | None]

    class Purged(Body):
        scope: Literal["round", "campaign"]
        round: NotRequired[Name | None]
        older_than_days: NotRequired[Annotated[int, Field(ge=0, le=100_000)] | None]
        people: Annotated[int, Field(ge=0, le=10_000_000)]
        operator: NotRequired[Text | None]

    class KeyPublished(Body):
        kid: Annotated[str, Field(pattern=r"^[0-9A-F]{8}$")]
        public: Annotated[str, Field(pattern=r"^[0-9a-f]{64}$")]

    def _correction_has_reason(body: dict[str, Any]) -> dict[str, Any]:
        if body.get("corrects") is not None and body.get("reason") is None:
            raise ValueError("a correction needs a reason")
        return body

    def _count_is_tubes(body: dict[str, Any]) -> dict[str, Any]:
        if body["count"] != len(body["tubes"]):
            raise ValueError("the count differs from the tubes listed")
        return body

    def _moved_elsewhere(body: dict[str, Any]) -> dict[str, Any]:
        if body["old"] == body["new"]:
            raise ValueError("a tube is moved to another barcode, not to itself")
        return body

    def _range_fits(body: dict[str, Any]) -> dict[str, Any]:
        if body["first"] + body["count"] - 1 > labels.LAST_SEQ:
            raise ValueError("the range runs past the series' last number")
        if (body.get("pool") is None) != (body["kind"] == "box"):
            raise ValueError("tube labels name their pool, box labels none")
        return body

    def _kid_matches(body: dict[str, Any]) -> dict[str, Any]:
        if personcodes.key_id(bytes.fromhex(body["public"])) != body["kid"]:
            raise ValueError("the key id does not match the public key")
        return body

    checks = {
        Registration: _correction_has_reason,
        HandoverRecorded: _count_is_tubes,
        KeyPublished: _kid_matches,
        TubeMoved: _moved_elsewhere,
        LabelsPrinted: _range_fits,
    }
    models: dict[str, type[Body]] = {
        "registration": Registration,
        "void": Void,
        "tube.opened": TubeOpened,
        "tube.sealed": TubeSealed,
        "handover.recorded": HandoverRecorded,
        "box.opened": BoxOpened,
        "box.filled": BoxFilled,
        "box.sealed": BoxSealed,
        "lab.received": LabReceived,
        "tube.moved": TubeMoved,
        "labels.printed": LabelsPrinted,
        "exemption.set": ExemptionSet,
        "exemption.cleared": ExemptionCleared,
        "exemption.requested": ExemptionRequested,
        "exemption.decided": ExemptionDecided,
        "tube.result": TubeResult,
        "checkpoint.added": Named,
        "operator.added": Named,
        "round.opened": RoundOpened,
        "round.closed": Named,
        "enterprise.upserted": EnterpriseUpserted,
        "person.upserted": PersonUpserted,
        "key.published": KeyPublished,
        "audit.revealed": Revealed,
        "data.purged": Purged,
    }
    adapters = {}
    for kind, model in models.items():
        typed: Any = with_config(ConfigDict(extra="forbid", strict=True))(model)
        if model in checks:
            typed = Annotated[typed, AfterValidator(checks[model])]
        adapters[kind] = TypeAdapter(typed)
    return adapters


def kinds() -> frozenset[str]:
    """Every event kind a body model exists for."""
    return frozenset(_adapters())


def schemas() -> dict[str, CoreSchema]:
    """kind -> its body model's pydantic core schema, to read bodies straight from JSON with."""
    return {kind: adapter.core_schema for kind, adapter in _adapters().items()}
