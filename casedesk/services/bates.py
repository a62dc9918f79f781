"""Bates numbering: the case's prefix and next number, each document's numbers, and the production log."""

from __future__ import annotations

from casedesk.services.clock import Clock
from casedesk.store.casefile import CaseFile


class BatesService:
    """Bates numbering: the case's prefix and next number, each document's numbers, and the production log."""

    def __init__(self, case_file: CaseFile, clock: Clock) -> None:
        self._case_file = case_file
        self._clock = clock
