"""A case file the user only looked at is not written to, and closing it makes no on-close backup.

The main window opens a demo case file (a month after the demo's day, so reminders are due and deadlines
have passed), settles (Today, the reminders window, the calendar, the case list), the user goes through
the pages and the tabs of a few cases, and closes it. Nothing in the database (seen from a connection of
its own: ``PRAGMA data_version`` and a dump of its content) nor in the document store may have changed.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from casedesk.domain.cases import Client
from casedesk.services.demo import build_demo
from casedesk.store.casefile import open_case_file
from casedesk.store.engine import sqlite_connect
from casedesk.ui.main_window import MainWindow
from casedesk.ui.settings import AppSettings
from tests.conftest import TODAY
from tests.ui.conftest import opener

PASSPHRASE = "quiet harbour lamp 7"
CASES = 12
CASES_LOOKED_AT = 3


@pytest.fixture(params=[None, PASSPHRASE], ids=["plain", "encrypted"])
def demo_file(request: pytest.FixtureRequest, tmp_path: Path) -> tuple[Path, str | None]:
    """A demo case file made a month ago, plain or encrypted, and its passphrase."""
    path = tmp_path / "cases.sqlite"
    key: str | None = request.param
    case_file = open_case_file(path, create=True, passphrase=key)
    try:
        build_demo(case_file, today=TODAY - timedelta(days=30), cases=CASES, files_for=2)
    finally:
        case_file.close()
    return path, key


class Watch:
    """Looks at a case file from a connection of its own, as another program would."""

    def __init__(self, path: Path, key: str | None) -> None:
        self.path = path
        self._conn: Any = sqlite_connect(path, read_only=True, key=key)

    def data_version(self) -> int:
        """Changes whenever another connection commits to the file."""
        return int(self._conn.execute("PRAGMA data_version").fetchone()[0])

    def content(self) -> str:
        """A digest of every table's rows (the schema included)."""
        digest = hashlib.sha256()
        tables = [
            row[0]
            for row in self._conn.execute("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
        ]
        for row in self._conn.execute("SELECT type, name, sql FROM sqlite_master ORDER BY type, name"):
            digest.update(repr(row).encode())
        for table in tables:
            rows = sorted(repr(row) for row in self._conn.execute(f'SELECT * FROM "{table}"'))
            digest.update(repr((table, rows)).encode())
        return digest.hexdigest()

    def documents(self) -> list[tuple[str, int, int]]:
        """The files of the document store beside the case file: name, size, modification time."""
        store = self.path.with_name(f"{self.path.stem}-documents")
        return sorted(
            (str(f.relative_to(store)), f.stat().st_size, f.stat().st_mtime_ns)
            for f in store.rglob("*")
            if f.is_file()
        )

    def close(self) -> None:
        self._conn.close()


@pytest.fixture
def watch(demo_file: tuple[Path, str | None]) -> Iterator[Watch]:
    shown = Watch(*demo_file)
    yield shown
    shown.close()


def _click_row(qtbot: QtBot, window: MainWindow, row: int) -> int:
    """Click a row of the case list as a user would; the id of the case the workspace then shows."""
    assert window.case_list is not None and window.workspace is not None
    table = window.case_list.table
    rect = table.visualRect(table.model().index(row, 0))
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.waitUntil(lambda: window.workspace is not None and window.workspace.case_id is not None)
    assert window.workspace.case_id is not None
    return window.workspace.case_id


def test_looking_around_a_case_file_writes_nothing_and_makes_no_backup(
    qtbot: QtBot,
    app_settings: AppSettings,
    demo_file: tuple[Path, str | None],
    watch: Watch,
) -> None:
    """Open, settle, look at every page and every tab of a few cases, close: nothing changed."""
    path, key = demo_file
    version, content, documents = watch.data_version(), watch.content(), watch.documents()
    assert documents  # the demo's record files are in the store
    window = MainWindow(app_settings, opener, opener(path, False, passphrase=key))
    qtbot.addWidget(window)
    window.show()
    qtbot.waitUntil(lambda: window.reminders_window is not None and window.reminders_window.isVisible())
    qtbot.wait(300)  # the start-up work (Today, reminders, calendar, case list) settles
    for action in window.page_actions:
        action.trigger()
        qtbot.wait(50)
    window.cases_page_action.trigger()
    tab_actions: list[Callable[[], None]] = [
        action.trigger
        for action in (
            window.overview_action,
            window.timeline_action,
            window.valuation_action,
            window.case_calendar_action,
            window.interviews_action,
            window.wages_action,
            window.medical_action,
            window.finances_action,
            window.insurance_action,
            window.trial_action,
        )
    ]
    seen = set()
    for row in range(CASES_LOOKED_AT):
        seen.add(_click_row(qtbot, window, row))
        for trigger in tab_actions:
            trigger()
            qtbot.wait(20)
    assert len(seen) == CASES_LOOKED_AT
    assert window.services is not None
    assert not window.services.backups.changed_since_backup()
    window.close()

    assert watch.data_version() == version
    assert watch.content() == content
    assert watch.documents() == documents
    backups = path.with_name(f"{path.stem}-backups")
    assert not backups.exists() or not any("on-close" in f.name for f in backups.iterdir())


def test_a_saved_change_is_seen_and_backed_up_on_close(
    qtbot: QtBot,
    app_settings: AppSettings,
    demo_file: tuple[Path, str | None],
    watch: Watch,
) -> None:
    """The watch sees a saved change, and closing backs it up: the test above can fail."""
    path, key = demo_file
    version, content = watch.data_version(), watch.content()
    window = MainWindow(app_settings, opener, opener(path, False, passphrase=key))
    qtbot.addWidget(window)
    window.show()
    assert window.services is not None
    window.services.cases.create_client(Client(name="Ana Ortiz"))
    assert window.services.backups.changed_since_backup()
    window.close()

    assert watch.data_version() != version
    assert watch.content() != content
    backups = path.with_name(f"{path.stem}-backups")
    assert [f for f in backups.iterdir() if "on-close" in f.name]
