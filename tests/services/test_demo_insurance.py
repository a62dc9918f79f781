"""The demo's insurance: policies and claims past intake, negotiations that agree with the finances."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest

from casedesk.domain.calendar import EventOrigin
from casedesk.domain.cases import CaseQuery, CaseStatus
from casedesk.domain.insurance import ClaimStatus, Coverage, PolicyParty
from casedesk.domain.negotiation import MoveKind, validate_entry
from casedesk.domain.settlement import RecoverySource
from casedesk.services.casefiles import Services, open_services
from casedesk.services.demo import create_demo
from casedesk.store.settlement import RecoveryRow
from tests.conftest import TODAY, fixed_clock

TABLES = ("insurance_policies", "insurance_claims", "negotiation_entries")


@pytest.fixture(scope="module")
def demo_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("demo-insurance") / "demo.sqlite"
    create_demo(path, today=TODAY, cases=80, seed=5, files_for=0)
    return path


@pytest.fixture(scope="module")
def demo(demo_path: Path) -> Iterator[Services]:
    opened = open_services(demo_path, clock=fixed_clock)
    yield opened
    opened.close()


def test_every_case_past_intake_has_an_at_fault_bi_policy_and_claim(demo: Services) -> None:
    cases = demo.cases.list_cases(CaseQuery())
    past_intake = [case for case in cases if case.status is not CaseStatus.INTAKE]
    assert past_intake
    for summary in cases:
        policies = demo.insurance.policies(summary.id)
        if summary.status is CaseStatus.INTAKE:
            assert policies == []
            continue
        case = demo.cases.get_case(summary.id)
        bi = [p for p in policies if p.coverage is Coverage.BODILY_INJURY and p.party is PolicyParty.AT_FAULT]
        assert len(bi) == 1
        assert bi[0].per_occurrence is None or bi[0].per_person is not None
        if bi[0].per_person is not None:
            assert bi[0].per_occurrence is not None and bi[0].per_occurrence >= bi[0].per_person
        claims = demo.insurance.claims(summary.id)
        injury = [c for c in claims if c.policy.id == bi[0].id]
        assert len(injury) == 1
        claim = injury[0].claim
        assert claim.claim_number and injury[0].adjuster
        assert demo.insurance.claim_errors(claim) == {}
        assert case.incident_date is None or claim.representation_sent_on >= case.incident_date  # type: ignore[operator]
    kinds = {(p.coverage, p.party) for s in past_intake for p in demo.insurance.policies(s.id)}
    assert (Coverage.UM_UIM, PolicyParty.CLIENT) in kinds
    assert kinds & {(Coverage.MEDPAY, PolicyParty.CLIENT), (Coverage.PIP, PolicyParty.CLIENT)}


def test_settled_cases_end_with_the_amount_finances_recorded(demo: Services) -> None:
    with demo._case_file.session() as session:
        liability = {
            row.case_id: row.amount
            for row in session.query(RecoveryRow).filter_by(source=RecoverySource.LIABILITY.value)
        }
    assert liability
    for case_id, amount in liability.items():
        (injury,) = [c for c in demo.insurance.claims(case_id) if c.policy.coverage is Coverage.BODILY_INJURY]
        entries = demo.negotiation.entries(injury.id)
        finals = [e for e in entries if e.kind is MoveKind.FINAL]
        assert [e.amount for e in finals] == [amount]
        assert entries[0].kind is MoveKind.INITIAL_DEMAND
        assert 2 <= sum(e.kind is MoveKind.OFFER for e in entries) <= 4
        assert injury.claim.status in (ClaimStatus.SETTLED, ClaimStatus.CLOSED)


def test_negotiations_converge_and_pass_validation(demo: Services) -> None:
    negotiating = [s for s in demo.cases.list_cases(CaseQuery()) if s.status is CaseStatus.NEGOTIATION]
    assert negotiating
    time_limited = 0
    for summary in negotiating:
        case = demo.cases.get_case(summary.id)
        (injury,) = [
            c for c in demo.insurance.claims(summary.id) if c.policy.coverage is Coverage.BODILY_INJURY
        ]
        entries = demo.negotiation.entries(injury.id)
        offers = [e.amount for e in entries if e.kind is MoveKind.OFFER]
        demands = [e.amount for e in entries if e.kind.is_demand]
        assert offers == sorted(offers) and demands == sorted(demands, reverse=True)
        assert max(offers) <= min(demands)
        for entry in entries:
            assert validate_entry(entry, incident_date=case.incident_date, today=TODAY, others=entries) == {}
            if entry.time_limited:
                time_limited += 1
                assert entry.time_limit_days == 30 and entry.received_on is not None
                assert 3 <= (entry.received_on - entry.made_on).days <= 5
    assert time_limited
    events = [
        e
        for s in negotiating
        for e in demo.calendar.case_calendar(s.id).events
        if e.origin is EventOrigin.DEMAND
    ]
    assert events


def test_the_demo_is_deterministic(demo_path: Path, tmp_path: Path) -> None:
    again = tmp_path / "again.sqlite"
    create_demo(again, today=TODAY, cases=80, seed=5, files_for=0)
    for table in TABLES:
        rows = []
        for path in (demo_path, again):
            with sqlite3.connect(path) as connection:
                rows.append(connection.execute(f"SELECT * FROM {table} ORDER BY id").fetchall())
            connection.close()
        assert rows[0] == rows[1] and rows[0]


def test_the_demo_firm_has_a_letterhead(demo: Services) -> None:
    """Letters drafted on demo data print a letterhead."""
    profile = demo.firm.profile()
    assert profile.name and profile.address and profile.phone
