"""Insurance of a case: the policies that may pay, and the claims made on them."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from casedesk.domain.money import Money


class Coverage(StrEnum):
    """What a policy covers."""

    BODILY_INJURY = "bodily_injury"
    PROPERTY_DAMAGE = "property_damage"
    UM_UIM = "um_uim"
    PIP = "pip"
    MEDPAY = "medpay"
    HEALTH = "health"

    @property
    def label(self) -> str:
        """Display name."""
        return _COVERAGE_LABELS[self]


_COVERAGE_LABELS = {
    Coverage.BODILY_INJURY: "Bodily injury liability",
    Coverage.PROPERTY_DAMAGE: "Property damage",
    Coverage.UM_UIM: "UM/UIM",
    Coverage.PIP: "PIP",
    Coverage.MEDPAY: "MedPay",
    Coverage.HEALTH: "Health",
}


class PolicyParty(StrEnum):
    """Whose policy it is."""

    AT_FAULT = "at_fault"
    CLIENT = "client"
    OTHER = "other"

    @property
    def label(self) -> str:
        """Display name."""
        return _PARTY_LABELS[self]


_PARTY_LABELS = {
    PolicyParty.AT_FAULT: "At-fault party",
    PolicyParty.CLIENT: "Client's own",
    PolicyParty.OTHER: "Other",
}


@dataclass(frozen=True, slots=True)
class Policy:
    """An insurance policy that may pay on the case.

    Attributes:
        carrier: The insurance company's name.
        insured: The policyholder's name.
        party: Whose policy it is.
        per_person: The limit per person (``None``: not known yet).
        per_occurrence: The limit per occurrence (``None``: not known yet).
        carrier_contact_id: The carrier in the contacts book, when linked.
    """

    case_id: int
    coverage: Coverage
    carrier: str
    insured: str = ""
    policy_number: str = ""
    party: PolicyParty = PolicyParty.AT_FAULT
    per_person: Money | None = None
    per_occurrence: Money | None = None
    notes: str = ""
    carrier_contact_id: int | None = None
    id: int | None = None


class ClaimStatus(StrEnum):
    """Where a claim stands with the insurer."""

    OPEN = "open"
    ACCEPTED = "accepted"
    DENIED = "denied"
    NEGOTIATING = "negotiating"
    SETTLED = "settled"
    CLOSED = "closed"

    @property
    def label(self) -> str:
        """Display name."""
        return _STATUS_LABELS[self]


_STATUS_LABELS = {
    ClaimStatus.OPEN: "Open",
    ClaimStatus.ACCEPTED: "Liability accepted",
    ClaimStatus.DENIED: "Denied",
    ClaimStatus.NEGOTIATING: "Negotiating",
    ClaimStatus.SETTLED: "Settled",
    ClaimStatus.CLOSED: "Closed",
}


@dataclass(frozen=True, slots=True)
class Claim:
    """A claim made on one policy.

    Attributes:
        policy_id: The policy claimed on.
        claim_number: The insurer's claim number.
        adjuster_contact_id: The adjuster handling it, from the contacts book.
        reported_on: When the claim was reported to the insurer.
        representation_sent_on: When the letter of representation was sent.
        closed_on: When the claim was closed.
    """

    case_id: int
    policy_id: int
    claim_number: str = ""
    status: ClaimStatus = ClaimStatus.OPEN
    adjuster_contact_id: int | None = None
    reported_on: date | None = None
    representation_sent_on: date | None = None
    closed_on: date | None = None
    notes: str = ""
    id: int | None = None
