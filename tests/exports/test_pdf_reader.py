"""Reading foreign PDFs into the document store: every hostile file gets its problem, good ones their text."""

from __future__ import annotations

import os
import stat
import sys
from pathlib import Path

import pytest

from casedesk.domain.documents import stored_name
from casedesk.exports.pdf_reader import (
    PdfProblem,
    PdfRequest,
    drop_copy,
    file_kind,
    keep_copy,
    read_pdf,
    read_pdfs,
)
from tests.pdfs import (
    make_bad_startxref,
    make_damaged,
    make_empty,
    make_not_pdf,
    make_pageless_pdf,
    make_pdf,
    make_protected,
    make_repairable,
    make_truncated,
    numbered_pages,
)


@pytest.fixture
def store(tmp_path: Path) -> Path:
    return tmp_path / "cases-documents"


@pytest.fixture
def files(tmp_path: Path) -> Path:
    folder = tmp_path / "downloads"
    folder.mkdir()
    return folder


def stored_files(store: Path) -> list[Path]:
    """Everything in the store, temp files included."""
    return sorted(path for path in store.rglob("*") if path.is_file()) if store.exists() else []


def test_a_good_pdf_is_copied_by_content_and_its_pages_read(files: Path, store: Path) -> None:
    """Each page's text comes back; the copy, once kept, is named by its SHA-256, same bytes, read-only."""
    original = make_pdf(
        files / "er visit.pdf", ["Emergency department\nNeck pain", "Discharge\nIbuprofen 800 mg"]
    )
    before = original.read_bytes()
    mtime = original.stat().st_mtime_ns

    reading = read_pdf(PdfRequest(original, store))

    assert reading.problem is None
    assert reading.page_count == 2
    assert "Neck pain" in reading.pages[0] and "Emergency department" in reading.pages[0]
    assert "Ibuprofen 800 mg" in reading.pages[1]
    assert "\r" not in "".join(reading.pages)
    assert not reading.repaired and reading.password == ""
    assert reading.copy is not None and stored_files(store) == [reading.copy]
    copy = keep_copy(reading, store)
    assert copy == store / stored_name(reading.sha256)
    assert stored_files(store) == [copy]
    assert copy.read_bytes() == before
    assert reading.size == len(before)
    assert not copy.stat().st_mode & (stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH)
    assert original.read_bytes() == before and original.stat().st_mtime_ns == mtime


@pytest.mark.parametrize(
    ("make", "problem"),
    [
        (make_empty, PdfProblem.EMPTY),
        (lambda path: make_truncated(path, numbered_pages(4)), PdfProblem.TRUNCATED),
        (lambda path: make_truncated(path, numbered_pages(4), keep=0.97), PdfProblem.TRUNCATED),
        (make_not_pdf, PdfProblem.NOT_PDF),
        (make_damaged, PdfProblem.DAMAGED),
        (make_pageless_pdf, PdfProblem.NO_PAGES),
        (lambda path: make_protected(path, numbered_pages(2), "s3cret"), PdfProblem.NEEDS_PASSWORD),
    ],
    ids=["empty", "truncated", "truncated-near-end", "not-a-pdf", "damaged", "no-pages", "protected"],
)
def test_each_bad_file_gets_its_problem_and_leaves_nothing_stored(
    files: Path, store: Path, make: object, problem: PdfProblem
) -> None:
    """Hostile files are reported, never raised, and no copy of them stays in the store."""
    path = make(files / "bad.pdf")  # type: ignore[operator]
    before = path.read_bytes()
    reading = read_pdf(PdfRequest(path, store))
    assert reading.problem is problem
    assert reading.pages == ()
    assert stored_files(store) == []
    assert path.read_bytes() == before


def test_a_missing_file_is_unreadable(files: Path, store: Path) -> None:
    """A file that is gone by the time it is read says so."""
    reading = read_pdf(PdfRequest(files / "gone.pdf", store))
    assert reading.problem is PdfProblem.UNREADABLE
    assert "no such file" in reading.detail


def test_a_folder_is_unreadable(files: Path, store: Path) -> None:
    """A folder given as a file is not read."""
    assert read_pdf(PdfRequest(files, store)).problem is PdfProblem.UNREADABLE


@pytest.mark.parametrize(
    ("kind", "words"),
    [
        ("text", "plain-text"),
        ("jpeg", "JPEG"),
        ("docx", "Word"),
        ("html", "web page"),
    ],
)
def test_what_a_file_that_is_not_a_pdf_looks_like(files: Path, store: Path, kind: str, words: str) -> None:
    """The reader says what the file seems to be instead."""
    reading = read_pdf(PdfRequest(make_not_pdf(files / f"{kind}.pdf", kind), store))
    assert reading.problem is PdfProblem.NOT_PDF
    assert words in reading.detail


def test_unknown_bytes_are_not_named() -> None:
    """Binary noise is not called anything."""
    assert file_kind(bytes(range(256))) == ""


def test_the_right_password_opens_a_protected_pdf(files: Path, store: Path) -> None:
    """AES-256 encrypted: no password asks for one, a wrong one is told apart, the right one reads it."""
    path = make_protected(files / "mri.pdf", ["MRI cervical spine", "Impression: C5-C6 disc bulge"], "s3cret")
    assert read_pdf(PdfRequest(path, store)).problem is PdfProblem.NEEDS_PASSWORD
    assert read_pdf(PdfRequest(path, store, "wrong")).problem is PdfProblem.WRONG_PASSWORD

    reading = read_pdf(PdfRequest(path, store, "s3cret"))
    assert reading.problem is None
    assert reading.password == "s3cret"
    assert "C5-C6 disc bulge" in reading.pages[1]
    assert keep_copy(reading, store).read_bytes() == path.read_bytes()


def test_a_pdf_locked_only_against_printing_opens_without_a_password(files: Path, store: Path) -> None:
    """An owner password alone (empty user password) needs nothing from the user; one given is unused."""
    path = make_protected(files / "bill.pdf", ["Itemized statement"], "", owner_password="owner")
    reading = read_pdf(PdfRequest(path, store, "not needed"))
    assert reading.problem is None
    assert reading.password == ""
    assert "Itemized statement" in reading.pages[0]


@pytest.mark.parametrize("make", [make_repairable, make_bad_startxref], ids=["xref-offsets", "startxref"])
def test_a_damaged_but_repairable_pdf_is_read_and_marked(files: Path, store: Path, make: object) -> None:
    """The repairs pypdf makes (strict=False) are noticed: the file is read in full and marked repaired."""
    path = make(files / "scan.pdf", numbered_pages(3, "Clinic note"))  # type: ignore[operator]
    reading = read_pdf(PdfRequest(path, store))
    assert reading.problem is None
    assert reading.repaired
    assert reading.detail  # what pypdf said it repaired
    assert [page.splitlines()[0] for page in reading.pages] == [
        f"Clinic note page {n} of 3" for n in (1, 2, 3)
    ]
    assert keep_copy(reading, store).read_bytes() == path.read_bytes()


def test_a_copy_already_in_the_store_is_kept(files: Path, store: Path) -> None:
    """The same content read twice (another name, another case) is stored once; a copy dropped is gone."""
    first = make_pdf(files / "a.pdf", ["Same content"])
    second = files / "copy of a.pdf"
    second.write_bytes(first.read_bytes())
    one = read_pdf(PdfRequest(first, store))
    two = read_pdf(PdfRequest(second, store))
    assert one.sha256 == two.sha256
    assert keep_copy(one, store) == keep_copy(two, store) == store / stored_name(one.sha256)
    assert stored_files(store) == [store / stored_name(one.sha256)]
    three = read_pdf(PdfRequest(first, store))
    drop_copy(three)
    assert stored_files(store) == [store / stored_name(one.sha256)]


def test_many_files_come_back_in_order(files: Path, store: Path) -> None:
    """Workers read in parallel; the readings come back in the order asked, each with its own result."""
    paths = [
        make_pdf(files / "1.pdf", numbered_pages(3, "First")),
        make_empty(files / "2.pdf"),
        make_pdf(files / "3.pdf", numbered_pages(5, "Third")),
        make_not_pdf(files / "4.pdf"),
        make_protected(files / "5.pdf", ["Fifth"], "pw"),
        make_pdf(files / "6.pdf", numbered_pages(1, "Sixth")),
    ]
    requests = [PdfRequest(path, store, "pw" if path.name == "5.pdf" else "") for path in paths]
    readings = []
    for reading in read_pdfs(requests, workers=2):
        readings.append(reading)
        if reading.problem is None:
            keep_copy(reading, store)
    assert [reading.source for reading in readings] == paths
    assert [reading.problem for reading in readings] == [
        None,
        PdfProblem.EMPTY,
        None,
        PdfProblem.NOT_PDF,
        None,
        None,
    ]
    assert [reading.page_count for reading in readings] == [3, 0, 5, 0, 1, 1]
    assert readings[2].pages[4].startswith("Third page 5 of 5")
    assert len(stored_files(store)) == 4


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs named pipes")
def test_a_file_that_hangs_the_reader_is_stopped_and_the_rest_still_read(files: Path, store: Path) -> None:
    """A file that never ends (a pipe with no writer) is stopped at the time limit; later files are read."""
    hanging = files / "hangs.pdf"
    os.mkfifo(hanging)
    good = make_pdf(files / "good.pdf", ["Still read"])
    readings = list(
        read_pdfs([PdfRequest(hanging, store), PdfRequest(good, store)], workers=1, time_limit=1.5)
    )
    assert readings[0].problem is PdfProblem.TOO_SLOW
    assert "seconds" in readings[0].detail
    assert readings[1].problem is None and "Still read" in readings[1].pages[0]
    assert stored_files(store) == []  # neither the stopped file's copy, nor one not kept


@pytest.mark.skipif(sys.platform != "linux", reason="address-space limits are enforced on Linux")
def test_a_file_needing_more_memory_than_allowed_is_refused(files: Path, store: Path) -> None:
    """With (almost) no memory to spare, reading fails for that file, in its worker, with a clear problem."""
    path = make_pdf(files / "big.pdf", numbered_pages(30))
    reading = next(read_pdfs([PdfRequest(path, store)], workers=1, memory_limit=64 << 10))
    assert reading.problem in (PdfProblem.TOO_LARGE, PdfProblem.CRASHED)
    assert [path for path in stored_files(store) if path.suffix == ".pdf"] == []


def test_stopping_early_stops_the_workers_and_keeps_what_was_handed_back(files: Path, store: Path) -> None:
    """Closing the readings (Cancel) keeps the copy kept, and leaves no other."""
    paths = [make_pdf(files / f"{n}.pdf", numbered_pages(2, f"File {n}")) for n in range(6)]
    readings = read_pdfs([PdfRequest(path, store) for path in paths], workers=2)
    first = next(readings)
    kept = keep_copy(first, store)
    readings.close()
    assert first.problem is None
    assert stored_files(store) == [kept]


def test_no_requests_read_nothing(store: Path) -> None:
    """An empty list starts no workers and gives no readings."""
    assert list(read_pdfs([])) == []
