"""Client interviews (``interviews``): each with a copy of its questionnaire and the answers as typed."""

from __future__ import annotations

import json
from datetime import date, datetime
from typing import Any

from sqlalchemy import Date, ForeignKey, Integer, String, Text, select
from sqlalchemy.orm import Mapped, Session, mapped_column

from casedesk.domain.errors import NotFoundError
from casedesk.domain.interviews import Answer, Interview, InterviewStatus, parse_questionnaire
from casedesk.store.base import Base, UtcDateTime
from casedesk.store.cases import get_case


class InterviewRow(Base):
    """One interview of a case's client (``interviews``)."""

    __tablename__ = "interviews"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), index=True)
    questionnaire_code: Mapped[str] = mapped_column(String(50))
    #: The questionnaire as it was when the interview started, as JSON.
    questionnaire: Mapped[str] = mapped_column(Text)
    #: The answers by question id, as JSON: text, or a table's rows as lists of objects.
    answers: Mapped[str] = mapped_column(Text, default="{}")
    status: Mapped[str] = mapped_column(String(20))
    interviewer: Mapped[str] = mapped_column(String(200), default="")
    held_on: Mapped[date] = mapped_column(Date)
    started_at: Mapped[datetime] = mapped_column(UtcDateTime)
    completed_at: Mapped[datetime | None] = mapped_column(UtcDateTime, nullable=True)
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime)
    #: Keys of the proposals confirmed into the case, as a JSON list.
    applied: Mapped[str] = mapped_column(Text, default="[]")
    revision: Mapped[int] = mapped_column(Integer, default=0)

    def to_domain(self) -> Interview:
        """The interview as a domain object."""
        answers: dict[str, Answer] = json.loads(self.answers)
        return Interview(
            id=self.id,
            case_id=self.case_id,
            questionnaire=parse_questionnaire(
                json.loads(self.questionnaire), f"the copy kept with interview {self.id}"
            ),
            held_on=self.held_on,
            answers=answers,
            status=InterviewStatus(self.status),
            interviewer=self.interviewer,
            started_at=self.started_at,
            completed_at=self.completed_at,
            updated_at=self.updated_at,
            applied=frozenset(json.loads(self.applied)),
            revision=self.revision,
        )

    @staticmethod
    def values(interview: Interview) -> dict[str, Any]:
        """Column values for the domain record (not the id or revision): what fill and bulk inserts use."""
        return {
            "case_id": interview.case_id,
            "questionnaire_code": interview.questionnaire.code,
            "questionnaire": json.dumps(interview.questionnaire.source, default=str, ensure_ascii=False),
            "answers": json.dumps(dict(interview.answers), ensure_ascii=False),
            "status": interview.status.value,
            "interviewer": interview.interviewer.strip(),
            "held_on": interview.held_on,
            "started_at": interview.started_at,
            "completed_at": interview.completed_at,
            "updated_at": interview.updated_at,
            "applied": json.dumps(sorted(interview.applied), ensure_ascii=False),
        }


def get_interview(session: Session, interview_id: int) -> Interview:
    """The interview with this id.

    Raises:
        NotFoundError: It does not exist.
    """
    return _row(session, interview_id).to_domain()


def list_interviews(session: Session, case_id: int) -> list[Interview]:
    """A case's interviews, oldest first."""
    rows = session.scalars(
        select(InterviewRow)
        .where(InterviewRow.case_id == case_id)
        .order_by(InterviewRow.held_on, InterviewRow.id)
    )
    return [row.to_domain() for row in rows]


def add_interview(session: Session, interview: Interview) -> Interview:
    """Store a new interview.

    Raises:
        NotFoundError: The case does not exist.
    """
    get_case(session, interview.case_id)
    row = InterviewRow(**InterviewRow.values(interview), revision=0)
    session.add(row)
    session.flush()
    return row.to_domain()


def update_interview(session: Session, interview: Interview) -> Interview:
    """Store changes to an interview; its revision goes up by one.

    Raises:
        NotFoundError: The interview does not exist.
    """
    row = _row(session, interview.id or 0)
    for column, value in InterviewRow.values(interview).items():
        setattr(row, column, value)
    row.revision += 1
    session.flush()
    return row.to_domain()


def stored_revision(session: Session, interview_id: int) -> int:
    """The interview's revision as stored.

    Raises:
        NotFoundError: The interview does not exist.
    """
    return _row(session, interview_id).revision


def delete_interview(session: Session, interview_id: int) -> None:
    """Delete an interview (lost-wage records made from it stay, no longer linked to it).

    Raises:
        NotFoundError: It does not exist.
    """
    session.delete(_row(session, interview_id))
    session.flush()


def _row(session: Session, interview_id: int) -> InterviewRow:
    row = session.get(InterviewRow, interview_id)
    if row is None:
        raise NotFoundError("This interview no longer exists; it was deleted elsewhere.")
    return row
