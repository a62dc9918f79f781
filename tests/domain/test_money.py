"""Money: parsing what users type, display, exact arithmetic, no floats anywhere."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from casedesk.domain.errors import ValidationError
from casedesk.domain.money import Money

#: Amounts comfortably inside what a case file stores (signed 64-bit cents).
cents_values = st.integers(min_value=-(10**15), max_value=10**15)


@pytest.mark.parametrize(
    ("text", "cents"),
    [
        ("1,234.50", 123450),
        ("$1234.5", 123450),
        ("-12", -1200),
        ("(12.00)", -1200),
        ("0.1", 10),
        ("$1,234,567.89", 123456789),
        ("-$1,234.50", -123450),
        ("$-12", -1200),
        ("($12.00)", -1200),
        ("  42  ", 4200),
        ("$ 12", 1200),
        (".5", 50),
        ("7.", 700),
        ("0", 0),
        ("-0", 0),
        ("1.50", 150),
        ("1.500", 150),
        ("100000", 10000000),
    ],
)
def test_parse_accepts_what_users_type(text: str, cents: int) -> None:
    """Amounts with or without $, thousands commas, minus or parentheses parse to the exact cents."""
    assert Money.parse(text) == Money(cents)


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   ",
        "abc",
        "12abc",
        "$",
        "-",
        "()",
        "1e5",
        "NaN",
        "Infinity",
        "1.2.3",
        "12-",
        "$$12",
        "--12",
        "-$-12",
        "(-12)",
        "(12",
        "12)",
        "1 2",
        "1,2,3",
        "1,23",
        "1,,234",
        ",5",
        "12,34.50",
        "1234,567",
        "0x10",
        "€12",
    ],
)
def test_parse_rejects_junk(text: str) -> None:
    """Text that is not unambiguously an amount is refused with a ValidationError on ``amount``."""
    with pytest.raises(ValidationError) as info:
        Money.parse(text)
    assert set(info.value.errors) == {"amount"}
    assert "not an amount" in info.value.errors["amount"]


@pytest.mark.parametrize("text", ["1.005", "0.001", "12.345", "$1,234.567", "(0.125)"])
def test_parse_rejects_more_than_two_decimals(text: str) -> None:
    """Fractions of a cent are refused, never rounded silently."""
    with pytest.raises(ValidationError) as info:
        Money.parse(text)
    assert "two decimals" in info.value.errors["amount"]


@pytest.mark.parametrize("text", ["9" * 20, "9" * 30, "-" + "9" * 40])
def test_parse_rejects_amounts_too_large_to_store(text: str) -> None:
    """Amounts beyond what the database holds give a ValidationError, not a crash."""
    with pytest.raises(ValidationError) as info:
        Money.parse(text)
    assert "too large" in info.value.errors["amount"]


@pytest.mark.parametrize(
    ("cents", "shown"),
    [
        (123450, "$1,234.50"),
        (-1200, "-$12.00"),
        (0, "$0.00"),
        (5, "$0.05"),
        (-5, "-$0.05"),
        (100, "$1.00"),
        (100000000, "$1,000,000.00"),
        (-123456789, "-$1,234,567.89"),
    ],
)
def test_str_formats_dollars(cents: int, shown: str) -> None:
    """Display form: dollar sign, thousands commas, two decimals, minus before the dollar sign."""
    assert str(Money(cents)) == shown


def test_amount_is_an_exact_decimal_with_two_places() -> None:
    """``amount`` is a Decimal with exactly two places, never a float."""
    amount = Money(123450).amount
    assert isinstance(amount, Decimal)
    assert amount == Decimal("1234.50")
    assert amount.as_tuple().exponent == -2


def test_arithmetic_is_exact() -> None:
    """0.10 + 0.20 is exactly 0.30 (it is not in binary floating point)."""
    total = Money.parse("0.10") + Money.parse("0.20")
    assert total == Money.parse("0.30")
    assert Money.parse("0.30") - Money.parse("0.10") == Money.parse("0.20")
    assert -Money(150) == Money(-150)
    assert sum([Money(10)] * 10, Money.zero()) == Money(100)


def test_money_orders_by_amount() -> None:
    """Comparisons follow the amount."""
    assert Money(-1) < Money.zero() < Money(1)
    assert max(Money(250), Money(1000), Money(999)) == Money(1000)


@pytest.mark.parametrize("other", [1, Decimal(1), "1"])
def test_adding_something_else_than_money_is_a_type_error(other: object) -> None:
    """Money only adds to and subtracts from Money."""
    with pytest.raises(TypeError):
        Money(100) + other  # type: ignore[operator]
    with pytest.raises(TypeError):
        Money(100) - other  # type: ignore[operator]


def test_float_is_refused_everywhere() -> None:
    """Money never comes from or meets a float."""
    with pytest.raises(TypeError):
        Money.of(0.1)  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        Money(100) * 1.5  # type: ignore[operator]
    with pytest.raises(TypeError):
        1.5 * Money(100)  # type: ignore[operator]
    with pytest.raises(TypeError):
        Money(100) + 0.1  # type: ignore[operator]


@pytest.mark.parametrize(
    ("amount", "cents"),
    [
        (Decimal("12.34"), 1234),
        (12, 1200),
        ("0.10", 10),
        (Decimal("0.005"), 1),
        (Decimal("-0.005"), -1),
        (Decimal("0.004"), 0),
        (Decimal("2.675"), 268),
    ],
)
def test_of_rounds_half_up_to_the_cent(amount: Decimal | int | str, cents: int) -> None:
    """``Money.of`` takes Decimal, whole dollars or a decimal string, rounding half away from zero."""
    assert Money.of(amount) == Money(cents)


@pytest.mark.parametrize(
    ("cents", "factor", "expected"),
    [
        (1000, Decimal("0.333"), 333),
        (1, Decimal("0.5"), 1),
        (3, Decimal("0.5"), 2),
        (5, Decimal("0.5"), 3),
        (-1, Decimal("0.5"), -1),
        (100, Decimal("1.125"), 113),
        (100, Decimal("1.115"), 112),
        (1234, 3, 3702),
        (1234, 0, 0),
        (123456, Decimal("0.33333"), 41152),
    ],
)
def test_multiplying_by_decimal_rounds_half_up(cents: int, factor: Decimal | int, expected: int) -> None:
    """A product lands on a whole cent, halves rounding up (away from zero), not to even."""
    assert Money(cents) * factor == Money(expected)
    assert factor * Money(cents) == Money(expected)


@given(cents_values)
def test_display_form_parses_back(cents: int) -> None:
    """Whatever casedesk shows, a user can paste back in and get the same cents."""
    money = Money(cents)
    assert Money.parse(str(money)) == money


@given(cents_values)
def test_plain_and_accounting_forms_parse_back(cents: int) -> None:
    """The plain decimal form and the accounting form with parentheses both give the same cents."""
    money = Money(cents)
    assert Money.parse(str(money.amount)) == money
    assert Money.of(money.amount) == money
    if cents < 0:
        assert Money.parse(f"({-money.amount})") == money


@given(cents_values, cents_values)
def test_adding_then_subtracting_gives_back_the_start(a: int, b: int) -> None:
    """Adding then subtracting b gives back a, and addition commutes, for any amounts."""
    first, second = Money(a), Money(b)
    assert first + second - second == first
    assert first + second == second + first


@given(cents_values, st.decimals(min_value=-1000, max_value=1000, places=6))
def test_product_is_the_exact_product_rounded_half_up(cents: int, factor: Decimal) -> None:
    """The product is within half a cent of the exact product, and exact halves go away from zero."""
    exact = Decimal(cents) * factor  # in cents
    result = (Money(cents) * factor).cents
    difference = Decimal(result) - exact
    assert abs(difference) <= Decimal("0.5")
    if abs(difference) == Decimal("0.5"):
        assert abs(result) > abs(exact)
