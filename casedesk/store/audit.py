"""The audit trail (``audit_entries``): an append-only record of changes and of exports.

It records changes to money, deadlines, liens and settlement statements, and every export of health
information.

Entries are never updated or deleted (triggers refuse it); they outlive the case they describe, so they
name the case by number as well as by id and have no foreign key to it.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Integer, String, Text
from sqlalchemy.orm import Mapped, Session, mapped_column, sessionmaker

from casedesk.store.base import Base, UtcDateTime


class AuditEntryRow(Base):
    """One audited change or export (``audit_entries``)."""

    __tablename__ = "audit_entries"

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(UtcDateTime, index=True)
    user: Mapped[str] = mapped_column(String(200))
    case_id: Mapped[int | None] = mapped_column(Integer, nullable=True, index=True)
    case_number: Mapped[str] = mapped_column(String(40), default="")
    action: Mapped[str] = mapped_column(String(20))
    entity: Mapped[str] = mapped_column(String(40))
    entity_id: Mapped[int | None] = mapped_column(Integer, nullable=True)
    summary: Mapped[str] = mapped_column(String(300), default="")
    changes: Mapped[str] = mapped_column(Text, default="")
    detail: Mapped[str] = mapped_column(Text, default="")


def audit_changes(sessions: sessionmaker[Session], user: str) -> None:
    """Record the audited changes saved through ``sessions``, by ``user``, in the same transaction.

    (Being built: until then nothing is recorded.)
    """
