"""The progress report reads the same figures as the tabs, and its PDF is one page."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import pytest
from pypdf import PdfReader

from casedesk.domain.cases import Case, CaseQuery
from casedesk.domain.firm import FirmProfile
from casedesk.domain.insurance import Claim, ClaimStatus, Coverage, Policy, PolicyParty
from casedesk.domain.money import Money
from casedesk.domain.negotiation import MoveKind, NegotiationEntry
from casedesk.domain.reports import Audience, ClaimLine
from casedesk.services.casefiles import Services, open_services
from casedesk.services.demo import create_demo

DEMO_TODAY = date(2026, 11, 21)


def _demo_clock() -> datetime:
    return datetime(2026, 11, 21, 9, 30, tzinfo=timezone(timedelta(hours=-6)))


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Services]:
    path = Path(tmp_path_factory.mktemp("demo")) / "demo.sqlite"
    create_demo(path, today=DEMO_TODAY, cases=40, seed=5)
    opened = open_services(path, clock=_demo_clock)
    yield opened
    opened.close()


def test_figures_equal_the_services_on_every_demo_case(demo: Services) -> None:
    """Specials, treatment and the limitation deadline are the other services' own figures."""
    cases = demo.cases.list_cases(CaseQuery())
    treated = 0
    for summary in cases:
        report = demo.reports.progress(summary.id)
        totals = demo.bills.totals(summary.id)
        assert report.specials.medical_billed == totals.billed
        assert report.specials.medical_paid == totals.total_paid
        assert report.specials.lost_wages == demo.wages.total(summary.id)
        inputs = demo.valuation.case_valuation(summary.id).inputs
        assert report.specials.property_damage == inputs.property_damage
        chronology = demo.records.chronology(summary.id)
        assert sum(line.visits for line in report.treatment) == sum(
            1 for visit in chronology.visits if visit.provider_id is not None
        )
        assert report.limitation_day == demo.calendar.deadline(summary.id).effective
        assert all(line.day >= DEMO_TODAY for line in report.next_dates)
        assert report.client == summary.client_name and report.case_number == summary.number
        treated += bool(report.treatment)
    assert treated > 5


def test_every_demo_report_is_one_page_for_both_audiences(demo: Services, tmp_path: Path) -> None:
    """The biggest demo case (most providers, dates and claims) still prints on one page."""
    biggest = max(
        demo.cases.list_cases(CaseQuery()),
        key=lambda s: (
            lambda r: len(r.treatment) + len(r.next_dates) + 2 * len(r.claims) + len(r.facts) // 80
        )(demo.reports.progress(s.id)),
    )
    for audience in Audience:
        path = tmp_path / f"{audience.value}.pdf"
        report = demo.reports.export_progress(biggest.id, path, audience)
        reader = PdfReader(path)
        assert len(reader.pages) == 1
        text = reader.pages[0].extract_text()
        assert "Case Progress Report" in text and report.client in text
        assert "figures to be verified by the attorney" in text
        assert str(report.specials.medical_billed) in text
        assert ("Valuation (attorney only)" in text) is (audience is Audience.ATTORNEY)


def test_claims_show_the_last_demand_and_offer(services: Services, make_case: Callable[..., Case]) -> None:
    """Each claim lists its insurer, status, latest demand and offer, and the client's net at the offer."""
    case = make_case()
    assert case.id is not None
    policy = services.insurance.add_policy(_policy(case.id))
    assert policy.id is not None
    claim = services.insurance.add_claim(
        Claim(case_id=case.id, policy_id=policy.id, claim_number="CL-77", status=ClaimStatus.NEGOTIATING)
    )
    for kind, day, amount in (
        (MoveKind.INITIAL_DEMAND, date(2026, 9, 1), "90000"),
        (MoveKind.OFFER, date(2026, 9, 20), "15000"),
        (MoveKind.COUNTER_DEMAND, date(2026, 10, 1), "75000"),
        (MoveKind.COUNTER_OFFER, date(2026, 10, 15), "22500"),
    ):
        services.negotiation.add(
            NegotiationEntry(claim_id=claim.id, kind=kind, made_on=day, amount=Money.parse(amount))
        )
    report = services.reports.progress(case.id)
    net = services.negotiation.net_at(case.id, Money.parse("22500"))
    assert net.split is not None
    assert report.claims == (
        ClaimLine(
            insurer="Lone Star Mutual",
            coverage=Coverage.BODILY_INJURY.label,
            claim_number="CL-77",
            status=ClaimStatus.NEGOTIATING.label,
            last_demand=(date(2026, 10, 1), Money.parse("75000")),
            last_offer=(date(2026, 10, 15), Money.parse("22500")),
            net_at_last_offer=net.split.net_to_client if net.split else None,
            deadline=None,
        ),
    )


def test_an_empty_case_and_no_letterhead_still_print(
    services: Services, make_case: Callable[..., Case], tmp_path: Path
) -> None:
    """A new case with nothing entered prints its empty states; the firm's letterhead appears once saved."""
    case = make_case(facts="Rear-ended at a red light.")
    assert case.id is not None
    path = tmp_path / "progress.pdf"
    services.reports.export_progress(case.id, path, Audience.CLIENT)
    text = PdfReader(path).pages[0].extract_text()
    assert "No visits indexed" in text and "No insurance claims" in text
    assert "Rear-ended at a red light." in text
    assert "Valuation" not in text
    services.firm.save(FirmProfile(name="Smith & Jones, P.C.", address="1 Main St\nAustin, TX 78701"))
    services.reports.export_progress(case.id, path, Audience.ATTORNEY)
    text = PdfReader(path).pages[0].extract_text()
    assert "Smith & Jones, P.C." in text and "Austin, TX 78701" in text
    assert "No valuation scenario gives a value yet." in text


def _policy(case_id: int) -> Policy:
    return Policy(
        case_id=case_id,
        coverage=Coverage.BODILY_INJURY,
        carrier="Lone Star Mutual",
        party=PolicyParty.AT_FAULT,
        per_person=Money.parse("30000"),
    )
