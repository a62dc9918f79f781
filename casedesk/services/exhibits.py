"""A case's trial exhibits: the list in each party's order, its numbering, and the exhibit list export."""

from __future__ import annotations

from casedesk.services.clock import Clock
from casedesk.store.casefile import CaseFile


class ExhibitService:
    """A case's trial exhibits: the list in each party's order, its numbering, and the exhibit list export."""

    def __init__(self, case_file: CaseFile, clock: Clock) -> None:
        self._case_file = case_file
        self._clock = clock
