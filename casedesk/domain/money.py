"""Exact money amounts: Decimal in Python, integer cents in storage, formatted in one place."""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from casedesk.domain.errors import ValidationError

_CENT = Decimal("0.01")
#: Optional parentheses (a negative), one optional minus before or after "$", digits grouped by commas
#: in thousands (or not at all), optional decimals. Blanks are allowed only around the sign and "$".
_AMOUNT_TEXT = re.compile(
    r"(?P<paren>\()?\s*(?P<minus>-)?\s*\$?\s*(?P<minus_after>-)?\s*"
    r"(?P<number>(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d*)?|\.\d+)\s*(?(paren)\))"
)
#: The largest amount a case file can store: integer cents must fit a signed 64-bit column.
_MAX_CENTS = 2**63 - 1


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
            ValidationError: The text is not an amount, has more than two decimals, or is too large
                to store.
        """
        not_an_amount = ValidationError({"amount": f"“{text}” is not an amount of money."})
        match = _AMOUNT_TEXT.fullmatch(text.strip())
        if match is None:
            raise not_an_amount
        signs = [match["paren"], match["minus"], match["minus_after"]]
        if sum(sign is not None for sign in signs) > 1:
            raise not_an_amount  # "--12", "(-12)": ambiguous, not something to guess about
        value = Decimal(match["number"].replace(",", ""))
        try:
            exact = value == value.quantize(_CENT)
        except InvalidOperation:  # more digits than Decimal's precision holds
            raise ValidationError({"amount": "That amount is too large."}) from None
        if not exact:
            raise ValidationError({"amount": "Amounts have at most two decimals (cents)."})
        money = cls.of(-value if any(signs) else value)
        if abs(money.cents) > _MAX_CENTS:
            raise ValidationError({"amount": "That amount is too large."})
        return money

    @property
    def amount(self) -> Decimal:
        """The amount as a Decimal with two places."""
        return (Decimal(self.cents) / 100).quantize(_CENT)

    def __add__(self, other: Money) -> Money:
        if not isinstance(other, Money):
            return NotImplemented
        return Money(self.cents + other.cents)

    def __sub__(self, other: Money) -> Money:
        if not isinstance(other, Money):
            return NotImplemented
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
