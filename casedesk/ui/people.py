"""People… (File › Firm Database): the accounts of a firm database, for its administrators.

Add a person, reset a password, deactivate an account (it can no longer sign in; its name stays on what
it did) or reactivate it. Resetting and deactivating are confirmed first.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from casedesk.domain.errors import CasedeskError
from casedesk.domain.users import User
from casedesk.services.casefiles import Services
from casedesk.ui.forms import ERROR_STYLE
from casedesk.ui.messages import confirm, show_error
from casedesk.ui.sign_in import AccountFields, escape_html, show_problem

COLUMNS = ("Name", "Full name", "Role", "Status")


class AddPersonDialog(QDialog):
    """A new account: sign-in name, full name, a first password typed twice, administrator or not."""

    def __init__(self, services: Services, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._services = services
        self.added: User | None = None
        self.setWindowTitle("Add a person")
        self.setMinimumWidth(480)
        self.fields = AccountFields(services)
        self.admin_box = QCheckBox("&Administrator (may add people, reset passwords, deactivate accounts)")
        note = QLabel("Give them the password in person; they can sign in with it straight away.")
        note.setWordWrap(True)
        self.problem = QLabel()
        self.problem.setStyleSheet(ERROR_STYLE)
        self.problem.setWordWrap(True)
        self.problem.hide()
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.add_button = QPushButton("&Add")
        self.buttons.addButton(self.add_button, QDialogButtonBox.ButtonRole.AcceptRole)
        layout = QVBoxLayout(self)
        layout.addWidget(self.fields)
        layout.addWidget(self.admin_box)
        layout.addWidget(note)
        layout.addWidget(self.problem)
        layout.addWidget(self.buttons)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.fields.bind(self.add_button, self.buttons, self.accept)
        self.fields.name_edit.setFocus()

    def accept(self) -> None:
        """Qt override: add the account; a refusal is shown and the dialog stays open."""
        if not self.add_button.isEnabled():
            return
        fields = self.fields

        def add() -> None:
            self.added = self._services.users.add(
                fields.name_edit.text(),
                fields.full_name_edit.text(),
                fields.password.text(),
                admin=self.admin_box.isChecked(),
            )

        if fields.save(add, lambda exc: show_problem(self.problem, exc)):
            super().accept()


class ResetPasswordDialog(QDialog):
    """A new password for someone, typed twice."""

    def __init__(self, services: Services, user: User, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._services = services
        self._user = user
        self.setWindowTitle(f"Reset the password of {user.display}")
        self.setMinimumWidth(440)
        intro = QLabel(
            f"A new password for <b>{escape_html(user.display)}</b> ({escape_html(user.name)}). "
            "Their old password stops working at once."
        )
        intro.setWordWrap(True)
        self.fields = AccountFields(services, with_name=False)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.reset_button = QPushButton("&Reset Password")
        self.buttons.addButton(self.reset_button, QDialogButtonBox.ButtonRole.AcceptRole)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.fields)
        layout.addWidget(self.buttons)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.fields.bind(self.reset_button, self.buttons, self.accept)
        self.fields.password.setFocus()

    def accept(self) -> None:
        """Qt override: confirm, then set the password."""
        if not self.reset_button.isEnabled():
            return
        if not confirm(
            self,
            "Reset password",
            f"Reset the password of {self._user.display}?",
            "Reset Password",
            "They will need the new password to sign in.",
        ):
            return
        if self.fields.save(
            lambda: self._services.users.set_password(self._user.name, self.fields.password.text()),
            lambda exc: show_error(self, "Reset password", exc),
        ):
            super().accept()


class PeopleDialog(QDialog):
    """The accounts of the firm database, and what an administrator can do with them."""

    def __init__(self, services: Services, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._services = services
        self._users: list[User] = []
        self.setWindowTitle(f"People — {services.name}")
        self.resize(640, 400)
        self.table = QTableWidget(0, len(COLUMNS))
        self.table.setHorizontalHeaderLabels(COLUMNS)
        self.table.setAccessibleName("People")
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.empty = QLabel("No accounts yet.")
        self.add_button = QPushButton("&Add Person…")
        self.add_button.setShortcut(QKeySequence.StandardKey.New)
        self.reset_button = QPushButton("&Reset Password…")
        self.active_button = QPushButton("&Deactivate…")
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        row = QHBoxLayout()
        for button in (self.add_button, self.reset_button, self.active_button):
            button.setAutoDefault(False)
            row.addWidget(button)
        row.addStretch(1)
        layout = QVBoxLayout(self)
        self.who = QLabel()
        layout.addWidget(self.who)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.empty)
        layout.addLayout(row)
        layout.addWidget(close)
        close.rejected.connect(self.reject)
        self.add_button.clicked.connect(self.add_person)
        self.reset_button.clicked.connect(self.reset_password)
        self.active_button.clicked.connect(self.toggle_active)
        self.table.itemSelectionChanged.connect(self._update_buttons)
        self.reload()

    def reload(self, select: str | None = None) -> None:
        """Read the accounts again, keeping (or moving to) a selection."""
        current = self.selected()
        keep = select or (current.name if current else None)
        try:
            self._users = self._services.users.list()
        except CasedeskError as exc:
            show_error(self, "People", exc)
            self._users = []
        me = self._services.users.current()
        admin = bool(me and me.admin)
        self.who.setText(
            f"Signed in as {escape_html(me.display)}{' (administrator)' if admin else ''}."
            if me
            else "Nobody is signed in."
        )
        self.table.setRowCount(len(self._users))
        for index, user in enumerate(self._users):
            values = (
                user.name,
                user.full_name,
                "Administrator" if user.admin else "Case manager",
                "Active" if user.active else "Deactivated",
            )
            for column, value in enumerate(values):
                item = QTableWidgetItem(value)
                if not user.active:
                    item.setForeground(Qt.GlobalColor.gray)
                self.table.setItem(index, column, item)
            if user.name == keep:
                self.table.selectRow(index)
        self.empty.setVisible(not self._users)
        self.add_button.setEnabled(admin)
        self._update_buttons()

    def selected(self) -> User | None:
        """The person whose row is selected."""
        rows = self.table.selectionModel().selectedRows() if self.table.selectionModel() else []
        if not rows or rows[0].row() >= len(self._users):
            return None
        return self._users[rows[0].row()]

    def add_person(self) -> None:
        """Add a person (Ctrl+N)."""
        dialog = AddPersonDialog(self._services, self)
        try:
            if dialog.exec() == QDialog.DialogCode.Accepted and dialog.added is not None:
                self.reload(select=dialog.added.name)
        finally:
            dialog.deleteLater()

    def reset_password(self) -> None:
        """Give the selected person a new password."""
        user = self.selected()
        if user is None:
            return
        dialog = ResetPasswordDialog(self._services, user, self)
        try:
            dialog.exec()
        finally:
            dialog.deleteLater()
        self.reload()

    def toggle_active(self) -> None:
        """Deactivate the selected person (after confirming), or reactivate them."""
        user = self.selected()
        if user is None:
            return
        if user.active and not confirm(
            self,
            "Deactivate account",
            f"Deactivate the account of {user.display}?",
            "Deactivate",
            "They will not be able to sign in. Their name stays on what they did, and you can reactivate "
            "the account later.",
        ):
            return
        try:
            self._services.users.set_active(user.name, not user.active)
        except CasedeskError as exc:
            show_error(self, "People", exc)
        self.reload()

    def _update_buttons(self) -> None:
        me = self._services.users.current()
        admin = bool(me and me.admin)
        user = self.selected()
        own = user is not None and me is not None and user.name == me.name
        self.reset_button.setEnabled(user is not None and (admin or own))  # anyone may change their own
        self.reset_button.setText("&Change Password…" if own else "&Reset Password…")
        self.active_button.setEnabled(admin and user is not None and user.name != (me.name if me else ""))
        self.active_button.setText("Re&activate" if user is not None and not user.active else "&Deactivate…")


def show_people(parent: QWidget | None, services: Services) -> None:
    """Show the accounts (File › Firm Database › People…)."""
    dialog = PeopleDialog(services, parent)
    try:
        dialog.exec()
    finally:
        dialog.deleteLater()
