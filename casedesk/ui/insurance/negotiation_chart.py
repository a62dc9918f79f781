"""A chart of a claim's negotiation over time: demands and offers as two step lines closing in."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date

from PySide6.QtCore import QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFontMetrics, QPainter, QPainterPath, QPaintEvent, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

from casedesk.domain.money import Money
from casedesk.domain.negotiation import MoveKind, NegotiationEntry, is_offer, sort_entries

DEMAND_COLOR = QColor("#1f5fa8")
OFFER_COLOR = QColor("#2e8540")
FINAL_COLOR = QColor("#7b1fa2")
GRID_COLOR = QColor("#d0d0d0")
MARGIN = 8
DOT = 3.5

Point = tuple[date, Money]


class NegotiationChart(QWidget):
    """Demands (the client's side) and offers (the insurer's) as step lines; the settlement as a dot."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._demands: tuple[Point, ...] = ()
        self._offers: tuple[Point, ...] = ()
        self._final: Point | None = None
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setMinimumHeight(140)
        self.setAccessibleName("Negotiation chart")

    def set_entries(self, entries: Sequence[NegotiationEntry]) -> None:
        """Chart a claim's entries (any order)."""
        ordered = sort_entries(entries)
        self._demands = tuple((e.made_on, e.amount) for e in ordered if e.kind.is_demand)
        self._offers = tuple((e.made_on, e.amount) for e in ordered if is_offer(e.kind))
        final = next((e for e in ordered if e.kind is MoveKind.FINAL), None)
        self._final = (final.made_on, final.amount) if final else None
        lines = [f"{e.made_on:%m/%d/%Y} {e.kind.label}: {e.amount}" for e in ordered]
        self.setToolTip("\n".join(lines))
        self.update()

    @property
    def demand_points(self) -> tuple[Point, ...]:
        """The demands charted, oldest first."""
        return self._demands

    @property
    def offer_points(self) -> tuple[Point, ...]:
        """The offers charted, oldest first."""
        return self._offers

    @property
    def final_point(self) -> Point | None:
        """The settlement charted, if any."""
        return self._final

    def sizeHint(self) -> QSize:
        """Qt override."""
        return QSize(420, 200)

    def paintEvent(self, event: QPaintEvent) -> None:
        """Qt override: axes, the two step lines, the settlement dot and the legend."""
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        metrics = QFontMetrics(self.font())
        text_color = self.palette().color(self.foregroundRole())
        points = [*self._demands, *self._offers, *([self._final] if self._final else [])]
        if not points:
            painter.setPen(text_color)
            painter.drawText(
                self.rect(), Qt.AlignmentFlag.AlignCenter, "Demands and offers are charted here."
            )
            return
        line = metrics.height()
        label_width = metrics.horizontalAdvance("$0,000,000") + 6
        plot = QRectF(
            MARGIN + label_width,
            MARGIN + line + 4,
            max(self.width() - 2 * MARGIN - label_width - 8, 10),
            max(self.height() - 2 * MARGIN - 2 * line - 8, 10),
        )
        first = min(day for day, _ in points).toordinal()
        last = max(max(day for day, _ in points).toordinal(), first + 1)
        top_cents = 4 * tick_cents(max(amount.cents for _, amount in points))

        def x_of(day: date) -> float:
            return plot.left() + (day.toordinal() - first) / (last - first) * plot.width()

        def y_of(amount: Money) -> float:
            return plot.bottom() - amount.cents / top_cents * plot.height()

        # grid and axis labels
        painter.setPen(QPen(GRID_COLOR, 1))
        for step in range(5):
            cents = top_cents * step // 4
            y = plot.bottom() - plot.height() * step / 4
            painter.drawLine(QPointF(plot.left(), y), QPointF(plot.right(), y))
            painter.setPen(text_color)
            painter.drawText(
                QRectF(MARGIN, y - line / 2, label_width - 4, line),
                Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                f"${cents / 100:,.0f}",
            )
            painter.setPen(QPen(GRID_COLOR, 1))
        painter.setPen(text_color)
        low = date.fromordinal(first)
        high = date.fromordinal(last)
        painter.drawText(QPointF(plot.left(), plot.bottom() + line), f"{low:%m/%d/%Y}")
        right = f"{high:%m/%d/%Y}"
        painter.drawText(
            QPointF(plot.right() - metrics.horizontalAdvance(right), plot.bottom() + line), right
        )

        end = self._final[0] if self._final else high
        for series, color in ((self._demands, DEMAND_COLOR), (self._offers, OFFER_COLOR)):
            self._draw_steps(painter, series, color, x_of, y_of, end)
        if self._final is not None:
            painter.setPen(QPen(FINAL_COLOR, 2))
            painter.setBrush(FINAL_COLOR)
            painter.drawEllipse(QPointF(x_of(self._final[0]), y_of(self._final[1])), DOT + 2, DOT + 2)

        # legend
        x = plot.left()
        for name, color in (("Demands", DEMAND_COLOR), ("Offers", OFFER_COLOR), ("Settled", FINAL_COLOR)):
            if name == "Settled" and self._final is None:
                continue
            painter.setPen(QPen(color, 3))
            painter.drawLine(QPointF(x, MARGIN + line / 2), QPointF(x + 18, MARGIN + line / 2))
            painter.setPen(text_color)
            painter.drawText(QPointF(x + 22, MARGIN + line * 0.8), name)
            x += 30 + metrics.horizontalAdvance(name) + 12

    @staticmethod
    def _draw_steps(
        painter: QPainter,
        series: Sequence[Point],
        color: QColor,
        x_of: Callable[[date], float],
        y_of: Callable[[Money], float],
        end: date,
    ) -> None:
        if not series:
            return
        path = QPainterPath()
        path.moveTo(x_of(series[0][0]), y_of(series[0][1]))
        for day, amount in series[1:]:
            path.lineTo(x_of(day), path.currentPosition().y())
            path.lineTo(x_of(day), y_of(amount))
        path.lineTo(x_of(max(end, series[-1][0])), path.currentPosition().y())
        painter.setPen(QPen(color, 2))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawPath(path)
        painter.setBrush(color)
        for day, amount in series:
            painter.drawEllipse(QPointF(x_of(day), y_of(amount)), DOT, DOT)


def tick_cents(highest: int) -> int:
    """A round step for four grid lines that reach above ``highest`` cents: 1, 2, 2.5 or 5 × 10ⁿ dollars."""
    needed = max(highest, 100) / 4
    power = 100
    while True:
        for factor in (10, 20, 25, 50):
            step = power * factor // 10
            if step > needed:
                return step
        power *= 10
