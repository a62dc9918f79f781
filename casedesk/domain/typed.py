"""Dates, times and numbers as people type them in forms, and as the app shows them back."""

from __future__ import annotations

import re
from datetime import date, datetime, time

_US_DATE = re.compile(r"^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$")
_ISO_DATE = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")


class DateError(ValueError):
    """Text that is not a real calendar date."""


def parse_date(text: str) -> date | None:
    """Parse ``MM/DD/YYYY`` (US order) or ``YYYY-MM-DD``; empty text is no date.

    Raises:
        DateError: The text is not a date, or names an impossible one (02/30/2026).
    """
    raw = text.strip()
    if not raw:
        return None
    if match := _US_DATE.match(raw):
        month, day, year = (int(g) for g in match.groups())
    elif match := _ISO_DATE.match(raw):
        year, month, day = (int(g) for g in match.groups())
    else:
        raise DateError(f"“{raw}” is not a date; type it as MM/DD/YYYY.")
    try:
        return date(year, month, day)
    except ValueError:
        raise DateError(f"{raw} does not exist on the calendar.") from None


_TIME_12H = re.compile(r"^(\d{1,2})(?:[:.](\d{2}))?\s*([ap])\.?\s*m?\.?$", re.IGNORECASE)
_TIME_24H = re.compile(r"^(\d{1,2})[:.](\d{2})$")


def parse_time(text: str) -> time:
    """Parse a time of day as people type it: ``2:15 PM``, ``2:15pm``, ``2pm``, ``14:15``.

    Raises:
        DateError: The text is empty, not a time, or an impossible one (13:75, 14:00 PM).
    """
    raw = text.strip()
    if match := _TIME_12H.match(raw):
        hour, minute = int(match[1]), int(match[2] or 0)
        if not 1 <= hour <= 12 or minute > 59:
            raise DateError(f"{raw} is not a time of day.")
        return time(hour % 12 + (12 if match[3].lower() == "p" else 0), minute)
    if match := _TIME_24H.match(raw):
        hour, minute = int(match[1]), int(match[2])
        if hour > 23 or minute > 59:
            raise DateError(f"{raw} is not a time of day.")
        return time(hour, minute)
    raise DateError(
        f"“{raw}” is not a time; type it as 2:15 PM or 14:15." if raw else "The time is required."
    )


def local_moment(day: date, time_text: str) -> datetime:
    """The moment a typed time of day names on ``day`` in the machine's time zone (timezone-aware).

    Raises:
        DateError: The text is not a time of day.
    """
    # A naive local date and time; astimezone() attaches the machine's zone to it.
    return datetime.combine(day, parse_time(time_text)).astimezone()


def format_time(value: time) -> str:
    """A time as the forms show it: ``2:15 PM``."""
    return f"{value.hour % 12 or 12}:{value.minute:02d} {'PM' if value.hour >= 12 else 'AM'}"


def format_date(value: date | None) -> str:
    """A date as the forms and tables show it (MM/DD/YYYY), empty for none."""
    return "" if value is None else f"{value:%m/%d/%Y}"


def long_date(day: date) -> str:
    """A date as a US reader writes it in a letter or a memo: ``June 14, 2026``."""
    return f"{day:%B} {day.day}, {day.year}"


def long_moment(at: datetime) -> str:
    """A date and time as a US reader writes it: ``November 21, 2026 at 9:30 AM``."""
    return f"{long_date(at.date())} at {format_time(at.time())}"
