"""The Settlement sub-tab: a case's fee terms, recoveries, holdbacks, the statement, finalizing, exports."""

from __future__ import annotations

from dataclasses import replace
from fractions import Fraction
from html import escape
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QItemSelection, QModelIndex, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QSplitter,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from casedesk.domain.errors import CasedeskError, ValidationError
from casedesk.domain.settlement import (
    FeeBasis,
    FeeStage,
    Holdback,
    Recovery,
    StatementAction,
    StatementTerms,
    format_fee_rate,
    parse_fee_rate,
)
from casedesk.domain.statement import ROUNDING_NOTE, VERIFY_NOTE, Statement
from casedesk.domain.typed import format_date, long_date, long_moment
from casedesk.ui.files import ask_export_path, safe_file_name
from casedesk.ui.finances.statement_dialogs import HoldbackDialog, RecoveryDialog, ReopenDialog
from casedesk.ui.finances.statement_model import (
    COL_AMOUNT,
    COL_CLAIM,
    COL_HELD_FOR,
    COL_PAYER,
    COL_REASON,
    COL_RECEIVED,
    COL_SOURCE,
    HoldbackTableModel,
    RecoveryTableModel,
    StatementRole,
)
from casedesk.ui.forms import FormErrors, error_label, ignore_wheel_unless_focused, notes_box
from casedesk.ui.messages import confirm, show_error
from casedesk.ui.tables import record_table, selected_data
from casedesk.ui.tasks import TaskRunner
from casedesk.ui.undo import UndoBar

if TYPE_CHECKING:
    from casedesk.services.settlement import CaseStatement, SettlementService

#: How long after the last keystroke the terms are saved, in milliseconds.
SAVE_DELAY_MS = 600
BASIS_LABELS = {FeeBasis.GROSS: "of the gross recovery", FeeBasis.AFTER_COSTS: "of the gross after costs"}
FINALIZE_DETAIL = (
    "Finalizing freezes the statement as it is now: its recoveries, holdbacks, fee terms and every figure "
    "(costs and liens included) are kept as a snapshot, printed and shown instead of the live figures. "
    "Changing anything afterwards needs Reopen…, with a reason. Disbursements from trust stay open."
)
_HINT = "color: #555;"
_WARNING_STYLE = "QLabel { background: #fff3cd; border: 1px solid #e0c36a; padding: 6px; }"
_FINAL_STYLE = "QLabel { background: #e3f1e3; border: 1px solid #7fb77f; padding: 6px; font-weight: bold; }"


class SettlementPanel(QWidget):
    """A case's settlement statement: terms, recoveries, holdbacks, the statement, finalize and reopen.

    Signals:
        changed: Something of the statement changed (a recovery, holdback or term saved; finalized or
            reopened): the trust sub-tab and the case overview may show other figures.
        liens_requested: The user asked to see the case's liens (to mark them final).
    """

    changed = Signal()
    liens_requested = Signal()

    def __init__(self, settlement: SettlementService, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._settlement = settlement
        self._case_id: int | None = None
        self._current: CaseStatement | None = None
        self._loading = False
        self._deleted: Recovery | Holdback | None = None
        self._runner = TaskRunner()
        self._save_timer = QTimer(self)
        self._save_timer.setSingleShot(True)
        self._save_timer.setInterval(SAVE_DELAY_MS)
        self._save_timer.timeout.connect(self._save_terms)

        self.banner = QLabel()
        self.banner.setWordWrap(True)
        self.undo_bar = UndoBar(self)
        self._build_terms()
        self._build_tables()
        self._build_statement()
        self._layout()
        self._connect()
        self.set_case(None)

    # --- building --------------------------------------------------------------------------------

    def _build_terms(self) -> None:
        self.fee_fields = {stage: QLineEdit() for stage in FeeStage}
        for stage, field in self.fee_fields.items():
            field.setMaximumWidth(110)
            field.setToolTip(
                f"The agreement's fee {stage.label.lower()}: a percentage (40) or a fraction (1/3)"
            )
        self.stage = QComboBox()
        for stage in FeeStage:
            self.stage.addItem(stage.label, stage)
        self.basis = QComboBox()
        for basis, label in BASIS_LABELS.items():
            self.basis.addItem(label, basis)
        for combo in (self.stage, self.basis):
            ignore_wheel_unless_focused(combo)
        self.attorney = QLineEdit()
        self.attorney.setPlaceholderText("The attorney who signs")
        self.method = notes_box(
            "How the fee and the distribution were determined (e.g. the fee agreement)", 3
        )
        self.notes = notes_box("Printed under the statement", 2)
        self.term_labels = {
            name: error_label() for name in [f"fee_{s.value}" for s in FeeStage] + ["attorney"]
        }
        fields = {
            f"fee_{stage.value}": (self.fee_fields[stage], self.term_labels[f"fee_{stage.value}"])
            for stage in FeeStage
        }
        fields["attorney"] = (self.attorney, self.term_labels["attorney"])
        self.term_errors = FormErrors(None, fields)
        self.saved_label = QLabel()
        self.saved_label.setStyleSheet(_HINT)

    def _build_tables(self) -> None:
        self.recovery_model = RecoveryTableModel(self)
        self.recovery_table = record_table(
            self.recovery_model,
            {COL_SOURCE: 110, COL_PAYER: 160, COL_CLAIM: 100, COL_RECEIVED: 110, COL_AMOUNT: 110},
        )
        self.recovery_table.setAccessibleName("Recoveries")
        self.add_recovery_button = QPushButton("Add &recovery…")
        self.edit_recovery_button = QPushButton("Edit…")
        self.delete_recovery_button = QPushButton("Delete")
        self.holdback_model = HoldbackTableModel(self)
        self.holdback_table = record_table(self.holdback_model, {COL_HELD_FOR: 160, COL_REASON: 220})
        self.holdback_table.setAccessibleName("Holdbacks")
        self.add_holdback_button = QPushButton("Add &holdback…")
        self.edit_holdback_button = QPushButton("Edit…")
        self.delete_holdback_button = QPushButton("Delete")
        for table in (self.recovery_table, self.holdback_table):
            table.setMinimumHeight(table.verticalHeader().defaultSectionSize() * 4 + 28)

    def _build_statement(self) -> None:
        self.preview = QTextBrowser()
        self.preview.setAccessibleName("Settlement statement")
        self.preview.setOpenLinks(False)
        self.warnings = QLabel()
        self.warnings.setWordWrap(True)
        self.warnings.setStyleSheet(_WARNING_STYLE)
        self.liens_button = QPushButton("Open &Liens…")
        self.liens_button.setToolTip("Show the case's liens, to mark them final")
        self.finalize_button = QPushButton("&Finalize…")
        self.reopen_button = QPushButton("Re&open…")
        self.pdf_button = QPushButton("Save &PDF…")
        self.xlsx_button = QPushButton("Export to E&xcel…")
        self.history = QLabel()
        self.history.setWordWrap(True)
        self.history.setTextFormat(Qt.TextFormat.RichText)
        self.history.setStyleSheet(_HINT)
        self.status = QLabel()
        self.status.setStyleSheet(_HINT)
        self.verify = QLabel(VERIFY_NOTE)
        self.verify.setWordWrap(True)
        self.verify.setStyleSheet(_HINT)

    def _layout(self) -> None:
        terms = QGroupBox("Fee agreement")
        form = QFormLayout(terms)
        rates = QHBoxLayout()
        for stage, field in self.fee_fields.items():
            label = QLabel(f"{stage.label}:")
            label.setBuddy(field)
            rates.addWidget(label)
            rates.addWidget(field)
        rates.addStretch(1)
        form.addRow("Fee rates:", rates)
        for stage in FeeStage:
            form.addRow("", self.term_labels[f"fee_{stage.value}"])
        stage_row = QHBoxLayout()
        stage_row.addWidget(self.stage)
        stage_row.addWidget(QLabel("fee taken"))
        stage_row.addWidget(self.basis)
        stage_row.addStretch(1)
        stage_label = QLabel("&Stage:")
        stage_label.setBuddy(self.stage)
        form.addRow(stage_label, stage_row)
        form.addRow("A&ttorney:", self.attorney)
        form.addRow("", self.term_labels["attorney"])
        form.addRow("&Method of determination:", self.method)
        form.addRow("N&otes:", self.notes)
        form.addRow("", self.saved_label)

        recoveries = QGroupBox("Recoveries")
        box = QVBoxLayout(recoveries)
        box.addWidget(self.recovery_table)
        row = QHBoxLayout()
        row.addStretch(1)
        for button in (self.add_recovery_button, self.edit_recovery_button, self.delete_recovery_button):
            row.addWidget(button)
        box.addLayout(row)

        holdbacks = QGroupBox("Held in trust (disputed or unresolved claims)")
        box = QVBoxLayout(holdbacks)
        box.addWidget(self.holdback_table)
        row = QHBoxLayout()
        row.addStretch(1)
        for button in (self.add_holdback_button, self.edit_holdback_button, self.delete_holdback_button):
            row.addWidget(button)
        box.addLayout(row)

        left = QWidget()
        column = QVBoxLayout(left)
        column.setContentsMargins(0, 0, 4, 0)
        column.addWidget(terms)
        column.addWidget(recoveries)
        column.addWidget(holdbacks)
        column.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(left)

        right = QWidget()
        side = QVBoxLayout(right)
        side.setContentsMargins(4, 0, 0, 0)
        warnings = QHBoxLayout()
        warnings.addWidget(self.warnings, 1)
        warnings.addWidget(self.liens_button, 0, Qt.AlignmentFlag.AlignTop)
        side.addLayout(warnings)
        side.addWidget(self.preview, 1)
        side.addWidget(self.verify)
        actions = QHBoxLayout()
        for button in (self.finalize_button, self.reopen_button):
            actions.addWidget(button)
        actions.addStretch(1)
        for button in (self.pdf_button, self.xlsx_button):
            actions.addWidget(button)
        side.addLayout(actions)
        side.addWidget(self.status)
        side.addWidget(self.history)

        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.addWidget(scroll)
        self.splitter.addWidget(right)
        self.splitter.setStretchFactor(0, 1)
        self.splitter.setStretchFactor(1, 1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.banner)
        layout.addWidget(self.undo_bar)
        layout.addWidget(self.splitter, 1)

    def _connect(self) -> None:
        for field in self.fee_fields.values():
            field.textChanged.connect(self._on_terms_edited)
        self.attorney.textChanged.connect(self._on_terms_edited)
        self.method.textChanged.connect(self._on_terms_edited)
        self.notes.textChanged.connect(self._on_terms_edited)
        self.stage.currentIndexChanged.connect(self._on_terms_edited)
        self.basis.currentIndexChanged.connect(self._on_terms_edited)
        self.add_recovery_button.clicked.connect(self.add_recovery)
        self.edit_recovery_button.clicked.connect(self.edit_recovery)
        self.delete_recovery_button.clicked.connect(self.delete_recovery)
        self.add_holdback_button.clicked.connect(self.add_holdback)
        self.edit_holdback_button.clicked.connect(self.edit_holdback)
        self.delete_holdback_button.clicked.connect(self.delete_holdback)
        self.recovery_table.activated.connect(self._on_recovery_activated)
        self.holdback_table.activated.connect(self._on_holdback_activated)
        self.recovery_table.selectionModel().selectionChanged.connect(self._on_selection_changed)
        self.holdback_table.selectionModel().selectionChanged.connect(self._on_selection_changed)
        self.liens_button.clicked.connect(self.liens_requested)
        self.finalize_button.clicked.connect(self.finalize)
        self.reopen_button.clicked.connect(self.reopen)
        self.pdf_button.clicked.connect(self.save_pdf)
        self.xlsx_button.clicked.connect(self.export_xlsx)
        self.undo_bar.undo_requested.connect(self.undo_delete)
        for table, handler in (
            (self.recovery_table, self.delete_recovery),
            (self.holdback_table, self.delete_holdback),
        ):
            action = QAction("Delete", table)
            action.setShortcut(QKeySequence.StandardKey.Delete)
            action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
            action.triggered.connect(handler)
            table.addAction(action)
        insert = QAction("Add recovery", self.recovery_table)
        insert.setShortcut(QKeySequence(Qt.Key.Key_Insert))
        insert.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        insert.triggered.connect(self.add_recovery)
        self.recovery_table.addAction(insert)

    # --- showing a case --------------------------------------------------------------------------

    @property
    def case_id(self) -> int | None:
        """The case shown."""
        return self._case_id

    @property
    def current(self) -> CaseStatement | None:
        """The statement shown (``None`` without a case)."""
        return self._current

    def set_case(self, case_id: int | None) -> None:
        """Show another case's statement (None: no case); terms typed for the previous case are saved."""
        if case_id != self._case_id:
            self.save_pending()
            self._deleted = None
            self.undo_bar.hide()
        self._case_id = case_id
        self.refresh(reload_terms=True)

    def refresh(self, reload_terms: bool = False) -> None:
        """Read the statement again (the terms form too with ``reload_terms``, else it keeps the typing)."""
        self._current = None
        if self._case_id is not None:
            try:
                self._current = self._settlement.statement(self._case_id)
            except CasedeskError as exc:
                show_error(self, "Settlement statement not read", exc)
        current = self._current
        if reload_terms or current is None or current.is_final:
            self._load_terms(current.terms if current is not None else None)
        self.recovery_model.set_rows(list(current.recoveries) if current else [])
        self.holdback_model.set_rows(list(current.holdbacks) if current else [])
        self._show_statement()
        self._update_state()

    def save_pending(self) -> None:
        """Save terms typed but not saved yet (the workspace calls this before switching or closing)."""
        if not self._save_timer.isActive():
            return
        self._save_timer.stop()
        self._save_terms()

    # --- terms -----------------------------------------------------------------------------------

    def _load_terms(self, terms: StatementTerms | None) -> None:
        self._loading = True
        try:
            for stage, field in self.fee_fields.items():
                field.setText(format_fee_rate(terms.fee_rates[stage]) if terms else "")
            stage = terms.fee_stage if terms else FeeStage.PRE_SUIT
            self.stage.setCurrentIndex(self.stage.findData(stage))
            basis = terms.fee_basis if terms else FeeBasis.GROSS
            self.basis.setCurrentIndex(self.basis.findData(basis))
            self.attorney.setText(terms.attorney if terms else "")
            self.method.setPlainText(terms.method if terms else "")
            self.notes.setPlainText(terms.notes if terms else "")
            self.term_errors.reset()
            self.term_errors.show({})
            self.saved_label.setText("")
        finally:
            self._loading = False

    def _read_terms(self) -> tuple[StatementTerms | None, dict[str, str]]:
        current = self._current
        if current is None:
            return None, {}
        errors: dict[str, str] = {}
        rates: dict[FeeStage, Fraction] = {}
        for stage, field in self.fee_fields.items():
            try:
                rates[stage] = parse_fee_rate(field.text())
            except ValidationError as exc:
                errors[f"fee_{stage.value}"] = exc.errors["fee_rate"]
        if errors:
            return None, errors
        terms = replace(
            current.terms,
            fee_rates=rates,
            fee_stage=FeeStage(self.stage.currentData()),
            fee_basis=FeeBasis(self.basis.currentData()),
            attorney=self.attorney.text(),
            method=self.method.toPlainText(),
            notes=self.notes.toPlainText(),
        )
        return terms, self._settlement.terms_errors(terms)

    def _on_terms_edited(self) -> None:
        if self._loading or self._current is None or self._current.is_final:
            return
        sender = self.sender()
        for name, (widget, _label) in self._term_fields().items():
            if widget is sender:
                self.term_errors.touch(name)
        _terms, errors = self._read_terms()
        self.term_errors.show(errors)
        if errors:
            self.saved_label.setText("Not saved: correct the fields marked in red.")
            self._save_timer.stop()
            return
        self.saved_label.setText("Saving…")
        self._save_timer.start()

    def _term_fields(self) -> dict[str, tuple[QWidget, QLabel]]:
        fields: dict[str, tuple[QWidget, QLabel]] = {
            f"fee_{stage.value}": (field, self.term_labels[f"fee_{stage.value}"])
            for stage, field in self.fee_fields.items()
        }
        fields["attorney"] = (self.attorney, self.term_labels["attorney"])
        return fields

    def _save_terms(self) -> None:
        terms, errors = self._read_terms()
        if terms is None or errors:
            return
        try:
            self._settlement.save_terms(terms)
        except CasedeskError as exc:
            show_error(self, "Fee terms not saved", exc)
            self.refresh(reload_terms=True)
            return
        self.refresh()
        self.saved_label.setText("Saved.")
        self.changed.emit()

    # --- recoveries and holdbacks ----------------------------------------------------------------

    def selected_recovery(self) -> Recovery | None:
        """The recovery on the selected row."""
        recovery: Recovery | None = selected_data(self.recovery_table, StatementRole.RECORD)
        return recovery

    def selected_holdback(self) -> Holdback | None:
        """The holdback on the selected row."""
        holdback: Holdback | None = selected_data(self.holdback_table, StatementRole.RECORD)
        return holdback

    def add_recovery(self) -> None:
        """Ask for a new recovery and add it."""
        if self._editable():
            self._after_change(RecoveryDialog.ask(self, self._settlement, self._case_id or 0))

    def edit_recovery(self) -> None:
        """Edit the selected recovery."""
        selected = self.selected_recovery()
        if selected is not None and self._editable():
            self._after_change(RecoveryDialog.ask(self, self._settlement, self._case_id or 0, selected))

    def add_holdback(self) -> None:
        """Ask for a new holdback and add it."""
        if self._editable():
            self._after_change(HoldbackDialog.ask(self, self._settlement, self._case_id or 0))

    def edit_holdback(self) -> None:
        """Edit the selected holdback."""
        selected = self.selected_holdback()
        if selected is not None and self._editable():
            self._after_change(HoldbackDialog.ask(self, self._settlement, self._case_id or 0, selected))

    def delete_recovery(self) -> None:
        """Delete the selected recovery at once; the undo bar (and Ctrl+Z) puts it back."""
        selected = self.selected_recovery()
        if selected is None or selected.id is None or not self._editable():
            return
        try:
            self._deleted = self._settlement.delete_recovery(selected.id)
        except CasedeskError as exc:
            show_error(self, "Recovery not deleted", exc)
            self.refresh()
            return
        self.undo_bar.offer(f"Deleted the recovery from “{selected.payer}” ({selected.amount}).")
        self._after_change(None)
        self.recovery_table.setFocus(Qt.FocusReason.OtherFocusReason)

    def delete_holdback(self) -> None:
        """Delete the selected holdback at once; the undo bar (and Ctrl+Z) puts it back."""
        selected = self.selected_holdback()
        if selected is None or selected.id is None or not self._editable():
            return
        try:
            self._deleted = self._settlement.delete_holdback(selected.id)
        except CasedeskError as exc:
            show_error(self, "Holdback not deleted", exc)
            self.refresh()
            return
        self.undo_bar.offer(f"Deleted the holdback for “{selected.payee}” ({selected.amount}).")
        self._after_change(None)
        self.holdback_table.setFocus(Qt.FocusReason.OtherFocusReason)

    def undo_delete(self) -> None:
        """Put back the recovery or holdback deleted last."""
        deleted = self._deleted
        if deleted is None:
            return
        try:
            restored: Recovery | Holdback
            if isinstance(deleted, Recovery):
                restored = self._settlement.restore_recovery(deleted)
            else:
                restored = self._settlement.restore_holdback(deleted)
        except CasedeskError as exc:
            show_error(self, "Not restored", exc)
            return
        self._deleted = None
        self.undo_bar.hide()
        self._after_change(restored)

    # --- finalizing, reopening, exports ----------------------------------------------------------

    def finalize(self) -> None:
        """Freeze the statement, after a confirmation saying what is frozen."""
        current = self._current
        if current is None or current.is_final:
            return
        self.save_pending()
        refusal = current.statement.refusal()
        if refusal is not None:
            show_error(self, "Statement not finalized", ValidationError({"finalize": refusal}))
            return
        net = current.statement.net_to_client
        if not confirm(
            self,
            "Finalize the settlement statement",
            f"Finalize the statement with a net to the client of {net}?",
            "Finalize",
            FINALIZE_DETAIL,
        ):
            return
        try:
            self._settlement.finalize(current.case_id)
        except CasedeskError as exc:
            show_error(self, "Statement not finalized", exc)
            self.refresh()
            return
        self.refresh(reload_terms=True)
        self.changed.emit()

    def reopen(self) -> None:
        """Make a final statement a draft again, asking why."""
        current = self._current
        if current is None or not current.is_final:
            return
        reason = ReopenDialog.ask(self)
        if reason is None:
            return
        try:
            self._settlement.reopen(current.case_id, reason)
        except CasedeskError as exc:
            show_error(self, "Statement not reopened", exc)
            return
        self.refresh(reload_terms=True)
        self.changed.emit()

    def save_pdf(self) -> None:
        """Ask where to save the statement as a PDF, and write it in the background."""
        self._export("pdf")

    def export_xlsx(self) -> None:
        """Ask where to save the statement as an Excel workbook, and write it in the background."""
        self._export("xlsx")

    def _export(self, kind: str) -> None:
        current = self._current
        if current is None:
            return
        self.save_pending()
        number = current.statement.header.case_number
        if kind == "pdf":
            title, suffix, what = "Save settlement statement as PDF", ".pdf", "PDF documents"
        else:
            title, suffix, what = "Export settlement statement to Excel", ".xlsx", "Excel workbooks"
        path = ask_export_path(
            self, title, f"{safe_file_name(number)} settlement statement{suffix}", suffix, what
        )
        if path is None:
            return
        settlement, case_id = self._settlement, current.case_id
        write = settlement.export_pdf if kind == "pdf" else settlement.export_xlsx
        self.status.setText(f"Saving {path.name}…")
        for button in (self.pdf_button, self.xlsx_button):
            button.setEnabled(False)
        self._runner.op(self, lambda: write(case_id, path)).on_success(
            lambda _none: self._on_exported(path)
        ).on_failure(self._on_export_failed).start()

    def _on_exported(self, path: Path) -> None:
        self.status.setText(f"Saved {path}")
        self._update_state()

    def _on_export_failed(self, error: BaseException) -> None:
        self.status.setText("")
        self._update_state()
        if not isinstance(error, CasedeskError):
            raise error
        show_error(self, "Statement not saved", error)

    # --- helpers ---------------------------------------------------------------------------------

    def _editable(self) -> bool:
        current = self._current
        if current is None:
            return False
        if current.is_final:
            show_error(
                self,
                "The statement is final",
                CasedeskError("The settlement statement is final. Reopen the statement to change it."),
            )
            return False
        return True

    def _after_change(self, saved: Recovery | Holdback | None) -> None:
        if saved is None and self._deleted is None:
            return
        self.refresh()
        if isinstance(saved, Recovery):
            row = self.recovery_model.row_of(saved.id)
            if row is not None:
                self.recovery_table.selectRow(row)
        elif isinstance(saved, Holdback):
            row = self.holdback_model.row_of(saved.id)
            if row is not None:
                self.holdback_table.selectRow(row)
        self.changed.emit()

    def _update_state(self) -> None:
        current = self._current
        has_case = current is not None
        final = current is not None and current.is_final
        editable = has_case and not final
        for field in [
            *self.fee_fields.values(),
            self.stage,
            self.basis,
            self.attorney,
            self.method,
            self.notes,
        ]:
            field.setEnabled(editable)
        self.add_recovery_button.setEnabled(editable)
        self.add_holdback_button.setEnabled(editable)
        recovery, holdback = self.selected_recovery(), self.selected_holdback()
        self.edit_recovery_button.setEnabled(editable and recovery is not None)
        self.delete_recovery_button.setEnabled(editable and recovery is not None)
        self.edit_holdback_button.setEnabled(editable and holdback is not None)
        self.delete_holdback_button.setEnabled(editable and holdback is not None)
        self.finalize_button.setEnabled(editable)
        self.reopen_button.setEnabled(final)
        self.pdf_button.setEnabled(has_case)
        self.xlsx_button.setEnabled(has_case)
        if current is None:
            self.banner.setText("No case selected." if self._case_id is None else "")
            self.banner.setStyleSheet("")
        elif final and current.finalized_at is not None:
            when = long_date(current.finalized_at.astimezone().date())
            self.banner.setText(f"Final — frozen on {when}. Reopen… to change it.")
            self.banner.setStyleSheet(_FINAL_STYLE)
        else:
            self.banner.setText("Draft — the statement follows the case's figures until it is finalized.")
            self.banner.setStyleSheet("")
        warnings = current.warnings() if current is not None else []
        self.warnings.setText("\n".join(f"• {w}" for w in warnings))
        self.warnings.setVisible(bool(warnings))
        self.liens_button.setVisible(
            current is not None and bool(current.statement.unfinished_liens) and not final
        )
        self.history.setText(self._history_html(current))

    def _show_statement(self) -> None:
        current = self._current
        if current is None:
            self.preview.setHtml("")
            return
        self.preview.setHtml(statement_html(current.statement, current))

    @staticmethod
    def _history_html(current: CaseStatement | None) -> str:
        if current is None or not current.events:
            return ""
        lines = []
        for event in current.events:
            what = "Finalized" if event.action is StatementAction.FINALIZED else "Reopened"
            why = f": {escape(event.reason)}" if event.reason else ""
            lines.append(f"{what} {escape(long_moment(event.at.astimezone()))}{why}")
        return "<b>History</b><br>" + "<br>".join(lines)

    def _on_recovery_activated(self, _index: QModelIndex) -> None:
        self.edit_recovery()

    def _on_holdback_activated(self, _index: QModelIndex) -> None:
        self.edit_holdback()

    def _on_selection_changed(self, _selected: QItemSelection, _deselected: QItemSelection) -> None:
        self._update_state()


def statement_html(statement: Statement, current: CaseStatement) -> str:
    """The statement's lines and totals as the preview shows them."""
    rows: list[str] = []

    def line(label: str, amount: str, *, bold: bool = False, indent: bool = False, note: str = "") -> None:
        style = "font-weight:bold;" if bold else ""
        pad = "padding-left:14px;" if indent else ""
        extra = f"<br><span style='color:#555;font-size:small'>{escape(note)}</span>" if note else ""
        rows.append(
            f"<tr><td style='{style}{pad}'>{escape(label)}{extra}</td>"
            f"<td align='right' style='{style}'>{escape(amount)}</td></tr>"
        )

    for recovery in statement.recoveries:
        received = format_date(recovery.received_on) or "not yet received"
        line(f"{recovery.source.label}: {recovery.payer} ({received})", str(recovery.amount), indent=True)
    line("Gross recovery", str(statement.gross), bold=True)
    fee = statement.fee
    line(
        f"Attorney fee ({fee.stage.label.lower()})",
        str(-fee.amount),
        note=fee.explanation() + (f" — {fee.rounding_note()}" if fee.rounded else ""),
    )
    for cost in statement.costs:
        line(f"{format_date(cost.spent_on)} {cost.category}: {cost.payee}", str(-cost.amount), indent=True)
    line("Case costs", str(-statement.total_costs))
    for lien in statement.liens:
        state = "" if lien.is_final else f" — {lien.status.lower()}, NOT FINAL"
        billed = (
            f"billed {lien.billed}, paid by others {lien.paid_by_others}; " if lien.billed is not None else ""
        )
        note = f"{billed}claimed {lien.asserted}, reduction {lien.reduction}"
        line(f"{lien.holder}{state}", str(-lien.amount), indent=True, note=note)
    line("Medical bills and liens", str(-statement.total_liens))
    for holdback in statement.holdbacks:
        line(f"Held for {holdback.payee}: {holdback.reason}", str(-holdback.amount), indent=True)
    if statement.holdbacks:
        line("Held in trust", str(-statement.total_holdbacks))
    rows.append(
        "<tr><td style='font-weight:bold;font-size:large;border-top:2px solid #34495e'>Net to client</td>"
        f"<td align='right' style='font-weight:bold;font-size:large;border-top:2px solid #34495e'>"
        f"{escape(str(statement.net_to_client))}</td></tr>"
    )
    check = "the gross exactly" if statement.balanced else f"NOT the gross {statement.gross}"
    trust = current.trust
    return (
        f"<h3>Settlement statement — {escape(statement.header.case_number)}</h3>"
        f"<p>{escape(statement.header.client)} · {escape(statement.header.caption)}</p>"
        f"<table width='100%' cellspacing='0' cellpadding='3'>{''.join(rows)}</table>"
        f"<p style='color:#555'>Check: the lines add up to {escape(str(statement.lines_total))}, {check}. "
        f"{escape(ROUNDING_NOTE)}</p>"
        f"<p><b>Trust account:</b> received {escape(str(trust.received))}, paid out "
        f"{escape(str(trust.paid_out))}, remaining in trust <b>{escape(str(trust.in_trust))}</b>.</p>"
    )
