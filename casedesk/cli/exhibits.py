"""``casedesk export exhibits``: a case's exhibit list (AO 187 style) as PDF or Excel."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from casedesk.cli.common import (
    EXIT_OK,
    UsageError,
    add_database_options,
    case_numbered,
    db_path,
    open_for_command,
    say,
    shown,
)


def add_export_parser(formats: Any) -> None:
    """Register ``casedesk export exhibits`` with the formats of ``casedesk export``."""
    export = formats.add_parser(
        "exhibits",
        help="write a case's exhibit list (AO 187 style) as a PDF or an Excel workbook",
        description="Write a case's exhibit list in the columns of the courts' AO 187 form: plaintiff's and "
        "defendant's numbers, the dates offered, marked and admitted, the description with the document's "
        "date, plus each exhibit's Bates range and sponsoring witness. The file's ending picks the format.",
    )
    add_database_options(export, "the case file to read", default=argparse.SUPPRESS)
    export.add_argument("--case", required=True, metavar="NUMBER", help="the case, e.g. PI-2026-00123")
    export.add_argument(
        "-o",
        "--output",
        type=Path,
        required=True,
        metavar="FILE.pdf|FILE.xlsx",
        help="the file to write: .pdf for the printable list, .xlsx for Excel",
    )
    export.set_defaults(command=_export_exhibits, parser=export)


def _export_exhibits(args: argparse.Namespace) -> int:
    """``casedesk export exhibits``: the exhibit list as PDF or Excel."""
    from casedesk.domain.errors import NotFoundError
    from casedesk.services.exhibits import EXPORT_SUFFIXES

    output: Path = args.output
    if output.suffix.lower() not in EXPORT_SUFFIXES:
        raise UsageError(f"the output must end in .pdf or .xlsx, not “{output.name}”")
    path = db_path(args)
    services = open_for_command(args, path, writes=False)
    try:
        summary = case_numbered(services.cases, args.case)
        if summary is None:
            raise NotFoundError(
                f"There is no case numbered “{args.case.strip()}” in {shown(path)}.",
                "Check the number with `casedesk cases`.",
            )
        services.exhibits.export_list(summary.id, output)
    finally:
        services.close()
    say(f"Wrote {output}")
    return EXIT_OK
