"""The valuation printout's bar chart: each scenario's value after fault and net to client, in dollars."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from casedesk.domain.comparison import describe_value_after_fault
from casedesk.domain.money import Money
from casedesk.domain.scenarios import Outcome
from casedesk.exports.pdf_fonts import PdfFonts

if TYPE_CHECKING:
    from reportlab.graphics.shapes import Drawing

#: The Valuation tab's colours, so that the printout reads like the screen.
VALUE_COLOR = "#1f5fa8"
NET_COLOR = "#2e8540"
COVERAGE_COLOR = "#b00020"
_ERROR_COLOR = "#b00020"
_TEXT_COLOR = "#222222"
#: Heights in points: the legend, a scenario's name line, one bar's line, the gap between scenarios.
_LEGEND = 20.0
_NAME = 14.0
_BAR = 14.0
_GAP = 8.0
_FONT_SIZE = 8.0


@dataclass(frozen=True, slots=True)
class _Bar:
    """One bar: what it measures, its amount (``None``: no bar) and the words beside it."""

    label: str
    amount: Money | None
    text: str
    color: str


def _bars(outcome: Outcome) -> tuple[_Bar, ...]:
    """A scenario's two bars; none when it cannot be valued."""
    result = outcome.result
    if result is None:
        return ()
    if result.settlement is not None:
        net_text = str(result.settlement.net_to_client)
    elif result.value is None:
        net_text = "—"
    else:
        net_text = "none (the costs are more than the value)"
    return (
        _Bar("Value after fault", result.value, describe_value_after_fault(result), VALUE_COLOR),
        _Bar(
            "Net to client",
            None if result.settlement is None else result.settlement.net_to_client,
            net_text,
            NET_COLOR,
        ),
    )


@dataclass(frozen=True, slots=True)
class _Scale:
    """Points per cent: the largest amount (or the coverage) spans the whole track."""

    track: float
    top: int

    def length(self, amount: Money) -> float:
        """A bar's length; the one place money becomes float, for drawing only, never for arithmetic."""
        return self.track * max(amount.cents, 0) / self.top


def scenario_chart(
    outcomes: Sequence[Outcome], coverage: Money | None, fonts: PdfFonts, width: float
) -> list[Drawing]:
    """Horizontal bars per scenario, labelled in dollars, with the coverage available as a dashed line.

    The chart comes as a legend and one drawing per scenario, stacked without gaps, so that a chart of
    many scenarios can continue on the next page.

    Args:
        outcomes: The scenarios, in the order to show them; one that cannot be valued says so.
        coverage: The insurance coverage available, ``None`` when not known (no line).
        fonts: The registered fonts.
        width: The chart's width in points.
    """
    from reportlab.pdfbase.pdfmetrics import stringWidth

    groups = [(outcome.scenario.name, _bars(outcome)) for outcome in outcomes]
    texts = [f"{bar.label}: {bar.text}" for _, bars in groups for bar in bars]
    label_room = max((stringWidth(text, fonts.regular, _FONT_SIZE) for text in texts), default=0.0) + 8
    amounts = [bar.amount.cents for _, bars in groups for bar in bars if bar.amount is not None]
    if coverage is not None:
        amounts.append(coverage.cents)
    scale = _Scale(max(width - label_room, width / 2), max([*amounts, 1]))
    return [
        _legend(coverage, fonts, width),
        *(_scenario(name, bars, scale, coverage, fonts, width) for name, bars in groups),
    ]


def _legend(coverage: Money | None, fonts: PdfFonts, width: float) -> Drawing:
    from reportlab.graphics.shapes import Drawing, Rect, String
    from reportlab.lib import colors
    from reportlab.pdfbase.pdfmetrics import stringWidth

    drawing = Drawing(width, _LEGEND)
    entries = [("Value after fault", VALUE_COLOR), ("Net to client", NET_COLOR)]
    if coverage is not None:
        entries.append((f"Coverage available {coverage}", COVERAGE_COLOR))
    x = 0.0
    for text, color in entries:
        drawing.add(Rect(x, _LEGEND - 10, 10, 8, fillColor=colors.HexColor(color), strokeColor=None))
        drawing.add(String(x + 14, _LEGEND - 9, text, fontName=fonts.regular, fontSize=_FONT_SIZE))
        x += 14 + stringWidth(text, fonts.regular, _FONT_SIZE) + 18
    return drawing


def _scenario(
    name: str, bars: Sequence[_Bar], scale: _Scale, coverage: Money | None, fonts: PdfFonts, width: float
) -> Drawing:
    """One scenario's name and bars, with its stretch of the axis and of the coverage line."""
    from reportlab.graphics.shapes import Drawing, Line, Rect, String
    from reportlab.lib import colors
    from reportlab.pdfbase.pdfmetrics import stringWidth

    height = _NAME + _BAR * max(len(bars), 1) + _GAP
    drawing = Drawing(width, height)
    # The axis and the coverage line go first, so that labels are written over them, not crossed by them.
    drawing.add(Line(0, 0, 0, height, strokeColor=colors.HexColor("#9a9a9a"), strokeWidth=0.5))
    if coverage is not None:
        x = scale.length(coverage)
        line_color = colors.HexColor(COVERAGE_COLOR)
        drawing.add(Line(x, 0, x, height, strokeColor=line_color, strokeWidth=1, strokeDashArray=[4, 3]))
    ink = colors.HexColor(_TEXT_COLOR)
    y = height - _NAME
    drawing.add(String(0, y + 3, name, fontName=fonts.bold, fontSize=9, fillColor=ink))
    if not bars:
        y -= _BAR
        problem = "Cannot be valued: see the comparison table."
        error = colors.HexColor(_ERROR_COLOR)
        drawing.add(String(0, y + 3.5, problem, fontName=fonts.regular, fontSize=_FONT_SIZE, fillColor=error))
    for bar in bars:
        y -= _BAR
        end = 0.0 if bar.amount is None else scale.length(bar.amount)
        if end > 0:
            drawing.add(Rect(0, y + 2, end, _BAR - 4, fillColor=colors.HexColor(bar.color), strokeColor=None))
        text = f"{bar.label}: {bar.text}"
        ground = stringWidth(text, fonts.regular, _FONT_SIZE) + 4
        drawing.add(Rect(end + 2, y + 2, ground, _BAR - 4, fillColor=colors.white, strokeColor=None))
        drawing.add(String(end + 4, y + 4, text, fontName=fonts.regular, fontSize=_FONT_SIZE, fillColor=ink))
    return drawing
