"""The single-writer lock: one casedesk at a time may write to a case file.

The lock is an operating-system lock on a small file beside the database, ``<name>-lock`` (for
``cases.sqlite``, ``cases.sqlite-lock``), which also says who holds it — user, computer, process, since
when, which casedesk — so that another casedesk can name them: "cases.sqlite is open in casedesk on
LAPTOP-7 (maria) since 9:14 AM."

An operating-system lock ends with the process that holds it, however that process ends. A casedesk that
crashed therefore leaves at most a lock *file* nobody holds: the next casedesk takes it over, logs whose it
was, and says so (:attr:`CaseFileLock.recovered`). A casedesk that closes normally deletes the file.

POSIX record locks (``fcntl``) belong to the process and are dropped when the process closes *any*
descriptor of the file, so each process opens a lock file once: further opens of the same case file in
the same process (two windows, the start-up preview and the full open, tests) share it through a
reference count, and :func:`lock_holder` answers for this process from memory.

A folder whose file system cannot lock (some network shares) still opens, with :attr:`CaseFileLock.warning`
saying that another casedesk would not be kept out.
"""

from __future__ import annotations

import contextlib
import errno
import json
import logging
import os
import socket
import sys
import threading
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from casedesk.domain.errors import CaseFileError, CaseFileInUseError

log = logging.getLogger(__name__)

LOCK_SUFFIX = "-lock"
#: The byte that is locked: far past the holder's description, so that on Windows (where byte-range
#: locks are mandatory) another casedesk can still read who holds the lock.
_LOCK_OFFSET = 1 << 30
#: Errors meaning "this file system does not do locks", as opposed to "someone else holds it".
_NO_LOCKS = {errno.ENOLCK, errno.EOPNOTSUPP, errno.ENOSYS, getattr(errno, "ENOTSUP", errno.EOPNOTSUPP)}
#: Tries at taking the lock while another casedesk is deleting the lock file it just released.
_RACE_TRIES = 5


@dataclass(frozen=True, slots=True)
class LockHolder:
    """Who holds a case file's lock, as recorded in the lock file.

    Attributes:
        user: The account name.
        host: The computer's name.
        pid: The process id on that computer.
        since: When it took the lock (timezone-aware).
        version: The casedesk version.
    """

    user: str
    host: str
    pid: int
    since: datetime
    version: str

    def describe(self, now: datetime | None = None) -> str:
        """In words: "maria on LAPTOP-7 since 9:14 AM" ("this computer" when it is this one)."""
        place = "this computer" if self.host == socket.gethostname() else self.host
        who = f"{self.user} on {place}" if self.user else place
        return f"{who} since {_when(self.since, now)}"

    def to_json(self) -> str:
        """The lock file's content."""
        return json.dumps(
            {
                "user": self.user,
                "host": self.host,
                "pid": self.pid,
                "since": self.since.isoformat(),
                "version": self.version,
            }
        )

    @classmethod
    def from_json(cls, text: str) -> LockHolder | None:
        """Read a lock file's content; None if it is empty or not what casedesk writes."""
        try:
            data = json.loads(text)
            since = datetime.fromisoformat(data["since"])
            if since.tzinfo is None:
                return None
            return cls(str(data["user"]), str(data["host"]), int(data["pid"]), since, str(data["version"]))
        except (ValueError, TypeError, KeyError):
            return None

    @classmethod
    def current(cls) -> LockHolder:
        """This process, now."""
        from casedesk import __version__

        return cls(
            _account_name(), socket.gethostname(), os.getpid(), datetime.now().astimezone(), __version__
        )


class CaseFileLock:
    """A held lock on a case file; :meth:`release` lets another casedesk open it.

    Attributes:
        path: The case file (the database).
        lock_path: The lock file beside it.
        recovered: When this open took over a lock file left by a casedesk that ended without closing
            the case file (a crash, a power cut), who that was, in words; else None.
        warning: Why the lock could not be taken although the file was opened (a folder whose file
            system cannot lock, e.g. some network shares), for the status bar; else None.
    """

    def __init__(
        self, path: Path, lock_path: Path, *, recovered: str | None = None, warning: str | None = None
    ) -> None:
        self.path = path
        self.lock_path = lock_path
        self.recovered = recovered
        self.warning = warning
        self._released = False

    @property
    def held(self) -> bool:
        """This handle still holds the lock."""
        return not self._released

    def release(self) -> None:
        """Let go of the lock (idempotent); the file is unlocked when this process's last handle lets go."""
        if self._released:
            return
        self._released = True
        _release(self.lock_path)


@dataclass(slots=True)
class _Held:
    """A lock file this process holds: its one descriptor and how many handles share it."""

    descriptor: int | None  # None: the file system cannot lock; the handles are shared all the same
    holder: LockHolder
    count: int


_registry: dict[Path, _Held] = {}
_registry_lock = threading.Lock()


def lock_path_for(path: Path) -> Path:
    """The lock file of the case file at ``path`` (``<name>-lock`` beside it, symbolic links followed)."""
    real = Path(os.path.realpath(path))
    return real.with_name(real.name + LOCK_SUFFIX)


def lock_case_file(path: Path) -> CaseFileLock:
    """Take the lock on the case file at ``path``.

    Raises:
        CaseFileInUseError: Another casedesk (another process, here or on another computer) has it open;
            the error names who.
        CaseFileError: The lock file cannot be made (the folder is not writable).
    """
    lock_path = lock_path_for(path)
    with _registry_lock:
        held = _registry.get(lock_path)
        if held is not None:
            held.count += 1
            return CaseFileLock(path, lock_path)
        return _acquire(path, lock_path)


def lock_holder(path: Path) -> str | None:
    """Who holds the lock on the case file at ``path``, in words ("" if unknown); None if nobody does."""
    lock_path = lock_path_for(path)
    with _registry_lock:
        held = _registry.get(lock_path)
        if held is not None:
            return held.holder.describe()
        try:
            descriptor = _open(lock_path, create=False)
        except FileNotFoundError:
            return None
        except OSError:
            return ""
        try:
            if _try_lock(descriptor):
                return None  # free (closing the descriptor lets go again)
            holder = LockHolder.from_json(_read(descriptor))
            return holder.describe() if holder is not None else ""
        except OSError as exc:
            return None if exc.errno in _NO_LOCKS else ""
        finally:
            os.close(descriptor)


def in_use_error(path: Path, holder: LockHolder | None) -> CaseFileInUseError:
    """The error for a case file another casedesk holds, naming the holder when the lock file says."""
    hint = (
        "Close it in the other casedesk and try again, or open it read-only to look at it without "
        "changing anything."
    )
    if holder is None:
        return CaseFileInUseError(f"{path.name} is open in another casedesk.", hint)
    place = "this computer" if holder.host == socket.gethostname() else holder.host
    who = f" ({holder.user})" if holder.user else ""
    return CaseFileInUseError(
        f"{path.name} is open in casedesk on {place}{who} since {_when(holder.since)}.",
        hint,
        holder=holder.describe(),
    )


def _acquire(path: Path, lock_path: Path) -> CaseFileLock:
    """Lock ``lock_path`` for this process (the registry lock is held)."""
    for _ in range(_RACE_TRIES):
        try:
            descriptor = _open(lock_path, create=True)
        except OSError as exc:
            raise CaseFileError(
                f"casedesk cannot write to {path.parent} (its lock file {lock_path.name}: {exc.strerror}).",
                "Copy the case file to a folder you can write to (for example Documents) and open the copy.",
            ) from exc
        try:
            locked = _try_lock(descriptor)
        except OSError as exc:
            if exc.errno not in _NO_LOCKS:
                os.close(descriptor)
                raise
            return _unlockable(path, lock_path, descriptor)
        if not locked:
            holder = LockHolder.from_json(_read(descriptor))
            os.close(descriptor)
            raise in_use_error(path, holder)
        if not _same_file(descriptor, lock_path):
            # Locked a file that its last holder deleted on release: the lock must be on the file
            # that is there now.
            os.close(descriptor)
            continue
        return _take(path, lock_path, descriptor)
    raise in_use_error(path, None)


def _take(path: Path, lock_path: Path, descriptor: int) -> CaseFileLock:
    """Record this process as the holder in a freshly locked file, taking over a stale one."""
    previous = _read(descriptor)
    recovered = None
    if previous.strip():
        stale = LockHolder.from_json(previous)
        recovered = stale.describe() if stale is not None else "an unknown casedesk"
        log.warning(
            "%s was not closed properly by %s (it crashed or the computer stopped); taking over its lock",
            path.name,
            recovered,
        )
    holder = LockHolder.current()
    try:
        os.ftruncate(descriptor, 0)
        os.lseek(descriptor, 0, os.SEEK_SET)
        os.write(descriptor, holder.to_json().encode())
        os.fsync(descriptor)
    except OSError:
        os.close(descriptor)
        raise
    _registry[lock_path] = _Held(descriptor, holder, 1)
    return CaseFileLock(path, lock_path, recovered=recovered)


def _unlockable(path: Path, lock_path: Path, descriptor: int) -> CaseFileLock:
    """Open without a lock where the file system cannot lock, saying so."""
    os.close(descriptor)
    with contextlib.suppress(OSError):
        lock_path.unlink()
    log.warning("the folder of %s cannot lock files; another casedesk would not be kept out", path.name)
    _registry[lock_path] = _Held(None, LockHolder.current(), 1)
    return CaseFileLock(
        path,
        lock_path,
        warning=(
            f"The folder of {path.name} cannot lock files (a network folder?): casedesk cannot keep "
            "another casedesk from opening it at the same time. Open it in one casedesk only."
        ),
    )


def _release(lock_path: Path) -> None:
    with _registry_lock:
        held = _registry.get(lock_path)
        if held is None:
            return
        held.count -= 1
        if held.count > 0:
            return
        del _registry[lock_path]
        if held.descriptor is None:
            return
        if sys.platform == "win32":  # an open file cannot be deleted there: empty it, close, then delete
            with contextlib.suppress(OSError):
                os.ftruncate(held.descriptor, 0)
            os.close(held.descriptor)
            with contextlib.suppress(OSError):
                lock_path.unlink()
        else:  # delete while still locked, so nobody can lock the file just before it goes
            with contextlib.suppress(OSError):
                if _same_file(held.descriptor, lock_path):
                    lock_path.unlink()
            os.close(held.descriptor)


def _open(lock_path: Path, *, create: bool) -> int:
    flags = os.O_RDWR | getattr(os, "O_BINARY", 0) | getattr(os, "O_NOINHERIT", 0)
    if create:
        flags |= os.O_CREAT
    return os.open(lock_path, flags, 0o644)


def _try_lock(descriptor: int) -> bool:
    """Lock the descriptor's file without waiting: True if locked, False if someone else holds it.

    Raises:
        OSError: The file system cannot lock (``errno`` in ``_NO_LOCKS``) or another failure.
    """
    if sys.platform == "win32":
        import msvcrt

        os.lseek(descriptor, _LOCK_OFFSET, os.SEEK_SET)
        try:
            msvcrt.locking(descriptor, msvcrt.LK_NBLCK, 1)
        except PermissionError:
            return False
        except OSError as exc:
            if exc.errno in (errno.EACCES, errno.EDEADLK):
                return False
            raise
        return True
    import fcntl

    try:
        fcntl.lockf(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB, 1, _LOCK_OFFSET, os.SEEK_SET)
    except OSError as exc:
        if exc.errno in (errno.EACCES, errno.EAGAIN):
            return False
        raise
    return True


def _read(descriptor: int) -> str:
    os.lseek(descriptor, 0, os.SEEK_SET)
    data = os.read(descriptor, 4096)
    return data.decode("utf-8", errors="replace")


def _same_file(descriptor: int, lock_path: Path) -> bool:
    try:
        named = os.stat(lock_path)
    except FileNotFoundError:
        return False
    opened = os.fstat(descriptor)
    return (named.st_dev, named.st_ino) == (opened.st_dev, opened.st_ino)


def _when(since: datetime, now: datetime | None = None) -> str:
    """A moment as a case manager says it: "9:14 AM" today, "Nov 20, 9:14 AM" another day."""
    local = since.astimezone()
    today = (now or datetime.now().astimezone()).astimezone().date()
    hour = local.hour % 12 or 12
    clock = f"{hour}:{local.minute:02d} {'AM' if local.hour < 12 else 'PM'}"
    if local.date() == today:
        return clock
    day = f"{local.strftime('%b')} {local.day}"
    if local.year != today.year:
        day += f", {local.year}"
    return f"{day}, {clock}"


def _account_name() -> str:
    import getpass

    try:
        return getpass.getuser()
    except (OSError, KeyError, ImportError):  # no USER/LOGNAME and no passwd entry (a bare container)
        return ""


def _forget_after_fork() -> None:
    """A forked child holds none of its parent's POSIX locks: it must not believe it does."""
    global _registry_lock
    _registry_lock = threading.Lock()
    for held in _registry.values():
        if held.descriptor is not None:
            with contextlib.suppress(OSError):
                os.close(held.descriptor)
    _registry.clear()


if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=_forget_after_fork)
