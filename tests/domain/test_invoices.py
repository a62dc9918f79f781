"""Invoice rules: numbers, what can be invoiced, status and balance, what a draft and a payment need."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from casedesk.domain.expenses import Expense, PaidBy
from casedesk.domain.invoices import (
    Invoice,
    InvoiceAccount,
    InvoiceDraft,
    InvoiceLine,
    InvoicePayment,
    InvoiceStatus,
    bill_to_text,
    default_due_date,
    invoice_number,
    issued_subject,
    next_invoice_number,
    validate_draft,
    validate_payment,
    why_not_invoiceable,
)
from casedesk.domain.money import Money

ISSUED = date(2026, 11, 21)


def invoice(total: str = "477.50", **changes: object) -> Invoice:
    fields: dict[str, object] = {
        "case_id": 1,
        "number": "INV-2026-0001",
        "issued_on": ISSUED,
        "total": Money.parse(total),
        "bill_to": "Ana Ruiz\n1200 Barton Springs Rd",
        "id": 7,
    }
    return Invoice(**(fields | changes))  # type: ignore[arg-type]


def paid(*amounts: str) -> tuple[InvoicePayment, ...]:
    return tuple(InvoicePayment(7, ISSUED, Money.parse(a)) for a in amounts)


def test_number_format() -> None:
    """INV-<year>-<four digits>, growing past four digits rather than wrapping."""
    assert invoice_number(2026, 3) == "INV-2026-0003"
    assert invoice_number(2026, 12345) == "INV-2026-12345"


@pytest.mark.parametrize(
    ("used", "expected"),
    [
        ([], "INV-2026-0001"),
        (["INV-2026-0001", "INV-2026-0002"], "INV-2026-0003"),
        (["INV-2026-0002"], "INV-2026-0003"),  # a gap (voided or deleted) is never filled
        (["INV-2025-0040", "INV-2026-0009", "INV-2027-0001"], "INV-2026-0010"),
        (["INV-2026-9999"], "INV-2026-10000"),
        (["INV-2026-abc", "2026-0005", "INV-2026-0005-X"], "INV-2026-0001"),  # not casedesk numbers
    ],
)
def test_next_number_follows_the_highest_of_the_year(used: list[str], expected: str) -> None:
    """The next number is one past the highest of its year; other years and odd numbers do not count."""
    assert next_invoice_number(2026, used) == expected


@given(st.sets(st.integers(min_value=1, max_value=50_000), max_size=30))
def test_next_number_is_never_one_already_used(sequences: set[int]) -> None:
    """Whatever numbers are taken, the next one is new."""
    used = [invoice_number(2026, n) for n in sequences]
    assert next_invoice_number(2026, used) not in used


def expense(**changes: object) -> Expense:
    fields: dict[str, object] = {
        "case_id": 1,
        "spent_on": date(2026, 10, 9),
        "category": "Service of process",
        "amount": Money.parse("85"),
        "payee": "Lone Star Process",
        "id": 3,
    }
    return Expense(**(fields | changes))  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({}, None),
        ({"invoice_id": 9}, "already on another invoice"),
        ({"paid_by": PaidBy.CLIENT}, "paid by the client"),
        ({"reimbursable": False}, "no longer marked reimbursable"),
    ],
)
def test_only_firm_paid_reimbursable_uninvoiced_expenses_can_be_invoiced(
    changes: dict[str, object], message: str | None
) -> None:
    """The reason names the expense: its category, date, payee and amount."""
    reason = why_not_invoiceable(expense(**changes))
    if message is None:
        assert reason is None
    else:
        assert reason is not None and message in reason
        assert reason.startswith("The service of process of 10/09/2026 to Lone Star Process ($85.00)")


@pytest.mark.parametrize(
    ("payments", "status", "balance"),
    [
        ((), InvoiceStatus.OPEN, "477.50"),
        (("200",), InvoiceStatus.PARTLY_PAID, "277.50"),
        (("200", "277.50"), InvoiceStatus.PAID, "0"),
    ],
)
def test_account_status_and_balance(payments: tuple[str, ...], status: InvoiceStatus, balance: str) -> None:
    """Payments move an invoice from open to partly paid to paid; the balance is what is left."""
    account = InvoiceAccount(invoice(), paid(*payments))
    assert (account.status, account.balance) == (status, Money.parse(balance))


def test_a_void_invoice_owes_nothing() -> None:
    """Void is void whatever was billed; nothing is owed on it."""
    account = InvoiceAccount(invoice(voided_on=ISSUED, void_reason="Duplicate"))
    assert (account.status, account.balance) == (InvoiceStatus.VOID, Money.zero())


def test_draft_rules() -> None:
    """A draft needs expenses, someone billed, and a due date not before the invoice date."""
    good = InvoiceDraft(1, (3,), "Ana Ruiz", ISSUED, default_due_date(ISSUED))
    assert good.due_on == date(2026, 12, 21)
    assert validate_draft(good) == {}
    bad = InvoiceDraft(1, (), " ", ISSUED, date(2026, 11, 20))
    assert set(validate_draft(bad)) == {"expenses", "bill_to", "due_on"}
    assert "At most 300" in validate_draft(InvoiceDraft(1, (3,), "x" * 301, ISSUED))["bill_to"]


@pytest.mark.parametrize(
    ("account", "amount", "paid_on", "field", "message"),
    [
        (InvoiceAccount(invoice()), "477.50", ISSUED, None, None),
        (InvoiceAccount(invoice()), "477.51", ISSUED, "amount", "more than the $477.50 still owed"),
        (InvoiceAccount(invoice()), "0", ISSUED, "amount", "more than zero"),
        (InvoiceAccount(invoice(), paid("477.50")), "1", ISSUED, "amount", "paid in full"),
        (InvoiceAccount(invoice(voided_on=ISSUED)), "1", ISSUED, "amount", "is void"),
        (InvoiceAccount(invoice()), "1", date(2026, 11, 20), "paid_on", "before the invoice date"),
    ],
)
def test_payment_rules(
    account: InvoiceAccount, amount: str, paid_on: date, field: str | None, message: str | None
) -> None:
    """A payment is more than zero, at most the balance, not before the invoice, never on a void one."""
    errors = validate_payment(InvoicePayment(7, paid_on, Money.parse(amount)), account)
    if field is None:
        assert errors == {}
    else:
        assert message is not None and message in errors[field]


def test_bill_to_text_and_timeline_subject() -> None:
    """The bill-to box has name, organization and address one per line; the timeline names the payer."""
    text = bill_to_text("J. Ortiz", "Gulf States Insurance", "PO Box 9\n\nHouston, TX 77001")
    assert text == "J. Ortiz\nGulf States Insurance\nPO Box 9\nHouston, TX 77001"
    issued = invoice(bill_to=text, lines=(InvoiceLine.of(expense()),))
    assert issued.bill_to_name == "J. Ortiz"
    assert issued_subject(issued) == "Invoice INV-2026-0001 issued to J. Ortiz, $477.50"
    assert issued.lines[0].payee == "Lone Star Process"
