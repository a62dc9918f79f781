"""The record index's rules: validation as typed, page cites, codes and suggestions found in text."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from casedesk.domain.money import Money
from casedesk.domain.records import (
    CodeKind,
    EntryKind,
    MedicalCode,
    RecordEntry,
    find_amounts,
    find_service_dates,
    page_cite,
    recognized_codes,
    validate_entry,
)

TODAY = date(2026, 11, 21)


def entry(**changes: Any) -> RecordEntry:
    fields: dict[str, Any] = {
        "case_id": 1,
        "service_from": date(2026, 6, 14),
        "kind": EntryKind.EMERGENCY,
        "provider_id": 3,
        "document_id": 7,
        "page_from": 3,
        "page_to": 5,
    }
    return RecordEntry(**(fields | changes))


def test_a_complete_entry_has_no_errors() -> None:
    """Dates in the past, pages in order within the document: nothing to report."""
    assert validate_entry(entry(), today=TODAY, page_count=12) == {}


def test_the_provider_and_document_are_optional() -> None:
    """A phone call's note, say, is indexed without a provider or a document."""
    assert (
        validate_entry(entry(provider_id=None, document_id=None, page_from=None, page_to=None), today=TODAY)
        == {}
    )


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"service_from": date(2026, 11, 22)}, "service_from", "cannot be in the future"),
        ({"service_to": date(2026, 6, 13)}, "service_to", "before the first"),
        ({"service_to": date(2026, 11, 22)}, "service_to", "cannot be in the future"),
        ({"page_from": 0}, "page_from", "numbered from 1"),
        ({"page_from": 13, "page_to": None}, "page_from", "The document has 12 pages."),
        ({"page_to": 13}, "page_to", "The document has 12 pages."),
        ({"page_from": 5, "page_to": 3}, "page_to", "before the first"),
        ({"page_from": None, "page_to": 3}, "page_from", "first page too"),
        ({"document_id": None}, "page_from", "Choose the document"),
    ],
)
def test_wrong_entries_are_explained_by_field(changes: dict[str, Any], field: str, message: str) -> None:
    """Each rule's message lands under the field the user must fix."""
    errors = validate_entry(entry(**changes), today=TODAY, page_count=12)
    assert message in errors[field]


def test_today_is_a_valid_date_of_service() -> None:
    """A visit today can be indexed today."""
    assert validate_entry(entry(service_from=TODAY), today=TODAY, page_count=12) == {}


def test_pages_are_not_checked_against_an_unknown_page_count() -> None:
    """A document whose text could not be read has 0 pages on record; any page is accepted."""
    assert validate_entry(entry(page_from=40, page_to=41), today=TODAY, page_count=0) == {}


@pytest.mark.parametrize(
    ("first", "last", "cite"),
    [
        (3, 5, "Mercy ER records, pp. 3–5"),
        (3, None, "Mercy ER records, p. 3"),
        (4, 4, "Mercy ER records, p. 4"),
    ],
)
def test_page_cites_read_as_in_a_brief(first: int, last: int | None, cite: str) -> None:
    """One page is p., a range pp. with an en dash."""
    assert page_cite("Mercy ER records", first, last) == cite


def test_codes_in_an_emergency_note_are_recognized() -> None:
    """ICD-10-CM with its dot and 7th character, CPT with a modifier, each once, in order."""
    text = (
        "Dx: S13.4XXA sprain of ligaments of cervical spine, initial encounter; M54.2 cervicalgia;\n"
        "R51 headache. Procedures: 99285-25 ED visit, 72125 CT cervical spine w/o contrast; 99285-25 again."
    )
    assert recognized_codes(text) == [
        MedicalCode("S13.4XXA", CodeKind.ICD10),
        MedicalCode("M54.2", CodeKind.ICD10),
        MedicalCode("R51", CodeKind.ICD10),
        MedicalCode("99285-25", CodeKind.CPT),
        MedicalCode("72125", CodeKind.CPT),
    ]


def test_codes_typed_in_lower_case_are_shown_in_upper_case() -> None:
    """A quick typist's m54.2 is the code M54.2."""
    assert recognized_codes("m54.2, s16.1xxa") == [
        MedicalCode("M54.2", CodeKind.ICD10),
        MedicalCode("S16.1XXA", CodeKind.ICD10),
    ]


def test_therapy_codes_in_a_list_are_recognized() -> None:
    """97110 therapeutic exercise, 97140 manual therapy, 97014 e-stim, written without spaces too."""
    codes = [c.code for c in recognized_codes("PT: 97110 x3 units, 97140,97014; MRI 72141")]
    assert codes == ["97110", "97140", "97014", "72141"]


@pytest.mark.parametrize(
    "text",
    [
        "Seen 03/14/2026 and again 2026-04-02",
        "Call (512) 555-0142 or 512-555-0142, fax 5125550199",
        "Charges $12,345.00 and 12345.00, balance $ 10250",
        "Mercy Hospital, 1200 Main St, Austin, TX 78701-1234 and Dallas, TX 75201",
        "Acct 45678, MRN: 20331, Claim # 88123, policy 55555",
        "T12-L1 disc bulge; vitamin B12 normal; C5-C6 narrowing",
        "Temperature 98.6, pulse 88, BP 128/84, 10 mg",
        "Version 1.2.3 of the form",
    ],
)
def test_dates_phones_amounts_zips_and_account_numbers_are_not_codes(text: str) -> None:
    """Numbers that only look like codes are left alone."""
    assert recognized_codes(text) == []


def test_service_dates_are_found_in_the_usual_forms() -> None:
    """US numeric, two-digit year, month names, ISO; each once, in the order they appear."""
    text = (
        "Date of service: 03/14/2026. Follow-up 3/28/26.\n"
        "Admitted March 2, 2026; discharged Mar. 5 2026. Report dated 2026-04-01; seen 14 April 2026.\n"
        "Seen 03/14/2026 again."
    )
    assert find_service_dates(text, today=TODAY) == [
        date(2026, 3, 14),
        date(2026, 3, 28),
        date(2026, 3, 2),
        date(2026, 3, 5),
        date(2026, 4, 1),
        date(2026, 4, 14),
    ]


def test_birth_dates_impossible_and_future_dates_are_not_suggested() -> None:
    """The patient's DOB, 02/30, a follow-up still to come and a phone number are not dates of service."""
    text = "Patient DOB: 03/02/1984. Date of birth 3/2/84. 02/30/2026. Next visit 12/15/2026. 555-0142"
    assert find_service_dates(text, today=TODAY) == []


def test_a_two_digit_year_still_to_come_is_read_as_last_century() -> None:
    """On an old intake form 4/1/98 is 1998, not 2098."""
    assert find_service_dates("Prior injury 4/1/98", today=TODAY) == [date(1998, 4, 1)]


def test_amounts_are_found_with_and_without_the_dollar_sign() -> None:
    """$1,234.56, $80 and a grouped amount with cents; each once; plain numbers are not amounts."""
    text = "Total charges $1,234.56. Copay $80. Balance 2,000.00. Paid $1,234.56. Pulse 88, 97110, 12.5 mg"
    assert find_amounts(text) == [Money(123456), Money(8000), Money(200000)]
