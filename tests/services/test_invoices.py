"""Invoices: issuing from a case's reimbursable expenses, payments, voiding, the timeline, the printout."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader

from casedesk.domain.cases import Case
from casedesk.domain.errors import CasedeskError, ValidationError
from casedesk.domain.expenses import Expense, PaidBy
from casedesk.domain.invoices import InvoiceDraft, InvoicePayment, InvoiceStatus, PaymentMethod
from casedesk.domain.money import Money
from casedesk.services.casefiles import Services
from casedesk.store.expenses import ExpenseRow
from tests.conftest import TODAY

MakeCase = Callable[..., Case]

#: A month of a case's expenses: (date, category, payee, description, amount, paid by, reimbursable).
MONTH = (
    (
        date(2026, 10, 2),
        "Filing fee",
        "Travis County District Clerk",
        "Petition filing",
        "350.00",
        PaidBy.FIRM,
        True,
    ),
    (
        date(2026, 10, 9),
        "Service of process",
        "Lone Star Process",
        "Serve defendant",
        "85.00",
        PaidBy.FIRM,
        True,
    ),
    (
        date(2026, 10, 15),
        "Records copy fee",
        "St. David's Medical Center",
        "ER records",
        "42.50",
        PaidBy.FIRM,
        True,
    ),
    (date(2026, 10, 20), "Travel", "Client", "Mileage to IME", "61.20", PaidBy.CLIENT, True),
    (date(2026, 10, 28), "Postage / courier", "USPS", "Certified mail", "9.85", PaidBy.FIRM, False),
)


def add_expenses(services: Services, case_id: int, rows: Any = MONTH) -> list[int]:
    """Put expenses in the case file as the expense ledger would; returns their ids in order."""
    with services._case_file.session() as session:
        made = [
            ExpenseRow(
                **ExpenseRow.values(
                    Expense(
                        case_id=case_id,
                        spent_on=spent_on,
                        category=category,
                        payee=payee,
                        description=description,
                        amount=Money.parse(amount),
                        paid_by=paid_by,
                        reimbursable=reimbursable,
                    )
                )
            )
            for spent_on, category, payee, description, amount, paid_by, reimbursable in rows
        ]
        session.add_all(made)
        session.flush()
        return [row.id for row in made]


def expense_invoice_ids(services: Services, ids: list[int]) -> list[int | None]:
    """The invoice each expense is on (None: not invoiced)."""
    with services._case_file.session() as session:
        return [session.get(ExpenseRow, i).invoice_id for i in ids]  # type: ignore[union-attr]


def set_expense(services: Services, expense_id: int, **columns: Any) -> None:
    with services._case_file.session() as session:
        row = session.get(ExpenseRow, expense_id)
        assert row is not None
        for name, value in columns.items():
            setattr(row, name, value)


def draft(services: Services, case_id: int, ids: list[int], **changes: Any) -> InvoiceDraft:
    return replace(services.invoices.default_draft(case_id, tuple(ids)), **changes)


def test_only_firm_paid_reimbursable_expenses_can_be_invoiced(
    services: Services, make_case: MakeCase
) -> None:
    """Client-paid and non-reimbursable expenses are not offered; the rest are, by date."""
    case_id = make_case().id or 0
    ids = add_expenses(services, case_id)
    offered = services.invoices.invoiceable_expenses(case_id)
    assert [e.id for e in offered] == ids[:3]


def test_default_draft_is_dated_today_due_in_30_days_and_billed_to_the_client(
    services: Services, make_case: MakeCase, make_client: Callable[..., Any]
) -> None:
    """The form starts with today's date, a due date 30 days on, and the client's name and address."""
    client = make_client(name="Ana Ruiz", address="1200 Barton Springs Rd\nAustin, TX 78704")
    case_id = make_case(client_id=client.id).id or 0
    started = services.invoices.default_draft(case_id)
    assert started.issued_on == TODAY
    assert started.due_on == date(2026, 12, 21)
    assert started.bill_to == "Ana Ruiz\n1200 Barton Springs Rd\nAustin, TX 78704"
    assert services.invoices.bill_to_choices(case_id)[0].label == "Ana Ruiz (client)"


def test_issuing_numbers_totals_marks_expenses_and_writes_the_timeline(
    services: Services, make_case: MakeCase
) -> None:
    """The invoice gets INV-<year>-0001 and its lines' total; its expenses point at it; the timeline tells."""
    case_id = make_case().id or 0
    ids = add_expenses(services, case_id)
    invoice = services.invoices.issue(draft(services, case_id, ids[:2], notes="Net 30"))
    assert invoice.number == "INV-2026-0001"
    assert invoice.total == Money.parse("435.00")
    assert [line.description for line in invoice.lines] == ["Petition filing", "Serve defendant"]
    assert expense_invoice_ids(services, ids[:3]) == [invoice.id, invoice.id, None]
    assert [e.id for e in services.invoices.invoiceable_expenses(case_id)] == [ids[2]]
    [entry] = services.timeline.entries(case_id)
    assert entry.subject == "Invoice INV-2026-0001 issued to Maria Alvarez, $435.00"
    assert "10/02/2026 Filing fee Travis County District Clerk $350.00" in entry.body


def test_numbers_are_sequential_across_cases_and_never_reused(
    services: Services, make_case: MakeCase
) -> None:
    """The second invoice of the case file is 0002 (another case's), and a voided number stays used."""
    first, second = make_case().id or 0, make_case().id or 0
    first_ids = add_expenses(services, first)
    second_ids = add_expenses(services, second)
    one = services.invoices.issue(draft(services, first, first_ids[:1]))
    services.invoices.void(one.id or 0, "Wrong client address")
    two = services.invoices.issue(draft(services, second, second_ids[:1]))
    three = services.invoices.issue(draft(services, first, first_ids[:1]))
    assert [one.number, two.number, three.number] == ["INV-2026-0001", "INV-2026-0002", "INV-2026-0003"]
    next_year = services.invoices.issue(
        draft(services, first, first_ids[1:2], issued_on=date(2027, 1, 4), due_on=None)
    )
    assert next_year.number == "INV-2027-0001"


def test_an_expense_invoiced_meanwhile_is_refused_and_nothing_is_saved(
    services: Services, make_case: MakeCase
) -> None:
    """A form opened before another invoice took one of its expenses saves nothing, and says which."""
    case_id = make_case().id or 0
    ids = add_expenses(services, case_id)
    stale = draft(services, case_id, ids[:3])
    services.invoices.issue(draft(services, case_id, ids[1:2]))
    with pytest.raises(CasedeskError, match="service of process of 10/09/2026 to Lone Star Process"):
        services.invoices.issue(stale)
    assert [a.invoice.number for a in services.invoices.accounts(case_id)] == ["INV-2026-0001"]
    assert expense_invoice_ids(services, [ids[0], ids[2]]) == [None, None]


@pytest.mark.parametrize(
    ("columns", "message"),
    [
        ({"reimbursable": False}, "no longer marked reimbursable"),
        ({"paid_by": "client"}, "paid by the client"),
    ],
)
def test_an_expense_changed_meanwhile_is_refused(
    services: Services, make_case: MakeCase, columns: dict[str, Any], message: str
) -> None:
    """An expense no longer reimbursable or firm-paid cannot be billed; the message says why."""
    case_id = make_case().id or 0
    ids = add_expenses(services, case_id)
    stale = draft(services, case_id, ids[:2])
    set_expense(services, ids[0], **columns)
    with pytest.raises(CasedeskError, match=message):
        services.invoices.issue(stale)
    assert services.invoices.accounts(case_id) == []


def test_draft_needs_expenses_a_bill_to_and_a_sensible_due_date(
    services: Services, make_case: MakeCase
) -> None:
    """Nothing ticked, no one billed, due before it is dated: each field says what to do."""
    case_id = make_case().id or 0
    bad = draft(services, case_id, [], bill_to="  ", due_on=date(2026, 11, 1))
    with pytest.raises(ValidationError) as raised:
        services.invoices.issue(bad)
    assert set(raised.value.errors) == {"expenses", "bill_to", "due_on"}


def test_payments_make_it_partly_paid_then_paid_and_never_exceed_the_balance(
    services: Services, make_case: MakeCase
) -> None:
    """A partial payment leaves a balance; more than the balance is refused; the rest pays it in full."""
    case_id = make_case().id or 0
    ids = add_expenses(services, case_id)
    invoice = services.invoices.issue(draft(services, case_id, ids[:3]))  # 477.50
    invoice_id = invoice.id or 0
    services.invoices.record_payment(
        InvoicePayment(invoice_id, TODAY, Money.parse("200"), PaymentMethod.CHECK, "1042")
    )
    account = services.invoices.account(invoice_id)
    assert (account.status, account.paid, account.balance) == (
        InvoiceStatus.PARTLY_PAID,
        Money.parse("200"),
        Money.parse("277.50"),
    )
    with pytest.raises(ValidationError, match=r"more than the \$277.50 still owed"):
        services.invoices.record_payment(InvoicePayment(invoice_id, TODAY, Money.parse("277.51")))
    services.invoices.record_payment(
        InvoicePayment(invoice_id, TODAY, Money.parse("277.50"), PaymentMethod.WIRE)
    )
    assert services.invoices.account(invoice_id).status is InvoiceStatus.PAID
    with pytest.raises(ValidationError, match="paid in full"):
        services.invoices.record_payment(InvoicePayment(invoice_id, TODAY, Money.parse("1")))


def test_deleting_a_payment_can_be_undone(services: Services, make_case: MakeCase) -> None:
    """A payment deleted by mistake comes back with its method and reference."""
    case_id = make_case().id or 0
    invoice = services.invoices.issue(draft(services, case_id, add_expenses(services, case_id)[:1]))
    payment = services.invoices.record_payment(
        InvoicePayment(invoice.id or 0, TODAY, Money.parse("350"), PaymentMethod.CHECK, "2211", "Client")
    )
    deleted = services.invoices.delete_payment(payment.id or 0)
    assert services.invoices.account(invoice.id or 0).status is InvoiceStatus.OPEN
    restored = services.invoices.restore_payment(deleted)
    assert replace(restored, id=None) == replace(payment, id=None)
    assert services.invoices.account(invoice.id or 0).status is InvoiceStatus.PAID


def test_voiding_needs_a_reason_no_payments_and_frees_the_expenses(
    services: Services, make_case: MakeCase
) -> None:
    """Void is refused without a reason or while paid; done, the expenses can be invoiced again."""
    case_id = make_case().id or 0
    ids = add_expenses(services, case_id)
    invoice = services.invoices.issue(draft(services, case_id, ids[:2]))
    invoice_id = invoice.id or 0
    with pytest.raises(ValidationError):
        services.invoices.void(invoice_id, " ")
    payment = services.invoices.record_payment(InvoicePayment(invoice_id, TODAY, Money.parse("10")))
    with pytest.raises(CasedeskError, match="Delete its payments first"):
        services.invoices.void(invoice_id, "Duplicate")
    services.invoices.delete_payment(payment.id or 0)
    voided = services.invoices.void(invoice_id, "Duplicate")
    assert (voided.voided_on, voided.void_reason) == (TODAY, "Duplicate")
    assert expense_invoice_ids(services, ids[:2]) == [None, None]
    account = services.invoices.account(invoice_id)
    assert account.status is InvoiceStatus.VOID and account.balance == Money.zero()
    assert len(account.invoice.lines) == 2  # it still shows what it billed
    with pytest.raises(ValidationError, match="void"):
        services.invoices.record_payment(InvoicePayment(invoice_id, TODAY, Money.parse("10")))
    with pytest.raises(CasedeskError, match="already void"):
        services.invoices.void(invoice_id, "Again")


def test_everything_survives_reopening_the_case_file(
    services: Services, open_case: Callable[..., Services], make_case: MakeCase
) -> None:
    """Invoices, lines, payments and void marks are read back the same from a reopened file."""
    case_id = make_case().id or 0
    ids = add_expenses(services, case_id)
    kept = services.invoices.issue(draft(services, case_id, ids[:2]))
    services.invoices.record_payment(InvoicePayment(kept.id or 0, TODAY, Money.parse("100"), reference="77"))
    gone = services.invoices.issue(draft(services, case_id, ids[2:3]))
    services.invoices.void(gone.id or 0, "Billed in error")
    before = services.invoices.accounts(case_id)
    reopened = open_case()
    try:
        assert reopened.invoices.accounts(case_id) == before
    finally:
        reopened.close()
    assert [a.invoice.number for a in before] == ["INV-2026-0002", "INV-2026-0001"]


def test_export_pdf_writes_the_invoice(services: Services, make_case: MakeCase, tmp_path: Path) -> None:
    """The service prints an invoice with its case and totals."""
    case_id = make_case(attorney="Dana Whitfield").id or 0
    invoice = services.invoices.issue(draft(services, case_id, add_expenses(services, case_id)[:2]))
    path = tmp_path / "invoice.pdf"
    services.invoices.export_pdf(invoice.id or 0, path)
    text = "".join(page.extract_text() for page in PdfReader(path).pages)
    assert "INV-2026-0001" in text and "$435.00" in text and "Dana Whitfield" in text
