"""The main window: the Today, Calendar and Cases pages, the menus, the reminders and the open case file."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from PySide6.QtCore import QByteArray, Qt
from PySide6.QtGui import QAction, QActionGroup, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QApplication,
    QFileDialog,
    QLabel,
    QMainWindow,
    QMenu,
    QPushButton,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from casedesk import __version__
from casedesk.domain.errors import CasedeskError
from casedesk.ui.autolock import AutoLock
from casedesk.ui.backups import BackupActions
from casedesk.ui.cases.panel import CaseListPanel
from casedesk.ui.encryption import EncryptionActions
from casedesk.ui.firm_connect import (
    FirmConnectDialog,
    FirmConnection,
    forget_connection,
    last_connection,
    recent_connections,
    remember_connection,
)
from casedesk.ui.messages import confirm, show_about, show_error
from casedesk.ui.opening import Opener, open_with_prompts
from casedesk.ui.read_only import ReadOnlyBar, reopen_writable, show_read_only
from casedesk.ui.settings import AppSettings
from casedesk.ui.transfer import TransferActions

if TYPE_CHECKING:
    from casedesk.services.calendar import DueReminder
    from casedesk.services.casefiles import Services
    from casedesk.services.preview import CaseListPreview
    from casedesk.ui.calendar.reminders import RemindersWindow, ReminderWatcher
    from casedesk.ui.calendar.today import TodayView
    from casedesk.ui.calendar.views import CalendarView
    from casedesk.ui.cases.workspace import CaseWorkspace
    from casedesk.ui.check import CaseFileCheck
    from casedesk.ui.contacts.panel import ContactsBookDialog
    from casedesk.ui.medical.outstanding import OutstandingRequestsWindow
    from casedesk.ui.refresh import ChangeWatcher
    from casedesk.ui.search import SearchWindow
    from casedesk.ui.tasks import TaskRunner

# The workspace, the calendar pages, the dialogs and the contacts book are imported where first used:
# the first window shows only the case list, and start-up time is what the user waits for.

#: The top-level pages, in tab order; the names are what the settings remember.
PAGE_TODAY, PAGE_CALENDAR, PAGE_CASES = range(3)
PAGE_NAMES = ("today", "calendar", "cases")
PAGE_TITLES = ("Today", "Calendar", "Cases")

#: Opens (or, with True, creates) a case file and returns its services.


class BackgroundOpener(Protocol):
    """Opens case files off the GUI thread, showing their case list at once (see casedesk.app)."""

    def preview(self, path: Path) -> CaseListPreview | None:
        """A read-only case list of an existing, up-to-date case file, or None."""

    def open(self, window: MainWindow, path: Path | str, documents: Path | None = None) -> None:
        """Open the file (or firm database) on a worker; then ``window.install`` or ``open_failed`` runs."""


FILE_FILTER = "casedesk case files (*.sqlite);;All files (*)"


def ask_open_path(parent: QWidget) -> Path | None:
    """Ask which existing case file to open."""
    name, _ = QFileDialog.getOpenFileName(parent, "Open case file", "", FILE_FILTER)
    return Path(name) if name else None


def ask_new_path(parent: QWidget) -> Path | None:
    """Ask where to create a new case file."""
    name, _ = QFileDialog.getSaveFileName(
        parent, "New case file", "cases.sqlite", FILE_FILTER, options=QFileDialog.Option.DontConfirmOverwrite
    )
    if not name:
        return None
    path = Path(name)
    return path if path.suffix else path.with_suffix(".sqlite")


class MainWindow(QMainWindow):
    """casedesk's window.

    Attributes:
        services: The open case file's services (None while no case file is open).
        pages: The Today, Calendar and Cases pages (None while no case file is open).
        case_list: The case list (None while no case file is open).
        workspace: The case workspace (None while no case file is open).
        today_view: The Today page (None until the case file is open).
        calendar_view: The Calendar page (None until the case file is open).
        reminders: Watches for reminders coming due (None until the case file is open).
    """

    def __init__(
        self,
        settings: AppSettings,
        opener: Opener,
        services: Services | None = None,
        preview: CaseListPreview | None = None,
        background: BackgroundOpener | None = None,
    ) -> None:
        super().__init__()
        self._settings = settings
        self._opener = opener
        self._background = background
        self._preview: CaseListPreview | None = None
        self._connecting = False  # a firm database is opening on a worker
        self._firm_connection: FirmConnection | None = None  # the firm database being opened or open
        self._closed = False
        self.services: Services | None = None
        self.read_only_bar: ReadOnlyBar | None = None
        self.case_file_check: CaseFileCheck | None = None
        self.case_list: CaseListPanel | None = None
        self.workspace: CaseWorkspace | None = None
        self.pages: QTabWidget | None = None
        self.today_view: TodayView | None = None
        self.calendar_view: CalendarView | None = None
        self.reminders: ReminderWatcher | None = None
        self.change_watcher: ChangeWatcher | None = None  # firm mode: others' saves, every 15 s
        self._reminders_window: RemindersWindow | None = None
        self._contacts_book: ContactsBookDialog | None = None
        self._outstanding: OutstandingRequestsWindow | None = None
        self._search: SearchWindow | None = None
        self._export_runner: TaskRunner | None = None
        self.resize(1280, 800)
        self.auto_lock = AutoLock(self, settings.qsettings, self._save_pending)
        self.encryption = EncryptionActions(self, self, self.auto_lock)
        self.backup_actions = BackupActions(self, self, settings.qsettings)
        self.transfers = TransferActions(
            self,
            open_firm=self.open_firm_database,
            open_path=self.open_path,
            initial=lambda: last_connection(self._settings.qsettings),
        )
        self._build_actions()
        self._build_menus()
        self.path_label = QLabel()
        self.user_label = QLabel()
        self.statusBar().addPermanentWidget(self.user_label)
        self.statusBar().addPermanentWidget(self.path_label)
        if preview is not None and services is None:
            self._install_preview(preview)
        else:
            self._install(services)
        if geometry := settings.state("main/geometry"):
            self.restoreGeometry(geometry)
        if state := settings.state("main/state"):
            self.restoreState(state)

    # --- actions and menus -----------------------------------------------------------------------

    def _action(
        self, text: str, slot: Callable[[], object], shortcut: QKeySequence | str | None = None
    ) -> QAction:
        action = QAction(text, self)
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
        action.triggered.connect(lambda _checked=False: slot())
        return action

    def _build_actions(self) -> None:
        key = QKeySequence.StandardKey
        self.new_file_action = self._action("&New Case File…", self.new_case_file, "Ctrl+Shift+N")
        self.open_file_action = self._action("&Open Case File…", self.open_case_file, QKeySequence(key.Open))
        self.connect_firm_action = self._action(
            "Connect to &Firm Database…", lambda: self.connect_firm_database(), "Ctrl+Shift+K"
        )
        self.connect_firm_action.setStatusTip("Open the case files the firm shares on its database server")
        self.people_action = self._action("&People…", self.show_people)
        self.people_action.setStatusTip("Who signs in to the firm database; administrators add people")
        self.quit_action = self._action("&Quit", self.close, QKeySequence(key.Quit))
        self.new_case_action = self._action("&New Case…", self.new_case, QKeySequence(key.New))
        self.edit_case_action = self._action("&Edit Case…", self.edit_case, "Ctrl+E")
        self.delete_case_action = self._action("&Delete Case…", self.delete_case, "Ctrl+Shift+Delete")
        self.new_entry_action = self._action("New &Timeline Entry…", self.new_timeline_entry, "Ctrl+T")
        self.find_action = self._action("&Find Cases", self.find_cases, QKeySequence(key.Find))
        self.overview_action = self._action("&Overview", lambda: self._show_tab("overview"), "Ctrl+1")
        self.timeline_action = self._action("&Timeline", lambda: self._show_tab("timeline"), "Ctrl+2")
        self.valuation_action = self._action("&Valuation", lambda: self._show_tab("valuation"), "Ctrl+3")
        self.case_calendar_action = self._action(
            "Case Cal&endar", lambda: self._show_tab("calendar"), "Ctrl+4"
        )
        self.interviews_action = self._action("&Interviews", lambda: self._show_tab("interviews"), "Ctrl+5")
        self.wages_action = self._action("Lost &Wages", lambda: self._show_tab("wages"), "Ctrl+6")
        self.medical_action = self._action("&Medical", lambda: self._show_tab("medical"), "Ctrl+7")
        self.finances_action = self._action("&Finances", lambda: self._show_tab("finances"), "Ctrl+8")
        self.insurance_action = self._action("I&nsurance", lambda: self._show_tab("insurance"), "Ctrl+9")
        self.trial_action = self._action("T&rial", lambda: self._show_tab("trial"), "Ctrl+Shift+B")
        self.progress_report_action = self._action("Case &Progress Report…", self.export_progress_report)
        self.firm_action = self._action("&Firm Details…", self.edit_firm_details)
        self.export_ledger_action = self._action("Expense &Ledger of All Cases…", self.export_caseload_ledger)
        self.search_action = self._action("&Search Records…", self.show_search, "Ctrl+Shift+F")
        self.outstanding_action = self._action(
            "Outstanding Record &Requests…", self.show_outstanding_requests, "Ctrl+Shift+O"
        )
        self.page_actions = (
            self._action("To&day", lambda: self.show_page(PAGE_TODAY), "Alt+1"),
            self._action("Ca&lendar", lambda: self.show_page(PAGE_CALENDAR), "Alt+2"),
            self._action("&Cases", lambda: self.show_page(PAGE_CASES), "Alt+3"),
        )
        self.today_page_action, self.calendar_page_action, self.cases_page_action = self.page_actions
        self._page_group = QActionGroup(self)
        for action in self.page_actions:
            action.setCheckable(True)
            self._page_group.addAction(action)
        self.reminders_action = self._action("Re&minders…", self.show_reminders, "Ctrl+Shift+R")
        self.refresh_action = self._action("&Refresh", self.refresh_from_database, QKeySequence(key.Refresh))
        self.contacts_action = self._action("&Contacts Book…", self.show_contacts_book, "Ctrl+Shift+C")
        self.about_action = self._action("&About casedesk", self._about)
        self.check_action = self._action("&Check Case File…", self.check_case_file)
        self.audit_action = self._action("&Audit Trail…", self.show_audit_trail, "Ctrl+Shift+A")
        self.file_audit_action = self._action(
            "Audit Trail of the Case &File…", lambda: self.show_audit_trail(True)
        )
        self.check_action.setStatusTip(
            "Check the database, the search index and every stored document for damage; repair what is safe"
        )
        self.case_actions = (
            self.new_case_action,
            self.check_action,
            self.file_audit_action,
            self.find_action,
            self.refresh_action,
            self.contacts_action,
            self.reminders_action,
            self.outstanding_action,
            self.search_action,
            self.export_ledger_action,
            self.firm_action,
            *self.page_actions,
        )
        self.selected_case_actions = (
            self.edit_case_action,
            self.delete_case_action,
            self.new_entry_action,
            self.overview_action,
            self.timeline_action,
            self.valuation_action,
            self.case_calendar_action,
            self.interviews_action,
            self.wages_action,
            self.medical_action,
            self.finances_action,
            self.insurance_action,
            self.trial_action,
            self.progress_report_action,
            self.audit_action,
        )

    def _build_menus(self) -> None:
        file_menu = self.menuBar().addMenu("&File")
        file_menu.setToolTipsVisible(True)  # why a laptop-only action is unavailable on a firm database
        file_menu.addActions([self.new_file_action, self.open_file_action, self.connect_firm_action])
        self.firm_menu = file_menu.addMenu("Firm &Database")  # shown on a firm database only
        self.firm_menu.addAction(self.people_action)
        self.firm_menu.menuAction().setVisible(False)
        self.recent_menu = QMenu("Open &Recent", self)
        self.recent_menu.aboutToShow.connect(self._on_recent_menu_about_to_show)
        file_menu.addMenu(self.recent_menu)
        file_menu.addSeparator()
        file_menu.addActions(list(self.transfers.actions))
        file_menu.addSeparator()
        file_menu.addActions(list(self.backup_actions.actions))
        file_menu.addSeparator()
        file_menu.addActions(list(self.encryption.actions))
        file_menu.addSeparator()
        export_menu = file_menu.addMenu("&Export")
        export_menu.addActions([self.progress_report_action, self.export_ledger_action])
        file_menu.addSeparator()
        file_menu.addAction(self.quit_action)
        self.menuBar().addMenu("&Edit").addAction(self.firm_action)
        case_menu = self.menuBar().addMenu("&Case")
        case_menu.addActions([self.new_case_action, self.edit_case_action, self.new_entry_action])
        case_menu.addSeparator()
        case_menu.addAction(self.audit_action)
        case_menu.addAction(self.delete_case_action)
        view_menu = self.menuBar().addMenu("&View")
        view_menu.addActions(list(self.page_actions))
        view_menu.addSeparator()
        view_menu.addActions(
            [
                self.find_action,
                self.overview_action,
                self.timeline_action,
                self.valuation_action,
                self.case_calendar_action,
                self.interviews_action,
                self.wages_action,
                self.medical_action,
                self.finances_action,
                self.insurance_action,
                self.trial_action,
            ]
        )
        view_menu.addSeparator()
        view_menu.addActions(
            [self.search_action, self.reminders_action, self.outstanding_action, self.refresh_action]
        )
        contacts_menu = self.menuBar().addMenu("C&ontacts")
        contacts_menu.addAction(self.contacts_action)
        help_menu = self.menuBar().addMenu("&Help")
        help_menu.addActions([self.check_action, self.file_audit_action])
        help_menu.addSeparator()
        help_menu.addAction(self.about_action)

    # --- the case file ---------------------------------------------------------------------------

    def _install_preview(self, preview: CaseListPreview) -> None:
        """Show a case file's list read-only while its services open in the background."""
        self._close_case_file()
        self._preview = preview
        self.case_list = CaseListPanel(preview)
        self.splitter = self._splitter(self.case_list, QLabel("Opening the case file…"))
        # Today and Calendar need the services; until they are ready the case list is what there is.
        waiting = [QLabel("Opening the case file…") for _ in range(2)]
        for label in waiting:
            label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.pages = self._page_tabs(waiting[0], waiting[1], self.splitter)
        for page in (PAGE_TODAY, PAGE_CALENDAR):
            self.pages.setTabEnabled(page, False)
        self.pages.setCurrentIndex(PAGE_CASES)
        self.setCentralWidget(self.pages)
        self.setWindowTitle(f"{preview.path.name} — casedesk")
        self.path_label.setText(f"{preview.path} (opening…)")
        for action in (*self.case_actions, *self.selected_case_actions):
            action.setEnabled(False)

    def install(self, services: Services) -> None:
        """Work on the case file the preview showed, now open; the list keeps its search and selection.

        If the user has meanwhile opened another file (or closed the window), the late arrival is closed.
        """
        if services.firm_mode:
            awaited = self._connecting
        else:
            awaited = self._preview is not None and self._preview.path == services.path
        if self._closed or not awaited:
            services.close()
            return
        preview_list = self.case_list if self._preview is not None else None
        self._install(services)
        if preview_list is not None and self.case_list is not None:
            self.case_list.adopt_view_of(preview_list)
            if preview_list.current_case_id() is not None or preview_list.search.text():
                self.show_page(PAGE_CASES)  # the user started on a case meanwhile: stay with it

    def open_failed(self, error: BaseException) -> None:
        """The background open of the previewed case file failed: say why and show the no-file state."""
        if not self._closed and self._connecting:
            self._connecting = False
            if self.services is None:  # nothing was open before: the no-file state
                self._install(None)
            else:  # the case file that was open stays open
                self.statusBar().clearMessage()
            if not isinstance(error, CasedeskError):
                raise error
            show_error(self, "Firm database not opened", error)
            return
        if self._closed or self._preview is None:
            return  # another file was opened meanwhile; this failure no longer concerns the window
        path = self._preview.path
        self._install(None)
        if not isinstance(error, CasedeskError):
            raise error  # logged and reported by the application's exception handler
        try:
            services = open_with_prompts(self, self._opener, path, False, first_error=error)
        except CasedeskError as exc:
            show_error(self, "Case file not opened", exc)
            return
        if services is not None:
            self._install(services)

    def _save_pending(self) -> None:
        if self.workspace is not None:
            self.workspace.save_pending()

    def close_case_file(self) -> None:
        """Close the open case file (saving pending edits) and show the no-file page."""
        self._install(None)

    def reopen_case_file(self, path: Path, passphrase: str | None) -> None:
        """Open ``path`` again with ``passphrase`` (after its encryption changed), asking if it fails."""
        try:
            services = self._opener(path, False, passphrase=passphrase)
        except CasedeskError:
            self.open_path(path)
            return
        self._install(services)

    def _close_case_file(self) -> None:
        """Close what is shown (preview, services, contacts book), saving pending edits and the layout."""
        self._save_pending()
        self._save_layout()
        # The pages holding these are replaced next.
        self.workspace = self.today_view = self.calendar_view = self.pages = None
        if self.reminders is not None:
            self.reminders.stop()
            self.reminders.deleteLater()
            self.reminders = None
        if self.change_watcher is not None:
            self.change_watcher.stop()
            self.change_watcher.deleteLater()
            self.change_watcher = None
        if self._reminders_window is not None:
            self._reminders_window.close()
            self._reminders_window.deleteLater()
            self._reminders_window = None
        if self._preview is not None:
            self._preview.close()
            self._preview = None
        self._connecting = False
        if self._contacts_book is not None:
            self._contacts_book.close()
            self._contacts_book = None
        for window in (self._outstanding, self._search):
            if window is not None:
                window.close()
                window.deleteLater()
        self._outstanding = self._search = None
        self.backup_actions.update(None)  # the on-close backup, before the file closes
        if self.services is not None:
            self.services.close()
            self.services = None
        self.encryption.update(None)

    def _install(self, services: Services | None) -> None:
        """Show a case file (or the no-file state), replacing what was shown."""
        self._close_case_file()
        if services is not None and services.firm_mode and not services.user and not self._sign_in(services):
            services.close()  # the person cancelled signing in: back to the open/empty state
            services = None
        self.services = services
        self.case_list = self.workspace = None
        self.read_only_bar = None
        self.user_label.clear()
        self.firm_menu.menuAction().setVisible(services is not None and services.firm_mode)
        if services is None:
            self.setCentralWidget(self._no_file_page())
            self.setWindowTitle("casedesk")
            self.path_label.setText("No case file open")
        else:
            self.setCentralWidget(self._case_file_page(services))
            self.show_page(self._remembered_page())
            self.setWindowTitle(f"{services.name} — casedesk")
            self.path_label.setText(services.location)
            if services.read_only:
                self.read_only_bar = show_read_only(self, services, self.try_again_writable)
            elif services.lock_notice:
                self.statusBar().showMessage(services.lock_notice)
            if services.firm_mode:
                self.user_label.setText(f"Signed in as {services.user}")
                if self._firm_connection is not None:
                    remember_connection(self._settings.qsettings, self._firm_connection)
            else:
                self._settings.add_recent_file(services.path)
            if services.backup_path is not None:
                self.statusBar().showMessage(
                    f"The case file was upgraded; a copy of the old version is in {services.backup_path}."
                )
        for action in self.case_actions:
            action.setEnabled(services is not None)
        self._update_case_actions()
        self.encryption.update(services)
        self.backup_actions.update(services)
        self.transfers.update(services)
        if services is not None:
            self._watch_reminders(services)
            if services.firm_mode:
                from casedesk.ui.refresh import ChangeWatcher

                self.change_watcher = ChangeWatcher(services.changes, self.refresh_from_database, self)

    def _case_file_page(self, services: Services) -> QWidget:
        self.case_list = CaseListPanel(services.cases)
        from casedesk.ui.calendar.today import TodayView
        from casedesk.ui.calendar.views import CalendarView
        from casedesk.ui.cases.workspace import CaseWorkspace

        self.workspace = CaseWorkspace(services, settings=self._settings.qsettings)
        self.splitter = self._splitter(self.case_list, self.workspace)
        self.today_view = TodayView(services.calendar)
        self.calendar_view = CalendarView(services.calendar, services.cases, services.contacts)
        self.pages = self._page_tabs(self.today_view, self.calendar_view, self.splitter)
        self.case_list.case_selected.connect(self._on_case_list_case_selected)
        self.case_list.case_activated.connect(self._on_case_list_case_activated)
        self.workspace.case_changed.connect(self._on_workspace_case_changed)
        self.workspace.case_vanished.connect(self.refresh)
        self.workspace.contacts_changed.connect(self._on_workspace_contacts_changed)
        self.workspace.calendar_changed.connect(self._on_workspace_calendar_changed)
        self.today_view.case_requested.connect(self.go_to_case)
        self.today_view.without_deadline_requested.connect(self._on_today_without_deadline_requested)
        self.today_view.calendar_changed.connect(self._on_page_calendar_changed)
        self.calendar_view.case_requested.connect(self.go_to_case)
        self.calendar_view.calendar_changed.connect(self._on_page_calendar_changed)
        self.calendar_view.notice_posted.connect(self._on_calendar_view_notice_posted)
        self.pages.currentChanged.connect(self._on_pages_current_changed)
        return self.pages

    def _page_tabs(self, today: QWidget, calendar: QWidget, cases: QWidget) -> QTabWidget:
        pages = QTabWidget()
        pages.setDocumentMode(True)
        for page, title in zip((today, calendar, cases), PAGE_TITLES, strict=True):
            pages.addTab(page, title)
        for index, action in enumerate(self.page_actions):
            pages.setTabToolTip(index, f"{PAGE_TITLES[index]} ({action.shortcut().toString()})")
        return pages

    def _splitter(self, case_list: CaseListPanel, workspace: QWidget) -> QSplitter:
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(case_list)
        splitter.addWidget(workspace)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([560, 720])
        if state := self._settings.state("main/splitter"):
            splitter.restoreState(state)
        if state := self._settings.state("cases/header"):
            case_list.table.horizontalHeader().restoreState(state)
        return splitter

    def _no_file_page(self) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        layout.addStretch(1)
        label = QLabel("No case file is open.")
        label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        layout.addWidget(label)
        for action in (self.open_file_action, self.new_file_action, self.connect_firm_action):
            button = QPushButton(action.text().replace("&", ""))
            button.clicked.connect(action.trigger)
            layout.addWidget(button, 0, Qt.AlignmentFlag.AlignCenter)
        layout.addStretch(1)
        return page

    def open_path(self, path: Path, create: bool = False) -> bool:
        """Open (or create) a case file in this window; on failure say why and keep the current one.

        With a background opener, an existing up-to-date file shows its case list at once and opens
        on a worker thread, as at start-up; new files and upgrades open here, before anything changes.
        """
        if not create and self._background is not None and (preview := self._background.preview(path)):
            self._install_preview(preview)
            self._background.open(self, path)
            return True
        try:
            services = open_with_prompts(self, self._opener, path, create)
        except CasedeskError as exc:
            show_error(self, "Case file not opened", exc)
            if not create:
                self._settings.remove_recent_file(path)
            return False
        if services is None:  # the user cancelled a question (passphrase, read-only)
            return False
        self._install(services)
        return True

    def show_people(self) -> None:
        """File › Firm Database › People…: who signs in; administrators add, reset and deactivate."""
        from casedesk.ui.people import show_people

        if self.services is not None and self.services.firm_mode:
            show_people(self, self.services)

    def _sign_in(self, services: Services) -> bool:
        """Ask who is working on the firm database (or for its first account); False if cancelled."""
        from casedesk.ui.sign_in import sign_in_to

        return sign_in_to(self, services, self._settings.qsettings)

    def _install_connecting(self, connection: FirmConnection) -> None:
        """Say that the firm database is being opened (on a worker); nothing can be done meanwhile."""
        self._close_case_file()
        self.services = None
        self.case_list = self.workspace = None
        self.read_only_bar = None
        label = QLabel(f"Connecting to the firm database {connection.label}…")
        label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.setCentralWidget(label)
        self.setWindowTitle(f"{connection.label} — casedesk")
        self.path_label.setText(f"{connection.label} (connecting…)")
        self.user_label.clear()
        for action in (*self.case_actions, *self.selected_case_actions):
            action.setEnabled(False)
        self._connecting = True

    def open_firm_database(self, url: str, connection: FirmConnection) -> bool:
        """Open a firm database (on a worker with a background opener) and ask who is signing in.

        Args:
            url: Its address, with the database password.
            connection: The same without the password, remembered once it opens.

        Returns:
            False if it failed at once (the reason was shown); True if it opened or is opening.
        """
        self._firm_connection = connection
        if self._background is not None:
            if self.services is None:
                self._install_connecting(connection)
            else:  # the open case file stays until the firm database is ready (or fails to open)
                self._connecting = True
                self.statusBar().showMessage(f"Connecting to the firm database {connection.label}…")
            self._background.open(self, url, connection.documents)
            return True
        try:
            services = open_with_prompts(self, self._opener, url, documents=connection.documents)
        except CasedeskError as exc:
            show_error(self, "Firm database not opened", exc)
            return False
        if services is None:
            return False
        self._install(services)
        return self.services is not None

    def connect_firm_database(self, initial: FirmConnection | None = None) -> None:
        """File › Connect to Firm Database…: ask where it is (the last one offered), then open it."""
        answer = FirmConnectDialog.ask(self, initial or last_connection(self._settings.qsettings))
        if answer is not None:
            self.open_firm_database(*answer)

    def new_case_file(self) -> None:
        """Create a new, empty case file and open it."""
        path = ask_new_path(self)
        if path is None:
            return
        if path.exists():
            show_error(
                self,
                "Case file not created",
                CasedeskError(f"{path.name} already exists.", "Choose another name, or open it with Open."),
            )
            return
        self.open_path(path, create=True)

    def open_case_file(self) -> None:
        """Ask for a case file and open it."""
        path = ask_open_path(self)
        if path is not None:
            self.open_path(path)

    def _on_recent_menu_about_to_show(self) -> None:
        self.recent_menu.clear()
        recent = self._settings.recent_files()
        for index, path in enumerate(recent, start=1):
            action = self.recent_menu.addAction(f"&{index} {path.name}  —  {path.parent}")
            action.triggered.connect(lambda _checked=False, p=path: self.open_path(p))
        firm = recent_connections(self._settings.qsettings)
        if firm and recent:
            self.recent_menu.addSeparator()
        for index, connection in enumerate(firm, start=len(recent) + 1):
            action = self.recent_menu.addAction(f"&{index} {connection.label}  —  firm database")
            action.setStatusTip(f"Connect to {connection.label} (asks for the database password)")
            action.triggered.connect(lambda _checked=False, c=connection: self.connect_firm_database(c))
        if firm:
            forget = self.recent_menu.addAction("Forget Firm Databases")
            forget.triggered.connect(self._forget_firm_databases)
        if not recent and not firm:
            self.recent_menu.addAction("No recent case files").setEnabled(False)

    def _forget_firm_databases(self) -> None:
        for connection in recent_connections(self._settings.qsettings):
            forget_connection(self._settings.qsettings, connection)

    # --- cases -----------------------------------------------------------------------------------

    def new_case(self) -> None:
        """Create a case through the case dialog and select it."""
        if self.services is None or self.case_list is None:
            return
        from casedesk.ui.cases.dialogs import CaseDialog

        saved = CaseDialog.ask(self, self.services.cases)
        if saved is not None:
            self.show_page(PAGE_CASES)
            self.case_list.refresh(select_id=saved.id, reveal=True)
            self.statusBar().showMessage(f"Case {saved.number} created.", 5000)

    def edit_case(self) -> None:
        """Edit the selected case."""
        if self.workspace is not None:
            self.workspace.edit_case()

    def delete_case(self) -> None:
        """Delete the selected case after the user confirms."""
        if self.services is None or self.workspace is None or self.workspace.overview.overview is None:
            return
        overview = self.workspace.overview.overview
        case = overview.case
        entries = overview.activity_count
        if not confirm(
            self,
            "Delete case",
            f"Delete case {case.number}, {case.caption}?",
            "Delete case",
            f"Its {entries} timeline entr{'y' if entries == 1 else 'ies'} and "
            f"{len(overview.contacts)} contact link{'' if len(overview.contacts) == 1 else 's'} are deleted "
            f"with it. The client and the contacts stay. This cannot be undone.",
        ):
            return
        assert case.id is not None
        try:
            self.services.cases.delete_case(case.id)
        except CasedeskError as exc:
            show_error(self, "Case not deleted", exc)
            self.refresh()
            return
        self.refresh()
        self.statusBar().showMessage(f"Case {case.number} deleted.", 5000)

    def new_timeline_entry(self) -> None:
        """Log a timeline entry on the selected case."""
        if self.workspace is not None and self.workspace.case_id is not None:
            self._show_tab("timeline")
            self.workspace.timeline.add_entry()

    def find_cases(self) -> None:
        """Jump to the case list's search field."""
        if self.case_list is not None:
            self.show_page(PAGE_CASES)
            self.case_list.focus_search()

    def refresh(self) -> None:
        """Read the case list, the open case and the calendar pages again."""
        if self.case_list is not None:
            self.case_list.refresh()
        self._refresh_calendar_pages()

    def refresh_from_database(self) -> None:
        """View › Refresh: show what others saved (the case list, the open case, the calendar pages).

        The selected case and tab stay; edits saved as typed are saved first, and forms open in dialogs
        keep what the user typed.
        """
        if self.services is None:
            return
        self.refresh()
        if self.workspace is not None and self.workspace.case_id is not None:
            self.workspace.save_pending()
            self.workspace.set_case(self.workspace.case_id)

    def show_contacts_book(self) -> None:
        """Open the contacts book window (one at a time)."""
        if self.services is None:
            return
        if self._contacts_book is None:
            from casedesk.ui.contacts.panel import ContactsBookDialog

            self._contacts_book = ContactsBookDialog(self.services.contacts, self)
            self._contacts_book.contacts_changed.connect(self._on_contacts_book_contacts_changed)
        self._contacts_book.show()
        self._contacts_book.raise_()
        self._contacts_book.activateWindow()

    def export_progress_report(self) -> None:
        """File › Export › Case Progress Report…: one page on where the selected case stands."""
        if self.workspace is not None:
            self.workspace.export_progress_report()

    def edit_firm_details(self) -> None:
        """Edit › Firm Details…: the firm's letterhead, printed on letters and reports."""
        if self.workspace is not None:
            self.workspace.edit_firm_details()

    def export_caseload_ledger(self) -> None:
        """File › Export › Expense Ledger of All Cases: every case's expenses in one Excel workbook."""
        if self.services is None:
            return
        from casedesk.ui.finances.expenses import export_caseload_ledger
        from casedesk.ui.tasks import TaskRunner

        if self._export_runner is None:
            self._export_runner = TaskRunner()
        export_caseload_ledger(
            self,
            self.services.expenses,
            self._export_runner,
            on_saved=lambda text: self.statusBar().showMessage(text, 10_000),
        )

    def show_outstanding_requests(self) -> None:
        """Open the window of every case's outstanding record requests (one at a time)."""
        if self.services is None:
            return
        if self._outstanding is None:
            from casedesk.ui.medical.outstanding import OutstandingRequestsWindow

            self._outstanding = OutstandingRequestsWindow(
                self.services.providers, self.services.cases.clock, self
            )
            self._outstanding.case_requested.connect(lambda case_id: self.go_to_case(case_id, "medical"))
        self._outstanding.show()
        self._outstanding.raise_()
        self._outstanding.activateWindow()

    def show_search(self) -> None:
        """Open the search over documents and notes, scoped to the case in the workspace (if any)."""
        if self.services is None:
            return
        case_id = self.workspace.case_id if self.workspace is not None else None
        if self._search is None:
            from casedesk.ui.search import SearchWindow

            self._search = SearchWindow(self.services.search, case_id, parent=self)
            self._search.open_requested.connect(self._on_search_open_requested)
            self._search.case_requested.connect(self.go_to_case)
        self._search.show_for_case(case_id)

    def _on_search_open_requested(self, case_id: int, document_id: int, page: int) -> None:
        self.go_to_case(case_id, "medical")
        if self.workspace is not None and self.workspace.case_id == case_id:
            self.workspace.open_document(document_id, page)

    # --- pages ------------------------------------------------------------------------------------

    def show_page(self, page: int) -> None:
        """Bring a top-level page to the front: ``PAGE_TODAY``, ``PAGE_CALENDAR`` or ``PAGE_CASES``."""
        if self.pages is None or not self.pages.isTabEnabled(page):
            return
        if self.pages.currentIndex() == page:
            self._focus_page(page)
        else:
            self.pages.setCurrentIndex(page)

    def current_page(self) -> int | None:
        """The top-level page in front (None while no case file is open)."""
        return None if self.pages is None else self.pages.currentIndex()

    def _remembered_page(self) -> int:
        saved = self._settings.state("main/page")
        name = bytes(saved.data()).decode(errors="replace") if saved is not None else ""
        return PAGE_NAMES.index(name) if name in PAGE_NAMES else PAGE_TODAY

    def go_to_case(self, case_id: int, tab: str = "overview") -> None:
        """Show a case on the Cases page, on one of its workspace tabs (by name)."""
        if self.case_list is None or self.workspace is None or self.services is None:
            return
        self.show_page(PAGE_CASES)
        self.case_list.refresh(select_id=case_id, reveal=True)
        if self.workspace.case_id != case_id:
            self.workspace.set_case(case_id)  # not listed (deleted meanwhile): the workspace says so
            self._update_case_actions()
        if self.workspace.case_id == case_id:
            self._show_tab(tab)
            self.workspace.tabs.setFocus()

    def _show_tab(self, name: str) -> None:
        from casedesk.ui.cases.workspace import TAB_NAMES

        if self.workspace is not None and self.workspace.case_id is not None and name in TAB_NAMES:
            self.show_page(PAGE_CASES)
            self.workspace.show_tab(name)

    def _update_case_actions(self) -> None:
        has_case = self.workspace is not None and self.workspace.case_id is not None
        for action in self.selected_case_actions:
            action.setEnabled(has_case)
        if self.services is not None and self.services.read_only:
            changing = (self.new_case_action, self.edit_case_action, self.delete_case_action)
            for action in (*changing, self.new_entry_action, self.firm_action):
                action.setEnabled(False)

    def try_again_writable(self) -> None:
        """Open the case file shown read-only again for changes, if the other casedesk has closed it."""
        if self.services is None or not self.services.read_only or self.services.firm_mode:
            return
        services = reopen_writable(self, self._opener, self.services.path)
        if services is not None:
            self._install(services)
        elif self.read_only_bar is not None:
            self.read_only_bar.refresh()

    def _refresh_calendar_pages(self) -> None:
        """Read the calendar page in front again, and look for reminders that came due.

        A calendar page behind another one is read again when it comes to the front, so that saving a
        case (which moves its computed deadlines) never waits on pages nobody is looking at.
        """
        if self.pages is not None and self.pages.currentIndex() == PAGE_TODAY and self.today_view is not None:
            self.today_view.refresh()
        if self.pages is not None and self.pages.currentIndex() == PAGE_CALENDAR and self.calendar_view:
            self.calendar_view.refresh()
        if self.reminders is not None:
            self.reminders.check()

    def _on_pages_current_changed(self, index: int) -> None:
        # What changed on another page (a case saved, a deadline moved) shows as soon as a page comes up.
        if index == PAGE_TODAY and self.today_view is not None:
            self.today_view.refresh()
        elif index == PAGE_CALENDAR and self.calendar_view is not None:
            self.calendar_view.refresh()
        self._focus_page(index)

    def _focus_page(self, index: int) -> None:
        if 0 <= index < len(self.page_actions):
            self.page_actions[index].setChecked(True)
        if index == PAGE_TODAY and self.today_view is not None:
            self.today_view.tree.setFocus(Qt.FocusReason.OtherFocusReason)
        elif index == PAGE_CALENDAR and self.calendar_view is not None:
            self.calendar_view.focus_view()
        elif index == PAGE_CASES and self.case_list is not None:
            focus = self.focusWidget()
            if focus is None or not self.splitter.isAncestorOf(focus):
                self.case_list.table.setFocus(Qt.FocusReason.OtherFocusReason)

    def _on_today_without_deadline_requested(self) -> None:
        if self.calendar_view is not None:
            from casedesk.ui.calendar.views import CalendarMode

            self.calendar_view.set_mode(CalendarMode.WITHOUT_DEADLINE)
            self.show_page(PAGE_CALENDAR)

    def _on_page_calendar_changed(self) -> None:
        """Today or the Calendar page changed an event or task: the other pages show it when they come up."""
        if self.workspace is not None and self.workspace.case_id is not None:
            self.workspace.calendar.refresh()
            self.workspace.calendar_changes_elsewhere()
        if self.reminders is not None:
            self.reminders.check()

    def _on_workspace_calendar_changed(self) -> None:
        self._refresh_calendar_pages()

    def _on_calendar_view_notice_posted(self, text: str) -> None:
        self.statusBar().showMessage(text, 8000)

    # --- reminders --------------------------------------------------------------------------------

    def _watch_reminders(self, services: Services) -> None:
        """Start watching for reminders; show the ones that came due (also while casedesk was closed)."""
        from casedesk.ui.calendar.reminders import ReminderWatcher

        self.reminders = ReminderWatcher(services.calendar, self)
        self.reminders.reminders_changed.connect(self._on_reminders_reminders_changed)
        self.reminders.reminders_came.connect(self._on_reminders_reminders_came)
        if self.reminders.start():
            self.show_reminders()

    def show_reminders(self) -> None:
        """Open the Reminders window (not modal: work goes on beside it)."""
        if self.reminders is None:
            return
        if self._reminders_window is None:
            from casedesk.ui.calendar.reminders import RemindersWindow

            self._reminders_window = RemindersWindow(self.reminders, self)
            self._reminders_window.case_requested.connect(self.go_to_case)
        self._reminders_window.show()
        self._reminders_window.raise_()
        self._reminders_window.activateWindow()

    @property
    def reminders_window(self) -> RemindersWindow | None:
        """The Reminders window, once it has been shown."""
        return self._reminders_window

    def _on_reminders_reminders_changed(self, due: list[DueReminder]) -> None:
        if self.pages is not None:
            count = len(due)
            self.pages.setTabText(PAGE_TODAY, f"Today ({count})" if count else "Today")
            self.pages.setTabToolTip(
                PAGE_TODAY,
                f"Today (Alt+1) — {count} reminder{'' if count == 1 else 's'} due"
                if count
                else "Today (Alt+1)",
            )

    def _on_reminders_reminders_came(self, came: list[DueReminder]) -> None:
        if len(came) == 1:
            reminder = came[0]
            assert self.reminders is not None
            from casedesk.ui.calendar.agenda import days_left

            when = days_left(reminder.event.day, self.reminders.today, reminder.event.kind.is_deadline)
            text = f"Reminder: {reminder.event.title} — {reminder.case_label} ({when})"
        else:
            text = f"{len(came)} new reminders came due — View › Reminders (Ctrl+Shift+R)"
        self.statusBar().showMessage(text)
        QApplication.alert(self)

    def _on_case_list_case_selected(self, case_id: int | None) -> None:
        if self.workspace is not None:
            self.workspace.set_case(case_id)
        if self._search is not None:
            self._search.set_case(case_id)
        self._update_case_actions()

    def _on_case_list_case_activated(self, _case_id: int) -> None:
        if self.workspace is not None:
            self.workspace.show_tab("overview")
            self.workspace.tabs.setFocus()

    def _on_workspace_case_changed(self, case_id: int) -> None:
        if self.case_list is not None:
            self.case_list.refresh(select_id=case_id, reveal=True)

    def _on_workspace_contacts_changed(self) -> None:
        if self._contacts_book is not None:
            self._contacts_book.refresh()

    def _on_contacts_book_contacts_changed(self) -> None:
        if self.workspace is not None:
            self.workspace.set_case(self.workspace.case_id)

    def check_case_file(self) -> None:
        """Help › Check Case File…: check the open file for damage and show what was found."""
        if self.services is None:
            return
        from casedesk.ui.check import CaseFileCheck

        self.case_file_check = CaseFileCheck(self.services.check, self)
        self.case_file_check.run()

    def show_audit_trail(self, whole_file: bool = False) -> None:
        """Case › Audit Trail… (the selected case's) or Help › Audit Trail of the Case File…."""
        if self.services is None:
            return
        from casedesk.ui.audit import AuditTrailDialog

        case_id = None if whole_file or self.workspace is None else self.workspace.case_id
        if case_id is None and not whole_file:
            return
        number = self.services.expenses.case_number(case_id) if case_id is not None else ""
        self.audit_dialog = AuditTrailDialog(self.services.audit, self, case_id=case_id, case_number=number)
        self.audit_dialog.show()

    def _about(self) -> None:
        show_about(
            self,
            "About casedesk",
            f"<b>casedesk {__version__}</b><p>An offline case-file organizer for personal-injury "
            "case managers. Your case file stays on this computer, or on your firm's own database "
            "server.</p>",
        )

    # --- closing ---------------------------------------------------------------------------------

    def _save_layout(self) -> None:
        if self.case_list is not None:
            self._settings.set_state("main/splitter", self.splitter.saveState())
            self._settings.set_state("cases/header", self.case_list.table.horizontalHeader().saveState())
        if self.services is not None and self.pages is not None:
            # Only a fully open file's page counts: the preview always shows Cases.
            page = PAGE_NAMES[self.pages.currentIndex()]
            self._settings.set_state("main/page", QByteArray(page.encode()))

    def closeEvent(self, event: QCloseEvent) -> None:
        """Qt override: save what is pending, remember the layout and close the case file."""
        self._close_case_file()
        self._settings.set_state("main/geometry", self.saveGeometry())
        self._settings.set_state("main/state", self.saveState())
        self._settings.sync()
        self._closed = True
        super().closeEvent(event)
