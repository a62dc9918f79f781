"""Benchmark: importing 300 PDFs / 6,000 text pages against ``pdftotext`` run on the same files one by one.

Run on purpose (not part of the test suite)::

    python tests/benchmarks/import_bench.py [--runs 5] [--files 300] [--pages 20]

The corpus (fictional medical records, about 1.7 KB of text a page, made with reportlab) is cached in the
temp folder. Each run times, interleaved so that both see the same machine load:

- ``pdftotext FILE OUT`` once per file, a process per file, as a user would (the reference);
- ``casedesk import --db NEW --case N FILE...`` into a fresh case file: hash, copy into the document
  store, page count, text, rows and the full-text index, start-up of the command included;
- the same import in-process (``DocumentService.import_files``), to show what the command's start-up adds.

Then what each step costs on one core, measured once on the same files: pypdf's structure check, pdfium's
text, pypdf's text (on a sample), hashing and copying, and writing the page texts with the full-text
triggers on (as the import does) and off with the index built after. Machines here vary 10-40 % between
runs: compare the ratios, not the seconds.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import random
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from tests.pdfs import make_medical_record  # noqa: E402

CASE_NUMBER = "PI-2026-0001"


def corpus(files: int, pages: int) -> list[Path]:
    """The benchmark's PDFs, made once and kept in the temp folder."""
    folder = Path(tempfile.gettempdir()) / f"casedesk-import-bench-{files}x{pages}-v1"
    paths = [folder / f"record {number:03d}.pdf" for number in range(files)]
    if all(path.is_file() for path in paths):
        return paths
    folder.mkdir(exist_ok=True)
    started = time.perf_counter()
    rng = random.Random(2026)
    for path in paths:
        make_medical_record(path, rng, pages, patient=rng.choice(("Maria Alvarez", "Ryan Voss", "Ana Ruiz")))
    print(f"corpus of {files} PDFs made in {time.perf_counter() - started:.1f} s", file=sys.stderr)
    return paths


def new_case_file(folder: Path) -> Path:
    """A fresh case file with one case, made outside the timing."""
    from casedesk.domain.cases import Case, CaseStatus, CaseType, Client
    from casedesk.services.casefiles import open_services

    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    path = folder / "bench.sqlite"
    services = open_services(path, create=True)
    try:
        client = services.cases.create_client(Client(name="Maria Alvarez"))
        services.cases.create_case(
            Case(
                number=CASE_NUMBER,
                caption="Alvarez v. Driver",
                client_id=client.id or 0,
                incident_date=date(2026, 6, 14),
                case_type=CaseType.MOTOR_VEHICLE,
                jurisdiction="TX",
                status=CaseStatus.TREATING,
                opened_on=date(2026, 6, 20),
            )
        )
    finally:
        services.close()
    return path


def time_pdftotext(paths: list[Path], scratch: Path) -> float:
    out = scratch / "out.txt"
    started = time.perf_counter()
    for path in paths:
        subprocess.run(["pdftotext", str(path), str(out)], check=True)
    return time.perf_counter() - started


def time_cli_import(paths: list[Path], scratch: Path) -> float:
    db = new_case_file(scratch / "cli")
    command = [sys.executable, "-m", "casedesk", "import", "--db", str(db), "--case", CASE_NUMBER]
    started = time.perf_counter()
    done = subprocess.run([*command, *map(str, paths)], capture_output=True, text=True, check=False, cwd=ROOT)
    seconds = time.perf_counter() - started
    if done.returncode != 0:
        raise RuntimeError(f"casedesk import failed ({done.returncode}): {done.stderr[-2000:]}")
    return seconds


def time_service_import(paths: list[Path], scratch: Path) -> tuple[float, int]:
    from casedesk.domain.documents import ImportStatus
    from casedesk.services.casefiles import open_services

    db = new_case_file(scratch / "service")
    services = open_services(db)
    try:
        case_id = _case_id(services)
        started = time.perf_counter()
        outcomes = services.documents.import_files(case_id, paths)
        seconds = time.perf_counter() - started
    finally:
        services.close()
    if any(outcome.status is not ImportStatus.IMPORTED for outcome in outcomes):
        raise RuntimeError("not every file was imported")
    return seconds, sum(outcome.document.page_count for outcome in outcomes if outcome.document)


def _case_id(services: object) -> int:
    from casedesk.cli.common import case_numbered

    found = case_numbered(services.cases, CASE_NUMBER)  # type: ignore[attr-defined]
    assert found is not None
    return found.id


def once(label: str, work: Callable[[], object]) -> tuple[str, float]:
    started = time.perf_counter()
    work()
    return label, time.perf_counter() - started


def step_costs(paths: list[Path], scratch: Path) -> list[tuple[str, float]]:
    """What each step of an import costs on one core, for all the files (pypdf's text: scaled from 30)."""
    import pypdfium2 as pdfium
    from pypdf import PdfReader

    from casedesk.exports.pdf_reader import PdfRequest, drop_copy, read_pdf

    texts: list[str] = []

    def structure() -> None:
        for path in paths:
            reader = PdfReader(path)
            int(reader.trailer["/Root"]["/Pages"]["/Count"])

    def page_tree() -> None:
        for path in paths:
            len(PdfReader(path).pages)

    def pdfium_text() -> None:
        for path in paths:
            document = pdfium.PdfDocument(path)
            for index in range(len(document)):
                page = document[index]
                text_page = page.get_textpage()
                texts.append(text_page.get_text_range())
                text_page.close()
                page.close()
            document.close()

    sample = paths[:30]

    def pypdf_text() -> None:
        for path in sample:
            for page in PdfReader(path).pages:
                page.extract_text()

    def hash_and_copy() -> None:
        target = scratch / "copies"
        target.mkdir(exist_ok=True)
        for number, path in enumerate(paths):
            data = path.read_bytes()
            hashlib.sha256(data).hexdigest()
            copy = target / f"{number}.part"
            with open(copy, "wb") as handle:
                handle.write(data)
                handle.flush()
                os.fsync(handle.fileno())

    def whole_reader() -> None:
        store = scratch / "store"
        for path in paths:
            drop_copy(read_pdf(PdfRequest(path, store)))

    costs = [
        once("pypdf: structure check (trailer, page count)", structure),
        once("pypdf: walking every page (not done)", page_tree),
        once("pdfium: text of every page", pdfium_text),
        once("hash + copy + fsync", hash_and_copy),
        once("read_pdf, all steps, one process", whole_reader),
    ]
    label, seconds = once("pypdf: text of every page (not done)", pypdf_text)
    costs.append((label, seconds * len(paths) / len(sample)))
    costs += index_costs(texts, len(paths), scratch)
    return costs


def index_costs(texts: list[str], documents: int, scratch: Path) -> list[tuple[str, float]]:
    """Writing the page texts: triggers on (one statement per document, as the import does) and off."""
    per_document = max(1, len(texts) // documents)
    batches = [texts[start : start + per_document] for start in range(0, len(texts), per_document)]
    results = []
    for triggers in (True, False):
        path = scratch / f"index-{triggers}.sqlite"
        path.unlink(missing_ok=True)
        connection = sqlite3.connect(path, isolation_level=None)
        connection.execute("PRAGMA journal_mode = WAL")
        connection.execute("PRAGMA synchronous = FULL")
        connection.execute(
            "CREATE TABLE search_texts "
            "(id INTEGER PRIMARY KEY, case_id INT, kind TEXT, ref_id INT, page INT, body TEXT)"
        )
        connection.execute("CREATE INDEX ix_kind_ref ON search_texts (kind, ref_id, page)")
        connection.execute(
            "CREATE VIRTUAL TABLE search_fts USING fts5(body, content='search_texts', content_rowid='id', "
            "tokenize='porter unicode61 remove_diacritics 2')"
        )
        if triggers:
            connection.execute(
                "CREATE TRIGGER fts_insert AFTER INSERT ON search_texts BEGIN "
                "INSERT INTO search_fts (rowid, body) VALUES (new.id, new.body); END"
            )
        started = time.perf_counter()
        connection.execute("BEGIN")
        for number, batch in enumerate(batches):
            connection.executemany(
                "INSERT INTO search_texts (case_id, kind, ref_id, page, body) VALUES (1, 'page', ?, ?, ?)",
                [(number, page, body) for page, body in enumerate(batch, start=1)],
            )
        if not triggers:
            connection.execute("INSERT INTO search_fts (rowid, body) SELECT id, body FROM search_texts")
        connection.execute("COMMIT")
        seconds = time.perf_counter() - started
        connection.close()
        label = (
            "page texts + FTS5, triggers per row (as imported)"
            if triggers
            else "page texts, FTS5 built after"
        )
        results.append((label, seconds))
    return results


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--files", type=int, default=300)
    parser.add_argument("--pages", type=int, default=20)
    args = parser.parse_args()
    if shutil.which("pdftotext") is None:
        print("pdftotext (poppler-utils) is not installed: it is the reference", file=sys.stderr)
        return 2
    paths = corpus(args.files, args.pages)
    scratch = Path(tempfile.mkdtemp(prefix="casedesk-import-bench-"))
    try:
        time_pdftotext(paths, scratch)  # warm the file cache
        reference, cli, service = [], [], []
        pages = 0
        for run in range(args.runs):
            reference.append(time_pdftotext(paths, scratch))
            cli.append(time_cli_import(paths, scratch))
            seconds, pages = time_service_import(paths, scratch)
            service.append(seconds)
            print(
                f"run {run + 1}: pdftotext {reference[-1]:.2f} s, casedesk import {cli[-1]:.2f} s, "
                f"in-process {service[-1]:.2f} s",
                file=sys.stderr,
            )
        costs = step_costs(paths, scratch)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    base = statistics.median(reference)
    print(
        f"\nImport of {len(paths)} PDFs / {pages:,} pages, {os.cpu_count()} cores, "
        f"medians of {args.runs} runs"
    )
    print(f"{'':54}{'seconds':>9}{'× pdftotext':>13}")
    for label, times in (
        ("pdftotext, a process per file (reference)", reference),
        ("casedesk import (command, start-up included)", cli),
        ("DocumentService.import_files (in-process)", service),
    ):
        median = statistics.median(times)
        print(f"{label:54}{median:9.2f}{median / base:13.2f}")
    print("\nWhat each step costs on one core, all files (measured once):")
    for label, seconds in costs:
        print(f"  {label:52}{seconds:9.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
