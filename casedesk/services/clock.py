"""The current moment, injectable so that services and tests agree on what "today" is."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime

Clock = Callable[[], datetime]


def system_clock() -> datetime:
    """Now, timezone-aware, in the machine's local zone."""
    return datetime.now(UTC).astimezone()


def today(clock: Clock) -> date:
    """The local date at the clock's current moment."""
    return clock().date()
