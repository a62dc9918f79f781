"""``casedesk cases``: the cases of a case file, as a table or JSON."""

from __future__ import annotations

import argparse
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from casedesk.cli.common import (
    EXIT_OK,
    MAX_COLUMN,
    add_common_options,
    cut,
    db_path,
    iso,
    open_for_command,
    print_json,
    say,
    text_table,
)
from casedesk.domain.cases import CaseStatus

if TYPE_CHECKING:
    from casedesk.domain.cases import CaseSummary


def add_parser(commands: Any) -> None:
    """Register ``casedesk cases`` with the subcommands of ``casedesk``."""
    cases = commands.add_parser("cases", help="list cases", description="List the cases of a case file.")
    add_common_options(cases, db_help="the case file to read")
    cases.add_argument("--status", choices=[status.value for status in CaseStatus], help="only this status")
    cases.set_defaults(command=_list_cases, parser=cases)


def _list_cases(args: argparse.Namespace) -> int:
    from casedesk.domain.cases import CaseQuery

    services = open_for_command(args, db_path(args), writes=False)
    try:
        status = CaseStatus(args.status) if args.status else None
        summaries = services.cases.list_cases(CaseQuery(status=status))
    finally:
        services.close()
    if args.json:
        print_json([_case_json(summary) for summary in summaries])
    elif summaries:
        print(_case_table(summaries))
        say(f"{len(summaries):,} cases")
    else:
        say("No cases.")
    return EXIT_OK


def _case_json(summary: CaseSummary) -> dict[str, Any]:
    return {
        "id": summary.id,
        "number": summary.number,
        "caption": summary.caption,
        "client": summary.client_name,
        "status": summary.status.value,
        "case_type": summary.case_type.value,
        "incident_date": iso(summary.incident_date),
        "jurisdiction": summary.jurisdiction,
        "attorney": summary.attorney,
        "next_action": summary.next_action,
        "next_action_on": iso(summary.next_action_on),
    }


def _case_table(summaries: Sequence[CaseSummary]) -> str:
    """The case list as aligned text columns under a header."""
    header = ("Number", "Status", "Client", "Caption", "Incident", "State")
    rows = [
        (
            s.number,
            s.status.label,
            cut(s.client_name, MAX_COLUMN["client"]),
            cut(s.caption, MAX_COLUMN["caption"]),
            iso(s.incident_date) or "-",
            s.jurisdiction or "-",
        )
        for s in summaries
    ]
    return text_table(header, rows)
