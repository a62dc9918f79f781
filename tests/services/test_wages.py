"""Lost-wage use cases: records kept per case in order, their total, validation, delete and undo."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import date
from decimal import Decimal
from typing import Any

import pytest

from casedesk.domain.cases import Case
from casedesk.domain.errors import NotFoundError, ValidationError
from casedesk.domain.money import Money
from casedesk.domain.wages import LostWage, WageBasis
from casedesk.services.casefiles import Services

MakeCase = Callable[..., Case]


@pytest.fixture
def case_id(make_case: MakeCase) -> int:
    case = make_case()
    assert case.id is not None
    return case.id


def record(case_id: int, **changes: Any) -> LostWage:
    fields: dict[str, Any] = {
        "case_id": case_id,
        "employer": "H-E-B Grocery",
        "rate": Money.parse("18.75"),
        "basis": WageBasis.HOURLY,
        "missed": Decimal(240),
        "period_from": date(2026, 6, 15),
        "period_to": date(2026, 8, 9),
        "notes": "Pay stubs",
    }
    return LostWage(**(fields | changes))


def test_add_returns_the_record_as_saved(services: Services, case_id: int) -> None:
    """Every field is kept exactly: the rate to the cent, the time missed as typed, the dates, the notes."""
    typed = record(case_id, missed=Decimal("37.25"), override=Money.parse("720.10"), override_reason="Tips")
    saved = services.wages.add(typed)
    assert saved.id is not None
    assert saved == replace(typed, id=saved.id)
    assert services.wages.lost_wages(case_id) == [saved]


def test_records_are_listed_by_start_of_period_undated_last(services: Services, case_id: int) -> None:
    """The oldest period comes first; records without a start follow, in the order they were entered."""
    services.wages.add(record(case_id, employer="Later", period_from=date(2026, 9, 1), period_to=None))
    services.wages.add(record(case_id, employer="Undated one", period_from=None, period_to=None))
    services.wages.add(record(case_id, employer="Earlier", period_from=date(2026, 6, 1)))
    services.wages.add(record(case_id, employer="Undated two", period_from=None, period_to=date(2026, 7, 1)))
    assert [w.employer for w in services.wages.lost_wages(case_id)] == [
        "Earlier",
        "Later",
        "Undated one",
        "Undated two",
    ]


def test_records_belong_to_their_case(services: Services, case_id: int, make_case: MakeCase) -> None:
    """Another case's records are neither listed nor counted in the total."""
    other = make_case().id or 0
    services.wages.add(record(case_id))
    services.wages.add(record(other, employer="Elsewhere", missed=Decimal(8)))
    assert [w.employer for w in services.wages.lost_wages(other)] == ["Elsewhere"]
    assert services.wages.total(other) == Money.of(150)


def test_total_counts_overrides_instead_of_computed_amounts(services: Services, case_id: int) -> None:
    """The total is what the valuation's lost wages can be set to: each record's amount claimed."""
    assert services.wages.total(case_id) == Money.zero()
    services.wages.add(record(case_id))  # 4,500.00
    services.wages.add(
        record(case_id, basis=WageBasis.ANNUAL, rate=Money.of(45_000), missed=Decimal(1))
    )  # 173.08
    services.wages.add(record(case_id, override=Money.parse("1,000.50"), override_reason="Employer letter"))
    assert services.wages.total(case_id) == Money.parse("5,673.58")


def test_names_and_reasons_are_tidied(services: Services, case_id: int) -> None:
    """Runs of spaces in the employer's name are one; a reason without an override is not kept."""
    saved = services.wages.add(record(case_id, employer="  H-E-B   Grocery ", override_reason="left over"))
    assert saved.employer == "H-E-B Grocery"
    assert saved.override_reason == ""
    with_override = services.wages.add(record(case_id, override=Money.of(1), override_reason="  Tips  "))
    assert with_override.override_reason == "Tips"


def test_invalid_records_are_refused_with_every_problem(services: Services, case_id: int) -> None:
    """Nothing is saved; each wrong field has its message."""
    bad = record(
        case_id,
        employer="",
        rate=Money.of(-1),
        missed=Decimal(-2),
        period_to=date(2026, 6, 1),
        override=Money.of(10),
    )
    with pytest.raises(ValidationError) as raised:
        services.wages.add(bad)
    assert set(raised.value.errors) == {"employer", "rate", "missed", "period_to", "override_reason"}
    assert services.wages.errors(bad) == raised.value.errors
    assert services.wages.lost_wages(case_id) == []


def test_adding_to_a_case_that_is_gone_says_so(services: Services) -> None:
    """A record for a deleted case is refused, not stored without its case."""
    with pytest.raises(NotFoundError):
        services.wages.add(record(999))


def test_update_saves_changes(services: Services, case_id: int) -> None:
    """An edited record replaces the stored one and keeps its id."""
    saved = services.wages.add(record(case_id))
    changed = replace(saved, missed=Decimal(200), override=Money.of(4_000), override_reason="Agreed")
    assert services.wages.update(changed) == changed
    assert services.wages.lost_wages(case_id) == [changed]
    assert services.wages.total(case_id) == Money.of(4_000)


def test_an_invalid_update_changes_nothing(services: Services, case_id: int) -> None:
    """A refused edit leaves the stored record as it was."""
    saved = services.wages.add(record(case_id))
    with pytest.raises(ValidationError):
        services.wages.update(replace(saved, employer=" ", missed=Decimal(5)))
    assert services.wages.lost_wages(case_id) == [saved]


def test_updating_a_deleted_record_says_it_is_gone(services: Services, case_id: int) -> None:
    """An edit saved after the record was deleted elsewhere is refused with a clear message."""
    saved = services.wages.add(record(case_id))
    services.wages.delete(saved.id or 0)
    with pytest.raises(NotFoundError, match="no longer exists"):
        services.wages.update(replace(saved, notes="too late"))


def test_delete_returns_the_record_and_restore_puts_it_back(services: Services, case_id: int) -> None:
    """Undo brings the deleted record back with everything it held, under a new id."""
    interview = services.interviews.start(case_id, "follow_up")
    saved = services.wages.add(
        record(case_id, override=Money.of(4_000), override_reason="Agreed", interview_id=interview.id)
    )
    deleted = services.wages.delete(saved.id or 0)
    assert deleted == saved
    assert services.wages.lost_wages(case_id) == []
    assert services.wages.total(case_id) == Money.zero()
    restored = services.wages.restore(deleted)
    assert restored == replace(saved, id=restored.id)
    assert services.wages.lost_wages(case_id) == [restored]


def test_deleting_a_missing_record_says_so(services: Services) -> None:
    """Deleting twice (two windows) tells the second that the record is gone."""
    with pytest.raises(NotFoundError):
        services.wages.delete(12345)


def test_deleting_the_case_deletes_its_records(services: Services, case_id: int) -> None:
    """Lost wages do not outlive their case."""
    services.wages.add(record(case_id))
    services.cases.delete_case(case_id)
    assert services.wages.lost_wages(case_id) == []
