"""Atomic file writing for every export: a temp file beside the target, fsync'ed, then renamed over it."""

from __future__ import annotations

import contextlib
import errno
import glob
import io
import os
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import BinaryIO

from casedesk.domain.errors import ExportError

#: Temp files older than this are abandoned even where files cannot be locked (seconds).
_ABANDONED_S = 24 * 3600
#: An empty temp file younger than this may be a writer's that has not locked it yet (seconds).
_ABANDONED_EMPTY_S = 60
#: "No space left" and "quota exceeded" (the latter is not defined on every platform).
_DISK_FULL = {errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC)}


@contextlib.contextmanager
def atomic_write(path: Path) -> Iterator[BinaryIO]:
    """Open a temp file beside ``path`` for writing; on success it replaces ``path`` in one step.

    The temp file is created in the target's folder (so the rename never crosses file systems), only
    the user can read it (exports hold health information), and it is flushed and fsync'ed before it
    is renamed over the target. If anything fails, in the caller's block or here, the temp file is
    removed and an existing target is left untouched. Temp files of earlier writes of ``path`` whose
    process was killed are removed first (they hold the same health information).

    Args:
        path: The file to write.

    Yields:
        The temp file, open for binary writing.

    Raises:
        ExportError: The folder cannot be written (missing, read-only, full), or the target cannot be
            replaced (e.g. it is open in another program on Windows). Other exceptions raised in the
            caller's block propagate unchanged, after the temp file is removed.
    """
    folder = path.parent
    _remove_abandoned(path)
    try:
        fd, temp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".part", dir=folder)
    except OSError as exc:
        raise _export_error(path, exc) from exc
    temp = Path(temp_name)
    try:
        with os.fdopen(fd, "wb") as handle:
            _hold(handle.fileno())
            yield handle
            handle.flush()
            os.fsync(handle.fileno())
            if os.name == "posix":  # renamed while still held, so never taken for abandoned
                os.replace(temp, path)
        if os.name != "posix":  # Windows cannot rename a file that is open
            os.replace(temp, path)
    except OSError as exc:
        temp.unlink(missing_ok=True)
        raise _export_error(path, exc) from exc
    except BaseException:
        temp.unlink(missing_ok=True)
        raise
    _sync_folder(folder)


def _hold(fd: int) -> None:
    """Lock a temp file while it is written, so that another export can tell it from an abandoned one."""
    with contextlib.suppress(ImportError, OSError):
        import fcntl

        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)


def _remove_abandoned(path: Path) -> None:
    """Remove the temp files of earlier writes of ``path`` whose writer is gone (killed, or a power cut).

    A writer holds a lock on its temp file (:func:`_hold`), so one that can be locked was abandoned; an
    empty one may be a writer's that has not taken its lock yet, and is left until it is old. Where files
    cannot be locked (Windows), only temp files a day old are removed. Best effort: never fails an export.
    """
    try:
        import fcntl
    except ImportError:
        fcntl = None  # type: ignore[assignment]
    for temp in path.parent.glob(f".{glob.escape(path.name)}.*.part"):
        with contextlib.suppress(OSError):
            status = temp.stat()
            age = time.time() - status.st_mtime
            if fcntl is None or (status.st_size == 0 and age < _ABANDONED_EMPTY_S):
                if age > _ABANDONED_S:
                    temp.unlink()
                continue
            fd = os.open(temp, os.O_RDONLY)
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)  # raises while its writer holds it
                temp.unlink()
            finally:
                os.close(fd)


def _sync_folder(folder: Path) -> None:
    """Make the rename itself durable (POSIX); best effort, the file's data is already on disk."""
    if os.name != "posix":
        return
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def _export_error(path: Path, exc: OSError) -> ExportError:
    """A message a case manager understands, and what to do about it."""
    folder = path.parent
    if exc.errno == errno.ENOENT and not folder.is_dir():
        return ExportError(f"The folder {folder} does not exist.", "Choose another folder.")
    if exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        if path.is_dir():
            return ExportError(f"{path} is a folder, not a file.", "Choose another file name.")
        return ExportError(
            f"{path.name} cannot be saved in {folder}: you do not have permission to write there.",
            "Choose another folder, or close the file if it is open in another program.",
        )
    if exc.errno in _DISK_FULL:
        return ExportError(
            f"{path.name} cannot be saved: the disk is full.", "Free some space or choose another drive."
        )
    if exc.errno == errno.EISDIR or path.is_dir():
        return ExportError(f"{path} is a folder, not a file.", "Choose another file name.")
    reason = exc.strerror or str(exc)
    return ExportError(f"{path.name} cannot be saved in {folder}: {reason}.", "Choose another folder.")


def write_counting_pages(path: Path, build: Callable[[BinaryIO, int | None], int]) -> None:
    """Write a document whose pages say "Page N of M", atomically.

    ``build`` lays the document out into a target, given the page count (``None`` while it is not known)
    and returns how many pages there are: a first pass into memory counts them, the second writes ``path``.

    Raises:
        ExportError: The folder cannot be written or the file cannot be replaced; nothing was changed.
    """
    pages = build(io.BytesIO(), None)
    with atomic_write(path) as handle:
        build(handle, pages)
