"""A case's limitation deadline on the calendar: its settings, the override, and the computed events."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from casedesk.domain.calendar import LIMITATION_REMINDERS, Event, EventKind, EventOrigin
from casedesk.domain.cases import EARLIEST_DATE, length_errors
from casedesk.domain.limitations import LIMITATION_DISCLAIMER, DefendantType, LimitationResult, TollingEvent

#: Reminders before a notice-of-claim deadline, in days.
NOTICE_REMINDERS = (60, 30, 14, 7, 1, 0)


@dataclass(frozen=True, slots=True)
class CaseLimitation:
    """What a case adds to the limitation computation beyond its own fields, and the user's override.

    The incident date, jurisdiction and case type come from the case; the date of birth from its client.

    Attributes:
        case_id: The case.
        defendant_type: Who the claim is against (a government defendant adds a notice-of-claim deadline).
        tolling: Spans during which the clock stops.
        override_on: A deadline the user sets instead of the computed one, or ``None``.
        override_reason: Why the computed date is overridden (required with ``override_on``).
    """

    case_id: int
    defendant_type: DefendantType = DefendantType.PRIVATE
    tolling: tuple[TollingEvent, ...] = ()
    override_on: date | None = None
    override_reason: str = ""


def validate_case_limitation(settings: CaseLimitation) -> dict[str, str]:
    """Problems with a case's limitation settings, by field name; empty when they can be saved."""
    errors: dict[str, str] = {}
    if settings.override_on is not None:
        if settings.override_on < EARLIEST_DATE:
            errors["override_on"] = f"A deadline cannot be before {EARLIEST_DATE:%Y}."
        if not settings.override_reason.strip():
            errors["override_reason"] = (
                "Say why the computed date is overridden (it goes in the case's audit)."
            )
    for index, event in enumerate(settings.tolling):
        if not event.cause.strip():
            errors[f"tolling.{index}"] = "Say why the clock stops."
        elif event.end < event.start:
            errors[f"tolling.{index}"] = "A tolling period cannot end before it starts."
        elif length_errors(cause=event.cause):
            errors[f"tolling.{index}"] = length_errors(cause=event.cause)["cause"]
    errors.update(length_errors(override_reason=settings.override_reason))
    return errors


@dataclass(frozen=True, slots=True)
class CaseDeadline:
    """A case's limitation deadline as the calendar keeps it.

    Attributes:
        settings: The case's limitation settings.
        result: The computed deadline, or ``None`` when it cannot be computed.
        problem: Why it cannot be computed (what the user must fill in), empty when it can.
        event: The limitation event on the calendar, if there is one.
        notice_event: The notice-of-claim event on the calendar, if there is one.
    """

    settings: CaseLimitation
    result: LimitationResult | None
    problem: str = ""
    event: Event | None = None
    notice_event: Event | None = None

    @property
    def effective(self) -> date | None:
        """The day the calendar holds: the override if set, else the computed court day."""
        if self.settings.override_on is not None:
            return self.settings.override_on
        return self.result.due if self.result is not None else None


def computed_events(case_id: int, settings: CaseLimitation, result: LimitationResult | None) -> list[Event]:
    """The calendar events a case's limitation data calls for (limitation deadline, notice of claim).

    With an override, the limitation event sits on the override date, and its notes keep the computed one.
    Without a computable result and without an override there is no limitation event.
    """
    events = []
    day = settings.override_on or (result.due if result is not None else None)
    if day is not None:
        events.append(
            Event(
                case_id=case_id,
                kind=EventKind.LIMITATION,
                title=_limitation_title(result, overridden=settings.override_on is not None),
                day=day,
                notes=_limitation_notes(settings, result),
                reminders=LIMITATION_REMINDERS,
                origin=EventOrigin.LIMITATION,
            )
        )
    if result is not None and result.notice is not None:
        notice = result.notice
        events.append(
            Event(
                case_id=case_id,
                kind=EventKind.FILING_DEADLINE,
                title=f"Notice of claim deadline ({notice.rule.period}, government defendant)",
                day=notice.deadline,
                notes=f"{notice.rule.source} (data as of {notice.rule.as_of:%Y-%m-%d}).\n"
                f"{LIMITATION_DISCLAIMER}",
                reminders=NOTICE_REMINDERS,
                origin=EventOrigin.NOTICE,
            )
        )
    return events


def _limitation_title(result: LimitationResult | None, *, overridden: bool) -> str:
    if overridden:
        return "Limitation deadline (set by hand)"
    assert result is not None
    return f"Limitation deadline ({result.jurisdiction}, {result.rule.period})"


def _limitation_notes(settings: CaseLimitation, result: LimitationResult | None) -> str:
    lines = []
    if settings.override_on is not None:
        lines.append(f"Set by hand: {settings.override_reason.strip()}")
        if result is not None:
            lines.append(f"Computed: {result.due:%Y-%m-%d}.")
    if result is not None:
        lines.extend(result.explanation)
        lines.append(f"Source: {result.rule.source} (data as of {result.rule.as_of:%Y-%m-%d}).")
    lines.append(LIMITATION_DISCLAIMER)
    return "\n".join(lines)
