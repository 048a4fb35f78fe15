"""Fixtures for the domain tests: a fresh campaign database on disk."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from registration.setup import campaign
from registration.storage.store import Store


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    with Store(tmp_path / "station.db") as opened:
        campaign.init(opened, "Torch Park", ["North gate", "South gate"])
        campaign.open_round(opened, "R1", pool_size=10)
        yield opened
