"""A case's insurance policies and the claims made on them, and the coverage available."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date, datetime, time
from typing import TYPE_CHECKING

from casedesk.domain.activity import Activity, ActivityKind, Direction
from casedesk.domain.errors import ValidationError
from casedesk.domain.insurance import (
    Claim,
    ClaimView,
    CoverageSummary,
    Policy,
    coverage_summary,
    validate_claim,
    validate_policy,
)
from casedesk.domain.money import Money
from casedesk.domain.negotiation import NegotiationEntry
from casedesk.services.clock import Clock, system_clock, today
from casedesk.services.conflicts import refuse_if_changed
from casedesk.store import cases as case_store
from casedesk.store import insurance as insurance_store
from casedesk.store.activity import add_activity
from casedesk.store.casefile import CaseFile

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from casedesk.services.valuation import ValuationService


@dataclass(frozen=True, slots=True)
class DeletedPolicy:
    """A policy deleted with its claims and their negotiation entries: what undo puts back."""

    policy: Policy
    claims: tuple[Claim, ...] = ()
    entries: tuple[NegotiationEntry, ...] = ()

    @property
    def id(self) -> int | None:
        """The policy's id."""
        return self.policy.id


@dataclass(frozen=True, slots=True)
class DeletedClaim:
    """A claim deleted with its negotiation entries: what undo puts back."""

    claim: Claim
    entries: tuple[NegotiationEntry, ...] = ()

    @property
    def id(self) -> int | None:
        """The claim's id."""
        return self.claim.id


@dataclass(frozen=True, slots=True)
class PolicyDependents:
    """What goes with a policy when it is deleted."""

    claims: int
    entries: int

    @property
    def text(self) -> str:
        """``2 claims and 5 negotiation entries``; empty when nothing goes with it."""
        if not self.claims:
            return ""
        claims = f"{self.claims} claim{'s' if self.claims != 1 else ''}"
        entries = f"{self.entries} negotiation entr{'ies' if self.entries != 1 else 'y'}"
        return f"{claims} and {entries}"


class InsuranceService:
    """A case's insurance policies and the claims made on them, and the coverage available."""

    def __init__(
        self,
        case_file: CaseFile,
        clock: Clock = system_clock,
        valuation: ValuationService | None = None,
        *,
        on_claims_saved: Callable[[Session, int], None] | None = None,
    ) -> None:
        """Serve one case file.

        Args:
            case_file: The open case file.
            clock: Gives today's date (claim dates cannot be after it).
            valuation: Gives the valuation the coverage is compared with.
            on_claims_saved: Called with the session and the case id in the transaction of every change to
                a case's policies or claims (the calendar keeps their demand deadlines in step with it).
        """
        self._case_file = case_file
        self._clock = clock
        self._valuation = valuation
        self._on_claims_saved = on_claims_saved

    # --- reading ---------------------------------------------------------------------------------

    def policies(self, case_id: int) -> list[Policy]:
        """A case's policies: those counted for the injury claim first, then by coverage."""
        with self._case_file.session() as session:
            return insurance_store.list_policies(session, case_id)

    def policy(self, policy_id: int) -> Policy:
        """One policy.

        Raises:
            NotFoundError: It was deleted.
        """
        with self._case_file.session() as session:
            return insurance_store.get_policy(session, policy_id)

    def claims(self, case_id: int) -> list[ClaimView]:
        """A case's claims, each with its policy, adjuster's name and display name, in policy order."""
        with self._case_file.session() as session:
            return insurance_store.claim_views(session, case_id)

    def claim(self, claim_id: int) -> ClaimView:
        """One claim with its policy and adjuster's name.

        Raises:
            NotFoundError: It was deleted.
        """
        with self._case_file.session() as session:
            return insurance_store.claim_view(session, claim_id)

    def dependents(self, policy_id: int) -> PolicyDependents:
        """How many claims and negotiation entries go with a policy when it is deleted."""
        with self._case_file.session() as session:
            claims = [c.id for c in insurance_store.list_claims_of_policy(session, policy_id) if c.id]
            return PolicyDependents(len(claims), insurance_store.count_entries(session, claims))

    def claim_entries(self, claim_id: int) -> int:
        """How many negotiation entries go with a claim when it is deleted."""
        with self._case_file.session() as session:
            return insurance_store.count_entries(session, [claim_id])

    def valuation_value(self, case_id: int) -> Money | None:
        """The valuation's value: that of the first saved scenario that has one; ``None`` if none has."""
        if self._valuation is None:
            return None
        valuation = self._valuation.case_valuation(case_id)
        for outcome in self._valuation.outcomes(valuation):
            if outcome.result is not None and outcome.result.value is not None:
                return outcome.result.value
        return None

    def coverage(self, case_id: int) -> CoverageSummary:
        """The coverage available for the injury claim, each policy, and the warning against the value."""
        return coverage_summary(self.policies(case_id), self.valuation_value(case_id))

    # --- validation ------------------------------------------------------------------------------

    def policy_errors(self, policy: Policy) -> dict[str, str]:
        """What is wrong with a policy; empty when it can be saved."""
        return validate_policy(policy)

    def claim_errors(self, claim: Claim, incident_date: date | None = None) -> dict[str, str]:
        """What is wrong with a claim; empty when it can be saved (dates checked against the incident)."""
        if incident_date is None:
            incident_date = self.incident_date(claim.case_id)
        return validate_claim(claim, incident_date, today(self._clock))

    def incident_date(self, case_id: int) -> date | None:
        """The case's incident date, which claim dates cannot precede."""
        with self._case_file.session() as session:
            return case_store.get_case(session, case_id).incident_date

    # --- policies --------------------------------------------------------------------------------

    def add_policy(self, policy: Policy) -> Policy:
        """Add a policy.

        Raises:
            ValidationError: A field is wrong; nothing is saved.
        """
        _raise(self.policy_errors(policy))
        with self._case_file.session() as session:
            return insurance_store.add_policy(session, replace(policy, id=None))

    def update_policy(self, policy: Policy) -> Policy:
        """Save changes to a policy.

        Raises:
            ValidationError: A field is wrong; nothing is saved.
            NotFoundError: It was deleted.
        """
        _raise(self.policy_errors(policy))
        with self._case_file.session() as session:
            saved = insurance_store.update_policy(session, policy)
            self._claims_saved(session, saved.case_id)  # deadline titles name the carrier
            return saved

    def delete_policy(self, policy_id: int) -> DeletedPolicy:
        """Delete a policy with its claims and their negotiation entries; returns them for undo."""
        with self._case_file.session() as session:
            policy = insurance_store.get_policy(session, policy_id)
            claims = insurance_store.list_claims_of_policy(session, policy_id)
            entries = insurance_store.list_entries(session, [c.id for c in claims if c.id])
            insurance_store.delete_policy(session, policy_id)
            self._claims_saved(session, policy.case_id)
            return DeletedPolicy(policy, tuple(claims), tuple(entries))

    def restore_policy(self, deleted: DeletedPolicy) -> Policy:
        """Put back a policy deleted by :meth:`delete_policy`, with its claims and entries (undo)."""
        with self._case_file.session() as session:
            policy = insurance_store.add_policy(session, deleted.policy)
            ids: dict[int, int] = {}
            for claim in deleted.claims:
                saved = insurance_store.add_claim(session, replace(claim, policy_id=policy.id or 0))
                ids[claim.id or 0] = saved.id or 0
            insurance_store.restore_entries(
                session, [replace(e, claim_id=ids.get(e.claim_id, e.claim_id)) for e in deleted.entries]
            )
            self._claims_saved(session, policy.case_id)
            return policy

    # --- claims ----------------------------------------------------------------------------------

    def add_claim(self, claim: Claim) -> ClaimView:
        """Add a claim; a reported date and a representation date each go on the timeline.

        Raises:
            ValidationError: A field is wrong; nothing is saved.
            NotFoundError: The policy was deleted.
        """
        with self._case_file.session() as session:
            incident = case_store.get_case(session, claim.case_id).incident_date
            _raise(validate_claim(claim, incident, today(self._clock)))
            saved = insurance_store.add_claim(session, replace(claim, id=None))
            view = insurance_store.claim_view(session, saved.id or 0)
            self._log_dates(session, view, None)
            return view

    def update_claim(self, claim: Claim, expected: Claim | None = None) -> ClaimView:
        """Save changes to a claim; a newly set reported or representation date goes on the timeline.

        Raises:
            ValidationError: A field is wrong; nothing is saved.
            ConflictError: It changed elsewhere since ``expected`` was read (says who changed what).
            NotFoundError: It was deleted.
        """
        with self._case_file.session() as session:
            refuse_if_changed(session, insurance_store.ClaimRow, "claim", expected, insurance_store.get_claim)
            incident = case_store.get_case(session, claim.case_id).incident_date
            _raise(validate_claim(claim, incident, today(self._clock)))
            before = insurance_store.get_claim(session, claim.id or 0)
            insurance_store.update_claim(session, claim)
            view = insurance_store.claim_view(session, claim.id or 0)
            self._log_dates(session, view, before)
            self._claims_saved(session, claim.case_id)
            return view

    def delete_claim(self, claim_id: int) -> DeletedClaim:
        """Delete a claim with its negotiation entries; returns them for undo."""
        with self._case_file.session() as session:
            claim = insurance_store.get_claim(session, claim_id)
            entries = insurance_store.list_entries(session, [claim_id])
            insurance_store.delete_claim(session, claim_id)
            self._claims_saved(session, claim.case_id)
            return DeletedClaim(claim, tuple(entries))

    def restore_claim(self, deleted: DeletedClaim) -> Claim:
        """Put back a claim deleted by :meth:`delete_claim`, with its entries (undo).

        Raises:
            NotFoundError: Its policy was deleted meanwhile.
        """
        with self._case_file.session() as session:
            claim = insurance_store.add_claim(session, deleted.claim)
            insurance_store.restore_entries(
                session, [replace(e, claim_id=claim.id or 0) for e in deleted.entries]
            )
            self._claims_saved(session, claim.case_id)
            return claim

    # --- helpers ---------------------------------------------------------------------------------

    def _claims_saved(self, session: Session, case_id: int) -> None:
        if self._on_claims_saved is not None:
            self._on_claims_saved(session, case_id)

    def _log_dates(self, session: Session, view: ClaimView, before: Claim | None) -> None:
        claim = view.claim
        parties = ", ".join(name for name in (view.policy.carrier, view.adjuster) if name)
        if claim.reported_on and (before is None or before.reported_on != claim.reported_on):
            add_activity(
                session,
                Activity(
                    case_id=claim.case_id,
                    kind=ActivityKind.LETTER,
                    occurred_at=self._moment(claim.reported_on),
                    direction=Direction.OUTGOING,
                    parties=parties,
                    subject=f"Claim reported: {view.display_name}",
                    body=f"{view.policy.coverage.label} claim reported to {view.policy.carrier}.",
                ),
            )
        sent = claim.representation_sent_on
        if sent and (before is None or before.representation_sent_on != sent):
            add_activity(
                session,
                Activity(
                    case_id=claim.case_id,
                    kind=ActivityKind.LETTER,
                    occurred_at=self._moment(sent),
                    direction=Direction.OUTGOING,
                    parties=parties,
                    subject=f"Letter of representation sent: {view.display_name}",
                    body=f"Letter of representation sent to {view.adjuster or view.policy.carrier}.",
                ),
            )

    def _moment(self, day: date) -> datetime:
        now = self._clock()
        if day == now.date():
            return now
        return datetime.combine(day, time(12), tzinfo=now.tzinfo)


def _raise(errors: dict[str, str]) -> None:
    if errors:
        raise ValidationError(errors)
