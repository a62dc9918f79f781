"""The case progress report: one page on where the case stands."""

from __future__ import annotations

from casedesk.services.clock import Clock, system_clock
from casedesk.store.casefile import CaseFile


class ReportService:
    """The case progress report: one page on where the case stands."""

    def __init__(self, case_file: CaseFile, clock: Clock = system_clock) -> None:
        self._case_file = case_file
        self._clock = clock
