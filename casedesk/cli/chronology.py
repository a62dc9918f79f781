"""``casedesk chronology`` (visits in date order, treatment gaps flagged) and ``export chronology``."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING, Any

from casedesk.cli.common import (
    EXIT_OK,
    UsageError,
    add_common_options,
    add_database_options,
    case_id_numbered,
    cut,
    db_path,
    iso,
    open_for_command,
    print_json,
    say,
    text_table,
)

if TYPE_CHECKING:
    from casedesk.domain.chronology import Chronology, Visit

#: The threshold when --gap-days is not given (the domain's default; kept here so --help needs no import).
DEFAULT_GAP_DAYS = 30


def gap_days(text: str) -> int:
    """An argument type: days without treatment beyond which a gap is flagged (1–365)."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number of days: {text!r}") from None
    if not 1 <= value <= 365:
        raise argparse.ArgumentTypeError(f"must be from 1 to 365 days: {text!r}")
    return value


def _add_gap_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--gap-days",
        type=gap_days,
        default=DEFAULT_GAP_DAYS,
        metavar="N",
        help=f"flag gaps in treatment longer than N days (default {DEFAULT_GAP_DAYS}; exactly N is no gap)",
    )


def add_parser(commands: Any) -> None:
    """Register ``casedesk chronology`` with the subcommands of ``casedesk``."""
    chronology = commands.add_parser(
        "chronology",
        help="list a case's medical visits in date order with page cites and treatment gaps",
        description="List the visits of a case's record index in date order (one per provider and date of "
        "service), each with its diagnoses, treatment, bill and page cites; gaps in treatment longer than "
        "--gap-days are flagged between them.",
    )
    add_common_options(chronology, db_help="the case file to read")
    chronology.add_argument("--case", required=True, metavar="NUMBER", help="the case, e.g. PI-2026-00123")
    _add_gap_option(chronology)
    chronology.set_defaults(command=_chronology, parser=chronology)


def add_export_parser(formats: Any) -> None:
    """Register ``casedesk export chronology`` with the formats of ``casedesk export``."""
    export = formats.add_parser(
        "chronology",
        help="write a case's medical chronology as a PDF or an Excel workbook",
        description="Write the chronology of a case's record index to FILE: a PDF (landscape, with page "
        "cites and shaded gaps) when it ends in .pdf, an Excel workbook when it ends in .xlsx.",
    )
    add_database_options(export, "the case file to read", default=argparse.SUPPRESS)
    export.add_argument("--case", required=True, metavar="NUMBER", help="the case, e.g. PI-2026-00123")
    _add_gap_option(export)
    export.add_argument(
        "-o", "--output", type=Path, required=True, metavar="FILE.pdf|FILE.xlsx", help="the file to write"
    )
    export.set_defaults(command=_export_chronology, parser=export)


def _chronology(args: argparse.Namespace) -> int:
    """``casedesk chronology``: a case's visits and gaps."""
    path = db_path(args)
    services = open_for_command(args, path, writes=False)
    try:
        case_id = case_id_numbered(services.cases, args.case, path) or 0
        case = services.cases.get_case(case_id)
        chronology = services.records.chronology(case_id, args.gap_days)
    finally:
        services.close()
    if args.json:
        print_json(chronology_json(chronology))
        return EXIT_OK
    if not chronology.visits:
        say(f"Case {case.number} has no visits in its record index.")
        return EXIT_OK
    print(f"{case.number}  {case.caption}")
    print(_chronology_text(chronology))
    say(_totals(chronology))
    return EXIT_OK


def _export_chronology(args: argparse.Namespace) -> int:
    """``casedesk export chronology``: the chronology as a PDF or a workbook."""
    suffix = args.output.suffix.lower()
    if suffix not in (".pdf", ".xlsx"):
        raise UsageError(f"{args.output.name}: the file must end in .pdf or .xlsx")
    path = db_path(args)
    services = open_for_command(args, path, writes=False)
    try:
        case_id = case_id_numbered(services.cases, args.case, path) or 0
        chronology = services.records.export_chronology(case_id, args.output, args.gap_days)
    finally:
        services.close()
    say(f"Wrote the chronology of {args.case.strip()} ({_totals(chronology)}) to {args.output}.")
    return EXIT_OK


def chronology_json(chronology: Chronology) -> dict[str, Any]:
    """The chronology for ``--json``: rows in order (``type`` visit or gap), the threshold and totals."""
    from casedesk.domain.chronology import TreatmentGap

    rows: list[dict[str, Any]] = []
    for row in chronology.rows:
        if isinstance(row, TreatmentGap):
            rows.append(
                {
                    "type": "gap",
                    "last_care": iso(row.last_care),
                    "next_visit": iso(row.next_visit),
                    "days": row.days,
                    "text": row.text,
                }
            )
        else:
            rows.append(_visit_json(row))
    return {
        "gap_days": chronology.gap_days,
        "rows": rows,
        "totals": {
            "visits": len(chronology.visits),
            "providers": len(chronology.providers),
            "gaps": len(chronology.gaps),
            "billed": str(chronology.billed.amount),
            "billed_not_indexed": str(chronology.unmatched_billed.amount),
        },
    }


def _visit_json(visit: Visit) -> dict[str, Any]:
    return {
        "type": "visit",
        "from": iso(visit.service_from),
        "to": iso(visit.service_to),
        "provider": visit.provider,
        "kinds": [kind.value for kind in visit.kinds],
        "complaint": visit.complaint,
        "diagnoses": visit.diagnoses,
        "procedures": visit.procedures,
        "summary": visit.summary,
        "billed": str(visit.billed.amount) if visit.billed is not None else None,
        "cites": [
            {"document_id": c.document_id, "document": c.document, "from": c.page_from, "to": c.page_to}
            for c in visit.cites
        ],
        "cite": visit.cite_text,
        "entry_ids": list(visit.entry_ids),
    }


def _chronology_text(chronology: Chronology) -> str:
    """One aligned table of the visits, with each gap on a line of its own where it falls."""
    from casedesk.domain.chronology import TreatmentGap, visit_dates

    header = ["Date(s)", "Provider", "Kind", "Billed", "Records", "Summary"]
    rows: list[list[str]] = []
    gaps_before: dict[int, list[str]] = {}
    for row in chronology.rows:
        if isinstance(row, TreatmentGap):
            gaps_before.setdefault(len(rows), []).append(f"  *** {row.text} ***")
            continue
        billed = str(row.billed) if row.billed is not None else ""
        summary = cut(" ".join(row.summary.split()), 60)
        rows.append([visit_dates(row), row.provider, row.kind_text, billed, row.cite_text, summary])
    table = text_table(header, rows).splitlines()
    lines = [table[0]]
    for number, line in enumerate(table[1:]):
        lines += gaps_before.get(number, [])
        lines.append(line)
    return "\n".join(lines)


def _totals(chronology: Chronology) -> str:
    visits, providers, gaps = len(chronology.visits), len(chronology.providers), len(chronology.gaps)
    return (
        f"{_count(visits, 'visit')}, {_count(providers, 'provider')}, billed {chronology.billed}, "
        f"{_count(gaps, 'gap')} longer than {chronology.gap_days} days"
    )


def _count(number: int, noun: str) -> str:
    return f"{number:,} {noun}" + ("" if number == 1 else "s")
