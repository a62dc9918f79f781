"""The pages of a trial binder that casedesk composes: cover, contents, tab dividers and generated pages.

All of a binder's generated pages are laid out in one reportlab document, each part starting on a new
page; :func:`render_parts` hands back the PDF and how many pages each part took, so the binder writer can
number the contents before laying it out again with the page numbers filled in. The contents' page
numbers sit in a column of fixed width, so filling them in never changes how many pages anything takes.
"""

from __future__ import annotations

import functools
import io
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any
from xml.sax.saxutils import escape

from casedesk.domain.binder_plan import GeneratedPages, Table
from casedesk.exports.pdf_fonts import PdfFonts, pdf_fonts

if TYPE_CHECKING:
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.platypus import Flowable

#: US Letter, in points.
PAGE_SIZE = (612.0, 792.0)
#: Margins; the bottom one leaves the lower right free for a Bates label and an exhibit sticker.
MARGIN = 54.0
BOTTOM_MARGIN = 112.0
#: The width of the contents' page-number column.
_PAGE_COLUMN = 48.0
#: A divider lists at most this many of its section's items, then says how many more there are.
DIVIDER_ITEMS = 24
#: The work-product notice on the cover.
PRIVILEGED = "Privileged and confidential — attorney work product"
#: What a divider says about a section with nothing in it.
EMPTY_SECTION = "No documents in this section"
#: The contents' remark on a document that was left out.
UNREADABLE = "(could not be read)"
_INK = "#222222"
_MUTED = "#555555"
_RULE = "#9a9a9a"
_SHADE = "#eef2f7"
_ITALIC = "CasedeskSans-Oblique"


@dataclass(frozen=True, slots=True)
class Cover:
    """The binder's first page."""

    title: str
    caption: tuple[str, ...]
    lines: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class ContentsLine:
    """One line of the table of contents.

    Attributes:
        text: The section title or the entry's bookmark.
        depth: 0 for a section, 1 for what is in it, 2 for what is in a subsection.
        page: The page it starts on (1-based), or ``None`` when it is not in the binder (or not known yet).
        heading: Printed bold (sections and subsections).
        remark: Printed after the text, e.g. that the document could not be read.
    """

    text: str
    depth: int
    page: int | None
    heading: bool = False
    remark: str = ""


@dataclass(frozen=True, slots=True)
class Contents:
    """The table of contents (as many pages as it needs)."""

    lines: tuple[ContentsLine, ...]


@dataclass(frozen=True, slots=True)
class Divider:
    """A tab divider: the tab label, the title and a short list of what the section holds."""

    tab: str
    title: str
    items: tuple[str, ...]
    parent: str = ""


#: A part of the generated document; each starts on a new page.
Part = Cover | Contents | Divider | GeneratedPages


@dataclass(frozen=True, slots=True)
class Rendered:
    """The generated pages: the PDF and how many pages each part took, in order."""

    pdf: bytes
    page_counts: tuple[int, ...]


@dataclass(frozen=True, slots=True)
class _Styles:
    fonts: PdfFonts
    title: ParagraphStyle
    caption: ParagraphStyle
    cover_line: ParagraphStyle
    notice: ParagraphStyle
    heading: ParagraphStyle
    subheading: ParagraphStyle
    body: ParagraphStyle
    note: ParagraphStyle
    cell: ParagraphStyle
    cell_right: ParagraphStyle
    cell_bold: ParagraphStyle
    cell_bold_right: ParagraphStyle
    head: ParagraphStyle
    head_right: ParagraphStyle
    tab: ParagraphStyle
    divider_title: ParagraphStyle
    divider_item: ParagraphStyle
    toc: tuple[ParagraphStyle, ...]
    toc_heading: tuple[ParagraphStyle, ...]
    toc_page: ParagraphStyle


def render_parts(parts: list[Part], title: str) -> Rendered:
    """Lay out ``parts`` in one PDF, each from a new page; deterministic (same parts, same bytes)."""
    from reportlab.platypus import BaseDocTemplate, Flowable, Frame, PageBreak, PageTemplate

    styles = _styles()
    width = PAGE_SIZE[0] - 2 * MARGIN
    starts: dict[int, int] = {}
    last_page = 0

    class _Mark(Flowable):  # type: ignore[misc]
        """Notes the page a part starts on."""

        def __init__(self, index: int) -> None:
            super().__init__()
            self.index = index

        def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
            return 0.0, 0.0

        def draw(self) -> None:
            starts[self.index] = self.canv.getPageNumber()

    def on_page(canvas: Any, doc: BaseDocTemplate) -> None:
        nonlocal last_page
        last_page = doc.page

    story: list[Flowable] = []
    for index, part in enumerate(parts):
        if index:
            story.append(PageBreak())
        story.append(_Mark(index))
        story += _part(part, styles, width)
    buffer = io.BytesIO()
    doc = BaseDocTemplate(
        buffer,
        pagesize=PAGE_SIZE,
        leftMargin=MARGIN,
        rightMargin=MARGIN,
        topMargin=MARGIN,
        bottomMargin=BOTTOM_MARGIN,
        title=title,
        creator="casedesk",
        invariant=1,
    )
    frame = Frame(
        MARGIN,
        BOTTOM_MARGIN,
        width,
        PAGE_SIZE[1] - MARGIN - BOTTOM_MARGIN,
        leftPadding=0,
        rightPadding=0,
        topPadding=0,
        bottomPadding=0,
        id="content",
    )
    doc.addPageTemplates([PageTemplate(id="page", frames=[frame], onPage=on_page)])
    doc.build(story)
    bounds = [starts[index] for index in range(len(parts))] + [last_page + 1]
    counts = tuple(bounds[index + 1] - bounds[index] for index in range(len(parts)))
    return Rendered(buffer.getvalue(), counts)


def _part(part: Part, styles: _Styles, width: float) -> list[Flowable]:
    if isinstance(part, Cover):
        return _cover(part, styles, width)
    if isinstance(part, Contents):
        return _contents(part, styles, width)
    if isinstance(part, Divider):
        return _divider(part, styles)
    return _generated(part, styles, width)


def _cover(cover: Cover, styles: _Styles, width: float) -> list[Flowable]:
    from reportlab.lib import colors
    from reportlab.platypus import Paragraph, Spacer
    from reportlab.platypus import Table as RlTable

    story: list[Flowable] = [Spacer(1, 120), Paragraph(_text(cover.title), styles.title), Spacer(1, 24)]
    story += [Paragraph(_text(line), styles.caption) for line in cover.caption]
    story.append(Spacer(1, 24))
    story += [Paragraph(_text(line), styles.cover_line) for line in cover.lines]
    story.append(Spacer(1, 48))
    box = RlTable([[Paragraph(_text(PRIVILEGED), styles.notice)]], colWidths=[width - 80], hAlign="CENTER")
    box.setStyle(
        [
            ("BOX", (0, 0), (-1, -1), 1.2, colors.HexColor(_INK)),
            ("TOPPADDING", (0, 0), (-1, -1), 10),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 10),
        ]
    )
    story.append(box)
    return story


def _contents(contents: Contents, styles: _Styles, width: float) -> list[Flowable]:
    from reportlab.lib import colors
    from reportlab.platypus import Paragraph
    from reportlab.platypus import Table as RlTable

    story: list[Flowable] = [Paragraph("Contents", styles.heading)]
    if not contents.lines:
        story.append(Paragraph(_text("This binder has no sections."), styles.body))
        return story
    rows = []
    heading_rows = []
    for number, line in enumerate(contents.lines):
        depth = min(line.depth, 2)
        style = styles.toc_heading[depth] if line.heading else styles.toc[depth]
        text = _text(line.text)
        if line.remark:
            text += f" <font color='{_MUTED}'>{_text(line.remark)}</font>"
        page = "" if line.page is None else str(line.page)
        rows.append([Paragraph(text, style), Paragraph(page, styles.toc_page)])
        if line.heading and depth == 0:
            heading_rows.append(number)
    table = RlTable(rows, colWidths=[width - _PAGE_COLUMN, _PAGE_COLUMN], hAlign="LEFT")
    commands: list[Any] = [
        ("VALIGN", (0, 0), (-1, -1), "BOTTOM"),
        ("LEFTPADDING", (0, 0), (-1, -1), 0),
        ("RIGHTPADDING", (0, 0), (-1, -1), 0),
        ("TOPPADDING", (0, 0), (-1, -1), 1.5),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 1.5),
    ]
    for number in heading_rows:
        commands.append(("TOPPADDING", (0, number), (-1, number), 8))
        commands.append(("LINEBELOW", (0, number), (-1, number), 0.4, colors.HexColor(_RULE)))
    table.setStyle(commands)
    story.append(table)
    return story


def _divider(divider: Divider, styles: _Styles) -> list[Flowable]:
    from reportlab.platypus import Paragraph, Spacer

    story: list[Flowable] = [Spacer(1, 90)]
    if divider.parent:
        story.append(Paragraph(_text(divider.parent), styles.cover_line))
    story += [
        Paragraph(_text(divider.tab), styles.tab),
        Spacer(1, 12),
        Paragraph(_text(divider.title), styles.divider_title),
        Spacer(1, 24),
    ]
    if not divider.items:
        story.append(Paragraph(_text(EMPTY_SECTION), styles.divider_item))
        return story
    shown = divider.items[:DIVIDER_ITEMS]
    story += [Paragraph(f"• {_text(item)}", styles.divider_item) for item in shown]
    more = len(divider.items) - len(shown)
    if more:
        story.append(Paragraph(_text(f"… and {more} more (see the contents)"), styles.divider_item))
    return story


def _generated(pages: GeneratedPages, styles: _Styles, width: float) -> list[Flowable]:
    from reportlab.platypus import Paragraph, Spacer
    from reportlab.platypus import Table as RlTable

    story: list[Flowable] = [Paragraph(_text(pages.title), styles.heading)]
    if pages.fields:
        rows = [
            [Paragraph(_text(label), styles.cell_bold), Paragraph(_text(value) or "—", styles.cell)]
            for label, value in pages.fields
        ]
        fields = RlTable(rows, colWidths=[140, width - 140], hAlign="LEFT")
        fields.setStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("TOPPADDING", (0, 0), (-1, -1), 2),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
            ]
        )
        story += [fields, Spacer(1, 8)]
    for heading, text in pages.paragraphs:
        if heading:
            story.append(Paragraph(_text(heading), styles.subheading))
        for block in (text or "").split("\n\n"):
            story.append(Paragraph(_text(block).replace("\n", "<br/>"), styles.body))
    if pages.table is not None:
        story += [Spacer(1, 6), _table(pages.table, styles, width)]
    if pages.note:
        story += [Spacer(1, 8), Paragraph(_text(pages.note), styles.note)]
    return story


def _table(table: Table, styles: _Styles, width: float) -> Flowable:
    from reportlab.lib import colors
    from reportlab.platypus import Paragraph
    from reportlab.platypus import Table as RlTable

    count = len(table.columns)
    weights = table.widths if len(table.widths) == count and sum(table.widths) > 0 else (1.0,) * count
    widths = [width * weight / sum(weights) for weight in weights]

    def row(cells: tuple[str, ...], left: ParagraphStyle, right: ParagraphStyle) -> list[Flowable]:
        padded = tuple(cells[:count]) + ("",) * (count - len(cells))
        return [
            Paragraph(_text(cell), right if column in table.right_aligned else left)
            for column, cell in enumerate(padded)
        ]

    data = [row(table.columns, styles.head, styles.head_right)]
    data += [row(cells, styles.cell, styles.cell_right) for cells in table.rows]
    if table.total:
        data.append(row(table.total, styles.cell_bold, styles.cell_bold_right))
    rl_table = RlTable(data, colWidths=widths, repeatRows=1, hAlign="LEFT")
    commands: list[Any] = [
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor(_SHADE)),
        ("LINEBELOW", (0, 0), (-1, 0), 0.6, colors.HexColor(_RULE)),
        ("LINEBELOW", (0, 1), (-1, -1), 0.25, colors.HexColor("#d0d0d0")),
        ("LEFTPADDING", (0, 0), (-1, -1), 3),
        ("RIGHTPADDING", (0, 0), (-1, -1), 3),
        ("TOPPADDING", (0, 0), (-1, -1), 2),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
    ]
    if table.total:
        commands.append(("LINEABOVE", (0, -1), (-1, -1), 0.8, colors.HexColor(_INK)))
    rl_table.setStyle(commands)
    return rl_table


def _text(text: str) -> str:
    """Plain text made safe for a reportlab paragraph."""
    return escape(text)


@functools.cache
def _italic_font(fonts: PdfFonts) -> str:
    """An oblique face beside the regular font's file, else the regular one."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    source = Path(fonts.source)
    for name in (source.stem + "-Oblique.ttf", source.stem + "-Italic.ttf"):
        candidate = source.with_name(name)
        if candidate.is_file():
            try:
                pdfmetrics.registerFont(TTFont(_ITALIC, str(candidate)))
            except Exception:  # a damaged font file: fall back to the regular face
                break
            return _ITALIC
    return fonts.regular


def _styles() -> _Styles:
    from reportlab.lib import colors
    from reportlab.lib.enums import TA_CENTER, TA_RIGHT
    from reportlab.lib.styles import ParagraphStyle

    fonts = pdf_fonts()
    ink, muted = colors.HexColor(_INK), colors.HexColor(_MUTED)
    body = ParagraphStyle("body", fontName=fonts.regular, fontSize=10, leading=13.5, textColor=ink)
    cell = ParagraphStyle("cell", parent=body, fontSize=8.5, leading=10.5)
    cell_bold = ParagraphStyle("cell_bold", parent=cell, fontName=fonts.bold)
    toc = tuple(
        ParagraphStyle(f"toc{depth}", parent=body, fontSize=9.5, leading=12, leftIndent=16 * depth)
        for depth in range(3)
    )
    return _Styles(
        fonts=fonts,
        title=ParagraphStyle(
            "title", parent=body, fontName=fonts.bold, fontSize=26, leading=32, alignment=TA_CENTER
        ),
        caption=ParagraphStyle("caption", parent=body, fontSize=13, leading=18, alignment=TA_CENTER),
        cover_line=ParagraphStyle(
            "cover_line", parent=body, fontSize=10, textColor=muted, alignment=TA_CENTER
        ),
        notice=ParagraphStyle("notice", parent=body, fontName=fonts.bold, fontSize=11, alignment=TA_CENTER),
        heading=ParagraphStyle(
            "heading", parent=body, fontName=fonts.bold, fontSize=15, leading=19, spaceAfter=10
        ),
        subheading=ParagraphStyle(
            "subheading", parent=body, fontName=fonts.bold, fontSize=10.5, spaceBefore=8, spaceAfter=2
        ),
        body=body,
        note=ParagraphStyle(
            "note", parent=body, fontName=_italic_font(fonts), fontSize=8.5, leading=11, textColor=muted
        ),
        cell=cell,
        cell_right=ParagraphStyle("cell_right", parent=cell, alignment=TA_RIGHT),
        cell_bold=cell_bold,
        cell_bold_right=ParagraphStyle("cell_bold_right", parent=cell_bold, alignment=TA_RIGHT),
        head=ParagraphStyle("head", parent=cell_bold),
        head_right=ParagraphStyle("head_right", parent=cell_bold, alignment=TA_RIGHT),
        tab=ParagraphStyle(
            "tab", parent=body, fontName=fonts.bold, fontSize=72, leading=80, alignment=TA_CENTER
        ),
        divider_title=ParagraphStyle(
            "divider_title", parent=body, fontName=fonts.bold, fontSize=22, leading=28, alignment=TA_CENTER
        ),
        divider_item=ParagraphStyle("divider_item", parent=body, leftIndent=72, rightIndent=72),
        toc=toc,
        toc_heading=tuple(
            ParagraphStyle(f"toc_heading{depth}", parent=style, fontName=fonts.bold)
            for depth, style in enumerate(toc)
        ),
        toc_page=ParagraphStyle("toc_page", parent=toc[0], alignment=TA_RIGHT),
    )
