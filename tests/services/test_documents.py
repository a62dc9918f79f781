"""Importing PDFs into a case and managing its documents, as a case manager would through the service."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import text

from casedesk.domain.cases import Case
from casedesk.domain.contacts import Contact
from casedesk.domain.documents import ImportOutcome, ImportStatus, stored_name
from casedesk.domain.errors import NotFoundError, ValidationError
from casedesk.domain.progress import CancelToken
from casedesk.domain.providers import CaseProvider
from casedesk.domain.records import RecordEntry
from casedesk.services.casefiles import Services
from casedesk.store.records import RecordEntryRow
from tests.conftest import NOW
from tests.pdfs import (
    make_damaged,
    make_empty,
    make_not_pdf,
    make_pdf,
    make_protected,
    make_repairable,
    make_truncated,
    numbered_pages,
)

MakeCase = Callable[..., Case]


@pytest.fixture
def downloads(tmp_path: Path) -> Path:
    folder = tmp_path / "Downloads"
    folder.mkdir()
    return folder


def fts_pages(services: Services, words: str) -> list[tuple[int, int]]:
    """(document, page) of every page whose text matches ``words`` in the full-text index itself.

    ``words`` is one word or a quoted phrase: FTS5's syntax on SQLite, a phrase query on PostgreSQL.
    """
    with services._case_file.session() as session:
        if services.firm_mode:
            sql = (
                "SELECT t.ref_id, t.page FROM search_fts f JOIN search_texts t ON t.id = f.id "
                "WHERE f.vector @@ phraseto_tsquery('casedesk', :words) AND t.kind = 'page' "
                "ORDER BY t.ref_id, t.page"
            )
        else:
            sql = (
                "SELECT t.ref_id, t.page FROM search_fts JOIN search_texts t ON t.id = search_fts.rowid "
                "WHERE search_fts MATCH :words AND t.kind = 'page' ORDER BY t.ref_id, t.page"
            )
        rows = session.execute(text(sql), {"words": words.strip('"') if services.firm_mode else words})
        return [(ref_id, page) for ref_id, page in rows]


def statuses(outcomes: list[ImportOutcome]) -> list[ImportStatus]:
    return [outcome.status for outcome in outcomes]


def test_a_mixed_batch_imports_the_good_files_and_says_why_not_for_each_bad_one(
    services: Services, make_case: MakeCase, downloads: Path
) -> None:
    """Good, repaired and bad files in one import: each has its outcome, the good ones are stored."""
    case_id = make_case().id or 0
    er = make_pdf(downloads / "ER visit.pdf", ["Emergency department\nWhiplash", "Discharge instructions"])
    paths = [
        er,
        make_empty(downloads / "empty.pdf"),
        make_truncated(downloads / "cut.pdf", numbered_pages(4)),
        make_not_pdf(downloads / "portal.pdf", "html"),
        make_protected(downloads / "mri.pdf", ["MRI"], "s3cret"),
        make_damaged(downloads / "damaged.pdf"),
        make_repairable(downloads / "scan.pdf", numbered_pages(3, "Physical therapy")),
    ]
    originals = {path: path.read_bytes() for path in paths}

    outcomes = services.documents.import_files(case_id, paths)

    assert [outcome.path for outcome in outcomes] == paths
    assert statuses(outcomes) == [
        ImportStatus.IMPORTED,
        ImportStatus.FAILED,
        ImportStatus.FAILED,
        ImportStatus.FAILED,
        ImportStatus.NEEDS_PASSWORD,
        ImportStatus.FAILED,
        ImportStatus.IMPORTED,
    ]
    messages = [outcome.message for outcome in outcomes]
    assert messages[0] == "2 pages."
    assert "empty" in messages[1]
    assert "cut short" in messages[2]
    assert "not a PDF" in messages[3] and "web page" in messages[3]
    assert "password-protected" in messages[4]
    assert "damaged beyond repair" in messages[5]
    assert "repaired" in messages[6]
    documents = services.documents.documents(case_id)
    assert [(d.original_name, d.page_count, d.repaired) for d in documents] == [
        ("ER visit.pdf", 2, False),
        ("scan.pdf", 3, True),
    ]
    assert documents[0].imported_at == NOW
    assert documents[0].size == len(originals[er])
    for document in documents:
        stored = services.documents.file_path(document)
        assert stored == services._case_file.documents_dir / stored_name(document.sha256)
        assert stored.read_bytes() == originals[downloads / document.original_name]
    assert {path: path.read_bytes() for path in paths} == originals  # nothing given was changed
    assert "Whiplash" in services.documents.page_text(documents[0].id or 0, 1)
    assert services.documents.page_text(documents[0].id or 0, 3) == ""
    assert fts_pages(services, "whiplash") == [(documents[0].id, 1)]
    assert fts_pages(services, '"physical therapy page 3"') == [(documents[1].id, 3)]


def test_imports_survive_reopening_the_case_file(
    services: Services, make_case: MakeCase, downloads: Path, open_case: Callable[..., Services]
) -> None:
    """The documents, their page texts and their files are there after closing and reopening."""
    case_id = make_case().id or 0
    services.documents.import_files(case_id, [make_pdf(downloads / "a.pdf", ["Lumbar strain, S33.5XXA"])])
    services.close()
    reopened = open_case()
    try:
        (document,) = reopened.documents.documents(case_id)
        assert document.original_name == "a.pdf" and document.page_count == 1
        assert "S33.5XXA" in reopened.documents.page_text(document.id or 0, 1)
        assert reopened.documents.file_path(document).is_file()
        assert fts_pages(reopened, "lumbar") == [(document.id, 1)]
    finally:
        reopened.close()


def test_the_same_file_twice_in_a_case_is_a_duplicate_naming_the_first(
    services: Services, make_case: MakeCase, downloads: Path
) -> None:
    """Content already in the case is not imported again, whatever the file's name, even in one batch."""
    case_id = make_case().id or 0
    first = make_pdf(downloads / "records.pdf", ["Visit note"])
    (imported,) = services.documents.import_files(case_id, [first])
    services.documents.rename(imported.document.id or 0, "St. David's records")  # type: ignore[union-attr]
    copy = downloads / "records (1).pdf"
    copy.write_bytes(first.read_bytes())

    outcomes = services.documents.import_files(case_id, [copy, first])

    assert statuses(outcomes) == [ImportStatus.DUPLICATE, ImportStatus.DUPLICATE]
    assert outcomes[0].message == "Already in this case as “St. David's records”; not imported again."
    assert outcomes[0].document is not None and outcomes[0].document.id == imported.document.id  # type: ignore[union-attr]
    assert len(services.documents.documents(case_id)) == 1
    again = make_pdf(downloads / "new.pdf", ["Another visit"])
    twice = services.documents.import_files(case_id, [again, again])
    assert statuses(twice) == [ImportStatus.IMPORTED, ImportStatus.DUPLICATE]


def test_the_same_file_in_two_cases_is_stored_once_and_listed_in_both(
    services: Services, make_case: MakeCase, downloads: Path
) -> None:
    """Another case gets its own document row, pointing at the one stored file."""
    first_case, second_case = make_case().id or 0, make_case().id or 0
    path = make_pdf(downloads / "shared.pdf", ["Police report"])
    (one,) = services.documents.import_files(first_case, [path])
    (two,) = services.documents.import_files(second_case, [path])
    assert statuses([one, two]) == [ImportStatus.IMPORTED, ImportStatus.IMPORTED]
    assert one.document and two.document and one.document.id != two.document.id
    assert one.document.sha256 == two.document.sha256
    store = services._case_file.documents_dir
    assert [p for p in store.rglob("*") if p.is_file()] == [store / stored_name(one.document.sha256)]

    services.documents.delete(one.document.id or 0)
    assert services.documents.file_path(two.document).is_file()  # the other case still uses it
    services.documents.delete(two.document.id or 0)
    assert [p for p in store.rglob("*") if p.is_file()] == []


def test_a_protected_file_asks_for_its_password_until_the_right_one(
    services: Services, make_case: MakeCase, downloads: Path
) -> None:
    """No password, then a wrong one (told apart), then the right one: imported, the password kept."""
    case_id = make_case().id or 0
    path = make_protected(downloads / "hospital.pdf", ["Admission note", "Discharge summary"], "Sm1th!")

    (first,) = services.documents.import_files(case_id, [path])
    assert first.status is ImportStatus.NEEDS_PASSWORD and not first.wrong_password
    (second,) = services.documents.import_files(case_id, [path], passwords={path: "smith"})
    assert second.status is ImportStatus.NEEDS_PASSWORD and second.wrong_password
    assert "wrong" in second.message
    (third,) = services.documents.import_files(case_id, [path], passwords={path: "Sm1th!"})
    assert third.status is ImportStatus.IMPORTED
    assert "password" in third.message
    (document,) = services.documents.documents(case_id)
    assert document.password == "Sm1th!"
    assert "Discharge summary" in services.documents.page_text(document.id or 0, 2)


def test_a_password_given_for_another_spelling_of_the_path_is_used(
    services: Services, make_case: MakeCase, downloads: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A password keyed by the absolute path applies to the same file given relative to the folder."""
    case_id = make_case().id or 0
    path = make_protected(downloads / "p.pdf", ["Protected"], "pw")
    monkeypatch.chdir(downloads)
    (outcome,) = services.documents.import_files(case_id, [Path("p.pdf")], passwords={path: "pw"})
    assert outcome.status is ImportStatus.IMPORTED


def test_progress_is_reported_file_by_file(services: Services, make_case: MakeCase, downloads: Path) -> None:
    """The caller hears (done, total, next file's name) before and after each file."""
    case_id = make_case().id or 0
    paths = [make_pdf(downloads / f"{name}.pdf", [name]) for name in ("a", "b", "c")]
    reports: list[tuple[int, int, str]] = []
    services.documents.import_files(case_id, paths, progress=lambda *report: reports.append(report))
    assert reports == [(0, 3, "a.pdf"), (1, 3, "b.pdf"), (2, 3, "c.pdf"), (3, 3, "")]


def test_cancel_keeps_what_was_imported_and_reports_the_rest(
    services: Services, make_case: MakeCase, downloads: Path
) -> None:
    """Cancel while the third file is in progress: it and the two before are kept, the rest cancelled."""
    case_id = make_case().id or 0
    paths = [make_pdf(downloads / f"{n}.pdf", numbered_pages(2, f"File {n}")) for n in range(5)]
    token = CancelToken()

    def progress(done: int, _total: int, _name: str) -> None:
        if done == 2:
            token.cancel()

    outcomes = services.documents.import_files(case_id, paths, progress=progress, cancel=token)

    assert statuses(outcomes) == [ImportStatus.IMPORTED] * 3 + [ImportStatus.CANCELLED] * 2
    assert "cancelled" in outcomes[-1].message
    assert [d.original_name for d in services.documents.documents(case_id)] == ["0.pdf", "1.pdf", "2.pdf"]
    store = services._case_file.documents_dir
    assert len([p for p in store.rglob("*") if p.is_file()]) == 3  # nothing left of the cancelled ones


def test_importing_into_a_missing_case_imports_nothing(services: Services, downloads: Path) -> None:
    """A case deleted meanwhile is refused before any file is copied."""
    with pytest.raises(NotFoundError):
        services.documents.import_files(999, [make_pdf(downloads / "a.pdf", ["x"])])
    assert not any(services._case_file.documents_dir.rglob("*.pdf"))


def test_nothing_to_import_is_nothing_done(services: Services, make_case: MakeCase) -> None:
    """An empty list gives no outcomes and no progress."""
    reports: list[object] = []
    assert (
        services.documents.import_files(make_case().id or 0, [], progress=lambda *r: reports.append(r)) == []
    )
    assert reports == []


def test_rename_gives_a_title_and_an_empty_one_shows_the_file_name_again(
    services: Services, make_case: MakeCase, downloads: Path
) -> None:
    """A title replaces the file name in lists and search; clearing it brings the name back."""
    case_id = make_case().id or 0
    (outcome,) = services.documents.import_files(case_id, [make_pdf(downloads / "scan0042.pdf", ["x"])])
    document_id = outcome.document.id or 0  # type: ignore[union-attr]
    renamed = services.documents.rename(document_id, "  Austin Regional   Clinic records ")
    assert renamed.display_name == "Austin Regional Clinic records"
    assert services.documents.get(document_id).title == "Austin Regional Clinic records"
    assert services.documents.rename(document_id, "").display_name == "scan0042.pdf"
    with pytest.raises(ValidationError):
        services.documents.rename(document_id, "x" * 301)
    with pytest.raises(NotFoundError):
        services.documents.rename(12345, "Gone")


def test_a_document_can_be_tied_to_one_of_its_cases_providers(
    services: Services, make_case: MakeCase, downloads: Path
) -> None:
    """The provider must be on the document's case; None clears it."""
    case_id, other_case = make_case().id or 0, make_case().id or 0
    clinic = services.providers.add_provider(
        CaseProvider(case_id=case_id, contact_id=0), new_contact=Contact(name="Austin Regional Clinic")
    )
    elsewhere = services.providers.add_provider(
        CaseProvider(case_id=other_case, contact_id=0), new_contact=Contact(name="Hill Country Imaging")
    )
    (outcome,) = services.documents.import_files(case_id, [make_pdf(downloads / "a.pdf", ["x"])])
    document_id = outcome.document.id or 0  # type: ignore[union-attr]

    assert services.documents.set_provider(document_id, clinic.id).provider_id == clinic.id
    assert services.documents.provider_names(case_id) == {clinic.id: "Austin Regional Clinic"}
    with pytest.raises(ValidationError):
        services.documents.set_provider(document_id, elsewhere.id)
    assert services.documents.set_provider(document_id, None).provider_id is None


def test_delete_takes_the_pages_out_of_search_and_counts_citations_first(
    services: Services, make_case: MakeCase, downloads: Path
) -> None:
    """Index entries citing a document are counted; after the delete they stay, without the link."""
    case_id = make_case().id or 0
    (outcome,) = services.documents.import_files(case_id, [make_pdf(downloads / "a.pdf", ["Cervicalgia"])])
    document = outcome.document
    assert document is not None and document.id is not None
    with services._case_file.session() as session:
        entry = RecordEntry(
            case_id=case_id, service_from=date(2026, 7, 1), document_id=document.id, page_from=1
        )
        row = RecordEntryRow(**RecordEntryRow.values(entry))
        session.add(row)
        session.flush()
        entry_id = row.id
    assert services.documents.citations(document.id) == (1, 0)

    services.documents.delete(document.id)

    assert services.documents.documents(case_id) == []
    assert fts_pages(services, "cervicalgia") == []
    assert services.documents.page_text(document.id, 1) == ""
    with services._case_file.session() as session:
        assert session.get(RecordEntryRow, entry_id).document_id is None  # type: ignore[union-attr]
    with pytest.raises(NotFoundError):
        services.documents.get(document.id)
    with pytest.raises(NotFoundError):
        services.documents.file_path(document)
    with pytest.raises(NotFoundError):
        services.documents.delete(document.id)


def test_a_stored_file_gone_from_the_folder_is_reported(
    services: Services, make_case: MakeCase, downloads: Path
) -> None:
    """Opening a document whose file was removed by hand says where it should be and what to do."""
    case_id = make_case().id or 0
    (outcome,) = services.documents.import_files(case_id, [make_pdf(downloads / "a.pdf", ["x"])])
    document = outcome.document
    assert document is not None
    path = services.documents.file_path(document)
    path.chmod(0o600)
    path.unlink()
    with pytest.raises(NotFoundError, match="missing from the document folder"):
        services.documents.file_path(document)
