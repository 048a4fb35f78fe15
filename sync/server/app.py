"""The HTTP API (FastAPI): enrolment, handshake, push, the change feed and reconciliation.

``create_app(settings)`` builds a stateless app over one database; several can serve the same
PostgreSQL database behind a load balancer.
"""

# No "from __future__ import annotations" here: FastAPI reads the route annotations at run time,
# including the Device alias local to create_app.
import json
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from typing import Annotated, Any

from fastapi import Depends, FastAPI, Header, Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from pydantic import ValidationError
from sqlalchemy import Engine, select
from starlette.middleware.gzip import GZipMiddleware

from registration.errors import Reason, Refused, message
from registration.setup.campaign import CampaignError
from registration.storage import clock
from sync import checked
from sync.schema import (
    FEED_PAGE,
    PROTOCOL_VERSION,
    PUSH_BATCH,
    REFUSAL_KEYS,
    CodeAddresses,
    CodeId,
    EnrollRequest,
    EnrollResponse,
    FeedPage,
    HandshakeRequest,
    HandshakeResponse,
    Problem,
    PushRequest,
    PushResponse,
    keyed,
    push_response_json,
)
from sync.sealing import BundleKey
from sync.server import (
    admin_api,
    bundle_key,
    dashboard,
    db,
    devices,
    edge,
    eventlog,
    folds,
    moves,
    observability,
    quota,
    records,
    reminders,
    users,
)
from sync.server.eventlog import Author
from sync.server.projector import Projector


@dataclass
class Settings:
    database_url: str
    max_body_bytes: int = 16 * edge.MiB
    max_batch: int = PUSH_BATCH
    max_page: int = FEED_PAGE
    # The interactive API docs (/docs, /redoc, /openapi.json) are served only when asked for.
    api_docs: bool = False
    # Each push answer closes its connection, so that a station's next batch goes to whichever
    # process sharing the socket accepts it first, not to the one its connection first reached:
    # a burst of stations on keep-alive connections otherwise lands on one process of several.
    close_after_push: bool = False
    # A body with no byte for body_idle_s, or not whole after body_deadline_s, is cut (408).
    body_idle_s: float = 15.0
    body_deadline_s: float = 120.0
    # /metrics answers loopback, and elsewhere only a scraper that sends this token.
    metrics_token: str | None = None
    # A refused sign-in (too many attempts, too many at once) is answered after this delay.
    refusal_delay_s: float = 1.0
    # What the server stores from one checkpoint station a day (UTC): events, and their bodies' bytes.
    quota_events_per_day: int = quota.DEFAULT.events
    quota_bytes_per_day: int = quota.DEFAULT.bytes
    # Reminders to liaisons: the wait between a person's quick tries (then doubled), and how often
    # the courier looks for due reminders and retries (its backoff follows now_ms).
    remind_quick_delay_s: float = reminders.Pace.quick_delay_s
    remind_tick_s: float = reminders.Pace.tick_s
    now_ms: Callable[[], int] = field(default=clock.now_ms)


class BadRequest(Refused):
    pass


_PROBLEMS = [
    (devices.Unauthorised, 401),
    (devices.Forbidden, 403),
    (PermissionError, 403),
    (devices.Clash, 409),
    (moves.SiteMoved, 410),
    (edge.PayloadTooLarge, 413),
    (BadRequest, 400),
    (CampaignError, 400),
    (users.AccountError, 400),
    (LookupError, 404),
]
_ERRORS: dict[int | str, dict[str, Any]] = {
    code: {"model": Problem} for code in (400, 401, 403, 404, 409, 410, 413)
}


def create_app(settings: Settings) -> FastAPI:
    engine = db.open_engine(settings.database_url)
    records.build(engine)
    epoch = _epoch(engine)
    folded = folds.Folds(engine)
    projector = Projector(engine)
    pace = reminders.Pace(quick_delay_s=settings.remind_quick_delay_s, tick_s=settings.remind_tick_s)
    courier = reminders.Courier(engine, folded, settings.now_ms, pace)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        projector.start()
        courier.start()
        yield
        courier.stop()
        projector.stop()
        app.state.stop_dashboard()
        folded.close()
        engine.dispose()

    docs = {} if settings.api_docs else {"docs_url": None, "redoc_url": None, "openapi_url": None}
    app = FastAPI(
        title="testpoint sync",
        version=str(PROTOCOL_VERSION),
        lifespan=lifespan,
        responses=_ERRORS,
        **docs,  # type: ignore[arg-type]
    )
    app.state.engine = engine
    app.add_middleware(GZipMiddleware, minimum_size=2048, compresslevel=1)
    app.add_middleware(
        edge.Bodies,
        engine=engine,
        now_ms=settings.now_ms,
        refusal_delay_s=settings.refusal_delay_s,
        large=settings.max_body_bytes,
        idle_s=settings.body_idle_s,
        deadline_s=settings.body_deadline_s,
    )
    metrics = observability.mount(app, engine, settings.now_ms)  # sees every answer but the guard's
    app.add_middleware(edge.Guard, metrics_token=settings.metrics_token)
    for exc_type, status in _PROBLEMS:
        app.add_exception_handler(exc_type, _problem(status))
    app.add_exception_handler(RequestValidationError, _invalid)
    bearer = HTTPBearer(auto_error=False, description="the device credential received at enrolment")

    def device(
        request: Request, creds: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)]
    ) -> Author:
        checked = request.scope.get("state", {}).get("author")  # by the edge, before the body was read
        if checked is not None:
            return checked  # type: ignore[no-any-return]
        header = None if creds is None else f"{creds.scheme} {creds.credentials}"
        return devices.authenticate(engine, header, settings.now_ms())

    Device = Annotated[Author, Depends(device)]

    @app.get("/v1/health")
    def health() -> dict[str, Any]:
        return {"status": "ok", "protocol": PROTOCOL_VERSION}

    @app.get("/v1/bundle-key", response_model=BundleKey)
    def bundle_public_key() -> BundleKey:
        """The public key stations seal bundles to (``sync export --encrypt-to-server``)."""
        return BundleKey(public=bundle_key.public_hex(engine))

    @app.post("/v1/enroll", response_model=EnrollResponse)
    def enroll(request: EnrollRequest) -> EnrollResponse:
        _check_protocol(request.protocol)
        return devices.enrol(
            engine,
            devices.secret_of(request.code),
            request.device,
            request.site,
            settings.now_ms(),
            request.public_key,
        )

    @app.get("/v1/enroll/{code_id}/address", response_model=CodeAddresses)
    def code_address(code_id: CodeId) -> CodeAddresses:
        """For a laptop holding a typed code: the address the code was made with and its tag, which
        only the code can check (sync/typed_code.py). Open: nothing here helps anyone without it."""
        with db.reading(engine) as conn:
            return CodeAddresses(addresses=devices.typed_addresses(conn, code_id))

    @app.post("/v1/handshake", response_model=HandshakeResponse)
    def handshake(request: HandshakeRequest, author: Device) -> HandshakeResponse:
        _check_protocol(request.protocol)
        _check_self(author, request.device)
        moves.check_not_moved(engine, author.site)
        if request.public_key is not None:
            devices.register_key(engine, author.device, request.public_key)
        with db.reading(engine) as conn:
            high = eventlog.high_seq(conn, author.site, author.device)
        return HandshakeResponse(
            protocol=PROTOCOL_VERSION,
            device=author.device,
            site=author.site,
            checkpoint=author.checkpoint,
            role="admin" if author.role == "admin" else "station",
            high_seq=high,
            server_time_ms=settings.now_ms(),
        )

    after_push = {"Connection": "close"} if settings.close_after_push else None
    limits = quota.Limits(settings.quota_events_per_day, settings.quota_bytes_per_day)

    @app.post("/v1/push", responses={200: {"model": PushResponse}}, openapi_extra=_PUSH_BODY)
    def push(
        body: Annotated[bytes, Depends(_raw_body)],
        author: Device,
        refusal_keys: Annotated[str | None, Header(alias=REFUSAL_KEYS)] = None,
    ) -> Response:
        # Parsed here from the JSON text, each body by its kind's model in the same pass, several
        # times faster than FastAPI's parse-then-validate of a body parameter: push is the hot path.
        request: PushRequest | checked.Push | None = checked.push(body)
        if request is None:  # some body is wrong: read as it came, for each event to be answered
            try:
                request = PushRequest.model_validate_json(body)
            except ValidationError as exc:
                raise RequestValidationError(exc.errors(include_url=False, include_context=False)) from exc
        _check_protocol(request.protocol)
        _check_self(author, request.device)
        moves.check_not_moved(engine, author.site)
        if len(request.events) > settings.max_batch:
            raise edge.PayloadTooLarge(
                "request.batch_too_big", most=settings.max_batch, count=len(request.events)
            )
        results, high = eventlog.store_batch(
            engine,
            author,
            request.events,
            settings.now_ms(),
            limits,
            bodies_checked=isinstance(request, checked.Push),
        )
        if any(answer.status == "stored" for answer in results):
            projector.stored()
        metrics.count_push(author.site, results)
        answer = push_response_json(results, high, keys=refusal_keys is not None)
        return Response(answer, media_type="application/json", headers=after_push)

    @app.get("/v1/feed", responses={200: {"model": FeedPage}})
    def feed(
        author: Device,
        cursor: Annotated[str, Query(max_length=100)] = "",
        limit: Annotated[int, Query(ge=1)] = 2000,
        own: bool = False,
        count: bool = False,
    ) -> Response:
        after = _position(cursor, epoch)
        with db.reading(engine) as conn:
            head = int(
                conn.execute(select(db.sites.c.head).where(db.sites.c.site == author.site)).scalar_one()
            )
            # A cursor beyond the head comes from a history this database no longer holds
            # (restored from a backup): read again from the start; applying twice is harmless.
            after = 0 if after > head else after
            page = eventlog.feed(
                conn, author.site, author.device, after, min(limit, settings.max_page), own=own
            )
            left = eventlog.remaining(conn, author.site, author.device, after, own=own) if count else None
        text = (
            f'{{"events":[{",".join(page.json_events)}],"cursor":"{epoch}.{page.last_pos}",'
            f'"more":{json.dumps(page.more)},"remaining":{json.dumps(left)}}}'
        )
        return Response(text, media_type="application/json")

    @app.get("/v1/rounds/{round_name}/reconciliation")
    def reconciliation(round_name: str, author: Device) -> dict[str, Any]:
        return folded.reconcile(author.site, round_name)

    app.include_router(admin_api.router(engine, settings.now_ms, limits, folded, pace))
    app.state.stop_dashboard = dashboard.mount(
        app, engine, settings.now_ms, folded, settings.refusal_delay_s, pace
    )
    return app


async def _raw_body(request: Request) -> bytes:
    return await request.body()


def _push_body() -> dict[str, Any]:
    """The push body's schema for the OpenAPI document (the endpoint parses the body itself)."""
    schema = PushRequest.model_json_schema(ref_template="#/components/schemas/{model}")
    schema.pop("$defs", None)  # WireEvent is in the document's components already (FeedPage)
    return {"requestBody": {"required": True, "content": {"application/json": {"schema": schema}}}}


_PUSH_BODY = _push_body()


def _problem(status: int) -> Callable[[Request, Exception], Response]:
    def handle(_request: Request, exc: Exception) -> Response:
        headers = {"WWW-Authenticate": "Bearer"} if status == 401 else None
        words = message(exc)
        return JSONResponse({"detail": str(words)} | keyed(words), status_code=status, headers=headers)

    return handle


def _invalid(_request: Request, exc: Exception) -> Response:
    """422 saying where and what is wrong, never echoing the request (it may hold an ID number)."""
    assert isinstance(exc, RequestValidationError)
    problems = [
        {"loc": list(e.get("loc", ())), "msg": str(e.get("msg", "")), "type": str(e.get("type", ""))}
        for e in exc.errors()[:20]
    ]
    first = problems[0] if problems else {"loc": [], "msg": "invalid request"}
    where = ".".join(str(part) for part in first["loc"])
    detail = Reason("request.malformed", where=where, problem=first["msg"])
    return JSONResponse({"detail": str(detail), "errors": problems} | keyed(detail), status_code=422)


def _check_protocol(version: int) -> None:
    if version != PROTOCOL_VERSION:
        raise BadRequest("request.protocol", version=version, ours=PROTOCOL_VERSION)


def _check_self(author: Author, claimed: str) -> None:
    if claimed != author.device:
        raise PermissionError(Reason("request.other_device", device=author.device, claimed=claimed))


def _position(cursor: str, epoch: str) -> int:
    if not cursor:
        return 0
    head, _, pos = cursor.rpartition(".")
    # At most 18 digits: any feed position fits a signed 64-bit column.
    if not (pos.isascii() and pos.isdigit()) or len(pos) > 18 or not head:
        raise BadRequest("request.cursor")
    return int(pos) if head == epoch else 0


def _epoch(engine: Engine) -> str:
    """This database's identity, part of every cursor: a cursor from another database starts over."""
    s = db.settings.c
    with db.writing(engine) as conn:
        found = conn.execute(select(s.value).where(s.key == "epoch")).scalar()
        if found is None:
            found = clock.uuid7()[-12:]
            conn.execute(db.settings.insert().values(key="epoch", value=found))
    return str(found)
