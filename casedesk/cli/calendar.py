"""``casedesk calendar`` (the agenda of a span of days) and ``casedesk export ics``."""

from __future__ import annotations

import argparse
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from casedesk.cli.common import (
    EXIT_OK,
    MAX_COLUMN,
    UsageError,
    add_common_options,
    add_database_options,
    case_id_numbered,
    cut,
    db_path,
    iso,
    iso_date,
    open_for_command,
    print_json,
    say,
    text_table,
)

if TYPE_CHECKING:
    from casedesk.domain.calendar import AgendaItem
    from casedesk.domain.cases import CaseSummary


def add_parser(commands: Any) -> None:
    """Register ``casedesk calendar`` with the subcommands of ``casedesk``."""
    calendar = commands.add_parser(
        "calendar",
        help="list events and tasks across cases (or one case)",
        description="List the events and open tasks of a span of days, overdue deadlines and tasks first "
        "(when the span starts today or later); conflicts between attended events are flagged.",
    )
    add_common_options(calendar, db_help="the case file to read")
    calendar.add_argument(
        "--from", dest="start", type=iso_date, metavar="YYYY-MM-DD", help="first day (default: today)"
    )
    calendar.add_argument(
        "--to",
        dest="end",
        type=iso_date,
        metavar="YYYY-MM-DD",
        help="last day (default: 30 days after --from)",
    )
    calendar.add_argument("--case", metavar="NUMBER", help="only this case, e.g. PI-2026-00123")
    calendar.set_defaults(command=_calendar, parser=calendar)


def add_export_parser(formats: Any) -> None:
    """Register ``casedesk export ics`` with the formats of ``casedesk export``."""
    ics = formats.add_parser(
        "ics",
        help="export calendar events to an iCalendar (.ics) file",
        description="Write every event (or one case's) to an .ics file that Outlook and Google Calendar "
        "import; events keep their UIDs, so importing a newer export updates them instead of duplicating.",
    )
    add_database_options(ics, "the case file to read", default=argparse.SUPPRESS)
    ics.add_argument("--case", metavar="NUMBER", help="only this case's events")
    ics.add_argument("-o", "--output", type=Path, required=True, metavar="FILE.ics", help="the file to write")
    ics.set_defaults(command=_export_ics, parser=ics)


def _calendar(args: argparse.Namespace) -> int:
    """``casedesk calendar``: the agenda of a span of days."""
    from datetime import timedelta

    path = db_path(args)
    services = open_for_command(args, path, writes=False)
    try:
        case_id = case_id_numbered(services.cases, args.case, path)
        start = args.start or services.calendar.today()
        end = args.end or start + timedelta(days=30)
        if end < start:
            raise UsageError("--to is before --from")
        span = services.calendar.range(start, end, case_id)
        summaries = {s.id: s for s in services.cases.summaries(list(span.case_labels))}
    finally:
        services.close()
    conflicted = {e.uid for c in span.agenda.conflicts for e in (c.first, c.second)}
    rows = [
        _agenda_json(item, summaries[item.case_id], item.event is not None and item.event.uid in conflicted)
        for item in span.agenda.items
    ]
    if args.json:
        conflicts = [[c.first.uid, c.second.uid] for c in span.agenda.conflicts]
        print_json({"from": start.isoformat(), "to": end.isoformat(), "items": rows, "conflicts": conflicts})
    elif rows:
        print(_agenda_table(rows))
        say(f"{len(rows):,} items from {start:%Y-%m-%d} to {end:%Y-%m-%d}")
    else:
        say(f"Nothing from {start:%Y-%m-%d} to {end:%Y-%m-%d}.")
    return EXIT_OK


def _export_ics(args: argparse.Namespace) -> int:
    """``casedesk export ics``: events to an .ics file."""
    path = db_path(args)
    services = open_for_command(args, path, writes=False)
    try:
        case_id = case_id_numbered(services.cases, args.case, path)
        written = services.calendar.export_ics(args.output, case_id)
    finally:
        services.close()
    say(f"Wrote {written:,} events to {args.output}.")
    return EXIT_OK


def _agenda_json(item: AgendaItem, case: CaseSummary, conflict: bool) -> dict[str, Any]:
    """One agenda line for ``casedesk calendar --json`` (times in the machine's zone, with their offset)."""
    common = {"date": iso(item.day), "case": case.number, "caption": case.caption, "overdue": item.overdue}
    if item.event is not None:
        event = item.event
        return {
            "type": "event",
            **common,
            "kind": event.kind.value,
            "title": event.title,
            "start": event.starts_at.astimezone().isoformat() if event.starts_at else None,
            "end": event.ends_at.astimezone().isoformat() if event.ends_at else None,
            "location": event.location,
            "done_on": iso(event.done_on),
            "conflict": conflict,
            "uid": event.uid,
        }
    assert item.task is not None
    return {
        "type": "task",
        **common,
        "kind": "task",
        "title": item.task.title,
        "priority": item.task.priority.name.lower(),
    }


def _agenda_table(rows: Sequence[dict[str, Any]]) -> str:
    """The agenda as aligned text columns: date, time, what, title, case, flags."""
    header = ("Date", "Time", "What", "Title", "Case", "")
    lines = []
    for row in rows:
        time = row["start"][11:16] if row.get("start") else ("task" if row["type"] == "task" else "all day")
        flags = [flag for flag, on in (("OVERDUE", row["overdue"]), ("CONFLICT", row.get("conflict"))) if on]
        lines.append(
            (
                row["date"] or "-",
                time,
                row["kind"].replace("_", " "),
                cut(row["title"], MAX_COLUMN["caption"]),
                row["case"],
                " ".join(flags),
            )
        )
    return text_table(header, lines)
