"""Dates and times as the printouts write them."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

from casedesk.domain.typed import long_date, long_moment


def test_a_long_date_has_no_leading_zero() -> None:
    assert long_date(date(2026, 6, 4)) == "June 4, 2026"


def test_a_long_moment_uses_twelve_hour_time() -> None:
    zone = timezone(timedelta(hours=-6))
    assert long_moment(datetime(2026, 11, 21, 9, 5, tzinfo=zone)) == "November 21, 2026 at 9:05 AM"
    assert long_moment(datetime(2026, 11, 21, 0, 30, tzinfo=zone)) == "November 21, 2026 at 12:30 AM"
    assert long_moment(datetime(2026, 11, 21, 12, 0, tzinfo=zone)) == "November 21, 2026 at 12:00 PM"
