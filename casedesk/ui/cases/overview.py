"""The Overview tab: the facts of the case, the client and their pain journal, key contacts, what is next."""

from __future__ import annotations

from datetime import date
from html import escape
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from casedesk.domain.cases import Case, Client
from casedesk.domain.errors import NotFoundError
from casedesk.domain.providers import overdue_summary
from casedesk.domain.typed import format_date
from casedesk.services.clock import today
from casedesk.ui.cases.dialogs import ClientDialog
from casedesk.ui.contacts.panel import CaseContactsPanel
from casedesk.ui.interviews.pain_chart import PainJournalChart, pain_summary
from casedesk.ui.timeline.model import format_moment

if TYPE_CHECKING:
    from casedesk.services.cases import CaseOverview, CaseService
    from casedesk.services.contacts import ContactService
    from casedesk.services.interviews import InterviewService
    from casedesk.services.providers import ProviderService


def _value_label() -> QLabel:
    label = QLabel()
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    label.setWordWrap(True)
    return label


class OverviewPanel(QScrollArea):
    """The case at a glance.

    Signals:
        edit_case_requested: The user pressed Edit case….
        client_changed: The client's details were saved (the case list shows client names).
        timeline_requested: The user asked to see the whole timeline.
        new_entry_requested: The user asked to log a timeline entry.
        interviews_requested: The user asked to see the case's interviews (from the pain journal).
        requests_requested: The user asked to see the case's record requests (from the overdue line).
    """

    edit_case_requested = Signal()
    client_changed = Signal()
    timeline_requested = Signal()
    new_entry_requested = Signal()
    interviews_requested = Signal()
    requests_requested = Signal()

    FACT_ROWS = (
        ("incident_date", "Incident date:"),
        ("case_type", "Type:"),
        ("incident_place", "Place:"),
        ("jurisdiction", "Jurisdiction:"),
        ("attorney", "Attorney:"),
        ("opened_on", "Opened:"),
        ("closed_on", "Closed:"),
    )
    CLIENT_ROWS = (
        ("name", "Name:"),
        ("date_of_birth", "Date of birth:"),
        ("phone", "Phone:"),
        ("email", "Email:"),
        ("address", "Address:"),
        ("language", "Language:"),
    )

    def __init__(
        self,
        cases: CaseService,
        contacts: ContactService,
        parent: QWidget | None = None,
        *,
        interviews: InterviewService | None = None,
        providers: ProviderService | None = None,
    ) -> None:
        super().__init__(parent)
        self._cases = cases
        self._interviews = interviews
        self._providers = providers
        self._overview: CaseOverview | None = None
        self.setWidgetResizable(True)
        self.setFrameShape(QScrollArea.Shape.NoFrame)
        self.fact_labels = {key: _value_label() for key, _ in self.FACT_ROWS}
        self.facts_text = _value_label()
        self.client_labels = {key: _value_label() for key, _ in self.CLIENT_ROWS}
        self.next_action_label = _value_label()
        self.recent_label = _value_label()
        self.recent_label.setTextFormat(Qt.TextFormat.RichText)
        self.recent_label.linkActivated.connect(self._on_recent_label_link_activated)
        self.requests_label = _value_label()
        self.requests_label.setTextFormat(Qt.TextFormat.RichText)
        self.requests_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextBrowserInteraction)
        self.requests_label.linkActivated.connect(self._on_requests_label_link_activated)
        self.edit_case_button = QPushButton("Edit case…")
        self.edit_case_button.setToolTip("Edit the case's facts, status and next action (Ctrl+E)")
        self.edit_client_button = QPushButton("Edit cl&ient…")
        self.new_entry_button = QPushButton("Log &entry…")
        self.contacts_panel = CaseContactsPanel(contacts)
        self.pain_chart = PainJournalChart()
        self.pain_summary_label = _value_label()
        self.interviews_link = QLabel("<a href='interviews'>Interviews…</a>")
        self.interviews_link.setToolTip("Open the case's Interviews tab")
        # Selectable too, as the timeline link is: a label taking only links leaves the press to its parents.
        self.interviews_link.setTextInteractionFlags(Qt.TextInteractionFlag.TextBrowserInteraction)
        self.interviews_link.linkActivated.connect(self._on_interviews_link_activated)
        self.pain_box = self._pain_box()

        # The client's box is shorter than the facts beside it; the pain journal fills the gap.
        client_column = QVBoxLayout()
        client_column.addWidget(self._client_box())
        client_column.addWidget(self.pain_box)
        grid = QGridLayout()
        grid.addWidget(self._facts_box(), 0, 0)
        grid.addLayout(client_column, 0, 1)
        grid.addWidget(self._next_box(), 1, 0, 1, 2)
        contacts_box = QGroupBox("Key contacts")
        QVBoxLayout(contacts_box).addWidget(self.contacts_panel)
        grid.addWidget(contacts_box, 2, 0, 1, 2)
        grid.setColumnStretch(0, 1)
        grid.setColumnStretch(1, 1)
        body = QWidget()
        outer = QVBoxLayout(body)
        outer.addLayout(grid)
        outer.addStretch(1)
        self.setWidget(body)

        self.edit_case_button.clicked.connect(self.edit_case_requested)
        self.edit_client_button.clicked.connect(self._on_edit_client_button_clicked)
        self.new_entry_button.clicked.connect(self.new_entry_requested)
        self.set_case(None)

    def _facts_box(self) -> QGroupBox:
        box = QGroupBox("Facts")
        form = QFormLayout(box)
        for key, text in self.FACT_ROWS:
            form.addRow(text, self.fact_labels[key])
        form.addRow("How it happened:", self.facts_text)
        form.addRow("", self.edit_case_button)
        return box

    def _client_box(self) -> QGroupBox:
        box = QGroupBox("Client")
        form = QFormLayout(box)
        for key, text in self.CLIENT_ROWS:
            form.addRow(text, self.client_labels[key])
        form.addRow("", self.edit_client_button)
        return box

    def _pain_box(self) -> QGroupBox:
        box = QGroupBox("Pain journal")
        column = QVBoxLayout(box)
        column.addWidget(self.pain_summary_label)
        column.addWidget(self.pain_chart)
        column.addWidget(self.interviews_link, 0, Qt.AlignmentFlag.AlignRight)
        column.addStretch(1)  # when the facts beside it are taller, the space goes below, not between
        return box

    def _next_box(self) -> QGroupBox:
        box = QGroupBox("What is next")
        form = QFormLayout(box)
        form.addRow("Next action:", self.next_action_label)
        buttons = QHBoxLayout()
        buttons.addWidget(self.recent_label, 1)
        buttons.addWidget(self.new_entry_button, 0, Qt.AlignmentFlag.AlignTop)
        form.addRow("Latest activity:", buttons)
        form.addRow("Record requests:", self.requests_label)
        form.setRowVisible(self.requests_label, self._providers is not None)
        return box

    @property
    def overview(self) -> CaseOverview | None:
        """What is shown, if a case is."""
        return self._overview

    def set_case(self, case_id: int | None) -> None:
        """Show a case (None: none)."""
        self._overview = None if case_id is None else self._cases.overview(case_id)
        self.contacts_panel.set_case(case_id)
        for button in (self.edit_case_button, self.edit_client_button, self.new_entry_button):
            button.setEnabled(self._overview is not None)
        self.refresh_pain_journal()
        self.refresh_requests()
        if self._overview is None:
            for label in (*self.fact_labels.values(), *self.client_labels.values()):
                label.clear()
            for label in (self.facts_text, self.next_action_label, self.recent_label):
                label.clear()
            return
        self._show_facts(self._overview.case)
        self._show_client(self._overview.client)
        self._show_next(self._overview)

    def refresh_pain_journal(self) -> None:
        """Read the pain journal again (after an interview was completed, reopened or deleted)."""
        if self._interviews is None or self._overview is None:
            self.pain_box.hide()
            return
        try:
            points = self._interviews.pain_journal(self._overview.case.id or 0)
        except NotFoundError:  # deleted elsewhere; the workspace says so when it next looks
            self.pain_box.hide()
            return
        self.pain_chart.set_points(points)
        self.pain_chart.setVisible(bool(points))
        self.pain_summary_label.setText(pain_summary(points))
        self.pain_box.show()

    def refresh_requests(self) -> None:
        """Read the case's overdue record requests again (after a request changed on the Medical tab)."""
        if self._providers is None or self._overview is None:
            self.requests_label.clear()
            return
        try:
            overdue = self._providers.overdue(self._overview.case.id or 0)
        except NotFoundError:  # deleted elsewhere; the workspace says so when it next looks
            self.requests_label.clear()
            return
        link = "<a href='requests'>Show the requests…</a>"
        if overdue:
            line = escape(overdue_summary(overdue), quote=False)
            self.requests_label.setText(
                f"<span style='color:#b00020; font-weight:bold'>{line}</span><br>{link}"
            )
        else:
            self.requests_label.setText(f"None overdue. {link}")

    def _show_facts(self, case: Case) -> None:
        jurisdiction = next((j for j in self._cases.jurisdictions if j.code == case.jurisdiction), None)
        values = {
            "incident_date": format_date(case.incident_date) or "—",
            "case_type": case.case_type.label,
            "incident_place": case.incident_place or "—",
            "jurisdiction": f"{jurisdiction.name} ({jurisdiction.code})" if jurisdiction else "—",
            "attorney": case.attorney or "—",
            "opened_on": format_date(case.opened_on),
            "closed_on": format_date(case.closed_on) or "—",
        }
        for key, value in values.items():
            self.fact_labels[key].setText(value)
        self.facts_text.setText(case.facts or "—")

    def _show_client(self, client: Client) -> None:
        values = {
            "name": client.name,
            "date_of_birth": format_date(client.date_of_birth) or "—",
            "phone": client.phone or "—",
            "email": client.email or "—",
            "address": client.address or "—",
            "language": client.language or "—",
        }
        for key, value in values.items():
            self.client_labels[key].setText(value)

    def _show_next(self, overview: CaseOverview) -> None:
        case = overview.case
        self.next_action_label.setText(_next_action_text(case, today(self._cases.clock)))
        overdue = case.next_action_on is not None and case.next_action_on < today(self._cases.clock)
        self.next_action_label.setStyleSheet("color: #b00020; font-weight: bold;" if overdue else "")
        if not overview.recent_activity:
            self.recent_label.setText("Nothing logged yet.")
            return
        lines = [
            f"{escape(format_moment(a.occurred_at))} — {a.kind.label}: {escape(a.subject)}"
            for a in overview.recent_activity
        ]
        count = overview.activity_count
        link = f"<a href='timeline'>Show the whole timeline ({count} entr{'y' if count == 1 else 'ies'})</a>"
        self.recent_label.setText("<br>".join(lines) + "<br>" + link)

    def _on_edit_client_button_clicked(self) -> None:
        if self._overview is None:
            return
        if ClientDialog.ask(self, self._cases, self._overview.client) is not None:
            self.client_changed.emit()  # the workspace reloads the case (it may be gone meanwhile)

    def _on_recent_label_link_activated(self, _link: str) -> None:
        self.timeline_requested.emit()

    def _on_interviews_link_activated(self, _link: str) -> None:
        self.interviews_requested.emit()

    def _on_requests_label_link_activated(self, _link: str) -> None:
        self.requests_requested.emit()


def _next_action_text(case: Case, today_: date) -> str:
    if not case.next_action:
        return "Nothing planned. Set the next action with Edit case…"
    if case.next_action_on is None:
        return case.next_action
    days = (case.next_action_on - today_).days
    when = (
        f"overdue by {-days} day{'s' if days != -1 else ''}"
        if days < 0
        else "due today"
        if days == 0
        else f"due in {days} day{'s' if days != 1 else ''}"
    )
    return f"{case.next_action} — {format_date(case.next_action_on)} ({when})"
