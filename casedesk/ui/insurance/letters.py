"""The Letters sub-tab: draft a letter from a Word template; the case's letters (open, save, edit)."""

from __future__ import annotations

from html import escape
from pathlib import Path

from PySide6.QtCore import QStandardPaths, Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from casedesk.domain.errors import CasedeskError, ValidationError
from casedesk.domain.letters import (
    NEEDS_CLAIM,
    NEEDS_PROVIDER,
    Letter,
    LetterCheck,
    LetterKind,
    LetterTemplate,
)
from casedesk.domain.money import Money
from casedesk.domain.typed import format_date
from casedesk.services.insurance import InsuranceService
from casedesk.services.letters import LetterService
from casedesk.services.providers import ProviderService
from casedesk.ui.files import open_with_system, safe_file_name
from casedesk.ui.forms import MoneyField, error_label
from casedesk.ui.insurance.letter_model import COL_DATE, COL_KIND, COL_TITLE, LetterRole, LetterTableModel
from casedesk.ui.insurance.letter_templates import TemplatesDialog
from casedesk.ui.messages import show_error
from casedesk.ui.tables import record_table, selected_data
from casedesk.ui.tasks import Task, TaskRunner

#: Under the draft button: what the user must do before a letter goes out.
REVIEW_NOTE = (
    "Review every letter before it is sent: the figures, the names and any legal text (time-limited demand "
    "statutes, the HIPAA authorization) must be verified by the attorney."
)
FIRM_DETAILS_HINT = "Enter the firm's details (Edit › Firm Details…)"
_WARNING_STYLE = "color: #8a5a00;"
_TEMPLATE_ROLE = Qt.ItemDataRole.UserRole + 1
_DRAFT_KEYS = "Ctrl+Shift+L"


class LettersPanel(QWidget):
    """A case's letters: the New letter area and the letters drafted so far.

    Signals:
        firm_details_requested: The user asked to enter the firm's letterhead (open Edit › Firm Details…).
        open_document: ``(document_id, page)``: show a letter's PDF in the document viewer.
        documents_changed: A letter was drafted (its PDF is a new case document).
        timeline_changed: A letter was drafted (it is on the case's timeline).
        letter_drafted: ``(Letter)``: the letter just drafted.
        progress_report_requested: The user pressed Progress Report… (the lead runs the export action).
    """

    firm_details_requested = Signal()
    open_document = Signal(int, int)
    documents_changed = Signal()
    timeline_changed = Signal()
    letter_drafted = Signal(object)
    progress_report_requested = Signal()

    def __init__(
        self,
        letters: LetterService,
        insurance: InsuranceService,
        providers: ProviderService,
        parent: QWidget | None = None,
        runner: TaskRunner | None = None,
    ) -> None:
        super().__init__(parent)
        self._letters = letters
        self._insurance = insurance
        self._providers = providers
        self._runner = runner or TaskRunner()
        self._case_id: int | None = None
        self._check: LetterCheck | None = None
        self.folder: Path | None = None
        self.draft_task: Task[Letter] | None = None
        self.last_drafted: Letter | None = None
        self._build()
        self.set_case(None)

    # --- layout ----------------------------------------------------------------------------------

    def _build(self) -> None:
        self.template_combo = QComboBox()
        self.template_combo.setModel(QStandardItemModel(self.template_combo))
        self.template_combo.setMinimumWidth(320)
        self.manage_button = QPushButton("Manage &Templates…")
        self.manage_button.clicked.connect(self.manage_templates)
        template_row = QHBoxLayout()
        template_row.addWidget(self.template_combo, 1)
        template_row.addWidget(self.manage_button)
        self.claim_combo = QComboBox()
        self.claim_label = QLabel("&Claim:")
        self.claim_label.setBuddy(self.claim_combo)
        self.provider_combo = QComboBox()
        self.provider_label = QLabel("&Provider:")
        self.provider_label.setBuddy(self.provider_combo)
        self.demand_text = QLabel()
        self.demand_text.setTextFormat(Qt.TextFormat.RichText)
        self.demand_text.setWordWrap(True)
        self.demand_label = QLabel("Demand:")
        self.override_field = MoneyField(blank=None)
        self.override_field.setPlaceholderText("computed")
        self.override_field.setToolTip("Type an amount to demand instead of the one computed")
        self.override_label = QLabel("&Demand instead:")
        self.override_label.setBuddy(self.override_field)
        self.override_error = error_label()
        self.override_error.setStyleSheet("color: #b00020;")
        self.warnings_label = QLabel()
        self.warnings_label.setTextFormat(Qt.TextFormat.RichText)  # escaped text, one warning per line
        self.warnings_label.setWordWrap(True)
        self.warnings_label.setStyleSheet(_WARNING_STYLE)
        self.firm_button = QPushButton("Enter &Firm Details…")
        self.firm_button.clicked.connect(self.firm_details_requested)
        self.draft_button = QPushButton("Draft &Letter")
        self.draft_button.setToolTip(
            f"Draft the letter: a .docx and a PDF kept with the case ({_DRAFT_KEYS})"
        )
        self.draft_button.clicked.connect(self.draft)
        QShortcut(QKeySequence(_DRAFT_KEYS), self, self.draft)
        self.busy = QProgressBar()
        self.busy.setRange(0, 0)
        self.busy.setMaximumWidth(160)
        self.busy.setTextVisible(False)
        self.busy.hide()
        self.busy_label = QLabel("Drafting…")
        self.busy_label.hide()
        review = QLabel(REVIEW_NOTE)
        review.setWordWrap(True)
        review.setStyleSheet("color: #555555;")

        form = QFormLayout()
        template_label = QLabel("&Template:")
        template_label.setBuddy(self.template_combo)
        form.addRow(template_label, template_row)
        form.addRow(self.claim_label, self.claim_combo)
        form.addRow(self.provider_label, self.provider_combo)
        form.addRow(self.demand_label, self.demand_text)
        override_row = QHBoxLayout()
        override_row.addWidget(self.override_field)
        override_row.addWidget(self.override_error, 1)
        form.addRow(self.override_label, override_row)
        warnings_row = QHBoxLayout()
        warnings_row.addWidget(self.warnings_label, 1)
        warnings_row.addWidget(self.firm_button, 0, Qt.AlignmentFlag.AlignTop)
        draft_row = QHBoxLayout()
        draft_row.addWidget(self.draft_button)
        draft_row.addWidget(self.busy)
        draft_row.addWidget(self.busy_label)
        draft_row.addStretch(1)
        new_box = QGroupBox("New letter")
        new_layout = QVBoxLayout(new_box)
        new_layout.addLayout(form)
        new_layout.addLayout(warnings_row)
        new_layout.addLayout(draft_row)
        new_layout.addWidget(review)

        self.notice = QLabel()
        self.notice.setWordWrap(True)
        self.notice.setTextFormat(Qt.TextFormat.RichText)
        self.notice.linkActivated.connect(self._on_notice_link_activated)
        self.notice.hide()

        self.model = LetterTableModel(self)
        self.table = record_table(self.model, {COL_DATE: 90, COL_KIND: 200, COL_TITLE: 360})
        self.table.doubleClicked.connect(lambda _index: self.open_selected())
        self.table.activated.connect(lambda _index: self.open_selected())
        self.table.selectionModel().selectionChanged.connect(lambda *_a: self._update_buttons())
        self.empty_label = QLabel(
            "No letters drafted for this case yet. Choose a template above and press "
            f"Draft Letter ({_DRAFT_KEYS})."
        )
        self.empty_label.setWordWrap(True)
        self.empty_label.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        self.open_button = QPushButton("&Open")
        self.open_button.clicked.connect(self.open_selected)
        self.docx_button = QPushButton("Save .&docx As…")
        self.docx_button.clicked.connect(self.save_docx)
        self.pdf_button = QPushButton("Save P&DF As…")
        self.pdf_button.clicked.connect(self.save_pdf)
        self.word_button = QPushButton("Edit in &Word…")
        self.word_button.setToolTip("Save a copy of the .docx and open it in Word")
        self.word_button.clicked.connect(self.edit_in_word)
        self.report_button = QPushButton("Progress &Report…")
        self.report_button.setToolTip(
            "A one-page report on where the case stands, for the attorney or client"
        )
        self.report_button.clicked.connect(self.progress_report_requested)
        list_buttons = QHBoxLayout()
        for button in (self.open_button, self.docx_button, self.pdf_button, self.word_button):
            list_buttons.addWidget(button)
        list_buttons.addStretch(1)
        list_buttons.addWidget(self.report_button)
        list_box = QGroupBox("Letters of this case")
        list_layout = QVBoxLayout(list_box)
        list_layout.addWidget(self.empty_label)
        list_layout.addWidget(self.table, 1)
        list_layout.addLayout(list_buttons)

        self.no_case_label = QLabel("Choose a case to draft its letters.")
        layout = QVBoxLayout(self)
        layout.addWidget(self.no_case_label)
        layout.addWidget(new_box)
        layout.addWidget(self.notice)
        layout.addWidget(list_box, 1)
        self._new_box = new_box
        self._list_box = list_box

        self.template_combo.currentIndexChanged.connect(lambda _i: self._on_choice_changed())
        self.claim_combo.currentIndexChanged.connect(lambda _i: self._on_choice_changed())
        self.provider_combo.currentIndexChanged.connect(lambda _i: self._on_choice_changed())
        self.override_field.textChanged.connect(lambda _t: self._on_override_edited())

    # --- loading ---------------------------------------------------------------------------------

    def set_case(self, case_id: int | None) -> None:
        """Show a case's letters and what a new one would say (``None``: no case)."""
        self._case_id = case_id
        has_case = case_id is not None
        self.no_case_label.setVisible(not has_case)
        self._new_box.setVisible(has_case)
        self._list_box.setVisible(has_case)
        self.notice.hide()
        self.override_field.clear()
        if not has_case:
            self.model.set_rows([])
            self._check = None
            self._update_buttons()
            return
        self._load_templates()
        self.refresh_claims()
        self.refresh_letters()

    def refresh_claims(self) -> None:
        """Read the case's claims and providers again (after they changed elsewhere) and check again."""
        if self._case_id is None:
            return
        self._fill_combo(
            self.claim_combo,
            [(view.display_name, view.id) for view in self._insurance.claims(self._case_id)],
            "No claims yet: add one on the Policies and Claims sub-tab",
        )
        self._fill_combo(
            self.provider_combo,
            [
                (summary.provider.name, summary.provider.id)
                for summary in self._providers.providers(self._case_id)
                if summary.provider.id is not None
            ],
            "No providers yet: add one on the Medical tab's Providers",
        )
        self.refresh_check()

    def refresh_templates(self) -> None:
        """Read the templates again (after Manage Templates…), keeping the one chosen if it is still there."""
        self._load_templates()
        self.refresh_check()

    def refresh_letters(self, select: int | None = None) -> None:
        """Read the case's letters again, selecting the one with id ``select``."""
        if self._case_id is None:
            return
        letters = self._letters.letters(self._case_id)
        self.model.set_rows(letters)
        self.empty_label.setVisible(not letters)
        self.table.setVisible(bool(letters))
        row = self.model.row_of(select) if select is not None else (0 if letters else None)
        if row is not None:
            self.table.selectRow(row)
        self._update_buttons()

    def refresh_check(self) -> None:
        """Ask what the letter would say and what is missing, and show it (the firm may have changed)."""
        template = self.selected_template()
        self._check = None
        if self._case_id is not None and template is not None:
            try:
                self._check = self._letters.check(
                    self._case_id,
                    template.name,
                    claim_id=self._chosen(self.claim_combo) if template.kind in NEEDS_CLAIM else None,
                    provider_id=self._chosen(self.provider_combo)
                    if template.kind in NEEDS_PROVIDER
                    else None,
                )
            except CasedeskError as exc:
                self.warnings_label.setText(escape(exc.message))
        self._show_check(template)
        self._update_buttons()

    # --- the user's choices ----------------------------------------------------------------------

    def selected_template(self) -> LetterTemplate | None:
        """The template chosen."""
        template = self.template_combo.currentData(_TEMPLATE_ROLE)
        return template if isinstance(template, LetterTemplate) else None

    def selected_letter(self) -> Letter | None:
        """The letter selected in the list."""
        letter = selected_data(self.table, LetterRole.LETTER)
        return letter if isinstance(letter, Letter) else None

    def override(self) -> Money | None:
        """The amount typed to demand instead of the computed one (``None``: the computed one).

        Raises:
            ValidationError: The text is not an amount.
        """
        return self.override_field.value()

    def _load_templates(self) -> None:
        chosen = self.selected_template()
        model = self.template_combo.model()
        assert isinstance(model, QStandardItemModel)
        self.template_combo.blockSignals(True)
        model.clear()
        select = -1
        templates = self._letters.templates()
        for kind in LetterKind:
            of_kind = [t for t in templates if t.kind is kind]
            if not of_kind:
                continue
            header = QStandardItem(kind.label)
            header.setFlags(Qt.ItemFlag.NoItemFlags)
            font = header.font()
            font.setBold(True)
            header.setFont(font)
            model.appendRow(header)
            for template in of_kind:
                item = QStandardItem(("    " + template.name) + ("" if template.builtin else " (firm)"))
                item.setData(template, _TEMPLATE_ROLE)
                model.appendRow(item)
                if (chosen is not None and template.name == chosen.name) or (select < 0 and chosen is None):
                    select = model.rowCount() - 1
        self.template_combo.setCurrentIndex(select if select >= 0 else self._first_template_row())
        self.template_combo.blockSignals(False)

    def _first_template_row(self) -> int:
        for row in range(self.template_combo.count()):
            if isinstance(self.template_combo.itemData(row, _TEMPLATE_ROLE), LetterTemplate):
                return row
        return -1

    def choose_template(self, name: str) -> bool:
        """Choose the template with this name (as a user picks it in the list); False if there is none."""
        for row in range(self.template_combo.count()):
            template = self.template_combo.itemData(row, _TEMPLATE_ROLE)
            if isinstance(template, LetterTemplate) and template.name == name:
                self.template_combo.setCurrentIndex(row)
                return True
        return False

    @staticmethod
    def _fill_combo(combo: QComboBox, items: list[tuple[str, int]], empty: str) -> None:
        chosen = combo.currentData()
        combo.blockSignals(True)
        combo.clear()
        if not items:
            combo.addItem(empty, None)
        else:
            combo.addItem("Choose…", None)
            for text, item_id in items:
                combo.addItem(text, item_id)
            row = combo.findData(chosen) if chosen is not None else -1
            combo.setCurrentIndex(row if row > 0 else (1 if len(items) == 1 else 0))
        combo.setEnabled(bool(items))
        combo.blockSignals(False)

    @staticmethod
    def _chosen(combo: QComboBox) -> int | None:
        data = combo.currentData()
        return data if isinstance(data, int) else None

    def _on_choice_changed(self) -> None:
        self.refresh_check()

    def _on_override_edited(self) -> None:
        try:
            self.override()
        except ValidationError as exc:
            self.override_error.setText(exc.errors.get("amount", exc.message))
            self.override_error.show()
        else:
            self.override_error.hide()
        self._update_buttons()

    def _show_check(self, template: LetterTemplate | None) -> None:
        kind = template.kind if template is not None else None
        self.claim_label.setVisible(kind in NEEDS_CLAIM)
        self.claim_combo.setVisible(kind in NEEDS_CLAIM)
        self.provider_label.setVisible(kind in NEEDS_PROVIDER)
        self.provider_combo.setVisible(kind in NEEDS_PROVIDER)
        money_letter = kind in (LetterKind.DEMAND, LetterKind.PROPOSAL)
        for widget in (self.demand_label, self.demand_text, self.override_label, self.override_field):
            widget.setVisible(money_letter)
        if not money_letter:
            self.override_error.hide()
        check = self._check
        if check is None:
            self.demand_text.setText("")
            self.firm_button.hide()
            if template is None:
                self.warnings_label.setText("No templates: add one with Manage Templates….")
            return
        if check.demand is None:
            self.demand_text.setText("None known yet: type the amount to demand.")
        else:
            text = f"<b>{escape(str(check.demand))}</b> — from {escape(check.demand_source)}"
            if check.deadline is not None:
                text += f"; open until {format_date(check.deadline)}"
            self.demand_text.setText(text)
        warnings = [w for w in check.warnings if not w.startswith("No firm details")]
        firm_missing = len(warnings) != len(check.warnings)
        lines = [f"• {escape(w)}" for w in warnings]
        if firm_missing:
            lines.insert(0, f"• {escape(FIRM_DETAILS_HINT)}: the letterhead will be empty")
        self.warnings_label.setText("<br>".join(lines))
        self.warnings_label.setVisible(bool(lines))
        self.firm_button.setVisible(firm_missing)

    def _update_buttons(self) -> None:
        busy = self.draft_task is not None
        check = self._check
        try:
            self.override()
            override_ok = True
        except ValidationError:
            override_ok = False
        ready = (
            self._case_id is not None
            and check is not None
            and not check.needs_claim
            and not check.needs_provider
            and override_ok
            and not busy
        )
        self.draft_button.setEnabled(ready)
        has_letter = self.selected_letter() is not None
        for button in (self.open_button, self.docx_button, self.pdf_button, self.word_button):
            button.setEnabled(has_letter)

    # --- drafting --------------------------------------------------------------------------------

    def draft(self) -> None:
        """Draft the letter chosen, off the GUI thread, with a busy indicator (Ctrl+Shift+L)."""
        if not self.draft_button.isEnabled() or self._case_id is None:
            return
        template = self.selected_template()
        if template is None:
            return
        case_id = self._case_id
        claim_id = self._chosen(self.claim_combo) if template.kind in NEEDS_CLAIM else None
        provider_id = self._chosen(self.provider_combo) if template.kind in NEEDS_PROVIDER else None
        demand = self.override() if template.kind in (LetterKind.DEMAND, LetterKind.PROPOSAL) else None
        self.busy.show()
        self.busy_label.show()
        self.notice.hide()
        self.draft_task = self._runner.op(
            self,
            lambda: self._letters.generate(
                case_id, template.name, claim_id=claim_id, provider_id=provider_id, demand=demand
            ),
        )
        self._update_buttons()
        self.draft_task.on_success(self._on_drafted).on_failure(self._on_draft_failed).start()

    def _end_draft(self) -> None:
        self.draft_task = None
        self.busy.hide()
        self.busy_label.hide()
        self._update_buttons()

    def _on_drafted(self, letter: Letter) -> None:
        self._end_draft()
        self.last_drafted = letter
        self.refresh_letters(select=letter.id)
        self._notify(
            f"Drafted “{escape(letter.title)}”: its PDF is with the case's documents and it is on the "
            "timeline. Review it before it is sent. <a href='word'>Edit the .docx in Word…</a>"
        )
        self.documents_changed.emit()
        self.timeline_changed.emit()
        self.letter_drafted.emit(letter)

    def _on_draft_failed(self, error: BaseException) -> None:
        self._end_draft()
        if not isinstance(error, CasedeskError):
            raise error
        self._notify(f"Not drafted: {escape(error.message)}")
        show_error(self, "Letter not drafted", error)

    # --- the letters -----------------------------------------------------------------------------

    def open_selected(self) -> None:
        """Show the selected letter's PDF in the document viewer (Enter, double-click)."""
        letter = self.selected_letter()
        if letter is not None:
            self.open_document.emit(letter.document_id, 1)

    def save_docx(self) -> Path | None:
        """Save the selected letter's .docx where the user says; the path saved to, or ``None``."""
        return self._save(".docx", "Word documents")

    def save_pdf(self) -> Path | None:
        """Save the selected letter's PDF where the user says; the path saved to, or ``None``."""
        return self._save(".pdf", "PDF documents")

    def edit_in_word(self, letter: Letter | None = None) -> None:
        """Save a copy of the letter's .docx where the user says and open it in Word."""
        if self._letters.encrypted:
            from casedesk.ui.encryption import confirm_plain_copy

            if not confirm_plain_copy(self, "the letter in Word"):
                return
        path = self._save(".docx", "Word documents", letter)
        if path is not None and not self.open_file(path):
            show_error(
                self,
                "Letter not opened",
                CasedeskError(f"No program is set up to open {path.name}; it is in {path.parent}."),
            )

    def ask_save_path(self, title: str, suggested: str, suffix: str, kind: str) -> Path | None:
        """Where to save (a file dialog opening in the last folder used, else Documents)."""
        folder = self.folder or Path(
            QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
        )
        name, _ = QFileDialog.getSaveFileName(self, title, str(folder / suggested), f"{kind} (*{suffix})")
        if not name:
            return None
        path = Path(name)
        return path if path.suffix.lower() == suffix else path.with_name(path.name + suffix)

    def open_file(self, path: Path) -> bool:
        """Open a saved file in the program the system uses for it (Word for a .docx)."""
        return open_with_system(path)

    def ask_templates(self) -> None:
        """Run the Manage Templates dialog."""
        dialog = TemplatesDialog(self._letters, self)
        dialog.folder = self.folder
        dialog.templates_changed.connect(self.refresh_templates)
        dialog.exec()

    def manage_templates(self) -> None:
        """Manage Templates…: list, add and remove the firm's templates."""
        self.ask_templates()
        self.refresh_templates()

    def _save(self, suffix: str, kind: str, letter: Letter | None = None) -> Path | None:
        letter = letter or self.selected_letter()
        if letter is None or letter.id is None:
            return None
        what = "Word Document" if suffix == ".docx" else "PDF"
        path = self.ask_save_path(
            f"Save Letter as {what}", safe_file_name(letter.title) + suffix, suffix, kind
        )
        if path is None:
            return None
        self.folder = path.parent
        try:
            if suffix == ".docx":
                self._letters.save_docx(letter.id, path)
            else:
                self._letters.save_pdf(letter.id, path)
        except CasedeskError as exc:
            show_error(self, "Letter not saved", exc)
            return None
        self._notify(f"Saved “{escape(path.name)}” in {escape(str(path.parent))}.")
        return path

    def _notify(self, html: str) -> None:
        self.notice.setText(html)
        self.notice.show()

    def _on_notice_link_activated(self, link: str) -> None:
        if link == "word" and self.last_drafted is not None:
            self.edit_in_word(self.last_drafted)
