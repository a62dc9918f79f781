"""The complete schema: importing this module registers every ``*Row`` table on ``metadata``."""

from __future__ import annotations

from casedesk.store import activity, cases, contacts, valuation
from casedesk.store.base import Base

metadata = Base.metadata
__all__ = ["activity", "cases", "contacts", "metadata", "valuation"]
