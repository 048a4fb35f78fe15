from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from registration.identity import (
    check_char,
    id_problem,
    is_valid_id,
    mask_id,
    mask_phone,
    normalise_id,
    normalise_phone,
)

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


def test_impossible_birth_date_is_refused() -> None:
    first17 = "44011119901301001"
    assert id_problem(first17 + check_char(first17)) == "the birth date in the ID number is impossible"


@given(st.from_regex(r"\d{6}(19|20)\d{2}(0[1-9]|1[0-2])(0[1-9]|[12]\d)\d{3}", fullmatch=True))
def test_appending_the_check_char_always_validates(first17: str) -> None:
    assert is_valid_id(first17 + check_char(first17))


@given(
    st.from_regex(r"\d{6}(19|20)\d{2}(0[1-9]|1[0-2])(0[1-9]|[12]\d)\d{3}", fullmatch=True),
    st.integers(min_value=0, max_value=16),
    st.integers(min_value=1, max_value=9),
)
def test_any_single_digit_error_is_detected(first17: str, index: int, delta: int) -> None:
    number = first17 + check_char(first17)
    changed = number[:index] + str((int(number[index]) + delta) % 10) + number[index + 1 :]
    assert check_char(changed[:17]) != changed[17]


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
