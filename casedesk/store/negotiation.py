"""The negotiation of each claim: its demands and offers (``negotiation_entries``)."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import Date, ForeignKey, Integer, String, Text, select
from sqlalchemy.orm import Mapped, Session, mapped_column

from casedesk.domain.errors import NotFoundError
from casedesk.domain.insurance import ClaimStatus
from casedesk.domain.money import Money
from casedesk.domain.negotiation import MoveKind, NegotiationEntry
from casedesk.store.base import Base, MoneyCents, Versioned
from casedesk.store.insurance import ClaimRow


class NegotiationEntryRow(Versioned, Base):
    """A demand or offer made on a claim (``negotiation_entries``)."""

    __tablename__ = "negotiation_entries"

    id: Mapped[int] = mapped_column(primary_key=True)
    claim_id: Mapped[int] = mapped_column(ForeignKey("insurance_claims.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(20))
    made_on: Mapped[date] = mapped_column(Date)
    amount: Mapped[Money] = mapped_column(MoneyCents)
    party: Mapped[str] = mapped_column(String(200), default="")
    notes: Mapped[str] = mapped_column(Text, default="")
    deadline: Mapped[date | None] = mapped_column(Date, nullable=True)
    time_limit_days: Mapped[int | None] = mapped_column(Integer, nullable=True)
    received_on: Mapped[date | None] = mapped_column(Date, nullable=True)

    def to_domain(self) -> NegotiationEntry:
        """The entry as a domain object."""
        return NegotiationEntry(
            id=self.id,
            claim_id=self.claim_id,
            kind=MoveKind(self.kind),
            made_on=self.made_on,
            amount=self.amount,
            party=self.party,
            notes=self.notes,
            deadline=self.deadline,
            time_limit_days=self.time_limit_days,
            received_on=self.received_on,
        )

    @staticmethod
    def values(entry: NegotiationEntry) -> dict[str, Any]:
        """Column values for the domain record (not the id)."""
        return {
            "claim_id": entry.claim_id,
            "kind": entry.kind.value,
            "made_on": entry.made_on,
            "amount": entry.amount,
            "party": " ".join(entry.party.split()),
            "notes": entry.notes,
            "deadline": entry.deadline,
            "time_limit_days": entry.time_limit_days,
            "received_on": entry.received_on,
        }


def list_entries(session: Session, claim_id: int) -> list[NegotiationEntry]:
    """A claim's entries in the order they were made (by date, then as entered)."""
    rows = session.scalars(
        select(NegotiationEntryRow)
        .where(NegotiationEntryRow.claim_id == claim_id)
        .order_by(NegotiationEntryRow.made_on, NegotiationEntryRow.id)
    )
    return [row.to_domain() for row in rows]


def list_case_entries(session: Session, case_id: int) -> dict[int, list[NegotiationEntry]]:
    """The entries of every claim of a case, by claim id, each in the order they were made."""
    rows = session.scalars(
        select(NegotiationEntryRow)
        .join(ClaimRow, ClaimRow.id == NegotiationEntryRow.claim_id)
        .where(ClaimRow.case_id == case_id)
        .order_by(NegotiationEntryRow.made_on, NegotiationEntryRow.id)
    )
    found: dict[int, list[NegotiationEntry]] = {}
    for row in rows:
        found.setdefault(row.claim_id, []).append(row.to_domain())
    return found


def get_entry(session: Session, entry_id: int) -> NegotiationEntry:
    """The entry with this id.

    Raises:
        NotFoundError: It does not exist.
    """
    return _row(session, entry_id).to_domain()


def add_entry(session: Session, entry: NegotiationEntry) -> NegotiationEntry:
    """Store a new entry.

    Raises:
        NotFoundError: The claim does not exist.
    """
    _claim_row(session, entry.claim_id)
    row = NegotiationEntryRow(**NegotiationEntryRow.values(entry))
    session.add(row)
    session.flush()
    return row.to_domain()


def update_entry(session: Session, entry: NegotiationEntry) -> NegotiationEntry:
    """Store changes to an entry (it stays on its claim).

    Raises:
        NotFoundError: It does not exist.
    """
    row = _row(session, entry.id or 0)
    for column, value in NegotiationEntryRow.values(entry).items():
        if column != "claim_id":
            setattr(row, column, value)
    session.flush()
    return row.to_domain()


def delete_entry(session: Session, entry_id: int) -> None:
    """Delete an entry.

    Raises:
        NotFoundError: It does not exist.
    """
    session.delete(_row(session, entry_id))
    session.flush()


def claim_case_id(session: Session, claim_id: int) -> int:
    """The case a claim belongs to.

    Raises:
        NotFoundError: The claim does not exist.
    """
    return _claim_row(session, claim_id).case_id


def set_claim_status(session: Session, claim_id: int, status: ClaimStatus) -> None:
    """Set a claim's status, in the caller's transaction.

    Raises:
        NotFoundError: The claim does not exist.
    """
    _claim_row(session, claim_id).status = status.value
    session.flush()


def claim_status(session: Session, claim_id: int) -> ClaimStatus:
    """A claim's status.

    Raises:
        NotFoundError: The claim does not exist.
    """
    return ClaimStatus(_claim_row(session, claim_id).status)


def _row(session: Session, entry_id: int) -> NegotiationEntryRow:
    row = session.get(NegotiationEntryRow, entry_id)
    if row is None:
        raise NotFoundError("This negotiation entry no longer exists; it was deleted elsewhere.")
    return row


def _claim_row(session: Session, claim_id: int) -> ClaimRow:
    row = session.get(ClaimRow, claim_id)
    if row is None:
        raise NotFoundError("This claim no longer exists; it was deleted elsewhere.")
    return row
