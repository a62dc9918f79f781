"""Negotiation rules: deadlines from receipt, validation, answers, summaries and the net at an offer."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from fractions import Fraction

import pytest

from casedesk.domain.calendar import EventKind, EventOrigin
from casedesk.domain.money import Money
from casedesk.domain.negotiation import (
    DeadlineState,
    MoveKind,
    NegotiationEntry,
    answered_on,
    deadline_event,
    deadline_uid,
    entry_deadline,
    entry_id_of,
    entry_warnings,
    negotiation_summary,
    net_at_offer,
    validate_entry,
)
from casedesk.domain.settlement import FeeBasis, FeeStage, settlement_split

TODAY = date(2026, 11, 21)
INCIDENT = date(2026, 6, 14)


def move(
    kind: MoveKind, amount: int, made_on: date, entry_id: int | None = None, **fields: object
) -> NegotiationEntry:
    return NegotiationEntry(1, kind, made_on, Money.of(amount), id=entry_id, **fields)  # type: ignore[arg-type]


def errors(entry: NegotiationEntry, *others: NegotiationEntry) -> dict[str, str]:
    return validate_entry(entry, incident_date=INCIDENT, today=TODAY, others=others)


def test_a_time_limited_demand_runs_from_its_receipt() -> None:
    """No deadline until received; then receipt + days, whatever the stated deadline."""
    demand = move(MoveKind.INITIAL_DEMAND, 100_000, date(2026, 11, 1), time_limit_days=30)
    assert demand.deadline_day is None
    assert entry_deadline(demand, [demand], TODAY).state is DeadlineState.NOT_RUNNING
    received = replace(demand, received_on=date(2026, 11, 4))
    assert received.deadline_day == date(2026, 12, 4)


@pytest.mark.parametrize(
    ("entry", "field"),
    [
        (move(MoveKind.OFFER, 0, date(2026, 10, 1)), "amount"),
        (move(MoveKind.OFFER, -5, date(2026, 10, 1)), "amount"),
        (move(MoveKind.OFFER, 10, date(2026, 11, 22)), "made_on"),
        (move(MoveKind.OFFER, 10, date(2026, 6, 13)), "made_on"),
        (move(MoveKind.OFFER, 10, date(2026, 10, 1), deadline=date(2026, 9, 30)), "deadline"),
        (move(MoveKind.OFFER, 10, date(2026, 10, 1), time_limit_days=30), "time_limit_days"),
        (move(MoveKind.INITIAL_DEMAND, 10, date(2026, 10, 1), time_limit_days=0), "time_limit_days"),
        (move(MoveKind.INITIAL_DEMAND, 10, date(2026, 10, 1), time_limit_days=366), "time_limit_days"),
        (
            move(
                MoveKind.INITIAL_DEMAND,
                10,
                date(2026, 10, 1),
                time_limit_days=30,
                received_on=date(2026, 9, 1),
            ),
            "received_on",
        ),
        (
            move(
                MoveKind.INITIAL_DEMAND, 10, date(2026, 10, 1), time_limit_days=30, deadline=date(2026, 12, 1)
            ),
            "deadline",
        ),
        (move(MoveKind.OFFER, 10, date(2026, 10, 1), party="x" * 201), "party"),
    ],
)
def test_bad_entries_are_refused_by_field(entry: NegotiationEntry, field: str) -> None:
    """Each wrong field is named with a message."""
    assert field in errors(entry)


def test_a_good_entry_has_no_errors() -> None:
    """A demand made today with a deadline and a time-limited demand received since have none."""
    assert errors(move(MoveKind.INITIAL_DEMAND, 10, TODAY, deadline=date(2026, 12, 1))) == {}
    timed = move(MoveKind.COUNTER_DEMAND, 10, date(2026, 11, 1), time_limit_days=30, received_on=TODAY)
    assert errors(timed) == {}


def test_one_final_per_claim() -> None:
    """A second final is refused; editing the one final is not."""
    final = move(MoveKind.FINAL, 60_000, date(2026, 11, 2), entry_id=7)
    assert "kind" in errors(move(MoveKind.FINAL, 61_000, date(2026, 11, 3)), final)
    assert errors(move(MoveKind.FINAL, 61_000, date(2026, 11, 3), entry_id=7), final) == {}


def test_warnings_do_not_refuse() -> None:
    """An offer first, a second initial demand, an entry after the final, a demand not received: warned."""
    assert any("initial demand" in w for w in entry_warnings(move(MoveKind.OFFER, 10, TODAY), []))
    demand = move(MoveKind.INITIAL_DEMAND, 10, date(2026, 9, 1), entry_id=1)
    assert any(
        "counter-demand" in w for w in entry_warnings(move(MoveKind.INITIAL_DEMAND, 9, TODAY), [demand])
    )
    final = move(MoveKind.FINAL, 10, date(2026, 10, 1), entry_id=2)
    assert any("settled" in w for w in entry_warnings(move(MoveKind.OFFER, 9, TODAY), [demand, final]))
    timed = move(MoveKind.COUNTER_DEMAND, 10, TODAY, time_limit_days=30)
    assert any("not running yet" in w for w in entry_warnings(timed, [demand]))
    assert entry_warnings(move(MoveKind.OFFER, 9, TODAY), [demand]) == []


def test_an_entry_is_answered_by_the_next_one_or_the_final() -> None:
    """The next entry made answers it; the last entry is answered only by a final."""
    demand = move(MoveKind.INITIAL_DEMAND, 100, date(2026, 9, 1), entry_id=1, deadline=date(2026, 11, 1))
    offer = move(MoveKind.OFFER, 20, date(2026, 9, 15), entry_id=2, deadline=date(2026, 11, 30))
    assert answered_on(demand, [offer, demand]) == date(2026, 9, 15)
    assert answered_on(offer, [demand, offer]) is None
    assert entry_deadline(demand, [demand, offer], TODAY).state is DeadlineState.ANSWERED
    assert entry_deadline(offer, [demand, offer], TODAY).text == "11/30/2026 (9 days left)"
    assert entry_deadline(offer, [demand, offer], date(2026, 11, 25)).state is DeadlineState.NEAR
    assert entry_deadline(offer, [demand, offer], date(2026, 12, 2)).state is DeadlineState.LAPSED


def test_the_summary_gives_the_latest_demand_offer_and_gap() -> None:
    """Latest of each side by date; the gap is their difference; a final says settled."""
    entries = [
        move(MoveKind.INITIAL_DEMAND, 150_000, date(2026, 9, 1), entry_id=1),
        move(MoveKind.OFFER, 25_000, date(2026, 9, 20), entry_id=2),
        move(MoveKind.COUNTER_DEMAND, 120_000, date(2026, 10, 5), entry_id=3),
    ]
    summary = negotiation_summary(entries)
    assert summary.last_demand == entries[2]
    assert summary.gap == Money.of(95_000)
    settled = negotiation_summary([*entries, move(MoveKind.FINAL, 60_000, date(2026, 11, 1), entry_id=4)])
    assert settled.text == "Settled for $60,000.00 on 11/01/2026"
    assert negotiation_summary([]).text == "No demands or offers yet"


def test_the_net_at_an_offer_is_the_settlement_split() -> None:
    """It is settlement_split of the amount; costs above it give no split and say why."""
    net = net_at_offer(
        Money.of(45_000),
        fee_rate=Fraction(1, 3),
        fee_basis=FeeBasis.GROSS,
        fee_stage=FeeStage.PRE_SUIT,
        costs=Money.of(2_500),
        liens=Money.of(8_000),
        liens_not_final=1,
    )
    assert net.split == settlement_split(
        Money.of(45_000), Fraction(1, 3), FeeBasis.GROSS, Money.of(2_500), Money.of(8_000)
    )
    assert net.net == Money.of(19_500)
    assert net.lines()[3] == ("Liens (1 not final yet)", "$8,000.00")
    short = net_at_offer(
        Money.of(1_000),
        fee_rate=Fraction(1, 3),
        fee_basis=FeeBasis.GROSS,
        fee_stage=FeeStage.PRE_SUIT,
        costs=Money.of(2_500),
        liens=Money.zero(),
    )
    assert short.net is None and "more than this amount" in short.problem


def test_the_deadline_event_follows_the_entry() -> None:
    """An event on the day it lapses, owned by the negotiation, with reminders; none without a deadline."""
    demand = move(
        MoveKind.INITIAL_DEMAND,
        100_000,
        date(2026, 11, 1),
        entry_id=42,
        time_limit_days=30,
        received_on=date(2026, 11, 3),
    )
    event = deadline_event(demand, 5, "Lone Star Mutual · BI · claim 77-1", None)
    assert event is not None
    assert (event.day, event.kind, event.origin) == (
        date(2026, 12, 3),
        EventKind.FILING_DEADLINE,
        EventOrigin.DEMAND,
    )
    assert event.title == "Time-limited demand lapses ($100,000.00): Lone Star Mutual · BI · claim 77-1"
    assert 7 in event.reminders
    assert entry_id_of(event.uid) == 42 == entry_id_of(deadline_uid(42))
    assert entry_id_of("follow-up-3@casedesk") is None
    assert deadline_event(move(MoveKind.OFFER, 1, TODAY, entry_id=3), 5, "x", None) is None
