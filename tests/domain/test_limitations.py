"""Limitation periods: jurisdictions, dated changes, leap days, minority, tolling, court days, data."""

from __future__ import annotations

import csv
from collections.abc import Mapping
from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from casedesk.domain.cases import CaseType
from casedesk.domain.errors import ValidationError
from casedesk.domain.limitation_data import parse_limitation_periods, parse_notice_periods
from casedesk.domain.limitations import (
    GENERAL,
    DefendantType,
    LimitationResult,
    LimitationRule,
    MinorityRule,
    TollingEvent,
    add_months,
    add_years,
    age_on,
    compute_limitation,
    next_court_day,
    rule_for,
    us_holidays,
)
from casedesk.resources import (
    check_limitation_periods_cover,
    jurisdictions,
    limitation_periods,
    resource_path,
)

RULES = limitation_periods()


def no_holidays(code: str, year: int) -> Mapping[date, str]:
    """A court calendar with weekends only."""
    return {}


def fixed_holidays(code: str, year: int) -> Mapping[date, str]:
    """A small, fixed court calendar: New Year, Independence Day, Memorial Day (last Monday of May)."""
    memorial = date(year, 5, 31) - timedelta(days=date(year, 5, 31).weekday())
    return {
        date(year, 1, 1): "New Year's Day",
        date(year, 7, 4): "Independence Day",
        memorial: "Memorial Day",
    }


def compute(code: str, incident: date, **options: object) -> LimitationResult:
    """Compute with the shipped rules and, unless given, no holidays."""
    options.setdefault("holidays", no_holidays)
    return compute_limitation(RULES, code, incident, **options)  # type: ignore[arg-type]


def _text(result: LimitationResult) -> str:
    return "\n".join(result.explanation)


# --- every jurisdiction --------------------------------------------------------------------------


def _incident_in(row: LimitationRule) -> date:
    return row.effective_from or row.effective_to or date(2025, 6, 10)


@pytest.mark.parametrize(
    "row", RULES.periods, ids=lambda row: f"{row.code}-{row.case_type}-{row.effective_from}"
)
def test_every_rows_period_is_added_to_the_incident_date(row: LimitationRule) -> None:
    """An adult's deadline is the incident date plus the row's period, and the row is the one applied."""
    incident = _incident_in(row)
    case_type = None if row.case_type == GENERAL else CaseType(row.case_type)
    result = compute(row.code, incident, case_type=case_type)
    assert result.rule == row
    assert row.years is not None
    assert result.deadline == add_years(incident, row.years)
    assert result.explanation[0].startswith(f"{row.code}: {row.period}")
    assert row.source in result.explanation[0]


def _survey() -> dict[str, int]:
    with resource_path("jurisdictions.csv").open(encoding="utf-8", newline="") as file:
        return {line["code"]: int(line["pi_sol_years"]) for line in csv.DictReader(file)}


@pytest.mark.parametrize(("code", "years"), sorted(_survey().items()))
def test_current_period_agrees_with_the_jurisdictions_table(code: str, years: int) -> None:
    """Today's general-negligence period of each jurisdiction is the jurisdictions table's pi_sol_years."""
    assert rule_for(RULES, code, date(2026, 11, 1)).years == years


def test_periods_cover_every_jurisdiction_and_only_those() -> None:
    """All 50 states and DC have a current rule, and the coverage check catches a missing one."""
    codes = {j.code for j in jurisdictions()}
    assert len(codes) == 51
    check_limitation_periods_cover(RULES, codes)
    with pytest.raises(ValueError, match=r"missing \['ZZ'\]"):
        check_limitation_periods_cover(RULES, codes | {"ZZ"})
    with pytest.raises(ValueError, match=r"unknown \['TX'\]"):
        check_limitation_periods_cover(RULES, codes - {"TX"})


@pytest.mark.parametrize(
    ("code", "years"),
    [("TN", 1), ("KY", 1), ("CA", 2), ("NY", 3), ("DC", 3), ("NE", 4), ("MO", 5), ("ME", 6), ("MN", 6)],
)
def test_domain_periods_by_name(code: str, years: int) -> None:
    """Spot checks against the domain notes: 1 year in TN/KY up to 6 in ME/MN."""
    result = compute(code, date(2025, 6, 10))
    assert result.deadline == date(2025 + years, 6, 10)


def test_ages_of_majority() -> None:
    """18 everywhere but Alabama and Nebraska (19) and Mississippi (21)."""
    ages = {row.code: row.age_of_majority for row in RULES.periods}
    assert {code: age for code, age in ages.items() if age != 18} == {"AL": 19, "NE": 19, "MS": 21}


def test_unsure_rows_are_flagged_for_verification() -> None:
    """The rows sources disagree on carry the verify flag, with a note saying why."""
    flagged = {(row.code, row.case_type, row.effective_from) for row in RULES.periods if row.verify}
    assert flagged == {
        ("FL", GENERAL, date(2023, 3, 24)),
        ("LA", GENERAL, date(2024, 7, 1)),
        ("KY", "motor_vehicle", None),
        ("MN", GENERAL, None),
        ("TN", GENERAL, None),
    }
    assert all(row.notes for row in RULES.periods if row.verify)


# --- dated changes and case types ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("incident", "deadline", "verify"),
    [
        (date(2023, 3, 23), date(2027, 3, 23), False),
        (date(2023, 3, 24), date(2025, 3, 24), True),
        (date(2023, 3, 25), date(2025, 3, 25), False),
    ],
)
def test_florida_hb_837(incident: date, deadline: date, verify: bool) -> None:
    """Florida: 4 years before 2023-03-24, 2 after; the effective day itself takes the shorter, flagged."""
    result = compute("FL", incident)
    assert (result.deadline, result.verify) == (deadline, verify)


@pytest.mark.parametrize(
    ("incident", "deadline", "verify"),
    [
        (date(2024, 6, 30), date(2025, 6, 30), False),
        (date(2024, 7, 1), date(2025, 7, 1), True),
        (date(2024, 7, 2), date(2026, 7, 2), False),
    ],
)
def test_louisiana_act_423(incident: date, deadline: date, verify: bool) -> None:
    """Louisiana: 1 year before 2024-07-01, 2 after; the effective day itself takes the shorter, flagged."""
    result = compute("LA", incident)
    assert (result.deadline, result.verify) == (deadline, verify)
    assert "incidents" in _text(result)


@pytest.mark.parametrize(
    ("code", "case_type", "years", "verify"),
    [
        ("CO", CaseType.MOTOR_VEHICLE, 3, False),
        ("CO", CaseType.PREMISES, 2, False),
        ("CO", None, 2, False),
        ("KY", CaseType.MOTOR_VEHICLE, 2, True),
        ("KY", CaseType.DOG_BITE, 1, False),
        ("TX", CaseType.MOTOR_VEHICLE, 2, False),
    ],
)
def test_case_type_with_its_own_period(
    code: str, case_type: CaseType | None, years: int, verify: bool
) -> None:
    """Colorado and Kentucky motor-vehicle claims have their own period; other kinds use the general one."""
    result = compute(code, date(2025, 6, 10), case_type=case_type)
    assert (result.rule.years, result.verify) == (years, verify)


@pytest.mark.parametrize("case_type", [CaseType.MEDICAL_MALPRACTICE, CaseType.PRODUCT, CaseType.WORKPLACE])
def test_case_types_with_rules_of_their_own_are_flagged(case_type: CaseType) -> None:
    """Malpractice, product and workplace cases get the general period, a warning and the verify flag."""
    result = compute("TX", date(2025, 6, 10), case_type=case_type)
    assert result.verify
    assert "may not apply" in _text(result) or "workers' compensation" in _text(result)


# --- leap days -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("day", "years", "expected"),
    [
        (date(2024, 2, 29), 1, date(2025, 2, 28)),
        (date(2024, 2, 29), 2, date(2026, 2, 28)),
        (date(2024, 2, 29), 4, date(2028, 2, 29)),
        (date(2023, 2, 28), 1, date(2024, 2, 28)),
        (date(2023, 3, 1), 1, date(2024, 3, 1)),
        (date(2024, 12, 31), 3, date(2027, 12, 31)),
    ],
)
def test_add_years_ends_a_leap_day_on_28_february(day: date, years: int, expected: date) -> None:
    """29 February plus years is 28 February in a non-leap year; other days keep their date."""
    assert add_years(day, years) == expected


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        (date(2024, 8, 31), 6, date(2025, 2, 28)),
        (date(2023, 8, 31), 6, date(2024, 2, 29)),
        (date(2024, 1, 15), 6, date(2024, 7, 15)),
        (date(2024, 10, 31), 4, date(2025, 2, 28)),
        (date(2024, 7, 31), 2, date(2024, 9, 30)),
    ],
)
def test_add_months_stays_in_the_month(day: date, months: int, expected: date) -> None:
    """A month period ending on a day the month lacks ends on the month's last day."""
    assert add_months(day, months) == expected


def test_leap_day_incident_is_explained_and_flagged() -> None:
    """Texas, 29 February 2024: deadline 28 February 2026, the choice said and marked verify."""
    result = compute("TX", date(2024, 2, 29))
    assert result.deadline == date(2026, 2, 28)
    assert result.verify
    assert "28 February" in _text(result) and "1 March" in _text(result)


def test_leap_day_incident_with_a_leap_anniversary_is_not_flagged() -> None:
    """Utah's 4 years from 29 February 2024 end on 29 February 2028: nothing to verify."""
    result = compute("UT", date(2024, 2, 29))
    assert (result.deadline, result.verify) == (date(2028, 2, 29), False)


# --- minority ------------------------------------------------------------------------------------


def test_minor_clock_starts_at_majority() -> None:
    """Texas: a 9-year-old's two years run from the 18th birthday."""
    result = compute("TX", date(2020, 1, 10), date_of_birth=date(2010, 6, 15))
    assert result.minority is not None and result.minority.minor
    assert result.minority.age_on_incident == 9
    assert (result.clock_starts, result.deadline) == (date(2028, 6, 15), date(2030, 6, 15))
    assert result.verify
    assert "minor until 18 (2028-06-15)" in _text(result)


def test_alabama_majority_is_19() -> None:
    """Alabama: the clock starts on the 19th birthday."""
    result = compute("AL", date(2020, 1, 10), date_of_birth=date(2010, 6, 15))
    assert (result.clock_starts, result.deadline) == (date(2029, 6, 15), date(2031, 6, 15))


@pytest.mark.parametrize(
    ("incident", "minor"),
    [(date(2029, 6, 14), True), (date(2029, 6, 15), False), (date(2029, 6, 16), False)],
)
def test_alabama_18_year_old_is_a_minor_until_19(incident: date, minor: bool) -> None:
    """An Alabama 18-year-old is still a minor; on the 19th birthday the client is an adult."""
    result = compute("AL", incident, date_of_birth=date(2010, 6, 15))
    assert result.minority is not None and result.minority.minor is minor
    expected_start = date(2029, 6, 15) if minor else incident
    assert result.clock_starts == expected_start


def test_mississippi_majority_is_21() -> None:
    """Mississippi: a 19-year-old is a minor; three years run from the 21st birthday."""
    result = compute("MS", date(2024, 3, 1), date_of_birth=date(2005, 1, 20))
    assert (result.clock_starts, result.deadline) == (date(2026, 1, 20), date(2029, 1, 20))


def test_adult_client_gets_no_minority_tolling() -> None:
    """A 30-year-old: the clock starts on the incident date and the explanation says why."""
    result = compute("TX", date(2025, 6, 10), date_of_birth=date(1995, 1, 1))
    assert result.minority is not None and not result.minority.minor
    assert (result.clock_starts, result.deadline, result.verify) == (
        date(2025, 6, 10),
        date(2027, 6, 10),
        False,
    )
    assert "an adult" in _text(result)


def test_minority_does_not_stop_the_clock_where_the_data_says_so() -> None:
    """Florida (a minor with a parent able to sue): the period runs from the incident, flagged."""
    result = compute("FL", date(2025, 6, 10), date_of_birth=date(2015, 1, 1))
    assert result.minority is not None and result.minority.rule is MinorityRule.NONE
    assert (result.clock_starts, result.deadline, result.verify) == (
        date(2025, 6, 10),
        date(2027, 6, 10),
        True,
    )
    assert "does not stop the clock" in _text(result)


@pytest.mark.parametrize(
    ("dob", "deadline"),
    [
        (date(2005, 1, 1), date(2024, 1, 1)),  # turns 18 in 2023: one year after is later than 3 years
        (date(2003, 1, 1), date(2023, 5, 5)),  # turns 18 in 2021: the usual three years are later
    ],
)
def test_michigan_gives_a_minor_one_year_after_majority(dob: date, deadline: date) -> None:
    """Michigan: the later of the usual 3 years and 1 year after turning 18."""
    result = compute("MI", date(2020, 5, 5), date_of_birth=dob)
    assert result.deadline == deadline


def test_kansas_caps_a_minors_extra_time_at_8_years() -> None:
    """Kansas: 1 year after 18, but never more than 8 years after the incident."""
    capped = compute("KS", date(2010, 5, 5), date_of_birth=date(2005, 1, 1))
    assert capped.deadline == date(2018, 5, 5)
    uncapped = compute("KS", date(2020, 5, 5), date_of_birth=date(2005, 1, 1))
    assert uncapped.deadline == date(2024, 1, 1)


def test_born_on_leap_day_comes_of_age_on_28_february() -> None:
    """A client born 29 February 2008 turns 18 on 28 February 2026 (the earlier reading)."""
    result = compute("TX", date(2020, 1, 10), date_of_birth=date(2008, 2, 29))
    assert result.minority is not None
    assert result.minority.majority_date == date(2026, 2, 28)
    assert result.deadline == date(2028, 2, 28)
    assert "29 February" in _text(result)
    assert age_on(date(2008, 2, 29), date(2026, 2, 28)) == 18
    assert age_on(date(2008, 2, 29), date(2026, 2, 27)) == 17


# --- tolling -------------------------------------------------------------------------------------


def test_tolling_event_extends_by_its_days() -> None:
    """A 30-day tolling event (1 to 31 May) moves the deadline 30 days."""
    event = TollingEvent("defendant out of state", date(2025, 5, 1), date(2025, 5, 31))
    result = compute("TX", date(2025, 1, 10), tolling=[event])
    assert (result.anniversary, result.tolled_days) == (date(2027, 1, 10), 30)
    assert result.deadline == date(2027, 2, 9)
    assert "defendant out of state" in _text(result)


def test_overlapping_tolling_events_count_once() -> None:
    """Two events sharing 10 days add 40 days, not 50, and the explanation says so."""
    events = [
        TollingEvent("bankruptcy stay", date(2025, 5, 1), date(2025, 5, 31)),
        TollingEvent("defendant out of state", date(2025, 5, 21), date(2025, 6, 10)),
    ]
    result = compute("TX", date(2025, 1, 10), tolling=events)
    assert result.tolled_days == 40
    assert "counted once" in _text(result)


def test_nested_tolling_event_adds_nothing_more() -> None:
    """An event inside another adds no days of its own."""
    events = [
        TollingEvent("stay", date(2025, 5, 1), date(2025, 7, 1)),
        TollingEvent("absence", date(2025, 5, 10), date(2025, 5, 20)),
    ]
    assert compute("TX", date(2025, 1, 10), tolling=events).tolled_days == 61


def test_tolling_outside_the_running_clock_adds_nothing() -> None:
    """Events before the incident, or starting after the deadline, leave the deadline alone."""
    events = [
        TollingEvent("before", date(2024, 1, 1), date(2024, 3, 1)),
        TollingEvent("after", date(2027, 2, 1), date(2027, 3, 1)),
    ]
    result = compute("TX", date(2025, 1, 10), tolling=events)
    assert (result.tolled_days, result.deadline) == (0, date(2027, 1, 10))
    assert "ended before the clock started" in _text(result)
    assert "started after the deadline" in _text(result)


def test_tolling_event_of_no_length_adds_nothing() -> None:
    """An event that ends the day it starts leaves the deadline alone and says so."""
    event = TollingEvent("a day in court", date(2025, 5, 1), date(2025, 5, 1))
    result = compute("TX", date(2025, 1, 10), tolling=[event])
    assert (result.tolled_days, result.deadline) == (0, date(2027, 1, 10))
    assert "lasts no time" in _text(result)


def test_tolling_straddling_the_clock_start_counts_from_the_start() -> None:
    """An event from before the incident to 20 days after it adds 20 days."""
    event = TollingEvent("hospitalised", date(2025, 1, 1), date(2025, 1, 30))
    assert compute("TX", date(2025, 1, 10), tolling=[event]).tolled_days == 20


def test_tolling_chains_past_the_first_anniversary() -> None:
    """An event that starts after the anniversary but before the extended deadline still counts."""
    events = [
        TollingEvent("stay", date(2025, 2, 1), date(2025, 3, 3)),  # 30 days: deadline 2027-02-09
        TollingEvent("absence", date(2027, 2, 1), date(2027, 2, 11)),  # starts before 2027-02-09
    ]
    result = compute("TX", date(2025, 1, 10), tolling=events)
    assert (result.tolled_days, result.deadline) == (40, date(2027, 2, 19))


def test_tolling_during_minority_is_not_counted_twice() -> None:
    """A minor's clock starts at majority: an event during minority adds nothing."""
    event = TollingEvent("stay", date(2021, 1, 1), date(2021, 6, 1))
    result = compute("TX", date(2020, 1, 10), date_of_birth=date(2010, 6, 15), tolling=[event])
    assert (result.tolled_days, result.deadline) == (0, date(2030, 6, 15))


# --- court days ----------------------------------------------------------------------------------


def test_saturday_deadline_is_due_on_monday() -> None:
    """A deadline on Saturday 14 March 2026 is due Monday 16 March; both dates are kept."""
    result = compute("TX", date(2024, 3, 14))
    assert (result.deadline, result.due) == (date(2026, 3, 14), date(2026, 3, 16))
    assert [day for day, _ in result.closed_days] == [date(2026, 3, 14), date(2026, 3, 15)]
    assert "due the next court day, 2026-03-16 (Monday)" in _text(result)


def test_deadline_on_july_4_is_due_the_next_court_day() -> None:
    """Thursday 4 July 2030 is a holiday: due Friday 5 July, with a warning to check the court."""
    result = compute("TX", date(2028, 7, 4), holidays=fixed_holidays)
    assert (result.deadline, result.due) == (date(2030, 7, 4), date(2030, 7, 5))
    assert result.closed_days == ((date(2030, 7, 4), "Independence Day"),)
    assert "check the court's calendar" in _text(result)


def test_deadline_on_a_monday_holiday_is_due_tuesday() -> None:
    """Memorial Day, Monday 25 May 2026: due Tuesday 26 May."""
    result = compute("TX", date(2024, 5, 25), holidays=fixed_holidays)
    assert (result.deadline, result.due) == (date(2026, 5, 25), date(2026, 5, 26))


def test_saturday_before_a_monday_holiday_is_due_tuesday() -> None:
    """Saturday, Sunday, then Memorial Day: 23 May 2026 is due Tuesday 26 May."""
    result = compute("TX", date(2024, 5, 23), holidays=fixed_holidays)
    assert (result.deadline, result.due) == (date(2026, 5, 23), date(2026, 5, 26))
    assert len(result.closed_days) == 3


def test_court_day_deadline_is_due_that_day() -> None:
    """A Tuesday deadline stays put."""
    result = compute("TX", date(2024, 3, 17))
    assert result.due == result.deadline == date(2026, 3, 17)
    assert "is a court day" in _text(result)


def test_federal_and_state_holidays_from_the_holidays_package() -> None:
    """The default calendar knows 4 July (federal) and Texas Independence Day (state)."""
    assert next_court_day(date(2025, 7, 4), "TX")[0] == date(2025, 7, 7)
    assert us_holidays("TX", 2026)[date(2026, 3, 2)] == "Texas Independence Day"
    assert date(2026, 3, 2) not in us_holidays("CA", 2026)
    assert next_court_day(date(2026, 3, 2), "TX")[0] == date(2026, 3, 3)
    assert next_court_day(date(2026, 3, 2), "CA")[0] == date(2026, 3, 2)


def test_a_calendar_without_court_days_is_refused() -> None:
    """A broken holiday source cannot make the search run forever."""
    every_day: dict[date, str] = {}

    def closed(code: str, year: int) -> Mapping[date, str]:
        every_day.update({date(year, 1, 1) + timedelta(days=n): "closed" for n in range(366)})
        return every_day

    with pytest.raises(ValueError, match="no court day"):
        next_court_day(date(2026, 1, 1), "TX", closed)


def test_passed_dates_are_said_when_today_is_known() -> None:
    """With today given, a due date or notice date before it is called passed."""
    result = compute(
        "TX", date(2024, 1, 10), defendant_type=DefendantType.GOVERNMENT, today=date(2026, 11, 21)
    )
    assert "As of today (2026-11-21) this date has passed." in result.explanation
    assert "As of today (2026-11-21) the notice-of-claim date has passed." in result.explanation
    fresh = compute("TX", date(2026, 11, 1), today=date(2026, 11, 21))
    assert not any("has passed" in line for line in fresh.explanation)


# --- government defendants -----------------------------------------------------------------------


def test_texas_government_notice_of_claim() -> None:
    """Texas: notice to a governmental unit within 6 months, flagged verify; the deadline stays 2 years."""
    result = compute("TX", date(2024, 8, 31), defendant_type=DefendantType.GOVERNMENT)
    assert result.notice is not None
    assert result.notice.deadline == date(2025, 2, 28)
    assert result.notice.rule.verify and result.verify
    assert result.deadline == date(2026, 8, 31)
    assert "101.101" in _text(result)


def test_government_defendant_without_notice_data_says_so() -> None:
    """California has no notice period on file: no notice deadline, a warning and the verify flag."""
    result = compute("CA", date(2024, 8, 31), defendant_type=DefendantType.GOVERNMENT)
    assert result.notice is None and result.verify
    assert "No notice-of-claim period" in _text(result)


def test_private_defendant_has_no_notice_deadline() -> None:
    """A private defendant in Texas: no notice-of-claim deadline."""
    assert compute("TX", date(2024, 8, 31)).notice is None


# --- bad input -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("code", "incident", "options", "field"),
    [
        ("ZZ", date(2025, 1, 1), {}, "jurisdiction"),
        ("TX", date(2027, 1, 1), {"today": date(2026, 11, 21)}, "incident_date"),
        ("TX", date(2025, 1, 1), {"date_of_birth": date(2025, 1, 2)}, "date_of_birth"),
        (
            "TX",
            date(2025, 1, 1),
            {"tolling": [TollingEvent("stay", date(2025, 3, 1), date(2025, 2, 1))]},
            "tolling",
        ),
        (
            "TX",
            date(2025, 1, 1),
            {"tolling": [TollingEvent(" ", date(2025, 2, 1), date(2025, 3, 1))]},
            "tolling",
        ),
    ],
)
def test_bad_input_is_refused_by_field(
    code: str, incident: date, options: dict[str, object], field: str
) -> None:
    """Unknown jurisdiction, future incident, birth after the incident, bad tolling: a message per field."""
    with pytest.raises(ValidationError) as caught:
        compute(code, incident, **options)
    assert list(caught.value.errors) == [field]


def test_every_problem_is_reported_at_once() -> None:
    """Several problems give several fields, so a form can mark them all."""
    with pytest.raises(ValidationError) as caught:
        compute("ZZ", date(2027, 1, 1), today=date(2026, 11, 21), date_of_birth=date(2028, 1, 1))
    assert set(caught.value.errors) == {"jurisdiction", "incident_date", "date_of_birth"}


def test_lower_case_code_and_incident_today_are_fine() -> None:
    """Codes are read in any case; an incident today is not in the future."""
    result = compute(" tx ", date(2026, 11, 21), today=date(2026, 11, 21))
    assert result.jurisdiction == "TX"


# --- the data files ------------------------------------------------------------------------------

HEADER = (
    "code,case_type,years,months,effective_from,effective_to,source,as_of,verify,notes,"
    "age_of_majority,minority_rule,minority_years,minority_cap_years,minority_source,minority_notes"
)
GOOD = [
    "TX,general,2,,,,Tex. Civ. Prac. & Rem. Code § 16.003(a),2026-11-21,false,,18,restart,,,§ 16.001,",
    "FL,general,4,,,2023-03-23,Fla. Stat. § 95.11,2026-11-21,false,,18,none,,,§ 95.051,",
    "FL,general,2,,2023-03-24,,Fla. Stat. § 95.11,2026-11-21,false,,18,none,,,§ 95.051,",
]


def _csv(*rows: str) -> str:
    return "\n".join([HEADER, *rows]) + "\n"


def test_well_formed_sample_parses() -> None:
    """The sample rows parse, with their spans and minority rules."""
    rows = parse_limitation_periods(_csv(*GOOD))
    assert [(row.code, row.years, row.effective_to) for row in rows] == [
        ("TX", 2, None),
        ("FL", 4, date(2023, 3, 23)),
        ("FL", 2, None),
    ]
    assert rows[1].minority_rule is MinorityRule.NONE


@pytest.mark.parametrize(
    ("bad_row", "message"),
    [
        ("TEX,general,2,,,,S,2026-11-21,false,,18,restart,,,M,", "bad jurisdiction code"),
        ("TX,boating,2,,,,S,2026-11-21,false,,18,restart,,,M,", "unknown case type"),
        ("TX,general,2,24,,,S,2026-11-21,false,,18,restart,,,M,", "exactly one of years and months"),
        ("TX,general,,,,,S,2026-11-21,false,,18,restart,,,M,", "exactly one of years and months"),
        ("TX,general,two,,,,S,2026-11-21,false,,18,restart,,,M,", "positive whole number"),
        ("TX,general,0,,,,S,2026-11-21,false,,18,restart,,,M,", "positive whole number"),
        ("TX,general,2.5,,,,S,2026-11-21,false,,18,restart,,,M,", "positive whole number"),
        ("TX,general,2,,,,S,2026-13-01,false,,18,restart,,,M,", "month must be"),
        ("TX,general,2,,,,S,2026-11-21,maybe,,18,restart,,,M,", "verify must be true or false"),
        ("TX,general,2,,,,,2026-11-21,false,,18,restart,,,M,", "source is empty"),
        ("TX,general,2,,,,S,2026-11-21,false,,18,restart,,,,", "minority_source is empty"),
        ("TX,general,2,,,,S,2026-11-21,false,,40,restart,,,M,", "age_of_majority"),
        ("TX,general,2,,,,S,2026-11-21,false,,18,sometimes,,,M,", "'sometimes' is not a valid MinorityRule"),
        ("TX,general,2,,,,S,2026-11-21,false,,18,grace,,,M,", "minority_years is given exactly when"),
        ("TX,general,2,,,,S,2026-11-21,false,,18,restart,1,,M,", "minority_years is given exactly when"),
        ("TX,general,2,,,,S,2026-11-21,false,,18,restart,,8,M,", "minority_cap_years needs"),
        ("TX,general,2,,,,S,2026-11-21,false,,18,restart,,,M", "expected 16 cells"),
        ("TX,general,2,,,,S,2026-11-21,false,,18,restart,,,M,,extra", "expected 16 cells"),
    ],
)
def test_malformed_row_is_refused_naming_its_line(bad_row: str, message: str) -> None:
    """A bad cell anywhere fails the whole file with the line number and what is wrong."""
    with pytest.raises(ValueError, match="line 3") as caught:
        parse_limitation_periods(_csv(GOOD[0], bad_row))
    assert message in str(caught.value)


@pytest.mark.parametrize(
    ("rows", "message"),
    [
        ([GOOD[0], GOOD[0]], "lines 2 and 3: date spans of TX (general) overlap"),
        (
            [GOOD[1], GOOD[2].replace("2023-03-24,,", "2023-03-23,,")],
            "lines 2 and 3: date spans of FL (general) overlap",
        ),
        ([GOOD[1]], "line 2: FL (general) has no period for current incidents"),
        (
            [
                "TX,general,1,,2025-01-01,2024-01-01,S,2026-11-21,false,,18,restart,,,M,",
                "TX,general,2,,2025-01-02,,S,2026-11-21,false,,18,restart,,,M,",
            ],
            "the span of TX (general) ends before it starts",
        ),
        (
            [GOOD[0].replace("general", "motor_vehicle")],
            "line 2: TX has no general-negligence row",
        ),
        (
            [GOOD[1], GOOD[2].replace(",18,none", ",19,none")],
            "lines 2, 3: the rows of FL disagree on the age of majority",
        ),
    ],
)
def test_inconsistent_rows_are_refused(rows: list[str], message: str) -> None:
    """Overlapping, closed or reversed spans, no general row, or disagreeing minority data are refused."""
    with pytest.raises(ValueError) as caught:
        parse_limitation_periods(_csv(*rows))
    assert message in str(caught.value)


def test_missing_column_is_refused() -> None:
    """A file without a needed column says which."""
    with pytest.raises(ValueError, match="lacks columns: minority_rule"):
        parse_limitation_periods(HEADER.replace(",minority_rule", "") + "\n")


NOTICE_HEADER = "code,defendant_type,months,days,source,as_of,verify,notes"


@pytest.mark.parametrize(
    ("rows", "message"),
    [
        (
            ["TX,government,6,180,S,2026-11-21,true,"],
            "line 2: give the period in exactly one of months and days",
        ),
        (["TX,landlord,6,,S,2026-11-21,true,"], "line 2: 'landlord' is not a valid DefendantType"),
        (["TX,government,6,,S,2026-11-21,true,", "tx,government,,90,S,2026-11-21,true,"], "line 3: TX"),
    ],
)
def test_malformed_notice_rows_are_refused(rows: list[str], message: str) -> None:
    """Notice rows: one period unit, a known defendant type, one row per jurisdiction and defendant."""
    with pytest.raises(ValueError) as caught:
        parse_notice_periods("\n".join([NOTICE_HEADER, *rows]) + "\n")
    assert message in str(caught.value)


def test_notice_in_days() -> None:
    """A notice period can be given in days."""
    (notice,) = parse_notice_periods(f"{NOTICE_HEADER}\nNY,government,,90,GML § 50-e,2026-11-21,true,\n")
    assert (notice.period, notice.add_period(date(2025, 1, 1))) == ("90 days", date(2025, 4, 1))


# --- properties ----------------------------------------------------------------------------------

codes = st.sampled_from(sorted({row.code for row in RULES.periods}))
incidents = st.dates(min_value=date(1990, 1, 1), max_value=date(2026, 11, 21))
events = st.builds(
    lambda start, days: TollingEvent("event", start, start + timedelta(days=days)),
    st.dates(min_value=date(1990, 1, 1), max_value=date(2035, 12, 31)),
    st.integers(min_value=0, max_value=800),
)
births = st.one_of(st.none(), st.dates(min_value=date(1960, 1, 1), max_value=date(1990, 1, 1)))


@given(codes, incidents, st.lists(events, max_size=4), births)
def test_due_is_a_court_day_on_or_after_the_deadline(
    code: str, incident: date, tolling: list[TollingEvent], born: date | None
) -> None:
    """Due is never before the deadline, never on a weekend or holiday; tolling only ever adds."""
    dob = None if born is None else min(born, incident)
    result = compute(code, incident, tolling=tolling, date_of_birth=dob, holidays=fixed_holidays)
    assert result.due >= result.deadline >= result.anniversary
    assert result.due.weekday() < 5
    assert result.due not in fixed_holidays(code, result.due.year)
    assert result.deadline - result.anniversary == timedelta(days=result.tolled_days)
    assert result.tolled_days <= sum(event.days for event in tolling)


@given(codes, incidents, st.lists(events, max_size=4), events)
def test_more_tolling_never_moves_the_deadline_earlier(
    code: str, incident: date, tolling: list[TollingEvent], extra: TollingEvent
) -> None:
    """Adding a tolling event keeps or extends the deadline."""
    before = compute(code, incident, tolling=tolling)
    after = compute(code, incident, tolling=[*tolling, extra])
    assert after.deadline >= before.deadline


@given(codes, incidents, st.dates(min_value=date(1960, 1, 1), max_value=date(2026, 11, 21)))
def test_minority_never_moves_the_deadline_before_the_usual_one(
    code: str, incident: date, born: date
) -> None:
    """Whatever the client's age, the deadline is never earlier than the usual period from the incident."""
    dob = min(born, incident)
    usual = compute(code, incident).deadline
    assert compute(code, incident, date_of_birth=dob).deadline >= usual
