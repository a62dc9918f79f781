"""Background work: results and errors come back on the GUI thread, and not to a closed window."""

from __future__ import annotations

import threading
from collections.abc import Iterator

import pytest
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from casedesk.ui.tasks import TaskRunner


def test_result_arrives_on_the_gui_thread(qtbot: QtBot) -> None:
    """The work runs on another thread; its result is handed over on the GUI thread."""
    parent = QWidget()
    qtbot.addWidget(parent)
    seen: list[tuple[str, bool]] = []
    worker_threads: list[bool] = []

    def work() -> str:
        worker_threads.append(threading.current_thread() is not threading.main_thread())
        return "opened"

    TaskRunner().op(parent, work).on_success(
        lambda result: seen.append((result, threading.current_thread() is threading.main_thread()))
    ).start()
    qtbot.waitUntil(lambda: bool(seen))
    assert seen == [("opened", True)]
    assert worker_threads == [True]


def test_errors_go_to_the_failure_callback(qtbot: QtBot) -> None:
    """An exception in the work is given to on_failure, on the GUI thread."""
    parent = QWidget()
    qtbot.addWidget(parent)
    errors: list[BaseException] = []

    def work() -> None:
        raise ValueError("disk full")

    TaskRunner().op(parent, work).on_failure(errors.append).start()
    qtbot.waitUntil(lambda: bool(errors))
    assert isinstance(errors[0], ValueError)


def test_nothing_is_delivered_to_a_deleted_window(qtbot: QtBot) -> None:
    """When the window that asked is gone, its callbacks are skipped."""
    parent = QWidget()
    release = threading.Event()
    delivered: list[object] = []
    runner = TaskRunner()
    task = runner.op(parent, lambda: release.wait(5)).on_success(delivered.append).start()
    parent.deleteLater()
    qtbot.waitUntil(lambda: not _alive(parent))
    release.set()
    task.wait(5)
    qtbot.waitUntil(lambda: not runner._running)  # the hand-over has run, and skipped the callback
    assert delivered == []


def _alive(widget: QWidget) -> bool:
    import shiboken6

    return bool(shiboken6.isValid(widget))


@pytest.fixture(autouse=True)
def _no_leaked_threads() -> Iterator[None]:
    """Every test's worker threads have finished by the end of the test."""
    yield
    assert all(not t.name.startswith("casedesk-task") or not t.is_alive() for t in threading.enumerate())
