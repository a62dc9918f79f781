"""Use cases for valuing a case: its figures, its saved scenarios, and their results."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace
from pathlib import Path

from casedesk.domain.cases import Case
from casedesk.domain.errors import ConflictError, ValidationError
from casedesk.domain.fault import JurisdictionFaultRule, rule_for
from casedesk.domain.jurisdictions import Jurisdiction
from casedesk.domain.scenarios import (
    CaseValuation,
    Outcome,
    Scenario,
    ValuationInputs,
    evaluate,
    validate_inputs,
    validate_scenario,
)
from casedesk.domain.valuation import PerDiemNote, SeverityBand, ValuationMethod
from casedesk.services.audit import record_export
from casedesk.services.clock import Clock, system_clock
from casedesk.services.conflicts import refuse_if_changed
from casedesk.store import cases as case_store
from casedesk.store import valuation as valuation_store
from casedesk.store.casefile import CaseFile


class ValuationService:
    """Valuations of the cases in one case file.

    Attributes:
        bands: The damage formula's severity bands (from ``resources/``).
        clock: What this service takes "now" to be (a printout's date).
    """

    def __init__(
        self,
        case_file: CaseFile,
        jurisdictions: Sequence[Jurisdiction],
        fault_rules: Sequence[JurisdictionFaultRule],
        bands: Sequence[SeverityBand],
        per_diem_notes: Mapping[str, PerDiemNote],
        clock: Clock = system_clock,
    ) -> None:
        self._case_file = case_file
        self.clock = clock
        self._jurisdictions = {j.code: j for j in jurisdictions}
        self._fault_rules = tuple(fault_rules)
        self.bands = tuple(bands)
        self._per_diem_notes = dict(per_diem_notes)

    # --- reading ---------------------------------------------------------------------------------

    def case_valuation(self, case_id: int) -> CaseValuation:
        """The case's figures, scenarios and fault rule.

        Raises:
            NotFoundError: The case no longer exists.
        """
        with self._case_file.session() as session:
            case = case_store.get_case(session, case_id)
            client = case_store.get_client(session, case.client_id)
            inputs = valuation_store.get_inputs(session, case_id)
            scenarios = tuple(valuation_store.list_scenarios(session, case_id))
        rule, problem = self._rule(case)
        code = case.jurisdiction or ""
        return CaseValuation(
            case,
            client,
            inputs,
            scenarios,
            self._jurisdictions.get(code),
            rule,
            problem,
            self._per_diem_notes.get(code),
        )

    def outcome(
        self, valuation: CaseValuation, scenario: Scenario, inputs: ValuationInputs | None = None
    ) -> Outcome:
        """Evaluate a scenario on the case's figures (or on figures being edited), without saving."""
        try:
            result = evaluate(scenario, inputs or valuation.inputs, valuation.jurisdiction_rule, self.bands)
        except ValidationError as exc:
            return Outcome(scenario, None, exc.errors)
        return Outcome(scenario, result, {})

    def outcomes(self, valuation: CaseValuation) -> list[Outcome]:
        """Every saved scenario of the case, evaluated."""
        return [self.outcome(valuation, scenario) for scenario in valuation.scenarios]

    def inputs_errors(self, inputs: ValuationInputs) -> dict[str, str]:
        """What is wrong with a case's figures; empty when they can be saved."""
        return validate_inputs(inputs)

    def scenario_errors(self, scenario: Scenario) -> dict[str, str]:
        """What is wrong with a scenario's own fields; empty when it can be saved."""
        return validate_scenario(scenario, self.bands)

    def export_pdf(self, case_id: int, path: Path) -> None:
        """Print the case's saved scenarios side by side, with its figures and fault rule, to a PDF.

        Raises:
            NotFoundError: The case no longer exists.
            ExportError: The file cannot be written; an existing file there is left as it was.
        """
        from casedesk.exports.valuation_pdf import write_valuation_pdf

        valuation = self.case_valuation(case_id)
        write_valuation_pdf(path, valuation, self.outcomes(valuation), self.clock().astimezone())
        record_export(self._case_file, case_id, "Valuation", path)

    # --- writing ---------------------------------------------------------------------------------

    def save_inputs(
        self, inputs: ValuationInputs, expected: ValuationInputs | None = None
    ) -> ValuationInputs:
        """Store the case's figures.

        Raises:
            ValidationError: A figure is negative; nothing is saved.
            ConflictError: The figures changed elsewhere since ``expected`` was read.
        """
        errors = validate_inputs(inputs)
        if errors:
            raise ValidationError(errors)
        with self._case_file.session() as session:
            if expected is not None and valuation_store.get_inputs(session, inputs.case_id) != expected:
                raise ConflictError("case's valuation figures")
            return valuation_store.save_inputs(session, inputs)

    def add_scenario(self, scenario: Scenario) -> Scenario:
        """Save a new scenario at the end of the case's list.

        Raises:
            ValidationError: A field is wrong, or the name is taken; nothing is saved.
        """
        self._check(scenario)
        with self._case_file.session() as session:
            return valuation_store.add_scenario(session, replace(scenario, id=None))

    def update_scenario(self, scenario: Scenario, expected: Scenario | None = None) -> Scenario:
        """Save changes to a scenario.

        Raises:
            ValidationError: A field is wrong, or the name is taken; nothing is saved.
            ConflictError: The scenario changed elsewhere since ``expected`` was read.
            NotFoundError: The scenario was deleted elsewhere.
        """
        self._check(scenario)
        with self._case_file.session() as session:
            refuse_if_changed(
                session, valuation_store.ScenarioRow, "scenario", expected, valuation_store.get_scenario
            )
            return valuation_store.update_scenario(session, scenario)

    def delete_scenario(self, scenario_id: int) -> Scenario:
        """Delete a scenario; returns it so that the user can undo with :meth:`restore_scenario`."""
        with self._case_file.session() as session:
            scenario = valuation_store.get_scenario(session, scenario_id)
            valuation_store.delete_scenario(session, scenario_id)
            return scenario

    def restore_scenario(self, scenario: Scenario) -> Scenario:
        """Put back a scenario deleted by :meth:`delete_scenario` (undo), at the end of the list."""
        return self.add_scenario(scenario)

    def new_scenario(self, case_id: int, name: str, like: Scenario | None = None) -> Scenario:
        """An unsaved scenario: a copy of ``like`` under a new name, or the multiplier method at 3."""
        if like is not None:
            return replace(like, id=None, name=name)
        return Scenario(id=None, case_id=case_id, name=name, method=ValuationMethod.MULTIPLIER)

    def _check(self, scenario: Scenario) -> None:
        errors = self.scenario_errors(scenario)
        if errors:
            raise ValidationError(errors)

    def _rule(self, case: Case) -> tuple[JurisdictionFaultRule | None, str]:
        if not case.jurisdiction:
            return None, "The case has no jurisdiction; choose a fault rule in each scenario that has fault."
        try:
            return rule_for(self._fault_rules, case.jurisdiction, case.incident_date), ""
        except ValidationError as exc:
            return None, exc.message
