"""``casedesk audit``: the audit trail of a case file or of one case, as text, JSON, .xlsx or .csv."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING, Any

from casedesk.cli.common import (
    EXIT_OK,
    UsageError,
    add_common_options,
    case_id_numbered,
    cut,
    db_path,
    open_for_command,
    print_json,
    say,
    text_table,
)
from casedesk.domain.audit import AuditKind

if TYPE_CHECKING:
    from casedesk.domain.audit import AuditEntry

_SUFFIXES = (".xlsx", ".csv")


def add_parser(commands: Any) -> None:
    """Register ``casedesk audit`` with the subcommands of ``casedesk``."""
    audit = commands.add_parser(
        "audit",
        help="show or export the audit trail: changes to money, deadlines, liens, settlements; exports",
        description="Show the audit trail, newest first: who changed money, deadlines, liens or settlement "
        "statements, when, and each field before and after; who deleted a case; and every export of "
        "case data to a file. With -o, write it to an .xlsx or .csv file instead (the export is itself "
        "recorded).",
    )
    add_common_options(audit, db_help="the case file whose trail to show")
    audit.add_argument("--case", metavar="NUMBER", help="only this case's entries (by case number)")
    audit.add_argument(
        "--kind",
        choices=[kind.value for kind in AuditKind],
        help="only entries of this kind",
    )
    audit.add_argument(
        "-o", "--output", type=Path, metavar="FILE", help="write the trail to FILE.xlsx or .csv"
    )
    audit.set_defaults(command=_audit, parser=audit)


def _audit(args: argparse.Namespace) -> int:
    """``casedesk audit``: print the trail, or write it to a file."""
    output: Path | None = args.output
    if output is not None and output.suffix.lower() not in _SUFFIXES:
        raise UsageError(f"-o must name an .xlsx or .csv file, not {output.name}")
    path = db_path(args)
    services = open_for_command(args, path, writes=output is not None)
    try:
        case_id = case_id_numbered(services.cases, args.case, path) if args.case else None
        if output is not None:
            rows = services.audit.export(case_id, output)
            say(f"Wrote {rows} audit row{'s' if rows != 1 else ''} to {output}.")
            return EXIT_OK
        entries = services.audit.entries(case_id, AuditKind(args.kind) if args.kind else None)
    finally:
        services.close()
    if args.json:
        print_json([_entry_json(entry) for entry in entries])
    elif entries:
        print(
            text_table(("WHEN", "WHO", "CASE", "ACTION", "WHAT"), [_entry_cells(entry) for entry in entries])
        )
    else:
        say("The audit trail has no entries" + (f" for case {args.case}." if args.case else "."))
    return EXIT_OK


def _entry_cells(entry: AuditEntry) -> list[str]:
    what = entry.summary
    if entry.changes:
        what += " — " + "; ".join(entry.changes_text().splitlines())
    elif entry.detail:
        what += f" — {entry.detail}"
    return [
        entry.at.astimezone().strftime("%Y-%m-%d %H:%M"),
        entry.user,
        entry.case_number,
        entry.action.label,
        cut(what, 100),
    ]


def _entry_json(entry: AuditEntry) -> dict[str, Any]:
    return {
        "at": entry.at.isoformat(),
        "user": entry.user,
        "case_id": entry.case_id,
        "case_number": entry.case_number,
        "action": entry.action.value,
        "kind": entry.kind.value,
        "entity": entry.entity,
        "entity_id": entry.entity_id,
        "summary": entry.summary,
        "changes": [{"field": c.field, "before": c.before, "after": c.after} for c in entry.changes],
        "detail": entry.detail,
    }
