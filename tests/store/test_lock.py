"""The single-writer lock: refused while another casedesk has the file, read-only opening, stale locks.

A case file open in another process is refused, naming who has it; it can be opened read-only; a lock left
by a killed casedesk is taken over without losing anything.
"""

from __future__ import annotations

import json
import multiprocessing
import os
import socket
from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from casedesk.domain.cases import Client
from casedesk.domain.errors import CaseFileError, CaseFileInUseError, ReadOnlyError
from casedesk.store import cases as case_store
from casedesk.store.casefile import open_case_file
from casedesk.store.lock import LockHolder, in_use_error, lock_case_file, lock_holder, lock_path_for
from tests.store.lock_child import READY_TIMEOUT_S, held_open, hold_open

pytestmark = pytest.mark.skipif(
    "forkserver" not in multiprocessing.get_all_start_methods(), reason="needs fork (POSIX)"
)

LOCAL = datetime.now().astimezone().tzinfo


@pytest.fixture(scope="module")
def forkserver() -> multiprocessing.context.BaseContext:
    """A process context whose children start from a server that has imported casedesk already."""
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(["tests.store.lock_child"])
    return context


@pytest.fixture
def case_path(tmp_path: Path) -> Path:
    """A new, closed case file."""
    path = tmp_path / "cases.sqlite"
    open_case_file(path, create=True).close()
    return path


@pytest.fixture
def holder(case_path: Path, tmp_path: Path) -> Iterator[multiprocessing.Process]:
    """Another casedesk process that has the case file open (and saved a client "Held Open" in it)."""
    with held_open(case_path, tmp_path) as child:
        yield child


def _client_names(path: Path, *, read_only: bool = False) -> list[str]:
    case_file = open_case_file(path, read_only=read_only)
    try:
        with case_file.session() as session:
            return sorted(client.name for client in case_store.find_clients(session))
    finally:
        case_file.close()


def test_open_in_another_process_is_refused_naming_the_holder(
    holder: multiprocessing.Process, case_path: Path
) -> None:
    """A writable open while another process holds the file fails, saying who, where and since when."""
    before = case_path.read_bytes()
    with pytest.raises(CaseFileInUseError) as info:
        open_case_file(case_path)
    me = LockHolder.current()
    place = "this computer"
    assert info.value.message.startswith(f"cases.sqlite is open in casedesk on {place} ({me.user}) since ")
    assert f"{me.user} on {place} since " in info.value.holder
    assert "read-only" in info.value.hint
    assert lock_holder(case_path) == info.value.holder
    recorded = json.loads(lock_path_for(case_path).read_text())
    assert recorded["pid"] == holder.pid
    assert recorded["host"] == socket.gethostname()
    assert case_path.read_bytes() == before  # refused: untouched


def test_read_only_open_sees_the_holders_data_and_refuses_saves(
    holder: multiprocessing.Process, case_path: Path
) -> None:
    """Read-only opening works while another process writes, shows its saves, and refuses a save clearly."""
    case_file = open_case_file(case_path, read_only=True)
    try:
        assert case_file.lock is None
        with case_file.session() as session:
            assert [c.name for c in case_store.find_clients(session)] == ["Held Open"]
        with (
            pytest.raises(ReadOnlyError, match="open read-only, so this change was not saved"),
            case_file.session() as session,
        ):
            case_store.add_client(session, Client(name="Not saved"))
    finally:
        case_file.close()


def test_killed_holder_leaves_a_stale_lock_that_is_taken_over(
    holder: multiprocessing.Process, case_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    """After the holder is killed with SIGKILL the file opens writable, keeping its saves, and says so."""
    holder.kill()
    holder.join()
    assert lock_path_for(case_path).exists()  # the dead process's lock file is still there
    assert lock_holder(case_path) is None  # but nobody holds it
    case_file = open_case_file(case_path)
    try:
        assert case_file.lock is not None
        assert case_file.lock.recovered is not None
        assert "on this computer since" in case_file.lock.recovered
        assert "was not closed properly" in caplog.text
        with case_file.session() as session:
            case_store.add_client(session, Client(name="After the crash"))
    finally:
        case_file.close()
    assert _client_names(case_path) == ["After the crash", "Held Open"]
    assert not lock_path_for(case_path).exists()  # a clean close leaves no lock file


def test_two_opens_in_one_process_share_the_lock(
    forkserver: multiprocessing.context.BaseContext, case_path: Path, tmp_path: Path
) -> None:
    """Two writable opens in one process both work; closing one keeps the file locked against others."""
    first = open_case_file(case_path)
    second = open_case_file(case_path)
    try:
        with second.session() as session:
            case_store.add_client(session, Client(name="From the second"))
        second.close()
        assert lock_holder(case_path) is not None
        # Another process is still kept out after one of the two handles closed.
        child = forkserver.Process(  # type: ignore[attr-defined]
            target=hold_open, args=(case_path, tmp_path / "never.txt", "Intruder")
        )
        child.start()
        child.join(READY_TIMEOUT_S)
        assert child.exitcode == 1  # the child failed with CaseFileInUseError
        with first.session() as session:
            assert [c.name for c in case_store.find_clients(session)] == ["From the second"]
    finally:
        first.close()
    assert lock_holder(case_path) is None
    assert not lock_path_for(case_path).exists()


def test_a_read_only_open_neither_takes_nor_drops_the_lock(case_path: Path) -> None:
    """Opening and closing read-only in the process that holds the file leaves it locked."""
    writable = open_case_file(case_path)
    try:
        open_case_file(case_path, read_only=True).close()
        assert lock_holder(case_path) is not None
        assert lock_path_for(case_path).exists()
    finally:
        writable.close()


def test_the_next_open_succeeds_once_the_holder_closes(
    forkserver: multiprocessing.context.BaseContext, case_path: Path, tmp_path: Path
) -> None:
    """Released locks free the file at once, with no stale-lock report."""
    case_file = open_case_file(case_path)
    case_file.close()
    case_file.close()  # closing twice is harmless
    again = open_case_file(case_path)
    try:
        assert again.lock is not None
        assert again.lock.recovered is None
    finally:
        again.close()


def test_release_is_idempotent_per_handle(case_path: Path) -> None:
    """Releasing one handle twice does not release another handle's share."""
    first = lock_case_file(case_path)
    second = lock_case_file(case_path)
    first.release()
    first.release()
    assert lock_holder(case_path) is not None
    second.release()
    assert lock_holder(case_path) is None


def test_an_unreadable_lock_file_is_taken_over(case_path: Path) -> None:
    """A lock file with content casedesk did not write (e.g. cut short by a power cut) is simply replaced."""
    lock_path_for(case_path).write_bytes(b'{"user": "ma')
    case_file = open_case_file(case_path)
    try:
        assert case_file.lock is not None
        assert case_file.lock.recovered == "an unknown casedesk"
        assert LockHolder.from_json(lock_path_for(case_path).read_text()) is not None
    finally:
        case_file.close()


def test_a_locked_file_without_a_holder_record_is_refused_without_a_name(case_path: Path) -> None:
    """If the holder's record cannot be read the open is still refused, in general words."""
    error = in_use_error(case_path, None)
    assert error.message == "cases.sqlite is open in another casedesk."
    assert error.holder == ""


def test_symbolic_link_and_real_path_share_one_lock(case_path: Path, tmp_path: Path) -> None:
    """The same case file reached through a symbolic link uses the same lock file."""
    link = tmp_path / "link.sqlite"
    link.symlink_to(case_path)
    assert lock_path_for(link) == lock_path_for(case_path)


@pytest.mark.parametrize(
    ("since", "now", "expected"),
    [
        ((2026, 11, 21, 9, 14), (2026, 11, 21, 15, 0), "9:14 AM"),
        ((2026, 11, 21, 0, 5), (2026, 11, 21, 15, 0), "12:05 AM"),
        ((2026, 11, 21, 13, 0), (2026, 11, 21, 15, 0), "1:00 PM"),
        (
            (2026, 11, 20, 17, 30),
            (2026, 11, 21, 9, 0),
            "Nov 20, 5:30 PM",
        ),
        (
            (2025, 12, 31, 8, 0),
            (2026, 1, 2, 9, 0),
            "Dec 31, 2025, 8:00 AM",
        ),
    ],
)
def test_holder_is_described_as_a_case_manager_says_it(
    since: tuple[int, ...], now: tuple[int, ...], expected: str
) -> None:
    """The holder reads "maria on LAPTOP-7 since 9:14 AM", with the day when it is not today."""
    holder = LockHolder("maria", "LAPTOP-7", 4242, datetime(*since, tzinfo=LOCAL), "0.1.0")
    assert holder.describe(datetime(*now, tzinfo=LOCAL)) == f"maria on LAPTOP-7 since {expected}"
    assert LockHolder.from_json(holder.to_json()) == holder


def test_lock_file_from_another_computer_names_that_computer(case_path: Path) -> None:
    """The holder recorded by another computer is named by its host name (read from the lock file)."""
    other = LockHolder("maria", "LAPTOP-7", 4242, datetime.now().astimezone() - timedelta(minutes=5), "0.1.0")
    assert other.describe().startswith("maria on LAPTOP-7 since ")


def test_unwritable_folder_is_refused_before_locking(tmp_path: Path) -> None:
    """Creating a case file where no lock file can be made says the folder cannot be written."""
    folder = tmp_path / "ro"
    folder.mkdir()
    folder.chmod(0o555)
    try:
        if os.access(folder, os.W_OK):
            pytest.skip("root writes into 0o555 folders")
        with pytest.raises(CaseFileError, match="cannot write"):
            open_case_file(folder / "new.sqlite", create=True)
    finally:
        folder.chmod(0o755)
