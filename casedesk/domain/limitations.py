"""Limitation periods: the last day to file a personal-injury claim, computed from each jurisdiction's data.

The engine is pure date arithmetic over the rules shipped in ``resources/limitation_periods.csv`` and
``resources/notice_of_claim_periods.csv`` (read by :mod:`casedesk.domain.limitation_data`). Choices a
court could see differently are made in the direction that gives the earlier date, said in the
explanation, and flagged for verification:

- A period in years counted from 29 February ends on 28 February of a non-leap year (not 1 March).
- Tolling events stop the clock on their start date; it runs again on their end date, so an event from
  1 May to 31 May adds 30 days. Overlapping events are counted once; an event that ends before the clock
  starts, or starts after the (extended) deadline, adds nothing.
- A deadline on a weekend or holiday moves to the next court day (``due``); the anniversary itself
  (``deadline``) is always shown too, because courts do not close on every holiday.
"""

from __future__ import annotations

import calendar
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date, timedelta
from enum import StrEnum
from functools import cache
from itertools import pairwise

from casedesk.domain.cases import CaseType
from casedesk.domain.errors import ValidationError

#: The ``case_type`` of the rows holding a jurisdiction's general-negligence period.
GENERAL = "general"
#: Shown under every limitation date a person reads.
LIMITATION_DISCLAIMER = (
    "Not legal advice: verify the limitation date against current law and the court's calendar."
)

HolidayCalendar = Callable[[str, int], Mapping[date, str]]
"""The days courts of a jurisdiction close in a year (besides weekends): date → holiday name."""

_WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
#: Case types whose claims often follow rules other than the general-negligence period.
_OWN_RULES = {
    CaseType.MEDICAL_MALPRACTICE: "Medical-malpractice claims usually have their own limitation period, "
    "notice requirements and a statute of repose; the general-negligence period shown may not apply.",
    CaseType.PRODUCT: "Product-liability claims may have their own period and a statute of repose "
    "counted from the product's sale; the general-negligence period shown may not apply.",
    CaseType.WORKPLACE: "Injuries at work usually go through workers' compensation, which has its own "
    "claim deadlines; the period shown is for a negligence claim against someone other than the employer.",
}


class DefendantType(StrEnum):
    """Who the claim is against: government defendants have notice-of-claim deadlines of their own."""

    PRIVATE = "private"
    GOVERNMENT = "government"


class MinorityRule(StrEnum):
    """What a client's minority on the incident date does to the clock."""

    RESTART = "restart"  #: the whole period runs from the day the client comes of age
    GRACE = "grace"  #: the later of the usual deadline and a fixed time after coming of age
    NONE = "none"  #: minority does not stop the clock


@dataclass(frozen=True, slots=True)
class LimitationRule:
    """One jurisdiction's limitation period for a kind of claim over a span of incident dates.

    Attributes:
        code: Two-letter code, e.g. ``"FL"``.
        case_type: ``"general"`` for general negligence, or a :class:`CaseType` value with its own period.
        years: The period in years, or ``None`` when it is given in months.
        months: The period in months, or ``None`` when it is given in years.
        effective_from: First incident date the row applies to, ``None`` for no start.
        effective_to: Last incident date the row applies to (inclusive), ``None`` for no end.
        source: The statute, or the survey the row comes from.
        as_of: When the data was compiled.
        verify: Whether sources disagree or the data is unsure, so the rule must be checked.
        notes: Variants and caveats in words.
        age_of_majority: The age at which a client stops being a minor.
        minority_rule: What minority on the incident date does to the clock.
        minority_years: For ``grace``: the years a client has after coming of age.
        minority_cap_years: For ``grace``: no later than this many years after the incident, if set.
        minority_source: The statute (or survey) for the age of majority and minority tolling.
        minority_notes: Caveats about minority tolling in words.
    """

    code: str
    case_type: str
    years: int | None
    months: int | None
    effective_from: date | None
    effective_to: date | None
    source: str
    as_of: date
    verify: bool
    notes: str
    age_of_majority: int
    minority_rule: MinorityRule
    minority_years: int | None
    minority_cap_years: int | None
    minority_source: str
    minority_notes: str = ""

    def applies_on(self, incident_date: date) -> bool:
        """Whether the row covers an incident on that date."""
        return (self.effective_from is None or self.effective_from <= incident_date) and (
            self.effective_to is None or incident_date <= self.effective_to
        )

    @property
    def period(self) -> str:
        """The period in words, e.g. ``"2 years"``."""
        return _plural(self.years, "year") if self.years is not None else _plural(self.months, "month")

    @property
    def label(self) -> str:
        """The rule in words, e.g. ``"2 years for general-negligence personal injury"``."""
        if self.case_type == GENERAL:
            return f"{self.period} for general-negligence personal injury"
        return f"{self.period} for {CaseType(self.case_type).label.lower()} claims"

    def add_period(self, start: date) -> date:
        """The anniversary: ``start`` plus the period (28 February for a 29 February start)."""
        if self.years is not None:
            return add_years(start, self.years)
        return add_months(start, self.months or 0)


@dataclass(frozen=True, slots=True)
class NoticeRule:
    """A jurisdiction's deadline for a written notice of claim to a kind of defendant.

    Attributes:
        code: Two-letter code.
        defendant_type: The kind of defendant the notice goes to.
        months: The period in months, or ``None`` when it is given in days.
        days: The period in days, or ``None`` when it is given in months.
        source: The statute.
        as_of: When the data was compiled.
        verify: Whether the rule must be checked before relying on it.
        notes: Variants and caveats in words.
    """

    code: str
    defendant_type: DefendantType
    months: int | None
    days: int | None
    source: str
    as_of: date
    verify: bool
    notes: str = ""

    @property
    def period(self) -> str:
        """The period in words, e.g. ``"6 months"``."""
        return _plural(self.months, "month") if self.months is not None else _plural(self.days, "day")

    def add_period(self, start: date) -> date:
        """``start`` plus the notice period."""
        if self.months is not None:
            return add_months(start, self.months)
        return start + timedelta(days=self.days or 0)


@dataclass(frozen=True, slots=True)
class LimitationRules:
    """Everything the engine reads: limitation periods and notice-of-claim periods.

    Attributes:
        periods: Limitation periods by jurisdiction, kind of claim and span of incident dates.
        notices: Notice-of-claim periods by jurisdiction and kind of defendant.
    """

    periods: tuple[LimitationRule, ...]
    notices: tuple[NoticeRule, ...] = ()


@dataclass(frozen=True, slots=True)
class TollingEvent:
    """A span during which the clock stops (e.g. the defendant was out of the state).

    Attributes:
        cause: Why the clock stops, in words.
        start: The day the clock stops.
        end: The day the clock runs again.
    """

    cause: str
    start: date
    end: date

    @property
    def days(self) -> int:
        """The days the clock stands still."""
        return (self.end - self.start).days


@dataclass(frozen=True, slots=True)
class MinorityTolling:
    """The client's age on the incident date and what it does to the clock.

    Attributes:
        date_of_birth: The client's date of birth.
        age_on_incident: Whole years of age on the incident date.
        age_of_majority: The jurisdiction's age of majority.
        majority_date: The day the client comes of age.
        minor: Whether the client was a minor on the incident date.
        rule: What minority does to the clock in the jurisdiction.
    """

    date_of_birth: date
    age_on_incident: int
    age_of_majority: int
    majority_date: date
    minor: bool
    rule: MinorityRule


@dataclass(frozen=True, slots=True)
class NoticeDeadline:
    """The last day to give a government defendant written notice of the claim.

    Attributes:
        rule: The notice rule.
        deadline: The incident date plus the notice period (not moved for weekends or holidays).
    """

    rule: NoticeRule
    deadline: date


@dataclass(frozen=True, slots=True)
class LimitationResult:
    """A computed limitation deadline with its rule and a plain-English explanation.

    Attributes:
        jurisdiction: Two-letter code.
        incident_date: The date of the incident.
        case_type: The kind of case asked about, ``None`` for general negligence.
        defendant_type: The kind of defendant.
        rule: The rule applied.
        clock_starts: The day the period starts to run (the incident, or coming of age).
        anniversary: The end of the period before tolling events.
        tolled_days: Days added by tolling events (overlaps counted once).
        deadline: The last day of the period: the anniversary plus tolled days.
        due: The deadline moved to the next court day when it falls on a weekend or holiday.
        closed_days: The weekend days and holidays between ``deadline`` and ``due``, with their names.
        minority: The client's age and what it did to the clock, ``None`` without a date of birth.
        tolling: The tolling events given.
        notice: The notice-of-claim deadline for a government defendant, when data exists.
        verify: Whether anything in the computation must be checked before relying on it.
        explanation: How the date was reached, one plain-English sentence a line.
    """

    jurisdiction: str
    incident_date: date
    case_type: CaseType | None
    defendant_type: DefendantType
    rule: LimitationRule
    clock_starts: date
    anniversary: date
    tolled_days: int
    deadline: date
    due: date
    closed_days: tuple[tuple[date, str], ...]
    minority: MinorityTolling | None
    tolling: tuple[TollingEvent, ...]
    notice: NoticeDeadline | None
    verify: bool
    explanation: tuple[str, ...]


# --- dates ---------------------------------------------------------------------------------------


def add_years(day: date, years: int) -> date:
    """``day`` plus whole years; 29 February becomes 28 February in a non-leap year (the earlier reading)."""
    year = day.year + years
    if day.month == 2 and day.day == 29 and not calendar.isleap(year):
        return date(year, 2, 28)
    return day.replace(year=year)


def add_months(day: date, months: int) -> date:
    """``day`` plus whole months, kept within the month (31 August + 6 months = 28 or 29 February)."""
    years, month_index = divmod(day.month - 1 + months, 12)
    year, month = day.year + years, month_index + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def age_on(date_of_birth: date, day: date) -> int:
    """Whole years of age on ``day`` (a 29 February birthday counts on 28 February in other years)."""
    age = day.year - date_of_birth.year
    return age - 1 if add_years(date_of_birth, age) > day else age


def us_holidays(code: str, year: int) -> Mapping[date, str]:
    """US federal holidays plus the jurisdiction's own in a year, from the maintained ``holidays`` package.

    Courts do not close on every one of them (and some close on other days): this is why a result always
    shows the unmoved deadline beside the due date.
    """
    return dict(_us_holiday_items(code.upper(), year))


@cache
def _us_holiday_items(code: str, year: int) -> tuple[tuple[date, str], ...]:
    import holidays

    federal = holidays.country_holidays("US", years=year)
    state = holidays.country_holidays("US", subdiv=code, years=year)
    return tuple(sorted({**dict(federal), **dict(state)}.items()))


def next_court_day(
    day: date, code: str, holidays: HolidayCalendar = us_holidays
) -> tuple[date, tuple[tuple[date, str], ...]]:
    """The first day from ``day`` on that is neither a weekend nor a holiday, and the days skipped.

    Raises:
        ValueError: The holiday calendar closes the courts for a whole year.
    """
    skipped: list[tuple[date, str]] = []
    for _ in range(366):
        name = _WEEKDAYS[day.weekday()] if day.weekday() >= 5 else holidays(code, day.year).get(day)
        if name is None:
            return day, tuple(skipped)
        skipped.append((day, name))
        day += timedelta(days=1)
    raise ValueError(f"the holiday calendar of {code} has no court day for a year after {day}")


# --- the engine ----------------------------------------------------------------------------------


def rule_for(
    rules: LimitationRules, code: str, incident_date: date, case_type: CaseType | None = None
) -> LimitationRule:
    """The period of a jurisdiction for an incident: the case type's own row, else the general one.

    Raises:
        ValidationError: The jurisdiction is unknown, or no row covers the date.
    """
    wanted = code.strip().upper()
    rows = [row for row in rules.periods if row.code == wanted]
    if not rows:
        raise ValidationError({"jurisdiction": f"Unknown jurisdiction “{code}”."})
    for kind in (case_type.value if case_type else GENERAL, GENERAL):
        for row in rows:
            if row.case_type == kind and row.applies_on(incident_date):
                return row
    raise ValidationError(
        {"incident_date": f"No limitation period of {wanted} covers an incident on {incident_date}."}
    )


def compute_limitation(
    rules: LimitationRules,
    jurisdiction: str,
    incident_date: date,
    *,
    case_type: CaseType | None = None,
    defendant_type: DefendantType = DefendantType.PRIVATE,
    date_of_birth: date | None = None,
    tolling: Sequence[TollingEvent] = (),
    holidays: HolidayCalendar = us_holidays,
    today: date | None = None,
) -> LimitationResult:
    """Compute the limitation deadline of a claim and explain it.

    Args:
        rules: The jurisdictions' limitation and notice-of-claim periods.
        jurisdiction: Two-letter code (any case).
        incident_date: The date of the incident (the claim's accrual).
        case_type: The kind of case; a kind with its own period in the data uses it.
        defendant_type: Government defendants add a notice-of-claim deadline where data exists.
        date_of_birth: The client's; a minor on the incident date may get more time.
        tolling: Spans during which the clock stops.
        holidays: The courts' holidays; the ``holidays`` package's US calendars by default.
        today: When given, an incident after it is refused.

    Raises:
        ValidationError: With field → message for an unknown jurisdiction, an incident in the future, a
            date of birth after the incident, or a tolling event without a cause or ending before it starts.
    """
    code = jurisdiction.strip().upper()
    errors = _validate(rules, code, incident_date, date_of_birth, tolling, today)
    if errors:
        raise ValidationError(errors)
    rule = rule_for(rules, code, incident_date, case_type)
    minority = _minority(rule, incident_date, date_of_birth)
    clock_starts, anniversary = _anniversary(rule, incident_date, minority)
    applied = _tolled_spans(clock_starts, anniversary, tolling)
    tolled_days = sum((end - start).days for start, end in applied)
    deadline = anniversary + timedelta(days=tolled_days)
    due, closed_days = next_court_day(deadline, code, holidays)
    notice = _notice(rules, code, defendant_type, incident_date)
    draft = LimitationResult(
        jurisdiction=code,
        incident_date=incident_date,
        case_type=case_type,
        defendant_type=defendant_type,
        rule=rule,
        clock_starts=clock_starts,
        anniversary=anniversary,
        tolled_days=tolled_days,
        deadline=deadline,
        due=due,
        closed_days=closed_days,
        minority=minority,
        tolling=tuple(tolling),
        notice=notice,
        verify=False,
        explanation=(),
    )
    lines, verify = _explain(draft, applied, today)
    return replace(draft, explanation=tuple(lines), verify=verify)


def _validate(
    rules: LimitationRules,
    code: str,
    incident_date: date,
    date_of_birth: date | None,
    tolling: Sequence[TollingEvent],
    today: date | None,
) -> dict[str, str]:
    errors: dict[str, str] = {}
    if not any(row.code == code for row in rules.periods):
        errors["jurisdiction"] = f"Unknown jurisdiction “{code}”."
    if today is not None and incident_date > today:
        errors["incident_date"] = f"The incident date {incident_date} is in the future (today is {today})."
    if date_of_birth is not None and date_of_birth > incident_date:
        errors["date_of_birth"] = (
            f"The date of birth {date_of_birth} is after the incident date {incident_date}."
        )
    for event in tolling:
        if not event.cause.strip():
            errors["tolling"] = "Every tolling event needs a cause (why the clock stopped)."
        elif event.end < event.start:
            errors["tolling"] = (
                f"The tolling event “{event.cause}” ends ({event.end}) before it starts ({event.start})."
            )
    return errors


def _minority(
    rule: LimitationRule, incident_date: date, date_of_birth: date | None
) -> MinorityTolling | None:
    if date_of_birth is None:
        return None
    majority_date = add_years(date_of_birth, rule.age_of_majority)
    return MinorityTolling(
        date_of_birth=date_of_birth,
        age_on_incident=age_on(date_of_birth, incident_date),
        age_of_majority=rule.age_of_majority,
        majority_date=majority_date,
        minor=incident_date < majority_date,
        rule=rule.minority_rule,
    )


def _anniversary(
    rule: LimitationRule, incident_date: date, minority: MinorityTolling | None
) -> tuple[date, date]:
    """The day the clock starts and the end of the period before tolling events."""
    usual = rule.add_period(incident_date)
    if minority is None or not minority.minor or minority.rule is MinorityRule.NONE:
        return incident_date, usual
    if minority.rule is MinorityRule.RESTART:
        return minority.majority_date, rule.add_period(minority.majority_date)
    after_majority = add_years(minority.majority_date, rule.minority_years or 0)
    if rule.minority_cap_years is not None:
        after_majority = min(after_majority, add_years(incident_date, rule.minority_cap_years))
    return incident_date, max(usual, after_majority)


def _tolled_spans(
    clock_starts: date, anniversary: date, events: Iterable[TollingEvent]
) -> tuple[tuple[date, date], ...]:
    """The spans (start, end) that stop the clock: merged, cut to the running clock, in order.

    A span counts when it starts no later than the deadline as extended by the spans before it.
    """
    spans = sorted(
        (max(event.start, clock_starts), event.end) for event in events if event.end > clock_starts
    )
    merged: list[tuple[date, date]] = []
    for start, end in spans:
        if start >= end:
            continue
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    applied: list[tuple[date, date]] = []
    deadline = anniversary
    for start, end in merged:
        if start > deadline:
            break
        applied.append((start, end))
        deadline += end - start
    return tuple(applied)


def _notice(
    rules: LimitationRules, code: str, defendant_type: DefendantType, incident_date: date
) -> NoticeDeadline | None:
    for notice in rules.notices:
        if notice.code == code and notice.defendant_type is defendant_type:
            return NoticeDeadline(notice, notice.add_period(incident_date))
    return None


# --- the explanation -----------------------------------------------------------------------------


def _explain(
    result: LimitationResult, applied: Sequence[tuple[date, date]], today: date | None
) -> tuple[list[str], bool]:
    """The explanation lines, and whether anything must be verified."""
    rule = result.rule
    lines = [f"{result.jurisdiction}: {rule.label} ({rule.source}; data as of {rule.as_of})."]
    verify = rule.verify
    if rule.effective_from or rule.effective_to:
        lines.append(
            f"This period applies to incidents {_span(rule)}; the incident was on {result.incident_date}."
        )
    if rule.notes:
        lines.append(f"Note: {rule.notes}.")
    own_rules = _OWN_RULES.get(result.case_type) if result.case_type else None
    if own_rules:
        lines.append(own_rules)
        verify = True
    verify |= _explain_minority(result, lines)
    lines.append(f"The clock starts on {result.clock_starts}.")
    if result.anniversary == rule.add_period(result.clock_starts):  # else a grace line said how
        lines.append(f"{rule.period} from {result.clock_starts} is {result.anniversary}.")
    if _is_leap_day_cut(result.clock_starts, result.anniversary):
        lines.append(
            f"The clock starts on 29 February; casedesk ends the period on {result.anniversary} "
            "(28 February), the earlier of the two readings courts use (the other is 1 March): verify."
        )
        verify = True
    _explain_tolling(result, applied, lines)
    lines.append(f"Deadline: {result.deadline} ({_weekday(result.deadline)}).")
    _explain_due(result, lines)
    verify |= _explain_defendant(result, lines)
    if rule.verify:
        lines.append("Verify: sources disagree about this rule, or casedesk's data is unsure of it.")
    if today is not None and result.due < today:
        lines.append(f"As of today ({today}) this date has passed.")
    if today is not None and result.notice is not None and result.notice.deadline < today:
        lines.append(f"As of today ({today}) the notice-of-claim date has passed.")
    return lines, verify


def _explain_minority(result: LimitationResult, lines: list[str]) -> bool:
    minority, rule = result.minority, result.rule
    if minority is None:
        lines.append(
            "No date of birth given: if the client was a minor on the incident date, the date may be later."
        )
        return False
    if not minority.minor:
        lines.append(
            f"The client was {minority.age_on_incident} on the incident date, an adult "
            f"(majority at {minority.age_of_majority} in {result.jurisdiction}): no minority tolling."
        )
        return False
    was_minor = (
        f"The client was {minority.age_on_incident} on the incident date, a minor until "
        f"{minority.age_of_majority} ({minority.majority_date})"
    )
    if minority.rule is MinorityRule.RESTART:
        lines.append(f"{was_minor}: the clock starts at majority ({rule.minority_source}).")
    elif minority.rule is MinorityRule.GRACE:
        cap = (
            f", but no later than {_plural(rule.minority_cap_years, 'year')} after the incident"
            if rule.minority_cap_years is not None
            else ""
        )
        lines.append(
            f"{was_minor}: the client has {_plural(rule.minority_years, 'year')} after majority{cap}, or the "
            f"usual {rule.period} from the incident if that is later ({rule.minority_source}): "
            f"{result.anniversary}."
        )
    else:
        lines.append(
            f"{was_minor}, but in {result.jurisdiction} minority does not stop the clock as casedesk's data "
            f"has it ({rule.minority_source}): it runs from the incident date."
        )
    if minority.date_of_birth.month == 2 and minority.date_of_birth.day == 29:
        lines.append("Born on 29 February: casedesk counts the birthday as 28 February in other years.")
    if rule.minority_notes:
        lines.append(f"{rule.minority_notes}.")
    lines.append(
        "Minority tolling has exceptions (an appointed guardian, caps on the extra time, a parent's own "
        "claim for medical bills running from the incident): verify."
    )
    return True


def _explain_tolling(
    result: LimitationResult, applied: Sequence[tuple[date, date]], lines: list[str]
) -> None:
    for event in result.tolling:
        counted = any(start < event.end and event.start < end for start, end in applied)
        span = f"“{event.cause}” from {event.start} to {event.end} ({_plural(event.days, 'day')})"
        if counted:
            lines.append(f"Tolling: {span} stops the clock.")
        elif event.days == 0:
            lines.append(f"Tolling: {span} lasts no time, so it adds nothing.")
        elif event.end <= result.clock_starts:
            lines.append(f"Tolling: {span} ended before the clock started, so it adds nothing.")
        else:
            lines.append(f"Tolling: {span} started after the deadline, so it adds nothing.")
    given = sorted((event.start, event.end) for event in result.tolling if event.days > 0)
    if any(after[0] < before[1] for before, after in pairwise(given)):
        lines.append("Tolling events overlap: the days they share are counted once.")
    if result.tolled_days:
        added = _plural(result.tolled_days, "day")
        lines.append(f"Tolling adds {added}: {result.anniversary} becomes {result.deadline}.")


def _explain_due(result: LimitationResult, lines: list[str]) -> None:
    if result.due == result.deadline:
        lines.append(f"{result.deadline} is a court day: the filing is due that day.")
        return
    closed = "; ".join(f"{day} is {_closed_name(day, name)}" for day, name in result.closed_days)
    lines.append(f"{closed}: the filing is due the next court day, {result.due} ({_weekday(result.due)}).")
    if any(day.weekday() < 5 for day, _ in result.closed_days):
        lines.append(
            "Courts do not close on every holiday: check the court's calendar, and file by the deadline "
            "itself when you can."
        )


def _explain_defendant(result: LimitationResult, lines: list[str]) -> bool:
    if result.defendant_type is not DefendantType.GOVERNMENT:
        return False
    if result.notice is not None:
        notice = result.notice.rule
        lines.append(
            f"Notice of claim to the government defendant: within {notice.period} of the incident, by "
            f"{result.notice.deadline} ({notice.source}; data as of {notice.as_of}); not moved for weekends "
            "or holidays."
        )
        if notice.notes:
            lines.append(f"Notice: {notice.notes}.")
    else:
        lines.append(
            f"No notice-of-claim period for government defendants in {result.jurisdiction} is on file: "
            "government claims often need written notice within months of the incident: check it."
        )
    lines.append(
        "Claims against a government may have a shorter limitation period or other conditions: verify."
    )
    return True


def _span(rule: LimitationRule) -> str:
    if rule.effective_from and rule.effective_to:
        if rule.effective_from == rule.effective_to:
            return f"on {rule.effective_from} only"
        return f"from {rule.effective_from} to {rule.effective_to}"
    if rule.effective_from:
        return f"on or after {rule.effective_from}"
    return f"on or before {rule.effective_to}"


def _is_leap_day_cut(start: date, end: date) -> bool:
    return (start.month, start.day) == (2, 29) and (end.month, end.day) == (2, 28)


def _closed_name(day: date, name: str) -> str:
    return f"a {name}" if name in _WEEKDAYS else f"{name} ({_weekday(day)})"


def _weekday(day: date) -> str:
    return _WEEKDAYS[day.weekday()]


def _plural(count: int | None, unit: str) -> str:
    return f"{count} {unit}" if count == 1 else f"{count} {unit}s"
