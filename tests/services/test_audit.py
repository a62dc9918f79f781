"""The audit trail through the services: a user's edits and exports are recorded, and the trail exports."""

from __future__ import annotations

import csv
from collections.abc import Callable
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest
from openpyxl import load_workbook

from casedesk.domain.audit import AuditAction, AuditKind, FieldChange
from casedesk.domain.cases import Case
from casedesk.domain.errors import ValidationError
from casedesk.domain.expenses import Expense
from casedesk.domain.money import Money
from casedesk.services.casefiles import Services

MakeCase = Callable[..., Case]


def _expense(case_id: int, amount: str = "350.00") -> Expense:
    return Expense(
        case_id=case_id,
        spent_on=date(2026, 10, 5),
        category="Filing fee",
        payee="Travis County District Clerk",
        description="Original petition",
        amount=Money.parse(amount),
    )


def test_changing_an_expense_amount_records_before_and_after(services: Services, make_case: MakeCase) -> None:
    """Saving a new amount gives one entry naming who, the case, and $350.00 → $412.50."""
    case = make_case()
    saved = services.expenses.add(_expense(case.id or 0))
    services.expenses.update(replace(saved, amount=Money.parse("412.50"), notes="court copy"))
    (changed,) = [
        entry
        for entry in services.audit.entries(case.id, AuditKind.MONEY)
        if entry.action is AuditAction.CHANGED
    ]
    assert changed.changes == (FieldChange("Amount", "$350.00", "$412.50"),)
    assert changed.case_number == case.number
    assert changed.user
    assert changed.entity_id == saved.id


def test_a_refused_save_records_nothing(services: Services, make_case: MakeCase) -> None:
    """An expense refused by validation leaves the trail as it was."""
    case = make_case()
    before = services.audit.entries(case.id)
    with pytest.raises(ValidationError):
        services.expenses.add(_expense(case.id or 0, amount="-5.00"))
    assert services.audit.entries(case.id) == before


def test_deleting_an_expense_is_recorded(services: Services, make_case: MakeCase) -> None:
    """Deleting an expense records what it was."""
    case = make_case()
    saved = services.expenses.add(_expense(case.id or 0))
    services.expenses.delete(saved.id or 0)
    latest = services.audit.entries(case.id)[0]
    assert latest.action is AuditAction.DELETED
    assert FieldChange("Amount", "$350.00", "") in latest.changes


def test_an_export_of_case_data_is_recorded(services: Services, make_case: MakeCase, tmp_path: Path) -> None:
    """Writing a case's expense ledger records an export naming the file; the caseload one has no case."""
    case = make_case()
    services.expenses.add(_expense(case.id or 0))
    target = tmp_path / "ledger.xlsx"
    services.expenses.export_ledger_xlsx(case.id or 0, target)
    latest = services.audit.entries(case.id)[0]
    assert (latest.action, latest.kind, latest.detail) == (
        AuditAction.EXPORTED,
        AuditKind.EXPORT,
        str(target),
    )
    assert latest.summary == "Expense ledger exported"
    services.expenses.export_caseload_xlsx(tmp_path / "all.xlsx")
    whole = services.audit.entries(None, AuditKind.EXPORT)[0]
    assert (whole.case_id, whole.detail) == (None, str(tmp_path / "all.xlsx"))


def test_the_trail_exports_to_xlsx_and_csv_and_reads_back(
    services: Services, make_case: MakeCase, tmp_path: Path
) -> None:
    """The exported workbook and CSV hold each changed field on its own row; the export is recorded."""
    case = make_case()
    saved = services.expenses.add(_expense(case.id or 0))
    services.expenses.update(replace(saved, amount=Money.parse("412.50")))
    rows = services.audit.export(case.id, tmp_path / "trail.xlsx")
    sheet = load_workbook(tmp_path / "trail.xlsx").active
    assert sheet is not None
    values = [tuple(cell for cell in row) for row in sheet.iter_rows(values_only=True)]
    header_at = next(i for i, row in enumerate(values) if row[0] == "When")
    data = values[header_at + 1 :]
    assert len(data) == rows
    assert any(row[4] == "Expense" and row[7:10] == ("Amount", "$350.00", "$412.50") for row in data)
    assert services.audit.entries(case.id)[0].summary == "Audit trail exported"
    services.audit.export(None, tmp_path / "trail.csv")
    with (tmp_path / "trail.csv").open(encoding="utf-8-sig", newline="") as stream:
        read = list(csv.reader(stream))
    assert read[0][:3] == ["When", "Who", "Case"]
    assert any(row[2] == case.number and row[7:10] == ["Amount", "$350.00", "$412.50"] for row in read[1:])


def test_entries_survive_a_restart_and_the_case_deletion(
    services: Services, open_case: Callable[..., Services], make_case: MakeCase
) -> None:
    """After the case is deleted and the file reopened, its entries are still there, named by number."""
    case = make_case()
    services.expenses.add(_expense(case.id or 0))
    services.cases.delete_case(case.id or 0)
    services.close()
    reopened = open_case()
    try:
        entries = reopened.audit.entries(case.id)
    finally:
        reopened.close()
    assert entries[0].summary == f"Case deleted: {case.number}"
    assert any(entry.what == "Expense" for entry in entries)


def test_finalizing_and_reopening_a_settlement_statement_are_recorded(
    services: Services, make_case: MakeCase
) -> None:
    """Finalizing says so, with the status before and after; reopening too."""
    from tests.services.test_settlement import worked_case

    case_id = worked_case(services, make_case)
    services.settlement.finalize(case_id)
    services.settlement.reopen(case_id, "Late bill from the court reporter")
    reopened, finalized = [
        entry
        for entry in services.audit.entries(case_id, AuditKind.SETTLEMENT)
        if entry.what == "Settlement statement"
    ][:2]
    assert finalized.summary == "Settlement statement finalized"
    assert any(change.field == "Status" and change.after == "final" for change in finalized.changes)
    assert any(change.field == "Finalized" and change.after for change in finalized.changes)
    assert reopened.summary == "Settlement statement reopened"
    assert FieldChange("Status", "final", "draft") in reopened.changes
