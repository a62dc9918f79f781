"""``casedesk users``: the people who sign in to a firm database — list, add, passwd, deactivate, reactivate.

Everyone signed in may list the accounts and change their own password; adding people, resetting
another's password and (de)activating accounts are for administrators. A new password never comes from
the command line (others on the computer would see it): it is read from ``$CASEDESK_NEW_PASSWORD``, else
asked twice at the terminal.
"""

from __future__ import annotations

import argparse
import os
import sys
from typing import TYPE_CHECKING, Any

from casedesk.cli.common import (
    EXIT_OK,
    UsageError,
    add_common_options,
    db_path,
    open_for_command,
    print_json,
    say,
    text_table,
)

if TYPE_CHECKING:
    from casedesk.domain.users import User

NEW_PASSWORD_ENV = "CASEDESK_NEW_PASSWORD"


def add_parser(commands: Any) -> None:
    """Register ``casedesk users`` and its subcommands."""
    users = commands.add_parser(
        "users",
        help="the people who sign in to a firm database: list, add, passwd, deactivate",
        description="The accounts of a firm database. Administrators add people, reset passwords and "
        f"deactivate accounts. A new password is read from ${NEW_PASSWORD_ENV}, else asked twice at the "
        "terminal.",
    )
    actions = users.add_subparsers(title="actions", metavar="ACTION", required=True)

    listing = actions.add_parser("list", help="every account: name, full name, role, status")
    add_common_options(listing, db_help="the firm database")
    listing.set_defaults(command=_list, parser=listing)

    add = actions.add_parser("add", help="add a person (administrators)")
    add_common_options(add, db_help="the firm database")
    add.add_argument("name", metavar="NAME", help="what they sign in with (no spaces)")
    add.add_argument("--full-name", default="", metavar="TEXT", help="shown on what they save")
    add.add_argument("--admin", action="store_true", help="may add people, reset passwords, deactivate")
    add.set_defaults(command=_add, parser=add)

    passwd = actions.add_parser("passwd", help="set a password: your own, or anyone's (administrators)")
    add_common_options(passwd, db_help="the firm database")
    passwd.add_argument("name", metavar="NAME", help="whose password")
    passwd.set_defaults(command=_passwd, parser=passwd)

    for action, active, text in (
        ("deactivate", False, "stop an account signing in; its name stays on what it did (administrators)"),
        ("reactivate", True, "let a deactivated account sign in again (administrators)"),
    ):
        parser = actions.add_parser(action, help=text)
        add_common_options(parser, db_help="the firm database")
        parser.add_argument("name", metavar="NAME", help="whose account")
        parser.set_defaults(command=_set_active, parser=parser, active=active)


def _list(args: argparse.Namespace) -> int:
    services = open_for_command(args, db_path(args), writes=False)
    try:
        users = services.users.list()
    finally:
        services.close()
    if args.json:
        print_json([_user_json(user) for user in users])
    else:
        print(text_table(("NAME", "FULL NAME", "ROLE", "STATUS"), [_user_cells(user) for user in users]))
    return EXIT_OK


def _add(args: argparse.Namespace) -> int:
    services = open_for_command(args, db_path(args))
    try:
        services.users.list()  # signed in to a firm database, before asking for a password
        user = services.users.add(args.name, args.full_name, _new_password(args.name), admin=args.admin)
    finally:
        services.close()
    if args.json:
        print_json(_user_json(user))
    else:
        say(f"Added {user.name}{' (administrator)' if user.admin else ''}; they can sign in now.")
    return EXIT_OK


def _passwd(args: argparse.Namespace) -> int:
    services = open_for_command(args, db_path(args))
    try:
        services.users.list()
        services.users.set_password(args.name, _new_password(args.name))
    finally:
        services.close()
    say(f"The password of {args.name} was changed.")
    return EXIT_OK


def _set_active(args: argparse.Namespace) -> int:
    services = open_for_command(args, db_path(args))
    try:
        user = services.users.set_active(args.name, args.active)
    finally:
        services.close()
    if args.json:
        print_json(_user_json(user))
    else:
        say(f"{user.name} {'can sign in again' if user.active else 'can no longer sign in'}.")
    return EXIT_OK


def _new_password(name: str) -> str:
    """The new password: ``$CASEDESK_NEW_PASSWORD``, else typed twice at the terminal."""
    from getpass import getpass

    from casedesk.domain.errors import ValidationError
    from casedesk.domain.users import password_errors

    password = os.environ.get(NEW_PASSWORD_ENV)
    if password is None:
        if not sys.stdin.isatty():
            raise UsageError(
                f"no new password for {name}: put it in ${NEW_PASSWORD_ENV}, or run at a terminal"
            )
        password = getpass(f"New password for {name}: ")
        errors = password_errors(password, getpass("The same password again: "))
        if errors:
            raise ValidationError(errors)
    return password


def _user_cells(user: User) -> list[str]:
    return [
        user.name,
        user.full_name,
        "administrator" if user.admin else "case manager",
        "active" if user.active else "deactivated",
    ]


def _user_json(user: User) -> dict[str, Any]:
    return {"name": user.name, "full_name": user.full_name, "admin": user.admin, "active": user.active}
