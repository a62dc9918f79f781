"""The Bates settings of a case: prefix, digits and next number, checked as typed, with a sample label."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QDialogButtonBox, QFormLayout, QLabel, QLineEdit, QSpinBox, QVBoxLayout, QWidget

from casedesk.domain.bates import MAX_DIGITS, MAX_PREFIX, MIN_DIGITS, BatesSettings, normalize_prefix
from casedesk.ui.forms import FormDialog, FormErrors, error_label, ignore_wheel_unless_focused, save_form

if TYPE_CHECKING:
    from casedesk.services.bates import BatesService


class BatesSettingsDialog(FormDialog):
    """Edits a case's Bates prefix, digits and the next number to give.

    A prefix already used must go on at its next free number (the form says which); a new prefix may
    start anywhere from 1.
    """

    discard_subject = "the Bates settings"

    def __init__(self, parent: QWidget | None, bates: BatesService, case_id: int) -> None:
        super().__init__(parent)
        self._bates = bates
        self._case_id = case_id
        self.setWindowTitle("Bates Numbering")
        self.setMinimumWidth(460)
        settings = bates.settings(case_id)
        self.prefix_edit = QLineEdit(settings.prefix)
        self.prefix_edit.setMaxLength(MAX_PREFIX + 5)  # room to type past the limit and be told
        self.prefix_edit.setToolTip("Letters, digits, - and _ before each number, e.g. the client's surname")
        self.digits_spin = QSpinBox()
        self.digits_spin.setRange(MIN_DIGITS, MAX_DIGITS)
        self.digits_spin.setValue(settings.digits)
        self.digits_spin.setToolTip("8 digits when a production may pass 100,000 pages")
        ignore_wheel_unless_focused(self.digits_spin)
        self.start_edit = QLineEdit(str(bates.next_number(case_id)))
        self.start_edit.setToolTip("The number the next numbered page gets")
        self.sample_label = QLabel()
        self.sample_label.setObjectName("sampleLabel")
        self.sample_label.setAccessibleName("Sample label")

        form = QFormLayout()
        self._errors: dict[str, QLabel] = {}
        for name, label, widget in (
            ("prefix", "&Prefix:", self.prefix_edit),
            ("digits", "&Digits:", self.digits_spin),
            ("start", "&Next number:", self.start_edit),
        ):
            form.addRow(label, widget)
            self._errors[name] = error_label()
            form.addRow("", self._errors[name])
        form.addRow("Sample:", self.sample_label)
        note = QLabel(
            "Numbers already given never change. A prefix used before goes on where it stopped, "
            "so no number is used twice or skipped."
        )
        note.setWordWrap(True)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self._on_save)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(note)
        layout.addWidget(self.buttons)
        fields = {
            "prefix": (self.prefix_edit, self._errors["prefix"]),
            "digits": (self.digits_spin, self._errors["digits"]),
            "start": (self.start_edit, self._errors["start"]),
        }
        self.form_errors = FormErrors(self.buttons, fields)
        self.prefix_edit.textEdited.connect(lambda _text: self._on_edited("prefix"))
        self.digits_spin.valueChanged.connect(lambda _value: self._on_edited("digits"))
        self.start_edit.textEdited.connect(lambda _text: self._on_edited("start"))
        self.saved: BatesSettings | None = None
        self._validate()
        self.remember_loaded()

    def settings(self) -> BatesSettings | None:
        """The settings typed, or ``None`` while the next number is not a whole number."""
        text = self.start_edit.text().strip().replace(",", "")
        if not text.isdigit():
            return None
        return BatesSettings(normalize_prefix(self.prefix_edit.text()), self.digits_spin.value(), int(text))

    def errors(self) -> dict[str, str]:
        """What is wrong with the settings typed, by field."""
        settings = self.settings()
        if settings is None:
            return {"start": "Enter the next number as a whole number, e.g. 1."}
        return self._bates.settings_errors(self._case_id, settings)

    def _on_edited(self, name: str) -> None:
        self.form_errors.touch(name)
        if name == "prefix":
            self._suggest_start()
        self._validate()

    def _suggest_start(self) -> None:
        """A prefix used before can only go on at its next free number: fill it in."""
        prefix = normalize_prefix(self.prefix_edit.text())
        next_free = self._bates.next_free(self._case_id, prefix) if prefix else None
        if next_free is not None:
            self.start_edit.setText(str(next_free))

    def _validate(self) -> dict[str, str]:
        errors = self.errors()
        self.form_errors.show(errors)
        settings = self.settings()
        sample = settings.label(settings.start) if settings is not None and not errors else "—"
        self.sample_label.setText(sample)
        return errors

    def _on_save(self) -> None:
        settings = self.settings()

        def save() -> BatesSettings:
            assert settings is not None
            self._bates.save_settings(self._case_id, settings)
            return settings

        self.saved = save_form(self, self.form_errors, self._validate(), save, "Bates settings not saved")

    @classmethod
    def ask(cls, parent: QWidget | None, bates: BatesService, case_id: int) -> BatesSettings | None:
        """Edit the case's settings; what was saved, or ``None`` when cancelled."""
        dialog = cls(parent, bates, case_id)
        dialog.exec()
        return dialog.saved
