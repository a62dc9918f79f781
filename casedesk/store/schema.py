"""The complete schema: importing this module registers every ``*Row`` table on ``metadata``."""

from __future__ import annotations

from casedesk.store import activity, calendar, cases, contacts, interviews, valuation, wages
from casedesk.store.base import Base

metadata = Base.metadata
__all__ = ["activity", "calendar", "cases", "contacts", "interviews", "metadata", "valuation", "wages"]
