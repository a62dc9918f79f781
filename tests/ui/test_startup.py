"""Start-up: the case list paints from a read-only preview, then the case file opens in the background."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings
from pytestqt.qtbot import QtBot

from casedesk.app import BackgroundOpener, build_main_window, start_main_window
from casedesk.domain.cases import Case, CaseStatus, Client
from casedesk.services.casefiles import Services, open_services
from casedesk.ui import main_window
from casedesk.ui.tasks import TaskRunner

PROBE = """
import json, sys
from pathlib import Path
from PySide6.QtCore import QSettings, QTimer
from casedesk.app import application, start_main_window
from casedesk.ui.tasks import TaskRunner

app = application()
settings = QSettings(sys.argv[2], QSettings.Format.IniFormat)
window, task = start_main_window(Path(sys.argv[1]), TaskRunner(), settings)
window.show()
app.processEvents()
report = {
    "painted_with": sorted({name.split(".")[0] for name in sys.modules}),
    "rows": window.case_list.model.rowCount(),
    "title": window.windowTitle(),
}
task.start()
task.wait(30)
app.processEvents()
report["opened"] = window.services is not None
report["rows_after"] = window.case_list.model.rowCount()
window.close()
print(json.dumps(report))
"""


def test_window_paints_the_case_list_before_importing_heavy_libraries(db_path: Path, tmp_path: Path) -> None:
    """The first paint needs neither SQLAlchemy, alembic, pypdf nor openpyxl; the full open follows."""
    with_cases = open_services(db_path, create=True)
    client = with_cases.cases.create_client(Client(name="Ana Brooks"))
    for n in range(3):
        with_cases.cases.create_case(
            Case(number=f"PI-{n}", caption=f"Brooks v. {n}", client_id=client.id or 0)
        )
    with_cases.close()
    result = subprocess.run(
        [sys.executable, "-c", PROBE, str(db_path), str(tmp_path / "settings.ini")],
        capture_output=True,
        text=True,
        env=os.environ | {"QT_QPA_PLATFORM": "offscreen"},
        timeout=60,
        check=True,
    )
    report = json.loads(result.stdout.strip().splitlines()[-1])
    assert report["title"] == "cases.sqlite — casedesk"
    assert report["rows"] == 3
    assert not set(report["painted_with"]) & {"sqlalchemy", "alembic", "pypdf", "openpyxl"}
    assert report["opened"] and report["rows_after"] == 3


def test_the_opened_case_file_keeps_what_the_user_did_meanwhile(
    qtbot: QtBot,
    services: Services,
    db_path: Path,
    tmp_path: Path,
    make_case: Callable[..., Case],
    make_client: Callable[..., Client],
) -> None:
    """A search typed and a case picked in the preview are still there once the case file is open."""
    for name in ("Ana Brooks", "Ben Carter", "Cora Diaz"):
        make_case(client_id=make_client(name=name).id, status=CaseStatus.TREATING)
    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    window, task = start_main_window(db_path, TaskRunner(), settings)
    qtbot.addWidget(window)
    assert task is not None and window.services is None and window.workspace is None
    assert window.path_label.text().endswith("(opening…)")
    assert not window.new_case_action.isEnabled()
    preview_list = window.case_list
    assert preview_list is not None and preview_list.model.rowCount() == 3
    preview_list.search.setText("c")
    preview_list.refresh()
    assert preview_list.model.rowCount() == 2  # Ben Carter, Cora Diaz
    preview_list.table.selectRow(1)
    picked = preview_list.current_case_id()

    task.start()
    qtbot.waitUntil(lambda: window.services is not None, timeout=20_000)
    assert window.case_list is not None and window.case_list is not preview_list
    assert window.case_list.search.text() == "c"
    assert window.case_list.current_case_id() == picked
    assert window.workspace is not None and window.workspace.case_id == picked
    assert window.new_case_action.isEnabled()
    window.close()


def test_a_new_case_file_opens_without_a_preview(qtbot: QtBot, tmp_path: Path) -> None:
    """A case file that does not exist yet is created and opened before the window shows."""
    path = tmp_path / "new.sqlite"
    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    window, task = start_main_window(path, TaskRunner(), settings)
    qtbot.addWidget(window)
    assert task is None
    assert window.services is not None and path.exists()
    window.close()


def test_file_open_shows_the_list_at_once_and_opens_in_the_background(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Open… paints the other file's case list from its preview; the last file chosen wins a race."""
    paths = {}
    for name, cases in (("first", 1), ("second", 2), ("third", 3)):
        path = tmp_path / f"{name}.sqlite"
        opened = open_services(path, create=True)
        client = opened.cases.create_client(Client(name=f"{name.title()} Client"))
        for n in range(cases):
            opened.cases.create_case(
                Case(number=f"{name}-{n}", caption=f"{name} v. {n}", client_id=client.id or 0)
            )
        opened.close()
        paths[name] = path
    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    runner = TaskRunner()
    window = build_main_window(paths["first"], settings, BackgroundOpener(runner))
    qtbot.addWidget(window)
    assert window.services is not None and window.case_list is not None

    monkeypatch.setattr(main_window, "ask_open_path", lambda _parent: paths["second"])
    window.open_file_action.trigger()
    assert window.case_list is not None and window.case_list.model.rowCount() == 2  # from the preview
    monkeypatch.setattr(main_window, "ask_open_path", lambda _parent: paths["third"])
    window.open_file_action.trigger()  # before the second file has finished opening
    qtbot.waitUntil(lambda: not runner._running, timeout=20_000)  # both opens have reported back
    assert window.services is not None and window.services.path == paths["third"]
    assert window.case_list is not None and window.case_list.model.rowCount() == 3
    window.close()
