"""Hostile PDFs: every file of the corpus (:mod:`tests.hostile`) gets an answer, in bounded time and memory.

Each file is read by the worker pool, imported through the document service and ``casedesk import`` (in a
subprocess), and, where it gets in, bound into a trial binder, produced with Bates numbers and opened in
QtPdf as the viewer does. Nothing may crash or hang the process doing it; every file is imported or
refused with a reason a person understands; a refused file leaves nothing in the document store.
"""

from __future__ import annotations

import json
import multiprocessing
import random
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader
from pytestqt.qtbot import QtBot

from casedesk.domain.cases import Case
from casedesk.domain.documents import ImportStatus
from casedesk.domain.errors import CasedeskError
from casedesk.exports.pdf_reader import MEMORY_LIMIT, PdfProblem, PdfRequest, drop_copy, read_pdfs
from casedesk.services.casefiles import Services
from tests.hostile import CORPUS, fuzz_seeds, mutate, write_corpus
from tests.reliability.hostile_child import read_and_measure, render_first_pages

#: Limits of one file in these tests (the app's own are larger: it reads real, large records).
TIME_LIMIT_S = 10.0
MEMORY_LIMIT_B = 512 << 20
#: The longest any one file of the corpus may take to be answered (the bomb is stopped by its limit).
SLOWEST_FILE_S = 5.0
#: What a batch of the whole corpus may take, through the service or the command line, at the most.
BATCH_S = 120.0

#: The answer each file must get where it is certain: a problem, or None for "imported".
EXPECTED: dict[str, set[PdfProblem | None]] = {
    "empty": {PdfProblem.EMPTY},
    "truncated": {PdfProblem.TRUNCATED},
    "not-pdf-text": {PdfProblem.NOT_PDF},
    "not-pdf-png": {PdfProblem.NOT_PDF},
    "not-pdf-docx": {PdfProblem.NOT_PDF},
    "not-pdf-html": {PdfProblem.NOT_PDF},
    "encrypted-rc4": {PdfProblem.NEEDS_PASSWORD},
    "encrypted-aes": {PdfProblem.NEEDS_PASSWORD},
    "broken-xref-offsets": {None},
    "bad-startxref": {None},
    "damaged": {PdfProblem.DAMAGED},
    "pageless": {PdfProblem.NO_PAGES},
    "decompression-bomb": {PdfProblem.CRASHED, PdfProblem.TOO_LARGE, PdfProblem.TOO_SLOW},
    "huge-page-count": {None},
    "deep-outline": {None},
    "javascript-launch": {None},
    "empty-content": {None},
}


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Every hostile file, written once for the module."""
    return write_corpus(tmp_path_factory.mktemp("hostile"))


@pytest.fixture(scope="module")
def spawn() -> multiprocessing.context.BaseContext:
    """Children started afresh (Qt is loaded in the test process)."""
    return multiprocessing.get_context("spawn")


def _run_child(
    spawn: multiprocessing.context.BaseContext, target: Callable[..., None], *args: Any
) -> Iterator[Any]:
    """Start ``target(*args, connection)`` in a child; yield what it sends until it closes its end."""
    ours, theirs = spawn.Pipe()
    child = spawn.Process(target=target, args=(*args, theirs))  # type: ignore[attr-defined]
    child.start()
    theirs.close()
    try:
        while True:
            if not ours.poll(BATCH_S):
                pytest.fail(f"{target.__name__} sent nothing for {BATCH_S:.0f} seconds")
            try:
                yield ours.recv()
            except EOFError:
                return
    finally:
        child.join(10)
        if child.is_alive():
            child.kill()
            child.join()
        ours.close()


def test_every_hostile_file_is_read_or_refused_in_bounded_time_and_memory(
    corpus: dict[str, Path], spawn: multiprocessing.context.BaseContext, tmp_path: Path
) -> None:
    """One worker reads the corpus: each file answered in seconds, the bomb stopped under its memory limit."""
    store = tmp_path / "store"
    ((results, peak),) = list(
        _run_child(spawn, read_and_measure, list(corpus.values()), store, TIME_LIMIT_S, MEMORY_LIMIT_B)
    )
    assert [name for name, *_ in results] == [path.name for path in corpus.values()]
    answers = {
        name.removesuffix(".pdf"): (problem, pages, seconds) for name, problem, pages, seconds in results
    }
    for name, (problem, pages, _seconds) in answers.items():
        assert (problem is None) == (pages > 0), name
        if name in EXPECTED:
            wanted = {None if p is None else p.value for p in EXPECTED[name]}
            assert problem in wanted, f"{name}: {problem}"
    slowest = max(answers.items(), key=lambda item: item[1][2])
    assert slowest[1][2] < SLOWEST_FILE_S, slowest
    # The worker that read the bomb was stopped near its limit: address space above what it had mapped.
    assert peak < MEMORY_LIMIT_B + (600 << 20)
    assert list(store.iterdir()) == []  # copies of refused files removed, good ones dropped by the child
    print(
        f"\nhostile corpus: {len(results)} files, "
        f"{sum(1 for p, _, _ in answers.values() if p is None)} read, "
        f"refused {sorted((n, p) for n, (p, _, _) in answers.items() if p)}; "
        f"slowest {slowest[0]} {slowest[1][2]:.2f} s; peak worker RSS {peak / (1 << 20):.0f} MiB "
        f"(limit {MEMORY_LIMIT_B >> 20} MiB over its start)"
    )


def test_the_service_imports_or_refuses_each_file_and_the_readers_of_stored_files_survive(
    services: Services, make_case: Callable[..., Case], corpus: dict[str, Path], tmp_path: Path, db_path: Path
) -> None:
    """Through DocumentService at the app's own limits; then binder, Bates production and the viewer."""
    case_id = make_case().id
    assert case_id is not None
    started = time.monotonic()
    outcomes = services.documents.import_files(case_id, list(corpus.values()))
    assert time.monotonic() - started < BATCH_S
    by_name = {outcome.path.stem: outcome for outcome in outcomes}
    assert list(by_name) == list(corpus)
    for name, outcome in by_name.items():
        assert outcome.message.strip(), name
        assert "Traceback" not in outcome.message and "Error:" not in outcome.message, outcome.message
        wanted = EXPECTED.get(name)
        if wanted == {None}:
            assert outcome.status is ImportStatus.IMPORTED, f"{name}: {outcome.message}"
        elif wanted is not None and PdfProblem.NEEDS_PASSWORD in wanted:
            assert outcome.status is ImportStatus.NEEDS_PASSWORD, f"{name}: {outcome.message}"
        elif wanted is not None:
            assert outcome.status is ImportStatus.FAILED, f"{name}: {outcome.message}"
    imported = {name: o.document for name, o in by_name.items() if o.document is not None}
    assert all(o.status is ImportStatus.IMPORTED for o in by_name.values() if o.document is not None)
    # The store holds the imported files and nothing else (no copy of a refused file, no temp file).
    stored = {services.documents.file_path(document) for document in imported.values()}
    store = db_path.with_name(f"{db_path.stem}-documents")
    assert {path for path in store.rglob("*") if path.is_file()} == stored

    # The binder: all the hostile documents that got in, filed as pleadings.
    pleadings = services.binder.layout(case_id).sections[1]
    assert pleadings.id is not None
    ids = [document.id for document in imported.values() if document.id is not None]
    services.binder.add_documents(pleadings.id, ids)
    binder = tmp_path / "binder.pdf"
    try:
        result = services.binder.export(case_id, binder)
        assert len(PdfReader(binder).pages) == result.page_count
    except CasedeskError as exc:  # one cannot be bound: named, and nothing written
        assert exc.args and str(exc.args[0]).strip()
        assert not binder.exists()
        result = services.binder.export(case_id, binder, skip_unreadable=True)
        assert len(PdfReader(binder).pages) == result.page_count
    # A Bates production of each alone: stamped copies that read back, or a reason.
    produced, refused = [], []
    for name, document in imported.items():
        assert document.id is not None
        folder = tmp_path / f"production-{name}"
        folder.mkdir()
        try:
            services.bates.produce(case_id, [document.id], folder, recipient="Defense counsel")
        except CasedeskError as exc:
            assert str(exc.args[0]).strip()
            refused.append(name)
            continue
        (copy,) = folder.glob("*.pdf")
        assert len(PdfReader(copy).pages) >= 1
        produced.append(name)
    # The viewer (QtPdf) opens and renders each, in a child: a file that brought it down would show here.
    messages = list(_run_child(spawn_context(), render_first_pages, sorted(stored)))
    assert messages[-1][0] == "done", messages[-1:]
    rendered = [message for message in messages if message[0] == "rendered"]
    assert len(rendered) == len(stored)
    print(
        f"\nservice import: {len(imported)} imported {sorted(imported)}, "
        f"{len(outcomes) - len(imported)} refused; binder {result.page_count} pages "
        f"(left out: {result.skipped}); Bates produced {len(produced)}, refused {refused}; "
        f"viewer: slowest {max(rendered, key=lambda m: m[4])[1]} "
        f"{max(m[4] for m in rendered):.2f} s, peak RSS {messages[-1][1] / (1 << 20):.0f} MiB"
    )


def spawn_context() -> multiprocessing.context.BaseContext:
    """The spawn context (for tests that do not take the fixture)."""
    return multiprocessing.get_context("spawn")


def test_casedesk_import_answers_every_hostile_file_and_exits_cleanly(
    services: Services, make_case: Callable[..., Case], corpus: dict[str, Path], db_path: Path
) -> None:
    """``casedesk import --json`` in its own process: one answer per file, exit status 1, no traceback."""
    number = make_case().number
    services.close()
    command = [sys.executable, "-m", "casedesk", "import", "--db", str(db_path), "--case", number, "--json"]
    started = time.monotonic()
    finished = subprocess.run(
        [*command, *map(str, corpus.values())], capture_output=True, text=True, timeout=BATCH_S, check=False
    )
    seconds = time.monotonic() - started
    assert "Traceback" not in finished.stderr, finished.stderr
    # What the PDF libraries say of a damaged file (fragments of its bytes) stays out of the terminal.
    assert "PdfReadError" not in finished.stderr and "startxref" not in finished.stderr, finished.stderr
    assert finished.returncode == 1, finished.stderr  # some files failed, and said so
    reported = json.loads(finished.stdout)
    assert [Path(item["file"]).stem for item in reported] == list(CORPUS)
    for item in reported:
        assert item["status"] in ("imported", "failed"), item
        if item["status"] == "failed":
            assert item["reason"] and "Traceback" not in item["reason"], item
        wanted = EXPECTED.get(Path(item["file"]).stem)
        if wanted is not None:
            assert (item["status"] == "imported") == (wanted == {None}), item
    imported = sum(1 for item in reported if item["status"] == "imported")
    print(f"\ncasedesk import: {len(reported)} files, {imported} imported, {seconds:.1f} s")


def test_the_app_limits_stop_the_bomb_too(
    corpus: dict[str, Path], spawn: multiprocessing.context.BaseContext, tmp_path: Path
) -> None:
    """At the app's own memory limit the decompression bomb is refused, and its worker's peak is measured."""
    ((results, peak),) = list(
        _run_child(
            spawn, read_and_measure, [corpus["decompression-bomb"]], tmp_path, TIME_LIMIT_S, MEMORY_LIMIT
        )
    )
    ((_name, problem, _pages, seconds),) = results
    assert problem in {p.value for p in EXPECTED["decompression-bomb"]}
    assert peak < MEMORY_LIMIT + (600 << 20)
    print(
        f"\nbomb at the app's limit: {problem} after {seconds:.2f} s, "
        f"worker peak RSS {peak / (1 << 20):.0f} MiB"
    )


def test_mutated_pdfs_each_get_a_reading_and_leave_nothing_behind(
    request: pytest.FixtureRequest, tmp_path: Path
) -> None:
    """Mutants of small valid PDFs, read in one batch by the worker pool: one answer each, none raises."""
    count: int = request.config.getoption("--fuzz-count")
    seeds = fuzz_seeds()
    rng = random.Random(20261121)
    folder = tmp_path / "mutants"
    folder.mkdir()
    store = tmp_path / "store"
    mutations: dict[Path, str] = {}
    for number in range(count):
        seed_name = rng.choice(sorted(seeds))
        data, how = mutate(seeds[seed_name], list(seeds.values()), rng)
        path = folder / f"{number:05d}-{seed_name}.pdf"
        path.write_bytes(data)
        mutations[path] = f"{seed_name}: {how}"
    requests = [PdfRequest(path, store) for path in mutations]
    started = time.monotonic()
    readings = []
    for reading in read_pdfs(requests, time_limit=TIME_LIMIT_S, memory_limit=MEMORY_LIMIT_B):
        readings.append(reading)
        drop_copy(reading)
    seconds = time.monotonic() - started
    assert [reading.source for reading in readings] == list(mutations)
    for reading in readings:
        what = mutations[reading.source]
        if reading.problem is None:
            assert reading.page_count > 0 and reading.sha256, what
        else:
            assert reading.copy is None, what
    assert [path for path in store.glob("*") if path.is_file()] == []
    reasons = Counter(reading.problem.value for reading in readings if reading.problem is not None)
    imported = sum(1 for reading in readings if reading.problem is None)
    crashed = [mutations[r.source] for r in readings if r.problem is PdfProblem.CRASHED]
    print(
        f"\nfuzzing: {count} mutants in {seconds:.1f} s, {imported} read, failed by reason "
        f"{dict(sorted(reasons.items()))}; worker crashes {len(crashed)} {crashed[:5]}"
    )


def test_the_documents_panel_imports_the_corpus_and_answers_for_every_file(
    qtbot: QtBot,
    services: Services,
    make_case: Callable[..., Case],
    corpus: dict[str, Path],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Ctrl+I with the whole corpus picked: the app lists every file with its result and keeps working."""
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QFileDialog, QWidget

    from casedesk.ui.medical.documents import DocumentsPanel, ImportResultsDialog, PasswordDialog

    case_id = make_case().id
    shown: list[ImportResultsDialog] = []
    asked: list[str] = []

    def show_results(_cls: type, parent: QWidget, outcomes: Any) -> None:
        shown.append(ImportResultsDialog(outcomes, parent))

    def ask(_cls: type, parent: QWidget, file_name: str, wrong: bool = False) -> str | None:
        dialog = PasswordDialog(file_name, wrong, parent)
        asked.append(file_name)
        qtbot.mouseClick(dialog.skip_button, Qt.MouseButton.LeftButton)  # nobody knows the password
        answer = dialog.answer
        dialog.deleteLater()
        return answer

    def pick(*_args: Any, **_kwargs: Any) -> tuple[list[str], str]:
        return [str(path) for path in corpus.values()], "PDF documents (*.pdf *.PDF)"

    monkeypatch.setattr(ImportResultsDialog, "show_results", classmethod(show_results))
    monkeypatch.setattr(PasswordDialog, "ask", classmethod(ask))
    monkeypatch.setattr(QFileDialog, "getOpenFileNames", pick)
    panel = DocumentsPanel(services.documents)
    qtbot.addWidget(panel)
    panel.resize(1100, 500)
    panel.show()
    qtbot.waitExposed(panel)
    panel.activateWindow()
    qtbot.waitUntil(panel.isActiveWindow)
    panel.set_case(case_id)
    panel.import_button.setFocus()
    qtbot.keyClick(panel.import_button, Qt.Key.Key_I, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: panel.is_importing or bool(shown), timeout=5000)
    qtbot.waitUntil(lambda: not panel.is_importing and bool(shown), timeout=int(BATCH_S * 1000))

    assert sorted(asked) == ["encrypted-aes.pdf", "encrypted-rc4.pdf"]
    (dialog,) = shown
    rows = dialog.rows()
    assert [file for file, _, _ in rows] == [path.name for path in corpus.values()]
    for file, result, reason in rows:
        assert result and reason.strip(), file
        wanted = EXPECTED.get(file.removesuffix(".pdf"))
        if wanted == {None}:
            assert result == "Imported", (file, reason)
        elif wanted is not None:
            assert result != "Imported", (file, reason)
    imported = sum(1 for _, result, _ in rows if result == "Imported")
    assert panel.model.rowCount() == imported
    # Still at work: the next import goes through as usual.
    assert panel.import_button.isEnabled()
