"""Exact money amounts: Decimal in Python, integer cents in storage, formatted in one place."""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from casedesk.domain.errors import ValidationError

_CENT = Decimal("0.01")
_AMOUNT_TEXT = re.compile(r"^\(?-?\$?-?[\d,]*\.?\d*\)?$")


@dataclass(frozen=True, slots=True, order=True)
class Money:
    """An amount in US dollars, exact to the cent.

    Attributes:
        cents: The amount in integer cents (negative for credits).
    """

    cents: int

    @classmethod
    def of(cls, amount: Decimal | int | str) -> Money:
        """Money from a Decimal, an int of whole dollars or a decimal string, rounded half-up to cents."""
        if isinstance(amount, float):
            raise TypeError("Money never comes from float; use Decimal or str")
        value = Decimal(amount)
        return cls(int((value * 100).quantize(Decimal(1), rounding=ROUND_HALF_UP)))

    @classmethod
    def zero(cls) -> Money:
        """No money."""
        return cls(0)

    @classmethod
    def parse(cls, text: str) -> Money:
        """Parse what a user types: ``1,234.50``, ``$1234.5``, ``-12``, ``(12.00)`` for negatives.

        Raises:
            ValidationError: The text is not an amount, or has more than two decimals.
        """
        raw = text.strip().replace(" ", "")
        if not raw or not _AMOUNT_TEXT.match(raw) or not any(ch.isdigit() for ch in raw):
            raise ValidationError({"amount": f"“{text}” is not an amount of money."})
        negative = (raw.startswith("(") and raw.endswith(")")) or "-" in raw
        digits = raw.strip("()").replace("$", "").replace(",", "").replace("-", "")
        try:
            value = Decimal(digits)
        except InvalidOperation:
            raise ValidationError({"amount": f"“{text}” is not an amount of money."}) from None
        if value != value.quantize(_CENT):
            raise ValidationError({"amount": "Amounts have at most two decimals (cents)."})
        return cls.of(-value if negative else value)

    @property
    def amount(self) -> Decimal:
        """The amount as a Decimal with two places."""
        return (Decimal(self.cents) / 100).quantize(_CENT)

    def __add__(self, other: Money) -> Money:
        return Money(self.cents + other.cents)

    def __sub__(self, other: Money) -> Money:
        return Money(self.cents - other.cents)

    def __neg__(self) -> Money:
        return Money(-self.cents)

    def __mul__(self, factor: Decimal | int) -> Money:
        if not isinstance(factor, Decimal | int):
            raise TypeError("Money is multiplied by a Decimal or an int only")
        return Money.of(self.amount * factor)

    __rmul__ = __mul__

    def __str__(self) -> str:
        """Display form: ``$1,234.50``, ``-$12.00``."""
        sign = "-" if self.cents < 0 else ""
        return f"{sign}${abs(self.amount):,.2f}"
