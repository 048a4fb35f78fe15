"""Every event kind in one table: what it is for, and whether the dashboard's projection folds it.

The body models (``bodies.py``), the station's appliers (``@applies``), the projection's handlers
(``sync/server/projection.py``) and the window's words for each kind (``ui/reasons.py``) are
checked against this table by a test, so a kind missing from one of them fails a test, not a user.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Kind:
    what: str
    projected: bool
    """The dashboard's projection folds it (it moves a figure, a tube or a result the page shows)."""


KINDS: dict[str, Kind] = {
    "registration": Kind("a person sampled into a tube position, or a correction of one", True),
    "void": Kind("a registration cancelled; the sample stays in its position", True),
    "tube.opened": Kind("a tube started at a checkpoint", True),
    "tube.sealed": Kind("a tube closed, full or early", True),
    "tube.result": Kind("the lab's result of a tube", True),
    "handover.recorded": Kind("sealed tubes handed to the transport", True),
    "box.opened": Kind("a transport box opened at a checkpoint (the server keeps whose box it is)", True),
    "box.filled": Kind("sealed tubes scanned into a transport box", True),
    "box.sealed": Kind("a transport box closed with its count", False),
    "lab.received": Kind("the tubes the lab says it received", True),
    "tube.moved": Kind("a broken or mislabelled tube's people moved to a new barcode", True),
    "labels.printed": Kind("a range of tube or box labels printed ahead", False),
    "person.upserted": Kind("a roster entry or a walk-in", True),
    "enterprise.upserted": Kind("an enterprise's reported headcount and contact", True),
    "exemption.set": Kind("a person excused from a round", True),
    "exemption.cleared": Kind("an exemption lifted", True),
    # Kept with the site's records on the server, which the dashboard's chase table reads.
    "exemption.requested": Kind("an enterprise liaison's reason for one of their missing people", True),
    "exemption.decided": Kind("the office's answer to a liaison's reason", True),
    "round.opened": Kind("a round opened or reopened, with its pool size", True),
    "round.closed": Kind("a round closed: its figures stand as they were then", True),
    "checkpoint.added": Kind("a testing point (the server keeps its own list)", False),
    "operator.added": Kind("a volunteer's name at a station", False),
    "key.published": Kind("the campaign's person-code key", False),
    "audit.revealed": Kind("full ID numbers or phones shown or exported", False),
    "data.purged": Kind("personal data taken out after the campaign", False),
}


def projected() -> frozenset[str]:
    return frozenset(kind for kind, entry in KINDS.items() if entry.projected)
