"""Fixtures for the ID-card tests: cards, and readers emulated on a real pseudo-terminal and on loopback."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from registration.sampling.idcard.card import Card
from tests.registration.idcard.emulate import DecardService, HuashiService, SamEmulator, ShensiService
from tests.registration.ids import make_id

SERVICES = {"huashi": HuashiService, "shensi": ShensiService, "decard": DecardService}


def make_card(serial: int, name: str = "张三") -> Card:
    return Card(
        name=name,
        id_number=make_id(serial),
        gender="female" if serial % 2 else "male",
        nation="汉",
        birth="1960-01-01",
        address="广东省广州市天河区体育西路1号",
        issuer="广州市公安局天河分局",
        valid_from="2015-06-01",
        valid_to="2035-06-01",
    )


@pytest.fixture
def card() -> Card:
    return make_card(7, "李四")


@pytest.fixture
def sam_reader(tmp_path: Path) -> Iterator[SamEmulator]:
    """A SAM reader on a pseudo-terminal, at ``serial:TMP/ttyID0`` however often it is unplugged."""
    emulator = SamEmulator(tmp_path / "ttyID0")
    yield emulator
    emulator.close()


@pytest.fixture(params=sorted(SERVICES))
def service(
    request: pytest.FixtureRequest,
) -> Iterator[tuple[str, HuashiService | ShensiService | DecardService]]:
    """(its kind, a vendor's service emulated on loopback), for each of the three."""
    emulator = SERVICES[request.param]()
    yield request.param, emulator
    emulator.close()
