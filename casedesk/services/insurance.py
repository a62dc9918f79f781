"""A case's insurance policies and the claims made on them, and the coverage available."""

from __future__ import annotations

from casedesk.services.clock import Clock, system_clock
from casedesk.store.casefile import CaseFile


class InsuranceService:
    """A case's insurance policies and the claims made on them, and the coverage available."""

    def __init__(self, case_file: CaseFile, clock: Clock = system_clock) -> None:
        self._case_file = case_file
        self._clock = clock
