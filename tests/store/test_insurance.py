"""Policies and claims in the case file: round trips, order, cascade on delete, restore with ids."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import pytest

from casedesk.domain.cases import Case
from casedesk.domain.errors import NotFoundError
from casedesk.domain.insurance import Claim, ClaimStatus, Coverage, Policy, PolicyParty
from casedesk.domain.money import Money
from casedesk.domain.negotiation import MoveKind, NegotiationEntry
from casedesk.services.casefiles import Services
from casedesk.store import insurance as store


def test_policies_and_claims_round_trip_and_survive_a_restart(
    services: Services, make_case: Callable[..., Case], open_case: Callable[..., Services]
) -> None:
    case_id = make_case().id or 0
    typed = Policy(
        case_id=case_id,
        coverage=Coverage.UM_UIM,
        carrier="  State   Farm ",
        insured=" Maria  Alvarez",
        policy_number=" SF-1 ",
        party=PolicyParty.CLIENT,
        per_person=Money.of(30_000),
        per_occurrence=Money.of(60_000),
        notes="Dec page",
    )
    with services._case_file.session() as session:
        um = store.add_policy(session, typed)
        bi = store.add_policy(
            session, Policy(case_id=case_id, coverage=Coverage.BODILY_INJURY, carrier="Progressive")
        )
        claim = store.add_claim(
            session,
            Claim(
                case_id=case_id,
                policy_id=bi.id or 0,
                claim_number=" 12-345 ",
                status=ClaimStatus.ACCEPTED,
                reported_on=date(2026, 6, 20),
                representation_sent_on=date(2026, 6, 22),
                notes="Liability accepted",
            ),
        )
    services.close()
    reopened = open_case()
    try:
        with reopened._case_file.session() as session:
            policies = store.list_policies(session, case_id)
            assert [p.coverage for p in policies] == [Coverage.BODILY_INJURY, Coverage.UM_UIM]
            saved = store.get_policy(session, um.id or 0)
            assert (saved.carrier, saved.insured, saved.policy_number) == (
                "State Farm",
                "Maria Alvarez",
                "SF-1",
            )
            assert (saved.per_person, saved.per_occurrence, saved.notes) == (
                Money.of(30_000),
                Money.of(60_000),
                "Dec page",
            )
            got = store.get_claim(session, claim.id or 0)
            assert (got.claim_number, got.status, got.representation_sent_on) == (
                "12-345",
                ClaimStatus.ACCEPTED,
                date(2026, 6, 22),
            )
            assert [v.display_name for v in store.claim_views(session, case_id)] == [
                "Progressive · BI · claim 12-345"
            ]
    finally:
        reopened.close()


def test_deleting_a_policy_cascades_and_restore_keeps_ids(
    services: Services, make_case: Callable[..., Case]
) -> None:
    case_id = make_case().id or 0
    with services._case_file.session() as session:
        policy = store.add_policy(
            session, Policy(case_id=case_id, coverage=Coverage.BODILY_INJURY, carrier="A")
        )
        claim = store.add_claim(session, Claim(case_id=case_id, policy_id=policy.id or 0))
        entry = NegotiationEntry(claim.id or 0, MoveKind.INITIAL_DEMAND, date(2026, 9, 1), Money.of(90_000))
        store.restore_entries(session, [entry])
        assert store.count_claims(session, policy.id or 0) == 1
        assert store.count_entries(session, [claim.id or 0]) == 1
        entries = store.list_entries(session, [claim.id or 0])
        store.delete_policy(session, policy.id or 0)
        assert store.list_claims(session, case_id) == []
        assert store.count_entries(session, [claim.id or 0]) == 0
        with pytest.raises(NotFoundError):
            store.get_claim(session, claim.id or 0)
        again = store.add_policy(session, policy)
        back = store.add_claim(session, claim)
        store.restore_entries(session, entries)
        assert (again.id, back.id) == (policy.id, claim.id)
        assert store.list_entries(session, [claim.id or 0]) == entries


def test_missing_records_say_so(services: Services) -> None:
    with services._case_file.session() as session:
        with pytest.raises(NotFoundError, match="policy no longer exists"):
            store.get_policy(session, 99)
        with pytest.raises(NotFoundError, match="claim no longer exists"):
            store.delete_claim(session, 99)
        with pytest.raises(NotFoundError):
            store.add_claim(session, Claim(case_id=1, policy_id=99))
