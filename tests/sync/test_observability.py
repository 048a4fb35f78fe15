"""Operating the server: readiness, Prometheus metrics, request ids in JSON log lines, and a
graceful shutdown that answers the push in hand."""

from __future__ import annotations

import io
import json
import logging
import os
import re
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from prometheus_client.parser import text_string_to_metric_families

from registration.people.identity import mask_id, mask_personal, mask_phone
from registration.storage import clock
from sync.schema import PROTOCOL_VERSION
from sync.server import db, eventlog, observability, projection
from tests.sync.harness import (
    ROOT,
    SITE,
    ServerProcess,
    ServerThread,
    Station,
    credential,
    enrol_station,
    ids,
    open_site,
    push,
    server_events,
    setup_round,
    wire_event,
)


def samples(url: str) -> dict[tuple[str, tuple[tuple[str, str], ...]], float]:
    """The scraped samples by (name, sorted labels)."""
    answer = httpx.get(f"{url}/metrics")
    assert answer.status_code == 200
    assert answer.headers["content-type"].startswith("text/plain")
    return {
        (s.name, tuple(sorted(s.labels.items()))): s.value
        for family in text_string_to_metric_families(answer.text)
        for s in family.samples
    }


def test_ready_answers_503_while_the_schema_is_not_this_codes(server: ServerThread) -> None:
    assert httpx.get(f"{server.url}/v1/health").json()["status"] == "ok"
    assert httpx.get(f"{server.url}/v1/ready").json() == {"status": "ready"}
    with server.engine.begin() as conn:  # another release upgraded the database meanwhile
        conn.exec_driver_sql("UPDATE alembic_version SET version_num = '9999'")
    answer = httpx.get(f"{server.url}/v1/ready")
    assert answer.status_code == 503
    assert "newer" in answer.json()["detail"]
    assert httpx.get(f"{server.url}/v1/health").json()["status"] == "ok"


def test_metrics_count_answers_per_site_and_read_the_rest_from_the_database(
    server: ServerThread, site: dict[str, Station]
) -> None:
    south = site["South"]
    for station in site.values():  # requests this server counts (the stations enrolled elsewhere)
        station.sync()
    made_before = sum(len(s.own_events()) for s in site.values())
    for person in ids(3):
        south.register(person)
    south.sync()
    tomorrow = clock.Hlc(clock.now_ms() + 86_400_000, 0).encode()
    ahead = wire_event(south.device, 10_000, "tube.opened", {}, hlc=tomorrow)
    push(server.url, south, [ahead])
    projection.catch_up(server.engine)
    found = samples(server.url)

    pushed = sum(len(s.own_events()) for s in site.values()) - made_before
    assert found[("testpoint_pushed_events_total", (("site", SITE), ("status", "stored")))] == pushed
    assert found[("testpoint_pushed_events_total", (("site", SITE), ("status", "rejected")))] == 1
    assert found[("testpoint_events_stored", (("site", SITE),))] == len(server_events(server.engine))
    assert found[("testpoint_active_devices", (("site", SITE),))] == 3
    assert found.get(("testpoint_conflicts", (("site", SITE),)), 0) == 0
    assert found[("testpoint_projection_lag_events", (("site", SITE),))] == 0
    assert found[("testpoint_request_seconds_count", (("endpoint", "push"),))] >= 2
    assert found[("testpoint_request_seconds_count", (("endpoint", "pull"),))] >= 4


def test_a_request_id_made_by_the_server_survives_the_logs_masking() -> None:
    # Random hex ids hold a mobile-number-like run of digits about once in 800: 5,000 find one.
    made = [observability.new_request_id() for _ in range(5_000)]
    assert all(re.fullmatch(r"[0-9a-f]{32}", rid) and mask_personal(rid) == rid for rid in made)
    assert len(set(made)) == len(made)


@pytest.fixture
def log_lines() -> Iterator[io.StringIO]:
    out = io.StringIO()
    handler = logging.StreamHandler(out)
    handler.setFormatter(observability.JsonLines())
    observability.LOG.addHandler(handler)
    level = observability.LOG.level
    observability.LOG.setLevel(logging.INFO)
    yield out
    observability.LOG.removeHandler(handler)
    observability.LOG.setLevel(level)


def test_each_request_logs_one_json_line_with_its_id_and_no_personal_data(
    server: ServerThread, site: dict[str, Station], log_lines: io.StringIO
) -> None:
    south = site["South"]
    person = ids(1, start=77)[0]
    south.register(person)
    south.sync()
    given = httpx.get(f"{server.url}/v1/rounds/R1/reconciliation", headers={"X-Request-ID": "trace-42"})
    made = httpx.get(f"{server.url}/v1/ready", headers={"X-Request-ID": b"not a safe id\xe9"})

    assert given.headers["x-request-id"] == "trace-42"
    assert re.fullmatch(r"[0-9a-f]{32}", made.headers["x-request-id"])
    deadline = time.monotonic() + 5
    while made.headers["x-request-id"] not in log_lines.getvalue():  # logged once the answer is sent
        assert time.monotonic() < deadline, "no log line for the request"
        time.sleep(0.01)
    text = log_lines.getvalue()
    lines = [json.loads(line) for line in text.splitlines()]
    by_id = {line["request_id"]: line for line in lines}
    assert by_id["trace-42"]["route"] == "/v1/rounds/{round_name}/reconciliation"
    assert by_id["trace-42"]["status"] == 401
    assert by_id[made.headers["x-request-id"]]["route"] == "/v1/ready"
    assert {"/v1/push", "/v1/feed", "/v1/handshake"} <= {line["route"] for line in lines}
    for secret in (person, mask_id(person), credential(south)):
        assert secret not in text


def _wire(station: Station) -> list[dict[str, Any]]:
    rows = sorted(station.own_events(), key=lambda r: r[2])
    return [
        {"id": i, "device": d, "seq": s, "hlc": h, "kind": k, "body": json.loads(b)}
        for i, d, s, h, k, b in rows
    ]


def test_sigterm_during_a_push_answers_and_stores_it_before_exiting(
    database_url: str, tmp_path: Path
) -> None:
    log = tmp_path / "server.log"
    server = ServerProcess(database_url, log=log)
    proc, url = server.proc, server.url
    assert proc is not None
    engine = db.open_engine(database_url)
    try:
        open_site(engine, ["North", "South"])
        admin = enrol_station(tmp_path, engine, url, "North", admin=True)
        setup_round(admin)
        admin.sync()
        south = enrol_station(tmp_path, engine, url, "South")
        south.sync()
        for person in ids(50):
            south.register(person)
        batch = [e for e in _wire(south) if e["seq"] > 0]
        answers: list[httpx.Response] = []
        body = {"protocol": PROTOCOL_VERSION, "device": south.device, "events": batch}
        auth = {"Authorization": f"Bearer {credential(south)}"}
        pushing = threading.Thread(
            target=lambda: answers.append(httpx.post(f"{url}/v1/push", json=body, headers=auth, timeout=60))
        )
        # The test holds the site's lock, so the push waits inside the server, in hand, until released.
        with db.writing(engine) as conn:
            eventlog.lock_site(conn, SITE)
            pushing.start()
            time.sleep(0.5)
            os.kill(proc.pid, signal.SIGTERM)
            deadline = time.monotonic() + 10
            while "Shutting down" not in log.read_text():
                assert time.monotonic() < deadline, "the server did not start shutting down"
                time.sleep(0.05)
            time.sleep(0.3)
            assert proc.poll() is None, "the server quit with a push in hand"
        pushing.join(30)
        assert answers[0].status_code == 200
        assert {r["status"] for r in answers[0].json()["results"]} == {"stored"}
        # uvicorn re-raises the signal once it has shut down: the exit says SIGTERM ended it.
        assert proc.wait(30) in (0, -signal.SIGTERM)
        assert {e["id"] for e in batch} <= {row[0] for row in server_events(engine)}
        admin.close()
        south.close()
    finally:
        if proc.poll() is None:
            proc.kill()
        engine.dispose()


_LOGGING = """
import logging, logging.config, sys
import sqlalchemy as sa
from sync.server import observability

logging.config.dictConfig(observability.log_config())
engine = sa.create_engine("sqlite://")
people = sa.Table(
    "people", sa.MetaData(), sa.Column("id_number", sa.Text, primary_key=True), sa.Column("phone", sa.Text)
)
people.create(engine)
row = {"id_number": sys.argv[1], "phone": sys.argv[2]}
try:
    with engine.begin() as conn:
        conn.execute(people.insert(), [row, row])
except sa.exc.IntegrityError as exc:
    logging.getLogger("uvicorn.error").exception("Exception in ASGI application")
    logging.getLogger("sqlalchemy.pool").error("reset failed: %s", exc)
observability.LOG.warning("odd push %s", sys.argv[1], extra={"phone": sys.argv[2]})
"""


def test_the_server_log_masks_id_numbers_and_phones_in_errors_sql_parameters_and_tracebacks() -> None:
    person, phone = ids(1, start=31)[0], "13912345678"
    done = subprocess.run(
        [sys.executable, "-c", _LOGGING, person, phone], capture_output=True, text=True, cwd=ROOT, timeout=60
    )
    assert done.returncode == 0, done.stderr
    lines = [json.loads(line) for line in done.stderr.splitlines()]
    assert [line["logger"] for line in lines] == ["uvicorn.error", "sqlalchemy.pool", "testpoint.server"]
    assert "[parameters:" in lines[0]["exc"] and "IntegrityError" in lines[0]["exc"]
    assert mask_id(person) in lines[1]["msg"] and lines[2]["phone"] == mask_phone(phone)
    assert person not in done.stderr and phone not in done.stderr
