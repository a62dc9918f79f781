"""The settlement statement: its lines, the fee's one rounding, costs and liens, the snapshot, the checks."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from casedesk.domain.bills import Bill, Lien, LienKind, LienStatus
from casedesk.domain.errors import ValidationError
from casedesk.domain.expenses import Expense, PaidBy
from casedesk.domain.invoices import InvoiceStatus
from casedesk.domain.money import Money
from casedesk.domain.settlement import (
    FeeBasis,
    FeeStage,
    Holdback,
    Recovery,
    RecoverySource,
    StatementTerms,
    settlement_split,
)
from casedesk.domain.statement import (
    SNAPSHOT_SCHEMA,
    Statement,
    StatementHeader,
    build_statement,
    default_terms,
    exact_money_text,
    rate_words,
    statement_costs,
    statement_from_json,
    statement_to_json,
    validate_holdback,
    validate_recovery,
    validate_terms,
)

HEADER = StatementHeader("PI-2026-0001", "Alvarez v. Driver", "Maria Alvarez", date(2026, 6, 14), "J. Reyes")


def terms(basis: FeeBasis = FeeBasis.GROSS, stage: FeeStage = FeeStage.PRE_SUIT) -> StatementTerms:
    return StatementTerms(
        case_id=1,
        fee_rates={
            FeeStage.PRE_SUIT: Fraction(1, 3),
            FeeStage.SUIT: Fraction(2, 5),
            FeeStage.TRIAL: Fraction(2, 5),
        },
        fee_stage=stage,
        fee_basis=basis,
        attorney="J. Reyes",
        method="Contingency agreement of 06/20/2026.",
    )


def recovery(amount: str, source: RecoverySource = RecoverySource.LIABILITY, **kw: object) -> Recovery:
    fields: dict[str, object] = {
        "payer": "Lone Star Mutual",
        "claim_number": "LSM-77",
        "received_on": date(2026, 11, 2),
    }
    return Recovery(case_id=1, source=source, amount=Money.parse(amount), **(fields | kw))  # type: ignore[arg-type]


def expense(amount: str, **kw: object) -> Expense:
    fields: dict[str, object] = {"payee": "Travis County Clerk", "description": "Petition"}
    return Expense(
        case_id=1,
        spent_on=date(2026, 8, 1),
        category="Filing fee",
        amount=Money.parse(amount),
        **(fields | kw),
    )  # type: ignore[arg-type]


def lien(asserted: str, final: str | None, status: LienStatus = LienStatus.FINAL, **kw: object) -> Lien:
    return Lien(
        case_id=1,
        holder=str(kw.pop("holder", "Blue Cross")),
        kind=LienKind.HEALTH_PLAN,
        asserted=Money.parse(asserted),
        final=None if final is None else Money.parse(final),
        status=status,
        **kw,  # type: ignore[arg-type]
    )


def worked_example(basis: FeeBasis) -> Statement:
    return build_statement(
        HEADER,
        terms(basis),
        [recovery("100,000")],
        [expense("2,500")],
        [lien("20,000", "20,000")],
        [],
        [],
    )


@pytest.mark.parametrize(
    ("basis", "fee", "net", "explanation"),
    [
        (
            FeeBasis.GROSS,
            "33333.33",
            "44166.67",
            "1/3 of $100,000.00 (the gross) = $33,333.33⅓, rounded to $33,333.33",
        ),
        (
            FeeBasis.AFTER_COSTS,
            "32500.00",
            "45000.00",
            "1/3 of $97,500.00 (the gross less costs) = $32,500.00 exactly",
        ),
    ],
)
def test_worked_example(basis: FeeBasis, fee: str, net: str, explanation: str) -> None:
    """Gross 100,000, fee 1/3, costs 2,500, liens 20,000 → net 44,166.67 (gross), 45,000.00 (after costs)."""
    statement = worked_example(basis)
    assert statement.gross == Money.of(100_000)
    assert statement.fee.amount == Money.parse(fee)
    assert statement.total_costs == Money.of(2_500)
    assert statement.total_liens == Money.of(20_000)
    assert statement.net_to_client == Money.parse(net)
    assert statement.fee.explanation() == explanation
    assert statement.balanced
    assert statement.refusal() is None


def test_the_fee_shows_its_rounding_remainder() -> None:
    """One third of $100,000.00 is rounded down by a third of a cent, and the statement says so."""
    fee = worked_example(FeeBasis.GROSS).fee
    assert fee.exact == Fraction(10_000_000, 3)
    assert fee.remainder == Fraction(-1, 3)
    assert fee.rounding_note() == "⅓ of a cent less than the exact fee"
    assert worked_example(FeeBasis.AFTER_COSTS).fee.rounding_note() == ""


def test_holdbacks_come_out_of_the_net() -> None:
    """Holdbacks kept in trust are one more deduction; the split with holdbacks agrees with the statement."""
    statement = build_statement(
        HEADER,
        terms(),
        [recovery("60,000"), recovery("40,000", RecoverySource.UM_UIM, payer="Acme UIM")],
        [expense("2,500")],
        [lien("20,000", "20,000")],
        [],
        [Holdback(1, "Memorial Hospital", Money.of(5_000), "Disputed hospital lien")],
    )
    split = settlement_split(
        Money.of(100_000), Fraction(1, 3), FeeBasis.GROSS, Money.of(2_500), Money.of(20_000), Money.of(5_000)
    )
    assert statement.net_to_client == split.net_to_client == Money.parse("39166.67")
    assert split.lines_total == Money.of(100_000)


def test_released_holdbacks_are_not_on_the_statement() -> None:
    """A holdback released from trust is no longer a deduction."""
    released = Holdback(1, "Memorial Hospital", Money.of(5_000), "Paid", released_on=date(2026, 11, 10))
    statement = build_statement(HEADER, terms(), [recovery("10,000")], [], [], [], [released])
    assert statement.holdbacks == ()


def test_the_stage_decides_the_rate() -> None:
    """A case that went to suit takes the suit rate (40 %)."""
    statement = build_statement(HEADER, terms(stage=FeeStage.SUIT), [recovery("10,000")], [], [], [], [])
    assert statement.fee.amount == Money.of(4_000)
    assert statement.fee.explanation() == "40 % of $10,000.00 (the gross) = $4,000.00 exactly"


def test_costs_follow_the_rule() -> None:
    """Costs are firm-paid, reimbursable expenses not on a paid invoice; client-paid ones never count."""
    expenses = [
        expense("100", id=1),
        expense("200", id=2, paid_by=PaidBy.CLIENT),
        expense("300", id=3, reimbursable=False),
        expense("400", id=4, invoice_id=7),  # on a paid invoice: already repaid
        expense("500", id=5, invoice_id=8),  # on a partly paid invoice: still a cost
        expense("600", id=6, invoice_id=9),  # on a void invoice: a cost
    ]
    statuses = {7: InvoiceStatus.PAID, 8: InvoiceStatus.PARTLY_PAID, 9: InvoiceStatus.VOID}
    assert [e.id for e in statement_costs(expenses, statuses)] == [1, 5, 6]


def test_liens_show_billed_and_paid_by_others_of_their_provider() -> None:
    """A lien linked to a provider shows that provider's billed total and what insurers paid."""
    bills = [
        Bill(
            1,
            provider_id=5,
            service_from=date(2026, 6, 14),
            billed=Money.of(8_000),
            health_paid=Money.of(3_000),
        ),
        Bill(1, provider_id=5, service_from=date(2026, 7, 1), billed=Money.of(2_000), pip_paid=Money.of(500)),
        Bill(1, provider_id=6, service_from=date(2026, 7, 1), billed=Money.of(900)),
    ]
    liens = [
        lien("6,500", "5,000", holder="Memorial Hospital", provider_id=5, reduction=Money.of(1_500)),
        lien("1,000", None, LienStatus.NEGOTIATING, holder="Medicare", reduction=Money.of(100)),
    ]
    statement = build_statement(HEADER, terms(), [recovery("50,000")], [], liens, bills, [])
    hospital, medicare = statement.liens
    assert (hospital.billed, hospital.paid_by_others) == (Money.of(10_000), Money.of(3_500))
    assert (hospital.asserted, hospital.reduction, hospital.amount) == (
        Money.of(6_500),
        Money.of(1_500),
        Money.of(5_000),
    )
    assert (medicare.billed, medicare.paid_by_others, medicare.amount) == (None, None, Money.of(900))
    assert statement.total_liens == Money.of(5_900)


def test_finalizing_is_refused_while_a_lien_is_not_final_naming_it() -> None:
    """The refusal names each lien not final yet."""
    liens = [lien("1,000", None, LienStatus.ASSERTED, holder="Medicare"), lien("500", "400")]
    statement = build_statement(HEADER, terms(), [recovery("10,000")], [], liens, [], [])
    refusal = statement.refusal()
    assert refusal is not None
    assert "Medicare (asserted, $1,000.00)" in refusal
    assert "Blue Cross" not in refusal
    assert any("Medicare" in warning for warning in statement.warnings())


def test_finalizing_is_refused_with_a_negative_net() -> None:
    """Liens above what is left would leave the client owing: refused, with the figures."""
    statement = build_statement(HEADER, terms(), [recovery("10,000")], [], [lien("9,000", "9,000")], [], [])
    assert statement.net_to_client == Money.parse("-2333.33")
    refusal = statement.refusal()
    assert refusal is not None and "negative net" in refusal


def test_finalizing_is_refused_without_recoveries() -> None:
    """An empty statement cannot be finalized."""
    statement = build_statement(HEADER, terms(), [], [], [], [], [])
    assert statement.refusal() is not None
    assert statement.warnings()[0].startswith("No recoveries")


def test_after_costs_with_costs_above_the_gross_takes_no_fee() -> None:
    """The base of a fee after costs never goes below zero."""
    statement = build_statement(
        HEADER, terms(FeeBasis.AFTER_COSTS), [recovery("1,000")], [expense("1,500")], [], [], []
    )
    assert statement.fee.amount == Money.zero()
    assert statement.net_to_client == Money.of(-500)


def test_the_snapshot_reads_back_as_the_same_statement() -> None:
    """A final statement's JSON gives back every line and total, with its schema version."""
    statement = build_statement(
        HEADER,
        terms(),
        [recovery("100,000"), recovery("5,000", RecoverySource.MEDPAY_PIP, received_on=None)],
        [expense("2,500")],
        [lien("20,000", "18,000", provider_id=None, reduction=Money.of(2_000))],
        [Bill(1, provider_id=5, service_from=date(2026, 6, 14), billed=Money.of(8_000))],
        [Holdback(1, "Memorial Hospital", Money.of(1_000), "Disputed")],
    )
    text = statement_to_json(statement)
    assert f'"schema": {SNAPSHOT_SCHEMA}' in text
    assert statement_from_json(text) == statement


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("not json", "damaged"),
        ('{"schema": 99}', "newer casedesk"),
        ('{"schema": 1, "header": {}}', "damaged"),
    ],
)
def test_a_bad_snapshot_is_refused(text: str, message: str) -> None:
    """A damaged or newer snapshot is refused with a message, never misread."""
    with pytest.raises(ValidationError) as refused:
        statement_from_json(text)
    assert message in refused.value.errors["snapshot"]


def test_a_snapshot_whose_totals_disagree_is_refused() -> None:
    """A snapshot edited by hand so that its net no longer follows from its lines is refused."""
    text = statement_to_json(worked_example(FeeBasis.GROSS)).replace('"44166.67"', '"44166.68"')
    with pytest.raises(ValidationError):
        statement_from_json(text)


@pytest.mark.parametrize(
    ("rate", "words"),
    [
        (Fraction(1, 3), "1/3"),
        (Fraction(2, 5), "40 %"),
        (Fraction(67, 200), "33.5 %"),
        (Fraction(1, 4), "25 %"),
    ],
)
def test_rate_words(rate: Fraction, words: str) -> None:
    """Thirds as a fraction, whole and decimal percentages as percentages."""
    assert rate_words(rate) == words


@pytest.mark.parametrize(
    ("cents", "text"),
    [
        (Fraction(10_000_000, 3), "$33,333.33⅓"),
        (Fraction(5, 2), "$0.02½"),
        (Fraction(3_250_000), "$32,500.00"),
        (Fraction(100, 7), "$0.14 and 2/7¢"),
    ],
)
def test_exact_money_text(cents: Fraction, text: str) -> None:
    """Exact amounts show their fraction of a cent."""
    assert exact_money_text(cents) == text


def test_default_terms_are_the_usual_agreement() -> None:
    """33 1/3 % pre-suit, 40 % suit and trial, exactly."""
    rates = default_terms(1).fee_rates
    assert rates == {
        FeeStage.PRE_SUIT: Fraction(1, 3),
        FeeStage.SUIT: Fraction(2, 5),
        FeeStage.TRIAL: Fraction(2, 5),
    }
    assert validate_terms(default_terms(1)) == {}


def test_validation_of_records() -> None:
    """Recoveries, holdbacks and terms say what is wrong by field."""
    assert set(validate_recovery(recovery("0", payer=" "))) == {"amount", "payer"}
    future = validate_recovery(recovery("10", received_on=date(2026, 12, 1)), today=date(2026, 11, 21))
    assert set(future) == {"received_on"}
    assert set(validate_holdback(Holdback(1, "", Money.zero()))) == {"payee", "amount", "reason"}
    bad = StatementTerms(case_id=1, fee_rates={FeeStage.PRE_SUIT: Fraction(3, 2)}, attorney="x" * 201)
    assert set(validate_terms(bad)) == {"fee_pre_suit", "fee_suit", "fee_trial", "attorney"}


amounts = st.integers(0, 10**11)


@given(
    st.lists(amounts, min_size=1, max_size=4),
    st.lists(st.integers(1, 10**9), max_size=4),
    st.lists(st.integers(0, 10**10), max_size=4),
    st.lists(st.integers(1, 10**9), max_size=3),
    st.fractions(min_value=0, max_value=1, max_denominator=1000),
    st.sampled_from(FeeBasis),
)
def test_lines_always_sum_to_the_gross(
    gross: list[int],
    costs: list[int],
    liens: list[int],
    holdbacks: list[int],
    rate: Fraction,
    basis: FeeBasis,
) -> None:
    """Fee + costs + liens + holdbacks + net = gross exactly; the fee is within half a cent of exact."""
    statement = build_statement(
        HEADER,
        StatementTerms(case_id=1, fee_rates={stage: rate for stage in FeeStage}, fee_basis=basis),
        [replace(recovery("1"), amount=Money(cents)) for cents in gross],
        [replace(expense("1"), amount=Money(cents)) for cents in costs],
        [replace(lien("0", None, LienStatus.ASSERTED), asserted=Money(cents)) for cents in liens],
        [],
        [Holdback(1, "Holder", Money(cents), "Disputed") for cents in holdbacks],
    )
    parts = statement.fee.amount + statement.total_costs + statement.total_liens + statement.total_holdbacks
    assert parts + statement.net_to_client == Money(sum(gross))
    assert statement.balanced
    assert abs(statement.fee.amount.cents - statement.fee.exact) <= Fraction(1, 2)
    assert statement_from_json(statement_to_json(statement)) == statement
