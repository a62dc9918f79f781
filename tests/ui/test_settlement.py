"""The Settlement sub-tab, driven as a case manager would: terms, recoveries, finalize, reopen, exports."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox, QWidget
from pytestqt.qtbot import QtBot

from casedesk.domain.bills import Lien, LienKind, LienStatus
from casedesk.domain.cases import Case
from casedesk.domain.money import Money
from casedesk.domain.settlement import FeeBasis, RecoverySource, StatementStatus
from casedesk.services.casefiles import Services, open_services
from casedesk.ui.finances import settlement as settlement_ui
from casedesk.ui.finances.settlement import SettlementPanel
from casedesk.ui.finances.statement_dialogs import HoldbackDialog, RecoveryDialog, ReopenDialog
from casedesk.ui.finances.statement_model import HoldbackTableModel, RecoveryTableModel
from tests.conftest import fixed_clock

MakeCase = Callable[..., Case]
AnswerDialog = Callable[[type[Any], Callable[[Any], None]], list[Any]]


def show(qtbot: QtBot, widget: QWidget) -> None:
    widget.show()
    qtbot.waitExposed(widget)
    widget.activateWindow()
    qtbot.waitUntil(widget.isActiveWindow)


def shown_panel(qtbot: QtBot, services: Services, case_id: int | None) -> SettlementPanel:
    panel = SettlementPanel(services.settlement)
    qtbot.addWidget(panel)
    panel.resize(1200, 760)
    show(qtbot, panel)
    panel.set_case(case_id)
    return panel


def type_recovery(
    qtbot: QtBot, payer: str, amount: str, received: str = "11/02/2026"
) -> Callable[[Any], None]:
    def fill(dialog: RecoveryDialog) -> None:
        dialog.source.setCurrentIndex(dialog.source.findData(RecoverySource.LIABILITY))
        qtbot.keyClicks(dialog.payer, payer)
        qtbot.keyClicks(dialog.claim_number, "LSM-2026-7781")
        qtbot.keyClicks(dialog.amount, amount)
        qtbot.keyClicks(dialog.received_on, received)

    return fill


def preview(panel: SettlementPanel) -> str:
    return panel.preview.toPlainText()


def add_lien(services: Services, case_id: int, holder: str, asserted: int, final: bool) -> Lien:
    return services.bills.add_lien(
        Lien(
            case_id,
            holder,
            LienKind.MEDICARE if holder == "Medicare" else LienKind.HEALTH_PLAN,
            Money.of(asserted),
            final=Money.of(asserted) if final else None,
            status=LienStatus.FINAL if final else LienStatus.ASSERTED,
        )
    )


def test_models_pass_the_model_tester(qtmodeltester: Any, services: Services, make_case: MakeCase) -> None:
    """Both table models behave as Qt's views expect."""
    case_id = make_case().id or 0
    recoveries, holdbacks = RecoveryTableModel(), HoldbackTableModel()
    qtmodeltester.check(recoveries)
    qtmodeltester.check(holdbacks)
    from casedesk.domain.settlement import Holdback, Recovery

    services.settlement.add_recovery(Recovery(case_id, RecoverySource.OTHER, Money.of(5), "Payer"))
    services.settlement.add_holdback(Holdback(case_id, "Holder", Money.of(1), "Why"))
    recoveries.set_rows(services.settlement.recoveries(case_id))
    holdbacks.set_rows(services.settlement.holdbacks(case_id))
    qtmodeltester.check(recoveries)
    qtmodeltester.check(holdbacks)


def test_no_case_shows_nothing_to_do(qtbot: QtBot, services: Services) -> None:
    """Without a case every action is off."""
    panel = shown_panel(qtbot, services, None)
    assert panel.banner.text() == "No case selected."
    assert not panel.add_recovery_button.isEnabled()
    assert not panel.finalize_button.isEnabled()


def test_the_whole_statement_as_a_case_manager_builds_it(
    qtbot: QtBot,
    db_path: Path,
    services: Services,
    make_case: MakeCase,
    answer_dialog: AnswerDialog,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Enter a recovery and terms, see the net, be refused for a lien, mark it final, finalize, reopen."""
    case = make_case(attorney="Jordan Reyes")
    case_id = case.id or 0
    medicare = add_lien(services, case_id, "Medicare", 20_000, final=False)
    from casedesk.domain.expenses import Expense
    from casedesk.store import expenses as expense_store

    with services._case_file.session() as session:
        expense_store.add_expense(
            session, Expense(case_id, date(2026, 8, 3), "Filing fee", Money.of(2_500), "Travis County Clerk")
        )
    panel = shown_panel(qtbot, services, case_id)
    assert panel.banner.text().startswith("Draft")
    assert "No recoveries are entered yet" in panel.warnings.text()

    answer_dialog(RecoveryDialog, type_recovery(qtbot, "Lone Star Mutual", "100,000"))
    with qtbot.waitSignal(panel.changed):
        qtbot.mouseClick(panel.add_recovery_button, Qt.MouseButton.LeftButton)
    assert panel.recovery_model.rowCount() == 1
    assert "$44,166.67" in preview(panel)  # 1/3 of the gross, costs 2,500, liens 20,000
    assert "rounded to $33,333.33" in preview(panel)

    # The basis typed as the case manager reads the agreement: after costs → 45,000.00, saved on edit.
    with qtbot.waitSignal(panel.changed, timeout=3000):
        panel.basis.setCurrentIndex(panel.basis.findData(FeeBasis.AFTER_COSTS))
    assert "$45,000.00" in preview(panel)
    assert services.settlement.terms(case_id).fee_basis is FeeBasis.AFTER_COSTS

    # A fee typed wrong is marked and never saved; typed right it is saved exactly.
    pre_suit = panel.fee_fields[next(iter(panel.fee_fields))]
    pre_suit.clear()
    qtbot.keyClicks(pre_suit, "abc")
    assert "is not a fee" in panel.term_labels["fee_pre_suit"].text()
    pre_suit.clear()
    with qtbot.waitSignal(panel.changed, timeout=3000):
        qtbot.keyClicks(pre_suit, "1/3")
    assert panel.term_labels["fee_pre_suit"].isHidden()

    # Finalizing with Medicare not final is refused, naming it; the Liens button asks for the Liens tab.
    assert "Medicare" in panel.warnings.text()
    assert panel.liens_button.isVisible()
    with qtbot.waitSignal(panel.liens_requested):
        qtbot.mouseClick(panel.liens_button, Qt.MouseButton.LeftButton)
    refused: list[str] = []
    monkeypatch.setattr(settlement_ui, "show_error", lambda _p, _t, error: refused.append(error.message))
    qtbot.mouseClick(panel.finalize_button, Qt.MouseButton.LeftButton)
    assert refused and "Medicare" in refused[0]
    assert services.settlement.terms(case_id).status is StatementStatus.DRAFT

    services.bills.update_lien(replace(medicare, status=LienStatus.FINAL, final=Money.of(18_000)))
    panel.refresh()
    assert not panel.liens_button.isVisible()
    asked: list[str] = []

    def agree(_parent: Any, _title: str, text: str, _action: str, detail: str = "") -> bool:
        asked.append(f"{text} {detail}")
        return True

    monkeypatch.setattr(settlement_ui, "confirm", agree)
    with qtbot.waitSignal(panel.changed):
        qtbot.mouseClick(panel.finalize_button, Qt.MouseButton.LeftButton)
    assert "$47,000.00" in asked[0] and "freezes" in asked[0]
    assert panel.banner.text() == "Final — frozen on November 21, 2026. Reopen… to change it."
    assert not panel.add_recovery_button.isEnabled() and not panel.basis.isEnabled()
    assert panel.reopen_button.isEnabled() and not panel.finalize_button.isEnabled()
    assert "Finalized" in panel.history.text()

    # The data survives a restart: a new panel on the reopened file shows the frozen statement.
    panel.close()
    services.close()
    again = open_services(db_path, clock=fixed_clock)
    try:
        panel = shown_panel(qtbot, again, case_id)
        assert panel.banner.text().startswith("Final — frozen on")
        assert "$47,000.00" in preview(panel)

        answer_dialog(
            ReopenDialog, lambda dialog: qtbot.keyClicks(dialog.reason, "Late bill from the court reporter")
        )
        with qtbot.waitSignal(panel.changed):
            qtbot.mouseClick(panel.reopen_button, Qt.MouseButton.LeftButton)
        assert panel.banner.text().startswith("Draft")
        assert (
            "Reopened" in panel.history.text() and "Late bill from the court reporter" in panel.history.text()
        )
        assert again.settlement.terms(case_id).status is StatementStatus.DRAFT
    finally:
        panel.close()
        again.close()


def test_reopening_needs_a_reason(qtbot: QtBot) -> None:
    """The Reopen button stays off until a reason is typed."""
    dialog = ReopenDialog()
    qtbot.addWidget(dialog)
    button = dialog.buttons.button(QDialogButtonBox.StandardButton.Save)
    assert not button.isEnabled()
    qtbot.keyClicks(dialog.reason, "Medicare's final demand changed")
    assert button.isEnabled()


def test_recovery_form_validates_as_typed(qtbot: QtBot, services: Services, make_case: MakeCase) -> None:
    """A bad amount or date is shown under its field and Save stays off."""
    case_id = make_case().id or 0
    dialog = RecoveryDialog(services.settlement, case_id)
    qtbot.addWidget(dialog)
    save = dialog.buttons.button(QDialogButtonBox.StandardButton.Save)
    assert not save.isEnabled()
    qtbot.keyClicks(dialog.payer, "Lone Star Mutual")
    qtbot.keyClicks(dialog.amount, "ten")
    assert "is not an amount" in dialog.labels["amount"].text()
    dialog.amount.clear()
    qtbot.keyClicks(dialog.amount, "5000")
    qtbot.keyClicks(dialog.received_on, "02/30/2026")
    assert "does not exist" in dialog.labels["received_on"].text()
    assert not save.isEnabled()
    dialog.received_on.clear()
    assert save.isEnabled()


def test_holdbacks_add_delete_and_undo(
    qtbot: QtBot, services: Services, make_case: MakeCase, answer_dialog: AnswerDialog
) -> None:
    """A holdback lowers the net; Delete removes it at once and Ctrl+Z puts it back."""
    case_id = make_case().id or 0
    from casedesk.domain.settlement import Recovery

    services.settlement.add_recovery(
        Recovery(case_id, RecoverySource.LIABILITY, Money.of(30_000), "Lone Star")
    )
    panel = shown_panel(qtbot, services, case_id)
    assert "$20,000.00" in preview(panel)

    def fill(dialog: HoldbackDialog) -> None:
        qtbot.keyClicks(dialog.payee, "Memorial Hospital")
        qtbot.keyClicks(dialog.amount, "1,500")
        qtbot.keyClicks(dialog.reason, "Disputed balance billing")

    answer_dialog(HoldbackDialog, fill)
    qtbot.mouseClick(panel.add_holdback_button, Qt.MouseButton.LeftButton)
    assert "$18,500.00" in preview(panel)
    panel.holdback_table.selectRow(0)
    panel.holdback_table.setFocus()
    qtbot.keyClick(panel.holdback_table, Qt.Key.Key_Delete)
    assert services.settlement.holdbacks(case_id) == []
    assert "Memorial Hospital" in panel.undo_bar.label.text()
    qtbot.keyClick(panel.holdback_table, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert [h.payee for h in services.settlement.holdbacks(case_id)] == ["Memorial Hospital"]
    assert "$18,500.00" in preview(panel)


def test_save_pdf_and_excel(
    qtbot: QtBot, tmp_path: Path, services: Services, make_case: MakeCase, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Save PDF… and Export to Excel… write the files chosen, in the background, and read back."""
    case_id = make_case().id or 0
    from casedesk.domain.settlement import Recovery

    services.settlement.add_recovery(
        Recovery(case_id, RecoverySource.LIABILITY, Money.of(100_000), "Lone Star")
    )
    panel = shown_panel(qtbot, services, case_id)
    pdf, xlsx = tmp_path / "statement.pdf", tmp_path / "statement.xlsx"
    monkeypatch.setattr(settlement_ui, "ask_export_path", lambda *_a: pdf)
    qtbot.mouseClick(panel.pdf_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: panel.status.text().startswith("Saved"), timeout=10_000)
    text = "".join(page.extract_text() for page in PdfReader(pdf).pages)
    assert "Settlement Statement" in text and "$66,666.67" in text and "DRAFT" in text
    monkeypatch.setattr(settlement_ui, "ask_export_path", lambda *_a: xlsx)
    qtbot.mouseClick(panel.xlsx_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: panel.status.text() == f"Saved {xlsx}", timeout=10_000)
    assert load_workbook(xlsx).sheetnames == ["Statement", "Costs", "Liens", "Disbursements"]
