"""Medical bills (billed, adjusted, paid by source, owed) and the liens asserted against a recovery.

Amounts follow the usual personal-injury model: the original amount billed, less the adjustment or
write-off, is the adjusted amount; health insurance, PIP/MedPay and the client pay part of it; the rest is
still owed (unless the provider's statement says another amount is owed, which is then kept as typed and
the difference shown). Paid + owed is what the providers accept for the treatment.

A lien's final amount is its asserted amount less the reduction unless typed otherwise. The pro-rata
reduction suggestion shares the cost of obtaining the settlement (taken as one third of it) among the
medical claims by size: (lien ÷ all bills) × settlement ÷ 3, rounded half-up to the cent once.

This module holds the arithmetic every user of the figures shares: the Bills and Liens panels, the
valuation, the settlement statement and the demand letter.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from fractions import Fraction

from casedesk.domain.cases import EARLIEST_DATE
from casedesk.domain.money import Money

ZERO = Money(0)
#: The longest lien holder's name (the column is this wide).
MAX_HOLDER = 200
#: The share of a settlement taken as the cost of obtaining it in the pro-rata suggestion (a one-third fee).
PROCUREMENT_SHARE = Fraction(1, 3)
#: Help shown with Medicare liens.
MEDICARE_NOTE = (
    "Medicare: ask for the conditional payment letter early; once the case settles, Medicare issues its "
    "final demand, which must be paid within 60 days (interest runs after that). The final demand "
    "already takes off procurement costs (42 CFR 411.37)."
)
#: Said wherever a reduction is suggested.
SUGGESTION_CAVEAT = (
    "Suggested reductions are arithmetic only: verify every figure with the lien holder and the governing "
    "rules (Medicare, Medicaid and ERISA plans have their own) before relying on them."
)


@dataclass(frozen=True, slots=True)
class Bill:
    """One provider's charges for one date of service (or a span of them).

    Attributes:
        provider_id: The :class:`~casedesk.domain.providers.CaseProvider` who billed.
        billed: The original amount billed.
        adjustment: Adjustment or write-off.
        health_paid: Paid by health insurance.
        pip_paid: Paid by PIP or MedPay.
        client_paid: Paid by the client.
        owed: Still owed as the provider reports it (``None``: adjusted amount less payments).
        document_id: The stored bill, when there is one.
        page: The bill's page in that document.
    """

    case_id: int
    provider_id: int
    service_from: date
    billed: Money
    adjustment: Money = ZERO
    health_paid: Money = ZERO
    pip_paid: Money = ZERO
    client_paid: Money = ZERO
    owed: Money | None = None
    service_to: date | None = None
    document_id: int | None = None
    page: int | None = None
    notes: str = ""
    id: int | None = None

    @property
    def adjusted(self) -> Money:
        """The amount billed less the adjustment or write-off."""
        return self.billed - self.adjustment

    @property
    def total_paid(self) -> Money:
        """Paid by health insurance, PIP/MedPay and the client together."""
        return self.health_paid + self.pip_paid + self.client_paid

    @property
    def computed_owed(self) -> Money:
        """What is still owed by the arithmetic: the adjusted amount less the payments."""
        return self.adjusted - self.total_paid

    @property
    def balance(self) -> Money:
        """Still owed: as the provider's statement says when typed, else :attr:`computed_owed`."""
        return self.owed if self.owed is not None else self.computed_owed

    @property
    def owed_difference(self) -> Money | None:
        """How far the owed amount typed differs from the computed one (``None`` when not typed)."""
        return None if self.owed is None else self.owed - self.computed_owed

    @property
    def paid_plus_owed(self) -> Money:
        """Payments plus what is still owed."""
        return self.total_paid + self.balance


#: A bill's amounts by field name, with how the form labels them (for messages).
BILL_AMOUNTS = {
    "billed": "The amount billed",
    "adjustment": "The adjustment",
    "health_paid": "Health insurance paid",
    "pip_paid": "PIP/MedPay paid",
    "client_paid": "Client paid",
    "owed": "The amount owed",
}


def validate_bill(bill: Bill) -> dict[str, str]:
    """Problems with a bill, by field name; empty when it can be saved.

    ``payments`` names the three payments together (they cannot exceed the adjusted amount).
    """
    errors: dict[str, str] = {}
    amounts: dict[str, Money | None] = {
        "billed": bill.billed,
        "adjustment": bill.adjustment,
        "health_paid": bill.health_paid,
        "pip_paid": bill.pip_paid,
        "client_paid": bill.client_paid,
        "owed": bill.owed,
    }
    for name, amount in amounts.items():
        if amount is not None and amount.cents < 0:
            errors[name] = f"{BILL_AMOUNTS[name]} cannot be negative."
    if "adjustment" not in errors and "billed" not in errors and bill.adjustment > bill.billed:
        errors["adjustment"] = (
            f"The adjustment ({bill.adjustment}) is more than the amount billed ({bill.billed})."
        )
    payments_valid = not {"adjustment", "billed", "health_paid", "pip_paid", "client_paid"} & errors.keys()
    if payments_valid and bill.total_paid > bill.adjusted:
        errors["payments"] = (
            f"The payments ({bill.total_paid}) are more than the adjusted amount ({bill.adjusted}); "
            "check the amounts, or the adjustment."
        )
    if bill.service_from < EARLIEST_DATE:
        errors["service_from"] = f"The date of service cannot be before {EARLIEST_DATE:%m/%d/%Y}."
    if bill.service_to is not None and bill.service_to < bill.service_from:
        errors["service_to"] = "The last date of service cannot be before the first."
    if bill.page is not None:
        if bill.document_id is None:
            errors["page"] = "Pick the document the page is in, or leave the page empty."
        elif bill.page < 1:
            errors["page"] = "Pages are numbered from 1."
    return errors


@dataclass(frozen=True, slots=True)
class BillTotals:
    """The sums of some bills (a case's, or one provider's).

    Attributes:
        count: How many bills.
        owed: Still owed, each bill's :attr:`Bill.balance`.
    """

    count: int = 0
    billed: Money = ZERO
    adjustments: Money = ZERO
    health_paid: Money = ZERO
    pip_paid: Money = ZERO
    client_paid: Money = ZERO
    owed: Money = ZERO

    @property
    def adjusted(self) -> Money:
        """Billed less adjustments."""
        return self.billed - self.adjustments

    @property
    def total_paid(self) -> Money:
        """Paid by every source together."""
        return self.health_paid + self.pip_paid + self.client_paid

    @property
    def paid_plus_owed(self) -> Money:
        """Payments plus what is still owed: what the providers accept for the treatment."""
        return self.total_paid + self.owed

    def __add__(self, other: BillTotals) -> BillTotals:
        if not isinstance(other, BillTotals):
            return NotImplemented
        return BillTotals(
            self.count + other.count,
            self.billed + other.billed,
            self.adjustments + other.adjustments,
            self.health_paid + other.health_paid,
            self.pip_paid + other.pip_paid,
            self.client_paid + other.client_paid,
            self.owed + other.owed,
        )

    @classmethod
    def of(cls, bill: Bill) -> BillTotals:
        """One bill's figures."""
        return cls(
            1, bill.billed, bill.adjustment, bill.health_paid, bill.pip_paid, bill.client_paid, bill.balance
        )


def bill_totals(bills: Iterable[Bill]) -> BillTotals:
    """The sums of these bills."""
    return sum((BillTotals.of(bill) for bill in bills), BillTotals())


def totals_by_provider(bills: Iterable[Bill]) -> dict[int, BillTotals]:
    """The sums of these bills per provider (by :attr:`Bill.provider_id`), in order of first appearance."""
    totals: dict[int, BillTotals] = {}
    for bill in bills:
        totals[bill.provider_id] = totals.get(bill.provider_id, BillTotals()) + BillTotals.of(bill)
    return totals


class LienKind(enum.StrEnum):
    """Who asserts a lien."""

    MEDICARE = "medicare"
    MEDICAID = "medicaid"
    HEALTH_PLAN = "health_plan"
    HOSPITAL = "hospital"
    LETTER_OF_PROTECTION = "letter_of_protection"
    WORKERS_COMP = "workers_comp"
    OTHER = "other"

    @property
    def label(self) -> str:
        """Display name."""
        return _LIEN_KIND_LABELS[self]


_LIEN_KIND_LABELS = {
    LienKind.MEDICARE: "Medicare",
    LienKind.MEDICAID: "Medicaid",
    LienKind.HEALTH_PLAN: "ERISA / health plan",
    LienKind.HOSPITAL: "Hospital lien",
    LienKind.LETTER_OF_PROTECTION: "Letter of protection",
    LienKind.WORKERS_COMP: "Workers' compensation",
    LienKind.OTHER: "Other",
}


class LienStatus(enum.StrEnum):
    """How far a lien has got: asserted, under negotiation, final, paid."""

    ASSERTED = "asserted"
    NEGOTIATING = "negotiating"
    FINAL = "final"
    PAID = "paid"

    @property
    def label(self) -> str:
        """Display name."""
        return self.value.capitalize()


@dataclass(frozen=True, slots=True)
class Lien:
    """A claim against the recovery by someone who paid for or provided treatment.

    Attributes:
        holder: Who asserts it, as named on the lien notice.
        asserted: The amount first asserted.
        reduction: The reduction negotiated so far.
        final: The final amount once agreed (``None`` until then).
        holder_contact_id: The holder in the contacts book, when linked.
        provider_id: The :class:`~casedesk.domain.providers.CaseProvider` whose bills it covers, if any.
    """

    case_id: int
    holder: str
    kind: LienKind
    asserted: Money
    reduction: Money = ZERO
    final: Money | None = None
    status: LienStatus = LienStatus.ASSERTED
    holder_contact_id: int | None = None
    provider_id: int | None = None
    asserted_on: date | None = None
    notes: str = ""
    id: int | None = None

    @property
    def computed_final(self) -> Money:
        """The asserted amount less the reduction."""
        return self.asserted - self.reduction

    @property
    def payable(self) -> Money:
        """What the lien takes from the recovery: the final amount once known, else :attr:`computed_final`."""
        return self.final if self.final is not None else self.computed_final

    @property
    def final_difference(self) -> Money | None:
        """How far the final amount typed differs from asserted less reduction (``None`` when not typed)."""
        return None if self.final is None else self.final - self.computed_final

    @property
    def is_final(self) -> bool:
        """Whether the amount is settled: the lien is final or paid."""
        return self.status in (LienStatus.FINAL, LienStatus.PAID)


def validate_lien(lien: Lien) -> dict[str, str]:
    """Problems with a lien, by field name; empty when it can be saved."""
    errors: dict[str, str] = {}
    if not lien.holder.strip():
        errors["holder"] = "Name who holds the lien."
    elif len(lien.holder.strip()) > MAX_HOLDER:
        errors["holder"] = f"At most {MAX_HOLDER} characters ({len(lien.holder.strip())} typed)."
    for name, label, amount in (
        ("asserted", "The amount asserted", lien.asserted),
        ("reduction", "The reduction", lien.reduction),
        ("final", "The final amount", lien.final),
    ):
        if amount is not None and amount.cents < 0:
            errors[name] = f"{label} cannot be negative."
    if not {"asserted", "reduction"} & errors.keys() and lien.reduction > lien.asserted:
        errors["reduction"] = (
            f"The reduction ({lien.reduction}) is more than the amount asserted ({lien.asserted})."
        )
    if lien.is_final and lien.final is None:
        errors["final"] = (
            f"A lien marked {lien.status.label.lower()} needs its final amount "
            f"(asserted less reduction is {lien.computed_final})."
        )
    if lien.asserted_on is not None and lien.asserted_on < EARLIEST_DATE:
        errors["asserted_on"] = f"The date cannot be before {EARLIEST_DATE:%m/%d/%Y}."
    return errors


def final_note(lien: Lien) -> str:
    """What to say when the final amount is not the asserted amount less the reduction ("" when it is)."""
    difference = lien.final_difference
    if difference is None or difference.cents == 0:
        return ""
    more_or_less = "more" if difference.cents > 0 else "less"
    return (
        f"The final amount is {Money(abs(difference.cents))} {more_or_less} than asserted less reduction "
        f"({lien.asserted} − {lien.reduction} = {lien.computed_final})."
    )


@dataclass(frozen=True, slots=True)
class LienTotals:
    """The sums of a case's liens.

    Attributes:
        final: The final amounts of the liens that have one.
        payable: What all liens take from a recovery: final amounts, else asserted less reduction.
        not_final: How many liens are not final or paid yet.
    """

    count: int = 0
    asserted: Money = ZERO
    reductions: Money = ZERO
    final: Money = ZERO
    payable: Money = ZERO
    not_final: int = 0


def lien_totals(liens: Iterable[Lien]) -> LienTotals:
    """The sums of these liens."""
    totals = LienTotals()
    for lien in liens:
        totals = LienTotals(
            totals.count + 1,
            totals.asserted + lien.asserted,
            totals.reductions + lien.reduction,
            totals.final + (lien.final or ZERO),
            totals.payable + lien.payable,
            totals.not_final + (0 if lien.is_final else 1),
        )
    return totals


@dataclass(frozen=True, slots=True)
class ReductionSuggestion:
    """A lien's pro-rata share of the cost of obtaining the settlement, suggested as its reduction.

    Attributes:
        lien_amount: The lien's asserted amount.
        all_bills: What the lien's share is taken of (the case's bills, or all liens when no bills).
        all_bills_label: What ``all_bills`` is, in words ("all bills", "all liens").
        settlement: The expected settlement.
        reduction: ``(lien ÷ all bills) × settlement ÷ 3``, half-up to the cent, at most the lien.
        capped: The share came to more than the lien, so the whole lien is suggested.
    """

    lien_amount: Money
    all_bills: Money
    settlement: Money
    reduction: Money
    all_bills_label: str = "all bills"
    capped: bool = False

    def explanation(self) -> str:
        """The formula with the figures, for a tooltip."""
        text = (
            f"({self.lien_amount} lien ÷ {self.all_bills} {self.all_bills_label}) × "
            f"{self.settlement} settlement ÷ 3 = "
        )
        if self.capped:
            return text + f"more than the lien, so at most {self.reduction}"
        return text + str(self.reduction)


def suggest_reduction(
    lien_amount: Money, all_bills: Money, settlement: Money, all_bills_label: str = "all bills"
) -> ReductionSuggestion | None:
    """The pro-rata reduction of a lien; ``None`` when there is nothing to share (no bills, no settlement)."""
    if all_bills.cents <= 0 or settlement.cents <= 0 or lien_amount.cents < 0:
        return None
    share = Fraction(lien_amount.cents) * settlement.cents * PROCUREMENT_SHARE / all_bills.cents
    cents = _half_up(share)
    capped = cents > lien_amount.cents
    return ReductionSuggestion(
        lien_amount,
        all_bills,
        settlement,
        Money(min(cents, lien_amount.cents)),
        all_bills_label,
        capped,
    )


def _half_up(value: Fraction) -> int:
    """A non-negative fraction rounded to the nearest whole number, halves up."""
    return int((value * 2 + 1) // 2)
