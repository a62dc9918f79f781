"""``casedesk encrypt``, ``casedesk decrypt`` and ``casedesk passphrase``: encryption at rest of a case file.

Each works on a closed case file (no casedesk may have it open). Passphrases come from the environment
(``$CASEDESK_PASSPHRASE``, or the variable ``--passphrase-env`` names; the new one of ``passphrase`` from
``--new-passphrase-env``), else from a prompt at the terminal, never from the command line itself (it
would be seen by every user of the computer and kept in the shell's history).
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
    file_only,
    passphrase_from,
    print_json,
    say,
)

if TYPE_CHECKING:
    from casedesk.services.encryption import EncryptionResult


def add_parser(commands: Any) -> None:
    """Register the subcommands with those of ``casedesk``."""
    encrypt = commands.add_parser(
        "encrypt",
        help="encrypt a case file and its documents with a passphrase",
        description="Encrypt a closed case file (SQLCipher) and every stored document (AES-256-GCM) with "
        "a passphrase. The encrypted copy is verified before it replaces the plain file. Plain backups in "
        "<name>-backups/ are removed afterwards (after an encrypted backup is made) unless "
        "--keep-plain-backups is given. The passphrase is read from $CASEDESK_PASSPHRASE (or "
        "--passphrase-env), else asked twice at the terminal. Without the passphrase the case file "
        "cannot be opened by anyone: keep it safe.",
    )
    add_common_options(encrypt, db_help="the case file to encrypt")
    encrypt.add_argument(
        "--keep-plain-backups",
        action="store_true",
        help="keep the existing plain backups (they hold the case file unencrypted)",
    )
    encrypt.set_defaults(command=_encrypt, parser=encrypt)

    decrypt = commands.add_parser(
        "decrypt",
        help="turn an encrypted case file back into a plain one",
        description="Decrypt a closed encrypted case file and its stored documents. The plain copy is "
        "verified before it replaces the encrypted file. Encrypted backups are kept (they still need the "
        "passphrase).",
    )
    add_common_options(decrypt, db_help="the case file to decrypt")
    decrypt.set_defaults(command=_decrypt, parser=decrypt)

    passphrase = commands.add_parser(
        "passphrase",
        help="change an encrypted case file's passphrase",
        description="Give a closed encrypted case file a new passphrase. The current one is read from "
        "$CASEDESK_PASSPHRASE (or --passphrase-env), else asked; the new one from --new-passphrase-env, "
        "else asked twice. Backups made before keep the old passphrase.",
    )
    add_common_options(passphrase, db_help="the encrypted case file")
    passphrase.add_argument(
        "--new-passphrase-env",
        metavar="NAME",
        help="read the new passphrase from this environment variable (default: ask at the terminal)",
    )
    passphrase.set_defaults(command=_change, parser=passphrase)


def _encrypt(args: argparse.Namespace) -> int:
    from casedesk.services.encryption import check_new_passphrase, encrypt_case_file

    path = file_only(db_path(args), "Encrypting")
    passphrase = passphrase_from(args)
    if passphrase is None:
        passphrase = _ask_new(f"New passphrase for {path.name}: ")
    check_new_passphrase(passphrase)
    result = encrypt_case_file(
        path, passphrase, remove_plain_backups=not args.keep_plain_backups, progress=_progress
    )
    _report(args, "encrypted", result)
    if result.kept_backups:
        say(
            f"Warning: {len(result.kept_backups)} plain backup(s) in {path.stem}-backups/ still hold the "
            "case file unencrypted. Delete them when you no longer need them."
        )
    return EXIT_OK


def _decrypt(args: argparse.Namespace) -> int:
    from casedesk.services.encryption import decrypt_case_file

    path = file_only(db_path(args), "Decrypting")
    passphrase = passphrase_from(args)
    if passphrase is None:
        passphrase = _ask(f"Passphrase for {path.name}: ")
    result = decrypt_case_file(path, passphrase, progress=_progress)
    _report(args, "decrypted", result)
    if result.kept_backups:
        say(f"{len(result.kept_backups)} encrypted backup(s) were kept; they open with the passphrase.")
    return EXIT_OK


def _change(args: argparse.Namespace) -> int:
    from casedesk.services.encryption import change_passphrase, check_new_passphrase

    path = file_only(db_path(args), "Changing the passphrase")
    old = passphrase_from(args)
    if old is None:
        old = _ask(f"Current passphrase for {path.name}: ")
    named: str | None = args.new_passphrase_env
    if named:
        new = os.environ.get(named)
        if new is None:
            raise UsageError(f"--new-passphrase-env names {named}, which is not set")
    else:
        new = _ask_new(f"New passphrase for {path.name}: ")
    check_new_passphrase(new)
    change_passphrase(path, old, new)
    if args.json:
        print_json({"path": str(path), "changed": True})
    say(f"The passphrase of {path.name} was changed. Backups made before keep the old passphrase.")
    return EXIT_OK


def _report(args: argparse.Namespace, done: str, result: EncryptionResult) -> None:
    if args.json:
        print_json(
            {
                "path": str(result.path),
                done: True,
                "documents": result.documents,
                "missing_documents": list(result.missing),
                "removed_backups": [str(path) for path in result.removed_backups],
                "kept_backups": [str(path) for path in result.kept_backups],
                "new_backup": str(result.new_backup) if result.new_backup else None,
            }
        )
    say(f"{result.path.name} was {done}, with {result.documents} stored file(s).")
    if result.missing:
        say(f"{len(result.missing)} stored file(s) the case file names were missing; run casedesk check.")
    if result.removed_backups:
        say(
            f"{len(result.removed_backups)} plain backup(s) were removed; "
            f"an encrypted backup was made: {result.new_backup}."
        )


def _progress(done: int, total: int, _what: str) -> None:
    if sys.stderr.isatty() and total:
        print(f"\r{done}/{total} stored files", end="" if done < total else "\n", file=sys.stderr)


def _ask(prompt: str) -> str:
    if not sys.stdin.isatty():
        raise UsageError("no passphrase: set CASEDESK_PASSPHRASE or use --passphrase-env")
    from getpass import getpass

    return getpass(prompt)


def _ask_new(prompt: str) -> str:
    first = _ask(prompt)
    if _ask("Type it again: ") != first:
        raise UsageError("the two passphrases typed are not the same; nothing was changed")
    return first
