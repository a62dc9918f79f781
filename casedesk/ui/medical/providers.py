"""A case's providers and the record and bill requests sent to them, with what is overdue."""

from __future__ import annotations

import enum
from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QItemSelection, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QAction, QBrush, QColor, QFont, QKeySequence
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from casedesk.domain.errors import CasedeskError
from casedesk.domain.providers import (
    ProviderSummary,
    RecordRequest,
    RequestStatus,
    days_overdue,
    follow_up_day,
    is_open,
)
from casedesk.domain.typed import format_date
from casedesk.services.clock import Clock, today
from casedesk.ui.medical.provider_dialogs import ProviderDialog, RequestDialog
from casedesk.ui.messages import confirm, show_error
from casedesk.ui.tables import RecordTableModel, record_table, selected_data
from casedesk.ui.undo import DeleteWithUndo, UndoBar

if TYPE_CHECKING:
    from casedesk.services.contacts import ContactService
    from casedesk.services.providers import ProviderService

_Index = QModelIndex | QPersistentModelIndex
OVERDUE_COLOR = QColor("#b00020")
PALE = QColor("#777777")
ADD_PROVIDER_KEY = "Ctrl+Shift+P"
NEW_REQUEST_KEY = "Ctrl+Shift+M"
NO_PROVIDERS = (
    "No providers on this case yet. Press Add Provider… (Ctrl+Shift+P) to pick one from the contacts book "
    "or to add a new one."
)
NO_REQUESTS = (
    "No record or bill requests yet. Press New Request… (Ctrl+Shift+M) to log one you sent: its follow-up "
    "goes on the calendar, 30 days out."
)
NO_REQUESTS_WITHOUT_PROVIDERS = "Requests go to the case's providers: add a provider first."

(P_NAME, P_SPECIALTY, P_STATUS, P_FIRST, P_LAST, P_OPEN) = range(6)
(R_PROVIDER, R_KIND, R_SENT, R_METHOD, R_FOLLOW_UP, R_STATUS, R_OVERDUE) = range(7)
PROVIDER_WIDTHS = {P_NAME: 230, P_SPECIALTY: 170, P_STATUS: 90, P_FIRST: 170, P_LAST: 170}
REQUEST_WIDTHS = {R_PROVIDER: 200, R_KIND: 140, R_SENT: 90, R_METHOD: 110, R_FOLLOW_UP: 90, R_STATUS: 150}


class ProviderRole(enum.IntEnum):
    """Custom data roles of the providers' and requests' table models."""

    #: The :class:`ProviderSummary` or :class:`RecordRequest` shown on the row.
    RECORD = Qt.ItemDataRole.UserRole + 1


def visit_text(typed: date | None, indexed: date | None) -> str:
    """A visit as typed, beside the record index's date when it has one: ``06/15/2026 (index 06/14/2026)``."""
    shown = format_date(typed) or "—"
    return f"{shown} (index {format_date(indexed)})" if indexed is not None else shown


def open_text(summary: ProviderSummary) -> str:
    """Open requests with how many are overdue: ``2 (1 overdue)``."""
    if summary.overdue_requests:
        return f"{summary.open_requests} ({summary.overdue_requests} overdue)"
    return str(summary.open_requests)


def request_status_text(request: RecordRequest) -> str:
    """``Requested``, ``Received 11/02/2026``, ``Reviewed`` (with its received date)."""
    if request.received_on is not None and request.status is not RequestStatus.REQUESTED:
        return f"{request.status.label} {format_date(request.received_on)}"
    return request.status.label


def overdue_text(days: int) -> str:
    """``12 days`` overdue, ``1 day``, or empty."""
    return "" if days <= 0 else f"{days} day" if days == 1 else f"{days} days"


class ProviderTableModel(RecordTableModel):
    """A case's providers as table rows."""

    HEADERS = ("Provider", "Specialty", "Status", "First visit", "Last visit", "Open requests")

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._rows: list[ProviderSummary] = []

    def set_rows(self, rows: list[ProviderSummary]) -> None:
        """Replace every row."""
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def row_of(self, provider_id: int | None) -> int | None:
        """The row showing a provider, if it is listed."""
        return next((r for r, s in enumerate(self._rows) if s.provider.id == provider_id), None)

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        """Qt override."""
        return 0 if parent.isValid() else len(self._rows)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        """Qt override."""
        if not index.isValid() or index.row() >= len(self._rows) or index.column() >= len(self.HEADERS):
            return None
        summary = self._rows[index.row()]
        provider = summary.provider
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return (
                provider.name,
                provider.specialty,
                provider.status.label,
                visit_text(provider.first_visit, summary.indexed_first),
                visit_text(provider.last_visit, summary.indexed_last),
                open_text(summary),
            )[column]
        if role == ProviderRole.RECORD:
            return summary
        if role == Qt.ItemDataRole.ForegroundRole and column == P_OPEN and summary.overdue_requests:
            return QBrush(OVERDUE_COLOR)
        if role == Qt.ItemDataRole.TextAlignmentRole and column == P_OPEN:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ToolTipRole and column in (P_FIRST, P_LAST):
            return "As typed; in brackets, the date of service the record index has for this provider"
        if role == Qt.ItemDataRole.ToolTipRole and column == P_NAME and provider.notes:
            return provider.notes[:1000]
        return None


class RequestTableModel(RecordTableModel):
    """A case's record and bill requests as table rows, overdue days in red."""

    HEADERS = ("Provider", "What", "Sent", "Method", "Follow up", "Status", "Overdue")

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._rows: list[RecordRequest] = []
        self._names: dict[int, str] = {}
        self._today = date.min

    def set_rows(self, rows: list[RecordRequest], names: dict[int, str], today_: date) -> None:
        """Replace every row; ``names`` maps provider ids to names."""
        self.beginResetModel()
        self._rows = list(rows)
        self._names = dict(names)
        self._today = today_
        self.endResetModel()

    def provider_name(self, provider_id: int) -> str:
        """The name of a provider on the case."""
        return self._names.get(provider_id, "the provider")

    def row_of(self, request_id: int | None) -> int | None:
        """The row showing a request, if it is listed."""
        return next((r for r, q in enumerate(self._rows) if q.id == request_id), None)

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        """Qt override."""
        return 0 if parent.isValid() else len(self._rows)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        """Qt override."""
        if not index.isValid() or index.row() >= len(self._rows) or index.column() >= len(self.HEADERS):
            return None
        request = self._rows[index.row()]
        column = index.column()
        late = days_overdue(request, self._today)
        if role == Qt.ItemDataRole.DisplayRole:
            return (
                self._names.get(request.provider_id, ""),
                request.kind.label,
                format_date(request.sent_on),
                request.method.label,
                format_date(follow_up_day(request)),
                request_status_text(request),
                overdue_text(late),
            )[column]
        if role == ProviderRole.RECORD:
            return request
        if role == Qt.ItemDataRole.ForegroundRole:
            if late and column in (R_FOLLOW_UP, R_OVERDUE):
                return QBrush(OVERDUE_COLOR)
            if not is_open(request):
                return QBrush(PALE)
        if role == Qt.ItemDataRole.FontRole and late and column == R_OVERDUE:
            font = QFont()
            font.setBold(True)
            return font
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(request, late)
        return None

    @staticmethod
    def _tooltip(request: RecordRequest, late: int) -> str | None:
        lines = []
        if late:
            lines.append(
                f"Overdue: the provider has not answered {overdue_text(late)} after the follow-up date."
            )
        if request.range_from or request.range_to:
            lines.append(
                f"Treatment {format_date(request.range_from) or 'from the start'} – "
                f"{format_date(request.range_to) or 'to date'}"
            )
        if request.cost is not None:
            lines.append(f"Cost: {request.cost}")
        if request.notes.strip():
            lines.append(request.notes[:1000])
        return "\n".join(lines) or None


class ProvidersPanel(QWidget):
    """A case's providers (top) and the requests sent to them (bottom).

    Signals:
        changed: A provider or a request was added, edited, removed, received, reviewed or restored.
    """

    changed = Signal()

    def __init__(
        self,
        providers: ProviderService,
        contacts: ContactService,
        clock: Clock,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._providers = providers
        self._contacts = contacts
        self._clock = clock
        self._case_id: int | None = None
        self.provider_model = ProviderTableModel(self)
        self.request_model = RequestTableModel(self)

        self.add_provider_button = QPushButton("&Add Provider…")
        self.add_provider_button.setToolTip(f"Put a provider on the case ({ADD_PROVIDER_KEY})")
        self.edit_provider_button = QPushButton("Ed&it…")
        self.edit_provider_button.setToolTip("Edit the selected provider (Enter or double-click)")
        self.remove_provider_button = QPushButton("Re&move…")
        self.remove_provider_button.setToolTip("Take the selected provider off the case (asks first)")
        self.provider_table = record_table(self.provider_model, PROVIDER_WIDTHS)
        self.provider_table.setAccessibleName("Providers")
        self.provider_empty = _empty_label()
        self._provider_stack = _stack(self.provider_table, self.provider_empty)

        self.new_request_button = QPushButton("&New Request…")
        self.new_request_button.setToolTip(f"Log a request sent to a provider ({NEW_REQUEST_KEY})")
        self.edit_request_button = QPushButton("&Edit…")
        self.received_button = QPushButton("Mark Re&ceived")
        self.received_button.setToolTip("The provider's answer came today: no longer outstanding")
        self.reviewed_button = QPushButton("Mark Revie&wed")
        self.reviewed_button.setToolTip("What came back has been read and indexed")
        self.extend_button = QPushButton("E&xtend 30 Days")
        self.extend_button.setToolTip(
            "The provider gave written notice of the one 30-day extension the rule allows (45 CFR 164.524)"
        )
        self.delete_request_button = QPushButton("&Delete")
        self.delete_request_button.setToolTip("Delete the selected request (Del); Undo puts it back")
        self.request_table = record_table(self.request_model, REQUEST_WIDTHS)
        self.request_table.setAccessibleName("Record and bill requests")
        self.request_empty = _empty_label()
        self._request_stack = _stack(self.request_table, self.request_empty)
        self.undo_bar = UndoBar(self)
        self._undo = DeleteWithUndo[RecordRequest](
            self,
            self.undo_bar,
            delete=providers.delete_request,
            restore=providers.restore_request,
            describe=self._deleted_text,
            not_deleted="Request not deleted",
            not_restored="Request not restored",
            after_change=lambda request_id: self._after_change(request_id=request_id),
            refresh=self.refresh,
            focus=self.request_table,
        )
        self.summary_label = QLabel()
        self.summary_label.setTextFormat(Qt.TextFormat.RichText)

        self._build()
        self._shortcuts()
        self._connect()
        self.set_case(None)

    # --- building --------------------------------------------------------------------------------

    def _build(self) -> None:
        top = QWidget()
        top_tools = QHBoxLayout()
        top_tools.addWidget(QLabel("<b>Providers</b>"))
        top_tools.addStretch(1)
        for button in (self.add_provider_button, self.edit_provider_button, self.remove_provider_button):
            top_tools.addWidget(button)
        top_layout = QVBoxLayout(top)
        top_layout.setContentsMargins(0, 0, 0, 0)
        top_layout.addLayout(top_tools)
        top_layout.addWidget(self._provider_stack, 1)
        bottom = QWidget()
        bottom_heading = QHBoxLayout()
        bottom_heading.addWidget(QLabel("<b>Record and bill requests</b>"))
        bottom_heading.addWidget(self.summary_label, 1)
        bottom_tools = QHBoxLayout()  # a row of its own: beside the heading it would widen the window
        bottom_tools.addStretch(1)
        for button in (
            self.new_request_button,
            self.edit_request_button,
            self.received_button,
            self.reviewed_button,
            self.extend_button,
            self.delete_request_button,
        ):
            bottom_tools.addWidget(button)
        bottom_layout = QVBoxLayout(bottom)
        bottom_layout.setContentsMargins(0, 0, 0, 0)
        bottom_layout.addLayout(bottom_heading)
        bottom_layout.addLayout(bottom_tools)
        bottom_layout.addWidget(self.undo_bar)
        bottom_layout.addWidget(self._request_stack, 1)
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(top)
        splitter.addWidget(bottom)
        splitter.setChildrenCollapsible(False)
        splitter.setSizes([220, 320])
        QVBoxLayout(self).addWidget(splitter)

    def _shortcuts(self) -> None:
        for text, key, slot, owner in (
            ("Add provider", ADD_PROVIDER_KEY, self.add_provider, self),
            ("New request", NEW_REQUEST_KEY, self.new_request, self),
            ("New request", QKeySequence(Qt.Key.Key_Insert), self.new_request, self.request_table),
            ("Add provider", QKeySequence(Qt.Key.Key_Insert), self.add_provider, self.provider_table),
            (
                "Delete request",
                QKeySequence(QKeySequence.StandardKey.Delete),
                self.delete_request,
                self.request_table,
            ),
        ):
            action = QAction(text, owner)
            action.setShortcut(QKeySequence(key))
            action.setShortcutContext(
                Qt.ShortcutContext.WidgetWithChildrenShortcut
                if owner is self
                else Qt.ShortcutContext.WidgetShortcut
            )
            owner.addAction(action)
            action.triggered.connect(slot)

    def _connect(self) -> None:
        self.add_provider_button.clicked.connect(self.add_provider)
        self.edit_provider_button.clicked.connect(self.edit_provider)
        self.remove_provider_button.clicked.connect(self.remove_provider)
        self.new_request_button.clicked.connect(self.new_request)
        self.edit_request_button.clicked.connect(self.edit_request)
        self.received_button.clicked.connect(self.mark_received)
        self.reviewed_button.clicked.connect(self.mark_reviewed)
        self.extend_button.clicked.connect(self.extend_request)
        self.delete_request_button.clicked.connect(self.delete_request)
        self.undo_bar.undo_requested.connect(self.undo_delete)
        self.provider_table.activated.connect(self._on_provider_table_activated)
        self.request_table.activated.connect(self._on_request_table_activated)
        self.provider_table.selectionModel().selectionChanged.connect(self._on_selection_changed)
        self.request_table.selectionModel().selectionChanged.connect(self._on_selection_changed)

    # --- showing ---------------------------------------------------------------------------------

    @property
    def case_id(self) -> int | None:
        """The case whose providers are shown."""
        return self._case_id

    def set_case(self, case_id: int | None) -> None:
        """Show another case's providers and requests (None: no case)."""
        if case_id != self._case_id:
            self._undo.forget()
        self._case_id = case_id
        self.refresh()

    def refresh(self) -> None:
        """Read the providers and requests again, keeping the selections."""
        keep_provider = self.selected_provider()
        keep_request = self.selected_request()
        summaries: list[ProviderSummary] = []
        requests: list[RecordRequest] = []
        if self._case_id is not None:
            try:
                summaries = self._providers.providers(self._case_id)
                requests = self._providers.requests(self._case_id)
            except CasedeskError as exc:
                show_error(self, "Providers not read", exc)
        now = today(self._clock)
        names = {s.provider.id or 0: s.provider.name for s in summaries}
        self.provider_model.set_rows(summaries)
        self.request_model.set_rows(requests, names, now)
        self._show_empty(summaries, requests)
        overdue = sum(1 for r in requests if days_overdue(r, now))
        waiting = sum(1 for r in requests if is_open(r))
        self.summary_label.setText(
            ""
            if not waiting
            else f"{waiting} outstanding"
            + (f", <span style='color:#b00020'><b>{overdue} overdue</b></span>" if overdue else "")
        )
        self._select(
            self.provider_table,
            self.provider_model.row_of(keep_provider.provider.id if keep_provider else None),
        )
        self._select(self.request_table, self.request_model.row_of(keep_request.id if keep_request else None))
        self._update_buttons()

    def selected_provider(self) -> ProviderSummary | None:
        """The provider on the selected row of the top table."""
        summary: ProviderSummary | None = selected_data(self.provider_table, ProviderRole.RECORD)
        return summary

    def selected_request(self) -> RecordRequest | None:
        """The request on the selected row of the bottom table."""
        request: RecordRequest | None = selected_data(self.request_table, ProviderRole.RECORD)
        return request

    # --- providers -------------------------------------------------------------------------------

    def add_provider(self) -> None:
        """Ask for a provider and put it on the case."""
        if self._case_id is None:
            return
        saved = ProviderDialog.ask(self, self._providers, self._contacts, self._case_id)
        if saved is not None:
            self._after_change(provider_id=saved.id)

    def edit_provider(self) -> None:
        """Edit the selected provider's status, visits, specialty and notes."""
        selected = self.selected_provider()
        if selected is None or self._case_id is None:
            return
        saved = ProviderDialog.ask(self, self._providers, self._contacts, self._case_id, selected)
        if saved is not None:
            self._after_change(provider_id=saved.id)
        else:
            self.refresh()

    def remove_provider(self) -> None:
        """Take the selected provider off the case after saying what happens to what refers to it."""
        selected = self.selected_provider()
        if selected is None or selected.provider.id is None:
            return
        try:
            summary = self._providers.provider(selected.provider.id)
        except CasedeskError as exc:
            show_error(self, "Provider not removed", exc)
            self.refresh()
            return
        name = summary.provider.name
        if summary.bills:
            bills = "1 bill" if summary.bills == 1 else f"{summary.bills} bills"
            show_error(
                self,
                "Provider not removed",
                CasedeskError(
                    f"{name} has {bills} on this case, so they stay on it.",
                    "Delete the bills or give them to another provider on the Bills tab first.",
                ),
            )
            return
        effects = summary.removal_effects()
        detail = (
            "This cannot be undone: " + "; ".join(effects) + ". The contact stays in the contacts book."
            if effects
            else "The contact stays in the contacts book."
        )
        if not confirm(self, "Remove provider", f"Take {name} off this case?", "Remove", detail):
            return
        try:
            self._providers.remove_provider(selected.provider.id)
        except CasedeskError as exc:
            show_error(self, "Provider not removed", exc)
        self._after_change()

    # --- requests --------------------------------------------------------------------------------

    def new_request(self) -> None:
        """Log a request sent to the selected provider (or to a provider picked in the form)."""
        if self._case_id is None:
            return
        if self.provider_model.rowCount() == 0:
            show_error(
                self,
                "No provider yet",
                CasedeskError(
                    "Requests go to the case's providers.", "Add the provider first (Ctrl+Shift+P)."
                ),
            )
            return
        selected = self.selected_provider()
        provider_id = selected.provider.id if selected else None
        saved = RequestDialog.ask(self, self._providers, self._case_id, None, provider_id)
        if saved is not None:
            self._after_change(request_id=saved.id)

    def edit_request(self) -> None:
        """Edit the selected request."""
        selected = self.selected_request()
        if selected is None or self._case_id is None:
            return
        saved = RequestDialog.ask(self, self._providers, self._case_id, selected)
        if saved is not None:
            self._after_change(request_id=saved.id)
        else:
            self.refresh()

    def mark_received(self) -> None:
        """The selected request's answer came today."""
        self._act(self._providers.mark_received, "Not marked received")

    def mark_reviewed(self) -> None:
        """What came back for the selected request has been reviewed."""
        self._act(self._providers.mark_reviewed, "Not marked reviewed")

    def extend_request(self) -> None:
        """Move the selected request's follow-up 30 days (the one extension), noted in the request."""
        self._act(self._providers.extend_request, "Not extended")

    def delete_request(self) -> None:
        """Delete the selected request at once; the undo bar (and Ctrl+Z) puts it back."""
        self._undo.delete(self.selected_request())

    def undo_delete(self) -> None:
        """Put back the request deleted last."""
        self._undo.undo()

    # --- helpers ---------------------------------------------------------------------------------

    def _act(self, action: Callable[[int], RecordRequest], failure: str) -> None:
        selected = self.selected_request()
        if selected is None or selected.id is None:
            return
        try:
            saved = action(selected.id)
        except CasedeskError as exc:
            show_error(self, failure, exc)
            self.refresh()
            return
        self._after_change(request_id=saved.id)

    def _deleted_text(self, deleted: RecordRequest) -> str:
        name = self.request_model.provider_name(deleted.provider_id)
        what = deleted.kind.label.lower()
        return f"Deleted the request for {what} to {name} sent {format_date(deleted.sent_on)}."

    def _after_change(self, *, provider_id: int | None = None, request_id: int | None = None) -> None:
        self.refresh()
        if provider_id is not None:
            self._select(self.provider_table, self.provider_model.row_of(provider_id))
        if request_id is not None:
            self._select(self.request_table, self.request_model.row_of(request_id))
        self.changed.emit()

    @staticmethod
    def _select(table: QTableView, row: int | None) -> None:
        if row is not None:
            table.selectRow(row)

    def _show_empty(self, summaries: list[ProviderSummary], requests: list[RecordRequest]) -> None:
        no_case = "No case selected."
        self.provider_empty.setText(no_case if self._case_id is None else NO_PROVIDERS)
        self._provider_stack.setCurrentWidget(self.provider_table if summaries else self.provider_empty)
        if self._case_id is None:
            self.request_empty.setText(no_case)
        else:
            self.request_empty.setText(NO_REQUESTS if summaries else NO_REQUESTS_WITHOUT_PROVIDERS)
        self._request_stack.setCurrentWidget(self.request_table if requests else self.request_empty)

    def _update_buttons(self) -> None:
        has_case = self._case_id is not None
        provider = self.selected_provider()
        request = self.selected_request()
        self.add_provider_button.setEnabled(has_case)
        self.edit_provider_button.setEnabled(provider is not None)
        self.remove_provider_button.setEnabled(provider is not None)
        self.new_request_button.setEnabled(has_case and self.provider_model.rowCount() > 0)
        self.edit_request_button.setEnabled(request is not None)
        self.delete_request_button.setEnabled(request is not None)
        self.received_button.setEnabled(request is not None and request.status is RequestStatus.REQUESTED)
        self.reviewed_button.setEnabled(request is not None and request.status is not RequestStatus.REVIEWED)
        self.extend_button.setEnabled(
            request is not None and is_open(request) and request.extended_on is None
        )

    def _on_provider_table_activated(self, _index: QModelIndex) -> None:
        self.edit_provider()

    def _on_request_table_activated(self, _index: QModelIndex) -> None:
        self.edit_request()

    def _on_selection_changed(self, _selected: QItemSelection, _deselected: QItemSelection) -> None:
        self._update_buttons()


def _empty_label() -> QLabel:
    label = QLabel()
    label.setAlignment(Qt.AlignmentFlag.AlignCenter)
    label.setWordWrap(True)
    return label


def _stack(table: QTableView, empty: QLabel) -> QStackedWidget:
    stack = QStackedWidget()
    stack.addWidget(table)
    stack.addWidget(empty)
    return stack
