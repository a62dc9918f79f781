"""Parsing what people type into date and time fields."""

from __future__ import annotations

from datetime import time

import pytest

from casedesk.domain.typed import DateError, format_time, parse_time


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("2:15 PM", time(14, 15)),
        ("2:15pm", time(14, 15)),
        ("2pm", time(14, 0)),
        ("12:00 AM", time(0, 0)),
        ("12:30 p.m.", time(12, 30)),
        ("14:15", time(14, 15)),
        ("9.05 a", time(9, 5)),
    ],
)
def test_times_are_read_as_people_type_them(typed: str, expected: time) -> None:
    """12-hour with AM/PM in any spelling, and 24-hour times, are understood."""
    assert parse_time(typed) == expected
    assert parse_time(format_time(expected)) == expected


@pytest.mark.parametrize("typed", ["", "13:00 PM", "24:00", "2:75", "noon-ish", "0 AM"])
def test_impossible_times_are_refused(typed: str) -> None:
    """Nothing is guessed: an impossible or unreadable time is an error."""
    with pytest.raises(DateError):
        parse_time(typed)
