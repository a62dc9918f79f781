"""The exhibit list as a PDF in the style of the federal courts' AO 187 "Exhibit and Witness List".

Landscape Letter: a caption box (court, case, the numbering), then one row per exhibit with the AO 187
columns (plaintiff's number, defendant's number, date offered, marked, admitted, description) plus the Bates
range and the sponsoring witness. The column titles repeat on every page; the footer says "Page N of M".
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING
from xml.sax.saxutils import escape

from casedesk.domain.exhibits import ExhibitList, ExhibitListRow, ExhibitStatus
from casedesk.domain.typed import long_date
from casedesk.exports.pdf_fonts import PdfFonts, pdf_fonts
from casedesk.exports.pdf_pages import DocumentInfo, PageSetup, write_pdf

if TYPE_CHECKING:
    from datetime import date

    from reportlab.lib.styles import ParagraphStyle
    from reportlab.pdfgen.canvas import Canvas
    from reportlab.platypus import Flowable

TITLE = "EXHIBIT AND WITNESS LIST"
_MARGIN = 36.0
_FOOTER = 26.0
#: Column titles (as AO 187 words them) and their share of the width.
_COLUMNS = (
    ("PLF.\nNO.", 0.055),
    ("DEF.\nNO.", 0.055),
    ("DATE\nOFFERED", 0.075),
    ("MARKED", 0.075),
    ("ADMITTED", 0.075),
    ("DESCRIPTION OF EXHIBITS", 0.355),
    ("BATES RANGE", 0.17),
    ("SPONSORING WITNESS", 0.14),
)
_CELL_TEXT = 1_500
_INK = "#1f1f1f"
_MUTED = "#6a6a6a"
_HEAD = "#e3e8ef"
_GRID = "#8c96a3"
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")


@dataclass(frozen=True, slots=True)
class _Styles:
    fonts: PdfFonts
    title: ParagraphStyle
    caption: ParagraphStyle
    cell: ParagraphStyle
    centre: ParagraphStyle
    head: ParagraphStyle
    muted: ParagraphStyle


def write_exhibit_list_pdf(exhibit_list: ExhibitList, path: Path) -> None:
    """Write the exhibit list as a PDF (US Letter, landscape), atomically.

    Raises:
        ExportError: The folder cannot be written or the file cannot be replaced; nothing was changed.
    """
    from reportlab.lib.pagesizes import LETTER, landscape  # heavy: imported only when printing

    page_size: tuple[float, float] = landscape(LETTER)
    setup = PageSetup(page_size, _MARGIN, _FOOTER)
    styles = _styles(pdf_fonts())

    def story() -> list[Flowable]:
        return _story(exhibit_list, styles, setup.width)

    def furniture(canvas: Canvas, page: int, total: int) -> None:
        _footer(canvas, page, total, exhibit_list, styles, page_size)

    info = DocumentInfo(f"Exhibit list {exhibit_list.case_number}", exhibit_list.caption)
    write_pdf(path, story, setup, info, furniture)


def _styles(fonts: PdfFonts) -> _Styles:
    from reportlab.lib import colors
    from reportlab.lib.enums import TA_CENTER
    from reportlab.lib.styles import ParagraphStyle

    ink = colors.HexColor(_INK)
    cell = ParagraphStyle("cell", fontName=fonts.regular, fontSize=8, leading=10, textColor=ink)
    return _Styles(
        fonts=fonts,
        title=ParagraphStyle(
            "title", fontName=fonts.bold, fontSize=14, leading=18, textColor=ink, alignment=TA_CENTER
        ),
        caption=ParagraphStyle("caption", fontName=fonts.regular, fontSize=9, leading=12, textColor=ink),
        cell=cell,
        centre=ParagraphStyle("centre", parent=cell, alignment=TA_CENTER),
        head=ParagraphStyle(
            "head", parent=cell, fontName=fonts.bold, fontSize=7, leading=8.5, alignment=TA_CENTER
        ),
        muted=ParagraphStyle("muted", parent=cell, textColor=colors.HexColor(_MUTED)),
    )


def _story(exhibit_list: ExhibitList, styles: _Styles, width: float) -> list[Flowable]:
    from reportlab.platypus import Paragraph, Spacer

    story: list[Flowable] = [
        Paragraph(TITLE, styles.title),
        Spacer(width, 6),
        _caption(exhibit_list, styles, width),
    ]
    story.append(Spacer(width, 10))
    if not exhibit_list.rows:
        story.append(Paragraph("No exhibits are listed for this case yet.", styles.caption))
        return story
    story.append(_table(exhibit_list.rows, styles, width))
    return story


def _caption(exhibit_list: ExhibitList, styles: _Styles, width: float) -> Flowable:
    from reportlab.lib import colors
    from reportlab.platypus import Paragraph, Table

    court = exhibit_list.court or "Court not recorded"
    left = f"<b>{_markup(court)}</b><br/>{_markup(exhibit_list.caption)}"
    right = (
        f"<b>Case number:</b> {_markup(exhibit_list.case_number)}<br/>"
        f"<b>Numbering:</b> {_markup(exhibit_list.scheme.label)}<br/>"
        f"<b>Prepared:</b> {long_date(exhibit_list.prepared_on)}"
    )
    return Table(
        [[Paragraph(left, styles.caption), Paragraph(right, styles.caption)]],
        colWidths=[width * 0.62, width * 0.38],
        style=[
            ("BOX", (0, 0), (-1, -1), 0.8, colors.HexColor(_GRID)),
            ("LINEBEFORE", (1, 0), (1, 0), 0.8, colors.HexColor(_GRID)),
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("LEFTPADDING", (0, 0), (-1, -1), 6),
            ("TOPPADDING", (0, 0), (-1, -1), 5),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 6),
        ],
    )


def _table(rows: tuple[ExhibitListRow, ...], styles: _Styles, width: float) -> Flowable:
    from reportlab.lib import colors
    from reportlab.platypus import LongTable, Paragraph

    widths = [width * share for _title, share in _COLUMNS]
    data: list[list[object]] = [[Paragraph(_markup(title), styles.head) for title, _share in _COLUMNS]]
    for row in rows:
        withdrawn = row.status is ExhibitStatus.WITHDRAWN
        description = _markup(row.description)
        if withdrawn:
            description += " <i>(withdrawn)</i>"
        text = styles.muted if withdrawn else styles.cell
        data.append(
            [
                Paragraph(_markup(row.plaintiff_number), styles.centre),
                Paragraph(_markup(row.defendant_number), styles.centre),
                Paragraph(_day(row.offered_on), styles.centre),
                Paragraph(_day(row.marked_on), styles.centre),
                Paragraph(_day(row.admitted_on), styles.centre),
                Paragraph(description, text),
                Paragraph(_range(row.bates), text),
                Paragraph(_markup(row.witness), text),
            ]
        )
    commands: list[tuple[object, ...]] = [
        ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor(_HEAD)),
        ("GRID", (0, 0), (-1, -1), 0.4, colors.HexColor(_GRID)),
        ("VALIGN", (0, 0), (-1, 0), "MIDDLE"),
        ("VALIGN", (0, 1), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), 3),
        ("RIGHTPADDING", (0, 0), (-1, -1), 3),
        ("TOPPADDING", (0, 0), (-1, -1), 3),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
    ]
    return LongTable(data, colWidths=widths, repeatRows=1, style=commands)


def _footer(
    canvas: Canvas,
    page: int,
    total: int,
    exhibit_list: ExhibitList,
    styles: _Styles,
    page_size: tuple[float, float],
) -> None:
    from reportlab.lib import colors

    right = page_size[0] - _MARGIN
    top = _MARGIN + _FOOTER - 8
    canvas.saveState()
    canvas.setStrokeColor(colors.HexColor(_GRID))
    canvas.setLineWidth(0.5)
    canvas.line(_MARGIN, top, right, top)
    canvas.setFillColor(colors.HexColor(_INK))
    canvas.setFont(styles.fonts.bold, 8)
    canvas.drawRightString(right, top - 11, f"Page {page} of {total}")
    canvas.setFont(styles.fonts.regular, 8)
    canvas.drawString(_MARGIN, top - 11, _one_line(f"{exhibit_list.case_number} · {exhibit_list.caption}"))
    canvas.restoreState()


def _day(day: date | None) -> str:
    return f"{day:%m/%d/%Y}" if day is not None else ""


def _range(bates: str) -> str:
    """A Bates range broken after its dash, so that a long prefix never splits a number."""
    return "–<br/>".join(_markup(part) for part in bates.split("–", 1))


def _one_line(text: str, limit: int = 120) -> str:
    text = " ".join(_CONTROL.sub("", text).split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _markup(text: str) -> str:
    """Plain text as paragraph markup: control characters dropped, special characters escaped."""
    clean = _CONTROL.sub("", text.replace("\t", " ").replace("\r\n", "\n").replace("\r", "\n"))
    if len(clean) > _CELL_TEXT:
        clean = clean[:_CELL_TEXT].rstrip() + "…"
    return "<br/>".join(escape(line) for line in clean.split("\n"))
