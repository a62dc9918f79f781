"""Insurance use cases: policies, claims, validation, timeline entries, delete with undo, coverage."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import date, timedelta
from typing import Any

import pytest

from casedesk.domain.activity import ActivityKind, Direction
from casedesk.domain.cases import Case
from casedesk.domain.contacts import Contact, ContactRole
from casedesk.domain.errors import NotFoundError, ValidationError
from casedesk.domain.insurance import Claim, ClaimStatus, Coverage, Policy, PolicyParty
from casedesk.domain.money import Money
from casedesk.domain.negotiation import MoveKind
from casedesk.services.casefiles import Services
from casedesk.store.negotiation import NegotiationEntryRow
from tests.conftest import TODAY

MakeCase = Callable[..., Case]


@pytest.fixture
def case_id(make_case: MakeCase) -> int:
    case = make_case()
    assert case.id is not None
    return case.id


def policy(case_id: int, **changes: Any) -> Policy:
    fields: dict[str, Any] = {
        "case_id": case_id,
        "coverage": Coverage.BODILY_INJURY,
        "carrier": "Progressive",
        "insured": "Dale Driver",
        "policy_number": "PG-889-2231",
        "party": PolicyParty.AT_FAULT,
        "per_person": Money.parse("30,000"),
        "per_occurrence": Money.parse("60,000"),
    }
    return Policy(**(fields | changes))


def test_claims_have_display_names_and_adjusters(services: Services, case_id: int) -> None:
    adjuster = services.contacts.create(Contact(name="Pat Quinn", role=ContactRole.ADJUSTER))
    saved = services.insurance.add_policy(policy(case_id))
    assert saved.id is not None
    view = services.insurance.add_claim(
        Claim(case_id=case_id, policy_id=saved.id, claim_number="12-345", adjuster_contact_id=adjuster.id)
    )
    claims = services.insurance.claims(case_id)
    assert [c.display_name for c in claims] == ["Progressive · BI · claim 12-345"]
    assert claims[0].adjuster == "Pat Quinn"
    assert services.insurance.claim(view.id).claim.claim_number == "12-345"


def test_policy_validation_keeps_nothing(services: Services, case_id: int) -> None:
    bad = policy(case_id, carrier=" ", per_occurrence=Money.parse("10,000"))
    errors = services.insurance.policy_errors(bad)
    assert set(errors) == {"carrier", "per_occurrence"}
    with pytest.raises(ValidationError):
        services.insurance.add_policy(bad)
    assert services.insurance.policies(case_id) == []


def test_claim_dates_are_checked(services: Services, case_id: int) -> None:
    saved = services.insurance.add_policy(policy(case_id))
    assert saved.id is not None
    before = Claim(case_id=case_id, policy_id=saved.id, reported_on=date(2026, 6, 1))
    future = Claim(case_id=case_id, policy_id=saved.id, representation_sent_on=TODAY + timedelta(days=1))
    assert "before the incident" in services.insurance.claim_errors(before)["reported_on"]
    assert "future" in services.insurance.claim_errors(future)["representation_sent_on"]
    with pytest.raises(ValidationError):
        services.insurance.add_claim(future)
    assert services.insurance.claims(case_id) == []


def test_reporting_and_representation_go_on_the_timeline(services: Services, case_id: int) -> None:
    saved = services.insurance.add_policy(policy(case_id))
    assert saved.id is not None
    view = services.insurance.add_claim(
        Claim(case_id=case_id, policy_id=saved.id, claim_number="A1", reported_on=date(2026, 6, 20))
    )
    entries = services.timeline.entries(case_id, [ActivityKind.LETTER])
    assert [e.subject for e in entries] == ["Claim reported: Progressive · BI · claim A1"]
    assert entries[0].direction is Direction.OUTGOING
    services.insurance.update_claim(replace(view.claim, representation_sent_on=date(2026, 6, 25)))
    services.insurance.update_claim(replace(view.claim, representation_sent_on=date(2026, 6, 25), notes="x"))
    subjects = sorted(e.subject for e in services.timeline.entries(case_id, [ActivityKind.LETTER]))
    assert subjects == [
        "Claim reported: Progressive · BI · claim A1",
        "Letter of representation sent: Progressive · BI · claim A1",
    ]


def test_deleting_a_policy_takes_its_claims_and_undo_puts_them_back(
    services: Services, case_id: int, db_path: Any
) -> None:
    saved = services.insurance.add_policy(policy(case_id))
    assert saved.id is not None
    view = services.insurance.add_claim(Claim(case_id=case_id, policy_id=saved.id, claim_number="A1"))
    with services._case_file.session() as session:
        session.add(
            NegotiationEntryRow(
                claim_id=view.id,
                kind=MoveKind.INITIAL_DEMAND.value,
                made_on=date(2026, 9, 1),
                amount=Money.parse("90,000"),
            )
        )
    dependents = services.insurance.dependents(saved.id)
    assert dependents.text == "1 claim and 1 negotiation entry"
    gone = services.insurance.delete_policy(saved.id)
    assert services.insurance.policies(case_id) == []
    assert services.insurance.claims(case_id) == []
    with pytest.raises(NotFoundError):
        services.insurance.claim(view.id)
    services.insurance.restore_policy(gone)
    claims = services.insurance.claims(case_id)
    assert [c.display_name for c in claims] == ["Progressive · BI · claim A1"]
    assert services.insurance.claim_entries(claims[0].id) == 1


def test_deleting_a_claim_and_undo(services: Services, case_id: int) -> None:
    saved = services.insurance.add_policy(policy(case_id))
    assert saved.id is not None
    view = services.insurance.add_claim(Claim(case_id=case_id, policy_id=saved.id, status=ClaimStatus.DENIED))
    gone = services.insurance.delete_claim(view.id)
    assert services.insurance.claims(case_id) == []
    services.insurance.restore_claim(gone)
    assert [c.claim.status for c in services.insurance.claims(case_id)] == [ClaimStatus.DENIED]


def test_coverage_counts_at_fault_bi_and_client_um(services: Services, case_id: int) -> None:
    services.insurance.add_policy(policy(case_id))
    services.insurance.add_policy(
        policy(
            case_id, coverage=Coverage.UM_UIM, carrier="State Farm", party=PolicyParty.CLIENT, per_person=None
        )
    )
    services.insurance.add_policy(policy(case_id, coverage=Coverage.MEDPAY, carrier="State Farm"))
    summary = services.insurance.coverage(case_id)
    assert summary.total == Money.parse("30,000")
    assert [p.carrier for p in summary.unknown] == ["State Farm"]
    assert summary.total_text == "$30,000.00 and 1 limit not known yet"
    assert len(summary.lines) == 3


def test_coverage_warns_when_the_value_exceeds_it(services: Services, case_id: int) -> None:
    services.insurance.add_policy(policy(case_id))
    valuation = services.valuation.case_valuation(case_id)
    services.valuation.save_inputs(replace(valuation.inputs, medical_billed=Money.parse("40,000")))
    services.valuation.add_scenario(services.valuation.new_scenario(case_id, "Multiplier"))
    value = services.insurance.valuation_value(case_id)
    summary = services.insurance.coverage(case_id)
    assert value is not None and value > Money.parse("30,000")
    assert summary.warning == (
        f"The valuation, {value}, exceeds the coverage available, $30,000.00: "
        "look for UM/UIM or other policies."
    )
