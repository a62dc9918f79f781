"""Medical-record files as a provider sends them: letterhead, patient line, one visit note per page.

Used to make the demo's fictional records (and by tests that need realistic records to import). Each
:class:`RecordPage` becomes exactly one PDF page, so an index entry can cite the pages of its visit; text
that does not fit a page is cut at the last whole line.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from casedesk.exports.atomic import atomic_write

if TYPE_CHECKING:
    from reportlab.pdfgen.canvas import Canvas

_MARGIN = 54.0  # points: three-quarters of an inch
_BODY_SIZE = 9.5
_LEADING = 12.5


@dataclass(frozen=True, slots=True)
class RecordPage:
    """One page of a provider's records.

    Attributes:
        title: What the page is ("Emergency Department Record", "Itemized Statement").
        patient: The patient line ("Patient: Ana Ruiz   DOB: 03/02/1981   MRN: 448120").
        sections: (heading, text) pairs; blank lines in a text start new paragraphs.
    """

    title: str
    patient: str
    sections: tuple[tuple[str, str], ...]


@dataclass(frozen=True, slots=True)
class Letterhead:
    """The provider's name and address, printed at the top of every page."""

    name: str
    address: str
    phone: str


def write_record_pdf(path: Path, letterhead: Letterhead, pages: Sequence[RecordPage], *, author: str) -> None:
    """Write a provider's records file at ``path``, one page per :class:`RecordPage` (atomically).

    Raises:
        ExportError: The file cannot be written; nothing is left behind.
    """
    from reportlab.lib.pagesizes import LETTER
    from reportlab.pdfgen.canvas import Canvas

    from casedesk.exports.pdf_fonts import pdf_fonts

    fonts = pdf_fonts()
    width, height = LETTER
    with atomic_write(path) as handle:
        canvas = Canvas(handle, pagesize=LETTER, invariant=True)
        canvas.setTitle(f"{letterhead.name} — records")
        canvas.setAuthor(author)
        for number, page in enumerate(pages, start=1):
            _letterhead(canvas, letterhead, fonts.regular, fonts.bold, width, height)
            y = height - _MARGIN - 62
            canvas.setFont(fonts.bold, 12)
            canvas.drawString(_MARGIN, y, page.title)
            y -= 16
            canvas.setFont(fonts.regular, 9)
            canvas.drawString(_MARGIN, y, page.patient)
            y -= 20
            for heading, text in page.sections:
                if y < _MARGIN + 3 * _LEADING:
                    break
                canvas.setFont(fonts.bold, _BODY_SIZE)
                canvas.drawString(_MARGIN, y, heading)
                y -= _LEADING
                y = _paragraphs(canvas, text, fonts.regular, width - 2 * _MARGIN, y)
                y -= _LEADING / 2
            canvas.setFont(fonts.regular, 8)
            canvas.drawRightString(width - _MARGIN, _MARGIN / 2, f"Page {number} of {len(pages)}")
            canvas.showPage()
        canvas.save()


def _letterhead(
    canvas: Canvas, letterhead: Letterhead, regular: str, bold: str, width: float, height: float
) -> None:
    canvas.setFont(bold, 13)
    canvas.drawString(_MARGIN, height - _MARGIN, letterhead.name)
    canvas.setFont(regular, 8.5)
    canvas.drawString(_MARGIN, height - _MARGIN - 13, letterhead.address)
    canvas.drawString(_MARGIN, height - _MARGIN - 24, f"Tel. {letterhead.phone}")
    canvas.setLineWidth(0.6)
    canvas.line(_MARGIN, height - _MARGIN - 34, width - _MARGIN, height - _MARGIN - 34)


def _paragraphs(canvas: Canvas, text: str, font: str, width: float, y: float) -> float:
    """Draw wrapped paragraphs from ``y`` down; returns the next free line's position."""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    canvas.setFont(font, _BODY_SIZE)
    for paragraph in text.split("\n"):
        line = ""
        for word in paragraph.split():
            candidate = f"{line} {word}".strip()
            if stringWidth(candidate, font, _BODY_SIZE) <= width:
                line = candidate
                continue
            if y < _MARGIN + _LEADING:
                return y
            canvas.drawString(_MARGIN, y, line)
            y -= _LEADING
            line = word
        if line and y >= _MARGIN + _LEADING:
            canvas.drawString(_MARGIN, y, line)
            y -= _LEADING
    return y
