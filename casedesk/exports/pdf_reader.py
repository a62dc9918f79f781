"""Reading foreign PDFs into the document store: copy, hash, validate, decrypt, count pages, extract text.

Every file is hostile until read. Each is copied (and hashed on the way) into the document store's folder,
then the *copy* is checked with pypdf (structure, encryption, the repairs it had to make, logged as
warnings in ``strict=False`` mode) and its text is extracted with pdfium, which is several times faster
than pypdf. Anything either library raises is caught and turned into a :class:`PdfProblem`.

:func:`read_pdfs` reads many files at once in worker processes (one per core), each file under a time
and a memory limit, and hands the readings back in the order asked, as they come.
"""

from __future__ import annotations

import contextlib
import enum
import hashlib
import logging
import os
import tempfile
import time
import warnings
from collections.abc import Generator, Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from casedesk.domain.documents import stored_name

if TYPE_CHECKING:
    from multiprocessing.connection import Connection
    from multiprocessing.process import BaseProcess

#: A PDF's header must start within its first 1,024 bytes (PDF 1.7, annex H).
_HEADER_WINDOW = 1024
#: Where the end-of-file marker of a complete PDF is looked for.
_TAIL_WINDOW = 4096
_CHUNK = 1 << 20
#: Seconds one file may take, plus seconds per MB of file.
TIME_LIMIT = 120.0
TIME_PER_MB = 2.0
#: Memory one worker may take on to read a file, plus this many times the file's size.
MEMORY_LIMIT = 1 << 30
MEMORY_PER_BYTE = 4
#: Files each worker is given ahead, so that none waits while the reader of the results is busy.
_AHEAD = 2
#: Prefix of the temp files a worker writes into the store (with its process id), to clean up after it.
_TEMP_PREFIX = ".import-"


class PdfProblem(enum.Enum):
    """Why a file could not be read as a PDF."""

    UNREADABLE = "unreadable"
    EMPTY = "empty"
    NOT_PDF = "not_pdf"
    TRUNCATED = "truncated"
    NEEDS_PASSWORD = "needs_password"
    WRONG_PASSWORD = "wrong_password"
    DAMAGED = "damaged"
    NO_PAGES = "no_pages"
    TOO_SLOW = "too_slow"
    TOO_LARGE = "too_large"
    CRASHED = "crashed"
    NOT_STORED = "not_stored"


@dataclass(frozen=True, slots=True)
class PdfRequest:
    """A file to read into the document store.

    Attributes:
        source: The file to import (only ever read).
        store: The document store's folder; the copy goes to ``store / stored_name(sha256)``.
        password: Tried when the file needs a password to open ("" for none).
        in_place: Read the file where it is and put no copy in the store (an encrypted case file's
            store holds only sealed files: the caller seals a copy, checking it still hashes the same).
    """

    source: Path
    store: Path
    password: str = ""
    in_place: bool = False


@dataclass(frozen=True, slots=True)
class PdfReading:
    """What reading one file gave: its copy's digest and its pages' text, or the problem.

    Attributes:
        source: The file that was read.
        sha256: Hex digest of its bytes ("" when it could not be read at all).
        size: Its size in bytes.
        pages: The text of each page (``pages[0]`` is page 1); "" for a page without text.
        repaired: It was damaged, and had to be repaired to be read.
        password: The password that opened it ("" when none was needed).
        problem: Why it could not be imported, or None when it was read and stored.
        detail: For a problem, what the reader said (in technical terms); for a repair, what was repaired.
        copy: The copy of a file read well, in the store's folder under a temp name: give it its name
            with :func:`keep_copy` (or remove it with :func:`drop_copy`).
    """

    source: Path
    sha256: str = ""
    size: int = 0
    pages: tuple[str, ...] = ()
    repaired: bool = False
    password: str = ""
    problem: PdfProblem | None = None
    detail: str = ""
    copy: Path | None = None

    @property
    def page_count(self) -> int:
        """How many pages it has."""
        return len(self.pages)


def read_pdf(request: PdfRequest) -> PdfReading:
    """Copy one file into the store's folder and read it; a file that cannot be read leaves no copy behind.

    The copy of a file read well keeps a temp name (``reading.copy``) until the caller decides to keep it
    (:func:`keep_copy`, once its record is stored) or not (:func:`drop_copy`). Never raises for what the
    file holds: every problem is reported in the reading.
    """
    source = request.source
    try:
        if request.in_place:
            temp, sha256, size, head, tail = _hash_source(request)
        else:
            temp, sha256, size, head, tail = _copy_into_store(request)
    except _SourceError as exc:
        return PdfReading(source, problem=PdfProblem.UNREADABLE, detail=str(exc))
    except OSError as exc:
        return PdfReading(source, problem=PdfProblem.NOT_STORED, detail=_os_reason(exc))
    keep = False
    try:
        if size == 0:
            return PdfReading(source, sha256, size, problem=PdfProblem.EMPTY)
        if b"%PDF-" not in head:
            return PdfReading(source, sha256, size, problem=PdfProblem.NOT_PDF, detail=file_kind(head))
        reading = _read_copy(temp, request, sha256, size, ended=b"%%EOF" in tail)
        if reading.problem is None:
            keep = True
            return reading if request.in_place else replace(reading, copy=temp)
        return reading
    except MemoryError:
        return PdfReading(source, sha256, size, problem=PdfProblem.TOO_LARGE)
    except OSError as exc:
        return PdfReading(source, sha256, size, problem=PdfProblem.NOT_STORED, detail=_os_reason(exc))
    finally:
        if not keep and not request.in_place:
            temp.unlink(missing_ok=True)


def file_kind(head: bytes) -> str:
    """What a file that is not a PDF seems to be, from its first bytes ("" when it cannot be told)."""
    kinds = (
        (b"\xff\xd8\xff", "a JPEG image"),
        (b"\x89PNG", "a PNG image"),
        (b"II*\x00", "a TIFF image (a scan?)"),
        (b"MM\x00*", "a TIFF image (a scan?)"),
        (b"GIF8", "a GIF image"),
        (b"PK\x03\x04", "a ZIP archive, or a Word or Excel file (.docx, .xlsx)"),
        (b"\xd0\xcf\x11\xe0", "an older Word or Excel file (.doc, .xls) or an Outlook message"),
        (b"{\\rtf", "a Rich Text document"),
    )
    for magic, kind in kinds:
        if head.startswith(magic):
            return kind
    lowered = head.lstrip()[:200].lower()
    if lowered.startswith((b"<!doctype html", b"<html")):
        return "a web page (HTML), perhaps a portal's sign-in page saved instead of the record"
    if lowered.startswith(b"<?xml"):
        return "an XML file"
    if head and all(byte >= 0x20 or byte in b"\t\r\n" for byte in head[:512]):
        return "a plain-text file"
    return ""


def read_pdfs(
    requests: Sequence[PdfRequest],
    *,
    workers: int | None = None,
    time_limit: float = TIME_LIMIT,
    memory_limit: int = MEMORY_LIMIT,
) -> Generator[PdfReading, None, None]:
    """Read many files in worker processes, one reading per request, in the order asked.

    Each file gets ``time_limit`` seconds (plus :data:`TIME_PER_MB` a megabyte), and its worker may take on
    ``memory_limit`` more bytes of address space (plus :data:`MEMORY_PER_BYTE` times the file's size,
    where the system can limit it):
    a worker over either is stopped and replaced, and that file reported :attr:`PdfProblem.TOO_SLOW` or
    :attr:`PdfProblem.TOO_LARGE`. Closing the iterator early (the user cancelled) stops every worker at
    once; the files not yet handed back are not imported and leave nothing in the store.
    """
    if not requests:
        return
    count = min(len(requests), workers or os.cpu_count() or 1)
    pool = _Pool(count, time_limit, memory_limit)
    try:
        yield from pool.run(list(requests))
    finally:
        pool.close()


# --- one file ----------------------------------------------------------------------------------


class _SourceError(Exception):
    """The file to import cannot be read (missing, a folder, no permission)."""


def _hash_source(request: PdfRequest) -> tuple[Path, str, int, bytes, bytes]:
    """Hash the file where it is (no copy); returns it, its digest, size, and ends."""
    try:
        with open(request.source, "rb") as source:
            digest = hashlib.sha256()
            size = 0
            head = b""
            tail = b""
            while chunk := source.read(_CHUNK):
                if len(head) < _HEADER_WINDOW:
                    head += chunk[: _HEADER_WINDOW - len(head)]
                tail = (tail + chunk)[-_TAIL_WINDOW:]
                digest.update(chunk)
                size += len(chunk)
    except OSError as exc:
        raise _SourceError(_os_reason(exc)) from exc
    return request.source, digest.hexdigest(), size, head, tail


def _copy_into_store(request: PdfRequest) -> tuple[Path, str, int, bytes, bytes]:
    """Copy the file to a temp file in the store, hashing it; returns the temp file, digest, size, ends."""
    try:
        source = open(request.source, "rb")  # noqa: SIM115 - closed below, errors told apart
    except OSError as exc:
        raise _SourceError(_os_reason(exc)) from exc
    with source:
        request.store.mkdir(parents=True, exist_ok=True)
        fd, name = tempfile.mkstemp(prefix=f"{_TEMP_PREFIX}{os.getpid()}-", suffix=".part", dir=request.store)
        temp = Path(name)
        try:
            digest = hashlib.sha256()
            size = 0
            head = b""
            tail = b""
            with os.fdopen(fd, "wb") as target:
                while True:
                    try:
                        chunk = source.read(_CHUNK)
                    except OSError as exc:
                        raise _SourceError(_os_reason(exc)) from exc
                    if not chunk:
                        break
                    if len(head) < _HEADER_WINDOW:
                        head += chunk[: _HEADER_WINDOW - len(head)]
                    tail = (tail + chunk)[-_TAIL_WINDOW:]
                    digest.update(chunk)
                    size += len(chunk)
                    target.write(chunk)
                target.flush()
                os.fsync(target.fileno())
        except BaseException:
            temp.unlink(missing_ok=True)
            raise
    return temp, digest.hexdigest(), size, head, tail


def keep_copy(reading: PdfReading, store: Path) -> Path:
    """Give a reading's copy its name by content in the store; returns that path.

    A file already there has the same bytes and is kept as it is. The copy's data is already on disk; the
    new name is made durable by :func:`sync_folders` on the returned path's folder.

    Raises:
        OSError: The store's folder cannot be written.
    """
    final = store / stored_name(reading.sha256)
    temp = reading.copy
    if temp is None or not temp.exists():
        if final.exists():
            return final
        raise FileNotFoundError(f"the copy of {reading.source.name} is gone")
    if final.exists():
        temp.unlink()
        return final
    final.parent.mkdir(exist_ok=True)
    temp.chmod(0o400)  # written once, never modified
    os.replace(temp, final)
    return final


def drop_copy(reading: PdfReading) -> None:
    """Remove a reading's copy (its file was not imported after all)."""
    if reading.copy is not None:
        reading.copy.unlink(missing_ok=True)


def sync_folders(folders: Iterable[Path]) -> None:
    """Make the names of files just renamed into these folders durable (POSIX; best effort elsewhere)."""
    for folder in set(folders):
        _sync_folder(folder)


def _read_copy(temp: Path, request: PdfRequest, sha256: str, size: int, *, ended: bool) -> PdfReading:
    """Check the copy with pypdf and take its text with pdfium (pypdf when pdfium cannot)."""
    source = request.source
    checked = _check_structure(temp, request.password)
    if checked.problem in (PdfProblem.NEEDS_PASSWORD, PdfProblem.WRONG_PASSWORD):
        return PdfReading(source, sha256, size, problem=checked.problem)
    texts = _pdfium_texts(temp, checked.password)
    if texts is None and checked.problem is None:
        texts = _pypdf_texts(temp, checked.password)
    if texts is None:
        # pypdf could not read it, nor could pdfium: beyond repair.
        problem = PdfProblem.DAMAGED if ended else PdfProblem.TRUNCATED
        return PdfReading(source, sha256, size, problem=problem, detail=checked.detail)
    if not texts:
        return PdfReading(source, sha256, size, problem=PdfProblem.NO_PAGES)
    # pdfium read what pypdf could not, or they disagree on the pages: it was repaired either way.
    repaired = checked.repaired or checked.problem is not None or checked.page_count != len(texts)
    detail = checked.detail if repaired else ""
    return PdfReading(source, sha256, size, tuple(texts), repaired, checked.password, detail=detail)


@dataclass(slots=True)
class _Structure:
    problem: PdfProblem | None = None
    page_count: int = 0
    password: str = ""
    repaired: bool = False
    detail: str = ""


class _Warnings(logging.Handler):
    """Collects what pypdf logs while it reads: in ``strict=False`` mode, each repair it made."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


def _check_structure(path: Path, password: str) -> _Structure:
    """Open with pypdf (strict=False): encryption, the page tree, and the repairs it had to make."""
    from pypdf import PdfReader

    logger = logging.getLogger("pypdf")
    collected = _Warnings()
    logger.addHandler(collected)
    result = _Structure()
    try:
        with warnings.catch_warnings(record=True) as warned:
            warnings.simplefilter("always")
            try:
                reader = PdfReader(path, strict=False)
                if reader.is_encrypted:
                    opened = _decrypt(reader, password)
                    if opened is None:
                        return _Structure(
                            PdfProblem.WRONG_PASSWORD if password else PdfProblem.NEEDS_PASSWORD
                        )
                    result.password = opened
                # The page tree's count, not len(reader.pages): walking every page costs five times
                # more, and pdfium walks them anyway (a disagreement marks the file repaired).
                root: Any = reader.trailer["/Root"]
                result.page_count = int(root["/Pages"]["/Count"])
            except MemoryError:
                raise
            except Exception as exc:  # pypdf raises its own errors and plain ones on damaged files
                result.problem = PdfProblem.DAMAGED
                result.detail = _short(f"{type(exc).__name__}: {exc}")
        messages = collected.messages + [str(warning.message) for warning in warned]
    finally:
        logger.removeHandler(collected)
    if messages:
        result.repaired = True
        result.detail = result.detail or _short("; ".join(dict.fromkeys(messages)))
    return result


def _decrypt(reader: Any, password: str) -> str | None:
    """The password that opens the file ("" when it opens without one), or None."""
    for candidate in dict.fromkeys(("", password)):
        try:
            if reader.decrypt(candidate):  # 0 on a wrong password
                return candidate
        except Exception:  # a damaged encryption dictionary: no password can open it
            return None
    return None


def _pdfium_texts(path: Path, password: str) -> list[str] | None:
    """Each page's text with pdfium, or None when pdfium cannot open the file."""
    import pypdfium2 as pdfium  # type: ignore[import-untyped]

    try:
        document = pdfium.PdfDocument(path, password=password or None)
    except Exception:
        return None
    texts: list[str] = []
    try:
        for index in range(len(document)):
            texts.append(_pdfium_page_text(document, index))
    finally:
        document.close()
    return texts


def _pdfium_page_text(document: Any, index: int) -> str:
    try:
        page = document[index]
        try:
            text_page = page.get_textpage()
            try:
                return _clean(text_page.get_text_range())
            finally:
                text_page.close()
        finally:
            page.close()
    except Exception:  # one unreadable page does not lose the others
        return ""


def _pypdf_texts(path: Path, password: str) -> list[str] | None:
    """Each page's text with pypdf (slower; for what pdfium cannot open), or None."""
    from pypdf import PdfReader

    try:
        reader = PdfReader(path, strict=False)
        if reader.is_encrypted and not reader.decrypt(password):
            return None
        pages = list(reader.pages)
    except Exception:
        return None
    texts = []
    for page in pages:
        try:
            texts.append(_clean(page.extract_text()))
        except Exception:
            texts.append("")
    return texts


def _clean(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n").replace("\x00", "").replace("\ufffe", "")


def _short(text: str, limit: int = 300) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _os_reason(exc: OSError) -> str:
    return (exc.strerror or str(exc)).rstrip(".").lower()


def _sync_folder(folder: Path) -> None:
    """Make a rename durable (POSIX); best effort, the file's data is already on disk."""
    if os.name != "posix":
        return
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


# --- many files, in worker processes -----------------------------------------------------------


def _worker_main(connection: Connection) -> None:
    """A worker process: read each request sent, send back its reading, until told to stop (None)."""
    # Loaded before any memory limit, so that a limit only ever stops the reading of a file.
    import pypdf  # noqa: F401
    import pypdfium2  # noqa: F401

    # What pypdf logs and warns of while reading (offsets, fragments of the file's text) is collected per
    # file by _check_structure; it must go nowhere else: not to the terminal, not to a log file.
    pypdf_log = logging.getLogger("pypdf")
    pypdf_log.addHandler(logging.NullHandler())
    pypdf_log.propagate = False
    warnings.simplefilter("ignore")
    while True:
        try:
            message = connection.recv()
        except (EOFError, OSError):
            return
        if message is None:
            return
        request, memory = message
        _limit_memory(memory)
        connection.send(read_pdf(request))


def _limit_memory(allowance: int) -> None:
    """Let this process grow by at most ``allowance`` bytes of address space while it reads the next file.

    Counted from what it uses now, so that memory kept from an earlier, larger file does not make the
    next one fail. On systems without address-space limits (Windows, macOS) nothing is capped.
    """
    try:
        import resource
    except ImportError:
        return
    with contextlib.suppress(ValueError, OSError, AttributeError):
        _soft, hard = resource.getrlimit(resource.RLIMIT_AS)
        wanted = _address_space() + allowance
        if hard != resource.RLIM_INFINITY:
            wanted = min(wanted, hard)
        resource.setrlimit(resource.RLIMIT_AS, (wanted, hard))


def _address_space() -> int:
    """The bytes of address space this process maps now (Linux; 0 where it cannot be told)."""
    try:
        with open("/proc/self/statm", "rb") as statm:
            pages = int(statm.read().split()[0])
    except (OSError, ValueError, IndexError):
        return 0
    return pages * os.sysconf("SC_PAGE_SIZE")


@dataclass(slots=True)
class _Worker:
    process: BaseProcess
    connection: Connection
    queue: list[int] = field(default_factory=list)  # indexes sent, oldest first
    since: float = 0.0  # when it started on the oldest


class _Pool:
    """Worker processes reading files, each file under limits; readings handed back in order."""

    def __init__(self, count: int, time_limit: float, memory_limit: int) -> None:
        import multiprocessing

        # Spawn, never fork: the GUI process has threads, and a forked copy of them can deadlock.
        self._context = multiprocessing.get_context("spawn")
        self._time_limit = time_limit
        self._memory_limit = memory_limit
        self._workers = [self._start() for _ in range(count)]
        self._requests: list[PdfRequest] = []
        self._sizes: list[int] = []

    def run(self, requests: list[PdfRequest]) -> Iterator[PdfReading]:
        from multiprocessing.connection import wait

        self._requests = requests
        self._sizes = [_size(request.source) for request in requests]
        done: dict[int, PdfReading] = {}
        next_to_send = 0
        next_to_yield = 0
        while next_to_yield < len(requests):
            for worker in self._workers:
                while len(worker.queue) < _AHEAD and next_to_send < len(requests):
                    self._send(worker, next_to_send)
                    next_to_send += 1
            while next_to_yield in done:
                yield done.pop(next_to_yield)
                next_to_yield += 1
            if next_to_yield >= len(requests):
                break
            busy = [worker for worker in self._workers if worker.queue]
            if not busy:  # cannot happen: every request is sent before its reading is awaited
                raise RuntimeError("no reading to wait for")
            ready = wait([worker.connection for worker in busy], timeout=self._next_deadline(busy))
            for worker in busy:
                if worker.connection in ready:
                    self._receive(worker, done)
                elif time.monotonic() - worker.since > self._limit(worker.queue[0]):
                    self._replace(worker, done, PdfProblem.TOO_SLOW)

    def close(self) -> None:
        """Stop every worker now, and remove the copies of every file not handed back (or not kept)."""
        for worker in self._workers:
            if worker.queue:
                worker.process.kill()
            else:
                with contextlib.suppress(OSError):
                    worker.connection.send(None)
        for worker in self._workers:
            worker.process.join(5)
            if worker.process.is_alive():
                worker.process.kill()
                worker.process.join()
            worker.connection.close()
            self._remove_temps(worker)
        self._workers = []

    def _start(self) -> _Worker:
        ours, theirs = self._context.Pipe()
        process = self._context.Process(target=_worker_main, args=(theirs,), daemon=True)
        process.start()
        theirs.close()
        return _Worker(process, ours)

    def _send(self, worker: _Worker, index: int) -> None:
        if not worker.queue:
            worker.since = time.monotonic()
        worker.queue.append(index)
        memory = self._memory_limit + MEMORY_PER_BYTE * self._sizes[index]
        worker.connection.send((self._requests[index], memory))

    def _receive(self, worker: _Worker, done: dict[int, PdfReading]) -> None:
        try:
            reading: PdfReading = worker.connection.recv()
        except (EOFError, OSError):  # it died: the reader crashed, or ran out of its memory
            self._replace(worker, done, PdfProblem.CRASHED)
            return
        done[worker.queue.pop(0)] = reading
        worker.since = time.monotonic()

    def _replace(self, worker: _Worker, done: dict[int, PdfReading], problem: PdfProblem) -> None:
        """Stop a worker stuck on (or killed by) its oldest file; its other files go to a new one."""
        failed, *rest = worker.queue
        request = self._requests[failed]
        seconds = round(self._limit(failed))
        detail = f"stopped after {seconds} seconds" if problem is PdfProblem.TOO_SLOW else ""
        done[failed] = PdfReading(request.source, size=self._sizes[failed], problem=problem, detail=detail)
        self._stop(worker, keep={reading.copy for reading in done.values() if reading.copy is not None})
        worker.process.join()
        worker.connection.close()
        fresh = self._start()
        worker.process, worker.connection, worker.queue = fresh.process, fresh.connection, []
        for index in rest:
            self._send(worker, index)

    def _stop(self, worker: _Worker, keep: set[Path]) -> None:
        worker.process.kill()
        worker.process.join()
        self._remove_temps(worker, keep)

    def _remove_temps(self, worker: _Worker, keep: set[Path] | None = None) -> None:
        """Remove what a stopped worker left in the stores: copies of files never handed back, or not kept.

        ``keep`` holds the copies of readings it handed back that are still waiting their turn.
        """
        pid = worker.process.pid
        for store in {request.store for request in self._requests}:
            for temp in store.glob(f"{_TEMP_PREFIX}{pid}-*.part"):
                if temp not in (keep or set()):
                    temp.unlink(missing_ok=True)

    def _limit(self, index: int) -> float:
        return self._time_limit + TIME_PER_MB * self._sizes[index] / (1 << 20)

    def _next_deadline(self, busy: list[_Worker]) -> float:
        now = time.monotonic()
        left = [worker.since + self._limit(worker.queue[0]) - now for worker in busy]
        return max(0.0, min(left))


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0
