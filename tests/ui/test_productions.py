"""The Productions sub-tab: Bates settings checked as typed, New Production… in the background, the log."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox, QPushButton
from pytestqt.qtbot import QtBot

from casedesk.domain.bates import BatesSettings
from casedesk.domain.cases import Case, Client
from casedesk.domain.documents import stored_name
from casedesk.domain.errors import CasedeskError
from casedesk.services.casefiles import Services
from casedesk.ui.trial import productions as productions_module
from casedesk.ui.trial.bates_settings_dialog import BatesSettingsDialog
from casedesk.ui.trial.production_dialog import ProductionDialog, ProductionRequest
from casedesk.ui.trial.productions import EMPTY, NO_CASE, ProductionsPanel
from tests.pdfs import make_damaged, make_pdf, numbered_pages


@pytest.fixture
def case_id(make_case: Callable[..., Case], make_client: Callable[..., Client]) -> int:
    """A case of the client John Smith."""
    case = make_case(client_id=make_client(name="John Smith").id)
    assert case.id is not None
    return case.id


@pytest.fixture
def panel(qtbot: QtBot, services: Services) -> ProductionsPanel:
    """The panel, with no case yet."""
    widget = ProductionsPanel(services.bates, services.documents)
    qtbot.addWidget(widget)
    return widget


def import_pdfs(services: Services, case_id: int, folder: Path, pages: list[int]) -> list[int]:
    """Import ``Doc 1.pdf``… with these page counts; their ids."""
    folder.mkdir(exist_ok=True)
    paths = [make_pdf(folder / f"Doc {n}.pdf", numbered_pages(c, f"Doc {n}")) for n, c in enumerate(pages, 1)]
    ids = [o.document.id for o in services.documents.import_files(case_id, paths) if o.document is not None]
    return [i for i in ids if i is not None]


def test_empty_states_and_settings_line(panel: ProductionsPanel, case_id: int, qtmodeltester: Any) -> None:
    """No case: a note and nothing to press; a new case: its default prefix and how to start."""
    assert panel.empty_label.text() == NO_CASE
    assert not panel.produce_button.isEnabled() and not panel.settings_button.isEnabled()
    panel.set_case(case_id)
    assert panel.empty_label.text() == EMPTY
    assert "SMITH" in panel.settings_label.text() and "SMITH000001" in panel.settings_label.text()
    assert panel.produce_button.isEnabled() and not panel.rewrite_button.isEnabled()
    qtmodeltester.check(panel.tree.model())


def test_settings_dialog_validates_as_typed(
    qtbot: QtBot, panel: ProductionsPanel, services: Services, case_id: int, tmp_path: Path
) -> None:
    """Bad prefixes are refused as typed; a used prefix fills in its next number; Save updates the panel."""
    (a,) = import_pdfs(services, case_id, tmp_path / "in", [3])
    services.bates.number_documents(case_id, [a], recipient="Defense counsel")
    panel.set_case(case_id)
    dialog = BatesSettingsDialog(panel, services.bates, case_id)
    qtbot.addWidget(dialog)
    dialog.show()
    save = dialog.buttons.button(QDialogButtonBox.StandardButton.Save)
    assert dialog.start_edit.text() == "4" and dialog.sample_label.text() == "SMITH000004"
    dialog.prefix_edit.clear()
    qtbot.keyClicks(dialog.prefix_edit, "ALV P")
    assert "only letters, digits" in dialog.form_errors.message("prefix")
    assert not save.isEnabled() and dialog.sample_label.text() == "—"
    qtbot.keyClick(dialog.prefix_edit, Qt.Key.Key_Backspace)
    qtbot.keyClick(dialog.prefix_edit, Qt.Key.Key_Backspace)
    assert dialog.form_errors.message("prefix") == ""
    dialog.start_edit.clear()
    qtbot.keyClicks(dialog.start_edit, "500")
    assert dialog.sample_label.text() == "ALV000500" and save.isEnabled()
    dialog.prefix_edit.selectAll()
    qtbot.keyClicks(dialog.prefix_edit, "smith")
    assert dialog.start_edit.text() == "4", "a used prefix goes on where it stopped"
    dialog.start_edit.clear()
    qtbot.keyClicks(dialog.start_edit, "2")
    assert "twice" in dialog.form_errors.message("start") and not save.isEnabled()
    dialog.start_edit.clear()
    qtbot.keyClicks(dialog.start_edit, "4")
    dialog.digits_spin.setValue(8)
    assert dialog.sample_label.text() == "SMITH00000004"
    monkey_ask = [dialog]

    def ask() -> BatesSettings | None:
        shown = monkey_ask.pop()
        qtbot.mouseClick(
            shown.buttons.button(QDialogButtonBox.StandardButton.Save), Qt.MouseButton.LeftButton
        )
        return shown.saved

    panel.ask_settings = ask  # type: ignore[method-assign]
    with qtbot.waitSignal(panel.numbers_changed):
        qtbot.mouseClick(panel.settings_button, Qt.MouseButton.LeftButton)
    assert services.bates.settings(case_id) == BatesSettings("SMITH", 8, 4)
    assert "SMITH00000004" in panel.settings_label.text()


def _drive_production(
    qtbot: QtBot, folder: Path, recipient: str, rows: list[int]
) -> Callable[..., ProductionRequest | None]:
    """An ``ask_production`` that builds the real dialog and fills it as a user would."""

    def ask(
        panel: ProductionsPanel, documents: Any, numbers: Any, settings: Any, next_number: int
    ) -> ProductionRequest | None:
        dialog = ProductionDialog(panel, documents, numbers, settings, next_number, panel._bates.today())
        qtbot.addWidget(dialog)
        dialog.show()
        produce = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
        assert not produce.isEnabled(), "nothing ticked, no recipient"
        for row in rows:
            dialog.list.item(row).setCheckState(Qt.CheckState.Checked)
        qtbot.keyClicks(dialog.recipient_edit, recipient)
        dialog.date_field.clear()
        qtbot.keyClicks(dialog.date_field, "12/25/2026")
        assert "future" in dialog.form_errors.message("produced_on") and not produce.isEnabled()
        dialog.date_field.clear()
        qtbot.keyClicks(dialog.date_field, "11/20/2026")
        dialog.folder_edit.setText(str(folder))
        ask.summaries.append(dialog.summary())  # type: ignore[attr-defined]
        ask.items.append([dialog.list.item(r).text() for r in range(dialog.list.count())])  # type: ignore[attr-defined]
        qtbot.mouseClick(produce, Qt.MouseButton.LeftButton)
        return dialog.request

    ask.summaries = []  # type: ignore[attr-defined]
    ask.items = []  # type: ignore[attr-defined]
    return ask


def test_new_production_stamps_copies_logs_and_offers_the_folder(
    qtbot: QtBot, panel: ProductionsPanel, services: Services, case_id: int, tmp_path: Path
) -> None:
    """Tick documents, name the recipient, Produce: copies in the folder, the log lists the ranges."""
    import_pdfs(services, case_id, tmp_path / "in", [3, 2, 4])
    panel.set_case(case_id)
    out = tmp_path / "out"
    out.mkdir()
    ask = _drive_production(qtbot, out, "Defense counsel", [0, 2])
    panel.ask_production = lambda *args: ask(panel, *args)  # type: ignore[method-assign]
    opened: list[Path] = []
    panel.ask_open = lambda _folder: True  # type: ignore[method-assign]
    panel.open = lambda folder: opened.append(folder) or True  # type: ignore[method-assign]
    with qtbot.waitSignals([panel.numbers_changed, panel.timeline_changed], timeout=20_000):
        qtbot.mouseClick(panel.produce_button, Qt.MouseButton.LeftButton)
    assert ask.summaries == ["2 documents, 7 pages. New numbers: SMITH000001–SMITH000007."]  # type: ignore[attr-defined]
    assert opened == [out]
    assert sorted(p.name for p in out.iterdir()) == [
        "SMITH000001-SMITH000003 Doc 1.pdf",
        "SMITH000001-SMITH000007 index.xlsx",
        "SMITH000004-SMITH000007 Doc 3.pdf",
    ]
    assert "SMITH000007" in PdfReader(out / "SMITH000004-SMITH000007 Doc 3.pdf").pages[3].extract_text()
    assert panel.tree.topLevelItemCount() == 1
    top = panel.tree.topLevelItem(0)
    assert top is not None
    assert top.text(0) == "11/20/2026"
    assert [top.text(c) for c in (1, 2, 3)] == [
        "Defense counsel",
        "SMITH000001–SMITH000007",
        "2 documents, 7 pages",
    ]
    assert [top.child(i).text(2) for i in range(top.childCount())] == [
        "SMITH000001–SMITH000003",
        "SMITH000004–SMITH000007",
    ]
    assert "SMITH000008" in panel.settings_label.text()

    # A second production shows the numbered documents' ranges and gives the new one the next numbers.
    again = tmp_path / "again"
    again.mkdir()
    ask2 = _drive_production(qtbot, again, "Mediator", [0, 1])
    panel.ask_production = lambda *args: ask2(panel, *args)  # type: ignore[method-assign]
    with qtbot.waitSignal(panel.numbers_changed, timeout=20_000):
        qtbot.mouseClick(panel.produce_button, Qt.MouseButton.LeftButton)
    assert ask2.items[0][0].endswith("SMITH000001–SMITH000003")  # type: ignore[attr-defined]
    assert ask2.summaries == ["2 documents, 5 pages. New numbers: SMITH000008–SMITH000009."]  # type: ignore[attr-defined]
    assert panel.tree.topLevelItemCount() == 2
    assert (again / "SMITH000001-SMITH000003 Doc 1.pdf").is_file()
    assert (again / "SMITH000008-SMITH000009 Doc 2.pdf").is_file()


def test_a_damaged_document_is_named_and_nothing_is_numbered(
    qtbot: QtBot,
    panel: ProductionsPanel,
    services: Services,
    case_id: int,
    tmp_path: Path,
    db_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The error names the document and says nothing was numbered; without it, the numbers start at 1."""
    _, b = import_pdfs(services, case_id, tmp_path / "in", [1, 2])
    stored = db_path.with_name(f"{db_path.stem}-documents") / stored_name(services.documents.get(b).sha256)
    stored.chmod(0o644)
    make_damaged(stored)
    panel.set_case(case_id)
    out = tmp_path / "out"
    out.mkdir()
    ask = _drive_production(qtbot, out, "Defense counsel", [0, 1])
    panel.ask_production = lambda *args: ask(panel, *args)  # type: ignore[method-assign]
    errors: list[CasedeskError] = []
    monkeypatch.setattr(productions_module, "show_error", lambda _p, _t, error: errors.append(error))
    numbered: list[bool] = []
    panel.numbers_changed.connect(lambda: numbered.append(True))
    qtbot.mouseClick(panel.produce_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bool(errors), timeout=20_000)
    assert errors[0].message.startswith("Nothing was numbered") and "“Doc 2.pdf”" in errors[0].message
    assert "leave it out" in errors[0].hint
    assert not numbered and panel.tree.topLevelItemCount() == 0 and list(out.iterdir()) == []
    assert "SMITH000001" in panel.settings_label.text()

    ask2 = _drive_production(qtbot, out, "Defense counsel", [0])
    panel.ask_production = lambda *args: ask2(panel, *args)  # type: ignore[method-assign]
    panel.ask_open = lambda _folder: False  # type: ignore[method-assign]
    with qtbot.waitSignal(panel.numbers_changed, timeout=20_000):
        qtbot.mouseClick(panel.produce_button, Qt.MouseButton.LeftButton)
    assert ask2.summaries == ["1 document, 1 page. New number: SMITH000001."]  # type: ignore[attr-defined]
    assert panel.tree.topLevelItemCount() == 1


def test_a_document_damaged_after_its_production_can_be_written_again(
    qtbot: QtBot,
    panel: ProductionsPanel,
    services: Services,
    case_id: int,
    tmp_path: Path,
    db_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Writing copies again names the damaged document and says the numbers were logged; fixed, it works."""
    a, b = import_pdfs(services, case_id, tmp_path / "in", [1, 2])
    services.bates.produce(case_id, [a, b], tmp_path, recipient="Defense counsel")
    stored = db_path.with_name(f"{db_path.stem}-documents") / stored_name(services.documents.get(b).sha256)
    good = stored.read_bytes()
    stored.chmod(0o644)
    make_damaged(stored)
    panel.set_case(case_id)
    out = tmp_path / "out"
    out.mkdir()
    errors: list[CasedeskError] = []
    monkeypatch.setattr(productions_module, "show_error", lambda _p, _t, error: errors.append(error))
    panel.tree.setCurrentItem(panel.tree.topLevelItem(0))
    assert panel.rewrite_button.isEnabled()
    panel.ask_folder = lambda: out  # type: ignore[method-assign]
    qtbot.mouseClick(panel.rewrite_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bool(errors), timeout=20_000)
    assert "Doc 2" in errors[0].message and "were given and logged" in errors[0].hint
    stored.write_bytes(good)
    done: list[Path] = []
    panel.ask_open = lambda folder: done.append(folder) or False  # type: ignore[method-assign]
    panel.tree.setCurrentItem(panel.tree.topLevelItem(0))
    qtbot.mouseClick(panel.rewrite_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bool(done), timeout=20_000)
    assert (out / "SMITH000002-SMITH000003 Doc 2.pdf").is_file()
    assert panel.tree.topLevelItemCount() == 1


def test_no_documents_says_where_to_import(
    qtbot: QtBot, panel: ProductionsPanel, case_id: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A case without documents explains instead of opening an empty dialog."""
    panel.set_case(case_id)
    panel.show()
    qtbot.waitExposed(panel)
    panel.activateWindow()
    qtbot.waitUntil(panel.isActiveWindow)
    panel.produce_button.setFocus()
    errors: list[CasedeskError] = []
    monkeypatch.setattr(productions_module, "show_error", lambda _p, _t, error: errors.append(error))
    panel.ask_production = lambda *_a: pytest.fail("opened the dialog")  # type: ignore[method-assign]
    qtbot.keyClick(
        panel.produce_button,
        Qt.Key.Key_P,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    assert errors and "no documents" in errors[0].message


def test_cancel_stops_between_documents_and_says_the_numbers_stay(
    qtbot: QtBot,
    panel: ProductionsPanel,
    services: Services,
    case_id: int,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Cancel while producing: copies written stay, the rest are not written, the log keeps the numbers."""
    import threading

    from casedesk.exports import bates_production

    import_pdfs(services, case_id, tmp_path / "in", [1, 1, 1])
    panel.set_case(case_id)
    out = tmp_path / "out"
    out.mkdir()
    ask = _drive_production(qtbot, out, "Defense counsel", [0, 1, 2])
    panel.ask_production = lambda *args: ask(panel, *args)  # type: ignore[method-assign]
    release = threading.Event()
    second = threading.Event()
    real = bates_production.stamp_copy
    calls: list[str] = []

    def slow(file: bates_production.ProductionFile, target: Path) -> None:
        calls.append(file.name)
        if len(calls) == 2:
            second.set()
            release.wait(10)
        real(file, target)

    monkeypatch.setattr(bates_production, "stamp_copy", slow)
    errors: list[CasedeskError] = []
    monkeypatch.setattr(productions_module, "show_error", lambda _p, _t, error: errors.append(error))
    qtbot.mouseClick(panel.produce_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(second.is_set, timeout=20_000)
    progress = panel._progress
    assert progress is not None and progress.isVisible()
    with qtbot.waitSignal(panel.numbers_changed, timeout=20_000):
        (cancel,) = progress.findChildren(QPushButton)
        qtbot.mouseClick(cancel, Qt.MouseButton.LeftButton)
        release.set()
    assert "Cancelled" in errors[0].message and "were given and logged" in errors[0].message
    assert sorted(p.name for p in out.iterdir()) == ["SMITH000001 Doc 1.pdf", "SMITH000002 Doc 2.pdf"]
    assert panel.tree.topLevelItemCount() == 1 and "SMITH000004" in panel.settings_label.text()
