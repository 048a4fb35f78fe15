"""``main.py idcard read`` and ``idcard watch`` as real processes, against readers emulated in this
process: a SAM reader on a pseudo-terminal and the vendors' services on loopback. A card is read
masked; no card, no reader and damage that stays are one line and exit 2; a card left on the reader
is registered once, laid again it is already registered; an unplugged reader is said once and read
again once plugged in; Ctrl-C ends a watch with 130."""

from __future__ import annotations

import json
import os
import queue
import signal
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

import pytest

from registration.sampling.idcard.card import Card
from registration.sampling.idcard.drivers import PORTS_VARIABLE
from registration.sampling.idcard.watch import DAMAGED_AFTER
from tests.registration.idcard.conftest import make_card
from tests.registration.idcard.emulate import DecardService, HuashiService, SamEmulator, ShensiService

from .cli import ENV, ROOT, run_main, run_process

GATE = "North gate"
TUBE = "TUBE00000001"
WAIT = 10.0


class Running:
    """``main.py args`` in a process of its own, each line it prints read as it comes."""

    def __init__(self, *args: str | Path, env: dict[str, str] | None = None) -> None:
        self.proc = subprocess.Popen(
            [sys.executable, str(ROOT / "main.py"), *map(str, args)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=os.environ | ENV | (env or {}),
            cwd=ROOT,
        )
        self.out: queue.Queue[str] = queue.Queue()
        self.err: queue.Queue[str] = queue.Queue()
        self.said: list[str] = []  # every line of either stream, for the checks at the end
        assert self.proc.stdout is not None and self.proc.stderr is not None
        for stream, lines in ((self.proc.stdout, self.out), (self.proc.stderr, self.err)):
            threading.Thread(target=self._read, args=(stream, lines), daemon=True).start()

    def _read(self, stream: IO[str], lines: queue.Queue[str]) -> None:
        for line in stream:
            self.said.append(line)
            lines.put(line.rstrip("\n"))

    def line(self) -> str:
        return self.out.get(timeout=WAIT)

    def error(self) -> str:
        return self.err.get(timeout=WAIT)

    def interrupt(self) -> int:
        self.proc.send_signal(signal.SIGINT)
        return self.proc.wait(WAIT)

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait(WAIT)


@pytest.fixture
def sam_reader(tmp_path: Path) -> Iterator[SamEmulator]:
    emulator = SamEmulator(tmp_path / "ttyID0")
    yield emulator
    emulator.close()


@pytest.fixture
def card() -> Card:
    return make_card(60, "赵六")


@pytest.fixture
def station(tmp_path: Path) -> Path:
    db = tmp_path / "station.db"
    for command in (
        ("init", "--site", "Park", "--checkpoint", GATE),
        ("round", "open", "R1", "--pool-size", "5"),
        ("tube", "open", TUBE, "--checkpoint", GATE, "--round", "R1"),
    ):
        assert run_main(*command, "--db", db).code == 0
    return db


def _no_number_in_clear(card: Card, *outputs: str) -> None:
    for output in outputs:
        assert card.id_number not in output and card.address not in output


@pytest.mark.parametrize("kind", ["serial", "auto", "huashi", "shensi", "decard"])
def test_read_says_who_the_card_names_with_the_number_masked(
    kind: str, sam_reader: SamEmulator, card: Card
) -> None:
    services = {"huashi": HuashiService, "shensi": ShensiService, "decard": DecardService}
    service = services[kind](card) if kind in services else None
    sam_reader.lay(card)
    spec = {"serial": f"serial:{sam_reader.link}", "auto": "auto"}.get(kind) or f"{kind}:{service.url}"  # type: ignore[union-attr]
    try:
        done = run_process(
            "idcard",
            "read",
            "--reader",
            spec,
            "--json",
            env={PORTS_VARIABLE: str(sam_reader.link)},
            timeout=WAIT,
        )
    finally:
        if service is not None:
            service.close()
    assert done.code == 0, done.stderr
    assert (
        done.json()
        == card.masked()
        == {
            "name": "赵六",
            "id_number": card.id_number[:4] + "*" * 10 + card.id_number[-4:],
            "gender": "male",
            "birth": "1960-01-01",
            "nation": "汉",
        }
    )
    _no_number_in_clear(card, done.stdout, done.stderr)


def test_read_without_a_card_ends_at_its_timeout_in_one_line(sam_reader: SamEmulator) -> None:
    done = run_process(
        "idcard", "read", "--reader", f"serial:{sam_reader.link}", "--timeout", "0.5", timeout=WAIT
    )
    assert (done.code, done.stdout) == (2, "")
    assert done.stderr == "error: no card was laid on the reader within 0.5 seconds\n"


def test_read_of_a_reader_that_is_not_there_is_one_line(tmp_path: Path) -> None:
    done = run_process("idcard", "read", "--reader", f"serial:{tmp_path / 'ttyUSB7'}", timeout=WAIT)
    assert done.code == 2
    [line] = done.stderr.splitlines()
    assert (
        line.startswith(f"error: ID-card reader serial:{tmp_path / 'ttyUSB7'}: ") and "No such file" in line
    )
    assert "trying again" not in line  # a read does not


def test_read_of_answers_that_stay_damaged_is_one_line(sam_reader: SamEmulator) -> None:
    reading = Running("idcard", "read", "--reader", f"serial:{sam_reader.link}", "--timeout", "20")
    try:
        assert sam_reader.wait_answered(1)  # the SAM's status: the reader is open
        sam_reader.corrupt_next(10**6)
        assert reading.proc.wait(WAIT) == 2
        assert sam_reader.answered >= DAMAGED_AFTER
        assert reading.error() == (
            f"error: ID-card reader serial:{sam_reader.link}: its answers are damaged (bad checksum)"
        )
        assert reading.err.empty() and reading.out.empty()
    finally:
        reading.stop()


def test_watch_registers_a_card_once_while_it_stays_and_laid_again_it_is_already_registered(
    sam_reader: SamEmulator, card: Card, station: Path
) -> None:
    sam_reader.lay(card)
    watching = Running(
        "idcard", "watch", "--reader", f"serial:{sam_reader.link}", "--register",
        "--checkpoint", GATE, "--round", "R1", "--db", station, "--json",
    )  # fmt: skip
    try:
        first = json.loads(watching.line())
        assert {k: first[k] for k in card.masked()} == card.masked()
        registration = first["registration"]
        assert registration["status"] == "registered"
        # Nobody's roster knows them: registered on no roster, named by their card.
        assert registration["person"] == {"id_number": first["id_number"], "on_roster": False, "name": "赵六"}
        assert registration["tube"]["code"] == TUBE
        # Left on the reader: read again and again, said once.
        assert sam_reader.wait_answered(sam_reader.answered + 3 * 5)
        assert watching.out.empty()
        sam_reader.lift()
        assert sam_reader.wait_answered(sam_reader.answered + 3)  # three empty looks: lifted
        sam_reader.lay(card)
        again: dict[str, Any] = json.loads(watching.line())
        assert again["registration"]["status"] == "already_registered"
        assert watching.interrupt() == 130
    finally:
        watching.stop()
    assert watching.out.empty()
    printed = "".join(watching.said)
    assert "Traceback" not in printed
    _no_number_in_clear(card, printed)
    recall = run_main("trace", TUBE, "--db", station, "--json")
    assert recall.code == 0, recall.stderr
    assert [m["name"] for m in recall.json()["members"]] == ["赵六"]


def test_watch_says_an_unplugged_reader_once_and_reads_on_once_it_is_back(
    sam_reader: SamEmulator, card: Card
) -> None:
    watching = Running("idcard", "watch", "--reader", f"serial:{sam_reader.link}")
    try:
        assert watching.error() == f"ID-card reader serial:{sam_reader.link}: ready"
        assert sam_reader.wait_answered(sam_reader.answered + 2)
        sam_reader.unplug()
        lost = watching.error()
        assert lost.startswith(f"error: ID-card reader serial:{sam_reader.link}: ")
        assert lost.endswith("; trying again every 2 seconds")
        sam_reader.lay(card)
        sam_reader.plug()
        assert watching.error() == f"ID-card reader serial:{sam_reader.link}: ready"
        assert watching.line() == f"赵六 {card.masked()['id_number']} male 1960-01-01 汉"
        assert watching.interrupt() == 130
    finally:
        watching.stop()
    assert watching.err.empty()  # the unplugged reader said once, however often it was tried


def test_watch_stops_after_its_time_with_exit_0(sam_reader: SamEmulator) -> None:
    done = run_process("idcard", "watch", "--reader", f"serial:{sam_reader.link}", "--quit-after", "0.5")
    assert (done.code, done.stdout) == (0, "")


def test_watch_refuses_a_registration_it_cannot_make_before_opening_the_reader(
    sam_reader: SamEmulator, station: Path
) -> None:
    spec = f"serial:{sam_reader.link}"
    needs = run_main("idcard", "watch", "--reader", spec, "--register", "--db", station)
    assert (needs.code, needs.stderr) == (
        2,
        "error: idcard watch --register needs --checkpoint and --round\n",
    )
    closed = run_main(
        "idcard",
        "watch",
        "--reader",
        spec,
        "--register",
        "--checkpoint",
        GATE,
        "--round",
        "R9",
        "--db",
        station,
    )
    assert closed.code == 2 and closed.stderr.count("\n") == 1 and "R9" in closed.stderr
    assert sam_reader.answered == 0
    bad = run_main("idcard", "read", "--reader", "serial:", "--timeout", "-1")
    assert bad.code == 2 and bad.stderr.count("\n") == 1
