"""The case workspace: the open case's header and its tabs, from Overview to Finances."""

from __future__ import annotations

from html import escape
from typing import TYPE_CHECKING

from PySide6.QtCore import QSettings, Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QSizePolicy,
    QStackedWidget,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from casedesk.domain.cases import CaseStatus, with_status
from casedesk.domain.errors import CasedeskError, NotFoundError
from casedesk.services.clock import today
from casedesk.ui.calendar.case_panel import CaseCalendarPanel
from casedesk.ui.cases.dialogs import CaseDialog
from casedesk.ui.cases.overview import OverviewPanel
from casedesk.ui.finances.expenses import ExpensesPanel
from casedesk.ui.finances.invoices import InvoicesPanel
from casedesk.ui.finances.panel import FinancesPanel
from casedesk.ui.finances.settlement import SettlementPanel
from casedesk.ui.finances.trust import TrustPanel
from casedesk.ui.firm import FirmDialog
from casedesk.ui.forms import ignore_wheel_unless_focused
from casedesk.ui.insurance.letters import LettersPanel
from casedesk.ui.insurance.negotiation import NegotiationPanel
from casedesk.ui.insurance.panel import InsurancePanel
from casedesk.ui.insurance.policies import PoliciesPanel
from casedesk.ui.interviews.panel import InterviewsPanel
from casedesk.ui.medical.bills import BillsPanel
from casedesk.ui.medical.chronology import ChronologyPanel
from casedesk.ui.medical.documents import DocumentsPanel
from casedesk.ui.medical.index import RecordIndexPanel
from casedesk.ui.medical.liens import LiensPanel
from casedesk.ui.medical.panel import MedicalPanel
from casedesk.ui.medical.providers import ProvidersPanel
from casedesk.ui.messages import confirm, show_error
from casedesk.ui.reports import ProgressReportExport
from casedesk.ui.timeline.panel import TimelinePanel
from casedesk.ui.trial.binder import BinderPanel
from casedesk.ui.trial.exhibits import ExhibitsPanel
from casedesk.ui.trial.panel import TrialPanel
from casedesk.ui.trial.productions import ProductionsPanel
from casedesk.ui.trial.witnesses import WitnessesPanel
from casedesk.ui.valuation.panel import ValuationPanel
from casedesk.ui.wages.panel import LostWagesPanel

if TYPE_CHECKING:
    from casedesk.services.casefiles import Services

(
    TAB_OVERVIEW,
    TAB_TIMELINE,
    TAB_VALUATION,
    TAB_CALENDAR,
    TAB_INTERVIEWS,
    TAB_WAGES,
    TAB_MEDICAL,
    TAB_FINANCES,
    TAB_INSURANCE,
    TAB_TRIAL,
) = range(10)
TAB_NAMES = {
    "overview": TAB_OVERVIEW,
    "timeline": TAB_TIMELINE,
    "valuation": TAB_VALUATION,
    "calendar": TAB_CALENDAR,
    "interviews": TAB_INTERVIEWS,
    "wages": TAB_WAGES,
    "medical": TAB_MEDICAL,
    "finances": TAB_FINANCES,
    "insurance": TAB_INSURANCE,
    "trial": TAB_TRIAL,
}


class CaseWorkspace(QWidget):
    """Where one case is worked on.

    Signals:
        case_changed: ``int`` — the case (or its client) was saved; lists showing it should refresh.
        case_vanished: The case shown no longer exists (deleted elsewhere).
        contacts_changed: Contacts were linked, unlinked or edited from the case.
        calendar_changed: The case's events, tasks or limitation deadline changed (from the Calendar tab,
            or because the case was saved and its computed deadlines moved).
    """

    case_changed = Signal(int)
    case_vanished = Signal()
    contacts_changed = Signal()
    calendar_changed = Signal()

    def __init__(
        self, services: Services, parent: QWidget | None = None, *, settings: QSettings | None = None
    ) -> None:
        super().__init__(parent)
        self._services = services
        self._case_id: int | None = None
        self.title = QLabel()
        self.title.setTextFormat(Qt.TextFormat.RichText)
        self.title.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        # A 300-character caption must wrap, never widen the window past the screen.
        self.title.setWordWrap(True)
        self.title.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.status = QComboBox()
        self.status.setToolTip("Move the case along the pipeline")
        ignore_wheel_unless_focused(self.status)
        for status in CaseStatus:
            self.status.addItem(status.label, status)
        self.overview = OverviewPanel(
            services.cases, services.contacts, interviews=services.interviews, providers=services.providers
        )
        self.timeline = TimelinePanel(services.timeline)
        self.tabs = QTabWidget()
        self.valuation = ValuationPanel(
            services.valuation, wages=services.wages, interviews=services.interviews, bills=services.bills
        )
        self.calendar = CaseCalendarPanel(services.calendar, services.contacts)
        self.tabs.addTab(self.overview, "Overview")  # Ctrl+1, Ctrl+2… switch tabs
        self.tabs.addTab(self.timeline, "Timeline")
        self.tabs.addTab(self.valuation, "Valuation")
        self.tabs.addTab(self.calendar, "Calendar")
        self.interviews = InterviewsPanel(services.interviews)
        self.tabs.addTab(self.interviews, "Interviews")
        self.wages = LostWagesPanel(services.wages)
        self.tabs.addTab(self.wages, "Lost Wages")
        self.medical = MedicalPanel()
        self.providers = ProvidersPanel(services.providers, services.contacts, services.cases.clock)
        self.documents = DocumentsPanel(services.documents)
        self.record_index = RecordIndexPanel(services.records)
        self.bills = BillsPanel(services.bills)
        self.liens = LiensPanel(services.bills, valuation=services.valuation)
        self.chronology = ChronologyPanel(services.records, settings)
        self.medical.add_panel(self.providers, "Providers && Requests")
        self.medical.add_panel(self.documents, "Documents")
        self.medical.add_panel(self.record_index, "Record Index")
        self.medical.add_panel(self.bills, "Bills")
        self.medical.add_panel(self.liens, "Liens")
        self.medical.add_panel(self.chronology, "Chronology")
        self.tabs.addTab(self.medical, "Medical")
        self.finances = FinancesPanel()
        self.expenses = ExpensesPanel(services.expenses)
        self.invoices = InvoicesPanel(services.invoices)
        self.settlement = SettlementPanel(services.settlement)
        self.trust = TrustPanel(services.trust, services.settlement)
        self.finances.add_panel(self.expenses, "Expenses")
        self.finances.add_panel(self.invoices, "Invoices")
        self.finances.add_panel(self.settlement, "Settlement")
        self.finances.add_panel(self.trust, "Trust")
        self.tabs.addTab(self.finances, "Finances")
        self.insurance = InsurancePanel()
        self.policies = PoliciesPanel(services.insurance, services.contacts)
        self.negotiation = NegotiationPanel(services.negotiation)
        self.letters = LettersPanel(services.letters, services.insurance, services.providers)
        self.insurance.add_panel(self.policies, "Policies && Claims")
        self.insurance.add_panel(self.negotiation, "Negotiation")
        self.insurance.add_panel(self.letters, "Letters")
        self.tabs.addTab(self.insurance, "Insurance")
        self.trial = TrialPanel()
        self.exhibits = ExhibitsPanel(services.exhibits)
        self.witnesses = WitnessesPanel(services.witnesses, services.contacts, services.exhibits)
        self.productions = ProductionsPanel(services.bates, services.documents)
        self.binder = BinderPanel(services.binder, services.documents)
        self.trial.add_panel(self.exhibits, "Exhibits")
        self.trial.add_panel(self.witnesses, "Witnesses")
        self.trial.add_panel(self.productions, "Bates && Productions")
        self.trial.add_panel(self.binder, "Binder")
        self.tabs.addTab(self.trial, "Trial")
        self.progress_report = ProgressReportExport(services.reports, self)
        self.empty_label = QLabel(
            "Select a case in the list to work on it,\nor create one with Case › New Case… (Ctrl+N)."
        )
        self.empty_label.setAlignment(Qt.AlignmentFlag.AlignCenter)

        page = QWidget()
        header = QHBoxLayout()
        header.addWidget(self.title, 1)
        status_label = QLabel("St&atus:")
        status_label.setBuddy(self.status)
        header.addWidget(status_label)
        header.addWidget(self.status)
        column = QVBoxLayout(page)
        column.setContentsMargins(0, 0, 0, 0)
        column.addLayout(header)
        column.addWidget(self.tabs, 1)
        self._stack = QStackedWidget()
        self._stack.addWidget(page)
        self._stack.addWidget(self.empty_label)
        QVBoxLayout(self).addWidget(self._stack)

        self.status.activated.connect(self._on_status_activated)
        self.overview.edit_case_requested.connect(self.edit_case)
        self.overview.client_changed.connect(self._on_overview_client_changed)
        self.overview.timeline_requested.connect(self._on_overview_timeline_requested)
        self.overview.interviews_requested.connect(self._on_overview_interviews_requested)
        self.overview.new_entry_requested.connect(self.timeline.add_entry)
        self.overview.contacts_panel.links_changed.connect(self._on_contacts_links_changed)
        self.timeline.entries_changed.connect(self._on_timeline_entries_changed)
        self.calendar.calendar_changed.connect(self._on_calendar_changed)
        self.calendar.edit_case_requested.connect(self.edit_case)
        self.interviews.interviews_changed.connect(self._on_interviews_changed)
        self.interviews.case_changed.connect(self._on_interviews_case_changed)
        self.wages.wages_changed.connect(self.valuation.refresh_wages_and_interviews)
        self.overview.requests_requested.connect(self._on_overview_requests_requested)
        self.tabs.currentChanged.connect(self._on_tabs_current_changed)
        self.providers.changed.connect(self._on_providers_changed)
        self.documents.documents_changed.connect(self._on_documents_changed)
        self.documents.document_activated.connect(self.open_document)
        self.record_index.entries_changed.connect(self._on_record_entries_changed)
        self.bills.changed.connect(self._on_bills_changed)
        self.liens.changed.connect(self._on_liens_changed)
        self.chronology.open_requested.connect(self.open_document)
        self.expenses.changed.connect(self._on_expenses_changed)
        self.expenses.invoice_requested.connect(self._on_invoice_requested)
        self.expenses.receipt_requested.connect(self.open_document)
        self.invoices.changed.connect(self._on_invoices_changed)
        self.settlement.changed.connect(self._on_settlement_changed)
        self.settlement.liens_requested.connect(self._on_liens_requested)
        self.trust.changed.connect(self._on_trust_changed)
        self.policies.claims_changed.connect(self._on_claims_changed)
        self.policies.timeline_changed.connect(self.timeline.refresh)
        self.negotiation.claims_changed.connect(self._on_negotiation_claims_changed)
        self.negotiation.timeline_changed.connect(self._on_negotiation_timeline_changed)
        self.negotiation.calendar_changed.connect(self._on_negotiation_calendar_changed)
        self.letters.open_document.connect(self.open_document)
        self.letters.documents_changed.connect(self._on_letters_documents_changed)
        self.letters.timeline_changed.connect(self.timeline.refresh)
        self.letters.firm_details_requested.connect(self.edit_firm_details)
        self.letters.progress_report_requested.connect(self.export_progress_report)
        self.exhibits.exhibits_changed.connect(self._on_exhibits_changed)
        self.witnesses.witnesses_changed.connect(self._on_witnesses_changed)
        self.witnesses.timeline_changed.connect(self.timeline.refresh)
        self.witnesses.contacts_changed.connect(self._on_contacts_links_changed)
        self.productions.numbers_changed.connect(self._on_bates_numbers_changed)
        self.productions.timeline_changed.connect(self.timeline.refresh)
        self.binder.binder_exported.connect(self._on_binder_exported)
        self.set_case(None)

    @property
    def case_id(self) -> int | None:
        """The case shown, if any."""
        return self._case_id

    def set_case(self, case_id: int | None) -> None:
        """Show a case (None: the empty state)."""
        try:
            self.overview.set_case(case_id)
        except NotFoundError:
            case_id = None
            self.overview.set_case(None)
            self.case_vanished.emit()
        self._case_id = case_id
        self.timeline.set_case(case_id)
        self.valuation.set_case(case_id)
        self.calendar.set_case(case_id)
        self.interviews.set_case(case_id)
        self.wages.set_case(case_id)
        self.medical.set_case(case_id)
        self.finances.set_case(case_id)
        self.insurance.set_case(case_id)
        self.trial.set_case(case_id)
        overview = self.overview.overview
        if overview is None:
            self._stack.setCurrentWidget(self.empty_label)
            return
        case = overview.case
        self.title.setText(
            f"<span style='font-size:15pt'><b>{escape(case.caption)}</b></span><br>"
            f"{escape(case.number)} · {escape(overview.client.name)} · {case.case_type.label}"
        )
        self.status.setCurrentIndex(self.status.findData(case.status))
        self._stack.setCurrentIndex(0)

    def save_pending(self) -> None:
        """Save edits that are saved as typed but not yet written (before the file closes)."""
        self.valuation.flush()
        self.calendar.save_pending()
        self.interviews.save_pending()
        self.settlement.save_pending()

    def show_tab(self, name: str) -> None:
        """Bring a tab to the front by name: a key of :data:`TAB_NAMES` (``"calendar"``…)."""
        self.tabs.setCurrentIndex(TAB_NAMES[name])

    def edit_case(self) -> None:
        """Open the case dialog on the shown case."""
        overview = self.overview.overview
        if overview is None:
            return
        saved = CaseDialog.ask(self, self._services.cases, overview.case)
        if saved is not None and saved.id is not None:
            self.set_case(saved.id)
            self._case_saved(saved.id)

    def _on_status_activated(self, _index: int) -> None:
        overview = self.overview.overview
        status = CaseStatus(self.status.currentData())
        if overview is None or status == overview.case.status:
            return
        if status is CaseStatus.CLOSED and not confirm(
            self,
            "Close case",
            f"Close case {overview.case.number}, {overview.case.caption}?",
            "Close case",
            "Closed cases are listed under All cases and Closed. You can reopen it by changing its status.",
        ):
            self.status.setCurrentIndex(self.status.findData(overview.case.status))
            return
        try:
            # Read the case again: the status is all the user changed here, nothing else may go back.
            current = self._services.cases.get_case(overview.case.id or 0)
            saved = self._services.cases.update_case(
                with_status(current, status, today(self._services.cases.clock)), expected=current
            )
        except CasedeskError as exc:
            show_error(self, "Status not changed", exc)
            self.set_case(self._case_id)
            return
        assert saved.id is not None
        self.set_case(saved.id)
        self._case_saved(saved.id)

    def _on_overview_timeline_requested(self) -> None:
        self.show_tab("timeline")

    def _on_overview_client_changed(self) -> None:
        if self._case_id is not None:
            self.set_case(self._case_id)
            self._case_saved(self._case_id)

    def _on_contacts_links_changed(self) -> None:
        self.set_case(self._case_id)
        self.contacts_changed.emit()

    def _on_timeline_entries_changed(self) -> None:
        self.set_case(self._case_id)

    def _on_calendar_changed(self) -> None:
        self.timeline.refresh()  # a moved limitation override is logged there
        self.calendar_changed.emit()
        self.calendar_changes_elsewhere()

    def calendar_changes_elsewhere(self) -> None:
        """The calendar changed: ticking a request's follow-up done there receives the request."""
        self.medical.refresh(self.providers)
        self.overview.refresh_requests()

    def _on_tabs_current_changed(self, index: int) -> None:
        if index == TAB_MEDICAL:
            self.medical.catch_up()
        elif index == TAB_FINANCES:
            self.finances.catch_up()
        elif index == TAB_INSURANCE:
            self.insurance.catch_up()
        elif index == TAB_TRIAL:
            self.trial.catch_up()

    def _on_overview_requests_requested(self) -> None:
        self.show_tab("medical")
        self.medical.show_panel(self.providers)

    def open_document(self, document_id: int, page: int = 1) -> None:
        """Show a stored document at a page, in the record index's viewer."""
        self.show_tab("medical")
        self.medical.show_panel(self.record_index)
        self.record_index.open_document(document_id, page)

    def _on_documents_changed(self) -> None:
        for panel in (self.record_index, self.bills, self.chronology):  # pickers and page cites
            self.medical.refresh(panel)
        self.trial.refresh()  # exhibits' sources, documents to produce or file in the binder

    def _on_exhibits_changed(self) -> None:
        self.timeline.refresh()  # an exhibit admitted or withdrawn is noted there
        for panel in (self.witnesses, self.binder):  # exhibit numbers; the exhibit index and stickers
            self.trial.refresh(panel)

    def _on_witnesses_changed(self) -> None:
        for panel in (self.exhibits, self.binder):  # sponsoring witnesses; witness tabs and sheets
            self.trial.refresh(panel)

    def _on_bates_numbers_changed(self) -> None:
        for panel in (self.exhibits, self.binder):  # Bates ranges in the list, the index and the pages
            self.trial.refresh(panel)

    def _on_binder_exported(self) -> None:
        self.timeline.refresh()
        for panel in (self.exhibits, self.productions):  # its documents may have been given numbers
            self.trial.refresh(panel)

    def _on_record_entries_changed(self) -> None:
        self.medical.refresh(self.chronology)
        self.medical.refresh(self.providers)  # first and last dates of service

    def _on_bills_changed(self) -> None:
        for panel in (self.chronology, self.liens):  # bills on visits; the liens' pro-rata shares
            self.medical.refresh(panel)
        self.valuation.refresh_wages_and_interviews()  # the medical figures offered from the bills
        self.insurance.refresh(self.letters)  # the specials table a letter will print
        self.finances.refresh(self.settlement)  # billed and paid by others beside each lien

    def _on_liens_changed(self) -> None:
        self.medical.refresh(self.bills)
        self.finances.refresh(self.settlement)  # the statement's liens, and whether it can be finalized
        self.finances.refresh(self.trust)  # lien holders to pay
        self.insurance.refresh(self.negotiation)  # the liens taken from the client's net at each offer

    def _on_providers_changed(self) -> None:
        for panel in (self.record_index, self.bills, self.liens, self.chronology):
            self.medical.refresh(panel)  # provider names and pickers
        self.overview.refresh_requests()  # the overdue follow-ups line
        self.calendar.set_case(self._case_id)  # request follow-ups are on the calendar
        self.calendar_changed.emit()

    def _on_expenses_changed(self) -> None:
        self.finances.refresh(self.invoices)  # what can be invoiced
        self.finances.refresh(self.settlement)  # the case costs
        self.finances.refresh(self.trust)
        self.insurance.refresh(self.negotiation)  # the costs taken from the client's net at each offer
        self.timeline.refresh()

    def _on_invoice_requested(self, expense_ids: list[int]) -> None:
        self.finances.show_panel(self.invoices)
        self.invoices.new_invoice(expense_ids)

    def _on_invoices_changed(self) -> None:
        self.finances.refresh(self.expenses)  # invoice numbers, and what is locked
        self.finances.refresh(self.settlement)  # an invoice paid in full repays its costs
        self.finances.refresh(self.trust)
        self.timeline.refresh()  # invoices, payments and voids are logged there

    def _on_settlement_changed(self) -> None:
        self.finances.refresh(self.trust)  # what the statement says should go out
        self.insurance.refresh(self.negotiation)  # the fee terms of the client's net at each offer
        self.timeline.refresh()  # finalizing and reopening are logged there

    def _on_trust_changed(self) -> None:
        self.finances.refresh(self.settlement)  # paid out and remaining in trust
        self.timeline.refresh()  # every disbursement is logged there

    def _on_claims_changed(self) -> None:
        self.insurance.refresh(self.negotiation)  # its claim chooser
        self.insurance.refresh(self.letters)  # the claims a letter is written on

    def _on_negotiation_claims_changed(self) -> None:
        self.insurance.refresh(self.policies)  # a final settlement settles its claim
        self.insurance.refresh(self.letters)

    def _on_negotiation_timeline_changed(self) -> None:
        self.timeline.refresh()
        self.insurance.refresh(self.letters)  # the demand and deadline a letter will state

    def _on_negotiation_calendar_changed(self) -> None:
        self.calendar.set_case(self._case_id)  # demand and offer deadlines are on the calendar
        self.calendar_changed.emit()

    def _on_letters_documents_changed(self) -> None:
        self.medical.refresh(self.documents)  # a drafted letter's PDF is one of the case's documents
        self._on_documents_changed()

    def edit_firm_details(self) -> None:
        """Edit › Firm Details…: the letterhead printed on letters and reports."""
        if FirmDialog.ask(self, self._services.firm) is not None:
            self.insurance.refresh(self.letters)  # its warning about a missing letterhead

    def export_progress_report(self) -> None:
        """File › Export › Case Progress Report…: one page on where the shown case stands."""
        overview = self.overview.overview
        if overview is None:
            return
        case = overview.case
        firm_empty = not self._services.firm.profile().name
        self.progress_report.run(case.id or 0, case.number, case.caption, firm_empty=firm_empty)

    def _on_liens_requested(self) -> None:
        self.show_tab("medical")
        self.medical.show_panel(self.liens)

    def _on_overview_interviews_requested(self) -> None:
        self.show_tab("interviews")

    def _on_interviews_changed(self) -> None:
        self.timeline.refresh()  # completing an interview logs it there
        self.overview.set_case(self._case_id)  # its pain journal and latest activity
        self.valuation.refresh_wages_and_interviews()  # the injuries beside per diem

    def _on_interviews_case_changed(self) -> None:
        # The review step filled the case's facts or place, linked contacts, or added lost wages.
        if self._case_id is not None:
            self.set_case(self._case_id)
            self._case_saved(self._case_id)
            self.contacts_changed.emit()

    def _case_saved(self, case_id: int) -> None:
        self.case_changed.emit(case_id)
        # Saving a case or its client brings its computed limitation deadlines in step.
        self.calendar_changed.emit()
