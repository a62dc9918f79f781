"""Settlement split: the worked example to the cent, exact thirds, one rounding, validation."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from casedesk.domain.errors import ValidationError
from casedesk.domain.money import Money
from casedesk.domain.settlement import FeeBasis, SettlementSplit, fee_rate_from_percent, settlement_split

ONE_THIRD = Fraction(1, 3)


@pytest.mark.parametrize(
    ("basis", "fee", "net"),
    [(FeeBasis.GROSS, "33333.33", "44166.67"), (FeeBasis.AFTER_COSTS, "32500.00", "45000.00")],
)
def test_worked_example(basis: FeeBasis, fee: str, net: str) -> None:
    """Gross 100,000, fee 1/3, costs 2,500, liens 20,000 → the statement's figures to the cent."""
    split = settlement_split(Money.of(100_000), ONE_THIRD, basis, Money.of(2_500), Money.of(20_000))
    assert split == SettlementSplit(
        gross=Money.of(100_000),
        fee=Money.of(fee),
        costs=Money.of(2_500),
        liens=Money.of(20_000),
        net_to_client=Money.of(net),
    )


def test_fee_rounds_half_up_once() -> None:
    """A fee of exactly half a cent rounds up: 50 % of 0.05 is 0.03."""
    split = settlement_split(Money(5), fee_rate_from_percent(Decimal(50)), FeeBasis.GROSS, Money(0), Money(0))
    assert split.fee == Money(3)  # 2.5 cents


@pytest.mark.parametrize(
    ("percent", "rate"),
    [(Decimal(40), Fraction(2, 5)), (Decimal("33.5"), Fraction(67, 200)), (25, Fraction(1, 4))],
)
def test_fee_rate_from_percent_is_exact(percent: Decimal | int, rate: Fraction) -> None:
    """A percentage becomes an exact fraction of 1."""
    assert fee_rate_from_percent(percent) == rate


@pytest.mark.parametrize("percent", [Decimal(-1), Decimal("100.01"), Decimal("NaN")])
def test_fee_percent_outside_0_to_100_is_refused(percent: Decimal) -> None:
    """A fee percentage outside 0–100 is a validation error."""
    with pytest.raises(ValidationError):
        fee_rate_from_percent(percent)


@pytest.mark.parametrize(
    ("gross", "rate", "costs", "liens", "fields"),
    [
        (Money(-1), ONE_THIRD, Money(0), Money(0), {"gross", "costs"}),
        (Money(100), Fraction(3, 2), Money(0), Money(0), {"fee_rate"}),
        (Money(100), ONE_THIRD, Money(200), Money(0), {"costs"}),
        (Money(100), ONE_THIRD, Money(0), Money(-5), {"liens"}),
    ],
)
def test_bad_input_is_refused(
    gross: Money, rate: Fraction, costs: Money, liens: Money, fields: set[str]
) -> None:
    """Negative amounts, a rate above 1 and costs above the gross are refused by field."""
    with pytest.raises(ValidationError) as raised:
        settlement_split(gross, rate, FeeBasis.GROSS, costs, liens)
    assert set(raised.value.errors) == fields


@given(
    st.integers(0, 10**12),
    st.integers(0, 10**12),
    st.integers(0, 10**12),
    st.fractions(min_value=0, max_value=1, max_denominator=1000),
    st.sampled_from(FeeBasis),
)
def test_parts_add_up_to_the_gross(
    gross: int, costs: int, liens: int, rate: Fraction, basis: FeeBasis
) -> None:
    """Fee + costs + liens + net = gross exactly, and the fee is within half a cent of exact."""
    costs = min(costs, gross)
    split = settlement_split(Money(gross), rate, basis, Money(costs), Money(liens))
    assert split.fee + split.costs + split.liens + split.net_to_client == Money(gross)
    base = gross if basis is FeeBasis.GROSS else gross - costs
    assert abs(split.fee.cents - base * rate) <= Fraction(1, 2)


def test_holdbacks_default_to_none_and_come_out_of_the_net() -> None:
    """Without holdbacks the split is as before; with them the net is that much less, still summing up."""
    args = (Money.of(100_000), ONE_THIRD, FeeBasis.GROSS, Money.of(2_500), Money.of(20_000))
    plain = settlement_split(*args)
    held = settlement_split(*args, Money.of(5_000))
    assert plain.holdbacks == Money.zero()
    assert held.net_to_client == plain.net_to_client - Money.of(5_000)
    assert held.lines_total == plain.lines_total == Money.of(100_000)


def test_negative_holdbacks_are_refused() -> None:
    """A holdback cannot be negative."""
    with pytest.raises(ValidationError) as raised:
        settlement_split(Money(100), ONE_THIRD, FeeBasis.GROSS, Money(0), Money(0), Money(-1))
    assert set(raised.value.errors) == {"holdbacks"}
