"""The trust account: disbursements only from a final statement, within what is in trust, on the timeline."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import date, timedelta
from fractions import Fraction
from typing import Any

import pytest

from casedesk.domain.bills import Lien, LienKind, LienStatus
from casedesk.domain.cases import Case
from casedesk.domain.contacts import Contact, ContactRole
from casedesk.domain.errors import CasedeskError, NotFoundError, ValidationError
from casedesk.domain.expenses import Expense
from casedesk.domain.invoices import PaymentMethod
from casedesk.domain.money import Money
from casedesk.domain.settlement import (
    Disbursement,
    FeeStage,
    Holdback,
    Recovery,
    RecoverySource,
    StatementStatus,
    StatementTerms,
)
from casedesk.domain.statement import StatementHeader, build_statement
from casedesk.services.casefiles import Services
from casedesk.services.trust import (
    CLIENT_NET,
    FIRM_PAYEE,
    HOLDBACK_RELEASED,
    LIEN,
    RepeatedReferenceError,
    distribution,
    totals_by_payee,
)
from casedesk.store.settlement import HoldbackRow, RecoveryRow, StatementRow
from tests.conftest import TODAY

MakeCase = Callable[..., Case]
RECEIVED = TODAY - timedelta(days=20)


def add_recovery(services: Services, case_id: int, amount: int, received_on: date | None = RECEIVED) -> None:
    """A recovery stored as a row: the trust account reads recoveries, it does not enter them."""
    recovery = Recovery(
        case_id=case_id,
        source=RecoverySource.LIABILITY,
        amount=Money.of(amount),
        payer="Lone Star Mutual",
        received_on=received_on,
    )
    with services._case_file.session() as session:
        session.add(RecoveryRow(**RecoveryRow.values(recovery)))


def set_statement(services: Services, case_id: int, status: StatementStatus) -> None:
    """Give the case a statement in this status (or change the one it has)."""
    with services._case_file.session() as session:
        row = session.query(StatementRow).filter_by(case_id=case_id).one_or_none()
        if row is None:
            terms = StatementTerms(
                case_id=case_id,
                fee_rates={stage: Fraction(1, 3) for stage in FeeStage},
                status=status,
            )
            session.add(StatementRow(**StatementRow.values(terms)))
        else:
            row.status = status.value


@pytest.fixture
def settled(services: Services, make_case: MakeCase) -> int:
    """A case with $90,000 received into trust and a final statement."""
    case_id = make_case().id or 0
    add_recovery(services, case_id, 90_000)
    set_statement(services, case_id, StatementStatus.FINAL)
    return case_id


def paid(case_id: int, **changes: Any) -> Disbursement:
    fields: dict[str, Any] = {
        "case_id": case_id,
        "payee": "Firm operating account",
        "amount": Money.of(30_000),
        "paid_on": TODAY - timedelta(days=2),
        "method": PaymentMethod.CHECK,
        "reference": "1001",
        "purpose": "Attorney fee",
    }
    return Disbursement(**(fields | changes))


def test_a_disbursement_lowers_what_is_in_trust(services: Services, settled: int) -> None:
    """Received, paid out and remaining follow each disbursement; the list keeps them by date paid."""
    services.trust.add(paid(settled))
    client = paid(settled, payee="Maria Alvarez", amount=Money.parse("12,345.67"), reference="1002")
    services.trust.add(client)
    position = services.trust.position(settled)
    assert (position.received, position.paid_out, position.in_trust) == (
        Money.of(90_000),
        Money.parse("42,345.67"),
        Money.parse("47,654.33"),
    )
    account = services.trust.account(settled)
    assert [d.payee for d in account.disbursements] == ["Firm operating account", "Maria Alvarez"]
    assert [(t.payee, t.amount) for t in account.by_payee] == [
        ("Firm operating account", Money.of(30_000)),
        ("Maria Alvarez", Money.parse("12,345.67")),
    ]


def test_only_received_recoveries_are_in_trust(services: Services, make_case: MakeCase) -> None:
    """A recovery without a date received is awaited, not in trust."""
    case_id = make_case().id or 0
    add_recovery(services, case_id, 50_000)
    add_recovery(services, case_id, 10_000, received_on=None)
    account = services.trust.account(case_id)
    assert account.position.received == Money.of(50_000)
    assert account.awaited == Money.of(10_000)


@pytest.mark.parametrize(
    ("status", "message"),
    [
        (None, "no settlement statement yet"),
        (StatementStatus.DRAFT, "only once the settlement statement is final"),
    ],
)
def test_nothing_goes_out_before_the_statement_is_final(
    services: Services, make_case: MakeCase, status: StatementStatus | None, message: str
) -> None:
    """Without a final statement a disbursement is refused, saying to finalize first; nothing is saved."""
    case_id = make_case().id or 0
    add_recovery(services, case_id, 10_000)
    if status is not None:
        set_statement(services, case_id, status)
    with pytest.raises(CasedeskError) as caught:
        services.trust.add(paid(case_id, amount=Money.of(100)))
    assert message in caught.value.message
    assert "Finalize the settlement statement first" in caught.value.hint
    assert services.trust.disbursements(case_id) == []
    assert not services.trust.rules(case_id).is_open


def test_never_more_than_is_in_trust(services: Services, settled: int) -> None:
    """An amount above the balance is refused and the message shows the balance."""
    services.trust.add(paid(settled, amount=Money.of(89_000)))
    with pytest.raises(ValidationError) as caught:
        services.trust.add(paid(settled, amount=Money.parse("1,000.01"), reference="1002"))
    assert caught.value.errors["amount"] == (
        "Only $1,000.00 is in trust for this case; $1,000.01 cannot be paid out."
    )
    services.trust.add(paid(settled, amount=Money.of(1_000), reference="1002"))  # exactly the rest
    assert services.trust.position(settled).in_trust == Money.zero()
    with pytest.raises(ValidationError) as caught:
        services.trust.add(paid(settled, amount=Money.of(1), reference="1003"))
    assert caught.value.errors["amount"] == "Nothing is left in trust for this case."


def test_editing_counts_the_old_amount_as_back_in_trust(services: Services, settled: int) -> None:
    """Raising a disbursement may use what it already took plus what remains, and no more."""
    first = services.trust.add(paid(settled, amount=Money.of(60_000)))
    raised = services.trust.update(replace(first, amount=Money.of(90_000)))
    assert raised.amount == Money.of(90_000)
    with pytest.raises(ValidationError) as caught:
        services.trust.update(replace(first, amount=Money.parse("90,000.01")))
    assert "Only $90,000.00 is in trust" in caught.value.errors["amount"]


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"amount": Money.zero()}, "amount", "The amount paid must be more than zero."),
        ({"amount": Money.of(-5)}, "amount", "The amount paid must be more than zero."),
        ({"payee": "   "}, "payee", "Type who is paid, or pick them from the list."),
        ({"paid_on": TODAY + timedelta(days=1)}, "paid_on", "cannot be dated after today (11/21/2026)"),
        (
            {"paid_on": RECEIVED - timedelta(days=1)},
            "paid_on",
            "The first recovery was received on 11/01/2026; nothing can be paid out of trust before that.",
        ),
        ({"reference": "9" * 61}, "reference", "at most 60 characters"),
    ],
)
def test_bad_input_is_refused_with_a_message(
    services: Services, settled: int, changes: dict[str, Any], field: str, message: str
) -> None:
    """Each rule names its field and says what is wrong; nothing is saved."""
    wrong = paid(settled, **changes)
    assert message in services.trust.errors(wrong)[field]
    with pytest.raises(ValidationError) as caught:
        services.trust.add(wrong)
    assert message in caught.value.errors[field]
    assert services.trust.disbursements(settled) == []


def test_a_repeated_check_number_needs_confirming(services: Services, settled: int) -> None:
    """A number already used on the case is refused unless confirmed; then it is recorded again."""
    services.trust.add(paid(settled, reference="1001"))
    again = paid(settled, payee="Maria Alvarez", amount=Money.of(500), reference=" 1001 ")
    assert [d.payee for d in services.trust.repeated_reference(again)] == ["Firm operating account"]
    with pytest.raises(RepeatedReferenceError) as caught:
        services.trust.add(again)
    assert "1001 was already used on this case: $30,000.00 to Firm operating account" in str(caught.value)
    services.trust.add(again, repeat_reference=True)
    assert len(services.trust.disbursements(settled)) == 2


def test_editing_a_disbursement_does_not_clash_with_its_own_number(services: Services, settled: int) -> None:
    """Saving a disbursement with the number it already had is not a repeat."""
    first = services.trust.add(paid(settled))
    saved = services.trust.update(replace(first, notes="Mailed"))
    assert saved.notes == "Mailed" and saved.reference == "1001"


def test_a_reopened_statement_freezes_disbursements(services: Services, settled: int) -> None:
    """Once the statement is reopened, nothing new goes out and changes are refused."""
    first = services.trust.add(paid(settled))
    set_statement(services, settled, StatementStatus.DRAFT)
    with pytest.raises(CasedeskError, match="only once the settlement statement is final"):
        services.trust.update(replace(first, amount=Money.of(1)))
    assert services.trust.disbursements(settled) == [first]


def test_delete_and_restore(services: Services, settled: int) -> None:
    """A deleted disbursement's money counts as in trust again; restoring puts it back as it was."""
    first = services.trust.add(paid(settled, notes="Hand delivered"))
    gone = services.trust.delete(first.id or 0)
    assert services.trust.position(settled).in_trust == Money.of(90_000)
    back = services.trust.restore(gone)
    assert replace(back, id=None) == replace(first, id=None)
    assert services.trust.position(settled).in_trust == Money.of(60_000)
    with pytest.raises(NotFoundError):
        services.trust.delete(9_999)


def test_every_change_is_on_the_timeline(services: Services, settled: int) -> None:
    """Recording, changing, deleting and restoring each write a timeline entry with the figures."""
    before = len(services.timeline.entries(settled))
    first = services.trust.add(paid(settled, purpose="Attorney fee"))
    changed = services.trust.update(replace(first, amount=Money.of(29_000), method=PaymentMethod.WIRE))
    services.trust.restore(services.trust.delete(changed.id or 0))
    entries = services.timeline.entries(settled)
    subjects = [entry.subject for entry in entries[: len(entries) - before]]
    bodies = {entry.subject: entry.body for entry in entries}
    assert set(subjects) == {
        "Disbursed $30,000.00 from trust to Firm operating account",
        "Disbursement to Firm operating account changed",
        "Disbursement of $29,000.00 to Firm operating account deleted",
        "Disbursement of $29,000.00 to Firm operating account restored",
    }
    assert bodies["Disbursed $30,000.00 from trust to Firm operating account"] == (
        "Attorney fee; check no. 1001, paid 11/19/2026. In trust after it: $60,000.00."
    )
    assert "Was: $30,000.00" in bodies["Disbursement to Firm operating account changed"]
    assert "wire no. 1001" in bodies["Disbursement to Firm operating account changed"]


def test_a_refused_disbursement_writes_no_timeline_entry(services: Services, settled: int) -> None:
    """The entry is in the same transaction: a refusal leaves the timeline as it was."""
    before = services.timeline.entries(settled)
    with pytest.raises(ValidationError):
        services.trust.add(paid(settled, amount=Money.of(100_000)))
    assert services.timeline.entries(settled) == before


def test_payees_offered(services: Services, settled: int) -> None:
    """The client, lien holders, open holdbacks, the firm, the case's contacts, each once, with a purpose."""
    services.bills.add_lien(
        Lien(
            case_id=settled,
            holder="Blue Shield Health Plan",
            kind=LienKind.HEALTH_PLAN,
            asserted=Money.of(8_000),
            status=LienStatus.FINAL,
            final=Money.of(6_000),
        )
    )
    with services._case_file.session() as session:
        for holdback in (
            Holdback(case_id=settled, payee="Austin Imaging Center", amount=Money.of(1_500)),
            Holdback(case_id=settled, payee="Released Ltd", amount=Money.of(10), released_on=TODAY),
        ):
            session.add(HoldbackRow(**HoldbackRow.values(holdback)))
    adjuster = services.contacts.create(Contact(name="Jo Ortiz", role=ContactRole.ADJUSTER))
    services.contacts.link(settled, adjuster.id or 0, ContactRole.ADJUSTER)
    offered = services.trust.payees(settled)
    assert [(p.name, p.source, p.purpose) for p in offered] == [
        ("Maria Alvarez", "Client", CLIENT_NET),
        ("Blue Shield Health Plan", "Lien holder", LIEN),
        ("Austin Imaging Center", "Holdback", HOLDBACK_RELEASED),
        (FIRM_PAYEE, "Firm", "Attorney fee"),
        ("Jo Ortiz", "Adjuster", "Other"),
    ]


def test_totals_by_payee_group_spelling_variants() -> None:
    """Payees that differ only in case and spacing add up together; the biggest comes first."""
    day = TODAY
    totals = totals_by_payee(
        [
            Disbursement(1, "Maria Alvarez", Money.of(100), day, purpose="Client net"),
            Disbursement(1, "Firm", Money.of(500), day, purpose="Attorney fee"),
            Disbursement(1, "maria  alvarez", Money.of(50), day, purpose="Holdback released"),
        ]
    )
    assert [(t.payee, t.amount, t.count, t.purposes) for t in totals] == [
        ("Firm", Money.of(500), 1, ("Attorney fee",)),
        ("Maria Alvarez", Money.of(150), 2, ("Client net", "Holdback released")),
    ]


def test_distribution_matches_payments_to_the_statement_lines() -> None:
    """Fee, costs and net by purpose; liens and holdbacks by payee too; anything else listed after."""
    statement = build_statement(
        StatementHeader("PI-2026-0001", "Alvarez v. Driver", "Maria Alvarez"),
        StatementTerms(1, {stage: Fraction(1, 3) for stage in FeeStage}),
        [Recovery(1, RecoverySource.LIABILITY, Money.of(90_000), "Lone Star Mutual", received_on=RECEIVED)],
        [Expense(1, RECEIVED, "Filing fee", Money.of(300), id=1)],
        [
            Lien(
                1,
                "Medicare",
                LienKind.MEDICARE,
                Money.of(5_000),
                status=LienStatus.FINAL,
                final=Money.of(4_000),
            )
        ],
        [],
        [Holdback(1, "Austin Imaging Center", Money.of(1_000), reason="Disputed balance bill")],
    )
    day = TODAY
    paid = [
        Disbursement(1, "Whitfield & Bell LLP", Money.of(30_000), day, purpose="Attorney fee"),
        Disbursement(1, "Whitfield & Bell LLP", Money.of(300), day, purpose="case costs"),
        Disbursement(1, "Medicare", Money.of(4_000), day, purpose="Lien"),
        Disbursement(1, "Someone Else", Money.of(4_000), day, purpose="Lien"),
        Disbursement(1, "Maria Alvarez", Money.of(10_000), day, purpose="Client net"),
    ]
    lines = [(p.purpose, p.payee, p.due, p.paid, p.left) for p in distribution(statement, paid)]
    assert lines == [
        ("Attorney fee", FIRM_PAYEE, Money.of(30_000), Money.of(30_000), Money.zero()),
        ("Case costs", FIRM_PAYEE, Money.of(300), Money.of(300), Money.zero()),
        ("Lien", "Medicare", Money.of(4_000), Money.of(4_000), Money.zero()),
        ("Holdback released", "Austin Imaging Center", Money.of(1_000), Money.zero(), Money.of(1_000)),
        ("Client net", "Maria Alvarez", Money.of(54_700), Money.of(10_000), Money.of(44_700)),
        ("Lien", "Someone Else", Money.zero(), Money.of(4_000), Money.of(-4_000)),
        ("Total", "", Money.of(90_000), Money.of(48_300), Money.of(41_700)),
    ]
