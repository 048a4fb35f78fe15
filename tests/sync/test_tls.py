"""TLS: the server serves HTTPS, its codes carry https and pin a self-signed certificate, and a
station refuses plain http to another machine unless told the network is trusted."""

from __future__ import annotations

import datetime
import ipaddress
from pathlib import Path

import httpx
import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from registration.storage.store import Store
from sync import admin_client, enrolment, tls
from sync.schema import BadEnrolmentCode, make_enrolment_code, parse_enrolment_code
from sync.transport import Backoff, Unreachable
from tests.e2e.cli import run_main, run_process
from tests.sync.harness import ServerProcess, Station

ONCE = Backoff(attempts=1, base_s=0.01, cap_s=0.01)
# TEST-NET-1: an address of another machine that no test network routes.
ELSEWHERE = "http://192.0.2.10:8765"
SECRET = "A" * 26


def self_signed(tmp: Path) -> tuple[Path, Path, str]:
    """A certificate for 127.0.0.1 signed by its own key: (certificate, key, SHA-256 of the DER)."""
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "testpoint test server")])
    now = datetime.datetime.now(datetime.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(minutes=5))
        .not_valid_after(now + datetime.timedelta(days=1))
        .add_extension(
            x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]), False
        )
        .sign(key, hashes.SHA256())
    )
    certfile, keyfile = tmp / "server.crt", tmp / "server.key"
    certfile.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    keyfile.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
        )
    )
    return certfile, keyfile, tls.fingerprint(cert.public_bytes(serialization.Encoding.DER))


def test_codes_of_a_tls_server_carry_https_and_pin_its_certificate(
    https_server: tuple[ServerProcess, Path, str], tmp_path: Path
) -> None:
    server, server_db, pin = https_server
    assert server.url.startswith("https://127.0.0.1:")
    made = run_main(
        "server", "enroll", "--db", server_db, "--site", "Park", "--checkpoint", "North", "--json",
        "--out", tmp_path / "code.png",
    )  # fmt: skip
    assert made.code == 0, made.stderr
    code = made.json()["code"]
    assert parse_enrolment_code(code)[0] == f"{server.url}#sha256={pin}"

    path = tmp_path / "station.db"
    done = enrolment.enroll(path, code, backoff=ONCE)
    assert done.answer.site == "Park"
    station = Station(path, "North")
    report = station.sync()
    assert report.pulled >= 1  # the site's checkpoint, over TLS
    station.close()


def test_the_offices_codes_pin_the_certificate_whatever_host_the_request_named(
    https_server: tuple[ServerProcess, Path, str], tmp_path: Path
) -> None:
    server, server_db, pin = https_server
    made = run_main(
        "server", "enroll", "--db", server_db, "--site", "Park", "--admin", "--json",
        "--out", tmp_path / "office.png",
    )  # fmt: skip
    office_db = tmp_path / "office.db"
    enrolment.enroll(office_db, made.json()["code"], backoff=ONCE)
    with Store(office_db) as store, store.read() as conn:
        admin = admin_client.server(conn, office_db)
        credential = conn.execute("SELECT credential FROM sync_state").fetchone()[0]
    pinned = f"{server.url}#sha256={pin}"
    answer = admin_client.make_code(admin, "North")
    assert parse_enrolment_code(answer.code)[0] == pinned
    forged = httpx.post(
        f"{server.url}{admin_client.ADMIN_PREFIX}/enrolment-codes",
        json={"checkpoint": "North"},
        headers={"Authorization": f"Bearer {credential}", "Host": "attacker.example"},
        verify=False,
    )
    assert parse_enrolment_code(forged.json()["code"])[0] == pinned
    station = enrolment.enroll(tmp_path / "north.db", answer.code, backoff=ONCE)
    assert station.answer.checkpoint == "North" and station.server_url == pinned

    # A public address set without the pin gets the one of the certificate the server serves.
    init = run_main("server", "init", "--site", "Park", "--url", "https://10.0.0.2:8765", "--db", server_db)
    assert init.code == 0, init.stderr
    assert (
        parse_enrolment_code(admin_client.make_code(admin, "North").code)[0]
        == f"https://10.0.0.2:8765#sha256={pin}"
    )
    made = run_main(
        "server", "enroll", "--db", server_db, "--checkpoint", "North", "--json", "--out", tmp_path / "n.png"
    )
    assert parse_enrolment_code(made.json()["code"])[0] == f"https://10.0.0.2:8765#sha256={pin}"


def test_a_certificate_other_than_the_pinned_one_is_refused(
    https_server: tuple[ServerProcess, Path, str], tmp_path: Path
) -> None:
    server, server_db, _ = https_server
    made = run_main(
        "server", "enroll", "--db", server_db, "--site", "Park", "--checkpoint", "North", "--json",
        "--out", tmp_path / "code.png",
    )  # fmt: skip
    secret = parse_enrolment_code(made.json()["code"])[1]
    forged = make_enrolment_code(f"{server.url}#sha256={'ab' * 32}", secret)
    with pytest.raises(Unreachable, match="fingerprint"):
        enrolment.enroll(tmp_path / "station.db", forged, backoff=ONCE)
    assert not (tmp_path / "station.db").exists()


def test_plain_http_to_another_machine_is_refused_before_anything_is_sent(tmp_path: Path) -> None:
    path = tmp_path / "station.db"
    with pytest.raises(BadEnrolmentCode, match="plain http"):
        enrolment.enroll(path, make_enrolment_code(ELSEWHERE, SECRET), backoff=ONCE)
    assert not path.exists()
    refused = run_main("enroll", make_enrolment_code(ELSEWHERE, SECRET), "--db", path)
    assert refused.code == 2
    assert refused.stderr.startswith("error: ") and "--trust-network" in refused.stderr
    assert "Traceback" not in refused.stderr


@pytest.mark.parametrize("how", ["flag", "code"])
def test_a_trusted_network_lets_plain_http_through(tmp_path: Path, how: str) -> None:
    url = ELSEWHERE if how == "flag" else f"{ELSEWHERE}#trusted"
    # It gets as far as the network (nothing answers there): the address itself was accepted.
    with pytest.raises(Unreachable) as raised:
        enrolment.enroll(
            tmp_path / "station.db",
            make_enrolment_code(url, SECRET),
            backoff=ONCE,
            timeout_s=0.5,
            trust_network=how == "flag",
        )
    assert "plain http" not in str(raised.value)


def test_the_address_rule() -> None:
    assert tls.refusal(tls.address("http://127.0.0.1:8765")) is None
    assert tls.refusal(tls.address("http://localhost:8765")) is None
    assert tls.refusal(tls.address("http://[::1]:8765")) is None
    assert tls.refusal(tls.address("https://city.example")) is None
    assert tls.refusal(tls.address("http://10.0.0.2:8765#trusted")) is None
    assert tls.refusal(tls.address("http://10.0.0.2:8765")) is not None
    assert tls.with_fragment("https://a:1/#sha256=" + "AB" * 32, trusted=True) == (
        f"https://a:1#sha256={'ab' * 32}&trusted"
    )
    with pytest.raises(tls.Insecure):
        tls.address("https://a:1#sha256=short")


def test_a_station_moved_to_plain_http_elsewhere_says_why_it_does_not_sync(
    https_server: tuple[ServerProcess, Path, str], tmp_path: Path
) -> None:
    _, server_db, _ = https_server
    made = run_main(
        "server", "enroll", "--db", server_db, "--site", "Park", "--checkpoint", "North", "--json",
        "--out", tmp_path / "code.png",
    )  # fmt: skip
    path = tmp_path / "station.db"
    enrolment.enroll(path, made.json()["code"], backoff=ONCE)
    moved = run_main("sync", "--once", "--server", ELSEWHERE, "--db", path)
    assert moved.code == 1
    assert "plain http" in moved.stderr and "Traceback" not in moved.stderr


def test_a_certificate_that_cannot_be_read_is_one_line(tmp_path: Path) -> None:
    certfile, _, _ = self_signed(tmp_path)
    # The server command in a process of its own: were it to start serving, the test would not hang.
    bad = run_process(
        "server",
        "--db",
        tmp_path / "s.db",
        "--port",
        "0",
        "--certfile",
        certfile,
        "--keyfile",
        tmp_path / "none",
    )
    assert bad.code == 2
    assert bad.stderr.startswith("error: cannot serve TLS") and "Traceback" not in bad.stderr
    half = run_process("server", "--db", tmp_path / "s.db", "--port", "0", "--certfile", certfile)
    assert half.code == 2 and "go together" in half.stderr
