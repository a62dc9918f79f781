"""Negotiation use cases: entries per claim, the client's net at each offer, deadlines, timeline, settling."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import date, timedelta
from typing import Any

import pytest

from casedesk.domain.activity import ActivityKind, Direction
from casedesk.domain.bills import Lien, LienKind, LienStatus
from casedesk.domain.calendar import EventKind, EventOrigin
from casedesk.domain.cases import Case, CaseStatus
from casedesk.domain.errors import ValidationError
from casedesk.domain.expenses import Expense
from casedesk.domain.insurance import Claim, ClaimStatus, Coverage, Policy
from casedesk.domain.money import Money
from casedesk.domain.negotiation import DeadlineState, MoveKind, NegotiationEntry, deadline_uid
from casedesk.domain.settlement import FeeBasis, FeeStage, settlement_split
from casedesk.services.casefiles import Services
from casedesk.store import expenses as expense_store
from tests.conftest import TODAY

MakeCase = Callable[..., Case]


def add_claim(services: Services, case_id: int, carrier: str = "Lone Star Mutual") -> int:
    """A bodily-injury policy of the at-fault driver and a claim on it."""
    policy = services.insurance.add_policy(
        Policy(
            case_id=case_id, coverage=Coverage.BODILY_INJURY, carrier=carrier, per_person=Money.of(100_000)
        )
    )
    view = services.insurance.add_claim(
        Claim(case_id=case_id, policy_id=policy.id or 0, claim_number="LSM-2026-7781")
    )
    return view.id


def entry(claim_id: int, kind: MoveKind, amount: str, made_on: date, **changes: Any) -> NegotiationEntry:
    return replace(NegotiationEntry(claim_id, kind, made_on, Money.parse(amount)), **changes)


@pytest.fixture
def case_id(make_case: MakeCase) -> int:
    return make_case(attorney="Jordan Reyes").id or 0


@pytest.fixture
def claim_id(services: Services, case_id: int) -> int:
    return add_claim(services, case_id)


def test_entries_are_kept_in_the_order_made(services: Services, claim_id: int) -> None:
    """Entries come back by date made, whatever the order they were typed in, every field kept."""
    offer = services.negotiation.add(
        entry(claim_id, MoveKind.OFFER, "25,000", date(2026, 10, 1), party="J. Ortiz")
    )
    demand = services.negotiation.add(
        entry(claim_id, MoveKind.INITIAL_DEMAND, "150,000", date(2026, 9, 1), notes="Policy limits demand")
    )
    assert services.negotiation.entries(claim_id) == [demand, offer]
    assert demand.notes == "Policy limits demand"
    assert offer.party == "J. Ortiz"


def test_bad_entries_are_refused_by_field(services: Services, claim_id: int) -> None:
    """A zero amount, a future date, a date before the incident are refused; nothing is saved."""
    for bad, field in (
        (entry(claim_id, MoveKind.OFFER, "0", date(2026, 10, 1)), "amount"),
        (entry(claim_id, MoveKind.OFFER, "10", TODAY + timedelta(days=1)), "made_on"),
        (entry(claim_id, MoveKind.OFFER, "10", date(2026, 6, 1)), "made_on"),
    ):
        with pytest.raises(ValidationError) as raised:
            services.negotiation.add(bad)
        assert field in raised.value.errors
    assert services.negotiation.entries(claim_id) == []


def test_a_claim_has_one_final_and_the_final_settles_it(services: Services, claim_id: int) -> None:
    """The first entry starts negotiating; the final settles the claim, once; deleting the final reopens."""
    assert services.insurance.claim(claim_id).claim.status is ClaimStatus.OPEN
    services.negotiation.add(entry(claim_id, MoveKind.INITIAL_DEMAND, "150,000", date(2026, 9, 1)))
    assert services.insurance.claim(claim_id).claim.status is ClaimStatus.NEGOTIATING
    final = services.negotiation.add(entry(claim_id, MoveKind.FINAL, "60,000", date(2026, 11, 2)))
    assert services.insurance.claim(claim_id).claim.status is ClaimStatus.SETTLED
    with pytest.raises(ValidationError) as raised:
        services.negotiation.add(entry(claim_id, MoveKind.FINAL, "61,000", date(2026, 11, 3)))
    assert "kind" in raised.value.errors
    services.negotiation.delete(final.id or 0)
    assert services.insurance.claim(claim_id).claim.status is ClaimStatus.NEGOTIATING
    services.negotiation.restore(final)
    assert services.insurance.claim(claim_id).claim.status is ClaimStatus.SETTLED


def test_the_first_entry_not_a_demand_is_a_warning_not_a_refusal(services: Services, claim_id: int) -> None:
    """An offer before any demand is warned about and can still be saved."""
    first = entry(claim_id, MoveKind.OFFER, "5,000", date(2026, 8, 1))
    assert any("initial demand" in w for w in services.negotiation.warnings(first))
    assert services.negotiation.add(first).id is not None


def test_the_net_at_an_offer_is_the_settlement_split(services: Services, case_id: int) -> None:
    """Net = settlement_split of the offer with the case's terms, costs and liens (final, else claimed)."""
    with services._case_file.session() as session:
        expense_store.add_expense(
            session,
            Expense(
                case_id=case_id,
                spent_on=date(2026, 8, 3),
                category="Filing fee",
                amount=Money.parse("2,500"),
                payee="Travis County District Clerk",
                description="Petition",
            ),
        )
    services.bills.add_lien(
        Lien(
            case_id=case_id,
            holder="BCBS",
            kind=LienKind.HEALTH_PLAN,
            asserted=Money.parse("20,000"),
            final=Money.parse("15,000"),
            status=LienStatus.FINAL,
        )
    )
    services.bills.add_lien(
        Lien(case_id=case_id, holder="Medicare", kind=LienKind.HEALTH_PLAN, asserted=Money.parse("3,000"))
    )
    terms = services.settlement.terms(case_id)
    services.settlement.save_terms(replace(terms, fee_stage=FeeStage.SUIT, fee_basis=FeeBasis.AFTER_COSTS))
    net = services.negotiation.net_at(case_id, Money.parse("75,000"))
    expected = settlement_split(
        Money.parse("75,000"),
        terms.fee_rates[FeeStage.SUIT],
        FeeBasis.AFTER_COSTS,
        Money.parse("2,500"),
        Money.parse("18,000"),
    )
    assert net.split == expected
    assert net.liens_not_final == 1
    assert net.net == expected.net_to_client
    small = services.negotiation.net_at(case_id, Money.parse("1,000"))
    assert small.net is None and "costs" in small.problem


def test_demands_and_offers_go_on_the_timeline(services: Services, case_id: int, claim_id: int) -> None:
    """A demand is an outgoing letter, an offer an incoming one, on the day made; a correction is a note."""
    services.negotiation.add(entry(claim_id, MoveKind.INITIAL_DEMAND, "150,000", date(2026, 9, 1)))
    offer = services.negotiation.add(entry(claim_id, MoveKind.OFFER, "25,000", date(2026, 10, 1)))
    letters = services.timeline.entries(case_id, kinds=[ActivityKind.LETTER])
    by_subject = {a.subject: a for a in letters}
    demand_letter = by_subject["Initial demand sent to Lone Star Mutual: $150,000.00"]
    assert demand_letter.direction is Direction.OUTGOING
    assert demand_letter.occurred_at.date() == date(2026, 9, 1)
    assert by_subject["Offer received from Lone Star Mutual: $25,000.00"].direction is Direction.INCOMING
    services.negotiation.update(replace(offer, amount=Money.parse("27,500")))
    notes = services.timeline.entries(case_id, kinds=[ActivityKind.NOTE])
    assert any("$27,500.00" in note.subject and "$25,000.00" in note.body for note in notes)


def test_a_time_limited_demand_runs_from_receipt(services: Services, case_id: int, claim_id: int) -> None:
    """No deadline event until receipt; then one on receipt + days, reminding before; moved with it."""
    demand = services.negotiation.add(
        entry(claim_id, MoveKind.INITIAL_DEMAND, "100,000", date(2026, 11, 10), time_limit_days=30)
    )

    def demand_events() -> list[Any]:
        return [e for e in services.calendar.case_calendar(case_id).events if e.origin is EventOrigin.DEMAND]

    assert demand_events() == []
    received = services.negotiation.update(replace(demand, received_on=date(2026, 11, 12)))
    (event,) = demand_events()
    assert event.day == date(2026, 12, 12)
    assert event.kind is EventKind.FILING_DEADLINE
    assert event.uid == deadline_uid(received.id or 0)
    assert event.done_on is None
    services.negotiation.update(replace(received, received_on=date(2026, 11, 20)))
    (moved,) = demand_events()
    assert moved.day == date(2026, 12, 20)
    assert moved.id == event.id


def test_an_answered_deadline_is_done_and_a_deleted_entry_removes_it(
    services: Services, case_id: int, claim_id: int
) -> None:
    """A later offer marks the demand's deadline done; deleting the offer opens it; deleting it removes it."""
    demand = services.negotiation.add(
        entry(claim_id, MoveKind.INITIAL_DEMAND, "100,000", date(2026, 11, 10), deadline=date(2026, 11, 25))
    )
    offer = services.negotiation.add(entry(claim_id, MoveKind.OFFER, "30,000", date(2026, 11, 18)))

    def demand_events() -> list[Any]:
        return [e for e in services.calendar.case_calendar(case_id).events if e.origin is EventOrigin.DEMAND]

    (event,) = demand_events()
    assert event.done_on == date(2026, 11, 18)
    services.negotiation.delete(offer.id or 0)
    (event,) = demand_events()
    assert event.done_on is None
    services.negotiation.delete(demand.id or 0)
    assert demand_events() == []


def test_the_reminders_remind_before_a_deadline_lapses(services: Services, claim_id: int) -> None:
    """An open deadline four days out has its 7-day reminder due today."""
    services.negotiation.add(
        entry(
            claim_id,
            MoveKind.INITIAL_DEMAND,
            "100,000",
            date(2026, 11, 10),
            deadline=TODAY + timedelta(days=4),
        )
    )
    due = services.calendar.due_reminders()
    assert [r.event.origin for r in due] == [EventOrigin.DEMAND]
    assert due[0].event.day == TODAY + timedelta(days=4)


def test_the_calendar_does_not_move_or_delete_a_demand_deadline(
    services: Services, case_id: int, claim_id: int
) -> None:
    """Moving, ticking or deleting the event from the calendar is refused with where to go instead."""
    services.negotiation.add(
        entry(claim_id, MoveKind.INITIAL_DEMAND, "100,000", date(2026, 11, 10), deadline=date(2026, 12, 1))
    )
    (event,) = [e for e in services.calendar.case_calendar(case_id).events if e.origin is EventOrigin.DEMAND]
    with pytest.raises(ValidationError) as raised:
        services.calendar.update_event(replace(event, day=date(2026, 12, 5)))
    assert "Negotiation" in raised.value.errors["day"]
    with pytest.raises(ValidationError):
        services.calendar.set_event_done(event, True)
    with pytest.raises(ValidationError):
        services.calendar.delete_event(event.id or 0)
    kept = services.calendar.update_event(replace(event, reminders=(10, 1)))
    assert kept.reminders == (10, 1)


def test_a_closed_case_keeps_no_demand_deadlines(services: Services, case_id: int, claim_id: int) -> None:
    """Closing the case removes its demand deadlines, as with its other deadlines."""
    services.negotiation.add(
        entry(claim_id, MoveKind.INITIAL_DEMAND, "100,000", date(2026, 11, 10), deadline=date(2026, 12, 1))
    )
    case = services.cases.get_case(case_id)
    services.cases.update_case(replace(case, status=CaseStatus.CLOSED, closed_on=TODAY))
    assert not [e for e in services.calendar.case_calendar(case_id).events if e.origin is EventOrigin.DEMAND]


def test_latest_demand_and_summary(services: Services, claim_id: int) -> None:
    """The latest demand (initial or counter) and offer, and the gap between them."""
    services.negotiation.add(entry(claim_id, MoveKind.INITIAL_DEMAND, "150,000", date(2026, 9, 1)))
    services.negotiation.add(entry(claim_id, MoveKind.OFFER, "25,000", date(2026, 10, 1)))
    counter = services.negotiation.add(
        entry(claim_id, MoveKind.COUNTER_DEMAND, "120,000", date(2026, 10, 15))
    )
    services.negotiation.add(entry(claim_id, MoveKind.COUNTER_OFFER, "40,000", date(2026, 11, 1)))
    assert services.negotiation.latest_demand(claim_id) == counter
    summary = services.negotiation.summary(claim_id)
    assert summary.gap == Money.parse("80,000")
    assert summary.text == "Last demand $120,000.00 · last offer $40,000.00 · gap $80,000.00"


def test_the_case_negotiation_gives_each_claim_its_log(
    services: Services, case_id: int, claim_id: int
) -> None:
    """Each claim with its entries, deadlines and the net at each offer; claims without entries listed too."""
    other = add_claim(services, case_id, "Acme Casualty")
    services.negotiation.add(
        entry(claim_id, MoveKind.INITIAL_DEMAND, "150,000", date(2026, 11, 1), deadline=date(2026, 11, 25))
    )
    services.negotiation.add(entry(claim_id, MoveKind.OFFER, "25,000", date(2026, 11, 15)))
    found = {c.claim.id: c for c in services.negotiation.case_negotiation(case_id)}
    assert set(found) == {claim_id, other}
    demand_line, offer_line = found[claim_id].log
    assert demand_line.net is None
    assert demand_line.deadline.state is DeadlineState.ANSWERED
    assert offer_line.net is not None
    assert offer_line.net == services.negotiation.net_at(case_id, Money.parse("25,000"))
    assert found[other].log == ()


def test_deleting_a_claim_or_its_policy_takes_its_deadlines_off_the_calendar_and_undo_puts_them_back(
    services: Services, case_id: int, claim_id: int
) -> None:
    """The calendar follows the claims: no deadline stays behind for a claim that is gone."""
    services.negotiation.add(
        entry(claim_id, MoveKind.INITIAL_DEMAND, "100,000", date(2026, 11, 10), deadline=date(2026, 11, 25))
    )

    def demand_days() -> list[date]:
        events = services.calendar.case_calendar(case_id).events
        return [e.day for e in events if e.origin is EventOrigin.DEMAND]

    assert demand_days() == [date(2026, 11, 25)]
    deleted = services.insurance.delete_claim(claim_id)
    assert demand_days() == []
    restored = services.insurance.restore_claim(deleted)
    assert demand_days() == [date(2026, 11, 25)]

    policy = services.insurance.delete_policy(restored.policy_id)
    assert demand_days() == []
    services.insurance.restore_policy(policy)
    assert demand_days() == [date(2026, 11, 25)]
