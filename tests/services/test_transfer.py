"""Moving a case file into a firm database and back: every record and document, verified; or nothing."""

from __future__ import annotations

import hashlib
import shutil
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from casedesk.domain.cases import CaseQuery, Client
from casedesk.domain.errors import CaseFileError, NotFoundError
from casedesk.domain.progress import Cancelled, CancelToken
from casedesk.services.casefiles import open_services
from casedesk.services.demo import create_demo
from casedesk.services.transfer import transfer_case_file
from casedesk.store import transfer as store_transfer
from casedesk.store.casefile import open_case_file
from tests.conftest import fixed_clock, sign_in_for_test
from tests.firm_server import FirmServer

TODAY = date(2026, 11, 21)
#: A word the demo's imported medical records hold (their page texts are searchable).
SEARCHED = "Itemized Statement"


@pytest.fixture(scope="module")
def demo_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A demo case file of 8 cases, two of them with imported records (documents with page texts)."""
    path = tmp_path_factory.mktemp("demo") / "demo.sqlite"
    create_demo(path, today=TODAY, cases=8, seed=7, files_for=2)
    return path


@pytest.fixture
def laptop_file(demo_file: Path, tmp_path: Path) -> Path:
    """A copy of the demo case file, with its documents folder, for one test to move."""
    path = tmp_path / "laptop" / "cases.sqlite"
    path.parent.mkdir()
    shutil.copy2(demo_file, path)
    shutil.copytree(demo_file.with_name("demo-documents"), path.with_name("cases-documents"))
    return path


@pytest.fixture
def firm_url(firm_server: FirmServer) -> Iterator[str]:
    """A new, empty firm database (it holds the tests' account, as a firm's would hold its people)."""
    url = firm_server.new_database()
    yield url
    firm_server.drop_database(url)


@pytest.fixture
def firm_documents(tmp_path: Path) -> Path:
    """The firm's shared documents folder (empty)."""
    folder = tmp_path / "firm-documents"
    folder.mkdir()
    return folder


def test_a_case_file_moves_into_a_firm_database_and_back_with_every_record(
    laptop_file: Path, firm_url: str, firm_documents: Path, tmp_path: Path
) -> None:
    """Laptop file → firm database → new laptop file: the same rows, documents and search hits on all three.

    The firm database takes new records afterwards (its id sequences were moved past the copied ids).
    """
    moved_in = transfer_case_file(laptop_file, firm_url, target_documents=firm_documents)
    back_file = tmp_path / "back" / "cases.sqlite"
    moved_out = transfer_case_file(firm_url, back_file, source_documents=firm_documents)

    for report in (moved_in, moved_out):
        assert report.verified, report.mismatched
        assert report.documents > 0 and report.document_bytes > 0
        assert report.rows > 1_000
        assert "casedesk:casedesk@" not in report.source + report.target  # the password is never shown
    laptop = _every_row(laptop_file)
    assert _every_row(firm_url, firm_documents) == laptop
    assert _every_row(back_file) == laptop
    assert _files(firm_documents) == _files(laptop_file.with_name("cases-documents"))
    assert _files(back_file.with_name("cases-documents")) == _files(laptop_file.with_name("cases-documents"))

    firm = open_services(firm_url, documents=firm_documents, clock=fixed_clock)
    sign_in_for_test(firm)
    back = open_services(back_file, clock=fixed_clock)
    original = open_services(laptop_file, clock=fixed_clock)
    try:
        expected = sorted((hit.case_id, hit.text_id) for hit in original.search.search(SEARCHED))
        assert expected
        for services in (firm, back):  # each database ranks in its own way: the same hits, maybe reordered
            assert sorted((hit.case_id, hit.text_id) for hit in services.search.search(SEARCHED)) == expected
            assert services.cases.list_cases(CaseQuery()) == original.cases.list_cases(CaseQuery())
        added = firm.cases.create_client(Client(name="Dana Whitfield"))
        assert added.id is not None and added.id > max(row[0] for row in laptop["clients"])
        moves = [e for e in firm.audit.entries() if e.entity == "case file"]
        assert len(moves) == 1 and str(laptop_file) in moves[0].summary
    finally:
        for services in (firm, back, original):
            services.close()


def test_the_report_counts_every_table_on_both_sides(
    laptop_file: Path, firm_url: str, firm_documents: Path
) -> None:
    """Each table is named with its rows on both sides; the accounts and secrets stay where they are."""
    report = transfer_case_file(laptop_file, firm_url, target_documents=firm_documents)
    by_table = {count.table: count for count in report.tables}
    assert by_table["cases"].source == by_table["cases"].target == 8
    audit = by_table["audit_entries"]
    assert audit.target == audit.source + 1 and audit.matches
    assert "users" not in by_table and "casefile_secrets" not in by_table
    assert set(report.skipped) == {"users", "casefile_secrets"}


@pytest.mark.parametrize("what", ["a client", "a contact"])
def test_refuses_a_target_that_holds_case_data_and_changes_nothing(
    laptop_file: Path, firm_url: str, firm_documents: Path, what: str
) -> None:
    """A case file is only moved into an empty firm database; the message names what it holds."""
    firm = open_services(firm_url, documents=firm_documents, clock=fixed_clock)
    sign_in_for_test(firm)
    try:
        if what == "a client":
            firm.cases.create_client(Client(name="Dana Whitfield"))
        else:
            from casedesk.domain.contacts import Contact

            firm.contacts.create(Contact(name="Lakeside Imaging", is_organization=True))
        before = _every_row(firm_url, firm_documents)
        with pytest.raises(CaseFileError, match="already holds case data") as refused:
            transfer_case_file(laptop_file, firm_url, target_documents=firm_documents)
        assert ("1 clients" if what == "a client" else "1 contacts") in refused.value.message
        assert "Nothing was changed" in refused.value.hint
        assert _every_row(firm_url, firm_documents) == before
        assert _files(firm_documents) == {}
    finally:
        firm.close()


def test_cancel_midway_leaves_the_firm_database_and_its_folder_as_they_were(
    laptop_file: Path, firm_url: str, firm_documents: Path
) -> None:
    """Cancelled after the documents and some tables were copied: no row and no file stays behind."""
    token = CancelToken()
    seen: list[str] = []

    def progress(done: int, total: int, message: str) -> None:
        seen.append(message)
        if message == "activities":
            token.cancel()

    before = _every_row(firm_url, firm_documents)
    with pytest.raises(Cancelled):
        transfer_case_file(
            laptop_file, firm_url, target_documents=firm_documents, progress=progress, token=token
        )
    assert "cases" in seen  # rows had been written in the transaction when it was cancelled
    assert _every_row(firm_url, firm_documents) == before
    assert _files(firm_documents) == {}


def test_a_row_the_target_refuses_rolls_everything_back_and_names_the_table(
    laptop_file: Path, firm_url: str, firm_documents: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A failure midway (here: a row the server refuses) leaves the target empty and says where it was."""
    real_copy = store_transfer.copy_table

    def failing_copy(source: Any, target: Any, table: Any, **options: Any) -> int:
        if table.name == "expenses":
            from sqlalchemy import text

            target.execute(text("SELECT 1/0"))
        return real_copy(source, target, table, **options)

    monkeypatch.setattr(store_transfer, "copy_table", failing_copy)
    before = _every_row(firm_url, firm_documents)
    with pytest.raises(CaseFileError, match="refused the rows of expenses") as failed:
        transfer_case_file(laptop_file, firm_url, target_documents=firm_documents)
    assert "Nothing was moved" in failed.value.hint
    assert _every_row(firm_url, firm_documents) == before
    assert _files(firm_documents) == {}


def test_a_failed_move_to_a_new_file_leaves_no_file(
    firm_url: str, firm_documents: Path, laptop_file: Path, tmp_path: Path
) -> None:
    """A move out of a firm database into a new file that fails leaves no half-made case file behind."""
    transfer_case_file(laptop_file, firm_url, target_documents=firm_documents)
    missing = next(firm_documents.rglob("*.pdf"))
    missing.chmod(0o600)
    missing.unlink()
    target = tmp_path / "out" / "copy.sqlite"
    with pytest.raises(NotFoundError, match="missing from"):
        transfer_case_file(firm_url, target, source_documents=firm_documents)
    assert not target.exists()
    assert not target.with_name("copy-documents").exists()


def test_refuses_to_move_a_case_file_onto_itself(laptop_file: Path) -> None:
    """The same file as source and target is refused before anything is opened."""
    with pytest.raises(CaseFileError, match="onto itself"):
        transfer_case_file(laptop_file, laptop_file.parent / "." / laptop_file.name)


def test_moving_into_a_laptop_file_refuses_one_that_holds_data(laptop_file: Path, tmp_path: Path) -> None:
    """A SQLite target that already holds cases is refused the same way, unchanged."""
    other = tmp_path / "other.sqlite"
    shutil.copy2(laptop_file, other)
    with pytest.raises(CaseFileError, match="already holds case data"):
        transfer_case_file(laptop_file, other)
    assert _every_row(other) == _every_row(laptop_file)


# --- helpers ------------------------------------------------------------------------------------------


def _every_row(where: Path | str, documents: Path | None = None) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every copied table, in primary-key order (the audit entries of moves left out)."""
    case_file = open_case_file(where, documents=documents)
    try:
        rows: dict[str, list[tuple[Any, ...]]] = {}
        with case_file.engine.connect() as connection:
            for table in store_transfer.copied_tables():
                statement = select(table).order_by(*table.primary_key.columns)
                if table.name == "audit_entries":
                    statement = statement.where(table.c.entity != "case file")
                rows[table.name] = [tuple(row) for row in connection.execute(statement)]
        return rows
    finally:
        case_file.close()


def _files(folder: Path) -> dict[str, str]:
    """Every file in a documents folder by name, with the SHA-256 of its content."""
    return {
        path.relative_to(folder).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }
