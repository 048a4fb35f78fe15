"""Operating the server: readiness, Prometheus metrics, and one JSON log line per request.

Log lines carry the request id (``X-Request-ID``, taken from the caller or made here, and sent
back) and the route's template, never a body, a query string or a path's values: those may hold
an ID number. Whatever a line does hold (an error's text, SQL parameters, a traceback) has its ID
numbers and phones masked, as the laptop's ``errors.log`` has.

Figures that several API processes must agree on come from the database at scrape time;
per-process counters and latencies are summed across processes by prometheus_client's
multiprocess mode when ``PROMETHEUS_MULTIPROC_DIR`` is set (``server --workers N`` sets it).
"""

from __future__ import annotations

import contextvars
import json
import logging
import os
import re
import time
import uuid
from collections import Counter as Tally
from collections.abc import Callable, Iterable, Iterator
from typing import Any

from fastapi import APIRouter, FastAPI
from fastapi.responses import JSONResponse, Response
from prometheus_client import CONTENT_TYPE_LATEST, CollectorRegistry, Counter, Histogram, generate_latest
from prometheus_client.core import GaugeMetricFamily, Metric
from prometheus_client.multiprocess import MultiProcessCollector
from sqlalchemy import Engine, func, select
from sqlalchemy.exc import SQLAlchemyError
from starlette.middleware import Middleware
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from registration.people.identity import mask_personal
from sync.server import db, migrations, projection

LOG = logging.getLogger("testpoint.server")
# A device seen within this window counts as active (devices.py notes a sighting once a minute).
ACTIVE_MS = 15 * 60_000
_LATENCY_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0)
# What a caller may choose as its request id: short and plain, so it is safe in a log line.
_REQUEST_ID = re.compile(r"[A-Za-z0-9._:-]{1,64}")
_request_id: contextvars.ContextVar[str] = contextvars.ContextVar("request_id", default="")
# Latency is labelled by endpoint only: a label per site would multiply the series by thousands.
_TIMED = {"/v1/push": "push", "/v1/feed": "pull"}
_SEEN = "testpoint.seen"


def request_id() -> str:
    """The id of the request being served ("" outside one)."""
    return _request_id.get()


def new_request_id() -> str:
    """A fresh request id that the log's masking leaves whole: about one random hex id in eight hundred
    holds eleven digits that read as a mobile number, and its log line would not match its header."""
    while True:
        made = uuid.uuid4().hex
        if mask_personal(made) == made:
            return made


class JsonLines(logging.Formatter):
    """One JSON object per line: time, level, logger, process, message, the request id, and extras."""

    _PLAIN = set(logging.makeLogRecord({}).__dict__) | {"message", "asctime", "color_message"}

    def format(self, record: logging.LogRecord) -> str:
        line: dict[str, Any] = {
            "ts": self.formatTime(record, "%Y-%m-%dT%H:%M:%S") + f".{int(record.msecs):03d}Z",
            "level": record.levelname.lower(),
            "logger": record.name,
            "pid": record.process,
            "msg": record.getMessage(),
        }
        if request_id():
            line["request_id"] = request_id()
        line.update({k: v for k, v in record.__dict__.items() if k not in self._PLAIN})
        if record.exc_info:
            line["exc"] = self.formatException(record.exc_info)
        return mask_personal(json.dumps(line, ensure_ascii=False, default=str))


JsonLines.converter = time.gmtime


def log_config(level: str = "info") -> dict[str, Any]:
    """uvicorn's ``log_config``: its own messages and the request log as JSON lines on stderr, and
    every other library's warnings (SQLAlchemy's, say) through the same masking formatter."""
    handler = {"class": "logging.StreamHandler", "formatter": "json", "stream": "ext://sys.stderr"}
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "formatters": {"json": {"()": JsonLines}},
        "handlers": {"json": handler},
        "loggers": {
            name: {"handlers": ["json"], "level": level.upper(), "propagate": False}
            for name in ("uvicorn", "uvicorn.error", "testpoint.server")
        }
        # The request log below replaces uvicorn's access log, whose lines hold the query string.
        | {"uvicorn.access": {"handlers": [], "level": "WARNING", "propagate": False}},
        "root": {"handlers": ["json"], "level": "WARNING"},
    }


class Metrics:
    """The server's Prometheus metrics; those kept in the database are read at each scrape."""

    def __init__(self, engine: Engine, now_ms: Callable[[], int]) -> None:
        self._engine = engine
        self._now_ms = now_ms
        # In multiprocess mode the values live in files shared by the processes, not in a registry.
        self._registry = None if "PROMETHEUS_MULTIPROC_DIR" in os.environ else CollectorRegistry()
        self.pushed = Counter(
            "testpoint_pushed_events",
            "Pushed events by the server's answer: stored, duplicate, conflict or rejected",
            ["site", "status"],
            registry=self._registry,
        )
        self.latency = Histogram(
            "testpoint_request_seconds",
            "Time to answer a push or a pull (feed page)",
            ["endpoint"],
            buckets=_LATENCY_BUCKETS,
            registry=self._registry,
        )
        if self._registry is not None:
            self._registry.register(_Database(self))

    def count_push(self, site: str, answers: Iterable[Any]) -> None:
        """Count one push's answers (objects with a ``status``) for ``site``."""
        for status, n in Tally(a.status for a in answers).items():
            self.pushed.labels(site, status).inc(n)

    def exposition(self) -> bytes:
        registry = self._registry
        if registry is None:
            registry = CollectorRegistry()
            MultiProcessCollector(registry)  # type: ignore[no-untyped-call]
            registry.register(_Database(self))
        return generate_latest(registry)

    def database_figures(self) -> Iterator[Metric]:
        s, c, d = db.sites.c, db.conflicts.c, db.devices.c
        stored = GaugeMetricFamily(
            "testpoint_events_stored",
            "Events the site's feed holds (its last feed position)",
            labels=["site"],
        )
        conflicts = GaugeMetricFamily(
            "testpoint_conflicts", "Events kept aside as conflicts, for a person to see", labels=["site"]
        )
        active = GaugeMetricFamily(
            "testpoint_active_devices",
            f"Devices not revoked that called in the last {ACTIVE_MS // 60_000} minutes",
            labels=["site"],
        )
        behind = GaugeMetricFamily(
            "testpoint_projection_lag_events",
            "Events stored but not yet in the dashboard's figures (projected once pushes pause)",
            labels=["site"],
        )
        since = self._now_ms() - ACTIVE_MS
        with db.reading(self._engine) as conn:
            for site, head in conn.execute(select(s.site, s.head)):
                stored.add_metric([site], head)
            for site, lag in projection.lags(conn).items():
                behind.add_metric([site], lag)
            for site, n in conn.execute(select(c.site, func.count()).group_by(c.site)):
                conflicts.add_metric([site], n)
            for site, n in conn.execute(
                select(d.site, func.count())
                .where(d.revoked_ms.is_(None), d.last_seen_ms >= since)
                .group_by(d.site)
            ):
                active.add_metric([site], n)
        yield from (stored, conflicts, active, behind)


class _Database:
    """A prometheus_client collector over the database's figures."""

    def __init__(self, metrics: Metrics) -> None:
        self._metrics = metrics

    def collect(self) -> Iterator[Metric]:
        return self._metrics.database_figures()


def schema_problem(engine: Engine) -> str | None:
    """Why the database cannot serve (unreachable, or its schema not this code's), or None."""
    try:
        with db.reading(engine) as conn:
            found = migrations.state(conn)
    except SQLAlchemyError as exc:
        return f"database unreachable: {type(getattr(exc, 'orig', None) or exc).__name__}"
    if found.fresh:
        return "the database has no tables: run `server migrate`"
    return migrations.problem(found)


def mount(app: FastAPI, engine: Engine, now_ms: Callable[[], int]) -> Metrics:
    """Add ``/v1/ready``, ``/metrics`` and the request log to ``app``; returns its metrics."""
    metrics = Metrics(engine, now_ms)
    router = APIRouter()

    @router.get("/v1/ready", responses={503: {"description": "not ready, with the reason in detail"}})
    def ready() -> Response:
        problem = schema_problem(engine)
        if problem:
            return JSONResponse({"status": "not ready", "detail": problem}, status_code=503)
        return JSONResponse({"status": "ready"})

    @router.get("/metrics", include_in_schema=False)
    def scrape() -> Response:
        return Response(metrics.exposition(), media_type=CONTENT_TYPE_LATEST)

    app.include_router(router)
    app.add_middleware(RequestLog, metrics=metrics)
    # Appended last, so innermost: it sees the scope the router writes the matched route into.
    app.user_middleware.append(Middleware(_RouteSeen))
    return metrics


class RequestLog:
    """Gives each request an id (``X-Request-ID``), times push and pull, and logs one line for it."""

    def __init__(self, app: ASGIApp, metrics: Metrics) -> None:
        self.app = app
        self.metrics = metrics

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        asked = dict(scope["headers"]).get(b"x-request-id", b"").decode("latin-1")
        rid = asked if _REQUEST_ID.fullmatch(asked) else new_request_id()
        token = _request_id.set(rid)
        # Middlewares below copy the scope; this one dict is shared by the copies.
        seen: dict[str, str] = {}
        scope = dict(scope, **{_SEEN: seen})
        status = 500
        start = time.perf_counter()

        async def tagged(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
                message["headers"] = [*message.get("headers", []), (b"x-request-id", rid.encode())]
            await send(message)

        try:
            await self.app(scope, receive, tagged)
        finally:
            seconds = time.perf_counter() - start
            timed = _TIMED.get(scope["path"])
            if timed:
                self.metrics.latency.labels(timed).observe(seconds)
            LOG.info(
                "request",
                extra={
                    "method": scope["method"],
                    "route": seen.get("route", "(no route)"),
                    "status": status,
                    "ms": round(seconds * 1000, 1),
                },
            )
            _request_id.reset(token)


class _RouteSeen:
    """Innermost: notes the matched route's template (``/v1/rounds/{round_name}/...``) for the log,
    never the values in the path."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        try:
            await self.app(scope, receive, send)
        finally:
            route = getattr(scope.get("route"), "path", None)
            if route is not None and _SEEN in scope:
                scope[_SEEN]["route"] = route
