"""Encrypting a case file, working in it, changing its passphrase and decrypting it, as a user would."""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterator
from contextlib import closing
from datetime import date
from pathlib import Path

import pytest

from casedesk.domain.cases import Case, CaseStatus, CaseType, Client
from casedesk.domain.documents import ImportStatus, stored_name
from casedesk.domain.errors import (
    CaseFileError,
    CaseFileInUseError,
    ExportError,
    NotFoundError,
    PassphraseError,
)
from casedesk.domain.progress import Cancelled, CancelToken
from casedesk.services import encryption
from casedesk.services.casefiles import Services, open_services
from casedesk.services.encryption import (
    change_passphrase,
    decrypt_case_file,
    encrypt_case_file,
    is_encrypted,
)
from casedesk.services.preview import open_preview
from casedesk.store.casefile import SQLITE_HEADER, backup_case_file
from casedesk.store.passphrases import FREE_TRIES, tries_path, wait_left
from tests.conftest import fixed_clock
from tests.pdfs import make_pdf

pytestmark = pytest.mark.sqlite_only(
    "encryption at rest is for a case file on this computer; a firm database is secured on its server"
)

PASSPHRASE = "correct horse battery"
MakeCase = Callable[..., Case]


def snapshot(db_path: Path) -> dict[str, str]:
    """Every file of the case file (database, documents, backups) by name → SHA-256 of its bytes."""
    folder = db_path.parent
    return {
        path.relative_to(folder).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(folder.rglob("*"))
        if path.is_file() and not path.name.endswith(("-wal", "-shm")) and "Downloads" not in path.parts
    }


@pytest.fixture
def filled(services: Services, make_case: MakeCase, tmp_path: Path) -> Iterator[tuple[int, bytes]]:
    """A closed case file with a case and an imported two-page PDF; yields (case id, the PDF's bytes)."""
    downloads = tmp_path / "Downloads"
    downloads.mkdir()
    case_id = make_case().id or 0
    pdf = make_pdf(downloads / "ER visit.pdf", ["Emergency department\nWhiplash", "Discharge"])
    (outcome,) = services.documents.import_files(case_id, [pdf])
    assert outcome.status is ImportStatus.IMPORTED
    services.close()
    yield case_id, pdf.read_bytes()


def test_an_encrypted_case_file_opens_only_with_its_passphrase_and_works_as_before(
    db_path: Path, filled: tuple[int, bytes], tmp_path: Path
) -> None:
    case_id, pdf = filled
    progress: list[tuple[int, int]] = []

    result = encrypt_case_file(db_path, PASSPHRASE, progress=lambda d, t, _m: progress.append((d, t)))

    assert result.documents == 1 and result.missing == ()
    assert progress[-1] == (1, 1)
    assert is_encrypted(db_path) and db_path.read_bytes()[:16] != SQLITE_HEADER
    stored = [p for p in db_path.with_name("cases-documents").rglob("*") if p.is_file()]
    assert len(stored) == 1 and stored[0].suffix == ".sealed"
    assert hashlib.sha256(pdf).hexdigest() not in stored[0].name  # the content's hash is not its name
    assert pdf[:200] not in stored[0].read_bytes()

    with pytest.raises(PassphraseError) as missing:
        open_services(db_path, clock=fixed_clock)
    assert not missing.value.wrong and "encrypted" in missing.value.message
    with pytest.raises(PassphraseError) as wrong:
        open_services(db_path, clock=fixed_clock, passphrase="not it at all")
    assert wrong.value.wrong and "wrong" in wrong.value.message and "backup" in wrong.value.hint

    services = open_services(db_path, clock=fixed_clock, passphrase=PASSPHRASE)
    try:
        assert services.encrypted
        assert services.check_passphrase(PASSPHRASE) and not services.check_passphrase("correct horse")
        (document,) = services.documents.documents(case_id)
        assert services.documents.read_bytes(document) == pdf
        assert services.records.read_bytes(document) == pdf
        with pytest.raises(CaseFileError, match="encrypted"):
            services.documents.file_path(document)
        # importing more seals them as they come: no plain copy lands in the store
        more = make_pdf(tmp_path / "Downloads" / "MRI.pdf", ["MRI of the lumbar spine"])
        (outcome,) = services.documents.import_files(case_id, [more])
        assert outcome.status is ImportStatus.IMPORTED and outcome.document is not None
        assert services.documents.read_bytes(outcome.document) == more.read_bytes()
        assert "lumbar" in services.documents.page_text(outcome.document.id or 0, 1).lower()
        names = [p.name for p in db_path.with_name("cases-documents").rglob("*") if p.is_file()]
        assert len(names) == 2 and all(name.endswith(".sealed") for name in names)
        assert services.check.check().ok
        services.documents.delete(outcome.document.id or 0)
        assert len([p for p in db_path.with_name("cases-documents").rglob("*") if p.is_file()]) == 1
    finally:
        services.close()
    assert not tries_path(db_path).exists()  # the right passphrase forgets the wrong try


def test_decrypting_gives_back_the_plain_case_file_and_its_documents(
    db_path: Path, filled: tuple[int, bytes]
) -> None:
    case_id, pdf = filled
    encrypt_case_file(db_path, PASSPHRASE)
    with pytest.raises(PassphraseError):
        decrypt_case_file(db_path, "wrong passphrase")
    assert is_encrypted(db_path)

    result = decrypt_case_file(db_path, PASSPHRASE)

    assert result.documents == 1 and not is_encrypted(db_path)
    services = open_services(db_path, clock=fixed_clock)
    try:
        assert not services.encrypted
        (document,) = services.documents.documents(case_id)
        path = services.documents.file_path(document)
        assert path.name == stored_name(document.sha256).split("/")[1] and path.read_bytes() == pdf
        assert services.check.check().ok
    finally:
        services.close()
    files = [p for p in db_path.with_name("cases-documents").rglob("*") if p.is_file()]
    assert [p.suffix for p in files] == [".pdf"]


def test_a_new_passphrase_opens_it_and_the_old_one_no_longer_does(
    db_path: Path, filled: tuple[int, bytes]
) -> None:
    case_id, pdf = filled
    encrypt_case_file(db_path, PASSPHRASE)
    with pytest.raises(CaseFileError, match="at least 8"):
        change_passphrase(db_path, PASSPHRASE, "short")
    with pytest.raises(PassphraseError):
        change_passphrase(db_path, "not the passphrase", "a brand new passphrase")

    change_passphrase(db_path, PASSPHRASE, "a brand new passphrase")

    with pytest.raises(PassphraseError):
        open_services(db_path, clock=fixed_clock, passphrase=PASSPHRASE)
    services = open_services(db_path, clock=fixed_clock, passphrase="a brand new passphrase")
    try:
        (document,) = services.documents.documents(case_id)
        assert services.documents.read_bytes(document) == pdf  # the documents keep their data key
    finally:
        services.close()
    assert not db_path.with_name(f".{db_path.name}.rewrite").exists()


def test_repeated_wrong_passphrases_wait_longer_each_time_even_after_a_restart(
    db_path: Path, filled: tuple[int, bytes]
) -> None:
    encrypt_case_file(db_path, PASSPHRASE)
    for attempt in range(FREE_TRIES):
        with pytest.raises(PassphraseError) as error:
            open_services(db_path, passphrase=f"guess {attempt}")
    assert error.value.retry_after == pytest.approx(1.0, abs=0.2)
    # a new process reads the count beside the file: the right passphrase must wait too
    with pytest.raises(PassphraseError) as waiting:
        open_services(db_path, passphrase=PASSPHRASE)
    assert "Too many wrong passphrases" in waiting.value.message and waiting.value.retry_after > 0
    assert tries_path(db_path).is_file()
    moment = tries_path(db_path).stat().st_mtime
    assert wait_left(db_path, now=moment + 5) == 0
    stamp = tries_path(db_path).read_text()
    tries_path(db_path).write_text(stamp.replace('"failures": 3', '"failures": 5'))
    assert wait_left(db_path, now=moment) == pytest.approx(4.0, abs=1.5)  # 1 s, 2 s, then 4 s


def test_a_failure_while_sealing_leaves_the_case_file_exactly_as_it_was(
    db_path: Path, filled: tuple[int, bytes], monkeypatch: pytest.MonkeyPatch
) -> None:
    before = snapshot(db_path)

    def full_disk(*_args: object, **_kwargs: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(encryption, "_restore", full_disk)
    with pytest.raises(OSError, match="No space"):
        encrypt_case_file(db_path, PASSPHRASE)
    assert snapshot(db_path) == before and not is_encrypted(db_path)


def test_cancel_before_the_swap_leaves_the_case_file_as_it_was(
    db_path: Path, filled: tuple[int, bytes]
) -> None:
    before = snapshot(db_path)
    token = CancelToken()
    token.cancel()
    with pytest.raises(Cancelled):
        encrypt_case_file(db_path, PASSPHRASE, cancel=token)
    assert snapshot(db_path) == before


def test_encrypting_replaces_plain_backups_by_an_encrypted_one_unless_asked_to_keep_them(
    db_path: Path, filled: tuple[int, bytes]
) -> None:
    plain = backup_case_file(db_path, reason="manual")
    result = encrypt_case_file(db_path, PASSPHRASE)
    assert result.removed_backups == (plain,) and not plain.exists()
    assert result.new_backup is not None and is_encrypted(result.new_backup)
    decrypt_case_file(db_path, PASSPHRASE)

    plain = backup_case_file(db_path, reason="manual")
    kept = encrypt_case_file(db_path, PASSPHRASE, remove_plain_backups=False)
    assert plain in kept.kept_backups and plain.exists() and kept.removed_backups == ()


def test_what_cannot_be_encrypted_is_refused_untouched(db_path: Path, filled: tuple[int, bytes]) -> None:
    with pytest.raises(CaseFileError, match="at least 8"):
        encrypt_case_file(db_path, "short")
    with pytest.raises(CaseFileError, match="not encrypted"):
        decrypt_case_file(db_path, PASSPHRASE)
    encrypt_case_file(db_path, PASSPHRASE)
    with pytest.raises(CaseFileError, match="already encrypted"):
        encrypt_case_file(db_path, PASSPHRASE)
    with pytest.raises(CaseFileError, match="no case file"):
        encrypt_case_file(db_path.with_name("other.sqlite"), PASSPHRASE)


def test_a_changed_sealed_document_is_reported_not_read(db_path: Path, filled: tuple[int, bytes]) -> None:
    case_id, _pdf = filled
    encrypt_case_file(db_path, PASSPHRASE)
    (sealed,) = [p for p in db_path.with_name("cases-documents").rglob("*") if p.is_file()]
    data = bytearray(sealed.read_bytes())
    data[-5] ^= 0xFF
    sealed.chmod(0o600)
    sealed.write_bytes(bytes(data))
    services = open_services(db_path, clock=fixed_clock, passphrase=PASSPHRASE)
    try:
        (document,) = services.documents.documents(case_id)
        with pytest.raises(CaseFileError, match="changed or damaged"):
            services.documents.read_bytes(document)
        report = services.check.check()
        assert not report.ok and any("changed or damaged" in f.message for f in report.findings)
        sealed.unlink()
        with pytest.raises(NotFoundError, match="missing"):
            services.documents.read_bytes(document)
    finally:
        services.close()


def test_a_plain_file_left_in_an_encrypted_store_is_a_problem_that_repair_removes(
    db_path: Path, filled: tuple[int, bytes]
) -> None:
    _case_id, pdf = filled
    encrypt_case_file(db_path, PASSPHRASE)
    leftover = db_path.with_name("cases-documents") / stored_name(hashlib.sha256(pdf).hexdigest())
    leftover.parent.mkdir(exist_ok=True)
    leftover.write_bytes(pdf)  # as an encryption interrupted after its swap would leave it
    services = open_services(db_path, clock=fixed_clock, passphrase=PASSPHRASE)
    try:
        report = services.check.check()
        assert not report.ok and any("not encrypted" in f.message for f in report.findings)
        repaired = services.check.check(repair=True)
        assert repaired.ok and not leftover.exists()
    finally:
        services.close()


def test_an_encrypted_case_file_gets_no_preview(db_path: Path, filled: tuple[int, bytes]) -> None:
    assert open_preview(db_path) is not None
    encrypt_case_file(db_path, PASSPHRASE)
    assert open_preview(db_path) is None


def test_a_plain_case_file_opens_whatever_passphrase_is_given(
    db_path: Path, filled: tuple[int, bytes]
) -> None:
    services = open_services(db_path, clock=fixed_clock, passphrase="anything at all")
    try:
        assert not services.encrypted and not services.check_passphrase("anything at all")
    finally:
        services.close()


def test_a_copy_saved_from_an_encrypted_case_file_is_the_plain_document_and_is_audited(
    db_path: Path, filled: tuple[int, bytes], tmp_path: Path
) -> None:
    case_id, pdf = filled
    encrypt_case_file(db_path, PASSPHRASE)
    services = open_services(db_path, clock=fixed_clock, passphrase=PASSPHRASE)
    try:
        (document,) = services.documents.documents(case_id)
        target = tmp_path / "out" / "ER visit copy.pdf"
        with pytest.raises(ExportError):
            services.documents.save_copy(document, target)  # no such folder
        target.parent.mkdir()
        services.documents.save_copy(document, target)
        assert target.read_bytes() == pdf
        entries = services.audit.entries(case_id)
        assert any(entry.entity == "export" and str(target) in entry.detail for entry in entries)
    finally:
        services.close()


def test_a_file_opens_even_when_the_key_derived_once_does_not_fit(
    db_path: Path, filled: tuple[int, bytes], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The key derived once per file is a shortcut: when it does not fit, SQLCipher derives its own."""
    from casedesk.store import engine

    encrypt_case_file(db_path, PASSPHRASE)
    monkeypatch.setattr(engine, "_derived_key", lambda _key, _salt: "00" * 32)
    with closing(engine.sqlite_connect(db_path, key=PASSPHRASE)) as reopened:
        assert reopened.execute("SELECT count(*) FROM documents").fetchone() == (1,)


def test_a_production_is_stamped_from_the_sealed_documents(
    db_path: Path, filled: tuple[int, bytes], tmp_path: Path
) -> None:
    from pypdf import PdfReader

    case_id, _pdf = filled
    encrypt_case_file(db_path, PASSPHRASE)
    services = open_services(db_path, clock=fixed_clock, passphrase=PASSPHRASE)
    try:
        (document,) = services.documents.documents(case_id)
        folder = tmp_path / "Production"
        folder.mkdir()
        services.bates.produce(case_id, [document.id or 0], folder, recipient="Defense counsel")
        (copy,) = folder.glob("*.pdf")
        pages = PdfReader(copy).pages
        assert len(pages) == 2 and "Whiplash" in (pages[0].extract_text() or "")
    finally:
        services.close()


def test_an_encrypted_case_file_in_use_opens_read_only_with_its_passphrase(
    db_path: Path, filled: tuple[int, bytes]
) -> None:
    case_id, pdf = filled
    encrypt_case_file(db_path, PASSPHRASE)
    writer = open_services(db_path, clock=fixed_clock, passphrase=PASSPHRASE)
    try:
        reader = open_services(db_path, clock=fixed_clock, passphrase=PASSPHRASE, read_only=True)
        try:
            assert reader.read_only and reader.encrypted
            (document,) = reader.documents.documents(case_id)
            assert reader.documents.read_bytes(document) == pdf
        finally:
            reader.close()
    finally:
        writer.close()


def test_a_case_file_open_in_this_casedesk_is_not_rewritten(db_path: Path, filled: tuple[int, bytes]) -> None:
    services = open_services(db_path, clock=fixed_clock)
    try:
        before = db_path.read_bytes()
        with pytest.raises(CaseFileInUseError, match="Close it"):
            encrypt_case_file(db_path, PASSPHRASE)
        assert db_path.read_bytes() == before and services.cases.find_clients()
    finally:
        services.close()
    encrypt_case_file(db_path, PASSPHRASE)  # once closed, it can be


def test_plain_backups_stay_and_are_reported_when_the_encrypted_backup_cannot_be_made(
    db_path: Path, filled: tuple[int, bytes], monkeypatch: pytest.MonkeyPatch
) -> None:
    plain = backup_case_file(db_path, reason="manual")

    def no_space(*_args: object, **_kwargs: object) -> Path:
        raise CaseFileError("casedesk could not make a backup copy (no space).")

    monkeypatch.setattr(encryption, "backup_case_file", no_space)
    result = encrypt_case_file(db_path, PASSPHRASE)
    assert is_encrypted(db_path) and plain.exists()
    assert result.kept_backups == (plain,) and result.removed_backups == () and result.new_backup is None


def test_a_case_file_created_with_a_passphrase_is_encrypted_from_the_start(
    db_path: Path, tmp_path: Path
) -> None:
    services = open_services(db_path, create=True, clock=fixed_clock, passphrase=PASSPHRASE)
    try:
        assert services.encrypted and is_encrypted(db_path)
        pdf = make_pdf(tmp_path / "first.pdf", ["Intake form"])
        client = services.cases.create_client(Client(name="Maria Alvarez"))
        case = services.cases.create_case(
            Case(
                number="PI-2026-0001",
                caption="Alvarez v. Driver",
                client_id=client.id or 0,
                incident_date=date(2026, 6, 14),
                case_type=CaseType.MOTOR_VEHICLE,
                jurisdiction="TX",
                status=CaseStatus.INTAKE,
                opened_on=date(2026, 6, 20),
            )
        )
        (outcome,) = services.documents.import_files(case.id or 0, [pdf])
        assert outcome.document is not None
        assert services.documents.read_bytes(outcome.document) == pdf.read_bytes()
    finally:
        services.close()
    with pytest.raises(PassphraseError):
        open_services(db_path, clock=fixed_clock)


def test_a_file_that_changed_since_it_was_read_is_not_sealed_into_the_store(
    db_path: Path, filled: tuple[int, bytes], tmp_path: Path
) -> None:
    from casedesk.services.docstore import ChangedError, document_store_of

    encrypt_case_file(db_path, PASSPHRASE)
    services = open_services(db_path, clock=fixed_clock, passphrase=PASSPHRASE)
    try:
        store = document_store_of(services._case_file)
        source = make_pdf(tmp_path / "changing.pdf", ["Version one"])
        read_as = hashlib.sha256(source.read_bytes()).hexdigest()
        make_pdf(source, ["Version two, saved while it was being imported"])
        before = store.names_on_disk()
        with pytest.raises(ChangedError):
            store.copy_in(stored_name(read_as), source, read_as)
        assert store.names_on_disk() == before and not store.exists(stored_name(read_as))
    finally:
        services.close()
