"""A bar chart of the scenarios: value after fault and net to client, against the coverage available."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from PySide6.QtCore import QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFontMetrics, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

from casedesk.domain.money import Money

VALUE_COLOR = QColor("#1f5fa8")
NET_COLOR = QColor("#2e8540")
COVERAGE_COLOR = QColor("#b00020")
BAR_HEIGHT = 14
GROUP_GAP = 12
MARGIN = 8


@dataclass(frozen=True, slots=True)
class ChartBar:
    """One scenario's bars.

    Attributes:
        name: The scenario's name.
        value: The value after fault (``None``: cannot be shown, e.g. judgment needed).
        net: The net to the client (``None`` when there is none).
    """

    name: str
    value: Money | None
    net: Money | None


class ScenarioChart(QWidget):
    """Horizontal bars per scenario, with the coverage available as a dashed line."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._bars: tuple[ChartBar, ...] = ()
        self._coverage: Money | None = None
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setAccessibleName("Scenario chart")

    def set_data(self, bars: Sequence[ChartBar], coverage: Money | None) -> None:
        """Show these scenarios (in order) and the coverage line (``None``: coverage not known)."""
        self._bars = tuple(bars)
        self._coverage = coverage
        self.setToolTip(
            "\n".join(f"{bar.name}: value {bar.value or '—'}, net to client {bar.net or '—'}" for bar in bars)
        )
        self.updateGeometry()
        self.update()

    @property
    def bars(self) -> tuple[ChartBar, ...]:
        """The scenarios shown."""
        return self._bars

    def sizeHint(self) -> QSize:
        """Qt override: tall enough for every scenario's pair of bars and the legend."""
        line = self.fontMetrics().height()
        groups = max(len(self._bars), 1)
        return QSize(400, 2 * MARGIN + line * 2 + groups * (2 * BAR_HEIGHT + GROUP_GAP))

    def paintEvent(self, event: QPaintEvent) -> None:
        """Qt override: draw the legend, the bars and the coverage line."""
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        metrics = QFontMetrics(self.font())
        line = metrics.height()
        if not self._bars:
            painter.setPen(self.palette().color(self.foregroundRole()))
            painter.drawText(self.rect(), Qt.AlignmentFlag.AlignCenter, "No scenarios to chart yet.")
            return
        name_width = min(max(metrics.horizontalAdvance(bar.name) for bar in self._bars) + 12, 180)
        amount_width = metrics.horizontalAdvance("$0,000,000.00") + 8
        left = MARGIN + name_width
        width = max(self.width() - left - amount_width - MARGIN, 40)
        top = MARGIN + line * 2
        scale_to = max(
            [bar.value.cents for bar in self._bars if bar.value is not None]
            + [bar.net.cents for bar in self._bars if bar.net is not None]
            + ([self._coverage.cents] if self._coverage is not None else [])
            + [1]
        )
        self._draw_legend(painter, MARGIN, MARGIN + line)
        text_color = self.palette().color(self.foregroundRole())
        for index, bar in enumerate(self._bars):
            y = top + index * (2 * BAR_HEIGHT + GROUP_GAP)
            painter.setPen(text_color)
            name = metrics.elidedText(bar.name, Qt.TextElideMode.ElideRight, name_width - 8)
            painter.drawText(
                QRectF(MARGIN, y, name_width - 8, 2 * BAR_HEIGHT),
                Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                name,
            )
            for offset, amount, color in ((0, bar.value, VALUE_COLOR), (BAR_HEIGHT, bar.net, NET_COLOR)):
                length = 0.0 if amount is None else width * max(amount.cents, 0) / scale_to
                painter.fillRect(QRectF(left, y + offset + 1, length, BAR_HEIGHT - 2), color)
                painter.setPen(text_color)
                painter.drawText(
                    QRectF(left + length + 4, y + offset, amount_width, BAR_HEIGHT),
                    Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                    "—" if amount is None else str(amount),
                )
        if self._coverage is not None:
            x = left + width * self._coverage.cents / scale_to
            bottom = top + len(self._bars) * (2 * BAR_HEIGHT + GROUP_GAP)
            painter.setPen(QPen(COVERAGE_COLOR, 1.5, Qt.PenStyle.DashLine))
            painter.drawLine(QPointF(x, top - 4), QPointF(x, bottom - GROUP_GAP + 4))

    def _draw_legend(self, painter: QPainter, x: float, baseline: float) -> None:
        items = [("Value after fault", VALUE_COLOR), ("Net to client", NET_COLOR)]
        if self._coverage is not None:
            items.append((f"Coverage {self._coverage}", COVERAGE_COLOR))
        metrics = QFontMetrics(self.font())
        for label, color in items:
            painter.fillRect(QRectF(x, baseline - 10, 10, 10), color)
            painter.setPen(self.palette().color(self.foregroundRole()))
            painter.drawText(QPointF(x + 14, baseline), label)
            x += 14 + metrics.horizontalAdvance(label) + 16
