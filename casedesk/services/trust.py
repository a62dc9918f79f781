"""A case's trust account: holdbacks kept for disputed claims and disbursements paid out."""

from __future__ import annotations

from casedesk.services.clock import Clock
from casedesk.store.casefile import CaseFile


class TrustService:
    """A case's trust account of the cases in one case file."""

    def __init__(self, case_file: CaseFile, clock: Clock) -> None:
        self._case_file = case_file
        self._clock = clock
