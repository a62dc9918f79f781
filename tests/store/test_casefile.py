"""Opening, creating, refusing, migrating and backing up case files."""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Callable
from contextlib import closing
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import pytest

from casedesk.domain.cases import Client
from casedesk.domain.errors import CaseFileError
from casedesk.store import casefile
from casedesk.store import cases as case_store
from casedesk.store.casefile import (
    APPLICATION_ID,
    SCHEMA_REVISIONS,
    backup_case_file,
    inspect_case_file,
    open_case_file,
)
from casedesk.store.engine import BUSY_TIMEOUT_MS
from tests.folders import immutable

#: An mtime far in the past, so that any write to a file would visibly move it.
OLD_MTIME_NS = 1_600_000_000 * 10**9


def make_case_file(path: Path, client_names: tuple[str, ...] = ("Maria Alvarez",)) -> Path:
    """Create a closed case file at ``path`` holding one client per name."""
    opened = open_case_file(path, create=True)
    try:
        with opened.session() as session:
            for name in client_names:
                case_store.add_client(session, Client(name=name, notes="x" * 200))
    finally:
        opened.close()
    return path


def client_names(path: Path) -> list[str]:
    """The client names in a database file, read with plain sqlite3 (read-only)."""
    with closing(sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True)) as conn:
        return [row[0] for row in conn.execute("SELECT name FROM clients ORDER BY id")]


def run_sql(path: Path, *statements: str) -> None:
    """Run statements on a database file with plain sqlite3 and commit them."""
    with closing(sqlite3.connect(path)) as conn, conn:
        for statement in statements:
            conn.execute(statement)


@dataclass(frozen=True)
class Snapshot:
    """What a refused file must still look like afterwards."""

    content: bytes
    mtime_ns: int
    folder: frozenset[str]


def snapshot(path: Path) -> Snapshot:
    return Snapshot(path.read_bytes(), path.stat().st_mtime_ns, frozenset(os.listdir(path.parent)))


def assert_untouched(path: Path, before: Snapshot) -> None:
    """Same bytes, same mtime, and no new files beside it (no documents or backups folder).

    A read-only SQLite connection to a WAL-mode file creates an empty ``-wal`` and a ``-shm`` index
    beside it and cannot remove them; those two are tolerated, as long as the ``-wal`` holds nothing.
    """
    after = snapshot(path)
    assert after.content == before.content
    assert after.mtime_ns == before.mtime_ns
    new_files = after.folder - before.folder
    assert new_files <= {f"{path.name}-wal", f"{path.name}-shm"}
    wal = path.with_name(f"{path.name}-wal")
    if wal.name in new_files:
        assert wal.stat().st_size == 0


# --- files casedesk must refuse ------------------------------------------------------------------


def text_file(path: Path) -> None:
    path.write_text("Client list\nMaria Alvarez, 512-555-0142\n", encoding="utf-8")


def empty_file(path: Path) -> None:
    path.write_bytes(b"")


def other_sqlite_database(path: Path) -> None:
    run_sql(path, "CREATE TABLE foo (x)", "INSERT INTO foo VALUES (1)")


def newer_casedesk_file(path: Path) -> None:
    make_case_file(path)
    run_sql(path, "UPDATE alembic_version SET version_num = '9999'")


def case_file_without_revision(path: Path) -> None:
    make_case_file(path)
    run_sql(path, "DELETE FROM alembic_version")


def damaged_case_file(path: Path) -> None:
    make_case_file(path, tuple(f"Client {i:03d} " + "n" * 150 for i in range(300)))
    data = bytearray(path.read_bytes())
    page = 4096
    assert len(data) > 20 * page
    garbage = bytes(range(256)) + bytes(range(255, -1, -1))
    for start in range(3 * page, len(data) - page, 2 * page):  # leave the header page alone
        data[start + 100 : start + 100 + len(garbage)] = garbage
    path.write_bytes(bytes(data))


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (text_file, "is not a casedesk case file"),
        (empty_file, "is not a casedesk case file"),
        (other_sqlite_database, "is not a casedesk case file"),
        (newer_casedesk_file, "newer version of casedesk"),
        (case_file_without_revision, "is damaged"),
        (damaged_case_file, "is damaged"),
    ],
    ids=["text", "empty-0-bytes", "other-sqlite", "newer-casedesk", "no-revision", "damaged"],
)
def test_refused_files_are_left_byte_for_byte_untouched(
    tmp_path: Path, make: Callable[[Path], None], message: str
) -> None:
    """A file casedesk will not open is refused with a clear message and not changed in any way."""
    path = tmp_path / "cases.sqlite"
    make(path)
    os.utime(path, ns=(OLD_MTIME_NS, OLD_MTIME_NS))
    before = snapshot(path)

    with pytest.raises(CaseFileError, match=message) as info:
        open_case_file(path, create=True)

    assert_untouched(path, before)
    assert path.name in info.value.message
    assert info.value.hint


def test_inspect_sees_a_newer_file_without_changing_it(tmp_path: Path) -> None:
    """The read-only look says the file is from a newer casedesk and tells the user what to do."""
    path = tmp_path / "cases.sqlite"
    newer_casedesk_file(path)
    with pytest.raises(CaseFileError) as info:
        inspect_case_file(path)
    assert "Update casedesk" in info.value.hint
    assert "has not been changed" in info.value.hint


def test_missing_file_is_not_created_unless_asked(tmp_path: Path) -> None:
    """Opening a path where no file exists fails and creates nothing, not even its folder."""
    path = tmp_path / "elsewhere" / "cases.sqlite"
    with pytest.raises(CaseFileError, match="There is no case file"):
        open_case_file(path)
    assert not path.parent.exists()


def test_folder_is_refused(tmp_path: Path) -> None:
    """A folder is not a case file, even when asked to create one there."""
    folder = tmp_path / "cases.sqlite"
    folder.mkdir()
    with pytest.raises(CaseFileError, match="is a folder"):
        open_case_file(folder, create=True)
    assert os.listdir(folder) == []


# --- creating and reopening ----------------------------------------------------------------------


def test_created_file_reopens_with_its_data(tmp_path: Path) -> None:
    """What was saved in a new case file is there after closing and reopening it."""
    path = make_case_file(tmp_path / "cases.sqlite", ("Maria Alvarez", "Tomás Ruiz"))
    reopened = open_case_file(path)
    try:
        with reopened.session() as session:
            assert [c.name for c in case_store.find_clients(session)] == ["Maria Alvarez", "Tomás Ruiz"]
        assert reopened.backup_path is None
    finally:
        reopened.close()


def test_create_makes_missing_folders_and_the_documents_folder(tmp_path: Path) -> None:
    """A new case file gets its parent folders and a ``<stem>-documents`` folder beside it."""
    path = tmp_path / "firm" / "2026" / "alvarez.sqlite"
    opened = open_case_file(path, create=True)
    try:
        assert path.is_file()
        assert opened.documents_dir == path.parent / "alvarez-documents"
        assert opened.documents_dir.is_dir()
    finally:
        opened.close()


def test_reopening_recreates_a_missing_documents_folder(tmp_path: Path) -> None:
    """If the documents folder was removed, opening the case file makes it again."""
    path = make_case_file(tmp_path / "cases.sqlite")
    (tmp_path / "cases-documents").rmdir()
    open_case_file(path).close()
    assert (tmp_path / "cases-documents").is_dir()


def test_created_file_is_marked_as_a_casedesk_file(tmp_path: Path) -> None:
    """The SQLite header carries casedesk's application id and the file records the newest revision."""
    path = make_case_file(tmp_path / "cases.sqlite")
    assert int.from_bytes(path.read_bytes()[68:72], "big") == APPLICATION_ID
    assert inspect_case_file(path).revision == SCHEMA_REVISIONS[-1]


def test_case_file_sessions_use_the_durability_pragmas(tmp_path: Path) -> None:
    """Every session of an open case file runs with WAL, synchronous=FULL, foreign keys, busy timeout."""
    opened = open_case_file(tmp_path / "cases.sqlite", create=True)
    try:
        with opened.session() as session:
            connection = session.connection()

            def pragma(name: str) -> object:
                return connection.exec_driver_sql(f"PRAGMA {name}").scalar()

            assert pragma("journal_mode") == "wal"
            assert pragma("synchronous") == 2
            assert pragma("foreign_keys") == 1
            assert pragma("busy_timeout") == BUSY_TIMEOUT_MS
            assert pragma("application_id") == APPLICATION_ID
    finally:
        opened.close()


def test_session_rolls_back_when_the_block_fails(tmp_path: Path) -> None:
    """A unit of work that raises saves nothing."""
    opened = open_case_file(tmp_path / "cases.sqlite", create=True)
    try:
        with pytest.raises(RuntimeError), opened.session() as session:
            case_store.add_client(session, Client(name="Maria Alvarez"))
            raise RuntimeError("user action failed half-way")
        with opened.session() as session:
            assert case_store.find_clients(session) == []
    finally:
        opened.close()


def test_empty_sqlite_database_becomes_a_case_file(tmp_path: Path) -> None:
    """A valid SQLite file with no tables and no application id is adopted as a new case file."""
    path = tmp_path / "cases.sqlite"
    run_sql(path, "VACUUM")
    assert path.stat().st_size > 0
    open_case_file(path).close()
    assert inspect_case_file(path).revision == SCHEMA_REVISIONS[-1]


def test_path_with_unusual_characters_works(tmp_path: Path) -> None:
    """File names with spaces, #, %, &, ? and accents open, close and reopen like any other."""
    path = tmp_path / "Alvarez v. Driver #2 (50% fault) & co? Tomás.sqlite"
    make_case_file(path)
    reopened = open_case_file(path)
    try:
        with reopened.session() as session:
            assert [c.name for c in case_store.find_clients(session)] == ["Maria Alvarez"]
        assert reopened.documents_dir.name == "Alvarez v. Driver #2 (50% fault) & co? Tomás-documents"
    finally:
        reopened.close()


# --- read-only places ----------------------------------------------------------------------------


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes into 0o555 folders; see the chattr tests")
def test_read_only_folder_is_refused_by_permissions(tmp_path: Path) -> None:
    """A case file in a folder the user cannot write to is refused as read-only and left untouched."""
    folder = tmp_path / "shared"
    folder.mkdir()
    path = make_case_file(folder / "cases.sqlite")
    before = snapshot(path)
    folder.chmod(0o555)
    try:
        with pytest.raises(CaseFileError, match="cannot write"):
            open_case_file(path)
        with pytest.raises(CaseFileError, match="cannot write"):
            open_case_file(folder / "new.sqlite", create=True)
    finally:
        folder.chmod(0o755)
    assert_untouched(path, before)
    assert not (folder / "new.sqlite").exists()


def test_case_file_in_unwritable_folder_is_refused_as_read_only_not_damaged(tmp_path: Path) -> None:
    """A good case file in an unwritable folder is reported as read-only (not damaged), untouched."""
    folder = tmp_path / "shared"
    folder.mkdir()
    path = make_case_file(folder / "cases.sqlite")
    before = snapshot(path)
    with immutable(folder):
        with pytest.raises(CaseFileError, match="cannot write") as info:
            open_case_file(path)
        assert "damaged" not in str(info.value)
        with pytest.raises(CaseFileError, match="cannot write"):
            open_case_file(folder / "new.sqlite", create=True)
    assert_untouched(path, before)
    assert not (folder / "new.sqlite").exists()


def test_write_refused_by_the_os_despite_access_check_is_a_case_file_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """When ``os.access`` says yes but SQLite cannot write, the user still gets a CaseFileError."""
    folder = tmp_path / "shared"
    folder.mkdir()
    monkeypatch.setattr("casedesk.store.casefile.os.access", lambda *_args, **_kwargs: True)
    with immutable(folder), pytest.raises(CaseFileError, match="cannot write"):
        open_case_file(folder / "new.sqlite", create=True)
    assert os.listdir(folder) == []


@pytest.mark.parametrize(
    ("folder_writable", "file_writable", "file_exists", "refused"),
    [
        (True, True, True, False),
        (True, True, False, False),
        (True, False, True, True),
        (True, False, False, False),
        (False, True, True, True),
        (False, True, False, True),
    ],
)
def test_check_writable_needs_a_writable_folder_and_file(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    folder_writable: bool,
    file_writable: bool,
    file_exists: bool,
    refused: bool,
) -> None:
    """The folder must be writable (for -wal/-shm and backups) and, if it exists, the file too."""
    path = tmp_path / "cases.sqlite"
    if file_exists:
        path.write_bytes(b"")
    allowed = {tmp_path: folder_writable, path: file_writable}

    def fake_access(target: os.PathLike[str] | str, mode: int) -> bool:
        return allowed[Path(target)]

    monkeypatch.setattr("casedesk.store.casefile.os.access", fake_access)
    if refused:
        with pytest.raises(CaseFileError, match="cannot write") as info:
            casefile._check_writable(path)
        assert "Copy the case file" in info.value.hint
    else:
        casefile._check_writable(path)


def test_create_in_read_only_folder_creates_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Asked to create a case file where it cannot write, casedesk refuses before making any file."""
    monkeypatch.setattr("casedesk.store.casefile.os.access", lambda *_args, **_kwargs: False)
    with pytest.raises(CaseFileError, match="cannot write"):
        open_case_file(tmp_path / "cases.sqlite", create=True)
    assert os.listdir(tmp_path) == []


def test_existing_file_in_read_only_folder_is_untouched(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An existing case file that may not be written is refused before any write."""
    path = make_case_file(tmp_path / "cases.sqlite")
    os.utime(path, ns=(OLD_MTIME_NS, OLD_MTIME_NS))
    before = snapshot(path)
    monkeypatch.setattr("casedesk.store.casefile.os.access", lambda *_args, **_kwargs: False)
    with pytest.raises(CaseFileError, match="cannot write"):
        open_case_file(path)
    assert_untouched(path, before)


# --- backups and upgrades ------------------------------------------------------------------------


def test_backup_is_a_complete_readable_copy(tmp_path: Path) -> None:
    """A backup lands in ``<stem>-backups/``, holds every row, opens as a case file, leaves no .partial."""
    path = make_case_file(tmp_path / "cases.sqlite", ("Maria Alvarez", "Tomás Ruiz"))
    backup = backup_case_file(path, reason="manual")

    assert backup.parent == tmp_path / "cases-backups"
    assert backup.name.startswith("cases-")
    assert backup.name.endswith("-manual.sqlite")
    assert client_names(backup) == ["Maria Alvarez", "Tomás Ruiz"]
    assert inspect_case_file(backup).revision == SCHEMA_REVISIONS[-1]
    assert list(backup.parent.glob("*.partial")) == []


def test_backup_of_an_open_file_includes_committed_changes(tmp_path: Path) -> None:
    """Backing up while the case file is open copies every committed row, even those still in the WAL."""
    opened = open_case_file(tmp_path / "cases.sqlite", create=True)
    try:
        with opened.session() as session:
            case_store.add_client(session, Client(name="Maria Alvarez"))
        backup = backup_case_file(opened.path, reason="manual")
        assert client_names(backup) == ["Maria Alvarez"]
    finally:
        opened.close()


class _FrozenDatetime(datetime):
    """``datetime`` whose ``now`` is always the same second."""

    @classmethod
    def now(cls, tz: object = None) -> _FrozenDatetime:
        return cls(2026, 11, 21, 15, 30, 0, tzinfo=UTC)


def test_backups_in_the_same_second_are_all_kept(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Two backups made within one second are two files; the second never replaces the first."""
    monkeypatch.setattr(casefile, "datetime", _FrozenDatetime)
    path = make_case_file(tmp_path / "cases.sqlite")
    stale = tmp_path / "cases-backups" / "cases-20261121T153000Z-manual.partial"
    stale.parent.mkdir()
    stale.write_bytes(b"left over by a crash")

    first = backup_case_file(path, reason="manual")
    run_sql(path, "UPDATE clients SET name = 'Maria Alvarez-Ruiz'")
    second = backup_case_file(path, reason="manual")

    assert first != second
    assert client_names(first) == ["Maria Alvarez"]
    assert client_names(second) == ["Maria Alvarez-Ruiz"]
    assert list(stale.parent.glob("*.partial")) == []


def test_older_revision_is_backed_up_before_migrating(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A file at an older known revision is copied to a backup first, then migrated."""
    path = make_case_file(tmp_path / "cases.sqlite")
    old_revision = SCHEMA_REVISIONS[-1]
    monkeypatch.setattr(casefile, "SCHEMA_REVISIONS", (*SCHEMA_REVISIONS, "9000"))
    seen_at_migration: list[tuple[Path, list[Path]]] = []

    def record_migration(target: Path, _key: str | None = None) -> None:
        backups = sorted((tmp_path / "cases-backups").glob("*.sqlite"))
        seen_at_migration.append((target, backups))
        assert [client_names(b) for b in backups] == [["Maria Alvarez"]]

    monkeypatch.setattr(casefile, "_migrate", record_migration)
    opened = open_case_file(path)
    opened.close()

    assert opened.backup_path is not None
    assert opened.backup_path.name.endswith(f"-before-upgrade-from-{old_revision}.sqlite")
    assert seen_at_migration == [(path, [opened.backup_path])]


def test_file_at_the_newest_revision_is_neither_backed_up_nor_migrated(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Opening an up-to-date file makes no backup and runs no migration."""
    path = make_case_file(tmp_path / "cases.sqlite")

    def no_migration(target: Path) -> None:
        raise AssertionError("an up-to-date file was migrated")

    monkeypatch.setattr(casefile, "_migrate", no_migration)
    opened = open_case_file(path)
    opened.close()
    assert opened.backup_path is None
    assert not (tmp_path / "cases-backups").exists()
