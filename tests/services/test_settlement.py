"""The settlement service: recoveries, holdbacks and terms; the statement; finalizing, freezing, reopening."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import date
from fractions import Fraction
from pathlib import Path

import pytest

from casedesk.domain.activity import ActivityKind
from casedesk.domain.bills import Lien, LienKind, LienStatus
from casedesk.domain.cases import Case
from casedesk.domain.errors import ValidationError
from casedesk.domain.expenses import Expense, PaidBy
from casedesk.domain.invoices import Invoice, InvoicePayment
from casedesk.domain.money import Money
from casedesk.domain.settlement import (
    Disbursement,
    FeeBasis,
    FeeStage,
    Holdback,
    Recovery,
    RecoverySource,
    StatementAction,
    StatementStatus,
)
from casedesk.domain.statement import FROZEN_MESSAGE, StatementFrozenError
from casedesk.services.casefiles import Services
from casedesk.store import expenses as expense_store
from casedesk.store import invoices as invoice_store
from casedesk.store.settlement import DisbursementRow
from tests.conftest import NOW

MakeCase = Callable[..., Case]


def liability(case_id: int, amount: str = "100,000") -> Recovery:
    return Recovery(
        case_id=case_id,
        source=RecoverySource.LIABILITY,
        amount=Money.parse(amount),
        payer="Lone Star Mutual",
        claim_number="LSM-2026-7781",
        received_on=date(2026, 11, 2),
    )


def add_expense(services: Services, case_id: int, amount: str, **changes: object) -> Expense:
    expense = Expense(
        case_id=case_id,
        spent_on=date(2026, 8, 3),
        category="Filing fee",
        amount=Money.parse(amount),
        payee="Travis County District Clerk",
        description="Petition filing fee",
    )
    with services._case_file.session() as session:
        return expense_store.add_expense(session, replace(expense, **changes))  # type: ignore[arg-type]


def add_paid_invoice(services: Services, case_id: int, total: str) -> int:
    with services._case_file.session() as session:
        invoice = invoice_store.add_invoice(
            session, Invoice(case_id, "INV-2026-0001", date(2026, 9, 1), Money.parse(total), "Client")
        )
        invoice_store.add_payment(
            session, InvoicePayment(invoice.id or 0, date(2026, 9, 20), Money.parse(total))
        )
        return invoice.id or 0


def add_lien(services: Services, case_id: int, holder: str, asserted: str, final: str | None = None) -> Lien:
    status = LienStatus.FINAL if final is not None else LienStatus.ASSERTED
    return services.bills.add_lien(
        Lien(
            case_id=case_id,
            holder=holder,
            kind=LienKind.HEALTH_PLAN,
            asserted=Money.parse(asserted),
            final=None if final is None else Money.parse(final),
            status=status,
        )
    )


def worked_case(services: Services, make_case: MakeCase) -> int:
    """Gross 100,000, costs 2,500, liens 20,000 (final), fee 1/3 of the gross."""
    case_id = make_case(attorney="Jordan Reyes").id or 0
    services.settlement.add_recovery(liability(case_id))
    add_expense(services, case_id, "2,500")
    add_lien(services, case_id, "Blue Cross Blue Shield of Texas", "20,000", "20,000")
    return case_id


def test_a_new_case_has_the_usual_terms(services: Services, make_case: MakeCase) -> None:
    """33 1/3 % pre-suit, 40 % suit and trial, fee on the gross, the case's attorney; a draft."""
    case_id = make_case(attorney="Jordan Reyes").id or 0
    terms = services.settlement.terms(case_id)
    assert terms.fee_rates[FeeStage.PRE_SUIT] == Fraction(1, 3)
    assert terms.fee_rates[FeeStage.SUIT] == terms.fee_rates[FeeStage.TRIAL] == Fraction(2, 5)
    assert (terms.fee_basis, terms.attorney, terms.status) == (
        FeeBasis.GROSS,
        "Jordan Reyes",
        StatementStatus.DRAFT,
    )


def test_the_worked_example_through_the_service(services: Services, make_case: MakeCase) -> None:
    """Net 44,166.67 on the gross; 45,000.00 once the terms say after costs (saved exactly)."""
    case_id = worked_case(services, make_case)
    assert services.settlement.statement(case_id).statement.net_to_client == Money.parse("44,166.67")
    terms = services.settlement.terms(case_id)
    services.settlement.save_terms(replace(terms, fee_basis=FeeBasis.AFTER_COSTS, method="Per agreement"))
    statement = services.settlement.statement(case_id).statement
    assert statement.net_to_client == Money.parse("45,000.00")
    assert statement.method == "Per agreement"


def test_costs_leave_out_client_paid_and_repaid_expenses(services: Services, make_case: MakeCase) -> None:
    """Client-paid, non-reimbursable and paid-invoice expenses are not costs."""
    case_id = make_case().id or 0
    add_expense(services, case_id, "100")
    add_expense(services, case_id, "200", paid_by=PaidBy.CLIENT)
    add_expense(services, case_id, "300", reimbursable=False)
    add_expense(services, case_id, "400", invoice_id=add_paid_invoice(services, case_id, "400"))
    statement = services.settlement.statement(case_id).statement
    assert [line.amount for line in statement.costs] == [Money.of(100)]


def test_recoveries_and_holdbacks_are_undoable(services: Services, make_case: MakeCase) -> None:
    """A deleted recovery or holdback comes back with restore."""
    case_id = make_case().id or 0
    recovery = services.settlement.add_recovery(liability(case_id))
    holdback = services.settlement.add_holdback(
        Holdback(case_id, "Memorial Hospital", Money.of(5_000), "Disputed")
    )
    gone = services.settlement.delete_recovery(recovery.id or 0)
    gone_holdback = services.settlement.delete_holdback(holdback.id or 0)
    assert services.settlement.recoveries(case_id) == [] == services.settlement.holdbacks(case_id)
    services.settlement.restore_recovery(gone)
    services.settlement.restore_holdback(gone_holdback)
    assert [r.payer for r in services.settlement.recoveries(case_id)] == ["Lone Star Mutual"]
    assert [h.payee for h in services.settlement.holdbacks(case_id)] == ["Memorial Hospital"]


def test_bad_records_are_refused_by_field(services: Services, make_case: MakeCase) -> None:
    """An empty payer, a zero amount or a date after today are refused; nothing is saved."""
    case_id = make_case().id or 0
    with pytest.raises(ValidationError) as refused:
        services.settlement.add_recovery(
            replace(liability(case_id, "0"), payer="", received_on=date(2026, 12, 1))
        )
    assert set(refused.value.errors) == {"amount", "payer", "received_on"}
    assert services.settlement.recoveries(case_id) == []


def test_finalizing_is_refused_while_a_lien_is_not_final(services: Services, make_case: MakeCase) -> None:
    """The refusal names the lien; marking it final through the bills service lets it through."""
    case_id = worked_case(services, make_case)
    medicare = add_lien(services, case_id, "Medicare", "3,000")
    with pytest.raises(ValidationError) as refused:
        services.settlement.finalize(case_id)
    assert "Medicare" in refused.value.errors["finalize"]
    assert services.settlement.terms(case_id).status is StatementStatus.DRAFT
    services.bills.update_lien(replace(medicare, status=LienStatus.FINAL, final=Money.of(2_000)))
    final = services.settlement.finalize(case_id)
    assert final.is_final
    assert final.finalized_at == NOW
    assert final.statement.net_to_client == Money.parse("42,166.67")


def test_finalizing_is_refused_with_a_negative_net(services: Services, make_case: MakeCase) -> None:
    """Liens above what is left are refused."""
    case_id = make_case().id or 0
    services.settlement.add_recovery(liability(case_id, "10,000"))
    add_lien(services, case_id, "Memorial Hospital", "9,000", "9,000")
    with pytest.raises(ValidationError, match="negative net"):
        services.settlement.finalize(case_id)


def test_a_final_statement_is_frozen(services: Services, make_case: MakeCase) -> None:
    """Once final, recoveries, holdbacks and terms are refused; the snapshot ignores later ledger changes."""
    case_id = worked_case(services, make_case)
    recovery = services.settlement.recoveries(case_id)[0]
    services.settlement.finalize(case_id)
    attempts: list[Callable[[], object]] = [
        lambda: services.settlement.add_recovery(liability(case_id, "5,000")),
        lambda: services.settlement.update_recovery(replace(recovery, amount=Money.of(1))),
        lambda: services.settlement.delete_recovery(recovery.id or 0),
        lambda: services.settlement.add_holdback(Holdback(case_id, "X", Money.of(1), "Why")),
        lambda: services.settlement.save_terms(services.settlement.terms(case_id)),
    ]
    for attempt in attempts:
        with pytest.raises(StatementFrozenError) as refused:
            attempt()
        assert refused.value.message == FROZEN_MESSAGE
    add_expense(services, case_id, "999")  # a late cost does not change a final statement
    assert services.settlement.statement(case_id).statement.net_to_client == Money.parse("44,166.67")


def test_finalizing_and_reopening_are_recorded(services: Services, make_case: MakeCase) -> None:
    """History and timeline get each step; reopening needs a reason and brings back the live figures."""
    case_id = worked_case(services, make_case)
    services.settlement.finalize(case_id)
    with pytest.raises(ValidationError):
        services.settlement.reopen(case_id, "  ")
    with pytest.raises(StatementFrozenError):
        services.settlement.finalize(case_id)
    add_expense(services, case_id, "500")
    reopened = services.settlement.reopen(case_id, "Late bill from the court reporter")
    assert not reopened.is_final
    assert reopened.statement.total_costs == Money.of(3_000)
    events = services.settlement.history(case_id)
    assert [(e.action, e.reason) for e in events] == [
        (StatementAction.FINALIZED, ""),
        (StatementAction.REOPENED, "Late bill from the court reporter"),
    ]
    subjects = [a.subject for a in services.timeline.entries(case_id, [ActivityKind.NOTE])]
    assert "Settlement statement reopened" in subjects
    assert any(s.startswith("Settlement statement finalized: net to client $44,166.67") for s in subjects)
    with pytest.raises(ValidationError, match="not final"):
        services.settlement.reopen(case_id, "again")


def test_a_final_statement_survives_a_restart(
    open_case: Callable[..., Services], services: Services, make_case: MakeCase
) -> None:
    """Closing and opening the case file again shows the same final statement and history."""
    case_id = worked_case(services, make_case)
    before = services.settlement.finalize(case_id)
    services.close()
    again = open_case()
    try:
        after = again.settlement.statement(case_id)
    finally:
        again.close()
    assert after.is_final
    assert after.statement == before.statement
    assert [e.action for e in after.events] == [StatementAction.FINALIZED]


def test_the_statement_shows_the_trust_position(services: Services, make_case: MakeCase) -> None:
    """Received recoveries less disbursements is what remains in trust."""
    case_id = worked_case(services, make_case)
    services.settlement.add_recovery(replace(liability(case_id, "5,000"), received_on=None))
    with services._case_file.session() as session:
        paid = Disbursement(case_id, "Jordan Reyes PLLC", Money.parse("33,333.33"), date(2026, 11, 10))
        session.add(DisbursementRow(**DisbursementRow.values(paid)))
    trust = services.settlement.statement(case_id).trust
    assert (trust.received, trust.paid_out, trust.in_trust) == (
        Money.of(100_000),
        Money.parse("33,333.33"),
        Money.parse("66,666.67"),
    )


def test_exports_are_written(tmp_path: Path, services: Services, make_case: MakeCase) -> None:
    """The PDF and the workbook are written where asked."""
    case_id = worked_case(services, make_case)
    services.settlement.export_pdf(case_id, tmp_path / "statement.pdf")
    services.settlement.export_xlsx(case_id, tmp_path / "statement.xlsx")
    assert (tmp_path / "statement.pdf").read_bytes().startswith(b"%PDF")
    assert (tmp_path / "statement.xlsx").stat().st_size > 0
