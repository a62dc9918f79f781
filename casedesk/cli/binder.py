"""``casedesk export binder``: a case's trial binder (or one witness's binder) as one PDF."""

from __future__ import annotations

import argparse
import sys
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from casedesk.cli.common import (
    EXIT_FAILED,
    EXIT_OK,
    UsageError,
    add_database_options,
    case_id_numbered,
    db_path,
    open_for_command,
    positive_int,
    say,
)

if TYPE_CHECKING:
    from casedesk.domain.progress import Progress
    from casedesk.services.casefiles import Services


def add_export_parser(formats: Any) -> None:
    """Register ``casedesk export binder`` with the formats of ``casedesk export``."""
    export = formats.add_parser(
        "binder",
        help="write a case's trial binder (or one witness's binder) as one Bates-stamped PDF",
        description="Write the case's trial binder as one PDF: cover, contents, a divider per section, the "
        "case summary, order of proof, witness sheets, the exhibit index and the exhibits with their "
        "stickers, the medical chronology and the specials, and the documents filed in each section, with "
        "bookmarks. Documents without Bates numbers are numbered first (logged as a production to "
        "“Trial binder”), so every later binder shows the same numbers.",
    )
    add_database_options(export, "the case file to read", default=argparse.SUPPRESS)
    export.add_argument("--case", required=True, metavar="NUMBER", help="the case, e.g. PI-2026-00123")
    export.add_argument(
        "-o", "--output", type=Path, required=True, metavar="FILE.pdf", help="the PDF to write"
    )
    export.add_argument(
        "--bates-prefix", metavar="P", help="change the case's Bates prefix first, e.g. SMITH"
    )
    export.add_argument(
        "--bates-start", type=positive_int, metavar="N", help="change the case's first Bates number first"
    )
    export.add_argument(
        "--bates-digits", type=positive_int, metavar="D", help="change the digits of the case's Bates numbers"
    )
    export.add_argument("--witness", metavar="NAME", help="write only this witness's binder")
    export.add_argument(
        "--skip-unreadable",
        action="store_true",
        help="leave out documents that cannot be read (missing, damaged, wrong password) instead of stopping",
    )
    export.set_defaults(command=_export_binder, parser=export)


def _export_binder(args: argparse.Namespace) -> int:
    """``casedesk export binder``: the trial binder as a PDF."""
    output: Path = args.output
    if output.suffix.lower() != ".pdf":
        raise UsageError(f"the output must end in .pdf, not “{output.name}”")
    path = db_path(args)
    services = open_for_command(args, path)
    try:
        case_id = case_id_numbered(services.cases, args.case, path) or 0
        witness_id = _witness_id(services, case_id, args.witness) if args.witness is not None else None
        _change_bates_settings(services, case_id, args)
        result = services.binder.export(
            case_id,
            output,
            witness_id=witness_id,
            progress=_progress_line() if sys.stderr.isatty() else _quiet,
            skip_unreadable=args.skip_unreadable,
        )
    finally:
        services.close()
    say(f"Wrote {output} ({result.page_count:,} pages)")
    for skipped in result.skipped:
        say(f"Left out: {skipped}")
    return EXIT_FAILED if result.skipped else EXIT_OK


def _witness_id(services: Services, case_id: int, name: str) -> int:
    """The id of the case's witness named ``name`` (whatever its letter case); a usage error if none is."""
    witnesses = services.binder.witnesses(case_id)
    wanted = " ".join(name.split()).casefold()
    found = [view for view in witnesses if view.name.casefold() == wanted]
    if len(found) != 1:
        listed = ", ".join(view.name for view in witnesses) or "none"
        raise UsageError(f"no witness named “{name}” on this case (its witnesses: {listed})")
    return found[0].id


def _change_bates_settings(services: Services, case_id: int, args: argparse.Namespace) -> None:
    """Save the Bates options given; the service refuses settings that would reuse or skip numbers."""
    changes: dict[str, Any] = {}
    if args.bates_prefix is not None:
        changes["prefix"] = args.bates_prefix
    if args.bates_start is not None:
        changes["start"] = args.bates_start
    if args.bates_digits is not None:
        changes["digits"] = args.bates_digits
    if changes:
        services.bates.save_settings(case_id, replace(services.bates.settings(case_id), **changes))


def _quiet(done: int, total: int, message: str) -> None:
    """No progress shown (stderr is not a terminal)."""


def _progress_line() -> Progress:
    """A progress callback that rewrites one line on the terminal."""

    def report(done: int, total: int, message: str) -> None:
        end = "\n" if done >= total else ""
        print(
            f"\rWriting binder… {done:,}/{total:,} pages {message[:40]:<40}",
            end=end,
            file=sys.stderr,
            flush=True,
        )

    return report
