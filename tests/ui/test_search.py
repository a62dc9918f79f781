"""The search window, driven as a case manager would: type, pick the scope, read the preview, open a hit."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from casedesk.domain.activity import Activity, ActivityKind
from casedesk.domain.cases import Case
from casedesk.services.casefiles import Services
from casedesk.services.search import SearchResults, SearchService
from casedesk.store.casefile import open_case_file
from casedesk.store.documents import DocumentRow
from casedesk.store.search import add_document_pages
from casedesk.ui.search import SearchResultsModel, SearchRole, SearchWindow
from tests.conftest import NOW

LONG_PAGE = "\n".join([f"Line {n}: range of motion within normal limits." for n in range(1, 80)])
LONG_PAGE += "\nAssessment: cervical strain with radiculopathy.\nPlan: physical therapy."


@dataclass(frozen=True, slots=True)
class Records:
    """Two cases: the first with an ER record (3 pages) and a call about it; the second with an MRI."""

    first: Case
    second: Case
    er_record: int
    mri: int
    call: Activity


@pytest.fixture
def records(services: Services, db_path: Path, make_case: Callable[..., Case]) -> Iterator[Records]:
    first, second = make_case(), make_case()
    case_file = open_case_file(db_path)
    documents = []
    pages = {
        first.id: ("er-visit.pdf", ["Triage: alert.", "Exam: cervical tenderness & spasm <C5>.", LONG_PAGE]),
        second.id: ("mri-report.pdf", ["MRI cervical spine: disc bulge at C5-C6."]),
    }
    try:
        for case_id, (name, texts) in pages.items():
            with case_file.session() as session:
                row = DocumentRow(
                    case_id=case_id,
                    sha256=name.ljust(64, "0"),
                    original_name=name,
                    size=1000,
                    page_count=len(texts),
                    imported_at=datetime(2026, 11, 2, tzinfo=UTC),
                )
                session.add(row)
                session.flush()
                add_document_pages(session, case_id or 0, row.id, texts)
                documents.append(row.id)
    finally:
        case_file.close()
    call = services.timeline.add(
        Activity(
            case_id=first.id or 0,
            kind=ActivityKind.CALL,
            occurred_at=NOW,
            subject="Call with ER billing",
            body="They will send the itemized bill for the cervical collar.",
        )
    )
    yield Records(first, second, documents[0], documents[1], call)


def show(qtbot: QtBot, widget: QWidget) -> None:
    widget.show()
    qtbot.waitExposed(widget)
    widget.activateWindow()
    qtbot.waitUntil(widget.isActiveWindow)


def make_window(qtbot: QtBot, search: SearchService, case_id: int | None) -> SearchWindow:
    window = SearchWindow(search, case_id)
    qtbot.addWidget(window)
    return window


def search_for(qtbot: QtBot, window: SearchWindow, text: str, rows: int) -> None:
    """Type ``text`` into the query box and wait for ``rows`` hits."""
    window.query.clear()
    qtbot.keyClicks(window.query, text)
    qtbot.waitUntil(lambda: window.model.rowCount() == rows and "Searching" not in window.count_label.text())


def shown_rows(window: SearchWindow) -> list[str]:
    return [window.model.index(row, 0).data() for row in range(window.model.rowCount())]


def test_the_empty_window_explains_what_is_searched(
    qtbot: QtBot, services: Services, records: Records
) -> None:
    """Before anything is typed: what is searched and how to type a query; This case is chosen."""
    window = make_window(qtbot, services.search, records.first.id)
    assert "the text of every imported document page" in window.state_label.text()
    assert "S13.4XXA" in window.state_label.text()
    assert window.this_case.isChecked()
    assert window.count_label.text() == ""
    assert window.model.rowCount() == 0


def test_typing_shows_hits_with_highlighted_snippets(
    qtbot: QtBot, services: Services, records: Records
) -> None:
    """Typing a word shows this case's hits: place and snippet, the matches bold, the count above."""
    window = make_window(qtbot, services.search, records.first.id)
    search_for(qtbot, window, "cervical", 3)
    assert window.count_label.text() == "3 matches in this case"
    rows = shown_rows(window)
    assert any(
        row.startswith(f"{records.first.number} · Maria Alvarez · er-visit.pdf · page 2\n") for row in rows
    )
    assert any("Timeline note: Call with ER billing" in row for row in rows)
    page_two = next(r for r in range(3) if "page 2" in window.model.index(r, 0).data())
    rich = window.model.index(page_two, 0).data(SearchRole.HTML)
    assert ">cervical</b> tenderness &amp; spasm &lt;C5&gt;." in rich
    assert "<b>" + records.first.number + "</b>" in rich


def test_the_scope_switches_between_this_case_and_all_cases(
    qtbot: QtBot, services: Services, records: Records
) -> None:
    """All cases adds the other case's MRI; This case (Alt+T) takes it away again."""
    window = make_window(qtbot, services.search, records.first.id)
    show(qtbot, window)
    search_for(qtbot, window, "cervical", 3)
    qtbot.mouseClick(window.all_cases, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.model.rowCount() == 4)
    assert window.count_label.text() == "4 matches in all cases"
    assert any(row.startswith(f"{records.second.number} · ") for row in shown_rows(window))
    qtbot.keyClick(window.query, Qt.Key.Key_T, Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(lambda: window.model.rowCount() == 3)
    assert window.this_case.isChecked()


def test_without_a_case_only_all_cases_can_be_searched(
    qtbot: QtBot, services: Services, records: Records
) -> None:
    """Opened with no case, This case is off and disabled; set_case turns it on."""
    window = make_window(qtbot, services.search, None)
    assert not window.this_case.isEnabled()
    assert window.all_cases.isChecked()
    search_for(qtbot, window, "cervical", 4)
    window.set_case(records.second.id)
    qtbot.waitUntil(lambda: window.model.rowCount() == 1)
    assert window.this_case.isChecked()


def test_the_preview_shows_the_whole_page_scrolled_to_the_first_match(
    qtbot: QtBot, services: Services, records: Records
) -> None:
    """Selecting a page hit shows that page's full text, the terms highlighted, scrolled to the first one."""
    window = make_window(qtbot, services.search, records.first.id)
    window.resize(900, 400)
    show(qtbot, window)
    search_for(qtbot, window, "radiculopathy", 1)
    assert window.preview.toPlainText() == LONG_PAGE
    assert (
        f"{records.first.number}</b> · Maria Alvarez — er-visit.pdf · page 3" in window.preview_title.text()
    )
    found = window.preview.document().find("radiculopathy")
    assert found.charFormat().fontWeight() == QFont.Weight.Bold
    assert window.preview.document().find("therapy").charFormat().fontWeight() != QFont.Weight.Bold
    qtbot.waitUntil(lambda: window.preview.verticalScrollBar().value() > 0)
    assert window.open_button.text() == "&Open page 3"


def test_enter_on_a_page_hit_asks_to_open_that_page(
    qtbot: QtBot, services: Services, records: Records
) -> None:
    """Down goes from the query box to the results; Enter there emits the case, document and page."""
    window = make_window(qtbot, services.search, records.first.id)
    show(qtbot, window)
    search_for(qtbot, window, "spasm", 1)
    qtbot.keyClick(window.query, Qt.Key.Key_Down)
    assert window.results.hasFocus()
    with qtbot.waitSignal(window.open_requested) as opened:
        qtbot.keyClick(window.results, Qt.Key.Key_Return)
    assert opened.args == [records.first.id, records.er_record, 2]
    qtbot.keyClick(window.results, Qt.Key.Key_Up)
    assert window.query.hasFocus()


def test_opening_a_note_asks_for_its_case(qtbot: QtBot, services: Services, records: Records) -> None:
    """A timeline note has no page: Open case (and Enter) emit case_requested with its case."""
    window = make_window(qtbot, services.search, records.first.id)
    show(qtbot, window)
    search_for(qtbot, window, "itemized collar", 1)
    assert window.open_button.text() == "&Open case"
    assert "They will send the itemized bill" in window.preview.toPlainText()
    with qtbot.waitSignal(window.case_requested) as opened:
        qtbot.mouseClick(window.open_button, Qt.MouseButton.LeftButton)
    assert opened.args == [records.first.id]


def test_no_matches_says_so_and_suggests_all_cases(
    qtbot: QtBot, services: Services, records: Records
) -> None:
    """A word found nowhere in the case: the message names it and points to All cases."""
    window = make_window(qtbot, services.search, records.first.id)
    qtbot.keyClicks(window.query, "spleen")
    qtbot.waitUntil(lambda: "No matches for “spleen” in this case." in window.state_label.text())
    assert "All cases" in window.state_label.text()
    assert window.model.rowCount() == 0


@pytest.mark.parametrize("typed", ['"', "NEAR(", "AND", "-", "*", '"(*)"'])
def test_operator_looking_input_shows_what_to_type(
    qtbot: QtBot, services: Services, records: Records, typed: str
) -> None:
    """Punctuation or operators alone: a message saying what to type, never an error."""
    window = make_window(qtbot, services.search, records.first.id)
    qtbot.keyClicks(window.query, typed)
    qtbot.waitUntil(lambda: "Type a word" in window.state_label.text())


@pytest.mark.parametrize("typed", ['cervical "tender', "S13.4XXA", "cervical -spasm", "cerv*"])
def test_partial_and_code_queries_search_safely(
    qtbot: QtBot, services: Services, records: Records, typed: str
) -> None:
    """Half-typed phrases, codes, leading dashes and prefixes give results or none, never a failure."""
    window = make_window(qtbot, services.search, records.first.id)
    qtbot.keyClicks(window.query, typed)
    qtbot.waitUntil(lambda: window.count_label.text() != "Searching…" and window._searched is not None)
    qtbot.waitUntil(lambda: window.model.rowCount() > 0 or "No matches" in window.state_label.text())


class CountingSearch(SearchService):
    """The real service, counting searches and able to hold one back until released."""

    def __init__(self, real: SearchService) -> None:
        self.__dict__.update(real.__dict__)
        self.queries: list[str] = []
        self.hold: dict[str, threading.Event] = {}

    def results(self, query: str, case_id: int | None = None, limit: int = 50) -> SearchResults:
        self.queries.append(query)
        if query in self.hold:
            self.hold[query].wait(10)
        return super().results(query, case_id, limit)


def test_typing_searches_once_after_the_pause(qtbot: QtBot, services: Services, records: Records) -> None:
    """A word typed letter by letter is searched once, when typing stops, not once per letter."""
    search = CountingSearch(services.search)
    window = make_window(qtbot, search, records.first.id)
    search_for(qtbot, window, "spasm", 1)
    assert search.queries == ["spasm"]


def test_results_of_an_earlier_query_that_arrive_late_are_dropped(
    qtbot: QtBot, services: Services, records: Records
) -> None:
    """A slow search overtaken by the next query never replaces the newer results."""
    search = CountingSearch(services.search)
    search.hold["cervical"] = threading.Event()
    window = make_window(qtbot, search, None)
    qtbot.keyClicks(window.query, "cervical")
    qtbot.keyClick(window.query, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: search.queries == ["cervical"])
    qtbot.keyClicks(window.query, " disc")
    qtbot.keyClick(window.query, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: window.model.rowCount() == 1)
    search.hold["cervical"].set()
    qtbot.wait(200)  # the late results arrive (and must be ignored)
    assert window.model.rowCount() == 1
    assert "mri-report.pdf" in shown_rows(window)[0]


def test_escape_closes_the_window(qtbot: QtBot, services: Services, records: Records) -> None:
    """Escape closes the window from the query box."""
    window = make_window(qtbot, services.search, records.first.id)
    show(qtbot, window)
    qtbot.keyClick(window.query, Qt.Key.Key_Escape)
    assert not window.isVisible()


def test_show_for_case_searches_again_with_what_was_added_meanwhile(
    qtbot: QtBot, services: Services, records: Records
) -> None:
    """Reopening the window runs the query again, so a note logged meanwhile is found."""
    window = make_window(qtbot, services.search, records.first.id)
    show(qtbot, window)
    search_for(qtbot, window, "collar", 1)
    window.close()
    services.timeline.add(
        Activity(
            case_id=records.first.id or 0, kind=ActivityKind.NOTE, occurred_at=NOW, subject="Collar fitted"
        )
    )
    window.show_for_case(records.first.id)
    qtbot.waitUntil(lambda: window.model.rowCount() == 2)
    assert window.query.hasFocus()
    assert window.query.selectedText() == "collar"


def test_results_model_passes_the_model_tester(
    qtmodeltester: Any, services: Services, records: Records
) -> None:
    """The results model behaves as Qt's views expect, empty and filled."""
    model = SearchResultsModel()
    qtmodeltester.check(model)
    model.set_hits(services.search.search("cervical"))
    qtmodeltester.check(model)
    assert isinstance(model.index(0, 0).data(SearchRole.HIT).case_number, str)


def test_hits_are_painted_as_text(qtbot: QtBot, services: Services, records: Records) -> None:
    """The rich-text rows really paint: the results list has dark text pixels."""
    window = make_window(qtbot, services.search, records.first.id)
    window.resize(900, 500)
    show(qtbot, window)
    search_for(qtbot, window, "cervical", 3)
    image = window.results.viewport().grab().toImage()
    dark = sum(
        1
        for x in range(0, image.width(), 3)
        for y in range(0, min(image.height(), 200), 3)
        if image.pixelColor(x, y).lightness() < 90
    )
    assert dark > 50
