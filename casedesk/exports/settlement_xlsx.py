"""The settlement statement as an Excel workbook: the statement, its costs and liens, the disbursement log."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from datetime import datetime
from pathlib import Path

from casedesk.domain.settlement import Disbursement
from casedesk.domain.statement import ROUNDING_NOTE, VERIFY_NOTE, Statement
from casedesk.domain.typed import long_moment
from casedesk.exports.xlsx import Cell, Column, ColumnKind, Row, Sheet, WorkbookInfo, write_workbook

STATEMENT_COLUMNS = (
    Column("Section", width=26),
    Column("Item", width=60, wrap=True),
    Column("Amount", ColumnKind.MONEY, width=16),
)
COST_COLUMNS = (
    Column("Date", ColumnKind.DATE),
    Column("Category", width=24),
    Column("Payee", width=28),
    Column("Description", width=40, wrap=True),
    Column("Amount", ColumnKind.MONEY, total=True),
)
LIEN_COLUMNS = (
    Column("Lien holder", width=30),
    Column("Kind", width=20),
    Column("Status", width=12),
    Column("Billed", ColumnKind.MONEY, total=True),
    Column("Paid by others", ColumnKind.MONEY, total=True),
    Column("Claimed", ColumnKind.MONEY, total=True),
    Column("Reduction", ColumnKind.MONEY, total=True),
    Column("Final", ColumnKind.MONEY, total=True),
)
DISBURSEMENT_COLUMNS = (
    Column("Date", ColumnKind.DATE),
    Column("Payee", width=30),
    Column("Purpose", width=30),
    Column("Method", width=14),
    Column("Reference", width=16),
    Column("Amount", ColumnKind.MONEY, total=True),
)
#: The shade of the net-to-client row and of section totals.
NET_FILL = "DDEBF7"


def write_settlement_xlsx(
    path: Path,
    statement: Statement,
    disbursements: Sequence[Disbursement],
    *,
    final: bool,
    generated_at: datetime,
) -> None:
    """Write a settlement statement to an .xlsx file, atomically.

    Sheets: "Statement" (section, item, amount: every line from the recoveries to the net to the client,
    amounts as numbers, deductions negative, so the column sums to zero), "Costs", "Liens" and
    "Disbursements" (the log of payments out of trust), each with ``SUBTOTAL`` totals that follow the filter.

    Raises:
        ExportError: The folder cannot be written or the file cannot be replaced; nothing was changed.
    """
    header = statement.header
    state = "Final" if final else "DRAFT (not final)"
    titles = [
        f"Settlement statement — {header.case_number} {header.caption}",
        f"Client: {header.client} · {state} · Printed {long_moment(generated_at)}",
    ]
    sheets = [
        Sheet("Statement", STATEMENT_COLUMNS, _statement_rows(statement), [*titles, VERIFY_NOTE], None),
        Sheet("Costs", COST_COLUMNS, _cost_rows(statement), titles, "Total costs"),
        Sheet("Liens", LIEN_COLUMNS, _lien_rows(statement), titles, "Total liens"),
        Sheet(
            "Disbursements", DISBURSEMENT_COLUMNS, _disbursement_rows(disbursements), titles, "Total paid out"
        ),
    ]
    info = WorkbookInfo(
        title=f"Settlement statement {header.case_number}",
        subject=f"{header.caption} ({header.client})",
        keywords=("settlement statement", header.case_number),
    )
    write_workbook(path, sheets, info)


def _statement_rows(statement: Statement) -> Iterator[Row | list[Cell]]:
    for line in statement.recoveries:
        claim = f", claim no. {line.claim_number}" if line.claim_number else ""
        yield ["Recoveries", f"{line.source.label}: {line.payer}{claim}", line.amount]
    yield Row(["Gross recovery", "Total of the recoveries", statement.gross], bold=True)
    fee = statement.fee
    note = f" ({fee.rounding_note()})" if fee.rounded else ""
    yield ["Attorney fee", f"{fee.stage.label}: {fee.explanation()}{note}", -fee.amount]
    for cost in statement.costs:
        what = " — ".join(part for part in (cost.category, cost.payee, cost.description) if part)
        yield ["Case costs", what, -cost.amount]
    for lien in statement.liens:
        state = "" if lien.is_final else f" ({lien.status}, not final)"
        yield ["Medical bills and liens", f"{lien.holder}{state}", -lien.amount]
    for holdback in statement.holdbacks:
        yield ["Held in trust", f"{holdback.payee}: {holdback.reason}", -holdback.amount]
    yield Row(
        ["Net to client", "What the client receives", statement.net_to_client], fill=NET_FILL, bold=True
    )
    check = "the gross exactly" if statement.balanced else f"NOT the gross {statement.gross}"
    yield ["Check", f"Fee, costs, liens, holdbacks and net add up to {statement.lines_total}: {check}", None]
    yield ["Rounding", ROUNDING_NOTE, None]
    if statement.method.strip():
        yield ["Method of determination", statement.method.strip(), None]


def _cost_rows(statement: Statement) -> Iterator[list[Cell]]:
    for cost in statement.costs:
        yield [cost.spent_on, cost.category, cost.payee, cost.description, cost.amount]


def _lien_rows(statement: Statement) -> Iterator[list[Cell]]:
    for lien in statement.liens:
        yield [
            lien.holder,
            lien.kind,
            lien.status,
            lien.billed,
            lien.paid_by_others,
            lien.asserted,
            lien.reduction,
            lien.amount,
        ]


def _disbursement_rows(disbursements: Sequence[Disbursement]) -> Iterator[list[Cell]]:
    for paid in disbursements:
        yield [paid.paid_on, paid.payee, paid.purpose, paid.method.label, paid.reference, paid.amount]
