"""The case timeline: rows and repository functions."""

from __future__ import annotations

from collections.abc import Collection
from datetime import datetime
from typing import Any

from sqlalchemy import ForeignKey, Index, String, Text, func, select
from sqlalchemy.orm import Mapped, Session, mapped_column

from casedesk.domain.activity import Activity, ActivityKind, Direction
from casedesk.domain.errors import NotFoundError
from casedesk.store.base import Base, UtcDateTime, Versioned
from casedesk.store.cases import get_case


class ActivityRow(Versioned, Base):
    """One timeline entry (``activities``)."""

    __tablename__ = "activities"
    __table_args__ = (Index("ix_activities_case_occurred", "case_id", "occurred_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(20))
    occurred_at: Mapped[datetime] = mapped_column(UtcDateTime)
    direction: Mapped[str] = mapped_column(String(20))
    parties: Mapped[str] = mapped_column(String(300), default="")
    subject: Mapped[str] = mapped_column(String(300))
    body: Mapped[str] = mapped_column(Text, default="")
    #: Who wrote the entry (the signed-in user on a firm database); ``changed_by`` is who edited it last.
    created_by: Mapped[str] = mapped_column(String(100), default="", server_default="")

    def to_domain(self) -> Activity:
        """The entry as a domain object."""
        return Activity(
            id=self.id,
            case_id=self.case_id,
            kind=ActivityKind(self.kind),
            occurred_at=self.occurred_at,
            direction=Direction(self.direction),
            parties=self.parties,
            subject=self.subject,
            body=self.body,
            created_by=self.created_by,
        )

    @staticmethod
    def values(activity: Activity) -> dict[str, Any]:
        """Column values for the domain record (not the id): the one mapping fill and bulk inserts use."""
        return {
            "case_id": activity.case_id,
            "kind": activity.kind.value,
            "occurred_at": activity.occurred_at,
            "direction": activity.direction.value,
            "parties": activity.parties.strip(),
            "subject": activity.subject.strip(),
            "body": activity.body,
        }

    def fill(self, activity: Activity) -> None:
        """Copy a domain entry's fields onto this row (not the id)."""
        for column, value in self.values(activity).items():
            setattr(self, column, value)


def add_activity(session: Session, activity: Activity) -> Activity:
    """Insert a timeline entry; returns it with its id.

    Raises:
        NotFoundError: The case no longer exists.
    """
    get_case(session, activity.case_id)  # a clear error rather than a foreign-key failure at flush
    row = ActivityRow()
    row.fill(activity)
    row.created_by = activity.created_by  # kept when a deleted entry is put back; else who saves it
    session.add(row)
    session.flush()
    return row.to_domain()


def get_activity(session: Session, activity_id: int) -> Activity:
    """One timeline entry.

    Raises:
        NotFoundError: It does not exist.
    """
    return _activity_row(session, activity_id).to_domain()


def update_activity(session: Session, activity: Activity) -> Activity:
    """Save a changed timeline entry."""
    if activity.id is None:
        raise ValueError("update_activity needs a saved entry")
    row = _activity_row(session, activity.id)
    get_case(session, activity.case_id)
    row.fill(activity)
    session.flush()
    return row.to_domain()


def delete_activity(session: Session, activity_id: int) -> Activity:
    """Delete a timeline entry; returns what was deleted so it can be restored."""
    row = _activity_row(session, activity_id)
    deleted = row.to_domain()
    session.delete(row)
    session.flush()
    return deleted


def list_for_case(
    session: Session,
    case_id: int,
    kinds: Collection[ActivityKind] | None = None,
    limit: int | None = None,
) -> list[Activity]:
    """A case's timeline, newest first, optionally only some kinds."""
    stmt = (
        select(ActivityRow)
        .where(ActivityRow.case_id == case_id)
        .order_by(ActivityRow.occurred_at.desc(), ActivityRow.id.desc())
    )
    if kinds is not None:
        stmt = stmt.where(ActivityRow.kind.in_([k.value for k in kinds]))
    if limit is not None:
        stmt = stmt.limit(limit)
    return [row.to_domain() for row in session.scalars(stmt)]


def count_for_case(session: Session, case_id: int) -> int:
    """How many timeline entries a case has."""
    return session.scalar(select(func.count()).where(ActivityRow.case_id == case_id)) or 0


def _activity_row(session: Session, activity_id: int) -> ActivityRow:
    row = session.get(ActivityRow, activity_id)
    if row is None:
        raise NotFoundError("That timeline entry no longer exists.")
    return row
