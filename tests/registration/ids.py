"""Valid resident ID numbers for tests, made with the check-digit rule itself."""

from __future__ import annotations

from datetime import date, timedelta

from registration.people.identity import check_char

_EPOCH = date(1960, 1, 1)


def make_id(serial: int, region: str = "440111") -> str:
    """A distinct valid ID number for every serial below 20 million."""
    birth = _EPOCH + timedelta(days=serial // 1000)
    first17 = f"{region}{birth:%Y%m%d}{serial % 1000:03d}"
    return first17 + check_char(first17)
