"""The negotiation of a claim: demands and offers, in the order they were made."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum
from fractions import Fraction

from casedesk.domain.calendar import Event, EventKind, EventOrigin
from casedesk.domain.money import Money
from casedesk.domain.settlement import FeeBasis, FeeStage, SettlementSplit, format_fee_rate, settlement_split


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


#: The longest party name (the store's column size).
MAX_PARTY = 200
#: The longest a time-limited demand stays open, in days (a year is already unusual).
MAX_TIME_LIMIT_DAYS = 365
#: Reminders before a demand's or offer's deadline, in days.
DEADLINE_REMINDERS = (7, 3, 1, 0)
#: Days left at or under which a deadline is shown as near.
NEAR_DAYS = 7
_UID_PREFIX = "negotiation-"
_UID_SUFFIX = "@casedesk"


def sort_entries(entries: Iterable[NegotiationEntry]) -> list[NegotiationEntry]:
    """Entries in the order they were made: by date, then as entered."""
    return sorted(entries, key=lambda e: (e.made_on, e.id if e.id is not None else 1 << 62))


def validate_entry(
    entry: NegotiationEntry,
    *,
    incident_date: date | None,
    today: date,
    others: Sequence[NegotiationEntry] = (),
) -> dict[str, str]:
    """Problems with an entry, by field name; empty when it can be saved.

    Args:
        entry: The entry as typed.
        incident_date: The case's incident date (nothing is made before it), if known.
        today: Today's date (nothing is made or received in the future).
        others: The claim's other entries (a claim has one final settlement at most).
    """
    errors: dict[str, str] = {}
    if entry.amount.cents <= 0:
        errors["amount"] = "The amount must be more than zero."
    _check_day(errors, "made_on", entry.made_on, "made", incident_date, today)
    if entry.received_on is not None:
        _check_day(errors, "received_on", entry.received_on, "received", incident_date, today)
        if "received_on" not in errors and entry.received_on < entry.made_on:
            errors["received_on"] = "It cannot be received before it was made."
    if entry.time_limit_days is not None:
        if not entry.kind.is_demand:
            errors["time_limit_days"] = "Only a demand is time-limited; give an offer a deadline instead."
        elif not 1 <= entry.time_limit_days <= MAX_TIME_LIMIT_DAYS:
            errors["time_limit_days"] = f"A demand stays open from 1 to {MAX_TIME_LIMIT_DAYS} days."
        if entry.deadline is not None:
            errors["deadline"] = "A time-limited demand's deadline runs from its receipt: leave this empty."
    if entry.deadline is not None and "deadline" not in errors and entry.deadline < entry.made_on:
        errors["deadline"] = "The deadline cannot be before the day it was made."
    if entry.kind is MoveKind.FINAL and any(
        other.kind is MoveKind.FINAL and other.id != entry.id for other in others
    ):
        errors["kind"] = "This claim already has a final settlement; edit that one instead."
    if len(entry.party.strip()) > MAX_PARTY:
        errors["party"] = f"At most {MAX_PARTY} characters ({len(entry.party.strip())} typed)."
    return errors


def _check_day(
    errors: dict[str, str], name: str, day: date, word: str, incident_date: date | None, today: date
) -> None:
    if day > today:
        errors[name] = f"It cannot be {word} in the future: enter the date it was {word}."
    elif incident_date is not None and day < incident_date:
        errors[name] = f"It cannot be {word} before the incident ({incident_date:%m/%d/%Y})."


def entry_warnings(entry: NegotiationEntry, others: Sequence[NegotiationEntry]) -> list[str]:
    """What deserves a second look before saving (it can still be saved)."""
    rest = [other for other in others if other.id is None or other.id != entry.id]
    found = []
    ordered = sort_entries([*rest, entry])
    first = ordered[0]
    if first is entry and entry.kind is not MoveKind.INITIAL_DEMAND:
        found.append(
            "A negotiation normally starts with the initial demand; "
            f"this is the first entry: {entry.kind.label.lower()}."
        )
    if entry.kind is MoveKind.INITIAL_DEMAND and any(o.kind is MoveKind.INITIAL_DEMAND for o in rest):
        found.append("This claim already has an initial demand; a later demand is a counter-demand.")
    final = next((o for o in rest if o.kind is MoveKind.FINAL), None)
    if final is not None and entry.made_on > final.made_on:
        found.append(f"The claim settled on {final.made_on:%m/%d/%Y}; this entry comes after it.")
    if entry.time_limited and entry.received_on is None:
        found.append("The deadline is not running yet: enter the date the insurer received the demand.")
    return found


def answered_on(entry: NegotiationEntry, entries: Sequence[NegotiationEntry]) -> date | None:
    """When an entry was answered: the day of the next entry made after it, or of the final settlement.

    A demand or offer that was answered (or overtaken by a later move, or settled) is done; its deadline
    no longer matters.
    """
    ordered = sort_entries(entries)
    position = next((i for i, other in enumerate(ordered) if other.id == entry.id), None)
    later = (
        ordered[position + 1 :]
        if position is not None
        else [other for other in ordered if other.made_on > entry.made_on]
    )
    if later:
        return later[0].made_on
    final = next((o for o in ordered if o.kind is MoveKind.FINAL and o.id != entry.id), None)
    return final.made_on if final is not None else None


class DeadlineState(StrEnum):
    """Where an entry's deadline stands."""

    NONE = "none"  #: no deadline
    NOT_RUNNING = "not_running"  #: a time-limited demand not received yet
    OPEN = "open"
    NEAR = "near"  #: open, and lapses within :data:`NEAR_DAYS`
    LAPSED = "lapsed"  #: passed without an answer
    ANSWERED = "answered"


@dataclass(frozen=True, slots=True)
class EntryDeadline:
    """An entry's deadline as the log shows it.

    Attributes:
        day: The day it lapses (``None``: none, or not running yet).
        days_left: Days from today to ``day`` (negative once lapsed).
    """

    state: DeadlineState
    day: date | None = None
    days_left: int | None = None

    @property
    def text(self) -> str:
        """``12/01/2026 (10 days left)``, ``lapsed 11/02/2026``, ``not running yet``, or empty."""
        if self.state is DeadlineState.NONE:
            return ""
        if self.state is DeadlineState.NOT_RUNNING:
            return "not running yet (receipt not recorded)"
        assert self.day is not None and self.days_left is not None
        shown = f"{self.day:%m/%d/%Y}"
        if self.state is DeadlineState.ANSWERED:
            return f"{shown} (answered)"
        if self.state is DeadlineState.LAPSED:
            return f"{shown} (lapsed {-self.days_left} day{'s' if self.days_left != -1 else ''} ago)"
        if self.days_left == 0:
            return f"{shown} (lapses today)"
        return f"{shown} ({self.days_left} day{'s' if self.days_left != 1 else ''} left)"


def entry_deadline(
    entry: NegotiationEntry, entries: Sequence[NegotiationEntry], today: date
) -> EntryDeadline:
    """Where the entry's deadline stands today, given the claim's entries."""
    day = entry.deadline_day
    if day is None:
        return EntryDeadline(DeadlineState.NOT_RUNNING if entry.time_limited else DeadlineState.NONE)
    left = (day - today).days
    if entry.kind is MoveKind.FINAL or answered_on(entry, entries) is not None:
        return EntryDeadline(DeadlineState.ANSWERED, day, left)
    if left < 0:
        return EntryDeadline(DeadlineState.LAPSED, day, left)
    return EntryDeadline(DeadlineState.NEAR if left <= NEAR_DAYS else DeadlineState.OPEN, day, left)


@dataclass(frozen=True, slots=True)
class NegotiationSummary:
    """Where a claim's negotiation stands.

    Attributes:
        last_demand: The latest demand (initial or counter), if any.
        last_offer: The latest offer (offer or counter-offer), if any.
        final: The final settlement, if any.
    """

    last_demand: NegotiationEntry | None
    last_offer: NegotiationEntry | None
    final: NegotiationEntry | None
    count: int

    @property
    def gap(self) -> Money | None:
        """The latest demand less the latest offer (``None`` until there are both)."""
        if self.last_demand is None or self.last_offer is None:
            return None
        return self.last_demand.amount - self.last_offer.amount

    @property
    def text(self) -> str:
        """One line: ``Last demand $90,000.00 · last offer $40,000.00 · gap $50,000.00``."""
        if self.final is not None:
            return f"Settled for {self.final.amount} on {self.final.made_on:%m/%d/%Y}"
        if self.count == 0:
            return "No demands or offers yet"
        parts = [
            f"Last demand {self.last_demand.amount}" if self.last_demand else "No demand yet",
            f"last offer {self.last_offer.amount}" if self.last_offer else "no offer yet",
        ]
        if self.gap is not None:
            parts.append(f"gap {self.gap}")
        return " · ".join(parts)


def is_offer(kind: MoveKind) -> bool:
    """Whether the insurer makes this move (an offer or counter-offer)."""
    return kind in (MoveKind.OFFER, MoveKind.COUNTER_OFFER)


def negotiation_summary(entries: Iterable[NegotiationEntry]) -> NegotiationSummary:
    """The latest demand and offer and the final settlement of a claim's entries."""
    ordered = sort_entries(entries)
    demands = [e for e in ordered if e.kind.is_demand]
    offers = [e for e in ordered if is_offer(e.kind)]
    final = next((e for e in ordered if e.kind is MoveKind.FINAL), None)
    return NegotiationSummary(
        last_demand=demands[-1] if demands else None,
        last_offer=offers[-1] if offers else None,
        final=final,
        count=len(ordered),
    )


def latest_demand(entries: Iterable[NegotiationEntry]) -> NegotiationEntry | None:
    """The latest demand (initial or counter) of a claim's entries."""
    return negotiation_summary(entries).last_demand


@dataclass(frozen=True, slots=True)
class NetAtOffer:
    """The client's net if the claim settled for an amount, on the case's statement terms.

    Attributes:
        amount: The amount offered (the gross).
        split: Fee, costs, liens and net (``None`` when the costs are more than the amount).
        fee_rate: The fee rate of the terms' current stage, exact.
        fee_basis: Whether the fee is taken of the gross or after costs.
        fee_stage: The stage of the fee agreement whose rate applies.
        liens_not_final: How many liens are counted at their claimed amount, not a final one.
        problem: Why there is no split, in the user's words.
    """

    amount: Money
    split: SettlementSplit | None
    fee_rate: Fraction
    fee_basis: FeeBasis
    fee_stage: FeeStage
    costs: Money
    liens: Money
    liens_not_final: int = 0
    problem: str = ""

    @property
    def net(self) -> Money | None:
        """The client's net (``None`` when it cannot be worked out)."""
        return self.split.net_to_client if self.split is not None else None

    def lines(self) -> list[tuple[str, str]]:
        """The breakdown, label and amount, as shown and printed."""
        of = "gross" if self.fee_basis is FeeBasis.GROSS else "gross less costs"
        fee = f"{self.split.fee}" if self.split is not None else "—"
        lines = [
            ("Settlement amount", str(self.amount)),
            (
                f"Attorney fee ({format_fee_rate(self.fee_rate)} of the {of}, "
                f"{self.fee_stage.label.lower()})",
                fee,
            ),
            ("Case costs", str(self.costs)),
            (
                "Liens" + (f" ({self.liens_not_final} not final yet)" if self.liens_not_final else ""),
                str(self.liens),
            ),
            ("Net to client", str(self.net) if self.net is not None else "—"),
        ]
        return lines


def net_at_offer(
    amount: Money,
    *,
    fee_rate: Fraction,
    fee_basis: FeeBasis,
    fee_stage: FeeStage,
    costs: Money,
    liens: Money,
    liens_not_final: int = 0,
) -> NetAtOffer:
    """The client's net at ``amount``: :func:`~casedesk.domain.settlement.settlement_split` of it."""
    split = None
    problem = ""
    if amount.cents <= 0:
        problem = "There is no amount to work the net out from."
    elif costs > amount:
        problem = f"The case costs ({costs}) are more than this amount: nothing would reach the client."
    else:
        split = settlement_split(amount, fee_rate, fee_basis, costs, liens)
    return NetAtOffer(amount, split, fee_rate, fee_basis, fee_stage, costs, liens, liens_not_final, problem)


# --- the calendar ------------------------------------------------------------------------------------


def deadline_uid(entry_id: int) -> str:
    """The calendar UID of an entry's deadline event."""
    return f"{_UID_PREFIX}{entry_id}{_UID_SUFFIX}"


def entry_id_of(uid: str) -> int | None:
    """The entry whose deadline has this calendar UID (``None`` for any other event)."""
    if not (uid.startswith(_UID_PREFIX) and uid.endswith(_UID_SUFFIX)):
        return None
    number = uid[len(_UID_PREFIX) : -len(_UID_SUFFIX)]
    return int(number) if number.isdigit() else None


def deadline_title(entry: NegotiationEntry, claim_name: str) -> str:
    """``Time-limited demand lapses ($100,000.00): Progressive · BI · claim 12-345``, ``Offer expires…``."""
    if entry.time_limited:
        what = "Time-limited demand lapses"
    elif entry.kind.is_demand:
        what = f"{entry.kind.label} deadline"
    else:
        what = f"{entry.kind.label} expires: answer it"
    return f"{what} ({entry.amount}): {claim_name}"[:300]


DEADLINE_NOTES = (
    "Kept in step with the negotiation log (Insurance tab › Negotiation): record the answer there and this "
    "deadline is done. A time-limited demand's statutory terms must be verified by the attorney."
)


def deadline_event(
    entry: NegotiationEntry, case_id: int, claim_name: str, done_on: date | None
) -> Event | None:
    """The calendar event of a saved entry's deadline (``None`` when it has no deadline running)."""
    assert entry.id is not None
    day = entry.deadline_day
    if day is None:
        return None
    return Event(
        case_id=case_id,
        kind=EventKind.FILING_DEADLINE,
        title=deadline_title(entry, claim_name),
        day=day,
        notes=DEADLINE_NOTES,
        reminders=DEADLINE_REMINDERS,
        done_on=done_on,
        uid=deadline_uid(entry.id),
        origin=EventOrigin.DEMAND,
    )
