"""Case › Audit Trail… (and Help › Audit Trail of the Case File…): who changed what, when, read-only.

The trail lists changes to money, deadlines, liens and settlement statements, deleted cases, and every
export of case data, newest first, each with the fields before and after. It can be filtered by kind and
exported to .xlsx or .csv (in the background, with progress and Cancel); entries are never edited here.
"""

from __future__ import annotations

import enum
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QModelIndex, QStandardPaths, Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from casedesk.domain.audit import AuditEntry, AuditKind
from casedesk.domain.errors import CasedeskError
from casedesk.ui.files import safe_file_name
from casedesk.ui.messages import show_error, show_failure
from casedesk.ui.progress import ProgressDialog
from casedesk.ui.tables import Index, RecordTableModel, record_table
from casedesk.ui.tasks import Task, TaskRunner

if TYPE_CHECKING:
    from casedesk.services.audit import AuditService


class AuditRole(enum.IntEnum):
    """Custom data roles of :class:`AuditTableModel`."""

    ENTRY = Qt.ItemDataRole.UserRole + 1


class AuditTableModel(RecordTableModel):
    """The trail's entries, one per row, newest first (as given)."""

    HEADERS = ("When", "Who", "Case", "What", "Action", "Changes")
    COL_WHEN, COL_WHO, COL_CASE, COL_WHAT, COL_ACTION, COL_CHANGES = range(6)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._entries: list[AuditEntry] = []

    def set_entries(self, entries: Sequence[AuditEntry]) -> None:
        """Show these entries."""
        self.beginResetModel()
        self._entries = list(entries)
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        """Qt override."""
        return 0 if parent.isValid() else len(self._entries)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        """Qt override."""
        if not index.isValid() or not 0 <= index.row() < len(self._entries):
            return None
        entry = self._entries[index.row()]
        if role == AuditRole.ENTRY:
            return entry
        if role == Qt.ItemDataRole.DisplayRole:
            return _cell(entry, index.column())
        if role == Qt.ItemDataRole.ToolTipRole and index.column() in (self.COL_WHAT, self.COL_CHANGES):
            return _details(entry)
        return None


def _cell(entry: AuditEntry, column: int) -> str:
    if column == AuditTableModel.COL_WHEN:
        return entry.at.astimezone().strftime("%Y-%m-%d %H:%M:%S")
    if column == AuditTableModel.COL_WHO:
        return entry.user
    if column == AuditTableModel.COL_CASE:
        return entry.case_number
    if column == AuditTableModel.COL_WHAT:
        return entry.summary
    if column == AuditTableModel.COL_ACTION:
        return entry.action.label
    if entry.changes:
        return "; ".join(entry.changes_text().splitlines())
    return entry.detail


def _details(entry: AuditEntry) -> str:
    lines = [entry.summary]
    if entry.changes:
        lines.append(entry.changes_text())
    if entry.detail:
        lines.append(f"File: {entry.detail}")
    return "\n".join(lines)


def ask_audit_export_path(parent: QWidget, suggested_name: str) -> Path | None:
    """Ask where to save the trail: an Excel workbook, or CSV when the user picks that type."""
    folder = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    xlsx, csv = "Excel workbooks (*.xlsx)", "CSV files (*.csv)"
    name, chosen = QFileDialog.getSaveFileName(
        parent, "Export Audit Trail", str(Path(folder) / f"{suggested_name}.xlsx"), f"{xlsx};;{csv}"
    )
    if not name:
        return None
    path = Path(name)
    if path.suffix.lower() in (".xlsx", ".csv"):
        return path
    return path.with_name(path.name + (".csv" if chosen == csv else ".xlsx"))


class AuditTrailDialog(QDialog):
    """The audit trail of one case (or of the whole case file), read-only, with a kind filter and Export….

    Attributes:
        export_task: The running (or last) export, for tests.
    """

    def __init__(
        self,
        service: AuditService,
        parent: QWidget | None,
        *,
        case_id: int | None = None,
        case_number: str = "",
        runner: TaskRunner | None = None,
    ) -> None:
        super().__init__(parent)
        self._service = service
        self._case_id = case_id
        self._case_number = case_number
        self._runner = runner or TaskRunner()
        self._progress: ProgressDialog | None = None
        self.export_task: Task[int] | None = None
        whose = f"case {case_number}" if case_id is not None else "all cases"
        self.setWindowTitle(f"Audit Trail — {whose}")
        self.resize(980, 520)

        self.kind = QComboBox()
        self.kind.addItem("All kinds", None)
        for kind in AuditKind:
            self.kind.addItem(kind.label, kind.value)
        kind_label = QLabel("&Show:")
        kind_label.setBuddy(self.kind)
        self.count = QLabel()
        filters = QHBoxLayout()
        filters.addWidget(kind_label)
        filters.addWidget(self.kind)
        filters.addStretch(1)
        filters.addWidget(self.count)

        self.model = AuditTableModel(self)
        self.table = record_table(self.model, {0: 150, 1: 90, 2: 110, 3: 260, 4: 80})
        self.empty = QLabel()
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty.setWordWrap(True)
        self.stack = QStackedWidget()
        self.stack.addWidget(self.table)
        self.stack.addWidget(self.empty)
        self.details = QLabel()
        self.details.setWordWrap(True)
        self.details.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.details.setMinimumHeight(self.fontMetrics().height() * 4)
        self.details.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)

        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.export_button = QPushButton("&Export…")
        self.export_button.setShortcut(QKeySequence("Ctrl+S"))
        self.export_button.setToolTip("Save the whole trail shown here as an Excel workbook or CSV (Ctrl+S)")
        self.buttons.addButton(self.export_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.buttons.rejected.connect(self.reject)
        self.export_button.clicked.connect(self.export)

        layout = QVBoxLayout(self)
        layout.addLayout(filters)
        layout.addWidget(self.stack, 1)
        layout.addWidget(self.details)
        layout.addWidget(self.buttons)

        self.kind.currentIndexChanged.connect(self.reload)
        self.table.selectionModel().currentRowChanged.connect(self._on_table_current_changed)
        self.reload()

    def selected_kind(self) -> AuditKind | None:
        """The kind the filter shows (None: all)."""
        value = self.kind.currentData()
        return AuditKind(value) if value else None

    def reload(self) -> None:
        """Read the trail again (with the filter applied)."""
        try:
            entries = self._service.entries(self._case_id, self.selected_kind())
        except CasedeskError as exc:
            show_error(self, "Audit Trail", exc)
            entries = []
        self.model.set_entries(entries)
        self.count.setText(f"{len(entries)} entr{'y' if len(entries) == 1 else 'ies'}")
        if entries:
            self.stack.setCurrentWidget(self.table)
            self.table.selectRow(0)
        else:
            self.empty.setText(
                "No changes of this kind have been recorded."
                if self.selected_kind() is not None
                else "Nothing has been recorded yet. Changes to money, deadlines, liens and settlement "
                "statements, and every export of case data, will be listed here."
            )
            self.stack.setCurrentWidget(self.empty)
            self.details.clear()

    def export(self) -> None:
        """Ask where, then write the whole trail of this dialog (all kinds) in the background."""
        stem = f"{self._case_number} audit trail" if self._case_id is not None else "audit trail"
        path = ask_audit_export_path(self, safe_file_name(stem))
        if path is None:
            return
        self._progress = ProgressDialog("Exporting Audit Trail", self)
        progress = self._progress
        self.export_task = (
            self._runner.op(
                self,
                lambda: self._service.export(self._case_id, path, progress.report, progress.token),
            )
            .on_success(lambda rows: self._on_exported(path, rows))
            .on_failure(self._on_export_failed)
            .start()
        )

    def _close_progress(self) -> None:
        if self._progress is not None:
            self._progress.finish()
            self._progress = None

    def _on_exported(self, path: Path, rows: int) -> None:
        self._close_progress()
        self.reload()  # the export is itself in the trail now
        self.count.setText(f"{self.count.text()} · saved {rows} row{'s' if rows != 1 else ''} to {path.name}")

    def _on_export_failed(self, error: BaseException) -> None:
        self._close_progress()
        show_failure(self, "Audit trail not exported", error)

    def _on_table_current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        entry = current.data(AuditRole.ENTRY) if current.isValid() else None
        self.details.setText(_details(entry) if isinstance(entry, AuditEntry) else "")
