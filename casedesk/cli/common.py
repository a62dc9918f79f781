"""What the ``casedesk`` subcommands share: exit statuses, the case file option, argument types, output."""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from casedesk.domain.cases import CaseSummary
    from casedesk.services.casefiles import Services
    from casedesk.services.cases import CaseService

EXIT_OK = 0
EXIT_FAILED = 1
EXIT_USAGE = 2
DB_ENV = "CASEDESK_DB"
#: Where scripts put the passphrase of an encrypted case file (``--passphrase-env`` names another).
PASSPHRASE_ENV = "CASEDESK_PASSPHRASE"
#: Widest a text column of ``casedesk cases`` gets before it is cut with "…".
MAX_COLUMN = {"client": 28, "caption": 44}


class UsageError(Exception):
    """The command line asks for something that cannot be done as given (exit status 2)."""


def default_db_path() -> Path:
    """The case file used when neither ``--db`` nor ``CASEDESK_DB`` names one."""
    import platformdirs

    return platformdirs.user_data_path("casedesk", appauthor=False) / "casedesk.sqlite"


def add_common_options(parser: argparse.ArgumentParser, db_help: str) -> None:
    """Give a subcommand ``--db PATH``, ``--passphrase-env NAME`` and ``--json``."""
    # SUPPRESS keeps a --db given before the subcommand unless the subcommand gives its own.
    parser.add_argument("--db", type=Path, metavar="PATH", default=argparse.SUPPRESS, help=db_help)
    add_passphrase_option(parser, default=argparse.SUPPRESS)
    parser.add_argument("--json", action="store_true", help="print machine-readable JSON on stdout")


def add_passphrase_option(parser: argparse.ArgumentParser, default: Any = None) -> None:
    """Give a parser ``--passphrase-env NAME``: the environment variable holding the passphrase."""
    parser.add_argument(
        "--passphrase-env",
        metavar="NAME",
        default=default,
        help=f"read an encrypted case file's passphrase from this environment variable "
        f"(default ${PASSPHRASE_ENV}; without it, casedesk asks at the terminal)",
    )


def passphrase_from(args: argparse.Namespace) -> str | None:
    """The passphrase given in the environment for an encrypted case file, or None.

    Raises:
        UsageError: ``--passphrase-env`` names a variable that is not set.
    """
    named: str | None = getattr(args, "passphrase_env", None)
    value = os.environ.get(named or PASSPHRASE_ENV)
    if named and value is None:
        raise UsageError(f"--passphrase-env names {named}, which is not set")
    return value


def open_for_command(
    args: argparse.Namespace, path: Path, *, create: bool = False, writes: bool = True
) -> Services:
    """Open the case file for a subcommand, asking for its passphrase at the terminal if it needs one.

    Args:
        args: The parsed command line (for ``--passphrase-env``).
        path: The case file.
        create: Create it if it does not exist.
        writes: The command changes the case file. A command that only reads opens a file that another
            casedesk has open read-only, and says so; one that writes is refused.

    Raises:
        CasedeskError: The file cannot be opened (wrong passphrase, in use, damaged…); it is untouched.
    """
    from getpass import getpass

    from casedesk.domain.errors import CaseFileInUseError, PassphraseError
    from casedesk.services.casefiles import open_services

    passphrase = passphrase_from(args)
    read_only = False
    while True:
        try:
            return open_services(path, create=create, passphrase=passphrase, read_only=read_only)
        except PassphraseError as exc:
            if exc.wrong or passphrase is not None or not sys.stdin.isatty():
                raise
            passphrase = getpass(f"Passphrase for {path.name}: ")
        except CaseFileInUseError:
            if writes or read_only:
                raise
            say(f"casedesk: {path.name} is open in another casedesk; reading it read-only.")
            read_only = True


def positive_int(text: str) -> int:
    """An argument type: a whole number of at least 1."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number: {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1: {text!r}")
    return value


def iso_date(text: str) -> date:
    """An argument type: a date written YYYY-MM-DD."""
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date (YYYY-MM-DD): {text!r}") from None


def chosen_db_path(args: argparse.Namespace) -> Path | None:
    """The case file named by ``--db`` or ``CASEDESK_DB``, if any."""
    named: Path | None = args.db
    if named is None and os.environ.get(DB_ENV):
        named = Path(os.environ[DB_ENV])
    return named.expanduser() if named is not None else None


def db_path(args: argparse.Namespace) -> Path:
    """The case file to open: the one named on the command line or in the environment, else the default."""
    return chosen_db_path(args) or default_db_path()


def case_numbered(cases: CaseService, number: str) -> CaseSummary | None:
    """The case with this number, whatever its letter case."""
    from casedesk.domain.cases import CaseQuery

    wanted = number.strip().casefold()
    if not wanted:
        return None
    found = cases.list_cases(CaseQuery(text=wanted))
    return next((summary for summary in found if summary.number.casefold() == wanted), None)


def case_id_numbered(cases: CaseService, number: str | None, path: Path) -> int | None:
    """The id of the case numbered ``number`` (None when no number is given); a usage error if none is."""
    if number is None:
        return None
    summary = case_numbered(cases, number)
    if summary is None:
        raise UsageError(f"no case numbered “{number.strip()}” in {path}")
    return summary.id


def say(message: str) -> None:
    """A message for the person at the terminal, on stderr (stdout is for the output)."""
    print(message, file=sys.stderr)


def print_json(value: Any) -> None:
    """Print ``value`` as indented JSON on stdout."""
    json.dump(value, sys.stdout, indent=2)
    sys.stdout.write("\n")


def iso(day: date | None) -> str | None:
    """A date for JSON: YYYY-MM-DD, or None."""
    return day.isoformat() if day else None


def text_table(header: Sequence[str], rows: Sequence[Sequence[str]]) -> str:
    """Rows as aligned text columns under a header."""
    widths = [max(len(row[i]) for row in [header, *rows]) for i in range(len(header))]
    return "\n".join(
        "  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip()
        for row in [header, *rows]
    )


def cut(text: str, width: int) -> str:
    """``text`` cut to ``width`` characters, ending in "…" when it was longer."""
    return text if len(text) <= width else text[: width - 1] + "…"
