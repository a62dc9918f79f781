"""Render a filled Word letter (.docx) to PDF with reportlab, without an office suite.

The body is walked in order (paragraphs and tables). Styles (title, headings, normal, lists), alignment,
bold/italic/underline runs, explicit page breaks, tables (borders of a grid style, money right-aligned),
the section's header and footer text, its page size and margins are honoured; pages after the first say
"Page x of y". It covers what letters use, not every feature of Word: pictures, text boxes, columns and
fields other than text are left out.
"""

from __future__ import annotations

import functools
import io
import re
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any
from xml.sax.saxutils import escape

from casedesk.domain.errors import ExportError
from casedesk.exports.atomic import atomic_write
from casedesk.exports.pdf_fonts import pdf_fonts

if TYPE_CHECKING:
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.pdfgen.canvas import Canvas
    from reportlab.platypus import Flowable

_MONEY = re.compile(r"^\s*-?\(?\$?-?[\d,]+\.\d{2}\)?\s*$")
_SERIF_DIR = Path("/usr/share/fonts/truetype/dejavu")
_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_INK = "#1a1a1a"
_MUTED = "#555555"


@dataclass(frozen=True, slots=True)
class _Fonts:
    regular: str
    bold: str
    italic: str
    bold_italic: str


@functools.cache
def _fonts() -> _Fonts:
    """A serif family with italics when the system has one; the exports' sans font otherwise."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    files = {
        "LetterSerif": "DejaVuSerif.ttf",
        "LetterSerif-Bold": "DejaVuSerif-Bold.ttf",
        "LetterSerif-Italic": "DejaVuSerif-Italic.ttf",
        "LetterSerif-BoldItalic": "DejaVuSerif-BoldItalic.ttf",
    }
    try:
        for name, file in files.items():
            pdfmetrics.registerFont(TTFont(name, str(_SERIF_DIR / file)))
        pdfmetrics.registerFontFamily(
            "LetterSerif",
            normal="LetterSerif",
            bold="LetterSerif-Bold",
            italic="LetterSerif-Italic",
            boldItalic="LetterSerif-BoldItalic",
        )
        return _Fonts("LetterSerif", "LetterSerif-Bold", "LetterSerif-Italic", "LetterSerif-BoldItalic")
    except Exception:  # no such font on this system: the sans font every export uses
        fonts = pdf_fonts()
        return _Fonts(fonts.regular, fonts.bold, fonts.regular, fonts.bold)


@dataclass(frozen=True, slots=True)
class _Page:
    width: float
    height: float
    left: float
    right: float
    top: float
    bottom: float
    header: str
    footer: str


def render_pdf(docx_content: bytes, *, title: str = "", author: str = "") -> bytes:
    """The PDF of a .docx, as bytes.

    Raises:
        ExportError: The .docx cannot be read or laid out.
    """
    try:
        import docx

        document = docx.Document(io.BytesIO(docx_content))
        page = _page(document)
        pages = _build(io.BytesIO(), document, page, None, title, author)
        out = io.BytesIO()
        _build(out, document, page, pages, title, author)
    except ExportError:
        raise
    except Exception as exc:
        reason = " ".join(str(exc).split())[:200] or type(exc).__name__
        raise ExportError(
            f"The letter cannot be turned into a PDF ({reason}).",
            "Save the letter as a .docx and print it to PDF from Word instead.",
        ) from exc
    return out.getvalue()


def write_docx_pdf(path: Path, docx_content: bytes, *, title: str = "", author: str = "") -> bytes:
    """Render a .docx to a PDF at ``path``, atomically; returns the PDF's bytes.

    Raises:
        ExportError: The .docx cannot be rendered, or the file cannot be written (nothing was changed).
    """
    pdf = render_pdf(docx_content, title=title, author=author)
    with atomic_write(path) as handle:
        handle.write(pdf)
    return pdf


def pdf_page_texts(pdf: bytes) -> list[str]:
    """The text of each page of a PDF (for the search index and for checks)."""
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(pdf))
    return [" ".join((page.extract_text() or "").split()) for page in reader.pages]


# --- Layout ------------------------------------------------------------------------------------------


def _page(document: Any) -> _Page:
    from reportlab.lib.pagesizes import LETTER

    section = document.sections[-1]

    def points(value: Any, default: float) -> float:
        return float(value.pt) if value is not None else default

    header = " ".join(p.text.strip() for p in section.header.paragraphs if p.text.strip())
    footer = " ".join(p.text.strip() for p in section.footer.paragraphs if p.text.strip())
    return _Page(
        width=points(section.page_width, LETTER[0]),
        height=points(section.page_height, LETTER[1]),
        left=points(section.left_margin, 72.0),
        right=points(section.right_margin, 72.0),
        top=points(section.top_margin, 72.0),
        bottom=points(section.bottom_margin, 72.0),
        header=header,
        footer=footer,
    )


def _build(target: Any, document: Any, page: _Page, pages: int | None, title: str, author: str) -> int:
    from reportlab.platypus import Frame, PageTemplate
    from reportlab.platypus.doctemplate import BaseDocTemplate

    fonts = _fonts()
    doc = BaseDocTemplate(
        target,
        pagesize=(page.width, page.height),
        leftMargin=page.left,
        rightMargin=page.right,
        topMargin=page.top,
        bottomMargin=page.bottom,
        title=title,
        author=author,
        creator="casedesk",
    )
    frame = Frame(
        page.left, page.bottom, page.width - page.left - page.right, page.height - page.top - page.bottom
    )

    def decorate(canvas: Canvas, _doc: Any) -> None:
        number = canvas.getPageNumber()
        canvas.saveState()
        canvas.setFont(fonts.regular, 8)
        canvas.setFillColor(_MUTED)
        if page.header and number > 1:
            canvas.drawString(page.left, page.height - page.top / 2, page.header[:150])
        if page.footer:
            canvas.drawCentredString(page.width / 2, page.bottom / 2, page.footer[:150])
        if number > 1:
            total = f" of {pages}" if pages else ""
            canvas.drawRightString(
                page.width - page.right, page.height - page.top / 2, f"Page {number}{total}"
            )
        canvas.restoreState()

    doc.addPageTemplates([PageTemplate(id="letter", frames=[frame], onPage=decorate)])
    story = _story(document, fonts, frame._width)
    doc.build(story)
    return int(doc.page)


def _story(document: Any, fonts: _Fonts, width: float) -> list[Flowable]:
    from docx.table import Table
    from docx.text.paragraph import Paragraph
    from reportlab.platypus import PageBreak

    story: list[Flowable] = []
    numbers: dict[str, int] = {}
    for child in document.element.body.iterchildren():
        if child.tag == f"{_W}p":
            paragraph = Paragraph(child, document)
            for part in _paragraph(paragraph, fonts, numbers):
                story.append(PageBreak() if part is None else part)
        elif child.tag == f"{_W}tbl":
            story.append(_table(Table(child, document), fonts, width))
            numbers.clear()
    return story


def _style_name(paragraph: Any) -> str:
    try:
        return str(paragraph.style.name or "Normal")
    except Exception:
        return "Normal"


def _inherited(paragraph: Any, attribute: str) -> Any:
    """A paragraph-format value from the paragraph, else its style chain."""
    value = getattr(paragraph.paragraph_format, attribute, None)
    style = paragraph.style
    while value is None and style is not None:
        value = getattr(style.paragraph_format, attribute, None)
        style = style.base_style
    return value


def _style_font(paragraph: Any, attribute: str) -> Any:
    style = paragraph.style
    while style is not None:
        value = getattr(style.font, attribute, None)
        if value is not None:
            return value
        style = style.base_style
    return None


def _paragraph_style(paragraph: Any, fonts: _Fonts, *, in_table: bool = False) -> ParagraphStyle:
    from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_LEFT, TA_RIGHT
    from reportlab.lib.styles import ParagraphStyle

    name = _style_name(paragraph)
    size_value = _style_font(paragraph, "size")
    size = float(size_value.pt) if size_value is not None else 11.0
    if in_table:
        size = min(size, 10.0)
    heading = name.startswith("Heading")
    bold = name == "Title" or heading or bool(_style_font(paragraph, "bold"))
    alignment = _inherited(paragraph, "alignment")
    align = {0: TA_LEFT, 1: TA_CENTER, 2: TA_RIGHT, 3: TA_JUSTIFY}.get(
        int(alignment) if alignment is not None else 0, TA_LEFT
    )
    after = _inherited(paragraph, "space_after")
    before = _inherited(paragraph, "space_before")
    space_after = float(after.pt) if after is not None else (2.0 if in_table else 6.0)
    space_before = float(before.pt) if before is not None else (10.0 if heading else 0.0)
    if in_table:
        space_after, space_before = min(space_after, 2.0), 0.0
    bullet = name.startswith("List")
    return ParagraphStyle(
        name,
        fontName=fonts.bold if bold else fonts.regular,
        fontSize=size,
        leading=size * 1.3,
        alignment=align,
        spaceAfter=space_after,
        spaceBefore=space_before,
        textColor=_INK,
        leftIndent=18.0 if bullet else 0.0,
        bulletIndent=6.0 if bullet else 0.0,
        keepWithNext=heading or bool(_inherited(paragraph, "keep_with_next")),
    )


def _markup(runs: list[Any]) -> str:
    parts: list[str] = []
    for run in runs:
        text = run.text
        if not text:
            continue
        text = escape(text).replace("\t", "&nbsp;" * 4).replace("\n", "<br/>")
        if run.underline:
            text = f"<u>{text}</u>"
        if run.italic:
            text = f"<i>{text}</i>"
        if run.bold:
            text = f"<b>{text}</b>"
        parts.append(text)
    return "".join(parts)


def _paragraph(paragraph: Any, fonts: _Fonts, numbers: dict[str, int]) -> list[Flowable | None]:
    """The flowables of one paragraph; ``None`` stands for a page break inside it."""
    from reportlab.platypus import Paragraph, Spacer

    style = _paragraph_style(paragraph, fonts)
    name = style.name
    bullet: str | None = None
    if name.startswith("List Number"):
        numbers[name] = numbers.get(name, 0) + 1
        bullet = f"{numbers[name]}."
    elif name.startswith("List"):
        bullet = "•"
    else:
        numbers.clear()
    if _inherited(paragraph, "page_break_before"):
        out: list[Flowable | None] = [None]
    else:
        out = []
    chunk: list[Any] = []
    chunks: list[list[Any] | None] = []
    for run in paragraph.runs:
        if run._element.findall(f".//{_W}br[@{_W}type='page']"):
            chunk.append(run)
            chunks.extend([chunk, None])
            chunk = []
        else:
            chunk.append(run)
    chunks.append(chunk)
    for piece in chunks:
        if piece is None:
            out.append(None)
            continue
        markup = _markup(piece)
        if not markup.strip():
            if piece is chunks[-1] and not any(c is None for c in chunks):
                out.append(Spacer(1, style.leading * 0.6 + style.spaceAfter * 0.5))
            continue
        out.append(Paragraph(markup, style, bulletText=bullet))
    return out


def _table(table: Any, fonts: _Fonts, width: float) -> Flowable:
    from reportlab.lib.enums import TA_RIGHT
    from reportlab.platypus import Paragraph, Table, TableStyle

    rows: list[list[Any]] = []
    widths: list[float] | None = None
    for row in table.rows:
        cells: list[Any] = []
        for cell in row.cells:
            flowables: list[Any] = []
            for paragraph in cell.paragraphs:
                style = _paragraph_style(paragraph, fonts, in_table=True)
                if _MONEY.match(paragraph.text or ""):
                    style.alignment = TA_RIGHT
                markup = _markup(list(paragraph.runs))
                if markup.strip():
                    flowables.append(Paragraph(markup, style))
            cells.append(flowables or "")
        rows.append(cells)
        if widths is None:
            found = [float(cell.width.pt) if cell.width is not None else 0.0 for cell in row.cells]
            if all(found) and sum(found) > 0:
                widths = found
    if not rows:
        from reportlab.platypus import Spacer

        return Spacer(1, 1)
    columns = max(len(row) for row in rows)
    for row in rows:
        row.extend([""] * (columns - len(row)))
    if widths is None or len(widths) != columns:
        widths = [width / columns] * columns
    scale = min(1.0, width / sum(widths))
    widths = [w * scale for w in widths]
    result = Table(rows, colWidths=widths, hAlign="CENTER" if scale < 1.0 else "LEFT", repeatRows=0)
    commands: list[tuple[Any, ...]] = [
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), 4),
        ("RIGHTPADDING", (0, 0), (-1, -1), 4),
        ("TOPPADDING", (0, 0), (-1, -1), 2),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
    ]
    style_name = ""
    try:
        style_name = str(table.style.name) if table.style is not None else ""
    except Exception:
        style_name = ""
    if "Grid" in style_name or _has_borders(table):
        commands.append(("GRID", (0, 0), (-1, -1), 0.5, "#777777"))
        commands.append(("BACKGROUND", (0, 0), (-1, 0), "#eef2f7"))
    else:
        commands[1] = ("LEFTPADDING", (0, 0), (-1, -1), 0)
    result.setStyle(TableStyle(commands))
    return result


def _has_borders(table: Any) -> bool:
    borders = table._tbl.tblPr.find(f"{_W}tblBorders") if table._tbl.tblPr is not None else None
    if borders is None:
        return False
    return any(edge.get(f"{_W}val") not in (None, "nil", "none") for edge in borders)
