"""File › Export › Case Progress Report…: choose for whom and where, the PDF is written, open it."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from pypdf import PdfReader
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QWidget
from pytestqt.qtbot import QtBot

from casedesk.domain.cases import Case
from casedesk.domain.errors import CasedeskError
from casedesk.domain.reports import Audience
from casedesk.services.casefiles import Services
from casedesk.ui import messages as messages_module
from casedesk.ui.reports import AudienceDialog, ProgressReportExport


@pytest.fixture
def window(qtbot: QtBot) -> QWidget:
    widget = QWidget()
    qtbot.addWidget(widget)
    return widget


def test_the_client_version_is_saved_and_opened(
    qtbot: QtBot,
    window: QWidget,
    services: Services,
    make_case: Callable[..., Case],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Choosing "the client" writes a PDF without the valuation, then offers to open it."""
    case = make_case()
    assert case.id is not None
    export = ProgressReportExport(services.reports, window)
    seen: list[AudienceDialog] = []

    def choose_client(label: str, firm_empty: bool) -> Audience | None:
        dialog = AudienceDialog(window, label, firm_empty)
        seen.append(dialog)
        qtbot.addWidget(dialog)
        dialog.show()
        assert dialog.attorney_radio.isChecked()
        qtbot.mouseClick(dialog.client_radio, Qt.MouseButton.LeftButton)
        audience = dialog.audience
        dialog.close()
        return audience

    suggested: list[str] = []
    opened: list[Path] = []
    monkeypatch.setattr(export, "ask_audience", choose_client)
    monkeypatch.setattr(export, "ask_path", lambda name: suggested.append(name) or tmp_path / "out.pdf")
    monkeypatch.setattr(export, "ask_open", lambda _path: True)
    monkeypatch.setattr(export, "open", lambda path: opened.append(path) or True)
    with qtbot.waitSignal(export.exported, timeout=10_000) as blocker:
        export.run(case.id, case.number, case.caption, firm_empty=True)
    assert blocker.args == [tmp_path / "out.pdf"]
    assert opened == [tmp_path / "out.pdf"]
    assert suggested == [f"{case.number} progress report (client).pdf"]
    assert export.folder == tmp_path
    note = seen[0].findChild(QLabel, "reviewNote")
    assert note is not None and "Firm Details" in note.text() and "verified by the attorney" in note.text()
    text = PdfReader(tmp_path / "out.pdf").pages[0].extract_text()
    assert case.number in text and "Valuation" not in text


def test_cancel_writes_nothing_and_a_failure_is_shown(
    qtbot: QtBot,
    window: QWidget,
    services: Services,
    make_case: Callable[..., Case],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Cancelling the audience or the file dialog writes nothing; an unwritable folder is a clear message."""
    case = make_case()
    assert case.id is not None
    export = ProgressReportExport(services.reports, window)
    monkeypatch.setattr(export, "ask_audience", lambda *_a: None)
    monkeypatch.setattr(export, "ask_path", lambda _n: pytest.fail("asked where to save after Cancel"))
    export.run(case.id, case.number)
    assert export.task is None

    monkeypatch.setattr(export, "ask_audience", lambda *_a: Audience.ATTORNEY)
    monkeypatch.setattr(export, "ask_path", lambda _n: tmp_path / "missing" / "out.pdf")
    errors: list[CasedeskError] = []
    monkeypatch.setattr(messages_module, "show_error", lambda _p, _t, error: errors.append(error))
    export.run(case.id, case.number)
    assert export.task is not None
    qtbot.waitUntil(lambda: bool(errors), timeout=10_000)
    assert not (tmp_path / "missing").exists()
