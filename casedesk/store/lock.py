"""The single-writer lock: one casedesk at a time may write to a case file.

(To be completed: an OS file lock beside the database, who holds it, stale-lock recovery.)
"""

from __future__ import annotations

from pathlib import Path


class CaseFileLock:
    """A held lock on a case file; :meth:`release` lets another casedesk open it."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def release(self) -> None:
        """Let go of the lock (idempotent)."""


def lock_case_file(path: Path) -> CaseFileLock:
    """Take the lock on the case file at ``path``."""
    return CaseFileLock(path)
