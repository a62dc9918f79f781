"""The Trial tab in the case workspace: its sub-tabs keeping one another and the other tabs current."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

from casedesk.domain.cases import Case, CaseStatus, CaseType, Client
from casedesk.domain.exhibits import Exhibit, ExhibitParty
from casedesk.ui.cases.workspace import TAB_TRIAL
from casedesk.ui.main_window import MainWindow
from tests.pdfs import make_pdf, numbered_pages


def _trial_case(window: MainWindow, tmp_path: Path) -> tuple[Case, int]:
    """A case in trial with one 3-page stored record; returns the case and the document's id."""
    services = window.services
    assert services is not None
    client = services.cases.create_client(Client(name="Ana Ruiz"))
    case = services.cases.create_case(
        Case(
            number="PI-2026-00001",
            caption="Ruiz v. Smith",
            client_id=client.id or 0,
            case_type=CaseType.MOTOR_VEHICLE,
            incident_date=date(2026, 2, 3),
            status=CaseStatus.TRIAL,
        )
    )
    (outcome,) = services.documents.import_files(
        case.id or 0, [make_pdf(tmp_path / "er.pdf", numbered_pages(3, "ER record"))]
    )
    assert outcome.document is not None and outcome.document.id is not None
    window.show()
    window.refresh()
    window.go_to_case(case.id or 0)
    return case, outcome.document.id


def _column(window: MainWindow, header: str) -> list[str]:
    workspace = window.workspace
    assert workspace is not None
    model = workspace.exhibits.model
    column = model.HEADERS.index(header)
    return [str(model.index(row, column).data()) for row in range(model.rowCount())]


def test_the_trial_tab_has_its_four_parts_and_a_shortcut(
    make_window: Callable[[Path | None], MainWindow], db_path: Path, tmp_path: Path
) -> None:
    window = make_window(db_path)
    _trial_case(window, tmp_path)
    workspace = window.workspace
    assert workspace is not None

    assert window.trial_action.shortcut().toString() == "Ctrl+Shift+B"
    window.trial_action.trigger()

    assert workspace.tabs.currentIndex() == TAB_TRIAL
    assert workspace.tabs.tabText(TAB_TRIAL) == "Trial"
    assert [workspace.trial.tabs.tabText(i) for i in range(4)] == [
        "Exhibits",
        "Witnesses",
        "Bates && Productions",
        "Binder",
    ]
    assert workspace.trial.tabs.currentWidget() is workspace.exhibits


def test_numbers_given_by_a_production_show_in_the_exhibit_list_and_a_new_exhibit_in_the_binder(
    make_window: Callable[[Path | None], MainWindow], db_path: Path, tmp_path: Path
) -> None:
    window = make_window(db_path)
    case, document_id = _trial_case(window, tmp_path)
    services = window.services
    workspace = window.workspace
    assert services is not None and workspace is not None
    case_id = case.id or 0
    window.trial_action.trigger()
    services.exhibits.add(
        Exhibit(
            case_id=case_id, party=ExhibitParty.PLAINTIFF, description="ER record", document_id=document_id
        )
    )
    workspace.exhibits.exhibits_changed.emit()  # as the panel does after a save
    workspace.exhibits.refresh()
    assert _column(window, "Bates") == [""]

    services.bates.number_documents(case_id, [document_id], recipient="Defense counsel")
    workspace.productions.numbers_changed.emit()  # as the Productions sub-tab does after a production
    assert _column(window, "Bates")[0].startswith("RUIZ000001")

    workspace.trial.show_panel(workspace.binder)
    exhibits_section = next(
        row
        for row in range(workspace.binder.sections.count())
        if "Exhibits" in workspace.binder.sections.item(row).text()
    )
    workspace.binder.sections.setCurrentRow(exhibits_section)
    assert any("ER record" in line for line in workspace.binder.contents_texts())
