"""A case's insurance: its policies (``insurance_policies``) and claims (``insurance_claims``)."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import Date, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from casedesk.domain.insurance import Claim, ClaimStatus, Coverage, Policy, PolicyParty
from casedesk.domain.money import Money
from casedesk.store.base import Base, MoneyCents


class PolicyRow(Base):
    """An insurance policy that may pay on a case (``insurance_policies``)."""

    __tablename__ = "insurance_policies"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), index=True)
    coverage: Mapped[str] = mapped_column(String(20))
    carrier: Mapped[str] = mapped_column(String(200))
    carrier_contact_id: Mapped[int | None] = mapped_column(
        ForeignKey("contacts.id", ondelete="SET NULL"), nullable=True
    )
    insured: Mapped[str] = mapped_column(String(200), default="")
    policy_number: Mapped[str] = mapped_column(String(60), default="")
    party: Mapped[str] = mapped_column(String(20))
    per_person: Mapped[Money | None] = mapped_column(MoneyCents, nullable=True)
    per_occurrence: Mapped[Money | None] = mapped_column(MoneyCents, nullable=True)
    notes: Mapped[str] = mapped_column(Text, default="")

    def to_domain(self) -> Policy:
        """The policy as a domain object."""
        return Policy(
            id=self.id,
            case_id=self.case_id,
            coverage=Coverage(self.coverage),
            carrier=self.carrier,
            carrier_contact_id=self.carrier_contact_id,
            insured=self.insured,
            policy_number=self.policy_number,
            party=PolicyParty(self.party),
            per_person=self.per_person,
            per_occurrence=self.per_occurrence,
            notes=self.notes,
        )

    @staticmethod
    def values(policy: Policy) -> dict[str, Any]:
        """Column values for the domain record (not the id)."""
        return {
            "case_id": policy.case_id,
            "coverage": policy.coverage.value,
            "carrier": " ".join(policy.carrier.split()),
            "carrier_contact_id": policy.carrier_contact_id,
            "insured": " ".join(policy.insured.split()),
            "policy_number": policy.policy_number.strip(),
            "party": policy.party.value,
            "per_person": policy.per_person,
            "per_occurrence": policy.per_occurrence,
            "notes": policy.notes,
        }


class ClaimRow(Base):
    """A claim made on one policy (``insurance_claims``)."""

    __tablename__ = "insurance_claims"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), index=True)
    policy_id: Mapped[int] = mapped_column(
        ForeignKey("insurance_policies.id", ondelete="CASCADE"), index=True
    )
    claim_number: Mapped[str] = mapped_column(String(60), default="")
    status: Mapped[str] = mapped_column(String(20))
    adjuster_contact_id: Mapped[int | None] = mapped_column(
        ForeignKey("contacts.id", ondelete="SET NULL"), nullable=True
    )
    reported_on: Mapped[date | None] = mapped_column(Date, nullable=True)
    representation_sent_on: Mapped[date | None] = mapped_column(Date, nullable=True)
    closed_on: Mapped[date | None] = mapped_column(Date, nullable=True)
    notes: Mapped[str] = mapped_column(Text, default="")

    def to_domain(self) -> Claim:
        """The claim as a domain object."""
        return Claim(
            id=self.id,
            case_id=self.case_id,
            policy_id=self.policy_id,
            claim_number=self.claim_number,
            status=ClaimStatus(self.status),
            adjuster_contact_id=self.adjuster_contact_id,
            reported_on=self.reported_on,
            representation_sent_on=self.representation_sent_on,
            closed_on=self.closed_on,
            notes=self.notes,
        )

    @staticmethod
    def values(claim: Claim) -> dict[str, Any]:
        """Column values for the domain record (not the id)."""
        return {
            "case_id": claim.case_id,
            "policy_id": claim.policy_id,
            "claim_number": claim.claim_number.strip(),
            "status": claim.status.value,
            "adjuster_contact_id": claim.adjuster_contact_id,
            "reported_on": claim.reported_on,
            "representation_sent_on": claim.representation_sent_on,
            "closed_on": claim.closed_on,
            "notes": claim.notes,
        }
