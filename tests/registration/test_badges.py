from __future__ import annotations

import re
from pathlib import Path

import pytest
from PIL import Image
from PIL.PdfParser import PdfParser

from registration.people import badges, identity, keys, personcodes
from registration.reports import reconcile
from registration.sampling import registrations, tubes
from registration.sampling.registrations import Status
from registration.sampling.scanning.decoders import decode_file
from registration.setup import campaign, rosters
from registration.setup.campaign import CampaignError
from registration.setup.rosters import Person
from registration.storage import events
from registration.storage.store import Store

from .ids import make_id

GATE = "North gate"
FIRM = "中山德泰新材料有限公司03"


def _roster(store: Store, count: int, firm: str = FIRM, first: int = 0) -> list[str]:
    numbers = [make_id(n, "445281") for n in range(first, first + count)]
    for n, number in enumerate(numbers):
        rosters.add_person(store, Person(number, f"欧阳{'娜静思雨'[n % 4]}{n}", firm, "生产部"))
    return numbers


def _register(store: Store, text: str) -> registrations.Outcome:
    return registrations.register(store, text, checkpoint=GATE, round_name="R1", source="camera")


def test_codes_printed_to_png_decode_register_and_reconcile(store: Store, tmp_path: Path) -> None:
    numbers = _roster(store, 8)
    _roster(store, 2, "另一家企业", first=100)
    report = badges.issue(store, tmp_path / "badges.png", enterprise=FIRM)
    assert (report.badges, report.pages) == (8, 2)
    assert report.files == [str(tmp_path / "badges.png"), str(tmp_path / "badges-2.png")]
    assert report.font and not report.warnings
    with Image.open(report.files[0]) as page:
        assert page.size == badges.PAGE and page.info["dpi"] == pytest.approx((300, 300), abs=0.01)

    decoded = [d.text for path in report.files for d in decode_file(path)]
    assert len(decoded) == 8
    tubes.open_tube(store, "TUBE00000001", checkpoint=GATE, round_name="R1", pool_size=10)
    for text in decoded:
        outcome = _register(store, text)
        assert outcome.status is Status.REGISTERED and outcome.kind == "person_code"
    registered = {r[0] for r in store.conn.execute("SELECT person FROM registrations")}
    assert registered == set(numbers)

    line = next(f for f in reconcile.reconcile(store.conn, "R1")["enterprises"] if f["enterprise"] == FIRM)
    assert (line["roster"], line["tested"], line["missing"], line["completion"]) == (8, 8, 0, 1.0)


def test_a_pdf_holds_every_badge_on_a4_pages(store: Store, tmp_path: Path) -> None:
    _roster(store, 7)
    report = badges.issue(store, tmp_path / "out" / "badges.pdf")
    assert (report.badges, report.pages) == (7, 2)
    pdf = PdfParser(tmp_path / "out" / "badges.pdf")
    assert len(pdf.pages) == 2
    # A4 in points: 2480 x 3508 pixels at 300 dpi.
    assert [pdf.read_indirect(page)[b"MediaBox"] for page in pdf.pages] == [[0, 0, 595.2, 841.92]] * 2


def test_a_pdf_larger_than_one_batch_is_appended_page_by_page(
    store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(badges, "PDF_BATCH", 2)
    _roster(store, 6 * 5)
    report = badges.issue(store, tmp_path / "badges.pdf")
    assert report.pages == 5
    assert len(PdfParser(tmp_path / "badges.pdf").pages) == 5


def test_a_directory_gets_one_scannable_card_per_person(store: Store, tmp_path: Path) -> None:
    numbers = _roster(store, 3)
    report = badges.issue(store, tmp_path / "cards", ids=[numbers[1]])
    assert len(report.files) == 1 and Path(report.files[0]).name == "00001-欧阳静1.png"
    (code,) = decode_file(report.files[0])
    assert registrations.classify(store.conn, code.text).text == numbers[1]  # through the roster


def test_the_signing_key_is_made_once_and_its_private_half_never_travels(
    store: Store, tmp_path: Path
) -> None:
    _roster(store, 1)
    badges.issue(store, tmp_path / "a.png")
    badges.issue(store, tmp_path / "b.png")
    assert store.conn.execute("SELECT count(*) FROM signing_keys").fetchone()[0] == 1
    key = keys.signing_key(store.conn)
    assert key is not None and key.private is not None
    bodies = " ".join(r[0] for r in store.conn.execute("SELECT body FROM events"))
    assert key.private.hex() not in bodies and key.public.hex() in bodies


def test_a_station_with_only_the_public_key_cannot_issue_codes(tmp_path: Path) -> None:
    with Store(tmp_path / "admin.db") as admin, Store(tmp_path / "laptop.db") as laptop:
        campaign.init(admin, "Park", [GATE])
        campaign.init(laptop, "Park", [GATE])
        keys.create_campaign_key(admin)
        published = admin.conn.execute("SELECT * FROM events WHERE kind = 'key.published'").fetchone()
        with laptop.write() as conn:
            events.ingest(conn, events.from_row(published))
        _roster(laptop, 1)
        with pytest.raises(CampaignError, match="issued on the administrator's station"):
            badges.issue(laptop, tmp_path / "b.png")
        assert laptop.conn.execute("SELECT count(*) FROM signing_keys").fetchone()[0] == 1


def test_altered_and_forged_codes_are_rejected_offline(store: Store) -> None:
    (number,) = _roster(store, 1)
    tubes.open_tube(store, "TUBE00000001", checkpoint=GATE, round_name="R1")
    key = badges.issuing_key(store)
    genuine = personcodes.sign(key, number)
    other = make_id(99, "445281")
    altered = genuine.replace(number, other)
    forger = personcodes.new_signing_key()
    same_kid = personcodes.sign(personcodes.SigningKey(key.kid, key.public, forger.private), number)
    unknown_kid = personcodes.sign(forger, number)
    truncated = genuine[:-4]
    assert _register(store, altered).reason == "person code signature does not verify: altered or forged"
    assert _register(store, same_kid).reason == "person code signature does not verify: altered or forged"
    assert _register(store, unknown_kid).reason == f"person code signed by an unknown key {forger.kid}"
    assert _register(store, truncated).status is Status.REJECTED
    assert store.conn.execute("SELECT count(*) FROM registrations").fetchone()[0] == 0
    assert _register(store, genuine).status is Status.REGISTERED


def test_bad_requests_are_refused(store: Store, tmp_path: Path) -> None:
    numbers = _roster(store, 2)
    with pytest.raises(CampaignError, match=r"write a \.pdf or \.png file, or a directory"):
        badges.issue(store, tmp_path / "badges.jpg")
    with pytest.raises(CampaignError, match="nobody is on the roster of 无此企业"):
        badges.issue(store, tmp_path / "x.png", enterprise="无此企业")
    with pytest.raises(CampaignError, match=r"is not on the roster$"):
        badges.issue(store, tmp_path / "x.png", ids=[make_id(500)])
    with pytest.raises(CampaignError, match="is not on the roster of 另一家"):
        badges.issue(store, tmp_path / "x.png", enterprise="另一家", ids=[numbers[0]])
    assert not list(tmp_path.glob("*.png"))
    assert keys.signing_key(store.conn) is None


def test_a_long_enterprise_name_is_shrunk_to_fit_the_card() -> None:
    firm = "中山市火炬高技术产业开发区某某某某精密电子科技股份有限公司第二分公司"
    card = badges.card(badges.Badge("张三", firm, None, "4401**********0000", "TP1.X"), badges.Fonts.find())
    assert card.size == badges.card_size()
    # Inside the cut line, the side margins stay blank: no text ran over the card's edge.
    pad = badges.CARD_PADDING
    for left in (4, card.width - pad + 2):
        assert card.crop((left, 4, left + pad - 6, card.height - 4)).getextrema() == (1, 1)


def _people(store: Store) -> list[Person]:
    listed = [
        Person(make_id(1, "445281"), "张三", FIRM, "生产部", "13800001234"),
        Person(make_id(2, "445281"), "张三丰", FIRM, "仓储部", "13900005678"),
        Person(make_id(3, "445281"), "李四", "另一家企业", "生产部", "13700001234"),
        Person(make_id(4, "445281"), "王五", FIRM, "生产部", None),
    ]
    for person in listed:
        rosters.add_person(store, person)
    return listed


def _names(store: Store, choice: badges.Choice) -> set[str]:
    return {p.name for p in badges.chosen_people(store.conn, choice)}


def test_badges_are_chosen_by_roster_search_department_and_phone_tail(store: Store) -> None:
    _people(store)
    assert _names(store, badges.Choice(search="张三")) == {"张三丰", "张三"}
    assert _names(store, badges.Choice(department="生产部")) == {"王五", "张三", "李四"}
    assert _names(store, badges.Choice(enterprise=FIRM, department="生产部")) == {"王五", "张三"}
    assert _names(store, badges.Choice(phone_tail="1234")) == {"张三", "李四"}
    assert _names(store, badges.Choice(search="0000567")) == {"张三丰"}
    assert _names(store, badges.Choice(search="张三", phone_tail="5678")) == {"张三丰"}
    with pytest.raises(CampaignError, match="phone tail is 4 to 11 digits"):
        badges.chosen_people(store.conn, badges.Choice(phone_tail="12a4"))


def test_an_id_masked_as_lists_show_it_names_one_person_within_the_other_criteria(store: Store) -> None:
    listed = _people(store)
    masked = identity.mask_id(listed[1].id_number)
    assert _names(store, badges.Choice(enterprise=FIRM, ids=[masked])) == {"张三丰"}
    assert _names(store, badges.Choice(ids=[listed[0].id_number, masked, masked])) == {"张三", "张三丰"}
    with pytest.raises(CampaignError, match=f"{re.escape(masked)} is not on the roster of 另一家企业$"):
        badges.chosen_people(store.conn, badges.Choice(enterprise="另一家企业", ids=[masked]))
    # Two people whose ID numbers share the shown digits: the masked one is refused as ambiguous.
    twins = {}
    for serial in range(10, 20_000):
        number = make_id(serial, "445281")
        if identity.mask_id(number) in twins:
            break
        twins[identity.mask_id(number)] = number
    rosters.add_person(store, Person(twins[identity.mask_id(number)], "甲", FIRM))
    rosters.add_person(store, Person(number, "乙", "另一家企业"))
    with pytest.raises(CampaignError, match="is 2 people on the roster: narrow it"):
        badges.chosen_people(store.conn, badges.Choice(ids=[identity.mask_id(number)]))
    assert _names(store, badges.Choice(enterprise="另一家企业", ids=[identity.mask_id(number)])) == {"乙"}
