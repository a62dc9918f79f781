"""Fault allocation: every rule at its boundaries, the data-driven variants, and the shipped rules file."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from casedesk.domain.errors import ValidationError
from casedesk.domain.fault import (
    BarScope,
    Confidence,
    FaultRule,
    JurisdictionFaultRule,
    apply_fault,
    parse_fault_rules,
    rule_for,
)
from casedesk.domain.money import Money
from casedesk.domain.valuation import Specials, Valuation, value_by_multiplier
from casedesk.resources import check_fault_rules_cover, fault_rules, jurisdictions, resource_path

#: The article's example: 17,000 specials × 3 = 51,000 (17,000 economic, 34,000 non-economic).
ARTICLE = value_by_multiplier(
    Specials(medical_billed=Money.of(10_000), property_damage=Money.of(5_000), lost_wages=Money.of(2_000)),
    Decimal(3),
)
FLORIDA_CHANGE = date(2023, 3, 24)

percents = st.decimals(min_value=0, max_value=100, places=2)
valuations = st.builds(
    value_by_multiplier,
    st.builds(
        Specials, medical_billed=st.integers(0, 10**10).map(Money), other=st.integers(0, 10**8).map(Money)
    ),
    st.decimals(min_value=1, max_value=6, places=2),
)


def _michigan() -> JurisdictionFaultRule:
    return rule_for(fault_rules(), "MI")


@pytest.mark.parametrize(
    ("rule", "percent", "value", "barred"),
    [
        (FaultRule.PURE_CONTRIBUTORY, "0", "51000", False),
        (FaultRule.PURE_CONTRIBUTORY, "0.01", "0", True),
        (FaultRule.PURE_CONTRIBUTORY, "49.99", "0", True),
        (FaultRule.PURE_CONTRIBUTORY, "50", "0", True),
        (FaultRule.PURE_CONTRIBUTORY, "50.01", "0", True),
        (FaultRule.PURE_CONTRIBUTORY, "100", "0", True),
        (FaultRule.PURE_COMPARATIVE, "0", "51000", False),
        (FaultRule.PURE_COMPARATIVE, "49.99", "25505.10", False),
        (FaultRule.PURE_COMPARATIVE, "50", "25500", False),
        (FaultRule.PURE_COMPARATIVE, "50.01", "25494.90", False),
        (FaultRule.PURE_COMPARATIVE, "99", "510", False),
        (FaultRule.PURE_COMPARATIVE, "100", "0", False),
        (FaultRule.MODIFIED_50, "0", "51000", False),
        (FaultRule.MODIFIED_50, "49.99", "25505.10", False),
        (FaultRule.MODIFIED_50, "50", "0", True),
        (FaultRule.MODIFIED_50, "50.01", "0", True),
        (FaultRule.MODIFIED_50, "100", "0", True),
        (FaultRule.MODIFIED_51, "0", "51000", False),
        (FaultRule.MODIFIED_51, "49.99", "25505.10", False),
        (FaultRule.MODIFIED_51, "50", "25500", False),
        (FaultRule.MODIFIED_51, "50.01", "0", True),
        (FaultRule.MODIFIED_51, "100", "0", True),
    ],
)
def test_rules_at_boundary_percentages(rule: FaultRule, percent: str, value: str, barred: bool) -> None:
    """Each rule reduces by the plaintiff's share or bars, exactly at its thresholds, to the cent."""
    outcome = apply_fault(ARTICLE, rule, Decimal(percent))
    assert (outcome.value, outcome.barred, outcome.needs_judgment) == (Money.of(value), barred, False)
    assert outcome.economic is not None and outcome.non_economic is not None
    assert outcome.economic + outcome.non_economic == outcome.value


def test_thirty_percent_reduces_both_parts() -> None:
    """Under pure comparative 30 % fault leaves 70 % of each part: 11,900 + 23,800 = 35,700."""
    outcome = apply_fault(ARTICLE, FaultRule.PURE_COMPARATIVE, Decimal(30))
    assert (outcome.economic, outcome.non_economic, outcome.value) == (
        Money.of(11_900),
        Money.of(23_800),
        Money.of(35_700),
    )


@pytest.mark.parametrize(
    ("incident", "rule", "value_at_60"),
    [
        (date(2023, 3, 23), FaultRule.PURE_COMPARATIVE, Money.of(20_400)),
        (FLORIDA_CHANGE, FaultRule.MODIFIED_51, Money.zero()),
        (date(2025, 1, 1), FaultRule.MODIFIED_51, Money.zero()),
    ],
)
def test_florida_rule_depends_on_the_incident_date(
    incident: date, rule: FaultRule, value_at_60: Money
) -> None:
    """Florida is pure comparative before 2023-03-24 and bars above 50 % from that day on."""
    florida = rule_for(fault_rules(), "FL", incident)
    assert florida.rule is rule
    assert apply_fault(ARTICLE, florida, Decimal(60)).value == value_at_60


def test_florida_without_a_date_is_the_current_rule() -> None:
    """Without an incident date the open-ended (current) row applies."""
    assert rule_for(fault_rules(), "fl").rule is FaultRule.MODIFIED_51


@pytest.mark.parametrize(
    ("percent", "economic", "non_economic", "barred"),
    [
        ("50", "8500", "17000", False),
        ("50.01", "8498.30", "0", True),
        ("80", "3400", "0", True),
        ("100", "0", "0", True),
    ],
)
def test_michigan_bars_only_non_economic_damages(
    percent: str, economic: str, non_economic: str, barred: bool
) -> None:
    """Above 50 % a Michigan plaintiff loses non-economic damages; economic ones are still reduced."""
    outcome = apply_fault(ARTICLE, _michigan(), Decimal(percent))
    assert (outcome.economic, outcome.non_economic, outcome.barred) == (
        Money.of(economic),
        Money.of(non_economic),
        barred,
    )
    assert outcome.value == outcome.economic + outcome.non_economic
    assert outcome.bar_scope is BarScope.NON_ECONOMIC


def test_user_override_uses_the_chosen_rule_with_a_full_bar() -> None:
    """A FaultRule chosen by the user replaces the jurisdiction's, with bar scope 'all'."""
    outcome = apply_fault(ARTICLE, FaultRule.MODIFIED_51, Decimal(60))
    assert (outcome.value, outcome.bar_scope) == (Money.zero(), BarScope.ALL)


@pytest.mark.parametrize("percent", ["10", "49.99", "50", "90"])
def test_slight_gross_is_never_silently_numeric(percent: str) -> None:
    """South Dakota without the user's judgment gives no amount, only a request for judgment."""
    outcome = apply_fault(ARTICLE, rule_for(fault_rules(), "SD"), Decimal(percent))
    assert outcome.needs_judgment
    assert (outcome.value, outcome.economic, outcome.non_economic) == (None, None, None)


@pytest.mark.parametrize(
    ("judgment", "value", "barred"), [(True, Money.of(45_900), False), (False, Money.zero(), True)]
)
def test_slight_gross_follows_the_judgment(judgment: bool, value: Money, barred: bool) -> None:
    """Slight vs gross → reduced by the share (10 %); otherwise barred."""
    outcome = apply_fault(ARTICLE, FaultRule.SLIGHT_GROSS, Decimal(10), slight_gross_judgment=judgment)
    assert (outcome.value, outcome.barred, outcome.needs_judgment) == (value, barred, False)


@pytest.mark.parametrize("percent", ["-0.01", "100.01", "NaN", "Infinity"])
def test_fault_outside_0_to_100_is_refused(percent: str) -> None:
    """A share of fault outside 0–100 is a validation error on fault_percent."""
    with pytest.raises(ValidationError) as raised:
        apply_fault(ARTICLE, FaultRule.PURE_COMPARATIVE, Decimal(percent))
    assert set(raised.value.errors) == {"fault_percent"}


def test_unknown_jurisdiction_is_refused() -> None:
    """A code with no rule is a validation error on jurisdiction."""
    with pytest.raises(ValidationError) as raised:
        rule_for(fault_rules(), "XX")
    assert set(raised.value.errors) == {"jurisdiction"}


@given(valuations, st.sampled_from(FaultRule), st.booleans())
def test_zero_fault_changes_nothing(valuation: Valuation, rule: FaultRule, judgment: bool) -> None:
    """With 0 % plaintiff fault every rule gives the value unchanged."""
    outcome = apply_fault(valuation, rule, Decimal(0), judgment)
    assert (outcome.value, outcome.economic, outcome.non_economic, outcome.barred) == (
        valuation.value,
        valuation.economic,
        valuation.non_economic,
        False,
    )


@given(valuations, percents, percents, st.sampled_from(FaultRule), st.sampled_from(BarScope))
def test_more_fault_never_recovers_more(
    valuation: Valuation, p1: Decimal, p2: Decimal, rule: FaultRule, scope: BarScope
) -> None:
    """Recovery is non-increasing in the plaintiff's share of fault, and never negative."""
    row = replace(_michigan(), rule=rule, bar_scope=scope)
    low, high = sorted((p1, p2))
    less, more = (apply_fault(valuation, row, p, slight_gross_judgment=True) for p in (low, high))
    assert less.value is not None and more.value is not None
    assert Money.zero() <= more.value <= less.value <= valuation.value
    assert more.economic is not None and more.non_economic is not None
    assert min(more.economic, more.non_economic) >= Money.zero()


@given(valuations, st.decimals(min_value=Decimal("0.01"), max_value=100, places=2))
def test_a_barred_plaintiff_gets_exactly_zero(valuation: Valuation, percent: Decimal) -> None:
    """Under pure contributory any fault gives exactly Money(0)."""
    outcome = apply_fault(valuation, FaultRule.PURE_CONTRIBUTORY, percent)
    assert outcome.value == Money(0) and outcome.barred


# --- the shipped data --------------------------------------------------------------------------


def test_rules_file_covers_all_51_jurisdictions() -> None:
    """Every state and DC has a rule for current incidents, and nothing else has one."""
    codes = {rule.code for rule in fault_rules()}
    assert len(codes) == 51
    assert codes == {j.code for j in jurisdictions()}
    for code in codes:
        assert rule_for(fault_rules(), code).effective_to is None


@pytest.mark.parametrize(
    ("code", "rule"),
    [
        ("AL", FaultRule.PURE_CONTRIBUTORY),
        ("DC", FaultRule.PURE_CONTRIBUTORY),
        ("CA", FaultRule.PURE_COMPARATIVE),
        ("NY", FaultRule.PURE_COMPARATIVE),
        ("GA", FaultRule.MODIFIED_50),
        ("NE", FaultRule.MODIFIED_50),
        ("TX", FaultRule.MODIFIED_51),
        ("MI", FaultRule.MODIFIED_51),
        ("SD", FaultRule.SLIGHT_GROSS),
    ],
)
def test_rules_file_matches_the_survey(code: str, rule: FaultRule) -> None:
    """Spot checks against domain.md's table."""
    assert rule_for(fault_rules(), code).rule is rule


def test_rules_file_rows_are_dated_sourced_and_flagged() -> None:
    """Every row has a source and an as-of date; medium-confidence states are marked to verify."""
    rules = fault_rules()
    assert all(rule.source and rule.as_of == date(2026, 11, 1) for rule in rules)
    medium = {rule.code for rule in rules if rule.confidence is Confidence.MEDIUM}
    assert medium == {"DE", "OK", "WV", "IN"}
    assert medium <= {rule.code for rule in rules if rule.verify}
    assert "all defendants combined" in rule_for(rules, "NE").notes


def test_rules_file_agrees_with_jurisdictions_csv() -> None:
    """The fault rule and threshold of each state's current row match jurisdictions.csv."""
    import csv

    with resource_path("jurisdictions.csv").open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            expected = row["fault_rule"]
            if expected == "modified":
                expected = f"modified_{row['bar_threshold']}"
            assert rule_for(fault_rules(), row["code"]).rule == expected, row["code"]


HEADER = "code,rule,threshold,bar_scope,effective_from,effective_to,source,as_of,verify,confidence,notes\n"
GOOD = "AL,pure_contributory,,all,,,survey,2026-11-01,false,high,\n"


@pytest.mark.parametrize(
    "text",
    [
        "code,rule\nAL,pure_contributory\n",
        HEADER + GOOD.replace("pure_contributory", "contributoryish"),
        HEADER + GOOD.replace("2026-11-01", "2026-13-01"),
        HEADER + GOOD.replace(",all,", ",some,"),
        HEADER + GOOD.replace(",false,", ",maybe,"),
        HEADER + GOOD.replace(",high,", ",sure,"),
        HEADER + GOOD.replace("survey", ""),
        HEADER + GOOD.replace("contributory,,", "contributory,50,"),
        HEADER
        + "FL,modified_51,51,all,2023-03-24,,s,2026-11-01,false,high,\n"
        + "FL,pure_comparative,,all,,2023-03-24,s,2026-11-01,false,high,\n",
        HEADER + "FL,pure_comparative,,all,,2023-03-23,s,2026-11-01,false,high,\n",
        HEADER + "F1,pure_comparative,,all,,,s,2026-11-01,false,high,\n",
    ],
)
def test_malformed_rules_data_is_refused(text: str) -> None:
    """Unknown names, bad dates, missing columns, overlapping or ending spans raise ValueError."""
    with pytest.raises(ValueError, match="fault rules"):
        parse_fault_rules(text)


def test_missing_jurisdiction_is_refused() -> None:
    """Rules that leave out a known jurisdiction are refused."""
    rules = parse_fault_rules(HEADER + GOOD)
    with pytest.raises(ValueError, match="missing"):
        check_fault_rules_cover(rules, {"AL", "AK"})
