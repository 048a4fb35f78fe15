"""The canonical text of a body is the one every laptop and server already hold: whichever encoder
writes it, it is the standard library's sorted, compact, unescaped JSON, byte for byte."""

from __future__ import annotations

import json
import math
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from registration.storage.events import canonical_json


def standard(body: Any) -> str:
    return json.dumps(body, ensure_ascii=False, sort_keys=True, separators=(",", ":"), allow_nan=False)


texts = st.text(st.characters(codec="utf-8"), max_size=12) | st.sampled_from(
    ["\x00", "\x1f\x7f\x85", "\u2028", "é", "检测", "𝔘", '"\\/', "\t\n\r\b\f"]
)
scalars = (
    st.none()
    | st.booleans()
    | st.integers(-(2**70), 2**70)
    | st.floats(allow_nan=False, allow_infinity=False)
    | texts
)
values = st.recursive(
    scalars,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(texts, inner, max_size=4),
    max_leaves=12,
)


@settings(max_examples=300, deadline=None)
@given(st.dictionaries(texts, values, max_size=8))
def test_every_body_is_written_as_the_standard_library_writes_it(body: dict[str, Any]) -> None:
    assert canonical_json(body) == standard(body)


@pytest.mark.parametrize(
    "body",
    [
        {"n": 1e16, "m": 1e-7, "o": 0.1, "p": -0.0, "q": 1e-05},
        {"deep": [{"x": [1, 2.5]}]},
        {"big": 2**64, "small": -(2**63) - 1},
        {"b": True, "a": None, "c": [False, 0, ""]},
        {"person": "440111196001010019", "position": 4, "raw_code": None, "round": "R1"},
    ],
)
def test_floats_large_integers_and_the_usual_body(body: dict[str, Any]) -> None:
    assert canonical_json(body) == standard(body)


@pytest.mark.parametrize("bad", [math.nan, math.inf, -math.inf])
def test_nan_and_infinities_are_refused(bad: float) -> None:
    with pytest.raises(ValueError):
        canonical_json({"x": bad})
    with pytest.raises(ValueError):
        canonical_json({"x": [{"y": bad}]})


def test_a_lone_surrogate_is_kept_as_the_standard_library_keeps_it() -> None:
    assert canonical_json({"x": "\ud800"}) == standard({"x": "\ud800"})
