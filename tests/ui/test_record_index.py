"""The PDF viewer and the record-index panel, driven as a case manager indexing records would."""

from __future__ import annotations

import io
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from casedesk.domain.cases import Case
from casedesk.domain.records import EntryKind, RecordEntry
from casedesk.services.casefiles import Services, open_services
from casedesk.ui.medical.index import (
    COL_DATE,
    COL_PAGES,
    COL_PROVIDER,
    EMPTY_TEXT,
    NO_DOCUMENTS_TEXT,
    EntryTableModel,
    RecordIndexPanel,
)
from casedesk.ui.medical.viewer import NO_DOCUMENT_TEXT, DocumentViewer
from tests.conftest import fixed_clock
from tests.services.test_records import add_document, add_provider, pdf_bytes

MakeCase = Callable[..., Case]
PAGES = [
    "MERCY HOSPITAL EMERGENCY DEPARTMENT\nPatient: Maria Alvarez   DOB: 03/02/1984\n"
    "Date of service: 06/14/2026   Arrival 14:32",
    "Chief complaint: neck pain after rear-end collision.\nAssessment: cervical strain.\n"
    "Seen again June 15, 2026",
    "ITEMIZED CHARGES\nCT cervical spine $1,850.00\nED visit level 4 $1,200.00\nTotal $3,050.00",
]


def show(qtbot: QtBot, widget: QWidget) -> None:
    """On screen and active, so that its keyboard shortcuts and focus work."""
    widget.resize(1280, 800)
    widget.show()
    qtbot.waitExposed(widget)
    widget.activateWindow()
    qtbot.waitUntil(widget.isActiveWindow)


@pytest.fixture
def pdf(tmp_path: Path) -> Path:
    path = tmp_path / "records.pdf"
    path.write_bytes(pdf_bytes(PAGES))
    return path


@pytest.fixture
def viewer(qtbot: QtBot) -> DocumentViewer:
    made = DocumentViewer()
    qtbot.addWidget(made)
    show(qtbot, made)
    return made


# --- the viewer -------------------------------------------------------------------------------------------


def test_viewer_pages_through_a_pdf(qtbot: QtBot, viewer: DocumentViewer, pdf: Path) -> None:
    """PgDn, PgUp, End, Home and typing a page number move through the pages; each move is signalled."""
    assert viewer.message_text() == NO_DOCUMENT_TEXT
    assert viewer.open(pdf)
    assert (viewer.page_count(), viewer.current_page(), viewer.page_label()) == (3, 1, "Page 1 of 3")
    assert viewer.page_of.text() == "of 3"
    assert not viewer.previous_button.isEnabled()
    viewer.view.setFocus()
    with qtbot.waitSignal(viewer.page_changed) as moved:
        qtbot.keyClick(viewer.view, Qt.Key.Key_PageDown)
    assert moved.args == [2]
    assert viewer.page_box.value() == 2
    qtbot.keyClick(viewer.view, Qt.Key.Key_End)
    assert viewer.current_page() == 3
    assert not viewer.next_button.isEnabled()
    qtbot.keyClick(viewer.view, Qt.Key.Key_PageDown)  # past the last page: stays
    assert viewer.current_page() == 3
    qtbot.keyClick(viewer.view, Qt.Key.Key_PageUp)
    assert viewer.current_page() == 2
    qtbot.keyClick(viewer.view, Qt.Key.Key_Home)
    assert viewer.current_page() == 1
    viewer.page_box.selectAll()
    qtbot.keyClicks(viewer.page_box, "3")
    qtbot.keyClick(viewer.page_box, Qt.Key.Key_Return)
    assert viewer.current_page() == 3
    qtbot.mouseClick(viewer.previous_button, Qt.MouseButton.LeftButton)
    assert viewer.current_page() == 2


def test_viewer_zooms_and_fits_the_width(qtbot: QtBot, viewer: DocumentViewer, pdf: Path) -> None:
    """Ctrl+= zooms in a step, Ctrl+- out, Ctrl+0 fits the width again."""
    viewer.open(pdf)
    assert viewer.is_fit_width() and viewer.fit_button.isChecked()
    fitted = viewer.zoom_factor()
    viewer.view.setFocus()
    qtbot.keyClick(viewer.view, Qt.Key.Key_Equal, Qt.KeyboardModifier.ControlModifier)
    assert not viewer.is_fit_width()
    assert viewer.zoom_factor() > fitted
    zoomed = viewer.zoom_factor()
    qtbot.keyClick(viewer.view, Qt.Key.Key_Minus, Qt.KeyboardModifier.ControlModifier)
    assert viewer.zoom_factor() < zoomed
    assert viewer.zoom_label.text().endswith("%")
    qtbot.keyClick(viewer.view, Qt.Key.Key_0, Qt.KeyboardModifier.ControlModifier)
    assert viewer.is_fit_width()


def test_viewer_explains_a_missing_file(viewer: DocumentViewer, tmp_path: Path) -> None:
    """A file gone from the document folder: a message in place of the page, no pages."""
    assert not viewer.open(tmp_path / "gone.pdf")
    assert "missing" in viewer.message_text()
    assert (viewer.page_count(), viewer.current_page(), viewer.page_box.isEnabled()) == (0, 0, False)


def test_viewer_explains_a_wrong_password(viewer: DocumentViewer, pdf: Path, tmp_path: Path) -> None:
    """A protected PDF opens with its password and says so without it."""
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(pdf))
    writer.encrypt("s3cret", algorithm="AES-256")
    buffer = io.BytesIO()
    writer.write(buffer)
    locked = tmp_path / "locked.pdf"
    locked.write_bytes(buffer.getvalue())
    assert not viewer.open(locked, "wrong")
    assert "password" in viewer.message_text()
    assert viewer.open(locked, "s3cret")
    assert viewer.page_count() == 3


def test_viewer_explains_a_damaged_file(viewer: DocumentViewer, tmp_path: Path) -> None:
    """Text named .pdf is not shown, with a message saying it is damaged or not a PDF."""
    fake = tmp_path / "fake.pdf"
    fake.write_text("hello, this is not a PDF")
    assert not viewer.open(fake)
    assert "damaged" in viewer.message_text()


# --- the panel --------------------------------------------------------------------------------------------


class Indexed:
    """A case with a provider and a three-page ER record."""

    def __init__(self, services: Services, case: Case) -> None:
        self.case_id = case.id or 0
        self.mercy = add_provider(services, self.case_id, "Mercy Hospital")
        self.therapy = add_provider(services, self.case_id, "Capitol Physical Therapy")
        self.document = add_document(services, self.case_id, "mercy-er.pdf", PAGES)


@pytest.fixture
def indexed(services: Services, make_case: MakeCase) -> Indexed:
    return Indexed(services, make_case())


@pytest.fixture
def panel(qtbot: QtBot, services: Services, indexed: Indexed) -> Iterator[RecordIndexPanel]:
    made = RecordIndexPanel(services.records)
    qtbot.addWidget(made)
    show(qtbot, made)
    made.set_case(indexed.case_id)
    yield made


def open_first_document(qtbot: QtBot, panel: RecordIndexPanel) -> None:
    item = panel.documents_list.item(0)
    rect = panel.documents_list.visualItemRect(item)
    with qtbot.waitSignal(panel.viewer.page_changed):
        qtbot.mouseClick(panel.documents_list.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())


def choose_provider(qtbot: QtBot, panel: RecordIndexPanel, name: str) -> None:
    combo = panel.form.provider
    combo.setFocus()
    combo.setCurrentIndex(combo.findText(name))


def test_empty_states(qtbot: QtBot, services: Services, make_case: MakeCase) -> None:
    """No case, then a case without documents or entries: each says what to do."""
    panel = RecordIndexPanel(services.records)
    qtbot.addWidget(panel)
    assert panel.documents_empty.text() == "No case selected."
    assert not panel.save_button.isEnabled()
    panel.set_case(make_case().id)
    assert panel.documents_empty.text() == NO_DOCUMENTS_TEXT
    assert panel.entries_empty.text() == EMPTY_TEXT
    assert panel.viewer.message_text() == NO_DOCUMENT_TEXT


def test_indexing_a_visit_from_the_viewer(
    qtbot: QtBot, panel: RecordIndexPanel, services: Services, indexed: Indexed
) -> None:
    """Open the record, take the date from its chip, type the rest, page on, Ctrl+Enter: saved and ready."""
    assert [panel.documents_list.item(i).text() for i in range(panel.documents_list.count())] == [
        "mercy-er.pdf"
    ]
    open_first_document(qtbot, panel)
    assert panel.viewer.current_page() == 1
    assert panel.form.page_from.text() == "1"  # a new entry starts at the page shown
    # The birth date on the page is not offered; the date of service is.
    assert panel.date_suggestions() == ["06/14/2026"]
    assert panel.form.service_from.text() == ""
    chip = panel.date_chips.itemAt(0).widget()
    qtbot.mouseClick(chip, Qt.MouseButton.LeftButton)
    assert panel.form.service_from.text() == "06/14/2026"
    choose_provider(qtbot, panel, "Mercy Hospital")
    panel.form.kind.setCurrentIndex(panel.form.kind.findData(EntryKind.EMERGENCY))
    qtbot.keyClicks(panel.form.complaint, "Neck pain after rear-end collision")
    qtbot.keyClicks(panel.form.diagnoses, "S13.4XXA cervical strain; M54.2")
    qtbot.keyClicks(panel.form.procedures, "99284 ED visit, 72125 CT; call 555-0142")
    assert panel.form.recognized() == ["S13.4XXA", "M54.2", "99284", "72125"]
    assert "Recognized codes" in panel.form.codes.text() and "S13.4XXA" in panel.form.codes.text()
    panel.form.summary.setFocus()
    qtbot.keyClicks(panel.form.summary, "CT negative. Discharged home.")
    # Turn pages from the form with Alt+PgDn; the first page stays where the entry began.
    qtbot.keyClick(panel.form.summary, Qt.Key.Key_PageDown, Qt.KeyboardModifier.AltModifier)
    qtbot.keyClick(panel.form.summary, Qt.Key.Key_PageDown, Qt.KeyboardModifier.AltModifier)
    assert panel.viewer.current_page() == 3
    assert panel.form.page_from.text() == "1"
    assert panel.amount_suggestions() == ["$1,850.00", "$1,200.00", "$3,050.00"]
    qtbot.mouseClick(panel.form.to_page_button, Qt.MouseButton.LeftButton)
    assert panel.form.page_to.text() == "3"
    with qtbot.waitSignal(panel.entries_changed):
        qtbot.keyClick(panel.form.summary, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    (saved,) = services.records.entries(indexed.case_id)
    assert saved == RecordEntry(
        case_id=indexed.case_id,
        service_from=date(2026, 6, 14),
        kind=EntryKind.EMERGENCY,
        provider_id=indexed.mercy,
        document_id=indexed.document.id,
        page_from=1,
        page_to=3,
        complaint="Neck pain after rear-end collision",
        summary="CT negative. Discharged home.",
        diagnoses="S13.4XXA cervical strain; M54.2",
        procedures="99284 ED visit, 72125 CT; call 555-0142",
        id=saved.id,
    )
    # Ready for the next visit: same provider and document, the page shown, the rest cleared.
    assert panel.form.provider.currentText() == "Mercy Hospital"
    assert panel.form.page_from.text() == "3"
    assert (panel.form.service_from.text(), panel.form.summary.toPlainText(), panel.form.page_to.text()) == (
        "",
        "",
        "",
    )
    assert "Saved the entry of 06/14/2026 (mercy-er.pdf, pp. 1–3)" in panel.status.text()
    model = panel.model
    assert model.index(0, COL_DATE).data() == "06/14/2026"
    assert model.index(0, COL_PROVIDER).data() == "Mercy Hospital"
    assert model.index(0, COL_PAGES).data() == "mercy-er.pdf, pp. 1–3"


def test_mistakes_are_shown_as_typed_and_nothing_is_saved(
    qtbot: QtBot, panel: RecordIndexPanel, services: Services, indexed: Indexed
) -> None:
    """A future date, a page past the end, a missing date: each says so under its field; Save stays off."""
    open_first_document(qtbot, panel)
    qtbot.keyClicks(panel.form.service_from, "12/01/2026")
    assert "future" in panel.form.errors.message("service_from")
    assert not panel.save_button.isEnabled()
    panel.form.service_from.clear()
    qtbot.keyClicks(panel.form.service_from, "06/14/2026")
    assert panel.form.errors.message("service_from") == ""
    qtbot.keyClicks(panel.form.page_to, "7")
    assert panel.form.errors.message("page_to") == "The document has 3 pages."
    assert not panel.save_button.isEnabled()
    qtbot.keyClick(panel.form.page_to, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert services.records.entries(indexed.case_id) == []
    assert "Not saved" in panel.status.text()
    panel.form.page_to.clear()
    panel.form.service_from.clear()
    qtbot.keyClick(panel.form.summary, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert panel.form.errors.message("service_from") == "The date of service is required."
    assert services.records.entries(indexed.case_id) == []


def test_the_first_page_follows_the_viewer_until_the_form_is_typed_in(
    qtbot: QtBot, panel: RecordIndexPanel
) -> None:
    """Paging an untouched form moves its first page; once a date is typed the pages stay put."""
    open_first_document(qtbot, panel)
    panel.viewer.show_page(2)
    assert panel.form.page_from.text() == "2"
    assert panel.date_suggestions() == ["06/15/2026"]
    qtbot.keyClicks(panel.form.service_from, "06/15/2026")
    panel.viewer.show_page(3)
    assert panel.form.page_from.text() == "2"
    qtbot.mouseClick(panel.form.from_page_button, Qt.MouseButton.LeftButton)
    assert (panel.form.page_from.text(), panel.form.page_to.text()) == ("3", "")


def test_selecting_an_entry_opens_its_page_and_edits_it(
    qtbot: QtBot, panel: RecordIndexPanel, services: Services, indexed: Indexed
) -> None:
    """The entry's document opens at its first page; a changed summary is saved over it."""
    entry = services.records.add(
        RecordEntry(
            case_id=indexed.case_id,
            service_from=date(2026, 6, 15),
            provider_id=indexed.mercy,
            document_id=indexed.document.id,
            page_from=2,
            summary="Follow-up",
        )
    )
    panel.refresh()
    assert panel.viewer.current_page() == 0
    panel.table.selectRow(0)
    assert panel.viewer.current_page() == 2
    assert panel.form.summary.toPlainText() == "Follow-up"
    assert panel.form.heading.text() == "<b>Editing the selected entry</b>"
    panel.form.summary.setFocus()
    qtbot.keyClick(panel.form.summary, Qt.Key.Key_End, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(panel.form.summary, ", improving")
    qtbot.keyClick(panel.form.summary, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    (saved,) = services.records.entries(indexed.case_id)
    assert (saved.id, saved.summary, saved.page_from) == (entry.id, "Follow-up, improving", 2)
    assert panel.form.heading.text() == "<b>New entry</b>"


def test_delete_and_undo(qtbot: QtBot, panel: RecordIndexPanel, services: Services, indexed: Indexed) -> None:
    """Del in the list deletes at once; Ctrl+Z puts the entry back."""
    services.records.add(
        RecordEntry(case_id=indexed.case_id, service_from=date(2026, 6, 15), summary="Visit")
    )
    panel.refresh()
    panel.table.selectRow(0)
    panel.table.setFocus()
    with qtbot.waitSignal(panel.entries_changed):
        qtbot.keyClick(panel.table, Qt.Key.Key_Delete)
    assert services.records.entries(indexed.case_id) == []
    assert panel.undo_bar.isVisible()
    with qtbot.waitSignal(panel.entries_changed):
        qtbot.keyClick(panel.table, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert [e.summary for e in services.records.entries(indexed.case_id)] == ["Visit"]
    assert not panel.undo_bar.isVisible()


def test_saved_entries_survive_a_reopen(
    qtbot: QtBot, panel: RecordIndexPanel, services: Services, indexed: Indexed, db_path: Path
) -> None:
    """What was indexed is there after the case file is closed and opened again."""
    open_first_document(qtbot, panel)
    qtbot.keyClicks(panel.form.service_from, "06/14/2026")
    qtbot.keyClick(panel.form.service_from, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    services.close()
    reopened = open_services(db_path, clock=fixed_clock)
    try:
        again = RecordIndexPanel(reopened.records)
        qtbot.addWidget(again)
        again.set_case(indexed.case_id)
        assert again.model.rowCount() == 1
        assert again.model.index(0, COL_PAGES).data() == "mercy-er.pdf, p. 1"
    finally:
        reopened.close()


def test_entry_model(qtmodeltester: object, services: Services, indexed: Indexed) -> None:
    """The entries' model passes Qt's model checks."""
    model = EntryTableModel()
    entry = RecordEntry(case_id=indexed.case_id, service_from=date(2026, 6, 14), id=1)
    model.set_rows([entry], {}, {})
    qtmodeltester.check(model)  # type: ignore[attr-defined]
