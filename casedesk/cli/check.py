"""``casedesk check``: check a case file's database, search index and stored files; repair what is safe."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING, Any

from casedesk.cli.common import (
    EXIT_FAILED,
    EXIT_OK,
    add_common_options,
    db_path,
    open_for_command,
    print_json,
    say,
)

if TYPE_CHECKING:
    from casedesk.domain.check import CheckReport


def add_parser(commands: Any) -> None:
    """Register ``casedesk check`` with the subcommands of ``casedesk``."""
    check = commands.add_parser(
        "check",
        help="check a case file for damage: database, search index, stored documents",
        description="Check the case file: SQLite's page and foreign-key checks, the search index against "
        "the stored texts, and every stored document (present, and its content unchanged since import, by "
        "its SHA-256). Files in the document folder that belong to no document are listed. With --repair, "
        "what can be put right without losing anything is: the search index is rebuilt and leftovers of "
        "interrupted imports are removed. On a firm database the server looks after its own pages and "
        "foreign keys; check looks at the search index and the shared documents folder. Exit status 1 when "
        "a problem remains.",
    )
    add_common_options(check, db_help="the case file to check")
    check.add_argument(
        "--repair", action="store_true", help="also repair what can be repaired without losing anything"
    )
    check.set_defaults(command=_check, parser=check)


def _check(args: argparse.Namespace) -> int:
    """``casedesk check``: the report, as text or JSON; exit 1 when a problem remains."""
    services = open_for_command(args, db_path(args), writes=args.repair)
    try:
        report = services.check.check(repair=args.repair)
    finally:
        services.close()
    if args.json:
        print_json(_report_json(report))
    else:
        _print_report(report)
    return EXIT_OK if report.ok else EXIT_FAILED


def _print_report(report: CheckReport) -> None:
    for finding in report.findings:
        print(f"{finding.severity.label}: {finding.area.label}: {finding.message}")
        if finding.remedy:
            print(f"    {finding.remedy}")
    if report.repairable:
        say("Run again with --repair to put right what can be repaired without loss.")
    say(report.summary())


def _report_json(report: CheckReport) -> dict[str, Any]:
    return {
        "ok": report.ok,
        "documents_checked": report.documents,
        "summary": report.summary(),
        "findings": [
            {
                "severity": finding.severity.value,
                "area": finding.area.value,
                "message": finding.message,
                "remedy": finding.remedy,
                "repairable": finding.repairable,
            }
            for finding in report.findings
        ],
    }
