"""A case's insurance: its policies (``insurance_policies``) and claims (``insurance_claims``)."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import Date, ForeignKey, String, Text, func, select
from sqlalchemy.orm import Mapped, Session, mapped_column

from casedesk.domain.errors import NotFoundError
from casedesk.domain.insurance import (
    Claim,
    ClaimStatus,
    ClaimView,
    Coverage,
    Policy,
    PolicyParty,
    sort_policies,
)
from casedesk.domain.money import Money
from casedesk.domain.negotiation import NegotiationEntry
from casedesk.store.base import Base, MoneyCents, Versioned
from casedesk.store.cases import get_case
from casedesk.store.contacts import contact_names


class PolicyRow(Versioned, Base):
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


class ClaimRow(Versioned, Base):
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


def list_policies(session: Session, case_id: int) -> list[Policy]:
    """A case's policies: those counted for the injury claim first, then by coverage."""
    rows = session.scalars(select(PolicyRow).where(PolicyRow.case_id == case_id).order_by(PolicyRow.id))
    return sort_policies([row.to_domain() for row in rows])


def get_policy(session: Session, policy_id: int) -> Policy:
    """The policy with this id.

    Raises:
        NotFoundError: It does not exist.
    """
    return _policy_row(session, policy_id).to_domain()


def add_policy(session: Session, policy: Policy) -> Policy:
    """Store a new policy (with its id, when restoring one).

    Raises:
        NotFoundError: The case does not exist.
    """
    get_case(session, policy.case_id)
    row = PolicyRow(**PolicyRow.values(policy))
    if policy.id is not None and session.get(PolicyRow, policy.id) is None:
        row.id = policy.id
    session.add(row)
    session.flush()
    return row.to_domain()


def update_policy(session: Session, policy: Policy) -> Policy:
    """Store changes to a policy.

    Raises:
        NotFoundError: It does not exist.
    """
    row = _policy_row(session, policy.id or 0)
    for column, value in PolicyRow.values(policy).items():
        setattr(row, column, value)
    session.flush()
    return row.to_domain()


def delete_policy(session: Session, policy_id: int) -> None:
    """Delete a policy with its claims and their negotiation entries.

    Raises:
        NotFoundError: It does not exist.
    """
    session.delete(_policy_row(session, policy_id))
    session.flush()


def list_claims(session: Session, case_id: int, policy_id: int | None = None) -> list[Claim]:
    """A case's claims (or one policy's), as entered."""
    query = select(ClaimRow).where(ClaimRow.case_id == case_id)
    if policy_id is not None:
        query = query.where(ClaimRow.policy_id == policy_id)
    return [row.to_domain() for row in session.scalars(query.order_by(ClaimRow.id))]


def list_claims_of_policy(session: Session, policy_id: int) -> list[Claim]:
    """The claims made on one policy, as entered."""
    query = select(ClaimRow).where(ClaimRow.policy_id == policy_id).order_by(ClaimRow.id)
    return [row.to_domain() for row in session.scalars(query)]


def claim_views(session: Session, case_id: int) -> list[ClaimView]:
    """A case's claims with their policies and adjusters' names, in the policies' order."""
    policies = list_policies(session, case_id)
    by_id = {policy.id: policy for policy in policies}
    order = {policy.id: index for index, policy in enumerate(policies)}
    claims = list_claims(session, case_id)
    names = contact_names(session, {c.adjuster_contact_id for c in claims if c.adjuster_contact_id})
    views = [
        ClaimView(claim, by_id[claim.policy_id], names.get(claim.adjuster_contact_id or 0, ""))
        for claim in claims
        if claim.policy_id in by_id
    ]
    return sorted(views, key=lambda view: (order[view.policy.id], view.claim.id or 0))


def claim_view(session: Session, claim_id: int) -> ClaimView:
    """One claim with its policy and adjuster's name.

    Raises:
        NotFoundError: It does not exist.
    """
    claim = _claim_row(session, claim_id).to_domain()
    policy = get_policy(session, claim.policy_id)
    names = contact_names(session, [claim.adjuster_contact_id] if claim.adjuster_contact_id else [])
    return ClaimView(claim, policy, names.get(claim.adjuster_contact_id or 0, ""))


def get_claim(session: Session, claim_id: int) -> Claim:
    """The claim with this id.

    Raises:
        NotFoundError: It does not exist.
    """
    return _claim_row(session, claim_id).to_domain()


def add_claim(session: Session, claim: Claim) -> Claim:
    """Store a new claim (with its id, when restoring one).

    Raises:
        NotFoundError: The policy does not exist.
    """
    _policy_row(session, claim.policy_id)
    row = ClaimRow(**ClaimRow.values(claim))
    if claim.id is not None and session.get(ClaimRow, claim.id) is None:
        row.id = claim.id
    session.add(row)
    session.flush()
    return row.to_domain()


def update_claim(session: Session, claim: Claim) -> Claim:
    """Store changes to a claim.

    Raises:
        NotFoundError: It does not exist.
    """
    row = _claim_row(session, claim.id or 0)
    for column, value in ClaimRow.values(claim).items():
        setattr(row, column, value)
    session.flush()
    return row.to_domain()


def delete_claim(session: Session, claim_id: int) -> None:
    """Delete a claim with its negotiation entries.

    Raises:
        NotFoundError: It does not exist.
    """
    session.delete(_claim_row(session, claim_id))
    session.flush()


def count_claims(session: Session, policy_id: int) -> int:
    """How many claims are made on a policy."""
    return (
        session.scalar(select(func.count()).select_from(ClaimRow).where(ClaimRow.policy_id == policy_id)) or 0
    )


def count_entries(session: Session, claim_ids: list[int]) -> int:
    """How many negotiation entries are recorded on these claims."""
    from casedesk.store.negotiation import NegotiationEntryRow  # store.negotiation imports this module

    if not claim_ids:
        return 0
    query = (
        select(func.count())
        .select_from(NegotiationEntryRow)
        .where(NegotiationEntryRow.claim_id.in_(claim_ids))
    )
    return session.scalar(query) or 0


def list_entries(session: Session, claim_ids: list[int]) -> list[NegotiationEntry]:
    """The negotiation entries of these claims, as entered (what undoing a delete puts back)."""
    from casedesk.store.negotiation import NegotiationEntryRow  # store.negotiation imports this module

    if not claim_ids:
        return []
    query = select(NegotiationEntryRow).where(NegotiationEntryRow.claim_id.in_(claim_ids))
    return [row.to_domain() for row in session.scalars(query.order_by(NegotiationEntryRow.id))]


def restore_entries(session: Session, entries: list[NegotiationEntry]) -> None:
    """Put back negotiation entries with their ids (undo of a delete)."""
    from casedesk.store.negotiation import NegotiationEntryRow  # store.negotiation imports this module

    for entry in entries:
        row = NegotiationEntryRow(**NegotiationEntryRow.values(entry))
        if entry.id is not None and session.get(NegotiationEntryRow, entry.id) is None:
            row.id = entry.id
        session.add(row)
    session.flush()


def _policy_row(session: Session, policy_id: int) -> PolicyRow:
    row = session.get(PolicyRow, policy_id)
    if row is None:
        raise NotFoundError("This policy no longer exists; it was deleted elsewhere.")
    return row


def _claim_row(session: Session, claim_id: int) -> ClaimRow:
    row = session.get(ClaimRow, claim_id)
    if row is None:
        raise NotFoundError("This claim no longer exists; it was deleted elsewhere.")
    return row
