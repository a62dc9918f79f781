"""The case timeline: calls, emails, letters, meetings and notes, the case file's progress log."""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from casedesk.domain.cases import EARLIEST_DATE, length_errors

_MAX_AHEAD = timedelta(days=1)


class ActivityKind(enum.StrEnum):
    """What kind of entry a timeline item is."""

    CALL = "call"
    EMAIL = "email"
    LETTER = "letter"
    MEETING = "meeting"
    NOTE = "note"

    @property
    def label(self) -> str:
        """Display name."""
        return self.value.capitalize()


class Direction(enum.StrEnum):
    """Whether the communication came in, went out, or stayed inside the firm."""

    INCOMING = "incoming"
    OUTGOING = "outgoing"
    INTERNAL = "internal"

    @property
    def label(self) -> str:
        """Display name."""
        return self.value.capitalize()


@dataclass(frozen=True, slots=True)
class Activity:
    """One entry of a case's timeline.

    Attributes:
        occurred_at: When it happened; timezone-aware.
        parties: Who took part, as the case manager writes it ("Adjuster J. Ortiz; client").
        created_by: Who wrote the entry (the signed-in person on a firm database, the computer's account
            on a laptop; "" for entries written before casedesk recorded it). Set when it is saved.
    """

    case_id: int
    kind: ActivityKind
    occurred_at: datetime
    subject: str
    direction: Direction = Direction.INTERNAL
    parties: str = ""
    body: str = ""
    id: int | None = None
    created_by: str = field(default="", compare=False)


def validate_activity(activity: Activity, now: datetime) -> dict[str, str]:
    """Problems with a timeline entry, by field name; empty when it can be saved.

    Args:
        activity: The entry.
        now: The current moment (timezone-aware); entries may be at most a day in the future
            (a letter dated tomorrow), never more.
    """
    errors: dict[str, str] = {}
    if activity.occurred_at.tzinfo is None:
        errors["occurred_at"] = "The time must carry a time zone."
    elif activity.occurred_at - now > _MAX_AHEAD:
        errors["occurred_at"] = "A timeline entry cannot be more than a day in the future."
    elif activity.occurred_at.date() < EARLIEST_DATE:
        errors["occurred_at"] = f"A timeline entry cannot be before {EARLIEST_DATE:%Y}."
    if not activity.subject.strip():
        errors["subject"] = "The subject is required."
    errors.update(length_errors(subject=activity.subject, parties=activity.parties))
    return errors
