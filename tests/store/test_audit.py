"""The audit trail at the store: entries written in the transaction of the change, and never altered."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import pytest
from sqlalchemy import insert, select, text, update
from sqlalchemy.exc import IntegrityError

from casedesk.domain.audit import AuditAction, AuditEntry, FieldChange
from casedesk.domain.cases import Case
from casedesk.domain.money import Money
from casedesk.services.casefiles import Services
from casedesk.store.audit import AuditEntryRow, list_entries
from casedesk.store.calendar import EventRow
from casedesk.store.expenses import ExpenseRow

MakeCase = Callable[..., Case]


def _expense_row(case_id: int, amount: str = "350.00") -> ExpenseRow:
    return ExpenseRow(
        case_id=case_id,
        spent_on=date(2026, 10, 5),
        category="Filing fee",
        payee="Travis County District Clerk",
        amount=Money.parse(amount),
        paid_by="firm",
    )


def _entries(services: Services, case_id: int | None = None, entity: str | None = None) -> list[AuditEntry]:
    with services._case_file.session() as session:
        found = list_entries(session, case_id)
    return [entry for entry in found if entity is None or entry.entity == entity]


def test_added_changed_deleted_rows_are_recorded_with_before_and_after(
    services: Services, make_case: MakeCase
) -> None:
    """Adding, changing and deleting an expense give three entries naming the case, newest first."""
    case = make_case()
    assert case.id is not None
    with services._case_file.session() as session:
        row = _expense_row(case.id)
        session.add(row)
    with services._case_file.session() as session:
        stored = session.get(ExpenseRow, row.id)
        assert stored is not None
        stored.amount = Money.parse("412.50")
        stored.notes = "not audited"
    with services._case_file.session() as session:
        stored = session.get(ExpenseRow, row.id)
        session.delete(stored)
    deleted, changed, added = _entries(services, case.id, "expenses")
    assert [added.action, changed.action, deleted.action] == [
        AuditAction.ADDED,
        AuditAction.CHANGED,
        AuditAction.DELETED,
    ]
    assert {added.case_number, changed.case_number, deleted.case_number} == {case.number}
    assert added.entity_id == changed.entity_id == deleted.entity_id == row.id
    assert FieldChange("Amount", "", "$350.00") in added.changes
    assert changed.changes == (FieldChange("Amount", "$350.00", "$412.50"),)
    assert FieldChange("Amount", "$412.50", "") in deleted.changes
    assert changed.summary == "Expense changed: Travis County District Clerk"
    assert changed.user == services._case_file.user


def test_a_change_to_unaudited_fields_only_is_not_recorded(services: Services, make_case: MakeCase) -> None:
    """Editing an expense's notes leaves the trail as it was."""
    case = make_case()
    assert case.id is not None
    with services._case_file.session() as session:
        row = _expense_row(case.id)
        session.add(row)
    before = len(_entries(services))
    with services._case_file.session() as session:
        stored = session.get(ExpenseRow, row.id)
        assert stored is not None
        stored.notes = "receipt in the blue folder"
    assert len(_entries(services)) == before


def test_a_failed_save_leaves_no_entry(services: Services, make_case: MakeCase) -> None:
    """A transaction that fails after its flush leaves neither the change nor its entry."""
    case = make_case()
    assert case.id is not None
    before = len(_entries(services))
    with pytest.raises(IntegrityError), services._case_file.session() as session:
        session.add(_expense_row(case.id))
        session.flush()
        session.add(_expense_row(999_999))  # no such case: the foreign key refuses it
        session.flush()
    assert len(_entries(services)) == before
    with services._case_file.session() as session:
        assert session.scalars(select(ExpenseRow)).all() == []


def test_core_statements_on_audited_tables_are_recorded(services: Services, make_case: MakeCase) -> None:
    """A Core INSERT and UPDATE (bulk loads, conditional updates) are recorded row by row."""
    case = make_case()
    assert case.id is not None
    values = {
        "case_id": case.id,
        "spent_on": date(2026, 10, 5),
        "category": "Postage",
        "payee": "USPS",
        "amount": Money.parse("12.00"),
        "paid_by": "firm",
    }
    with services._case_file.session() as session:
        table = ExpenseRow.__table__
        session.execute(insert(table), [values, values | {"amount": Money.parse("8.40")}])
    with services._case_file.session() as session:
        session.execute(
            update(ExpenseRow)
            .where(ExpenseRow.amount == Money.parse("8.40"))
            .values(amount=Money.parse("9.00"))
        )
    entries = _entries(services, case.id, "expenses")
    assert [entry.action for entry in entries].count(AuditAction.ADDED) == 2
    changed = [entry for entry in entries if entry.action is AuditAction.CHANGED]
    assert len(changed) == 1
    assert changed[0].changes == (FieldChange("Amount", "$8.40", "$9.00"),)
    assert changed[0].case_number == case.number


def test_only_deadlines_of_the_calendar_are_audited(services: Services, make_case: MakeCase) -> None:
    """Moving a filing deadline is recorded; an appointment is not."""
    case = make_case()
    assert case.id is not None
    before = len(_entries(services, case.id, "events"))
    with services._case_file.session() as session:
        for kind, uid in (("filing_deadline", "a"), ("deposition", "b")):
            session.add(
                EventRow(
                    case_id=case.id, uid=uid, kind=kind, origin="manual", title=kind, day=date(2027, 1, 4)
                )
            )
    with services._case_file.session() as session:
        for row in session.scalars(select(EventRow).where(EventRow.uid.in_(["a", "b"]))):
            row.day = date(2027, 1, 11)
    entries = _entries(services, case.id, "events")
    entries = entries[: len(entries) - before]
    assert [(entry.action, entry.summary) for entry in entries] == [
        (AuditAction.CHANGED, "Deadline changed: filing deadline"),
        (AuditAction.ADDED, "Deadline added: filing deadline"),
    ]
    assert entries[0].changes == (FieldChange("Due on", "2027-01-04", "2027-01-11"),)


def test_entries_cannot_be_updated_or_deleted(services: Services, make_case: MakeCase) -> None:
    """The database itself refuses UPDATE and DELETE on audit_entries."""
    case = make_case()
    assert case.id is not None
    with services._case_file.session() as session:
        session.add(_expense_row(case.id))
    for statement in ("UPDATE audit_entries SET summary = 'x'", "DELETE FROM audit_entries"):
        with (
            pytest.raises(IntegrityError, match="cannot be changed or deleted"),
            services._case_file.session() as session,
        ):
            session.execute(text(statement))
    with services._case_file.session() as session:
        assert session.scalars(select(AuditEntryRow)).all() != []


def test_deleting_a_case_keeps_its_entries(services: Services, make_case: MakeCase) -> None:
    """A case with audited records can be deleted; its entries stay, and its deletion is one more."""
    case = make_case()
    assert case.id is not None
    with services._case_file.session() as session:
        session.add(_expense_row(case.id))
    services.cases.delete_case(case.id)
    entries = _entries(services, case.id)
    assert entries[0].action is AuditAction.DELETED
    assert entries[0].summary == f"Case deleted: {case.number}"
    assert any(entry.entity == "expenses" for entry in entries)
    assert all(entry.case_number == case.number for entry in entries)
