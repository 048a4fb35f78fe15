"""The rules behind every 应检尽检 figure, in one place: which of two versions of a record wins,
which claim on a registration (a correction or a void) holds its tube position, and what a person
contributes to a round's counters. (Which events a closed round still counts is decided once, in
reconcile.py, whose code the server's folds run too.)

Pure functions over plain values. The station's appliers and reconciliation, the server's folds
and the dashboard's projection all call them; each keeps its own storage, none its own rules.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

from registration.errors import Reason

Counter = Literal["tested", "walk_ins", "exempt", "strangers"]


def version(hlc: str, device: str) -> str:
    """Orders edits of one record: the hybrid clock first, the device id breaks ties."""
    return f"{hlc}.{device}"


def wins(candidate: str, held: str | None) -> bool:
    """Last writer wins: ``candidate`` replaces the version ``held`` (None: nothing held yet)."""
    return held is None or candidate > held


def contribution(on_roster: bool | None, tested: bool, exempt: bool) -> Counter | None:
    """What one person adds to a round's figures: ``on_roster`` is None for a person no roster or
    walk-in entry knows. An exemption counts only for a roster person who was not tested anyway."""
    if on_roster is None:
        return "strangers" if tested else None
    if not on_roster:
        return "walk_ins" if tested else None
    if tested:
        return "tested"
    return "exempt" if exempt else None


def completion(tested: int, expected: int) -> float | None:
    return round(tested / expected, 4) if expected else None


def figures(
    roster: int, reported: int | None, exempt: int, tested: int, not_on_roster: int
) -> dict[str, Any]:
    """One line of a reconciliation: ``roster = exempt + tested + missing``."""
    expected = roster - exempt
    return {
        "roster": roster,
        "reported": reported,
        "exempt": exempt,
        "expected": expected,
        "tested": tested,
        "missing": expected - tested,
        "not_on_roster": not_on_roster,
        "completion": completion(tested, expected),
    }


@dataclass(frozen=True)
class Claim:
    """A correction or a void naming one registration: who may hold its tube position."""

    event: str
    version: str
    correction: bool


def first_claim(held: Claim | None, incoming: Claim) -> tuple[Claim, Claim | None]:
    """(the claim that holds, the claim set aside) when ``incoming`` names a registration that
    ``held`` already claims. The claim stamped first holds, whatever order they arrive in, so two
    laptops that corrected (or voided) one registration apart converge on one person in that tube
    position; the other is kept and shown, never applied."""
    if held is None or held.event == incoming.event:
        return incoming, None
    return (incoming, held) if incoming.version < held.version else (held, incoming)


SET_ASIDE = Reason("claim.set_aside")
