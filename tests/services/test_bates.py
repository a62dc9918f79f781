"""Bates numbering through the service: settings, numbers given once, the production log and productions."""

from __future__ import annotations

import hashlib
import shutil
import subprocess
from collections.abc import Callable
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from casedesk.domain.bates import BatesSettings
from casedesk.domain.cases import Case
from casedesk.domain.documents import stored_name
from casedesk.domain.errors import ExportError, NotFoundError, ValidationError
from casedesk.domain.progress import Cancelled, CancelToken
from casedesk.services.casefiles import Services
from tests.pdfs import make_damaged, make_pdf, make_protected, numbered_pages


def import_pdfs(services: Services, case_id: int, folder: Path, pages: list[int]) -> list[int]:
    """Import one PDF per page count (``Doc 1`` …); their document ids in order."""
    folder.mkdir(exist_ok=True)
    paths = [
        make_pdf(folder / f"Doc {n}.pdf", numbered_pages(count, f"Doc {n}"))
        for n, count in enumerate(pages, start=1)
    ]
    outcomes = services.documents.import_files(case_id, paths)
    ids = [o.document.id for o in outcomes if o.document is not None]
    assert len(ids) == len(pages)
    return [i for i in ids if i is not None]


@pytest.fixture
def case_id(make_case: Callable[..., Case], make_client: Callable[..., object]) -> int:
    """A case whose client is John Smith Jr."""
    client = make_client(name="John Smith Jr.")
    case = make_case(client_id=client.id)  # type: ignore[attr-defined]
    assert case.id is not None
    return case.id


def test_default_settings_from_the_clients_surname(services: Services, case_id: int) -> None:
    """Until saved: the surname in capitals, 6 digits, starting at 1."""
    assert services.bates.settings(case_id) == BatesSettings("SMITH", 6, 1)
    assert services.bates.next_number(case_id) == 1
    assert services.bates.productions(case_id) == []


def test_numbers_are_consecutive_given_once_and_logged(
    services: Services, case_id: int, tmp_path: Path
) -> None:
    """Documents get consecutive ranges in the order given; numbering them again gives nothing new."""
    a, b, c = import_pdfs(services, case_id, tmp_path / "in", [3, 5, 2])
    production = services.bates.number_documents(
        case_id, [b, a], recipient="Defense counsel", produced_on=date(2026, 11, 20)
    )
    assert production is not None
    assert [(d.document_id, d.first_number, d.last_number) for d in production.documents] == [
        (b, 1, 5),
        (a, 6, 8),
    ]
    assert production.range_label == "SMITH000001–SMITH000008"
    assert services.bates.next_number(case_id) == 9
    assert services.bates.number_documents(case_id, [a, b], recipient="Defense counsel") is None
    again = services.bates.number_documents(case_id, [a, c], recipient="Adjuster")
    assert again is not None
    assert [(d.document_id, d.first_number, d.last_number) for d in again.documents] == [(c, 9, 10)]
    numbers = services.bates.document_numbers(case_id)
    assert numbers[a].range_label() == "SMITH000006–SMITH000008"
    assert numbers[b].label(2) == "SMITH000002"
    assert [p.recipient for p in services.bates.productions(case_id)] == ["Adjuster", "Defense counsel"]
    subjects = [e.subject for e in services.timeline.entries(case_id)]
    assert "Produced SMITH000001–SMITH000008 to Defense counsel: 2 documents" in subjects
    assert "Produced SMITH000009–SMITH000010 to Adjuster: 1 document" in subjects


def test_numbers_survive_a_restart_and_a_deleted_document(
    services: Services, case_id: int, tmp_path: Path, open_case: Callable[..., Services]
) -> None:
    """A deleted document's numbers are never given again; the log keeps them after reopening."""
    a, b = import_pdfs(services, case_id, tmp_path / "in", [4, 2])
    services.bates.number_documents(case_id, [a], recipient="Defense counsel")
    services.documents.delete(a)
    services.close()
    reopened = open_case()
    try:
        assert reopened.bates.next_number(case_id) == 5
        production = reopened.bates.number_documents(case_id, [b], recipient="Defense counsel")
        assert production is not None and production.documents[0].first_number == 5
        oldest = reopened.bates.productions(case_id)[-1]
        assert oldest.documents[0].document_id is None
        assert oldest.documents[0].range_label() == "SMITH000001–SMITH000004"
        assert a not in reopened.bates.document_numbers(case_id)
    finally:
        reopened.close()


@pytest.mark.parametrize(
    ("settings", "field"),
    [
        (BatesSettings("", 6, 1), "prefix"),
        (BatesSettings("SMITH JR", 6, 1), "prefix"),
        (BatesSettings("A" * 21, 6, 1), "prefix"),
        (BatesSettings("SMITH", 5, 1), "digits"),
        (BatesSettings("SMITH", 11, 1), "digits"),
        (BatesSettings("SMITH", 6, 0), "start"),
        (BatesSettings("SMITH", 6, 1_000_000), "start"),
    ],
)
def test_settings_are_validated(
    services: Services, case_id: int, settings: BatesSettings, field: str
) -> None:
    """Bad prefixes, digits and starts are refused with a message for the field; nothing is saved."""
    with pytest.raises(ValidationError) as raised:
        services.bates.save_settings(case_id, settings)
    assert list(raised.value.errors) == [field]
    assert services.bates.settings(case_id) == BatesSettings("SMITH", 6, 1)


def test_a_used_prefix_continues_where_it_stopped(services: Services, case_id: int, tmp_path: Path) -> None:
    """Starting a used prefix below or above its next free number is refused; a new prefix starts anywhere."""
    (a, b) = import_pdfs(services, case_id, tmp_path / "in", [3, 2])
    services.bates.number_documents(case_id, [a], recipient="Defense counsel")
    for start, word in ((2, "twice"), (10, "gap")):
        with pytest.raises(ValidationError) as raised:
            services.bates.save_settings(case_id, BatesSettings("smith", 6, start))
        assert word in raised.value.errors["start"] and "Start at 4" in raised.value.errors["start"]
    services.bates.save_settings(case_id, BatesSettings("smith", 8, 4))
    assert services.bates.settings(case_id) == BatesSettings("SMITH", 8, 4)
    services.bates.save_settings(case_id, BatesSettings("alv-p", 6, 500))
    assert services.bates.next_number(case_id) == 500
    production = services.bates.number_documents(case_id, [a, b], recipient="Plaintiff's expert")
    assert production is not None
    assert [d.range_label() for d in production.documents] == [
        "ALV-P000500–ALV-P000502",
        "ALV-P000503–ALV-P000504",
    ]


def test_numbers_that_do_not_fit_are_refused(services: Services, case_id: int, tmp_path: Path) -> None:
    """A range past the largest number of the digits is refused; nothing is numbered or logged."""
    (a,) = import_pdfs(services, case_id, tmp_path / "in", [3])
    services.bates.save_settings(case_id, BatesSettings("SMITH", 6, 999_998))
    with pytest.raises(ValidationError) as raised:
        services.bates.number_documents(case_id, [a], recipient="Defense counsel")
    assert "SMITH999999" in raised.value.errors["digits"]
    assert services.bates.productions(case_id) == []
    assert services.bates.next_number(case_id) == 999_998


def test_bad_requests_number_nothing(
    services: Services, case_id: int, make_case: Callable[..., Case], tmp_path: Path
) -> None:
    """No documents, no recipient, another case's document, a deleted one: clear errors, nothing logged."""
    (a,) = import_pdfs(services, case_id, tmp_path / "in", [1])
    other = make_case().id or 0
    (foreign,) = import_pdfs(services, other, tmp_path / "other", [1])
    with pytest.raises(ValidationError, match="at least one document"):
        services.bates.number_documents(case_id, [], recipient="Defense counsel")
    with pytest.raises(ValidationError, match="Say who receives"):
        services.bates.number_documents(case_id, [a], recipient="  ")
    with pytest.raises(ValidationError, match="future"):
        services.bates.number_documents(
            case_id, [a], recipient="Defense counsel", produced_on=date(2026, 12, 1)
        )
    with pytest.raises(ValidationError, match="another case"):
        services.bates.number_documents(case_id, [a, foreign], recipient="Defense counsel")
    with pytest.raises(NotFoundError):
        services.bates.number_documents(case_id, [a, 9999], recipient="Defense counsel")
    assert services.bates.productions(case_id) == []


def _hashes(services: Services, folder: Path) -> dict[str, str]:
    store = folder
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in store.rglob("*.pdf")}


def test_produce_writes_stamped_copies_and_an_index(services: Services, case_id: int, tmp_path: Path) -> None:
    """Each copy carries its numbers page by page; the originals are untouched; re-producing matches."""
    a, b = import_pdfs(services, case_id, tmp_path / "in", [3, 2])
    store = services._case_file.documents_dir
    before = _hashes(services, store)
    out = tmp_path / "out"
    out.mkdir()
    reports: list[tuple[int, int, str]] = []
    production = services.bates.produce(
        case_id, [a, b], out, recipient="Defense counsel", progress=lambda *r: reports.append(r)
    )
    assert production.range_label == "SMITH000001–SMITH000005"
    files = sorted(p.name for p in out.iterdir())
    assert files == [
        "SMITH000001-SMITH000003 Doc 1.pdf",
        "SMITH000001-SMITH000005 index.xlsx",
        "SMITH000004-SMITH000005 Doc 2.pdf",
    ]
    pages = PdfReader(out / files[2]).pages
    assert ["SMITH000004" in pages[0].extract_text(), "SMITH000005" in pages[1].extract_text()] == [
        True,
        True,
    ]
    assert "Doc 2 page 2 of 2" in pages[1].extract_text()
    if shutil.which("qpdf"):
        assert subprocess.run(["qpdf", "--check", str(out / files[0])], capture_output=True).returncode == 0
    sheet = load_workbook(out / files[1]).active
    assert sheet is not None
    values = [
        row for row in sheet.iter_rows(values_only=True) if row and row[0] in ("Doc 1.pdf", "Doc 2.pdf")
    ]
    assert [v[:4] for v in values] == [
        ("Doc 1.pdf", "SMITH000001", "SMITH000003", 3),
        ("Doc 2.pdf", "SMITH000004", "SMITH000005", 2),
    ]
    assert reports[-1][:2] == (5, 5)
    assert _hashes(services, store) == before
    again = tmp_path / "again"
    again.mkdir()
    second = services.bates.produce(case_id, [b], again, recipient="Mediator")
    assert second.range_label == "SMITH000004–SMITH000005"
    assert (again / "SMITH000004-SMITH000005 Doc 2.pdf").is_file()
    assert services.bates.next_number(case_id) == 6


def test_produce_protected_document_with_its_stored_password(
    services: Services, case_id: int, tmp_path: Path
) -> None:
    """A password-protected document opens with the password it was imported with."""
    path = make_protected(tmp_path / "locked.pdf", numbered_pages(2), "Sm1th!")
    (outcome,) = services.documents.import_files(case_id, [path], passwords={path: "Sm1th!"})
    assert outcome.document is not None and outcome.document.id is not None
    out = tmp_path / "out"
    out.mkdir()
    services.bates.produce(case_id, [outcome.document.id], out, recipient="Defense counsel")
    (copy,) = out.glob("*locked.pdf")
    assert "SMITH000002" in PdfReader(copy).pages[1].extract_text()


def test_a_file_damaged_after_numbering_is_named_and_its_numbers_stay_given(
    services: Services, case_id: int, tmp_path: Path
) -> None:
    """Writing copies again fails naming the document; the numbers stay logged, and once fixed, same ones."""
    a, b = import_pdfs(services, case_id, tmp_path / "in", [2, 2])
    out = tmp_path / "out"
    out.mkdir()
    services.bates.produce(case_id, [a, b], out, recipient="Defense counsel")
    document = services.documents.get(b)
    stored = services._case_file.documents_dir / stored_name(document.sha256)
    original = stored.read_bytes()
    stored.chmod(0o644)
    make_damaged(stored)
    (production,) = services.bates.productions(case_id)
    assert production.id is not None
    again = tmp_path / "again"
    again.mkdir()
    with pytest.raises(ExportError) as raised:
        services.bates.write_copies(production.id, again)
    assert "Doc 2" in raised.value.message
    assert "SMITH000001–SMITH000004 were given and logged" in raised.value.hint
    stored.write_bytes(original)
    services.bates.write_copies(production.id, again)
    assert "SMITH000003" in PdfReader(again / "SMITH000003-SMITH000004 Doc 2.pdf").pages[0].extract_text()
    assert len(services.bates.productions(case_id)) == 1


def test_cancel_keeps_the_numbers(services: Services, case_id: int, tmp_path: Path) -> None:
    """Cancelling while writing copies says the numbers stay given; nothing is half-written."""
    a, b = import_pdfs(services, case_id, tmp_path / "in", [1, 1])
    out = tmp_path / "out"
    out.mkdir()
    token = CancelToken()

    def progress(done: int, total: int, name: str) -> None:
        if done >= 1 and not name.startswith("Checking"):
            token.cancel()

    with pytest.raises(Cancelled, match="were given and logged"):
        services.bates.produce(
            case_id, [a, b], out, recipient="Defense counsel", progress=progress, cancel=token
        )
    assert sorted(p.name for p in out.iterdir()) == ["SMITH000001 Doc 1.pdf"]
    assert services.bates.next_number(case_id) == 3


def test_produce_into_a_missing_folder_numbers_nothing(
    services: Services, case_id: int, tmp_path: Path
) -> None:
    """A folder that does not exist is refused before any number is given."""
    (a,) = import_pdfs(services, case_id, tmp_path / "in", [1])
    with pytest.raises(ExportError, match="does not exist"):
        services.bates.produce(case_id, [a], tmp_path / "nowhere", recipient="Defense counsel")
    assert services.bates.productions(case_id) == []


def test_two_windows_never_give_the_same_numbers(
    services: Services, case_id: int, tmp_path: Path, open_case: Callable[..., Services]
) -> None:
    """A second handle on the case file numbering in between: each gets the next free numbers at save time."""
    a, b = import_pdfs(services, case_id, tmp_path / "in", [3, 2])
    other = open_case()
    try:
        assert services.bates.next_number(case_id) == other.bates.next_number(case_id) == 1
        other.bates.number_documents(case_id, [b], recipient="Mediator")
        production = services.bates.number_documents(case_id, [a], recipient="Defense counsel")
        assert production is not None
        assert production.documents[0].range_label() == "SMITH000003–SMITH000005"
    finally:
        other.close()


def test_the_prefix_sticks_once_numbers_are_given(services: Services, case_id: int, tmp_path: Path) -> None:
    """Renaming the client after numbering keeps the prefix, so no document is numbered twice."""
    (a,) = import_pdfs(services, case_id, tmp_path / "in", [2])
    services.bates.number_documents(case_id, [a], recipient="Defense counsel")
    case = services.cases.get_case(case_id)
    client = services.cases.get_client(case.client_id)
    services.cases.update_client(replace(client, name="John Smyth"))
    assert services.bates.settings(case_id).prefix == "SMITH"
    assert services.bates.number_documents(case_id, [a], recipient="Defense counsel") is None
    assert services.bates.document_numbers(case_id)[a].range_label() == "SMITH000001–SMITH000002"
