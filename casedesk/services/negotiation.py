"""The negotiation of each claim: demands and offers, the client's net at each, and their deadlines.

Every change to an entry brings the case's deadline events on the calendar in step, in the same transaction
(``on_entries_saved``, the calendar's
:meth:`~casedesk.services.calendar.CalendarService.sync_demand_deadlines`), and every demand or offer
recorded goes on the case's timeline in that transaction too.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from datetime import date, datetime, time

from sqlalchemy.orm import Session

from casedesk.domain.activity import Activity, ActivityKind, Direction
from casedesk.domain.errors import ValidationError
from casedesk.domain.insurance import ClaimStatus, ClaimView
from casedesk.domain.money import Money
from casedesk.domain.negotiation import (
    EntryDeadline,
    MoveKind,
    NegotiationEntry,
    NegotiationSummary,
    NetAtOffer,
    entry_deadline,
    entry_warnings,
    is_offer,
    negotiation_summary,
    net_at_offer,
    validate_entry,
)
from casedesk.services.clock import Clock, system_clock, today
from casedesk.services.conflicts import refuse_if_changed
from casedesk.services.settlement import SettlementService
from casedesk.store import activity as activity_store
from casedesk.store import cases as case_store
from casedesk.store import insurance as insurance_store
from casedesk.store import negotiation as negotiation_store
from casedesk.store.casefile import CaseFile
from casedesk.store.letters import get_firm_profile

#: Called with the open session and the case id after a case's entries changed (brings the calendar in step).
EntriesSavedHook = Callable[[Session, int], None]


@dataclass(frozen=True, slots=True)
class LogEntry:
    """One line of a claim's negotiation log.

    Attributes:
        entry: The demand or offer.
        deadline: Where its deadline stands today.
        net: The client's net at its amount (offers, counter-offers and the final settlement).
    """

    entry: NegotiationEntry
    deadline: EntryDeadline
    net: NetAtOffer | None


@dataclass(frozen=True, slots=True)
class ClaimNegotiation:
    """A claim's negotiation: the claim, its log and where it stands."""

    claim: ClaimView
    log: tuple[LogEntry, ...]
    summary: NegotiationSummary

    @property
    def entries(self) -> list[NegotiationEntry]:
        """The entries, in the order they were made."""
        return [line.entry for line in self.log]


class NegotiationService:
    """The negotiation of each claim: demands and offers, the client's net at each, and their deadlines.

    Attributes:
        clock: What this service takes "now" and "today" to be.
    """

    def __init__(
        self,
        case_file: CaseFile,
        clock: Clock = system_clock,
        *,
        settlement: SettlementService | None = None,
        on_entries_saved: EntriesSavedHook | None = None,
    ) -> None:
        self._case_file = case_file
        self.clock = clock
        self._settlement = settlement or SettlementService(case_file, clock)
        self._on_entries_saved = on_entries_saved

    def today(self) -> date:
        """Today's date by the service's clock."""
        return today(self.clock)

    # --- reading ---------------------------------------------------------------------------------

    def claims(self, case_id: int) -> list[ClaimView]:
        """A case's claims with their policies and adjusters, by carrier."""
        with self._case_file.session() as session:
            return insurance_store.claim_views(session, case_id)

    def entries(self, claim_id: int) -> list[NegotiationEntry]:
        """A claim's entries in the order they were made."""
        with self._case_file.session() as session:
            return negotiation_store.list_entries(session, claim_id)

    def case_entries(self, case_id: int) -> dict[int, list[NegotiationEntry]]:
        """The entries of each of a case's claims, by claim id (claims without entries left out)."""
        with self._case_file.session() as session:
            return negotiation_store.list_case_entries(session, case_id)

    def latest_demand(self, claim_id: int) -> NegotiationEntry | None:
        """The claim's latest demand (initial or counter): a letter's demand amount and its deadline_day."""
        return negotiation_summary(self.entries(claim_id)).last_demand

    def summary(self, claim_id: int) -> NegotiationSummary:
        """The claim's latest demand and offer, the gap between them, and the final settlement."""
        return negotiation_summary(self.entries(claim_id))

    def case_negotiation(self, case_id: int) -> list[ClaimNegotiation]:
        """Every claim of a case with its log (deadlines and the client's net at each offer) and summary."""
        with self._case_file.session() as session:
            claims = insurance_store.claim_views(session, case_id)
            by_claim = negotiation_store.list_case_entries(session, case_id)
        now = self.today()
        amounts = [e.amount for entries in by_claim.values() for e in entries if _has_net(e.kind)]
        nets = self.nets_at(case_id, amounts) if amounts else {}
        found = []
        for claim in claims:
            entries = by_claim.get(claim.id, [])
            log = tuple(
                LogEntry(e, entry_deadline(e, entries, now), nets.get(e.amount) if _has_net(e.kind) else None)
                for e in entries
            )
            found.append(ClaimNegotiation(claim, log, negotiation_summary(entries)))
        return found

    # --- the client's net ------------------------------------------------------------------------

    def net_at(self, case_id: int, amount: Money) -> NetAtOffer:
        """The client's net if the case settled for ``amount``: the one rule every screen and letter uses.

        It is :func:`~casedesk.domain.settlement.settlement_split` of the amount with the case's statement
        terms (the fee rate of the current stage, the basis), its case costs and its liens (final amount
        where final, else the amount claimed), exactly as the settlement statement takes them.

        Raises:
            NotFoundError: The case no longer exists.
        """
        return self.nets_at(case_id, [amount])[amount]

    def nets_at(self, case_id: int, amounts: Iterable[Money]) -> dict[Money, NetAtOffer]:
        """:meth:`net_at` for several amounts, reading the case once."""
        case_statement = self._settlement.statement(case_id)
        terms = case_statement.terms
        statement = case_statement.statement
        liens_not_final = len(statement.unfinished_liens)
        return {
            amount: net_at_offer(
                amount,
                fee_rate=terms.fee_rates[terms.fee_stage],
                fee_basis=terms.fee_basis,
                fee_stage=terms.fee_stage,
                costs=statement.total_costs,
                liens=statement.total_liens,
                liens_not_final=liens_not_final,
            )
            for amount in amounts
        }

    # --- checking --------------------------------------------------------------------------------

    def errors(self, entry: NegotiationEntry) -> dict[str, str]:
        """What is wrong with an entry; empty when it can be saved."""
        with self._case_file.session() as session:
            return self._errors(session, entry)

    def warnings(self, entry: NegotiationEntry) -> list[str]:
        """What deserves a second look (e.g. the first entry is not the initial demand); it can be saved."""
        return entry_warnings(entry, self.entries(entry.claim_id))

    def default_party(self, claim_id: int, kind: MoveKind) -> str:
        """Who makes a move by default: the firm for the client's demands, the adjuster for offers."""
        with self._case_file.session() as session:
            case_id = negotiation_store.claim_case_id(session, claim_id)
            if kind.is_demand:
                firm = get_firm_profile(session).name.strip()
                return firm or case_store.get_case(session, case_id).attorney.strip()
            if is_offer(kind):
                claim = insurance_store.claim_view(session, claim_id)
                return claim.adjuster or claim.policy.carrier
            return ""

    # --- changing --------------------------------------------------------------------------------

    def add(self, entry: NegotiationEntry) -> NegotiationEntry:
        """Record a demand or offer; it goes on the timeline and its deadline on the calendar.

        A final settlement marks the claim settled.

        Raises:
            ValidationError: A field is wrong; nothing is saved.
            NotFoundError: The claim was deleted.
        """
        with self._case_file.session() as session:
            self._check(session, entry)
            saved = negotiation_store.add_entry(session, replace(entry, id=None))
            case_id = negotiation_store.claim_case_id(session, saved.claim_id)
            activity_store.add_activity(session, self._activity(session, case_id, saved))
            self._saved(session, case_id, saved.claim_id)
            return saved

    def update(self, entry: NegotiationEntry, expected: NegotiationEntry | None = None) -> NegotiationEntry:
        """Save changes to an entry (a changed amount, kind or date is noted on the timeline).

        Raises:
            ValidationError: A field is wrong; nothing is saved.
            ConflictError: It changed elsewhere since ``expected`` was read (says who changed what).
            NotFoundError: It was deleted.
        """
        with self._case_file.session() as session:
            refuse_if_changed(
                session,
                negotiation_store.NegotiationEntryRow,
                "negotiation entry",
                expected,
                negotiation_store.get_entry,
            )
            stored = negotiation_store.get_entry(session, entry.id or 0)
            entry = replace(entry, claim_id=stored.claim_id)
            self._check(session, entry)
            saved = negotiation_store.update_entry(session, entry)
            case_id = negotiation_store.claim_case_id(session, saved.claim_id)
            if (stored.kind, stored.amount, stored.made_on) != (saved.kind, saved.amount, saved.made_on):
                activity_store.add_activity(session, self._correction(case_id, stored, saved))
            self._saved(session, case_id, saved.claim_id)
            return saved

    def delete(self, entry_id: int) -> NegotiationEntry:
        """Delete an entry; returns it so that the user can undo with :meth:`restore`.

        Deleting the final settlement puts a settled claim back to negotiating.
        """
        with self._case_file.session() as session:
            entry = negotiation_store.get_entry(session, entry_id)
            case_id = negotiation_store.claim_case_id(session, entry.claim_id)
            negotiation_store.delete_entry(session, entry_id)
            self._saved(session, case_id, entry.claim_id)
            return entry

    def restore(self, entry: NegotiationEntry) -> NegotiationEntry:
        """Put back an entry deleted by :meth:`delete` (undo); the timeline already has it.

        Raises:
            ValidationError: A final settlement was recorded meanwhile (a claim has one).
            NotFoundError: The claim was deleted meanwhile.
        """
        with self._case_file.session() as session:
            others = negotiation_store.list_entries(session, entry.claim_id)
            if entry.kind is MoveKind.FINAL and any(o.kind is MoveKind.FINAL for o in others):
                raise ValidationError(
                    {"kind": "This claim has a final settlement again; it cannot have two."}
                )
            saved = negotiation_store.add_entry(session, replace(entry, id=None))
            case_id = negotiation_store.claim_case_id(session, saved.claim_id)
            self._saved(session, case_id, saved.claim_id)
            return saved

    # --- helpers ---------------------------------------------------------------------------------

    def _errors(self, session: Session, entry: NegotiationEntry) -> dict[str, str]:
        case_id = negotiation_store.claim_case_id(session, entry.claim_id)
        case = case_store.get_case(session, case_id)
        return validate_entry(
            entry,
            incident_date=case.incident_date,
            today=self.today(),
            others=negotiation_store.list_entries(session, entry.claim_id),
        )

    def _check(self, session: Session, entry: NegotiationEntry) -> None:
        errors = self._errors(session, entry)
        if errors:
            raise ValidationError(errors)

    def _saved(self, session: Session, case_id: int, claim_id: int) -> None:
        """After a change: the claim's status follows (negotiating, settled by its final) and the calendar."""
        entries = negotiation_store.list_entries(session, claim_id)
        status = negotiation_store.claim_status(session, claim_id)
        has_final = any(e.kind is MoveKind.FINAL for e in entries)
        if has_final:
            wanted = ClaimStatus.SETTLED
        elif status is ClaimStatus.SETTLED or (entries and status is ClaimStatus.OPEN):
            wanted = ClaimStatus.NEGOTIATING  # the final went, or the first demand or offer was made
        else:
            wanted = status
        if wanted is not status:
            negotiation_store.set_claim_status(session, claim_id, wanted)
        if self._on_entries_saved is not None:
            self._on_entries_saved(session, case_id)

    def _moment(self, day: date) -> datetime:
        now = self.clock()
        if day == now.date():
            return now
        return datetime.combine(day, time(12)).astimezone(now.tzinfo)

    def _activity(self, session: Session, case_id: int, entry: NegotiationEntry) -> Activity:
        claim = insurance_store.claim_view(session, entry.claim_id)
        carrier = claim.policy.carrier
        if entry.kind.is_demand:
            kind, direction = ActivityKind.LETTER, Direction.OUTGOING
            subject = f"{entry.kind.label} sent to {carrier}: {entry.amount}"
        elif is_offer(entry.kind):
            kind, direction = ActivityKind.LETTER, Direction.INCOMING
            subject = f"{entry.kind.label} received from {carrier}: {entry.amount}"
        else:
            kind, direction = ActivityKind.NOTE, Direction.INTERNAL
            subject = f"Claim settled with {carrier}: {entry.amount}"
        body = [f"Claim: {claim.display_name}."]
        deadline = entry.deadline_day
        if entry.time_limited:
            body.append(
                f"Time-limited: open {entry.time_limit_days} days from receipt"
                + (f", until {deadline:%m/%d/%Y}." if deadline else " (receipt not recorded yet).")
            )
        elif deadline is not None:
            body.append(f"Open until {deadline:%m/%d/%Y}.")
        if entry.notes.strip():
            body.append(entry.notes.strip())
        return Activity(
            case_id=case_id,
            kind=kind,
            occurred_at=self._moment(entry.made_on),
            subject=subject[:200],
            direction=direction,
            parties=entry.party[:200],
            body="\n".join(body),
        )

    def _correction(self, case_id: int, before: NegotiationEntry, after: NegotiationEntry) -> Activity:
        return Activity(
            case_id=case_id,
            kind=ActivityKind.NOTE,
            occurred_at=self.clock(),
            subject=f"Negotiation entry corrected: {after.kind.label.lower()} {after.amount}"[:200],
            direction=Direction.INTERNAL,
            parties=after.party[:200],
            body=(
                f"Was: {before.kind.label.lower()} of {before.amount} made {before.made_on:%m/%d/%Y}. "
                f"Now: {after.kind.label.lower()} of {after.amount} made {after.made_on:%m/%d/%Y}."
            ),
        )


def _has_net(kind: MoveKind) -> bool:
    """Whether the log shows the client's net at this move (the insurer's offers and the settlement)."""
    return is_offer(kind) or kind is MoveKind.FINAL
