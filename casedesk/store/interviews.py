"""Client interviews (``interviews``) and the questionnaires they were asked from (``questionnaire_copies``).

Each interview keeps the questionnaire as it was when the interview started, so a firm's later edits do
not change it. The copies are stored once per distinct content (by a SHA-256 digest of their JSON) and
parsed once per process: tens of thousands of interviews share a handful of copies.
"""

from __future__ import annotations

import functools
import hashlib
import json
from collections.abc import Iterable
from datetime import date, datetime
from typing import Any

from sqlalchemy import Date, ForeignKey, Integer, String, Text, select
from sqlalchemy.orm import Mapped, Session, mapped_column

from casedesk.domain.errors import NotFoundError
from casedesk.domain.interviews import Answer, Interview, InterviewStatus, Questionnaire, parse_questionnaire
from casedesk.store.base import Base, UtcDateTime, Versioned
from casedesk.store.cases import get_case


class QuestionnaireCopyRow(Base):
    """A questionnaire as some interviews were asked it (``questionnaire_copies``)."""

    __tablename__ = "questionnaire_copies"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(50))
    #: SHA-256 of ``source``: one row per distinct content.
    digest: Mapped[str] = mapped_column(String(64), unique=True)
    #: The questionnaire as data, as JSON.
    source: Mapped[str] = mapped_column(Text)


def questionnaire_json(questionnaire: Questionnaire) -> tuple[str, str]:
    """A questionnaire's stored form and its digest."""
    source = json.dumps(questionnaire.source, default=str, ensure_ascii=False, sort_keys=True)
    return source, hashlib.sha256(source.encode("utf-8")).hexdigest()


def copy_ids(session: Session, questionnaires: Iterable[Questionnaire]) -> dict[str, int]:
    """The ids of the stored copies of these questionnaires by digest, storing those not yet stored."""
    wanted = {digest: (q.code, source) for q in questionnaires for source, digest in [questionnaire_json(q)]}
    rows = session.execute(
        select(QuestionnaireCopyRow.digest, QuestionnaireCopyRow.id).where(
            QuestionnaireCopyRow.digest.in_(wanted)
        )
    )
    found = {digest: copy_id for digest, copy_id in rows}
    for digest, (code, source) in wanted.items():
        if digest not in found:
            row = QuestionnaireCopyRow(code=code, digest=digest, source=source)
            session.add(row)
            session.flush()
            found[digest] = row.id
    return found


@functools.lru_cache(maxsize=64)
def _parsed(digest: str, source: str) -> Questionnaire:
    return parse_questionnaire(json.loads(source), f"the stored questionnaire {digest[:12]}")


class InterviewRow(Versioned, Base):
    """One interview of a case's client (``interviews``)."""

    __tablename__ = "interviews"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), index=True)
    #: The questionnaire as it was when the interview started.
    questionnaire_id: Mapped[int] = mapped_column(ForeignKey("questionnaire_copies.id"), index=True)
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

    def to_domain(self, copy: QuestionnaireCopyRow) -> Interview:
        """The interview as a domain object, with its questionnaire's stored copy."""
        answers: dict[str, Answer] = json.loads(self.answers)
        return Interview(
            id=self.id,
            case_id=self.case_id,
            questionnaire=_parsed(copy.digest, copy.source),
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
    def values(interview: Interview, questionnaire_id: int) -> dict[str, Any]:
        """Column values for the domain record (not the id or revision): what fill and bulk inserts use.

        Args:
            interview: The interview.
            questionnaire_id: The stored copy of its questionnaire (:func:`copy_ids`).
        """
        return {
            "case_id": interview.case_id,
            "questionnaire_id": questionnaire_id,
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
    return _domain(session, _row(session, interview_id))


def list_interviews(session: Session, case_id: int) -> list[Interview]:
    """A case's interviews, oldest first."""
    rows = session.execute(
        select(InterviewRow, QuestionnaireCopyRow)
        .join(QuestionnaireCopyRow, QuestionnaireCopyRow.id == InterviewRow.questionnaire_id)
        .where(InterviewRow.case_id == case_id)
        .order_by(InterviewRow.held_on, InterviewRow.id)
    )
    return [row.to_domain(copy) for row, copy in rows]


def add_interview(session: Session, interview: Interview) -> Interview:
    """Store a new interview (and its questionnaire, unless a copy of it is stored already).

    Raises:
        NotFoundError: The case does not exist.
    """
    get_case(session, interview.case_id)
    (copy_id,) = copy_ids(session, [interview.questionnaire]).values()
    row = InterviewRow(**InterviewRow.values(interview, copy_id), revision=0)
    session.add(row)
    session.flush()
    return _domain(session, row)


def update_interview(session: Session, interview: Interview) -> Interview:
    """Store changes to an interview; its revision goes up by one.

    Its questionnaire stays the one it was started from.

    Raises:
        NotFoundError: The interview does not exist.
    """
    row = _row(session, interview.id or 0)
    for column, value in InterviewRow.values(interview, row.questionnaire_id).items():
        setattr(row, column, value)
    row.revision += 1
    session.flush()
    return _domain(session, row)


def _domain(session: Session, row: InterviewRow) -> Interview:
    copy = session.get(QuestionnaireCopyRow, row.questionnaire_id)
    assert copy is not None  # the foreign key guarantees it
    return row.to_domain(copy)


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
