"""The dialog to add or edit a trial witness, checked as the user types."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from html import escape
from itertools import pairwise
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QComboBox,
    QCompleter,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from casedesk.domain.contacts import Contact
from casedesk.domain.errors import CasedeskError
from casedesk.domain.typed import DateError
from casedesk.domain.witnesses import Witness, WitnessKind, WitnessSuggestion, WitnessView
from casedesk.ui.forms import (
    DateField,
    FormDialog,
    FormErrors,
    error_label,
    ignore_wheel_unless_focused,
    notes_box,
    save_form,
)
from casedesk.ui.trial.witness_model import ExhibitChoice, exhibit_text

if TYPE_CHECKING:
    from casedesk.services.contacts import ContactService
    from casedesk.services.witnesses import WitnessService

HINT_STYLE = "color: #555;"
ID_ROLE = Qt.ItemDataRole.UserRole + 1


class WitnessDialog(FormDialog):
    """Add a witness to a case (a contact from the book, or a new one), or edit one.

    Attributes:
        saved: The witness as saved (set once Save succeeded).
    """

    discard_subject = "this witness"

    def __init__(
        self,
        witnesses: WitnessService,
        contacts: ContactService,
        case_id: int,
        exhibits: Sequence[ExhibitChoice],
        listed: Sequence[WitnessView],
        view: WitnessView | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._witnesses = witnesses
        self._case_id = case_id
        self._view = view
        self._taken = {v.witness.contact_id: v.name for v in listed if view is None or v.id != view.id}
        self._exhibits = {choice.exhibit.id: choice for choice in exhibits if choice.exhibit.id is not None}
        self.saved: WitnessView | None = None
        self.setWindowTitle("New witness" if view is None else f"Witness — {view.name}")
        self.setMinimumWidth(880)
        try:
            self._book: list[Contact] = contacts.find() if view is None else []
            self._suggestions: list[WitnessSuggestion] = (
                witnesses.suggestions(case_id) if view is None else []
            )
        except CasedeskError:
            self._book, self._suggestions = [], []

        self.suggested = QComboBox()
        self.suggested.addItem(
            "Pick one of the case's contacts…"
            if self._suggestions
            else "No suggestions: every witness and provider of the case is on the list",
            None,
        )
        for suggestion in self._suggestions:
            self.suggested.addItem(f"{suggestion.name} — {suggestion.reason}", suggestion)
        self.suggested.setEnabled(bool(self._suggestions))
        ignore_wheel_unless_focused(self.suggested)
        self.name = QLineEdit()
        self.name.setPlaceholderText("type a name from contacts, or a new name")
        completer = QCompleter([c.name for c in self._book], self.name)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        self.name.setCompleter(completer)
        self.contact_hint = QLabel()
        self.contact_hint.setStyleSheet(HINT_STYLE)
        self.contact_hint.setWordWrap(True)
        self.organization = QLineEdit()
        self.organization.setPlaceholderText("practice, employer…")
        self.phone = QLineEdit()
        self.email = QLineEdit()
        self.kind = QComboBox()
        for kind in WitnessKind:
            self.kind.addItem(kind.label, kind)
        ignore_wheel_unless_focused(self.kind)
        self.subpoena = DateField()
        self.availability = QLineEdit()
        self.availability.setPlaceholderText("e.g. not on Mondays; out of state March 3–10")
        self.topics = notes_box("What the witness will testify about", lines=3)
        self.outline = QPlainTextEdit()
        self.outline.setPlaceholderText("The examination outline, one point a line")
        self.outline.setTabChangesFocus(True)
        self.outline.setMinimumHeight(self.outline.fontMetrics().lineSpacing() * 7 + 12)

        self.available = QListWidget()
        self.available.setAccessibleName("Exhibits not used")
        self.chosen = QListWidget()
        self.chosen.setAccessibleName("Exhibits to use")
        for exhibit_list in (self.available, self.chosen):
            exhibit_list.setMinimumHeight(exhibit_list.fontMetrics().lineSpacing() * 8 + 12)
        self.use_button = QPushButton("&Use →")
        self.use_button.setToolTip("Add the selected exhibit to those the witness will use")
        self.drop_button = QPushButton("← &Don't use")
        self.up_button = QPushButton("Earl&ier")
        self.down_button = QPushButton("La&ter")
        self.exhibits_hint = QLabel()
        self.exhibits_hint.setStyleSheet(HINT_STYLE)
        self.exhibits_hint.setWordWrap(True)

        fields = ("contact", "contact_name", "contact_phone", "contact_email", "subpoena_served_on")
        self.labels = {
            name: error_label() for name in (*fields, "availability", "topics", "outline", "exhibits")
        }
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        self.form_errors = FormErrors(
            self.buttons,
            {
                "contact": (self.name, self.labels["contact"]),
                "contact_name": (self.name, self.labels["contact_name"]),
                "contact_phone": (self.phone, self.labels["contact_phone"]),
                "contact_email": (self.email, self.labels["contact_email"]),
                "subpoena_served_on": (self.subpoena, self.labels["subpoena_served_on"]),
                "availability": (self.availability, self.labels["availability"]),
                "topics": (self.topics, self.labels["topics"]),
                "outline": (self.outline, self.labels["outline"]),
                "exhibits": (self.chosen, self.labels["exhibits"]),
            },
        )

        form = QFormLayout()
        if view is None:
            form.addRow("S&uggested:", self.suggested)
            form.addRow("&Name:", self.name)
            form.addRow("", self.contact_hint)
            form.addRow("", self.labels["contact"])
            form.addRow("", self.labels["contact_name"])
            form.addRow("&Organization:", self.organization)
            form.addRow("&Phone:", self.phone)
            form.addRow("", self.labels["contact_phone"])
            form.addRow("E&mail:", self.email)
            form.addRow("", self.labels["contact_email"])
        else:
            details = ", ".join(d for d in (view.organization, view.phone, view.email) if d)
            who = QLabel(f"<b>{escape(view.name)}</b>" + (f" — {escape(details)}" if details else ""))
            form.addRow("Name:", who)
        form.addRow("&Kind:", self.kind)
        form.addRow("&Subpoena served:", self.subpoena)
        form.addRow("", self.labels["subpoena_served_on"])
        form.addRow("&Availability:", self.availability)
        form.addRow("", self.labels["availability"])
        form.addRow("&Topics:", self.topics)
        form.addRow("", self.labels["topics"])
        form.addRow("Examination &outline:", self.outline)
        form.addRow("", self.labels["outline"])

        exhibits_box = QGroupBox("E&xhibits to use, in examination order")
        grid = QGridLayout(exhibits_box)
        grid.addWidget(QLabel("Exhibits of the case"), 0, 0)
        grid.addWidget(QLabel("Exhibits to use"), 0, 2)
        grid.addWidget(self.available, 1, 0, 4, 1)
        grid.addWidget(self.use_button, 1, 1)
        grid.addWidget(self.drop_button, 2, 1)
        grid.addWidget(self.up_button, 3, 1)
        grid.addWidget(self.down_button, 4, 1)
        grid.addWidget(self.chosen, 1, 2, 4, 1)
        grid.addWidget(self.exhibits_hint, 5, 0, 1, 3)
        grid.addWidget(self.labels["exhibits"], 6, 0, 1, 3)

        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(exhibits_box)
        layout.addWidget(self.buttons)
        chain: list[QWidget] = (
            [self.suggested, self.name, self.organization, self.phone, self.email] if view is None else []
        )
        chain += [self.kind, self.subpoena, self.availability, self.topics, self.outline]
        chain += [self.available, self.use_button, self.chosen, self.buttons]
        for first, second in pairwise(chain):
            self.setTabOrder(first, second)
        for keys, slot in (
            (QKeySequence(Qt.Modifier.CTRL | Qt.Modifier.SHIFT | Qt.Key.Key_Up), self.move_up),
            (QKeySequence(Qt.Modifier.CTRL | Qt.Modifier.SHIFT | Qt.Key.Key_Down), self.move_down),
        ):
            action = QAction(self.chosen)
            action.setShortcut(keys)
            action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
            action.triggered.connect(slot)
            self.chosen.addAction(action)

        self._load(view)
        self.suggested.currentIndexChanged.connect(self._on_suggested)
        for name, line in (
            ("contact", self.name),
            ("contact_phone", self.phone),
            ("contact_email", self.email),
            ("subpoena_served_on", self.subpoena),
            ("availability", self.availability),
        ):
            line.textChanged.connect(lambda _t, n=name: self._on_edited(n))
        self.name.textChanged.connect(lambda _t: self.form_errors.touch("contact_name"))
        self.organization.textChanged.connect(lambda _t: self._refresh())
        self.topics.textChanged.connect(lambda: self._on_edited("topics"))
        self.outline.textChanged.connect(lambda: self._on_edited("outline"))
        self.kind.currentIndexChanged.connect(lambda _i: self._refresh())
        self.use_button.clicked.connect(self.use_selected)
        self.drop_button.clicked.connect(self.drop_selected)
        self.up_button.clicked.connect(self.move_up)
        self.down_button.clicked.connect(self.move_down)
        self.available.itemActivated.connect(lambda _item: self.use_selected())
        self.chosen.itemActivated.connect(lambda _item: self.drop_selected())
        self.available.currentRowChanged.connect(lambda _r: self._update_exhibit_buttons())
        self.chosen.currentRowChanged.connect(lambda _r: self._update_exhibit_buttons())
        self.buttons.accepted.connect(self._on_save)
        self.buttons.rejected.connect(self.reject)
        self._refresh()
        (self.name if view is None else self.kind).setFocus()
        self.remember_loaded()
        self._loaded_exhibits = self.exhibit_ids()

    @classmethod
    def ask(
        cls,
        parent: QWidget | None,
        witnesses: WitnessService,
        contacts: ContactService,
        case_id: int,
        exhibits: Sequence[ExhibitChoice],
        listed: Sequence[WitnessView],
        view: WitnessView | None = None,
    ) -> WitnessView | None:
        """Show the dialog; the saved witness, or None if cancelled."""
        dialog = cls(witnesses, contacts, case_id, exhibits, listed, view, parent)
        return dialog.saved if dialog.exec() == QDialog.DialogCode.Accepted else None

    # --- exhibits to use -------------------------------------------------------------------------

    def exhibit_ids(self) -> list[int]:
        """The exhibits to use, in the order listed."""
        return [int(self.chosen.item(row).data(ID_ROLE)) for row in range(self.chosen.count())]

    def use_selected(self) -> None:
        """Move the selected exhibit of the case to the end of those to use."""
        row = self.available.currentRow()
        if row < 0:
            return
        item = self.available.takeItem(row)
        self.chosen.addItem(item)
        self.chosen.setCurrentItem(item)
        self.available.setCurrentRow(min(row, self.available.count() - 1))
        self._exhibits_edited()

    def drop_selected(self) -> None:
        """Stop using the selected exhibit (it goes back among the case's, in list order)."""
        row = self.chosen.currentRow()
        if row < 0:
            return
        self.chosen.takeItem(row)
        self._fill_available()
        self.chosen.setCurrentRow(min(row, self.chosen.count() - 1))
        self._exhibits_edited()

    def move_up(self) -> None:
        """Show the selected exhibit earlier in the examination."""
        self._move_chosen(-1)

    def move_down(self) -> None:
        """Show the selected exhibit later in the examination."""
        self._move_chosen(1)

    def _move_chosen(self, step: int) -> None:
        row = self.chosen.currentRow()
        target = row + step
        if row < 0 or not 0 <= target < self.chosen.count():
            return
        item = self.chosen.takeItem(row)
        self.chosen.insertItem(target, item)
        self.chosen.setCurrentRow(target)
        self._exhibits_edited()

    def _fill_available(self) -> None:
        used = set(self.exhibit_ids())
        self.available.clear()
        for exhibit_id, choice in self._exhibits.items():
            if exhibit_id not in used:
                self.available.addItem(_exhibit_item(exhibit_id, exhibit_text(choice)))

    def _exhibits_edited(self) -> None:
        self.form_errors.touch("exhibits")
        self._refresh()

    def _update_exhibit_buttons(self) -> None:
        self.use_button.setEnabled(self.available.currentRow() >= 0)
        chosen = self.chosen.currentRow()
        self.drop_button.setEnabled(chosen >= 0)
        self.up_button.setEnabled(chosen > 0)
        self.down_button.setEnabled(0 <= chosen < self.chosen.count() - 1)

    # --- the form --------------------------------------------------------------------------------

    def has_changes(self) -> bool:
        """Whether the user changed anything, the exhibits to use included."""
        return super().has_changes() or self.exhibit_ids() != getattr(self, "_loaded_exhibits", [])

    def _load(self, view: WitnessView | None) -> None:
        witness = view.witness if view is not None else None
        self.kind.setCurrentIndex(self.kind.findData(witness.kind if witness else WitnessKind.FACT))
        if witness is not None:
            self.subpoena.set_value(witness.subpoena_served_on)
            self.availability.setText(witness.availability)
            self.topics.setPlainText(witness.topics)
            self.outline.setPlainText(witness.outline)
            for exhibit_id in view.exhibit_ids if view else ():
                choice = self._exhibits.get(exhibit_id)
                text = (
                    exhibit_text(choice) if choice is not None else f"Exhibit no longer listed ({exhibit_id})"
                )
                self.chosen.addItem(_exhibit_item(exhibit_id, text))
        self._fill_available()
        self.exhibits_hint.setText(
            "" if self._exhibits else "The case has no exhibits yet: add them on the Exhibits sub-tab."
        )
        self.exhibits_hint.setVisible(not self._exhibits)

    def _existing_contact(self) -> Contact | None:
        typed = " ".join(self.name.text().split()).casefold()
        if not typed:
            return None
        return next((c for c in self._book if " ".join(c.name.split()).casefold() == typed), None)

    def _read(self) -> tuple[Witness, Contact | None, dict[str, str]]:
        errors: dict[str, str] = {}
        try:
            served = self.subpoena.value()
        except DateError as exc:
            served, errors["subpoena_served_on"] = None, str(exc)
        kind = WitnessKind(self.kind.currentData())
        new_contact: Contact | None = None
        if self._view is not None:
            witness = replace(
                self._view.witness,
                kind=kind,
                subpoena_served_on=served,
                availability=self.availability.text(),
                topics=self.topics.toPlainText(),
                outline=self.outline.toPlainText(),
            )
        else:
            existing = self._existing_contact()
            if existing is None and self.name.text().strip():
                new_contact = Contact(
                    name=" ".join(self.name.text().split()),
                    role=kind.contact_role,
                    organization=self.organization.text().strip(),
                    phone=self.phone.text().strip(),
                    email=self.email.text().strip(),
                )
            witness = Witness(
                case_id=self._case_id,
                contact_id=existing.id or 0 if existing is not None else 0,
                kind=kind,
                subpoena_served_on=served,
                availability=self.availability.text(),
                topics=self.topics.toPlainText(),
                outline=self.outline.toPlainText(),
            )
            if existing is not None and existing.id in self._taken:
                errors["contact"] = f"{existing.name} is already on this case's witness list."
        checked = self._witnesses.errors(witness, new_contact)
        return witness, new_contact, checked | errors

    def _on_suggested(self, _index: int) -> None:
        suggestion = self.suggested.currentData()
        if not isinstance(suggestion, WitnessSuggestion):
            return
        self.name.setText(suggestion.name)
        self.kind.setCurrentIndex(self.kind.findData(suggestion.kind))
        self.kind.setFocus(Qt.FocusReason.OtherFocusReason)

    def _on_edited(self, name: str) -> None:
        self.form_errors.touch(name)
        self._refresh()

    def _refresh(self) -> None:
        _witness, new_contact, errors = self._read()
        self.form_errors.show(errors)
        self._update_exhibit_buttons()
        if self._view is not None:
            return
        existing = self._existing_contact()
        for field in (self.organization, self.phone, self.email):
            field.setEnabled(existing is None)
        if existing is not None:
            details = ", ".join(d for d in (existing.organization, existing.phone, existing.email) if d)
            self.contact_hint.setText(f"From contacts{': ' + details if details else ''}.")
        elif new_contact is not None:
            role = WitnessKind(self.kind.currentData()).contact_role.label.lower()
            self.contact_hint.setText(f"Not in contacts yet: saving adds {new_contact.name} as a {role}.")
        else:
            self.contact_hint.setText("")
        self.contact_hint.setVisible(bool(self.contact_hint.text()))

    def _on_save(self) -> None:
        witness, new_contact, errors = self._read()
        service, existing, exhibit_ids = self._witnesses, self._view, self.exhibit_ids()
        save = (
            (lambda: service.add(witness, new_contact, exhibit_ids))
            if existing is None
            else (lambda: service.update(witness, exhibit_ids, existing.witness))
        )
        self.saved = save_form(self, self.form_errors, errors, save, "Witness not saved")

    def use_their_version(self, current: object) -> None:
        """Show the record as saved now (someone else changed it); the user's typing is dropped."""
        assert isinstance(current, Witness) and self._view is not None
        self._view = replace(self._view, witness=current)
        self._load(self._view)
        self.remember_loaded()

    def keep_mine(self, current: object) -> None:
        """Keep the form as typed; the next Save replaces the record as saved now."""
        assert isinstance(current, Witness) and self._view is not None
        self._view = replace(self._view, witness=current)


def _exhibit_item(exhibit_id: int, text: str) -> QListWidgetItem:
    item = QListWidgetItem(text)
    item.setData(ID_ROLE, exhibit_id)
    item.setToolTip(text)
    return item
