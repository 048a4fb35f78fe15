"""``auto``: the serial ports that answer the SAM's status first, then the vendors' services; and
nothing found says what was tried."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from devices.idcard_services import open_reader
from registration.sampling.idcard import drivers
from registration.sampling.idcard.card import Card
from registration.sampling.idcard.reader import ReaderLost
from tests.registration.idcard.emulate import HuashiService, SamEmulator, ShensiService


def test_auto_passes_over_a_port_that_is_no_reader_and_opens_the_one_that_is(
    sam_reader: SamEmulator, tmp_path: Path, card: Card
) -> None:
    master, slave = os.openpty()  # a serial device that never answers
    try:
        sam_reader.lay(card)
        missing = str(tmp_path / "ttyUSB9")
        reader = open_reader("auto", ports=[missing, os.ttyname(slave), str(sam_reader.link)], urls={})
        try:
            assert reader.name == f"serial:{sam_reader.link}"
            assert reader.poll() == card
        finally:
            reader.close()
    finally:
        os.close(master)
        os.close(slave)


def test_auto_opens_a_service_when_no_port_answers(card: Card) -> None:
    stopped, running = ShensiService(), HuashiService(card)
    stopped.unplug()
    try:
        urls = {"shensi": stopped.url, "huashi": running.url}
        reader = open_reader("auto", ports=[], urls=urls)
        try:
            assert reader.name == f"huashi:{running.url}"
            assert reader.poll() == card
        finally:
            reader.close()
    finally:
        stopped.close()
        running.close()


def test_no_reader_anywhere_names_what_was_tried(tmp_path: Path) -> None:
    stopped = HuashiService()
    stopped.unplug()
    with pytest.raises(ReaderLost) as lost:
        open_reader("auto", ports=[str(tmp_path / "ttyUSB0")], urls={"huashi": stopped.url})
    assert lost.value.reason.key == "idcard.no_reader"
    assert lost.value.reason.params["tried"] == f"serial {tmp_path / 'ttyUSB0'}; huashi {stopped.url}"


def test_auto_tries_the_ports_given_in_the_environment_first(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(drivers.PORTS_VARIABLE, os.pathsep.join(["/dev/ttyBT1", "/dev/ttyBT0"]))
    assert drivers.candidate_ports()[:2] == ["/dev/ttyBT1", "/dev/ttyBT0"]


def test_auto_tries_only_the_services_it_was_given_a_driver_for(tmp_path: Path) -> None:
    # The domain alone (no network drivers): a service's address is never tried, and not named.
    with pytest.raises(ReaderLost) as lost:
        drivers.open_reader(
            "auto", {}, ports=[str(tmp_path / "ttyUSB0")], urls={"huashi": "http://127.0.0.1:1"}
        )
    assert lost.value.reason.params["tried"] == f"serial {tmp_path / 'ttyUSB0'}"
