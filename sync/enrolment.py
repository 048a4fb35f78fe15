"""A station enrolling with the server: spends a one-time code, keeps the device credential.

The code comes whole (QR code, code file: the server's address and certificate pin in it), or
typed with the server's address beside it, which the code must then prove (sync/typed_code.py).
A new database is created from the server's campaign (site, tube pattern); a station already
set up with ``init`` keeps its device id, which the server binds to the credential.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from registration.setup import campaign
from registration.setup.campaign import CampaignError
from registration.storage import clock, events
from registration.storage.store import Store
from sync import signing, tls, typed_code
from sync.schema import (
    PROTOCOL_VERSION,
    BadEnrolmentCode,
    CodeAddresses,
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
    typed = typed_code.parse(code)
    if typed is not None:
        if server_url is None:
            raise BadEnrolmentCode("enrol.typed_needs_server")
        # The address the code proves, its certificate's pin with it, is the one kept.
        url, secret = _proven_address(server_url, typed, timeout_s, backoff), typed
    else:
        try:
            url, secret = parse_enrolment_code(code)
        except BadEnrolmentCode:
            if server_url is None:
                raise
            url, secret = server_url, code.strip()
        url = server_url or url
    try:
        url = tls.with_fragment(url, trusted=trust_network)
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


def _proven_address(given: str, secret: str, timeout_s: float, backoff: Backoff | None) -> str:
    """The address the typed code ``secret`` was made with, as the server at ``given`` (scheme
    optional: https) tells it, believed only with the tag the code proves."""
    url = given.strip() if "://" in given else f"https://{given.strip()}"
    key = typed_code.key(secret)
    try:
        transport = Transport(url, timeout_s=timeout_s, backoff=backoff, self_proving=True)
    except tls.Insecure as exc:
        raise BadEnrolmentCode(str(exc)) from exc
    try:
        answer = transport.get(f"/v1/enroll/{typed_code.code_id(key)}/address", {}, CodeAddresses)
    finally:
        transport.close()
    for found in answer.addresses:
        if typed_code.proves(key, found.address, found.tag):
            return found.address
    raise BadEnrolmentCode("enrol.typed_unknown", server=tls.address(url).url)


def read_code_file(path: Path) -> str:
    """The whole enrolment code in a file the office saved (a USB stick's, say)."""
    try:
        with path.open("rb") as f:
            text = f.read(64 * 1024).decode("utf-8-sig", errors="replace")
    except OSError as exc:
        raise BadEnrolmentCode("enrol.file_unreadable", file=path.name, why=exc.strerror or str(exc)) from exc
    for line in text.splitlines():
        try:
            parse_enrolment_code(line)
        except BadEnrolmentCode:
            continue
        return line.strip()
    raise BadEnrolmentCode("enrol.file_without_code", file=path.name)
