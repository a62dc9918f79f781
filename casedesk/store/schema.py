"""The complete schema: importing this module registers every ``*Row`` table on ``metadata``."""

from __future__ import annotations

from casedesk.store import (
    activity,
    bates,
    bills,
    binder,
    calendar,
    cases,
    contacts,
    documents,
    exhibits,
    expenses,
    insurance,
    interviews,
    invoices,
    letters,
    negotiation,
    providers,
    records,
    search,
    settlement,
    valuation,
    wages,
    witnesses,
)
from casedesk.store.base import Base

metadata = Base.metadata
__all__ = [
    "activity",
    "bates",
    "bills",
    "binder",
    "calendar",
    "cases",
    "contacts",
    "documents",
    "exhibits",
    "expenses",
    "insurance",
    "interviews",
    "invoices",
    "letters",
    "metadata",
    "negotiation",
    "providers",
    "records",
    "search",
    "settlement",
    "valuation",
    "wages",
    "witnesses",
]
