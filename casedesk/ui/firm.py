"""The Firm Details dialog: the letterhead printed on the letters and reports drafted from the case file."""

from __future__ import annotations

from itertools import pairwise
from typing import TYPE_CHECKING

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from casedesk.domain.cases import contact_details_errors
from casedesk.domain.errors import CasedeskError
from casedesk.domain.firm import FirmProfile
from casedesk.services.firm import firm_errors
from casedesk.ui.forms import FormDialog, FormErrors, error_label, save_form
from casedesk.ui.messages import show_error

if TYPE_CHECKING:
    from casedesk.services.firm import FirmService

HINT_STYLE = "color: #555;"
#: Said while nothing is entered (the same words the letters' and reports' panels use).
EMPTY_HINT = "Enter the firm's details (Edit › Firm Details…): letters and reports print them at the top."


def profile_errors(profile: FirmProfile) -> dict[str, str]:
    """What is wrong with a letterhead as typed: the service's rules, and phone and fax numbers."""
    errors = firm_errors(profile)
    for field in ("phone", "fax"):
        problem = contact_details_errors(getattr(profile, field), "").get("phone")
        if problem and field not in errors:
            errors[field] = problem.replace("phone number", "fax number") if field == "fax" else problem
    return errors


class FirmDialog(FormDialog):
    """Edit the firm's letterhead: name, address, phone, fax, email and website.

    Attributes:
        saved: The letterhead as saved (set once Save succeeded).
    """

    discard_subject = "the firm's details"

    FIELDS = ("name", "address", "phone", "fax", "email", "website")

    def __init__(self, firm: FirmService, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._firm = firm
        self.saved: FirmProfile | None = None
        self.setWindowTitle("Firm details")
        self.setMinimumWidth(500)
        try:
            profile = firm.profile()
        except CasedeskError as exc:
            show_error(parent, "Firm details not read", exc)
            profile = FirmProfile()
        self.intro = QLabel(
            "Printed at the top of every letter and report drafted from this case file. "
            "Letters must still be reviewed before they are sent."
        )
        self.intro.setWordWrap(True)
        self.intro.setStyleSheet(HINT_STYLE)
        self.name = QLineEdit(profile.name)
        self.name.setPlaceholderText("e.g. Whitfield & Ruiz, P.C.")
        self.address = QPlainTextEdit(profile.address)
        self.address.setPlaceholderText("1200 Congress Ave, Suite 400\nAustin, TX 78701")
        self.address.setTabChangesFocus(True)
        self.address.setFixedHeight(self.address.fontMetrics().lineSpacing() * 4 + 12)
        self.phone = QLineEdit(profile.phone)
        self.phone.setPlaceholderText("(512) 555-0100")
        self.fax = QLineEdit(profile.fax)
        self.email = QLineEdit(profile.email)
        self.email.setPlaceholderText("office@example.com")
        self.website = QLineEdit(profile.website)
        self.website.setPlaceholderText("www.example.com")
        self.labels = {name: error_label() for name in self.FIELDS}
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        widgets: dict[str, QLineEdit | QPlainTextEdit] = {
            "name": self.name,
            "address": self.address,
            "phone": self.phone,
            "fax": self.fax,
            "email": self.email,
            "website": self.website,
        }
        self.form_errors = FormErrors(self.buttons, {k: (w, self.labels[k]) for k, w in widgets.items()})
        form = QFormLayout()
        for text, key in (
            ("Firm &name:", "name"),
            ("&Address:", "address"),
            ("&Phone:", "phone"),
            ("&Fax:", "fax"),
            ("&Email:", "email"),
            ("&Website:", "website"),
        ):
            form.addRow(text, widgets[key])
            form.addRow("", self.labels[key])
        layout = QVBoxLayout(self)
        layout.addWidget(self.intro)
        layout.addLayout(form)
        layout.addWidget(self.buttons)
        for first, second in pairwise((*widgets.values(), self.buttons)):
            self.setTabOrder(first, second)
        for key, widget in widgets.items():
            widget.textChanged.connect(lambda *_a, k=key: self._on_edited(k))
        self.buttons.accepted.connect(self._on_save)
        self.buttons.rejected.connect(self.reject)
        self.form_errors.show(self._read()[1])
        self.name.setFocus()
        self.remember_loaded()

    @classmethod
    def ask(cls, parent: QWidget | None, firm: FirmService) -> FirmProfile | None:
        """Show the dialog; the saved letterhead, or None if cancelled."""
        dialog = cls(firm, parent)
        return dialog.saved if dialog.exec() == QDialog.DialogCode.Accepted else None

    def _read(self) -> tuple[FirmProfile, dict[str, str]]:
        profile = FirmProfile(
            name=self.name.text(),
            address=self.address.toPlainText(),
            phone=self.phone.text(),
            fax=self.fax.text(),
            email=self.email.text(),
            website=self.website.text(),
        )
        return profile, profile_errors(profile)

    def _on_edited(self, key: str) -> None:
        self.form_errors.touch(key)
        self.form_errors.show(self._read()[1])

    def _on_save(self) -> None:
        profile, errors = self._read()
        firm = self._firm
        self.saved = save_form(
            self, self.form_errors, errors, lambda: firm.save(profile), "Firm details not saved"
        )
