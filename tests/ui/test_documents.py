"""The Documents panel: import PDFs (file dialog, drag and drop, passwords, Cancel), open, rename, delete."""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QMimeData, QPoint, QPointF, Qt, QUrl
from PySide6.QtGui import QDesktopServices, QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import QApplication, QFileDialog, QLineEdit, QWidget
from pytestqt.qtbot import QtBot

from casedesk.domain.cases import Case
from casedesk.domain.contacts import Contact
from casedesk.domain.documents import ImportOutcome, ImportStatus
from casedesk.domain.providers import CaseProvider
from casedesk.services.casefiles import Services, open_services
from casedesk.ui.medical import documents as documents_module
from casedesk.ui.medical.documents import (
    COL_CONDITION,
    COL_NAME,
    COL_PAGES,
    COL_PROVIDER,
    EMPTY_TEXT,
    REPAIRED_MARK,
    REPAIRED_TIP,
    SKIPPED_MESSAGE,
    DocumentsPanel,
    DocumentTableModel,
    ImportResultsDialog,
    PasswordDialog,
)
from tests.conftest import fixed_clock
from tests.pdfs import (
    make_empty,
    make_not_pdf,
    make_pdf,
    make_protected,
    make_repairable,
    make_truncated,
    numbered_pages,
)

MakeCase = Callable[..., Case]
IMPORT_TIMEOUT = 60_000


@pytest.fixture
def downloads(tmp_path: Path) -> Path:
    folder = tmp_path / "Downloads"
    folder.mkdir()
    return folder


@pytest.fixture
def results(monkeypatch: pytest.MonkeyPatch, qtbot: QtBot) -> list[ImportResultsDialog]:
    """Results dialogs the panel showed, built for real (never shown modal)."""
    shown: list[ImportResultsDialog] = []

    def show_results(
        _cls: type[ImportResultsDialog], parent: QWidget, outcomes: Sequence[ImportOutcome]
    ) -> None:
        dialog = ImportResultsDialog(outcomes, parent)
        shown.append(dialog)

    monkeypatch.setattr(ImportResultsDialog, "show_results", classmethod(show_results))
    return shown


@dataclass
class Prompts:
    """Password prompts: what to answer to each in turn ("" = Skip), and what each said."""

    answers: list[str] = field(default_factory=list)
    asked: list[str] = field(default_factory=list)


@pytest.fixture
def prompts(monkeypatch: pytest.MonkeyPatch, qtbot: QtBot) -> Prompts:
    """Answer password prompts as a user: type the next answer and press Import, or press Skip."""
    prompts = Prompts()

    def ask(_cls: type[PasswordDialog], parent: QWidget, file_name: str, wrong: bool = False) -> str | None:
        dialog = PasswordDialog(file_name, wrong, parent)
        prompts.asked.append(dialog.message.text())
        password = prompts.answers.pop(0)
        assert not dialog.import_button.isEnabled()  # nothing typed yet
        if password:
            qtbot.keyClicks(dialog.password, password)
            assert dialog.import_button.isEnabled()
            qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
        else:
            qtbot.mouseClick(dialog.skip_button, Qt.MouseButton.LeftButton)
        answer = dialog.answer
        dialog.deleteLater()
        return answer

    monkeypatch.setattr(PasswordDialog, "ask", classmethod(ask))
    return prompts


def choose_files(monkeypatch: pytest.MonkeyPatch, paths: Sequence[Path]) -> None:
    """The next Import PDFs… file dialog returns these files."""

    def pick(*_args: Any, **_kwargs: Any) -> tuple[list[str], str]:
        return [str(path) for path in paths], "PDF documents (*.pdf *.PDF)"

    monkeypatch.setattr(QFileDialog, "getOpenFileNames", pick)


def show(qtbot: QtBot, widget: QWidget) -> None:
    widget.show()
    qtbot.waitExposed(widget)
    widget.activateWindow()
    qtbot.waitUntil(widget.isActiveWindow)


def shown_panel(qtbot: QtBot, services: Services, case_id: int | None) -> DocumentsPanel:
    panel = DocumentsPanel(services.documents)
    qtbot.addWidget(panel)
    panel.resize(1100, 500)
    show(qtbot, panel)
    panel.set_case(case_id)
    return panel


def names(panel: DocumentsPanel) -> list[str]:
    return [panel.model.index(row, COL_NAME).data() for row in range(panel.model.rowCount())]


def wait_for_import(qtbot: QtBot, panel: DocumentsPanel) -> None:
    qtbot.waitUntil(lambda: not panel.is_importing, timeout=IMPORT_TIMEOUT)


def select_row(qtbot: QtBot, panel: DocumentsPanel, row: int) -> None:
    panel.table.setFocus()
    panel.table.selectRow(row)
    qtbot.waitUntil(lambda: panel.selected_document() is not None)


def import_via_dialog(
    qtbot: QtBot, panel: DocumentsPanel, monkeypatch: pytest.MonkeyPatch, paths: Sequence[Path]
) -> None:
    choose_files(monkeypatch, paths)
    focused = panel.table if panel.table.isVisible() else panel.import_button
    focused.setFocus()
    qtbot.keyClick(focused, Qt.Key.Key_I, Qt.KeyboardModifier.ControlModifier)
    wait_for_import(qtbot, panel)


# --- the model ---------------------------------------------------------------------------------


def test_model_passes_the_model_tester(
    qtmodeltester: Any, services: Services, make_case: MakeCase, downloads: Path
) -> None:
    """The documents model behaves as Qt's views expect, empty and with rows of every kind."""
    case_id = make_case().id or 0
    model = DocumentTableModel()
    qtmodeltester.check(model)
    services.documents.import_files(
        case_id,
        [make_pdf(downloads / "a.pdf", ["x"]), make_repairable(downloads / "b.pdf", numbered_pages(2))],
    )
    protected = make_protected(downloads / "c.pdf", ["y"], "pw")
    services.documents.import_files(case_id, [protected], passwords={protected: "pw"})
    model.set_rows(services.documents.documents(case_id), {})
    qtmodeltester.check(model)
    assert model.index(1, COL_CONDITION).data() == REPAIRED_MARK
    assert model.index(2, COL_CONDITION).data() == "Password"


# --- what the panel shows -------------------------------------------------------------------------


def test_empty_states_say_what_to_do(qtbot: QtBot, services: Services, make_case: MakeCase) -> None:
    """No case: nothing to import into. A case without documents: how to import them."""
    panel = shown_panel(qtbot, services, None)
    assert panel.empty_label.isVisible() and panel.empty_label.text() == "No case selected."
    assert not panel.import_button.isEnabled()
    panel.set_case(make_case().id)
    assert panel.empty_label.text() == EMPTY_TEXT
    assert "Drag PDF files" in EMPTY_TEXT and "Ctrl+I" in EMPTY_TEXT
    assert panel.import_button.isEnabled()
    assert not panel.open_button.isEnabled() and not panel.delete_button.isEnabled()


# --- importing ------------------------------------------------------------------------------------


def test_importing_a_mix_with_the_file_dialog_reports_each_file(
    qtbot: QtBot,
    services: Services,
    make_case: MakeCase,
    downloads: Path,
    monkeypatch: pytest.MonkeyPatch,
    results: list[ImportResultsDialog],
    prompts: Prompts,
    db_path: Path,
) -> None:
    """Ctrl+I, pick files: good and repaired ones listed; a protected one asked for (wrong, then right)."""
    case_id = make_case().id or 0
    already = make_pdf(downloads / "already.pdf", ["Imported last week"])
    services.documents.import_files(case_id, [already])
    panel = shown_panel(qtbot, services, case_id)
    files = [
        make_pdf(downloads / "ER visit.pdf", ["Emergency department", "Discharge"]),
        already,
        make_empty(downloads / "empty.pdf"),
        make_truncated(downloads / "cut.pdf", numbered_pages(3)),
        make_not_pdf(downloads / "photo.pdf", "jpeg"),
        make_protected(downloads / "MRI.pdf", ["MRI lumbar spine"], "s3cret"),
        make_repairable(downloads / "scan.pdf", numbered_pages(2)),
    ]
    prompts.answers += ["secret", "s3cret"]

    with qtbot.waitSignal(panel.documents_changed, timeout=IMPORT_TIMEOUT):
        import_via_dialog(qtbot, panel, monkeypatch, files)
    wait_for_import(qtbot, panel)

    assert prompts.asked == [
        "“MRI.pdf” is password-protected. Enter its password to import it, or skip the file.",
        "The password for “MRI.pdf” is wrong. Enter it again, or skip the file.",
    ]
    assert names(panel) == ["already.pdf", "ER visit.pdf", "scan.pdf", "MRI.pdf"]
    scan_row = names(panel).index("scan.pdf")
    assert panel.model.index(scan_row, COL_CONDITION).data() == REPAIRED_MARK
    assert panel.model.index(scan_row, COL_CONDITION).data(Qt.ItemDataRole.ToolTipRole) == REPAIRED_TIP
    assert panel.model.index(1, COL_PAGES).data() == "2"
    (dialog,) = results
    rows = dialog.rows()
    assert [(file, result) for file, result, _ in rows] == [
        ("ER visit.pdf", "Imported"),
        ("already.pdf", "Already in this case"),
        ("empty.pdf", "Not imported"),
        ("cut.pdf", "Not imported"),
        ("photo.pdf", "Not imported"),
        ("MRI.pdf", "Imported"),
        ("scan.pdf", "Imported"),
    ]
    assert "empty" in rows[2][2] and "cut short" in rows[3][2] and "JPEG" in rows[4][2]
    assert "repaired" in rows[6][2]
    assert dialog.summary.text() == "3 PDFs imported (5 pages); 1 already in this case; 3 not imported."
    assert panel.status_label.text() == dialog.summary.text()
    assert panel.selected_document() is not None  # the last one imported is selected

    reopened = open_services(db_path, clock=fixed_clock)
    try:
        stored = {d.original_name: d for d in reopened.documents.documents(case_id)}
        assert stored["MRI.pdf"].password == "s3cret"
        assert reopened.documents.file_path(stored["ER visit.pdf"]).read_bytes() == files[0].read_bytes()
    finally:
        reopened.close()


def test_a_plain_import_shows_a_status_line_and_no_dialog(
    qtbot: QtBot,
    services: Services,
    make_case: MakeCase,
    downloads: Path,
    monkeypatch: pytest.MonkeyPatch,
    results: list[ImportResultsDialog],
) -> None:
    """When every file was imported, the panel says so under the list; nothing pops up."""
    panel = shown_panel(qtbot, services, make_case().id)
    choose_files(monkeypatch, [make_pdf(downloads / "a.pdf", numbered_pages(4))])
    qtbot.mouseClick(panel.import_button, Qt.MouseButton.LeftButton)
    wait_for_import(qtbot, panel)
    assert results == []
    assert panel.status_label.text() == "1 PDF imported (4 pages)."
    assert names(panel) == ["a.pdf"]
    assert panel.table.isVisible()


def test_a_skipped_password_is_listed_as_skipped(
    qtbot: QtBot,
    services: Services,
    make_case: MakeCase,
    downloads: Path,
    monkeypatch: pytest.MonkeyPatch,
    results: list[ImportResultsDialog],
    prompts: Prompts,
) -> None:
    """Skip leaves the protected file out, and the results say so."""
    panel = shown_panel(qtbot, services, make_case().id)
    prompts.answers.append("")
    import_via_dialog(
        qtbot,
        panel,
        monkeypatch,
        [make_protected(downloads / "locked.pdf", ["x"], "pw"), make_pdf(downloads / "open.pdf", ["y"])],
    )
    assert names(panel) == ["open.pdf"]
    (dialog,) = results
    assert dialog.rows()[0] == ("locked.pdf", "Skipped (password)", SKIPPED_MESSAGE)
    assert dialog.summary.text() == "1 PDF imported (1 page); 1 skipped (password)."


def test_dropping_files_on_the_panel_imports_them(
    qtbot: QtBot, services: Services, make_case: MakeCase, downloads: Path, results: list[ImportResultsDialog]
) -> None:
    """Several PDFs (and a folder of them) dragged from the file manager are imported at once."""
    panel = shown_panel(qtbot, services, make_case().id)
    folder = downloads / "from the clinic"
    folder.mkdir()
    make_pdf(folder / "visit 2.pdf", ["Visit 2"])
    (folder / "readme.txt").write_text("not a pdf, not picked up from a folder")
    dropped = [make_pdf(downloads / "visit 1.pdf", ["Visit 1"]), folder]
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(path)) for path in dropped])
    position = QPointF(panel.table.geometry().center())
    enter = QDragEnterEvent(
        position.toPoint(),
        Qt.DropAction.CopyAction,
        mime,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    QApplication.sendEvent(panel, enter)
    assert enter.isAccepted()
    drop = QDropEvent(
        position, Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier
    )
    with qtbot.waitSignal(panel.documents_changed, timeout=IMPORT_TIMEOUT):
        QApplication.sendEvent(panel, drop)
    wait_for_import(qtbot, panel)
    assert drop.isAccepted()
    assert names(panel) == ["visit 1.pdf", "visit 2.pdf"]
    assert results == []


def test_a_drag_without_files_or_case_is_refused(qtbot: QtBot, services: Services) -> None:
    """Text dragged over the panel, or files with no case shown, cannot be dropped."""
    panel = shown_panel(qtbot, services, None)
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile("/tmp/a.pdf")])
    enter = QDragEnterEvent(
        QPoint(10, 10),
        Qt.DropAction.CopyAction,
        mime,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    QApplication.sendEvent(panel, enter)
    assert not enter.isAccepted()


def test_cancel_in_the_progress_dialog_keeps_what_was_imported(
    qtbot: QtBot,
    services: Services,
    make_case: MakeCase,
    downloads: Path,
    monkeypatch: pytest.MonkeyPatch,
    results: list[ImportResultsDialog],
) -> None:
    """The dialog shows file n of N; Cancel stops after the file in progress; the rest are cancelled."""
    case_id = make_case().id or 0
    panel = shown_panel(qtbot, services, case_id)
    files = [make_pdf(downloads / f"record {n}.pdf", numbered_pages(2, f"Record {n}")) for n in range(1, 6)]
    release = threading.Event()
    original = services.documents.import_files

    def held_import(case: int, paths: Sequence[Path], **options: Any) -> list[ImportOutcome]:
        report = options["progress"]

        def progress(done: int, total: int, name: str) -> None:
            report(done, total, name)
            if done == 1:
                release.wait(30)  # the second file is "in progress" until the user has pressed Cancel

        return original(case, paths, **{**options, "progress": progress})

    monkeypatch.setattr(services.documents, "import_files", held_import)
    choose_files(monkeypatch, files)
    qtbot.mouseClick(panel.import_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(
        lambda: panel.progress_dialog is not None and "File 2 of 5" in panel.progress_dialog.labelText()
    )
    dialog = panel.progress_dialog
    assert dialog is not None and dialog.isVisible()
    assert dialog.labelText() == "File 2 of 5: record 2.pdf"
    assert not panel.import_button.isEnabled()
    cancel = next(
        button for button in dialog.findChildren(type(panel.import_button)) if button.text() == "Cancel"
    )
    qtbot.mouseClick(cancel, Qt.MouseButton.LeftButton)
    assert dialog.token.cancelled
    release.set()
    wait_for_import(qtbot, panel)

    assert names(panel) == ["record 1.pdf", "record 2.pdf"]
    (shown,) = results
    assert [result for _, result, _ in shown.rows()] == ["Imported"] * 2 + ["Cancelled"] * 3
    assert panel.progress_dialog is None
    assert panel.import_button.isEnabled()


# --- the selected document --------------------------------------------------------------------------


@pytest.fixture
def opened(monkeypatch: pytest.MonkeyPatch) -> list[QUrl]:
    """URLs handed to the system's viewer (none is started)."""
    urls: list[QUrl] = []

    def open_url(url: QUrl) -> bool:
        urls.append(url)
        return True

    monkeypatch.setattr(QDesktopServices, "openUrl", open_url)
    return urls


def test_enter_asks_to_index_the_document_and_open_uses_the_pdf_viewer(
    qtbot: QtBot, services: Services, make_case: MakeCase, downloads: Path, opened: list[QUrl]
) -> None:
    """Enter on a row asks for the in-app viewer; Open gives the system's viewer the stored copy."""
    case_id = make_case().id or 0
    services.documents.import_files(case_id, [make_pdf(downloads / "a.pdf", ["x"])])
    panel = shown_panel(qtbot, services, case_id)
    select_row(qtbot, panel, 0)
    document = panel.selected_document()
    assert document is not None
    with qtbot.waitSignal(panel.document_activated) as activated:
        qtbot.keyClick(panel.table, Qt.Key.Key_Return)
    assert activated.args == [document.id]
    assert opened == []

    qtbot.mouseClick(panel.open_button, Qt.MouseButton.LeftButton)
    assert [Path(url.toLocalFile()) for url in opened] == [services.documents.file_path(document)]


def test_a_missing_stored_copy_is_explained(
    qtbot: QtBot,
    services: Services,
    make_case: MakeCase,
    downloads: Path,
    opened: list[QUrl],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """When the file was removed from the document folder by hand, Open says so instead of failing."""
    case_id = make_case().id or 0
    services.documents.import_files(case_id, [make_pdf(downloads / "a.pdf", ["x"])])
    panel = shown_panel(qtbot, services, case_id)
    select_row(qtbot, panel, 0)
    document = panel.selected_document()
    assert document is not None
    stored = services.documents.file_path(document)
    stored.chmod(0o600)
    stored.unlink()
    errors: list[str] = []
    monkeypatch.setattr(
        documents_module, "show_error", lambda _parent, _title, error: errors.append(error.message)
    )
    qtbot.mouseClick(panel.open_button, Qt.MouseButton.LeftButton)
    assert opened == []
    assert len(errors) == 1 and "missing from the document folder" in errors[0]


def test_f2_renames_in_place(qtbot: QtBot, services: Services, make_case: MakeCase, downloads: Path) -> None:
    """F2, type a name, Enter: the document has that name, saved; the file name stays in the tooltip."""
    case_id = make_case().id or 0
    services.documents.import_files(case_id, [make_pdf(downloads / "scan0001.pdf", ["x"])])
    panel = shown_panel(qtbot, services, case_id)
    select_row(qtbot, panel, 0)
    qtbot.keyClick(panel.table, Qt.Key.Key_F2)
    editor = panel.table.findChild(QLineEdit)
    assert editor is not None and editor.text() == "scan0001.pdf"
    editor.selectAll()
    with qtbot.waitSignal(panel.documents_changed):
        qtbot.keyClicks(editor, "Austin Regional Clinic records")
        qtbot.keyClick(editor, Qt.Key.Key_Return)
    assert names(panel) == ["Austin Regional Clinic records"]
    assert "scan0001.pdf" in panel.model.index(0, COL_NAME).data(Qt.ItemDataRole.ToolTipRole)
    assert services.documents.documents(case_id)[0].title == "Austin Regional Clinic records"


def test_delete_asks_first_and_says_what_cites_it(
    qtbot: QtBot, services: Services, make_case: MakeCase, downloads: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Del asks, naming the document, its pages and what cites it; Cancel keeps it, Delete removes it."""
    case_id = make_case().id or 0
    services.documents.import_files(case_id, [make_pdf(downloads / "a.pdf", numbered_pages(3))])
    panel = shown_panel(qtbot, services, case_id)
    select_row(qtbot, panel, 0)
    asked: list[tuple[str, str]] = []
    answer = [False]

    def confirm(_parent: QWidget, _title: str, text: str, _action: str, detail: str = "") -> bool:
        asked.append((text, detail))
        return answer[0]

    monkeypatch.setattr(documents_module, "confirm", confirm)
    qtbot.keyClick(panel.table, Qt.Key.Key_Delete)
    assert asked[0][0] == "Delete “a.pdf” (3 pages) from this case?"
    assert "No record index entry cites it." in asked[0][1]
    assert names(panel) == ["a.pdf"]

    answer[0] = True
    with qtbot.waitSignal(panel.documents_changed):
        qtbot.mouseClick(panel.delete_button, Qt.MouseButton.LeftButton)
    assert services.documents.documents(case_id) == []
    assert panel.empty_label.isVisible()
    assert panel.status_label.text() == "Deleted “a.pdf”."


def test_the_context_menu_sets_the_provider(
    qtbot: QtBot, services: Services, make_case: MakeCase, downloads: Path
) -> None:
    """Provider ▸ a provider of the case: the table shows it; Not known clears it."""
    case_id = make_case().id or 0
    clinic = services.providers.add_provider(
        CaseProvider(case_id=case_id, contact_id=0), new_contact=Contact(name="Austin Regional Clinic")
    )
    services.documents.import_files(case_id, [make_pdf(downloads / "a.pdf", ["x"])])
    panel = shown_panel(qtbot, services, case_id)
    select_row(qtbot, panel, 0)

    def provider_action(text: str) -> Any:
        menu = panel.context_menu()
        providers = next(action.menu() for action in menu.actions() if action.text() == "&Provider")
        return next(action for action in providers.actions() if action.text() == text)

    assert provider_action("Not known").isChecked()
    with qtbot.waitSignal(panel.documents_changed):
        provider_action("Austin Regional Clinic").trigger()
    assert panel.model.index(0, COL_PROVIDER).data() == "Austin Regional Clinic"
    assert services.documents.documents(case_id)[0].provider_id == clinic.id
    assert provider_action("Austin Regional Clinic").isChecked()
    provider_action("Not known").trigger()
    assert panel.model.index(0, COL_PROVIDER).data() == ""


def test_the_password_dialog_needs_a_password_to_import(qtbot: QtBot) -> None:
    """Import is enabled once something is typed; the typed text is hidden; Skip gives no password."""
    dialog = PasswordDialog("records.pdf")
    qtbot.addWidget(dialog)
    assert not dialog.import_button.isEnabled()
    assert dialog.password.echoMode() == QLineEdit.EchoMode.Password
    qtbot.keyClicks(dialog.password, "pw")
    assert dialog.import_button.isEnabled()
    qtbot.mouseClick(dialog.skip_button, Qt.MouseButton.LeftButton)
    assert dialog.answer is None


def test_results_dialog_lists_every_outcome(qtbot: QtBot, tmp_path: Path) -> None:
    """Each file on its own row with its result and why; the summary counts them."""
    outcomes = [
        ImportOutcome(tmp_path / "a.pdf", ImportStatus.FAILED, "The file is empty (0 bytes)."),
        ImportOutcome(tmp_path / "b.pdf", ImportStatus.CANCELLED, "Not imported: the import was cancelled."),
    ]
    dialog = ImportResultsDialog(outcomes)
    qtbot.addWidget(dialog)
    assert dialog.rows() == [
        ("a.pdf", "Not imported", "The file is empty (0 bytes)."),
        ("b.pdf", "Cancelled", "Not imported: the import was cancelled."),
    ]
    assert dialog.summary.text() == "0 PDFs imported; 1 not imported; 1 cancelled."
