"""Fault allocation: each jurisdiction's comparative/contributory negligence rule applied to a valuation."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation
from enum import StrEnum
from itertools import pairwise

from casedesk.domain.errors import ValidationError
from casedesk.domain.money import Money
from casedesk.domain.valuation import Valuation

_HUNDRED = Decimal(100)


class FaultRule(StrEnum):
    """How a plaintiff's own share of fault affects recovery."""

    PURE_CONTRIBUTORY = "pure_contributory"  #: any plaintiff fault bars recovery
    PURE_COMPARATIVE = "pure_comparative"  #: reduced by the plaintiff's share, never barred
    MODIFIED_50 = "modified_50"  #: barred when the plaintiff's share is 50 % or more
    MODIFIED_51 = "modified_51"  #: barred when the plaintiff's share is more than 50 %
    SLIGHT_GROSS = "slight_gross"  #: a judgment, not a number: plaintiff "slight", defendant "gross"

    @property
    def label(self) -> str:
        """The rule in words, for display."""
        return _RULE_LABELS[self]

    @property
    def threshold(self) -> int | None:
        """The bar threshold as the survey tables write it (50 or 51), or ``None``."""
        return {FaultRule.MODIFIED_50: 50, FaultRule.MODIFIED_51: 51}.get(self)

    def is_barred(self, fault_percent: Decimal) -> bool:
        """Whether this rule's bar applies at the plaintiff's share of fault (0–100)."""
        if fault_percent <= 0:
            return False
        if self is FaultRule.PURE_CONTRIBUTORY:
            return True
        if self is FaultRule.MODIFIED_50:
            return fault_percent >= 50
        if self is FaultRule.MODIFIED_51:
            return fault_percent > 50
        return False


_RULE_LABELS = {
    FaultRule.PURE_CONTRIBUTORY: "pure contributory (any fault bars)",
    FaultRule.PURE_COMPARATIVE: "pure comparative",
    FaultRule.MODIFIED_50: "modified comparative (barred at 50 % or more)",
    FaultRule.MODIFIED_51: "modified comparative (barred above 50 %)",
    FaultRule.SLIGHT_GROSS: "slight/gross negligence",
}


class BarScope(StrEnum):
    """What the bar takes away: everything, or only non-economic damages (Michigan)."""

    ALL = "all"
    NON_ECONOMIC = "non_economic"


class Confidence(StrEnum):
    """How sure the compiled data is."""

    HIGH = "high"
    MEDIUM = "medium"
    LOW = "low"


@dataclass(frozen=True, slots=True)
class JurisdictionFaultRule:
    """One jurisdiction's fault rule over a span of incident dates.

    Attributes:
        code: Two-letter code, e.g. ``"FL"``.
        rule: The fault rule.
        threshold: The bar threshold as written (50 or 51), ``None`` when the rule has none.
        bar_scope: What the bar takes away.
        effective_from: First incident date the row applies to, ``None`` for no start.
        effective_to: Last incident date the row applies to (inclusive), ``None`` for no end.
        source: The statute or case, or the survey the row comes from.
        as_of: When the data was compiled.
        verify: Whether public sources disagree and the rule must be checked before relying on it.
        confidence: How sure the data is.
        notes: Variants and caveats in words.
    """

    code: str
    rule: FaultRule
    threshold: int | None
    bar_scope: BarScope
    effective_from: date | None
    effective_to: date | None
    source: str
    as_of: date
    verify: bool
    confidence: Confidence
    notes: str = ""

    def applies_on(self, incident_date: date) -> bool:
        """Whether the row covers an incident on that date."""
        return (self.effective_from is None or self.effective_from <= incident_date) and (
            self.effective_to is None or incident_date <= self.effective_to
        )


@dataclass(frozen=True, slots=True)
class FaultOutcome:
    """A valuation after the plaintiff's share of fault.

    Attributes:
        rule: The rule applied.
        bar_scope: What a bar takes away under that rule.
        fault_percent: The plaintiff's share of fault, 0–100.
        barred: Whether the bar applied (all damages, or non-economic only, per ``bar_scope``).
        needs_judgment: The rule is slight/gross and the user has not judged it; amounts are ``None``.
        value: The value after fault, ``None`` while judgment is needed.
        economic: The economic part after fault.
        non_economic: The non-economic part after fault.
    """

    rule: FaultRule
    bar_scope: BarScope
    fault_percent: Decimal
    barred: bool
    needs_judgment: bool
    value: Money | None
    economic: Money | None
    non_economic: Money | None


def validate_fault_percent(fault_percent: Decimal) -> dict[str, str]:
    """What is wrong with a plaintiff's share of fault, as field → message (empty when valid)."""
    if not fault_percent.is_finite() or not 0 <= fault_percent <= _HUNDRED:
        return {"fault_percent": "The plaintiff's share of fault is a percentage from 0 to 100."}
    return {}


def apply_fault(
    valuation: Valuation,
    rule: FaultRule | JurisdictionFaultRule,
    fault_percent: Decimal,
    slight_gross_judgment: bool | None = None,
) -> FaultOutcome:
    """Reduce or bar a valuation by the plaintiff's share of fault.

    Args:
        valuation: The value before fault.
        rule: A jurisdiction's rule, or a rule the user chose instead (bar scope then "all").
        fault_percent: The plaintiff's share of fault, 0–100.
        slight_gross_judgment: For slight/gross only: ``True`` when the plaintiff's negligence is slight
            and the defendant's gross (recovery reduced by the share), ``False`` when not (barred),
            ``None`` when not yet judged (the outcome needs judgment and has no amounts).

    Raises:
        ValidationError: The share of fault is outside 0–100.
    """
    errors = validate_fault_percent(fault_percent)
    if errors:
        raise ValidationError(errors)
    if isinstance(rule, JurisdictionFaultRule):
        fault_rule, scope = rule.rule, rule.bar_scope
    else:
        fault_rule, scope = rule, BarScope.ALL
    if fault_percent == 0:  # no plaintiff fault: every rule gives the full value
        barred = False
    elif fault_rule is FaultRule.SLIGHT_GROSS:
        if slight_gross_judgment is None:
            return FaultOutcome(fault_rule, scope, fault_percent, False, True, None, None, None)
        barred = not slight_gross_judgment
    else:
        barred = fault_rule.is_barred(fault_percent)
    factor = (_HUNDRED - fault_percent) / _HUNDRED
    if barred and scope is BarScope.ALL:
        economic = non_economic = Money.zero()
    elif barred:  # only non-economic damages are lost; economic ones are still reduced
        economic, non_economic = valuation.economic * factor, Money.zero()
    else:
        economic = valuation.economic * factor
        non_economic = valuation.value * factor - economic
    return FaultOutcome(
        fault_rule, scope, fault_percent, barred, False, economic + non_economic, economic, non_economic
    )


def rule_for(
    rules: Iterable[JurisdictionFaultRule], code: str, incident_date: date | None = None
) -> JurisdictionFaultRule:
    """The rule of a jurisdiction for an incident on a date (today's open-ended rule without a date).

    Raises:
        ValidationError: The jurisdiction is unknown, or no row covers the date.
    """
    wanted = code.strip().upper()
    rows = [row for row in rules if row.code == wanted]
    if not rows:
        raise ValidationError({"jurisdiction": f"Unknown jurisdiction “{code}”."})
    for row in rows:
        if row.effective_to is None if incident_date is None else row.applies_on(incident_date):
            return row
    raise ValidationError(
        {"incident_date": f"No fault rule of {wanted} covers an incident on {incident_date}."}
    )


def parse_fault_rules(text: str) -> tuple[JurisdictionFaultRule, ...]:
    """Parse the fault-rules CSV (one row per jurisdiction and span of incident dates).

    Raises:
        ValueError: The data is malformed: missing columns, unknown rule names, bad dates or numbers,
            a threshold that does not match its rule, or overlapping date spans for one jurisdiction.
    """
    reader = csv.DictReader(io.StringIO(text))
    missing = set(_COLUMNS) - set(reader.fieldnames or ())
    if missing:
        raise ValueError(f"fault rules data lacks columns: {', '.join(sorted(missing))}")
    parsed = tuple(_parse_row(row, line) for line, row in enumerate(reader, start=2))
    by_code: dict[str, list[JurisdictionFaultRule]] = {}
    for row in parsed:
        by_code.setdefault(row.code, []).append(row)
    for code, rows in by_code.items():
        _check_spans(code, rows)
    return parsed


_COLUMNS = (
    "code",
    "rule",
    "threshold",
    "bar_scope",
    "effective_from",
    "effective_to",
    "source",
    "as_of",
    "verify",
    "confidence",
    "notes",
)


def _parse_row(row: dict[str, str], line: int) -> JurisdictionFaultRule:
    try:
        cells = {name: (row[name] or "").strip() for name in _COLUMNS}
        code = cells["code"].upper()
        if len(code) != 2 or not code.isalpha():
            raise ValueError(f"bad code {cells['code']!r}")
        rule = FaultRule(cells["rule"])
        threshold = int(cells["threshold"]) if cells["threshold"] else None
        if threshold != rule.threshold:
            raise ValueError(f"threshold {threshold} does not match rule {rule}")
        if cells["verify"] not in ("true", "false"):
            raise ValueError(f"verify must be true or false, not {cells['verify']!r}")
        if not cells["source"]:
            raise ValueError("source is empty")
        return JurisdictionFaultRule(
            code=code,
            rule=rule,
            threshold=threshold,
            bar_scope=BarScope(cells["bar_scope"]),
            effective_from=_optional_date(cells["effective_from"]),
            effective_to=_optional_date(cells["effective_to"]),
            source=cells["source"],
            as_of=date.fromisoformat(cells["as_of"]),
            verify=cells["verify"] == "true",
            confidence=Confidence(cells["confidence"]),
            notes=cells["notes"],
        )
    except (ValueError, TypeError, InvalidOperation) as exc:
        raise ValueError(f"fault rules data, line {line}: {exc}") from exc


def _optional_date(text: str) -> date | None:
    return date.fromisoformat(text) if text else None


def _check_spans(code: str, rows: Sequence[JurisdictionFaultRule]) -> None:
    """Rows of one jurisdiction follow each other without overlapping; the last is open-ended."""
    ordered = sorted(rows, key=lambda r: r.effective_from or date.min)
    for row in ordered:
        if row.effective_from and row.effective_to and row.effective_to < row.effective_from:
            raise ValueError(f"fault rules of {code}: a span ends before it starts")
    for before, after in pairwise(ordered):
        if before.effective_to is None or after.effective_from is None:
            raise ValueError(f"fault rules of {code}: date spans overlap")
        if before.effective_to >= after.effective_from:
            raise ValueError(f"fault rules of {code}: date spans overlap")
    if ordered[-1].effective_to is not None:
        raise ValueError(f"fault rules of {code}: no rule for current incidents")
