"""The chronology as a PDF: landscape Letter, a visit per row with its page cites, treatment gaps shaded."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING
from xml.sax.saxutils import escape

from casedesk.domain.cases import Case, Client
from casedesk.domain.chronology import Chronology, TreatmentGap, Visit, visit_dates
from casedesk.domain.typed import long_date, long_moment
from casedesk.exports.pdf_fonts import PdfFonts, pdf_fonts
from casedesk.exports.pdf_pages import DocumentInfo, PageSetup, write_pdf

if TYPE_CHECKING:
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.pdfgen.canvas import Canvas
    from reportlab.platypus import Flowable

PRIVILEGE_LEGEND = "Privileged and confidential — attorney work product"
_MARGIN = 36.0
_FOOTER = 28.0
#: Column titles and their share of the width.
_COLUMNS = (
    ("Date(s)", 0.085),
    ("Provider", 0.125),
    ("Complaint", 0.11),
    ("Diagnoses", 0.12),
    ("Treatment / procedures", 0.12),
    ("Summary", 0.225),
    ("Billed", 0.08),
    ("Records", 0.135),
)
#: The longest a cell's text gets before it is cut with "…" (a table row cannot break across pages).
_CELL_TEXT = 1_500
_INK = "#1f1f1f"
_MUTED = "#5a5a5a"
_RULE = "#9a9a9a"
_HEAD = "#e3e8ef"
_GRID = "#c9d0da"
_GAP = "#ffeb9c"
_GAP_INK = "#7a4b00"
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")


@dataclass(frozen=True, slots=True)
class _Styles:
    fonts: PdfFonts
    title: ParagraphStyle
    heading: ParagraphStyle
    cell: ParagraphStyle
    cell_bold: ParagraphStyle
    money: ParagraphStyle
    head: ParagraphStyle
    gap: ParagraphStyle
    note: ParagraphStyle


def write_chronology_pdf(
    path: Path, chronology: Chronology, case: Case, client: Client, *, generated_at: datetime
) -> None:
    """Write the chronology as a PDF (US Letter, landscape), atomically.

    A heading gives the case, client, incident date, the span of treatment and the totals (visits,
    providers, billed, gaps); then a table of the visits in date order, each with its page cites, and a
    shaded row for each treatment gap. Every page repeats the column titles and has the case, client and
    "Page N of M" in its footer.

    Raises:
        ExportError: The folder cannot be written or the file cannot be replaced; nothing was changed.
    """
    from reportlab.lib.pagesizes import LETTER, landscape  # heavy: imported only when printing

    page_size: tuple[float, float] = landscape(LETTER)
    setup = PageSetup(page_size, _MARGIN, _FOOTER)
    styles = _styles(pdf_fonts())

    def story() -> list[Flowable]:
        return _story(chronology, case, client, styles, setup.width)

    def furniture(canvas: Canvas, page: int, total: int) -> None:
        _footer(canvas, page, total, case, client, generated_at, styles, page_size)

    info = DocumentInfo(f"Medical chronology {case.number}", f"{case.caption} ({client.name})")
    write_pdf(path, story, setup, info, furniture)


def _styles(fonts: PdfFonts) -> _Styles:
    from reportlab.lib import colors
    from reportlab.lib.enums import TA_RIGHT
    from reportlab.lib.styles import ParagraphStyle

    ink = colors.HexColor(_INK)
    cell = ParagraphStyle("cell", fontName=fonts.regular, fontSize=7.5, leading=9.2, textColor=ink)
    return _Styles(
        fonts=fonts,
        title=ParagraphStyle("title", fontName=fonts.bold, fontSize=15, leading=19, textColor=ink),
        heading=ParagraphStyle("heading", fontName=fonts.regular, fontSize=9, leading=12.5, textColor=ink),
        cell=cell,
        cell_bold=ParagraphStyle("cell_bold", parent=cell, fontName=fonts.bold),
        money=ParagraphStyle("money", parent=cell, alignment=TA_RIGHT),
        head=ParagraphStyle("head", parent=cell, fontName=fonts.bold),
        gap=ParagraphStyle(
            "gap", parent=cell, fontName=fonts.bold, fontSize=8.5, textColor=colors.HexColor(_GAP_INK)
        ),
        note=ParagraphStyle(
            "note", fontName=fonts.regular, fontSize=8, leading=10.5, textColor=colors.HexColor(_MUTED)
        ),
    )


def _story(
    chronology: Chronology, case: Case, client: Client, styles: _Styles, width: float
) -> list[Flowable]:
    from reportlab.platypus import Paragraph, Spacer

    story: list[Flowable] = [Paragraph("Medical chronology", styles.title)]
    incident = long_date(case.incident_date) if case.incident_date else "not recorded"
    lines = [
        f"<b>Case:</b> {_markup(case.number)} — {_markup(case.caption)}",
        f"<b>Client:</b> {_markup(client.name)} &nbsp;&nbsp; <b>Incident:</b> {incident}",
    ]
    first, last = chronology.first_day, chronology.last_day
    if first is not None and last is not None:
        lines.append(f"<b>Treatment:</b> {long_date(first)} to {long_date(last)}")
    lines.append(f"<b>Totals:</b> {_markup(_totals(chronology))}")
    story.append(Paragraph("<br/>".join(lines), styles.heading))
    story.append(Spacer(width, 8))
    if not chronology.visits:
        story.append(Paragraph("No visits are indexed for this case yet.", styles.heading))
        return story
    story.append(_table(chronology, styles, width))
    if chronology.unmatched_bills:
        story.append(Spacer(width, 8))
        others = "; ".join(
            f"{other.provider} {other.bill.service_from:%m/%d/%Y} {other.bill.billed}"
            for other in chronology.unmatched_bills
        )
        story.append(
            Paragraph(
                f"Bills not matched to an indexed visit ({chronology.unmatched_billed}): {_markup(others)}",
                styles.note,
            )
        )
    story.append(Spacer(width, 6))
    story.append(
        Paragraph(
            f"A gap in treatment is flagged when more than {chronology.gap_days} days pass between the "
            "last day of care and the next visit.",
            styles.note,
        )
    )
    return story


def _totals(chronology: Chronology) -> str:
    visits = len(chronology.visits)
    providers = len(chronology.providers)
    gaps = len(chronology.gaps)
    parts = [
        "1 visit" if visits == 1 else f"{visits:,} visits",
        "1 provider" if providers == 1 else f"{providers:,} providers",
        f"billed {chronology.billed}",
        "1 treatment gap" if gaps == 1 else f"{gaps:,} treatment gaps",
    ]
    return " · ".join(parts)


def _table(chronology: Chronology, styles: _Styles, width: float) -> Flowable:
    from reportlab.lib import colors
    from reportlab.platypus import LongTable, Paragraph

    widths = [width * share for _title, share in _COLUMNS]
    data: list[list[object]] = [[Paragraph(title, styles.head) for title, _share in _COLUMNS]]
    commands: list[tuple[object, ...]] = [
        ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor(_HEAD)),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LINEBELOW", (0, 0), (-1, -1), 0.4, colors.HexColor(_GRID)),
        ("LEFTPADDING", (0, 0), (-1, -1), 3),
        ("RIGHTPADDING", (0, 0), (-1, -1), 3),
        ("TOPPADDING", (0, 0), (-1, -1), 2.5),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
    ]
    for row in chronology.rows:
        number = len(data)
        if isinstance(row, TreatmentGap):
            data.append([Paragraph(_markup(row.text), styles.gap)] + [""] * (len(_COLUMNS) - 1))
            commands += [
                ("SPAN", (0, number), (-1, number)),
                ("BACKGROUND", (0, number), (-1, number), colors.HexColor(_GAP)),
            ]
        else:
            data.append(_visit_cells(row, styles))
    billed = Paragraph(f"<b>{chronology.billed}</b>", styles.money)
    total_label = Paragraph(f"<b>Totals:</b> {_markup(_totals(chronology))}", styles.cell)
    data.append([total_label, "", "", "", "", "", billed, ""])
    last = len(data) - 1
    commands += [
        ("SPAN", (0, last), (5, last)),
        ("LINEABOVE", (0, last), (-1, last), 0.8, colors.HexColor(_RULE)),
        ("BACKGROUND", (0, last), (-1, last), colors.HexColor("#f1f4f8")),
    ]
    return LongTable(data, colWidths=widths, repeatRows=1, style=commands)


def _visit_cells(visit: Visit, styles: _Styles) -> list[object]:
    from reportlab.platypus import Paragraph

    provider = f"<b>{_markup(visit.provider)}</b><br/>{_markup(visit.kind_text)}"
    billed = str(visit.billed) if visit.billed is not None else ""
    return [
        Paragraph(_markup(visit_dates(visit).replace(" – ", " –\n")), styles.cell),
        Paragraph(provider, styles.cell),
        Paragraph(_markup(visit.complaint), styles.cell),
        Paragraph(_markup(visit.diagnoses), styles.cell),
        Paragraph(_markup(visit.procedures), styles.cell),
        Paragraph(_markup(visit.summary), styles.cell),
        Paragraph(billed, styles.money),
        Paragraph(_markup("\n".join(cite.text for cite in visit.cites)), styles.cell),
    ]


def _footer(
    canvas: Canvas,
    page: int,
    total: int,
    case: Case,
    client: Client,
    generated_at: datetime,
    styles: _Styles,
    page_size: tuple[float, float],
) -> None:
    from reportlab.lib import colors

    right = page_size[0] - _MARGIN
    top = _MARGIN + _FOOTER - 8
    canvas.saveState()
    canvas.setStrokeColor(colors.HexColor(_RULE))
    canvas.setLineWidth(0.5)
    canvas.line(_MARGIN, top, right, top)
    canvas.setFillColor(colors.HexColor(_INK))
    canvas.setFont(styles.fonts.bold, 8)
    canvas.drawRightString(right, top - 11, f"Page {page} of {total}")
    canvas.drawString(_MARGIN, top - 11, _one_line(f"{case.number} · {client.name} · Medical chronology"))
    canvas.setFillColor(colors.HexColor(_MUTED))
    canvas.setFont(styles.fonts.regular, 7)
    canvas.drawString(_MARGIN, top - 21, f"{PRIVILEGE_LEGEND} · Printed {long_moment(generated_at)}")
    canvas.restoreState()


def _one_line(text: str, limit: int = 140) -> str:
    text = " ".join(_CONTROL.sub("", text).split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _markup(text: str) -> str:
    """Plain text as paragraph markup: control characters dropped, special characters escaped."""
    clean = _CONTROL.sub("", text.replace("\t", " ").replace("\r\n", "\n").replace("\r", "\n"))
    if len(clean) > _CELL_TEXT:
        clean = clean[:_CELL_TEXT].rstrip() + "…"
    return "<br/>".join(escape(line) for line in clean.split("\n"))
