"""``casedesk migrate``: move a case file into a firm database, or a firm database into a case file."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from casedesk.cli.common import (
    DOCUMENTS_ENV,
    EXIT_FAILED,
    EXIT_OK,
    UsageError,
    add_passphrase_option,
    db_target,
    passphrase_from,
    print_json,
    say,
    text_table,
)

if TYPE_CHECKING:
    from casedesk.services.transfer import TransferReport


def add_parser(commands: Any) -> None:
    """Register ``casedesk migrate`` with the subcommands of ``casedesk``."""
    migrate = commands.add_parser(
        "migrate",
        help="move a case file into a firm database, or back out into a case file",
        description="Copy every record and stored document of a case file (a .sqlite file or a firm "
        "database's URL) into an empty one: a new .sqlite file, or a firm database that holds no case data "
        "yet (its user accounts may already be there). Ids are kept, documents are checked by SHA-256, and "
        "the records go in one transaction: if anything fails, or you press Ctrl+C, the target is left as "
        "it was. Afterwards the rows of every table are counted on both sides; the exit status is 1 if any "
        "count differs. The source is only read. Documents of an encrypted case file are stored plain in "
        "the target (encrypt a new .sqlite file afterwards with casedesk encrypt).",
    )
    migrate.add_argument(
        "--from",
        dest="source",
        type=db_target,
        required=True,
        metavar="PATH|URL",
        help="the case file to copy: a .sqlite file or a firm database's URL (postgresql+psycopg://…)",
    )
    migrate.add_argument(
        "--to",
        dest="target",
        type=db_target,
        required=True,
        metavar="PATH|URL",
        help="where to copy it: a new .sqlite file, or an empty firm database's URL",
    )
    migrate.add_argument(
        "--from-documents",
        type=Path,
        metavar="DIR",
        help=f"the source firm database's documents folder (default ${DOCUMENTS_ENV}; a .sqlite file's "
        "folder is the <name>-documents folder beside it)",
    )
    migrate.add_argument(
        "--to-documents",
        type=Path,
        metavar="DIR",
        help=f"the target firm database's documents folder, which must exist (default ${DOCUMENTS_ENV})",
    )
    add_passphrase_option(migrate)
    migrate.add_argument("--json", action="store_true", help="print the report as JSON on stdout")
    migrate.set_defaults(command=_migrate, parser=migrate)


def _migrate(args: argparse.Namespace) -> int:
    from casedesk.services.transfer import transfer_case_file

    source_documents = _documents(args.source, args.from_documents, "--from-documents")
    target_documents = _documents(args.target, args.to_documents, "--to-documents")
    if isinstance(args.target, Path) and args.target.suffix.lower() != ".sqlite":
        raise UsageError(f"--to names {args.target}; a case file's name ends in .sqlite")
    try:
        report = transfer_case_file(
            args.source,
            args.target,
            source_documents=source_documents,
            target_documents=target_documents,
            passphrase=passphrase_from(args),
            progress=_progress_line() if sys.stderr.isatty() else _quiet,
        )
    except KeyboardInterrupt:
        say("\ncasedesk: interrupted; the target was left as it was (nothing was moved).")
        return EXIT_FAILED
    if args.json:
        print_json(_report_json(report))
    else:
        rows = [
            (count.table, f"{count.source:,}", f"{count.target:,}", "ok" if count.matches else "DIFFERS")
            for count in report.tables
        ]
        print(text_table(("Table", "Source rows", "Target rows", ""), rows))
    verdict = "every table's rows counted on both sides" if report.verified else "ROW COUNTS DIFFER"
    say(
        f"Moved {report.source} to {report.target}: {report.rows:,} records and {report.documents:,} "
        f"stored files ({report.document_bytes / 1e6:,.1f} MB, each checked by SHA-256) in "
        f"{report.seconds:.1f} s; {verdict}."
    )
    if not report.verified:
        say("Tables that differ: " + ", ".join(c.table for c in report.mismatched) + ".")
        return EXIT_FAILED
    return EXIT_OK


def _documents(target: Path | str, given: Path | None, option: str) -> Path | None:
    """A firm database's documents folder: the option, else $CASEDESK_DOCUMENTS; None for a file."""
    if isinstance(target, Path):
        if given is not None:
            raise UsageError(f"{option} is for a firm database; a case file's documents are beside it")
        return None
    if given is None and os.environ.get(DOCUMENTS_ENV):
        given = Path(os.environ[DOCUMENTS_ENV])
    if given is None:
        raise UsageError(f"a firm database needs its documents folder: {option} DIR (or ${DOCUMENTS_ENV})")
    return given.expanduser()


def _report_json(report: TransferReport) -> dict[str, Any]:
    return {
        "source": report.source,
        "target": report.target,
        "verified": report.verified,
        "rows": report.rows,
        "documents": report.documents,
        "document_bytes": report.document_bytes,
        "seconds": round(report.seconds, 3),
        "tables": [
            {"table": c.table, "source": c.source, "target": c.target, "matches": c.matches}
            for c in report.tables
        ],
        "not_copied": list(report.skipped),
    }


def _quiet(done: int, total: int, message: str) -> None:
    """No progress line when stderr is not a terminal (scripts read the summary at the end)."""


def _progress_line() -> Any:
    """A progress callback that rewrites one line on the terminal."""

    def report(done: int, total: int, message: str) -> None:
        end = "\n" if done >= total else ""
        shown = message if len(message) <= 40 else message[:39] + "…"
        print(f"\rMoving… {done:,}/{total:,} {shown:<40}", end=end, file=sys.stderr, flush=True)

    return report
