"""The chronology tab: a case's visits in date order with page cites and bills, treatment gaps highlighted."""

from __future__ import annotations

from enum import IntEnum
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QModelIndex, QSettings, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QFont
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSpinBox,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from casedesk.domain.chronology import (
    DEFAULT_GAP_DAYS,
    MAX_GAP_DAYS,
    MIN_GAP_DAYS,
    Chronology,
    ChronologyRow,
    TreatmentGap,
    Visit,
    visit_dates,
)
from casedesk.domain.errors import CasedeskError
from casedesk.ui.files import ask_export_path, safe_file_name
from casedesk.ui.messages import show_error
from casedesk.ui.tables import Index, RecordTableModel, record_table
from casedesk.ui.tasks import TaskRunner

if TYPE_CHECKING:
    from casedesk.services.records import RecordService

COL_DATES, COL_PROVIDER, COL_KIND, COL_COMPLAINT, COL_DIAGNOSES, COL_TREATMENT, COL_SUMMARY = range(7)
COL_BILLED, COL_RECORDS = 7, 8
COLUMN_WIDTHS = {
    COL_DATES: 105,
    COL_PROVIDER: 160,
    COL_KIND: 118,
    COL_COMPLAINT: 130,
    COL_DIAGNOSES: 120,
    COL_TREATMENT: 140,
    COL_SUMMARY: 187,
    COL_BILLED: 90,
}
#: Where the gap threshold is remembered.
GAP_DAYS_KEY = "chronology/gap_days"
GAP_BACKGROUND = QColor("#ffeb9c")
GAP_FOREGROUND = QColor("#7a4b00")
EMPTY_TEXT = "No visits indexed yet. Index the records in the Record index tab; they show here by date."


class ChronologyRole(IntEnum):
    """Custom roles of :class:`ChronologyTableModel`."""

    ROW = Qt.ItemDataRole.UserRole + 1


class ChronologyTableModel(RecordTableModel):
    """Visits and gaps in date order; a gap's text sits in the first column (the view spans it)."""

    HEADERS = (
        "Date(s)",
        "Provider",
        "Kind",
        "Complaint",
        "Diagnoses",
        "Treatment",
        "Summary",
        "Billed",
        "Records",
    )

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._rows: tuple[ChronologyRow, ...] = ()

    def set_rows(self, rows: tuple[ChronologyRow, ...]) -> None:
        """Show these rows."""
        self.beginResetModel()
        self._rows = rows
        self.endResetModel()

    def row_at(self, row: int) -> ChronologyRow | None:
        """The visit or gap on a row."""
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        """Qt override."""
        return 0 if parent.isValid() else len(self._rows)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        """Qt override."""
        if not index.isValid() or index.row() >= len(self._rows) or index.column() >= len(self.HEADERS):
            return None
        row = self._rows[index.row()]
        column = index.column()
        if role == ChronologyRole.ROW:
            return row
        if isinstance(row, TreatmentGap):
            return self._gap_data(row, column, role)
        if role == Qt.ItemDataRole.DisplayRole:
            return self.text(row, column)
        if role == Qt.ItemDataRole.ToolTipRole:
            return self.text(row, column) or None
        if role == Qt.ItemDataRole.TextAlignmentRole and column == COL_BILLED:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    @staticmethod
    def _gap_data(gap: TreatmentGap, column: int, role: int) -> Any:
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return gap.text if column == 0 else ("" if role == Qt.ItemDataRole.DisplayRole else None)
        if role == Qt.ItemDataRole.BackgroundRole:
            return QBrush(GAP_BACKGROUND)
        if role == Qt.ItemDataRole.ForegroundRole:
            return QBrush(GAP_FOREGROUND)
        if role == Qt.ItemDataRole.FontRole:
            font = QFont()
            font.setBold(True)
            return font
        return None

    @staticmethod
    def text(visit: Visit, column: int) -> str:
        """What a visit's cell shows."""
        values = {
            COL_DATES: visit_dates(visit),
            COL_PROVIDER: visit.provider,
            COL_KIND: visit.kind_text,
            COL_COMPLAINT: visit.complaint,
            COL_DIAGNOSES: visit.diagnoses,
            COL_TREATMENT: visit.procedures,
            COL_SUMMARY: visit.summary,
            COL_BILLED: str(visit.billed) if visit.billed is not None else "",
            COL_RECORDS: visit.cite_text,
        }
        return " ".join(values[column].split())


class ChronologyPanel(QWidget):
    """A case's chronology with its gap threshold and exports.

    Signals:
        open_requested: ``(document_id, page)``: the user asked to read a visit's record (double-click or
            Enter on a row cited to a document).
    """

    open_requested = Signal(int, int)

    def __init__(
        self, records: RecordService, settings: QSettings | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self._records = records
        self._settings = settings if settings is not None else QSettings()
        self._case_id: int | None = None
        self._chronology: Chronology | None = None
        self._runner = TaskRunner()
        self.model = ChronologyTableModel(self)
        self.table = record_table(self.model, COLUMN_WIDTHS)
        self.table.setAccessibleName("Chronology")
        self.empty_label = QLabel()
        self.empty_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty_label.setWordWrap(True)
        self._stack = QStackedWidget()
        self._stack.addWidget(self.table)
        self._stack.addWidget(self.empty_label)
        self.gap_days = QSpinBox()
        self.gap_days.setRange(MIN_GAP_DAYS, MAX_GAP_DAYS)
        self.gap_days.setSuffix(" days")
        self.gap_days.setAccessibleName("Gap threshold")
        self.gap_days.setToolTip(
            "Flag stretches without treatment longer than this (exactly this many is no gap)"
        )
        self.gap_days.setValue(self._stored_gap_days())
        gap_label = QLabel("Flag &gaps longer than")
        gap_label.setBuddy(self.gap_days)
        self.pdf_button = QPushButton("Export &PDF…")
        self.pdf_button.setToolTip("Save the chronology as a PDF (landscape, with page cites)")
        self.xlsx_button = QPushButton("Export E&xcel…")
        self.xlsx_button.setToolTip("Save the chronology as an Excel workbook")
        self.totals = QLabel()
        self.totals.setTextFormat(Qt.TextFormat.RichText)
        self.status = QLabel()
        self.status.setStyleSheet("color: #555;")
        self.status.setWordWrap(True)
        self.status.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        tools = QHBoxLayout()
        tools.addWidget(QLabel("<b>Chronology</b>"))
        tools.addStretch(1)
        tools.addWidget(gap_label)
        tools.addWidget(self.gap_days)
        tools.addSpacing(16)
        tools.addWidget(self.pdf_button)
        tools.addWidget(self.xlsx_button)
        layout = QVBoxLayout(self)
        layout.addLayout(tools)
        layout.addWidget(self._stack, 1)
        layout.addWidget(self.totals)
        layout.addWidget(self.status)

        self.gap_days.valueChanged.connect(self._on_gap_days_changed)
        self.pdf_button.clicked.connect(lambda: self.export(".pdf"))
        self.xlsx_button.clicked.connect(lambda: self.export(".xlsx"))
        self.table.activated.connect(self._on_row_activated)
        self.set_case(None)

    def _stored_gap_days(self) -> int:
        value = self._settings.value(GAP_DAYS_KEY, DEFAULT_GAP_DAYS)
        try:
            days = int(str(value))
        except ValueError:
            return DEFAULT_GAP_DAYS
        return days if MIN_GAP_DAYS <= days <= MAX_GAP_DAYS else DEFAULT_GAP_DAYS

    @property
    def case_id(self) -> int | None:
        """The case whose chronology is shown."""
        return self._case_id

    def set_case(self, case_id: int | None) -> None:
        """Show another case's chronology (None: no case)."""
        if case_id != self._case_id:
            self.status.clear()
        self._case_id = case_id
        self.refresh()

    def refresh(self) -> None:
        """Build the chronology again (after the index or the bills changed)."""
        chronology: Chronology | None = None
        if self._case_id is not None:
            try:
                chronology = self._records.chronology(self._case_id, self.gap_days.value())
            except CasedeskError as exc:
                show_error(self, "Chronology not built", exc)
        self._chronology = chronology
        rows = chronology.rows if chronology is not None else ()
        self.model.set_rows(rows)
        self.table.clearSpans()
        for number, row in enumerate(rows):
            if isinstance(row, TreatmentGap):
                self.table.setSpan(number, 0, 1, len(ChronologyTableModel.HEADERS))
        if rows:
            self._stack.setCurrentWidget(self.table)
        else:
            self.empty_label.setText("No case selected." if self._case_id is None else EMPTY_TEXT)
            self._stack.setCurrentWidget(self.empty_label)
        self.totals.setText(self._totals_html(chronology))
        self._update_buttons()

    def _update_buttons(self) -> None:
        can_export = self._case_id is not None and bool(self._chronology and self._chronology.visits)
        for widget in (self.pdf_button, self.xlsx_button):
            widget.setEnabled(can_export)
        self.gap_days.setEnabled(True)

    @property
    def chronology(self) -> Chronology | None:
        """The chronology shown."""
        return self._chronology

    @staticmethod
    def _totals_html(chronology: Chronology | None) -> str:
        if chronology is None or not chronology.visits:
            return ""
        visits, providers, gaps = len(chronology.visits), len(chronology.providers), len(chronology.gaps)
        parts = [
            "1 visit" if visits == 1 else f"{visits:,} visits",
            "1 provider" if providers == 1 else f"{providers:,} providers",
            f"billed <b>{chronology.billed}</b>",
            f"<span style='color:#7a4b00'><b>{gaps}</b> gap{'s' if gaps != 1 else ''} in treatment</span>",
        ]
        if chronology.unmatched_bills:
            parts.append(f"{chronology.unmatched_billed} billed for dates not in the index")
        return " · ".join(parts)

    def _on_gap_days_changed(self, value: int) -> None:
        self._settings.setValue(GAP_DAYS_KEY, value)
        self.refresh()

    def _on_row_activated(self, index: QModelIndex) -> None:
        row = self.model.row_at(index.row())
        if not isinstance(row, Visit):
            return
        cite = row.first_cite
        if cite is not None and cite.document_id is not None and cite.page_from is not None:
            self.open_requested.emit(cite.document_id, cite.page_from)

    # --- exports ---------------------------------------------------------------------------------

    def export(self, suffix: str) -> None:
        """Ask where to save the chronology (``.pdf`` or ``.xlsx``) and write it in the background."""
        if self._case_id is None:
            return
        kind = "PDF documents" if suffix == ".pdf" else "Excel workbooks"
        title = "Save chronology as PDF" if suffix == ".pdf" else "Save chronology as Excel"
        number = self._case_number()
        path = ask_export_path(self, title, safe_file_name(f"{number} chronology") + suffix, suffix, kind)
        if path is None:
            return
        case_id, gap_days = self._case_id, self.gap_days.value()
        self._set_busy(True, f"Saving {path.name}…")
        (
            self._runner.op(self, lambda: self._records.export_chronology(case_id, path, gap_days))
            .on_success(lambda _chronology: self._on_exported(path))
            .on_failure(self._on_export_failed)
            .start()
        )

    def _case_number(self) -> str:
        """The case's number, for the file name offered."""
        try:
            return self._records.case_number(self._case_id or 0)
        except CasedeskError:
            return "case"

    def _on_exported(self, path: Path) -> None:
        self._set_busy(False, f"Saved the chronology to {path}")

    def _on_export_failed(self, error: BaseException) -> None:
        self._set_busy(False, "")
        if isinstance(error, CasedeskError):
            self.status.setText(f"Not saved: {error.message}")
            show_error(self, "Chronology not saved", error)
            return
        raise error

    def _set_busy(self, busy: bool, message: str) -> None:
        self.status.setText(message)
        if busy:
            for widget in (self.pdf_button, self.xlsx_button, self.gap_days):
                widget.setEnabled(False)
        else:
            self._update_buttons()
