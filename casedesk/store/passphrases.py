"""Encrypted case files: telling them apart, trying a passphrase, and slowing down repeated wrong ones.

An encrypted (SQLCipher) case file has no "SQLite format 3" header: its first bytes are random. Each try
of a passphrase costs a key derivation (about 85 ms). After :data:`FREE_TRIES` wrong passphrases in a
row, each further try must wait twice as long as the one before (1 s, 2 s, 4 s, … up to
:data:`MAX_DELAY_S`). The count is kept in a small file beside the case file
(``.<name>.passphrase-tries``), so that starting casedesk again does not reset it; a right passphrase
removes it. The case file itself is never written by a failed try.
"""

from __future__ import annotations

import contextlib
import json
import os
import sqlite3
import time
from contextlib import closing
from pathlib import Path

from casedesk.domain.errors import PassphraseError
from casedesk.store.engine import sqlite_connect

SQLITE_HEADER = b"SQLite format 3\x00"
#: Wrong passphrases allowed in a row before tries are slowed down.
FREE_TRIES = 3
#: The longest wait between tries, in seconds.
MAX_DELAY_S = 300.0
#: SQLCipher's page size; an encrypted file is a whole number of pages.
_PAGE = 4096


def looks_encrypted(path: Path) -> bool:
    """Whether ``path`` looks like an encrypted case file (no SQLite header; whole pages of noise).

    Raises:
        OSError: It cannot be read.
    """
    with path.open("rb") as stream:
        head = stream.read(len(SQLITE_HEADER))
    if head == SQLITE_HEADER:
        return False
    size = path.stat().st_size
    return size >= _PAGE and size % 512 == 0 and not head.startswith((b"%PDF", b"PK\x03\x04", b"\x89PNG"))


def tries_path(path: Path) -> Path:
    """Where the count of wrong passphrases for ``path`` is kept."""
    return path.with_name(f".{path.name}.passphrase-tries")


def wait_left(path: Path, *, now: float | None = None) -> float:
    """Seconds to wait before the next passphrase for ``path`` may be tried (0 when it may be now)."""
    failures, last = _read_tries(path)
    if failures < FREE_TRIES:
        return 0.0
    delay = min(MAX_DELAY_S, 2.0 ** (failures - FREE_TRIES))
    moment = time.time() if now is None else now
    return max(0.0, last + delay - moment)


def check_passphrase(path: Path, key: str) -> None:
    """Try ``key`` on the encrypted file ``path`` (read-only), counting and slowing wrong tries.

    Raises:
        PassphraseError: A try came too soon after wrong ones (``retry_after`` says how long to wait), or
            the passphrase is wrong or the file damaged (``wrong``; ``retry_after`` before the next try).
    """
    waiting = wait_left(path)
    if waiting > 0:
        raise PassphraseError(
            f"Too many wrong passphrases for {path.name}.",
            f"Wait {_seconds(waiting)}, then try again.",
            wrong=True,
            retry_after=waiting,
        )
    try:
        with closing(sqlite_connect(path, read_only=True, key=key)) as conn:
            conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except (sqlite3.Error, _cipher_error()) as exc:  # SQLCipher's own errors are not sqlite3's
        if _is_not_a_database(exc):
            raise _wrong(path) from exc
        return  # e.g. a read-only folder: the checks that follow say what it is
    clear_tries(path)


def clear_tries(path: Path) -> None:
    """Forget the wrong passphrases counted for ``path``."""
    with contextlib.suppress(OSError):
        tries_path(path).unlink()


def missing_passphrase(path: Path) -> PassphraseError:
    """The error for an encrypted file opened without a passphrase."""
    return PassphraseError(
        f"{path.name} is encrypted.",
        "Enter its passphrase to open it.",
        retry_after=wait_left(path),
    )


def _wrong(path: Path) -> PassphraseError:
    failures, _last = _read_tries(path)
    _write_tries(path, failures + 1, time.time())
    return PassphraseError(
        f"The passphrase for {path.name} is wrong, or the file is damaged.",
        "Try again. If you are sure of the passphrase, restore a backup of the case file.",
        wrong=True,
        retry_after=wait_left(path),
    )


def _cipher_error() -> type[Exception]:
    from sqlcipher3 import dbapi2 as sqlcipher

    return sqlcipher.Error  # type: ignore[no-any-return]


def _is_not_a_database(exc: BaseException) -> bool:
    name = getattr(exc, "sqlite_errorname", "")
    return name == "SQLITE_NOTADB" or "not a database" in str(exc)


def _read_tries(path: Path) -> tuple[int, float]:
    try:
        data = json.loads(tries_path(path).read_text(encoding="utf-8"))
        return int(data["failures"]), float(data["last"])
    except (OSError, ValueError, KeyError, TypeError):
        return 0, 0.0


def _write_tries(path: Path, failures: int, last: float) -> None:
    """Best effort: a folder casedesk cannot write to keeps no count (the key derivation still costs)."""
    target = tries_path(path)
    temp = target.with_name(target.name + ".part")
    with contextlib.suppress(OSError):
        temp.write_text(json.dumps({"failures": failures, "last": last}), encoding="utf-8")
        os.replace(temp, target)


def _seconds(seconds: float) -> str:
    whole = max(1, round(seconds))
    if whole < 90:
        return "1 second" if whole == 1 else f"{whole} seconds"
    return f"{round(whole / 60)} minutes"
