"""A trial binder as one PDF: the plan's generated pages and stored documents, stamped, bookmarked, labelled.

The writer reads every stored file once (several entries may cite pages of the same file), checks that
each can be read and has the pages asked for, lays out the generated pages (cover, contents, dividers,
index, witness sheets…) in one reportlab document, and then assembles the binder with pypdf: the pages
are referenced, not re-rendered; each stored page gets its Bates label and each exhibit's first page its
sticker (:class:`casedesk.exports.pdf_stamp.PageStamper`: one small content stream per stamp); the outline
has a bookmark per section, subsection and entry; the page labels read ``<tab>-<n>``. The same plan always
gives the same bytes (a fixed file identifier, no dates), and the file is written atomically.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import os
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from casedesk.domain.binder_plan import (
    BinderEntry,
    BinderPlan,
    BinderResult,
    BinderSection,
    GeneratedPages,
    SourcePages,
)
from casedesk.domain.errors import BinderSourceError
from casedesk.domain.progress import CancelToken, Progress, no_progress
from casedesk.exports.atomic import atomic_write
from casedesk.exports.binder_pages import (
    UNREADABLE,
    Contents,
    ContentsLine,
    Cover,
    Divider,
    Part,
    Rendered,
    render_parts,
)
from casedesk.exports.pdf_stamp import PageStamper

if TYPE_CHECKING:
    import pypdf
    from pypdf.generic import IndirectObject

#: Cancel is checked (and progress reported) at least every this many pages.
CHUNK_PAGES = 200
#: What to do about a document that cannot be read, said once in every such message.
_SKIP_HINT = "or export again leaving out the documents that cannot be read."


@dataclass(slots=True)
class _Source:
    """A stored file, opened once."""

    reader: pypdf.PdfReader
    page_count: int


@dataclass(frozen=True, slots=True)
class _Generated:
    """Pages of the generated document: part ``chunk`` of it."""

    chunk: int


@dataclass(frozen=True, slots=True)
class _Stored:
    """Pages of a stored file."""

    entry: BinderEntry
    pages: SourcePages


@dataclass(slots=True)
class _Bookmark:
    """An outline entry (and a line of the contents): the part it points at, its children."""

    title: str
    part: int | None
    heading: bool
    remark: str = ""
    children: list[_Bookmark] = field(default_factory=list)


@dataclass(slots=True)
class _Layout:
    """The binder in order: generated chunks, parts (generated or stored), bookmarks, sections' parts."""

    chunks: list[Part]
    parts: list[_Generated | _Stored]
    bookmarks: list[_Bookmark]
    #: Per top-level section: its tab and the first and last part index (inclusive).
    labels: list[tuple[str, int, int]]
    contents_chunk: int
    front_parts: int


class _LateFailure(Exception):
    """A file that opened well failed while its pages were copied."""

    def __init__(self, pages: SourcePages, error: BinderSourceError) -> None:
        super().__init__(str(error))
        self.pages = pages
        self.error = error


def write_binder(
    plan: BinderPlan,
    target: Path,
    *,
    progress: Progress = no_progress,
    cancel: CancelToken | None = None,
    skip_unreadable: bool = False,
) -> BinderResult:
    """Write the binder ``plan`` describes to ``target`` (US Letter generated pages), atomically.

    Args:
        plan: What goes in the binder, in order.
        target: The PDF to write; a file already there is replaced only once the new one is complete.
        progress: Told pages done of the binder's pages, with the document being added.
        cancel: Checked between files and every :data:`CHUNK_PAGES` pages.
        skip_unreadable: Leave out documents that cannot be read (listed in the result, marked in the
            contents) instead of stopping.

    Returns:
        How many pages were written, and the documents left out with the reason.

    Raises:
        BinderSourceError: A stored document is missing, damaged, password-protected without the right
            password, or lacks the pages asked for (unless ``skip_unreadable``); nothing was written.
        Cancelled: The user cancelled; nothing was written.
        ExportError: The target cannot be written; nothing was changed.
    """
    with contextlib.ExitStack() as files:  # the stored files stay open (not read into memory) until written
        wanted = list(_all_sources(plan))
        total_guess = sum(max(0, pages.page_count) for pages in wanted) or 1
        problems: dict[SourcePages, BinderSourceError] = {}
        sources: dict[tuple[Path, str], _Source] = {}
        for pages in wanted:
            key = (pages.path, pages.password)
            if key in sources or pages in problems:
                continue
            if cancel is not None:
                cancel.check()
            progress(0, total_guess, f"Reading {pages.name}")
            try:
                sources[key] = _open(pages, files)
            except BinderSourceError as error:
                if not skip_unreadable:
                    raise
                for other in wanted:
                    if (other.path, other.password) == key:
                        problems.setdefault(other, _renamed(error, other))
        for pages in wanted:
            source = sources.get((pages.path, pages.password))
            if source is None or pages in problems:
                continue
            try:
                _check_range(pages, source.page_count)
            except BinderSourceError as error:
                if not skip_unreadable:
                    raise
                problems[pages] = error
        while True:
            try:
                return _write(plan, target, sources, problems, progress, cancel)
            except _LateFailure as failure:
                if not skip_unreadable:
                    raise failure.error from failure
                problems[failure.pages] = failure.error


# --- reading the stored files ----------------------------------------------------------------------


def _all_sources(plan: BinderPlan) -> Iterator[SourcePages]:
    def walk(section: BinderSection) -> Iterator[SourcePages]:
        for entry in section.entries:
            if isinstance(entry.content, SourcePages):
                yield entry.content
        for subsection in section.subsections:
            yield from walk(subsection)

    for section in plan.sections:
        yield from walk(section)


def _open(pages: SourcePages, files: contextlib.ExitStack) -> _Source:
    """Open a stored file and count its pages; the file is closed when ``files`` closes.

    pypdf reads from the open file as it needs (a path would make it read the whole file into memory).
    """
    from pypdf import PasswordType, PdfReader

    name = pages.name
    try:
        handle = files.enter_context(pages.opener() if pages.opener else pages.path.open("rb"))
        size = handle.seek(0, os.SEEK_END)
        handle.seek(0)
    except FileNotFoundError:
        raise _error(
            name, "its file is missing from the document store", "Import the document again"
        ) from None
    except OSError as exc:
        reason = exc.strerror or str(exc)
        raise _error(
            name, f"its file cannot be opened ({reason})", "Check the document store's folder"
        ) from exc
    if not size:
        raise _damaged(name, "the file is empty")
    try:
        reader = PdfReader(handle)
        if reader.is_encrypted:
            opened = reader.decrypt(pages.password)
            if opened == PasswordType.NOT_DECRYPTED:
                if pages.password:
                    raise _error(name, "the password saved with it does not open it", _PASSWORD_HINT)
                raise _error(name, "it is protected by a password and none is saved with it", _PASSWORD_HINT)
        count = len(reader.pages)
    except BinderSourceError:
        raise
    except Exception as exc:  # a hostile file can make pypdf raise anything
        raise _damaged(name, type(exc).__name__) from exc
    if count == 0:
        raise _damaged(name, "it has no pages")
    return _Source(reader, count)


_PASSWORD_HINT = "Enter the document's password in its details"


def _check_range(pages: SourcePages, count: int) -> None:
    if 1 <= pages.page_from <= pages.page_to <= count:
        return
    has = f"{count} page" if count == 1 else f"{count} pages"
    raise _error(
        pages.name,
        f"the binder asks for pages {pages.page_from}–{pages.page_to} but the document has {has}",
        "Correct the page range",
    )


def _error(name: str, reason: str, todo: str) -> BinderSourceError:
    return BinderSourceError(
        name, f"“{name}” cannot be put in the binder: {reason}.", f"{todo}, {_SKIP_HINT}"
    )


def _damaged(name: str, detail: str) -> BinderSourceError:
    return _error(name, f"its file is damaged and cannot be read ({detail})", "Import a good copy of it")


def _renamed(error: BinderSourceError, pages: SourcePages) -> BinderSourceError:
    """The same problem, for another entry citing the same file under another name."""
    if error.document == pages.name:
        return error
    message = error.message.replace(f"“{error.document}”", f"“{pages.name}”")
    return BinderSourceError(pages.name, message, error.hint)


# --- the layout ------------------------------------------------------------------------------------


def _layout(plan: BinderPlan, skipped: set[SourcePages]) -> _Layout:
    chunks: list[Part] = [Cover(plan.title, plan.caption, plan.cover_lines), Contents(())]
    parts: list[_Generated | _Stored] = [_Generated(0), _Generated(1)]
    bookmarks: list[_Bookmark] = []
    labels: list[tuple[str, int, int]] = []

    def section_parts(section: BinderSection, parent: str) -> _Bookmark:
        items = [entry.bookmark for entry in section.entries] + [sub.title for sub in section.subsections]
        chunks.append(Divider(section.tab, section.title, tuple(items), parent))
        parts.append(_Generated(len(chunks) - 1))
        mark = _Bookmark(section.title, len(parts) - 1, heading=True)
        for entry in section.entries:
            if isinstance(entry.content, GeneratedPages):
                chunks.append(entry.content)
                parts.append(_Generated(len(chunks) - 1))
                mark.children.append(_Bookmark(entry.bookmark, len(parts) - 1, heading=False))
            elif entry.content in skipped:
                mark.children.append(_Bookmark(entry.bookmark, None, heading=False, remark=UNREADABLE))
            else:
                parts.append(_Stored(entry, entry.content))
                mark.children.append(_Bookmark(entry.bookmark, len(parts) - 1, heading=False))
        for subsection in section.subsections:
            mark.children.append(section_parts(subsection, section.title))
        return mark

    for section in plan.sections:
        first = len(parts)
        bookmarks.append(section_parts(section, ""))
        labels.append((section.tab, first, len(parts) - 1))
    return _Layout(chunks, parts, bookmarks, labels, contents_chunk=1, front_parts=2)


def _contents_lines(bookmarks: list[_Bookmark], starts: list[int] | None) -> tuple[ContentsLine, ...]:
    lines: list[ContentsLine] = []

    def walk(marks: list[_Bookmark], depth: int) -> None:
        for mark in marks:
            page = None if starts is None or mark.part is None else starts[mark.part] + 1
            lines.append(ContentsLine(mark.title, depth, page, mark.heading, mark.remark))
            walk(mark.children, depth + 1)

    walk(bookmarks, 0)
    return tuple(lines)


def _part_pages(layout: _Layout, counts: tuple[int, ...]) -> list[int]:
    """How many pages each part has."""
    return [
        counts[part.chunk] if isinstance(part, _Generated) else part.pages.page_count for part in layout.parts
    ]


@dataclass(frozen=True, slots=True)
class _Rendering:
    """The generated pages: the contents in one document, every other chunk in another.

    Attributes:
        main: All chunks but the contents, in order.
        contents: The numbered table of contents.
        counts: Pages per chunk (the contents' chunk included).
        starts: The first page (0-based) of every part of the binder.
    """

    main: Rendered
    contents: Rendered
    counts: tuple[int, ...]
    starts: list[int]


def _render(plan: BinderPlan, layout: _Layout) -> _Rendering:
    """Lay out the generated pages, then number the contents: only the contents are laid out twice."""
    at = layout.contents_chunk
    main = render_parts(layout.chunks[:at] + layout.chunks[at + 1 :], plan.title)
    contents = render_parts([Contents(_contents_lines(layout.bookmarks, None))], plan.title)
    for _attempt in range(3):
        counts = main.page_counts[:at] + contents.page_counts + main.page_counts[at:]
        sizes = _part_pages(layout, counts)
        starts = [0] * len(sizes)
        for index in range(1, len(sizes)):
            starts[index] = starts[index - 1] + sizes[index - 1]
        numbered = render_parts([Contents(_contents_lines(layout.bookmarks, starts))], plan.title)
        if numbered.page_counts == contents.page_counts:
            return _Rendering(main, numbered, counts, starts)
        contents = numbered
    raise AssertionError("the contents' page count did not settle")  # the page column has a fixed width


# --- assembly --------------------------------------------------------------------------------------


def _write(
    plan: BinderPlan,
    target: Path,
    sources: dict[tuple[Path, str], _Source],
    problems: dict[SourcePages, BinderSourceError],
    progress: Progress,
    cancel: CancelToken | None,
) -> BinderResult:
    from pypdf import PdfReader, PdfWriter
    from pypdf.generic import ArrayObject, ByteStringObject

    layout = _layout(plan, set(problems))
    rendering = _render(plan, layout)
    starts = rendering.starts
    main = PdfReader(io.BytesIO(rendering.main.pdf))
    contents = PdfReader(io.BytesIO(rendering.contents.pdf))
    sizes = _part_pages(layout, rendering.counts)
    total = sum(sizes)
    located: dict[int, tuple[pypdf.PdfReader, int]] = {layout.contents_chunk: (contents, 0)}
    offset = 0
    for chunk, count in enumerate(rendering.counts):
        if chunk != layout.contents_chunk:
            located[chunk] = (main, offset)
            offset += count

    writer = PdfWriter()
    stamper = PageStamper(writer)
    done = 0
    for index, part in enumerate(layout.parts):
        if isinstance(part, _Generated):
            reader, first = located[part.chunk]
            for number in range(first, first + sizes[index]):
                writer.add_page(reader.pages[number])
            done += sizes[index]
            continue
        if cancel is not None:
            cancel.check()
        pages = part.pages
        source = sources[(pages.path, pages.password)]
        progress(done, total, pages.name)
        copied = 0
        while copied < pages.page_count:
            if cancel is not None:
                cancel.check()
            step = min(CHUNK_PAGES, pages.page_count - copied)
            before = len(writer.pages)
            first = pages.page_from - 1 + copied
            try:
                writer.append(source.reader, pages=(first, first + step), import_outline=False)
                added = len(writer.pages) - before
            except Exception as exc:  # a hostile file can make pypdf raise anything
                raise _LateFailure(pages, _damaged(pages.name, type(exc).__name__)) from exc
            if added != step:
                raise _LateFailure(pages, _damaged(pages.name, "pages are missing"))
            for number in range(step):
                page = writer.pages[before + number]
                if pages.bates is not None:
                    stamper.bates(page, pages.bates.label(copied + number))
                if copied + number == 0 and part.entry.sticker is not None:
                    stamper.sticker(page, part.entry.sticker)
            copied += step
            done += step
            progress(done, total, pages.name)
    if cancel is not None:
        cancel.check()

    _outline(writer, layout.bookmarks, starts, None)
    if plan.page_labels:
        _page_labels(writer, layout, starts, sizes)
    writer.add_metadata({"/Title": plan.title, "/Creator": "casedesk", "/Producer": "casedesk"})
    skipped = tuple(dict.fromkeys(error.message for error in problems.values()))
    identity = hashlib.sha256(repr((plan, skipped)).encode("utf-8")).digest()[:16]
    writer._ID = ArrayObject([ByteStringObject(identity), ByteStringObject(identity)])
    progress(done, total, "Saving the binder")
    with atomic_write(target) as handle:
        writer.write(handle)
    progress(total, total, "")
    return BinderResult(page_count=total, skipped=skipped)


def _outline(
    writer: pypdf.PdfWriter, marks: list[_Bookmark], starts: list[int], parent: IndirectObject | None
) -> None:
    for mark in marks:
        if mark.part is None:
            continue
        item = writer.add_outline_item(
            title=mark.title,
            page_number=starts[mark.part],
            parent=parent,
            is_open=False,
        )
        _outline(writer, mark.children, starts, item)


def _page_labels(writer: pypdf.PdfWriter, layout: _Layout, starts: list[int], sizes: list[int]) -> None:
    from pypdf.constants import PageLabelStyle

    front_end = starts[layout.front_parts - 1] + sizes[layout.front_parts - 1] - 1
    writer.set_page_label(0, front_end, style=PageLabelStyle.LOWERCASE_ROMAN, start=1)
    for tab, first, last in layout.labels:
        end = starts[last] + sizes[last] - 1
        if end < starts[first]:
            continue
        writer.set_page_label(
            starts[first], end, style=PageLabelStyle.DECIMAL, prefix=f"{tab}-" if tab else None, start=1
        )
