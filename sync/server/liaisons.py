"""Enterprise liaisons on the dashboard: what a signed-in account may see (``Scope``, the one place
that decides it), the reasons a liaison gives for their missing people, the office's answers, and
the chase table of every enterprise.

Requests and answers are events the server writes as the site's author (``exemption.requested``,
``exemption.decided``; an accepted one also ``exemption.set``, or ``person.upserted`` off the roster
for a person who left), so the laptops receive them through the feed like any other event and
their reconciliation counts them as the dashboard does.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, select

from registration.errors import Refused
from registration.people import identity
from registration.setup import exemption_requests, exemptions, rosters
from registration.setup.exemption_requests import ASKED
from registration.storage import tables
from sync.server import campaigns, eventlog, records


class RequestRefused(Refused):
    """A liaison's reason the server does not take as it is (the page says why)."""


# What a liaison's page and JSON hold of a snapshot's totals: the enterprise's own line.
_FIGURES = ("roster", "reported", "exempt", "expected", "tested", "missing", "not_on_roster", "completion")


@dataclass(frozen=True)
class Scope:
    """What one signed-in account sees of a site: every enterprise, or a liaison's one. Every
    dashboard answer that names enterprises or people is cut by it."""

    site: str
    enterprise: str | None = None

    def sees(self, enterprise: str | None) -> bool:
        return self.enterprise is None or enterprise == self.enterprise

    def snapshot(self, full: dict[str, Any]) -> dict[str, Any]:
        """The dashboard's snapshot as this scope sees it. A liaison's is built afresh from the keys
        named here, so that nothing added to the snapshot later reaches a liaison unasked."""
        if self.enterprise is None:
            return full
        firms = [f for f in full["enterprises"] if f["enterprise"] == self.enterprise]
        line = firms[0] if firms else {"enterprise": self.enterprise}
        totals = {key: line.get(key) for key in _FIGURES}
        totals |= {k: full["totals"][k] for k in ("deadline_ms", "time_left_s")}
        kept = {k: full[k] for k in ("site", "round", "server_time_ms", "head", "as_of") if k in full}
        return kept | {
            "totals": totals,
            "enterprises": firms,
            "chase": [c for c in full.get("chase", []) if c["enterprise"] == self.enterprise],
        }


def request(
    conn: Connection,
    scope: Scope,
    round_name: str,
    person: str,
    reason: str,
    *,
    place: str | None,
    tested_at: str | None,
    note: str | None,
    by: str,
    now_ms: int,
) -> str:
    """Record a liaison's reason for one of their enterprise's roster people; the request's id.
    LookupError (nothing named) for a person not on their roster."""
    if scope.enterprise is None:
        raise PermissionError("only an enterprise's liaison gives reasons for its people")
    if reason not in ASKED:
        raise RequestRefused("exemption_request.reason", reason=reason, known=", ".join(ASKED))
    head = eventlog.lock_site(conn, scope.site)
    p, r = records.people.c, records.rounds.c
    mine = conn.execute(
        select(p.id_number).where(
            p.site == scope.site,
            p.id_number == person,
            p.on_roster.is_(True),
            p.enterprise == scope.enterprise,
        )
    ).first()
    if mine is None:
        raise LookupError("no such person on your roster")
    status = conn.execute(select(r.status).where(r.site == scope.site, r.name == round_name)).scalar()
    if status != "open":
        raise RequestRefused("exemption_request.round_closed", round=round_name)
    body = {
        "round": round_name,
        "person": person,
        "reason": reason,
        "place": tables.clean_text(place) or None,
        "tested_at": tables.clean_text(tested_at) or None,
        "note": tables.clean_text(note) or None,
        "by": by,
    }
    lacks = exemption_requests.lacking(reason, body["place"], body["tested_at"], body["note"])
    if lacks is not None:
        raise RequestRefused(lacks)
    q = records.requests.c
    if conn.execute(
        select(q.id).where(
            q.site == scope.site, q.round == round_name, q.person == person, q.decision.is_(None)
        )
    ).first():
        raise RequestRefused("exemption_request.pending")
    return campaigns.author_event(conn, scope.site, head, "exemption.requested", body, now_ms)


def decide(
    conn: Connection, site: str, request_id: str, accepted: bool, note: str | None, by: str, now_ms: int
) -> dict[str, Any]:
    """The office's answer to a request not answered yet, as an administrator's; accepted, the person
    becomes exempt (registration/setup/exemptions.py's body), or leaves the roster for "left"."""
    eventlog.lock_site(conn, site)
    q, p = records.requests.c, records.people.c
    held = conn.execute(select(records.requests).where(q.site == site, q.id == request_id)).first()
    if held is None:
        raise LookupError(f"no request {request_id}")
    if held.decision is not None:
        raise RequestRefused("exemption_request.answered", request=request_id, state=held.decision)
    answer = {"request": request_id, "accepted": accepted, "note": tables.clean_text(note) or None, "by": by}
    _write(conn, site, "exemption.decided", answer, now_ms)
    if accepted:
        becomes = exemption_requests.exemption_of(held.reason, held.place, held.tested_at, held.note)
        if becomes is not None:
            body = exemptions.set_body(held.round, held.person, *becomes)
            _write(conn, site, "exemption.set", body, now_ms)
        else:
            person = conn.execute(
                select(p.name, p.enterprise, p.department, p.phone, p.on_roster).where(
                    p.site == site, p.id_number == held.person
                )
            ).first()
            if person is not None and person.on_roster and person.name:
                off = rosters.Person(
                    held.person, person.name, person.enterprise, person.department, person.phone, False
                )
                _write(conn, site, "person.upserted", off.body(), now_ms)
    return {"request": request_id, "state": "accepted" if accepted else "declined"}


def _write(conn: Connection, site: str, kind: str, body: dict[str, Any], now_ms: int) -> str:
    """An event of the site's server author, after the ones this transaction wrote already."""
    return campaigns.author_event(conn, site, eventlog.lock_site(conn, site), kind, body, now_ms)


def decide_all(
    conn: Connection,
    site: str,
    round_name: str,
    enterprise: str,
    accepted: bool,
    note: str | None,
    by: str,
    now_ms: int,
) -> list[dict[str, Any]]:
    """``decide`` for every request of ``enterprise``'s people in ``round_name`` not answered yet."""
    waiting = [r["id"] for r in listing(conn, Scope(site, enterprise), round_name, pending=True)]
    return [decide(conn, site, request_id, accepted, note, by, now_ms) for request_id in waiting]


def listing(
    conn: Connection, scope: Scope, round_name: str | None, *, pending: bool = False
) -> list[dict[str, Any]]:
    """The requests of the people ``scope`` sees (of ``round_name``; only those not answered yet),
    ID numbers masked, by enterprise, then oldest first."""
    q, p = records.requests.c, records.people.c
    query = (
        select(records.requests, p.name, p.enterprise)
        .join_from(
            records.requests, records.people, (p.site == q.site) & (p.id_number == q.person), isouter=True
        )
        .where(q.site == scope.site)
    )
    if round_name is not None:
        query = query.where(q.round == round_name)
    if scope.enterprise is not None:
        query = query.where(p.enterprise == scope.enterprise)
    if pending:
        query = query.where(q.decision.is_(None))
    rows = sorted(conn.execute(query), key=lambda r: (r.enterprise or "", r.id))
    return [_view(row) for row in rows]


def _view(row: Any) -> dict[str, Any]:
    return {
        "id": row.id,
        "round": row.round,
        "id_number": identity.mask_id(row.person),
        "name": row.name,
        "enterprise": row.enterprise,
        "reason": row.reason,
        "place": row.place,
        "tested_at": row.tested_at,
        "note": row.note,
        "by": row.requested_by,
        "requested_ms": row.requested_ms,
        "state": row.decision or "pending",
        "decision_note": row.decision_note,
        "decided_by": row.decided_by,
    }


def chase(
    conn: Connection, scope: Scope, round_name: str, firms: Sequence[dict[str, Any]]
) -> list[dict[str, Any]]:
    """exemption_requests.chase over the site's requests of ``round_name``, of the enterprises of
    the round's figures ``firms`` that ``scope`` sees."""
    q, p = records.requests.c, records.people.c
    rows = conn.execute(
        select(q.person, p.enterprise, q.id, q.decision)
        .join_from(
            records.requests, records.people, (p.site == q.site) & (p.id_number == q.person), isouter=True
        )
        .where(q.site == scope.site, q.round == round_name)
    )
    seen = [f for f in firms if scope.sees(f["enterprise"])]
    return exemption_requests.chase(seen, exemption_requests.latest_states(rows))


def latest_by_person(conn: Connection, scope: Scope, round_name: str) -> dict[str, dict[str, Any]]:
    """Each person's latest request in ``round_name`` (of the people ``scope`` sees), by ID number:
    what a liaison's page shows beside them (pending, or declined with the office's note)."""
    q, p = records.requests.c, records.people.c
    query = (
        select(records.requests, p.name, p.enterprise)
        .join_from(
            records.requests, records.people, (p.site == q.site) & (p.id_number == q.person), isouter=True
        )
        .where(q.site == scope.site, q.round == round_name)
    )
    if scope.enterprise is not None:
        query = query.where(p.enterprise == scope.enterprise)
    latest: dict[str, Any] = {}
    for row in conn.execute(query):
        if row.person not in latest or row.id > latest[row.person].id:
            latest[row.person] = row
    return {person: _view(row) for person, row in latest.items()}
