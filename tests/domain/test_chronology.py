"""The chronology: visits in date order, merged per provider and day, bills matched, gaps flagged."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from casedesk.domain.bills import Bill
from casedesk.domain.chronology import (
    NO_PROVIDER,
    TreatmentGap,
    Visit,
    build_chronology,
    date_span,
    visit_dates,
)
from casedesk.domain.money import Money
from casedesk.domain.records import EntryKind, RecordEntry

PROVIDERS = {1: "Mercy Hospital", 2: "Dr. Chen Orthopedics", 3: "Capitol Physical Therapy"}
DOCUMENTS = {10: "Mercy ER records", 11: "Chen office notes", 12: "Capitol PT notes"}
ids = iter(range(100, 10_000))


def entry(day: date, provider: int | None = 1, **changes: Any) -> RecordEntry:
    fields: dict[str, Any] = {
        "case_id": 1,
        "service_from": day,
        "provider_id": provider,
        "kind": EntryKind.OFFICE_VISIT,
        "id": next(ids),
    }
    return RecordEntry(**(fields | changes))


def bill(day: date, provider: int, cents: int) -> Bill:
    return Bill(case_id=1, provider_id=provider, service_from=day, billed=Money(cents), id=next(ids))


def chronology(entries: list[RecordEntry], gap_days: int = 30, bills: list[Bill] | None = None) -> Any:
    return build_chronology(
        entries, providers=PROVIDERS, documents=DOCUMENTS, bills=bills or [], gap_days=gap_days
    )


@pytest.mark.parametrize(("days_apart", "flagged"), [(29, False), (30, False), (31, True)])
def test_a_gap_is_flagged_only_when_longer_than_the_threshold(days_apart: int, flagged: bool) -> None:
    """Exactly 30 days between visits is not a gap; 31 is."""
    first = date(2026, 3, 1)
    second = date.fromordinal(first.toordinal() + days_apart)
    result = chronology([entry(first), entry(second, provider=2)])
    assert [type(row) for row in result.rows] == ([Visit, TreatmentGap, Visit] if flagged else [Visit, Visit])
    if flagged:
        assert result.gaps[0].days == 31


def test_the_gap_reads_as_the_case_manager_says_it() -> None:
    """47 days from the last care to the next visit, with both dates."""
    result = chronology([entry(date(2026, 4, 2)), entry(date(2026, 5, 19), provider=3)])
    assert result.gaps[0].text == "Gap in treatment: 47 days, Apr 2 – May 19, 2026"


def test_a_gap_over_new_year_names_both_years() -> None:
    """Dec 20, 2025 – Jan 25, 2026."""
    assert date_span(date(2025, 12, 20), date(2026, 1, 25)) == "Dec 20, 2025 – Jan 25, 2026"


def test_a_hospital_stay_counts_until_discharge() -> None:
    """Admitted March 1, discharged March 10, therapy April 5: 26 days from discharge, no gap."""
    stay = entry(date(2026, 3, 1), kind=EntryKind.HOSPITAL, service_to=date(2026, 3, 10))
    result = chronology([stay, entry(date(2026, 4, 5), provider=3)])
    assert result.gaps == []
    assert visit_dates(result.visits[0]) == "03/01/2026 – 03/10/2026"
    assert result.last_day == date(2026, 4, 5)


def test_a_visit_during_a_stay_leaves_no_gap_after_the_stay() -> None:
    """A consult on day 3 of a long stay does not move the end of care back."""
    stay = entry(date(2026, 3, 1), kind=EntryKind.HOSPITAL, service_to=date(2026, 4, 20))
    consult = entry(date(2026, 3, 3), provider=2, kind=EntryKind.CONSULTATION)
    result = chronology([stay, consult, entry(date(2026, 5, 15), provider=3)])
    assert result.gaps == []
    result = chronology([stay, consult, entry(date(2026, 5, 25), provider=3)])
    assert [(g.last_care, g.days) for g in result.gaps] == [(date(2026, 4, 20), 35)]


def test_same_day_visits_at_two_providers_are_two_rows() -> None:
    """The ER and the orthopedist the same afternoon: two visits, ordered by provider name."""
    day = date(2026, 6, 14)
    result = chronology([entry(day, provider=1), entry(day, provider=2)])
    assert [v.provider for v in result.visits] == ["Dr. Chen Orthopedics", "Mercy Hospital"]
    assert result.providers == ["Dr. Chen Orthopedics", "Mercy Hospital"]


def test_entries_of_one_provider_and_day_make_one_visit_with_every_cite() -> None:
    """The ER record and its CT report: one visit, both kinds, both page ranges, texts joined."""
    day = date(2026, 6, 14)
    er = entry(day, kind=EntryKind.EMERGENCY, document_id=10, page_from=3, page_to=5, diagnoses="S13.4XXA")
    ct = entry(
        day, kind=EntryKind.IMAGING, document_id=10, page_from=9, diagnoses="S13.4XXA", summary="CT neg."
    )
    result = chronology([ct, er])
    (visit,) = result.visits
    assert visit.kind_text == "Emergency room, Imaging"
    assert visit.cite_text == "Mercy ER records, pp. 3–5; Mercy ER records, p. 9"
    assert visit.diagnoses == "S13.4XXA"
    assert visit.summary == "CT neg."
    assert visit.first_cite is not None and visit.first_cite.page_from == 3


def test_entries_without_a_provider_stay_apart() -> None:
    """Two unattributed notes of the same day are not merged into one visit."""
    day = date(2026, 6, 14)
    result = chronology([entry(day, provider=None), entry(day, provider=None)])
    assert [v.provider for v in result.visits] == [NO_PROVIDER, NO_PROVIDER]
    assert result.providers == []


def test_bills_attach_to_their_provider_and_dates_once() -> None:
    """A bill inside a stay goes to the stay; another provider's bill that day does not; the rest is apart."""
    stay = entry(date(2026, 3, 1), kind=EntryKind.HOSPITAL, service_to=date(2026, 3, 4))
    therapy = entry(date(2026, 3, 20), provider=3)
    bills = [
        bill(date(2026, 3, 1), 1, 1_850_000),
        bill(date(2026, 3, 3), 1, 42_500),
        bill(date(2026, 3, 20), 3, 21_000),
        bill(date(2026, 3, 21), 3, 21_000),  # no indexed visit that day
        bill(date(2026, 3, 1), 2, 30_000),  # a provider with no visit that day
    ]
    result = chronology([stay, therapy], bills=bills)
    assert [v.billed for v in result.visits] == [Money(1_892_500), Money(21_000)]
    assert result.billed == Money(1_913_500)
    assert [(o.provider, o.bill.billed) for o in result.unmatched_bills] == [
        ("Dr. Chen Orthopedics", Money(30_000)),
        ("Capitol Physical Therapy", Money(21_000)),
    ]
    assert result.unmatched_billed == Money(51_000)


def test_a_visit_without_a_bill_has_none() -> None:
    """No bill entered is not a bill of $0.00."""
    assert chronology([entry(date(2026, 3, 1))]).visits[0].billed is None


def test_an_empty_index_has_an_empty_chronology() -> None:
    """No visits, no gaps, nothing billed, no dates."""
    result = chronology([])
    assert (result.rows, result.billed, result.first_day, result.last_day) == ((), Money(0), None, None)


def test_a_gap_comes_right_before_the_visit_that_ends_it() -> None:
    """Three visits, two long breaks: visit, gap, visit, gap, visit."""
    result = chronology(
        [entry(date(2026, 1, 5)), entry(date(2026, 3, 1), provider=2), entry(date(2026, 6, 1), provider=3)],
        gap_days=45,
    )
    kinds = ["gap" if isinstance(row, TreatmentGap) else row.provider for row in result.rows]
    assert kinds == ["Mercy Hospital", "gap", "Dr. Chen Orthopedics", "gap", "Capitol Physical Therapy"]
    assert [g.days for g in result.gaps] == [55, 92]
