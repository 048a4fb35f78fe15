"""Tube patterns run in linear time: no pattern, however written, can hang a scan."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from registration.sampling import payloads, registrations
from registration.sampling.payloads import Kind
from registration.setup import campaign
from registration.setup.campaign import CampaignError
from registration.storage.store import Store

CATASTROPHIC = r"(a+)+$"  # exponential on a backtracking engine for 'aaa…a!'


def test_a_catastrophic_pattern_answers_at_once(tmp_path: Path) -> None:
    with Store(tmp_path / "station.db") as store:
        campaign.init(store, "Park", ["North"], tube_pattern=CATASTROPHIC)
        campaign.open_round(store, "R1")
        hostile = "a" * (payloads.MAX_LENGTH - 1) + "!"
        started = time.perf_counter()
        scanned = registrations.classify(store.conn, hostile)
        assert time.perf_counter() - started < 0.1
        assert scanned.kind is Kind.REJECTED
        assert registrations.classify(store.conn, "aaaaaaaaaa").kind is Kind.TUBE


@pytest.mark.parametrize(
    ("pattern", "said"),
    [
        (r"(T)\1[0-9]{8}", "invalid escape sequence"),  # a backreference: no linear-time engine runs it
        (r"(?=T)[A-Z0-9]{10}", "invalid perl operator"),  # lookahead, the same
        ("[A-Z", "missing ]"),
        ("A" * 300, "at most 256 characters"),
    ],
)
def test_a_pattern_the_linear_engine_cannot_run_is_refused_at_init(
    tmp_path: Path, pattern: str, said: str
) -> None:
    with Store(tmp_path / "station.db") as store:
        with pytest.raises(CampaignError, match=said):
            campaign.init(store, "Park", ["North"], tube_pattern=pattern)
        assert not campaign.is_initialised(store)


def test_the_default_pattern_still_reads_tubes() -> None:
    assert payloads.classify("AB12345678").kind is Kind.TUBE
    assert payloads.classify("ab12345678").kind is not Kind.TUBE
