"""Backups: rolling copies, Back Up Now to a folder with the documents, pruning, verify and restore."""

from __future__ import annotations

import json
import os
from datetime import UTC, timedelta
from pathlib import Path

import pytest

from casedesk.domain.backups import BackupKind
from casedesk.domain.cases import Case, CaseQuery, CaseStatus, CaseType, Client
from casedesk.domain.errors import CaseFileError, CaseFileInUseError
from casedesk.domain.progress import Cancelled, CancelToken
from casedesk.services.backups import (
    BackupService,
    list_rolling_backups,
    restore_backup,
    stored_names,
    verify_backup,
)
from casedesk.services.casefiles import Services, open_services
from tests.conftest import NOW, fixed_clock
from tests.pdfs import make_pdf

pytestmark = pytest.mark.sqlite_only(
    "backups are copies beside a case file on this computer (a firm database is backed up on its server)"
)


def _add_case(services: Services, number: str, name: str) -> int:
    client = services.cases.create_client(Client(name=name))
    case = services.cases.create_case(
        Case(
            number=number,
            caption=f"{name} v. Driver",
            client_id=client.id or 0,
            case_type=CaseType.MOTOR_VEHICLE,
            jurisdiction="TX",
            status=CaseStatus.TREATING,
        )
    )
    return case.id or 0


def _numbers(path: Path) -> list[str]:
    services = open_services(path, clock=fixed_clock)
    try:
        return sorted(summary.number for summary in services.cases.list_cases(CaseQuery()))
    finally:
        services.close()


def test_back_up_change_restore_brings_the_old_data_back(db_path: Path) -> None:
    services = open_services(db_path, create=True, clock=fixed_clock)
    _add_case(services, "PI-1", "Maria Alvarez")
    backup = services.backups.back_up()
    assert backup.reason == "manual" and backup.path.parent == db_path.with_name("cases-backups")
    _add_case(services, "PI-2", "Tom Baker")
    assert [b.path for b in services.backups.backups()] == [backup.path]
    services.close()

    safety = restore_backup(db_path, backup.path)

    assert _numbers(db_path) == ["PI-1"]
    assert sorted(_numbers(safety)) == ["PI-1", "PI-2"]  # what was replaced is kept
    reasons = {b.reason for b in list_rolling_backups(db_path)}
    assert reasons == {"manual", "before-restore"}
    assert not Path(f"{db_path}-wal").exists() or Path(f"{db_path}-wal").stat().st_size == 0


def test_restore_refuses_a_damaged_backup_and_leaves_the_case_file_untouched(db_path: Path) -> None:
    services = open_services(db_path, create=True, clock=fixed_clock)
    _add_case(services, "PI-1", "Maria Alvarez")
    backup = services.backups.back_up()
    services.close()
    data = bytearray(backup.path.read_bytes())
    data[len(data) // 2 : len(data) // 2 + 4096] = b"\xff" * 4096
    backup.path.write_bytes(bytes(data))
    before = db_path.read_bytes()

    check = verify_backup(backup.path)
    assert not check.ok and "damaged" in check.problems[0]
    with pytest.raises(CaseFileError, match="cannot be restored"):
        restore_backup(db_path, backup.path)

    assert db_path.read_bytes() == before
    assert [b.reason for b in list_rolling_backups(db_path)] == ["manual"]  # no safety copy needed


def test_restore_refuses_what_is_not_a_case_file(db_path: Path, tmp_path: Path) -> None:
    open_services(db_path, create=True, clock=fixed_clock).close()
    stranger = tmp_path / "notes.sqlite"
    stranger.write_text("not a database")
    with pytest.raises(CaseFileError, match="not a casedesk case file"):
        restore_backup(db_path, stranger)


def test_restore_refuses_while_the_case_file_is_open(services: Services, db_path: Path) -> None:
    backup = services.backups.back_up()
    with pytest.raises(CaseFileInUseError):
        restore_backup(db_path, backup.path)


def test_closing_backs_up_only_when_something_changed(db_path: Path) -> None:
    services = open_services(db_path, create=True, clock=fixed_clock)
    assert services.backups.back_up_if_changed() is None  # nothing saved since it was opened
    _add_case(services, "PI-1", "Maria Alvarez")
    assert services.backups.changed_since_backup()
    made = services.backups.back_up_if_changed()
    assert made is not None and made.reason == "on-close"
    assert services.backups.back_up_if_changed() is None  # nothing since that backup
    services.close()


def test_the_daily_backup_is_due_once_a_day(services: Services, db_path: Path) -> None:
    assert services.backups.due_daily()
    made = services.backups.back_up_daily()
    assert made is not None and made.reason == "daily"
    assert not services.backups.due_daily()
    assert services.backups.back_up_daily() is None
    later = BackupService(services._case_file, lambda: NOW + timedelta(hours=25))
    try:
        assert later.due_daily()
    finally:
        later.close()


def _backup_named(folder: Path, days_ago: int, reason: str) -> Path:
    stamp = (NOW - timedelta(days=days_ago)).astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")
    path = folder / f"cases-{stamp}-{reason}.sqlite"
    path.write_bytes(b"")
    return path


def test_pruning_keeps_n_days_the_newest_and_the_safety_copies(services: Services) -> None:
    folder = services.backups.folder
    folder.mkdir()
    old_daily = _backup_named(folder, 40, "daily")
    old_close = _backup_named(folder, 20, "on-close")
    upgrade = _backup_named(folder, 60, "before-upgrade-from-0008")
    before_restore = _backup_named(folder, 50, "before-restore")
    recent = _backup_named(folder, 3, "daily")

    removed = services.backups.prune(14)

    assert sorted(removed) == sorted([old_daily, old_close])
    assert {b.path for b in services.backups.backups()} == {upgrade, before_restore, recent}


def test_pruning_never_removes_the_last_backup(services: Services) -> None:
    folder = services.backups.folder
    folder.mkdir()
    only = _backup_named(folder, 100, "daily")
    assert services.backups.prune(14) == []
    assert only.exists()


@pytest.fixture
def with_documents(db_path: Path, tmp_path: Path) -> Services:
    services = open_services(db_path, create=True, clock=fixed_clock)
    case_id = _add_case(services, "PI-1", "Maria Alvarez")
    sources = [make_pdf(tmp_path / f"record-{n}.pdf", [f"Emergency visit {n}"]) for n in range(3)]
    services.documents.import_files(case_id, sources)
    return services


def test_back_up_now_copies_the_database_and_every_stored_document(
    with_documents: Services, tmp_path: Path
) -> None:
    services = with_documents
    usb = tmp_path / "usb"
    usb.mkdir()
    seen: list[tuple[int, int, str]] = []

    info = services.backups.back_up_to(usb, lambda d, t, m: seen.append((d, t, m)))

    services.close()
    assert info.kind is BackupKind.FOLDER and info.documents == 3
    assert [p.name for p in usb.iterdir()] == [info.path.name]
    store = services._case_file.documents_dir
    copied = info.path / "cases-documents"
    assert stored_names(copied) == stored_names(store) and len(stored_names(store)) == 3
    for name in stored_names(store):
        assert (copied / name).read_bytes() == (store / name).read_bytes()
    manifest = json.loads((info.path / "backup.json").read_text())
    assert set(manifest["documents"]) == set(stored_names(store))
    check = verify_backup(info.path)
    assert check.ok and check.documents == 3 and check.cases == 1
    assert any(message == "The database" for _d, _t, message in seen)


def test_a_second_back_up_now_reuses_the_documents_already_there(
    with_documents: Services, tmp_path: Path
) -> None:
    services = with_documents
    usb = tmp_path / "usb"
    usb.mkdir()
    first = services.backups.back_up_to(usb)
    second = services.backups.back_up_to(usb)
    services.close()
    assert first.path != second.path
    name = stored_names(second.path / "cases-documents")[0]
    a = (first.path / "cases-documents" / name).stat()
    b = (second.path / "cases-documents" / name).stat()
    assert (a.st_ino == b.st_ino) or os.name == "nt"
    assert verify_backup(second.path).ok


def test_cancelled_back_up_now_leaves_nothing_that_looks_like_a_backup(
    with_documents: Services, tmp_path: Path
) -> None:
    services = with_documents
    usb = tmp_path / "usb"
    usb.mkdir()
    token = CancelToken()

    def cancel_on_second_file(done: int, _total: int, message: str) -> None:
        if message != "The database" and done == 1:
            token.cancel()

    with pytest.raises(Cancelled):
        services.backups.back_up_to(usb, cancel_on_second_file, token)
    services.close()
    assert list(usb.iterdir()) == []


def test_back_up_now_to_a_missing_folder_is_refused(services: Services, tmp_path: Path) -> None:
    with pytest.raises(CaseFileError, match="no folder"):
        services.backups.back_up_to(tmp_path / "unplugged")


def test_restore_from_a_folder_brings_back_missing_documents_and_deletes_none(
    with_documents: Services, db_path: Path, tmp_path: Path
) -> None:
    services = with_documents
    usb = tmp_path / "usb"
    usb.mkdir()
    info = services.backups.back_up_to(usb)
    case_id = services.cases.list_cases(CaseQuery())[0].id
    services.documents.import_files(case_id, [make_pdf(tmp_path / "later.pdf", ["A later letter"])])
    services.close()
    store = db_path.with_name("cases-documents")
    names = stored_names(store)
    lost = names[0]
    (store / lost).unlink()

    restore_backup(db_path, info.path)

    assert set(stored_names(store)) == set(names)  # the lost one is back; the later one is kept
    restored = open_services(db_path, clock=fixed_clock)
    try:
        report = restored.check.check()
    finally:
        restored.close()
    assert report.documents == 3
    assert all("missing" not in f.message for f in report.findings)


def test_restore_refuses_a_folder_whose_documents_were_damaged(
    with_documents: Services, db_path: Path, tmp_path: Path
) -> None:
    services = with_documents
    usb = tmp_path / "usb"
    usb.mkdir()
    info = services.backups.back_up_to(usb)
    services.close()
    copied = info.path / "cases-documents"
    victim = copied / stored_names(copied)[0]
    victim.write_bytes(victim.read_bytes()[:-10])
    before = db_path.read_bytes()
    with pytest.raises(CaseFileError, match="1 stored document is missing or damaged"):
        restore_backup(db_path, info.path)
    assert db_path.read_bytes() == before


def test_cancelled_restore_leaves_the_case_file_as_it_was(db_path: Path) -> None:
    services = open_services(db_path, create=True, clock=fixed_clock)
    _add_case(services, "PI-1", "Maria Alvarez")
    backup = services.backups.back_up()
    _add_case(services, "PI-2", "Tom Baker")
    services.close()
    token = CancelToken()

    def cancel_during_copy(_done: int, _total: int, message: str) -> None:
        if message == "The database":
            token.cancel()

    with pytest.raises(Cancelled):
        restore_backup(db_path, backup.path, progress=cancel_during_copy, cancel=token)
    assert _numbers(db_path) == ["PI-1", "PI-2"]
    assert not db_path.with_name(".cases.sqlite.restoring").exists()


def test_backups_of_an_encrypted_case_file_are_encrypted_and_restore_with_its_passphrase(
    with_documents: Services, db_path: Path, tmp_path: Path
) -> None:
    from casedesk.services.encryption import encrypt_case_file, is_encrypted

    with_documents.close()
    passphrase = "correct horse battery staple"
    encrypt_case_file(db_path, passphrase)
    services = open_services(db_path, clock=fixed_clock, passphrase=passphrase)
    usb = tmp_path / "usb"
    usb.mkdir()
    rolling = services.backups.back_up()
    folder = services.backups.back_up_to(usb)
    _add_case(services, "PI-2", "Tom Baker")
    services.close()

    assert is_encrypted(rolling.path) and is_encrypted(folder.path / "cases.sqlite")
    for path in folder.path.rglob("*"):
        if path.is_file() and path.name != "backup.json":
            data = path.read_bytes()
            assert b"%PDF" not in data and b"Maria Alvarez" not in data and b"SQLite format 3" not in data
    assert not verify_backup(rolling.path).ok  # without the passphrase it cannot even be checked
    assert "another passphrase" in verify_backup(rolling.path, "wrong passphrase").problems[0]
    assert verify_backup(folder.path, passphrase).ok

    safety = restore_backup(db_path, folder.path, key=passphrase)

    assert is_encrypted(safety) and is_encrypted(db_path)
    restored = open_services(db_path, clock=fixed_clock, passphrase=passphrase)
    try:
        assert [s.number for s in restored.cases.list_cases(CaseQuery())] == ["PI-1"]
        document = restored.documents.documents(restored.cases.list_cases(CaseQuery())[0].id or 0)[0]
        assert restored.documents.read_bytes(document).startswith(b"%PDF")
    finally:
        restored.close()


def test_back_up_now_is_recorded_in_the_audit_trail(with_documents: Services, tmp_path: Path) -> None:
    services = with_documents
    usb = tmp_path / "usb"
    usb.mkdir()
    info = services.backups.back_up_to(usb)
    entries = services.audit.entries(None)
    services.close()
    assert any(str(info.path) in str(entry) for entry in entries)


def test_pruning_keeps_the_newest_regular_backup_behind_a_newer_safety_copy(services: Services) -> None:
    folder = services.backups.folder
    folder.mkdir()
    daily = _backup_named(folder, 90, "daily")
    older = _backup_named(folder, 95, "daily")
    upgrade = _backup_named(folder, 1, "before-upgrade-from-0008")
    assert services.backups.prune(14) == [older]
    assert daily.exists() and upgrade.exists()


def test_pruning_removes_half_written_copies_left_by_an_interruption(services: Services) -> None:
    folder = services.backups.folder
    folder.mkdir()
    stale = folder / ".cases-20260101T000000Z-daily.sqlite.partial"
    stale.write_bytes(b"half")
    os.utime(stale, (0, 0))
    fresh = folder / ".cases-20261121T000000Z-daily.sqlite.partial"
    fresh.write_bytes(b"in progress")
    services.backups.prune(14)
    assert not stale.exists() and fresh.exists()
