from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from registration.people import personcodes
from registration.sampling.payloads import MAX_LENGTH, Kind, classify

from .ids import make_id

KEY = personcodes.new_signing_key()
KEYS = {KEY.kid: KEY.public}


@pytest.mark.parametrize(
    ("text", "kind", "value"),
    [
        ("11010519491231002X", Kind.ID_NUMBER, "11010519491231002X"),
        (" 11010519491231002x\n", Kind.ID_NUMBER, "11010519491231002X"),
        ("１１０１０５１９４９１２３１００２Ｘ", Kind.ID_NUMBER, "11010519491231002X"),
        ("AB20221105000123", Kind.TUBE, "AB20221105000123"),
        ("2022110500012", Kind.TUBE, "2022110500012"),
        ("https://jkm.gd.gov.cn/qr?c=ab12CD34", Kind.FOREIGN, "https://jkm.gd.gov.cn/qr?c=ab12CD34"),
        ("eyJhbGciOiJIUzI1NiJ9.e30.ZRrHA1JJJW8opsbCGfG_HACGpVUMN_a9IV7pAx_Zmeo", Kind.FOREIGN, None),
    ],
)
def test_classification(text: str, kind: Kind, value: str | None) -> None:
    payload = classify(text, KEYS)
    assert payload.kind is kind
    if value is not None:
        assert payload.text == value


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("", "empty"),
        ("   ", "empty"),
        ("110105194912310021", "bad check digit in the ID number"),
        ("abc\x00def", "contains control or unprintable characters"),
        ("x" * (MAX_LENGTH + 1), f"too long to be a code ({MAX_LENGTH + 1} characters)"),
        ("'; DROP TABLE registrations; --", "not an ID number, person code, tube barcode or health code"),
        ("<script>alert(1)</script>", "not an ID number, person code, tube barcode or health code"),
        ("javascript:alert(document.cookie)", "not an ID number, person code, tube barcode or health code"),
        ("hello", "not an ID number, person code, tube barcode or health code"),
        ("short token", "not an ID number, person code, tube barcode or health code"),
    ],
)
def test_rejections_say_why(text: str, reason: str) -> None:
    payload = classify(text, KEYS)
    assert payload.kind is Kind.REJECTED
    assert payload.reason == reason


def test_binary_bytes_are_rejected() -> None:
    assert classify(b"\xff\xfe\x00\x81", KEYS).reason == "not text: the code holds binary data"
    assert classify(b"11010519491231002X", KEYS).kind is Kind.ID_NUMBER


def test_a_signed_person_code_names_its_person() -> None:
    number = make_id(7)
    payload = classify(personcodes.sign(KEY, number), KEYS)
    assert (payload.kind, payload.text) == (Kind.PERSON_CODE, number)


def test_an_altered_person_code_is_rejected() -> None:
    code = personcodes.sign(KEY, make_id(7))
    altered = code.replace(make_id(7), make_id(8))
    payload = classify(altered, KEYS)
    assert payload.kind is Kind.REJECTED
    assert "does not verify" in payload.reason


def test_a_code_from_another_campaign_is_rejected() -> None:
    other = personcodes.new_signing_key()
    payload = classify(personcodes.sign(other, make_id(7)), KEYS)
    assert payload.kind is Kind.REJECTED
    assert payload.reason == f"person code signed by an unknown key {other.kid}"


def test_a_campaign_tube_pattern_replaces_the_default() -> None:
    assert classify("TB-000123", KEYS, r"TB-\d{6}").kind is Kind.TUBE
    assert classify("AB20221105000123", KEYS, r"TB-\d{6}").kind is not Kind.TUBE


@settings(max_examples=400)
@given(st.one_of(st.text(max_size=3000), st.binary(max_size=3000)))
def test_the_classifier_never_raises(raw: str | bytes) -> None:
    payload = classify(raw, KEYS)
    assert payload.kind in Kind
    assert (payload.kind is Kind.REJECTED) == bool(payload.reason) or payload.kind is Kind.FOREIGN


@given(st.text(alphabet=st.characters(codec="utf-8"), min_size=1, max_size=200))
def test_person_code_lookalikes_never_verify(tail: str) -> None:
    payload = classify("TP1." + tail, KEYS)
    assert payload.kind is Kind.REJECTED
