"""The case progress report as a one-page PDF, for the attorney or the client."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING
from xml.sax.saxutils import escape

from casedesk.domain.money import Money
from casedesk.domain.reports import VERIFY_NOTE, Audience, ProgressReport, more_text, shorten
from casedesk.domain.typed import format_date, long_date
from casedesk.exports.pdf_fonts import PdfFonts, pdf_fonts
from casedesk.exports.pdf_pages import DocumentInfo, PageSetup, write_pdf

if TYPE_CHECKING:
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.pdfgen.canvas import Canvas
    from reportlab.platypus import Flowable

#: Page margins and the footer's height, in points (1/72 inch).
_MARGIN = 46.0
_FOOTER = 26.0
_INK = "#222222"
_MUTED = "#555555"
_RULE = "#9a9a9a"
_LIGHT_RULE = "#d0d0d0"
_HEAD = "#34495e"
_SHADE = "#eef2f7"
#: How many lines each list prints before "and N more".
MAX_PROVIDERS = 6
MAX_CLAIMS = 4
MAX_DATES = 5
#: The incident facts are cut to this many characters.
MAX_FACTS = 520


@dataclass(frozen=True, slots=True)
class _Styles:
    fonts: PdfFonts
    firm: ParagraphStyle
    letterhead: ParagraphStyle
    title: ParagraphStyle
    heading: ParagraphStyle
    body: ParagraphStyle
    note: ParagraphStyle
    cell: ParagraphStyle
    cell_bold: ParagraphStyle
    amount: ParagraphStyle
    amount_bold: ParagraphStyle
    head: ParagraphStyle
    head_amount: ParagraphStyle


def write_progress_pdf(
    path: Path, report: ProgressReport, audience: Audience, generated_at: datetime
) -> None:
    """Write the progress report on one US Letter page, atomically.

    Long lists are shortened ("and 4 more") and, should the page still overflow, the content is scaled to
    fit: the report is always one page. The valuation range is printed for the attorney only.

    Raises:
        ExportError: The folder cannot be written or the file cannot be replaced; nothing was changed.
    """
    from reportlab.lib.pagesizes import LETTER  # heavy: imported only when printing

    page_size: tuple[float, float] = LETTER
    styles = _styles(pdf_fonts())
    width = page_size[0] - 2 * _MARGIN
    height = page_size[1] - 2 * _MARGIN - _FOOTER

    def story() -> list[Flowable]:
        from reportlab.platypus import KeepInFrame

        content = _story(report, audience, styles, width)
        return [KeepInFrame(width, height - 2, content, mode="shrink")]

    def furniture(canvas: Canvas, page: int, total: int) -> None:
        _furniture(canvas, report, audience, generated_at, styles, page_size)

    info = DocumentInfo(
        f"Case progress report {report.case_number}",
        f"{report.caption} ({report.client}), for the {audience.value}",
        report.firm.name,
    )
    write_pdf(path, story, PageSetup(page_size, _MARGIN, _FOOTER), info, furniture)


def _furniture(
    canvas: Canvas,
    report: ProgressReport,
    audience: Audience,
    generated_at: datetime,
    styles: _Styles,
    page_size: tuple[float, float],
) -> None:
    from reportlab.lib import colors

    right = page_size[0] - _MARGIN
    canvas.saveState()
    canvas.setStrokeColor(colors.HexColor(_RULE))
    canvas.setLineWidth(0.5)
    top = _MARGIN + _FOOTER - 8
    canvas.line(_MARGIN, top, right, top)
    canvas.setFillColor(colors.HexColor(_MUTED))
    canvas.setFont(styles.fonts.bold, 8)
    canvas.drawString(_MARGIN, top - 11, f"Prepared {long_date(report.prepared_on)} — {VERIFY_NOTE}")
    canvas.setFont(styles.fonts.regular, 7.5)
    canvas.drawRightString(
        right,
        top - 11,
        f"{report.case_number} · for the {audience.value} · printed {generated_at:%H:%M}"[:60],
    )
    canvas.restoreState()


# --- the story -------------------------------------------------------------------------------------


def _story(report: ProgressReport, audience: Audience, styles: _Styles, width: float) -> list[Flowable]:
    from reportlab.platypus import Paragraph

    story: list[Flowable] = _letterhead(report, styles, width)
    story.append(Paragraph("Case Progress Report", styles.title))
    story.append(_case_table(report, styles, width))
    story += _incident(report, styles)
    story += _treatment(report, styles, width)
    story += _specials(report, styles, width)
    story += _claims(report, styles, width)
    story += _dates(report, styles, width)
    if audience is Audience.ATTORNEY:
        story += _valuation(report, styles)
    return story


def _letterhead(report: ProgressReport, styles: _Styles, width: float) -> list[Flowable]:
    from reportlab.lib import colors
    from reportlab.platypus import HRFlowable, Paragraph

    firm = report.firm
    if firm.empty:
        return []
    contact = [line for line in firm.address.splitlines() if line.strip()]
    numbers = [
        f"{label} {value}"
        for label, value in (("Tel.", firm.phone), ("Fax", firm.fax), ("", firm.email), ("", firm.website))
        if value.strip()
    ]
    lines = [Paragraph(escape(firm.name), styles.firm)]
    details = " · ".join([*contact, *(n.strip() for n in numbers)])
    if details:
        lines.append(Paragraph(escape(details), styles.letterhead))
    lines.append(HRFlowable(width=width, thickness=0.75, color=colors.HexColor(_HEAD), spaceAfter=6))
    return lines


def _section(title: str, styles: _Styles) -> Flowable:
    from reportlab.platypus import Paragraph

    return Paragraph(escape(title), styles.heading)


def _case_table(report: ProgressReport, styles: _Styles, width: float) -> Flowable:
    from reportlab.lib import colors
    from reportlab.platypus import Paragraph, Table, TableStyle

    next_action = report.next_action.strip() or "none set"
    if report.next_action_on is not None:
        next_action += f" (by {format_date(report.next_action_on)})"
    pairs = [
        ("Client", report.client, "Case", f"{report.case_number} · {report.caption}"),
        ("Status", report.status, "Attorney", report.attorney or "not named"),
        ("Next action", next_action, "", ""),
    ]
    label = 62.0
    value = width / 2 - label
    data = [
        [
            Paragraph(escape(a), styles.cell_bold),
            Paragraph(escape(b), styles.cell),
            Paragraph(escape(c), styles.cell_bold),
            Paragraph(escape(d), styles.cell),
        ]
        for a, b, c, d in pairs
    ]
    table = Table(data, colWidths=[label, value, label, value], hAlign="LEFT")
    table.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("SPAN", (1, 2), (3, 2)),
                ("LINEBELOW", (0, 0), (-1, -1), 0.25, colors.HexColor(_LIGHT_RULE)),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("TOPPADDING", (0, 0), (-1, -1), 1.5),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 1.5),
            ]
        )
    )
    return table


def _incident(report: ProgressReport, styles: _Styles) -> list[Flowable]:
    from reportlab.platypus import Paragraph

    facts = " ".join(report.facts.split())
    if len(facts) > MAX_FACTS:
        facts = facts[: MAX_FACTS - 1].rsplit(" ", 1)[0] + "…"
    text = f"<b>{escape(report.incident)}.</b>"
    if facts:
        text += f" {escape(facts)}"
    return [_section("Incident", styles), Paragraph(text, styles.body)]


def _table(
    headers: Sequence[str],
    rows: Sequence[Sequence[str]],
    widths: Sequence[float],
    amounts: int,
    styles: _Styles,
    *,
    bold_last: bool = False,
    more: str = "",
) -> Flowable:
    """A table with a shaded header; the last ``amounts`` columns are right-aligned."""
    from reportlab.lib import colors
    from reportlab.platypus import Paragraph, Table, TableStyle

    first_amount = len(headers) - amounts
    data = [
        [
            Paragraph(escape(h), styles.head if i < first_amount else styles.head_amount)
            for i, h in enumerate(headers)
        ]
    ]
    for r, row in enumerate(rows):
        bold = bold_last and r == len(rows) - 1
        data.append(
            [
                Paragraph(
                    escape(text),
                    (styles.cell_bold if bold else styles.cell)
                    if i < first_amount
                    else (styles.amount_bold if bold else styles.amount),
                )
                for i, text in enumerate(row)
            ]
        )
    commands: list[tuple[object, ...]] = [
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor(_HEAD)),
        ("LINEBELOW", (0, 1), (-1, -1), 0.25, colors.HexColor(_LIGHT_RULE)),
        ("TOPPADDING", (0, 0), (-1, -1), 1.5),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 1.5),
    ]
    if more:
        data.append([Paragraph(escape(more), styles.cell)] + [""] * (len(headers) - 1))
        commands.append(("SPAN", (0, len(data) - 1), (-1, len(data) - 1)))
    if bold_last and rows:
        commands.append(("BACKGROUND", (0, len(data) - 1), (-1, len(data) - 1), colors.HexColor(_SHADE)))
    table = Table(data, colWidths=list(widths), hAlign="LEFT")
    table.setStyle(TableStyle(commands))
    return table


def _treatment(report: ProgressReport, styles: _Styles, width: float) -> list[Flowable]:
    from reportlab.platypus import Paragraph

    title = _section("Treatment", styles)
    if not report.treatment:
        return [title, Paragraph("No visits indexed in the medical records yet.", styles.body)]
    shown, more = shorten(report.treatment, MAX_PROVIDERS)
    rows = [
        [
            line.provider,
            format_date(line.first_visit),
            format_date(line.last_visit),
            "Treating" if line.still_treating else "Done",
            str(line.visits),
        ]
        for line in shown
    ]
    first = min(line.first_visit for line in report.treatment)
    last = max(line.last_visit for line in report.treatment)
    visits = sum(line.visits for line in report.treatment)
    state = (
        "The client is still treating."
        if report.still_treating
        else "No provider is treating the client now."
    )
    summary = (
        f"{visits} visit{'s' if visits != 1 else ''} with {len(report.treatment)} "
        f"provider{'s' if len(report.treatment) != 1 else ''} from {format_date(first)} to "
        f"{format_date(last)}. {state}"
    )
    table = _table(
        ("Provider", "First visit", "Last visit", "Status", "Visits"),
        rows,
        (width - 4 * 62, 62, 62, 62, 62),
        1,
        styles,
        more=more_text(more) + " providers" if more else "",
    )
    return [title, Paragraph(escape(summary), styles.body), table]


def _specials(report: ProgressReport, styles: _Styles, width: float) -> list[Flowable]:
    specials = report.specials
    bills = f"{specials.bill_count} bill{'s' if specials.bill_count != 1 else ''}"
    rows = [
        [f"Medical expenses billed ({bills})", str(specials.medical_billed)],
        ["Medical expenses paid (health insurance, PIP, client)", str(specials.medical_paid)],
        ["Lost wages", str(specials.lost_wages)],
        ["Property damage", str(specials.property_damage)],
        ["Specials (medical billed, lost wages, property damage)", str(specials.total)],
    ]
    table = _table(("Special damages", "Amount"), rows, (width - 100, 100), 1, styles, bold_last=True)
    return [_section("Specials", styles), table]


def _money_on(move: tuple[date, Money] | None) -> str:
    if move is None:
        return "—"
    day, amount = move
    return f"{amount} ({format_date(day)})"


def _claims(report: ProgressReport, styles: _Styles, width: float) -> list[Flowable]:
    from reportlab.platypus import Paragraph

    title = _section("Insurance and negotiation", styles)
    if not report.claims:
        return [title, Paragraph("No insurance claims entered yet.", styles.body)]
    shown, more = shorten(report.claims, MAX_CLAIMS)
    rows = [
        [
            f"{line.insurer or 'Insurer not named'}" + (f" ({line.coverage})" if line.coverage else ""),
            line.claim_number or "—",
            line.status + (f"; open until {format_date(line.deadline)}" if line.deadline else ""),
            _money_on(line.last_demand),
            _money_on(line.last_offer),
            "—" if line.net_at_last_offer is None else str(line.net_at_last_offer),
        ]
        for line in shown
    ]
    amount = 80.0
    rest = width - 3 * amount - 62 - 96
    table = _table(
        ("Insurer", "Claim no.", "Status", "Last demand", "Last offer", "Client's net at offer"),
        rows,
        (rest, 62, 96, amount, amount, amount),
        3,
        styles,
        more=more_text(more) + " claims" if more else "",
    )
    return [title, table]


def _dates(report: ProgressReport, styles: _Styles, width: float) -> list[Flowable]:
    from reportlab.platypus import Paragraph

    title = _section("Next dates", styles)
    flow: list[Flowable] = [title]
    if report.limitation_day is not None:
        flow.append(
            Paragraph(f"<b>Limitation deadline: {escape(long_date(report.limitation_day))}</b>", styles.body)
        )
    else:
        why = report.limitation_note or "it cannot be computed yet"
        flow.append(Paragraph(f"<b>Limitation deadline not known:</b> {escape(why)}", styles.body))
    if not report.next_dates:
        flow.append(Paragraph("No upcoming dates on the calendar.", styles.body))
        return flow
    shown, more = shorten(report.next_dates, MAX_DATES)
    rows = [[format_date(line.day), line.title] for line in shown]
    more_line = more_text(more) + " dates" if more else ""
    flow.append(_table(("Date", "What"), rows, (70, width - 70), 0, styles, more=more_line))
    return flow


def _valuation(report: ProgressReport, styles: _Styles) -> list[Flowable]:
    from reportlab.platypus import Paragraph

    title = _section("Valuation (attorney only)", styles)
    if report.value_low is None or report.value_high is None:
        return [title, Paragraph("No valuation scenario gives a value yet.", styles.body)]
    if report.value_low == report.value_high:
        text = f"Value of the saved scenarios: <b>{escape(str(report.value_low))}</b>."
    else:
        text = (
            f"Value range of the saved scenarios: <b>{escape(str(report.value_low))}</b> to "
            f"<b>{escape(str(report.value_high))}</b>."
        )
    text += " An estimate to support negotiation, not a prediction of any outcome."
    return [title, Paragraph(text, styles.body)]


# --- styles ----------------------------------------------------------------------------------------


def _styles(fonts: PdfFonts) -> _Styles:
    from reportlab.lib import colors
    from reportlab.lib.enums import TA_RIGHT
    from reportlab.lib.styles import ParagraphStyle

    ink, muted = colors.HexColor(_INK), colors.HexColor(_MUTED)
    body = ParagraphStyle("body", fontName=fonts.regular, fontSize=9, leading=11.5, textColor=ink)
    cell = ParagraphStyle("cell", parent=body, fontSize=8.5, leading=10)
    amount = ParagraphStyle("amount", parent=cell, alignment=TA_RIGHT)
    head = ParagraphStyle("head", parent=cell, fontName=fonts.bold, textColor=colors.white)
    return _Styles(
        fonts=fonts,
        firm=ParagraphStyle("firm", parent=body, fontName=fonts.bold, fontSize=13, leading=16),
        letterhead=ParagraphStyle("letterhead", parent=body, fontSize=8, leading=10, textColor=muted),
        title=ParagraphStyle(
            "title", parent=body, fontName=fonts.bold, fontSize=16, leading=20, spaceBefore=2, spaceAfter=4
        ),
        heading=ParagraphStyle(
            "heading",
            parent=body,
            fontName=fonts.bold,
            fontSize=10.5,
            leading=13,
            spaceBefore=7,
            spaceAfter=2,
        ),
        body=body,
        note=ParagraphStyle("note", parent=body, fontSize=8, leading=10, textColor=muted),
        cell=cell,
        cell_bold=ParagraphStyle("cell_bold", parent=cell, fontName=fonts.bold),
        amount=amount,
        amount_bold=ParagraphStyle("amount_bold", parent=amount, fontName=fonts.bold),
        head=head,
        head_amount=ParagraphStyle("head_amount", parent=head, alignment=TA_RIGHT),
    )
