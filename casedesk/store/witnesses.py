"""A case's trial witnesses (``witnesses``) and the exhibits each will use (``witness_exhibits``)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from sqlalchemy import (
    Date,
    ForeignKey,
    Integer,
    String,
    Text,
    UniqueConstraint,
    column,
    delete,
    func,
    select,
    table,
    update,
)
from sqlalchemy.orm import Mapped, Session, mapped_column

from casedesk.domain.errors import NotFoundError, ValidationError
from casedesk.domain.witnesses import Witness, WitnessKind, WitnessView
from casedesk.store.base import Base, Versioned
from casedesk.store.cases import CaseRow, get_case
from casedesk.store.contacts import ContactRow


class WitnessRow(Versioned, Base):
    """A person who will testify (``witnesses``): a contact from the book, in order of appearance."""

    __tablename__ = "witnesses"
    __table_args__ = (UniqueConstraint("case_id", "contact_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), index=True)
    contact_id: Mapped[int] = mapped_column(ForeignKey("contacts.id", ondelete="RESTRICT"), index=True)
    kind: Mapped[str] = mapped_column(String(20))
    position: Mapped[int] = mapped_column(Integer)
    subpoena_served_on: Mapped[date | None] = mapped_column(Date, nullable=True)
    availability: Mapped[str] = mapped_column(Text, default="")
    topics: Mapped[str] = mapped_column(Text, default="")
    outline: Mapped[str] = mapped_column(Text, default="")

    def to_domain(self) -> Witness:
        """The witness as a domain object."""
        return Witness(
            id=self.id,
            case_id=self.case_id,
            contact_id=self.contact_id,
            kind=WitnessKind(self.kind),
            position=self.position,
            subpoena_served_on=self.subpoena_served_on,
            availability=self.availability,
            topics=self.topics,
            outline=self.outline,
        )

    @staticmethod
    def values(witness: Witness) -> dict[str, Any]:
        """Column values for the domain record (not the id)."""
        return {
            "case_id": witness.case_id,
            "contact_id": witness.contact_id,
            "kind": witness.kind.value,
            "position": witness.position,
            "subpoena_served_on": witness.subpoena_served_on,
            "availability": witness.availability.strip(),
            "topics": witness.topics.strip(),
            "outline": witness.outline.rstrip(),
        }


class WitnessExhibitRow(Base):
    """An exhibit a witness will be shown (``witness_exhibits``), in the order of the examination."""

    __tablename__ = "witness_exhibits"

    witness_id: Mapped[int] = mapped_column(ForeignKey("witnesses.id", ondelete="CASCADE"), primary_key=True)
    exhibit_id: Mapped[int] = mapped_column(
        ForeignKey("exhibits.id", ondelete="CASCADE"), primary_key=True, index=True
    )
    position: Mapped[int] = mapped_column(Integer)


# The exhibits table as far as witnesses need it (its row class belongs to the exhibits module).
_exhibits = table(
    "exhibits", column("id", Integer), column("case_id", Integer), column("witness_id", Integer)
)


def list_views(session: Session, case_id: int) -> list[WitnessView]:
    """A case's witnesses in order of appearance, with contact details and exhibits to use."""
    query = (
        select(WitnessRow, ContactRow)
        .join(ContactRow, ContactRow.id == WitnessRow.contact_id)
        .where(WitnessRow.case_id == case_id)
        .order_by(WitnessRow.position, WitnessRow.id)
    )
    pairs = [(row, contact) for row, contact in session.execute(query)]
    exhibits = _exhibit_ids(session, [row.id for row, _ in pairs])
    return [_view(row, contact, exhibits.get(row.id, ())) for row, contact in pairs]


def get_view(session: Session, witness_id: int) -> WitnessView:
    """One witness with contact details and exhibits to use.

    Raises:
        NotFoundError: It does not exist.
    """
    row = _witness_row(session, witness_id)
    contact = session.get(ContactRow, row.contact_id)
    assert contact is not None  # the foreign key restricts deleting a witness's contact
    return _view(row, contact, _exhibit_ids(session, [row.id]).get(row.id, ()))


def get_witness(session: Session, witness_id: int) -> Witness:
    """The witness with this id.

    Raises:
        NotFoundError: It does not exist.
    """
    return _witness_row(session, witness_id).to_domain()


def witness_of_contact(session: Session, case_id: int, contact_id: int) -> Witness | None:
    """The case's witness who is this contact, if any."""
    query = select(WitnessRow).where(WitnessRow.case_id == case_id, WitnessRow.contact_id == contact_id)
    row = session.scalar(query)
    return row.to_domain() if row is not None else None


def contact_ids(session: Session, case_id: int) -> set[int]:
    """The contacts who are already witnesses on a case."""
    return set(session.scalars(select(WitnessRow.contact_id).where(WitnessRow.case_id == case_id)))


def next_position(session: Session, case_id: int) -> int:
    """The position after the case's last witness."""
    last = session.scalar(select(func.max(WitnessRow.position)).where(WitnessRow.case_id == case_id))
    return 0 if last is None else last + 1


def add_witness(session: Session, witness: Witness) -> Witness:
    """Store a new witness (with its id, when restoring one).

    Raises:
        NotFoundError: The case does not exist.
    """
    get_case(session, witness.case_id)
    row = WitnessRow(**WitnessRow.values(witness))
    if witness.id is not None and session.get(WitnessRow, witness.id) is None:
        row.id = witness.id
    session.add(row)
    session.flush()
    return row.to_domain()


def update_witness(session: Session, witness: Witness) -> Witness:
    """Store changes to a witness (its position included).

    Raises:
        NotFoundError: It does not exist.
    """
    row = _witness_row(session, witness.id or 0)
    for name, value in WitnessRow.values(witness).items():
        setattr(row, name, value)
    session.flush()
    return row.to_domain()


def delete_witness(session: Session, witness_id: int) -> None:
    """Delete a witness with its exhibit links (exhibits that named the witness no longer do).

    Raises:
        NotFoundError: It does not exist.
    """
    session.delete(_witness_row(session, witness_id))
    session.flush()


def set_positions(session: Session, case_id: int, witness_ids: Sequence[int]) -> None:
    """Number a case's witnesses 0, 1, 2… in the order given."""
    rows = {row.id: row for row in session.scalars(select(WitnessRow).where(WitnessRow.case_id == case_id))}
    for position, witness_id in enumerate(witness_ids):
        rows[witness_id].position = position
    session.flush()


def exhibit_links(session: Session, witness_id: int) -> list[int]:
    """The exhibits a witness will use, in examination order."""
    return list(_exhibit_ids(session, [witness_id]).get(witness_id, ()))


def set_exhibit_links(session: Session, witness_id: int, exhibit_ids: Sequence[int]) -> None:
    """Replace the exhibits a witness will use with these, in this order.

    Raises:
        NotFoundError: The witness does not exist.
        ValidationError: An exhibit is listed twice, is not on the witness's case, or was deleted.
    """
    witness = _witness_row(session, witness_id)
    if len(set(exhibit_ids)) != len(exhibit_ids):
        raise ValidationError({"exhibits": "An exhibit is listed twice; list each exhibit once."})
    if exhibit_ids:
        query = select(_exhibits.c.id).where(
            _exhibits.c.case_id == witness.case_id, _exhibits.c.id.in_(list(exhibit_ids))
        )
        found = set(session.scalars(query))
        if len(found) != len(exhibit_ids):
            raise ValidationError(
                {"exhibits": "An exhibit on the list was deleted or is on another case; reopen the witness."}
            )
    session.execute(delete(WitnessExhibitRow).where(WitnessExhibitRow.witness_id == witness_id))
    session.add_all(
        WitnessExhibitRow(witness_id=witness_id, exhibit_id=exhibit_id, position=position)
        for position, exhibit_id in enumerate(exhibit_ids)
    )
    session.flush()


def exhibits_naming(session: Session, witness_id: int) -> list[int]:
    """The exhibits whose own record names this witness (they lose it when the witness is deleted)."""
    return list(session.scalars(select(_exhibits.c.id).where(_exhibits.c.witness_id == witness_id)))


def name_on_exhibits(session: Session, witness_id: int, exhibit_ids: Sequence[int]) -> None:
    """Make these exhibits (those still present) name the witness again (undo of a delete)."""
    if exhibit_ids:
        session.execute(
            update(_exhibits).where(_exhibits.c.id.in_(list(exhibit_ids))).values(witness_id=witness_id)
        )


def existing_exhibits(session: Session, exhibit_ids: Sequence[int]) -> list[int]:
    """Those of these exhibits that still exist, in the order given."""
    if not exhibit_ids:
        return []
    found = set(session.scalars(select(_exhibits.c.id).where(_exhibits.c.id.in_(list(exhibit_ids)))))
    return [i for i in exhibit_ids if i in found]


def cases_with_witness(session: Session, contact_id: int) -> list[str]:
    """Numbers of the cases on which a contact is a witness, in order (the contact cannot be deleted)."""
    query = (
        select(CaseRow.number)
        .join(WitnessRow, WitnessRow.case_id == CaseRow.id)
        .where(WitnessRow.contact_id == contact_id)
        .order_by(CaseRow.number)
    )
    return list(session.scalars(query))


def _exhibit_ids(session: Session, witness_ids: Sequence[int]) -> dict[int, tuple[int, ...]]:
    if not witness_ids:
        return {}
    query = (
        select(WitnessExhibitRow.witness_id, WitnessExhibitRow.exhibit_id)
        .where(WitnessExhibitRow.witness_id.in_(list(witness_ids)))
        .order_by(WitnessExhibitRow.witness_id, WitnessExhibitRow.position)
    )
    links: dict[int, list[int]] = {}
    for witness_id, exhibit_id in session.execute(query):
        links.setdefault(witness_id, []).append(exhibit_id)
    return {witness_id: tuple(ids) for witness_id, ids in links.items()}


def _view(row: WitnessRow, contact: ContactRow, exhibit_ids: tuple[int, ...]) -> WitnessView:
    return WitnessView(
        witness=row.to_domain(),
        name=contact.name,
        phone=contact.phone,
        email=contact.email,
        organization=contact.organization,
        exhibit_ids=exhibit_ids,
    )


def _witness_row(session: Session, witness_id: int) -> WitnessRow:
    row = session.get(WitnessRow, witness_id)
    if row is None:
        raise NotFoundError("This witness is no longer on the list; it was deleted elsewhere.")
    return row
