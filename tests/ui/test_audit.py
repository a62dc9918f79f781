"""The audit trail viewer: a change made in the expense ledger shows with before and after; it exports."""

from __future__ import annotations

import csv
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox
from pytestqt.qtbot import QtBot

from casedesk.domain.audit import AuditKind
from casedesk.domain.cases import Case
from casedesk.domain.expenses import Expense
from casedesk.domain.money import Money
from casedesk.services.casefiles import Services
from casedesk.ui import audit as audit_ui
from casedesk.ui.audit import AuditRole, AuditTableModel, AuditTrailDialog
from casedesk.ui.finances.expense_dialog import ExpenseDialog
from casedesk.ui.finances.expenses import ExpensesPanel
from casedesk.ui.tasks import TaskRunner

MakeCase = Callable[..., Case]
AnswerDialog = Callable[[type[Any], Callable[[Any], None]], list[Any]]


@pytest.fixture
def case(make_case: MakeCase) -> Case:
    return make_case()


def _expense(case_id: int) -> Expense:
    return Expense(
        case_id=case_id,
        spent_on=date(2026, 10, 5),
        category="Filing fee",
        payee="Travis County District Clerk",
        amount=Money.parse("350.00"),
    )


def _dialog(
    qtbot: QtBot, services: Services, case: Case, runner: TaskRunner | None = None
) -> AuditTrailDialog:
    dialog = AuditTrailDialog(services.audit, None, case_id=case.id, case_number=case.number, runner=runner)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow)
    return dialog


def _cells(dialog: AuditTrailDialog, row: int) -> list[str]:
    return [dialog.model.index(row, column).data() for column in range(dialog.model.columnCount())]


def test_model_passes_the_model_tester(qtmodeltester: Any, services: Services, case: Case) -> None:
    services.expenses.add(_expense(case.id or 0))
    model = AuditTableModel()
    model.set_entries(services.audit.entries(case.id))
    qtmodeltester.check(model)


def test_an_amount_changed_in_the_ledger_shows_in_the_trail(
    qtbot: QtBot, services: Services, case: Case, answer_dialog: AnswerDialog
) -> None:
    """Edit an expense's amount in its dialog; the trail shows who, the case, and $350.00 → $412.50."""
    services.expenses.add(_expense(case.id or 0))

    def fill(dialog: ExpenseDialog) -> None:
        dialog.amount.selectAll()
        qtbot.keyClicks(dialog.amount, "412.50")

    answer_dialog(ExpenseDialog, fill)
    panel = ExpensesPanel(services.expenses)
    qtbot.addWidget(panel)
    panel.set_case(case.id)
    panel.table.selectRow(0)
    with qtbot.waitSignal(panel.changed):
        qtbot.mouseClick(panel.edit_button, Qt.MouseButton.LeftButton)

    dialog = _dialog(qtbot, services, case)
    when, who, number, what, action, changes = _cells(dialog, 0)
    assert (number, what, action) == (case.number, "Expense changed: Travis County District Clerk", "Changed")
    assert changes == "Amount: $350.00 → $412.50"
    assert who == services._case_file.user and when.startswith("20")
    assert "Amount: $350.00 → $412.50" in dialog.details.text()  # the first row is selected


def test_the_kind_filter_and_the_empty_state(qtbot: QtBot, services: Services, case: Case) -> None:
    """Choosing Exports with none shows what the list would hold; Money shows the expense."""
    services.expenses.add(_expense(case.id or 0))
    dialog = _dialog(qtbot, services, case)
    dialog.kind.setCurrentIndex(dialog.kind.findText("Exports"))
    assert dialog.stack.currentWidget() is dialog.empty
    assert "No changes of this kind" in dialog.empty.text()
    dialog.kind.setCurrentIndex(dialog.kind.findText("Money"))
    assert dialog.stack.currentWidget() is dialog.table
    assert {
        dialog.model.index(row, 0).data(AuditRole.ENTRY).kind for row in range(dialog.model.rowCount())
    } == {AuditKind.MONEY}
    assert dialog.count.text() == "1 entry"


def test_export_writes_a_workbook_and_records_the_export(
    qtbot: QtBot, services: Services, case: Case, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Export… asks where, writes the .xlsx in the background, and the export appears in the trail."""
    services.expenses.add(_expense(case.id or 0))
    target = tmp_path / "trail.xlsx"
    monkeypatch.setattr(audit_ui, "ask_audit_export_path", lambda _parent, _name: target)
    dialog = _dialog(qtbot, services, case, TaskRunner())
    qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    assert dialog.export_task is not None
    qtbot.waitUntil(lambda: "saved" in dialog.count.text(), timeout=10_000)
    sheet = load_workbook(target).active
    assert sheet is not None
    rows = list(sheet.iter_rows(values_only=True))
    assert any(row[4] == "Expense" and row[7] == "Amount" and row[9] == "$350.00" for row in rows)
    assert _cells(dialog, 0)[3] == "Audit trail exported"
    assert _cells(dialog, 0)[5] == str(target)


def test_export_as_csv_and_close(
    qtbot: QtBot, services: Services, case: Case, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A .csv chosen in the save dialog is written as CSV; Close closes the viewer."""
    services.expenses.add(_expense(case.id or 0))
    target = tmp_path / "trail.csv"
    monkeypatch.setattr(audit_ui, "ask_audit_export_path", lambda _parent, _name: target)
    dialog = _dialog(qtbot, services, case)
    qtbot.keyClick(dialog, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: "saved" in dialog.count.text(), timeout=10_000)
    with target.open(encoding="utf-8-sig", newline="") as stream:
        rows = list(csv.reader(stream))
    assert rows[0][0] == "When" and any(row[7:10] == ["Amount", "", "$350.00"] for row in rows)
    qtbot.mouseClick(dialog.buttons.button(QDialogButtonBox.StandardButton.Close), Qt.MouseButton.LeftButton)
    assert not dialog.isVisible()


def test_case_menu_and_help_menu_open_the_trail(
    qtbot: QtBot, make_window: Callable[[Path | None], Any], db_path: Path
) -> None:
    """Ctrl+Shift+A (Case › Audit Trail…) shows the case's trail; Help's shows every case's."""
    from casedesk.services.casefiles import open_services
    from tests.conftest import fixed_clock

    services = open_services(db_path, create=True, clock=fixed_clock)
    from casedesk.domain.cases import CaseType, Client

    client = services.cases.create_client(Client(name="Maria Alvarez"))
    case = services.cases.create_case(
        Case(
            number="PI-2026-0001",
            caption="Alvarez v. Driver",
            client_id=client.id or 0,
            case_type=CaseType.MOTOR_VEHICLE,
        )
    )
    services.expenses.add(_expense(case.id or 0))
    services.close()
    window = make_window(db_path)
    window.go_to_case(case.id or 0)
    assert window.audit_action.isEnabled() and window.audit_action.shortcut().toString() == "Ctrl+Shift+A"
    window.audit_action.trigger()
    dialog = window.audit_dialog
    assert dialog.windowTitle() == "Audit Trail — case PI-2026-0001"
    assert any(
        dialog.model.index(row, 3).data() == "Expense added: Travis County District Clerk"
        for row in range(dialog.model.rowCount())
    )
    dialog.close()
    window.file_audit_action.trigger()
    assert window.audit_dialog.windowTitle() == "Audit Trail — all cases"
    window.audit_dialog.close()
