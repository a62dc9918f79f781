"""The complete schema: importing this module registers every ``*Row`` table on ``metadata``."""

from __future__ import annotations

from casedesk.store import (
    activity,
    bills,
    calendar,
    cases,
    contacts,
    documents,
    interviews,
    providers,
    records,
    search,
    valuation,
    wages,
)
from casedesk.store.base import Base

metadata = Base.metadata
__all__ = [
    "activity",
    "bills",
    "calendar",
    "cases",
    "contacts",
    "documents",
    "interviews",
    "metadata",
    "providers",
    "records",
    "search",
    "valuation",
    "wages",
]
