"""The server facing anyone on the network: sign-in floods, slow and idle connections, bodies
without a credential, forwarded addresses, /metrics, security headers and names that try to
break the page. Each test plays the attacker against the real server on loopback."""

from __future__ import annotations

import json
import re
import resource
import selectors
import socket
import ssl
import threading
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx
import pytest
from argon2 import PasswordHasher
from sqlalchemy import select, update

from registration.setup import rosters
from registration.storage import clock
from sync.server import db, edge, users
from sync.server.run import Edge
from tests.sync.harness import (
    ServerProcess,
    ServerThread,
    Station,
    credential,
    enrol_station,
    ids,
    open_site,
    setup_round,
    sync_all,
)
from tests.sync.test_tls import self_signed

PASSWORD = "correct horse battery"
FAST_EDGE = Edge(edge.Limits(header_timeout_s=0.5, idle_timeout_s=1, max_connections=4))


def add_user(engine: object, name: str, role: str = "viewer") -> None:
    with db.writing(engine) as conn:  # type: ignore[arg-type]
        users.add(conn, name, role, None, PASSWORD, clock.now_ms())


def login_form(client: httpx.Client) -> str:
    found = re.search(r'name="csrf" value="([^"]+)"', client.get("/login").text)
    assert found is not None
    return found.group(1)


def try_password(
    client: httpx.Client, token: str, name: str, password: str, **headers: str
) -> httpx.Response:
    return client.post(
        "/login", data={"username": name, "password": password, "csrf": token}, headers=headers
    )


def closed_within(sock: socket.socket, seconds: float) -> bool:
    """Whether the server closes ``sock`` (reads end) within ``seconds``; what it sends first is skipped."""
    deadline = time.monotonic() + seconds
    while (left := deadline - time.monotonic()) > 0:
        sock.settimeout(left)
        try:
            if sock.recv(65536) == b"":
                return True
        except TimeoutError:
            return False
        except ConnectionResetError:
            return True
    return False


def connect(server: ServerThread | ServerProcess) -> socket.socket:
    return socket.create_connection(("127.0.0.1", server.port), timeout=5)


@pytest.fixture
def edge_server(tmp_path: Path) -> Iterator[ServerThread]:
    """A server with short header and idle deadlines and room for four connections."""
    running = ServerThread(f"sqlite:///{tmp_path / 'server.db'}", outer=FAST_EDGE, body_idle_s=0.5)
    open_site(running.engine, ["North"])
    yield running
    running.stop()


@pytest.fixture
def slow_hash(monkeypatch: pytest.MonkeyPatch) -> Iterator[dict[str, object]]:
    """Password checks that wait for the test to let them go, counting how many run at once and
    naming the threads they ran on."""
    state: dict[str, object] = {"inside": 0, "most": 0, "calls": 0, "threads": set()}
    entered = threading.Event()
    release = threading.Event()
    lock = threading.Lock()
    real = users.check_password

    def held(found: str | None, password: str) -> bool:
        with lock:
            state["inside"] = int(state["inside"]) + 1  # type: ignore[call-overload]
            state["most"] = max(int(state["most"]), int(state["inside"]))  # type: ignore[call-overload]
            state["calls"] = int(state["calls"]) + 1  # type: ignore[call-overload]
            state["threads"].add(threading.current_thread().name)  # type: ignore[attr-defined]
        entered.set()
        release.wait(30)
        try:
            return real(found, password)
        finally:
            with lock:
                state["inside"] = int(state["inside"]) - 1  # type: ignore[call-overload]

    monkeypatch.setattr(users, "check_password", held)
    state["entered"] = entered
    state["release"] = release
    yield state
    release.set()


# --- sign-in ---------------------------------------------------------------------------------


def test_the_password_thread_goes_with_the_server_that_made_it(tmp_path: Path) -> None:
    before = set(threading.enumerate())
    server = ServerThread(f"sqlite:///{tmp_path / 'server.db'}")
    try:
        add_user(server.engine, "ward")
        with httpx.Client(base_url=server.url) as browser:
            assert try_password(browser, login_form(browser), "ward", PASSWORD).status_code == 303
        hashing = [t for t in threading.enumerate() if t.name.startswith("password") and t not in before]
        assert hashing
    finally:
        server.stop()
    assert not [t for t in hashing if t.is_alive()]


def test_a_password_being_checked_holds_no_transaction(
    server: ServerThread, site: dict[str, Station], slow_hash: dict[str, object]
) -> None:
    """Today's sign-in hashed inside a write transaction: on SQLite every push waited behind it."""
    add_user(server.engine, "li")
    browser = httpx.Client(base_url=server.url, timeout=30)
    token = login_form(browser)
    with ThreadPoolExecutor(1) as pool:
        signing_in = pool.submit(try_password, browser, token, "li", "wrong password")
        assert slow_hash["entered"].wait(10), "the password check never started"  # type: ignore[attr-defined]
        station = site["South"]
        station.register(ids(1, start=900)[0])
        report = station.sync()  # while the password is still being checked
        assert station.outbox() == 0, report
        slow_hash["release"].set()  # type: ignore[attr-defined]
        assert signing_in.result(30).status_code == 401


def test_one_password_is_checked_at_a_time_and_a_queue_beyond_its_room_is_turned_away(
    server: ServerThread, slow_hash: dict[str, object]
) -> None:
    names = [f"user{n}" for n in range(24)]
    for name in names[:2]:
        add_user(server.engine, name)
    browser = httpx.Client(base_url=server.url, timeout=30)
    token = login_form(browser)
    with ThreadPoolExecutor(len(names)) as pool:
        answers = [pool.submit(try_password, browser, token, name, "wrong password") for name in names]
        assert slow_hash["entered"].wait(10)  # type: ignore[attr-defined]
        # Those beyond the queue's room are answered at once, while the first check still runs.
        deadline = time.monotonic() + 10
        while sum(a.done() for a in answers) < 7 and time.monotonic() < deadline:
            time.sleep(0.05)
        turned_away = [a.result() for a in answers if a.done()]
        slow_hash["release"].set()  # type: ignore[attr-defined]
        statuses = [a.result(30).status_code for a in answers]
    assert len(turned_away) == 7 and all(r.status_code == 503 for r in turned_away)
    assert all(r.headers["retry-after"] == "5" and 'data-error="busy"' in r.text for r in turned_away)
    assert slow_hash["most"] == 1
    # All on the one hashing thread: on the shared pool's threads each kept a hash's memory (a
    # malloc arena each), and a flood grew the process by 100 MB.
    assert len(slow_hash["threads"]) == 1  # type: ignore[arg-type]
    assert next(iter(slow_hash["threads"])).startswith("password")  # type: ignore[call-overload]
    # The queued ones are checked in turn (or turned away if their wait ran out on a busy machine).
    assert set(statuses) == {401, 503} and statuses.count(401) >= 2


def test_an_address_over_its_limit_gets_no_password_checked(
    tmp_path: Path, slow_hash: dict[str, object]
) -> None:
    """Made-up names, one each: the address's own limit stops them before any hashing; each
    refusal is answered after the refusal delay, so a flood waiting for answers asks slowly."""
    slow_hash["release"].set()  # type: ignore[attr-defined]
    server = ServerThread(f"sqlite:///{tmp_path / 'server.db'}", refusal_delay_s=0.2)
    try:
        browser = httpx.Client(base_url=server.url)
        token = login_form(browser)
        statuses = []
        for n in range(users.MAX_PER_ADDRESS + 3):
            started = time.monotonic()
            statuses.append(try_password(browser, token, f"guess{n}", "wrong").status_code)
            took = time.monotonic() - started
        assert statuses == [401] * users.MAX_PER_ADDRESS + [429] * 3
        assert slow_hash["calls"] == users.MAX_PER_ADDRESS
        assert took >= 0.2
    finally:
        server.stop()


def test_a_name_no_account_can_have_is_a_wrong_password(server: ServerThread) -> None:
    """A NUL in the name reached PostgreSQL, which cannot compare one: 500."""
    add_user(server.engine, "li")
    browser = httpx.Client(base_url=server.url)
    answer = try_password(browser, login_form(browser), "li\x00", PASSWORD)
    assert answer.status_code == 401 and 'data-error="wrong_password"' in answer.text


def test_a_hash_made_with_the_old_settings_is_remade_at_its_next_sign_in(
    server: ServerThread, real_password_hashes: None
) -> None:
    """argon2's default of four lanes took both cores of a small server per sign-in."""
    add_user(server.engine, "li")
    with db.writing(server.engine) as conn:
        conn.execute(
            update(users.accounts).values(password_hash=PasswordHasher(parallelism=4).hash(PASSWORD))
        )
    browser = httpx.Client(base_url=server.url)
    assert try_password(browser, login_form(browser), "li", PASSWORD).status_code == 303
    with db.reading(server.engine) as conn:
        remade = conn.execute(select(users.accounts.c.password_hash)).scalar_one()
    assert "$m=19456,t=2,p=1$" in remade
    assert PasswordHasher().verify(remade, PASSWORD)


def _burst(url: str, name: str, n: int, **headers: str) -> list[int]:
    browser = httpx.Client(base_url=url, timeout=60, verify=False)
    token = login_form(browser)
    with ThreadPoolExecutor(n) as pool:
        return list(
            pool.map(lambda _: try_password(browser, token, name, "wrong", **headers).status_code, range(n))
        )


def test_parallel_guesses_are_evaluated_at_most_up_to_the_limit(database_url: str, tmp_path: Path) -> None:
    """One atomic check-and-increment: on PostgreSQL with two processes, 30 parallel guesses gave
    29 answers 500 and were all evaluated."""
    server = ServerProcess(database_url, "--workers", "2", log=tmp_path / "server.log")
    try:
        from sqlalchemy import create_engine

        engine = create_engine(database_url)
        add_user(engine, "li")
        engine.dispose()
        statuses = _burst(server.url, "li", 30)
    finally:
        server.stop()
    # Exactly the limit's worth checked; the rest refused (429), or turned away as too many at once.
    assert statuses.count(401) == users.MAX_FAILURES
    assert set(statuses) <= {401, 429, 503} and 429 in statuses


# --- slow, idle and too many connections --------------------------------------------------------


def test_a_connection_that_never_sends_a_request_is_cut(edge_server: ServerThread) -> None:
    with connect(edge_server) as idle:
        assert closed_within(idle, 5)


def test_headers_sent_a_byte_at_a_time_are_cut(edge_server: ServerThread) -> None:
    request = b"GET /v1/health HTTP/1.1\r\nHost: x\r\nX-Padding: " + b"a" * 200
    with connect(edge_server) as slow:
        started = time.monotonic()
        for byte in request:
            try:
                slow.sendall(bytes([byte]))
            except OSError:
                break
            if closed_within(slow, 0.05):
                break
        assert time.monotonic() - started < 5, "the server waited for every byte"
        assert closed_within(slow, 2)


def test_a_kept_alive_connection_without_a_next_request_is_cut(edge_server: ServerThread) -> None:
    with connect(edge_server) as kept:
        kept.sendall(b"GET /v1/health HTTP/1.1\r\nHost: x\r\n\r\n")
        assert kept.recv(65536).startswith(b"HTTP/1.1 200")
        assert closed_within(kept, 4)


def test_connections_over_the_limit_are_closed_and_the_server_still_answers(
    edge_server: ServerThread,
) -> None:
    held = [connect(edge_server) for _ in range(FAST_EDGE.limits.max_connections)]
    try:
        time.sleep(0.1)
        with connect(edge_server) as extra:
            assert closed_within(extra, 0.4)  # at once, before any header deadline
    finally:
        for sock in held:
            sock.close()
    time.sleep(0.1)
    assert httpx.get(f"{edge_server.url}/v1/health").status_code == 200


def _idle_flood(server: ServerProcess, count: int) -> list[socket.socket]:
    """``count`` idle connections, all asked for at once (those the server's queue drops wait for
    their SYN to be sent again together, not one after another)."""
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft < count + 200:
        if hard != resource.RLIM_INFINITY and hard < count + 200:
            pytest.skip(f"this test opens {count} connections; the system allows {hard} files")
        resource.setrlimit(resource.RLIMIT_NOFILE, (count + 200, hard))
    socks = [socket.socket(socket.AF_INET, socket.SOCK_STREAM) for _ in range(count)]
    with selectors.DefaultSelector() as connecting:
        for sock in socks:
            sock.setblocking(False)
            sock.connect_ex(("127.0.0.1", server.port))
            connecting.register(sock, selectors.EVENT_WRITE)
        deadline = time.monotonic() + 10
        while connecting.get_map() and time.monotonic() < deadline:
            for key, _ in connecting.select(0.5):
                connecting.unregister(key.fileobj)
    return socks


def test_idle_connections_past_the_common_file_limit_leave_the_server_answering(tmp_path: Path) -> None:
    """With the usual soft limit of 1024 open files, ~1,000 idle sockets used every file descriptor:
    /v1/health stopped answering and the log filled with the same error. The server raises its soft
    limit to hold its connection cap and what it may take from the queue at once."""
    log = tmp_path / "server.log"
    hard = resource.getrlimit(resource.RLIMIT_NOFILE)[1]
    everyone = ("--max-connections-per-address", "2000")  # the flood's one address may hold them all
    server = ServerProcess(f"sqlite:///{tmp_path / 's.db'}", *everyone, log=log, open_files=(1024, hard))
    try:
        held = _idle_flood(server, 1500)
        try:
            time.sleep(0.5)
            answer = httpx.get(f"{server.url}/v1/health", timeout=5)
        finally:
            for sock in held:
                sock.close()
        assert answer.status_code == 200
    finally:
        server.stop()
    assert "out of system resource" not in log.read_text()
    assert log.stat().st_size < 100_000


def test_a_low_hard_file_limit_lowers_the_connection_cap_and_says_so(tmp_path: Path) -> None:
    """Where the system lets the process open only 1024 files, the cap and the listen queue are
    lowered to fit, and the server never runs out of descriptors."""
    log = tmp_path / "server.log"
    everyone = ("--max-connections-per-address", "2000")
    server = ServerProcess(f"sqlite:///{tmp_path / 's.db'}", *everyone, log=log, open_files=(1024, 1024))
    try:
        held = _idle_flood(server, 1100)
        try:
            time.sleep(0.5)
        finally:
            for sock in held:
                sock.close()
        time.sleep(0.3)
        assert httpx.get(f"{server.url}/v1/health", timeout=5).status_code == 200
    finally:
        server.stop()
    said = log.read_text()
    assert "at most 576 connections, not 2000" in said
    assert "out of system resource" not in said


def test_one_address_holds_its_share_of_the_connections_and_a_named_proxy_any(tmp_path: Path) -> None:
    """One machine reopening idle connections held all 2,000 and shut everyone else out."""
    limits = edge.Limits(header_timeout_s=5, idle_timeout_s=5, max_connections=8, per_address=3)
    alone = ServerThread(f"sqlite:///{tmp_path / 'a.db'}", outer=Edge(limits))
    behind = Edge(limits, forwarded_allow_ips="127.0.0.1")
    proxied = ServerThread(f"sqlite:///{tmp_path / 'b.db'}", outer=behind)
    try:
        held = [connect(alone) for _ in range(3)]
        try:
            time.sleep(0.1)
            with connect(alone) as fourth:
                assert closed_within(fourth, 0.4)
            elsewhere = httpx.Client(transport=httpx.HTTPTransport(local_address="127.0.0.2"))
            assert elsewhere.get(f"{alone.url}/v1/health").status_code == 200
            elsewhere.close()
        finally:
            for sock in held:
                sock.close()
        time.sleep(0.1)
        assert httpx.get(f"{alone.url}/v1/health").status_code == 200  # its share is free again
        through_proxy = [connect(proxied) for _ in range(6)]
        try:
            time.sleep(0.1)
            assert not any(closed_within(sock, 0.05) for sock in through_proxy)
        finally:
            for sock in through_proxy:
                sock.close()
    finally:
        alone.stop()
        proxied.stop()


def test_an_api_body_is_not_read_before_its_credential_is_checked(edge_server: ServerThread) -> None:
    """40 connections that never finished a 15 MiB push held 690 MB: now each is answered 401 on
    its headers, and the body is never read."""
    for authorization in (b"", b"Authorization: Bearer not-a-credential\r\n"):
        with connect(edge_server) as attacker:
            attacker.sendall(
                b"POST /v1/push HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                + authorization
                + f"Content-Length: {15 * edge.MiB}\r\n\r\n".encode()
                + b"{" * 1024
            )
            attacker.settimeout(2)
            answer = attacker.recv(65536)
            assert answer.startswith(b"HTTP/1.1 401"), answer[:100]
            assert closed_within(attacker, 2)


def test_a_body_that_comes_too_slowly_is_cut(edge_server: ServerThread, tmp_path: Path) -> None:
    station = enrol_station(tmp_path, edge_server.engine, edge_server.url, "North")
    try:
        with connect(edge_server) as slow:
            slow.sendall(
                b"POST /v1/push HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                + f"Authorization: Bearer {credential(station)}\r\nContent-Length: 100000\r\n\r\n".encode()
                + b'{"protocol": '
            )
            slow.settimeout(5)
            assert slow.recv(65536).startswith(b"HTTP/1.1 408")
    finally:
        station.close()


def test_a_large_body_is_refused_where_only_a_form_belongs(edge_server: ServerThread) -> None:
    answer = httpx.post(f"{edge_server.url}/login", content=b"a" * (edge.SMALL_BODY + 1))
    assert answer.status_code == 413


# --- addresses, /metrics and headers -----------------------------------------------------------


def _lock_out(url: str, **headers: str) -> httpx.Response:
    """Five wrong passwords for li, each claiming another forwarded address; then one more."""
    browser = httpx.Client(base_url=url)
    token = login_form(browser)
    for n in range(users.MAX_FAILURES):
        try_password(browser, token, "li", "wrong", **{"X-Forwarded-For": f"198.51.100.{n}"})
    return try_password(browser, token, "li", "wrong", **{"X-Forwarded-For": "198.51.100.99"})


def test_a_forwarded_address_counts_only_from_a_proxy_the_operator_named(tmp_path: Path) -> None:
    direct = ServerThread(f"sqlite:///{tmp_path / 'a.db'}")
    proxied = ServerThread(f"sqlite:///{tmp_path / 'b.db'}", outer=Edge(forwarded_allow_ips="127.0.0.1"))
    try:
        for server in (direct, proxied):
            add_user(server.engine, "li")
        # Without a named proxy the caller cannot choose the address it is limited by.
        assert _lock_out(direct.url).status_code == 429
        # Behind a named proxy each forwarded address is its own caller.
        assert _lock_out(proxied.url).status_code == 401
    finally:
        direct.stop()
        proxied.stop()


def test_a_forwarded_scheme_counts_only_from_a_proxy_the_operator_named(tmp_path: Path) -> None:
    """X-Forwarded-Proto: https from a stranger neither turns HSTS on nor makes the session cookie
    Secure; from the named proxy (TLS ends there) it does both."""
    direct = ServerThread(f"sqlite:///{tmp_path / 'a.db'}")
    proxied = ServerThread(f"sqlite:///{tmp_path / 'b.db'}", outer=Edge(forwarded_allow_ips="127.0.0.1"))
    https = {"X-Forwarded-Proto": "https"}
    try:
        for server, believed in ((direct, False), (proxied, True)):
            add_user(server.engine, "li")
            with httpx.Client(base_url=server.url) as browser:
                page = browser.get("/login", headers=https)
                assert ("strict-transport-security" in page.headers) == believed
                signed_in = try_password(browser, login_form(browser), "li", PASSWORD, **https)
            cookie = signed_in.headers["set-cookie"].lower()
            assert ("; secure" in cookie) == believed, cookie
    finally:
        direct.stop()
        proxied.stop()


def test_the_edge_holds_on_every_process_of_a_server_with_two(database_url: str) -> None:
    """``main.py server --workers 2``: each process checks an API body's credential on its headers
    and closes the connections past its cap at once."""
    server = ServerProcess(database_url, "--workers", "2", "--max-connections", "3")
    try:
        for _ in range(2):
            with connect(server) as stranger:
                stranger.sendall(
                    b"POST /v1/push HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                    + f"Content-Length: {15 * edge.MiB}\r\n\r\n".encode()
                    + b"{" * 1024
                )
                stranger.settimeout(5)
                assert stranger.recv(65536).startswith(b"HTTP/1.1 401")
        held = [connect(server) for _ in range(8)]
        try:
            time.sleep(0.5)  # those past the caps are closed by now
            assert sum(closed_within(sock, 0.05) for sock in held) >= 2  # two processes hold 3 each
        finally:
            for sock in held:
                sock.close()
        time.sleep(0.3)
        assert httpx.get(f"{server.url}/v1/health").status_code == 200
    finally:
        server.stop()


def test_metrics_answer_loopback_or_a_token(tmp_path: Path) -> None:
    token = "s3cret-scraper-token"
    server = ServerThread(
        f"sqlite:///{tmp_path / 'm.db'}", outer=Edge(forwarded_allow_ips="127.0.0.1"), metrics_token=token
    )
    try:
        far = {"X-Forwarded-For": "203.0.113.5"}
        assert httpx.get(f"{server.url}/metrics").status_code == 200
        assert httpx.get(f"{server.url}/metrics", headers=far).status_code == 403
        wrong = far | {"Authorization": "Bearer guessed"}
        assert httpx.get(f"{server.url}/metrics", headers=wrong).status_code == 403
        right = far | {"Authorization": f"Bearer {token}"}
        assert httpx.get(f"{server.url}/metrics", headers=right).status_code == 200
    finally:
        server.stop()


@pytest.mark.parametrize("path", ["/login", "/", "/v1/health", "/static/dashboard.js", "/no-such-page"])
def test_every_answer_carries_the_security_headers(edge_server: ServerThread, path: str) -> None:
    answer = httpx.get(f"{edge_server.url}{path}")
    csp = answer.headers["content-security-policy"]
    assert "script-src 'self'" in csp and "frame-ancestors 'none'" in csp
    assert answer.headers["x-frame-options"] == "DENY"
    assert answer.headers["x-content-type-options"] == "nosniff"
    assert "strict-transport-security" not in answer.headers  # plain HTTP: HSTS only under TLS


def test_the_server_command_takes_its_edge_options(tmp_path: Path) -> None:
    """Through main.py, over TLS: HSTS, the connection cap, the named proxy and the metrics token."""
    certfile, keyfile, _ = self_signed(tmp_path)
    token_file = tmp_path / "metrics.token"
    token_file.write_text("a-long-enough-metrics-token\n")
    server = ServerProcess(
        f"sqlite:///{tmp_path / 's.db'}",
        *("--certfile", str(certfile), "--keyfile", str(keyfile)),
        *("--max-connections", "3", "--forwarded-allow-ips", "127.0.0.1"),
        *("--metrics-token-file", str(token_file)),
    )
    try:
        https = httpx.Client(base_url=server.url, verify=False)
        assert https.get("/v1/health").headers["strict-transport-security"].startswith("max-age=")
        far = {"X-Forwarded-For": "203.0.113.5"}
        assert https.get("/metrics", headers=far).status_code == 403
        right = far | {"Authorization": "Bearer a-long-enough-metrics-token"}
        assert https.get("/metrics", headers=right).status_code == 200
        https.close()
        # Counted once their TLS handshake is done (until then the header deadline bounds them).
        context = ssl.create_default_context()
        context.check_hostname, context.verify_mode = False, ssl.CERT_NONE
        held = [context.wrap_socket(connect(server)) for _ in range(3)]
        try:
            time.sleep(0.2)
            with context.wrap_socket(connect(server)) as extra:
                assert closed_within(extra, 0.5)
        finally:
            for sock in held:
                sock.close()
    finally:
        server.stop()


# --- names that try to break the page ------------------------------------------------------------


def test_a_name_cannot_end_the_pages_embedded_json(tmp_path: Path) -> None:
    """A walk-in enterprise named "<!--<script>" blanked the dashboard for every viewer."""
    server = ServerThread(f"sqlite:///{tmp_path / 'server.db'}")
    try:
        open_site(server.engine, ["North", "South"])
        admin = enrol_station(tmp_path, server.engine, server.url, "North", admin=True)
        setup_round(admin)
        south = enrol_station(tmp_path, server.engine, server.url, "South")
        person = ids(1, start=700)[0]
        rosters.add_person(admin.store, rosters.Person(person, "张三", "<!--<script>"))
        sync_all([admin, south])
        south.register(person)
        sync_all([admin, south])
        add_user(server.engine, "boss")
        browser = httpx.Client(base_url=server.url)
        try_password(browser, login_form(browser), "boss", PASSWORD)
        page = browser.get("/").text
        embedded = page.split('<script id="snapshot" type="application/json">', 1)[1].split("</script>", 1)[0]
        assert "<" not in embedded
        figures = json.loads(embedded)
        assert "<!--<script>" in json.dumps(figures, ensure_ascii=False)
        assert figures == browser.get("/dashboard.json").json()
        assert '<script src="/static/dashboard.js"></script>' in page
        admin.close()
        south.close()
    finally:
        server.stop()
