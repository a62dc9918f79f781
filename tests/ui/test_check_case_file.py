"""Help › Check Case File…: the check runs in the background, reports, and repairs on request."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from pathlib import Path

from pytestqt.qtbot import QtBot

from casedesk.domain.check import CheckReport, Severity
from casedesk.services.casefiles import open_services
from casedesk.ui.main_window import MainWindow
from tests.conftest import fixed_clock
from tests.pdfs import make_pdf


def _case_file_with_a_record(db_path: Path, tmp_path: Path) -> None:
    from casedesk.domain.cases import Case, CaseStatus, CaseType, Client

    services = open_services(db_path, create=True, clock=fixed_clock)
    client = services.cases.create_client(Client(name="Maria Alvarez"))
    case = services.cases.create_case(
        Case(
            number="PI-2026-0001",
            caption="Alvarez v. Driver",
            client_id=client.id or 0,
            case_type=CaseType.MOTOR_VEHICLE,
            jurisdiction="TX",
            status=CaseStatus.TREATING,
        )
    )
    services.documents.import_files(case.id or 0, [make_pdf(tmp_path / "er.pdf", ["Emergency visit"])])
    services.close()


def test_the_check_reports_then_repair_rebuilds_the_search_index(
    qtbot: QtBot, make_window: Callable[[Path | None], MainWindow], db_path: Path, tmp_path: Path
) -> None:
    _case_file_with_a_record(db_path, tmp_path)
    connection = sqlite3.connect(db_path)
    with connection:
        connection.execute("INSERT INTO search_fts (search_fts) VALUES ('delete-all')")
    connection.close()
    window = make_window(db_path)
    assert window.check_action.isEnabled()

    window.check_action.trigger()
    check = window.case_file_check
    assert check is not None
    with qtbot.waitSignal(check.finished, timeout=10_000) as reported:
        pass
    report: CheckReport = reported.args[0]
    assert [f.severity for f in report.findings] == [Severity.NOTICE]
    dialog = check.dialog
    assert dialog is not None and dialog.isVisible()
    assert "search index does not match" in dialog.findings.toPlainText()
    assert dialog.repair_button.isVisible()

    with qtbot.waitSignal(check.finished, timeout=10_000) as repaired:
        dialog.repair_button.click()
    assert [f.severity for f in repaired.args[0].findings] == [Severity.REPAIRED]
    assert check.dialog is not None and not check.dialog.repair_button.isVisible()
    assert "rebuilt" in check.dialog.findings.toPlainText()
    check.dialog.close()
