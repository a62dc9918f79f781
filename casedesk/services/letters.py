"""Letters drafted from Word templates, and the firm's own templates."""

from __future__ import annotations

from casedesk.services.clock import Clock, system_clock
from casedesk.store.casefile import CaseFile


class LetterService:
    """Letters drafted from Word templates, and the firm's own templates."""

    def __init__(self, case_file: CaseFile, clock: Clock = system_clock) -> None:
        self._case_file = case_file
        self._clock = clock
