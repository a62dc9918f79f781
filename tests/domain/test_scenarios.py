"""Valuation scenarios: the article's example under each fault rule, the settlement, fees, validation."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from casedesk.domain.errors import ValidationError
from casedesk.domain.fault import BarScope, FaultRule, JurisdictionFaultRule, rule_for
from casedesk.domain.money import Money
from casedesk.domain.scenarios import (
    MAX_SCENARIO_NAME,
    ONE_THIRD,
    Scenario,
    ScenarioResult,
    ValuationInputs,
    evaluate,
    format_fee_rate,
    parse_fee_rate,
    validate_inputs,
    validate_scenario,
)
from casedesk.domain.settlement import FeeBasis, SettlementSplit
from casedesk.domain.valuation import (
    DEFAULT_SEVERITY_BANDS,
    MedicalBasis,
    PerDiemPhase,
    ValuationMethod,
)
from casedesk.resources import fault_rules

#: The article's example: medical 10,000 + property 5,000 + wages 2,000 = 17,000 specials.
ARTICLE = ValuationInputs(
    case_id=1,
    medical_billed=Money.of(10_000),
    medical_paid=Money.of(6_000),
    property_damage=Money.of(5_000),
    lost_wages=Money.of(2_000),
)
#: 17,000 × 3 = 51,000 before fault.
EXPECTED = Scenario(id=None, case_id=1, name="Expected", multiplier=Decimal(3))
FLORIDA_CHANGE = date(2023, 3, 24)


def _rule(code: str, incident: date | None = None) -> JurisdictionFaultRule:
    return rule_for(fault_rules(), code, incident)


def _at(percent: str, **fields: object) -> Scenario:
    return replace(EXPECTED, fault_percent=Decimal(percent), **fields)  # type: ignore[arg-type]


# --- fault under each rule ------------------------------------------------------------------------


def test_article_example_without_fault_is_51000() -> None:
    """17,000 specials × 3 = 51,000: 17,000 economic and 34,000 non-economic, nothing barred."""
    result = evaluate(EXPECTED, ARTICLE, _rule("TX"))
    assert result.valuation.specials_total == Money.of(17_000)
    assert (result.valuation.economic, result.valuation.non_economic) == (Money.of(17_000), Money.of(34_000))
    assert result.value == Money.of(51_000)
    assert result.rule is FaultRule.MODIFIED_51
    assert result.fault is not None and not result.fault.barred
    assert (result.low, result.high, result.warnings) == (None, None, ())


@pytest.mark.parametrize(
    ("code", "incident", "percent", "rule", "barred", "value"),
    [
        ("TX", None, "50", FaultRule.MODIFIED_51, False, "25500"),
        ("TX", None, "51", FaultRule.MODIFIED_51, True, "0"),
        ("CA", None, "30", FaultRule.PURE_COMPARATIVE, False, "35700"),
        ("CA", None, "90", FaultRule.PURE_COMPARATIVE, False, "5100"),
        ("GA", None, "50", FaultRule.MODIFIED_50, True, "0"),
        ("VA", None, "1", FaultRule.PURE_CONTRIBUTORY, True, "0"),
        ("MI", None, "60", FaultRule.MODIFIED_51, True, "6800"),  # economic 17,000 × 40 % survives
        ("FL", FLORIDA_CHANGE.replace(day=23), "60", FaultRule.PURE_COMPARATIVE, False, "20400"),
        ("FL", FLORIDA_CHANGE, "60", FaultRule.MODIFIED_51, True, "0"),
    ],
)
def test_fault_under_the_jurisdictions_rule(
    code: str, incident: date | None, percent: str, rule: FaultRule, barred: bool, value: str
) -> None:
    """The case's jurisdiction (and, for Florida, the incident date) decides how fault reduces 51,000."""
    result = evaluate(_at(percent), ARTICLE, _rule(code, incident))
    assert result.fault is not None
    assert (result.rule, result.fault.barred, result.value) == (rule, barred, Money.of(value))
    assert result.valuation.value == Money.of(51_000)
    assert result.jurisdiction_rule is not None and result.jurisdiction_rule.code == code


def test_a_bar_is_explained_in_words() -> None:
    """A barred scenario says what the bar takes at that share of fault."""
    texas = evaluate(_at("51"), ARTICLE, _rule("TX"))
    michigan = evaluate(_at("60"), ARTICLE, _rule("MI"))
    assert texas.warnings == ("At 51 % fault the rule bars all damages.",)
    assert michigan.warnings == ("At 60 % fault the rule bars non-economic damages.",)
    assert michigan.fault is not None and michigan.fault.bar_scope is BarScope.NON_ECONOMIC
    assert (michigan.fault.economic, michigan.fault.non_economic) == (Money.of(6_800), Money.zero())


def test_slight_gross_needs_judgment_before_it_has_a_value() -> None:
    """South Dakota with fault and no judgment: no value, no settlement, and a warning asking for one."""
    result = evaluate(_at("10"), replace(ARTICLE, coverage=Money.of(1_000)), _rule("SD"))
    assert result.fault is not None and result.fault.needs_judgment
    assert (result.value, result.settlement, result.low, result.high) == (None, None, None, None)
    assert not result.exceeds_coverage
    assert len(result.warnings) == 1 and "judgment" in result.warnings[0]


@pytest.mark.parametrize(("judgment", "barred", "value"), [(True, False, "45900"), (False, True, "0")])
def test_slight_gross_follows_the_judgment(judgment: bool, barred: bool, value: str) -> None:
    """Judged slight/gross, the share reduces the value; judged not, the plaintiff is barred."""
    result = evaluate(_at("10", slight_gross_judgment=judgment), ARTICLE, _rule("SD"))
    assert result.fault is not None
    assert (result.fault.barred, result.value) == (barred, Money.of(value))


def test_rule_override_replaces_the_jurisdictions_rule() -> None:
    """California is pure comparative, but a chosen modified-50 rule bars at 50 %; both are reported."""
    chosen = _at("50", rule_override=FaultRule.MODIFIED_50, override_reason="Choice-of-law: Georgia")
    result = evaluate(chosen, ARTICLE, _rule("CA"))
    assert (result.rule, result.value) == (FaultRule.MODIFIED_50, Money.zero())
    assert result.jurisdiction_rule is not None
    assert result.jurisdiction_rule.rule is FaultRule.PURE_COMPARATIVE


@pytest.mark.parametrize("reason", ["", "   "])
def test_rule_override_needs_a_reason(reason: str) -> None:
    """Overriding the jurisdiction's rule without saying why is refused on the reason field."""
    chosen = _at("50", rule_override=FaultRule.MODIFIED_50, override_reason=reason)
    with pytest.raises(ValidationError) as refused:
        evaluate(chosen, ARTICLE, _rule("CA"))
    assert refused.value.errors == {"override_reason": "Say why the jurisdiction's rule is overridden."}


def test_fault_without_a_jurisdiction_needs_a_chosen_rule() -> None:
    """With no jurisdiction, fault cannot be applied until the user chooses a rule."""
    with pytest.raises(ValidationError) as refused:
        evaluate(_at("20"), ARTICLE, None)
    assert list(refused.value.errors) == ["rule_override"]
    chosen = _at("20", rule_override=FaultRule.PURE_COMPARATIVE, override_reason="Federal claim")
    assert evaluate(chosen, ARTICLE, None).value == Money.of(40_800)


def test_no_jurisdiction_and_no_fault_is_the_value_before_fault() -> None:
    """Without a rule and without fault the value is simply the valuation's."""
    result = evaluate(EXPECTED, ARTICLE, None)
    assert (result.rule, result.fault, result.jurisdiction_rule) == (None, None, None)
    assert result.value == Money.of(51_000)
    assert result.settlement is not None and result.settlement.gross == Money.of(51_000)


# --- the settlement --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("basis", "fee", "net"),
    [(FeeBasis.GROSS, "14166.67", "24833.33"), (FeeBasis.AFTER_COSTS, "13833.33", "25166.67")],
)
def test_settlement_fee_is_an_exact_third(basis: FeeBasis, fee: str, net: str) -> None:
    """17,000 × 2.5 = 42,500; a third of the gross (or of the gross after 1,000 costs), liens 2,500."""
    inputs = replace(ARTICLE, costs=Money.of(1_000), liens=Money.of(2_500))
    scenario = replace(EXPECTED, multiplier=Decimal("2.5"), fee_rate=ONE_THIRD, fee_basis=basis)
    result = evaluate(scenario, inputs, _rule("TX"))
    assert result.settlement == SettlementSplit(
        gross=Money.of(42_500),
        fee=Money.of(fee),
        costs=Money.of(1_000),
        liens=Money.of(2_500),
        net_to_client=Money.of(net),
    )
    assert result.warnings == ()


def test_settlement_is_taken_of_the_value_after_fault() -> None:
    """The recovery split is of the value after fault (California, 30 %: 35,700), not before."""
    result = evaluate(_at("30"), ARTICLE, _rule("CA"))
    assert result.settlement is not None
    assert (result.settlement.gross, result.settlement.fee) == (Money.of(35_700), Money.of(11_900))


def test_costs_above_the_value_give_a_warning_and_no_settlement() -> None:
    """Costs of 60,000 against a 51,000 value: nothing to split, and the user is told why."""
    result = evaluate(EXPECTED, replace(ARTICLE, costs=Money.of(60_000)), _rule("TX"))
    assert result.settlement is None
    assert result.warnings == (
        "The costs are more than the value: nothing would be left for fees or the client.",
    )


def test_costs_on_a_barred_claim_leave_nothing() -> None:
    """Barred at 51 %, any costs are more than the zero value: both warnings, no settlement."""
    result = evaluate(_at("51"), replace(ARTICLE, costs=Money.of(250)), _rule("TX"))
    assert result.settlement is None
    assert len(result.warnings) == 2


def test_liens_above_the_remainder_make_the_net_negative_with_a_warning() -> None:
    """51,000 − fee 17,000 − liens 40,000 = −6,000: shown as it is, with a warning."""
    result = evaluate(EXPECTED, replace(ARTICLE, liens=Money.of(40_000)), _rule("TX"))
    assert result.settlement is not None
    assert result.settlement.net_to_client == Money.of(-6_000)
    assert result.warnings == ("The liens are more than what is left after fee and costs.",)


@pytest.mark.parametrize(
    ("coverage", "exceeds"),
    [(None, False), (Money.of(51_000), False), (Money.parse("50,999.99"), True), (Money.of(25_000), True)],
)
def test_coverage_exceeded_is_flagged(coverage: Money | None, exceeds: bool) -> None:
    """A value above the coverage available is flagged (and named in a warning); equal is not above."""
    result = evaluate(EXPECTED, replace(ARTICLE, coverage=coverage), _rule("TX"))
    assert result.exceeds_coverage is exceeds
    assert any("coverage" in warning for warning in result.warnings) is exceeds
    if exceeds:
        assert f"more than the {coverage} of coverage" in result.warnings[-1]


# --- methods and ranges ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("code", "percent", "value", "low", "high"),
    [
        ("CA", "0", "32000", "32000", "42000"),
        ("CA", "30", "22400", "22400", "29400"),
        ("TX", "51", "0", "0", "0"),
        ("MI", "60", "4800", "4800", "4800"),  # only economic (medical + wages) × 40 % is left
    ],
)
def test_formula_range_is_reduced_by_fault(code: str, percent: str, value: str, low: str, high: str) -> None:
    """Medium band: 10,000 × 3..4 + 2,000; the range's ends go through the same rule as the value."""
    scenario = _at(percent, method=ValuationMethod.FORMULA, severity="medium", multiplier=None)
    result = evaluate(scenario, ARTICLE, _rule(code))
    assert (result.value, result.low, result.high) == (Money.of(value), Money.of(low), Money.of(high))


def test_open_ended_band_stays_open_after_fault() -> None:
    """The severe band has no top; after fault the high end is still open (``None``)."""
    scenario = _at("30", method=ValuationMethod.FORMULA, severity="severe", multiplier=Decimal(6))
    result = evaluate(scenario, ARTICLE, _rule("CA"))
    assert (result.value, result.low, result.high) == (Money.of(43_400), Money.of(36_400), None)


def test_paid_basis_counts_the_paid_medical_figure() -> None:
    """Paid basis, minor band at its low end: 6,000 × 1.5 + 2,000 = 11,000, range to 6,000 × 3 + 2,000."""
    scenario = replace(
        EXPECTED,
        method=ValuationMethod.FORMULA,
        severity="minor",
        multiplier=None,
        medical_basis=MedicalBasis.PAID,
    )
    result = evaluate(scenario, ARTICLE, _rule("TX"))
    assert (result.value, result.low, result.high) == (Money.of(11_000), Money.of(11_000), Money.of(20_000))


def test_per_diem_in_two_phases() -> None:
    """17,000 + 250 × 30 + 80.50 × 120 = 34,160; a per-diem value has no range."""
    phases = (PerDiemPhase(Money.of(250), 30, "acute"), PerDiemPhase(Money.parse("80.50"), 120, "recovery"))
    scenario = replace(EXPECTED, method=ValuationMethod.PER_DIEM, phases=phases)
    result = evaluate(scenario, ARTICLE, _rule("TX"))
    assert (result.value, result.low, result.high) == (Money.of(34_160), None, None)


def test_invalid_figures_and_scenario_are_reported_together() -> None:
    """One ValidationError names every bad field, figures and scenario alike."""
    with pytest.raises(ValidationError) as refused:
        evaluate(replace(EXPECTED, name="", multiplier=None), replace(ARTICLE, costs=Money(-1)), None)
    assert set(refused.value.errors) == {"costs", "name", "multiplier"}


# --- validation ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("changes", "errors"),
    [
        ({}, {}),
        ({"costs": Money(-1)}, {"costs": "Costs cannot be negative."}),
        ({"liens": Money.of(-5)}, {"liens": "Liens cannot be negative."}),
        ({"coverage": Money(-100)}, {"coverage": "Coverage cannot be negative."}),
        ({"coverage": Money.zero()}, {}),
        ({"medical_paid": Money(-1)}, {"medical_paid": "Medical expenses (paid) cannot be negative."}),
        ({"future_medical": Money(-1)}, {"future_medical": "Future medical expenses cannot be negative."}),
    ],
)
def test_validate_inputs_names_each_negative_figure(
    changes: dict[str, Money], errors: dict[str, str]
) -> None:
    """Every figure a case manager enters must be zero or more; coverage may be zero."""
    assert validate_inputs(replace(ARTICLE, **changes)) == errors  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"name": ""}, "name", "Give the scenario a name (e.g. Expected)."),
        ({"name": "   "}, "name", "Give the scenario a name (e.g. Expected)."),
        ({"name": "x" * (MAX_SCENARIO_NAME + 1)}, "name", "A scenario name has at most 60 characters."),
        ({"multiplier": None}, "multiplier", "The multiplier method needs a multiplier."),
        ({"multiplier": Decimal("0.5")}, "multiplier", "The multiplier must be at least 1"),
        ({"method": ValuationMethod.FORMULA, "severity": None}, "severity", "needs a severity"),
        ({"method": ValuationMethod.FORMULA, "severity": "awful"}, "severity", "Unknown severity “awful”"),
        (
            {"method": ValuationMethod.FORMULA, "severity": "minor", "multiplier": Decimal(4)},
            "multiplier",
            "A minor multiplier is 1.5 to 3.",
        ),
        ({"method": ValuationMethod.PER_DIEM}, "phases", "needs a daily rate and a number of days"),
        ({"fault_percent": Decimal("100.01")}, "fault_percent", "a percentage from 0 to 100"),
        ({"fault_percent": Decimal(-1)}, "fault_percent", "a percentage from 0 to 100"),
        ({"fee_rate": Fraction(101, 100)}, "fee_rate", "The fee is a percentage from 0 to 100."),
        ({"fee_rate": Fraction(-1, 3)}, "fee_rate", "The fee is a percentage from 0 to 100."),
        ({"fee_rate": Fraction(1, 2**64)}, "fee_rate", "Type the fee with fewer decimals"),
        (
            {"rule_override": FaultRule.PURE_COMPARATIVE},
            "override_reason",
            "Say why the jurisdiction's rule is overridden.",
        ),
    ],
)
def test_validate_scenario_names_the_bad_field(changes: dict[str, object], field: str, message: str) -> None:
    """A scenario with one bad field is refused on exactly that field, with a readable message."""
    errors = validate_scenario(replace(EXPECTED, **changes))  # type: ignore[arg-type]
    assert list(errors) == [field]
    assert message in errors[field]


def test_a_valid_scenario_has_no_errors_and_a_60_character_name_is_fine() -> None:
    """The longest allowed name, surrounded by blanks, is valid."""
    assert validate_scenario(EXPECTED) == {}
    assert validate_scenario(replace(EXPECTED, name=f"  {'x' * MAX_SCENARIO_NAME}  ")) == {}


# --- fee rates --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "rate"),
    [
        ("40", Fraction(2, 5)),
        ("40 %", Fraction(2, 5)),
        ("40%", Fraction(2, 5)),
        (" 25 ", Fraction(1, 4)),
        ("1/3", ONE_THIRD),
        ("2 / 5", Fraction(2, 5)),
        ("33 1/3", ONE_THIRD),
        ("33 1/3 %", ONE_THIRD),
        ("33.5", Fraction(67, 200)),
        ("12.5 %", Fraction(1, 8)),
        ("0", Fraction(0)),
        ("100", Fraction(1)),
        ("1/3 %", Fraction(1, 300)),
        ("40/100", Fraction(2, 5)),
        ("12/25", Fraction(12, 25)),
    ],
)
def test_parse_fee_rate_reads_what_users_type(text: str, rate: Fraction) -> None:
    """Percentages, bare fractions and mixed numbers all become the exact share they mean."""
    assert parse_fee_rate(text) == rate


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("abc", "“abc” is not a fee"),
        ("", "is not a fee"),
        ("%", "is not a fee"),
        ("1/0", "“1/0” is not a fee"),
        ("-5", "is not a fee"),
        ("101", "The fee is a percentage from 0 to 100."),
        ("4/3", "The fee is a percentage from 0 to 100."),
        ("331/3", "The fee is a percentage from 0 to 100."),  # 331 thirds, not 33 1/3 %
        ("33.33333333333333333333", "fewer decimals"),  # too precise to be stored
        ("1/99999999999999999999", "fewer decimals"),
        ("100.01 %", "The fee is a percentage from 0 to 100."),
    ],
)
def test_parse_fee_rate_refuses_what_is_not_a_fee(text: str, message: str) -> None:
    """Text that is not a fee, or a fee above 100 %, is refused on the fee field."""
    with pytest.raises(ValidationError) as refused:
        parse_fee_rate(text)
    assert list(refused.value.errors) == ["fee_rate"]
    assert message in refused.value.errors["fee_rate"]


@pytest.mark.parametrize(
    ("rate", "text"),
    [
        (Fraction(2, 5), "40 %"),
        (ONE_THIRD, "33 1/3 %"),
        (Fraction(67, 200), "33.5 %"),
        (Fraction(1, 8), "12.5 %"),
        (Fraction(0), "0 %"),
        (Fraction(1), "100 %"),
        (Fraction(1, 300), "1/3 %"),
        (Fraction(1, 7), "14 2/7 %"),
    ],
)
def test_format_fee_rate_as_a_user_reads_it(rate: Fraction, text: str) -> None:
    """Whole percentages plainly, terminating decimals as decimals, thirds and sevenths as fractions."""
    assert format_fee_rate(rate) == text
    assert parse_fee_rate(text) == rate


@given(st.fractions(min_value=0, max_value=1, max_denominator=10_000))
def test_format_then_parse_gives_the_same_rate(rate: Fraction) -> None:
    """Whatever rate is shown can be typed back exactly."""
    assert parse_fee_rate(format_fee_rate(rate)) == rate


# --- properties -------------------------------------------------------------------------------------

amounts = st.integers(min_value=0, max_value=10**9).map(Money)
inputs_strategy = st.builds(
    ValuationInputs,
    case_id=st.just(1),
    medical_billed=amounts,
    medical_paid=amounts,
    property_damage=amounts,
    lost_wages=amounts,
    future_medical=amounts,
    other=amounts,
    costs=st.integers(0, 10**7).map(Money),
    liens=st.integers(0, 10**8).map(Money),
    coverage=st.none() | amounts,
)
percents = st.decimals(min_value=0, max_value=100, places=2)
multipliers = st.decimals(min_value=1, max_value=8, places=2)
rules = st.sampled_from(fault_rules())
overrides = st.sampled_from([None, *FaultRule])


@st.composite
def scenarios(draw: st.DrawFn) -> Scenario:
    """A valid scenario of any method, fault, override, judgment and fee."""
    method = draw(st.sampled_from(ValuationMethod))
    severity, multiplier, phases = None, draw(multipliers), ()
    if method is ValuationMethod.FORMULA:
        band = draw(st.sampled_from(DEFAULT_SEVERITY_BANDS))
        severity = band.name
        top = band.high if band.high is not None else band.low + 5
        multiplier = draw(st.none() | st.decimals(min_value=band.low, max_value=top, places=2))
    elif method is ValuationMethod.PER_DIEM:
        phase = st.builds(PerDiemPhase, st.integers(0, 10**6).map(Money), st.integers(0, 3_650))
        phases = tuple(draw(st.lists(phase, min_size=1, max_size=3)))
    override = draw(overrides)
    return Scenario(
        id=None,
        case_id=1,
        name="Scenario",
        method=method,
        medical_basis=draw(st.sampled_from(MedicalBasis)),
        multiplier=multiplier,
        severity=severity,
        phases=phases,
        fault_percent=draw(percents),
        rule_override=override,
        override_reason="" if override is None else "Chosen",
        slight_gross_judgment=draw(st.none() | st.booleans()),
        fee_rate=draw(st.fractions(min_value=0, max_value=1, max_denominator=1000)),
        fee_basis=draw(st.sampled_from(FeeBasis)),
    )


def _amounts(result: ScenarioResult) -> list[Money]:
    """Every amount of a result that is never negative (the client's net may be)."""
    found = [result.valuation.economic, result.valuation.non_economic, result.valuation.value]
    found += [m for m in (result.low, result.high, result.value) if m is not None]
    if result.fault is not None:
        found += [m for m in (result.fault.economic, result.fault.non_economic) if m is not None]
    if result.settlement is not None:
        found += [result.settlement.fee]
    return found


@given(scenarios(), inputs_strategy, rules)
def test_no_amount_is_negative_and_the_parts_add_up(
    scenario: Scenario, inputs: ValuationInputs, rule: JurisdictionFaultRule
) -> None:
    """For valid input no amount is negative, parts add up to the cent, and a negative net is warned of."""
    result = evaluate(scenario, inputs, rule)
    assert all(amount >= Money.zero() for amount in _amounts(result))
    assert result.valuation.economic + result.valuation.non_economic == result.valuation.value
    if result.fault is not None and result.fault.value is not None:
        assert result.fault.economic is not None and result.fault.non_economic is not None
        assert result.fault.economic + result.fault.non_economic == result.fault.value
    if result.settlement is not None:
        split = result.settlement
        assert split.fee + split.costs + split.liens + split.net_to_client == split.gross == result.value
        negative = split.net_to_client < Money.zero()
        assert negative is ("The liens are more than what is left after fee and costs." in result.warnings)
    if result.low is not None and result.value is not None:
        assert result.low <= result.value
        assert result.high is None or result.value <= result.high


@given(scenarios(), inputs_strategy, rules, percents, percents)
def test_more_fault_never_gives_more(
    scenario: Scenario, inputs: ValuationInputs, rule: JurisdictionFaultRule, p1: Decimal, p2: Decimal
) -> None:
    """The value after fault does not grow with the plaintiff's share of fault, whatever the rule."""
    less, more = sorted((p1, p2))
    low_fault = evaluate(replace(scenario, fault_percent=less), inputs, rule).value
    high_fault = evaluate(replace(scenario, fault_percent=more), inputs, rule).value
    if low_fault is not None and high_fault is not None:
        assert high_fault <= low_fault


@given(inputs_strategy, rules, percents, multipliers, multipliers, st.none() | st.booleans())
def test_a_larger_multiplier_never_gives_less(
    inputs: ValuationInputs,
    rule: JurisdictionFaultRule,
    percent: Decimal,
    m1: Decimal,
    m2: Decimal,
    judgment: bool | None,
) -> None:
    """At the same fault and rule, the value after fault does not shrink as the multiplier grows."""
    small, large = sorted((m1, m2))
    base = replace(EXPECTED, fault_percent=percent, slight_gross_judgment=judgment)
    smaller = evaluate(replace(base, multiplier=small), inputs, rule).value
    larger = evaluate(replace(base, multiplier=large), inputs, rule).value
    assert (smaller is None) == (larger is None)
    if smaller is not None and larger is not None:
        assert smaller <= larger


@given(scenarios(), inputs_strategy, st.none() | rules)
def test_zero_fault_changes_nothing(
    scenario: Scenario, inputs: ValuationInputs, rule: JurisdictionFaultRule | None
) -> None:
    """At 0 % fault every rule (or none) gives the value and range before fault."""
    result = evaluate(replace(scenario, fault_percent=Decimal(0)), inputs, rule)
    assert result.value == result.valuation.value
    assert (result.low, result.high) == (result.valuation.low, result.valuation.high)
    assert not any("bars" in warning or "judgment" in warning for warning in result.warnings)


@given(scenarios(), inputs_strategy, rules)
def test_a_full_bar_gives_exactly_zero(
    scenario: Scenario, inputs: ValuationInputs, rule: JurisdictionFaultRule
) -> None:
    """Whenever a bar of all damages applies, the value and both ends of the range are exactly 0."""
    result = evaluate(scenario, inputs, rule)
    assert result.fault is not None
    if result.fault.barred and result.fault.bar_scope is BarScope.ALL:
        assert result.value == Money.zero()
        assert result.low in (None, Money.zero())
        assert result.high in (None, Money.zero())
