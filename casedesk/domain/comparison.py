"""Scenarios side by side, in words: the one wording the Valuation tab, the printout and the CLI share."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from casedesk.domain.fault import BarScope
from casedesk.domain.money import Money
from casedesk.domain.scenarios import Outcome, Scenario, ScenarioResult, format_fee_rate
from casedesk.domain.settlement import FeeBasis
from casedesk.domain.valuation import MedicalBasis, ValuationMethod

METHOD_LABELS = {
    ValuationMethod.MULTIPLIER: "Multiplier",
    ValuationMethod.FORMULA: "Damage formula",
    ValuationMethod.PER_DIEM: "Per diem",
}
_Pick = Callable[[ScenarioResult], Money | None]
_Cell = Callable[[ScenarioResult], str]

BASIS_LABELS = {MedicalBasis.BILLED: "billed", MedicalBasis.PAID: "paid"}
FEE_BASIS_LABELS = {FeeBasis.GROSS: "of the gross", FeeBasis.AFTER_COSTS: "after costs"}


@dataclass(frozen=True, slots=True)
class ComparisonRow:
    """One line of the comparison: a label and one cell per scenario.

    Attributes:
        label: What the line shows, e.g. "Value after fault".
        cells: One text per scenario, in the scenarios' order.
        key: A stable name for the line (for styling: ``"value"`` and ``"net"`` stand out).
    """

    label: str
    cells: tuple[str, ...]
    key: str


def describe_method(scenario: Scenario) -> str:
    """The method and its parameters in a few words: ``Multiplier × 3``, ``Damage formula, medium × 3.5``."""
    if scenario.method is ValuationMethod.MULTIPLIER:
        return f"Multiplier × {scenario.multiplier}"
    if scenario.method is ValuationMethod.FORMULA:
        at = "" if scenario.multiplier is None else f" × {scenario.multiplier}"
        return f"Damage formula, {scenario.severity}{at}"
    phases = "; ".join(
        f"{phase.label + ': ' if phase.label else ''}{phase.days} days at {phase.rate}"
        for phase in scenario.phases
    )
    return f"Per diem ({phases})"


def describe_fault(result: ScenarioResult) -> str:
    """The plaintiff's share of fault, and the rule when the scenario overrides the jurisdiction's."""
    scenario = result.scenario
    if result.rule is None:
        return f"{scenario.fault_percent} % (no fault rule)"
    if scenario.rule_override is not None:
        return f"{scenario.fault_percent} % · {result.rule.label} (override: {scenario.override_reason})"
    return f"{scenario.fault_percent} %"


def describe_value_after_fault(result: ScenarioResult) -> str:
    """The value after fault, or why there is none (barred, judgment needed)."""
    if result.fault is None:
        return str(result.valuation.value)
    if result.fault.needs_judgment:
        return "Needs your judgment (slight/gross)"
    value = str(result.fault.value)
    if result.fault.barred:
        scope = "non-economic barred" if result.fault.bar_scope is BarScope.NON_ECONOMIC else "barred"
        return f"{value} ({scope})"
    return value


def describe_range(low: Money | None, high: Money | None) -> str:
    """A low–high range; an open-ended top shows as "or more"; no range is "—"."""
    if low is None:
        return "—"
    return f"{low} or more" if high is None else f"{low} – {high}"


def comparison_rows(outcomes: Sequence[Outcome]) -> list[ComparisonRow]:
    """The scenarios side by side, one row per measure; a scenario that cannot be evaluated says why."""

    def row(key: str, label: str, cell: _Cell) -> ComparisonRow:
        return ComparisonRow(
            label,
            tuple(cell(o.result) if o.result is not None else _problem(o, key) for o in outcomes),
            key,
        )

    def money(pick: _Pick) -> _Cell:
        return lambda result: "—" if (amount := pick(result)) is None else str(amount)

    return [
        ComparisonRow("Method", tuple(describe_method(o.scenario) for o in outcomes), "method"),
        ComparisonRow(
            "Medical counted", tuple(BASIS_LABELS[o.scenario.medical_basis] for o in outcomes), "basis"
        ),
        row("specials", "Specials", money(lambda r: r.valuation.specials_total)),
        row("economic", "Economic", money(lambda r: r.valuation.economic)),
        row("non_economic", "Non-economic", money(lambda r: r.valuation.non_economic)),
        row("before_fault", "Value before fault", money(lambda r: r.valuation.value)),
        row("range", "Range after fault", lambda r: describe_range(r.low, r.high)),
        row("fault", "Plaintiff's fault", describe_fault),
        row("value", "Value after fault", describe_value_after_fault),
        row("fee", "Attorney fee", _describe_fee),
        row("costs", "Costs", money(lambda r: None if r.settlement is None else r.settlement.costs)),
        row("liens", "Liens", money(lambda r: None if r.settlement is None else r.settlement.liens)),
        row(
            "net",
            "Net to client",
            money(lambda r: None if r.settlement is None else r.settlement.net_to_client),
        ),
        row("warnings", "Notes", lambda r: "\n".join(r.warnings)),
    ]


def _describe_fee(result: ScenarioResult) -> str:
    scenario = result.scenario
    terms = f"{format_fee_rate(scenario.fee_rate)} {FEE_BASIS_LABELS[scenario.fee_basis]}"
    return terms if result.settlement is None else f"{result.settlement.fee} ({terms})"


def _problem(outcome: Outcome, key: str) -> str:
    """What an invalid scenario shows: its errors once (on the value line), blanks elsewhere."""
    return "Cannot be valued: " + " ".join(outcome.errors.values()) if key == "value" else ""
