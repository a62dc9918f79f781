"""Valuation scenarios: a case's named what-ifs (method, fault, fee) evaluated against its specials."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from decimal import Decimal
from fractions import Fraction

from casedesk.domain.cases import Case, Client
from casedesk.domain.errors import ValidationError
from casedesk.domain.fault import (
    FaultOutcome,
    FaultRule,
    JurisdictionFaultRule,
    apply_fault,
    validate_fault_percent,
)
from casedesk.domain.jurisdictions import Jurisdiction
from casedesk.domain.money import Money
from casedesk.domain.settlement import FeeBasis, SettlementSplit, settlement_split
from casedesk.domain.settlement import format_fee_rate as format_fee_rate  # re-exported
from casedesk.domain.settlement import parse_fee_rate as parse_fee_rate  # re-exported
from casedesk.domain.valuation import (
    DEFAULT_SEVERITY_BANDS,
    MedicalBasis,
    PerDiemNote,
    PerDiemPhase,
    SeverityBand,
    Specials,
    Valuation,
    ValuationMethod,
    estimate,
    validate_valuation,
)

#: The longest scenario name.
MAX_SCENARIO_NAME = 60
#: One third, the most common contingency fee, exactly.
ONE_THIRD = Fraction(1, 3)
#: A fee rate is stored as numerator and denominator in signed 64-bit columns.
_MAX_FEE_DENOMINATOR = 2**63 - 1
_FEE_TOO_PRECISE = "Type the fee with fewer decimals (e.g. 33.33 or 33 1/3)."


@dataclass(frozen=True, slots=True)
class ValuationInputs:
    """A case's figures every scenario shares: specials, costs, liens and the coverage available.

    Attributes:
        case_id: The case.
        medical_billed: Medical expenses as billed.
        medical_paid: Medical expenses as actually paid.
        property_damage: Property damage.
        lost_wages: Lost wages and earning capacity.
        future_medical: Future medical expenses.
        other: Other out-of-pocket losses.
        costs: Case costs advanced, repaid from a recovery.
        liens: Liens and bills to be paid from a recovery.
        coverage: The insurance coverage available, when known.
    """

    case_id: int
    medical_billed: Money = field(default_factory=Money.zero)
    medical_paid: Money = field(default_factory=Money.zero)
    property_damage: Money = field(default_factory=Money.zero)
    lost_wages: Money = field(default_factory=Money.zero)
    future_medical: Money = field(default_factory=Money.zero)
    other: Money = field(default_factory=Money.zero)
    costs: Money = field(default_factory=Money.zero)
    liens: Money = field(default_factory=Money.zero)
    coverage: Money | None = None

    def specials(self, basis: MedicalBasis) -> Specials:
        """The specials, counting medical expenses on the given basis."""
        return Specials(
            medical_billed=self.medical_billed,
            medical_paid=self.medical_paid,
            property_damage=self.property_damage,
            lost_wages=self.lost_wages,
            future_medical=self.future_medical,
            other=self.other,
            medical_basis=basis,
        )


def validate_inputs(inputs: ValuationInputs) -> dict[str, str]:
    """What is wrong with a case's valuation figures, as field → message (empty when valid)."""
    errors = {
        name: f"{label} cannot be negative."
        for name, label, amount in (
            ("costs", "Costs", inputs.costs),
            ("liens", "Liens", inputs.liens),
            ("coverage", "Coverage", inputs.coverage or Money.zero()),
        )
        if amount.cents < 0
    }
    # The specials' own messages, whatever the basis (both medical figures are kept).
    specials = validate_valuation(ValuationMethod.PER_DIEM, inputs.specials(MedicalBasis.BILLED))
    specials.pop("phases", None)
    return specials | errors


@dataclass(frozen=True, slots=True)
class Scenario:
    """A named valuation of a case: one method with its parameters, a share of fault and a fee.

    Attributes:
        id: The stored id (``None`` before saving).
        case_id: The case.
        name: What the scenario is called, unique within the case ("Expected").
        method: The valuation method.
        medical_basis: Whether billed or paid medical expenses count.
        multiplier: The multiplier (multiplier method) or a multiplier within the band (formula).
        severity: The severity band's name (formula method).
        phases: Per-diem phases (per-diem method).
        fault_percent: The plaintiff's share of fault, 0–100.
        rule_override: A fault rule the user chose instead of the jurisdiction's, with ``override_reason``.
        override_reason: Why the jurisdiction's rule was overridden.
        slight_gross_judgment: Slight/gross rule only: ``True`` plaintiff slight and defendant gross,
            ``False`` not, ``None`` not yet judged.
        fee_rate: The contingency fee as an exact share of 1 (``Fraction(1, 3)``).
        fee_basis: Whether the fee is taken of the gross or after costs.
        notes: Free notes (why this multiplier, adjusters considered…).
        position: Order among the case's scenarios.
    """

    id: int | None
    case_id: int
    name: str
    method: ValuationMethod = ValuationMethod.MULTIPLIER
    medical_basis: MedicalBasis = MedicalBasis.BILLED
    multiplier: Decimal | None = Decimal(3)
    severity: str | None = None
    phases: tuple[PerDiemPhase, ...] = ()
    fault_percent: Decimal = Decimal(0)
    rule_override: FaultRule | None = None
    override_reason: str = ""
    slight_gross_judgment: bool | None = None
    fee_rate: Fraction = ONE_THIRD
    fee_basis: FeeBasis = FeeBasis.GROSS
    notes: str = ""
    position: int = 0


def validate_scenario(
    scenario: Scenario, bands: Sequence[SeverityBand] = DEFAULT_SEVERITY_BANDS
) -> dict[str, str]:
    """What is wrong with a scenario's own fields, as field → message (empty when valid)."""
    errors: dict[str, str] = {}
    name = scenario.name.strip()
    if not name:
        errors["name"] = "Give the scenario a name (e.g. Expected)."
    elif len(name) > MAX_SCENARIO_NAME:
        errors["name"] = f"A scenario name has at most {MAX_SCENARIO_NAME} characters."
    method_errors = validate_valuation(
        scenario.method,
        Specials(),
        multiplier=scenario.multiplier,
        severity=scenario.severity,
        phases=scenario.phases,
        bands=bands,
    )
    errors |= method_errors
    errors |= validate_fault_percent(scenario.fault_percent)
    if not 0 <= scenario.fee_rate <= 1:
        errors["fee_rate"] = "The fee is a percentage from 0 to 100."
    elif scenario.fee_rate.denominator > _MAX_FEE_DENOMINATOR:
        errors["fee_rate"] = _FEE_TOO_PRECISE
    if scenario.rule_override is not None and not scenario.override_reason.strip():
        errors["override_reason"] = "Say why the jurisdiction's rule is overridden."
    return errors


@dataclass(frozen=True, slots=True)
class ScenarioResult:
    """A scenario evaluated: the value, its range, fault, and where a recovery of that value goes.

    Attributes:
        scenario: The scenario evaluated.
        valuation: The value before fault.
        rule: The fault rule applied, ``None`` when none applies (no jurisdiction and no override).
        jurisdiction_rule: The jurisdiction's rule row, when the case has a jurisdiction.
        fault: The value after fault (``None`` without a rule).
        low: The low end of the range after fault, when the method gives a range.
        high: The high end after fault, ``None`` for no range or an open-ended one.
        settlement: Fee, costs, liens and the client's net on a recovery of the value after fault;
            ``None`` when the value is unknown (judgment needed) or smaller than the costs.
        exceeds_coverage: The value after fault is more than the coverage available.
        warnings: What the user should know about the figures (in words).
    """

    scenario: Scenario
    valuation: Valuation
    rule: FaultRule | None
    jurisdiction_rule: JurisdictionFaultRule | None
    fault: FaultOutcome | None
    low: Money | None
    high: Money | None
    settlement: SettlementSplit | None
    exceeds_coverage: bool
    warnings: tuple[str, ...] = ()

    @property
    def value(self) -> Money | None:
        """The value after fault (before fault when no rule applies); ``None`` while judgment is needed."""
        return self.valuation.value if self.fault is None else self.fault.value


def evaluate(
    scenario: Scenario,
    inputs: ValuationInputs,
    jurisdiction_rule: JurisdictionFaultRule | None,
    bands: Sequence[SeverityBand] = DEFAULT_SEVERITY_BANDS,
) -> ScenarioResult:
    """Evaluate a scenario on a case's figures under its jurisdiction's fault rule (or the override).

    Args:
        scenario: The scenario.
        inputs: The case's specials, costs, liens and coverage.
        jurisdiction_rule: The rule for the case's jurisdiction and incident date, ``None`` when the case
            has no jurisdiction.
        bands: The configured severity bands.

    Raises:
        ValidationError: The scenario or the figures are invalid (see :func:`validate_scenario`,
            :func:`validate_inputs`), or there is fault to apply but no rule to apply it by.
    """
    errors = validate_inputs(inputs) | validate_scenario(scenario, bands)
    rule: FaultRule | JurisdictionFaultRule | None = scenario.rule_override or jurisdiction_rule
    if rule is None and scenario.fault_percent > 0:
        errors["rule_override"] = "Choose a fault rule: the case has no jurisdiction to take it from."
    if errors:
        raise ValidationError(errors)
    valuation = estimate(
        scenario.method,
        inputs.specials(scenario.medical_basis),
        multiplier=scenario.multiplier,
        severity=scenario.severity,
        phases=scenario.phases,
        bands=bands,
    )
    warnings: list[str] = []
    fault = low = high = None
    if rule is None:
        low, high = valuation.low, valuation.high
    else:
        fault = apply_fault(valuation, rule, scenario.fault_percent, scenario.slight_gross_judgment)
        low, high = (_after_fault(valuation, end, rule, scenario) for end in (valuation.low, valuation.high))
        if fault.needs_judgment:
            warnings.append(
                "Slight/gross negligence is a judgment, not a number: say whether the client's negligence "
                "was slight and the defendant's gross to see the value after fault."
            )
        elif fault.barred:
            lost = "non-economic damages" if fault.bar_scope.value == "non_economic" else "all damages"
            warnings.append(f"At {scenario.fault_percent} % fault the rule bars {lost}.")
    value = valuation.value if fault is None else fault.value
    settlement = None
    if value is not None:
        if inputs.costs > value:
            warnings.append(
                "The costs are more than the value: nothing would be left for fees or the client."
            )
        else:
            settlement = settlement_split(
                value, scenario.fee_rate, scenario.fee_basis, inputs.costs, inputs.liens
            )
            if settlement.net_to_client.cents < 0:
                warnings.append("The liens are more than what is left after fee and costs.")
    exceeds = inputs.coverage is not None and value is not None and value > inputs.coverage
    if exceeds:
        warnings.append(f"The value is more than the {inputs.coverage} of coverage available.")
    return ScenarioResult(
        scenario,
        valuation,
        None if rule is None else (rule if isinstance(rule, FaultRule) else rule.rule),
        jurisdiction_rule,
        fault,
        low,
        high,
        settlement,
        exceeds,
        tuple(warnings),
    )


def _after_fault(
    valuation: Valuation,
    end: Money | None,
    rule: FaultRule | JurisdictionFaultRule,
    scenario: Scenario,
) -> Money | None:
    """One end of a range after fault (``None`` stays ``None``)."""
    if end is None:
        return None
    at_end = replace(valuation, value=end, non_economic=end - valuation.economic)
    return apply_fault(at_end, rule, scenario.fault_percent, scenario.slight_gross_judgment).value


#: Shown wherever a value is: on screen, in print, on the command line.
VALUATION_DISCLAIMER = (
    "An estimate to support negotiation, not legal advice or a prediction of any outcome. "
    "Fault rules and other legal data must be verified against current law."
)


@dataclass(frozen=True, slots=True)
class CaseValuation:
    """Everything the Valuation tab shows about one case, read in one transaction.

    Attributes:
        case: The case.
        client: Its client.
        inputs: The case's specials, costs, liens and coverage.
        scenarios: The saved scenarios in their order.
        jurisdiction: The case's jurisdiction, when it has one.
        jurisdiction_rule: The fault rule for the case's jurisdiction and incident date, when known.
        rule_problem: Why no jurisdiction rule applies (no jurisdiction, no rule for the date), or "".
        per_diem_note: The jurisdiction's restriction on per-diem arguments, if any.
    """

    case: Case
    client: Client
    inputs: ValuationInputs
    scenarios: tuple[Scenario, ...]
    jurisdiction: Jurisdiction | None
    jurisdiction_rule: JurisdictionFaultRule | None
    rule_problem: str
    per_diem_note: PerDiemNote | None


@dataclass(frozen=True, slots=True)
class Outcome:
    """A scenario evaluated, or why it cannot be.

    Attributes:
        scenario: The scenario.
        result: Its result, ``None`` when the input is invalid.
        errors: Field → message when the input is invalid.
    """

    scenario: Scenario
    result: ScenarioResult | None
    errors: Mapping[str, str]
