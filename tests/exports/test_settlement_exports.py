"""The settlement statement's PDF and workbook, read back as a reader and Excel would."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from casedesk.domain.bills import Lien, LienKind, LienStatus
from casedesk.domain.expenses import Expense
from casedesk.domain.money import Money
from casedesk.domain.settlement import (
    Disbursement,
    Holdback,
    Recovery,
    RecoverySource,
    TrustPosition,
)
from casedesk.domain.statement import (
    DEFAULT_FEE_RATES,
    Statement,
    StatementHeader,
    StatementTerms,
    build_statement,
)
from casedesk.exports.settlement_pdf import write_settlement_pdf
from casedesk.exports.settlement_xlsx import write_settlement_xlsx
from casedesk.exports.xlsx import MONEY_FORMAT
from tests.conftest import NOW


def worked_statement(holdbacks: bool = False) -> Statement:
    """Gross 100,000 (two sources), fee 1/3, costs 2,500, liens 20,000: net 44,166.67."""
    return build_statement(
        StatementHeader(
            "PI-2026-0001", "Alvarez v. Nguyễn Trucking", "Maria Alvarez", date(2026, 6, 14), "J. Reyes"
        ),
        StatementTerms(case_id=1, fee_rates=dict(DEFAULT_FEE_RATES), method="Fee agreement of 06/20/2026."),
        [
            Recovery(
                1, RecoverySource.LIABILITY, Money.of(90_000), "Lone Star Mutual", "LSM-77", date(2026, 11, 2)
            ),
            Recovery(1, RecoverySource.UM_UIM, Money.of(10_000), "Acme UIM", "UIM-5", date(2026, 11, 5)),
        ],
        [Expense(1, date(2026, 8, 3), "Filing fee", Money.of(2_500), "Travis County Clerk", "Petition")],
        [
            Lien(
                1,
                "Memorial Hospital",
                LienKind.HOSPITAL,
                Money.of(20_000),
                final=Money.of(20_000),
                status=LienStatus.FINAL,
            )
        ],
        [],
        [Holdback(1, "Dr. Patel", Money.of(1_000), "Disputed")] if holdbacks else [],
    )


def pdf_text(path: Path) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(path).pages)


def test_the_draft_pdf_has_every_section_and_the_watermark(tmp_path: Path) -> None:
    """Header, recoveries, fee with rounding, costs, liens, net, signatures, DRAFT and page numbers."""
    path = tmp_path / "statement.pdf"
    statement = worked_statement()
    write_settlement_pdf(
        path,
        statement,
        final=False,
        finalized_at=None,
        trust=TrustPosition(Money.of(100_000), Money.zero()),
        generated_at=NOW,
    )
    text = pdf_text(path)
    for expected in (
        "Settlement Statement",
        "Maria Alvarez",
        "PI-2026-0001",
        "June 14, 2026",
        "Lone Star Mutual",
        "claim no. LSM-77",
        "$100,000.00",
        "rounded to $33,333.33",
        "Travis County Clerk",
        "Memorial Hospital",
        "NET TO CLIENT",
        "$44,166.67",
        "Method of determination",
        "approve the distribution",
        "verified by the responsible attorney",
        "DRAFT",
        "Page 1 of",
    ):
        assert expected in text, expected
    reader = PdfReader(path)
    assert reader.metadata is not None and reader.metadata.title == "Settlement statement PI-2026-0001"


def test_a_final_pdf_has_no_draft_mark(tmp_path: Path) -> None:
    """A final statement says when it was finalized and carries no DRAFT."""
    path = tmp_path / "final.pdf"
    write_settlement_pdf(
        path, worked_statement(True), final=True, finalized_at=NOW, trust=None, generated_at=NOW
    )
    text = pdf_text(path)
    assert "DRAFT" not in text
    assert "Final statement of November 21, 2026" in text
    assert "Held in trust" in text
    assert "$43,166.67" in text


def test_the_workbook_has_numbers_and_totals(tmp_path: Path) -> None:
    """Statement lines are numbers that sum to zero; costs, liens and disbursements have SUBTOTAL totals."""
    path = tmp_path / "statement.xlsx"
    paid = [
        Disbursement(
            1, "J. Reyes PLLC", Money.parse("33,333.33"), date(2026, 11, 10), reference="1043", purpose="Fee"
        ),
        Disbursement(
            1, "Maria Alvarez", Money.parse("44,166.67"), date(2026, 11, 12), reference="1044", purpose="Net"
        ),
    ]
    write_settlement_xlsx(path, worked_statement(), paid, final=True, generated_at=NOW)
    book = load_workbook(path)
    assert book.sheetnames == ["Statement", "Costs", "Liens", "Disbursements"]
    sheet = book["Statement"]
    rows = [row for row in sheet.iter_rows(values_only=True) if row[0]]
    by_section: dict[str, list[float]] = {}
    for section, _item, amount in rows:
        if isinstance(amount, int | float):
            by_section.setdefault(str(section), []).append(amount)
    assert by_section["Gross recovery"] == [100_000]
    assert by_section["Attorney fee"] == [pytest.approx(-33_333.33)]
    assert by_section["Net to client"] == [pytest.approx(44_166.67)]
    # The recoveries less the deductions are the net (in cents, to avoid float drift).
    parts = [
        a
        for s, amounts in by_section.items()
        if s not in ("Gross recovery", "Net to client")
        for a in amounts
    ]
    assert sum(round(Decimal(str(a)) * 100) for a in parts) == 44_166_67
    money = [
        c for row in sheet.iter_rows(min_col=3, max_col=3) for c in row if isinstance(c.value, int | float)
    ]
    assert money and all(c.number_format == MONEY_FORMAT for c in money)
    log = book["Disbursements"]
    values = list(log.iter_rows(values_only=True))
    header = values.index(("Date", "Payee", "Purpose", "Method", "Reference", "Amount"))
    first = values[header + 1]
    assert isinstance(first[0], datetime) and first[0].date() == date(2026, 11, 10)
    assert first[5] == pytest.approx(33333.33)
    total = values[header + 3]
    assert total[0] == "Total paid out"
    assert str(total[5]).startswith("=SUBTOTAL(9,F")
    assert log.freeze_panes == f"A{header + 2}"
    liens = list(book["Liens"].iter_rows(values_only=True))
    assert liens[liens.index(next(r for r in liens if r[0] == "Lien holder")) + 1][:3] == (
        "Memorial Hospital",
        "Hospital lien",
        "Final",
    )
