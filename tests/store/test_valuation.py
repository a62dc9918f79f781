"""Valuation repository: figures and scenarios round-trip, names are unique per case, cascades, upgrades."""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import replace
from datetime import date
from decimal import Decimal
from fractions import Fraction
from pathlib import Path

import pytest
from alembic import command
from sqlalchemy import func, select, text
from sqlalchemy.orm import Session

from casedesk.domain.cases import Case, Client
from casedesk.domain.errors import NotFoundError, ValidationError
from casedesk.domain.fault import FaultRule
from casedesk.domain.money import Money
from casedesk.domain.scenarios import Scenario, ValuationInputs
from casedesk.domain.settlement import FeeBasis
from casedesk.domain.valuation import MedicalBasis, PerDiemPhase, ValuationMethod
from casedesk.store import cases as case_store
from casedesk.store import valuation as valuation_store
from casedesk.store.casefile import (
    APPLICATION_ID,
    SCHEMA_REVISIONS,
    CaseFile,
    inspect_case_file,
    open_case_file,
)
from casedesk.store.engine import make_sqlite_engine
from casedesk.store.migrations import alembic_config
from casedesk.store.valuation import ScenarioRow, ValuationInputsRow
from tests.conftest import TEST_USER


@pytest.fixture
def case_file(case_target: Path | str) -> Iterator[CaseFile]:
    """A new, empty case file (or firm database, signed in) opened at the store level."""
    documents = Path(os.environ["CASEDESK_DOCUMENTS"]) if isinstance(case_target, str) else None
    opened = open_case_file(case_target, create=True, documents=documents)
    opened.user = opened.user or TEST_USER
    yield opened
    opened.close()


def _new_case(session: Session, number: str) -> int:
    client = case_store.add_client(session, Client(name=f"Client of {number}"))
    assert client.id is not None
    case = case_store.add_case(
        session,
        Case(number=number, caption="Alvarez v. Driver", client_id=client.id, opened_on=date(2026, 6, 20)),
    )
    assert case.id is not None
    return case.id


@pytest.fixture
def case_id(case_file: CaseFile) -> int:
    """A saved case."""
    with case_file.session() as session:
        return _new_case(session, "PI-0001")


def _scenario(case_id: int, name: str = "Expected", **fields: object) -> Scenario:
    return replace(Scenario(id=None, case_id=case_id, name=name), **fields)  # type: ignore[arg-type]


def _count(case_file: CaseFile, row: type[object]) -> int:
    with case_file.session() as session:
        return session.scalar(select(func.count()).select_from(row)) or 0


# --- the case's figures ------------------------------------------------------------------------------


def test_inputs_are_zero_until_saved(case_file: CaseFile, case_id: int) -> None:
    """A case whose figures were never entered reads as all zero, with no coverage known."""
    with case_file.session() as session:
        assert valuation_store.get_inputs(session, case_id) == ValuationInputs(case_id)
    assert _count(case_file, ValuationInputsRow) == 0


def test_inputs_round_trip_and_are_replaced(case_file: CaseFile, case_id: int) -> None:
    """Every figure comes back to the cent; saving again replaces the one row of the case."""
    inputs = ValuationInputs(
        case_id,
        medical_billed=Money.parse("10,000.01"),
        medical_paid=Money.parse("6,400.55"),
        property_damage=Money.of(5_000),
        lost_wages=Money.of(2_000),
        future_medical=Money.of(12_500),
        other=Money.parse("0.99"),
        costs=Money.parse("1,234.56"),
        liens=Money.of(3_000),
        coverage=Money.of(100_000),
    )
    with case_file.session() as session:
        assert valuation_store.save_inputs(session, inputs) == inputs
    with case_file.session() as session:
        assert valuation_store.get_inputs(session, case_id) == inputs
        changed = replace(inputs, coverage=None, costs=Money.zero())
        valuation_store.save_inputs(session, changed)
    with case_file.session() as session:
        assert valuation_store.get_inputs(session, case_id) == changed
    assert _count(case_file, ValuationInputsRow) == 1


def test_inputs_of_a_missing_case_are_not_found(case_file: CaseFile) -> None:
    """Reading or saving the figures of a case that does not exist fails clearly."""
    with case_file.session() as session:
        with pytest.raises(NotFoundError):
            valuation_store.get_inputs(session, 404)
        with pytest.raises(NotFoundError):
            valuation_store.save_inputs(session, ValuationInputs(404))


# --- scenarios ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "fields",
    [
        {},
        {
            "method": ValuationMethod.FORMULA,
            "medical_basis": MedicalBasis.PAID,
            "multiplier": Decimal("2.75"),
            "severity": "minor",
            "fault_percent": Decimal("12.5"),
            "fee_rate": Fraction(1, 3),
            "fee_basis": FeeBasis.AFTER_COSTS,
            "notes": "Adjuster pays the low end of the band.\nSecond line.",
        },
        {
            "method": ValuationMethod.PER_DIEM,
            "multiplier": None,
            "phases": (
                PerDiemPhase(Money.of(250), 30, "acute"),
                PerDiemPhase(Money.parse("80.50"), 120, "recovery “home”"),
            ),
            "fee_rate": Fraction(2, 5),
        },
        {
            "rule_override": FaultRule.MODIFIED_50,
            "override_reason": "Choice of law: Georgia",
            "fault_percent": Decimal("49.99"),
            "fee_rate": Fraction(67, 200),
        },
        {"slight_gross_judgment": True, "fault_percent": Decimal(10)},
        {"slight_gross_judgment": False, "fault_percent": Decimal(10), "fee_rate": Fraction(0)},
    ],
    ids=["defaults", "formula", "per-diem", "override", "judged-slight", "judged-not-slight"],
)
def test_scenario_round_trips_every_field(
    case_file: CaseFile, case_id: int, fields: dict[str, object]
) -> None:
    """What is saved is what is read back: exact fee fractions, decimal multipliers, phases, judgments."""
    scenario = _scenario(case_id, **fields)
    with case_file.session() as session:
        saved = valuation_store.add_scenario(session, scenario)
    assert saved.id is not None
    assert saved == replace(scenario, id=saved.id, position=0)
    with case_file.session() as session:
        assert valuation_store.get_scenario(session, saved.id) == saved
        assert valuation_store.list_scenarios(session, case_id) == [saved]
    assert saved.multiplier == scenario.multiplier and isinstance(saved.fee_rate, Fraction)


def test_names_and_reasons_are_stored_trimmed(case_file: CaseFile, case_id: int) -> None:
    """Blanks around a name or an override reason are not kept."""
    scenario = _scenario(
        case_id, "  Expected  ", rule_override=FaultRule.PURE_COMPARATIVE, override_reason="  Federal  "
    )
    with case_file.session() as session:
        saved = valuation_store.add_scenario(session, scenario)
    assert (saved.name, saved.override_reason) == ("Expected", "Federal")


def test_new_scenarios_are_appended_in_order(case_file: CaseFile, case_id: int) -> None:
    """Each new scenario goes to the end of its case's list, whatever position it came with."""
    with case_file.session() as session:
        for name in ("Conservative", "Expected", "Aggressive"):
            valuation_store.add_scenario(session, _scenario(case_id, name, position=7))
        other = _new_case(session, "PI-0002")
        valuation_store.add_scenario(session, _scenario(other, "Only"))
    with case_file.session() as session:
        listed = valuation_store.list_scenarios(session, case_id)
        assert [(s.name, s.position) for s in listed] == [
            ("Conservative", 0),
            ("Expected", 1),
            ("Aggressive", 2),
        ]
        assert [(s.name, s.position) for s in valuation_store.list_scenarios(session, other)] == [("Only", 0)]


def test_update_keeps_the_position(case_file: CaseFile, case_id: int) -> None:
    """Saving changes to a scenario leaves it where it was in the list."""
    with case_file.session() as session:
        first = valuation_store.add_scenario(session, _scenario(case_id, "Conservative"))
        valuation_store.add_scenario(session, _scenario(case_id, "Expected"))
    with case_file.session() as session:
        changed = valuation_store.update_scenario(
            session, replace(first, name="Low", multiplier=Decimal("1.5"), position=9)
        )
    assert (changed.name, changed.multiplier, changed.position) == ("Low", Decimal("1.5"), 0)
    with case_file.session() as session:
        assert [s.name for s in valuation_store.list_scenarios(session, case_id)] == ["Low", "Expected"]


@pytest.mark.parametrize("taken", ["expected", "EXPECTED", " Expected ", "Éxpected", "éxpécted"])
def test_names_are_unique_per_case_ignoring_case_and_accents(
    case_file: CaseFile, case_id: int, taken: str
) -> None:
    """A second "Expected" on the same case is refused, however it is capitalized or accented."""
    with case_file.session() as session:
        valuation_store.add_scenario(session, _scenario(case_id, "Expected"))
    with pytest.raises(ValidationError) as refused, case_file.session() as session:
        valuation_store.add_scenario(session, _scenario(case_id, taken))
    assert list(refused.value.errors) == ["name"]
    assert _count(case_file, ScenarioRow) == 1


def test_an_accented_name_blocks_its_plain_spelling(case_file: CaseFile, case_id: int) -> None:
    """A stored "Médiation" and a new "mediation" are the same name to a person."""
    with case_file.session() as session:
        valuation_store.add_scenario(session, _scenario(case_id, "Médiation"))
    with pytest.raises(ValidationError), case_file.session() as session:
        valuation_store.add_scenario(session, _scenario(case_id, "mediation"))


def test_renaming_onto_another_scenarios_name_is_refused(case_file: CaseFile, case_id: int) -> None:
    """An update may keep its own name (in new capitals) but not take another scenario's."""
    with case_file.session() as session:
        valuation_store.add_scenario(session, _scenario(case_id, "Expected"))
        second = valuation_store.add_scenario(session, _scenario(case_id, "Aggressive"))
    with case_file.session() as session:
        renamed = valuation_store.update_scenario(session, replace(second, name="AGGRESSIVE"))
    assert renamed.name == "AGGRESSIVE"
    with pytest.raises(ValidationError), case_file.session() as session:
        valuation_store.update_scenario(session, replace(second, name="expected"))


def test_the_same_name_is_fine_in_another_case(case_file: CaseFile, case_id: int) -> None:
    """Every case may have its own "Expected"."""
    with case_file.session() as session:
        other = _new_case(session, "PI-0002")
        valuation_store.add_scenario(session, _scenario(case_id, "Expected"))
        valuation_store.add_scenario(session, _scenario(other, "Expected"))
    assert _count(case_file, ScenarioRow) == 2


def test_scenario_of_a_missing_case_is_not_saved(case_file: CaseFile) -> None:
    """A scenario cannot be added to a case that does not exist."""
    with pytest.raises(NotFoundError), case_file.session() as session:
        valuation_store.add_scenario(session, _scenario(404))
    assert _count(case_file, ScenarioRow) == 0


def test_missing_scenario_is_not_found(case_file: CaseFile, case_id: int) -> None:
    """Reading, updating or deleting a scenario deleted elsewhere fails with NotFoundError."""
    with case_file.session() as session:
        with pytest.raises(NotFoundError):
            valuation_store.get_scenario(session, 404)
        with pytest.raises(NotFoundError):
            valuation_store.update_scenario(session, _scenario(case_id, id=404))
        with pytest.raises(NotFoundError):
            valuation_store.delete_scenario(session, 404)


def test_delete_removes_only_that_scenario(case_file: CaseFile, case_id: int) -> None:
    """Deleting one scenario leaves the others."""
    with case_file.session() as session:
        doomed = valuation_store.add_scenario(session, _scenario(case_id, "Conservative"))
        kept = valuation_store.add_scenario(session, _scenario(case_id, "Expected"))
    with case_file.session() as session:
        valuation_store.delete_scenario(session, doomed.id or 0)
    with case_file.session() as session:
        assert valuation_store.list_scenarios(session, case_id) == [kept]


def test_deleting_a_case_deletes_its_figures_and_scenarios(case_file: CaseFile, case_id: int) -> None:
    """The database cascades a case's deletion to its figures and scenarios; other cases keep theirs."""
    with case_file.session() as session:
        other = _new_case(session, "PI-0002")
        for case in (case_id, other):
            valuation_store.save_inputs(session, ValuationInputs(case, medical_billed=Money.of(1_000)))
            valuation_store.add_scenario(session, _scenario(case, "Expected"))
    with case_file.session() as session:
        case_store.delete_case(session, case_id)
    with case_file.session() as session:
        assert session.scalars(select(ValuationInputsRow.case_id)).all() == [other]
        assert session.scalars(select(ScenarioRow.case_id)).all() == [other]


# --- upgrading a file from before valuations ---------------------------------------------------------


def test_a_file_from_revision_0001_upgrades_and_keeps_its_data(tmp_path: Path) -> None:
    """A case file written before valuations existed is backed up, upgraded, and keeps its cases."""
    path = tmp_path / "old.sqlite"
    engine = make_sqlite_engine(path)
    with engine.begin() as connection:
        connection.exec_driver_sql(f"PRAGMA application_id = {APPLICATION_ID}")
        command.upgrade(alembic_config(connection), "0001")
    with engine.begin() as connection:  # a client and a case in that revision's columns
        client = connection.execute(
            text(
                "INSERT INTO clients (name, phone, email, address, language, notes) "
                "VALUES ('Client of PI-2019-00042', '', '', '', 'English', '') RETURNING id"
            )
        ).scalar_one()
        old_case = connection.execute(
            text(
                "INSERT INTO cases (number, caption, client_id, case_type, incident_place, jurisdiction, "
                "status, attorney, opened_on, facts, next_action) VALUES ('PI-2019-00042', "
                "'Alvarez v. Driver', :client, 'motor_vehicle', '', '', 'intake', '', '2026-06-20', '', '') "
                "RETURNING id"
            ),
            {"client": client},
        ).scalar_one()
    engine.dispose()
    assert inspect_case_file(path).revision == "0001"

    opened = open_case_file(path)
    try:
        assert opened.backup_path is not None and opened.backup_path.exists()
        assert inspect_case_file(path).revision == SCHEMA_REVISIONS[-1]
        with opened.session() as session:
            assert case_store.get_case(session, old_case).number == "PI-2019-00042"
            assert valuation_store.get_inputs(session, old_case) == ValuationInputs(old_case)
            assert valuation_store.list_scenarios(session, old_case) == []
            valuation_store.save_inputs(session, ValuationInputs(old_case, lost_wages=Money.of(2_000)))
            valuation_store.add_scenario(session, _scenario(old_case))
        with opened.session() as session:
            assert valuation_store.get_inputs(session, old_case).lost_wages == Money.of(2_000)
            assert [s.name for s in valuation_store.list_scenarios(session, old_case)] == ["Expected"]
    finally:
        opened.close()
    assert inspect_case_file(opened.backup_path).revision == "0001"
