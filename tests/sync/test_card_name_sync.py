"""The name an ID card gave for a person on no roster travels with the registration: the real server
keeps it and names the person in its reconciliation, and another laptop's recall list names them."""

from __future__ import annotations

import httpx

from registration.people.identity import mask_id
from registration.reports import trace
from registration.sampling import registrations, tubes
from tests.sync.harness import ROUND, ServerThread, Station, credential, ids, server_events, sync_all


def test_the_card_name_reaches_the_server_and_the_other_laptops(
    server: ServerThread, site: dict[str, Station]
) -> None:
    south, admin = site["South"], site["admin"]
    [stranger] = ids(1, start=900)
    south.open_tube()
    outcome = registrations.register(
        south.store, stranger, checkpoint="South", round_name=ROUND, source="idcard", name="赵六"
    )
    assert outcome.status is registrations.Status.REGISTERED
    sync_all(list(site.values()))

    assert any("赵六" in str(row) for row in server_events(server.engine))
    answer = httpx.get(
        f"{server.url}/v1/rounds/{ROUND}/reconciliation",
        headers={"Authorization": f"Bearer {credential(south)}"},
    ).json()
    assert answer["not_on_any_roster"] == 1
    [listed] = answer["not_on_any_roster_people"]
    assert (listed["name"], listed["id_number"]) == ("赵六", mask_id(stranger))

    [tube] = [t.code for t in tubes.open_tubes(south.store.conn)]
    [member] = trace.trace(admin.store.conn, [tube])
    assert (member["name"], member["id_number"]) == ("赵六", mask_id(stranger))
