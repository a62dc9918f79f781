"""A case file open in another casedesk: offered read-only, shown read-only, saves refused, Try Again.

The other casedesk is a real second process holding the case file's lock.
"""

from __future__ import annotations

import multiprocessing
import sys
from collections.abc import Callable, Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLineEdit, QMessageBox, QPlainTextEdit, QTextEdit
from pytestqt.qtbot import QtBot

from casedesk.domain.cases import Case, CaseQuery
from casedesk.domain.errors import CaseFileInUseError, ReadOnlyError
from casedesk.services.casefiles import Services
from casedesk.ui import errors as ui_errors
from casedesk.ui import main_window, opening
from casedesk.ui.main_window import MainWindow
from casedesk.ui.read_only import ReadOnlyBar
from tests.store.lock_child import held_open

pytestmark = pytest.mark.skipif(
    "forkserver" not in multiprocessing.get_all_start_methods(), reason="needs fork (POSIX)"
)


@pytest.fixture
def closed_file(services: Services, make_case: Callable[..., Case]) -> Path:
    """A case file with one case, closed again so another process can open it."""
    make_case(caption="Whitfield v. Lone Star Freight")
    services.close()
    return services.path


@pytest.fixture
def holder(closed_file: Path, tmp_path: Path) -> Iterator[multiprocessing.Process]:
    """Another casedesk process with the case file open."""
    with held_open(closed_file, tmp_path) as child:
        yield child


@pytest.fixture
def asked(monkeypatch: pytest.MonkeyPatch) -> list[CaseFileInUseError]:
    """Answer "Open Read-Only" to the in-use question, keeping what it said."""
    errors: list[CaseFileInUseError] = []

    def answer(_parent: Any, _path: Path, error: CaseFileInUseError) -> bool:
        errors.append(error)
        return True

    monkeypatch.setattr(opening, "ask_read_only", answer)
    return errors


@pytest.fixture
def messages(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, str, str]]:
    """Message boxes shown (title, text, informative text), answered at once."""
    shown: list[tuple[str, str, str]] = []

    def exec_(box: QMessageBox) -> int:
        shown.append((box.windowTitle(), box.text(), box.informativeText()))
        return int(QMessageBox.StandardButton.Ok)

    monkeypatch.setattr(QMessageBox, "exec", exec_)
    return shown


def _open_read_only(
    qtbot: QtBot,
    make_window: Callable[[Path | None], MainWindow],
    path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> MainWindow:
    window = make_window(None)
    window.show()
    monkeypatch.setattr(main_window, "ask_open_path", lambda _parent: path)
    window.open_file_action.trigger()
    assert window.services is not None
    return window


def test_file_in_use_opens_read_only_with_a_bar_that_says_who(
    qtbot: QtBot,
    holder: multiprocessing.Process,
    closed_file: Path,
    make_window: Callable[[Path | None], MainWindow],
    asked: list[CaseFileInUseError],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Open… on a file open elsewhere asks, naming the holder; read-only, the title and a bar say so."""
    window = _open_read_only(qtbot, make_window, closed_file, monkeypatch)
    assert len(asked) == 1
    assert asked[0].message.startswith(f"{closed_file.name} is open in casedesk on this computer (")
    assert window.services is not None and window.services.read_only
    assert window.windowTitle() == f"{closed_file.name} (read-only) — casedesk"
    bar = window.read_only_bar
    assert isinstance(bar, ReadOnlyBar)
    qtbot.waitUntil(bar.isVisible)
    assert f"open in casedesk by {asked[0].holder}" in bar.label.text()
    assert "nothing can be changed" in bar.label.text()
    # Everything is there to read.
    assert window.case_list is not None and window.case_list.model.rowCount() == 1
    # Actions that would change the file are off; looking around is on.
    assert not window.new_case_action.isEnabled()
    assert window.find_action.isEnabled()


def test_fields_are_locked_but_search_still_types(
    qtbot: QtBot,
    holder: multiprocessing.Process,
    closed_file: Path,
    make_window: Callable[[Path | None], MainWindow],
    asked: list[CaseFileInUseError],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Typing into a case's fields does nothing; the case list's search box still works."""
    window = _open_read_only(qtbot, make_window, closed_file, monkeypatch)
    assert window.case_list is not None and window.workspace is not None
    window.case_list.table.selectRow(0)
    qtbot.waitUntil(lambda: window.workspace is not None and window.workspace.case_id is not None)
    assert not window.edit_case_action.isEnabled()
    assert not window.new_entry_action.isEnabled()
    editors = [
        w
        for w in window.workspace.findChildren(QPlainTextEdit) + window.workspace.findChildren(QTextEdit)
        if not isinstance(w, QLineEdit)
    ]
    assert editors and all(editor.isReadOnly() for editor in editors)
    editor = next(e for e in editors if isinstance(e, QPlainTextEdit))
    before = editor.toPlainText()
    editor.setFocus()
    qtbot.keyClicks(editor, "typed while read-only")
    assert editor.toPlainText() == before
    qtbot.keyClicks(window.case_list.search, "whit")
    assert window.case_list.search.text() == "whit"


def test_a_refused_save_is_explained_not_reported_as_a_crash(
    qtbot: QtBot,
    holder: multiprocessing.Process,
    closed_file: Path,
    make_window: Callable[[Path | None], MainWindow],
    asked: list[CaseFileInUseError],
    messages: list[tuple[str, str, str]],
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
) -> None:
    """A save that reaches the read-only file is refused, and the user sees "Not saved" and what to do."""
    window = _open_read_only(qtbot, make_window, closed_file, monkeypatch)
    assert window.services is not None
    summary = window.services.cases.list_cases(CaseQuery())[0]
    case = window.services.cases.get_case(summary.id)
    with pytest.raises(ReadOnlyError) as info:
        window.services.cases.update_case(replace(case, caption="Changed while read-only"))
    previous = sys.excepthook
    try:
        ui_errors.install_exception_handler(tmp_path / "log" / "casedesk.log")
        sys.excepthook(ReadOnlyError, info.value, info.value.__traceback__)
    finally:
        sys.excepthook = previous
    assert messages == [
        ("Not saved", f"{closed_file.name} is open read-only, so this change was not saved.", info.value.hint)
    ]
    assert "Unexpected error" not in (tmp_path / "log" / "casedesk.log").read_text()


def test_try_again_while_in_use_then_after_the_other_casedesk_ended(
    qtbot: QtBot,
    holder: multiprocessing.Process,
    closed_file: Path,
    make_window: Callable[[Path | None], MainWindow],
    asked: list[CaseFileInUseError],
    messages: list[tuple[str, str, str]],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Try Again says the file is still in use; once the other casedesk is killed it opens for changes."""
    window = _open_read_only(qtbot, make_window, closed_file, monkeypatch)
    bar = window.read_only_bar
    assert bar is not None
    qtbot.mouseClick(bar.try_again_button, Qt.MouseButton.LeftButton)
    assert [title for title, _, _ in messages] == ["Still in use"]
    assert window.services is not None and window.services.read_only

    holder.kill()
    holder.join()
    qtbot.mouseClick(bar.try_again_button, Qt.MouseButton.LeftButton)
    assert window.services is not None and not window.services.read_only
    assert window.read_only_bar is None
    assert window.windowTitle() == f"{closed_file.name} — casedesk"
    assert window.new_case_action.isEnabled()
    assert "had not been closed properly" in window.statusBar().currentMessage()
    assert window.case_list is not None and window.case_list.model.rowCount() == 1
