"""Validation rules for timeline entries."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest

from casedesk.domain.activity import Activity, ActivityKind, Direction, validate_activity
from tests.conftest import NOW


def entry(occurred_at: datetime, subject: str = "Called adjuster about PIP") -> Activity:
    return Activity(case_id=1, kind=ActivityKind.CALL, occurred_at=occurred_at, subject=subject)


@pytest.mark.parametrize(
    "ahead",
    [
        timedelta(0),
        timedelta(hours=23, minutes=59),
        timedelta(days=1),
        timedelta(days=-1),
        timedelta(days=-3650),
    ],
)
def test_entries_up_to_a_day_ahead_are_accepted(ahead: timedelta) -> None:
    """Past entries, and ones at most a day ahead (a letter dated tomorrow), can be saved."""
    assert validate_activity(entry(NOW + ahead), NOW) == {}


@pytest.mark.parametrize("ahead", [timedelta(days=1, seconds=1), timedelta(days=2), timedelta(days=400)])
def test_entries_more_than_a_day_ahead_are_refused(ahead: timedelta) -> None:
    """An entry more than a day in the future is refused on ``occurred_at``."""
    assert set(validate_activity(entry(NOW + ahead), NOW)) == {"occurred_at"}


def test_future_limit_compares_instants_not_wall_clocks() -> None:
    """The same instant written in another zone is judged by the instant, not by its local date."""
    far_east = timezone(timedelta(hours=14))
    same_instant = NOW.astimezone(far_east)  # already "tomorrow" on the wall clock
    assert same_instant.date() > NOW.date()
    assert validate_activity(entry(same_instant), NOW) == {}
    assert validate_activity(entry((NOW + timedelta(days=2)).astimezone(UTC)), NOW) != {}


def test_naive_time_is_refused() -> None:
    """A time without a time zone is refused: it would be ambiguous once stored."""
    naive = NOW.replace(tzinfo=None)
    assert set(validate_activity(entry(naive), NOW)) == {"occurred_at"}


@pytest.mark.parametrize("subject", ["", "   "])
def test_subject_is_required(subject: str) -> None:
    """A blank subject is refused on ``subject``."""
    assert set(validate_activity(entry(NOW, subject), NOW)) == {"subject"}


def test_all_problems_are_reported_together() -> None:
    """A naive time and a blank subject are both reported."""
    naive = datetime(2026, 11, 21, 9, 30)  # noqa: DTZ001 - the point of the test
    assert set(validate_activity(entry(naive, ""), NOW)) == {"occurred_at", "subject"}


def test_kinds_and_directions_have_labels() -> None:
    """Kinds and directions show as capitalized words."""
    assert [k.label for k in ActivityKind] == ["Call", "Email", "Letter", "Meeting", "Note"]
    assert [d.label for d in Direction] == ["Incoming", "Outgoing", "Internal"]
