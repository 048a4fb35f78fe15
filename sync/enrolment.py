"""A station enrolling with the server: spends a one-time code, keeps the device credential.

A new database is created from the server's campaign (site, tube pattern); a station already
set up with ``init`` keeps its device id, which the server binds to the credential.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from registration import campaign, clock, events
from registration.campaign import CampaignError
from registration.store import Store
from sync import signing, tls
from sync.schema import (
    PROTOCOL_VERSION,
    BadEnrolmentCode,
    EnrollRequest,
    EnrollResponse,
    parse_enrolment_code,
)
from sync.transport import Backoff, Transport


@dataclass(frozen=True)
class Enrolled:
    answer: EnrollResponse
    server_url: str
    created: bool


def enroll(
    path: Path,
    code: str,
    *,
    server_url: str | None = None,
    timeout_s: float = 15.0,
    backoff: Backoff | None = None,
    trust_network: bool = False,
) -> Enrolled:
    """Enrol the station database at ``path`` (created when missing) with ``code``.

    ``trust_network`` lets plain http reach another machine (sync/tls.py), now and at every sync.
    """
    try:
        url, secret = parse_enrolment_code(code)
    except BadEnrolmentCode:
        if server_url is None:
            raise
        url, secret = server_url, code.strip()
    try:
        url = tls.with_fragment(server_url or url, trusted=trust_network)
    except tls.Insecure as exc:
        raise BadEnrolmentCode(exc.reason) from exc
    if insecure := tls.refusal(tls.address(url)):
        raise BadEnrolmentCode(insecure)
    created = not path.exists()
    device, site, key = None, None, None
    if not created:
        with Store(path) as store:
            if store.conn.execute("SELECT 1 FROM sync_state WHERE id = 1").fetchone():
                raise CampaignError("enrol.already", path=path)

            if campaign.is_initialised(store):
                device, site = events.device_id(store.conn), store.setting("site")
            key = signing.stored_key(store.conn)
    key = key or signing.new_key()
    # The device id is chosen here, so that a retry after a lost answer is the same request.
    device = device or clock.uuid7()
    request = EnrollRequest(
        protocol=PROTOCOL_VERSION, code=secret, device=device, site=site, public_key=signing.public_hex(key)
    )
    transport = Transport(url, timeout_s=timeout_s, backoff=backoff)
    try:
        answer = transport.post("/v1/enroll", request.model_dump_json(), EnrollResponse)
    finally:
        transport.close()
    path.parent.mkdir(parents=True, exist_ok=True)
    with Store(path) as store, store.write() as conn:
        signing.keep(conn, key)
        if not conn.execute("SELECT 1 FROM device WHERE id = 1").fetchone():
            conn.execute(
                "INSERT INTO device (id, device_id, next_seq, hlc) VALUES (1, ?, 1, ?)",
                (answer.device, clock.Hlc(answer.server_time_ms, 0).encode()),
            )
            conn.executemany(
                "INSERT OR REPLACE INTO settings (key, value) VALUES (?, ?)",
                [("site", answer.site), ("tube_pattern", answer.tube_pattern)],
            )
        conn.execute(
            "INSERT INTO sync_state (id, server_url, device, credential, role, site, checkpoint) "
            "VALUES (1, ?, ?, ?, ?, ?, ?)",
            (url, answer.device, answer.credential, answer.role, answer.site, answer.checkpoint),
        )
    return Enrolled(answer, url, created)
