"""The Exhibits sub-tab and its dialogs, driven as a case manager would."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import openpyxl
import pypdf
import pytest
from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtWidgets import QDialogButtonBox, QWidget
from pytestqt.qtbot import QtBot

from casedesk.domain.cases import Case
from casedesk.domain.exhibits import Exhibit, ExhibitParty, ExhibitStatus, NumberedExhibit, NumberingScheme
from casedesk.services.casefiles import Services, open_services
from casedesk.ui.trial.exhibit_dialog import ExhibitDialog, NumberingDialog
from casedesk.ui.trial.exhibit_model import (
    COL_DESCRIPTION,
    COL_DOCUMENT,
    COL_NUMBER,
    COL_STATUS,
    ExhibitTableModel,
)
from casedesk.ui.trial.exhibits import EMPTY_TEXT, ExhibitsPanel
from tests.conftest import TODAY, fixed_clock
from tests.pdfs import make_pdf, numbered_pages

MakeCase = Callable[..., Case]
AnswerDialog = Callable[[type[Any], Callable[[Any], None]], list[Any]]
P, D = ExhibitParty.PLAINTIFF, ExhibitParty.DEFENDANT


def show(qtbot: QtBot, widget: QWidget) -> None:
    """On screen and active, so that its keyboard shortcuts and focus work."""
    widget.show()
    qtbot.waitExposed(widget)
    widget.activateWindow()
    qtbot.waitUntil(widget.isActiveWindow)


def shown_panel(qtbot: QtBot, services: Services, case_id: int | None) -> ExhibitsPanel:
    panel = ExhibitsPanel(services.exhibits)
    qtbot.addWidget(panel)
    show(qtbot, panel)
    panel.set_case(case_id)
    return panel


def listed(panel: ExhibitsPanel) -> list[tuple[str, str]]:
    """(No., Description) of every row."""
    model = panel.model
    return [
        (model.index(row, COL_NUMBER).data(), model.index(row, COL_DESCRIPTION).data())
        for row in range(model.rowCount())
    ]


def add(services: Services, case_id: int, party: ExhibitParty, description: str, **fields: Any) -> int:
    saved = services.exhibits.add(Exhibit(case_id=case_id, party=party, description=description, **fields))
    return saved.exhibit.id or 0


def import_pdf(services: Services, case_id: int, path: Path, pages: int) -> int:
    (outcome,) = services.documents.import_files(case_id, [make_pdf(path, numbered_pages(pages, path.stem))])
    assert outcome.document is not None and outcome.document.id is not None
    return outcome.document.id


@pytest.fixture
def case_id(make_case: MakeCase) -> int:
    """A saved case's id."""
    return make_case(number="PI-2026-0042").id or 0


def test_model_passes_the_model_tester(qtmodeltester: Any, services: Services, case_id: int) -> None:
    """The exhibit model behaves as Qt's views expect, with and without rows."""
    model = ExhibitTableModel()
    qtmodeltester.check(model)
    add(services, case_id, P, "MRI report")
    add(services, case_id, D, "Police report", status=ExhibitStatus.WITHDRAWN)
    model.set_rows(services.exhibits.views(case_id))
    qtmodeltester.check(model)


def test_empty_states(qtbot: QtBot, services: Services, case_id: int) -> None:
    """No case: says so, nothing to press; an empty case: says how to start."""
    panel = shown_panel(qtbot, services, None)
    assert panel.empty_label.text() == "No case selected."
    assert not panel.add_button.isEnabled() and not panel.export_button.isEnabled()
    panel.set_case(case_id)
    assert panel.empty_label.text() == EMPTY_TEXT
    assert panel.add_button.isEnabled() and not panel.edit_button.isEnabled()


def test_add_through_the_dialog_numbers_by_party(
    qtbot: QtBot, services: Services, case_id: int, tmp_path: Path, answer_dialog: AnswerDialog
) -> None:
    """Add… saves what was typed; the plaintiff's exhibit is 1, the defendant's A, each with its pages."""
    document = import_pdf(services, case_id, tmp_path / "mri.pdf", 6)
    plan = iter(
        [
            (P, "MRI report, lumbar spine", "2", "4", "07/01/2026"),
            (D, "Police crash report", "", "", ""),
        ]
    )

    def fill(dialog: ExhibitDialog) -> None:
        party, description, first, last, day = next(plan)
        dialog.party.setCurrentIndex(dialog.party.findData(party))
        qtbot.keyClicks(dialog.description, description)
        if first:
            dialog.document.setCurrentIndex(dialog.document.findData(document))
            qtbot.keyClicks(dialog.page_from, first)
            qtbot.keyClicks(dialog.page_to, last)
            qtbot.keyClicks(dialog.exhibit_date, day)

    answer_dialog(ExhibitDialog, fill)
    panel = shown_panel(qtbot, services, case_id)
    with qtbot.waitSignal(panel.exhibits_changed):
        qtbot.mouseClick(panel.add_button, Qt.MouseButton.LeftButton)
    panel.table.setFocus()
    with qtbot.waitSignal(panel.exhibits_changed):
        qtbot.keyClick(panel.table, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    assert listed(panel) == [("1", "MRI report, lumbar spine"), ("A", "Police crash report")]
    assert panel.model.index(0, COL_DOCUMENT).data() == "mri.pdf, pp. 2–4"
    assert panel.model.index(1, COL_DOCUMENT).data() == "no document"
    first = services.exhibits.exhibits(case_id)[0].exhibit
    assert (first.page_from, first.page_to, first.exhibit_date) == (2, 4, date(2026, 7, 1))
    assert panel.selected_view() is not None and panel.selected_view().numbered.number == "A"  # type: ignore[union-attr]


def test_dialog_checks_pages_and_dates_as_the_user_types(
    qtbot: QtBot, services: Services, case_id: int, tmp_path: Path
) -> None:
    """Pages past the end, a page range backwards and Admitted without a date keep Save off, with why."""
    document = import_pdf(services, case_id, tmp_path / "er.pdf", 3)
    dialog = ExhibitDialog(services.exhibits, case_id)
    qtbot.addWidget(dialog)
    save = dialog.buttons.button(QDialogButtonBox.StandardButton.Save)
    assert not save.isEnabled()  # no description yet
    qtbot.keyClicks(dialog.description, "ER records")
    assert save.isEnabled()
    dialog.document.setCurrentIndex(dialog.document.findData(document))
    qtbot.keyClicks(dialog.page_to, "5")
    assert dialog.labels["page_to"].text() == "The document has 3 pages."
    assert not save.isEnabled()
    dialog.page_to.clear()
    qtbot.keyClicks(dialog.page_to, "2")
    assert save.isEnabled()
    dialog.status.setCurrentIndex(dialog.status.findData(ExhibitStatus.ADMITTED))
    assert "needs the date it was admitted" in dialog.labels["admitted_on"].text()
    qtbot.keyClicks(dialog.admitted_on, "11/22/2026")
    assert "future" in dialog.labels["admitted_on"].text()
    dialog.admitted_on.clear()
    qtbot.keyClicks(dialog.admitted_on, "11/20/2026")
    assert save.isEnabled()


def test_keyboard_moves_renumber_and_stay_in_the_party_list(
    qtbot: QtBot, services: Services, case_id: int
) -> None:
    """Ctrl+Shift+Up moves the selected exhibit up its list; at the top of its list it stays."""
    add(services, case_id, P, "MRI report")
    add(services, case_id, P, "ER records")
    add(services, case_id, D, "Police report")
    panel = shown_panel(qtbot, services, case_id)
    panel.table.setFocus()
    panel.table.selectRow(1)
    with qtbot.waitSignal(panel.exhibits_changed):
        qtbot.keyClick(
            panel.table,
            Qt.Key.Key_Up,
            Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
        )
    assert listed(panel) == [("1", "ER records"), ("2", "MRI report"), ("A", "Police report")]
    assert panel.selected_view().exhibit.description == "ER records"  # type: ignore[union-attr]
    assert not panel.up_button.isEnabled()
    panel.table.selectRow(1)
    assert not panel.down_button.isEnabled()  # last of the plaintiff's list: not into the defendant's
    qtbot.mouseClick(panel.up_button, Qt.MouseButton.LeftButton)
    assert listed(panel)[:2] == [("1", "MRI report"), ("2", "ER records")]


def test_dragging_a_row_moves_it_and_renumbers(qtbot: QtBot, services: Services, case_id: int) -> None:
    """Dropping the third exhibit above the first makes it 1; the list is saved in that order."""
    for name in ("MRI report", "ER records", "Photographs"):
        add(services, case_id, P, name)
    panel = shown_panel(qtbot, services, case_id)
    model = panel.model
    data = model.mimeData([model.index(2, 0)])
    with qtbot.waitSignal(panel.exhibits_changed):
        assert model.dropMimeData(data, Qt.DropAction.MoveAction, 0, 0, QModelIndex())
    assert listed(panel) == [("1", "Photographs"), ("2", "MRI report"), ("3", "ER records")]
    assert [n.exhibit.description for n in services.exhibits.exhibits(case_id)] == [
        "Photographs",
        "MRI report",
        "ER records",
    ]


def test_moving_marked_exhibits_asks_first(
    qtbot: QtBot, services: Services, case_id: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A move that would renumber a marked exhibit asks; No leaves the numbers, Yes moves."""
    add(services, case_id, P, "MRI report", status=ExhibitStatus.MARKED, marked_on=TODAY)
    add(services, case_id, P, "ER records")
    panel = shown_panel(qtbot, services, case_id)
    asked: list[list[str]] = []
    answer = [False]

    def ask(affected: list[NumberedExhibit], _action: str) -> bool:
        asked.append([n.label for n in affected])
        return answer[0]

    monkeypatch.setattr(panel, "ask_renumber", ask)
    panel.table.selectRow(1)
    panel.move_up()
    assert asked == [["Plaintiff's Exhibit 1"]]
    assert listed(panel) == [("1", "MRI report"), ("2", "ER records")]
    answer[0] = True
    panel.move_up()
    assert listed(panel) == [("1", "ER records"), ("2", "MRI report")]


def test_delete_and_undo(qtbot: QtBot, services: Services, case_id: int) -> None:
    """Del removes the exhibit and closes up the numbers; Ctrl+Z puts it back under its number."""
    add(services, case_id, P, "MRI report")
    add(services, case_id, P, "ER records")
    add(services, case_id, P, "Photographs")
    panel = shown_panel(qtbot, services, case_id)
    panel.table.setFocus()
    panel.table.selectRow(1)
    with qtbot.waitSignal(panel.exhibits_changed):
        qtbot.keyClick(panel.table, Qt.Key.Key_Delete)
    assert listed(panel) == [("1", "MRI report"), ("2", "Photographs")]
    assert "ER records" in panel.undo_bar.label.text()
    with qtbot.waitSignal(panel.exhibits_changed):
        qtbot.keyClick(panel.table, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert listed(panel) == [("1", "MRI report"), ("2", "ER records"), ("3", "Photographs")]
    assert panel.undo_bar.isHidden()


def test_context_menu_marks_admitted_today(qtbot: QtBot, services: Services, case_id: int) -> None:
    """Right-click › Admitted today sets the status and today's date; the timeline gets a note."""
    add(services, case_id, P, "MRI report")
    panel = shown_panel(qtbot, services, case_id)
    panel.table.selectRow(0)
    menu = panel.context_menu()
    assert menu is not None
    [admit] = [a for a in menu.actions() if a.text() == "Admitted today"]
    with qtbot.waitSignal(panel.exhibits_changed):
        admit.trigger()
    assert panel.model.index(0, COL_STATUS).data() == f"Admitted {TODAY:%m/%d/%Y}"
    assert any(e.subject == "Plaintiff's Exhibit 1 admitted" for e in services.timeline.entries(case_id))


def test_numbering_dialog_renumbers_and_refuses_collisions(
    qtbot: QtBot, services: Services, case_id: int, answer_dialog: AnswerDialog
) -> None:
    """Ranges from 1 and 500 renumber the defendant's exhibits; a colliding start keeps Save off."""
    add(services, case_id, P, "MRI report")
    add(services, case_id, P, "ER records")
    add(services, case_id, D, "Police report")
    seen: list[str] = []

    def fill(dialog: NumberingDialog) -> None:
        dialog.scheme.setCurrentIndex(dialog.scheme.findData(NumberingScheme.RANGES))
        dialog.defendant_start.setValue(2)
        seen.append(dialog.labels["defendant_start"].text())
        assert not dialog.buttons.button(QDialogButtonBox.StandardButton.Save).isEnabled()
        dialog.defendant_start.setValue(500)

    answer_dialog(NumberingDialog, fill)
    panel = shown_panel(qtbot, services, case_id)
    with qtbot.waitSignal(panel.exhibits_changed):
        qtbot.mouseClick(panel.numbering_button, Qt.MouseButton.LeftButton)
    assert "would run into" in seen[0]
    assert [number for number, _ in listed(panel)] == ["1", "2", "500"]


@pytest.mark.parametrize("suffix", [".pdf", ".xlsx"])
def test_export_list_writes_the_file_in_the_background(
    suffix: str,
    qtbot: QtBot,
    services: Services,
    case_id: int,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Export List… writes the chosen format; the file reads back with the exhibits."""
    add(services, case_id, P, "MRI report")
    add(services, case_id, D, "Police report")
    panel = shown_panel(qtbot, services, case_id)
    target = tmp_path / f"list{suffix}"
    suggested: list[str] = []
    monkeypatch.setattr(panel, "ask_export_path", lambda name: suggested.append(name) or target)
    qtbot.mouseClick(panel.export_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: panel.task is None and target.exists())
    assert suggested == ["PI-2026-0042 exhibit list.pdf"]
    assert panel.status_label.text() == f"Saved {target.name} in {tmp_path}"
    if suffix == ".pdf":
        text = pypdf.PdfReader(target).pages[0].extract_text()
        assert "MRI report" in text and "Police report" in text
    else:
        rows = list(openpyxl.load_workbook(target)["Exhibits"].iter_rows(values_only=True))
        assert [row[5] for row in rows[-2:]] == ["MRI report", "Police report"]


def test_exhibits_survive_reopening_the_case_file(
    qtbot: QtBot, services: Services, case_id: int, db_path: Path, answer_dialog: AnswerDialog
) -> None:
    """What was added and moved through the panel is there, in order, after the file is opened again."""
    names = iter(["MRI report", "ER records"])
    answer_dialog(ExhibitDialog, lambda dialog: qtbot.keyClicks(dialog.description, next(names)))
    panel = shown_panel(qtbot, services, case_id)
    panel.add_exhibit()
    panel.add_exhibit()
    panel.move_up()
    assert listed(panel) == [("1", "ER records"), ("2", "MRI report")]
    services.close()
    reopened = open_services(db_path, clock=fixed_clock)
    try:
        again = ExhibitsPanel(reopened.exhibits)
        qtbot.addWidget(again)
        again.set_case(case_id)
        assert listed(again) == [("1", "ER records"), ("2", "MRI report")]
    finally:
        reopened.close()


def test_enter_edits_and_a_deleted_document_shows_no_document(
    qtbot: QtBot,
    services: Services,
    case_id: int,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Enter opens the selected exhibit; once its document is deleted the row says "no document"."""
    document = import_pdf(services, case_id, tmp_path / "er.pdf", 2)
    add(services, case_id, P, "ER records", document_id=document)
    asked: list[NumberedExhibit | None] = []

    def ask(_parent: object, _service: object, _case_id: int, exhibit: NumberedExhibit | None = None) -> None:
        asked.append(exhibit)

    monkeypatch.setattr(ExhibitDialog, "ask", ask)
    panel = shown_panel(qtbot, services, case_id)
    assert panel.model.index(0, COL_DOCUMENT).data() == "er.pdf (2 pp.)"
    panel.table.setFocus()
    panel.table.selectRow(0)
    qtbot.keyClick(panel.table, Qt.Key.Key_Return)
    assert [a.label if a else None for a in asked] == ["Plaintiff's Exhibit 1"]
    services.documents.delete(document)
    panel.refresh()
    assert panel.model.index(0, COL_DOCUMENT).data() == "no document"
    assert "no document" in panel.detail.text()
