"""Numbers are never given to a document that cannot be produced: every document is read first."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from pypdf import PdfReader

from casedesk.domain.cases import Case
from casedesk.domain.errors import BinderSourceError, ExportError
from casedesk.domain.exhibits import Exhibit, ExhibitParty
from casedesk.domain.progress import Cancelled, CancelToken
from casedesk.services.casefiles import Services, open_services
from tests.conftest import fixed_clock, open_target
from tests.firm_server import FirmServer
from tests.hostile import CORPUS
from tests.pdfs import make_pdf, numbered_pages

#: Hostile files the importer takes (pdfium reads them) but the stamping reader refuses.
UNSTAMPABLE = ("page-tree-cycle", "deep-array", "self-referencing-length")
PASSPHRASE = "correct horse battery staple"


@pytest.fixture(params=["plain", "encrypted", "postgresql"])
def services(request: pytest.FixtureRequest, db_path: Path, tmp_path: Path) -> Iterator[Services]:
    """Each test runs on a plain case file, an encrypted one (its documents sealed) and a firm database."""
    if request.param == "postgresql":
        server: FirmServer = request.getfixturevalue("firm_server")
        url = server.new_database()
        documents = tmp_path / "firm-documents"
        documents.mkdir()
        request.getfixturevalue("monkeypatch").setenv("CASEDESK_DOCUMENTS", str(documents))
        firm = open_target(url, create=True, clock=fixed_clock)
        yield firm
        firm.close()
        server.drop_database(url)
        return
    encrypted = request.param == "encrypted"
    opened = open_services(
        db_path, create=True, clock=fixed_clock, passphrase=PASSPHRASE if encrypted else None
    )
    assert opened.encrypted == encrypted
    yield opened
    opened.close()


@pytest.fixture
def case_id(make_case: Callable[..., Case], make_client: Callable[..., object]) -> int:
    """A case whose client is John Smith Jr."""
    client = make_client(name="John Smith Jr.")
    case = make_case(client_id=client.id)  # type: ignore[attr-defined]
    assert case.id is not None
    return case.id


def import_good(services: Services, case_id: int, folder: Path, pages: list[int]) -> list[int]:
    """Import one good PDF per page count (``Doc 1`` …); their ids."""
    folder.mkdir(exist_ok=True)
    paths = [
        make_pdf(folder / f"Doc {n}.pdf", numbered_pages(count, f"Doc {n}"))
        for n, count in enumerate(pages, start=1)
    ]
    return _ids(services, case_id, paths)


def import_hostile(services: Services, case_id: int, folder: Path, names: tuple[str, ...]) -> list[int]:
    """Import the hostile files named (each must be taken by the importer); their ids."""
    folder.mkdir(exist_ok=True)
    return _ids(services, case_id, [CORPUS[name](folder / f"{name}.pdf") for name in names])


def _ids(services: Services, case_id: int, paths: list[Path]) -> list[int]:
    outcomes = services.documents.import_files(case_id, paths)
    ids = [o.document.id for o in outcomes if o.document is not None and o.document.id is not None]
    assert len(ids) == len(paths), [o for o in outcomes if o.document is None]
    return ids


def test_a_production_with_unreadable_documents_numbers_nothing_and_names_them(
    services: Services, case_id: int, tmp_path: Path
) -> None:
    """Each unreadable document is named; no number, production or timeline entry; without them, it works."""
    good = import_good(services, case_id, tmp_path / "in", [2, 3])
    bad = import_hostile(services, case_id, tmp_path / "hostile", UNSTAMPABLE)
    out = tmp_path / "out"
    out.mkdir()
    timeline_before = len(services.timeline.entries(case_id))
    with pytest.raises(ExportError) as raised:
        services.bates.produce(case_id, [good[0], *bad, good[1]], out, recipient="Defense counsel")
    message = raised.value.message
    assert message.startswith("Nothing was numbered: 3 documents cannot be read.")
    for name in UNSTAMPABLE:
        assert f"“{name}.pdf”" in message
    assert "Doc 1" not in message and "Doc 2" not in message
    assert "re-import each from the original, or leave it out" in raised.value.hint.lower()
    assert services.bates.productions(case_id) == []
    assert services.bates.document_numbers(case_id) == {}
    assert services.bates.next_number(case_id) == 1
    assert list(out.iterdir()) == []
    assert len(services.timeline.entries(case_id)) == timeline_before

    production = services.bates.produce(case_id, good, out, recipient="Defense counsel")
    assert production.range_label == "SMITH000001–SMITH000005"
    assert "SMITH000003" in PdfReader(out / "SMITH000003-SMITH000005 Doc 2.pdf").pages[0].extract_text()


def test_numbers_continue_without_a_gap_after_a_refused_production(
    services: Services, case_id: int, tmp_path: Path
) -> None:
    """A refused production between two good ones leaves no hole in the numbers."""
    first, second = import_good(services, case_id, tmp_path / "in", [2, 1])
    (bad,) = import_hostile(services, case_id, tmp_path / "hostile", ("self-referencing-length",))
    out = tmp_path / "out"
    out.mkdir()
    services.bates.produce(case_id, [first], out, recipient="Defense counsel")
    with pytest.raises(ExportError, match="self-referencing-length") as raised:
        services.bates.produce(case_id, [second, bad], out, recipient="Defense counsel")
    assert raised.value.message.startswith("Nothing was numbered: a document cannot be read.")
    assert raised.value.hint == "Re-import it from the original, or leave it out."
    assert services.bates.next_number(case_id) == 3
    production = services.bates.produce(case_id, [second], out, recipient="Defense counsel")
    assert production.range_label == "SMITH000003"
    assert [p.range_label for p in services.bates.productions(case_id)] == [
        "SMITH000003",
        "SMITH000001–SMITH000002",
    ]


def test_number_documents_refuses_an_unreadable_document_too(
    services: Services, case_id: int, tmp_path: Path
) -> None:
    """Numbering without producing checks the documents not numbered yet the same way."""
    (good,) = import_good(services, case_id, tmp_path / "in", [1])
    (bad,) = import_hostile(services, case_id, tmp_path / "hostile", ("page-tree-cycle",))
    with pytest.raises(ExportError, match="page-tree-cycle"):
        services.bates.number_documents(case_id, [good, bad], recipient="Defense counsel")
    assert services.bates.document_numbers(case_id) == {}


def test_a_missing_stored_file_is_refused_before_numbering(
    services: Services, case_id: int, tmp_path: Path
) -> None:
    """Numbering alone (no folder) names a document whose stored file is gone, and numbers nothing."""
    (good,) = import_good(services, case_id, tmp_path / "in", [1])
    folder = services._case_file.documents_dir
    (stored,) = [path for path in folder.rglob("*") if path.is_file()]  # the only document, sealed or not
    stored.unlink()
    with pytest.raises(ExportError, match="missing from the document folder"):
        services.bates.number_documents(case_id, [good], recipient="Defense counsel")
    assert services.bates.productions(case_id) == []


def test_cancel_while_checking_numbers_nothing(services: Services, case_id: int, tmp_path: Path) -> None:
    """Cancel during the check: nothing numbered, nothing written, and the message says so."""
    ids = import_good(services, case_id, tmp_path / "in", [1, 1, 1])
    out = tmp_path / "out"
    out.mkdir()
    token = CancelToken()
    seen: list[str] = []

    def progress(done: int, total: int, name: str) -> None:
        seen.append(name)
        if name.startswith("Checking"):
            token.cancel()

    with pytest.raises(Cancelled, match="Nothing was numbered"):
        services.bates.produce(
            case_id, ids, out, recipient="Defense counsel", progress=progress, cancel=token
        )
    assert seen == ["Checking Doc 1.pdf"]
    assert services.bates.productions(case_id) == []
    assert list(out.iterdir()) == []


def test_a_binder_numbers_nothing_for_an_unreadable_exhibit_and_skipping_leaves_it_unnumbered(
    services: Services, case_id: int, tmp_path: Path
) -> None:
    """The binder refuses, naming the document (and offers to skip it); skipped, the rest are numbered."""
    (good,) = import_good(services, case_id, tmp_path / "in", [2])
    (bad,) = import_hostile(services, case_id, tmp_path / "hostile", ("deep-array",))
    services.exhibits.add(Exhibit(case_id, ExhibitParty.PLAINTIFF, "ER record", document_id=good))
    services.exhibits.add(Exhibit(case_id, ExhibitParty.PLAINTIFF, "Scan", document_id=bad))
    target = tmp_path / "binder.pdf"
    with pytest.raises(BinderSourceError) as raised:
        services.binder.export(case_id, target)
    assert raised.value.document == "deep-array.pdf"
    assert "“deep-array.pdf”" in raised.value.message and "nothing was numbered" in raised.value.message
    assert not target.exists()
    assert services.bates.document_numbers(case_id) == {}
    assert services.bates.productions(case_id) == []

    result = services.binder.export(case_id, target, skip_unreadable=True)
    assert any("deep-array.pdf" in reason for reason in result.skipped)
    assert set(services.bates.document_numbers(case_id)) == {good}
    assert services.bates.next_number(case_id) == 3
    assert len(PdfReader(target).pages) == result.page_count


def test_the_check_of_300_documents_is_timed(services: Services, case_id: int, tmp_path: Path) -> None:
    """How long the check adds to a production of 300 three-page documents (seen with -s)."""
    folder = tmp_path / "many"
    folder.mkdir()
    sample = make_pdf(folder / "sample.pdf", numbered_pages(3, "Page"))
    data = sample.read_bytes()
    paths = []
    for n in range(300):  # distinct files (the store keeps one copy of identical ones)
        path = folder / f"Doc {n:03}.pdf"
        path.write_bytes(data + b"%% copy %d\n" % n)
        paths.append(path)
    ids = _ids(services, case_id, paths)
    started = time.perf_counter()
    assert services.bates.unreadable(case_id, ids) == {}
    checked = time.perf_counter() - started
    out = tmp_path / "out"
    out.mkdir()
    started = time.perf_counter()
    services.bates.produce(case_id, ids, out, recipient="Defense counsel")
    produced = time.perf_counter() - started
    print(
        f"\ncheck of 300 documents (900 pages): {checked:.2f} s; production with the check: {produced:.2f} s"
    )
    assert len(list(out.glob("*.pdf"))) == 300
