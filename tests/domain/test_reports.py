"""The progress report's read model: treatment per provider, the valuation range, shortened lists."""

from __future__ import annotations

from datetime import date

import pytest

from casedesk.domain.chronology import Visit
from casedesk.domain.money import Money
from casedesk.domain.reports import TreatmentLine, more_text, shorten, treatment_lines, value_range


def _visit(day: date, provider: str | None, until: date | None = None) -> Visit:
    return Visit(
        service_from=day,
        service_to=until,
        provider_id=None if provider is None else hash(provider) % 1000,
        provider=provider or "",
        kinds=(),
        complaint="",
        diagnoses="",
        procedures="",
        summary="",
        cites=(),
    )


def test_treatment_lines_count_visits_per_provider_in_order_of_first_visit() -> None:
    """Each provider gets its first and last day of care and its visit count; unlinked visits are left out."""
    visits = [
        _visit(date(2026, 6, 3), "Urgent Care"),
        _visit(date(2026, 6, 8), "Imaging"),
        _visit(date(2026, 6, 20), "Chiropractic", until=date(2026, 6, 22)),
        _visit(date(2026, 7, 1), "Imaging"),
        _visit(date(2026, 7, 5), None),
        _visit(date(2026, 8, 29), "Chiropractic"),
    ]
    lines = treatment_lines(visits, treating=["Chiropractic"])
    assert lines == (
        TreatmentLine("Urgent Care", date(2026, 6, 3), date(2026, 6, 3), 1, False),
        TreatmentLine("Imaging", date(2026, 6, 8), date(2026, 7, 1), 2, False),
        TreatmentLine("Chiropractic", date(2026, 6, 20), date(2026, 8, 29), 2, True),
    )


def test_value_range_spans_every_scenario_low_to_high() -> None:
    """The range runs from the lowest low (or value) to the highest high (or value); none without values."""
    m = Money.parse
    assert value_range([(m("10"), m("20"), m("30")), (None, m("5"), None), (None, None, None)]) == (
        m("5"),
        m("30"),
    )
    assert value_range([(None, None, None)]) is None
    assert value_range([]) is None


@pytest.mark.parametrize(
    ("count", "limit", "shown", "more"),
    [(3, 5, 3, 0), (5, 5, 5, 0), (6, 5, 4, 2), (20, 5, 4, 16), (2, 0, 0, 2)],
)
def test_shorten_keeps_the_last_line_for_and_n_more(count: int, limit: int, shown: int, more: int) -> None:
    """A list longer than the limit shows limit − 1 items and "and N more" in the last line."""
    items = list(range(count))
    kept, left = shorten(items, limit)
    assert len(kept) == shown and left == more
    assert len(kept) + (1 if left else 0) <= max(limit, 0) or limit == 0
    assert more_text(4) == "and 4 more"
