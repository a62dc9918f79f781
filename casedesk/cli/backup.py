"""``casedesk backup`` and ``casedesk restore``: back a case file up, list its backups, restore one."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from casedesk.cli.common import (
    EXIT_OK,
    UsageError,
    add_common_options,
    db_path,
    file_only,
    open_for_command,
    passphrase_from,
    positive_int,
    print_json,
    say,
    text_table,
)

if TYPE_CHECKING:
    from casedesk.domain.backups import BackupInfo


def add_parser(commands: Any) -> None:
    """Register ``casedesk backup`` and ``casedesk restore`` with the subcommands of ``casedesk``."""
    backup = commands.add_parser(
        "backup",
        help="back up a case file, or list its backups",
        description="Without -o, copy the database into <name>-backups/ beside the case file (the same "
        "place as the automatic daily and on-close backups). With -o DIR, write a dated folder into DIR "
        "(for example a USB drive) holding the database and every stored document, each verified by its "
        "SHA-256. The copy is consistent even while the case file is open in casedesk. An encrypted case "
        "file's backups are encrypted with the same passphrase.",
    )
    add_common_options(backup, db_help="the case file to back up")
    backup.add_argument(
        "-o",
        "--output",
        type=Path,
        metavar="DIR",
        help="write a full backup (database and documents) into DIR",
    )
    backup.add_argument(
        "--list", action="store_true", help="list the backups beside the case file, newest first"
    )
    backup.add_argument(
        "--keep-days",
        type=positive_int,
        metavar="N",
        help="afterwards remove backups beside the case file older than N days (never the newest one, nor "
        "the copies made before an upgrade or a restore)",
    )
    backup.set_defaults(command=_backup, parser=backup)

    restore = commands.add_parser(
        "restore",
        help="replace a case file with one of its backups",
        description="Check the backup (SQLite's integrity check, a casedesk case file no newer than this "
        "casedesk, opens with the case file's passphrase, every stored document it lists present and "
        "unchanged), keep a copy of the current case file in <name>-backups/ (before-restore), copy in "
        "the backup's documents that are missing (none is deleted), then replace the database. The case "
        "file must be closed. BACKUP is a .sqlite backup, a folder written by 'casedesk backup -o', or the "
        "name of a backup listed by 'casedesk backup --list'.",
    )
    add_common_options(restore, db_help="the case file to replace")
    restore.add_argument("backup", type=Path, metavar="BACKUP", help="the backup to restore")
    restore.add_argument("--yes", action="store_true", help="do not ask for confirmation")
    restore.set_defaults(command=_restore, parser=restore)


def _backup(args: argparse.Namespace) -> int:
    """``casedesk backup``: make a backup (or list them); print where it is."""
    if args.list and args.output is not None:
        raise UsageError("--list lists the backups beside the case file; it takes no -o")
    services = open_for_command(args, file_only(db_path(args), "casedesk backup"), writes=False)
    try:
        made: BackupInfo | None = None
        if not args.list:
            made = services.backups.back_up_to(args.output) if args.output else services.backups.back_up()
        removed = services.backups.prune(args.keep_days) if args.keep_days else []
        found = services.backups.backups()
    finally:
        services.close()
    if args.list:
        if args.json:
            print_json([_info_json(info) for info in found])
        elif found:
            print(text_table(["Made (UTC)", "Why", "Size", "File"], [_info_row(info) for info in found]))
        else:
            say(f"There are no backups beside {services.path.name} yet.")
        return EXIT_OK
    assert made is not None
    if args.json:
        print_json({**_info_json(made), "removed": [str(path) for path in removed]})
    else:
        print(made.path)
        what = f"with {made.documents} stored documents" if made.documents is not None else "(the database)"
        say(f"Backed up {services.path.name} {what}: {_size(made.size)}.")
        if removed:
            say(f"Removed {len(removed)} backups older than {args.keep_days} days.")
    return EXIT_OK


def _restore(args: argparse.Namespace) -> int:
    """``casedesk restore``: verify a backup, then replace the case file with it."""
    from casedesk.domain.errors import CaseFileError
    from casedesk.services.backups import restore_backup, rolling_folder, verify_backup

    case_path = file_only(db_path(args), "casedesk restore").expanduser().absolute()
    if not case_path.exists():
        raise CaseFileError(f"There is no case file at {case_path}.", "Check the path given with --db.")
    backup_path: Path = args.backup.expanduser()
    if not backup_path.exists() and (rolling_folder(case_path) / backup_path.name).exists():
        backup_path = rolling_folder(case_path) / backup_path.name
    if not backup_path.exists():
        raise UsageError(f"there is no backup at {args.backup}")
    key = _passphrase(args, case_path)
    check = verify_backup(backup_path, key)
    if not check.ok:
        raise CaseFileError(
            f"This backup cannot be restored: {' '.join(check.problems)}",
            "Nothing was changed. Choose another backup (casedesk backup --list).",
        )
    if not args.yes:
        if not sys.stdin.isatty():
            raise UsageError("restoring replaces the case file: confirm with --yes")
        answer = input(
            f"Replace {case_path.name} with the backup {backup_path.name} ({check.cases} cases)? "
            "A copy of the current file is kept. [y/N] "
        )
        if answer.strip().lower() not in ("y", "yes"):
            say("Nothing was changed.")
            return EXIT_OK
    safety = restore_backup(case_path, backup_path, key=key)
    if args.json:
        print_json(
            {
                "case_file": str(case_path),
                "restored_from": str(backup_path),
                "safety_copy": str(safety),
                "cases": check.cases,
                "documents_checked": check.documents,
                "revision": check.revision,
            }
        )
    else:
        say(f"Restored {case_path.name} from {backup_path.name}; the file it replaced is kept as {safety}.")
    return EXIT_OK


def _passphrase(args: argparse.Namespace, case_path: Path) -> str | None:
    """The passphrase of an encrypted case file (None for a plain one), asked at a terminal if needed."""
    from getpass import getpass

    from casedesk.domain.errors import PassphraseError
    from casedesk.store.casefile import SQLITE_HEADER

    with case_path.open("rb") as stream:
        plain = stream.read(len(SQLITE_HEADER)) == SQLITE_HEADER
    if plain:
        return None
    given = passphrase_from(args)
    if given is not None:
        return given
    if not sys.stdin.isatty():
        raise PassphraseError(
            f"{case_path.name} is encrypted: its passphrase is needed to check the backup.",
            "Give it in $CASEDESK_PASSPHRASE or the variable named by --passphrase-env.",
        )
    return getpass(f"Passphrase for {case_path.name}: ")


def _info_json(info: BackupInfo) -> dict[str, Any]:
    return {
        "path": str(info.path),
        "created": info.created.isoformat(),
        "reason": info.reason,
        "kind": info.kind.value,
        "size": info.size,
        "documents": info.documents,
    }


def _info_row(info: BackupInfo) -> list[str]:
    return [info.created.strftime("%Y-%m-%d %H:%M:%S"), info.reason_label, _size(info.size), info.path.name]


def _size(size: int) -> str:
    if size < 1024 * 1024:
        return f"{max(size, 1) / 1024:.0f} KB"
    return f"{size / (1024 * 1024):.1f} MB"
