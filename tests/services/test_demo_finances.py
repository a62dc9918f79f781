"""The demo's finances: settled cases get expenses, wages, recoveries, statements, liens and disbursements."""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Iterator
from dataclasses import replace
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest

from casedesk.domain.bills import LienStatus
from casedesk.domain.cases import CaseQuery, CaseStatus
from casedesk.domain.errors import ValidationError
from casedesk.domain.expenses import DEFAULT_CATEGORIES, PaidBy
from casedesk.domain.money import Money
from casedesk.domain.settlement import Disbursement, RecoverySource, StatementStatus
from casedesk.services.casefiles import Services, open_services
from casedesk.services.demo import create_demo
from casedesk.store.expenses import ExpenseRow
from tests.conftest import TODAY, fixed_clock

AGREED = re.compile(r"agreed to pay (\$[\d,]+\.\d\d)")


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Services]:
    """A 60-case demo as of the tests' TODAY, two cases with their records imported as files."""
    path = tmp_path_factory.mktemp("demo-finances") / "demo.sqlite"
    create_demo(path, today=TODAY, cases=60, seed=3, files_for=2)
    opened = open_services(path, clock=fixed_clock)
    yield opened
    opened.close()


@pytest.fixture(scope="module")
def settled(demo: Services) -> list[int]:
    """The ids of the demo's settled cases."""
    ids = [s.id for s in demo.cases.list_cases(CaseQuery()) if s.status is CaseStatus.SETTLED]
    assert ids
    return ids


def expenses_of(services: Services, case_id: int) -> list[Any]:
    with services._case_file.session() as session:
        return [row.to_domain() for row in session.query(ExpenseRow).filter_by(case_id=case_id)]


def test_settled_cases_have_a_month_or_more_of_expenses(demo: Services, settled: list[int]) -> None:
    """Each settled case has expenses over at least a month, in several of the default categories."""
    everything = []
    for case_id in settled:
        expenses = expenses_of(demo, case_id)
        everything += expenses
        days = [e.spent_on for e in expenses]
        assert max(days) - min(days) >= timedelta(days=30)
        assert len({e.category for e in expenses}) >= 3
        assert all(e.amount.cents > 0 and e.spent_on <= TODAY and e.payee for e in expenses)
    assert {e.category for e in everything} <= set(DEFAULT_CATEGORIES)
    assert len({e.category for e in everything}) >= 7
    assert any(e.paid_by is PaidBy.CLIENT for e in everything)
    assert any(e.paid_by is PaidBy.FIRM and not e.reimbursable for e in everything)
    assert all(e.reimbursable is False for e in everything if e.paid_by is PaidBy.CLIENT)


def test_imported_records_have_their_copy_fee_with_the_file_as_receipt(demo: Services) -> None:
    """Every imported records file is the receipt of a records copy fee on its own case."""
    with sqlite3.connect(demo.path) as connection:
        # the providers' records (a trial case's pleadings and motions are filings, with no copy fee)
        documents = connection.execute(
            "SELECT id, case_id FROM documents WHERE provider_id IS NOT NULL"
        ).fetchall()
        receipts = connection.execute(
            "SELECT receipt_document_id, case_id, category FROM expenses"
            " WHERE receipt_document_id IS NOT NULL"
        ).fetchall()
    assert documents
    assert sorted((doc, case) for doc, case, _category in receipts) == sorted(documents)
    assert {category for *_, category in receipts} == {"Records copy fee"}


def test_recoveries_match_what_the_case_settled_for(demo: Services, settled: list[int]) -> None:
    """The liability carrier paid what the timeline says was agreed; other sources come on top."""
    sources = set()
    checked = 0
    for case_id in settled:
        recoveries = demo.settlement.recoveries(case_id)
        sources |= {r.source for r in recoveries}
        [liability] = [r for r in recoveries if r.source is RecoverySource.LIABILITY]
        assert liability.payer and liability.claim_number
        for entry in demo.timeline.entries(case_id):
            if match := AGREED.search(entry.subject + " " + entry.body):
                assert liability.amount == Money.parse(match[1])
                checked += 1
        assert all(r.received_on is None or r.received_on <= TODAY for r in recoveries)
    assert checked
    assert RecoverySource.MEDPAY_PIP in sources or RecoverySource.UM_UIM in sources


def test_half_the_statements_are_paid_out_and_half_are_left_to_finish(
    demo: Services, settled: list[int]
) -> None:
    """A closed-out case is final and paid out but for its holdbacks; the others wait on a lien."""
    finals = drafts = 0
    for case_id in settled:
        case_statement = demo.settlement.statement(case_id)
        assert case_statement.terms.attorney
        assert case_statement.terms.method
        statement = case_statement.statement
        assert statement.balanced and statement.net_to_client.cents > 0
        assert statement.costs  # the ledger's firm-paid reimbursable expenses
        liens = demo.bills.liens(case_id)
        if case_statement.is_final:
            finals += 1
            assert all(lien.status is LienStatus.FINAL for lien in liens)
            held = sum((h.amount for h in case_statement.holdbacks), Money.zero())
            assert case_statement.trust.in_trust == held
        else:
            drafts += 1
            assert case_statement.terms.status is StatementStatus.DRAFT
            assert [lien.status for lien in liens if not lien.is_final] in ([], [LienStatus.NEGOTIATING])
            assert case_statement.disbursements == ()
    assert finals and drafts


def test_some_cases_hold_money_back(demo: Services, settled: list[int]) -> None:
    """Holdbacks occur, each for a provider of the case, within the client's share."""
    held = [(case_id, h) for case_id in settled for h in demo.settlement.holdbacks(case_id)]
    assert held
    for case_id, holdback in held:
        assert holdback.amount.cents > 0 and holdback.reason
        assert holdback.payee in {p.provider.name for p in demo.providers.providers(case_id)}


def test_lost_wages_follow_the_valuation(demo: Services, settled: list[int]) -> None:
    """A settled case claiming lost wages has a record close to the valuation's figure (whole half-days)."""
    found = 0
    for case_id in settled:
        claimed = demo.valuation.case_valuation(case_id).inputs.lost_wages
        records = demo.wages.lost_wages(case_id)
        if claimed.cents == 0:
            assert records == []
            continue
        [record] = records
        found += 1
        assert abs(record.amount.cents - claimed.cents) <= 2 * record.rate.cents
    assert found


def test_other_cases_have_no_settlement(demo: Services, settled: list[int]) -> None:
    """Cases not settled get no recoveries, statement or holdbacks."""
    for summary in demo.cases.list_cases(CaseQuery()):
        if summary.id in settled:
            continue
        assert demo.settlement.recoveries(summary.id) == []
        assert demo.settlement.holdbacks(summary.id) == []


def test_a_draft_demo_statement_is_finished_by_agreeing_its_lien(demo: Services, settled: list[int]) -> None:
    """The case manager's job on a draft: mark the lien final, finalize, pay the fee out of trust."""
    case_id = next(
        c
        for c in settled
        if not demo.settlement.statement(c).is_final
        and demo.bills.unfinished_liens(c)
        and demo.trust.position(c).received.cents > 0
    )
    with pytest.raises(ValidationError):
        demo.settlement.finalize(case_id)
    for lien in demo.bills.unfinished_liens(case_id):
        demo.bills.update_lien(replace(lien, status=LienStatus.FINAL, final=lien.computed_final))

    final = demo.settlement.finalize(case_id)
    fee = final.statement.fee.amount
    paid = demo.trust.add(
        Disbursement(case_id, "Firm operating account", fee, TODAY, reference="9001", purpose="Attorney fee")
    )
    assert demo.trust.position(case_id).paid_out == paid.amount == fee


def test_same_seed_same_finances(tmp_path: Path) -> None:
    """Two demos with one seed and date hold the same expenses, recoveries, terms and holdbacks."""

    def finances(path: Path) -> list[Any]:
        with sqlite3.connect(path) as connection:
            return [
                connection.execute(f"SELECT * FROM {table} ORDER BY id").fetchall()
                for table in ("expenses", "lost_wages", "recoveries", "settlement_statements", "holdbacks")
            ]

    create_demo(tmp_path / "a.sqlite", today=TODAY, cases=25, seed=11, files_for=0)
    create_demo(tmp_path / "b.sqlite", today=TODAY, cases=25, seed=11, files_for=0)
    first = finances(tmp_path / "a.sqlite")
    assert first == finances(tmp_path / "b.sqlite")
    assert all(first)
