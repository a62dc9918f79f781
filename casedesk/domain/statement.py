"""The settlement (closing) statement of a case: every line from the gross recovery to the client's net.

The statement gathers the recoveries (by source, with the date each was received), the attorney fee of the
agreement's stage (exact, rounded half-up to the cent once), the case costs the firm advanced, the liens
paid from the settlement (with what the lien holder's provider billed and what others paid), and the
holdbacks kept in trust. The net to the client is what remains, so the lines always add up to the gross
exactly. A final statement is kept as a JSON snapshot (:func:`statement_to_json`), shown and printed
instead of the live figures until it is reopened.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from fractions import Fraction
from typing import Any

from casedesk.domain.bills import Bill, Lien, LienStatus
from casedesk.domain.errors import CasedeskError, ValidationError
from casedesk.domain.expenses import Expense, is_case_cost
from casedesk.domain.invoices import InvoiceStatus
from casedesk.domain.money import Money
from casedesk.domain.settlement import (
    MAX_FEE_DENOMINATOR,
    FeeBasis,
    FeeStage,
    Holdback,
    Recovery,
    RecoverySource,
    StatementTerms,
    exact_fee,
    fee_base,
    format_fee_rate,
    round_half_up,
)

#: The version of the snapshot's JSON layout; a snapshot of a newer one is refused, never misread.
SNAPSHOT_SCHEMA = 1
#: The usual contingency agreement: one third before suit, 40 % once suit is filed and at trial.
DEFAULT_FEE_RATES = {
    FeeStage.PRE_SUIT: Fraction(1, 3),
    FeeStage.SUIT: Fraction(2, 5),
    FeeStage.TRIAL: Fraction(2, 5),
}
#: Column widths of the text fields.
MAX_ATTORNEY = 200
MAX_PAYER = 200
MAX_CLAIM_NUMBER = 60
MAX_PAYEE = 200
#: Said on every screen and printout of a statement.
VERIFY_NOTE = (
    "Every figure on this statement must be verified by the responsible attorney before it is signed or "
    "any money is paid out."
)
#: How the figures are rounded, said on the printout.
ROUNDING_NOTE = (
    "Only the attorney fee is rounded (half-up to the cent, once); every other figure is exact, and the "
    "lines add up exactly to the gross recovery (the net to the client is the remainder)."
)
#: What the client approves by signing.
APPROVAL_TEXT = (
    "I have read this settlement statement and approve the distribution of the settlement proceeds as "
    "shown above, including the attorney fee, the costs repaid, the liens paid and the amounts held in "
    "trust."
)
#: The message of every change refused while the statement is final.
FROZEN_MESSAGE = "The settlement statement is final. Reopen the statement to change it."
#: Fractions of a cent a reader knows by sight.
_VULGAR = {
    Fraction(1, 2): "½",
    Fraction(1, 3): "⅓",
    Fraction(2, 3): "⅔",
    Fraction(1, 4): "¼",
    Fraction(3, 4): "¾",
    Fraction(1, 5): "⅕",
    Fraction(2, 5): "⅖",
    Fraction(3, 5): "⅗",
    Fraction(4, 5): "⅘",
    Fraction(1, 6): "⅙",
    Fraction(5, 6): "⅚",
    Fraction(1, 8): "⅛",
    Fraction(3, 8): "⅜",
    Fraction(5, 8): "⅝",
    Fraction(7, 8): "⅞",
}


class StatementFrozenError(CasedeskError):
    """A change to a final statement's recoveries, holdbacks or terms was refused."""

    def __init__(self) -> None:
        super().__init__(FROZEN_MESSAGE, "Use Reopen… on the Settlement tab, giving the reason.")


def default_terms(case_id: int, attorney: str = "") -> StatementTerms:
    """The terms of a case that has none saved yet: the usual rates, pre-suit, fee on the gross."""
    return StatementTerms(case_id=case_id, fee_rates=dict(DEFAULT_FEE_RATES), attorney=attorney)


def validate_terms(terms: StatementTerms) -> dict[str, str]:
    """Problems with a statement's terms, by field name (``fee_<stage>`` for a rate); empty when valid."""
    errors: dict[str, str] = {}
    for stage in FeeStage:
        rate = terms.fee_rates.get(stage)
        if rate is None:
            errors[f"fee_{stage.value}"] = f"Type the fee for {stage.label.lower()}."
        elif not 0 <= rate <= 1:
            errors[f"fee_{stage.value}"] = "The fee is a percentage from 0 to 100."
        elif rate.denominator > MAX_FEE_DENOMINATOR:
            errors[f"fee_{stage.value}"] = "Type the fee with fewer decimals (e.g. 33.33 or 33 1/3)."
    if len(terms.attorney.strip()) > MAX_ATTORNEY:
        errors["attorney"] = f"At most {MAX_ATTORNEY} characters ({len(terms.attorney.strip())} typed)."
    return errors


def validate_recovery(recovery: Recovery, today: date | None = None) -> dict[str, str]:
    """Problems with a recovery, by field name; empty when it can be saved."""
    errors: dict[str, str] = {}
    if recovery.amount.cents <= 0:
        errors["amount"] = "The amount recovered must be more than zero."
    if not recovery.payer.strip():
        errors["payer"] = "Name who paid (the carrier or payer on the check)."
    elif len(recovery.payer.strip()) > MAX_PAYER:
        errors["payer"] = f"At most {MAX_PAYER} characters ({len(recovery.payer.strip())} typed)."
    if len(recovery.claim_number.strip()) > MAX_CLAIM_NUMBER:
        errors["claim_number"] = f"At most {MAX_CLAIM_NUMBER} characters."
    if recovery.received_on is not None and today is not None and recovery.received_on > today:
        errors["received_on"] = "The money cannot be received after today; leave the date empty until it is."
    return errors


def validate_holdback(holdback: Holdback) -> dict[str, str]:
    """Problems with a holdback, by field name; empty when it can be saved."""
    errors: dict[str, str] = {}
    if holdback.amount.cents <= 0:
        errors["amount"] = "The amount held must be more than zero."
    if not holdback.payee.strip():
        errors["payee"] = "Name who may be owed the money held (a lien holder, a provider)."
    elif len(holdback.payee.strip()) > MAX_PAYEE:
        errors["payee"] = f"At most {MAX_PAYEE} characters ({len(holdback.payee.strip())} typed)."
    if not holdback.reason.strip():
        errors["reason"] = "Say why the money is held (e.g. disputed hospital lien)."
    return errors


def statement_costs(
    expenses: Iterable[Expense], invoice_statuses: Mapping[int, InvoiceStatus]
) -> list[Expense]:
    """The expenses that are case costs on the statement.

    Costs are what the firm advanced and is to be repaid from the recovery: paid by the firm and
    reimbursable, except those on an invoice paid in full (already repaid). What the client paid is never a
    cost.

    Args:
        expenses: The case's expenses.
        invoice_statuses: The status of each invoice by id (an invoice not given counts as unpaid).
    """
    return [
        expense
        for expense in expenses
        if is_case_cost(
            expense,
            invoice_paid=expense.invoice_id is not None
            and invoice_statuses.get(expense.invoice_id) is InvoiceStatus.PAID,
        )
    ]


# --- the statement's lines -------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class StatementHeader:
    """Who and what the statement is for, as printed at its top."""

    case_number: str
    caption: str
    client: str
    incident_date: date | None = None
    attorney: str = ""


@dataclass(frozen=True, slots=True)
class RecoveryLine:
    """One recovery on the statement."""

    source: RecoverySource
    payer: str
    claim_number: str
    received_on: date | None
    amount: Money


@dataclass(frozen=True, slots=True)
class FeeLine:
    """The attorney fee, with how it was reached.

    Attributes:
        rate: The stage's rate of the agreement, exact.
        base: What the rate is taken of (the gross, or the gross less costs).
        exact: The fee before rounding, in cents (``rate × base``).
        amount: The fee, rounded half-up to the cent.
    """

    stage: FeeStage
    rate: Fraction
    basis: FeeBasis
    base: Money
    exact: Fraction
    amount: Money

    @property
    def remainder(self) -> Fraction:
        """What rounding added to the exact fee, in cents (negative when it took some off)."""
        return self.amount.cents - self.exact

    @property
    def rounded(self) -> bool:
        """Whether the exact fee had a fraction of a cent."""
        return self.exact.denominator != 1

    def explanation(self) -> str:
        """``1/3 of $100,000.00 = $33,333.33⅓, rounded to $33,333.33`` (or ``… = $32,500.00 exactly``)."""
        of = "the gross" if self.basis is FeeBasis.GROSS else "the gross less costs"
        start = f"{rate_words(self.rate)} of {self.base} ({of}) = {exact_money_text(self.exact)}"
        if not self.rounded:
            return f"{start} exactly"
        return f"{start}, rounded to {self.amount}"

    def rounding_note(self) -> str:
        """What the rounding changed (``"⅓ of a cent less than exact"``), "" when nothing."""
        if not self.rounded:
            return ""
        remainder = self.remainder
        more_or_less = "more" if remainder > 0 else "less"
        return f"{cent_fraction_text(abs(remainder))} of a cent {more_or_less} than the exact fee"


@dataclass(frozen=True, slots=True)
class CostLine:
    """One case cost repaid from the settlement."""

    spent_on: date
    category: str
    payee: str
    description: str
    amount: Money


@dataclass(frozen=True, slots=True)
class LienLine:
    """One lien paid from the settlement.

    Attributes:
        billed: What the lien's provider billed in the case's bills (``None``: not linked to a provider).
        paid_by_others: What health insurance and PIP/MedPay paid on those bills (``None``: not linked).
        asserted: The amount claimed.
        reduction: The reduction negotiated.
        amount: What is paid from the settlement: the final amount, else asserted less reduction.
        is_final: Whether the amount is agreed (final or paid).
    """

    holder: str
    kind: str
    billed: Money | None
    paid_by_others: Money | None
    asserted: Money
    reduction: Money
    amount: Money
    is_final: bool
    status: str


@dataclass(frozen=True, slots=True)
class HoldbackLine:
    """Money kept in trust, with why."""

    payee: str
    reason: str
    amount: Money


def _total(amounts: Iterable[Money]) -> Money:
    return sum(amounts, Money.zero())


@dataclass(frozen=True, slots=True)
class Statement:
    """A settlement statement, every line of it.

    Attributes:
        header: Client, file number, incident date, attorney.
        method: The method of determination, as written.
        notes: Notes printed under the statement.
    """

    header: StatementHeader
    recoveries: tuple[RecoveryLine, ...]
    fee: FeeLine
    costs: tuple[CostLine, ...]
    liens: tuple[LienLine, ...]
    holdbacks: tuple[HoldbackLine, ...]
    method: str = ""
    notes: str = ""

    @property
    def gross(self) -> Money:
        """The recoveries together."""
        return _total(line.amount for line in self.recoveries)

    @property
    def total_costs(self) -> Money:
        """The costs together."""
        return _total(line.amount for line in self.costs)

    @property
    def total_liens(self) -> Money:
        """The liens paid together."""
        return _total(line.amount for line in self.liens)

    @property
    def total_holdbacks(self) -> Money:
        """The holdbacks together."""
        return _total(line.amount for line in self.holdbacks)

    @property
    def net_to_client(self) -> Money:
        """What the client receives: the gross less fee, costs, liens and holdbacks."""
        return self.gross - self.fee.amount - self.total_costs - self.total_liens - self.total_holdbacks

    @property
    def deductions(self) -> Money:
        """Fee, costs, liens and holdbacks together."""
        return self.fee.amount + self.total_costs + self.total_liens + self.total_holdbacks

    @property
    def lines_total(self) -> Money:
        """Every line, the net included, added up separately: must be the gross exactly."""
        return (
            self.fee.amount
            + _total(line.amount for line in self.costs)
            + _total(line.amount for line in self.liens)
            + _total(line.amount for line in self.holdbacks)
            + self.net_to_client
        )

    @property
    def balanced(self) -> bool:
        """The check every statement must pass: its lines add up exactly to the gross."""
        return self.lines_total == self.gross

    @property
    def unfinished_liens(self) -> tuple[LienLine, ...]:
        """The liens whose amount is not final yet."""
        return tuple(line for line in self.liens if not line.is_final)

    def warnings(self) -> list[str]:
        """What stands in the way of finalizing, or deserves a look, in the user's words."""
        found = []
        if not self.recoveries:
            found.append("No recoveries are entered yet: add what was recovered, by source.")
        if self.unfinished_liens:
            found.append(unfinished_liens_message(self.unfinished_liens))
        if self.net_to_client.cents < 0:
            found.append(
                f"The net to the client would be {self.net_to_client}: the fee, costs, liens and holdbacks "
                f"({self.deductions}) are more than the gross recovery ({self.gross})."
            )
        not_received = [line for line in self.recoveries if line.received_on is None]
        if not_received:
            names = ", ".join(line.payer for line in not_received)
            found.append(f"Not yet received into trust: {names}.")
        if not self.balanced:
            found.append(f"The lines add up to {self.lines_total}, not the gross {self.gross}.")
        return found

    def refusal(self) -> str | None:
        """Why the statement cannot be finalized as it is (``None``: it can)."""
        if not self.recoveries:
            return "The statement cannot be finalized without recoveries: add what was recovered first."
        if self.unfinished_liens:
            return (
                unfinished_liens_message(self.unfinished_liens)
                + " Finalizing waits until every lien is final, so that no late bill is missed."
            )
        if self.net_to_client.cents < 0:
            return (
                f"The statement cannot be finalized with a negative net to the client "
                f"({self.net_to_client}): reduce the liens or holdbacks, or correct the recoveries."
            )
        if not self.balanced:
            return f"The lines add up to {self.lines_total}, not the gross {self.gross}."
        return None


def unfinished_liens_message(liens: Sequence[LienLine]) -> str:
    """``These liens are not final: Medicare (asserted), …`` naming each."""
    named = "; ".join(f"{line.holder} ({line.status.lower()}, {line.amount})" for line in liens)
    noun = "This lien is" if len(liens) == 1 else "These liens are"
    return f"{noun} not final: {named}. Mark each final (with its final amount) on the Liens tab."


def build_statement(
    header: StatementHeader,
    terms: StatementTerms,
    recoveries: Iterable[Recovery],
    costs: Iterable[Expense],
    liens: Iterable[Lien],
    bills: Iterable[Bill],
    holdbacks: Iterable[Holdback],
) -> Statement:
    """The statement of a case from its records.

    Args:
        header: Client, file number, incident date, attorney.
        terms: The fee agreement's rates, the stage, the basis, the method of determination.
        recoveries: The case's recoveries.
        costs: The case costs (see :func:`statement_costs`).
        liens: The case's liens.
        bills: The case's bills: a lien linked to a provider shows what that provider billed and what
            health insurance and PIP/MedPay paid.
        holdbacks: The case's holdbacks (those already released are left out).
    """
    recovery_lines = tuple(
        RecoveryLine(r.source, r.payer, r.claim_number, r.received_on, r.amount) for r in recoveries
    )
    cost_lines = tuple(
        CostLine(e.spent_on, e.category, e.payee, e.description, e.amount)
        for e in sorted(costs, key=lambda e: (e.spent_on, e.id or 0))
    )
    by_provider: dict[int, tuple[Money, Money]] = {}
    for bill in bills:
        billed, paid = by_provider.get(bill.provider_id, (Money.zero(), Money.zero()))
        by_provider[bill.provider_id] = (billed + bill.billed, paid + bill.health_paid + bill.pip_paid)
    lien_lines = []
    for lien in liens:
        linked = by_provider.get(lien.provider_id) if lien.provider_id is not None else None
        lien_lines.append(
            LienLine(
                holder=lien.holder,
                kind=lien.kind.label,
                billed=linked[0] if linked else None,
                paid_by_others=linked[1] if linked else None,
                asserted=lien.asserted,
                reduction=lien.reduction,
                amount=lien.payable,
                is_final=lien.is_final,
                status=LienStatus(lien.status).label,
            )
        )
    holdback_lines = tuple(
        HoldbackLine(h.payee, h.reason, h.amount) for h in holdbacks if h.released_on is None
    )
    gross = _total(line.amount for line in recovery_lines)
    total_costs = _total(line.amount for line in cost_lines)
    return Statement(
        header=header,
        recoveries=recovery_lines,
        fee=fee_line(gross, terms, total_costs),
        costs=cost_lines,
        liens=tuple(lien_lines),
        holdbacks=holdback_lines,
        method=terms.method,
        notes=terms.notes,
    )


def fee_line(gross: Money, terms: StatementTerms, costs: Money) -> FeeLine:
    """The fee of the stage's rate on the terms' basis."""
    rate = terms.fee_rates[terms.fee_stage]
    exact = exact_fee(gross, rate, terms.fee_basis, costs)
    base = fee_base(gross, terms.fee_basis, costs)
    return FeeLine(terms.fee_stage, rate, terms.fee_basis, base, exact, Money(round_half_up(exact)))


# --- words -----------------------------------------------------------------------------------------


def rate_words(rate: Fraction) -> str:
    """A rate as a closing statement says it: ``1/3``, ``40 %``, ``33.5 %``."""
    if (rate * 100).denominator != 1 and rate.denominator <= 12 and rate != 0:
        return f"{rate.numerator}/{rate.denominator}"
    return format_fee_rate(rate)


def cent_fraction_text(part: Fraction) -> str:
    """A fraction of a cent: ``⅓``, ``2/7``."""
    return _VULGAR.get(part, f"{part.numerator}/{part.denominator}")


def exact_money_text(cents: Fraction) -> str:
    """An exact amount in cents that may hold a fraction of a cent: ``$33,333.33⅓``, ``$0.02½``."""
    whole = cents.numerator // cents.denominator
    part = cents - whole
    if part == 0:
        return str(Money(whole))
    if cents < 0:
        return "-" + exact_money_text(-cents)
    vulgar = _VULGAR.get(part)
    return f"{Money(whole)}{vulgar}" if vulgar else f"{Money(whole)} and {part.numerator}/{part.denominator}¢"


# --- the snapshot ----------------------------------------------------------------------------------


def statement_to_json(statement: Statement) -> str:
    """The statement as JSON, to keep as a final statement's frozen snapshot.

    Amounts are decimal strings (``"33333.33"``), the rate and the exact fee fractions as text (``"1/3"``),
    dates ISO; the totals are written too, for anyone reading the file, and checked when read back.
    """
    fee = statement.fee
    value = {
        "schema": SNAPSHOT_SCHEMA,
        "header": {
            "case_number": statement.header.case_number,
            "caption": statement.header.caption,
            "client": statement.header.client,
            "incident_date": _iso(statement.header.incident_date),
            "attorney": statement.header.attorney,
        },
        "recoveries": [
            {
                "source": line.source.value,
                "payer": line.payer,
                "claim_number": line.claim_number,
                "received_on": _iso(line.received_on),
                "amount": _amount(line.amount),
            }
            for line in statement.recoveries
        ],
        "fee": {
            "stage": fee.stage.value,
            "rate": str(fee.rate),
            "basis": fee.basis.value,
            "base": _amount(fee.base),
            "exact_cents": str(fee.exact),
            "amount": _amount(fee.amount),
        },
        "costs": [
            {
                "spent_on": line.spent_on.isoformat(),
                "category": line.category,
                "payee": line.payee,
                "description": line.description,
                "amount": _amount(line.amount),
            }
            for line in statement.costs
        ],
        "liens": [
            {
                "holder": line.holder,
                "kind": line.kind,
                "billed": _amount(line.billed),
                "paid_by_others": _amount(line.paid_by_others),
                "asserted": _amount(line.asserted),
                "reduction": _amount(line.reduction),
                "amount": _amount(line.amount),
                "is_final": line.is_final,
                "status": line.status,
            }
            for line in statement.liens
        ],
        "holdbacks": [
            {"payee": line.payee, "reason": line.reason, "amount": _amount(line.amount)}
            for line in statement.holdbacks
        ],
        "method": statement.method,
        "notes": statement.notes,
        "totals": {
            "gross": _amount(statement.gross),
            "fee": _amount(fee.amount),
            "costs": _amount(statement.total_costs),
            "liens": _amount(statement.total_liens),
            "holdbacks": _amount(statement.total_holdbacks),
            "net_to_client": _amount(statement.net_to_client),
        },
    }
    return json.dumps(value, ensure_ascii=False, indent=1)


def statement_from_json(text: str) -> Statement:
    """A statement from its snapshot.

    Raises:
        ValidationError: The snapshot is damaged, of a newer layout, or its totals do not match its lines.
    """
    try:
        value = json.loads(text)
        schema = value["schema"]
    except Exception:
        raise _damaged() from None
    if schema != SNAPSHOT_SCHEMA:
        raise ValidationError(
            {
                "snapshot": "The final statement was saved by a newer casedesk "
                f"(layout {schema}): update casedesk to read it."
            }
        )
    try:
        statement = _read_snapshot(value)
    except Exception:
        raise _damaged() from None
    if _amount(statement.net_to_client) != value["totals"]["net_to_client"] or not statement.balanced:
        raise _damaged()
    return statement


def _read_snapshot(value: dict[str, Any]) -> Statement:
    header, fee = value["header"], value["fee"]
    return Statement(
        header=StatementHeader(
            case_number=header["case_number"],
            caption=header["caption"],
            client=header["client"],
            incident_date=_date(header["incident_date"]),
            attorney=header["attorney"],
        ),
        recoveries=tuple(
            RecoveryLine(
                RecoverySource(line["source"]),
                line["payer"],
                line["claim_number"],
                _date(line["received_on"]),
                _money(line["amount"]),
            )
            for line in value["recoveries"]
        ),
        fee=FeeLine(
            FeeStage(fee["stage"]),
            Fraction(fee["rate"]),
            FeeBasis(fee["basis"]),
            _money(fee["base"]),
            Fraction(fee["exact_cents"]),
            _money(fee["amount"]),
        ),
        costs=tuple(
            CostLine(
                date.fromisoformat(line["spent_on"]),
                line["category"],
                line["payee"],
                line["description"],
                _money(line["amount"]),
            )
            for line in value["costs"]
        ),
        liens=tuple(
            LienLine(
                holder=line["holder"],
                kind=line["kind"],
                billed=_optional_money(line["billed"]),
                paid_by_others=_optional_money(line["paid_by_others"]),
                asserted=_money(line["asserted"]),
                reduction=_money(line["reduction"]),
                amount=_money(line["amount"]),
                is_final=bool(line["is_final"]),
                status=line["status"],
            )
            for line in value["liens"]
        ),
        holdbacks=tuple(
            HoldbackLine(line["payee"], line["reason"], _money(line["amount"])) for line in value["holdbacks"]
        ),
        method=value["method"],
        notes=value["notes"],
    )


def _damaged() -> ValidationError:
    return ValidationError(
        {
            "snapshot": "The final statement's saved copy is damaged. "
            "Reopen the statement and finalize it again."
        }
    )


def _amount(money: Money | None) -> str | None:
    return None if money is None else str(money.amount)


def _money(text: str) -> Money:
    return Money.parse(text)


def _optional_money(text: str | None) -> Money | None:
    return None if text is None else Money.parse(text)


def _iso(day: date | None) -> str | None:
    return None if day is None else day.isoformat()


def _date(text: str | None) -> date | None:
    return None if text is None else date.fromisoformat(text)
