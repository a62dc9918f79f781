"""Bills and liens: amounts that follow from what was typed, totals, rules, the reduction suggestion."""

from __future__ import annotations

from datetime import date
from fractions import Fraction
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from casedesk.domain.bills import (
    Bill,
    BillTotals,
    Lien,
    LienKind,
    LienStatus,
    bill_totals,
    final_note,
    lien_totals,
    suggest_reduction,
    totals_by_provider,
    validate_bill,
    validate_lien,
)
from casedesk.domain.money import Money


def bill(**changes: Any) -> Bill:
    """An ER visit: $4,850.00 billed, $1,350.00 written off, $2,800.00 paid by health insurance."""
    fields: dict[str, Any] = {
        "case_id": 1,
        "provider_id": 7,
        "service_from": date(2026, 6, 14),
        "billed": Money.parse("4,850.00"),
        "adjustment": Money.parse("1,350.00"),
        "health_paid": Money.parse("2,800.00"),
        "pip_paid": Money.parse("500.00"),
        "client_paid": Money.parse("50.00"),
    }
    return Bill(**(fields | changes))


def lien(**changes: Any) -> Lien:
    fields: dict[str, Any] = {
        "case_id": 1,
        "holder": "Medicare (BCRC)",
        "kind": LienKind.MEDICARE,
        "asserted": Money.parse("6,420.18"),
        "reduction": Money.parse("2,140.06"),
    }
    return Lien(**(fields | changes))


cents = st.integers(min_value=0, max_value=10**11).map(Money)


# --- bills -------------------------------------------------------------------------------------------


def test_a_bill_works_out_adjusted_owed_and_paid_plus_owed_to_the_cent() -> None:
    """4,850 − 1,350 = 3,500 adjusted; 2,800 + 500 + 50 = 3,350 paid; 150 owed; 3,500 paid + owed."""
    b = bill()
    assert b.adjusted == Money.parse("3,500.00")
    assert b.total_paid == Money.parse("3,350.00")
    assert b.computed_owed == b.balance == Money.parse("150.00")
    assert b.owed_difference is None
    assert b.paid_plus_owed == Money.parse("3,500.00")


def test_an_owed_amount_from_the_statement_is_kept_and_its_difference_shown() -> None:
    """The provider says $210.40 is owed: that is the balance; it is $60.40 more than the arithmetic."""
    b = bill(owed=Money.parse("210.40"))
    assert b.balance == Money.parse("210.40")
    assert b.owed_difference == Money.parse("60.40")
    assert b.paid_plus_owed == Money.parse("3,560.40")


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"billed": Money.parse("-1")}, "billed", "The amount billed cannot be negative."),
        ({"pip_paid": Money.parse("-0.01")}, "pip_paid", "PIP/MedPay paid cannot be negative."),
        ({"owed": Money.parse("-5")}, "owed", "The amount owed cannot be negative."),
        (
            {"adjustment": Money.parse("4,850.01")},
            "adjustment",
            "The adjustment ($4,850.01) is more than the amount billed ($4,850.00).",
        ),
        (
            {"client_paid": Money.parse("200.01")},
            "payments",
            "The payments ($3,500.01) are more than the adjusted amount ($3,500.00); "
            "check the amounts, or the adjustment.",
        ),
        (
            {"service_to": date(2026, 6, 13)},
            "service_to",
            "The last date of service cannot be before the first.",
        ),
        (
            {"service_from": date(1899, 12, 31)},
            "service_from",
            "The date of service cannot be before 01/01/1900.",
        ),
        ({"page": 3}, "page", "Pick the document the page is in, or leave the page empty."),
        ({"page": 0, "document_id": 4}, "page", "Pages are numbered from 1."),
    ],
)
def test_bill_rules(changes: dict[str, Any], field: str, message: str) -> None:
    """Each broken rule is named under its field with a message that says what is wrong."""
    assert validate_bill(bill()) == {}
    assert validate_bill(bill(**changes)) == {field: message}


def test_payments_may_equal_the_adjusted_amount_and_a_span_may_be_one_day() -> None:
    """Paid in full and a one-day span are fine."""
    assert validate_bill(bill(client_paid=Money.parse("200.00"), service_to=date(2026, 6, 14))) == {}


def test_totals_add_every_column_and_group_by_provider() -> None:
    """Case totals add each figure; each provider's totals add its own bills."""
    er = bill()
    pt = bill(
        provider_id=9,
        billed=Money.parse("1,200.00"),
        adjustment=Money.zero(),
        health_paid=Money.zero(),
        pip_paid=Money.parse("1,000.00"),
        client_paid=Money.zero(),
        owed=Money.parse("150.00"),
    )
    er2 = bill(
        service_from=date(2026, 6, 20),
        billed=Money.parse("99.99"),
        adjustment=Money.zero(),
        health_paid=Money.zero(),
        pip_paid=Money.zero(),
        client_paid=Money.zero(),
    )
    totals = bill_totals([er, pt, er2])
    assert totals == BillTotals(
        count=3,
        billed=Money.parse("6,149.99"),
        adjustments=Money.parse("1,350.00"),
        health_paid=Money.parse("2,800.00"),
        pip_paid=Money.parse("1,500.00"),
        client_paid=Money.parse("50.00"),
        owed=Money.parse("399.99"),  # 150 computed + 150 typed + 99.99 computed
    )
    assert totals.adjusted == Money.parse("4,799.99")
    assert totals.total_paid == Money.parse("4,350.00")
    assert totals.paid_plus_owed == Money.parse("4,749.99")
    by_provider = totals_by_provider([er, pt, er2])
    assert list(by_provider) == [7, 9]
    assert by_provider[7].billed == Money.parse("4,949.99") and by_provider[7].count == 2
    assert by_provider[9] == BillTotals.of(pt)
    assert bill_totals([]) == BillTotals()


@st.composite
def valid_bills(draw: st.DrawFn) -> Bill:
    """Any bill that obeys the rules: adjustment within the billed, payments within the adjusted."""
    billed = draw(st.integers(min_value=0, max_value=10**10))
    adjustment = draw(st.integers(min_value=0, max_value=billed))
    left = billed - adjustment
    health = draw(st.integers(min_value=0, max_value=left))
    pip = draw(st.integers(min_value=0, max_value=left - health))
    client = draw(st.integers(min_value=0, max_value=left - health - pip))
    owed = draw(st.none() | cents)
    return Bill(
        case_id=1,
        provider_id=draw(st.integers(min_value=1, max_value=4)),
        service_from=date(2026, 1, 1),
        billed=Money(billed),
        adjustment=Money(adjustment),
        health_paid=Money(health),
        pip_paid=Money(pip),
        client_paid=Money(client),
        owed=owed,
    )


@given(valid_bills())
def test_property_a_valid_bill_balances(b: Bill) -> None:
    """Adjusted + adjustment = billed; owed is never negative when computed; paid + owed = adjusted then."""
    assert validate_bill(b) == {}
    assert b.adjusted + b.adjustment == b.billed
    if b.owed is None:
        assert b.balance.cents >= 0
        assert b.paid_plus_owed == b.adjusted
    else:
        assert b.paid_plus_owed - b.adjusted == b.owed_difference


@given(st.lists(valid_bills(), max_size=12))
def test_property_provider_totals_add_up_to_the_case_totals(bills: list[Bill]) -> None:
    """Summing each provider's totals gives the case totals, whichever way the bills are ordered."""
    by_provider = totals_by_provider(bills)
    assert sum(by_provider.values(), BillTotals()) == bill_totals(bills)
    assert bill_totals(reversed(bills)) == bill_totals(bills)
    assert bill_totals(bills).count == len(bills)


# --- liens -------------------------------------------------------------------------------------------


def test_a_liens_final_amount_follows_asserted_less_reduction_until_typed() -> None:
    """6,420.18 − 2,140.06 = 4,280.12 is what the lien takes until a final amount is typed."""
    open_lien = lien()
    assert open_lien.computed_final == open_lien.payable == Money.parse("4,280.12")
    assert final_note(open_lien) == ""
    agreed = lien(final=Money.parse("4,000.00"), status=LienStatus.FINAL)
    assert agreed.payable == Money.parse("4,000.00") and agreed.is_final
    assert final_note(agreed) == (
        "The final amount is $280.12 less than asserted less reduction ($6,420.18 − $2,140.06 = $4,280.12)."
    )
    assert final_note(lien(final=Money.parse("4,280.12"))) == ""


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"holder": "  "}, "holder", "Name who holds the lien."),
        ({"holder": "x" * 201}, "holder", "At most 200 characters (201 typed)."),
        ({"asserted": Money.parse("-1")}, "asserted", "The amount asserted cannot be negative."),
        ({"final": Money.parse("-1")}, "final", "The final amount cannot be negative."),
        (
            {"reduction": Money.parse("6,420.19")},
            "reduction",
            "The reduction ($6,420.19) is more than the amount asserted ($6,420.18).",
        ),
        (
            {"status": LienStatus.FINAL},
            "final",
            "A lien marked final needs its final amount (asserted less reduction is $4,280.12).",
        ),
        (
            {"status": LienStatus.PAID},
            "final",
            "A lien marked paid needs its final amount (asserted less reduction is $4,280.12).",
        ),
        ({"asserted_on": date(1850, 1, 1)}, "asserted_on", "The date cannot be before 01/01/1900."),
    ],
)
def test_lien_rules(changes: dict[str, Any], field: str, message: str) -> None:
    """Each broken rule is named under its field."""
    assert validate_lien(lien()) == {}
    assert validate_lien(lien(**changes)) == {field: message}


def test_lien_totals_count_the_liens_not_final_yet() -> None:
    """Asserted, reductions, final amounts and what all liens take; two of three are not final."""
    liens = [
        lien(),
        lien(
            holder="St. David's",
            kind=LienKind.HOSPITAL,
            asserted=Money.of(12_000),
            reduction=Money.zero(),
            status=LienStatus.NEGOTIATING,
        ),
        lien(
            holder="BCBS TX",
            kind=LienKind.HEALTH_PLAN,
            asserted=Money.of(3_000),
            reduction=Money.of(1_000),
            final=Money.of(1_900),
            status=LienStatus.PAID,
        ),
    ]
    totals = lien_totals(liens)
    assert totals.count == 3
    assert totals.asserted == Money.parse("21,420.18")
    assert totals.reductions == Money.parse("3,140.06")
    assert totals.final == Money.of(1_900)
    assert totals.payable == Money.parse("18,180.12")  # 4,280.12 + 12,000 + 1,900
    assert totals.not_final == 2


# --- the pro-rata reduction --------------------------------------------------------------------------


def test_the_pro_rata_reduction_is_the_liens_share_of_a_third_of_the_settlement() -> None:
    """($6,420.18 ÷ $24,000.00) × $60,000.00 ÷ 3 = $5,350.15, rounded half-up once."""
    suggestion = suggest_reduction(Money.parse("6,420.18"), Money.of(24_000), Money.of(60_000))
    assert suggestion is not None
    assert suggestion.reduction == Money.parse("5,350.15")
    assert not suggestion.capped
    assert suggestion.explanation() == (
        "($6,420.18 lien ÷ $24,000.00 all bills) × $60,000.00 settlement ÷ 3 = $5,350.15"
    )


def test_the_suggestion_never_exceeds_the_lien_and_needs_bills_and_a_settlement() -> None:
    """A settlement far above the bills suggests the whole lien at most; no bills or settlement, nothing."""
    capped = suggest_reduction(Money.of(1_000), Money.of(2_000), Money.of(90_000))
    assert capped is not None and capped.capped and capped.reduction == Money.of(1_000)
    assert "more than the lien, so at most $1,000.00" in capped.explanation()
    assert suggest_reduction(Money.of(1_000), Money.zero(), Money.of(9_000)) is None
    assert suggest_reduction(Money.of(1_000), Money.of(5_000), Money.zero()) is None


def test_half_a_cent_rounds_up() -> None:
    """($0.01 ÷ $0.02) × $0.03 ÷ 3 is half a cent: it rounds up to $0.01."""
    suggestion = suggest_reduction(Money(1), Money(2), Money(3))
    assert suggestion is not None and suggestion.reduction == Money(1)


@given(st.lists(st.integers(min_value=0, max_value=10**9), min_size=1, max_size=8), cents)
def test_property_the_suggestions_share_a_third_of_the_settlement(
    amounts: list[int], settlement: Money
) -> None:
    """Liens that make up all the bills are suggested, together, a third of the settlement (to rounding)."""
    total = sum(amounts)
    suggestions = [suggest_reduction(Money(a), Money(total), settlement) for a in amounts]
    if total == 0 or settlement.cents == 0:
        assert all(s is None for s in suggestions)
        return
    reductions = [s.reduction.cents for s in suggestions if s is not None]
    assert all(0 <= r <= a for r, a in zip(reductions, amounts, strict=True))
    exact = Fraction(settlement.cents, 3)
    if exact <= total:  # no lien was capped
        assert abs(sum(reductions) - exact) <= Fraction(len(amounts), 2)
