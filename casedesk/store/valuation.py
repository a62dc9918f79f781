"""A case's valuation figures and its saved scenarios: rows and repository functions."""

from __future__ import annotations

import json
from decimal import Decimal
from fractions import Fraction
from typing import Any

from sqlalchemy import Boolean, ForeignKey, Integer, String, Text, func, select
from sqlalchemy.orm import Mapped, Session, mapped_column

from casedesk.domain.errors import NotFoundError, ValidationError
from casedesk.domain.fault import FaultRule
from casedesk.domain.money import Money
from casedesk.domain.scenarios import Scenario, ValuationInputs
from casedesk.domain.settlement import FeeBasis
from casedesk.domain.valuation import MedicalBasis, PerDiemPhase, ValuationMethod
from casedesk.store.base import Base, DecimalText, MoneyCents, Versioned
from casedesk.store.cases import get_case
from casedesk.store.engine import fold_text


class ValuationInputsRow(Versioned, Base):
    """A case's specials, costs, liens and coverage (``valuation_inputs``, one row per case at most)."""

    __tablename__ = "valuation_inputs"

    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), primary_key=True)
    medical_billed: Mapped[Money] = mapped_column(MoneyCents)
    medical_paid: Mapped[Money] = mapped_column(MoneyCents)
    property_damage: Mapped[Money] = mapped_column(MoneyCents)
    lost_wages: Mapped[Money] = mapped_column(MoneyCents)
    future_medical: Mapped[Money] = mapped_column(MoneyCents)
    other: Mapped[Money] = mapped_column(MoneyCents)
    costs: Mapped[Money] = mapped_column(MoneyCents)
    liens: Mapped[Money] = mapped_column(MoneyCents)
    coverage: Mapped[Money | None] = mapped_column(MoneyCents, nullable=True)

    def to_domain(self) -> ValuationInputs:
        """The figures as a domain object."""
        return ValuationInputs(
            case_id=self.case_id,
            medical_billed=self.medical_billed,
            medical_paid=self.medical_paid,
            property_damage=self.property_damage,
            lost_wages=self.lost_wages,
            future_medical=self.future_medical,
            other=self.other,
            costs=self.costs,
            liens=self.liens,
            coverage=self.coverage,
        )

    @staticmethod
    def values(inputs: ValuationInputs) -> dict[str, Any]:
        """Column values for the domain record (the one mapping fill and bulk inserts use)."""
        return {
            "case_id": inputs.case_id,
            "medical_billed": inputs.medical_billed,
            "medical_paid": inputs.medical_paid,
            "property_damage": inputs.property_damage,
            "lost_wages": inputs.lost_wages,
            "future_medical": inputs.future_medical,
            "other": inputs.other,
            "costs": inputs.costs,
            "liens": inputs.liens,
            "coverage": inputs.coverage,
        }


class ScenarioRow(Versioned, Base):
    """A saved valuation scenario of a case (``valuation_scenarios``)."""

    __tablename__ = "valuation_scenarios"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(60))
    position: Mapped[int] = mapped_column(Integer, default=0)
    method: Mapped[str] = mapped_column(String(20))
    medical_basis: Mapped[str] = mapped_column(String(10))
    multiplier: Mapped[Decimal | None] = mapped_column(DecimalText, nullable=True)
    severity: Mapped[str | None] = mapped_column(String(40), nullable=True)
    #: Per-diem phases as JSON: ``[{"label": ..., "rate_cents": ..., "days": ...}]``.
    phases: Mapped[str] = mapped_column(Text, default="[]")
    fault_percent: Mapped[Decimal] = mapped_column(DecimalText)
    rule_override: Mapped[str | None] = mapped_column(String(40), nullable=True)
    override_reason: Mapped[str] = mapped_column(String(300), default="")
    slight_gross_judgment: Mapped[bool | None] = mapped_column(Boolean, nullable=True)
    fee_numerator: Mapped[int] = mapped_column(Integer)
    fee_denominator: Mapped[int] = mapped_column(Integer)
    fee_basis: Mapped[str] = mapped_column(String(20))
    notes: Mapped[str] = mapped_column(Text, default="")

    def to_domain(self) -> Scenario:
        """The scenario as a domain object."""
        return Scenario(
            id=self.id,
            case_id=self.case_id,
            name=self.name,
            method=ValuationMethod(self.method),
            medical_basis=MedicalBasis(self.medical_basis),
            multiplier=self.multiplier,
            severity=self.severity,
            phases=tuple(
                PerDiemPhase(Money(int(phase["rate_cents"])), int(phase["days"]), str(phase["label"]))
                for phase in json.loads(self.phases)
            ),
            fault_percent=self.fault_percent,
            rule_override=None if self.rule_override is None else FaultRule(self.rule_override),
            override_reason=self.override_reason,
            slight_gross_judgment=self.slight_gross_judgment,
            fee_rate=Fraction(self.fee_numerator, self.fee_denominator),
            fee_basis=FeeBasis(self.fee_basis),
            notes=self.notes,
            position=self.position,
        )

    @staticmethod
    def values(scenario: Scenario) -> dict[str, Any]:
        """Column values for the domain record (not the id): the one mapping fill and bulk inserts use."""
        phases = [
            {"label": phase.label, "rate_cents": phase.rate.cents, "days": phase.days}
            for phase in scenario.phases
        ]
        return {
            "case_id": scenario.case_id,
            "name": scenario.name.strip(),
            "position": scenario.position,
            "method": scenario.method.value,
            "medical_basis": scenario.medical_basis.value,
            "multiplier": scenario.multiplier,
            "severity": scenario.severity,
            "phases": json.dumps(phases),
            "fault_percent": scenario.fault_percent,
            "rule_override": None if scenario.rule_override is None else scenario.rule_override.value,
            "override_reason": scenario.override_reason.strip(),
            "slight_gross_judgment": scenario.slight_gross_judgment,
            "fee_numerator": scenario.fee_rate.numerator,
            "fee_denominator": scenario.fee_rate.denominator,
            "fee_basis": scenario.fee_basis.value,
            "notes": scenario.notes,
        }

    def fill(self, scenario: Scenario) -> None:
        """Copy a domain scenario's fields onto this row (not the id)."""
        for column, value in self.values(scenario).items():
            setattr(self, column, value)


def get_inputs(session: Session, case_id: int) -> ValuationInputs:
    """The case's valuation figures (all zero when none were entered yet).

    Raises:
        NotFoundError: The case does not exist.
    """
    get_case(session, case_id)
    row = session.get(ValuationInputsRow, case_id)
    return ValuationInputs(case_id) if row is None else row.to_domain()


def save_inputs(session: Session, inputs: ValuationInputs) -> ValuationInputs:
    """Store the case's valuation figures, replacing what was there.

    Raises:
        NotFoundError: The case does not exist.
    """
    get_case(session, inputs.case_id)
    row = session.get(ValuationInputsRow, inputs.case_id)
    if row is None:
        row = ValuationInputsRow()
        session.add(row)
    for column, value in ValuationInputsRow.values(inputs).items():
        setattr(row, column, value)
    session.flush()
    return row.to_domain()


def list_scenarios(session: Session, case_id: int) -> list[Scenario]:
    """The case's scenarios in their order."""
    rows = session.scalars(
        select(ScenarioRow)
        .where(ScenarioRow.case_id == case_id)
        .order_by(ScenarioRow.position, ScenarioRow.id)
    )
    return [row.to_domain() for row in rows]


def get_scenario(session: Session, scenario_id: int) -> Scenario:
    """The scenario with this id.

    Raises:
        NotFoundError: It does not exist (deleted elsewhere).
    """
    return _scenario_row(session, scenario_id).to_domain()


def add_scenario(session: Session, scenario: Scenario) -> Scenario:
    """Store a new scenario at the end of its case's list.

    Raises:
        NotFoundError: The case does not exist.
        ValidationError: The case already has a scenario of that name.
    """
    get_case(session, scenario.case_id)
    _check_name_free(session, scenario)
    last = session.scalar(
        select(func.max(ScenarioRow.position)).where(ScenarioRow.case_id == scenario.case_id)
    )
    row = ScenarioRow()
    row.fill(scenario)
    row.position = 0 if last is None else last + 1
    session.add(row)
    session.flush()
    return row.to_domain()


def update_scenario(session: Session, scenario: Scenario) -> Scenario:
    """Store changes to a scenario (its position stays).

    Raises:
        NotFoundError: The scenario does not exist.
        ValidationError: Another scenario of the case has that name.
    """
    row = _scenario_row(session, scenario.id or 0)
    _check_name_free(session, scenario)
    position = row.position
    row.fill(scenario)
    row.position = position
    session.flush()
    return row.to_domain()


def delete_scenario(session: Session, scenario_id: int) -> None:
    """Delete a scenario.

    Raises:
        NotFoundError: It does not exist.
    """
    session.delete(_scenario_row(session, scenario_id))
    session.flush()


def _check_name_free(session: Session, scenario: Scenario) -> None:
    taken = session.scalar(
        select(ScenarioRow.id).where(
            ScenarioRow.case_id == scenario.case_id,
            func.lower(ScenarioRow.name) == fold_text(scenario.name.strip()),
            ScenarioRow.id != (scenario.id or 0),
        )
    )
    if taken is not None:
        raise ValidationError({"name": f"This case already has a scenario named “{scenario.name.strip()}”."})


def _scenario_row(session: Session, scenario_id: int) -> ScenarioRow:
    row = session.get(ScenarioRow, scenario_id)
    if row is None:
        raise NotFoundError("This scenario no longer exists; it was deleted elsewhere.")
    return row
