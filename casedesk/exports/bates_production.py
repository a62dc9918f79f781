"""A production's files: a Bates-stamped copy of each document, and an index workbook of the ranges.

Each copy is written atomically beside the others, named ``<first>-<last> <document name>.pdf`` so a
folder listing sorts in Bates order. The stored originals are only ever read.
"""

from __future__ import annotations

import contextlib
import logging
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO

from casedesk.domain.bates import DocumentBates
from casedesk.domain.errors import ExportError
from casedesk.domain.progress import CancelToken, Progress, no_progress
from casedesk.exports.atomic import atomic_write
from casedesk.exports.pdf_stamp import PageStamper

if TYPE_CHECKING:
    import pypdf

_log = logging.getLogger(__name__)

#: Characters Windows, macOS or Linux refuse in a file name.
_FORBIDDEN = re.compile(r'[<>:"/\\|?*\x00-\x1f]')
#: Keeps full paths well under Windows' 260-character limit.
_MAX_NAME = 120


@dataclass(frozen=True, slots=True)
class ProductionFile:
    """A document to stamp into a production.

    Attributes:
        source: Its stored copy (only read).
        name: The document's name, for the file name and messages.
        password: Opens it when it is password-protected ("" for none).
        bates: Its numbers.
        opener: Opens its (plain) content when ``source`` is sealed (an encrypted case file); None: read
            ``source``.
    """

    source: Path
    name: str
    password: str
    bates: DocumentBates
    opener: Callable[[], BinaryIO] | None = field(default=None, compare=False, repr=False)

    @property
    def file_name(self) -> str:
        """``SMITH000001-SMITH000012 Records of Dr Ruiz.pdf``."""
        return production_file_name(self.bates, self.name)


@dataclass(frozen=True, slots=True)
class ProductionIndex:
    """What the index workbook says about the production as a whole."""

    title: str
    produced_on: date
    recipient: str
    file_name: str


def production_file_name(bates: DocumentBates, name: str) -> str:
    """The stamped copy's file name: its first and last numbers, then the document's name."""
    stem = name[:-4] if name.lower().endswith(".pdf") else name
    stem = " ".join(_FORBIDDEN.sub("_", stem).split()).strip(" .")[:_MAX_NAME].rstrip(" .")
    first, last = bates.label(1), bates.label(bates.page_count)
    numbers = first if first == last else f"{first}-{last}"
    return f"{numbers} {stem or 'document'}.pdf"


def write_production(
    files: Sequence[ProductionFile],
    folder: Path,
    index: ProductionIndex | None = None,
    *,
    progress: Progress = no_progress,
    cancel: CancelToken | None = None,
) -> list[Path]:
    """Write a stamped copy of each file into ``folder``, then the index workbook; returns what was written.

    Progress counts pages. A copy already written stays when a later one fails or the user cancels.

    Raises:
        ExportError: A document cannot be read (naming it) or the folder cannot be written.
        Cancelled: The user cancelled between two documents.
    """
    total = sum(f.bates.page_count for f in files)
    done = 0
    written: list[Path] = []
    for file in files:
        progress(done, total, file.name)
        if cancel is not None:
            cancel.check()
        target = folder / file.file_name
        stamp_copy(file, target)
        written.append(target)
        done += file.bates.page_count
    progress(total, total, "")
    if index is not None:
        written.append(write_index(files, folder / index.file_name, index))
    return written


def stamp_copy(file: ProductionFile, target: Path) -> None:
    """Write ``file`` with every page stamped with its Bates number to ``target``, atomically.

    Raises:
        ExportError: The document cannot be read, needs a password that does not open it, or does not
            have the pages it was numbered for; or ``target`` cannot be written.
    """
    writer, pages = _read(file.source, file.name, file.password, file.opener)
    if pages != file.bates.page_count:
        raise ExportError(
            f"“{file.name}” has {pages} pages but was numbered for {file.bates.page_count} "
            f"({file.bates.range_label()}).",
            "Check the stored file: it should be the document that was numbered.",
        )
    stamper = PageStamper(writer)
    for number, page in enumerate(writer.pages, start=1):
        stamper.bates(page, file.bates.label(number))
    with atomic_write(target) as handle:
        writer.write(handle)


def readable_pages(
    source: Path, name: str, password: str = "", opener: Callable[[], BinaryIO] | None = None
) -> int:
    """How many pages a stamped copy of the document would have: it is read as :func:`stamp_copy` reads it.

    Checks, before numbers are given, that a copy can be written: nothing is written.

    Args:
        source: Its stored copy (only read).
        name: The document's name, for messages.
        password: Opens it when it is password-protected ("" for none).
        opener: Opens its (plain) content when ``source`` is sealed; None: read ``source``.

    Raises:
        ExportError: The document cannot be read or its saved password does not open it (naming it).
    """
    return _read(source, name, password, opener)[1]


def _read(
    source: Path, name: str, password: str, opener: Callable[[], BinaryIO] | None
) -> tuple[pypdf.PdfWriter, int]:
    """The document's pages copied into a new writer, and how many the reader says it has."""
    from pypdf import PdfReader, PdfWriter

    try:
        with opener() if opener else contextlib.nullcontext(source) as readable:
            reader = PdfReader(readable)
            if reader.is_encrypted and not reader.decrypt(password):
                raise ExportError(
                    f"“{name}” is password-protected and its saved password does not open it.",
                    "Import it again with the right password, or leave it out.",
                )
            pages = len(reader.pages)
            writer = PdfWriter()
            writer.append(reader, import_outline=False)
    except ExportError:
        raise
    except Exception as exc:  # a damaged file raises anything, from pypdf errors to TypeError
        # Only the kind of error: what a damaged PDF makes pypdf say can quote its text (PHI) into the log.
        _log.warning("cannot read %s for a production: %s", source.name, type(exc).__name__)
        raise ExportError(
            f"“{name}” cannot be read: the stored file is damaged ({type(exc).__name__}).",
            "Import a good copy of it, or leave it out.",
        ) from exc
    return writer, pages


def write_index(files: Sequence[ProductionFile], path: Path, index: ProductionIndex) -> Path:
    """The index workbook: one row per document with its numbers, pages and file name."""
    from casedesk.exports.xlsx import Column, ColumnKind, Sheet, WorkbookInfo, write_workbook

    columns = [
        Column("Document", width=40),
        Column("First number", width=16),
        Column("Last number", width=16),
        Column("Pages", ColumnKind.INT, total=True),
        Column("File", width=60),
    ]
    rows = [
        (f.name, f.bates.label(1), f.bates.label(f.bates.page_count), f.bates.page_count, f.file_name)
        for f in files
    ]
    title = [index.title, f"Produced {index.produced_on:%B} {index.produced_on.day}, {index.produced_on:%Y}"]
    if index.recipient:
        title.append(f"To: {index.recipient}")
    sheet = Sheet("Production", columns, rows, title_rows=title, totals_label="Total")
    write_workbook(path, [sheet], WorkbookInfo(title=index.title, subject="Bates production index"))
    return path
