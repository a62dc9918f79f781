"""The ``casedesk`` command: opens the app, or runs a headless subcommand for scripts and tests.

Conventions (DESIGN.md §6): ``--db PATH`` (or a firm database's URL, with ``--documents`` and ``--user``)
everywhere, ``CASEDESK_DB`` as the fallback, then the default case file in the user data folder;
``--json`` output on stdout, messages on stderr; exit status 0 on success, 1 when the command ran but
failed, 2 on bad usage. Heavy libraries (SQLAlchemy, Qt) are imported
inside the subcommands, so ``casedesk --version`` and ``--help`` stay fast.

Each command group has its module here, which registers its parser and holds its commands: ``demo``,
``cases``, ``valuation`` (value), ``limitations`` (sol), ``calendar`` (calendar, export ics) and
``interviews`` (interviews, export interview); ``common`` holds what they share.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable, Sequence

from casedesk import __version__
from casedesk.cli import (
    audit,
    backup,
    bills,
    binder,
    calendar,
    cases,
    check,
    chronology,
    demo,
    documents,
    encryption,
    exhibits,
    expenses,
    insurance,
    interviews,
    invoices,
    letters,
    limitations,
    migrate,
    negotiation,
    reports,
    requests,
    search,
    selftest,
    settlement,
    users,
    valuation,
)
from casedesk.cli.common import (
    DB_ENV,
    EXIT_FAILED,
    EXIT_OK,
    EXIT_USAGE,
    UsageError,
    add_database_options,
    db_path,
    default_db_path,
    documents_from,
    say,
)
from casedesk.cli.demo import DEFAULT_DEMO_CASES
from casedesk.domain.errors import CasedeskError

__all__ = [
    "DB_ENV",
    "DEFAULT_DEMO_CASES",
    "EXIT_FAILED",
    "EXIT_OK",
    "EXIT_USAGE",
    "UsageError",
    "build_parser",
    "default_db_path",
    "main",
]


def main(argv: Sequence[str] | None = None) -> int:
    """Run the ``casedesk`` command.

    Args:
        argv: The arguments after the program name; ``sys.argv[1:]`` when ``None``.

    Returns:
        The exit status: 0 success, 1 the command ran but failed, 2 bad usage.
    """
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # --help, --version and usage errors: argparse has said why
        return exc.code if isinstance(exc.code, int) else EXIT_USAGE
    command: Callable[[argparse.Namespace], int] = args.command
    try:
        return command(args)
    except UsageError as exc:
        command_parser: argparse.ArgumentParser = getattr(args, "parser", parser)
        command_parser.print_usage(sys.stderr)
        say(f"{command_parser.prog}: error: {exc}")
        return EXIT_USAGE
    except CasedeskError as exc:
        say(f"casedesk: {exc.message}")
        if exc.hint:
            say(exc.hint)
        return EXIT_FAILED
    except KeyboardInterrupt:
        say("casedesk: interrupted; nothing more was saved.")
        return EXIT_FAILED
    except BrokenPipeError:  # the reader went away (casedesk calendar | head): stop quietly
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return EXIT_FAILED


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of ``casedesk`` and its subcommands."""
    parser = argparse.ArgumentParser(
        prog="casedesk",
        description="Offline case-file organizer for personal-injury case managers. "
        "Without a subcommand, opens the app.",
        epilog=f"The case file is --db PATH, else ${DB_ENV}, else {default_db_path()}. "
        "Exit status: 0 success, 1 the command ran but failed, 2 bad usage.",
    )
    parser.add_argument("--version", action="version", version=f"casedesk {__version__}")
    add_database_options(parser, "the case file to open")
    parser.set_defaults(command=_open_app)
    commands = parser.add_subparsers(title="commands", metavar="COMMAND")
    # The order here is the order of ``casedesk --help``.
    demo.add_parser(commands)
    cases.add_parser(commands)
    valuation.add_parser(commands)
    limitations.add_parser(commands)
    calendar.add_parser(commands)
    export = commands.add_parser("export", help="export data to files other programs open")
    formats = export.add_subparsers(title="formats", metavar="FORMAT", required=True)
    calendar.add_export_parser(formats)
    interviews.add_parser(commands)
    interviews.add_export_parser(formats)
    chronology.add_parser(commands)
    chronology.add_export_parser(formats)
    bills.add_parser(commands)
    requests.add_parser(commands)
    search.add_parser(commands)
    documents.add_parser(commands)
    expenses.add_parser(commands)
    expenses.add_export_parser(formats)
    invoices.add_parser(commands)
    settlement.add_parser(commands)
    settlement.add_export_parser(formats)
    insurance.add_parser(commands)
    negotiation.add_parser(commands)
    letters.add_parser(commands)
    reports.add_export_parser(formats)
    check.add_parser(commands)
    backup.add_parser(commands)
    encryption.add_parser(commands)
    audit.add_parser(commands)
    migrate.add_parser(commands)
    users.add_parser(commands)
    exhibits.add_export_parser(formats)
    binder.add_export_parser(formats)
    selftest.add_parser(commands)
    return parser


def _open_app(args: argparse.Namespace) -> int:
    from casedesk.app import run_gui

    target = db_path(args)
    return run_gui(target, documents_from(args) if isinstance(target, str) else None)
