"""The Trust sub-tab and the disbursement dialog, driven as a case manager would."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from fractions import Fraction
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox, QWidget
from pytestqt.qtbot import QtBot

from casedesk.domain.bills import Lien, LienKind, LienStatus
from casedesk.domain.cases import Case
from casedesk.domain.errors import CasedeskError
from casedesk.domain.invoices import PaymentMethod
from casedesk.domain.money import Money
from casedesk.domain.settlement import (
    Disbursement,
    FeeStage,
    Recovery,
    RecoverySource,
    StatementStatus,
    StatementTerms,
)
from casedesk.services.casefiles import Services, open_services
from casedesk.store.settlement import RecoveryRow, StatementRow
from casedesk.ui import undo as undo_module
from casedesk.ui.finances import trust as trust_panel
from casedesk.ui.finances.disbursement_dialog import DisbursementDialog
from casedesk.ui.finances.disbursement_model import (
    COL_AMOUNT,
    COL_PLAN_LEFT,
    COL_PLAN_PURPOSE,
    DisbursementTableModel,
    DistributionTableModel,
)
from casedesk.ui.finances.trust import EMPTY_FINAL, EMPTY_NOT_FINAL, TrustPanel
from tests.conftest import TODAY, fixed_clock

MakeCase = Callable[..., Case]
AnswerDialog = Callable[[type[Any], Callable[[Any], None]], list[Any]]
#: Typing a payee opens the suggestions' popup, which the offscreen test platform cannot give the keyboard.
pytestmark = pytest.mark.qt_log_ignore("This plugin does not support grabbing the keyboard")
RECEIVED = TODAY - timedelta(days=10)
THIRD = Fraction(1, 3)


def receive(services: Services, case_id: int, amount: int) -> None:
    """A recovery received into trust ten days ago (stored as a row: the trust tab only reads them)."""
    recovery = Recovery(
        case_id=case_id,
        source=RecoverySource.LIABILITY,
        amount=Money.of(amount),
        payer="Lone Star Mutual",
        claim_number="26-1234567-BI",
        received_on=RECEIVED,
    )
    with services._case_file.session() as session:
        session.add(RecoveryRow(**RecoveryRow.values(recovery)))


def set_statement(services: Services, case_id: int, status: StatementStatus) -> None:
    """Give the case a statement in this status, or change the status of the one it has."""
    with services._case_file.session() as session:
        row = session.query(StatementRow).filter_by(case_id=case_id).one_or_none()
        if row is None:
            terms = StatementTerms(case_id, {stage: THIRD for stage in FeeStage}, status=status)
            session.add(StatementRow(**StatementRow.values(terms)))
        else:
            row.status = status.value


@pytest.fixture
def settled(services: Services, make_case: MakeCase) -> int:
    """A case with $60,000 received into trust and a final statement."""
    case_id = make_case().id or 0
    receive(services, case_id, 60_000)
    set_statement(services, case_id, StatementStatus.FINAL)
    return case_id


def out(case_id: int, payee: str, amount: Money, **fields: Any) -> Disbursement:
    """Money paid out of trust today."""
    return Disbursement(case_id, payee, amount, TODAY, **fields)


def show(qtbot: QtBot, widget: QWidget) -> None:
    """On screen and active, so that its keyboard shortcuts and focus work."""
    widget.show()
    qtbot.waitExposed(widget)
    widget.activateWindow()
    qtbot.waitUntil(widget.isActiveWindow)


def shown_panel(qtbot: QtBot, services: Services, case_id: int | None, **kwargs: Any) -> TrustPanel:
    panel = TrustPanel(services.trust, **kwargs)
    qtbot.addWidget(panel)
    show(qtbot, panel)
    panel.set_case(case_id)
    return panel


def cells(model: Any, row: int) -> list[str]:
    return [model.index(row, column).data() for column in range(model.columnCount())]


def save_button(dialog: DisbursementDialog) -> QWidget:
    return dialog.buttons.button(QDialogButtonBox.StandardButton.Save)


def pay(qtbot: QtBot, payee: str, amount: str, reference: str, purpose: str = "") -> Callable[[Any], None]:
    """What a user types into the dialog: payee, purpose, check number and amount (date: today)."""

    def fill(dialog: DisbursementDialog) -> None:
        qtbot.keyClicks(dialog.payee_line, payee)
        if purpose:
            dialog.purpose_line.clear()
            qtbot.keyClicks(dialog.purpose_line, purpose)
        qtbot.keyClicks(dialog.reference, reference)
        qtbot.keyClicks(dialog.amount, amount)

    return fill


# --- the models ----------------------------------------------------------------------------------


def test_models_pass_the_model_tester(qtmodeltester: Any, services: Services, settled: int) -> None:
    """Both tables behave as Qt's views expect, empty and filled."""
    log, plan = DisbursementTableModel(), DistributionTableModel()
    qtmodeltester.check(log)
    qtmodeltester.check(plan)
    services.trust.add(out(settled, "Firm operating account", Money.of(20_000), reference="1"))
    services.trust.add(out(settled, "Someone Else", Money.of(50), purpose="Other"))
    account = services.trust.account(settled)
    log.set_rows(account.disbursements)
    statement = services.settlement.statement(settled).statement
    plan.set_rows(trust_panel.distribution(statement, account.disbursements))
    qtmodeltester.check(log)
    qtmodeltester.check(plan)


# --- the panel -----------------------------------------------------------------------------------


def test_draft_statement_allows_no_disbursement(
    qtbot: QtBot, services: Services, make_case: MakeCase, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With the statement still a draft the tab says to finalize it first; Ins explains instead of asking."""
    case_id = make_case().id or 0
    receive(services, case_id, 25_000)
    set_statement(services, case_id, StatementStatus.DRAFT)
    told: list[str] = []
    monkeypatch.setattr(trust_panel, "show_error", lambda _p, _t, exc: told.append(str(exc)))
    panel = shown_panel(qtbot, services, case_id)
    assert "Received into trust: <b>$25,000.00</b>" in panel.position_label.text()
    assert "Remaining in trust: <b>$25,000.00</b>" in panel.position_label.text()
    assert panel.banner.isVisible() and "still a draft" in panel.banner.text()
    assert "finalize it on the Settlement tab first" in panel.banner.text()
    assert not panel.add_button.isEnabled()
    assert panel.empty_label.isVisible() and panel.empty_label.text() == EMPTY_NOT_FINAL
    panel.setFocus()
    qtbot.keyClick(panel, Qt.Key.Key_Insert)
    assert len(told) == 1 and "only once the settlement statement is final" in told[0]
    assert services.trust.disbursements(case_id) == []


def test_no_case_shows_nothing_to_do(qtbot: QtBot, services: Services) -> None:
    """Without a case the tab is empty and nothing can be recorded."""
    panel = shown_panel(qtbot, services, None)
    assert panel.empty_label.text() == "No case selected."
    assert not panel.add_button.isEnabled() and not panel.delete_button.isEnabled()
    assert not panel.banner.isVisible()


def test_record_disbursements_through_the_dialog(
    qtbot: QtBot, services: Services, settled: int, answer_dialog: AnswerDialog
) -> None:
    """Record Disbursement… saves what was typed; the position and the log follow, and `changed` fires."""
    panel = shown_panel(qtbot, services, settled)
    assert not panel.banner.isVisible()
    assert panel.empty_label.text() == EMPTY_FINAL and panel.add_button.isEnabled()
    answer_dialog(DisbursementDialog, pay(qtbot, "Firm operating account", "20,000", "10481", "Attorney fee"))
    with qtbot.waitSignal(panel.changed):
        qtbot.mouseClick(panel.add_button, Qt.MouseButton.LeftButton)
    [saved] = services.trust.disbursements(settled)
    assert (saved.payee, saved.amount, saved.paid_on, saved.reference, saved.purpose, saved.method) == (
        "Firm operating account",
        Money.of(20_000),
        TODAY,
        "10481",
        "Attorney fee",
        PaymentMethod.CHECK,
    )
    assert cells(panel.model, 0) == [
        "11/21/2026",
        "Firm operating account",
        "Attorney fee",
        "Check",
        "10481",
        "$20,000.00",
    ]
    assert panel.selected_disbursement() == saved
    assert "Paid out: <b>$20,000.00</b>" in panel.position_label.text()
    assert "Remaining in trust: <b>$40,000.00</b>" in panel.position_label.text()
    assert "Firm operating account: $20,000.00" in panel.plan_note.text()
    assert services.timeline.entries(settled)[0].subject == (
        "Disbursed $20,000.00 from trust to Firm operating account"
    )


def test_picking_the_client_brings_the_purpose(
    qtbot: QtBot, services: Services, settled: int, answer_dialog: AnswerDialog
) -> None:
    """The client is offered as a payee; picking them fills in Client net."""

    def fill(dialog: DisbursementDialog) -> None:
        index = dialog.payee.findText("Maria Alvarez")
        assert index >= 0
        dialog.payee.setCurrentIndex(index)
        assert dialog.purpose.currentText() == "Client net"
        assert dialog.payee_source.text() == "Client"
        dialog.method.setCurrentIndex(dialog.method.findData(PaymentMethod.WIRE))
        qtbot.keyClicks(dialog.reference, "FED-20261121-0042")
        qtbot.keyClicks(dialog.amount, "39,999.99")

    answer_dialog(DisbursementDialog, fill)
    panel = shown_panel(qtbot, services, settled)
    panel.add_disbursement()
    [saved] = services.trust.disbursements(settled)
    assert (saved.payee, saved.purpose, saved.method, saved.amount) == (
        "Maria Alvarez",
        "Client net",
        PaymentMethod.WIRE,
        Money.parse("39,999.99"),
    )


def test_more_than_is_in_trust_is_refused_as_typed(qtbot: QtBot, services: Services, settled: int) -> None:
    """The dialog shows the balance, and an amount above it keeps Save off with a message naming it."""
    services.trust.add(out(settled, "Firm operating account", Money.of(20_000)))
    dialog = DisbursementDialog(services.trust, settled)
    qtbot.addWidget(dialog)
    assert dialog.available.text() == "In trust and available: $40,000.00"
    assert dialog.paid_on.text() == "11/21/2026"
    qtbot.keyClicks(dialog.payee_line, "Maria Alvarez")
    qtbot.keyClicks(dialog.amount, "40,000.01")
    assert dialog.labels["amount"].text() == (
        "Only $40,000.00 is in trust for this case; $40,000.01 cannot be paid out."
    )
    assert not save_button(dialog).isEnabled()
    dialog.amount.clear()
    qtbot.keyClicks(dialog.amount, "40,000.00")
    assert dialog.labels["amount"].text() == ""
    assert save_button(dialog).isEnabled()


@pytest.mark.parametrize(
    ("date_text", "message"),
    [
        ("11/22/2026", "cannot be dated after today (11/21/2026)"),
        ("11/10/2026", "The first recovery was received on 11/11/2026"),
        ("13/45/2026", "does not exist on the calendar"),
        ("next week", "is not a date"),
    ],
)
def test_dates_outside_the_account_are_refused(
    qtbot: QtBot, services: Services, settled: int, date_text: str, message: str
) -> None:
    """Not after today, not before the first money came in, and a real date."""
    dialog = DisbursementDialog(services.trust, settled)
    qtbot.addWidget(dialog)
    qtbot.keyClicks(dialog.payee_line, "Maria Alvarez")
    qtbot.keyClicks(dialog.amount, "100")
    dialog.paid_on.clear()
    qtbot.keyClicks(dialog.paid_on, date_text)
    assert message in dialog.labels["paid_on"].text()
    assert not save_button(dialog).isEnabled()


def test_a_repeated_check_number_asks_first(
    qtbot: QtBot,
    services: Services,
    settled: int,
    answer_dialog: AnswerDialog,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Saving with a check number already used asks; No keeps the dialog open, Yes records it."""
    services.trust.add(out(settled, "Firm operating account", Money.of(100), reference="777"))
    answers = [False, True]
    asked: list[str] = []

    def confirm(_parent: Any, _title: str, text: str, _action: str, _detail: str = "") -> bool:
        asked.append(text)
        return answers.pop(0)

    monkeypatch.setattr("casedesk.ui.finances.disbursement_dialog.confirm", confirm)
    shown = answer_dialog(DisbursementDialog, pay(qtbot, "Maria Alvarez", "50", "777"))
    panel = shown_panel(qtbot, services, settled)
    panel.add_disbursement()  # the first answer is No: nothing saved, the dialog stays open
    assert asked == ["777 was already used on this case: $100.00 to Firm operating account."]
    assert len(services.trust.disbursements(settled)) == 1
    assert shown[0].saved is None and shown[0].reference.hasFocus() in (True, False)
    panel.add_disbursement()  # the second is Yes
    assert len(services.trust.disbursements(settled)) == 2


def test_edit_corrects_a_disbursement(
    qtbot: QtBot, services: Services, settled: int, answer_dialog: AnswerDialog
) -> None:
    """Enter on a row opens it filled in; the changed amount is saved in place."""
    first = services.trust.add(
        out(settled, "Blue Shield Health Plan", Money.of(5_000), reference="9", purpose="Lien")
    )

    def fill(dialog: DisbursementDialog) -> None:
        assert dialog.payee.currentText() == "Blue Shield Health Plan"
        assert dialog.purpose.currentText() == "Lien"
        assert dialog.available.text() == "In trust and available: $60,000.00"
        dialog.amount.selectAll()
        qtbot.keyClicks(dialog.amount, "4,250.00")

    answer_dialog(DisbursementDialog, fill)
    panel = shown_panel(qtbot, services, settled)
    panel.table.setFocus()
    panel.table.selectRow(0)
    with qtbot.waitSignal(panel.changed):
        qtbot.keyClick(panel.table, Qt.Key.Key_Return)
    [saved] = services.trust.disbursements(settled)
    assert saved.id == first.id and saved.amount == Money.parse("4,250.00")
    assert cells(panel.model, 0)[COL_AMOUNT] == "$4,250.00"


def test_delete_then_undo(qtbot: QtBot, services: Services, settled: int) -> None:
    """Del removes the disbursement and gives its money back to trust; Undo and Ctrl+Z put it back."""
    services.trust.add(out(settled, "Firm operating account", Money.of(20_000), reference="1"))
    services.trust.add(out(settled, "Maria Alvarez", Money.of(30_000), reference="2"))
    panel = shown_panel(qtbot, services, settled)
    panel.table.setFocus()
    panel.table.selectRow(1)
    with qtbot.waitSignal(panel.changed):
        qtbot.keyClick(panel.table, Qt.Key.Key_Delete)
    assert [d.payee for d in services.trust.disbursements(settled)] == ["Firm operating account"]
    assert "Remaining in trust: <b>$40,000.00</b>" in panel.position_label.text()
    assert panel.undo_bar.isVisible() and "Maria Alvarez" in panel.undo_bar.label.text()
    with qtbot.waitSignal(panel.changed):
        qtbot.mouseClick(panel.undo_bar.button, Qt.MouseButton.LeftButton)
    assert [d.payee for d in services.trust.disbursements(settled)] == [
        "Firm operating account",
        "Maria Alvarez",
    ]
    assert panel.selected_disbursement() is not None
    assert panel.selected_disbursement().payee == "Maria Alvarez"  # type: ignore[union-attr]
    assert "Remaining in trust: <b>$10,000.00</b>" in panel.position_label.text()

    qtbot.mouseClick(panel.delete_button, Qt.MouseButton.LeftButton)
    assert panel.model.rowCount() == 1
    qtbot.keyClick(panel.table, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert panel.model.rowCount() == 2


def test_undo_refused_after_the_statement_was_reopened(
    qtbot: QtBot, services: Services, settled: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A delete undone after the statement was reopened is refused with the reason; nothing changes."""
    services.trust.add(out(settled, "Maria Alvarez", Money.of(100)))
    told: list[CasedeskError] = []
    monkeypatch.setattr(undo_module, "show_error", lambda _p, _t, exc: told.append(exc))
    panel = shown_panel(qtbot, services, settled)
    panel.table.selectRow(0)
    panel.delete_disbursement()
    set_statement(services, settled, StatementStatus.DRAFT)
    panel.undo_delete()
    assert len(told) == 1 and "final" in told[0].message
    assert services.trust.disbursements(settled) == []


def test_the_statement_distribution_against_what_was_paid(
    qtbot: QtBot, services: Services, make_case: MakeCase
) -> None:
    """Fee, each lien and the client's net per the finalized statement, with what went to each so far."""
    case_id = make_case().id or 0
    services.settlement.add_recovery(
        Recovery(
            case_id, RecoverySource.LIABILITY, Money.of(60_000), "Lone Star Mutual", received_on=RECEIVED
        )
    )
    services.bills.add_lien(
        Lien(
            case_id=case_id,
            holder="Blue Shield Health Plan",
            kind=LienKind.HEALTH_PLAN,
            asserted=Money.of(9_000),
            reduction=Money.of(3_000),
            status=LienStatus.FINAL,
            final=Money.of(6_000),
        )
    )
    panel = shown_panel(qtbot, services, case_id, settlement=services.settlement)
    assert "What the draft statement would give out" in panel.plan_title.text()
    assert cells(panel.plan_model, 0) == [
        "Attorney fee",
        "Firm operating account",
        "$20,000.00",
        "$0.00",
        "$20,000.00",
    ]
    services.settlement.finalize(case_id)
    services.trust.add(out(case_id, "Whitfield & Bell LLP", Money.of(20_000), purpose="Attorney fee"))
    services.trust.add(
        out(case_id, "Blue Shield Health Plan", Money.of(6_000), reference="2", purpose="Lien")
    )
    panel.refresh()
    plan = panel.plan_model
    assert panel.plan_table.isVisible()
    assert "What the final statement gives out" in panel.plan_title.text()
    rows = [cells(plan, row) for row in range(plan.rowCount())]
    assert rows == [
        ["Attorney fee", "Firm operating account", "$20,000.00", "$20,000.00", "paid"],
        ["Lien", "Blue Shield Health Plan", "$6,000.00", "$6,000.00", "paid"],
        ["Client net", "Maria Alvarez", "$34,000.00", "$0.00", "$34,000.00"],
        ["Total", "", "$60,000.00", "$26,000.00", "$34,000.00"],
    ]
    assert plan.index(3, COL_PLAN_PURPOSE).data(Qt.ItemDataRole.FontRole).bold()
    assert plan.index(0, COL_PLAN_LEFT).data(Qt.ItemDataRole.ForegroundRole) is not None  # paid: green
    assert plan.index(2, COL_PLAN_LEFT).data(Qt.ItemDataRole.ForegroundRole) is None


def test_disbursements_survive_a_restart(
    qtbot: QtBot, db_path: Path, services: Services, settled: int, answer_dialog: AnswerDialog
) -> None:
    """What was recorded through the tab is there, exactly, after the case file is closed and reopened."""
    answer_dialog(DisbursementDialog, pay(qtbot, "Austin Imaging Center", "1,234.56", "10490", "Lien"))
    panel = shown_panel(qtbot, services, settled)
    panel.add_disbursement()
    before = services.trust.disbursements(settled)
    services.close()
    reopened = open_services(db_path, clock=fixed_clock)
    try:
        assert reopened.trust.disbursements(settled) == before
        again = TrustPanel(reopened.trust)
        qtbot.addWidget(again)
        again.set_case(settled)
        assert cells(again.model, 0)[1:] == ["Austin Imaging Center", "Lien", "Check", "10490", "$1,234.56"]
        assert reopened.trust.position(settled).in_trust == Money.parse("58,765.44")
    finally:
        reopened.close()
