"""The pain journal chart: the pain level the client reported at each completed interview, over time."""

from __future__ import annotations

import math
import textwrap
from collections.abc import Sequence
from datetime import date

from PySide6.QtCore import QEvent, QPointF, QRectF, QSize, Qt
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetricsF,
    QHelpEvent,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QPalette,
    QPen,
)
from PySide6.QtWidgets import QSizePolicy, QToolTip, QWidget

from casedesk.domain.interviews import PAIN_SCALE_MAX, PainPoint
from casedesk.domain.typed import format_date

EMPTY_TEXT = "No pain levels yet — they come from completed interviews."
GRID_LEVELS = (0, 5, PAIN_SCALE_MAX)
MARGIN = 6.0
TICK = 4.0
POINT_RADIUS = 3.5
LATEST_RADIUS = 5.0
#: How near (in pixels) the mouse must be to a point for its tooltip.
HIT_RADIUS = 12.0
TOOLTIP_WIDTH = 60
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


# --- wording (pure) ------------------------------------------------------------------------------


def _level(point: PainPoint) -> str:
    return f"{point.level}/{PAIN_SCALE_MAX}"


def _interviews(count: int) -> str:
    return f"{count} interview{'' if count == 1 else 's'}"


def pain_summary(points: Sequence[PainPoint]) -> str:
    """The series in one line: the latest level, how it compares with the first, and how many interviews.

    ``points`` are oldest first, as :meth:`InterviewService.pain_journal` gives them.
    """
    if not points:
        return EMPTY_TEXT
    first, latest = points[0], points[-1]
    text = f"Pain {_level(latest)} on {format_date(latest.day)}"
    if len(points) > 1:
        if latest.level < first.level:
            text += f", down from {_level(first)} on {format_date(first.day)}"
        elif latest.level > first.level:
            text += f", up from {_level(first)} on {format_date(first.day)}"
        else:
            text += f", the same as on {format_date(first.day)}"
        # A peak between the first and the latest interview is what the two ends would hide.
        peak = max(points, key=lambda p: p.level)
        if peak.level > max(first.level, latest.level):
            text += f" (highest {_level(peak)} on {format_date(peak.day)})"
    return f"{text}; {_interviews(len(points))}"


def pain_description(points: Sequence[PainPoint]) -> str:
    """What the chart shows, for a screen reader: the summary, then every interview's level."""
    if not points:
        return EMPTY_TEXT
    each = "; ".join(f"{format_date(p.day)}: {_level(p)}" for p in points)
    return f"{pain_summary(points)}. Each interview: {each}."


def point_tooltip(points: Sequence[PainPoint]) -> str:
    """The tooltip of a point (or of points drawn on one spot): date, level and limitations, wrapped."""
    blocks = []
    for point in points:
        lines = [f"{format_date(point.day)} — pain {_level(point)}"]
        if point.limitations:
            lines += textwrap.wrap(
                f"Limitations: {' '.join(point.limitations.split())}", TOOLTIP_WIDTH, break_on_hyphens=False
            )
        blocks.append("\n".join(lines))
    return "\n\n".join(blocks)


def month_ticks(first: date, last: date) -> list[date]:
    """The first day of each month after ``first`` up to ``last``: where the time axis gets a tick."""
    ticks: list[date] = []
    year, month = first.year, first.month
    while True:
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
        day = date(year, month, 1)
        if day > last:
            return ticks
        ticks.append(day)


def month_label(day: date) -> str:
    """A tick's label: the month's short name, the year for January (``Mar``, ``2027``)."""
    return str(day.year) if day.month == 1 else _MONTHS[day.month - 1]


# --- the widget ----------------------------------------------------------------------------------


class PainJournalChart(QWidget):
    """Pain level (0–10) at each completed interview, on a time axis; the latest point stands out.

    Hovering near a point shows its date, level and limitations. Colours come from the palette, so the
    chart reads in light and dark themes alike.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._points: tuple[PainPoint, ...] = ()
        self._hovered: int | None = None
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setMouseTracking(True)
        self.setAccessibleName("Pain journal chart")
        self.setAccessibleDescription(pain_description(()))

    @property
    def points(self) -> tuple[PainPoint, ...]:
        """The points shown, oldest first."""
        return self._points

    @property
    def hovered(self) -> PainPoint | None:
        """The point under the mouse, ringed, if any."""
        return None if self._hovered is None else self._points[self._hovered]

    def set_points(self, points: Sequence[PainPoint]) -> None:
        """Show these points (sorted by day here, so any order will do)."""
        self._points = tuple(sorted(points, key=lambda p: (p.day, p.interview_id or 0)))
        self._hovered = None
        self.setAccessibleDescription(pain_description(self._points))
        self.update()

    def sizeHint(self) -> QSize:
        """Qt override: wide enough for a few months, tall enough to read a level to about one point."""
        return QSize(420, 140)

    def minimumSizeHint(self) -> QSize:
        """Qt override: the dates at both ends and the scale still fit."""
        metrics = QFontMetricsF(self.font())
        return QSize(int(metrics.horizontalAdvance("00/00/0000") * 2.6), 110)

    # --- geometry ---------------------------------------------------------------------------------

    def plot_rect(self) -> QRectF:
        """Where the levels are drawn: inside the scale on the left and the dates below."""
        metrics = QFontMetricsF(self.font())
        left = MARGIN + metrics.horizontalAdvance("10") + 6
        right = max(
            QFontMetricsF(self._bold()).horizontalAdvance(f"{PAIN_SCALE_MAX}/{PAIN_SCALE_MAX}")
            + LATEST_RADIUS
            + 8,
            metrics.horizontalAdvance("00/00/0000") / 2,
        )
        top = MARGIN + metrics.height() / 2
        bottom = self.height() - MARGIN - metrics.height() - TICK
        return QRectF(left, top, max(self.width() - left - right - MARGIN, 1), max(bottom - top, 1))

    def point_position(self, index: int) -> QPointF:
        """Where the point at ``index`` (oldest first) is drawn."""
        point = self._points[index]
        return QPointF(self._x(point.day), self._y(point.level))

    def _x(self, day: date) -> float:
        plot = self.plot_rect()
        first, last = self._points[0].day, self._points[-1].day
        span = (last - first).days
        if span == 0:
            return plot.center().x()
        inner = plot.adjusted(LATEST_RADIUS + 2, 0, -(LATEST_RADIUS + 2), 0)
        return inner.left() + inner.width() * (day - first).days / span

    def _y(self, level: float) -> float:
        plot = self.plot_rect()
        return plot.bottom() - plot.height() * level / PAIN_SCALE_MAX

    def _points_at(self, position: QPointF) -> list[int]:
        """The points under the mouse: the nearest within reach, and any drawn on the same spot."""
        spots = [self.point_position(i) for i in range(len(self._points))]
        distances = [math.dist((s.x(), s.y()), (position.x(), position.y())) for s in spots]
        nearest = min(range(len(spots)), key=distances.__getitem__, default=None)
        if nearest is None or distances[nearest] > HIT_RADIUS:
            return []
        return [i for i, spot in enumerate(spots) if spot == spots[nearest]]

    # --- events -----------------------------------------------------------------------------------

    def event(self, event: QEvent) -> bool:
        """Qt override: the tooltip of the point under the mouse, none elsewhere."""
        if event.type() == QEvent.Type.ToolTip:
            assert isinstance(event, QHelpEvent)
            hit = self._points_at(QPointF(event.pos()))
            if not hit:
                QToolTip.hideText()
                event.ignore()
                return True
            spot = self.point_position(hit[0]).toPoint()
            area = QRectF(spot.x() - HIT_RADIUS, spot.y() - HIT_RADIUS, 2 * HIT_RADIUS, 2 * HIT_RADIUS)
            QToolTip.showText(
                event.globalPos(), point_tooltip([self._points[i] for i in hit]), self, area.toRect()
            )
            return True
        return super().event(event)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        """Qt override: the point under the mouse is ringed."""
        hit = self._points_at(event.position())
        hovered = hit[-1] if hit else None
        if hovered != self._hovered:
            self._hovered = hovered
            self.update()
        super().mouseMoveEvent(event)

    def leaveEvent(self, event: QEvent) -> None:
        """Qt override: no point is ringed once the mouse leaves."""
        if self._hovered is not None:
            self._hovered = None
            self.update()
        super().leaveEvent(event)

    # --- painting ---------------------------------------------------------------------------------

    def paintEvent(self, event: QPaintEvent) -> None:
        """Qt override: the scale, the time axis, the line and the points."""
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        self._draw_scale(painter)
        if not self._points:
            painter.setPen(self._muted())
            painter.drawText(self.plot_rect(), Qt.AlignmentFlag.AlignCenter, "No pain levels yet")
            return
        self._draw_time_axis(painter)
        self._draw_series(painter)

    def _bold(self) -> QFont:
        bold = QFont(self.font())
        bold.setBold(True)
        return bold

    def _muted(self) -> QColor:
        color = QColor(self.palette().color(self.foregroundRole()))
        color.setAlphaF(0.65)
        return color

    def _draw_scale(self, painter: QPainter) -> None:
        plot = self.plot_rect()
        metrics = QFontMetricsF(self.font())
        grid = QColor(self.palette().color(self.foregroundRole()))
        for level in GRID_LEVELS:
            y = self._y(level)
            grid.setAlphaF(0.35 if level == 0 else 0.15)
            painter.setPen(QPen(grid, 1))
            painter.drawLine(QPointF(plot.left(), y), QPointF(plot.right(), y))
            painter.setPen(self._muted())
            label = QRectF(MARGIN, y - metrics.height() / 2, plot.left() - MARGIN - 6, metrics.height())
            painter.drawText(label, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, str(level))

    def _draw_time_axis(self, painter: QPainter) -> None:
        plot = self.plot_rect()
        metrics = QFontMetricsF(self.font())
        first, last = self._points[0].day, self._points[-1].day
        text_top = plot.bottom() + TICK + 1
        muted = self._muted()
        ends = [self._date_label_rect(metrics, last)]
        if last != first:
            first_rect = self._date_label_rect(metrics, first)
            if first_rect.adjusted(0, 0, 8, 0).intersects(ends[0]):
                ends = [ends[0]]  # too close to label both: the latest date is the one that matters
            else:
                ends.insert(0, first_rect)
        ticks = month_ticks(first, last)
        month = plot.width() / max((last - first).days, 1) * 30.4
        if ticks and month >= 5:
            widest = max(metrics.horizontalAdvance(month_label(day)) for day in ticks) + 12
            # Every month labelled when they fit, else every 2nd, 3rd… so the labels stay evenly spaced.
            stride = next((n for n in (1, 2, 3, 6, 12) if n * month >= widest), 0)
            taken = [rect.adjusted(-6, 0, 6, 0) for rect in ends]
            painter.setPen(QPen(muted, 1))
            for day in ticks:
                labelled = bool(stride) and (day.month - 1) % stride == 0
                x = self._x(day)
                if labelled or month >= 8:  # over years, a tick a month would be a smear
                    painter.drawLine(QPointF(x, plot.bottom()), QPointF(x, plot.bottom() + TICK))
                if not labelled:
                    continue
                text = month_label(day)
                width = metrics.horizontalAdvance(text)
                rect = QRectF(x - width / 2, text_top, width, metrics.height())
                if not any(rect.intersects(other) for other in taken):
                    painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, text)
        painter.setPen(self.palette().color(self.foregroundRole()))
        for rect, day in zip(ends, [first, last][-len(ends) :], strict=True):
            painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, format_date(day))

    def _date_label_rect(self, metrics: QFontMetricsF, day: date) -> QRectF:
        """Centred under the day's point, but kept inside the widget."""
        width = metrics.horizontalAdvance(format_date(day)) + 2
        left = min(max(self._x(day) - width / 2, 0.0), self.width() - width)
        top = self.plot_rect().bottom() + TICK + 1
        return QRectF(left, top, width, metrics.height())

    def _draw_series(self, painter: QPainter) -> None:
        accent = self.palette().color(QPalette.ColorRole.Highlight)
        background = self.palette().color(self.backgroundRole())
        spots = [self.point_position(i) for i in range(len(self._points))]
        painter.setPen(
            QPen(accent, 2, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap, Qt.PenJoinStyle.RoundJoin)
        )
        painter.drawPolyline(spots)
        painter.setBrush(accent)
        painter.setPen(QPen(background, 1))
        for index, spot in enumerate(spots[:-1]):
            radius = POINT_RADIUS + (1.5 if index == self._hovered else 0)
            painter.drawEllipse(spot, radius, radius)
        latest = spots[-1]
        painter.setPen(QPen(background, 2))
        painter.drawEllipse(latest, LATEST_RADIUS, LATEST_RADIUS)
        if self._hovered is not None:
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.setPen(QPen(accent, 1.5))
            hovered = spots[self._hovered]
            painter.drawEllipse(hovered, LATEST_RADIUS + 3, LATEST_RADIUS + 3)
        bold = self._bold()
        painter.setFont(bold)
        painter.setPen(self.palette().color(self.foregroundRole()))
        text = _level(self._points[-1])
        width = QFontMetricsF(bold).horizontalAdvance(text) + 2
        height = QFontMetricsF(bold).height()
        # Kept clear of the dates under the axis when the level is near 0.
        top = min(latest.y() - height / 2, self.plot_rect().bottom() - height + 3)
        painter.drawText(
            QRectF(latest.x() + LATEST_RADIUS + 4, top, width, height),
            Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
            text,
        )
