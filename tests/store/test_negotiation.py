"""Negotiation entries in the case file: kept per claim in order, fields round-trip, claim status set."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import date

import pytest

from casedesk.domain.cases import Case
from casedesk.domain.errors import NotFoundError
from casedesk.domain.insurance import Claim, ClaimStatus, Coverage, Policy
from casedesk.domain.money import Money
from casedesk.domain.negotiation import MoveKind, NegotiationEntry
from casedesk.services.casefiles import Services
from casedesk.store import negotiation as store


def claim_of(services: Services, case_id: int) -> int:
    policy = services.insurance.add_policy(Policy(case_id=case_id, coverage=Coverage.UM_UIM, carrier="Acme"))
    return services.insurance.add_claim(Claim(case_id=case_id, policy_id=policy.id or 0)).id


def test_entries_round_trip_and_survive_a_restart(
    services: Services, make_case: Callable[..., Case], open_case: Callable[..., Services]
) -> None:
    """Every field is stored as given (the party's spaces tidied) and read back after reopening."""
    case_id = make_case().id or 0
    claim_id = claim_of(services, case_id)
    typed = NegotiationEntry(
        claim_id,
        MoveKind.COUNTER_DEMAND,
        date(2026, 10, 5),
        Money.parse("120,000.55"),
        party="  Reyes   Law ",
        notes="Includes future care",
        time_limit_days=30,
        received_on=date(2026, 10, 7),
    )
    with services._case_file.session() as session:
        saved = store.add_entry(session, typed)
        earlier = store.add_entry(
            session, replace(typed, kind=MoveKind.INITIAL_DEMAND, made_on=date(2026, 9, 1))
        )
    assert saved == replace(typed, id=saved.id, party="Reyes Law")
    services.close()
    reopened = open_case()
    try:
        with reopened._case_file.session() as session:
            assert store.list_entries(session, claim_id) == [earlier, saved]
            assert store.list_case_entries(session, case_id) == {claim_id: [earlier, saved]}
            assert store.claim_case_id(session, claim_id) == case_id
            store.set_claim_status(session, claim_id, ClaimStatus.SETTLED)
            assert store.claim_status(session, claim_id) is ClaimStatus.SETTLED
    finally:
        reopened.close()


def test_missing_records_say_so(services: Services, make_case: Callable[..., Case]) -> None:
    """An entry on a deleted claim, or a deleted entry, raises NotFoundError with a plain message."""
    with services._case_file.session() as session:
        with pytest.raises(NotFoundError, match="claim no longer exists"):
            store.add_entry(session, NegotiationEntry(999, MoveKind.OFFER, date(2026, 9, 1), Money.of(1)))
        with pytest.raises(NotFoundError, match="entry no longer exists"):
            store.delete_entry(session, 999)
