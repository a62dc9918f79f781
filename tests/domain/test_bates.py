"""Bates labels, ranges, default prefixes and the rules that keep numbers from being reused or skipped."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from casedesk.domain.bates import (
    BatesSettings,
    DocumentBates,
    Production,
    continuation_error,
    default_prefix,
    produced_subject,
    validate_settings,
)
from casedesk.domain.binder_plan import BatesRun

DOC = DocumentBates(7, "ER records", "SMITH", 6, 10, 14)


def test_labels_and_ranges() -> None:
    """Page 1 carries the first number; ranges use an en dash; one page is one label."""
    assert DOC.label(1) == "SMITH000010"
    assert DOC.label(5) == "SMITH000014"
    assert DOC.page_count == 5
    assert DOC.range_label() == "SMITH000010–SMITH000014"
    assert DOC.range_label(2, 3) == "SMITH000011–SMITH000012"
    assert DOC.range_label(4, 4) == "SMITH000013"


@given(page_from=st.integers(1, 5), offset=st.integers(0, 4))
def test_run_gives_the_same_labels_as_the_document(page_from: int, offset: int) -> None:
    """The binder's run from any page labels pages exactly as the document does."""
    run = DOC.run(page_from)
    assert isinstance(run, BatesRun)
    if page_from + offset <= DOC.page_count:
        assert run.label(offset) == DOC.label(page_from + offset)


@pytest.mark.parametrize(
    ("name", "prefix"),
    [
        ("John Smith", "SMITH"),
        ("Ana María Peña", "PENA"),
        ("John Smith Jr.", "SMITH"),
        ("Smith, John", "SMITH"),
        ("Mary O'Neil-Hart", "ONEILHART"),
        ("Nguyễn Văn An", "AN"),
        ("李", "DOC"),
        ("", "DOC"),
    ],
)
def test_default_prefix_is_the_surname_in_capitals(name: str, prefix: str) -> None:
    """Upper-case letters only, accents dropped, suffixes skipped; a fallback when none are left."""
    assert default_prefix(name) == prefix


@pytest.mark.parametrize(
    ("settings", "fields"),
    [
        (BatesSettings("SMITH"), set()),
        (BatesSettings("ALV-2026_P", 10, 1), set()),
        (BatesSettings(" "), {"prefix"}),
        (BatesSettings("SMITH/JONES"), {"prefix"}),
        (BatesSettings("X" * 21), {"prefix"}),
        (BatesSettings("SMITH", 5), {"digits"}),
        (BatesSettings("SMITH", 6, 0), {"start"}),
        (BatesSettings("SMITH", 6, 1_000_000), {"start"}),
    ],
)
def test_settings_validation(settings: BatesSettings, fields: set[str]) -> None:
    """Prefix 1–20 of letters, digits, - and _; 6–10 digits; a start from 1 that fits."""
    assert set(validate_settings(settings)) == fields


def test_continuation_never_reuses_or_skips() -> None:
    """A used prefix must go on at its next free number; an unused one may start anywhere."""
    assert continuation_error(BatesSettings("SMITH", 6, 500), None) == ""
    assert continuation_error(BatesSettings("SMITH", 6, 241), 241) == ""
    assert "SMITH000240" in continuation_error(BatesSettings("SMITH", 6, 10), 241)
    assert "gap" in continuation_error(BatesSettings("SMITH", 6, 300), 241)


def test_production_spans_its_documents() -> None:
    """A production's range runs from its lowest to its highest number; the timeline subject says so."""
    other = DocumentBates(8, "Bills", "SMITH", 6, 1, 9)
    production = Production(1, 1, date(2026, 11, 20), "Defense counsel", "", datetime.now(UTC), (DOC, other))
    assert (production.first_number, production.last_number, production.page_count) == (1, 14, 14)
    assert production.range_label == "SMITH000001–SMITH000014"
    assert produced_subject(production.documents, "Defense counsel") == (
        "Produced SMITH000001–SMITH000014 to Defense counsel: 2 documents"
    )
    empty = Production(2, 1, date(2026, 11, 20), "Mediator", "", datetime.now(UTC))
    assert (empty.first_number, empty.range_label) == (None, "")
