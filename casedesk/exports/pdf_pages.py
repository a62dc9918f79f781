"""The page set-up every casedesk printout shares.

Margins, one full-width frame, a footer that knows the page count, document properties, an atomic write.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO

from casedesk.exports.atomic import write_counting_pages

if TYPE_CHECKING:
    from reportlab.pdfgen.canvas import Canvas
    from reportlab.platypus import Flowable

#: Draws a page's header and footer: the canvas, the page number and how many pages there are.
PageFurniture = Callable[["Canvas", int, int], None]


@dataclass(frozen=True, slots=True)
class PageSetup:
    """How a printout's pages are laid out.

    Attributes:
        size: Width and height in points.
        margin: On every side, in points.
        footer: Room kept above the bottom margin for the footer, in points.
    """

    size: tuple[float, float]
    margin: float
    footer: float

    @property
    def width(self) -> float:
        """The width the content has."""
        return self.size[0] - 2 * self.margin


@dataclass(frozen=True, slots=True)
class DocumentInfo:
    """The PDF's document properties (what a reader shows under File › Properties)."""

    title: str
    subject: str
    author: str = ""


def write_pdf(
    path: Path,
    story: Callable[[], list[Flowable]],
    setup: PageSetup,
    info: DocumentInfo,
    furniture: PageFurniture,
    overlay: Callable[[Canvas], None] | None = None,
) -> None:
    """Lay out the flowables ``story`` makes on pages and write them to ``path``, atomically.

    Args:
        path: The PDF to write; a file already there is replaced only once the new one is complete.
        story: Makes the flowables (called once per layout pass: reportlab consumes them).
        setup: The page size and margins; the content frame has no padding, so it is exactly
            ``setup.width`` wide and lines up with the header and footer.
        info: The document properties.
        furniture: Draws each page's header and footer, knowing the page count.
        overlay: Draws over each finished page (a DRAFT mark), if given.

    Raises:
        ExportError: The folder cannot be written or the file cannot be replaced; nothing was changed.
    """
    write_counting_pages(
        path, lambda target, total: _build(target, story(), setup, info, furniture, overlay, total)
    )


def _build(
    target: BinaryIO,
    flowables: list[Flowable],
    setup: PageSetup,
    info: DocumentInfo,
    furniture: PageFurniture,
    overlay: Callable[[Canvas], None] | None,
    total: int | None,
) -> int:
    """Lay out and write the pages; returns how many there are."""
    from reportlab.platypus import BaseDocTemplate, Frame, PageTemplate

    pages = 0

    def on_page(canvas: Canvas, doc: BaseDocTemplate) -> None:
        nonlocal pages
        pages = doc.page
        furniture(canvas, doc.page, total or doc.page)

    def on_page_end(canvas: Canvas, _doc: BaseDocTemplate) -> None:
        if overlay is not None:
            overlay(canvas)

    doc = BaseDocTemplate(
        target,
        pagesize=setup.size,
        leftMargin=setup.margin,
        rightMargin=setup.margin,
        topMargin=setup.margin,
        bottomMargin=setup.margin + setup.footer,
        title=info.title,
        subject=info.subject,
        author=info.author,
        creator="casedesk",
    )
    frame = Frame(
        doc.leftMargin,
        doc.bottomMargin,
        doc.width,
        doc.height,
        leftPadding=0,
        rightPadding=0,
        topPadding=0,
        bottomPadding=0,
        id="content",
    )
    doc.addPageTemplates([PageTemplate(id="page", frames=[frame], onPage=on_page, onPageEnd=on_page_end)])
    doc.build(flowables)
    return pages
