"""``casedesk export progress``: the one-page case progress report as PDF."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from casedesk.cli.common import (
    EXIT_OK,
    UsageError,
    add_database_options,
    case_id_numbered,
    db_path,
    open_for_command,
    say,
)


def add_export_parser(formats: Any) -> None:
    """Register ``casedesk export progress`` with the formats of ``casedesk export``."""
    export = formats.add_parser(
        "progress",
        help="write a case's one-page progress report as a PDF, for the attorney or the client",
        description="Write a one-page summary of where a case stands: status and next action, the incident, "
        "treatment, specials, insurance claims and negotiation, next dates and the limitation deadline. The "
        "attorney's version (the default) adds the valuation range; the client's leaves it out.",
    )
    add_database_options(export, "the case file to read", default=argparse.SUPPRESS)
    export.add_argument("--case", required=True, metavar="NUMBER", help="the case, e.g. PI-2026-00123")
    export.add_argument(
        "-o", "--output", type=Path, required=True, metavar="FILE.pdf", help="the PDF to write"
    )
    export.add_argument(
        "--for",
        dest="audience",
        choices=("attorney", "client"),
        default="attorney",
        help="who the report is for (default: attorney)",
    )
    export.set_defaults(command=_export_progress, parser=export)


def _export_progress(args: argparse.Namespace) -> int:
    """``casedesk export progress``: the progress report as a PDF."""
    from casedesk.domain.reports import Audience

    output: Path = args.output
    if output.suffix.lower() != ".pdf":
        raise UsageError(f"the output must end in .pdf, not “{output.name}”")
    path = db_path(args)
    services = open_for_command(args, path, writes=False)
    try:
        case_id = case_id_numbered(services.cases, args.case, path) or 0
        services.reports.export_progress(case_id, output, Audience(args.audience))
    finally:
        services.close()
    say(f"Wrote {output}")
    return EXIT_OK
