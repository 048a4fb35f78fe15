"""What the station reads for its screens (scan state, roster search, progress, exports) and the demo
campaign, on real campaign databases."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest

from registration.reports import progress, reconcile, reconcile_export
from registration.sampling import desk, registrations
from registration.setup import sample_park
from registration.storage.store import Store


@pytest.fixture
def built(tmp_path: Path) -> sample_park.DemoCampaign:
    return sample_park.build(tmp_path, people=24, video=False)


def register(
    store: Store, built: sample_park.DemoCampaign, codes: list[str], checkpoint: str | None = None
) -> None:
    for code in codes:
        outcome = registrations.register(
            store, code, checkpoint=checkpoint or built.checkpoint, round_name=built.round, accept_tubes=True
        )
        assert outcome.status in (registrations.Status.REGISTERED, registrations.Status.TUBE_OPENED), outcome


def test_the_demo_campaign_is_ready_to_scan(built: sample_park.DemoCampaign) -> None:
    with Store(built.path) as store:
        info = desk.campaign_info(store)
        assert info.initialised and info.site == sample_park.SITE
        assert info.checkpoints == sorted(sample_park.CHECKPOINTS) and info.open_rounds == [sample_park.ROUND]
        assert info.operators == [sample_park.OPERATOR]
        state = desk.scan_state(store.conn, built.checkpoint, built.round, desk.now_iso())
        assert state.tube is not None and state.tube.code == built.tubes[0] and state.slots == []
        # Every person code verifies offline with the campaign's key.
        first = registrations.register(
            store, built.codes[0], checkpoint=built.checkpoint, round_name=built.round
        )
        assert first.status is registrations.Status.REGISTERED
        assert first.person is not None and first.person["name"] == built.people[0].name


def test_the_demo_video_script_has_a_yellow_code_and_a_repeat() -> None:
    codes = [f"C{i}" for i in range(sample_park.VIDEO_PEOPLE)]
    script = sample_park.video_script(codes)
    assert len(script) == sample_park.VIDEO_PEOPLE + 1
    assert [colour for _, colour in script].count("yellow") == 1
    assert [code for code, _ in script].count("C1") == 2


def test_scan_state_counts_the_shift_and_the_round_here(built: sample_park.DemoCampaign) -> None:
    with Store(built.path) as store:
        register(store, built, built.codes[:3])
        register(store, built, [built.tubes[1], *built.codes[3:5]], checkpoint="南门")
        later = "9999-01-01T00:00:00+00:00"
        state = desk.scan_state(store.conn, built.checkpoint, built.round, "0000")
        assert (state.shift, state.round_here) == (3, 3)
        assert [s.position for s in state.slots] == [1, 2, 3]
        assert [s.name for s in state.slots] == [p.name for p in built.people[:3]]
        assert all(s.masked_id.count("*") == 10 for s in state.slots)
        assert desk.scan_state(store.conn, built.checkpoint, built.round, later).shift == 0


def test_roster_search_finds_by_name_or_phone_and_masks(built: sample_park.DemoCampaign) -> None:
    person = built.people[5]
    with Store(built.path) as store:
        by_name = desk.search_people(store.conn, person.name)
        assert person.id_number in {hit.id_number for hit in by_name}
        assert person.phone is not None
        by_phone = desk.search_people(store.conn, person.phone[-6:])
        assert [hit.id_number for hit in by_phone] == [person.id_number]
        assert by_phone[0].masked_phone == person.phone[:3] + "****" + person.phone[-4:]
        assert person.id_number not in repr(by_phone[0])
        assert desk.search_people(store.conn, "%") == []  # a wildcard is a character, not everyone
        assert desk.search_people(store.conn, "  ") == []


def test_progress_counts_each_roster_person_once_at_their_first_test(built: sample_park.DemoCampaign) -> None:
    with Store(built.path) as store:
        register(store, built, built.codes[:4])
        again = registrations.register(store, built.codes[0], checkpoint="南门", round_name=built.round)
        assert again.status is registrations.Status.ALREADY_REGISTERED
        shown = progress.by_hour(store.conn, built.round)
        assert shown.tested[-1] == 4 and len(shown.hours) == len(shown.tested) >= 1
        firm = built.people[0].enterprise
        mine = progress.by_hour(store.conn, built.round, firm)
        assert mine.tested[-1] == sum(1 for p in built.people[:4] if p.enterprise == firm)


def test_the_figures_export_matches_the_reconciliation(
    built: sample_park.DemoCampaign, tmp_path: Path
) -> None:
    with Store(built.path) as store:
        register(store, built, built.codes[:7])
        figures = reconcile.reconcile(store.conn, built.round)
        out = tmp_path / "figures.xlsx"
        written = reconcile_export.write_figures(store, built.round, out)
    rows = list(openpyxl.load_workbook(out).worksheets[0].iter_rows(values_only=True))
    assert written == len(figures["enterprises"]) + 1 == len(rows) - 1
    header = rows[0]
    tested = header.index("已检 tested")
    assert [r[tested] for r in rows[1:-1]] == [f["tested"] for f in figures["enterprises"]]
    assert rows[-1][tested] == figures["totals"]["tested"] == 7
    reported = header.index("上报 reported")
    assert [r[reported] for r in rows[1:-1]] == [f["reported"] for f in figures["enterprises"]]
