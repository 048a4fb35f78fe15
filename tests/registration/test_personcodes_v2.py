"""Badges that carry an opaque person key, not the ID number; the first version keeps verifying."""

from __future__ import annotations

import re
from pathlib import Path

from registration.people import badges, keys, personcodes
from registration.sampling import payloads, registrations, tubes
from registration.sampling.scanning.decoders import decode_file
from registration.setup import rosters
from registration.setup.rosters import Person
from registration.storage import bodies, events
from registration.storage.store import Store
from tests.registration.ids import make_id

GATE = "North gate"
_ANY_ID = re.compile(r"\d{17}[\dX]")


def _people(store: Store, count: int) -> list[str]:
    numbers = [make_id(n, "445281") for n in range(count)]
    for n, number in enumerate(numbers):
        rosters.add_person(store, Person(number, f"欧阳{n}", "Acme", "生产部", phone=f"1390013900{n}"))
    return numbers


def _register(store: Store, text: str) -> registrations.Outcome:
    return registrations.register(store, text, checkpoint=GATE, round_name="R1", source="camera")


def test_a_photographed_badge_holds_no_id_number_and_registers_the_right_person(
    store: Store, tmp_path: Path
) -> None:
    numbers = _people(store, 3)
    report = badges.issue(store, tmp_path / "cards", ids=[numbers[1]])
    (code,) = decode_file(report.files[0])
    assert code.text.startswith("TP2.")
    assert numbers[1] not in code.text and not _ANY_ID.search(code.text)
    assert "1390013900" not in code.text
    tubes.open_tube(store, "TUBE00000001", checkpoint=GATE, round_name="R1")
    outcome = _register(store, code.text)
    assert outcome.status is registrations.Status.REGISTERED, outcome.reason
    person = store.conn.execute(
        "SELECT person, raw_code FROM registrations WHERE event = ?", (outcome.event,)
    )
    assert tuple(person.fetchone()) == (numbers[1], None)


def test_the_key_travels_with_the_roster_event_so_another_laptop_resolves_the_badge(
    store: Store, tmp_path: Path
) -> None:
    [number] = _people(store, 1)
    key = keys.create_campaign_key(store)
    [person] = rosters.with_keys(store, rosters.on_roster(store.conn))
    code = personcodes.sign_person_key(key, person.person_key or "")
    upserts = [
        events.from_row(r)
        for r in store.conn.execute("SELECT * FROM events WHERE kind IN ('person.upserted', 'key.published')")
    ]
    assert all(bodies.validate(e.kind, e.body) is None for e in upserts)  # the server takes them
    with Store(tmp_path / "other.db") as other:
        with other.write() as conn:
            for event in upserts:
                events.ingest(conn, event)
        assert registrations.classify(other.conn, code) == payloads.Payload(payloads.Kind.PERSON_CODE, number)
    # Changing the person's phone keeps their key: printed badges stay good.
    rosters.add_person(store, Person(number, "欧阳0", "Acme", "生产部", phone="13700137000"))
    assert rosters.get(store.conn, number) == Person(
        number, "欧阳0", "Acme", "生产部", "13700137000", True, person.person_key
    )


def test_new_people_get_a_key_as_they_join_the_roster(store: Store) -> None:
    _people(store, 2)
    found = {p.person_key for p in rosters.on_roster(store.conn)}
    assert None not in found and len(found) == 2
    assert all(re.fullmatch(personcodes.PERSON_KEY, k or "") for k in found)


def test_unknown_forged_and_first_version_codes() -> None:
    key = personcodes.new_signing_key()
    public = {key.kid: key.public}
    person_key = personcodes.new_person_key()
    code = personcodes.sign_person_key(key, person_key)
    assert personcodes.read(code, public) == personcodes.Verified(person_key=person_key)
    assert payloads.classify(code, public).kind is payloads.Kind.REJECTED  # no roster to resolve it
    resolved = payloads.classify(code, public, person_keys={person_key: make_id(3)}.get)
    assert resolved == payloads.Payload(payloads.Kind.PERSON_CODE, make_id(3))
    other_key = personcodes.new_person_key()
    altered = code.replace(person_key, other_key)
    forged = payloads.classify(altered, public, person_keys={other_key: make_id(4)}.get)
    assert forged.kind is payloads.Kind.REJECTED and "altered or forged" in forged.reason
    old = personcodes.sign(key, make_id(5))  # badges printed before keep working
    assert payloads.classify(old, public) == payloads.Payload(payloads.Kind.PERSON_CODE, make_id(5))
    assert payloads.classify("TP2.00000000.ABC.DEF", public).kind is payloads.Kind.REJECTED
