"""Settlement: the split of a gross recovery, and the records of a case's settlement statement.

The arithmetic takes the fee, costs and liens from a gross recovery exact to the cent; the records are the
recoveries, the fee terms, holdbacks and disbursements from trust.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from enum import StrEnum
from fractions import Fraction

from casedesk.domain.errors import ValidationError
from casedesk.domain.invoices import PaymentMethod
from casedesk.domain.money import Money


class FeeBasis(StrEnum):
    """What the contingency fee percentage is taken of."""

    GROSS = "gross"
    AFTER_COSTS = "after_costs"


@dataclass(frozen=True, slots=True)
class SettlementSplit:
    """Where a gross recovery goes.

    Attributes:
        gross: The gross recovery.
        fee: The attorney fee (rounded half-up to the cent, the only rounding).
        costs: Case costs advanced, repaid.
        liens: Liens and bills paid from the settlement.
        net_to_client: ``gross - fee - costs - liens - holdbacks``; negative when they exceed the gross.
        holdbacks: Kept in trust for disputed or unresolved claims (ABA Model Rule 1.15).
    """

    gross: Money
    fee: Money
    costs: Money
    liens: Money
    net_to_client: Money
    holdbacks: Money = field(default_factory=Money.zero)

    @property
    def lines_total(self) -> Money:
        """Fee, costs, liens, holdbacks and net together: always the gross exactly."""
        return self.fee + self.costs + self.liens + self.holdbacks + self.net_to_client


def fee_rate_from_percent(percent: Decimal | int) -> Fraction:
    """An exact fee rate from a percentage, e.g. ``Decimal("40")`` → 2/5.

    Raises:
        ValidationError: The percentage is outside 0–100.
    """
    if not Decimal(percent).is_finite() or not 0 <= percent <= 100:
        raise ValidationError({"fee_rate": "The fee is a percentage from 0 to 100."})
    return Fraction(Decimal(percent)) / 100


def settlement_split(
    gross: Money,
    fee_rate: Fraction,
    basis: FeeBasis,
    costs: Money,
    liens: Money,
    holdbacks: Money | None = None,
) -> SettlementSplit:
    """Split a gross recovery into fee, costs, liens, holdbacks and the client's net.

    The fee is computed exactly (``Fraction(1, 3)`` is one third, not 0.3333) and rounded half-up to the
    cent once; everything else is exact subtraction, so the parts always add up to the gross.

    Args:
        gross: The gross recovery.
        fee_rate: The fee as an exact share of 1 (see :func:`fee_rate_from_percent`).
        basis: Whether the fee is taken of the gross or of the gross after costs.
        costs: Case costs advanced.
        liens: Liens and bills paid from the settlement.
        holdbacks: Kept in trust for disputed or unresolved claims (``None``: none).

    Raises:
        ValidationError: Negative amounts, a fee rate outside 0–1, or costs above the gross.
    """
    holdbacks = holdbacks or Money.zero()
    amounts = (("gross", gross), ("costs", costs), ("liens", liens), ("holdbacks", holdbacks))
    errors = {name: f"The {name} cannot be negative." for name, amount in amounts if amount.cents < 0}
    if not 0 <= fee_rate <= 1:
        errors["fee_rate"] = "The fee rate is between 0 and 1 (0 % to 100 %)."
    if costs.cents > gross.cents:
        errors["costs"] = "The costs are more than the gross recovery."
    if errors:
        raise ValidationError(errors)
    fee = Money(round_half_up(exact_fee(gross, fee_rate, basis, costs)))
    return SettlementSplit(gross, fee, costs, liens, gross - fee - costs - liens - holdbacks, holdbacks)


def fee_base(gross: Money, basis: FeeBasis, costs: Money) -> Money:
    """What the fee is taken of: the gross, or the gross less costs (never below zero)."""
    if basis is FeeBasis.GROSS:
        return gross
    return Money(max(gross.cents - costs.cents, 0))


def exact_fee(gross: Money, fee_rate: Fraction, basis: FeeBasis, costs: Money) -> Fraction:
    """The fee before rounding, in cents, exact (one third of $100,000.00 is 3,333,333 1/3 cents)."""
    return fee_base(gross, basis, costs).cents * fee_rate


def round_half_up(value: Fraction) -> int:
    """The nearest integer, halves away from zero: the one rounding of a settlement (the fee's)."""
    return _round_half_up(value)


def _round_half_up(value: Fraction) -> int:
    """The nearest integer, halves away from zero (the value is never negative here)."""
    return int(value + Fraction(1, 2)) if value >= 0 else -int(-value + Fraction(1, 2))


# --- the fee as people type and read it --------------------------------------------------------------

#: A fee rate is stored as numerator and denominator in signed 64-bit columns.
MAX_FEE_DENOMINATOR = 2**63 - 1
FEE_TOO_PRECISE = "Type the fee with fewer decimals (e.g. 33.33 or 33 1/3)."

#: The whole part may not end inside a number or just before a "/": otherwise backtracking would read
#: "40/100" as 4 and 0/100.
_FEE_TEXT = re.compile(
    r"(?P<whole>\d+(?:\.\d+)?(?!\d|\s*/))?\s*(?:(?P<num>\d+)\s*/\s*(?P<den>\d+))?\s*(?P<percent>%)?",
)


def parse_fee_rate(text: str) -> Fraction:
    """An exact fee rate from what a user types: ``40``, ``40 %``, ``33.5``, ``1/3``, ``33 1/3 %``.

    A bare fraction (``1/3``) is a share of the recovery; anything with a whole number is a percentage
    (``33 1/3`` is 33⅓ %).

    Raises:
        ValidationError: The text is not a fee, is outside 0–100 %, or too precise to be stored.
    """
    not_a_fee = ValidationError({"fee_rate": f"“{text}” is not a fee; type a percentage (40) or 1/3."})
    match = _FEE_TEXT.fullmatch(text.strip())
    if match is None or not (match["whole"] or match["num"]):
        raise not_a_fee
    if match["num"] and int(match["den"]) == 0:
        raise not_a_fee
    fraction = Fraction(int(match["num"]), int(match["den"])) if match["num"] else Fraction(0)
    if match["whole"] is None and not match["percent"]:
        rate = fraction
    else:
        rate = (Fraction(Decimal(match["whole"] or 0)) + fraction) / 100
    if not 0 <= rate <= 1:
        raise ValidationError({"fee_rate": "The fee is a percentage from 0 to 100."})
    if rate.denominator > MAX_FEE_DENOMINATOR:
        raise ValidationError({"fee_rate": FEE_TOO_PRECISE})
    return rate


def format_fee_rate(rate: Fraction) -> str:
    """A fee rate as a user reads it: ``40 %``, ``33 1/3 %``, ``12.5 %``."""
    percent = rate * 100
    if percent.denominator == 1:
        return f"{percent.numerator} %"
    if _terminates(percent.denominator):
        return f"{Decimal(percent.numerator) / Decimal(percent.denominator)} %"
    whole, rest = divmod(percent.numerator, percent.denominator)
    return f"{whole} {rest}/{percent.denominator} %" if whole else f"{rest}/{percent.denominator} %"


def _terminates(denominator: int) -> bool:
    """Whether a fraction with this denominator has a finite decimal expansion (only 2s and 5s)."""
    for prime in (2, 5):
        while denominator % prime == 0:
            denominator //= prime
    return denominator == 1


# --- the records of a case's settlement statement ----------------------------------------------------


class RecoverySource(StrEnum):
    """Where money recovered for the client came from."""

    LIABILITY = "liability"
    UM_UIM = "um_uim"
    MEDPAY_PIP = "medpay_pip"
    OTHER = "other"

    @property
    def label(self) -> str:
        """Display name."""
        return _SOURCE_LABELS[self]


_SOURCE_LABELS = {
    RecoverySource.LIABILITY: "Liability carrier",
    RecoverySource.UM_UIM: "UM/UIM",
    RecoverySource.MEDPAY_PIP: "MedPay/PIP",
    RecoverySource.OTHER: "Other",
}


@dataclass(frozen=True, slots=True)
class Recovery:
    """Money recovered from one source.

    Attributes:
        payer: Who paid (the carrier's name as on the check).
        claim_number: The payer's claim number.
        received_on: When the money was received into trust (``None``: not yet).
        payer_contact_id: The payer in the contacts book, when linked.
    """

    case_id: int
    source: RecoverySource
    amount: Money
    payer: str = ""
    claim_number: str = ""
    received_on: date | None = None
    notes: str = ""
    payer_contact_id: int | None = None
    id: int | None = None


class FeeStage(StrEnum):
    """How far the case went, which decides the fee rate under a usual contingency agreement."""

    PRE_SUIT = "pre_suit"
    SUIT = "suit"
    TRIAL = "trial"

    @property
    def label(self) -> str:
        """Display name."""
        return _STAGE_LABELS[self]


_STAGE_LABELS = {FeeStage.PRE_SUIT: "Pre-suit", FeeStage.SUIT: "Suit filed", FeeStage.TRIAL: "Trial"}


class StatementStatus(StrEnum):
    """A draft statement follows the case's figures; a final one is a frozen snapshot."""

    DRAFT = "draft"
    FINAL = "final"

    @property
    def label(self) -> str:
        """Display name."""
        return self.value.capitalize()


@dataclass(frozen=True, slots=True)
class StatementTerms:
    """The parts of a case's settlement statement that are typed rather than gathered from the case.

    Attributes:
        fee_rates: The fee agreement's rate for each stage, exact (``Fraction(1, 3)``).
        fee_stage: The stage whose rate applies.
        fee_basis: Whether the fee is taken of the gross or after costs.
        attorney: The attorney who signs.
        method: The method of determination (how the fee and the split were decided), printed as written.
        status: Draft or final.
        finalized_at: When it was finalized (``None`` for a draft).
        snapshot: The statement as finalized (JSON), shown and printed instead of the live figures.
    """

    case_id: int
    fee_rates: dict[FeeStage, Fraction]
    fee_stage: FeeStage = FeeStage.PRE_SUIT
    fee_basis: FeeBasis = FeeBasis.GROSS
    attorney: str = ""
    method: str = ""
    notes: str = ""
    status: StatementStatus = StatementStatus.DRAFT
    finalized_at: datetime | None = None
    snapshot: str | None = None
    id: int | None = None


class StatementAction(StrEnum):
    """What happened to a statement, in its history."""

    FINALIZED = "finalized"
    REOPENED = "reopened"


@dataclass(frozen=True, slots=True)
class StatementEvent:
    """One finalizing or reopening of a statement, with when and why."""

    statement_id: int
    action: StatementAction
    at: datetime
    reason: str = ""
    id: int | None = None


@dataclass(frozen=True, slots=True)
class Holdback:
    """Money kept in trust for a disputed or unresolved claim (ABA Model Rule 1.15).

    Attributes:
        payee: Who may be owed it (the lien holder, a provider).
        reason: Why it is held.
    """

    case_id: int
    payee: str
    amount: Money
    reason: str = ""
    released_on: date | None = None
    id: int | None = None


@dataclass(frozen=True, slots=True)
class Disbursement:
    """Money paid out of trust.

    Attributes:
        purpose: What it pays: attorney fee, costs, a lien, the client's net, a holdback released…
        reference: The check or wire number.
    """

    case_id: int
    payee: str
    amount: Money
    paid_on: date
    method: PaymentMethod = PaymentMethod.CHECK
    reference: str = ""
    purpose: str = ""
    notes: str = ""
    id: int | None = None


@dataclass(frozen=True, slots=True)
class TrustPosition:
    """What a case's trust account has received, paid out and still holds.

    Attributes:
        received: Recoveries received into trust (those with a date received).
        paid_out: Disbursements made.
        in_trust: ``received - paid_out``.
    """

    received: Money
    paid_out: Money

    @property
    def in_trust(self) -> Money:
        """What remains in trust."""
        return self.received - self.paid_out


def trust_position(recoveries: Iterable[Recovery], disbursements: Iterable[Disbursement]) -> TrustPosition:
    """The trust account of a case from its recoveries and disbursements."""
    received = sum((r.amount for r in recoveries if r.received_on is not None), Money.zero())
    return TrustPosition(received, sum((d.amount for d in disbursements), Money.zero()))
