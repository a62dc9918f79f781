"""The printable valuation: case figures, fault rule, scenarios side by side and a bar chart, as a PDF."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING
from xml.sax.saxutils import escape

from casedesk.domain.comparison import ComparisonRow, comparison_rows
from casedesk.domain.fault import BarScope, FaultRule, JurisdictionFaultRule
from casedesk.domain.scenarios import VALUATION_DISCLAIMER, CaseValuation, Outcome
from casedesk.domain.typed import long_date, long_moment
from casedesk.domain.valuation import ValuationMethod
from casedesk.exports.pdf_fonts import PdfFonts, pdf_fonts
from casedesk.exports.pdf_pages import DocumentInfo, PageSetup, write_pdf
from casedesk.exports.valuation_chart import scenario_chart

if TYPE_CHECKING:
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.pdfgen.canvas import Canvas
    from reportlab.platypus import Flowable

#: Scenarios per comparison table: more would make the columns too narrow to read.
SCENARIOS_PER_TABLE = 4
#: Page margins and the footer's height, in points (1/72 inch).
_MARGIN = 40.0
_FOOTER = 34.0
#: The comparison table's label column, and the widest a scenario column gets (one or two scenarios).
_LABEL_WIDTH = 120.0
_MAX_COLUMN_WIDTH = 190.0
#: The figures table on the left of page 1; the fault rule takes the rest of the width.
_FIGURES_WIDTH = 270.0
#: Comparison rows whose cells are amounts (right-aligned, as in a ledger).
_AMOUNT_ROWS = frozenset(
    {"specials", "economic", "non_economic", "before_fault", "range", "value", "costs", "liens", "net"}
)
#: Comparison rows that describe the scenario itself, shown even when it cannot be valued.
_SCENARIO_ROWS = frozenset({"method", "basis", "comments"})
#: Comparison rows that stand out: what the case is worth and what the client takes home.
_KEY_ROWS = frozenset({"value", "net"})
_INK = "#222222"
_MUTED = "#555555"
_RULE = "#9a9a9a"
_SHADE = "#eef2f7"
_ERROR = "#b00020"


@dataclass(frozen=True, slots=True)
class _Styles:
    """The paragraph styles of the printout."""

    fonts: PdfFonts
    title: ParagraphStyle
    subtitle: ParagraphStyle
    heading: ParagraphStyle
    body: ParagraphStyle
    note: ParagraphStyle
    label: ParagraphStyle
    cell: ParagraphStyle
    amount: ParagraphStyle
    key_amount: ParagraphStyle
    column_head: ParagraphStyle
    warning: ParagraphStyle
    error: ParagraphStyle
    footer: ParagraphStyle


def write_valuation_pdf(
    path: Path, valuation: CaseValuation, outcomes: Sequence[Outcome], generated_at: datetime
) -> None:
    """Write a case's valuation comparison as a PDF (US Letter, landscape), atomically.

    Page 1 shows the case, its figures, its jurisdiction's fault rule and a bar chart of each scenario's
    value after fault and net to the client; then come the scenarios side by side, four to a table. Every
    page has the valuation disclaimer and "Page N of M" in its footer.

    Args:
        path: The PDF to write; a file already there is replaced only once the new one is complete.
        valuation: The case, its client, its figures and its fault rule.
        outcomes: The scenarios evaluated (or why they cannot be), in the order to show them.
        generated_at: When the printout is made, in the time zone to show it in (the user's).

    Raises:
        ExportError: The folder cannot be written or the file cannot be replaced; nothing was changed.
    """
    from reportlab.lib.pagesizes import LETTER, landscape  # heavy: imported only when printing

    page_size: tuple[float, float] = landscape(LETTER)
    styles = _styles(pdf_fonts())
    width = page_size[0] - 2 * _MARGIN

    def story() -> list[Flowable]:
        return _story(valuation, outcomes, generated_at, styles, width)

    case = valuation.case

    def furniture(canvas: Canvas, page: int, total: int) -> None:
        _draw_page_furniture(canvas, page, total, valuation, styles, page_size)

    info = DocumentInfo(f"Case valuation {case.number}", case.caption)
    write_pdf(path, story, PageSetup(page_size, _MARGIN, _FOOTER), info, furniture)


def _draw_page_furniture(
    canvas: Canvas,
    page: int,
    total: int,
    valuation: CaseValuation,
    styles: _Styles,
    page_size: tuple[float, float],
) -> None:
    """The footer (disclaimer, page number) on every page; a running header from page 2 on."""
    from reportlab.lib import colors
    from reportlab.pdfbase.pdfmetrics import stringWidth
    from reportlab.platypus import Paragraph

    width, height = page_size[0] - 2 * _MARGIN, page_size[1]
    right = _MARGIN + width
    canvas.saveState()
    canvas.setStrokeColor(colors.HexColor(_RULE))
    canvas.setLineWidth(0.5)
    top = _MARGIN + _FOOTER - 8
    canvas.line(_MARGIN, top, right, top)
    canvas.setFillColor(colors.HexColor(_MUTED))
    canvas.setFont(styles.fonts.regular, 8)
    canvas.drawRightString(right, top - 11, f"Page {page} of {total}")
    disclaimer = Paragraph(escape(VALUATION_DISCLAIMER), styles.footer)
    _, used = disclaimer.wrap(width - 80, _FOOTER)
    disclaimer.drawOn(canvas, _MARGIN, top - 3 - used)
    if page > 1:
        case, font = valuation.case, styles.fonts.regular
        client = _fit(valuation.client.name, font, 8, width / 3)
        canvas.drawRightString(right, height - _MARGIN + 14, client)
        room = width - stringWidth(client, font, 8) - 24
        canvas.drawString(
            _MARGIN,
            height - _MARGIN + 14,
            _fit(f"Case valuation · {case.number} · {case.caption}", font, 8, room),
        )
    canvas.restoreState()


def _fit(text: str, font: str, size: float, width: float) -> str:
    """The text, cut short with "…" if it is wider than ``width`` points."""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    if stringWidth(text, font, size) <= width:
        return text
    while text and stringWidth(text + "…", font, size) > width:
        text = text[:-1]
    return text.rstrip() + "…"


# --- the story -------------------------------------------------------------------------------------


def _story(
    valuation: CaseValuation,
    outcomes: Sequence[Outcome],
    generated_at: datetime,
    styles: _Styles,
    width: float,
) -> list[Flowable]:
    """Everything on the pages, in reading order."""
    from reportlab.platypus import KeepTogether, Paragraph

    story = _heading(valuation, generated_at, styles)
    story.append(_figures_and_rule(valuation, outcomes, styles, width))
    # The chart sums the scenarios up on page 1 (continuing on page 2 when there are many); the comparison
    # tables follow, each kept on one page when it fits (a table broken across pages is hard to compare).
    if any(outcome.result is not None for outcome in outcomes):
        legend, *scenarios = scenario_chart(outcomes, valuation.inputs.coverage, styles.fonts, width)
        heading = _section("Value after fault and net to client", styles)
        story += [KeepTogether([heading, legend, *scenarios[:1]]), *scenarios[1:]]
    if not outcomes:
        story += [
            _section("Scenarios compared", styles),
            Paragraph("The case has no scenarios.", styles.body),
        ]
    for first in range(0, len(outcomes), SCENARIOS_PER_TABLE):
        group = outcomes[first : first + SCENARIOS_PER_TABLE]
        title = "Scenarios compared"
        if len(outcomes) > SCENARIOS_PER_TABLE:
            title += f" ({first + 1}–{first + len(group)} of {len(outcomes)})"
        story.append(KeepTogether([_section(title, styles), _comparison_table(group, styles, width)]))
    return story


def _section(title: str, styles: _Styles) -> Flowable:
    from reportlab.platypus import Paragraph

    return Paragraph(escape(title), styles.heading)


def _heading(valuation: CaseValuation, generated_at: datetime, styles: _Styles) -> list[Flowable]:
    """Title, case number and caption, client, jurisdiction, incident date and when it was prepared."""
    from reportlab.platypus import Paragraph

    case = valuation.case
    if valuation.jurisdiction is not None:
        jurisdiction = f"{valuation.jurisdiction.name} ({valuation.jurisdiction.code})"
    else:
        jurisdiction = case.jurisdiction or "not set"
    incident = long_date(case.incident_date) if case.incident_date else "not set"
    facts = (
        ("Client", valuation.client.name),
        ("Jurisdiction", jurisdiction),
        ("Incident date", incident),
    )
    line = " &nbsp;&nbsp;·&nbsp;&nbsp; ".join(f"<b>{label}:</b> {escape(value)}" for label, value in facts)
    return [
        Paragraph("Case valuation", styles.title),
        Paragraph(f"{escape(case.number)} — {escape(case.caption)}", styles.subtitle),
        Paragraph(line, styles.body),
        Paragraph(f"Prepared {long_moment(generated_at)}", styles.note),
    ]


def _figures_and_rule(
    valuation: CaseValuation, outcomes: Sequence[Outcome], styles: _Styles, width: float
) -> Flowable:
    """The case's figures on the left, its fault rule (and per-diem note) on the right."""
    from reportlab.platypus import Table, TableStyle

    layout = Table(
        [[_figures(valuation, styles), _fault_rule(valuation, outcomes, styles)]],
        colWidths=[_FIGURES_WIDTH, width - _FIGURES_WIDTH],
        hAlign="LEFT",
    )
    layout.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (0, 0), 0),
                ("LEFTPADDING", (1, 0), (1, 0), 24),
                ("RIGHTPADDING", (0, 0), (-1, -1), 0),
            ]
        )
    )
    return layout


def _figures(valuation: CaseValuation, styles: _Styles) -> list[Flowable]:
    """The specials, costs, liens and coverage every scenario shares."""
    from reportlab.lib import colors
    from reportlab.platypus import Paragraph, Table, TableStyle

    inputs = valuation.inputs
    specials = (
        ("Medical expenses (billed)", inputs.medical_billed),
        ("Medical expenses (paid)", inputs.medical_paid),
        ("Property damage", inputs.property_damage),
        ("Lost wages", inputs.lost_wages),
        ("Future medical expenses", inputs.future_medical),
        ("Other losses", inputs.other),
    )
    recovery = (
        ("Costs advanced", str(inputs.costs)),
        ("Liens", str(inputs.liens)),
        ("Coverage available", "not known" if inputs.coverage is None else str(inputs.coverage)),
    )
    rows = [(label, str(amount)) for label, amount in specials] + list(recovery)
    data = [
        [Paragraph(escape(label), styles.cell), Paragraph(escape(text), styles.amount)]
        for label, text in rows
    ]
    table = Table(data, colWidths=[_FIGURES_WIDTH - 100, 100], hAlign="LEFT")
    table.setStyle(
        TableStyle(
            [
                ("LINEBELOW", (0, 0), (-1, -1), 0.25, colors.HexColor("#d0d0d0")),
                ("LINEABOVE", (0, len(specials)), (-1, len(specials)), 0.75, colors.HexColor(_RULE)),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("TOPPADDING", (0, 0), (-1, -1), 2),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
            ]
        )
    )
    return [_section("Case figures", styles), table]


def _fault_rule(valuation: CaseValuation, outcomes: Sequence[Outcome], styles: _Styles) -> list[Flowable]:
    """The jurisdiction's fault rule with its source and date, or why there is none; the per-diem note."""
    from reportlab.platypus import Paragraph

    rule = valuation.jurisdiction_rule
    flowables = [_section("Fault rule", styles)]
    if rule is None:
        problem = valuation.rule_problem or "No fault rule of a jurisdiction applies to this case."
        flowables.append(Paragraph(escape(problem), styles.body))
    else:
        flowables += [Paragraph(line, styles.body) for line in _rule_lines(rule)]
    flowables.append(
        Paragraph(
            "<b>Verify against current law</b> before relying on a fault rule: "
            "it was compiled from public sources on the date shown.",
            styles.note,
        )
    )
    note = valuation.per_diem_note
    if note is not None and any(o.scenario.method is ValuationMethod.PER_DIEM for o in outcomes):
        flowables += [
            _section("Per-diem arguments", styles),
            Paragraph(escape(note.note), styles.body),
            Paragraph(
                f"<b>Source:</b> {escape(note.source)}. <b>As of</b> {long_date(note.as_of)}.", styles.note
            ),
        ]
        if note.verify:
            flowables.append(
                Paragraph("<b>Verify against current law</b> before relying on it.", styles.note)
            )
    return flowables


def _rule_lines(rule: JurisdictionFaultRule) -> list[str]:
    """The rule in words, as paragraph markup: what it is, when it applies, where it comes from."""
    label = rule.rule.label
    lines = [f"<b>{escape(rule.code)}: {escape(label[:1].upper() + label[1:])}.</b>"]
    if rule.bar_scope is BarScope.NON_ECONOMIC:
        lines.append("A bar takes away non-economic damages only; economic damages are reduced by the fault.")
    if rule.effective_from or rule.effective_to:
        start = long_date(rule.effective_from) if rule.effective_from else "any date"
        end = long_date(rule.effective_to) if rule.effective_to else "today"
        lines.append(f"For incidents from {start} to {end}.")
    if rule.notes:
        lines.append(escape(rule.notes.rstrip(".") + "."))
    lines.append(
        f"<b>Source:</b> {escape(rule.source)}. <b>As of</b> {long_date(rule.as_of)}; "
        f"confidence {escape(rule.confidence.value)}."
    )
    if rule.verify:
        lines.append("<b>Public sources disagree on this rule:</b> check it before relying on the figures.")
    return lines


def _comparison_table(outcomes: Sequence[Outcome], styles: _Styles, width: float) -> Flowable:
    """Up to four scenarios side by side, in the wording the Valuation tab uses."""
    from reportlab.lib import colors
    from reportlab.platypus import Paragraph, Table, TableStyle

    rows = [row for row in _rows(outcomes) if any(cell.strip() for cell in row.cells)]
    column = min((width - _LABEL_WIDTH) / len(outcomes), _MAX_COLUMN_WIDTH)
    # An empty column fills the width when the scenarios' columns do not: a table split inside a row
    # forgets its left alignment and is centred, which then changes nothing.
    filler = width - _LABEL_WIDTH - column * len(outcomes)
    widths = [_LABEL_WIDTH] + [column] * len(outcomes) + ([filler] if filler >= 1 else [])
    blank = [""] * (len(widths) - 1 - len(outcomes))
    data = [
        [Paragraph("", styles.label)]
        + [Paragraph(escape(o.scenario.name), styles.column_head) for o in outcomes]
        + blank
    ]
    for row in rows:
        cells = [
            Paragraph(_markup(text), _cell_style(row, outcome, styles))
            for outcome, text in zip(outcomes, row.cells, strict=True)
        ]
        data.append([Paragraph(escape(row.label), styles.label), *cells, *blank])
    # A row taller than a page (pages of notes) is split inside the row rather than refused.
    table = Table(data, colWidths=widths, repeatRows=1, splitInRow=1, hAlign="LEFT")
    last = len(outcomes)  # the last scenario's column
    commands: list[tuple[object, ...]] = [
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("BACKGROUND", (0, 0), (last, 0), colors.HexColor("#34495e")),
        ("LINEBELOW", (0, 1), (last, -1), 0.25, colors.HexColor("#d0d0d0")),
        ("LINEBEFORE", (1, 0), (last, -1), 0.25, colors.HexColor("#d0d0d0")),
        ("BOX", (0, 0), (last, -1), 0.5, colors.HexColor(_RULE)),
        ("TOPPADDING", (0, 0), (-1, -1), 3),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
    ]
    for index, row in enumerate(rows, start=1):
        if row.key in _KEY_ROWS:
            commands.append(("BACKGROUND", (0, index), (last, index), colors.HexColor(_SHADE)))
    table.setStyle(TableStyle(commands))
    return table


def _rows(outcomes: Sequence[Outcome]) -> list[ComparisonRow]:
    """The shared comparison rows, with the rule each scenario applies and the scenarios' own notes."""
    rows = comparison_rows(outcomes)
    after = next((index for index, row in enumerate(rows) if row.key == "fault"), None)
    if after is not None:
        cells = zip(outcomes, rows[after].cells, strict=True)
        rule = tuple(_describe_rule(outcome, fault) for outcome, fault in cells)
        rows.insert(after + 1, ComparisonRow("Rule applied", rule, "rule"))
    if any(o.scenario.notes.strip() for o in outcomes):
        rows.append(ComparisonRow("Comments", tuple(o.scenario.notes.strip() for o in outcomes), "comments"))
    return rows


def _describe_rule(outcome: Outcome, fault: str) -> str:
    """The fault rule a scenario is judged by: the jurisdiction's, or the one chosen instead and why.

    Args:
        outcome: The scenario evaluated.
        fault: What the plaintiff's-fault cell already says (the reason for an override, once is enough).
    """
    result = outcome.result
    if result is None:
        return ""
    if result.rule is None:
        return "None (no jurisdiction, no fault to apply)"
    scenario = result.scenario
    if scenario.rule_override is not None:
        reason = scenario.override_reason.strip()
        text = f"{result.rule.label}, chosen instead of the jurisdiction's"
        text += " (reason above)" if reason and reason in fault else f": {reason}"
    elif result.jurisdiction_rule is not None:
        text = f"{result.jurisdiction_rule.code}: {result.rule.label}"
        if result.jurisdiction_rule.bar_scope is BarScope.NON_ECONOMIC:
            text += "; a bar takes non-economic damages only"
    else:
        text = result.rule.label
    if result.rule is FaultRule.SLIGHT_GROSS and scenario.fault_percent > 0:
        text += {
            True: "; judged: the client's negligence slight, the defendant's gross",
            False: "; judged: not slight/gross, so recovery is barred",
            None: "; not yet judged",
        }[scenario.slight_gross_judgment]
    return text[:1].upper() + text[1:]


def _cell_style(row: ComparisonRow, outcome: Outcome, styles: _Styles) -> ParagraphStyle:
    if outcome.result is None and row.key not in _SCENARIO_ROWS:
        return styles.error
    if row.key == "warnings":
        return styles.warning
    if row.key in _KEY_ROWS:
        return styles.key_amount
    if row.key in _AMOUNT_ROWS:
        return styles.amount
    return styles.cell


def _markup(text: str) -> str:
    """Plain text as paragraph markup: special characters escaped, line breaks kept."""
    return "<br/>".join(escape(line) for line in text.splitlines())


# --- words and styles ------------------------------------------------------------------------------


def _styles(fonts: PdfFonts) -> _Styles:
    from reportlab.lib import colors
    from reportlab.lib.enums import TA_RIGHT
    from reportlab.lib.styles import ParagraphStyle

    ink, muted = colors.HexColor(_INK), colors.HexColor(_MUTED)
    body = ParagraphStyle("body", fontName=fonts.regular, fontSize=9, leading=12, textColor=ink)
    cell = ParagraphStyle("cell", parent=body, fontSize=8.5, leading=10.5)
    amount = ParagraphStyle("amount", parent=cell, alignment=TA_RIGHT)
    return _Styles(
        fonts=fonts,
        title=ParagraphStyle("title", parent=body, fontName=fonts.bold, fontSize=18, leading=22),
        subtitle=ParagraphStyle(
            "subtitle", parent=body, fontName=fonts.bold, fontSize=12, leading=15, spaceBefore=2, spaceAfter=4
        ),
        heading=ParagraphStyle(
            "heading", parent=body, fontName=fonts.bold, fontSize=11, leading=14, spaceBefore=10, spaceAfter=4
        ),
        body=body,
        note=ParagraphStyle("note", parent=body, fontSize=8, leading=10.5, textColor=muted, spaceBefore=2),
        label=ParagraphStyle("label", parent=cell, fontName=fonts.bold),
        cell=cell,
        amount=amount,
        key_amount=ParagraphStyle("key_amount", parent=amount, fontName=fonts.bold, fontSize=9.5, leading=12),
        column_head=ParagraphStyle(
            "column_head", parent=cell, fontName=fonts.bold, fontSize=9.5, leading=12, textColor=colors.white
        ),
        warning=ParagraphStyle("warning", parent=cell, fontSize=7.5, leading=9.5, textColor=muted),
        error=ParagraphStyle("error", parent=cell, textColor=colors.HexColor(_ERROR)),
        footer=ParagraphStyle("footer", parent=body, fontSize=7, leading=8.5, textColor=muted),
    )
