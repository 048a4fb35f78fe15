from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from registration.people.identity import (
    birth_date_problem,
    check_char,
    id_problem,
    is_valid_id,
    mask_id,
    mask_phone,
    normalise_id,
    normalise_phone,
)
from registration.sampling import payloads

# Published example numbers whose check characters are known.
KNOWN_VALID = ["11010519491231002X", "440524188001010014", "110101199003074477"]


@pytest.mark.parametrize("number", KNOWN_VALID)
def test_known_numbers_are_valid(number: str) -> None:
    assert id_problem(number) is None


def test_wrong_check_digit_is_named() -> None:
    assert id_problem("110105194912310021") == "bad check digit in the ID number"


@pytest.mark.parametrize(
    ("raw", "normalised"),
    [
        (" 11010519491231002x ", "11010519491231002X"),
        ("１１０１０５１９４９１２３１００２Ｘ", "11010519491231002X"),
        ("110105 19491231 002X", "11010519491231002X"),
    ],
)
def test_normalise_folds_width_spaces_and_case(raw: str, normalised: str) -> None:
    assert normalise_id(raw) == normalised


def _with_check(first17: str) -> str:
    return first17 + check_char(first17)


@pytest.mark.parametrize(
    "birth",
    ["19901301", "19900230", "19900431", "19900631", "19000229", "20230229", "19900000", "19900132"],
)
def test_impossible_birth_dates_are_refused_with_the_reason(birth: str) -> None:
    number = _with_check(f"440111{birth}001")
    assert id_problem(number) == "the birth date in the ID number is impossible"
    scanned = payloads.classify(number)
    assert (scanned.kind, scanned.reason) == (
        payloads.Kind.REJECTED,
        "the birth date in the ID number is impossible",
    )


def test_a_birth_date_in_the_future_is_refused() -> None:
    tomorrow = date.today() + timedelta(days=1)
    number = _with_check(f"440111{tomorrow:%Y%m%d}001")
    assert id_problem(number) == "the birth date in the ID number is in the future"
    assert payloads.classify(number).kind is payloads.Kind.REJECTED
    assert birth_date_problem(number, today=tomorrow) is None


def test_29_february_of_a_leap_year_is_a_birth_date() -> None:
    assert id_problem(_with_check("44011120000229001")) is None
    assert id_problem(_with_check("44011119960229001")) is None


_BIRTHS = st.dates(min_value=date(1900, 1, 1), max_value=date.today())
_FIRST17 = st.builds(
    lambda region, born, serial: f"{region}{born:%Y%m%d}{serial}",
    st.from_regex(r"[0-9]{6}", fullmatch=True),
    _BIRTHS,
    st.from_regex(r"[0-9]{3}", fullmatch=True),
)


@given(_FIRST17)
def test_appending_the_check_char_always_validates(first17: str) -> None:
    assert is_valid_id(first17 + check_char(first17))


@given(st.from_regex(r"[0-9]{17}", fullmatch=True))
def test_the_check_char_is_the_standards_weighted_sum(first17: str) -> None:
    weights = [2 ** (17 - i) % 11 for i in range(17)]  # GB 11643-1999: 7, 9, 10, 5, 8, 4, 2, ...
    total = sum(int(d) * w for d, w in zip(first17, weights, strict=True))
    assert check_char(first17) == "10X98765432"[total % 11]


@given(_FIRST17, st.integers(min_value=0, max_value=16), st.integers(min_value=1, max_value=9))
def test_any_single_digit_error_is_detected(first17: str, index: int, delta: int) -> None:
    number = first17 + check_char(first17)
    changed = number[:index] + str((int(number[index]) + delta) % 10) + number[index + 1 :]
    assert check_char(changed[:17]) != changed[17]


def test_the_test_id_generator_makes_valid_numbers() -> None:
    from tests.registration.ids import make_id

    assert all(is_valid_id(make_id(serial)) for serial in range(0, 20_000_000, 99_991))


def test_masks_hide_the_middle() -> None:
    assert mask_id("11010519491231002X") == "1101**********002X"
    assert mask_phone("13812345678") == "138****5678"
    assert mask_phone("") == ""


@pytest.mark.parametrize(
    ("raw", "phone"),
    [
        ("138-1234-5678", "13812345678"),
        ("+86 138 1234 5678", "13812345678"),
        ("１３８１２３４５６７８", "13812345678"),
    ],
)
def test_phone_separators_are_removed(raw: str, phone: str) -> None:
    assert normalise_phone(raw) == phone
