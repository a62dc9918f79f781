"""Settlement arithmetic: the attorney fee, costs and liens taken from a gross recovery, exact to the cent."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum
from fractions import Fraction

from casedesk.domain.errors import ValidationError
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
        net_to_client: ``gross - fee - costs - liens``; negative when the liens exceed what is left.
    """

    gross: Money
    fee: Money
    costs: Money
    liens: Money
    net_to_client: Money


def fee_rate_from_percent(percent: Decimal | int) -> Fraction:
    """An exact fee rate from a percentage, e.g. ``Decimal("40")`` → 2/5.

    Raises:
        ValidationError: The percentage is outside 0–100.
    """
    if not Decimal(percent).is_finite() or not 0 <= percent <= 100:
        raise ValidationError({"fee_rate": "The fee is a percentage from 0 to 100."})
    return Fraction(Decimal(percent)) / 100


def settlement_split(
    gross: Money, fee_rate: Fraction, basis: FeeBasis, costs: Money, liens: Money
) -> SettlementSplit:
    """Split a gross recovery into fee, costs, liens and the client's net.

    The fee is computed exactly (``Fraction(1, 3)`` is one third, not 0.3333) and rounded half-up to the
    cent once; everything else is exact subtraction.

    Args:
        gross: The gross recovery.
        fee_rate: The fee as an exact share of 1 (see :func:`fee_rate_from_percent`).
        basis: Whether the fee is taken of the gross or of the gross after costs.
        costs: Case costs advanced.
        liens: Liens and bills paid from the settlement.

    Raises:
        ValidationError: Negative amounts, a fee rate outside 0–1, or costs above the gross.
    """
    errors = {
        name: f"The {name} cannot be negative."
        for name, amount in (("gross", gross), ("costs", costs), ("liens", liens))
        if amount.cents < 0
    }
    if not 0 <= fee_rate <= 1:
        errors["fee_rate"] = "The fee rate is between 0 and 1 (0 % to 100 %)."
    if costs.cents > gross.cents:
        errors["costs"] = "The costs are more than the gross recovery."
    if errors:
        raise ValidationError(errors)
    base = gross if basis is FeeBasis.GROSS else gross - costs
    fee = Money(_round_half_up(base.cents * fee_rate))
    return SettlementSplit(gross, fee, costs, liens, gross - fee - costs - liens)


def _round_half_up(value: Fraction) -> int:
    """The nearest integer, halves away from zero (the value is never negative here)."""
    return int(value + Fraction(1, 2)) if value >= 0 else -int(-value + Fraction(1, 2))
