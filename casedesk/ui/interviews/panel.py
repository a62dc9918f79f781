"""The Interviews tab: a case's interviews, the guided form, the review step, printing and undo."""

from __future__ import annotations

from contextlib import suppress
from html import escape
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QMenu,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from casedesk.domain.errors import CasedeskError
from casedesk.domain.interviews import (
    Feed,
    Interview,
    InterviewStatus,
    Questionnaire,
    answer_scale,
    asked_answers,
    proposals,
)
from casedesk.domain.typed import format_date
from casedesk.ui.files import ask_export_path, open_with_system, safe_file_name
from casedesk.ui.interviews.editor import InterviewEditor
from casedesk.ui.interviews.review import ReviewDialog
from casedesk.ui.messages import show_error
from casedesk.ui.tables import RecordTableModel, record_table, selected_data
from casedesk.ui.undo import UndoBar

if TYPE_CHECKING:
    from casedesk.domain.cases import Case
    from casedesk.services.interviews import InterviewService

COL_HELD, COL_TITLE, COL_STATUS, COL_INTERVIEWER, COL_PAIN, COL_CASE = range(6)
COLUMN_WIDTHS = {COL_HELD: 100, COL_TITLE: 190, COL_STATUS: 90, COL_INTERVIEWER: 150, COL_PAIN: 60}
_INTERVIEW_ROLE = Qt.ItemDataRole.UserRole + 1
_Index = QModelIndex | QPersistentModelIndex


class InterviewTableModel(RecordTableModel):
    """A case's interviews, newest first, with what each added to the case."""

    HEADERS = ("Held on", "Interview", "Status", "Interviewer", "Pain", "Added to the case")

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._rows: list[Interview] = []
        self._case: Case | None = None

    def set_rows(self, rows: list[Interview], case: Case | None) -> None:
        """Replace every row."""
        self.beginResetModel()
        self._rows = sorted(rows, key=lambda i: (i.held_on, i.id or 0), reverse=True)
        self._case = case
        self.endResetModel()

    def interview(self, row: int) -> Interview:
        """The interview on a row."""
        return self._rows[row]

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        """Qt override."""
        return 0 if parent.isValid() else len(self._rows)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        """Qt override."""
        if not index.isValid() or index.row() >= len(self._rows):
            return None
        interview = self._rows[index.row()]
        if role == _INTERVIEW_ROLE:
            return interview
        if role == Qt.ItemDataRole.DisplayRole:
            return (
                format_date(interview.held_on),
                interview.title,
                interview.status.label,
                interview.interviewer,
                self._pain(interview),
                self._added(interview),
            )[index.column()]
        draft = interview.status is InterviewStatus.DRAFT
        if role == Qt.ItemDataRole.ToolTipRole and index.column() == COL_STATUS and draft:
            return "Still being filled in: open it to continue (it was saved as typed)."
        return None

    def _pain(self, interview: Interview) -> str:
        if self._case is None:
            return ""
        answers = asked_answers(interview.questionnaire, self._case.case_type, interview.answers)
        fed = interview.questionnaire.fed(Feed.PAIN)
        level = answer_scale(answers.get(fed[0].id)) if fed else None
        return "" if level is None else f"{level}/10"

    def _added(self, interview: Interview) -> str:
        if interview.status is InterviewStatus.DRAFT or self._case is None:
            return ""
        if interview.applied:
            count = len(interview.applied)
            return f"{count} item{'s' if count > 1 else ''} added"
        return "Not reviewed yet" if proposals(interview, self._case.case_type) else "Nothing to add"


class InterviewsPanel(QWidget):
    """A case's interviews: the list, and the form of the one being filled in or read.

    Signals:
        interviews_changed: An interview was saved, completed, reopened, deleted or restored (the
            overview's pain journal and the timeline change with it).
        case_changed: The review step changed the case: its facts, contacts or lost wages.
    """

    interviews_changed = Signal()
    case_changed = Signal()

    def __init__(self, service: InterviewService, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._service = service
        self._case: Case | None = None
        self._deleted: Interview | None = None
        self._exported: Path | None = None
        self.model = InterviewTableModel(self)
        self.table = record_table(self.model, COLUMN_WIDTHS)
        self.new_button = QPushButton("&New Interview")
        self.new_menu = QMenu(self.new_button)
        self.new_button.setMenu(self.new_menu)
        self.open_button = QPushButton("&Open")
        self.open_button.setToolTip("Continue a draft, or read a completed interview (Enter)")
        self.review_button = QPushButton("&Review Answers into the Case…")
        self.export_button = QPushButton("E&xport PDF…")
        self.delete_button = QPushButton("&Delete")
        self.notice = QLabel()
        self.notice.setWordWrap(True)
        self.notice.setTextFormat(Qt.TextFormat.RichText)
        self.notice.hide()
        self.empty_label = QLabel()
        self.empty_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty_label.setWordWrap(True)
        self.undo_bar = UndoBar(self)
        self.editor = InterviewEditor(service)

        list_page = QWidget()
        tools = QHBoxLayout()
        for button in (self.new_button, self.open_button, self.review_button, self.export_button):
            tools.addWidget(button)
        tools.addStretch(1)
        tools.addWidget(self.delete_button)
        self._list_stack = QStackedWidget()
        self._list_stack.addWidget(self.table)
        self._list_stack.addWidget(self.empty_label)
        column = QVBoxLayout(list_page)
        column.setContentsMargins(0, 0, 0, 0)
        column.addLayout(tools)
        column.addWidget(self.undo_bar)
        column.addWidget(self.notice)
        column.addWidget(self._list_stack, 1)
        self._stack = QStackedWidget()
        self._stack.addWidget(list_page)
        self._stack.addWidget(self.editor)
        layout = QVBoxLayout(self)
        layout.addWidget(self._stack)

        delete_action = QAction("Delete interview", self.table)
        delete_action.setShortcut(QKeySequence.StandardKey.Delete)
        delete_action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        self.table.addAction(delete_action)
        self.open_button.clicked.connect(self.open_selected)
        self.review_button.clicked.connect(self.review_selected)
        self.export_button.clicked.connect(self.export_selected)
        self.delete_button.clicked.connect(self.delete_selected)
        delete_action.triggered.connect(self.delete_selected)
        self.undo_bar.undo_requested.connect(self.undo_delete)
        self.notice.linkActivated.connect(self._on_notice_link_activated)
        self.new_menu.aboutToShow.connect(self._on_new_menu_about_to_show)
        self.table.activated.connect(self._on_table_activated)
        self.table.selectionModel().selectionChanged.connect(self._update_buttons)
        self.editor.back_requested.connect(self.show_list)
        self.editor.saved.connect(self._on_editor_saved)
        self.editor.completed.connect(self._on_editor_completed)
        self.editor.review_requested.connect(self.review)
        self.editor.export_requested.connect(self.export)
        self.set_case(None)

    # --- the case --------------------------------------------------------------------------------

    def set_case(self, case_id: int | None) -> None:
        """Show another case's interviews (None: no case); a draft being typed is saved first."""
        self.save_pending()
        if self._case is None or case_id != self._case.id:
            self._deleted = None
            self.undo_bar.hide()
            self._stack.setCurrentIndex(0)
        try:
            self._case = None if case_id is None else self._service.case(case_id)
        except CasedeskError:
            self._case = None
        self.refresh()

    def save_pending(self) -> None:
        """Save a draft's last edits now (before the case changes or the file closes)."""
        if self.editor.has_unsaved_edits():
            self.editor.save_now()

    def refresh(self) -> None:
        """Read the case's interviews again, keeping the selection."""
        keep = self.selected()
        case = self._case
        rows = [] if case is None or case.id is None else self._service.interviews(case.id)
        if case is not None and case.id is not None:
            # The case's type decides which questions are asked; it may have been edited meanwhile.
            with suppress(CasedeskError):
                case = self._case = self._service.case(case.id)
        self.model.set_rows(rows, case)
        self._fill_new_menu(rows)
        if rows:
            self._list_stack.setCurrentWidget(self.table)
        else:
            self.empty_label.setText(
                "No case selected."
                if case is None
                else "No interviews yet. Start the intake interview with New Interview (Alt+N): "
                "it is saved as you type, so it can be finished later."
            )
            self._list_stack.setCurrentWidget(self.empty_label)
        if keep is not None:
            self._select(keep.id)
        if self.selected() is None and rows:
            self.table.selectRow(0)
        self._update_buttons()

    def _fill_new_menu(self, rows: list[Interview]) -> None:
        self.new_menu.clear()
        suggested = self._suggested(rows)
        ordered = sorted(self._service.questionnaires, key=lambda q: q is not suggested)
        for questionnaire in ordered:
            text = questionnaire.title + ("  (suggested)" if questionnaire is suggested else "")
            action = self.new_menu.addAction(text)
            action.setToolTip(questionnaire.description)
            action.triggered.connect(lambda _checked=False, code=questionnaire.code: self.new_interview(code))
        self.new_button.setEnabled(self._case is not None and bool(ordered))

    def _suggested(self, rows: list[Interview]) -> Questionnaire | None:
        """The intake interview until the client has had one; a follow-up after."""
        codes = {q.code: q for q in self._service.questionnaires}
        had_intake = any(i.questionnaire.code == "intake" for i in rows)
        return codes.get("follow_up" if had_intake else "intake") or next(iter(codes.values()), None)

    # --- actions ---------------------------------------------------------------------------------

    def selected(self) -> Interview | None:
        """The interview selected in the list."""
        found = selected_data(self.table, _INTERVIEW_ROLE)
        return found if isinstance(found, Interview) else None

    def new_interview(self, code: str) -> None:
        """Start an interview from a questionnaire and open its form."""
        if self._case is None or self._case.id is None:
            return
        earlier = self._service.interviews(self._case.id)
        interviewer = next((i.interviewer for i in reversed(earlier) if i.interviewer), "")
        try:
            interview = self._service.start(self._case.id, code, interviewer=interviewer)
        except CasedeskError as exc:
            show_error(self, "Interview not started", exc)
            return
        self.refresh()
        self._select(interview.id)
        self.interviews_changed.emit()
        self.open_interview(interview)

    def open_selected(self) -> None:
        """Open the selected interview's form."""
        selected = self.selected()
        if selected is not None:
            self.open_interview(selected)

    def open_interview(self, interview: Interview) -> None:
        """Show an interview's form."""
        if self._case is None:
            return
        try:
            fresh = self._service.get(interview.id or 0)
        except CasedeskError as exc:
            show_error(self, "Interview not opened", exc)
            self.refresh()
            return
        self.editor.open(fresh, self._case)
        self._stack.setCurrentWidget(self.editor)
        self.editor.focus_first_field()

    def show_list(self) -> None:
        """Back to the list of interviews, with the one just edited selected."""
        shown = self.editor.interview
        self._stack.setCurrentIndex(0)
        self.refresh()
        if shown is not None:
            self._select(shown.id)
        self.table.setFocus()

    def review_selected(self) -> None:
        """Review the selected completed interview's answers into the case."""
        selected = self.selected()
        if selected is not None and selected.id is not None:
            self.review(selected.id)

    def review(self, interview_id: int) -> None:
        """Show what the interview's answers would add to the case, and add what the user confirms."""
        try:
            interview = self._service.get(interview_id)
            items = self._service.review(interview_id)
        except CasedeskError as exc:
            show_error(self, "Answers not reviewed", exc)
            return
        if interview.status is not InterviewStatus.COMPLETED:
            self._notify(
                "Complete the interview first: its answers are added to the case once it is completed."
            )
            return
        if not items:
            self._notify("No answer of this interview feeds the case's facts, contacts or lost wages.")
            return
        keys = ReviewDialog.ask(self, items, interview.title.lower())
        if not keys:
            return
        try:
            done = self._service.apply(interview_id, keys)
        except CasedeskError as exc:
            show_error(self, "Answers not added", exc)
            return
        self.refresh()
        if done:
            self.case_changed.emit()
            self.interviews_changed.emit()

    def export_selected(self) -> None:
        """Print the selected interview to PDF."""
        selected = self.selected()
        if selected is not None and selected.id is not None:
            self.export(selected.id)

    def export(self, interview_id: int) -> None:
        """Ask where to save an interview as PDF, and save it there."""
        if self._case is None:
            return
        try:
            interview = self._service.get(interview_id)
        except CasedeskError as exc:
            show_error(self, "Interview not exported", exc)
            return
        name = safe_file_name(f"{self._case.number} {interview.title} {interview.held_on:%Y-%m-%d}") + ".pdf"
        path = ask_export_path(self, "Export Interview as PDF", name, ".pdf", "PDF documents")
        if path is None:
            return
        try:
            self._service.export_pdf(interview_id, path)
        except CasedeskError as exc:
            show_error(self, "Interview not exported", exc)
            return
        self._exported = path
        self._notify(f"Saved “{escape(path.name)}” in {escape(str(path.parent))}. <a href='open'>Open it</a>")

    def _notify(self, html: str) -> None:
        """Say something above the list (and on the list page, if the form is showing)."""
        self.notice.setText(html)
        self.notice.show()

    def _on_notice_link_activated(self, _link: str) -> None:
        if self._exported is not None and not open_with_system(self._exported):
            show_error(
                self,
                "PDF not opened",
                CasedeskError(
                    f"No program is set up to open {self._exported.name}; it is in {self._exported.parent}."
                ),
            )

    def delete_selected(self) -> None:
        """Delete the selected interview at once; the undo bar (and Ctrl+Z) puts it back."""
        selected = self.selected()
        if selected is None or selected.id is None:
            return
        try:
            self._deleted = self._service.delete(selected.id)
        except CasedeskError as exc:
            show_error(self, "Interview not deleted", exc)
            self.refresh()
            return
        self.undo_bar.offer(
            f"Deleted the {self._deleted.title.lower()} of {format_date(self._deleted.held_on)}."
        )
        self.refresh()
        self.interviews_changed.emit()

    def undo_delete(self) -> None:
        """Put back the interview deleted last."""
        if self._deleted is None:
            return
        try:
            restored = self._service.restore(self._deleted)
        except CasedeskError as exc:
            show_error(self, "Interview not restored", exc)
            return
        self._deleted = None
        self.undo_bar.hide()
        self.refresh()
        self._select(restored.id)
        self.interviews_changed.emit()

    # --- plumbing --------------------------------------------------------------------------------

    def _select(self, interview_id: int | None) -> None:
        for row in range(self.model.rowCount()):
            if self.model.interview(row).id == interview_id:
                self.table.selectRow(row)
                return

    def _update_buttons(self, *_args: object) -> None:
        selected = self.selected()
        self.open_button.setEnabled(selected is not None)
        self.delete_button.setEnabled(selected is not None)
        self.export_button.setEnabled(selected is not None)
        self.review_button.setEnabled(selected is not None and selected.status is InterviewStatus.COMPLETED)

    def _on_new_menu_about_to_show(self) -> None:
        # The suggested questionnaire comes first and is highlighted: Alt+N, Enter starts it.
        actions = self.new_menu.actions()
        if actions:
            self.new_menu.setActiveAction(actions[0])

    def _on_table_activated(self, _index: QModelIndex) -> None:
        self.open_selected()

    def _on_editor_saved(self) -> None:
        self.interviews_changed.emit()

    def _on_editor_completed(self, interview_id: int) -> None:
        self.refresh()
        self.review(interview_id)
