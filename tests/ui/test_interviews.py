"""The Interviews tab, driven from the keyboard as a case manager conducts an intake interview."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QComboBox, QPlainTextEdit, QTableWidget, QWidget
from pytestqt.qtbot import QtBot

from casedesk.domain.cases import Case, CaseType
from casedesk.domain.contacts import ContactRole
from casedesk.domain.interviews import InterviewStatus
from casedesk.domain.money import Money
from casedesk.services.casefiles import Services, open_services
from casedesk.ui.cases.workspace import CaseWorkspace
from casedesk.ui.interviews.editor import InterviewEditor
from casedesk.ui.interviews.panel import InterviewsPanel, InterviewTableModel
from casedesk.ui.interviews.review import ReviewDialog
from casedesk.ui.main_window import MainWindow
from casedesk.ui.settings import AppSettings
from tests.conftest import fixed_clock


def reopen(path: Path, create: bool, *, passphrase: str | None = None, read_only: bool = False) -> Services:
    return open_services(path, create=create, clock=fixed_clock, passphrase=passphrase, read_only=read_only)


@pytest.fixture
def case(make_case: Callable[..., Case]) -> Case:
    return make_case(case_type=CaseType.MOTOR_VEHICLE, facts="", incident_place="")


def make_panel(qtbot: QtBot, services: Services, case_id: int | None) -> InterviewsPanel:
    """The tab on its own, on screen and active, so the keyboard focus is real."""
    panel = InterviewsPanel(services.interviews)
    qtbot.addWidget(panel)
    panel.resize(1100, 800)
    panel.show()
    qtbot.waitExposed(panel)
    panel.activateWindow()
    qtbot.waitUntil(panel.isActiveWindow)
    panel.set_case(case_id)
    return panel


def focused() -> QWidget:
    widget = QApplication.focusWidget()
    assert widget is not None
    return widget


def type_keys(text: str) -> None:
    """Type as on a keyboard: each key goes to whatever has the focus at that moment."""
    for char in text:
        QTest.keyClick(focused(), char)
        QApplication.processEvents()  # as between real keystrokes


def press(key: Qt.Key, modifier: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier) -> None:
    QTest.keyClick(focused(), key, modifier)
    QApplication.processEvents()


def tab() -> None:
    press(Qt.Key.Key_Tab)


def start_intake(panel: InterviewsPanel) -> InterviewEditor:
    suggested = panel.new_menu.actions()[0]
    assert suggested.text() == "Intake interview  (suggested)"
    suggested.trigger()  # Alt+N, Enter
    assert panel.editor.isVisible()
    return panel.editor


def wait_saved(qtbot: QtBot, editor: InterviewEditor) -> None:
    qtbot.waitUntil(lambda: not editor.has_unsaved_edits(), timeout=3000)
    assert editor.save_state.text().startswith("Draft saved")


@pytest.fixture
def accept_review(monkeypatch: pytest.MonkeyPatch, qtbot: QtBot) -> Iterator[list[ReviewDialog]]:
    """Show the real review dialog and press Add to Case with what it ticks by default."""
    shown: list[ReviewDialog] = []

    def ask(_cls: type[ReviewDialog], parent: Any, items: Any, title: str) -> list[str] | None:
        dialog = ReviewDialog(items, title, parent)
        shown.append(dialog)
        qtbot.mouseClick(dialog.add_button, Qt.MouseButton.LeftButton)
        return dialog.keys

    monkeypatch.setattr(ReviewDialog, "ask", classmethod(ask))
    yield shown


def test_an_intake_from_the_keyboard_survives_closing_the_app_and_feeds_the_case(
    qtbot: QtBot, services: Services, case: Case, db_path: Path, accept_review: list[ReviewDialog]
) -> None:
    panel = make_panel(qtbot, services, case.id)
    assert "No interviews yet" in panel.empty_label.text()
    editor = start_intake(panel)
    assert editor.current_section() is not None and editor.current_section().title == "The incident"
    assert focused() is editor.field("incident_date").focus_widget

    type_keys("03/04/2026")
    tab()
    type_keys("5:30 pm")
    tab()
    type_keys("Main St & 5th, Austin")
    tab()
    assert isinstance(focused(), QPlainTextEdit)
    type_keys("Stopped at a red light and was hit from behind.")
    wait_saved(qtbot, editor)

    # The app closes halfway through: everything typed is in the case file.
    panel.close()
    services.close()
    reopened = open_services(db_path, clock=fixed_clock)
    try:
        panel = make_panel(qtbot, reopened, case.id)
        assert panel.model.index(0, 2).data() == "Draft"
        panel.table.setFocus()
        press(Qt.Key.Key_Return)  # open the selected draft
        editor = panel.editor
        assert editor.isVisible()
        assert editor.field("incident_time").value() == "5:30 pm"
        assert editor.field("how_it_happened").value() == "Stopped at a red light and was hit from behind."

        # Completing too early says what is missing and goes to it.
        press(Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
        assert "to fix before the interview is completed" in editor.message.text()
        section = editor.current_section()
        assert section is not None and section.id == "injuries"  # the first missing answer
        assert focused() is editor.field("injuries").focus_widget
        type_keys("Neck")
        tab()
        type_keys("Moderate")
        press(Qt.Key.Key_Return)
        editor.show_question("providers")
        type_keys("Austin Spine Clinic")
        tab()
        type_keys("Orthopedics")
        tab()
        type_keys("512-555-0100")
        press(Qt.Key.Key_Return)
        editor.show_question("pain_level")
        assert isinstance(focused(), QComboBox)
        type_keys("7")
        editor.show_question("witnesses")
        type_keys("John Doe")
        tab()
        type_keys("512 555 0101")
        press(Qt.Key.Key_Return)
        editor.show_question("prior_injuries")
        type_keys("N")
        editor.show_question("employed")
        type_keys("Y")
        editor.show_question("employer")
        type_keys("H-E-B")
        tab()
        tab()  # job title left blank
        type_keys("H")  # Hourly
        tab()
        type_keys("18.50")
        tab()
        type_keys("Y")  # missed work: the period questions appear
        editor.show_question("time_missed")
        type_keys("64")

        press(Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)  # complete; the review follows
        assert editor.interview is not None and editor.interview.status is InterviewStatus.COMPLETED
        assert editor.title.text() == "Intake interview — completed"
        (review,) = accept_review
        assert set(review.checked_keys()) == {  # the case already has its incident date
            "facts",
            "incident_place",
            "provider:austin spine clinic",
            "witness:john doe",
            "wages",
        }

        links = {(link.contact.name, link.role) for link in reopened.contacts.for_case(case.id or 0)}
        assert links == {
            ("Austin Spine Clinic", ContactRole.MEDICAL_PROVIDER),
            ("John Doe", ContactRole.WITNESS),
        }
        (wage,) = reopened.wages.lost_wages(case.id or 0)
        assert (wage.employer, wage.amount) == ("H-E-B", Money.of("1184.00"))
        saved_case = reopened.cases.get_case(case.id or 0)
        assert saved_case.incident_place == "Main St & 5th, Austin"
        assert "Stopped at a red light" in saved_case.facts
        assert panel.model.index(0, 5).data() == "5 items added"
    finally:
        panel.close()
        reopened.close()


def test_tab_walks_a_table_cell_by_cell_and_leaves_it_from_the_blank_row(
    qtbot: QtBot, services: Services, case: Case
) -> None:
    panel = make_panel(qtbot, services, case.id)
    editor = start_intake(panel)
    editor.show_question("witnesses")
    table = focused()
    assert isinstance(table, QTableWidget)
    type_keys("Ann")
    tab()
    type_keys("555-0100")
    tab()
    type_keys("the crash")
    tab()  # the last cell of a filled row: on to the new blank row
    assert table.currentRow() == 1 and table.rowCount() == 2
    tab()  # Tab in the blank row leaves the table
    assert focused() is not table and not table.isAncestorOf(focused())
    assert editor.field("witnesses").value() == [{"name": "Ann", "phone": "555-0100", "saw": "the crash"}]


def test_a_conditional_question_shows_once_its_answer_is_given(
    qtbot: QtBot, services: Services, case: Case
) -> None:
    panel = make_panel(qtbot, services, case.id)
    editor = start_intake(panel)
    number = editor.field("police_report_number").widget
    assert not number.isVisibleTo(editor)
    editor.show_question("police_report")
    type_keys("Y")
    assert number.isVisibleTo(editor)
    tab()
    assert focused() is editor.field("police_report_number").focus_widget


def test_the_vehicles_section_is_only_for_motor_vehicle_cases(
    qtbot: QtBot, services: Services, make_case: Callable[..., Case]
) -> None:
    premises = make_case(case_type=CaseType.PREMISES)
    panel = make_panel(qtbot, services, premises.id)
    editor = start_intake(panel)
    shown = [
        editor.sections.item(i).text()
        for i in range(editor.sections.count())
        if not editor.sections.item(i).isHidden()
    ]
    assert not any(text.startswith("Vehicles") for text in shown)
    assert editor.field("hazard").widget.isVisibleTo(editor)


def test_a_wrong_answer_is_marked_as_typed_and_still_saved(
    qtbot: QtBot, services: Services, case: Case
) -> None:
    panel = make_panel(qtbot, services, case.id)
    editor = start_intake(panel)
    type_keys("02/30/2026")
    wait_saved(qtbot, editor)
    row_error = next(r.error for p in editor._pages for r in p.rows if r.question.id == "incident_date")
    assert "does not exist" in row_error.text()
    assert row_error.isVisibleTo(editor)
    for question_id, text in (("incident_place", "Aisle 7"), ("how_it_happened", "Slipped.")):
        editor.field(question_id).focus_widget.setFocus()
        type_keys(text)
    assert editor.sections.item(0).text() == "The incident — answers to fix"  # answered, but not right
    (stored,) = services.interviews.interviews(case.id or 0)
    assert stored.answers["incident_date"] == "02/30/2026"


def test_a_future_interview_date_is_refused_beside_the_field_but_the_answers_save(
    qtbot: QtBot, services: Services, case: Case
) -> None:
    panel = make_panel(qtbot, services, case.id)
    editor = start_intake(panel)
    editor.held_on.setFocus()
    editor.held_on.selectAll()
    type_keys("12/25/2026")
    editor.field("incident_place").focus_widget.setFocus()
    type_keys("Walmart parking lot")
    wait_saved(qtbot, editor)
    assert editor.held_on_error.text() == "The interview cannot be held in the future."
    assert editor.held_on_error.isVisibleTo(editor)
    (stored,) = services.interviews.interviews(case.id or 0)
    assert stored.answers["incident_place"] == "Walmart parking lot"
    assert str(stored.held_on) == "2026-11-21"


def test_sections_are_walked_with_ctrl_page_down_and_marked_when_answered(
    qtbot: QtBot, services: Services, case: Case
) -> None:
    panel = make_panel(qtbot, services, case.id)
    editor = start_intake(panel)
    assert editor.sections.item(0).text() == "The incident — 3 to answer"
    press(Qt.Key.Key_PageDown, Qt.KeyboardModifier.ControlModifier)
    assert editor.current_section() is not None and editor.current_section().id == "vehicles"
    assert focused() is editor.field("client_role").focus_widget
    press(Qt.Key.Key_PageUp, Qt.KeyboardModifier.ControlModifier)
    assert editor.current_section() is not None and editor.current_section().id == "incident"
    assert not editor.previous_button.isEnabled()


def test_a_completed_interview_is_read_only_until_reopened(
    qtbot: QtBot, services: Services, case: Case, accept_review: list[ReviewDialog]
) -> None:
    interview = services.interviews.start(case.id or 0, "follow_up")
    interview = services.interviews.save_draft(
        replace(interview, answers={"treatment_since": "PT", "pain_level": "4", "work_status": "Light duty"})
    )
    services.interviews.complete(interview)
    panel = make_panel(qtbot, services, case.id)
    panel.open_selected()
    editor = panel.editor
    field = editor.field("treatment_since")
    assert isinstance(field.widget, QPlainTextEdit) and field.widget.isReadOnly()
    assert editor.review_button.isVisible() and not editor.complete_button.isVisible()
    qtbot.mouseClick(editor.reopen_button, Qt.MouseButton.LeftButton)
    assert not field.widget.isReadOnly()
    assert services.interviews.interviews(case.id or 0)[0].status is InterviewStatus.DRAFT


def test_delete_then_undo(qtbot: QtBot, services: Services, case: Case) -> None:
    services.interviews.start(case.id or 0, "intake")
    panel = make_panel(qtbot, services, case.id)
    panel.table.setFocus()
    press(Qt.Key.Key_Delete)
    assert services.interviews.interviews(case.id or 0) == []
    assert panel.undo_bar.isVisible() and "Deleted the intake interview" in panel.undo_bar.label.text()
    press(Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert len(services.interviews.interviews(case.id or 0)) == 1
    assert panel.model.rowCount() == 1


def test_the_follow_up_is_suggested_once_the_client_had_an_intake(
    qtbot: QtBot, services: Services, case: Case
) -> None:
    services.interviews.start(case.id or 0, "intake")
    panel = make_panel(qtbot, services, case.id)
    assert panel.new_menu.actions()[0].text() == "Follow-up interview  (suggested)"


def test_the_interview_model_passes_the_model_tester(
    qtmodeltester: Any, services: Services, case: Case
) -> None:
    services.interviews.start(case.id or 0, "intake")
    services.interviews.start(case.id or 0, "follow_up")
    model = InterviewTableModel()
    model.set_rows(services.interviews.interviews(case.id or 0), case)
    qtmodeltester.check(model)


# --- in the main window ----------------------------------------------------------------------------


def test_closing_the_window_right_after_typing_keeps_the_last_keystrokes(
    qtbot: QtBot, db_path: Path, app_settings: AppSettings, make_case: Callable[..., Case]
) -> None:
    case = make_case(case_type=CaseType.PREMISES)
    window = MainWindow(app_settings, reopen, reopen(db_path, False))
    qtbot.addWidget(window)
    window.show()
    assert window.case_list is not None and window.workspace is not None
    window.case_list.table.selectRow(0)
    window.interviews_action.trigger()  # Ctrl+5
    workspace = window.workspace
    assert workspace.tabs.currentWidget() is workspace.interviews
    workspace.interviews.new_menu.actions()[0].trigger()
    editor = workspace.interviews.editor
    qtbot.keyClicks(editor.field("incident_place").focus_widget, "Aisle 7, Fiesta Mart")
    assert editor.has_unsaved_edits()  # the autosave has not fired yet
    window.close()
    again = reopen(db_path, False)
    try:
        (draft,) = again.interviews.interviews(case.id or 0)
        assert draft.answers["incident_place"] == "Aisle 7, Fiesta Mart"
    finally:
        again.close()


def test_the_review_step_shows_at_once_in_the_case(
    qtbot: QtBot, services: Services, case: Case, accept_review: list[ReviewDialog]
) -> None:
    interview = services.interviews.start(case.id or 0, "intake")
    answers = {
        "incident_date": "03/04/2026",
        "incident_place": "Main St & 5th, Austin",
        "how_it_happened": "Rear-ended at a light.",
        "injuries": [{"body_part": "Neck"}],
        "witnesses": [{"name": "John Doe"}],
        "pain_level": "8",
        "prior_injuries": "no",
        "employed": "yes",
        "employer": "Fiesta Mart",
        "pay_basis": "Daily",
        "pay_rate": "160",
        "missed_work": "yes",
        "time_missed": "10",
    }
    services.interviews.save_draft(replace(interview, answers=answers))
    workspace = CaseWorkspace(services)
    qtbot.addWidget(workspace)
    changed: list[int] = []
    workspace.case_changed.connect(changed.append)
    workspace.set_case(case.id)
    workspace.show_tab("interviews")
    workspace.interviews.open_selected()
    workspace.interviews.editor.complete()
    assert accept_review, "completing offers the review step"
    assert changed == [case.id]  # the case list refreshes: the place changed
    overview = workspace.overview.overview
    assert overview is not None and overview.case.incident_place == "Main St & 5th, Austin"
    assert workspace.timeline.model.rowCount() == 2  # the interview, and what it added
    assert "8/10" in workspace.overview.pain_summary_label.text()
    assert workspace.wages.model.rowCount() == 1  # the Lost Wages tab
    workspace.show()
    workspace.show_tab("valuation")
    assert "$1,600.00" in workspace.valuation.use_wages_button.text()


def test_an_interview_prints_to_pdf_from_the_tab(
    qtbot: QtBot, services: Services, case: Case, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from pypdf import PdfReader

    from casedesk.ui.interviews import panel as panel_module

    services.interviews.start(case.id or 0, "intake", interviewer="Pat Case")
    target = tmp_path / "memo.pdf"
    asked: list[str] = []

    def ask(_parent: Any, _title: str, name: str, _suffix: str, _kind: str) -> Path:
        asked.append(name)
        return target

    monkeypatch.setattr(panel_module, "ask_export_path", ask)
    panel = make_panel(qtbot, services, case.id)
    qtbot.mouseClick(panel.export_button, Qt.MouseButton.LeftButton)
    assert asked == [f"{case.number} Intake interview 2026-11-21.pdf"]
    text = "".join(page.extract_text() for page in PdfReader(target).pages)
    assert "Intake interview" in text and "Pat Case" in text
    assert "Saved “memo.pdf”" in panel.notice.text()
