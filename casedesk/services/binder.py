"""The trial binder: its layout per case, and its export as one PDF (or one per witness)."""

from __future__ import annotations

from casedesk.services.clock import Clock
from casedesk.store.casefile import CaseFile


class BinderService:
    """The trial binder: its layout per case, and its export as one PDF (or one per witness)."""

    def __init__(self, case_file: CaseFile, clock: Clock) -> None:
        self._case_file = case_file
        self._clock = clock
