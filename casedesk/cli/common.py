"""What the ``casedesk`` subcommands share: exit statuses, the case file option, argument types, output.

``--db`` names a case file (a path) or a firm database (a ``postgresql+psycopg://…`` URL). On a firm
database a command also needs the shared documents folder (``--documents`` or ``$CASEDESK_DOCUMENTS``)
and signs in: the user name from ``--user`` or ``$CASEDESK_USER``, the password from
``$CASEDESK_PASSWORD`` or a prompt at the terminal, never from the command line (every user of the
computer would see it, and the shell would keep it in its history).
"""

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
DOCUMENTS_ENV = "CASEDESK_DOCUMENTS"
USER_ENV = "CASEDESK_USER"
PASSWORD_ENV = "CASEDESK_PASSWORD"
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


def db_target(text: str | os.PathLike[str]) -> Path | str:
    """An argument type: a case file's path, or a firm database's URL (``postgresql+psycopg://…``)."""
    from casedesk.store.engine import is_database_url

    return text if isinstance(text, str) and is_database_url(text) else Path(text)


def add_common_options(parser: argparse.ArgumentParser, db_help: str) -> None:
    """Give a subcommand ``--db``, ``--documents``, ``--user``, ``--passphrase-env NAME`` and ``--json``."""
    # SUPPRESS keeps an option given before the subcommand unless the subcommand gives its own.
    add_database_options(parser, db_help, default=argparse.SUPPRESS)
    add_passphrase_option(parser, default=argparse.SUPPRESS)
    parser.add_argument("--json", action="store_true", help="print machine-readable JSON on stdout")


def add_database_options(parser: argparse.ArgumentParser, db_help: str, default: Any = None) -> None:
    """Give a parser ``--db PATH|URL``, ``--documents DIR`` and ``--user NAME``."""
    parser.add_argument(
        "--db",
        type=db_target,
        metavar="PATH|URL",
        default=default,
        help=f"{db_help}: a .sqlite file, or a firm database's URL (postgresql+psycopg://…)",
    )
    parser.add_argument(
        "--documents",
        type=Path,
        metavar="DIR",
        default=default,
        help=f"a firm database's shared documents folder (default ${DOCUMENTS_ENV})",
    )
    parser.add_argument(
        "--user",
        metavar="NAME",
        default=default,
        help=f"who signs in to a firm database (default ${USER_ENV}); the password is read from "
        f"${PASSWORD_ENV}, else asked at the terminal",
    )


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
    args: argparse.Namespace, target: Path | str, *, create: bool = False, writes: bool = True
) -> Services:
    """Open the case file for a subcommand, asking for its passphrase at the terminal if it needs one.

    A firm database (``target`` a URL) is opened with its documents folder and signed in to
    (:func:`sign_in`).

    Args:
        args: The parsed command line (for ``--passphrase-env``, ``--documents`` and ``--user``).
        target: The case file, or a firm database's URL.
        create: Create it if it does not exist.
        writes: The command changes the case file. A command that only reads opens a file that another
            casedesk has open read-only, and says so; one that writes is refused.

    Raises:
        CasedeskError: The file cannot be opened (wrong passphrase, in use, damaged…); it is untouched.
        SignInError: The firm database did not accept the user name and password.
    """
    from getpass import getpass

    from casedesk.domain.errors import CaseFileInUseError, PassphraseError
    from casedesk.services.casefiles import open_services

    if isinstance(target, str):
        services = open_services(target, create=create, documents=documents_from(args))
        try:
            sign_in(args, services)
        except BaseException:
            services.close()
            raise
        return services
    path = target
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


def documents_from(args: argparse.Namespace) -> Path | None:
    """The firm database's shared documents folder: ``--documents``, else ``$CASEDESK_DOCUMENTS``."""
    named: Path | None = getattr(args, "documents", None)
    if named is None and os.environ.get(DOCUMENTS_ENV):
        named = Path(os.environ[DOCUMENTS_ENV])
    return named.expanduser() if named is not None else None


def sign_in(args: argparse.Namespace, services: Services) -> None:
    """Sign in to a firm database as ``--user`` (or ``$CASEDESK_USER``).

    The password comes from ``$CASEDESK_PASSWORD``, else from a prompt when casedesk runs at a terminal.

    Raises:
        SignInError: No user name or password was given, the firm database has no accounts yet, or the
            name and password were not accepted.
    """
    from getpass import getpass

    from casedesk.domain.errors import SignInError

    users = services.users
    if users.needs_first_user():
        raise SignInError(
            f"The firm database {services.name} has no user accounts yet.",
            "Open it in the casedesk app once to create the first administrator's account.",
        )
    name: str | None = getattr(args, "user", None) or os.environ.get(USER_ENV)
    interactive = sys.stdin.isatty()
    if not name and interactive:
        print(f"User name on {services.name}: ", end="", file=sys.stderr, flush=True)  # stdout is output
        name = sys.stdin.readline().strip()
    if not name:
        raise SignInError(
            f"Sign in to the firm database {services.name}: no user name was given.",
            f"Give it with --user NAME (or ${USER_ENV}) and the password in ${PASSWORD_ENV}.",
        )
    password = os.environ.get(PASSWORD_ENV)
    if password is None and interactive:
        password = getpass(f"Password for {name} on {services.name}: ")
    if password is None:
        raise SignInError(
            f"Sign in to the firm database {services.name}: no password was given for {name}.",
            f"Put it in ${PASSWORD_ENV}, or run the command at a terminal to be asked for it.",
        )
    users.sign_in(name, password)


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


def chosen_db_path(args: argparse.Namespace) -> Path | str | None:
    """The case file (or firm database URL) named by ``--db`` or ``CASEDESK_DB``, if any."""
    named: Path | str | None = args.db
    if named is None and os.environ.get(DB_ENV):
        named = db_target(os.environ[DB_ENV])
    return named.expanduser() if isinstance(named, Path) else named


def db_path(args: argparse.Namespace) -> Path | str:
    """The case file to open: the one named on the command line or in the environment, else the default.

    A firm database is its URL (a ``str``); a case file on this computer its ``Path``.
    """
    return chosen_db_path(args) or default_db_path()


def file_only(target: Path | str, what: str) -> Path:
    """The case file's path for a command that works on a file on this computer only.

    Raises:
        CaseFileError: ``target`` is a firm database (``what`` names the command for the message).
    """
    if isinstance(target, str):
        from casedesk.store.casefile import not_on_firm_database

        raise not_on_firm_database(what)
    return target


def shown(target: Path | str) -> str:
    """A case file or firm database for messages: its path, or its URL without the password."""
    from casedesk.store.engine import display_url, is_database_url

    return display_url(target) if isinstance(target, str) and is_database_url(target) else str(target)


def case_numbered(cases: CaseService, number: str) -> CaseSummary | None:
    """The case with this number, whatever its letter case."""
    from casedesk.domain.cases import CaseQuery

    wanted = number.strip().casefold()
    if not wanted:
        return None
    found = cases.list_cases(CaseQuery(text=wanted))
    return next((summary for summary in found if summary.number.casefold() == wanted), None)


def case_id_numbered(cases: CaseService, number: str | None, target: Path | str) -> int | None:
    """The id of the case numbered ``number`` (None when no number is given); a usage error if none is."""
    if number is None:
        return None
    summary = case_numbered(cases, number)
    if summary is None:
        raise UsageError(f"no case numbered “{number.strip()}” in {shown(target)}")
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
