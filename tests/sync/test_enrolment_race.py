"""One enrolment code, many requests at once, on several server processes: exactly one device is
enrolled, every other request is told the code was used, and none gets a 5xx."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor

import httpx
from sqlalchemy import func, select

from registration.storage import clock
from sync.schema import PROTOCOL_VERSION
from sync.server import db
from tests.sync.harness import ServerProcess, new_code, open_site

REQUESTS = 24


def test_one_code_used_by_many_requests_at_once_enrols_one_device(database_url: str) -> None:
    server = ServerProcess(database_url, "--workers", "2")
    engine = db.open_engine(database_url)
    try:
        open_site(engine, ["North"])
        code = new_code(engine, server.url, "North")
        start = threading.Barrier(REQUESTS)

        def enrol(_n: int) -> httpx.Response:
            request = {"protocol": PROTOCOL_VERSION, "code": code, "device": clock.uuid7()}
            with httpx.Client(base_url=server.url, timeout=30) as http:
                http.get("/v1/health")  # connected before the barrier: the requests go out together
                start.wait()
                return http.post("/v1/enroll", json=request)

        with ThreadPoolExecutor(REQUESTS) as pool:
            answers = list(pool.map(enrol, range(REQUESTS)))

        statuses = sorted(answer.status_code for answer in answers)
        assert statuses == [200] + [403] * (REQUESTS - 1), statuses
        refused = {answer.json()["detail"] for answer in answers if answer.status_code == 403}
        assert refused == {"this enrolment code was already used: ask for a new one"}
        enrolled = next(answer.json()["device"] for answer in answers if answer.status_code == 200)
        with db.reading(engine) as conn:
            assert conn.execute(select(func.count()).select_from(db.devices)).scalar() == 1
            used_by = conn.execute(select(db.enrol_codes.c.used_by)).scalar_one()
        assert used_by == enrolled
    finally:
        server.stop()
        engine.dispose()
