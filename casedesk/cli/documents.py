"""``casedesk import``: import PDF files into a case's document store."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING, Any

from casedesk.cli.common import (
    EXIT_FAILED,
    EXIT_OK,
    add_common_options,
    case_id_numbered,
    db_path,
    open_for_command,
    print_json,
    say,
)

if TYPE_CHECKING:
    from casedesk.domain.documents import ImportOutcome


def add_parser(commands: Any) -> None:
    """Register ``casedesk import`` with the subcommands of ``casedesk``."""
    parser = commands.add_parser(
        "import",
        help="import PDF files into a case's documents",
        description="Copy PDF files into the case file's document folder (the originals are only read), "
        "extract their text for search, and add them to a case. Each file is reported imported, duplicate "
        "(already in the case) or failed with the reason; the good files are imported even when others "
        "fail. Exit status 1 if any file failed.",
    )
    add_common_options(parser, db_help="the case file to import into")
    parser.add_argument("--case", required=True, metavar="NUMBER", help="the case, e.g. PI-2026-00123")
    parser.add_argument(
        "--password",
        metavar="PW",
        default="",
        help="the password of password-protected files (files that need none ignore it)",
    )
    parser.add_argument("files", nargs="+", type=Path, metavar="FILE", help="the PDF files to import")
    parser.set_defaults(command=_import, parser=parser)


def _import(args: argparse.Namespace) -> int:
    """``casedesk import``: import the files, then report each."""
    path = db_path(args)
    services = open_for_command(args, path)
    try:
        case_id = case_id_numbered(services.cases, args.case, path) or 0
        files: list[Path] = args.files
        passwords = dict.fromkeys(files, args.password) if args.password else None
        outcomes = services.documents.import_files(case_id, files, passwords=passwords)
    finally:
        services.close()
    reported = [_outcome_json(outcome, bool(args.password)) for outcome in outcomes]
    if args.json:
        print_json(reported)
    else:
        for item in reported:
            print(_outcome_text(item))
        say(_summary(reported))
    return EXIT_FAILED if any(item["status"] == "failed" for item in reported) else EXIT_OK


def _outcome_json(outcome: ImportOutcome, password_given: bool) -> dict[str, Any]:
    """One file's outcome: ``imported``, ``duplicate`` or ``failed``, with the reason and the document."""
    from casedesk.domain.documents import ImportStatus
    from casedesk.services.documents import NEEDS_PASSWORD_CLI

    status = outcome.status
    reason = outcome.message
    if status is ImportStatus.NEEDS_PASSWORD:
        reason = "the password given with --password is wrong" if password_given else NEEDS_PASSWORD_CLI
    shown = status.value if status in (ImportStatus.IMPORTED, ImportStatus.DUPLICATE) else "failed"
    document = outcome.document
    return {
        "file": str(outcome.path),
        "status": shown,
        "reason": None if status is ImportStatus.IMPORTED else reason,
        "message": reason,
        "document_id": document.id if document else None,
        "title": document.display_name if document else None,
        "pages": document.page_count if document else None,
        "sha256": document.sha256 if document else None,
        "repaired": document.repaired if document else None,
    }


def _outcome_text(item: dict[str, Any]) -> str:
    """``imported  a.pdf  (20 pages)``; ``failed  b.pdf: why``."""
    if item["status"] == "imported":
        note = ", repaired" if item["repaired"] else ""
        return f"imported   {item['file']}  ({_pages(item['pages'])}{note})"
    if item["status"] == "duplicate":
        return f"duplicate  {item['file']}: {item['reason']}"
    return f"failed     {item['file']}: {item['reason']}"


def _summary(reported: list[dict[str, Any]]) -> str:
    counts = {status: sum(1 for item in reported if item["status"] == status) for status in _ORDER}
    pages = sum(item["pages"] or 0 for item in reported if item["status"] == "imported")
    parts = [f"{counts['imported']:,} imported ({_pages(pages)})"]
    if counts["duplicate"]:
        parts.append(f"{counts['duplicate']:,} already in the case")
    if counts["failed"]:
        parts.append(f"{counts['failed']:,} failed")
    return ", ".join(parts) + "."


_ORDER = ("imported", "duplicate", "failed")


def _pages(count: int) -> str:
    return "1 page" if count == 1 else f"{count:,} pages"
