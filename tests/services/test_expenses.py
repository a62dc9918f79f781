"""Expense ledger use cases: edits with undo, the rules of invoiced expenses, categories, exports."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook

from casedesk.domain.cases import Case
from casedesk.domain.contacts import Contact, ContactRole
from casedesk.domain.errors import NotFoundError, ValidationError
from casedesk.domain.expenses import DEFAULT_CATEGORIES, Expense, ExpenseCategory, PaidBy
from casedesk.domain.money import Money
from casedesk.domain.progress import Cancelled, CancelToken
from casedesk.domain.wages import LostWage, WageBasis
from casedesk.services.casefiles import Services
from casedesk.store.invoices import InvoicePaymentRow, InvoiceRow

MakeCase = Callable[..., Case]


@pytest.fixture
def case_id(make_case: MakeCase) -> int:
    return make_case().id or 0


def expense(case_id: int, **changes: Any) -> Expense:
    fields: dict[str, Any] = {
        "case_id": case_id,
        "spent_on": date(2026, 10, 5),
        "category": "Filing fee",
        "payee": "Travis County District Clerk",
        "description": "Original petition",
        "amount": Money.parse("350.00"),
    }
    return Expense(**(fields | changes))


def invoice(services: Services, case_id: int, expense_ids: list[int], **changes: Any) -> int:
    """An invoice billing these expenses, written straight to its tables."""
    with services._case_file.session() as session:
        row = InvoiceRow(
            case_id=case_id,
            number=changes.get("number", "INV-2026-0001"),
            issued_on=date(2026, 11, 1),
            total=changes.get("total", Money.of(350)),
            voided_on=changes.get("voided_on"),
        )
        session.add(row)
        session.flush()
        if "paid" in changes:
            session.add(
                InvoicePaymentRow(
                    invoice_id=row.id, paid_on=date(2026, 11, 10), amount=changes["paid"], method="check"
                )
            )
        from casedesk.store.expenses import ExpenseRow

        for expense_id in expense_ids:
            stored = session.get(ExpenseRow, expense_id)
            assert stored is not None
            stored.invoice_id = row.id
        return row.id


def test_add_keeps_every_field_and_lists_in_date_order(services: Services, case_id: int) -> None:
    """An expense is saved exactly; the ledger lists by date, then as entered."""
    later = services.expenses.add(expense(case_id, spent_on=date(2026, 10, 20), amount=Money.parse("75.10")))
    typed = expense(
        case_id,
        payee="  Lone   Star Process  ",
        category="Service of process",
        paid_by=PaidBy.CLIENT,
        reimbursable=False,
        invoice_reference="LS-4411",
        notes="Served 10/06",
    )
    first = services.expenses.add(typed)
    assert first.payee == "Lone Star Process"
    assert first == replace(typed, id=first.id, payee="Lone Star Process")
    same_day = services.expenses.add(expense(case_id))
    assert [e.expense.id for e in services.expenses.ledger(case_id)] == [first.id, same_day.id, later.id]


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"amount": Money.zero()}, "amount", "The amount must be more than $0.00."),
        ({"amount": Money.parse("-5")}, "amount", "The amount must be more than $0.00."),
        ({"amount": Money.of(20_000_000)}, "amount", "An expense cannot be more than $10,000,000.00"),
        ({"spent_on": date(1899, 12, 31)}, "spent_on", "The date cannot be before 1900"),
        ({"spent_on": date(2028, 1, 1)}, "spent_on", "The date is more than a year ahead"),
        ({"category": " "}, "category", "Choose a category."),
        ({"category": "Lunch"}, "category", "“Lunch” is not one of the case file's expense categories."),
        ({"payee": "x" * 201}, "payee", "At most 200 characters (201 typed)."),
        ({"description": "x" * 501}, "description", "At most 500 characters"),
        ({"invoice_reference": "x" * 61}, "invoice_reference", "At most 60 characters"),
    ],
)
def test_bad_input_is_refused_and_nothing_saved(
    services: Services, case_id: int, changes: dict[str, Any], field: str, message: str
) -> None:
    """Each rule of validate_expense refuses the save with its field's message."""
    with pytest.raises(ValidationError) as raised:
        services.expenses.add(expense(case_id, **changes))
    assert raised.value.errors[field].startswith(message)
    assert services.expenses.ledger(case_id) == []


def test_update_delete_and_undo(services: Services, case_id: int) -> None:
    """An edit is saved; a delete returns the expense and restore puts it back with every field."""
    saved = services.expenses.add(expense(case_id, notes="n"))
    edited = services.expenses.update(replace(saved, amount=Money.parse("402.00"), payee="Clerk"))
    assert services.expenses.entry(saved.id or 0).expense == edited
    deleted = services.expenses.delete(saved.id or 0)
    assert services.expenses.ledger(case_id) == []
    with pytest.raises(NotFoundError):
        services.expenses.delete(saved.id or 0)
    restored = services.expenses.restore(deleted)
    assert replace(restored, id=None) == replace(edited, id=None)


def test_an_invoiced_expense_keeps_amount_reimbursable_and_payer(services: Services, case_id: int) -> None:
    """While a live invoice bills it, amount/reimbursable/paid-by cannot change nor can it be deleted."""
    saved = services.expenses.add(expense(case_id))
    invoice(services, case_id, [saved.id or 0])
    entry = services.expenses.entry(saved.id or 0)
    assert entry.is_invoiced and entry.invoice_number == "INV-2026-0001" and not entry.is_invoiceable
    for change in ({"amount": Money.of(1)}, {"reimbursable": False}, {"paid_by": PaidBy.CLIENT}):
        with pytest.raises(ValidationError) as raised:
            services.expenses.update(replace(saved, **change))
        assert "Void the invoice first" in raised.value.message
    with pytest.raises(ValidationError, match="on invoice INV-2026-0001 and cannot be deleted"):
        services.expenses.delete(saved.id or 0)
    # Other fields can change, and the edit cannot take the expense off its invoice.
    updated = services.expenses.update(replace(saved, description="Amended petition", invoice_id=None))
    assert updated.description == "Amended petition" and updated.invoice_id == entry.expense.invoice_id


def test_a_void_invoice_frees_its_expenses(services: Services, case_id: int) -> None:
    """An expense whose invoice is void can change and be deleted like any other."""
    saved = services.expenses.add(expense(case_id))
    invoice(services, case_id, [saved.id or 0], voided_on=date(2026, 11, 2))
    entry = services.expenses.entry(saved.id or 0)
    assert not entry.is_invoiced and entry.invoice_void and entry.is_invoiceable
    services.expenses.update(replace(saved, amount=Money.of(10)))
    services.expenses.delete(saved.id or 0)


def test_case_costs_follow_the_rule(services: Services, case_id: int) -> None:
    """Costs are firm-paid reimbursable expenses not repaid by a paid invoice; client-paid never are."""
    cost = services.expenses.add(expense(case_id))
    services.expenses.add(expense(case_id, paid_by=PaidBy.CLIENT))
    services.expenses.add(expense(case_id, reimbursable=False))
    repaid = services.expenses.add(expense(case_id, description="repaid"))
    part = services.expenses.add(expense(case_id, description="partly paid invoice"))
    invoice(services, case_id, [repaid.id or 0], paid=Money.of(350))
    invoice(services, case_id, [part.id or 0], number="INV-2026-0002", paid=Money.of(100))
    assert [e.id for e in services.expenses.case_costs(case_id)] == [cost.id, part.id]


def test_a_receipt_must_be_one_of_the_case_documents(services: Services, make_case: MakeCase) -> None:
    """A receipt from another case (or gone) is refused with a message."""
    case_id = make_case().id or 0
    with pytest.raises(ValidationError, match="no longer among the case's documents"):
        services.expenses.add(expense(case_id, receipt_document_id=12345))


def test_categories_start_with_the_defaults(services: Services) -> None:
    """A new case file has the usual categories, in order, all shown."""
    categories = services.expenses.categories()
    assert tuple(c.name for c in categories) == DEFAULT_CATEGORIES
    assert not any(c.hidden for c in categories)


def test_rename_reorder_hide_and_add_categories(services: Services, case_id: int) -> None:
    """One save renames (with the expenses), swaps names, reorders, hides and adds."""
    filing = services.expenses.add(expense(case_id, category="Filing fee"))
    travel = services.expenses.add(expense(case_id, category="Travel"))
    other_case = services.expenses.add(expense(case_id, category="Expert"))
    categories = services.expenses.categories()
    by_name = {c.name: c for c in categories}
    new_list = [
        replace(by_name["Travel"], name="Filing fee"),  # a swap of two names
        replace(by_name["Filing fee"], name="Travel"),
        replace(by_name["Expert"], name="Expert witness"),
        ExpenseCategory("Medical records (certified)"),
        *[replace(c, hidden=True) for c in categories if c.name in ("Mediation", "Other")],
    ]
    renames = services.expenses.save_categories(new_list)
    assert renames == {"Travel": "Filing fee", "Filing fee": "Travel", "Expert": "Expert witness"}
    names = [c.name for c in services.expenses.categories()]
    assert names[:6] == [
        "Filing fee",
        "Travel",
        "Expert witness",
        "Medical records (certified)",
        "Mediation",
        "Other",
    ]
    assert len(names) == len(DEFAULT_CATEGORIES) + 1  # those left out of the list are kept, after
    shown = [c.name for c in services.expenses.categories(include_hidden=False)]
    assert "Mediation" not in shown and "Other" not in shown
    ledger = {e.expense.id: e.expense.category for e in services.expenses.ledger(case_id)}
    assert ledger == {filing.id: "Travel", travel.id: "Filing fee", other_case.id: "Expert witness"}


def test_a_hidden_category_is_refused_for_new_expenses_but_kept_by_old_ones(
    services: Services, case_id: int
) -> None:
    """Old expenses keep a hidden category and can still be edited; new ones cannot use it."""
    old = services.expenses.add(expense(case_id, category="Mediation"))
    categories = services.expenses.categories()
    services.expenses.save_categories([replace(c, hidden=c.name == "Mediation") for c in categories])
    with pytest.raises(ValidationError, match="not one of"):
        services.expenses.add(expense(case_id, category="Mediation"))
    services.expenses.update(replace(old, amount=Money.of(900)))
    deleted = services.expenses.delete(old.id or 0)
    assert services.expenses.restore(deleted).category == "Mediation"


@pytest.mark.parametrize(
    ("names", "place", "message"),
    [
        (["Filing fee", " filing   FEE "], 1, "is in the list twice"),
        (["Filing fee", "  "], 1, "A category needs a name."),
        (["x" * 61], 0, "At most 60 characters"),
    ],
)
def test_bad_category_lists_are_refused(
    services: Services, names: list[str], place: int, message: str
) -> None:
    """Names must be given, short enough and unique whatever their case; nothing is saved otherwise."""
    before = services.expenses.categories()
    with pytest.raises(ValidationError) as raised:
        services.expenses.save_categories([ExpenseCategory(name) for name in names])
    assert message in raised.value.errors[str(place)]
    assert services.expenses.categories() == before


def test_all_hidden_is_refused(services: Services) -> None:
    """At least one category stays shown, or no new expense could be filed."""
    hidden = [replace(c, hidden=True) for c in services.expenses.categories()]
    with pytest.raises(ValidationError, match="at least one category shown"):
        services.expenses.save_categories(hidden)


def test_payee_suggestions_come_from_the_case_the_ledger_and_the_book(
    services: Services, case_id: int
) -> None:
    """The case's contacts and payees used before are offered, then the book; each name once."""
    court = services.contacts.create(Contact("Travis County District Clerk", ContactRole.COURT, True))
    reporter = services.contacts.create(Contact("Esquire Deposition Solutions", is_organization=True))
    services.contacts.link(case_id, court.id or 0, ContactRole.COURT)
    services.expenses.add(expense(case_id, payee="FedEx"))
    services.expenses.add(expense(case_id, payee="Travis County District Clerk"))
    found = services.expenses.payee_suggestions(case_id)
    names = [s.name for s in found]
    assert names.count("Travis County District Clerk") == 1
    assert {"FedEx", "Esquire Deposition Solutions"} <= set(names)
    clerk = next(s for s in found if s.name == "Travis County District Clerk")
    assert clerk.contact_id == court.id
    esquire = services.expenses.payee_suggestions(case_id, "esq")
    assert [(s.name, s.contact_id) for s in esquire] == [("Esquire Deposition Solutions", reporter.id)]


def test_case_ledger_export(services: Services, case_id: int, tmp_path: Path) -> None:
    """The case workbook has the expenses with a running total, totals by category and the lost wages."""
    services.expenses.add(expense(case_id, spent_on=date(2026, 10, 1)))
    services.expenses.add(
        expense(
            case_id,
            spent_on=date(2026, 10, 2),
            category="Travel",
            amount=Money.parse("48.30"),
            reimbursable=False,
        )
    )
    services.wages.add(
        LostWage(case_id, "H-E-B", Money.parse("18.75"), WageBasis.HOURLY, Decimal("7.5"), date(2026, 6, 15))
    )
    path = tmp_path / "ledger.xlsx"
    result = services.expenses.export_ledger_xlsx(case_id, path)
    assert (result.expenses, result.total) == (2, Money.parse("398.30"))
    book = load_workbook(path)
    assert book.sheetnames == ["Expenses", "By category", "Lost wages"]
    sheet = book["Expenses"]
    header = [c.value for c in sheet[5]]
    assert header[:6] == ["Date", "Category", "Payee", "Description", "Amount", "Running total"]
    assert sheet["A6"].value.date() == date(2026, 10, 1) and sheet["A6"].number_format == "mm/dd/yyyy"
    assert sheet["E7"].value == pytest.approx(48.3) and sheet["E7"].number_format.startswith('"$"#,##0.00')
    assert sheet["F7"].value == pytest.approx(398.3)
    assert sheet["H7"].value == "No"
    assert sheet["E8"].value == "=SUBTOTAL(9,E6:E7)"
    assert sheet.freeze_panes == "A6"
    assert sheet.auto_filter.ref == "A5:L7"
    categories = book["By category"]
    assert [c.value for c in categories[4]] == ["Category", "Expenses", "Amount", "Reimbursable"]
    assert [c.value for c in categories[5]][:3] == ["Filing fee", 1, pytest.approx(350)]
    assert [c.value for c in categories[6]][3] == 0
    wages = book["Lost wages"]
    assert wages["A5"].value == "H-E-B" and wages["F5"].value == pytest.approx(7.5)
    assert wages["K5"].value == pytest.approx(140.63)
    assert wages["K6"].value == "=SUBTOTAL(9,K5:K5)"


def test_caseload_export_streams_every_case(services: Services, make_case: MakeCase, tmp_path: Path) -> None:
    """Every case's expenses on one sheet by case, with progress to the end; Cancel writes nothing."""
    first, second = make_case(), make_case()
    for number in range(3):
        services.expenses.add(expense(second.id or 0, amount=Money.of(number + 1)))
    services.expenses.add(expense(first.id or 0, amount=Money.parse("0.99")))
    reports: list[tuple[int, int]] = []
    path = tmp_path / "all.xlsx"
    result = services.expenses.export_caseload_xlsx(path, lambda d, t, _m: reports.append((d, t)))
    assert (result.expenses, result.total) == (4, Money.parse("6.99"))
    assert reports[0] == (0, 4) and reports[-1] == (4, 4)
    sheet = load_workbook(path)["Expenses"]
    assert [sheet.cell(row, 1).value for row in range(5, 9)] == [first.number] + [second.number] * 3
    assert sheet.cell(5, 2).value == first.caption
    assert sheet["G9"].value == "=SUBTOTAL(9,G5:G8)"
    token = CancelToken()
    token.cancel()
    with pytest.raises(Cancelled):
        services.expenses.export_caseload_xlsx(tmp_path / "cancelled.xlsx", cancel=token)
    assert not (tmp_path / "cancelled.xlsx").exists()
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []
