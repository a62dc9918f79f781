"""``casedesk demo``: a new case file of fictional demo data."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from typing import Any

from casedesk.cli.common import (
    DB_ENV,
    EXIT_OK,
    UsageError,
    add_common_options,
    chosen_db_path,
    documents_from,
    iso_date,
    positive_int,
    print_json,
    say,
)
from casedesk.domain.errors import ValidationError

DEFAULT_DEMO_CASES = 200


def add_parser(commands: Any) -> None:
    """Register ``casedesk demo`` with the subcommands of ``casedesk``."""
    demo = commands.add_parser(
        "demo",
        help="create a case file of fictional demo data",
        description="Create a new case file filled with realistic, entirely fictional demo data. "
        "Refuses a file that already holds anything.",
    )
    add_common_options(demo, db_help=f"the case file to create (required, or ${DB_ENV})")
    demo.add_argument(
        "--cases",
        type=positive_int,
        default=DEFAULT_DEMO_CASES,
        metavar="N",
        help="how many cases (default 200)",
    )
    demo.add_argument("--seed", type=int, default=1, metavar="S", help="same seed, same data (default 1)")
    demo.add_argument(
        "--today",
        type=iso_date,
        metavar="YYYY-MM-DD",
        help="the date the demo is made as of (default: today); fix it for reproducible files",
    )
    demo.set_defaults(command=_make_demo, parser=demo)


def _make_demo(args: argparse.Namespace) -> int:
    from casedesk.services.clock import system_clock, today
    from casedesk.services.demo import create_demo

    path = chosen_db_path(args)
    if path is None:  # demo data never lands in the user's default case file by accident
        raise UsageError(f"demo needs --db PATH (or ${DB_ENV}) naming the case file to create")
    try:
        summary = create_demo(
            path,
            today=args.today or today(system_clock),
            cases=args.cases,
            seed=args.seed,
            progress=_progress_line("Writing demo cases") if sys.stderr.isatty() else None,
            documents=documents_from(args) if isinstance(path, str) else None,
        )
    except ValidationError as exc:
        raise UsageError(exc.message) from exc
    if args.json:
        print_json(
            {
                "path": str(summary.path),
                "cases": summary.cases,
                "clients": summary.clients,
                "contacts": summary.contacts,
                "case_contacts": summary.case_contacts,
                "activities": summary.activities,
                "events": summary.events,
                "tasks": summary.tasks,
                "interviews": summary.interviews,
            }
        )
    say(
        f"Created demo case file {summary.path}: {summary.cases:,} cases, {summary.clients:,} clients, "
        f"{summary.contacts:,} contacts, {summary.activities:,} timeline entries, "
        f"{summary.events:,} calendar events, {summary.tasks:,} tasks, {summary.interviews:,} interviews."
    )
    return EXIT_OK


def _progress_line(label: str) -> Callable[[int, int], None]:
    """A progress callback that rewrites one line on the terminal."""

    def report(done: int, total: int) -> None:
        end = "\n" if done >= total else ""
        print(f"\r{label}… {done:,}/{total:,}", end=end, file=sys.stderr, flush=True)

    return report
