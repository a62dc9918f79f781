"""Checking a case file: what ``casedesk check`` and Help › Check Case File… find and repair."""

from __future__ import annotations

import os
import sqlite3
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from casedesk.domain.cases import Case
from casedesk.domain.check import Area, Severity
from casedesk.domain.documents import Document
from casedesk.domain.progress import Cancelled, CancelToken
from casedesk.services.casefiles import Services
from casedesk.services.check import STALE_TEMP_AGE_S
from tests.pdfs import make_pdf


@pytest.fixture
def document(services: Services, make_case: Callable[..., Case], tmp_path: Path) -> Document:
    """A case with one imported record."""
    case_id = make_case().id
    (outcome,) = services.documents.import_files(
        case_id, [make_pdf(tmp_path / "er.pdf", ["Emergency visit, cervical strain S13.4XXA"])]
    )
    assert outcome.document is not None
    return outcome.document


def test_a_sound_case_file_reports_nothing(services: Services, document: Document) -> None:
    report = services.check.check()
    assert report.ok
    assert report.findings == ()
    assert report.documents == 1
    assert report.summary().startswith("Sound")


def test_a_missing_stored_file_is_a_problem_naming_the_document_and_the_case(
    services: Services, document: Document
) -> None:
    stored = services.documents.file_path(document)
    stored.chmod(0o600)
    stored.unlink()
    report = services.check.check(repair=True)
    (finding,) = report.findings
    assert (finding.severity, finding.area) == (Severity.PROBLEM, Area.DOCUMENTS)
    assert "er.pdf" in finding.message and "PI-2026-0001" in finding.message and "missing" in finding.message
    assert "backup" in finding.remedy
    assert not report.ok and not finding.repairable


def test_a_changed_stored_file_is_caught_by_its_hash(services: Services, document: Document) -> None:
    stored = services.documents.file_path(document)
    stored.chmod(0o600)
    stored.write_bytes(stored.read_bytes() + b"\n% changed after import\n")
    (finding,) = services.check.check().findings
    assert finding.severity is Severity.PROBLEM and "changed or damaged" in finding.message


def test_stray_files_are_listed_and_left_alone_and_stale_import_leftovers_are_repaired(
    services: Services, document: Document
) -> None:
    store = services._case_file.documents_dir
    stray = store / "ab" / ("ab" + "0" * 62 + ".pdf")
    stray.parent.mkdir(exist_ok=True)
    stray.write_bytes(b"%PDF-1.4 stray")
    leftover = store / ".import-123-abc.part"
    leftover.write_bytes(b"half a file")
    fresh = store / ".import-456-def.part"  # an import running now in another window
    fresh.write_bytes(b"being written")
    old = time.time() - STALE_TEMP_AGE_S - 60
    os.utime(leftover, (old, old))

    report = services.check.check()
    assert report.ok
    messages = {f.message: f for f in report.findings}
    assert any("belongs to no document" in m and stray.name in m for m in messages)
    assert [f.repairable for f in report.findings if ".import-123" in f.message] == [True]
    assert not any(".import-456" in m for m in messages)

    repaired = services.check.check(repair=True)
    assert not leftover.exists() and fresh.exists() and stray.exists()
    assert [f.severity for f in repaired.findings if ".import-123" in f.message] == [Severity.REPAIRED]
    assert services.check.check().repairable == ()


@pytest.mark.sqlite_only("damages SQLite's full-text index (FTS5) behind its back")
def test_a_search_index_out_of_step_is_rebuilt_by_repair_and_search_works_again(
    services: Services, document: Document, db_path: Path
) -> None:
    assert len(services.search.search("cervical")) == 1
    connection = sqlite3.connect(db_path)
    with connection:  # damage the index: drop its entries behind the content table's back
        connection.execute("INSERT INTO search_fts (search_fts) VALUES ('delete-all')")
    connection.close()
    (finding,) = services.check.check().findings
    assert (finding.area, finding.severity, finding.repairable) == (Area.SEARCH, Severity.NOTICE, True)

    (repaired,) = services.check.check(repair=True).findings
    assert repaired.severity is Severity.REPAIRED
    assert services.check.check().findings == ()
    assert len(services.search.search("cervical")) == 1


@pytest.mark.sqlite_only("PostgreSQL always enforces foreign keys: a row cannot point at nothing")
def test_rows_pointing_at_nothing_are_a_problem_not_deleted(
    services: Services, document: Document, db_path: Path
) -> None:
    connection = sqlite3.connect(db_path)
    with connection:
        connection.execute("PRAGMA foreign_keys = OFF")
        connection.execute("UPDATE documents SET case_id = 999 WHERE id = ?", (document.id,))
    connection.close()
    report = services.check.check(repair=True)
    problems = [f for f in report.problems if f.area is Area.DATABASE]
    assert {f.message for f in problems} == {
        "In documents, 1 row points to missing rows of cases.",
        "In search_texts, 1 row points to missing rows of cases.",  # the document's page text
    }
    assert services.documents.get(document.id or 0).case_id == 999  # reported, never deleted


def test_cancel_stops_between_files(services: Services, document: Document) -> None:
    token = CancelToken()
    token.cancel()
    with pytest.raises(Cancelled):
        services.check.check(cancel=token)


def test_progress_counts_the_stored_files(services: Services, document: Document) -> None:
    reports: list[tuple[int, int, str]] = []
    services.check.check(progress=lambda *report: reports.append(report))
    assert reports[0][:2] == (0, 1) and reports[-1][:2] == (1, 1)
