"""Letters' figures and words: amounts in words, specials, treatment narrative, demand, check warnings."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from decimal import Decimal

import pytest

from casedesk.domain.bills import Bill, BillTotals, bill_totals, totals_by_provider
from casedesk.domain.cases import Case, Client
from casedesk.domain.chronology import build_chronology
from casedesk.domain.firm import FirmProfile
from casedesk.domain.interviews import Injury
from casedesk.domain.letters import (
    MERGE_NAMES,
    DemandFigure,
    LetterFacts,
    LetterKind,
    amount_words,
    demand_figure,
    letter_check,
    letter_context,
    letter_title,
    number_words,
    provider_treatments,
    specials_table,
    treatment_text,
    unknown_fields,
)
from casedesk.domain.money import Money
from casedesk.domain.negotiation import MoveKind, NegotiationEntry
from casedesk.domain.records import EntryKind, RecordEntry


@pytest.mark.parametrize(
    ("cents", "words"),
    [
        (15_000_000, "one hundred fifty thousand dollars"),
        (100, "one dollar"),
        (
            1_234_567_89,
            "one million two hundred thirty-four thousand five hundred sixty-seven dollars and "
            "eighty-nine cents",
        ),
        (1, "zero dollars and one cent"),
        (2_000_000_00, "two million dollars"),
        (10_010_00, "ten thousand ten dollars"),
    ],
)
def test_amounts_in_words_as_a_demand_writes_them(cents: int, words: str) -> None:
    assert amount_words(Money(cents)) == words


def test_number_words_cover_the_teens_tens_and_scales() -> None:
    assert number_words(0) == "zero"
    assert number_words(19) == "nineteen"
    assert number_words(90) == "ninety"
    assert number_words(101) == "one hundred one"
    assert number_words(1_000_000_000) == "one billion"


def bill(provider_id: int, billed: str, paid: str = "0", **fields: object) -> Bill:
    return Bill(
        case_id=1,
        provider_id=provider_id,
        service_from=date(2026, 3, 3),
        billed=Money.parse(billed),
        health_paid=Money.parse(paid),
        **fields,  # type: ignore[arg-type]
    )


def test_specials_medical_rows_add_up_to_the_bill_totals_exactly() -> None:
    """Per-provider rows in the order of first treatment, adding up to the bill totals to the cent."""
    bills = [
        bill(7, "1250.10", "600"),
        bill(3, "980.33", "556.75", pip_paid=Money.parse("10.01")),
        bill(7, "0.01"),
    ]
    table = specials_table(
        totals_by_provider(bills),
        bill_totals(bills),
        {3: "Harborline Imaging", 7: "Brightway Urgent Care"},
        lost_wages=Money.parse("4500"),
        property_damage=Money.parse("6200"),
        other=Money.zero(),
    )
    assert [row.label for row in table.medical] == ["Harborline Imaging", "Brightway Urgent Care"]
    assert table.medical_billed == bill_totals(bills).billed == Money.parse("2230.44")
    assert table.medical_paid == bill_totals(bills).total_paid
    assert sum((row.billed for row in table.medical), Money.zero()) == table.medical_billed
    assert table.total == Money.parse("12930.44")
    labels = [row.label for row in table.rows]
    assert labels[-4:] == ["Total medical expenses", "Lost wages", "Property damage", "Total special damages"]
    assert "Other out-of-pocket losses" not in labels  # nothing claimed, no row


def test_specials_count_bills_of_a_provider_no_longer_named_on_a_row_of_their_own() -> None:
    bills = [bill(1, "100"), bill(2, "50.50", "20")]
    totals = BillTotals()
    for item in bills:
        totals = totals + BillTotals.of(item)
    table = specials_table(
        totals_by_provider(bills),
        totals,
        {1: "Mercy"},
        lost_wages=Money.zero(),
        property_damage=Money.zero(),
        other=Money.zero(),
    )
    assert [(r.label, str(r.billed)) for r in table.medical] == [
        ("Mercy", "$100.00"),
        ("Other provider", "$50.50"),
    ]
    assert table.total == Money.parse("150.50")


def test_treatment_narrative_per_provider_in_order_of_first_visit() -> None:
    entries = [
        RecordEntry(
            case_id=1,
            service_from=date(2026, 3, 20),
            provider_id=2,
            kind=EntryKind.OFFICE_VISIT,
            diagnoses="S13.4XXA Cervical sprain",
            summary="Pain 7/10. Began physical therapy.",
        ),
        RecordEntry(
            case_id=1,
            service_from=date(2026, 3, 3),
            provider_id=1,
            kind=EntryKind.EMERGENCY,
            diagnoses="S13.4XXA Cervical sprain; S16.1XXA Neck strain",
            summary="Seen after the crash.",
        ),
        RecordEntry(
            case_id=1,
            service_from=date(2026, 6, 9),
            provider_id=2,
            kind=EntryKind.OFFICE_VISIT,
            summary="Released from care. Pain 2/10.",
        ),
    ]
    chronology = build_chronology(entries, providers={1: "Mercy Hospital", 2: "Dr. Ana Ruiz"}, documents={})
    treatments = provider_treatments(chronology)
    assert [t.name for t in treatments] == ["Mercy Hospital", "Dr. Ana Ruiz"]
    ruiz = treatments[1]
    assert (ruiz.first, ruiz.last, ruiz.visits) == (date(2026, 3, 20), date(2026, 6, 9), 2)
    text = treatment_text(ruiz, "Maria Alvarez")
    assert text.startswith("Dr. Ana Ruiz treated Maria Alvarez from March 20, 2026 to June 9, 2026 (2 visits")
    assert "cervical sprain" in text and "S13" not in text
    assert "at the last visit, on June 9, 2026: Released from care" in text
    mercy = treatment_text(treatments[0], "Maria Alvarez")
    assert "on March 3, 2026 (1 visit: emergency room)" in mercy
    assert "cervical sprain and neck strain" in mercy


def entry(kind: MoveKind, day: int, amount: str, **fields: object) -> NegotiationEntry:
    return NegotiationEntry(
        claim_id=1, kind=kind, made_on=date(2026, 10, day), amount=Money.parse(amount), **fields
    )  # type: ignore[arg-type]


def test_demand_is_the_latest_demand_else_the_valuation() -> None:
    entries = [
        entry(MoveKind.INITIAL_DEMAND, 1, "150000", time_limit_days=30, received_on=date(2026, 10, 4)),
        entry(MoveKind.OFFER, 10, "40000"),
        entry(MoveKind.COUNTER_DEMAND, 20, "120000", deadline=date(2026, 11, 30)),
    ]
    figure = demand_figure(entries, Money.parse("99000"))
    assert figure == DemandFigure(
        Money.parse("120000"), "counter-demand of October 20, 2026", date(2026, 11, 30)
    )
    first = demand_figure(entries[:2], None)
    assert first.deadline == date(2026, 11, 3) and first.time_limit_days == 30
    assert demand_figure([], Money.parse("99000")).source == "the valuation"
    assert demand_figure([], None).amount is None
    typed = demand_figure(entries[:1], None, Money.parse("175000"))
    assert (typed.amount, typed.source, typed.deadline) == (
        Money.parse("175000"),
        "the amount typed",
        date(2026, 11, 3),
    )


def facts(**changes: object) -> LetterFacts:
    base = LetterFacts(
        kind=LetterKind.DEMAND,
        today=date(2026, 11, 21),
        firm=FirmProfile(),
        case=Case(number="PI-1", caption="Alvarez v. Brooks", client_id=1, attorney="", facts=""),
        client=Client(name="Maria Alvarez", date_of_birth=date(1984, 3, 2)),
        treatments=(),
        specials=specials_table(
            {}, BillTotals(), {}, lost_wages=Money.zero(), property_damage=Money.zero(), other=Money.zero()
        ),
        bill_count=0,
        injuries=(),
        impact=(),
        demand=DemandFigure(None, ""),
    )
    return replace(base, **changes)  # type: ignore[arg-type]


def test_check_says_what_is_missing_before_drafting() -> None:
    check = letter_check(facts())
    assert check.needs_claim and not check.needs_provider
    text = " | ".join(check.warnings)
    for expected in (
        "Choose a claim",
        "No firm details: Edit › Firm Details…",
        "No bills yet",
        "type the amount to demand",
        "No incident date",
        "signature block",
    ):
        assert expected in text
    records = letter_check(facts(kind=LetterKind.RECORDS_REQUEST))
    assert records.needs_provider and not records.needs_claim
    assert "Choose the provider" in records.warnings
    assert "No bills yet: the specials table will be empty" not in records.warnings


def test_context_formats_money_and_dates_for_letters_and_fills_every_declared_name() -> None:
    context = letter_context(
        facts(
            firm=FirmProfile(
                name="Reyes & Whitfield, P.C.",
                address="100 Congress Ave\nAustin, TX 78701",
                phone="(512) 555-0100",
            ),
            case=Case(
                number="PI-1",
                caption="Alvarez v. Brooks",
                client_id=1,
                incident_date=date(2026, 3, 3),
                facts="First paragraph\ncontinues.\n\nSecond.",
            ),
            demand=DemandFigure(Money.parse("150000"), "the valuation", date(2026, 12, 21), 30),
            injuries=(Injury("Neck", "whiplash"),),
            fault_percent=Decimal("10"),
        )
    )
    assert set(context) == set(MERGE_NAMES)
    assert context["firm"]["address_lines"] == ["100 Congress Ave", "Austin, TX 78701"]
    assert context["incident"]["date"] == "March 3, 2026"
    assert context["incident"]["facts"] == ["First paragraph continues.", "Second."]
    assert context["demand"]["amount"] == "$150,000.00"
    assert context["demand"]["words"] == "one hundred fifty thousand dollars"
    assert context["demand"]["time_limited"] is True
    assert context["deadline"] == "December 21, 2026"
    assert context["liability"]["fault_percent"] == "10%"
    assert context["client"]["date_of_birth"] == "March 2, 1984"
    assert context["hipaa"]["expiry"] == "November 21, 2027"


def test_unknown_fields_are_named_and_title_names_the_claim() -> None:
    assert unknown_fields({"client", "clinet", "demand", "adjustor"}) == ["adjustor", "clinet"]
    assert letter_title(LetterKind.DEMAND, "Demand letter", None, None, date(2026, 11, 21)) == (
        "Demand letter — 2026-11-21"
    )
