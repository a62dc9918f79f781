"""The negotiation of each claim: demands and offers, the client's net at each, and their deadlines."""

from __future__ import annotations

from casedesk.services.clock import Clock, system_clock
from casedesk.store.casefile import CaseFile


class NegotiationService:
    """The negotiation of each claim: demands and offers, the client's net at each, and their deadlines."""

    def __init__(self, case_file: CaseFile, clock: Clock = system_clock) -> None:
        self._case_file = case_file
        self._clock = clock
