"""One catalogue of event kinds: every kind has a body model, a station applier, the projection's
handling (or is said not to need it) and words in the window; no part knows a kind the catalogue
does not."""

from __future__ import annotations

from pathlib import Path

from registration.storage import bodies, catalogue, events
from registration.storage.events import Event
from registration.storage.store import Store
from sync.apply import ingest_all
from sync.server import projection
from ui import reasons

KINDS = set(catalogue.KINDS)


def test_every_kind_has_a_body_model_and_no_model_is_outside_the_catalogue() -> None:
    assert bodies.kinds() == KINDS


def test_every_kind_has_a_station_applier() -> None:
    assert events.known_kinds() == KINDS


def test_the_projection_handles_exactly_the_kinds_the_catalogue_says_it_folds() -> None:
    assert set(projection.handled_kinds()) == catalogue.projected()


def test_the_window_has_words_for_every_kind() -> None:
    assert set(reasons.EVENT_KINDS) == KINDS


def test_an_event_of_a_kind_without_an_applier_is_set_aside_not_stored(
    tmp_path: Path,
) -> None:
    store = Store(tmp_path / "station.db")
    unknown = Event(
        "0190a0a0-0000-7000-8000-000000000001", "elsewhere", 1, "1700000000000.00000", "tube.x", {}
    )
    with store.write() as conn:
        applied, failed = ingest_all(conn, [unknown])
    assert applied == 0
    assert [(event.id, reason) for event, reason in failed] == [
        (unknown.id, "UnknownEventKind: no applier for event kind 'tube.x': update this laptop")
    ]
    assert store.conn.execute("SELECT 1 FROM events WHERE id = ?", (unknown.id,)).fetchone() is None
    store.close()
