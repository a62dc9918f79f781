"""Valuation use cases: the case's rule and notes, figures and scenarios saved safely, outcomes that last."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import replace
from datetime import date
from decimal import Decimal
from fractions import Fraction

import pytest

from casedesk.domain.cases import Case
from casedesk.domain.errors import ConflictError, NotFoundError, ValidationError
from casedesk.domain.fault import FaultRule
from casedesk.domain.money import Money
from casedesk.domain.scenarios import Scenario, ValuationInputs
from casedesk.domain.valuation import PerDiemPhase, ValuationMethod
from casedesk.services.casefiles import Services

MakeCase = Callable[..., Case]


def saved_id(record: Case | Scenario) -> int:
    assert record.id is not None
    return record.id


def article(case_id: int, **fields: object) -> ValuationInputs:
    """The article's figures (17,000 specials billed) with 1,500 costs and 4,000 liens."""
    inputs = ValuationInputs(
        case_id,
        medical_billed=Money.of(10_000),
        medical_paid=Money.of(6_000),
        property_damage=Money.of(5_000),
        lost_wages=Money.of(2_000),
        costs=Money.of(1_500),
        liens=Money.of(4_000),
    )
    return replace(inputs, **fields)  # type: ignore[arg-type]


def scenario(case_id: int, name: str = "Expected", **fields: object) -> Scenario:
    return replace(Scenario(id=None, case_id=case_id, name=name), **fields)  # type: ignore[arg-type]


@pytest.fixture
def elsewhere(open_case: Callable[..., Services], services: Services) -> Iterator[Services]:
    """The same case file opened a second time, as another window or computer would."""
    other = open_case()
    yield other
    other.close()


# --- reading -------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("incident", "rule"),
    [
        (date(2023, 3, 23), FaultRule.PURE_COMPARATIVE),
        (date(2023, 3, 24), FaultRule.MODIFIED_51),
        (None, FaultRule.MODIFIED_51),
    ],
    ids=["before-HB-837", "from-HB-837", "no-date-today's-rule"],
)
def test_case_valuation_picks_the_rule_by_incident_date(
    services: Services, make_case: MakeCase, incident: date | None, rule: FaultRule
) -> None:
    """A Florida case gets the rule in force on its incident date (today's when the date is unknown)."""
    case = make_case(jurisdiction="FL", incident_date=incident, opened_on=date(2023, 4, 3))
    valuation = services.valuation.case_valuation(saved_id(case))
    assert valuation.jurisdiction_rule is not None
    assert (valuation.jurisdiction_rule.code, valuation.jurisdiction_rule.rule) == ("FL", rule)
    assert valuation.rule_problem == ""
    assert valuation.jurisdiction is not None and valuation.jurisdiction.name == "Florida"


def test_case_valuation_reads_the_case_client_figures_and_scenarios(
    services: Services, make_case: MakeCase
) -> None:
    """One read gives the case, its client, zero figures until entered, and the scenarios in order."""
    case = make_case()
    valuation = services.valuation.case_valuation(saved_id(case))
    assert (valuation.case, valuation.client.id) == (case, case.client_id)
    assert valuation.inputs == ValuationInputs(saved_id(case))
    assert valuation.scenarios == ()
    for name in ("Conservative", "Expected"):
        services.valuation.add_scenario(scenario(saved_id(case), name))
    names = [s.name for s in services.valuation.case_valuation(saved_id(case)).scenarios]
    assert names == ["Conservative", "Expected"]


def test_without_a_jurisdiction_there_is_no_rule_and_the_problem_is_said(
    services: Services, make_case: MakeCase
) -> None:
    """A case without a jurisdiction has no rule; the valuation says so and what to do."""
    valuation = services.valuation.case_valuation(saved_id(make_case(jurisdiction="")))
    assert (valuation.jurisdiction, valuation.jurisdiction_rule) == (None, None)
    assert "no jurisdiction" in valuation.rule_problem
    assert "choose a fault rule" in valuation.rule_problem


@pytest.mark.parametrize(("code", "noted"), [("NJ", True), ("TX", False)])
def test_per_diem_note_for_jurisdictions_that_restrict_it(
    services: Services, make_case: MakeCase, code: str, noted: bool
) -> None:
    """New Jersey restricts per-diem arguments, so its cases carry the note; Texas cases do not."""
    valuation = services.valuation.case_valuation(saved_id(make_case(jurisdiction=code)))
    assert (valuation.per_diem_note is not None) is noted
    if valuation.per_diem_note is not None:
        assert valuation.per_diem_note.code == "NJ"
        assert "Botta" in valuation.per_diem_note.source


def test_case_valuation_of_a_deleted_case_is_not_found(services: Services, make_case: MakeCase) -> None:
    """A case deleted elsewhere cannot be valued."""
    case = make_case()
    services.cases.delete_case(saved_id(case))
    with pytest.raises(NotFoundError):
        services.valuation.case_valuation(saved_id(case))


def test_outcomes_evaluate_every_saved_scenario(services: Services, make_case: MakeCase) -> None:
    """Texas, 51,000 expected, fee 1/3 of the gross; a 60 % fault scenario is barred."""
    case_id = saved_id(make_case(jurisdiction="TX"))
    services.valuation.save_inputs(article(case_id))
    services.valuation.add_scenario(scenario(case_id, "Expected"))
    services.valuation.add_scenario(scenario(case_id, "At fault", fault_percent=Decimal(60)))
    expected, at_fault = services.valuation.outcomes(services.valuation.case_valuation(case_id))
    assert expected.errors == {} and expected.result is not None
    assert expected.result.value == Money.of(51_000)
    assert expected.result.settlement is not None
    assert expected.result.settlement.fee == Money.of(17_000)
    assert expected.result.settlement.net_to_client == Money.of(28_500)
    assert at_fault.result is not None and at_fault.result.value == Money.zero()


def test_a_scenario_that_cannot_be_evaluated_reports_why(services: Services, make_case: MakeCase) -> None:
    """Fault on a case without a jurisdiction: the scenario is saved but its outcome lists the error."""
    case_id = saved_id(make_case(jurisdiction=""))
    services.valuation.add_scenario(scenario(case_id, fault_percent=Decimal(20)))
    (outcome,) = services.valuation.outcomes(services.valuation.case_valuation(case_id))
    assert outcome.result is None
    assert list(outcome.errors) == ["rule_override"]


def test_outcome_on_figures_being_edited_saves_nothing(services: Services, make_case: MakeCase) -> None:
    """The figures in an open form can be tried out without being saved."""
    case_id = saved_id(make_case())
    valuation = services.valuation.case_valuation(case_id)
    outcome = services.valuation.outcome(valuation, scenario(case_id), article(case_id))
    assert outcome.result is not None and outcome.result.value == Money.of(51_000)
    assert services.valuation.case_valuation(case_id).inputs == ValuationInputs(case_id)


# --- the figures ---------------------------------------------------------------------------------------


def test_save_inputs_validates_first(services: Services, make_case: MakeCase) -> None:
    """Negative figures are refused by field and nothing is saved."""
    case_id = saved_id(make_case())
    with pytest.raises(ValidationError) as refused:
        services.valuation.save_inputs(article(case_id, costs=Money(-1), lost_wages=Money(-1)))
    assert set(refused.value.errors) == {"costs", "lost_wages"}
    assert services.valuation.case_valuation(case_id).inputs == ValuationInputs(case_id)


def test_save_inputs_refuses_to_overwrite_changes_made_elsewhere(
    services: Services, elsewhere: Services, make_case: MakeCase
) -> None:
    """Figures changed in another window since they were read are kept, and the late save is refused."""
    case_id = saved_id(make_case())
    read = services.valuation.case_valuation(case_id).inputs
    elsewhere.valuation.save_inputs(article(case_id, liens=Money.of(9_000)))
    with pytest.raises(ConflictError, match="changed elsewhere"):
        services.valuation.save_inputs(article(case_id, costs=Money.of(1)), expected=read)
    assert services.valuation.case_valuation(case_id).inputs.liens == Money.of(9_000)

    again = services.valuation.case_valuation(case_id).inputs
    saved = services.valuation.save_inputs(replace(again, costs=Money.of(1)), expected=again)
    assert (saved.costs, saved.liens) == (Money.of(1), Money.of(9_000))


# --- scenarios ----------------------------------------------------------------------------------------


def test_add_scenario_validates_and_refuses_a_taken_name(services: Services, make_case: MakeCase) -> None:
    """Invalid fields or a name already used on the case are refused; nothing is saved."""
    case_id = saved_id(make_case())
    with pytest.raises(ValidationError) as refused:
        services.valuation.add_scenario(scenario(case_id, "", multiplier=None))
    assert set(refused.value.errors) == {"name", "multiplier"}
    services.valuation.add_scenario(scenario(case_id, "Expected"))
    with pytest.raises(ValidationError, match="already has a scenario"):
        services.valuation.add_scenario(scenario(case_id, "expected"))
    assert len(services.valuation.case_valuation(case_id).scenarios) == 1


def test_a_fee_too_precise_to_store_is_refused_not_crashed_on(
    services: Services, make_case: MakeCase
) -> None:
    """A fee typed with twenty decimals is a validation error on the fee, and nothing is saved."""
    case_id = saved_id(make_case())
    fee = Fraction(3_333_333_333_333_333_333_333, 10**24)  # 33.33333333333333333333 %
    with pytest.raises(ValidationError) as refused:
        services.valuation.add_scenario(scenario(case_id, fee_rate=fee))
    assert list(refused.value.errors) == ["fee_rate"]
    assert services.valuation.case_valuation(case_id).scenarios == ()


def test_update_scenario_refuses_to_overwrite_changes_made_elsewhere(
    services: Services, elsewhere: Services, make_case: MakeCase
) -> None:
    """A scenario edited in another window since it was read is not overwritten."""
    case_id = saved_id(make_case())
    read = services.valuation.add_scenario(scenario(case_id))
    elsewhere.valuation.update_scenario(replace(read, multiplier=Decimal("3.5")), expected=read)
    with pytest.raises(ConflictError):
        services.valuation.update_scenario(replace(read, notes="Mine"), expected=read)
    (stored,) = services.valuation.case_valuation(case_id).scenarios
    assert (stored.multiplier, stored.notes) == (Decimal("3.5"), "")

    saved = services.valuation.update_scenario(replace(stored, notes="Mine"), expected=stored)
    assert (saved.multiplier, saved.notes) == (Decimal("3.5"), "Mine")


def test_update_of_a_scenario_deleted_elsewhere_is_not_found(
    services: Services, elsewhere: Services, make_case: MakeCase
) -> None:
    """Saving edits to a scenario deleted in another window says it no longer exists."""
    read = services.valuation.add_scenario(scenario(saved_id(make_case())))
    elsewhere.valuation.delete_scenario(saved_id(read))
    with pytest.raises(NotFoundError):
        services.valuation.update_scenario(replace(read, notes="Mine"), expected=read)


def test_delete_then_restore_puts_the_scenario_back_at_the_end(
    services: Services, make_case: MakeCase
) -> None:
    """Undoing a delete brings the scenario back with every field, after the remaining ones."""
    case_id = saved_id(make_case())
    phases = (PerDiemPhase(Money.of(200), 30, "acute"), PerDiemPhase(Money.of(60), 200, "recovery"))
    first = services.valuation.add_scenario(
        scenario(
            case_id, "Aggressive", method=ValuationMethod.PER_DIEM, phases=phases, fee_rate=Fraction(2, 5)
        )
    )
    services.valuation.add_scenario(scenario(case_id, "Expected"))

    deleted = services.valuation.delete_scenario(saved_id(first))
    assert deleted == first
    assert [s.name for s in services.valuation.case_valuation(case_id).scenarios] == ["Expected"]

    restored = services.valuation.restore_scenario(deleted)
    assert restored == replace(first, id=restored.id, position=restored.position)
    assert [s.name for s in services.valuation.case_valuation(case_id).scenarios] == [
        "Expected",
        "Aggressive",
    ]


def test_restore_is_refused_when_the_name_was_taken_meanwhile(
    services: Services, make_case: MakeCase
) -> None:
    """If another scenario took the name after the delete, undo says so instead of duplicating it."""
    case_id = saved_id(make_case())
    deleted = services.valuation.delete_scenario(saved_id(services.valuation.add_scenario(scenario(case_id))))
    services.valuation.add_scenario(scenario(case_id, "EXPECTED"))
    with pytest.raises(ValidationError):
        services.valuation.restore_scenario(deleted)


def test_new_scenario_is_unsaved_and_may_copy_another(services: Services, make_case: MakeCase) -> None:
    """A new scenario is the multiplier method at 3, or a copy of another under its new name."""
    case_id = saved_id(make_case())
    blank = services.valuation.new_scenario(case_id, "Expected")
    assert (blank.id, blank.method, blank.multiplier) == (None, ValuationMethod.MULTIPLIER, Decimal(3))
    saved = services.valuation.add_scenario(replace(blank, fault_percent=Decimal(10)))
    copy = services.valuation.new_scenario(case_id, "Copy", like=saved)
    assert (copy.id, copy.name, copy.fault_percent) == (None, "Copy", Decimal(10))
    assert services.valuation.add_scenario(copy).position == 1


def test_outcomes_survive_reopening_the_case_file(
    open_case: Callable[..., Services], services: Services, make_case: MakeCase
) -> None:
    """Close the case file, open it again: the same figures, scenarios and results."""
    case_id = saved_id(make_case(jurisdiction="CA"))
    services.valuation.save_inputs(article(case_id, coverage=Money.of(25_000)))
    services.valuation.add_scenario(
        scenario(
            case_id,
            "Conservative",
            method=ValuationMethod.FORMULA,
            severity="minor",
            multiplier=Decimal("2.75"),
            fault_percent=Decimal("20"),
        )
    )
    services.valuation.add_scenario(scenario(case_id, "Expected"))
    before = services.valuation.outcomes(services.valuation.case_valuation(case_id))
    services.close()

    reopened = open_case()
    try:
        after = reopened.valuation.outcomes(reopened.valuation.case_valuation(case_id))
    finally:
        reopened.close()
    assert after == before
    results = [outcome.result for outcome in after]
    assert [r.value if r else None for r in results] == [Money.of(23_600), Money.of(51_000)]
    assert [r.exceeds_coverage if r else None for r in results] == [False, True]
