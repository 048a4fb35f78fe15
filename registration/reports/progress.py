"""A round's progress through time: how many roster people had been tested by each hour, for the chart
on the enterprises screen.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from datetime import datetime
from itertools import accumulate

# A roster person counts once, at their first live registration of the round.
_FIRST_TESTS = """
    SELECT min(r.at) FROM registrations r JOIN people p ON p.id_number = r.person
    WHERE r.round = :round AND r.voided_by IS NULL AND p.on_roster
      AND (:enterprise IS NULL OR p.enterprise = :enterprise)
    GROUP BY r.person
"""


@dataclass(frozen=True)
class Progress:
    hours: list[str]
    """Each hour with a first test, as "YYYY-MM-DD HH:00" in the registrations' local time."""
    tested: list[int]
    """People tested by the end of each hour (cumulative)."""


def by_hour(conn: sqlite3.Connection, round_name: str, enterprise: str | None = None) -> Progress:
    counts: dict[str, int] = {}
    for (first,) in conn.execute(_FIRST_TESTS, {"round": round_name, "enterprise": enterprise}):
        hour = datetime.fromisoformat(first).strftime("%Y-%m-%d %H:00")
        counts[hour] = counts.get(hour, 0) + 1
    hours = sorted(counts)
    return Progress(hours, list(accumulate(counts[h] for h in hours)))
