"""The negotiation of each claim: its demands and offers (``negotiation_entries``)."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import Date, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from casedesk.domain.money import Money
from casedesk.domain.negotiation import MoveKind, NegotiationEntry
from casedesk.store.base import Base, MoneyCents


class NegotiationEntryRow(Base):
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
