"""The binder layout's rules: the template, titles, page ranges, moving."""

from __future__ import annotations

from typing import Any

import pytest

from casedesk.domain.binder import (
    LayoutItem,
    SectionKind,
    moved,
    parse_template,
    validate_pages,
    validate_title,
)
from casedesk.resources import binder_template


def test_the_shipped_template_lists_the_sections_in_trial_order() -> None:
    """Reference first, witnesses before exhibits, closing last; every PI tab is there."""
    kinds = [section.kind for section in binder_template()]
    assert kinds[0] is SectionKind.REFERENCE
    assert kinds[-1] is SectionKind.CLOSING
    assert kinds.index(SectionKind.ORDER_OF_PROOF) < kinds.index(SectionKind.WITNESSES)
    assert kinds.index(SectionKind.WITNESSES) < kinds.index(SectionKind.EXHIBITS)
    assert {SectionKind.MEDICAL_SUMMARY, SectionKind.SPECIALS} <= set(kinds)
    assert SectionKind.CUSTOM not in kinds


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({}, "lists no [[section]] tables"),
        ({"section": [{"kind": "appendix", "title": "A"}]}, "section 1 has an unknown kind 'appendix'"),
        ({"section": [{"kind": "opening", "title": " "}]}, "section 1 needs a title"),
        ({"section": [{"kind": "opening", "titel": "x"}]}, "section 1 has unknown keys ['titel']"),
        (
            {"section": [{"kind": "exhibits", "title": "A"}, {"kind": "exhibits", "title": "B"}]},
            "more than one section of kind 'exhibits'",
        ),
    ],
)
def test_a_malformed_template_is_refused_naming_the_file(data: dict[str, Any], message: str) -> None:
    """The message names the file and what is wrong with which section."""
    with pytest.raises(ValueError, match=r"firm\.toml") as raised:
        parse_template(data, "firm.toml")
    assert message in str(raised.value)


def test_a_template_section_without_a_title_takes_its_kinds_label() -> None:
    """``kind = "voir_dire"`` alone gives a "Voir dire" tab."""
    (section,) = parse_template({"section": [{"kind": "voir_dire"}]}, "t.toml")
    assert section.title == "Voir dire"


@pytest.mark.parametrize(
    ("page_from", "page_to", "count", "field"),
    [
        (None, None, 5, None),
        (2, 4, 5, None),
        (3, None, 5, None),
        (0, 2, 5, "page_from"),
        (2, 6, 5, "page_to"),
        (4, 2, 5, "page_to"),
    ],
)
def test_page_ranges_stay_inside_the_document(
    page_from: int | None, page_to: int | None, count: int, field: str | None
) -> None:
    """A range must start at page 1 or later, end at the last page or before, and not run backwards."""
    errors = validate_pages(page_from, page_to, count)
    assert list(errors) == ([field] if field else [])


def test_titles_are_required_and_limited() -> None:
    """An empty or over-long title is refused; a normal one passes."""
    assert validate_title("  ")
    assert validate_title("x" * 201)
    assert not validate_title("Damages experts")


def test_moving_clamps_to_the_list() -> None:
    """Moving past either end puts the item at that end."""
    assert moved([1, 2, 3], 3, 0) == [3, 1, 2]
    assert moved([1, 2, 3], 1, 9) == [2, 3, 1]
    assert moved([1, 2, 3], 2, -1) == [2, 1, 3]


def test_an_items_pages_read_as_a_person_would_say_them() -> None:
    """All pages, one page, or a span."""
    assert LayoutItem(1, 1, page_count=12).pages_text == "all 12 pages"
    assert LayoutItem(1, 1, 4, 4, page_count=12).pages_text == "page 4"
    assert LayoutItem(1, 1, 3, None, page_count=12).pages_text == "pages 3–12"
