"""A case's trial witnesses, in order of appearance, and the exhibits each will use."""

from __future__ import annotations

from casedesk.services.clock import Clock
from casedesk.store.casefile import CaseFile


class WitnessService:
    """A case's trial witnesses, in order of appearance, and the exhibits each will use."""

    def __init__(self, case_file: CaseFile, clock: Clock) -> None:
        self._case_file = case_file
        self._clock = clock
