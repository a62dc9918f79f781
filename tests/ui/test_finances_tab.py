"""The Finances tab in the case workspace: its sub-tabs working together, and the caseload ledger export."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest
from openpyxl import load_workbook
from pytestqt.qtbot import QtBot

from casedesk.domain.cases import Case, CaseType, Client
from casedesk.domain.expenses import Expense
from casedesk.domain.invoices import InvoiceDraft, InvoicePayment
from casedesk.domain.money import Money
from casedesk.domain.settlement import Recovery, RecoverySource
from casedesk.ui.cases.workspace import TAB_FINANCES, TAB_MEDICAL
from casedesk.ui.main_window import MainWindow


def _case_with_expenses(window: MainWindow) -> tuple[Case, list[Expense]]:
    services = window.services
    assert services is not None
    client = services.cases.create_client(Client(name="Ana Ruiz"))
    case = services.cases.create_case(
        Case(
            number="PI-2026-00001",
            caption="Ruiz v. Smith",
            client_id=client.id or 0,
            case_type=CaseType.MOTOR_VEHICLE,
        )
    )
    case_id = case.id or 0
    expenses = [
        services.expenses.add(
            Expense(case_id=case_id, spent_on=date(2026, 3, 2), category="Filing fee", amount=Money.of("402"))
        ),
        services.expenses.add(
            Expense(
                case_id=case_id,
                spent_on=date(2026, 3, 9),
                category="Records copy fee",
                amount=Money.of("85.50"),
                payee="Mercy Hospital",
            )
        ),
    ]
    window.refresh()
    window.go_to_case(case_id)
    return case, expenses


def test_ctrl_8_shows_the_finances_tab_with_the_ledger_in_front(
    make_window: Callable[[Path | None], MainWindow], db_path: Path
) -> None:
    window = make_window(db_path)
    _case_with_expenses(window)
    workspace = window.workspace
    assert workspace is not None

    assert window.finances_action.shortcut().toString() == "Ctrl+8"
    window.finances_action.trigger()

    assert workspace.tabs.currentIndex() == TAB_FINANCES
    assert workspace.finances.tabs.currentWidget() is workspace.expenses
    assert [workspace.finances.tabs.tabText(i) for i in range(4)] == [
        "Expenses",
        "Invoices",
        "Settlement",
        "Trust",
    ]
    assert len(workspace.expenses.model.entries) == 2


def test_invoice_selected_on_the_ledger_starts_an_invoice_on_the_invoices_tab(
    make_window: Callable[[Path | None], MainWindow], db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    window = make_window(db_path)
    _case, expenses = _case_with_expenses(window)
    workspace = window.workspace
    assert workspace is not None
    workspace.show_tab("finances")
    asked: list[list[int]] = []
    monkeypatch.setattr(workspace.invoices, "new_invoice", asked.append)

    workspace.expenses.invoice_requested.emit([expenses[1].id])

    assert workspace.finances.tabs.currentWidget() is workspace.invoices
    assert asked == [[expenses[1].id]]


def test_a_paid_invoice_takes_its_expenses_off_the_statement_costs(
    make_window: Callable[[Path | None], MainWindow], db_path: Path
) -> None:
    window = make_window(db_path)
    case, expenses = _case_with_expenses(window)
    services = window.services
    workspace = window.workspace
    assert services is not None and workspace is not None
    case_id = case.id or 0
    services.settlement.add_recovery(
        Recovery(
            case_id,
            RecoverySource.LIABILITY,
            Money.of("10000"),
            payer="Acme Insurance",
            received_on=date(2026, 6, 1),
        )
    )
    workspace.show_tab("finances")
    workspace.finances.show_panel(workspace.settlement)
    current = workspace.settlement.current
    assert current is not None
    assert current.statement.total_costs == Money.of("487.50")

    invoice = services.invoices.issue(
        InvoiceDraft(case_id, (expenses[0].id or 0,), "Ana Ruiz", date(2026, 4, 1))
    )
    services.invoices.record_payment(InvoicePayment(invoice.id or 0, date(2026, 4, 20), Money.of("402")))
    window.show()
    workspace.invoices.changed.emit()

    current = workspace.settlement.current
    assert current is not None
    assert current.statement.total_costs == Money.of("85.50")


def test_open_liens_on_the_statement_shows_the_medical_liens(
    make_window: Callable[[Path | None], MainWindow], db_path: Path
) -> None:
    window = make_window(db_path)
    _case_with_expenses(window)
    workspace = window.workspace
    assert workspace is not None
    workspace.show_tab("finances")
    workspace.finances.show_panel(workspace.settlement)

    workspace.settlement.liens_button.click()

    assert workspace.tabs.currentIndex() == TAB_MEDICAL
    assert workspace.medical.tabs.currentWidget() is workspace.liens


def test_file_export_writes_the_expense_ledger_of_all_cases(
    make_window: Callable[[Path | None], MainWindow],
    db_path: Path,
    tmp_path: Path,
    qtbot: QtBot,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    window = make_window(db_path)
    _case_with_expenses(window)
    target = tmp_path / "ledger.xlsx"
    monkeypatch.setattr("casedesk.ui.finances.expenses.ask_export_path", lambda *_args: target)

    window.export_ledger_action.trigger()

    qtbot.waitUntil(lambda: "Saved the expense ledger" in window.statusBar().currentMessage(), timeout=10_000)
    rows = list(load_workbook(target).worksheets[0].iter_rows(values_only=True))
    header = next(index for index, row in enumerate(rows) if "Amount" in row)
    amount = rows[header].index("Amount")
    assert [row[0] for row in rows[header + 1 : header + 3]] == ["PI-2026-00001", "PI-2026-00001"]
    assert sorted(row[amount] for row in rows[header + 1 : header + 3]) == [85.5, 402]
