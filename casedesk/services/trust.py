"""A case's trust account: what came in, the disbursements paid out of it, and the rules they follow.

Money goes out of trust only once the settlement statement is final, never more than is in trust, never
dated after today or before the first recovery was received. Every disbursement, change, deletion and
restoration is written to the case's timeline in the same transaction.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import date

from sqlalchemy.orm import Session

from casedesk.domain.activity import Activity, ActivityKind, Direction
from casedesk.domain.contacts import ContactRole
from casedesk.domain.errors import CasedeskError, ValidationError
from casedesk.domain.invoices import PaymentMethod
from casedesk.domain.money import Money
from casedesk.domain.settlement import (
    Disbursement,
    Recovery,
    StatementStatus,
    TrustPosition,
    trust_position,
)
from casedesk.domain.statement import Statement
from casedesk.domain.typed import format_date
from casedesk.services.clock import Clock, today
from casedesk.store import activity as activity_store
from casedesk.store import bills as bill_store
from casedesk.store import cases as case_store
from casedesk.store import contacts as contact_store
from casedesk.store import settlement as settlement_store
from casedesk.store import trust as trust_store
from casedesk.store.casefile import CaseFile

#: What a disbursement pays, offered in the form (any other text may be typed).
PURPOSES = ("Attorney fee", "Case costs", "Lien", "Client net", "Holdback released", "Other")
ATTORNEY_FEE, CASE_COSTS, LIEN, CLIENT_NET, HOLDBACK_RELEASED, OTHER = PURPOSES
#: The payee offered for the firm's fee and repaid costs.
FIRM_PAYEE = "Firm operating account"
MAX_PAYEE = 200
MAX_REFERENCE = 60
MAX_PURPOSE = 200
NOT_FINAL_HINT = "Finalize the settlement statement first (Finances › Settlement), then record what is paid."


class RepeatedReferenceError(CasedeskError):
    """A check or wire number already used on the case, not confirmed by the user.

    Attributes:
        earlier: The disbursements already paid with that number.
    """

    def __init__(self, reference: str, earlier: Sequence[Disbursement]) -> None:
        first = earlier[0]
        super().__init__(
            f"{reference.strip()} was already used on this case: {first.amount} to {first.payee} "
            f"on {format_date(first.paid_on)}.",
            "Check the number; if it is right (one check paying two items), confirm to record it again.",
        )
        self.earlier = list(earlier)


@dataclass(frozen=True, slots=True)
class PayeeSuggestion:
    """Someone money from trust is usually paid to, with what it usually pays.

    Attributes:
        name: The payee as it goes on the check.
        source: Why it is offered ("Client", "Lien holder", "Firm", a contact's role on the case…).
        purpose: The purpose that usually goes with this payee (one of :data:`PURPOSES`).
    """

    name: str
    source: str
    purpose: str


@dataclass(frozen=True, slots=True)
class TrustRules:
    """What a disbursement of a case is checked against, read once so a form can check as the user types.

    Attributes:
        statement: The settlement statement's status (``None``: the case has none).
        position: Received into trust and paid out so far.
        first_received: When the first recovery was received (``None``: nothing received yet).
        today: The latest date a disbursement may carry.
    """

    case_id: int
    statement: StatementStatus | None
    position: TrustPosition
    first_received: date | None
    today: date

    @property
    def is_open(self) -> bool:
        """Whether disbursements can be recorded: the statement is final."""
        return self.statement is StatementStatus.FINAL

    def refusal(self) -> CasedeskError | None:
        """Why nothing can be paid out of trust now (``None``: disbursements are allowed)."""
        if self.statement is None:
            return CasedeskError("This case has no settlement statement yet.", NOT_FINAL_HINT)
        if self.statement is not StatementStatus.FINAL:
            return CasedeskError(
                "Money is paid out of trust only once the settlement statement is final.", NOT_FINAL_HINT
            )
        return None

    def available(self, replacing: Disbursement | None = None) -> Money:
        """What can still be paid out; when editing, the disbursement being changed counts as not paid."""
        back = replacing.amount if replacing is not None else Money.zero()
        return self.position.in_trust + back

    def errors(self, disbursement: Disbursement, replacing: Disbursement | None = None) -> dict[str, str]:
        """What is wrong with a disbursement's fields, by field name; empty when it can be saved."""
        errors: dict[str, str] = {}
        payee = " ".join(disbursement.payee.split())
        if not payee:
            errors["payee"] = "Type who is paid, or pick them from the list."
        elif len(payee) > MAX_PAYEE:
            errors["payee"] = f"The payee is at most {MAX_PAYEE} characters."
        if len(disbursement.purpose.strip()) > MAX_PURPOSE:
            errors["purpose"] = f"The purpose is at most {MAX_PURPOSE} characters."
        if len(disbursement.reference.strip()) > MAX_REFERENCE:
            errors["reference"] = f"The check or wire number is at most {MAX_REFERENCE} characters."
        if disbursement.amount.cents <= 0:
            errors["amount"] = "The amount paid must be more than zero."
        else:
            available = self.available(replacing)
            if disbursement.amount > available:
                errors["amount"] = (
                    f"Only {available} is in trust for this case; {disbursement.amount} cannot be paid out."
                    if available.cents > 0
                    else "Nothing is left in trust for this case."
                )
        paid_on = disbursement.paid_on
        if paid_on > self.today:
            errors["paid_on"] = f"A disbursement cannot be dated after today ({format_date(self.today)})."
        elif self.first_received is None:
            errors["paid_on"] = "Nothing has been received into trust yet (no recovery has a date received)."
        elif paid_on < self.first_received:
            errors["paid_on"] = (
                f"The first recovery was received on {format_date(self.first_received)}; "
                "nothing can be paid out of trust before that."
            )
        return errors


@dataclass(frozen=True, slots=True)
class PayeeTotal:
    """What has been paid to one payee so far."""

    payee: str
    amount: Money
    count: int
    purposes: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class TrustAccount:
    """A case's trust account as the Trust tab shows it.

    Attributes:
        recoveries: Every recovery of the case (those without a date received are not in trust yet).
        disbursements: What was paid out, by date paid.
        by_payee: What went to each payee, most first.
    """

    rules: TrustRules
    recoveries: list[Recovery] = field(default_factory=list)
    disbursements: list[Disbursement] = field(default_factory=list)
    by_payee: list[PayeeTotal] = field(default_factory=list)

    @property
    def position(self) -> TrustPosition:
        """Received, paid out and what remains."""
        return self.rules.position

    @property
    def awaited(self) -> Money:
        """Recoveries recorded but not received into trust yet."""
        return sum((r.amount for r in self.recoveries if r.received_on is None), Money.zero())


def totals_by_payee(disbursements: Sequence[Disbursement]) -> list[PayeeTotal]:
    """What went to each payee (payees differing only in case and spacing are one), most money first."""
    grouped: dict[str, list[Disbursement]] = {}
    for paid in disbursements:
        grouped.setdefault(" ".join(paid.payee.split()).casefold(), []).append(paid)
    totals = [
        PayeeTotal(
            payee=group[0].payee,
            amount=sum((p.amount for p in group), Money.zero()),
            count=len(group),
            purposes=tuple(dict.fromkeys(p.purpose for p in group if p.purpose)),
        )
        for group in grouped.values()
    ]
    return sorted(totals, key=lambda total: (-total.amount.cents, total.payee.casefold()))


@dataclass(frozen=True, slots=True)
class PlannedPayment:
    """One line of what the settlement statement says goes out of trust, with what was paid on it.

    Attributes:
        due: What the statement gives this line.
        paid: What the disbursements matched to this line paid so far.
        note: How the line is matched or why it is there, for a tooltip.
        is_total: The line adding up the others.
    """

    purpose: str
    payee: str
    due: Money
    paid: Money = field(default_factory=Money.zero)
    note: str = ""
    is_total: bool = False

    @property
    def left(self) -> Money:
        """Still to pay (negative when more was paid than the statement gives)."""
        return self.due - self.paid


def distribution(statement: Statement, disbursements: Sequence[Disbursement]) -> list[PlannedPayment]:
    """What the statement says goes out of trust, line by line, against the disbursements made.

    The fee, the costs and the client's net are matched by purpose whoever the payee (the firm's account
    or the client may be written in several ways); liens and holdbacks by purpose and payee. Disbursements
    that match no line are listed after the statement's lines, then a total line.
    """
    lines: list[tuple[str, str, Money, str, bool]] = [
        (
            ATTORNEY_FEE,
            FIRM_PAYEE,
            statement.fee.amount,
            "Disbursements with the purpose Attorney fee",
            False,
        ),
    ]
    if statement.costs:
        lines.append((CASE_COSTS, FIRM_PAYEE, statement.total_costs, "Repaid to the firm", False))
    lines += [
        (LIEN, lien.holder, lien.amount, f"{lien.kind}, {lien.status.lower()}", True)
        for lien in statement.liens
    ]
    lines += [
        (HOLDBACK_RELEASED, h.payee, h.amount, f"Kept in trust until released: {h.reason}".rstrip(": "), True)
        for h in statement.holdbacks
    ]
    lines.append((CLIENT_NET, statement.header.client, statement.net_to_client, "Net to client", False))
    left = list(disbursements)
    planned = []
    for purpose, payee, due, note, by_payee in lines:
        matched = [
            d
            for d in left
            if _key(d.purpose) == _key(purpose) and (not by_payee or _key(d.payee) == _key(payee))
        ]
        left = [d for d in left if d not in matched]
        planned.append(PlannedPayment(purpose, payee, due, _sum(matched), note))
    for total in totals_by_payee(left):
        purposes = ", ".join(total.purposes) or OTHER
        planned.append(
            PlannedPayment(purposes, total.payee, Money.zero(), total.amount, "Not on the statement")
        )
    planned.append(
        PlannedPayment(
            "Total",
            "",
            sum((line.due for line in planned), Money.zero()),
            _sum(disbursements),
            "Everything the statement gives out against everything paid out of trust",
            is_total=True,
        )
    )
    return planned


def _key(text: str) -> str:
    return " ".join(text.split()).casefold()


def _sum(disbursements: Sequence[Disbursement]) -> Money:
    return sum((d.amount for d in disbursements), Money.zero())


class TrustService:
    """The trust accounts of the cases in one case file."""

    def __init__(self, case_file: CaseFile, clock: Clock) -> None:
        self._case_file = case_file
        self._clock = clock

    # --- reading ---------------------------------------------------------------------------------

    def account(self, case_id: int) -> TrustAccount:
        """The case's trust account: position, recoveries, disbursements and totals by payee."""
        with self._case_file.session() as session:
            recoveries = settlement_store.list_recoveries(session, case_id)
            disbursements = settlement_store.list_disbursements(session, case_id)
            rules = self._rules(session, case_id, recoveries, disbursements)
        return TrustAccount(rules, recoveries, disbursements, totals_by_payee(disbursements))

    def rules(self, case_id: int) -> TrustRules:
        """What a new or changed disbursement of the case is checked against, as of now."""
        with self._case_file.session() as session:
            return self._rules(session, case_id)

    def position(self, case_id: int) -> TrustPosition:
        """Received into trust, paid out, and what remains."""
        return self.rules(case_id).position

    def disbursements(self, case_id: int) -> list[Disbursement]:
        """The case's disbursements, by date paid, then as entered."""
        with self._case_file.session() as session:
            return settlement_store.list_disbursements(session, case_id)

    def payees(self, case_id: int) -> list[PayeeSuggestion]:
        """Who money from trust usually goes to, each name once.

        In order: the client, the lien holders, payees of unreleased holdbacks, the firm, the case's
        contacts, then payees paid before.
        """
        with self._case_file.session() as session:
            case = case_store.get_case(session, case_id)
            client = case_store.get_client(session, case.client_id)
            offered = [PayeeSuggestion(client.name, "Client", CLIENT_NET)]
            offered += [
                PayeeSuggestion(lien.holder, "Lien holder", LIEN)
                for lien in bill_store.list_liens(session, case_id)
            ]
            offered += [
                PayeeSuggestion(holdback.payee, "Holdback", HOLDBACK_RELEASED)
                for holdback in settlement_store.list_holdbacks(session, case_id)
                if holdback.released_on is None
            ]
            offered.append(PayeeSuggestion(FIRM_PAYEE, "Firm", ATTORNEY_FEE))
            for link in contact_store.list_for_case(session, case_id):
                purpose = LIEN if link.role is ContactRole.MEDICAL_PROVIDER else OTHER
                offered.append(PayeeSuggestion(link.contact.name, link.role.label, purpose))
            offered += [
                PayeeSuggestion(paid.payee, "Paid before", paid.purpose or OTHER)
                for paid in settlement_store.list_disbursements(session, case_id)
            ]
        unique: dict[str, PayeeSuggestion] = {}
        for suggestion in offered:
            key = " ".join(suggestion.name.split()).casefold()
            if key and key not in unique:
                unique[key] = suggestion
        return list(unique.values())

    def errors(self, disbursement: Disbursement, replacing: Disbursement | None = None) -> dict[str, str]:
        """What is wrong with a disbursement's fields; empty when it can be saved (the statement aside)."""
        return self.rules(disbursement.case_id).errors(disbursement, replacing)

    def repeated_reference(self, disbursement: Disbursement) -> list[Disbursement]:
        """Other disbursements of the case paid with the same check or wire number."""
        with self._case_file.session() as session:
            return trust_store.disbursements_with_reference(
                session, disbursement.case_id, disbursement.reference, disbursement.id
            )

    # --- writing ---------------------------------------------------------------------------------

    def add(self, disbursement: Disbursement, *, repeat_reference: bool = False) -> Disbursement:
        """Record money paid out of trust, with a timeline entry.

        Args:
            disbursement: What was paid.
            repeat_reference: The user confirmed a check or wire number already used on the case.

        Raises:
            CasedeskError: The statement is not final; nothing is saved.
            ValidationError: A field is wrong, or the amount is more than is in trust.
            RepeatedReferenceError: The number was used before and ``repeat_reference`` is not set.
        """
        with self._case_file.session() as session:
            self._check(session, disbursement, None, repeat_reference)
            saved = trust_store.add_disbursement(session, replace(disbursement, id=None))
            rules = self._rules(session, saved.case_id)
            self._log(
                session,
                saved,
                f"Disbursed {saved.amount} from trust to {saved.payee}",
                f"{_details(saved)} In trust after it: {rules.position.in_trust}.",
            )
            return saved

    def update(self, disbursement: Disbursement, *, repeat_reference: bool = False) -> Disbursement:
        """Save changes to a disbursement, with a timeline entry saying what it was before.

        Raises:
            NotFoundError: It was deleted meanwhile.
            CasedeskError: The statement is not final (it was reopened); nothing is saved.
            ValidationError: A field is wrong, or the new amount is more than is in trust.
            RepeatedReferenceError: As in :meth:`add`.
        """
        with self._case_file.session() as session:
            before = trust_store.get_disbursement(session, disbursement.id or 0)
            changed = replace(disbursement, case_id=before.case_id)
            self._check(session, changed, before, repeat_reference)
            saved = trust_store.update_disbursement(session, changed)
            self._log(
                session,
                saved,
                f"Disbursement to {saved.payee} changed",
                f"Now: {saved.amount}. {_details(saved)} Was: {before.amount} to {before.payee}. "
                f"{_details(before)}",
            )
            return saved

    def delete(self, disbursement_id: int) -> Disbursement:
        """Delete a disbursement recorded by mistake; returns it for :meth:`restore` (undo).

        Raises:
            NotFoundError: It was deleted meanwhile.
        """
        with self._case_file.session() as session:
            gone = trust_store.get_disbursement(session, disbursement_id)
            trust_store.delete_disbursement(session, disbursement_id)
            self._log(
                session,
                gone,
                f"Disbursement of {gone.amount} to {gone.payee} deleted",
                f"{_details(gone)} Its amount counts as in trust again.",
            )
            return gone

    def restore(self, disbursement: Disbursement) -> Disbursement:
        """Put back a disbursement deleted by :meth:`delete` (undo), under the same rules as a new one.

        Raises:
            CasedeskError: The statement was reopened meanwhile.
            ValidationError: Paying it again would be more than is in trust now.
        """
        with self._case_file.session() as session:
            self._check(session, disbursement, None, repeat_reference=True)
            saved = trust_store.add_disbursement(session, replace(disbursement, id=None))
            self._log(
                session,
                saved,
                f"Disbursement of {saved.amount} to {saved.payee} restored",
                f"{_details(saved)} Put back after it was deleted.",
            )
            return saved

    # --- helpers ---------------------------------------------------------------------------------

    def _rules(
        self,
        session: Session,
        case_id: int,
        recoveries: Sequence[Recovery] | None = None,
        disbursements: Sequence[Disbursement] | None = None,
    ) -> TrustRules:
        case_store.get_case(session, case_id)  # a clear NotFoundError for a case deleted elsewhere
        if recoveries is None:
            recoveries = settlement_store.list_recoveries(session, case_id)
        if disbursements is None:
            disbursements = settlement_store.list_disbursements(session, case_id)
        received = [r.received_on for r in recoveries if r.received_on is not None]
        return TrustRules(
            case_id=case_id,
            statement=trust_store.statement_status(session, case_id),
            position=trust_position(recoveries, disbursements),
            first_received=min(received) if received else None,
            today=today(self._clock),
        )

    def _check(
        self,
        session: Session,
        disbursement: Disbursement,
        replacing: Disbursement | None,
        repeat_reference: bool,
    ) -> None:
        rules = self._rules(session, disbursement.case_id)
        refusal = rules.refusal()
        if refusal is not None:
            raise refusal
        errors = rules.errors(disbursement, replacing)
        if errors:
            raise ValidationError(errors)
        if not repeat_reference:
            earlier = trust_store.disbursements_with_reference(
                session, disbursement.case_id, disbursement.reference, disbursement.id
            )
            if earlier:
                raise RepeatedReferenceError(disbursement.reference, earlier)

    def _log(self, session: Session, disbursement: Disbursement, subject: str, body: str) -> None:
        activity_store.add_activity(
            session,
            Activity(
                case_id=disbursement.case_id,
                kind=ActivityKind.NOTE,
                occurred_at=self._clock(),
                subject=subject[:300],
                direction=Direction.INTERNAL,
                parties=disbursement.payee[:300],
                body=body,
            ),
        )


def _details(disbursement: Disbursement) -> str:
    """How and when it was paid, e.g. ``Lien; check no. 1042, paid 11/20/2026.``, as one sentence."""
    label = disbursement.method.label
    how = label if disbursement.method is PaymentMethod.ACH else label.lower()
    if disbursement.reference.strip():
        how = f"{how} no. {disbursement.reference.strip()}"
    purpose = f"{disbursement.purpose.strip()}; " if disbursement.purpose.strip() else ""
    return f"{purpose}{how}, paid {format_date(disbursement.paid_on)}."
