"""A case's settlement statement: recoveries, fee terms, the statement, finalizing and reopening, exports."""

from __future__ import annotations

from casedesk.services.clock import Clock
from casedesk.store.casefile import CaseFile


class SettlementService:
    """A case's settlement statement of the cases in one case file."""

    def __init__(self, case_file: CaseFile, clock: Clock) -> None:
        self._case_file = case_file
        self._clock = clock
