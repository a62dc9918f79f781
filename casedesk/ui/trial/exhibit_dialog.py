"""The dialogs of the exhibit list: add or edit an exhibit, and how the case numbers its exhibits."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from itertools import pairwise
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from casedesk.domain.exhibits import (
    MAX_START,
    Exhibit,
    ExhibitParty,
    ExhibitSettings,
    ExhibitStatus,
    NumberedExhibit,
    NumberingScheme,
)
from casedesk.domain.typed import DateError
from casedesk.ui.forms import (
    DateField,
    FormDialog,
    FormErrors,
    error_label,
    ignore_wheel_unless_focused,
    notes_box,
    save_form,
)

if TYPE_CHECKING:
    from casedesk.services.exhibits import ExhibitService

HINT_STYLE = "color: #555;"
NO_DOCUMENT = "(no document: a physical exhibit)"
NO_WITNESS = "(none)"


class ExhibitDialog(FormDialog):
    """Add an exhibit to a case, or edit one; errors show as the user types.

    Attributes:
        saved: The exhibit as saved, numbered (set once Save succeeded).
    """

    discard_subject = "this exhibit"

    FIELDS = (
        "party",
        "description",
        "document_id",
        "page_from",
        "page_to",
        "exhibit_date",
        "witness_id",
        "offered_on",
        "marked_on",
        "admitted_on",
        "notes",
    )

    def __init__(
        self,
        exhibits: ExhibitService,
        case_id: int,
        exhibit: NumberedExhibit | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._exhibits = exhibits
        self._case_id = case_id
        self._exhibit = exhibit
        self.saved: NumberedExhibit | None = None
        self.setWindowTitle("New exhibit" if exhibit is None else exhibit.label)
        self.setMinimumWidth(580)

        self.party = QComboBox()
        for party in ExhibitParty:
            self.party.addItem(party.label, party)
        ignore_wheel_unless_focused(self.party)
        self.description = QLineEdit()
        self.description.setPlaceholderText("e.g. MRI report of the lumbar spine, Dr. Ana Ruiz")
        self.document = QComboBox()
        self.document.addItem(NO_DOCUMENT, None)
        self._pages: dict[int, int] = {}
        for document_id, name, pages in exhibits.document_choices(case_id):
            self.document.addItem(f"{name} ({pages} pp.)" if pages else name, document_id)
            self._pages[document_id] = pages
        ignore_wheel_unless_focused(self.document)
        self.page_from = _page_field("first")
        self.page_to = _page_field("last")
        self.exhibit_date = DateField()
        self.exhibit_date.setToolTip("The date of the document itself (printed with the description)")
        self.witness = QComboBox()
        self.witness.addItem(NO_WITNESS, None)
        for witness_id, name in exhibits.witness_choices(case_id):
            self.witness.addItem(name, witness_id)
        ignore_wheel_unless_focused(self.witness)
        self.status = QComboBox()
        for status in ExhibitStatus:
            self.status.addItem(status.label, status)
        ignore_wheel_unless_focused(self.status)
        self.offered_on = DateField()
        self.marked_on = DateField()
        self.admitted_on = DateField()
        self.notes = notes_box("Foundation, objections expected, stipulations…", lines=3)
        self.number_hint = QLabel()
        self.number_hint.setStyleSheet(HINT_STYLE)
        self.labels = {name: error_label() for name in self.FIELDS}
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        self.form_errors = FormErrors(
            self.buttons,
            {
                "party": (self.party, self.labels["party"]),
                "description": (self.description, self.labels["description"]),
                "document_id": (self.document, self.labels["document_id"]),
                "page_from": (self.page_from, self.labels["page_from"]),
                "page_to": (self.page_to, self.labels["page_to"]),
                "exhibit_date": (self.exhibit_date, self.labels["exhibit_date"]),
                "witness_id": (self.witness, self.labels["witness_id"]),
                "offered_on": (self.offered_on, self.labels["offered_on"]),
                "marked_on": (self.marked_on, self.labels["marked_on"]),
                "admitted_on": (self.admitted_on, self.labels["admitted_on"]),
                "notes": (self.notes, self.labels["notes"]),
            },
        )
        self._layout()
        self._load(exhibit)
        self._connect()
        self._refresh()
        self.remember_loaded()

    @classmethod
    def ask(
        cls,
        parent: QWidget | None,
        exhibits: ExhibitService,
        case_id: int,
        exhibit: NumberedExhibit | None = None,
    ) -> NumberedExhibit | None:
        """Show the dialog; the saved exhibit, or None if cancelled."""
        dialog = cls(exhibits, case_id, exhibit, parent)
        return dialog.saved if dialog.exec() == QDialog.DialogCode.Accepted else None

    # --- building --------------------------------------------------------------------------------

    def _layout(self) -> None:
        pages = QHBoxLayout()
        pages.addWidget(self.page_from)
        to_label = QLabel("&to")
        to_label.setBuddy(self.page_to)
        pages.addWidget(to_label)
        pages.addWidget(self.page_to)
        whole = QLabel("(empty: the whole document)")
        whole.setStyleSheet(HINT_STYLE)
        pages.addWidget(whole, 1)
        form = QFormLayout()
        form.addRow("&Party:", self.party)
        form.addRow("", self.number_hint)
        form.addRow("&Description:", self.description)
        form.addRow("", self.labels["description"])
        form.addRow("D&ocument:", self.document)
        form.addRow("", self.labels["document_id"])
        form.addRow(_buddy("Pa&ges:", self.page_from), pages)
        form.addRow("", self.labels["page_from"])
        form.addRow("", self.labels["page_to"])
        form.addRow("Document d&ate:", self.exhibit_date)
        form.addRow("", self.labels["exhibit_date"])
        form.addRow("Sponsoring &witness:", self.witness)
        form.addRow("", self.labels["witness_id"])
        form.addRow("&Status:", self.status)
        form.addRow("O&ffered on:", self.offered_on)
        form.addRow("", self.labels["offered_on"])
        form.addRow("&Marked on:", self.marked_on)
        form.addRow("", self.labels["marked_on"])
        form.addRow("Adm&itted on:", self.admitted_on)
        form.addRow("", self.labels["admitted_on"])
        form.addRow("&Notes:", self.notes)
        form.addRow("", self.labels["notes"])
        form.addRow("", self.labels["party"])
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.buttons)
        chain = (
            self.party,
            self.description,
            self.document,
            self.page_from,
            self.page_to,
            self.exhibit_date,
            self.witness,
            self.status,
            self.offered_on,
            self.marked_on,
            self.admitted_on,
            self.notes,
            self.buttons,
        )
        for first, second in pairwise(chain):
            self.setTabOrder(first, second)

    def _connect(self) -> None:
        for name, line in (
            ("description", self.description),
            ("page_from", self.page_from),
            ("page_to", self.page_to),
            ("exhibit_date", self.exhibit_date),
            ("offered_on", self.offered_on),
            ("marked_on", self.marked_on),
            ("admitted_on", self.admitted_on),
        ):
            line.textChanged.connect(lambda _t, n=name: self._on_edited(n))
        for name, combo in (
            ("party", self.party),
            ("document_id", self.document),
            ("witness_id", self.witness),
        ):
            combo.currentIndexChanged.connect(lambda _i, n=name: self._on_edited(n))
        self.status.currentIndexChanged.connect(self._on_status_changed)
        self.notes.textChanged.connect(lambda: self._on_edited("notes"))
        self.buttons.accepted.connect(self._on_save)
        self.buttons.rejected.connect(self.reject)

    # --- reading and writing the form ------------------------------------------------------------

    def _load(self, numbered: NumberedExhibit | None) -> None:
        if numbered is None:
            self.number_hint.setText("It goes at the end of the party's list; drag it to renumber.")
            return
        exhibit = numbered.exhibit
        self.number_hint.setText(f"Now {numbered.label}. Another party puts it at the end of that list.")
        self.party.setCurrentIndex(self.party.findData(exhibit.party))
        self.description.setText(exhibit.description)
        self.document.setCurrentIndex(max(0, self.document.findData(exhibit.document_id)))
        self.page_from.setText(str(exhibit.page_from) if exhibit.page_from else "")
        self.page_to.setText(str(exhibit.page_to) if exhibit.page_to else "")
        self.exhibit_date.set_value(exhibit.exhibit_date)
        self.witness.setCurrentIndex(max(0, self.witness.findData(exhibit.witness_id)))
        self.status.setCurrentIndex(self.status.findData(exhibit.status))
        self.offered_on.set_value(exhibit.offered_on)
        self.marked_on.set_value(exhibit.marked_on)
        self.admitted_on.set_value(exhibit.admitted_on)
        self.notes.setPlainText(exhibit.notes)

    def _read(self) -> tuple[Exhibit, dict[str, str]]:
        errors: dict[str, str] = {}
        exhibit = Exhibit(
            case_id=self._case_id,
            party=ExhibitParty(self.party.currentData()),
            description=self.description.text(),
            document_id=self.document.currentData(),
            page_from=_page(self.page_from, "page_from", errors),
            page_to=_page(self.page_to, "page_to", errors),
            exhibit_date=_date(self.exhibit_date, "exhibit_date", errors),
            witness_id=self.witness.currentData(),
            status=ExhibitStatus(self.status.currentData()),
            offered_on=_date(self.offered_on, "offered_on", errors),
            marked_on=_date(self.marked_on, "marked_on", errors),
            admitted_on=_date(self.admitted_on, "admitted_on", errors),
            notes=self.notes.toPlainText(),
        )
        if self._exhibit is not None:
            old = self._exhibit.exhibit
            exhibit = replace(exhibit, id=old.id, position=old.position)
        return exhibit, self._exhibits.errors(exhibit) | errors

    # --- reacting --------------------------------------------------------------------------------

    def _on_edited(self, name: str) -> None:
        self.form_errors.touch(name)
        self._refresh()

    def _on_status_changed(self, _index: int) -> None:
        """Choosing Offered, Marked or Admitted asks for its date: say so at once."""
        status = ExhibitStatus(self.status.currentData())
        field = {
            ExhibitStatus.OFFERED: "offered_on",
            ExhibitStatus.MARKED: "marked_on",
            ExhibitStatus.ADMITTED: "admitted_on",
        }.get(status)
        self.form_errors.touch("admitted_on", *([field] if field else []))
        self._refresh()

    def _refresh(self) -> None:
        _exhibit, errors = self._read()
        self.form_errors.show(errors)

    def _on_save(self) -> None:
        exhibit, errors = self._read()
        service, existing = self._exhibits, self._exhibit
        save = (
            (lambda: service.add(exhibit))
            if existing is None
            else (lambda: service.update(exhibit, existing.exhibit))
        )
        self.saved = save_form(self, self.form_errors, errors, save, "Exhibit not saved")

    def use_their_version(self, current: object) -> None:
        """Show the record as saved now (someone else changed it); the user's typing is dropped."""
        assert isinstance(current, Exhibit) and self._exhibit is not None
        self._exhibit = replace(self._exhibit, exhibit=current)
        self._load(self._exhibit)
        self.remember_loaded()

    def keep_mine(self, current: object) -> None:
        """Keep the form as typed; the next Save replaces the record as saved now."""
        assert isinstance(current, Exhibit) and self._exhibit is not None
        self._exhibit = replace(self._exhibit, exhibit=current)


class NumberingDialog(FormDialog):
    """How a case numbers its exhibits: the scheme and where each party's numbers start.

    Attributes:
        saved: The list renumbered (set once Save succeeded).
    """

    discard_subject = "the numbering"

    def __init__(self, exhibits: ExhibitService, case_id: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._exhibits = exhibits
        self._case_id = case_id
        self.saved: list[NumberedExhibit] | None = None
        self.setWindowTitle("Exhibit numbering")
        self.scheme = QComboBox()
        for scheme in NumberingScheme:
            self.scheme.addItem(scheme.label, scheme)
        ignore_wheel_unless_focused(self.scheme)
        self.plaintiff_start = _start_box()
        self.defendant_start = _start_box()
        self.plaintiff_label = QLabel()
        self.plaintiff_label.setBuddy(self.plaintiff_start)
        self.defendant_label = QLabel()
        self.defendant_label.setBuddy(self.defendant_start)
        self.note = QLabel(
            "Numbers follow each exhibit's place in its list. Changing them renumbers every exhibit: "
            "do it before exhibits are marked in court."
        )
        self.note.setWordWrap(True)
        self.note.setStyleSheet(HINT_STYLE)
        self.labels = {"plaintiff_start": error_label(), "defendant_start": error_label()}
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        self.form_errors = FormErrors(
            self.buttons,
            {
                "plaintiff_start": (self.plaintiff_start, self.labels["plaintiff_start"]),
                "defendant_start": (self.defendant_start, self.labels["defendant_start"]),
            },
        )
        form = QFormLayout()
        form.addRow("&Scheme:", self.scheme)
        form.addRow(self.plaintiff_label, self.plaintiff_start)
        form.addRow("", self.labels["plaintiff_start"])
        form.addRow(self.defendant_label, self.defendant_start)
        form.addRow("", self.labels["defendant_start"])
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.note)
        layout.addWidget(self.buttons)

        settings = exhibits.settings(case_id)
        self.scheme.setCurrentIndex(self.scheme.findData(settings.scheme))
        self.plaintiff_start.setValue(settings.plaintiff_start)
        self.defendant_start.setValue(settings.defendant_start)
        self.scheme.currentIndexChanged.connect(self._on_changed)
        self.plaintiff_start.valueChanged.connect(self._on_changed)
        self.defendant_start.valueChanged.connect(self._on_changed)
        self.buttons.accepted.connect(self._on_save)
        self.buttons.rejected.connect(self.reject)
        self.form_errors.touch()
        self._on_changed()
        self.remember_loaded()

    @classmethod
    def ask(
        cls, parent: QWidget | None, exhibits: ExhibitService, case_id: int
    ) -> list[NumberedExhibit] | None:
        """Show the dialog; the list renumbered, or None if cancelled."""
        dialog = cls(exhibits, case_id, parent)
        return dialog.saved if dialog.exec() == QDialog.DialogCode.Accepted else None

    def settings(self) -> ExhibitSettings:
        """The settings as chosen."""
        return ExhibitSettings(
            NumberingScheme(self.scheme.currentData()),
            self.plaintiff_start.value(),
            self.defendant_start.value(),
        )

    def _on_changed(self) -> None:
        scheme = NumberingScheme(self.scheme.currentData())
        self.plaintiff_label.setText(
            "&Numbers start at:" if scheme is NumberingScheme.JOINT else "&Plaintiff from:"
        )
        self.defendant_label.setText(
            "&Defendant from letter no.:" if scheme is NumberingScheme.SEPARATE else "&Defendant from:"
        )
        self.defendant_start.setEnabled(scheme is not NumberingScheme.JOINT)
        self.defendant_start.setToolTip("1 = A, 2 = B…" if scheme is NumberingScheme.SEPARATE else "")
        self.form_errors.show(self._exhibits.settings_errors(self._case_id, self.settings()))

    def _on_save(self) -> None:
        settings = self.settings()
        errors = self._exhibits.settings_errors(self._case_id, settings)
        service, case_id = self._exhibits, self._case_id
        self.saved = save_form(
            self,
            self.form_errors,
            errors,
            lambda: service.save_settings(case_id, settings),
            "Numbering not saved",
        )


def _buddy(text: str, field: QWidget) -> QLabel:
    label = QLabel(text)
    label.setBuddy(field)
    return label


def _page_field(which: str) -> QLineEdit:
    field = QLineEdit()
    field.setMaximumWidth(70)
    field.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
    field.setPlaceholderText(which)
    return field


def _start_box() -> QSpinBox:
    box = QSpinBox()
    box.setRange(1, MAX_START)
    box.setMaximumWidth(110)
    ignore_wheel_unless_focused(box)
    return box


def _page(field: QLineEdit, name: str, errors: dict[str, str]) -> int | None:
    text = field.text().strip()
    if not text:
        return None
    if not text.isdigit():
        errors[name] = f"“{text}” is not a page number; type e.g. 3."
        return None
    return int(text)


def _date(field: DateField, name: str, errors: dict[str, str]) -> date | None:
    try:
        return field.value()
    except DateError as exc:
        errors[name] = str(exc)
        return None
