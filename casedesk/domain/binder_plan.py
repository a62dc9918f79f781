"""What a trial binder PDF is made of, page by page: the plan the binder service hands the PDF writer.

The service turns a case's binder layout, exhibit list, witnesses, chronology and specials into a
:class:`BinderPlan`; :func:`casedesk.exports.binder_pdf.write_binder` lays it out. The plan names files
and says what goes on generated pages, already worded; the writer adds the cover, the table of contents
with page numbers, the tab dividers, the exhibit stickers, the Bates numbers, the bookmarks and the page
labels. Keeping the plan free of the database is what lets the writer be tested and measured on its own.
"""

from __future__ import annotations

import enum
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO


class StickerColour(enum.StrEnum):
    """The colour of an exhibit sticker: many courts use yellow for the plaintiff, blue for the defendant."""

    YELLOW = "yellow"
    BLUE = "blue"
    WHITE = "white"


@dataclass(frozen=True, slots=True)
class Sticker:
    """The exhibit sticker stamped on an exhibit's first page.

    Attributes:
        heading: The party's line, e.g. ``PLAINTIFF'S EXHIBIT``.
        number: The exhibit number, e.g. ``12`` or ``AB``.
        case_line: A small line under the number, e.g. the case number.
    """

    heading: str
    number: str
    colour: StickerColour
    case_line: str = ""


@dataclass(frozen=True, slots=True)
class BatesRun:
    """The Bates numbers of consecutive pages: the first carries ``first``, each next page one more."""

    prefix: str
    digits: int
    first: int

    def label(self, offset: int) -> str:
        """The number on the page ``offset`` pages after the first, e.g. ``SMITH000123``."""
        return f"{self.prefix}{self.first + offset:0{self.digits}d}"


@dataclass(frozen=True, slots=True)
class SourcePages:
    """Pages of a stored PDF.

    Attributes:
        path: The file in the document store (never written to).
        name: The document's name, for bookmarks and error messages.
        page_from: First page, 1-based.
        page_to: Last page, inclusive.
        password: Opens a password-protected file ("" for none).
        bates: The numbers of these pages (of ``page_from`` onwards), or ``None`` to leave them unnumbered.
        opener: Opens the file's (plain) content for reading, when ``path`` cannot simply be opened (an
            encrypted case file's documents are sealed); None to open ``path``.
    """

    path: Path
    name: str
    page_from: int
    page_to: int
    password: str = ""
    bates: BatesRun | None = None
    opener: Callable[[], BinaryIO] | None = field(default=None, compare=False, repr=False)

    @property
    def page_count(self) -> int:
        """How many pages these are."""
        return self.page_to - self.page_from + 1


@dataclass(frozen=True, slots=True)
class Table:
    """A table on a generated page; long tables run on over as many pages as they need.

    Attributes:
        columns: Column headings.
        rows: Cell texts, already worded (money formatted, dates written out).
        right_aligned: Indexes of the columns to align right (money, page counts).
        widths: Relative column widths (one per column), or empty for equal widths.
        total: A last row printed bold (e.g. the specials' totals), or empty.
    """

    columns: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    right_aligned: frozenset[int] = frozenset()
    widths: tuple[float, ...] = ()
    total: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class GeneratedPages:
    """Pages the writer composes: an exhibit index, a witness sheet, a chronology, the specials.

    Attributes:
        title: The heading of the first page.
        fields: Label/value lines under the heading (e.g. a witness's kind, phone, subpoena date).
        paragraphs: Blocks of text after the fields, each with an optional bold heading, e.g.
            ``("Topics", "…")``; newlines in the text are kept.
        table: A table after the paragraphs.
        note: A small italic line at the end (e.g. that figures must be verified).
    """

    title: str
    fields: tuple[tuple[str, str], ...] = ()
    paragraphs: tuple[tuple[str, str], ...] = ()
    table: Table | None = None
    note: str = ""


@dataclass(frozen=True, slots=True)
class BinderEntry:
    """One item of a section: generated pages or pages of a stored document, with its bookmark.

    Attributes:
        bookmark: The outline entry's title (also the table-of-contents line of exhibits and documents).
        content: What the pages are.
        sticker: Stamped on the entry's first page (exhibits only).
    """

    bookmark: str
    content: GeneratedPages | SourcePages
    sticker: Sticker | None = None


@dataclass(frozen=True, slots=True)
class BinderSection:
    """One tab: a divider page, then its entries in order.

    Attributes:
        title: The tab's title, on its divider, in the table of contents and as a top-level bookmark.
        tab: The short tab label printed on the divider (``"1"``, ``"A"``…); also the page-label prefix.
        entries: Its contents, in order; a section may be empty (its divider says so).
        subsections: Tabs inside the tab (e.g. one per witness inside "Witnesses"); each gets its own
            divider and bookmark under this one.
    """

    title: str
    tab: str
    entries: tuple[BinderEntry, ...] = ()
    subsections: tuple[BinderSection, ...] = ()


@dataclass(frozen=True, slots=True)
class BinderPlan:
    """A whole binder.

    Attributes:
        title: The cover's title, e.g. ``Trial Binder`` or ``Witness Binder — Dr. Ana Ruiz``.
        caption: The case caption lines on the cover (parties, case number, court).
        cover_lines: Smaller lines under the caption (firm, date prepared).
        sections: The tabs in order.
        page_labels: Label each section's pages ``<tab>-1``, ``<tab>-2``… (the cover and contents ``i``,
            ``ii``…), so a viewer's page box shows where one is.
    """

    title: str
    caption: tuple[str, ...]
    sections: tuple[BinderSection, ...]
    cover_lines: tuple[str, ...] = ()
    page_labels: bool = True


@dataclass(frozen=True, slots=True)
class BinderResult:
    """What writing a binder did.

    Attributes:
        page_count: Pages written.
        skipped: Documents left out because they could not be read (only when asked to skip them), each
            with the reason.
    """

    page_count: int
    skipped: tuple[str, ...] = ()
