"""Backups of a case file: rolling automatic copies, Back Up Now, and restore (being built)."""

from __future__ import annotations

from casedesk.store.casefile import CaseFile


class BackupService:
    """Backs up the open case file and lists its backups."""

    def __init__(self, case_file: CaseFile) -> None:
        self._case_file = case_file
