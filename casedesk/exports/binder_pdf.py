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

import hashlib
import io
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
    Sticker,
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
            sources[key] = _open(pages)
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


def _open(pages: SourcePages) -> _Source:
    """Open a stored file and count its pages."""
    from pypdf import PasswordType, PdfReader

    name = pages.name
    try:
        data = pages.path.read_bytes()
    except FileNotFoundError:
        raise _error(
            name, "its file is missing from the document store", "Import the document again"
        ) from None
    except OSError as exc:
        reason = exc.strerror or str(exc)
        raise _error(
            name, f"its file cannot be opened ({reason})", "Check the document store's folder"
        ) from exc
    if not data:
        raise _damaged(name, "the file is empty")
    try:
        reader = PdfReader(io.BytesIO(data))
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


def _render(plan: BinderPlan, layout: _Layout) -> tuple[Rendered, list[int]]:
    """Lay out the generated pages with the contents numbered; the first page (0-based) of every part."""
    layout.chunks[layout.contents_chunk] = Contents(_contents_lines(layout.bookmarks, None))
    counts = render_parts(layout.chunks, plan.title).page_counts
    for _attempt in range(3):
        sizes = _part_pages(layout, counts)
        starts = [sum(sizes[:index]) for index in range(len(sizes))]
        layout.chunks[layout.contents_chunk] = Contents(_contents_lines(layout.bookmarks, starts))
        rendered = render_parts(layout.chunks, plan.title)
        if rendered.page_counts == counts:
            return rendered, starts
        counts = rendered.page_counts
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
    rendered, starts = _render(plan, layout)
    generated = PdfReader(io.BytesIO(rendered.pdf))
    sizes = _part_pages(layout, rendered.page_counts)
    total = sum(sizes)
    chunk_starts: dict[int, int] = {}
    offset = 0
    for chunk, count in enumerate(rendered.page_counts):
        chunk_starts[chunk] = offset
        offset += count

    writer = PdfWriter()
    stamper = _stamper(writer)
    done = 0
    for index, part in enumerate(layout.parts):
        if isinstance(part, _Generated):
            first = chunk_starts[part.chunk]
            for number in range(first, first + sizes[index]):
                writer.add_page(generated.pages[number])
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


# --- stamping (stand-in until exports/pdf_stamp.py is in place) -----------------------------------


class _Stamper:
    """Bates labels and exhibit stickers, one small content stream per stamp (see api: PageStamper)."""

    def __init__(self, writer: pypdf.PdfWriter) -> None:
        from pypdf.generic import DictionaryObject, NameObject, StreamObject

        def font(name: str) -> object:
            return writer._add_object(
                DictionaryObject(
                    {
                        NameObject("/Type"): NameObject("/Font"),
                        NameObject("/Subtype"): NameObject("/Type1"),
                        NameObject("/BaseFont"): NameObject(f"/{name}"),
                        NameObject("/Encoding"): NameObject("/WinAnsiEncoding"),
                    }
                )
            )

        def stream(data: bytes) -> object:
            obj = StreamObject()
            obj.set_data(data)
            return writer._add_object(obj)

        self._writer = writer
        self._regular = font("Helvetica")
        self._bold = font("Helvetica-Bold")
        self._push = stream(b"q\n")
        self._pop = stream(b"\nQ\n")
        self._wrapped: set[int] = set()

    def bates(self, page: pypdf.PageObject, label: str) -> None:
        from reportlab.pdfbase.pdfmetrics import stringWidth

        width, _height, matrix = _view(page)
        x = width - 18 - stringWidth(label, "Helvetica", 9)
        self._append(
            page,
            f"q {matrix} cm 1 g {x - 2:.2f} 9 {stringWidth(label, 'Helvetica', 9) + 4:.2f} 13 re f "
            f"BT 0 g /CdReg 9 Tf {x:.2f} 12.5 Td {_pdf_text(label)} Tj ET Q\n",
        )

    def sticker(self, page: pypdf.PageObject, sticker: Sticker) -> None:
        from reportlab.pdfbase.pdfmetrics import stringWidth

        fills = {"yellow": "1 0.93 0.4", "blue": "0.62 0.8 1", "white": "1 1 1"}
        width, _height, matrix = _view(page)
        x, y, w, h = width - 18 - 126, 29.0, 126.0, 72.0

        def centred(text: str, font: str, resource: str, size: float, base: float) -> str:
            left = x + (w - stringWidth(text, font, size)) / 2
            return f"BT /{resource} {size} Tf {left:.2f} {base:.2f} Td {_pdf_text(text)} Tj ET "

        ops = (
            f"q {matrix} cm {fills[sticker.colour.value]} rg 0 G 1 w {x:.2f} {y:.2f} {w} {h} re B 0 g "
            + centred(sticker.heading, "Helvetica-Bold", "CdBold", 8, y + h - 15)
            + centred(sticker.number, "Helvetica-Bold", "CdBold", 24, y + 24)
            + (centred(sticker.case_line, "Helvetica", "CdReg", 7, y + 8) if sticker.case_line else "")
            + "Q\n"
        )
        self._append(page, ops)

    def _append(self, page: pypdf.PageObject, ops: str) -> None:
        from pypdf.generic import ArrayObject, DictionaryObject, NameObject, StreamObject

        resources = page.get("/Resources")
        resources = DictionaryObject() if resources is None else resources.get_object()
        fonts = resources.get("/Font")
        fonts = DictionaryObject() if fonts is None else DictionaryObject(fonts.get_object())
        fonts[NameObject("/CdReg")] = self._regular
        fonts[NameObject("/CdBold")] = self._bold
        resources = DictionaryObject(resources)
        resources[NameObject("/Font")] = fonts
        page[NameObject("/Resources")] = resources
        current = page.get("/Contents")
        parts: list[object] = []
        if current is not None:
            resolved = current.get_object()
            parts = list(resolved) if isinstance(resolved, list) else [current]
        if id(page) not in self._wrapped:
            self._wrapped.add(id(page))
            parts = [self._push, *parts, self._pop]
        stream = StreamObject()
        stream.set_data(ops.encode("cp1252", "replace"))
        contents = ArrayObject([*parts, self._writer._add_object(stream)])
        page[NameObject("/Contents")] = contents


def _stamper(writer: pypdf.PdfWriter) -> _Stamper:
    return _Stamper(writer)


def _view(page: pypdf.PageObject) -> tuple[float, float, str]:
    box = page.cropbox
    x0, y0, x1, y1 = float(box.left), float(box.bottom), float(box.right), float(box.top)
    rotation = int(page.get("/Rotate", 0) or 0) % 360
    if rotation == 90:
        return y1 - y0, x1 - x0, f"0 1 -1 0 {x1:.2f} {y0:.2f}"
    if rotation == 180:
        return x1 - x0, y1 - y0, f"-1 0 0 -1 {x1:.2f} {y1:.2f}"
    if rotation == 270:
        return y1 - y0, x1 - x0, f"0 -1 1 0 {x0:.2f} {y1:.2f}"
    return x1 - x0, y1 - y0, f"1 0 0 1 {x0:.2f} {y0:.2f}"


def _pdf_text(text: str) -> str:
    escaped = text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
    return f"({escaped})"
