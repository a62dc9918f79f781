"""Benchmark: the caseload expense ledger (100,000 rows) against a bare openpyxl write-only loop.

Run on purpose (not part of the test suite)::

    python tests/benchmarks/ledger_bench.py [--runs 3] [--rows 100000] [--small 25000]

A case file with 400 cases and ``--rows`` expenses (bulk inserted) is made once and kept in the temp folder,
and one with ``--small`` expenses beside it. Each run, interleaved so that both see the same machine load,
starts a fresh process for:

- the reference: openpyxl in write-only mode writing the same rows (read beforehand, outside the timing)
  with the same formats: a bold filled header, frozen panes, column widths, one reused styled cell per
  column (date, money and text formats), the ``SUBTOTAL`` totals row and the autofilter;
- casedesk: ``ExpenseService.export_caseload_xlsx`` reading the expenses from the case file as it writes
  them (the case file is opened outside the timing, as it is in the app).

Goal: casedesk's median at most 1.3 × the reference's. Then peak memory of the export at ``--small`` and
``--rows`` expenses (the process's peak RSS and how much of it is above the bare interpreter, and
tracemalloc's peak in a separate run): it must not grow with the row count. Machines here vary 10-40 %
between runs: compare the ratios, not the seconds.
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

CASES = 400
GOAL = 1.3
PAYEES = (
    "Travis County District Clerk",
    "Lone Star Process Service",
    "St. David's Medical Center — Records",
    "Esquire Deposition Solutions",
    "FedEx Office",
    "Dr. Ana Ruiz, MD",
    "Capitol Mediation Group",
)
DESCRIPTIONS = (
    "Original petition filing fee",
    "Service on defendant at residence",
    "Certified copies of emergency room records",
    "Deposition transcript, plaintiff",
    "Overnight delivery of records request",
    "Records review and causation opinion",
    "Half-day mediation, plaintiff's share",
)
CATEGORIES = (
    "Filing fee",
    "Service of process",
    "Records copy fee",
    "Deposition / court reporter",
    "Postage / courier",
    "Expert",
    "Mediation",
)


def case_file(rows: int) -> Path:
    """A case file with :data:`CASES` cases and ``rows`` expenses, made once and kept."""
    folder = Path(tempfile.gettempdir()) / f"casedesk-ledger-bench-{rows}-v1"
    path, done = folder / "ledger.sqlite", folder / "complete"
    if done.is_file():
        return path
    from sqlalchemy import insert

    from casedesk.domain.cases import Case, CaseStatus, CaseType, Client
    from casedesk.domain.money import Money
    from casedesk.services.casefiles import open_services
    from casedesk.store.expenses import ExpenseRow

    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    started = time.perf_counter()
    services = open_services(path, create=True)
    rng = random.Random(2026)
    try:
        case_ids = []
        for number in range(CASES):
            client = services.cases.create_client(Client(name=f"Client {number:03d}"))
            case = services.cases.create_case(
                Case(
                    number=f"PI-2026-{number:04d}",
                    caption=f"Client {number:03d} v. Driver {number:03d}",
                    client_id=client.id or 0,
                    incident_date=date(2026, 1, 1) + timedelta(days=number % 300),
                    case_type=CaseType.MOTOR_VEHICLE,
                    jurisdiction="TX",
                    status=CaseStatus.TREATING,
                    opened_on=date(2026, 1, 5),
                )
            )
            case_ids.append(case.id or 0)
        batch = []
        with services._case_file.session() as session:
            for row in range(rows):
                kind = rng.randrange(len(CATEGORIES))
                batch.append(
                    {
                        "case_id": case_ids[row % CASES],
                        "spent_on": date(2025, 1, 1) + timedelta(days=rng.randrange(700)),
                        "category": CATEGORIES[kind],
                        "payee": PAYEES[kind],
                        "description": DESCRIPTIONS[kind],
                        "amount": Money(rng.randrange(500, 500_000)),
                        "paid_by": "client" if rng.random() < 0.1 else "firm",
                        "reimbursable": rng.random() < 0.9,
                        "receipt_document_id": None,
                        "invoice_reference": f"R-{rng.randrange(100_000):05d}",
                        "invoice_id": None,
                        "payee_contact_id": None,
                        "notes": "",
                    }
                )
                if len(batch) == 10_000:
                    session.execute(insert(ExpenseRow.__table__), batch)
                    batch = []
            if batch:
                session.execute(insert(ExpenseRow.__table__), batch)
    finally:
        services.close()
    done.touch()
    print(f"case file of {rows:,} expenses made in {time.perf_counter() - started:.1f} s", file=sys.stderr)
    return path


# --- the two exports, each run in a fresh process ---------------------------------------------------


def reference_rows(db: Path) -> list[list[object]]:
    """The rows the caseload ledger holds, read with sqlite3 (outside the reference's timing)."""
    connection = sqlite3.connect(db)
    try:
        found = connection.execute(
            "SELECT cases.number, cases.caption, expenses.spent_on, category, payee, description, "
            "amount, paid_by, reimbursable, invoice_reference "
            "FROM expenses JOIN cases ON cases.id = expenses.case_id "
            "ORDER BY cases.number, spent_on, expenses.id"
        ).fetchall()
    finally:
        connection.close()
    from decimal import Decimal

    return [
        [
            number,
            caption,
            date.fromisoformat(day),
            category,
            payee,
            description,
            Decimal(cents) / 100,
            "Client" if paid_by == "client" else "Firm",
            "Yes" if reimbursable else "No",
            reference,
            "",
            "",
        ]
        for (
            number,
            caption,
            day,
            category,
            payee,
            description,
            cents,
            paid_by,
            reimbursable,
            reference,
        ) in found
    ]


def run_reference(db: Path, out: Path) -> float:
    """Write the rows with a bare openpyxl write-only loop; the seconds it took."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    rows = reference_rows(db)
    titles = (
        "Case",
        "Caption",
        "Date",
        "Category",
        "Payee",
        "Description",
        "Amount",
        "Paid by",
        "Reimbursable",
        "Payee's invoice #",
        "Our invoice",
        "Receipt",
    )
    formats = (
        "General",
        "General",
        "mm/dd/yyyy",
        "General",
        "General",
        "General",
        '"$"#,##0.00;-"$"#,##0.00',
        "General",
        "General",
        "General",
        "General",
        "General",
    )
    widths = (16, 32, 12, 22, 28, 36, 14, 9, 13, 17, 18, 26)
    started = time.perf_counter()
    book = Workbook(write_only=True)
    sheet = book.create_sheet("Expenses")
    sheet.freeze_panes = "A5"
    for number, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(number)].width = width
    sheet.append([WriteOnlyCell(sheet, "Expense ledger of all cases")])
    sheet.append([WriteOnlyCell(sheet, "Printed today")])
    sheet.append([])
    bold, fill = Font(bold=True), PatternFill("solid", fgColor="DCE3EC")
    header = []
    for title in titles:
        cell = WriteOnlyCell(sheet, title)
        cell.font, cell.fill = bold, fill
        header.append(cell)
    sheet.append(header)
    top = Alignment(vertical="top")
    cells = []
    for number_format in formats:
        cell = WriteOnlyCell(sheet)
        cell.number_format = number_format
        cell.alignment = top
        cells.append(cell)
    for row in rows:
        for cell, value in zip(cells, row, strict=True):
            cell.value = value
        sheet.append(cells)
    last = 4 + len(rows)
    totals = [WriteOnlyCell(sheet, "Total")] + [WriteOnlyCell(sheet) for _ in titles[1:]]
    totals[6] = WriteOnlyCell(sheet, f"=SUBTOTAL(9,G5:G{last})")
    sheet.append(totals)
    sheet.auto_filter.ref = f"A4:L{last}"
    book.save(out)
    return time.perf_counter() - started


def run_casedesk(db: Path, out: Path, trace: bool) -> tuple[float, int]:
    """Export with the service; the seconds and the peak bytes traced (0 unless ``trace``)."""
    import tracemalloc

    import openpyxl  # noqa: F401 - imported before the timing, as the reference does

    from casedesk.services.casefiles import open_services

    services = open_services(db)
    try:
        if trace:
            tracemalloc.start()
        started = time.perf_counter()
        services.expenses.export_caseload_xlsx(out)
        seconds = time.perf_counter() - started
        peak = tracemalloc.get_traced_memory()[1] if trace else 0
    finally:
        services.close()
    return seconds, peak


def child(kind: str, db: Path, out: Path, trace: bool) -> None:
    """The body of a measuring process: prints its figures as JSON."""
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    if kind == "reference":
        seconds, peak = run_reference(db, out), 0
    else:
        seconds, peak = run_casedesk(db, out, trace)
    after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(json.dumps({"seconds": seconds, "rss_kb": after, "rss_grown_kb": after - before, "traced": peak}))


def measure(kind: str, db: Path, out: Path, trace: bool = False) -> dict[str, float]:
    command = [sys.executable, __file__, "--child", kind, "--db", str(db), "--out", str(out)]
    if trace:
        command.append("--trace")
    done = subprocess.run(command, capture_output=True, text=True, check=True, cwd=ROOT)
    figures: dict[str, float] = json.loads(done.stdout.strip().splitlines()[-1])
    return figures


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--small", type=int, default=25_000)
    parser.add_argument("--child", choices=("reference", "casedesk"))
    parser.add_argument("--db", type=Path)
    parser.add_argument("--out", type=Path)
    parser.add_argument("--trace", action="store_true")
    args = parser.parse_args()
    if args.child:
        child(args.child, args.db, args.out, args.trace)
        return 0

    big, small = case_file(args.rows), case_file(args.small)
    scratch = Path(tempfile.mkdtemp(prefix="casedesk-ledger-bench-"))
    try:
        times: dict[str, list[float]] = {"reference": [], "casedesk": []}
        for run in range(args.runs):
            for kind in ("reference", "casedesk") if run % 2 == 0 else ("casedesk", "reference"):
                figures = measure(kind, big, scratch / f"{kind}.xlsx")
                times[kind].append(figures["seconds"])
        reference, casedesk = (statistics.median(times[k]) for k in ("reference", "casedesk"))
        print(f"{args.rows:,} ledger rows, medians of {args.runs} runs (fresh processes):")
        print(f"  bare openpyxl write-only loop   {reference:6.2f} s   {_runs(times['reference'])}")
        print(f"  casedesk export ledger --all    {casedesk:6.2f} s   {_runs(times['casedesk'])}")
        ratio = casedesk / reference
        print(f"  ratio {ratio:.2f} (goal ≤ {GOAL}): {'met' if ratio <= GOAL else 'NOT MET'}")
        print("peak memory of casedesk's export (a process each):")
        for rows, db in ((args.small, small), (args.rows, big)):
            rss = measure("casedesk", db, scratch / "memory.xlsx")
            traced = measure("casedesk", db, scratch / "traced.xlsx", trace=True)
            print(
                f"  {rows:>7,} rows: peak RSS {rss['rss_kb'] / 1024:6.1f} MB "
                f"(+{rss['rss_grown_kb'] / 1024:5.1f} MB over the bare interpreter), "
                f"tracemalloc peak {traced['traced'] / 2**20:5.1f} MB"
            )
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    return 0


def _runs(values: list[float]) -> str:
    return "(" + ", ".join(f"{value:.2f}" for value in values) + ")"


if __name__ == "__main__":
    sys.exit(main())
