"""The Timeline tab and its entry dialog, driven as a user would."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, timedelta

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox
from pytestqt.qtbot import QtBot

from casedesk.domain.activity import Activity, ActivityKind, Direction
from casedesk.domain.cases import Case
from casedesk.domain.typed import format_time
from casedesk.services.casefiles import Services
from casedesk.ui.timeline.dialogs import ActivityDialog
from casedesk.ui.timeline.model import COL_KIND, COL_SUBJECT, ActivityTableModel
from casedesk.ui.timeline.panel import TimelinePanel
from tests.conftest import NOW
from tests.ui.conftest import click_save


def log(services: Services, case_id: int, subject: str, kind: ActivityKind, hours_ago: int) -> Activity:
    return services.timeline.add(
        Activity(case_id=case_id, kind=kind, occurred_at=NOW - timedelta(hours=hours_ago), subject=subject)
    )


def test_activity_model_passes_the_model_tester(qtmodeltester, services, make_case) -> None:  # type: ignore[no-untyped-def]
    """The timeline model behaves as Qt's views expect."""
    case = make_case()
    log(services, case.id, "Called adjuster", ActivityKind.CALL, 3)
    log(services, case.id, "Intake notes", ActivityKind.NOTE, 30)
    model = ActivityTableModel()
    model.set_rows(services.timeline.entries(case.id))
    qtmodeltester.check(model)


def test_dialog_logs_a_call(qtbot: QtBot, services: Services, make_case: Callable[..., Case]) -> None:
    """A call typed into the dialog is saved with its direction, parties and notes."""
    case = make_case()
    dialog = ActivityDialog(services.timeline, case.id or 0)
    qtbot.addWidget(dialog)
    assert dialog.kind.currentData() == ActivityKind.CALL
    assert dialog.direction.currentData() == Direction.OUTGOING
    local_now = NOW.astimezone()
    assert dialog.occurred_on.value() == local_now.date()
    assert dialog.occurred_time.text() == format_time(local_now.time().replace(second=0, microsecond=0))
    dialog.direction.setCurrentIndex(dialog.direction.findData(Direction.INCOMING))
    qtbot.keyClicks(dialog.parties, "Adjuster J. Ortiz")
    qtbot.keyClicks(dialog.subject, "Adjuster acknowledged the claim")
    qtbot.keyClicks(dialog.body, "Claim no. 44-1902; recorded statement requested.")
    click_save(qtbot, dialog)
    [saved] = services.timeline.entries(case.id or 0)
    assert saved.direction is Direction.INCOMING
    assert saved.parties == "Adjuster J. Ortiz"
    assert saved.occurred_at == NOW
    assert saved.occurred_at.tzinfo is not None


def test_dialog_needs_a_subject_and_a_sane_time(
    qtbot: QtBot, services: Services, make_case: Callable[..., Case]
) -> None:
    """No subject, or a time days ahead, is explained and nothing is saved."""
    case = make_case()
    dialog = ActivityDialog(services.timeline, case.id or 0)
    qtbot.addWidget(dialog)
    save = dialog.buttons.button(QDialogButtonBox.StandardButton.Save)
    assert not save.isEnabled()
    qtbot.keyClicks(dialog.subject, "Letter")
    assert save.isEnabled()
    dialog.occurred_on.set_value(NOW.astimezone().date() + timedelta(days=3))
    assert "future" in dialog.labels["occurred_at"].text()
    assert not save.isEnabled()
    click_save(qtbot, dialog)
    assert services.timeline.entries(case.id or 0) == []


def test_choosing_a_note_makes_it_internal(
    qtbot: QtBot, services: Services, make_case: Callable[..., Case]
) -> None:
    """Switching a new entry to Note sets the direction to Internal."""
    dialog = ActivityDialog(services.timeline, make_case().id or 0)
    qtbot.addWidget(dialog)
    dialog.kind.setCurrentIndex(dialog.kind.findData(ActivityKind.NOTE))
    assert dialog.direction.currentData() == Direction.INTERNAL


def test_panel_lists_newest_first_and_filters_by_kind(
    qtbot: QtBot, services: Services, make_case: Callable[..., Case]
) -> None:
    """Entries show newest first; the kind filter keeps only that kind."""
    case = make_case()
    log(services, case.id or 0, "Intake notes", ActivityKind.NOTE, 48)
    log(services, case.id or 0, "Called adjuster", ActivityKind.CALL, 2)
    log(services, case.id or 0, "Sent LOR", ActivityKind.LETTER, 24)
    panel = TimelinePanel(services.timeline)
    qtbot.addWidget(panel)
    assert not panel.new_button.isEnabled()
    panel.set_case(case.id)
    subjects = [panel.model.index(r, COL_SUBJECT).data() for r in range(panel.model.rowCount())]
    assert subjects == ["Called adjuster", "Sent LOR", "Intake notes"]
    panel.kind_filter.setCurrentIndex(panel.kind_filter.findData(ActivityKind.LETTER))
    panel.kind_filter.activated.emit(panel.kind_filter.currentIndex())
    assert panel.model.rowCount() == 1
    assert panel.model.index(0, COL_KIND).data() == "Letter"


def test_delete_then_undo_puts_the_entry_back(
    qtbot: QtBot, services: Services, make_case: Callable[..., Case]
) -> None:
    """Deleting an entry offers Undo, and Undo restores it with its content."""
    case = make_case()
    log(services, case.id or 0, "Called adjuster", ActivityKind.CALL, 2)
    panel = TimelinePanel(services.timeline)
    qtbot.addWidget(panel)
    panel.show()
    panel.set_case(case.id)
    panel.table.selectRow(0)
    assert "Called adjuster" in panel.detail.toPlainText()
    with qtbot.waitSignal(panel.entries_changed):
        qtbot.mouseClick(panel.delete_button, Qt.MouseButton.LeftButton)
    assert services.timeline.entries(case.id or 0) == []
    assert panel.undo_bar.isVisible()
    assert "Called adjuster" in panel.undo_label.text()
    qtbot.mouseClick(panel.undo_button, Qt.MouseButton.LeftButton)
    [restored] = services.timeline.entries(case.id or 0)
    assert restored.subject == "Called adjuster"
    assert restored.occurred_at == NOW - timedelta(hours=2)
    assert not panel.undo_bar.isVisible()


def test_new_entry_button_uses_the_dialog(
    qtbot: QtBot, services: Services, make_case: Callable[..., Case], answer_dialog
) -> None:  # type: ignore[no-untyped-def]
    """New entry… adds what the dialog saved and selects it."""
    case = make_case()
    answer_dialog(ActivityDialog, lambda d: qtbot.keyClicks(d.subject, "Met client at home"))
    panel = TimelinePanel(services.timeline)
    qtbot.addWidget(panel)
    panel.set_case(case.id)
    assert "No timeline entries yet" in panel.empty_label.text()
    with qtbot.waitSignal(panel.entries_changed):
        qtbot.mouseClick(panel.new_button, Qt.MouseButton.LeftButton)
    assert panel.model.rowCount() == 1
    assert panel.table.selectionModel().selectedRows()[0].row() == 0
    assert isinstance(panel.model.activity(0).occurred_at, datetime)


def test_an_entry_hidden_by_the_kind_filter_shows_once_saved(
    qtbot: QtBot, services: Services, make_case: Callable[..., Case], answer_dialog
) -> None:  # type: ignore[no-untyped-def]
    """Logging a call while only letters are shown switches back to all kinds and selects the call."""
    case = make_case()
    log(services, case.id or 0, "Sent LOR", ActivityKind.LETTER, 24)
    answer_dialog(ActivityDialog, lambda d: qtbot.keyClicks(d.subject, "Called the adjuster"))
    panel = TimelinePanel(services.timeline)
    qtbot.addWidget(panel)
    panel.set_case(case.id)
    panel.kind_filter.setCurrentIndex(panel.kind_filter.findData(ActivityKind.LETTER))
    panel.kind_filter.activated.emit(panel.kind_filter.currentIndex())
    panel.add_entry()
    assert panel.kind_filter.currentData() is None
    assert panel.model.rowCount() == 2
    selected = panel.table.selectionModel().selectedRows()
    assert panel.model.activity(selected[0].row()).subject == "Called the adjuster"


@pytest.mark.parametrize(
    ("date_text", "time_text", "message"),
    [
        ("02/30/2026", "9:00 AM", "does not exist on the calendar"),
        ("11/20/2026", "25:00", "not a time of day"),
        ("11/20/2026", "soon", "not a time"),
        ("11/20/2026", "", "time is required"),
        ("", "9:00 AM", "date is required"),
    ],
)
def test_an_impossible_date_or_time_is_explained_not_changed(
    qtbot: QtBot,
    services: Services,
    make_case: Callable[..., Case],
    date_text: str,
    time_text: str,
    message: str,
) -> None:
    """What the user typed stays as typed, with the reason it cannot be saved; nothing is saved."""
    case = make_case()
    dialog = ActivityDialog(services.timeline, case.id or 0)
    qtbot.addWidget(dialog)
    qtbot.keyClicks(dialog.subject, "Called adjuster")
    dialog.occurred_on.setText(date_text)
    dialog.occurred_time.setText(time_text)
    assert message in dialog.labels["occurred_at"].text()
    assert dialog.occurred_on.text() == date_text
    click_save(qtbot, dialog)
    assert services.timeline.entries(case.id or 0) == []


def test_an_afternoon_time_is_saved_as_typed(
    qtbot: QtBot, services: Services, make_case: Callable[..., Case]
) -> None:
    """Typing 2:15 PM saves 2:15 PM local time, not 2:15 AM."""
    case = make_case()
    dialog = ActivityDialog(services.timeline, case.id or 0)
    qtbot.addWidget(dialog)
    qtbot.keyClicks(dialog.subject, "Called adjuster")
    dialog.occurred_on.setText("11/20/2026")
    dialog.occurred_time.setText("2:15 pm")
    click_save(qtbot, dialog)
    [saved] = services.timeline.entries(case.id or 0)
    local = saved.occurred_at.astimezone()
    assert (local.date(), local.hour, local.minute) == (date(2026, 11, 20), 14, 15)
