"""The audit trail of a case file: what changed or was exported, by whom and when (being built)."""

from __future__ import annotations

from casedesk.store.casefile import CaseFile


class AuditService:
    """Reads and exports the audit trail; records exports of health information."""

    def __init__(self, case_file: CaseFile) -> None:
        self._case_file = case_file
