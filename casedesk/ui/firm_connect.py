"""File › Connect to Firm Database…: the server, the database, its user and the shared documents folder.

What was typed is remembered for next time (QSettings), except the database password: casedesk asks for
it at each connection, unless ``$CASEDESK_DB`` holds the whole address with the password.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import quote, unquote, urlsplit

from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from casedesk.domain.errors import CasedeskError
from casedesk.ui.tasks import Task, TaskRunner

if TYPE_CHECKING:
    from casedesk.services.firm_connection import ConnectionCheck

#: PostgreSQL's usual port.
DEFAULT_PORT = 5432
#: The driver casedesk speaks to the server with (in the address it builds).
URL_SCHEME = "postgresql+psycopg"
LAST_KEY = "firm/last"
RECENT_KEY = "firm/recent"
MAX_RECENT = 8
PASSWORD_NOTE = (
    "casedesk does not remember the database password: it asks for it each time you connect. "
    "To connect without typing it, start casedesk with $CASEDESK_DB set to the whole address "
    "(postgresql+psycopg://user:password@server:port/database)."
)


@dataclass(frozen=True, slots=True)
class FirmConnection:
    """Where a firm database is, without its password.

    Attributes:
        host: The server's name or address.
        port: The server's port.
        database: The database's name on the server.
        user: The database user casedesk connects as (not the person who signs in to casedesk).
        documents: The firm's shared documents folder.
    """

    host: str
    port: int
    database: str
    user: str
    documents: Path

    @property
    def label(self) -> str:
        """How menus and titles name it: "<database> on <host>"."""
        return f"{self.database} on {self.host}"

    def url(self, password: str) -> str:
        """The address to connect to, with ``password``."""
        who = quote(self.user, safe="")
        if password:
            who += ":" + quote(password, safe="")
        return f"{URL_SCHEME}://{who}@{self.host}:{self.port}/{quote(self.database, safe='')}"

    @classmethod
    def from_url(cls, url: str, documents: Path) -> FirmConnection:
        """The connection an address names (its password left out)."""
        parts = urlsplit(url)
        try:
            port = parts.port or DEFAULT_PORT
        except ValueError:
            port = DEFAULT_PORT
        return cls(
            host=parts.hostname or "",
            port=port,
            database=unquote(parts.path.lstrip("/")),
            user=unquote(parts.username or ""),
            documents=documents,
        )

    def to_text(self) -> str:
        """The connection as a settings value."""
        return json.dumps({**asdict(self), "documents": str(self.documents)})

    @classmethod
    def from_text(cls, text: object) -> FirmConnection | None:
        """A connection read back from the settings (None if the value is not one)."""
        if not isinstance(text, str):
            return None
        try:
            data = json.loads(text)
            return cls(
                host=str(data["host"]),
                port=int(data["port"]),
                database=str(data["database"]),
                user=str(data["user"]),
                documents=Path(str(data["documents"])),
            )
        except (ValueError, KeyError, TypeError):
            return None


def last_connection(settings: QSettings) -> FirmConnection | None:
    """The firm database connected to last, if any."""
    return FirmConnection.from_text(settings.value(LAST_KEY))


def recent_connections(settings: QSettings) -> list[FirmConnection]:
    """Firm databases connected to recently, newest first."""
    value = settings.value(RECENT_KEY, [])
    if isinstance(value, str):  # QSettings returns a bare string for a one-item list
        value = [value]
    if not isinstance(value, list):
        return []
    return [c for c in (FirmConnection.from_text(v) for v in value) if c is not None]


def remember_connection(settings: QSettings, connection: FirmConnection) -> None:
    """Remember a connection that worked: offered next time, and first in the recent list."""
    settings.setValue(LAST_KEY, connection.to_text())
    recent = [connection, *(c for c in recent_connections(settings) if c != connection)][:MAX_RECENT]
    settings.setValue(RECENT_KEY, [c.to_text() for c in recent])


def forget_connection(settings: QSettings, connection: FirmConnection) -> None:
    """Drop a connection from the recent list."""
    settings.setValue(RECENT_KEY, [c.to_text() for c in recent_connections(settings) if c != connection])


def _buddy(text: str, edit: QWidget) -> QLabel:
    """A field's label whose mnemonic (Alt+letter) moves to the field."""
    label = QLabel(text)
    label.setBuddy(edit)
    return label


class FirmConnectDialog(QDialog):
    """Asks where the firm database is; checks what is typed as it is typed; can test the connection.

    Attributes:
        test_task: The test connection under way (None when none is).
    """

    def __init__(
        self, initial: FirmConnection | None = None, parent: QWidget | None = None, password: str = ""
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Connect to Firm Database")
        self.setMinimumWidth(520)
        self._runner = TaskRunner()
        self.test_task: Task[ConnectionCheck] | None = None
        self.host_edit = QLineEdit()
        self.host_edit.setPlaceholderText("server name or address, e.g. casedesk.firm.local")
        self.port_edit = QLineEdit(str(DEFAULT_PORT))
        self.port_edit.setMaximumWidth(90)
        self.database_edit = QLineEdit("casedesk")
        self.user_edit = QLineEdit()
        self.user_edit.setPlaceholderText("the database user casedesk connects as")
        self.password_edit = QLineEdit()
        self.password_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.documents_edit = QLineEdit()
        self.documents_edit.setPlaceholderText("the shared folder holding the firm's documents")
        self.browse_button = QPushButton("&Browse…")
        self.browse_button.clicked.connect(self._browse)
        self.problems = QLabel()
        self.problems.setWordWrap(True)
        self.problems.setStyleSheet("color: #b00020")
        self.test_button = QPushButton("&Test Connection")
        self.test_button.clicked.connect(self.test_connection)
        self.test_result = QLabel()
        self.test_result.setWordWrap(True)
        self.test_result.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        note = QLabel(PASSWORD_NOTE)
        note.setWordWrap(True)
        note.setStyleSheet("color: palette(placeholder-text)")
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.connect_button = self.buttons.addButton("&Connect", QDialogButtonBox.ButtonRole.AcceptRole)
        self.connect_button.setDefault(True)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)

        form = QFormLayout()
        server_row = QHBoxLayout()
        server_row.addWidget(self.host_edit, 1)
        server_row.addWidget(_buddy("Po&rt:", self.port_edit))
        server_row.addWidget(self.port_edit)
        form.addRow(_buddy("&Server:", self.host_edit), server_row)
        form.addRow(_buddy("&Database:", self.database_edit), self.database_edit)
        form.addRow(_buddy("Database &user:", self.user_edit), self.user_edit)
        form.addRow(_buddy("&Password:", self.password_edit), self.password_edit)
        folder_row = QHBoxLayout()
        folder_row.addWidget(self.documents_edit, 1)
        folder_row.addWidget(self.browse_button)
        form.addRow(_buddy("Documents &folder:", self.documents_edit), folder_row)
        test_row = QHBoxLayout()
        test_row.addWidget(self.test_button)
        test_row.addWidget(self.test_result, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(note)
        layout.addLayout(test_row)
        layout.addWidget(self.problems)
        layout.addWidget(self.buttons)

        if initial is not None:
            self.host_edit.setText(initial.host)
            self.port_edit.setText(str(initial.port))
            self.database_edit.setText(initial.database)
            self.user_edit.setText(initial.user)
            if initial.documents != Path():  # an address given without its folder: the folder is asked
                self.documents_edit.setText(str(initial.documents))
        self.password_edit.setText(password)  # only ever one given with the address on the command line
        for edit in (
            self.host_edit,
            self.port_edit,
            self.database_edit,
            self.user_edit,
            self.password_edit,
            self.documents_edit,
        ):
            edit.textChanged.connect(self._on_text_changed)
        self._validate()
        first_empty = next(
            (e for e in (self.host_edit, self.user_edit, self.password_edit) if not e.text()), self.host_edit
        )
        first_empty.setFocus()

    # --- what was typed ---------------------------------------------------------------------------

    def errors(self) -> dict[str, str]:
        """What is wrong with what is typed, by field ("host", "port", "database", "user", "documents")."""
        found: dict[str, str] = {}
        if not self.host_edit.text().strip():
            found["host"] = "Type the server's name or address."
        elif any(c in self.host_edit.text().strip() for c in "/@ "):
            found["host"] = "The server is a name or address only (no spaces, / or @)."
        port = self.port_edit.text().strip()
        if not port.isdigit() or not 0 < int(port) < 65536:
            found["port"] = "The port is a number from 1 to 65535 (usually 5432)."
        if not self.database_edit.text().strip():
            found["database"] = "Type the database's name."
        if not self.user_edit.text().strip():
            found["user"] = "Type the database user casedesk connects as."
        folder = self.documents_edit.text().strip()
        if not folder:
            found["documents"] = "Choose the firm's shared documents folder."
        elif not Path(folder).expanduser().is_dir():
            found["documents"] = (
                f"The documents folder {folder} is not there (is the shared drive connected?)."
            )
        return found

    def connection(self) -> FirmConnection:
        """The connection typed (check :meth:`errors` first)."""
        return FirmConnection(
            host=self.host_edit.text().strip(),
            port=int(self.port_edit.text().strip() or DEFAULT_PORT),
            database=self.database_edit.text().strip(),
            user=self.user_edit.text().strip(),
            documents=Path(self.documents_edit.text().strip()).expanduser(),
        )

    def url(self) -> str:
        """The address to connect to, with the password typed."""
        return self.connection().url(self.password_edit.text())

    def _validate(self) -> bool:
        errors = self.errors()
        self.problems.setText("\n".join(errors.values()))
        self.problems.setVisible(bool(errors))
        self.connect_button.setEnabled(not errors)
        self.test_button.setEnabled(not errors and self.test_task is None)
        edits = {
            "host": self.host_edit,
            "port": self.port_edit,
            "database": self.database_edit,
            "user": self.user_edit,
            "documents": self.documents_edit,
        }
        for field, edit in edits.items():
            edit.setToolTip(errors.get(field, ""))
        return not errors

    def _on_text_changed(self, _text: str) -> None:
        self.test_result.clear()
        self._validate()

    def _browse(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, "Firm documents folder", self.documents_edit.text())
        if folder:
            self.documents_edit.setText(folder)

    # --- testing and closing ----------------------------------------------------------------------

    def test_connection(self) -> None:
        """Connect once on a worker thread and say what was found; the dialog stays usable meanwhile."""
        if not self._validate() or self.test_task is not None:
            return
        url, documents = self.url(), self.connection().documents

        def work() -> ConnectionCheck:
            from casedesk.services.firm_connection import check_firm_database

            return check_firm_database(url, documents)

        self.test_result.setText("Connecting…")
        self.test_button.setEnabled(False)
        self.test_task = (
            self._runner.op(self, work).on_success(self._on_tested).on_failure(self._on_test_failed)
        )
        self.test_task.start()

    def _on_tested(self, check: ConnectionCheck) -> None:
        self.test_task = None
        self.test_result.setText(check.summary)
        self._validate()

    def _on_test_failed(self, error: BaseException) -> None:
        self.test_task = None
        self._validate()
        if not isinstance(error, CasedeskError):
            raise error
        self.test_result.setText(f"{error.message} {error.hint}".strip())

    def accept(self) -> None:
        """Qt override: close only with a complete, valid connection."""
        if self._validate():
            super().accept()

    @classmethod
    def ask(
        cls, parent: QWidget | None, initial: FirmConnection | None = None, password: str = ""
    ) -> tuple[str, FirmConnection] | None:
        """Ask where the firm database is: its address (with the password) and the connection, or None."""
        dialog = cls(initial, parent, password)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        return dialog.url(), dialog.connection()
