"""Lost wages: the amount from rate and time missed, overrides with reasons, the rules a record must meet."""

from __future__ import annotations

import math
from decimal import Decimal
from fractions import Fraction
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from casedesk.domain.money import Money
from casedesk.domain.wages import (
    MAX_DAYS_MISSED,
    MAX_HOURS_MISSED,
    LostWage,
    WageBasis,
    total_lost_wages,
    validate_lost_wage,
)
from tests.conftest import TODAY


def wage(**changes: Any) -> LostWage:
    fields: dict[str, Any] = {
        "case_id": 1,
        "employer": "H-E-B Grocery",
        "rate": Money.parse("18.75"),
        "basis": WageBasis.HOURLY,
        "missed": Decimal(240),
    }
    return LostWage(**(fields | changes))


@pytest.mark.parametrize(
    ("basis", "rate", "missed", "computed"),
    [
        (WageBasis.HOURLY, "18.75", "240", "4,500.00"),
        (WageBasis.HOURLY, "22.40", "7.5", "168.00"),
        (WageBasis.DAILY, "240", "3", "720.00"),
        (WageBasis.WEEKLY, "900", "10", "1,800.00"),  # 900 ÷ 5 a day
        (WageBasis.WEEKLY, "333.33", "1", "66.67"),  # 66.666 rounds up
        (WageBasis.ANNUAL, "52,000", "12", "2,400.00"),  # 52,000 ÷ 260 = 200 a day
        (WageBasis.ANNUAL, "1,000", "120", "461.54"),  # 461.538…
        (WageBasis.ANNUAL, "45,000", "1", "173.08"),  # 173.0769…
        (WageBasis.HOURLY, "0.05", "0.5", "0.03"),  # 0.025: half-up, not to even
        (WageBasis.HOURLY, "10.01", "0.5", "5.01"),  # 5.005
        (WageBasis.DAILY, "0", "30", "0.00"),
        (WageBasis.HOURLY, "25", "0", "0.00"),
    ],
)
def test_amount_is_rate_times_time_missed_rounded_half_up(
    basis: WageBasis, rate: str, missed: str, computed: str
) -> None:
    """Hourly × hours, daily × days, weekly ÷ 5 and yearly ÷ 260 × work days, rounded half-up once."""
    record = wage(basis=basis, rate=Money.parse(rate), missed=Decimal(missed))
    assert record.computed == Money.parse(computed)
    assert record.amount == record.computed


def test_weekly_and_yearly_rates_are_divided_before_rounding() -> None:
    """A yearly salary is not rounded to a daily rate first: 50,000 ÷ 260 × 260 is exactly 50,000."""
    assert wage(basis=WageBasis.ANNUAL, rate=Money.of(50_000), missed=Decimal(260)).computed == Money.of(
        50_000
    )
    assert wage(basis=WageBasis.WEEKLY, rate=Money.parse("1,001"), missed=Decimal(5)).computed == Money.of(
        1_001
    )


def test_an_override_replaces_the_computed_amount() -> None:
    """The amount set by hand is claimed; the computed amount stays known."""
    record = wage(override=Money.of(5_000), override_reason="Includes overtime")
    assert record.amount == Money.of(5_000)
    assert record.computed == Money.of(4_500)


@pytest.mark.parametrize(
    ("changes", "explanation"),
    [
        ({}, "$18.75 hourly × 240 hours = $4,500.00"),
        ({"missed": Decimal("7.50")}, "$18.75 hourly × 7.5 hours = $140.63"),
        (
            {"basis": WageBasis.WEEKLY, "rate": Money.of(900), "missed": Decimal(10)},
            "$900.00 weekly ÷ 5 × 10 days = $1,800.00",
        ),
        (
            {"basis": WageBasis.ANNUAL, "rate": Money.of(52_000), "missed": Decimal(100)},
            "$52,000.00 salary (yearly) ÷ 260 × 100 days = $20,000.00",
        ),
        (
            {"override": Money.of(5_000), "override_reason": " Includes overtime "},
            "$5,000.00 set by hand (Includes overtime); computed $18.75 hourly × 240 hours = $4,500.00",
        ),
    ],
)
def test_explanation_says_how_the_amount_was_reached(changes: dict[str, Any], explanation: str) -> None:
    """Lists and printouts word the rule, or the override with its reason and the computed amount."""
    assert wage(**changes).explanation() == explanation


@pytest.mark.parametrize(
    ("basis", "label", "unit", "per_unit"),
    [
        (WageBasis.HOURLY, "Hourly", "hours", 1),
        (WageBasis.DAILY, "Daily", "days", 1),
        (WageBasis.WEEKLY, "Weekly", "days", 5),
        (WageBasis.ANNUAL, "Salary (yearly)", "days", 260),
    ],
)
def test_basis_words(basis: WageBasis, label: str, unit: str, per_unit: int) -> None:
    """Each basis has its label, the unit time is missed in, and the units one rate pays for."""
    assert (basis.label, basis.unit, basis.per_unit) == (label, unit, Decimal(per_unit))


@pytest.mark.parametrize(
    ("text", "basis"),
    [
        ("Hourly", WageBasis.HOURLY),
        ("per hour", WageBasis.HOURLY),
        ("Daily", WageBasis.DAILY),
        ("by the day", WageBasis.DAILY),
        ("Weekly", WageBasis.WEEKLY),
        ("Salary (yearly)", WageBasis.ANNUAL),
        ("annual salary", WageBasis.ANNUAL),
        ("per year", WageBasis.ANNUAL),
        ("  SALARY ", WageBasis.ANNUAL),
        ("monthly", None),
        ("", None),
    ],
)
def test_basis_is_read_from_an_answer(text: str, basis: WageBasis | None) -> None:
    """An interview's answer names the basis in the client's words; anything else names none."""
    assert WageBasis.parse(text) is basis


def test_a_complete_record_has_no_errors() -> None:
    """The example record can be saved, with or without dates, with an override and its reason."""
    assert validate_lost_wage(wage()) == {}
    assert validate_lost_wage(wage(period_from=TODAY, period_to=TODAY)) == {}
    assert validate_lost_wage(wage(override=Money.zero(), override_reason="Paid leave covered it")) == {}


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"employer": "  "}, "employer", "The employer's name is required."),
        ({"employer": "x" * 201}, "employer", "At most 200 characters (201 typed)."),
        ({"rate": Money.of(-1)}, "rate", "The rate cannot be negative."),
        ({"missed": Decimal(-1)}, "missed", "The hours missed cannot be negative."),
        (
            {"missed": Decimal(-1), "basis": WageBasis.DAILY},
            "missed",
            "The days missed cannot be negative.",
        ),
        ({"missed": MAX_HOURS_MISSED + 1}, "missed", "At most 87,840 hours in one record."),
        (
            {"missed": MAX_DAYS_MISSED + Decimal("0.5"), "basis": WageBasis.WEEKLY},
            "missed",
            "At most 3,660 days in one record.",
        ),
        (
            {"period_from": TODAY, "period_to": TODAY.replace(day=20)},
            "period_to",
            "The period cannot end before it starts.",
        ),
        (
            {"override": Money.of(-5), "override_reason": "Refund"},
            "override",
            "The amount cannot be negative.",
        ),
        ({"override": Money.of(5_000)}, "override_reason", "Say why the amount is set by hand."),
        ({"override": Money.of(5_000), "override_reason": "  "}, "override_reason", "Say why"),
        (
            {"override": Money.of(5_000), "override_reason": "y" * 301},
            "override_reason",
            "At most 300 characters",
        ),
    ],
)
def test_validation_explains_each_problem(changes: dict[str, Any], field: str, message: str) -> None:
    """Each broken rule is reported under its field, in words a case manager understands."""
    errors = validate_lost_wage(wage(**changes))
    assert message in errors[field]
    assert set(errors) == {field}


@pytest.mark.parametrize(
    ("basis", "limit"),
    [
        (WageBasis.HOURLY, MAX_HOURS_MISSED),
        (WageBasis.DAILY, MAX_DAYS_MISSED),
        (WageBasis.ANNUAL, MAX_DAYS_MISSED),
    ],
)
def test_the_limit_itself_is_allowed(basis: WageBasis, limit: Decimal) -> None:
    """Ten years of time missed is the most one record holds, and it may hold exactly that."""
    assert validate_lost_wage(wage(basis=basis, missed=limit)) == {}


def test_without_an_override_its_reason_is_not_asked_for() -> None:
    """A reason is only needed for an amount set by hand."""
    assert validate_lost_wage(wage(override=None, override_reason="")) == {}


def test_total_sums_the_amounts_claimed() -> None:
    """The total counts an override instead of its computed amount; no records total zero."""
    records = [
        wage(),
        wage(basis=WageBasis.WEEKLY, rate=Money.of(900), missed=Decimal(10)),
        wage(override=Money.parse("99.99"), override_reason="Agreed with the adjuster"),
    ]
    assert total_lost_wages(records) == Money.parse("6,399.99")
    assert total_lost_wages([]) == Money.zero()


rates = st.integers(min_value=0, max_value=10**10).map(Money)
missed_values = st.decimals(min_value=0, max_value=MAX_DAYS_MISSED, places=2, allow_nan=False)
bases = st.sampled_from(list(WageBasis))


@given(rate=rates, missed=missed_values, basis=bases)
def test_computed_is_the_exact_product_rounded_half_up_once(
    rate: Money, missed: Decimal, basis: WageBasis
) -> None:
    """Whatever the figures, the amount is the exact rate × time ÷ units per rate, rounded to the cent."""
    cents = Fraction(rate.cents) * Fraction(missed) / int(basis.per_unit)
    expected = math.floor(cents + Fraction(1, 2))  # half-up, for amounts that are never negative
    assert wage(rate=rate, missed=missed, basis=basis).computed == Money(expected)


@given(
    amounts=st.lists(
        st.tuples(
            rates, missed_values, bases, st.none() | st.integers(min_value=0, max_value=10**9).map(Money)
        ),
        max_size=8,
    )
)
def test_total_is_the_sum_of_each_amount(
    amounts: list[tuple[Money, Decimal, WageBasis, Money | None]],
) -> None:
    """The total is the records' amounts added in cents, each record's override counted instead."""
    records = [
        wage(
            rate=rate, missed=missed, basis=basis, override=override, override_reason="r" if override else ""
        )
        for rate, missed, basis, override in amounts
    ]
    expected = sum(
        (override if override is not None else record.computed).cents
        for record, (_r, _m, _b, override) in zip(records, amounts, strict=True)
    )
    assert total_lost_wages(records) == Money(expected)
