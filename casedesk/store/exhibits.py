"""A case's trial exhibits (``exhibits``) and how it numbers them (``exhibit_settings``)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import Date, ForeignKey, Integer, String, Text, func, select, update
from sqlalchemy.orm import Mapped, Session, mapped_column

from casedesk.domain.contacts import ContactRole
from casedesk.domain.errors import NotFoundError
from casedesk.domain.exhibits import Exhibit, ExhibitParty, ExhibitSettings, ExhibitStatus, NumberingScheme
from casedesk.store.base import Base, Versioned
from casedesk.store.cases import get_case
from casedesk.store.contacts import CaseContactRow, ContactRow
from casedesk.store.documents import DocumentRow


class ExhibitSettingsRow(Versioned, Base):
    """How a case numbers its exhibits (``exhibit_settings``); a case without a row uses the defaults."""

    __tablename__ = "exhibit_settings"

    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), primary_key=True)
    scheme: Mapped[str] = mapped_column(String(20))
    plaintiff_start: Mapped[int] = mapped_column(Integer, default=1)
    defendant_start: Mapped[int] = mapped_column(Integer, default=1)


class ExhibitRow(Versioned, Base):
    """One exhibit on a party's list (``exhibits``); its number follows from its position in the list."""

    __tablename__ = "exhibits"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), index=True)
    party: Mapped[str] = mapped_column(String(20))
    position: Mapped[int] = mapped_column(Integer)
    description: Mapped[str] = mapped_column(Text, default="")
    document_id: Mapped[int | None] = mapped_column(
        ForeignKey("documents.id", ondelete="SET NULL"), nullable=True, index=True
    )
    page_from: Mapped[int | None] = mapped_column(Integer, nullable=True)
    page_to: Mapped[int | None] = mapped_column(Integer, nullable=True)
    exhibit_date: Mapped[date | None] = mapped_column(Date, nullable=True)
    witness_id: Mapped[int | None] = mapped_column(
        ForeignKey("witnesses.id", ondelete="SET NULL"), nullable=True
    )
    status: Mapped[str] = mapped_column(String(20))
    offered_on: Mapped[date | None] = mapped_column(Date, nullable=True)
    marked_on: Mapped[date | None] = mapped_column(Date, nullable=True)
    admitted_on: Mapped[date | None] = mapped_column(Date, nullable=True)
    notes: Mapped[str] = mapped_column(Text, default="")

    def to_domain(self) -> Exhibit:
        """The exhibit as a domain object (pages of a deleted document are dropped with it)."""
        has_document = self.document_id is not None
        return Exhibit(
            id=self.id,
            case_id=self.case_id,
            party=ExhibitParty(self.party),
            description=self.description,
            document_id=self.document_id,
            page_from=self.page_from if has_document else None,
            page_to=self.page_to if has_document else None,
            exhibit_date=self.exhibit_date,
            witness_id=self.witness_id,
            status=ExhibitStatus(self.status),
            offered_on=self.offered_on,
            marked_on=self.marked_on,
            admitted_on=self.admitted_on,
            notes=self.notes,
            position=self.position,
        )

    @staticmethod
    def values(exhibit: Exhibit) -> dict[str, Any]:
        """Column values for the domain record (not the id)."""
        return {
            "case_id": exhibit.case_id,
            "party": exhibit.party.value,
            "position": exhibit.position,
            "description": " ".join(exhibit.description.split()),
            "document_id": exhibit.document_id,
            "page_from": exhibit.page_from if exhibit.document_id is not None else None,
            "page_to": exhibit.page_to if exhibit.document_id is not None else None,
            "exhibit_date": exhibit.exhibit_date,
            "witness_id": exhibit.witness_id,
            "status": exhibit.status.value,
            "offered_on": exhibit.offered_on,
            "marked_on": exhibit.marked_on,
            "admitted_on": exhibit.admitted_on,
            "notes": exhibit.notes.strip(),
        }


@dataclass(frozen=True, slots=True)
class WitnessLink:
    """An exhibit on a witness's list (``witness_exhibits``), kept so that undoing a delete puts it back."""

    witness_id: int
    position: int


def get_settings(session: Session, case_id: int) -> ExhibitSettings:
    """How a case numbers its exhibits (the defaults when it has never been set)."""
    row = session.get(ExhibitSettingsRow, case_id)
    if row is None:
        return ExhibitSettings()
    return ExhibitSettings(NumberingScheme(row.scheme), row.plaintiff_start, row.defendant_start)


def save_settings(session: Session, case_id: int, settings: ExhibitSettings) -> None:
    """Store how a case numbers its exhibits.

    Raises:
        NotFoundError: The case does not exist.
    """
    get_case(session, case_id)
    row = session.get(ExhibitSettingsRow, case_id)
    if row is None:
        row = ExhibitSettingsRow(case_id=case_id)
        session.add(row)
    row.scheme = settings.scheme.value
    row.plaintiff_start = settings.plaintiff_start
    row.defendant_start = settings.defendant_start
    session.flush()


def list_exhibits(session: Session, case_id: int) -> list[Exhibit]:
    """A case's exhibits by position."""
    rows = session.scalars(
        select(ExhibitRow).where(ExhibitRow.case_id == case_id).order_by(ExhibitRow.position, ExhibitRow.id)
    )
    return [row.to_domain() for row in rows]


def get_exhibit(session: Session, exhibit_id: int) -> Exhibit:
    """The exhibit with this id.

    Raises:
        NotFoundError: It does not exist.
    """
    return _row(session, exhibit_id).to_domain()


def next_position(session: Session, case_id: int) -> int:
    """A position after every exhibit of the case."""
    highest = session.scalar(select(func.max(ExhibitRow.position)).where(ExhibitRow.case_id == case_id))
    return (highest or 0) + 1


def add_exhibit(session: Session, exhibit: Exhibit, *, keep_id: bool = False) -> Exhibit:
    """Store an exhibit at its position; exhibits at or after it move one place on.

    It gets a new id, unless ``keep_id`` and its id is free (undoing a delete).

    Raises:
        NotFoundError: The case does not exist.
    """
    get_case(session, exhibit.case_id)
    session.execute(
        update(ExhibitRow)
        .where(ExhibitRow.case_id == exhibit.case_id, ExhibitRow.position >= exhibit.position)
        .values(position=ExhibitRow.position + 1)
    )
    row = ExhibitRow(**ExhibitRow.values(exhibit))
    if keep_id and exhibit.id is not None and session.get(ExhibitRow, exhibit.id) is None:
        row.id = exhibit.id
    session.add(row)
    session.flush()
    return row.to_domain()


def update_exhibit(session: Session, exhibit: Exhibit) -> Exhibit:
    """Store changes to an exhibit (its position included).

    Raises:
        NotFoundError: It does not exist.
    """
    row = _row(session, exhibit.id or 0)
    for column, value in ExhibitRow.values(exhibit).items():
        setattr(row, column, value)
    session.flush()
    return row.to_domain()


def set_positions(session: Session, positions: Mapping[int, int]) -> None:
    """Give exhibits new positions (by id)."""
    for exhibit_id, position in positions.items():
        _row(session, exhibit_id).position = position
    session.flush()


def delete_exhibit(session: Session, exhibit_id: int) -> None:
    """Delete an exhibit (and its place on witnesses' lists).

    Raises:
        NotFoundError: It does not exist.
    """
    session.delete(_row(session, exhibit_id))
    session.flush()


def witness_links(session: Session, exhibit_id: int) -> list[WitnessLink]:
    """The witnesses' lists an exhibit is on."""
    from casedesk.store.witnesses import WitnessExhibitRow  # the witnesses' store may import this one

    rows = session.scalars(select(WitnessExhibitRow).where(WitnessExhibitRow.exhibit_id == exhibit_id))
    return [WitnessLink(row.witness_id, row.position) for row in rows]


def restore_witness_links(session: Session, exhibit_id: int, links: Iterable[WitnessLink]) -> None:
    """Put an exhibit back on witnesses' lists (those witnesses still on the case)."""
    from casedesk.store.witnesses import WitnessExhibitRow, WitnessRow

    for link in links:
        if session.get(WitnessRow, link.witness_id) is not None:
            session.add(
                WitnessExhibitRow(witness_id=link.witness_id, exhibit_id=exhibit_id, position=link.position)
            )
    session.flush()


def witness_names(session: Session, case_id: int) -> list[tuple[int, str]]:
    """A case's witnesses (id and name) in order of appearance."""
    from casedesk.store.witnesses import WitnessRow

    rows = session.execute(
        select(WitnessRow.id, ContactRow.name)
        .join(ContactRow, ContactRow.id == WitnessRow.contact_id)
        .where(WitnessRow.case_id == case_id)
        .order_by(WitnessRow.position, WitnessRow.id)
    )
    return [(witness_id, name) for witness_id, name in rows]


def document_facts(session: Session, case_id: int) -> dict[int, tuple[str, int]]:
    """A case's documents by id: the name shown (title, else file name) and page count."""
    rows = session.execute(
        select(DocumentRow.id, DocumentRow.title, DocumentRow.original_name, DocumentRow.page_count)
        .where(DocumentRow.case_id == case_id)
        .order_by(DocumentRow.imported_at, DocumentRow.id)
    )
    return {doc_id: ((title or "").strip() or name, pages) for doc_id, title, name, pages in rows}


def court_name(session: Session, case_id: int) -> str:
    """The court linked to a case as a contact (the first one), or ``""``."""
    name = session.scalar(
        select(ContactRow.name)
        .join(CaseContactRow, CaseContactRow.contact_id == ContactRow.id)
        .where(CaseContactRow.case_id == case_id, CaseContactRow.role == ContactRole.COURT.value)
        .order_by(CaseContactRow.id)
        .limit(1)
    )
    return name or ""


def _row(session: Session, exhibit_id: int) -> ExhibitRow:
    row = session.get(ExhibitRow, exhibit_id)
    if row is None:
        raise NotFoundError("This exhibit no longer exists; it was deleted elsewhere.")
    return row
