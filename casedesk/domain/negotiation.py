"""The negotiation of a claim: demands and offers, in the order they were made."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

from casedesk.domain.money import Money


class MoveKind(StrEnum):
    """One step of a negotiation."""

    INITIAL_DEMAND = "initial_demand"
    OFFER = "offer"
    COUNTER_DEMAND = "counter_demand"
    COUNTER_OFFER = "counter_offer"
    FINAL = "final"

    @property
    def label(self) -> str:
        """Display name."""
        return _MOVE_LABELS[self]

    @property
    def is_demand(self) -> bool:
        """Whether the client's side makes this move (a demand), not the insurer (an offer)."""
        return self in (MoveKind.INITIAL_DEMAND, MoveKind.COUNTER_DEMAND)


_MOVE_LABELS = {
    MoveKind.INITIAL_DEMAND: "Initial demand",
    MoveKind.OFFER: "Offer",
    MoveKind.COUNTER_DEMAND: "Counter-demand",
    MoveKind.COUNTER_OFFER: "Counter-offer",
    MoveKind.FINAL: "Final settlement",
}


@dataclass(frozen=True, slots=True)
class NegotiationEntry:
    """A demand or offer made on a claim.

    Attributes:
        claim_id: The claim negotiated.
        made_on: When the demand or offer was made.
        party: Who made it (the firm for the client, the adjuster for the insurer).
        deadline: The day an offer or demand is open until, when it says so.
        time_limit_days: A time-limited demand stays open this many days from its receipt.
        received_on: When the other side received it (a time-limited demand's deadline runs from then).
    """

    claim_id: int
    kind: MoveKind
    made_on: date
    amount: Money
    party: str = ""
    notes: str = ""
    deadline: date | None = None
    time_limit_days: int | None = None
    received_on: date | None = None
    id: int | None = None

    @property
    def time_limited(self) -> bool:
        """Whether this is a time-limited demand."""
        return self.time_limit_days is not None

    @property
    def deadline_day(self) -> date | None:
        """The day it lapses: a time-limited demand's from its receipt, otherwise the stated deadline.

        A time-limited demand whose receipt is not recorded yet has no deadline running.
        """
        if self.time_limit_days is not None:
            if self.received_on is None:
                return None
            return self.received_on + timedelta(days=self.time_limit_days)
        return self.deadline
