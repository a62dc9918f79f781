"""Demo valuations: each demo case's figures and its Conservative, Expected and Aggressive scenarios.

Part of the demo generator (:mod:`casedesk.services.demo`). The figures draw from a generator of their
own, seeded from the demo's seed, so adding valuations left every other record a seed gives unchanged;
the billed medical figure is the "medical specials" the case's timeline already mentions.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from casedesk.domain.cases import Case, CaseStatus, CaseType
from casedesk.domain.fault import FaultRule, JurisdictionFaultRule, rule_for
from casedesk.domain.money import Money
from casedesk.domain.scenarios import ONE_THIRD, Scenario, ValuationInputs
from casedesk.domain.settlement import FeeBasis
from casedesk.domain.valuation import MedicalBasis, PerDiemPhase, ValuationMethod

#: Policy limits of the liability coverage, smallest first.
_LIMITS = [Money.of(limit) for limit in (25_000, 50_000, 100_000, 250_000, 500_000, 1_000_000)]
_SHARE_COVERAGE_KNOWN = 0.85
#: Shares of fault a careful case manager allows for in the conservative scenario.
_CONSERVATIVE_FAULT = (0, 0, 10, 15, 20, 25)
#: Specials below which the conservative scenario uses the minor band (the medium band above).
_MINOR_UP_TO = Money.of(25_000)
_LITIGATED = (CaseStatus.LITIGATION, CaseStatus.TRIAL)


@dataclass(frozen=True, slots=True)
class CaseFigures:
    """What the case's timeline already says about its money (drawn by the demo's main generator).

    Attributes:
        specials: The medical specials, as billed.
        settlement: What the case settled for (or would, at the midpoint of offer and counter).
    """

    specials: Money
    settlement: Money


class DemoValuations:
    """Draws the valuation figures and scenarios of demo cases, case after case, from its own generator."""

    def __init__(self, rng: random.Random, rules: Sequence[JurisdictionFaultRule]) -> None:
        self._rng = rng
        self._rules: dict[str, list[JurisdictionFaultRule]] = {}
        for rule in rules:
            self._rules.setdefault(rule.code, []).append(rule)

    def draw(self, case: Case, figures: CaseFigures) -> tuple[ValuationInputs, list[Scenario]]:
        """A case's figures and its three scenarios (in list order, fee one third of the gross)."""
        inputs, specials = self._inputs(case, figures)
        case_id = inputs.case_id
        return inputs, [
            self._conservative(case, case_id, specials),
            Scenario(
                id=None,
                case_id=case_id,
                name="Expected",
                method=ValuationMethod.MULTIPLIER,
                medical_basis=MedicalBasis.BILLED,
                multiplier=Decimal(3),
                notes="Billed specials times three: what comparable claims have settled for.",
                position=1,
            ),
            self._aggressive(case_id, specials),
        ]

    def _inputs(self, case: Case, figures: CaseFigures) -> tuple[ValuationInputs, Money]:
        """The case's figures, and its specials with medical as billed."""
        rng = self._rng
        billed = figures.specials
        paid = _share(billed, rng.randint(38, 82))
        property_damage = self._property(case.case_type)
        wages = self._wages(case.case_type)
        future = (
            rng.randint(25, 600) * 10_000
            if rng.random() < (0.4 if case.status in _LITIGATED else 0.18)
            else 0
        )
        other = _cents(rng, 25, 900) if rng.random() < 0.35 else Money.zero()
        costs = self._costs(case.status, paid)
        liens = _share(paid, rng.randint(20, 60)) if rng.random() < 0.65 else Money.zero()
        # Plain cents: this runs for every demo case, and Money's Decimal arithmetic is the slow part.
        specials = Money(billed.cents + property_damage.cents + wages.cents + future + other.cents)
        inputs = ValuationInputs(
            case_id=_saved(case.id),
            medical_billed=billed,
            medical_paid=paid,
            property_damage=property_damage,
            lost_wages=wages,
            future_medical=Money(future),
            other=other,
            costs=costs,
            liens=liens,
            coverage=self._coverage(case.status, specials, figures.settlement),
        )
        return inputs, specials

    def _property(self, case_type: CaseType) -> Money:
        rng = self._rng
        if case_type is CaseType.MOTOR_VEHICLE and rng.random() < 0.85:
            return _cents(rng, 900, 16_000)  # repairs or the car's value
        return _cents(rng, 40, 1_200) if rng.random() < 0.2 else Money.zero()  # glasses, a phone…

    def _wages(self, case_type: CaseType) -> Money:
        rng = self._rng
        if case_type is CaseType.WORKPLACE:
            return _cents(rng, 3_000, 40_000)
        return _cents(rng, 400, 25_000) if rng.random() < 0.55 else Money.zero()

    def _costs(self, status: CaseStatus, paid: Money) -> Money:
        """Records, reports and, once suit is filed, filing fees and depositions; always below paid/2."""
        rng = self._rng
        if status is CaseStatus.INTAKE:
            costs = _cents(rng, 0, 150)
        else:
            costs = _cents(rng, 120, 900)
            if status in _LITIGATED or rng.random() < 0.1:
                costs += _cents(rng, 1_500, 15_000)
        return min(costs, _share(paid, 50))

    def _coverage(self, status: CaseStatus, specials: Money, settlement: Money) -> Money | None:
        """A standard policy limit, usually near three times the specials, so that some scenarios exceed it.

        A settled case's limit is at least what it settled for.
        """
        rng = self._rng
        if rng.random() >= _SHARE_COVERAGE_KNOWN:
            return None
        wanted = _share(specials, 3 * rng.randint(40, 160))
        if status in (CaseStatus.SETTLED, CaseStatus.CLOSED):
            wanted = max(wanted, settlement)
        fitting = [n for n, limit in enumerate(_LIMITS) if limit >= wanted] or [len(_LIMITS) - 1]
        return _LIMITS[min(fitting[0] + (rng.random() < 0.25), len(_LIMITS) - 1)]

    def _conservative(self, case: Case, case_id: int, specials: Money) -> Scenario:
        """Paid medical, the low part of the minor or medium band, and some fault allowed for."""
        rng = self._rng
        minor = specials < _MINOR_UP_TO
        multiplier = rng.choice((None, Decimal(2), Decimal("2.5")) if minor else (None, Decimal("3.5")))
        fault = Decimal(rng.choice(_CONSERVATIVE_FAULT))
        rule = rule_for(self._rules[case.jurisdiction], case.jurisdiction, case.incident_date).rule
        if rule is FaultRule.PURE_CONTRIBUTORY:
            fault = Decimal(0)  # any fault would bar the claim: not a "conservative" figure but a loss
        judged = True if rule is FaultRule.SLIGHT_GROSS and fault else None
        why = f"allows {fault} % fault the adjuster will argue" if fault else "no fault expected"
        return Scenario(
            id=None,
            case_id=case_id,
            name="Conservative",
            method=ValuationMethod.FORMULA,
            medical_basis=MedicalBasis.PAID,
            multiplier=multiplier,
            severity="minor" if minor else "medium",
            fault_percent=fault,
            slight_gross_judgment=judged,
            fee_rate=ONE_THIRD,
            fee_basis=FeeBasis.GROSS,
            notes=f"Paid medical, low in the band; {why}.",
            position=0,
        )

    def _aggressive(self, case_id: int, specials: Money) -> Scenario:
        """Per diem over an acute and a recovery phase, or billed specials times 4.5.

        Per diem suits long suffering on modest bills: it is the aggressive figure only when it comes to
        more than the expected figure (3 times the specials).
        """
        rng = self._rng
        phases = (
            PerDiemPhase(Money(rng.randint(8, 20) * 2_500), rng.randint(30, 180), "Acute"),
            PerDiemPhase(Money(rng.randint(10, 30) * 500), rng.randint(90, 540), "Recovery"),
        )
        if sum(phase.rate.cents * phase.days for phase in phases) <= 2 * specials.cents:
            return Scenario(
                id=None,
                case_id=case_id,
                name="Aggressive",
                method=ValuationMethod.MULTIPLIER,
                multiplier=Decimal("4.5"),
                notes="Billed specials times 4.5: a sympathetic client and clear liability.",
                position=2,
            )
        return Scenario(
            id=None,
            case_id=case_id,
            name="Aggressive",
            method=ValuationMethod.PER_DIEM,
            multiplier=None,
            phases=phases,
            notes="A daily rate for each day of pain, higher while acute.",
            position=2,
        )


def _share(amount: Money, percent: int) -> Money:
    """A whole percentage of an amount, rounded half-up to the cent."""
    return Money((amount.cents * percent + 50) // 100)


def _cents(rng: random.Random, least: int, most: int) -> Money:
    """An amount from ``least`` to ``most`` dollars, with cents."""
    return Money(rng.randint(least * 100, most * 100))


def _saved(value: int | None) -> int:
    assert value is not None  # demo cases carry their ids before they are valued
    return value
