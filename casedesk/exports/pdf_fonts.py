"""Fonts for PDF exports: a system font that has accented and non-Latin letters, else reportlab's own."""

from __future__ import annotations

import functools
import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

#: The names the fonts are registered under in reportlab.
REGULAR = "CasedeskSans"
BOLD = "CasedeskSans-Bold"


@dataclass(frozen=True, slots=True)
class PdfFonts:
    """Registered font names for PDF text.

    Attributes:
        regular: The regular weight; ``<b>`` in paragraphs switches to ``bold``.
        bold: The bold weight.
        source: The font file used (for diagnostics).
    """

    regular: str
    bold: str
    source: str


def _candidates() -> Iterator[tuple[Path, Path]]:
    """Regular and bold TrueType files with wide coverage (Vietnamese, Polish…), most likely first."""
    for folder in (
        "/usr/share/fonts/truetype/dejavu",  # Debian, Ubuntu
        "/usr/share/fonts/dejavu-sans-fonts",  # Fedora
        "/usr/share/fonts/TTF",  # Arch
        "/usr/share/fonts/dejavu",
    ):
        yield Path(folder, "DejaVuSans.ttf"), Path(folder, "DejaVuSans-Bold.ttf")
    windows = Path(os.environ.get("WINDIR", r"C:\Windows"), "Fonts")
    yield windows / "arial.ttf", windows / "arialbd.ttf"
    for folder in ("/System/Library/Fonts/Supplemental", "/Library/Fonts"):
        yield Path(folder, "Arial.ttf"), Path(folder, "Arial Bold.ttf")


@functools.cache
def pdf_fonts() -> PdfFonts:
    """Register the fonts PDF exports use (once per process) and return their names.

    The standard PDF fonts cannot show names like “Nguyễn”, so a TrueType font is embedded: the first
    system font found, else Bitstream Vera, which reportlab ships.
    """
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    def register(regular: str, bold: str) -> PdfFonts:
        pdfmetrics.registerFont(TTFont(REGULAR, regular))
        pdfmetrics.registerFont(TTFont(BOLD, bold))
        pdfmetrics.registerFontFamily(REGULAR, normal=REGULAR, bold=BOLD, italic=REGULAR, boldItalic=BOLD)
        return PdfFonts(REGULAR, BOLD, regular)

    for regular, bold in _candidates():
        if regular.is_file() and bold.is_file():
            try:
                return register(str(regular), str(bold))
            except Exception:  # a damaged or unsupported font file: try the next one
                continue
    return register("Vera.ttf", "VeraBd.ttf")  # found on reportlab's own font path
