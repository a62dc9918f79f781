"""The guided interview form: one section at a time, saved as typed, completed when every answer is in."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, datetime
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QScrollArea,
    QSplitter,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from casedesk.domain.cases import Case
from casedesk.domain.errors import CasedeskError, ConflictError, ValidationError
from casedesk.domain.interviews import (
    Answer,
    Interview,
    InterviewStatus,
    Question,
    Section,
    asked_sections,
    is_answered,
)
from casedesk.domain.typed import DateError, format_date, format_time
from casedesk.ui.forms import ERROR_STYLE, DateField, error_label
from casedesk.ui.interviews.fields import AnswerField, answer_field

if TYPE_CHECKING:
    from casedesk.services.interviews import InterviewService

#: How long after the last keystroke a draft is saved.
AUTOSAVE_DELAY_MS = 600
_HELP_STYLE = "color: palette(mid);"


@dataclass(slots=True)
class _QuestionRow:
    """A question's widgets on its section page."""

    question: Question
    field: AnswerField
    block: QWidget
    error: QLabel


@dataclass(slots=True)
class _SectionPage:
    section: Section
    page: QScrollArea
    rows: list[_QuestionRow]
    item: QListWidgetItem


class InterviewEditor(QWidget):
    """One interview, as a form of sections: a draft is edited and saved as typed; a completed one is read.

    Signals:
        back_requested: The user wants the list of interviews again.
        saved: The interview was saved (a draft's answers, or its completion, or reopening it).
        completed: ``int`` — the interview was completed (its id); the review step comes next.
        review_requested: ``int`` — the user asked to review a completed interview's answers into the case.
        export_requested: ``int`` — the user asked to print the interview to PDF.
    """

    back_requested = Signal()
    saved = Signal()
    completed = Signal(int)
    review_requested = Signal(int)
    export_requested = Signal(int)

    def __init__(self, service: InterviewService, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._service = service
        self._interview: Interview | None = None
        self._case: Case | None = None
        self._pages: list[_SectionPage] = []
        self._dirty = False
        self._completing = False
        self._stopped = False

        self.back_button = QPushButton("‹ &All Interviews")
        self.back_button.setToolTip("Back to the case's interviews (the draft is saved)")
        self.title = QLabel()
        self.title.setTextFormat(Qt.TextFormat.PlainText)
        font = self.title.font()
        font.setPointSizeF(font.pointSizeF() * 1.25)
        font.setBold(True)
        self.title.setFont(font)
        self.save_state = QLabel()
        self.save_state.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.held_on = DateField()
        self.held_on_error = _message_label()
        self.interviewer = QLineEdit()
        self.interviewer.setPlaceholderText("Who is interviewing")
        self.interviewer.setMaximumWidth(260)
        self.sections = QListWidget()
        self.sections.setWordWrap(True)
        self.sections.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.sections.setMaximumWidth(260)
        self.sections.setMinimumWidth(170)
        self.sections.setSpacing(2)
        self.pages = QStackedWidget()
        self.previous_button = QPushButton("‹ &Previous")
        self.previous_button.setToolTip("The previous section (Ctrl+Page Up)")
        self.next_button = QPushButton("&Next ›")
        self.next_button.setToolTip("The next section (Ctrl+Page Down)")
        self.complete_button = QPushButton("&Complete Interview")
        self.complete_button.setToolTip("Check every answer and complete the interview (Ctrl+Enter)")
        self.reopen_button = QPushButton("Re&open for Editing")
        self.review_button = QPushButton("&Review Answers into the Case…")
        self.export_button = QPushButton("E&xport PDF…")
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setStyleSheet(ERROR_STYLE)
        self.message.hide()
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(AUTOSAVE_DELAY_MS)

        self._build_layout()
        self._add_shortcuts()
        self.back_button.clicked.connect(self._on_back_button_clicked)
        self.sections.currentRowChanged.connect(self._on_sections_current_row_changed)
        self.previous_button.clicked.connect(self.previous_section)
        self.next_button.clicked.connect(self.next_section)
        self.complete_button.clicked.connect(self.complete)
        self.reopen_button.clicked.connect(self.reopen)
        self.review_button.clicked.connect(self._on_review_button_clicked)
        self.export_button.clicked.connect(self._on_export_button_clicked)
        self.held_on.textEdited.connect(self._on_edited)
        self.interviewer.textEdited.connect(self._on_edited)
        self._timer.timeout.connect(self.save_now)

    def _build_layout(self) -> None:
        top = QHBoxLayout()
        top.addWidget(self.back_button)
        top.addSpacing(12)
        top.addWidget(self.title, 1)
        top.addWidget(self.save_state)
        details = QFormLayout()
        details.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.FieldsStayAtSizeHint)
        held = QHBoxLayout()
        held.addWidget(self.held_on)
        held.addWidget(self.held_on_error, 1)
        held_label = QLabel("&Held on:")
        held_label.setBuddy(self.held_on)
        interviewer_label = QLabel("Inter&viewer:")
        interviewer_label.setBuddy(self.interviewer)
        row = QHBoxLayout()
        row.addWidget(held_label)
        row.addLayout(held)
        row.addSpacing(24)
        row.addWidget(interviewer_label)
        row.addWidget(self.interviewer)
        row.addStretch(1)
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(self.sections)
        splitter.addWidget(self.pages)
        splitter.setStretchFactor(1, 1)
        splitter.setChildrenCollapsible(False)
        bottom = QHBoxLayout()
        bottom.addWidget(self.previous_button)
        bottom.addWidget(self.next_button)
        bottom.addStretch(1)
        for button in (self.export_button, self.review_button, self.reopen_button, self.complete_button):
            bottom.addWidget(button)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addLayout(row)
        layout.addWidget(splitter, 1)
        layout.addWidget(self.message)
        layout.addLayout(bottom)

    def _add_shortcuts(self) -> None:
        for keys, slot in (
            ("Ctrl+PgDown", self.next_section),
            ("Ctrl+PgUp", self.previous_section),
            ("Ctrl+Return", self.complete),
            ("Ctrl+Enter", self.complete),
            ("Ctrl+S", self.save_now),
        ):
            action = QAction(self)
            action.setShortcut(QKeySequence(keys))
            action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            action.triggered.connect(slot)
            self.addAction(action)

    # --- showing an interview --------------------------------------------------------------------

    @property
    def interview(self) -> Interview | None:
        """The interview shown, as last saved."""
        return self._interview

    def open(self, interview: Interview, case: Case) -> None:
        """Show an interview of ``case``: a draft to fill in, a completed one to read."""
        self._timer.stop()
        self._interview, self._case = interview, case
        self._dirty = self._completing = self._stopped = False
        self.message.hide()
        self.held_on.set_value(interview.held_on)
        self.interviewer.setText(interview.interviewer)
        _set_message(self.held_on_error, "")
        self._build_pages(interview)
        self._show_status()
        self._update_visibility()
        self._show_errors()
        first = next((i for i, p in enumerate(self._pages) if not p.item.isHidden()), 0)
        self.sections.setCurrentRow(first)

    def _build_pages(self, interview: Interview) -> None:
        while (widget := self.pages.widget(0)) is not None:
            self.pages.removeWidget(widget)
            widget.deleteLater()
        self.sections.clear()
        self._pages = []
        for section in interview.questionnaire.sections:
            rows = []
            content = QWidget()
            column = QVBoxLayout(content)
            heading = QLabel(section.title)
            font = heading.font()
            font.setPointSizeF(font.pointSizeF() * 1.15)
            font.setBold(True)
            heading.setFont(font)
            column.addWidget(heading)
            if section.intro:
                intro = QLabel(section.intro)
                intro.setWordWrap(True)
                intro.setStyleSheet(_HELP_STYLE)
                column.addWidget(intro)
            for question in section.questions:
                row = self._question_row(question, interview.answers.get(question.id))
                rows.append(row)
                column.addWidget(row.block)
            column.addStretch(1)
            page = QScrollArea()
            page.setWidgetResizable(True)
            page.setWidget(content)
            self.pages.addWidget(page)
            item = QListWidgetItem(section.title)
            self.sections.addItem(item)
            self._pages.append(_SectionPage(section, page, rows, item))

    def _question_row(self, question: Question, answer: Answer | None) -> _QuestionRow:
        field = answer_field(question)
        field.set_value(answer)
        label = QLabel(question.text + (" *" if question.required else ""))
        label.setWordWrap(True)
        label.setBuddy(field.focus_widget)
        font = label.font()
        font.setBold(True)
        label.setFont(font)
        error = _message_label()
        error.setWordWrap(True)
        block = QWidget()
        layout = QVBoxLayout(block)
        layout.setContentsMargins(0, 6, 0, 6)
        layout.setSpacing(3)
        layout.addWidget(label)
        if question.help:
            hint = QLabel(question.help)
            hint.setWordWrap(True)
            hint.setStyleSheet(_HELP_STYLE)
            layout.addWidget(hint)
        layout.addWidget(field.widget)
        layout.addWidget(error)
        field.widget.setAccessibleName(question.short)
        field.focus_widget.setAccessibleName(question.short)
        field.on_change(self._on_edited)
        return _QuestionRow(question, field, block, error)

    def _show_status(self) -> None:
        interview = self._interview
        assert interview is not None
        draft = interview.status is InterviewStatus.DRAFT
        self.title.setText(f"{interview.title} — {'draft' if draft else 'completed'}")
        for page in self._pages:
            for row in page.rows:
                row.field.set_read_only(not draft)
        self.held_on.setReadOnly(not draft)
        self.interviewer.setReadOnly(not draft)
        self.complete_button.setVisible(draft)
        self.reopen_button.setVisible(not draft)
        self.review_button.setVisible(not draft)
        if draft:
            saved = interview.updated_at or interview.started_at
            self.save_state.setText(f"Draft saved {self._when(saved)}" if saved else "Draft")
        else:
            done = interview.completed_at
            self.save_state.setText(f"Completed {self._when(done)}" if done else "Completed")

    # --- editing ---------------------------------------------------------------------------------

    def answers(self) -> dict[str, Answer]:
        """Every answer typed, asked or not (a question hidden by a changed answer keeps its text)."""
        typed: dict[str, Answer] = {}
        for page in self._pages:
            for row in page.rows:
                value = row.field.value()
                if is_answered(value):
                    typed[row.question.id] = value
        return typed

    def _on_edited(self, *_args: object) -> None:
        if self._interview is None or self._interview.status is not InterviewStatus.DRAFT or self._stopped:
            return
        self._dirty = True
        self.save_state.setText("Editing…")
        self._timer.start()
        self._update_visibility()
        self._show_errors()

    def has_unsaved_edits(self) -> bool:
        """Whether edits are waiting for the autosave."""
        return self._dirty

    def save_now(self) -> bool:
        """Save the draft's edits now (the autosave does it shortly after typing stops).

        Returns whether everything typed is saved; a failure is shown above the buttons.
        """
        self._timer.stop()
        interview = self._interview
        if interview is None or not self._dirty or self._stopped:
            return not self._dirty
        held_on = interview.held_on
        _set_message(self.held_on_error, "")
        try:
            held_on = self.held_on.value() or held_on
        except DateError as exc:
            _set_message(self.held_on_error, str(exc))
        candidate = replace(
            interview, answers=self.answers(), held_on=held_on, interviewer=self.interviewer.text()
        )
        try:
            saved = self._service.save_draft(candidate)
        except ValidationError as exc:
            # The answers always save; a bad date or name is shown beside its field and left out.
            self._show_field_errors(exc.errors)
            try:
                saved = self._service.save_draft(
                    replace(candidate, held_on=interview.held_on, interviewer=interview.interviewer)
                )
            except CasedeskError as again:
                return self._save_failed(again)
        except ConflictError as exc:
            self._stopped = True
            return self._save_failed(exc)
        except CasedeskError as exc:
            return self._save_failed(exc)
        self._interview = saved
        self._dirty = False
        self.save_state.setText(f"Draft saved {self._when(saved.updated_at)}")
        self.saved.emit()
        return True

    def _show_field_errors(self, errors: dict[str, str]) -> None:
        if "held_on" in errors:
            _set_message(self.held_on_error, errors["held_on"])
        if "interviewer" in errors:
            _set_message(self.held_on_error, f"Interviewer: {errors['interviewer']}")

    def _save_failed(self, exc: CasedeskError) -> bool:
        self.save_state.setText("Not saved")
        self.message.setText(f"The draft could not be saved: {exc}")
        self.message.show()
        return False

    def _update_visibility(self) -> None:
        if self._interview is None or self._case is None:
            return
        answers = self.answers()
        asked = {
            section.id: {q.id for q in questions}
            for section, questions in asked_sections(
                self._interview.questionnaire, self._case.case_type, answers
            )
        }
        for page in self._pages:
            shown = asked.get(page.section.id, set())
            page.item.setHidden(page.section.id not in asked)
            for row in page.rows:
                row.block.setVisible(row.question.id in shown)
            required = [r for r in page.rows if r.question.required and r.question.id in shown]
            missing = sum(not is_answered(answers.get(r.question.id)) for r in required)
            page.item.setText(
                page.section.title + (f" — {missing} to answer" if missing else "  ✓" if required else "")
            )
        self._update_navigation()

    def _show_errors(self) -> None:
        if self._interview is None or self._case is None:
            return
        candidate = replace(self._interview, answers=self.answers())
        errors = self._service.errors(candidate, self._case, completing=self._completing)
        for page in self._pages:
            failing = False
            for row in page.rows:
                text = errors.get(row.question.id, "")
                _set_message(row.error, text)
                failing = failing or bool(text)
            page.item.setForeground(Qt.GlobalColor.darkRed if failing else self.palette().text().color())
            if failing and page.item.text().endswith("✓"):
                page.item.setText(page.section.title + " — answers to fix")
        if self._completing and not errors:
            self.message.hide()

    # --- navigating ------------------------------------------------------------------------------

    def _visible_rows(self) -> list[int]:
        return [i for i, page in enumerate(self._pages) if not page.item.isHidden()]

    def next_section(self) -> None:
        """Go to the next section asked."""
        later = [i for i in self._visible_rows() if i > self.sections.currentRow()]
        if later:
            self.sections.setCurrentRow(later[0])
            self.focus_first_field()

    def previous_section(self) -> None:
        """Go to the previous section asked."""
        earlier = [i for i in self._visible_rows() if i < self.sections.currentRow()]
        if earlier:
            self.sections.setCurrentRow(earlier[-1])
            self.focus_first_field()

    def _on_sections_current_row_changed(self, row: int) -> None:
        if row >= 0:
            self.pages.setCurrentIndex(row)
        self._update_navigation()

    def _update_navigation(self) -> None:
        rows = self._visible_rows()
        current = self.sections.currentRow()
        self.previous_button.setEnabled(any(i < current for i in rows))
        self.next_button.setEnabled(any(i > current for i in rows))

    def focus_first_field(self) -> None:
        """Put the cursor in the first question of the section shown."""
        if not 0 <= self.sections.currentRow() < len(self._pages):
            return
        page = self._pages[self.sections.currentRow()]
        row = next((r for r in page.rows if r.block.isVisibleTo(page.page)), None)
        if row is not None:
            row.field.focus_widget.setFocus(Qt.FocusReason.TabFocusReason)

    def current_section(self) -> Section | None:
        """The section shown."""
        row = self.sections.currentRow()
        return self._pages[row].section if 0 <= row < len(self._pages) else None

    def field(self, question_id: str) -> AnswerField:
        """The field of a question (for keyboard focus and for tests).

        Raises:
            KeyError: The questionnaire has no such question.
        """
        for page in self._pages:
            for row in page.rows:
                if row.question.id == question_id:
                    return row.field
        raise KeyError(question_id)

    def show_question(self, question_id: str) -> None:
        """Bring a question's section to the front and put the cursor in its field."""
        for number, page in enumerate(self._pages):
            for row in page.rows:
                if row.question.id == question_id:
                    self.sections.setCurrentRow(number)
                    page.page.ensureWidgetVisible(row.block)
                    row.field.focus_widget.setFocus(Qt.FocusReason.OtherFocusReason)
                    return

    # --- completing ------------------------------------------------------------------------------

    def complete(self) -> None:
        """Check every answer; complete the interview when all are in, else show what is missing."""
        interview = self._interview
        if interview is None or self._case is None or interview.status is not InterviewStatus.DRAFT:
            return
        if not self.save_now():
            return
        interview = self._interview
        assert interview is not None
        self._completing = True
        errors = self._service.errors(interview, self._case, completing=True)
        self._update_visibility()
        self._show_errors()
        if errors:
            count = len(errors)
            self.message.setText(
                f"{count} answer{'s' if count > 1 else ''} to fix before the interview is completed: "
                "they are marked in red (the sections with them are red in the list)."
            )
            self.message.show()
            order = [row.question.id for page in self._pages for row in page.rows]
            self.show_question(min(errors, key=order.index))
            return
        try:
            done = self._service.complete(interview)
        except CasedeskError as exc:
            self.message.setText(f"The interview was not completed: {exc}")
            self.message.show()
            return
        self._interview = done
        self._completing = False
        self.message.hide()
        self._show_status()
        self.saved.emit()
        self.completed.emit(done.id or 0)

    def reopen(self) -> None:
        """Make a completed interview a draft again, to correct an answer."""
        interview = self._interview
        if interview is None or interview.status is not InterviewStatus.COMPLETED:
            return
        try:
            self._interview = self._service.reopen(interview)
        except CasedeskError as exc:
            self.message.setText(f"The interview was not reopened: {exc}")
            self.message.show()
            return
        self._show_status()
        self.saved.emit()

    def _when(self, moment: datetime | None) -> str:
        return _when(moment, self._service.today())

    def _on_back_button_clicked(self) -> None:
        if self.save_now():
            self.back_requested.emit()

    def _on_review_button_clicked(self) -> None:
        if self._interview is not None and self._interview.id is not None:
            self.review_requested.emit(self._interview.id)

    def _on_export_button_clicked(self) -> None:
        if self._interview is not None and self.save_now() and self._interview.id is not None:
            self.export_requested.emit(self._interview.id)


def _message_label() -> QLabel:
    """A field's message: red, wrapped, and shown only while it has something to say."""
    label = error_label()
    label.setStyleSheet(ERROR_STYLE)
    label.setWordWrap(True)
    label.setVisible(False)
    return label


def _set_message(label: QLabel, text: str) -> None:
    label.setText(text)
    label.setVisible(bool(text))


def _when(moment: datetime | None, today: date) -> str:
    """When something was saved: the time today, the date and time before."""
    if moment is None:
        return ""
    local = moment.astimezone()
    time_text = format_time(local.time())
    return time_text if local.date() == today else f"{format_date(local.date())} {time_text}"
