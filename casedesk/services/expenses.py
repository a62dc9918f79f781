"""A case's expense ledger: expenses, categories, totals, filters, edits with undo, Excel export."""

from __future__ import annotations

from casedesk.services.clock import Clock
from casedesk.store.casefile import CaseFile


class ExpenseService:
    """A case's expense ledger of the cases in one case file."""

    def __init__(self, case_file: CaseFile, clock: Clock) -> None:
        self._case_file = case_file
        self._clock = clock
