"""The main window: the case list beside the case workspace, the menus, and the open case file."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QFileDialog,
    QLabel,
    QMainWindow,
    QMenu,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from casedesk import __version__
from casedesk.domain.errors import CasedeskError
from casedesk.ui.cases.panel import CaseListPanel
from casedesk.ui.messages import confirm, show_about, show_error
from casedesk.ui.settings import AppSettings

if TYPE_CHECKING:
    from casedesk.services.casefiles import Services
    from casedesk.services.preview import CaseListPreview
    from casedesk.ui.cases.workspace import CaseWorkspace
    from casedesk.ui.contacts.panel import ContactsBookDialog

# The workspace, the dialogs and the contacts book are imported where first used: the first window
# shows only the case list, and start-up time is what the user waits for.

#: Opens (or, with True, creates) a case file and returns its services.
Opener = Callable[[Path, bool], "Services"]


class BackgroundOpener(Protocol):
    """Opens case files off the GUI thread, showing their case list at once (see casedesk.app)."""

    def preview(self, path: Path) -> CaseListPreview | None:
        """A read-only case list of an existing, up-to-date case file, or None."""

    def open(self, window: MainWindow, path: Path) -> None:
        """Open the file on a worker; then ``window.install`` or ``window.open_failed`` runs."""


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
        case_list: The case list (None while no case file is open).
        workspace: The case workspace (None while no case file is open).
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
        self._closed = False
        self.services: Services | None = None
        self.case_list: CaseListPanel | None = None
        self.workspace: CaseWorkspace | None = None
        self._contacts_book: ContactsBookDialog | None = None
        self.resize(1280, 800)
        self._build_actions()
        self._build_menus()
        self.path_label = QLabel()
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
        self.quit_action = self._action("&Quit", self.close, QKeySequence(key.Quit))
        self.new_case_action = self._action("&New Case…", self.new_case, QKeySequence(key.New))
        self.edit_case_action = self._action("&Edit Case…", self.edit_case, "Ctrl+E")
        self.delete_case_action = self._action("&Delete Case…", self.delete_case, "Ctrl+Shift+Delete")
        self.new_entry_action = self._action("New &Timeline Entry…", self.new_timeline_entry, "Ctrl+T")
        self.find_action = self._action("&Find Cases", self.find_cases, QKeySequence(key.Find))
        self.overview_action = self._action("&Overview", lambda: self._show_tab("overview"), "Ctrl+1")
        self.timeline_action = self._action("&Timeline", lambda: self._show_tab("timeline"), "Ctrl+2")
        self.valuation_action = self._action("&Valuation", lambda: self._show_tab("valuation"), "Ctrl+3")
        self.refresh_action = self._action("&Refresh", self.refresh, QKeySequence(key.Refresh))
        self.contacts_action = self._action("&Contacts Book…", self.show_contacts_book, "Ctrl+Shift+C")
        self.about_action = self._action("&About casedesk", self._about)
        self.case_actions = (
            self.new_case_action,
            self.find_action,
            self.refresh_action,
            self.contacts_action,
        )
        self.selected_case_actions = (
            self.edit_case_action,
            self.delete_case_action,
            self.new_entry_action,
            self.overview_action,
            self.timeline_action,
            self.valuation_action,
        )

    def _build_menus(self) -> None:
        file_menu = self.menuBar().addMenu("&File")
        file_menu.addActions([self.new_file_action, self.open_file_action])
        self.recent_menu = QMenu("Open &Recent", self)
        self.recent_menu.aboutToShow.connect(self._on_recent_menu_about_to_show)
        file_menu.addMenu(self.recent_menu)
        file_menu.addSeparator()
        file_menu.addAction(self.quit_action)
        case_menu = self.menuBar().addMenu("&Case")
        case_menu.addActions([self.new_case_action, self.edit_case_action, self.new_entry_action])
        case_menu.addSeparator()
        case_menu.addAction(self.delete_case_action)
        view_menu = self.menuBar().addMenu("&View")
        view_menu.addActions(
            [self.find_action, self.overview_action, self.timeline_action, self.valuation_action]
        )
        view_menu.addSeparator()
        view_menu.addAction(self.refresh_action)
        contacts_menu = self.menuBar().addMenu("C&ontacts")
        contacts_menu.addAction(self.contacts_action)
        self.menuBar().addMenu("&Help").addAction(self.about_action)

    # --- the case file ---------------------------------------------------------------------------

    def _install_preview(self, preview: CaseListPreview) -> None:
        """Show a case file's list read-only while its services open in the background."""
        self._close_case_file()
        self._preview = preview
        self.case_list = CaseListPanel(preview)
        self.splitter = self._splitter(self.case_list, QLabel("Opening the case file…"))
        self.setCentralWidget(self.splitter)
        self.setWindowTitle(f"{preview.path.name} — casedesk")
        self.path_label.setText(f"{preview.path} (opening…)")
        for action in (*self.case_actions, *self.selected_case_actions):
            action.setEnabled(False)

    def install(self, services: Services) -> None:
        """Work on the case file the preview showed, now open; the list keeps its search and selection.

        If the user has meanwhile opened another file (or closed the window), the late arrival is closed.
        """
        if self._closed or self._preview is None or self._preview.path != services.path:
            services.close()
            return
        preview_list = self.case_list if self._preview is not None else None
        self._install(services)
        if preview_list is not None and self.case_list is not None:
            self.case_list.adopt_view_of(preview_list)

    def open_failed(self, error: BaseException) -> None:
        """The background open of the previewed case file failed: say why and show the no-file state."""
        if self._closed or self._preview is None:
            return  # another file was opened meanwhile; this failure no longer concerns the window
        self._install(None)
        if not isinstance(error, CasedeskError):
            raise error  # logged and reported by the application's exception handler
        show_error(self, "Case file not opened", error)

    def _close_case_file(self) -> None:
        """Close what is shown (preview, services, contacts book), saving pending edits and the layout."""
        if self.workspace is not None:
            self.workspace.save_pending()
            self.workspace = None  # the page holding it is replaced next
        self._save_layout()
        if self._preview is not None:
            self._preview.close()
            self._preview = None
        if self._contacts_book is not None:
            self._contacts_book.close()
            self._contacts_book = None
        if self.services is not None:
            self.services.close()
            self.services = None

    def _install(self, services: Services | None) -> None:
        """Show a case file (or the no-file state), replacing what was shown."""
        self._close_case_file()
        self.services = services
        self.case_list = self.workspace = None
        if services is None:
            self.setCentralWidget(self._no_file_page())
            self.setWindowTitle("casedesk")
            self.path_label.setText("No case file open")
        else:
            self.setCentralWidget(self._case_file_page(services))
            self.setWindowTitle(f"{services.path.name} — casedesk")
            self.path_label.setText(str(services.path))
            self._settings.add_recent_file(services.path)
            if services.backup_path is not None:
                self.statusBar().showMessage(
                    f"The case file was upgraded; a copy of the old version is in {services.backup_path}."
                )
        for action in self.case_actions:
            action.setEnabled(services is not None)
        self._update_case_actions()

    def _case_file_page(self, services: Services) -> QWidget:
        self.case_list = CaseListPanel(services.cases)
        from casedesk.ui.cases.workspace import CaseWorkspace

        self.workspace = CaseWorkspace(services)
        self.splitter = self._splitter(self.case_list, self.workspace)
        self.case_list.case_selected.connect(self._on_case_list_case_selected)
        self.case_list.case_activated.connect(self._on_case_list_case_activated)
        self.workspace.case_changed.connect(self._on_workspace_case_changed)
        self.workspace.case_vanished.connect(self.refresh)
        self.workspace.contacts_changed.connect(self._on_workspace_contacts_changed)
        return self.splitter

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
        for action in (self.open_file_action, self.new_file_action):
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
            services = self._opener(path, create)
        except CasedeskError as exc:
            show_error(self, "Case file not opened", exc)
            if not create:
                self._settings.remove_recent_file(path)
            return False
        self._install(services)
        return True

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
        if not recent:
            self.recent_menu.addAction("No recent case files").setEnabled(False)

    # --- cases -----------------------------------------------------------------------------------

    def new_case(self) -> None:
        """Create a case through the case dialog and select it."""
        if self.services is None or self.case_list is None:
            return
        from casedesk.ui.cases.dialogs import CaseDialog

        saved = CaseDialog.ask(self, self.services.cases)
        if saved is not None:
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
            self.case_list.focus_search()

    def refresh(self) -> None:
        """Read the case list and the open case again."""
        if self.case_list is not None:
            self.case_list.refresh()

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

    def _show_tab(self, name: str) -> None:
        if self.workspace is not None and self.workspace.case_id is not None:
            self.workspace.show_tab(name)

    def _update_case_actions(self) -> None:
        has_case = self.workspace is not None and self.workspace.case_id is not None
        for action in self.selected_case_actions:
            action.setEnabled(has_case)

    def _on_case_list_case_selected(self, case_id: int | None) -> None:
        if self.workspace is not None:
            self.workspace.set_case(case_id)
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

    def _about(self) -> None:
        show_about(
            self,
            "About casedesk",
            f"<b>casedesk {__version__}</b><p>An offline case-file organizer for personal-injury "
            "case managers. Your case file stays on this computer.</p>",
        )

    # --- closing ---------------------------------------------------------------------------------

    def _save_layout(self) -> None:
        if self.case_list is not None:
            self._settings.set_state("main/splitter", self.splitter.saveState())
            self._settings.set_state("cases/header", self.case_list.table.horizontalHeader().saveState())

    def closeEvent(self, event: QCloseEvent) -> None:
        """Qt override: save what is pending, remember the layout and close the case file."""
        self._close_case_file()
        self._settings.set_state("main/geometry", self.saveGeometry())
        self._settings.set_state("main/state", self.saveState())
        self._settings.sync()
        self._closed = True
        super().closeEvent(event)
