"""Signing in to a firm database: the first account on a new one, or a name and password.

:func:`sign_in_to` shows whichever is needed after a firm database is opened; on a case file on this
computer there is nothing to do.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from casedesk.domain.errors import CasedeskError, ValidationError
from casedesk.services.casefiles import Services
from casedesk.ui.forms import ERROR_STYLE, FormErrors, error_label
from casedesk.ui.passphrase import PassphraseField

#: Where the last name signed in with is remembered (per firm database address).
NAME_KEY = "sign_in/name"


class AccountFields(QWidget):
    """Name, full name, a new password typed twice with a strength hint, checked as typed.

    Used for the first account, for adding a person (with ``with_name``) and, without the names, for
    resetting a password.
    """

    def __init__(self, services: Services, *, with_name: bool = True, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._services = services
        self._with_name = with_name
        self.name_edit = QLineEdit()
        self.name_edit.setAccessibleName("Sign-in name")
        self.name_edit.setPlaceholderText("for example maria.alvarez")
        self.full_name_edit = QLineEdit()
        self.full_name_edit.setAccessibleName("Full name")
        self.full_name_edit.setPlaceholderText("Maria Alvarez (shown on what they save)")
        self.password = PassphraseField("Password")
        self.repeated = PassphraseField("Password again")
        self.strength = QLabel()
        self.strength.setWordWrap(True)
        layout = QFormLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        labels = {name: error_label() for name in ("name", "full_name", "password", "repeated")}
        if with_name:
            layout.addRow("Sign-in &name:", self.name_edit)
            layout.addRow("", labels["name"])
            layout.addRow("&Full name:", self.full_name_edit)
            layout.addRow("", labels["full_name"])
        else:
            self.name_edit.hide()
            self.full_name_edit.hide()
        layout.addRow("&Password:", self.password)
        layout.addRow("", self.strength)
        layout.addRow("", labels["password"])
        layout.addRow("Password &again:", self.repeated)
        layout.addRow("", labels["repeated"])
        self._errors = FormErrors(
            None,
            {
                "name": (self.name_edit, labels["name"]),
                "full_name": (self.full_name_edit, labels["full_name"]),
                "password": (self.password.edit, labels["password"]),
                "repeated": (self.repeated.edit, labels["repeated"]),
            },
        )
        self.name_edit.textEdited.connect(lambda _t: self._edited("name"))
        self.full_name_edit.textEdited.connect(lambda _t: self._edited("full_name"))
        self.password.edit.textEdited.connect(lambda _t: self._edited("password"))
        self.repeated.edit.textEdited.connect(lambda _t: self._edited("repeated"))
        self._ok: QPushButton | None = None

    def bind(self, ok: QPushButton, buttons: QDialogButtonBox, submit: Callable[[], None]) -> None:
        """The button that saves (enabled only while everything is valid); Enter in a field submits.

        No button is a default one: Enter must never mean Cancel, which would throw away what was typed.
        """
        self._ok = ok
        for button in buttons.buttons():
            if isinstance(button, QPushButton):
                button.setAutoDefault(False)
                button.setDefault(False)
        for edit in (self.name_edit, self.full_name_edit, self.password.edit, self.repeated.edit):
            edit.returnPressed.connect(submit)
        self.refresh()

    def errors(self) -> dict[str, str]:
        """What is wrong with what is typed, by field."""
        name = self.name_edit.text() if self._with_name else "unchanged"  # only the password is checked
        return self._services.users.errors(
            name, self.full_name_edit.text(), self.password.text(), self.repeated.text()
        )

    def save(self, action: Callable[[], object], on_refusal: Callable[[CasedeskError], None]) -> bool:
        """Run a save; a refusal's field messages go on the fields, any other refusal to ``on_refusal``.

        Returns:
            Whether it was saved (the dialog may close).
        """
        try:
            action()
        except ValidationError as exc:
            self.show_errors(exc.errors)
            return False
        except CasedeskError as exc:
            on_refusal(exc)
            return False
        return True

    def show_errors(self, errors: dict[str, str]) -> None:
        """Show messages (e.g. the service's, after a refused save) on every field."""
        self._errors.touch()
        self._errors.show(errors)
        self._errors.focus_first_error(errors)

    def refresh(self) -> None:
        """Check what is typed again (messages for edited fields; the save button)."""
        errors = self.errors()
        self._errors.show(errors)
        hint = self._services.users.strength(self.password.text())
        self.strength.setText("" if errors.get("password") else hint)  # the message says it already
        if self._ok is not None:
            self._ok.setEnabled(not errors)

    def _edited(self, name: str) -> None:
        self._errors.touch(name)
        if name == "password" and self.repeated.text():
            self._errors.touch("repeated")
        self.refresh()


class FirstAccountDialog(QDialog):
    """A new firm database has no accounts: the first person creates theirs, as its administrator."""

    def __init__(self, services: Services, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._services = services
        self.setWindowTitle("Create the first account")
        self.setMinimumWidth(480)
        intro = QLabel(
            f"<b>{escape_html(services.name)}</b> is a new firm database with no accounts yet. "
            "Create yours: you will be its administrator, and can then add the other case managers "
            "(File › Firm Database › People…)."
        )
        intro.setWordWrap(True)
        self.fields = AccountFields(services)
        self.problem = QLabel()
        self.problem.setWordWrap(True)
        self.problem.setStyleSheet(ERROR_STYLE)
        self.problem.hide()
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.create_button = QPushButton("&Create Account")
        self.buttons.addButton(self.create_button, QDialogButtonBox.ButtonRole.AcceptRole)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.fields)
        layout.addWidget(self.problem)
        layout.addWidget(self.buttons)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.fields.bind(self.create_button, self.buttons, self.accept)
        self.fields.name_edit.setFocus()

    def accept(self) -> None:
        """Qt override: create the account and sign in; on a refusal say why and stay open."""
        if not self.create_button.isEnabled():
            return
        fields = self.fields
        if fields.save(
            lambda: self._services.users.create_first_admin(
                fields.name_edit.text(), fields.full_name_edit.text(), fields.password.text()
            ),
            lambda exc: show_problem(self.problem, exc),
        ):
            super().accept()


class SignInDialog(QDialog):
    """Asks for a name and a password; a refusal is shown in the dialog, which stays open for another try."""

    def __init__(self, services: Services, settings: QSettings, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._services = services
        self._settings = settings
        self.setWindowTitle("Sign in")
        self.setMinimumWidth(440)
        intro = QLabel(f"Sign in to <b>{escape_html(services.name)}</b>.")
        intro.setWordWrap(True)
        self.name_edit = QLineEdit()
        self.name_edit.setAccessibleName("Name")
        self.password = PassphraseField("Password")
        self.problem = QLabel()
        self.problem.setWordWrap(True)
        self.problem.setStyleSheet(ERROR_STYLE)
        self.problem.hide()
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.sign_in_button = QPushButton("&Sign In")
        self.buttons.addButton(self.sign_in_button, QDialogButtonBox.ButtonRole.AcceptRole)
        for button in self.buttons.buttons():
            if isinstance(button, QPushButton):
                button.setAutoDefault(False)
        form = QFormLayout()
        form.addRow("&Name:", self.name_edit)
        form.addRow("&Password:", self.password)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.problem)
        layout.addWidget(self.buttons)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.name_edit.returnPressed.connect(self.password.setFocus)
        self.password.submitted.connect(self.accept)
        self.name_edit.textChanged.connect(lambda _t: self._update_button())
        self.password.text_changed.connect(lambda _t: self._update_button())
        remembered = settings.value(self._key(), "")
        self.name_edit.setText(remembered if isinstance(remembered, str) else "")
        self._update_button()
        (self.password if self.name_edit.text() else self.name_edit).setFocus()

    def accept(self) -> None:
        """Qt override: sign in; on a refusal show why, empty the password and stay open."""
        if not self.sign_in_button.isEnabled():
            return
        try:
            user = self._services.users.sign_in(self.name_edit.text(), self.password.text())
        except CasedeskError as exc:
            self.problem.setText(str(exc))
            self.problem.show()
            self.password.clear()
            self.password.setFocus()
            return
        self._settings.setValue(self._key(), user.name)
        super().accept()

    def _key(self) -> str:
        return f"{NAME_KEY}/{self._services.location.replace('/', '_').replace(':', '_')}"

    def _update_button(self) -> None:
        self.sign_in_button.setEnabled(bool(self.name_edit.text().strip() and self.password.text()))


def sign_in_to(parent: QWidget | None, services: Services, settings: QSettings | None = None) -> bool:
    """Sign in to a just-opened firm database (creating its first account if it has none).

    Returns:
        True once someone is signed in (at once for a case file on this computer); False if the person
        cancelled (the caller then closes the database).
    """
    if not services.firm_mode:
        return True
    first = services.users.needs_first_user()
    dialog: QDialog = (
        FirstAccountDialog(services, parent)
        if first
        else SignInDialog(services, settings or QSettings(), parent)
    )
    try:
        return dialog.exec() == QDialog.DialogCode.Accepted
    finally:
        dialog.deleteLater()


def show_problem(label: QLabel, error: CasedeskError) -> None:
    """Show a refusal in a dialog's problem line."""
    label.setText(str(error))
    label.show()


def escape_html(text: str) -> str:
    """``text`` for a rich-text label."""
    from html import escape

    return escape(text)
