"""The Binder sub-tab, driven as a case manager would: arrange the sections, file documents, export, print."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader
from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtWidgets import QDialog
from pytestqt.qtbot import QtBot

from casedesk.domain.binder import SectionKind
from casedesk.domain.binder_plan import BinderResult
from casedesk.domain.cases import Case
from casedesk.domain.contacts import Contact
from casedesk.domain.exhibits import Exhibit, ExhibitParty
from casedesk.domain.progress import CancelToken
from casedesk.domain.witnesses import Witness, WitnessKind
from casedesk.resources import binder_template
from casedesk.services.casefiles import Services
from casedesk.ui.trial.binder import NO_CASE, AddDocumentsDialog, BinderPanel, SectionDialog
from casedesk.ui.trial.binder_export import AfterExport, render_pdf
from tests.pdfs import make_pdf, numbered_pages

AnswerDialog = Callable[[type[QDialog], Callable[[Any], None]], list[QDialog]]


@pytest.fixture
def case(services: Services, make_case: Callable[..., Case], tmp_path: Path) -> Case:
    """A case with two documents: an ER record (as Plaintiff's Exhibit 1) and a 4-page complaint."""
    case = make_case()
    assert case.id is not None
    outcomes = services.documents.import_files(
        case.id,
        [
            make_pdf(tmp_path / "er.pdf", numbered_pages(3, "ER")),
            make_pdf(tmp_path / "complaint.pdf", numbered_pages(4, "COMPLAINT")),
        ],
    )
    er = outcomes[0].document
    assert er is not None
    services.exhibits.add(Exhibit(case.id, ExhibitParty.PLAINTIFF, "ER record", document_id=er.id))
    services.witnesses.add(Witness(case.id, 0, WitnessKind.FACT), new_contact=Contact("Sam Lee"))
    return case


@pytest.fixture
def panel(qtbot: QtBot, services: Services, case: Case) -> BinderPanel:
    """The panel showing the case's binder."""
    widget = BinderPanel(services.binder, services.documents)
    qtbot.addWidget(widget)
    widget.set_case(case.id, case.number)
    widget.show()
    qtbot.waitExposed(widget)
    widget.activateWindow()
    return widget


def section_titles(panel: BinderPanel) -> list[str]:
    """The section list's lines."""
    return [panel.sections.item(row).text() for row in range(panel.sections.count())]


def select_section(panel: BinderPanel, title: str) -> None:
    """Click the section with this title."""
    row = next(i for i, text in enumerate(section_titles(panel)) if text.endswith(f" {title}"))
    panel.sections.setCurrentRow(row)
    panel.sections.setFocus()


def test_without_a_case_nothing_can_be_done(qtbot: QtBot, services: Services) -> None:
    """No case: an empty list, a message, every button off."""
    widget = BinderPanel(services.binder, services.documents)
    qtbot.addWidget(widget)
    assert widget.sections.count() == 0
    assert widget.contents_label.text() == NO_CASE
    assert not widget.export_button.isEnabled() and not widget.add_documents_button.isEnabled()


def test_the_template_sections_show_with_what_each_generates(panel: BinderPanel) -> None:
    """Sections numbered in trial order; the exhibits tab says what it generates, in grey."""
    assert section_titles(panel) == [f"{i + 1}.  {t.title}" for i, t in enumerate(binder_template())]
    select_section(panel, "Exhibits")
    (index, exhibit, hint) = panel.contents_texts()
    assert index == "Exhibit index (1 exhibit)"
    assert exhibit == "Plaintiff's Exhibit 1 — ER record (pages with sticker)"
    assert "generated" in panel.contents_label.text()
    assert "No documents filed here" in hint
    select_section(panel, "Witnesses")
    assert panel.contents_texts()[0] == "Witness sheet — Sam Lee (Fact witness)"
    assert panel.current_item() is None and not panel.remove_button.isEnabled()


def test_sections_are_added_renamed_moved_deleted_and_undone(
    qtbot: QtBot, panel: BinderPanel, services: Services, case: Case, answer_dialog: AnswerDialog
) -> None:
    """Add after the selection, F2 to rename, Ctrl+Shift+Down to move, Del then Ctrl+Z; all saved."""

    def name_it(dialog: SectionDialog) -> None:
        assert not dialog.buttons.buttons()[0].isEnabled() or dialog.title_edit.text()
        dialog.title_edit.clear()
        qtbot.keyClicks(dialog.title_edit, "Damages experts")

    answer_dialog(SectionDialog, name_it)
    select_section(panel, "Reference")
    qtbot.mouseClick(panel.add_section_button, Qt.MouseButton.LeftButton)
    assert section_titles(panel)[1] == "2.  Damages experts"
    assert panel.current_section() is not None and panel.current_section().kind is SectionKind.CUSTOM  # type: ignore[union-attr]

    def rename(dialog: SectionDialog) -> None:
        assert not dialog.kind_combo.isEnabled()
        dialog.title_edit.clear()
        qtbot.keyClicks(dialog.title_edit, "Experts")

    answer_dialog(SectionDialog, rename)
    qtbot.keyClick(panel.sections, Qt.Key.Key_F2)
    qtbot.keyClick(
        panel.sections,
        Qt.Key.Key_Down,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    assert section_titles(panel)[2] == "3.  Experts"
    qtbot.keyClick(panel.sections, Qt.Key.Key_Delete)
    assert "3.  Experts" not in section_titles(panel)
    assert panel.undo_bar.isVisible() and "Experts" in panel.undo_bar.label.text()
    qtbot.keyClick(panel.sections, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert section_titles(panel)[2] == "3.  Experts"
    assert [s.title for s in services.binder.layout(case.id or 0).sections][2] == "Experts"


def test_an_empty_title_cannot_be_saved(qtbot: QtBot) -> None:
    """The Save button waits for a title, with the reason shown."""
    dialog = SectionDialog()
    qtbot.addWidget(dialog)
    dialog.title_edit.clear()
    save = dialog.buttons.buttons()[0]
    assert not save.isEnabled() and "title" in dialog.error_label.text()
    qtbot.keyClicks(dialog.title_edit, "Exhibits to avoid")
    assert save.isEnabled() and not dialog.error_label.text()


def test_documents_are_filed_with_a_page_range_moved_removed_and_put_back(
    qtbot: QtBot, panel: BinderPanel, services: Services, case: Case, answer_dialog: AnswerDialog
) -> None:
    """Pick the complaint, pages 2–3; then both documents; move, remove with Del and undo with Ctrl+Z."""

    def pages_two_to_three(dialog: AddDocumentsDialog) -> None:
        dialog.list.setCurrentRow(1)
        assert dialog.to_spin.value() == 4
        dialog.to_spin.setValue(1)
        dialog.from_spin.setValue(2)
        assert "cannot come before" in dialog.error_label.text()
        dialog.to_spin.setValue(3)
        assert not dialog.error_label.text()

    answer_dialog(AddDocumentsDialog, pages_two_to_three)
    select_section(panel, "Pleadings and Discovery")
    qtbot.mouseClick(panel.add_documents_button, Qt.MouseButton.LeftButton)
    assert panel.contents_texts() == ["complaint.pdf — pages 2–3"]

    def both(dialog: AddDocumentsDialog) -> None:
        dialog.list.selectAll()
        assert not dialog.from_spin.isEnabled()

    answer_dialog(AddDocumentsDialog, both)
    qtbot.mouseClick(panel.add_documents_button, Qt.MouseButton.LeftButton)
    assert panel.contents_texts() == [
        "complaint.pdf — pages 2–3",
        "er.pdf — all 3 pages",
        "complaint.pdf — all 4 pages",
    ]
    panel.contents.setCurrentRow(2)
    panel.contents.setFocus()
    qtbot.keyClick(
        panel.contents, Qt.Key.Key_Up, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
    )
    assert panel.contents_texts()[1] == "complaint.pdf — all 4 pages"
    panel.contents.setCurrentRow(0)
    qtbot.keyClick(panel.contents, Qt.Key.Key_Delete)
    assert panel.contents_texts() == ["complaint.pdf — all 4 pages", "er.pdf — all 3 pages"]
    qtbot.keyClick(panel.contents, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    saved = services.binder.layout(case.id or 0).sections[1].items
    assert [(i.document_name, i.pages_text) for i in saved] == [
        ("complaint.pdf", "pages 2–3"),
        ("complaint.pdf", "all 4 pages"),
        ("er.pdf", "all 3 pages"),
    ]


def test_reset_asks_first(
    panel: BinderPanel, services: Services, case: Case, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Declining keeps the layout; confirming puts back the template."""
    select_section(panel, "Voir Dire")
    panel.delete_section()
    answers = iter([False, True])
    monkeypatch.setattr(panel, "confirm_reset", lambda: next(answers))
    panel.reset_button.click()
    assert len(section_titles(panel)) == len(binder_template()) - 1
    panel.reset_button.click()
    assert len(section_titles(panel)) == len(binder_template())


def test_export_writes_the_binder_in_the_background_and_offers_to_open_it(
    qtbot: QtBot,
    panel: BinderPanel,
    services: Services,
    case: Case,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Export Binder… writes the PDF off the GUI thread; the exhibit gets its Bates numbers; Open opens it."""
    target = tmp_path / "out" / "binder.pdf"
    target.parent.mkdir()
    opened: list[Path] = []
    monkeypatch.setattr(panel.export, "ask_path", lambda suggested: target)
    monkeypatch.setattr(panel.export, "ask_after", lambda path, result: AfterExport.OPEN)
    monkeypatch.setattr(panel.export, "open", lambda path: opened.append(path) or True)
    with qtbot.waitSignal(panel.binder_exported, timeout=20000) as signal:
        qtbot.mouseClick(panel.export_button, Qt.MouseButton.LeftButton)
    assert signal.args == [target]
    assert opened == [target]
    text = "\n".join(page.extract_text() for page in PdfReader(target).pages)
    assert "PLAINTIFF'S EXHIBIT" in text and "ALVAREZ000001" in text
    assert panel.export.folder == target.parent


def test_an_unreadable_document_can_be_skipped(
    qtbot: QtBot,
    panel: BinderPanel,
    services: Services,
    case: Case,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A missing stored file is named; "Skip it and continue" writes the rest and lists what was left out."""
    (er, _complaint) = services.documents.documents(case.id or 0)
    services.documents.file_path(er).unlink()
    asked: list[str] = []
    results: list[BinderResult] = []
    monkeypatch.setattr(panel.export, "ask_path", lambda suggested: tmp_path / "b.pdf")
    monkeypatch.setattr(panel.export, "ask_skip", lambda error: asked.append(error.document) or True)
    monkeypatch.setattr(
        panel.export, "ask_after", lambda path, result: results.append(result) or AfterExport.CLOSE
    )
    with qtbot.waitSignal(panel.binder_exported, timeout=20000):
        panel.export_button.click()
    assert asked == ["er.pdf"]
    assert len(results[0].skipped) == 1 and "er.pdf" in results[0].skipped[0]


def test_a_witness_binder_for_the_witness_picked(
    qtbot: QtBot, panel: BinderPanel, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Witness Binder… lists the witnesses; the one picked gets a binder of his own."""
    offered: list[list[str]] = []
    monkeypatch.setattr(panel, "ask_witness", lambda names: offered.append(names) or names[0])
    monkeypatch.setattr(panel.export, "ask_path", lambda suggested: tmp_path / suggested)
    monkeypatch.setattr(panel.export, "ask_after", lambda path, result: AfterExport.CLOSE)
    with qtbot.waitSignal(panel.binder_exported, timeout=20000) as signal:
        panel.witness_button.click()
    assert offered == [["Sam Lee (Fact witness)"]]
    path: Path = signal.args[0]
    assert "Sam Lee" in path.name
    assert "Witness Binder — Sam Lee" in PdfReader(path).pages[0].extract_text()


def test_printing_draws_every_page(qtbot: QtBot, tmp_path: Path) -> None:
    """Each page of the PDF is drawn on its own printer page."""
    from PySide6.QtPrintSupport import QPrinter

    source = make_pdf(tmp_path / "source.pdf", numbered_pages(3, "Page"))
    printer = QPrinter(QPrinter.PrinterMode.ScreenResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(tmp_path / "printed.pdf"))
    reports: list[tuple[int, int]] = []
    assert (
        render_pdf(source, printer, lambda done, total, _name: reports.append((done, total)), CancelToken())
        == 3
    )
    assert len(PdfReader(tmp_path / "printed.pdf").pages) == 3
    assert reports[-1] == (3, 3)


def test_a_section_dragged_lower_is_saved_there(panel: BinderPanel, services: Services, case: Case) -> None:
    """Dropping "Reference" below "Voir Dire" moves it there in the case file too."""
    moved = panel.sections.model().moveRow(QModelIndex(), 0, QModelIndex(), 4)
    assert moved
    assert section_titles(panel)[3] == "4.  Reference"
    assert [s.title for s in services.binder.layout(case.id or 0).sections][3] == "Reference"


def test_print_after_export_prints_the_saved_binder(
    qtbot: QtBot, panel: BinderPanel, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Choosing Print… once the binder is saved prints that file."""
    printed: list[Path] = []
    monkeypatch.setattr(panel.export, "ask_path", lambda suggested: tmp_path / "b.pdf")
    monkeypatch.setattr(panel.export, "ask_after", lambda path, result: AfterExport.PRINT)
    monkeypatch.setattr(panel.export, "print", printed.append)
    with qtbot.waitSignal(panel.binder_exported, timeout=20000):
        panel.export_button.click()
    assert printed == [tmp_path / "b.pdf"]


def test_a_document_dragged_above_another_is_saved_there(
    panel: BinderPanel, services: Services, case: Case
) -> None:
    """In the exhibits tab (two generated lines first), dragging the second document up files it first."""
    exhibits = next(
        s for s in services.binder.layout(case.id or 0).sections if s.kind is SectionKind.EXHIBITS
    )
    er, complaint = services.documents.documents(case.id or 0)
    services.binder.add_documents(exhibits.id or 0, [er.id or 0, complaint.id or 0])
    panel.refresh()
    select_section(panel, "Exhibits")
    assert panel.contents_texts()[2:] == ["er.pdf — all 3 pages", "complaint.pdf — all 4 pages"]
    assert panel.contents.model().moveRow(QModelIndex(), 3, QModelIndex(), 2)
    assert panel.contents_texts()[2:] == ["complaint.pdf — all 4 pages", "er.pdf — all 3 pages"]
    saved = next(s for s in services.binder.layout(case.id or 0).sections if s.kind is SectionKind.EXHIBITS)
    assert [item.document_name for item in saved.items] == ["complaint.pdf", "er.pdf"]
