"""Another person's saves appear on View › Refresh (F5) and, on a firm database, on a timer."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtGui import QKeySequence
from pytestqt.qtbot import QtBot

from casedesk.domain.activity import Activity, ActivityKind
from casedesk.domain.cases import Case
from casedesk.services.casefiles import Services, open_services
from casedesk.ui.main_window import MainWindow
from casedesk.ui.refresh import ChangeWatcher
from tests.conftest import NOW, fixed_clock


@pytest.fixture
def other(db_path: Path, services: Services) -> Iterator[Services]:
    """A second connection to the window's case file: another person saving."""
    opened = open_services(db_path, clock=fixed_clock)
    yield opened
    opened.close()


def subjects(window: MainWindow) -> list[str]:
    assert window.workspace is not None
    model = window.workspace.timeline.model
    return [model.activity(row).subject for row in range(model.rowCount())]


def show_case(window: MainWindow, case: Case) -> None:
    window.go_to_case(case.id or 0, "timeline")
    assert window.workspace is not None and window.workspace.case_id == case.id


def test_refresh_shows_another_connections_new_timeline_entry_keeping_the_case(
    qtbot: QtBot,
    db_path: Path,
    services: Services,
    other: Services,
    make_case: Callable[..., Case],
    make_window: Callable[[Path | None], MainWindow],
) -> None:
    """F5 reads the open case again: the entry someone else added shows, the same case stays selected."""
    case = make_case()
    window = make_window(db_path)
    show_case(window, case)
    assert subjects(window) == []
    other.timeline.add(
        Activity(case_id=case.id or 0, kind=ActivityKind.CALL, occurred_at=NOW, subject="Adjuster called")
    )
    assert window.refresh_action.shortcut() == QKeySequence(QKeySequence.StandardKey.Refresh)
    window.refresh_action.trigger()
    assert subjects(window) == ["Adjuster called"]
    assert window.workspace is not None and window.workspace.case_id == case.id
    assert window.case_list is not None and window.case_list.current_case_id() == case.id


def test_the_timer_refreshes_only_when_someone_else_saved(
    qtbot: QtBot, services: Services, other: Services, make_case: Callable[..., Case]
) -> None:
    """The watcher asks the case file; another connection's save refreshes, the window's own does not."""
    case = make_case()
    refreshed: list[int] = []
    watcher = ChangeWatcher(services.changes, lambda: refreshed.append(1), interval_ms=20)
    assert watcher.look() is False
    services.timeline.add(
        Activity(case_id=case.id or 0, kind=ActivityKind.NOTE, occurred_at=NOW, subject="Mine")
    )
    assert watcher.look() is False
    other.timeline.add(
        Activity(case_id=case.id or 0, kind=ActivityKind.NOTE, occurred_at=NOW, subject="Theirs")
    )
    qtbot.waitUntil(lambda: refreshed == [1], timeout=2000)  # the timer's own look
    assert watcher.look() is False
    watcher.stop()
