"""The pain journal: its wording, the chart, and its box on the case overview, used as a user would."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import date
from itertools import pairwise

import pytest
from PySide6.QtCore import QEvent, QPoint, Qt
from PySide6.QtGui import QColor, QHelpEvent, QPalette
from PySide6.QtWidgets import QApplication, QToolTip
from pytestqt.qtbot import QtBot

from casedesk.domain.cases import Case
from casedesk.domain.interviews import Answer, PainPoint
from casedesk.services.casefiles import Services
from casedesk.ui.cases.overview import OverviewPanel
from casedesk.ui.interviews.pain_chart import (
    EMPTY_TEXT,
    TOOLTIP_WIDTH,
    PainJournalChart,
    month_label,
    month_ticks,
    pain_description,
    pain_summary,
    point_tooltip,
)

LONG_LIMITS = (
    "Cannot lift her daughter or sit through a work shift; sleeps two or three hours at a time, "
    "needs help dressing in the morning and has stopped driving on the highway."
)
JOURNAL = [
    PainPoint(date(2026, 3, 6), 9, LONG_LIMITS, 1),
    PainPoint(date(2026, 5, 2), 8, "Still no lifting.", 2),
    PainPoint(date(2026, 8, 14), 5, "", 3),
    PainPoint(date(2026, 11, 21), 7, "Flare-up after a long drive.", 4),
]


def point(day: date, level: int) -> PainPoint:
    return PainPoint(day, level, "", None)


# --- wording -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("points", "expected"),
    [
        ([], EMPTY_TEXT),
        ([point(date(2026, 11, 21), 7)], "Pain 7/10 on 11/21/2026; 1 interview"),
        (
            [point(date(2026, 3, 6), 9), point(date(2026, 11, 21), 7)],
            "Pain 7/10 on 11/21/2026, down from 9/10 on 03/06/2026; 2 interviews",
        ),
        (
            [point(date(2026, 3, 6), 4), point(date(2026, 11, 21), 6)],
            "Pain 6/10 on 11/21/2026, up from 4/10 on 03/06/2026; 2 interviews",
        ),
        (
            [point(date(2026, 3, 6), 5), point(date(2026, 6, 1), 5), point(date(2026, 11, 21), 5)],
            "Pain 5/10 on 11/21/2026, the same as on 03/06/2026; 3 interviews",
        ),
        (
            [point(date(2026, 3, 6), 6), point(date(2026, 5, 2), 10), point(date(2026, 11, 21), 3)],
            "Pain 3/10 on 11/21/2026, down from 6/10 on 03/06/2026 (highest 10/10 on 05/02/2026); "
            "3 interviews",
        ),
        (
            [point(date(2026, 3, 6), 0), point(date(2026, 11, 21), 0)],
            "Pain 0/10 on 11/21/2026, the same as on 03/06/2026; 2 interviews",
        ),
    ],
)
def test_pain_summary_words_the_latest_level_against_the_first(
    points: list[PainPoint], expected: str
) -> None:
    """The summary gives the latest level, the change since the first, a hidden peak and the count."""
    assert pain_summary(points) == expected


def test_pain_summary_of_the_example_journal() -> None:
    """Four interviews from 9/10 down to 7/10 read as the case manager would say it."""
    assert pain_summary(JOURNAL) == "Pain 7/10 on 11/21/2026, down from 9/10 on 03/06/2026; 4 interviews"


def test_pain_description_lists_every_interview_after_the_summary() -> None:
    """A screen reader hears the summary, then each interview's date and level."""
    assert pain_description(JOURNAL) == (
        "Pain 7/10 on 11/21/2026, down from 9/10 on 03/06/2026; 4 interviews. "
        "Each interview: 03/06/2026: 9/10; 05/02/2026: 8/10; 08/14/2026: 5/10; 11/21/2026: 7/10."
    )
    assert pain_description([]) == EMPTY_TEXT


def test_point_tooltip_gives_date_level_and_wrapped_limitations() -> None:
    """The tooltip's first line is the date and level; the limitations follow, wrapped to short lines."""
    lines = point_tooltip([JOURNAL[0]]).splitlines()
    assert lines[0] == "03/06/2026 — pain 9/10"
    assert len(lines) > 2
    assert all(len(line) <= TOOLTIP_WIDTH for line in lines)
    assert " ".join(lines[1:]) == f"Limitations: {LONG_LIMITS}"
    assert point_tooltip([JOURNAL[2]]) == "08/14/2026 — pain 5/10"


def test_point_tooltip_of_two_interviews_on_one_day_shows_both() -> None:
    """Two interviews held the same day sit on one spot; the tooltip shows them both."""
    same_day = [PainPoint(date(2026, 11, 21), 4, "", 1), PainPoint(date(2026, 11, 21), 6, "Stairs.", 2)]
    assert point_tooltip(same_day) == (
        "11/21/2026 — pain 4/10\n\n11/21/2026 — pain 6/10\nLimitations: Stairs."
    )


@pytest.mark.parametrize(
    ("first", "last", "expected"),
    [
        (date(2026, 3, 6), date(2026, 3, 30), []),
        (date(2026, 3, 6), date(2026, 4, 1), [date(2026, 4, 1)]),
        (date(2026, 3, 1), date(2026, 5, 20), [date(2026, 4, 1), date(2026, 5, 1)]),
        (date(2026, 11, 21), date(2027, 2, 1), [date(2026, 12, 1), date(2027, 1, 1), date(2027, 2, 1)]),
        (date(2026, 11, 21), date(2026, 11, 21), []),
    ],
)
def test_month_ticks_are_the_first_days_of_months_after_the_first_date(
    first: date, last: date, expected: list[date]
) -> None:
    """A tick marks each month's first day after the first interview, up to the latest."""
    assert month_ticks(first, last) == expected


@pytest.mark.parametrize(
    ("day", "expected"), [(date(2026, 3, 1), "Mar"), (date(2026, 12, 1), "Dec"), (date(2027, 1, 1), "2027")]
)
def test_month_label_names_the_year_at_january(day: date, expected: str) -> None:
    """Months are labelled by short name; January by its year, so a span over New Year reads."""
    assert month_label(day) == expected


# --- the chart -----------------------------------------------------------------------------------


def make_chart(qtbot: QtBot, points: list[PainPoint]) -> PainJournalChart:
    chart = PainJournalChart()
    qtbot.addWidget(chart)
    chart.set_points(points)
    chart.resize(420, 140)
    chart.show()
    qtbot.waitExposed(chart)
    return chart


def inked_pixels(chart: PainJournalChart) -> int:
    """How many pixels of the plot area differ from the widget's background."""
    image = chart.grab().toImage()
    background = chart.palette().color(chart.backgroundRole()).rgb()
    ratio = image.devicePixelRatio()
    plot = chart.plot_rect()
    return sum(
        image.pixel(int(x * ratio), int(y * ratio)) != background
        for x in range(int(plot.left()), int(plot.right()))
        for y in range(int(plot.top()), int(plot.bottom()) + 1)
    )


def close_to(color: QColor, expected: QColor) -> bool:
    channels = (
        (color.red(), expected.red()),
        (color.green(), expected.green()),
        (color.blue(), expected.blue()),
    )
    return all(abs(a - b) < 40 for a, b in channels)


@pytest.mark.parametrize("count", [0, 1, 4])
def test_chart_paints_its_scale_and_points(qtbot: QtBot, count: int) -> None:
    """With no point, one or several, the chart paints its gridlines (and its points) in the plot area."""
    chart = make_chart(qtbot, JOURNAL[-count:] if count else [])
    assert inked_pixels(chart) > 100
    image = chart.grab().toImage()
    ratio = image.devicePixelRatio()
    accent = chart.palette().color(QPalette.ColorRole.Highlight)
    for index in range(count):
        spot = chart.point_position(index)
        assert close_to(image.pixelColor(int(spot.x() * ratio), int(spot.y() * ratio)), accent)


def test_chart_places_points_by_date_and_level(qtbot: QtBot) -> None:
    """Dates are spaced in proportion to the days between them; higher pain is drawn higher."""
    chart = make_chart(qtbot, JOURNAL)
    xs = [chart.point_position(i).x() for i in range(4)]
    ys = [chart.point_position(i).y() for i in range(4)]
    gaps = [(b.day - a.day).days for a, b in pairwise(JOURNAL)]
    assert (xs[1] - xs[0]) / gaps[0] == pytest.approx((xs[3] - xs[2]) / gaps[2], rel=0.01)
    assert ys[0] < ys[1] < ys[3] < ys[2]  # 9, 8, 7 and 5 out of 10
    plot = chart.plot_rect()
    assert all(plot.left() <= x <= plot.right() for x in xs)


def test_chart_puts_a_single_point_in_the_middle(qtbot: QtBot) -> None:
    """One interview is drawn at the middle of the time axis."""
    chart = make_chart(qtbot, JOURNAL[:1])
    assert chart.point_position(0).x() == pytest.approx(chart.plot_rect().center().x())


def test_chart_sorts_the_points_it_is_given(qtbot: QtBot) -> None:
    """Points given in any order are drawn oldest first."""
    chart = make_chart(qtbot, list(reversed(JOURNAL)))
    assert chart.points == tuple(JOURNAL)


def test_chart_describes_its_series_for_screen_readers(qtbot: QtBot) -> None:
    """The accessible name says what the chart is; the description follows the points shown."""
    chart = make_chart(qtbot, [])
    assert chart.accessibleName() == "Pain journal chart"
    assert chart.accessibleDescription() == EMPTY_TEXT
    chart.set_points(JOURNAL)
    assert chart.accessibleDescription() == pain_description(JOURNAL)


def help_event(chart: PainJournalChart, position: QPoint) -> None:
    event = QHelpEvent(QEvent.Type.ToolTip, position, chart.mapToGlobal(position))
    QApplication.sendEvent(chart, event)


def test_chart_tooltip_tells_the_hovered_points_date_level_and_limitations(qtbot: QtBot) -> None:
    """Resting the mouse near a point shows its date, level and limitations; away from points, nothing."""
    chart = make_chart(qtbot, JOURNAL)
    help_event(chart, chart.point_position(0).toPoint() + QPoint(3, -2))
    assert QToolTip.isVisible()
    assert QToolTip.text() == point_tooltip([JOURNAL[0]])
    assert QToolTip.text().startswith("03/06/2026 — pain 9/10\nLimitations: Cannot lift")

    help_event(chart, chart.point_position(3).toPoint())
    assert QToolTip.text() == "11/21/2026 — pain 7/10\nLimitations: Flare-up after a long drive."

    first, second = chart.point_position(1), chart.point_position(2)
    help_event(chart, ((first + second) / 2).toPoint() + QPoint(0, 30))
    qtbot.waitUntil(lambda: not QToolTip.isVisible())


def test_chart_rings_the_point_under_the_mouse(qtbot: QtBot) -> None:
    """Moving the mouse onto a point marks it; moving away unmarks it."""
    chart = make_chart(qtbot, JOURNAL)
    assert chart.hovered is None
    qtbot.mouseMove(chart, chart.point_position(1).toPoint())
    qtbot.waitUntil(lambda: chart.hovered == JOURNAL[1])
    qtbot.mouseMove(chart, QPoint(chart.width() // 2, chart.height() - 2))
    qtbot.waitUntil(lambda: chart.hovered is None)


# --- on the case overview ------------------------------------------------------------------------


def complete_intake(
    services: Services, case_id: int, held_on: date, pain: int, limitations: str = ""
) -> None:
    """Hold an intake interview on ``held_on`` with the required answers, and complete it."""
    interview = services.interviews.start(case_id, "intake", held_on=held_on)
    answers: dict[str, Answer] = {
        "incident_date": "06/14/2026",
        "incident_place": "I-35 at Riverside Dr",
        "how_it_happened": "Rear-ended at a red light.",
        "injuries": [{"body_part": "Neck"}],
        "pain_level": str(pain),
        "limitations": limitations,
        "prior_injuries": "no",
        "employed": "no",
    }
    interview = services.interviews.save_draft(replace(interview, answers=answers))
    services.interviews.complete(interview)


def make_overview(qtbot: QtBot, services: Services, *, with_interviews: bool = True) -> OverviewPanel:
    panel = OverviewPanel(
        services.cases, services.contacts, interviews=services.interviews if with_interviews else None
    )
    qtbot.addWidget(panel)
    panel.resize(1000, 700)
    panel.show()
    qtbot.waitExposed(panel)
    return panel


def test_overview_shows_the_pain_journal_of_completed_interviews(
    qtbot: QtBot, services: Services, make_case: Callable[..., Case]
) -> None:
    """A case with completed interviews shows their pain levels in a chart, with the summary beside."""
    case = make_case()
    complete_intake(services, case.id or 0, date(2026, 7, 1), 9, "Cannot lift anything.")
    complete_intake(services, case.id or 0, date(2026, 11, 21), 6)
    draft = services.interviews.start(case.id or 0, "intake")  # a draft records nothing yet
    services.interviews.save_draft(replace(draft, answers={"pain_level": "2"}))
    panel = make_overview(qtbot, services)

    panel.set_case(case.id)

    assert panel.pain_box.isVisible()
    assert panel.pain_chart.isVisible()
    assert [(p.day, p.level) for p in panel.pain_chart.points] == [
        (date(2026, 7, 1), 9),
        (date(2026, 11, 21), 6),
    ]
    assert (
        panel.pain_summary_label.text()
        == "Pain 6/10 on 11/21/2026, down from 9/10 on 07/01/2026; 2 interviews"
    )
    assert panel.pain_chart.points[0].limitations == "Cannot lift anything."


def test_overview_says_where_pain_levels_come_from_when_there_are_none(
    qtbot: QtBot, services: Services, make_case: Callable[..., Case]
) -> None:
    """A case without completed interviews shows the box with its empty text and no chart."""
    case = make_case()
    services.interviews.start(case.id or 0, "intake")
    panel = make_overview(qtbot, services)

    panel.set_case(case.id)

    assert panel.pain_box.isVisible()
    assert not panel.pain_chart.isVisible()
    assert panel.pain_summary_label.text() == "No pain levels yet — they come from completed interviews."
    assert panel.interviews_link.isVisible()


def test_overview_follows_the_case_shown_and_refreshes_on_request(
    qtbot: QtBot, services: Services, make_case: Callable[..., Case]
) -> None:
    """Another case shows its own journal; an interview completed meanwhile appears on refresh."""
    with_pain, without = make_case(), make_case()
    complete_intake(services, with_pain.id or 0, date(2026, 8, 3), 8)
    panel = make_overview(qtbot, services)
    panel.set_case(with_pain.id)
    assert len(panel.pain_chart.points) == 1

    panel.set_case(without.id)
    assert not panel.pain_chart.isVisible()
    complete_intake(services, without.id or 0, date(2026, 11, 20), 4)
    panel.refresh_pain_journal()
    assert panel.pain_chart.isVisible()
    assert panel.pain_summary_label.text() == "Pain 4/10 on 11/20/2026; 1 interview"

    panel.set_case(None)
    assert not panel.pain_box.isVisible()


def test_overview_has_no_pain_journal_without_the_interview_service(
    qtbot: QtBot, services: Services, make_case: Callable[..., Case]
) -> None:
    """Built without interviews, the overview shows no pain journal box."""
    case = make_case()
    complete_intake(services, case.id or 0, date(2026, 8, 3), 8)
    panel = make_overview(qtbot, services, with_interviews=False)
    panel.set_case(case.id)
    assert not panel.pain_box.isVisible()
    assert panel.fact_labels["incident_place"].text() == "—"


def test_interviews_link_asks_for_the_interviews(
    qtbot: QtBot, services: Services, make_case: Callable[..., Case]
) -> None:
    """Clicking Interviews… in the pain journal asks the workspace for the Interviews tab."""
    case = make_case()
    panel = make_overview(qtbot, services)
    panel.set_case(case.id)
    link = panel.interviews_link
    spot = QPoint(link.fontMetrics().horizontalAdvance("Interviews…") // 2, link.height() // 2)
    with qtbot.waitSignal(panel.interviews_requested, timeout=1000):
        qtbot.mouseClick(link, Qt.MouseButton.LeftButton, pos=spot)
