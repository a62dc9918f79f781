"""Invoices of reimbursable expenses: issuing, voiding, payments, the invoice PDF."""

from __future__ import annotations

from casedesk.services.clock import Clock
from casedesk.store.casefile import CaseFile


class InvoiceService:
    """Invoices of reimbursable expenses of the cases in one case file."""

    def __init__(self, case_file: CaseFile, clock: Clock) -> None:
        self._case_file = case_file
        self._clock = clock
