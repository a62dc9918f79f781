"""The invoice PDF, read back: heading, parties, items, totals, payments, the VOID mark, page numbers."""

from __future__ import annotations

import os
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import pytest
from pypdf import PdfReader

from casedesk.domain.cases import Case, Client
from casedesk.domain.errors import ExportError
from casedesk.domain.invoices import Invoice, InvoiceAccount, InvoiceLine, InvoicePayment, PaymentMethod
from casedesk.domain.money import Money
from casedesk.exports.invoice_pdf import VOID_MARK, InvoicePrintout, write_invoice_pdf

AT = datetime(2026, 11, 21, 9, 30, tzinfo=timezone(timedelta(hours=-6)))
CASE = Case(
    number="PI-2026-0042", caption="Ruiz v. Coastal Freight LLC", client_id=1, attorney="Dana Whitfield"
)
CLIENT = Client(name="Ana Ruiz", address="1200 Barton Springs Rd\nAustin, TX 78704")
LINES = (
    InvoiceLine(
        1, date(2026, 10, 2), "Filing fee", Money.parse("350"), "Travis County District Clerk", "Petition"
    ),
    InvoiceLine(
        2,
        date(2026, 10, 9),
        "Service of process",
        Money.parse("85"),
        "Lone Star Process",
        "Serve <Def.> & co",
    ),
    InvoiceLine(3, date(2026, 10, 15), "Records copy fee", Money.parse("42.50"), "St. David's", "ER records"),
)


def printout(
    *payments: InvoicePayment, lines: tuple[InvoiceLine, ...] = LINES, **changes: object
) -> InvoicePrintout:
    total = sum((line.amount for line in lines), Money.zero())
    invoice = Invoice(
        case_id=1,
        number="INV-2026-0007",
        issued_on=date(2026, 11, 21),
        due_on=date(2026, 12, 21),
        total=total,
        bill_to="Gulf States Insurance\nPO Box 9\nHouston, TX 77001",
        notes="Please quote the invoice number.",
        lines=lines,
        id=7,
    )
    invoice = Invoice(**{**{f: getattr(invoice, f) for f in invoice.__slots__}, **changes})  # type: ignore[arg-type]
    return InvoicePrintout(InvoiceAccount(invoice, payments), CASE, CLIENT, issuer="Dana Whitfield")


def text_of(path: Path) -> tuple[int, str]:
    reader = PdfReader(path)
    # Words wrapped in a narrow column come out on two lines: compare with single spaces.
    return len(reader.pages), " ".join(" ".join(page.extract_text() for page in reader.pages).split())


def test_invoice_shows_heading_parties_items_totals_and_payments(tmp_path: Path) -> None:
    """Everything a payer needs is on the page, amounts as printed in the app, special characters intact."""
    path = tmp_path / "invoice.pdf"
    payment = InvoicePayment(7, date(2026, 11, 30), Money.parse("200"), PaymentMethod.CHECK, "1042")
    write_invoice_pdf(path, printout(payment), generated_at=AT)
    pages, text = text_of(path)
    assert pages == 1
    for expected in (
        "Dana Whitfield",
        "INVOICE",
        "INV-2026-0007",
        "November 21, 2026",
        "December 21, 2026",
        "Gulf States Insurance",
        "Houston, TX 77001",
        "Case PI-2026-0042",
        "Ruiz v. Coastal Freight LLC",
        "Client: Ana Ruiz",
        "Travis County District Clerk",
        "Serve <Def.> & co",
        "$42.50",
        "$477.50",
        "-$200.00",
        "$277.50",
        "Balance due",
        "1042",
        "Partly paid",
        "Page 1 of 1",
        "Please quote the invoice number.",
    ):
        assert expected in text, expected
    assert VOID_MARK not in text
    assert PdfReader(path).metadata.title == "Invoice INV-2026-0007"  # type: ignore[union-attr]


def test_void_invoice_is_marked_and_says_why(tmp_path: Path) -> None:
    """A voided invoice carries VOID with the date and reason, and owes nothing."""
    path = tmp_path / "void.pdf"
    write_invoice_pdf(
        path, printout(voided_on=date(2026, 11, 22), void_reason="Wrong payer"), generated_at=AT
    )
    _pages, text = text_of(path)
    assert "VOID — voided on November 22, 2026: Wrong payer" in text
    assert "Balance due (void)" in text and "$0.00" in text


def test_a_long_invoice_runs_over_pages_with_numbers(tmp_path: Path) -> None:
    """Eighty items run over several pages, each numbered "Page N of M", the total on the last."""
    many = tuple(
        InvoiceLine(
            n, date(2026, 10, 1 + n % 28), "Records copy fee", Money.parse("12.34"), f"Provider {n}", "Copies"
        )
        for n in range(80)
    )
    path = tmp_path / "long.pdf"
    write_invoice_pdf(path, printout(lines=many), generated_at=AT)
    reader = PdfReader(path)
    count = len(reader.pages)
    assert count >= 2
    for number, page in enumerate(reader.pages, start=1):
        assert f"Page {number} of {count}" in page.extract_text()
    assert "$987.20" in reader.pages[-1].extract_text()  # 80 × 12.34


def test_a_file_that_cannot_be_replaced_is_left_as_it_was(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An invoice open in a viewer cannot be replaced: a clear error, the old file kept, no temp file left."""
    path = tmp_path / "invoice.pdf"
    path.write_bytes(b"the old invoice")

    def refuse(source: object, target: object) -> None:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(os, "replace", refuse)
    with pytest.raises(ExportError, match="permission"):
        write_invoice_pdf(path, printout(), generated_at=AT)
    assert path.read_bytes() == b"the old invoice"
    assert os.listdir(tmp_path) == ["invoice.pdf"]
