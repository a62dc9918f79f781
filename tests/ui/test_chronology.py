"""The chronology tab: visits and highlighted gaps, the remembered threshold, exports, opening a record."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtGui import QBrush
from pytestqt.qtbot import QtBot

from casedesk.domain.cases import Case
from casedesk.domain.chronology import TreatmentGap
from casedesk.services.casefiles import Services
from casedesk.ui.medical import chronology as chronology_module
from casedesk.ui.medical.chronology import (
    COL_BILLED,
    COL_DATES,
    COL_PROVIDER,
    COL_RECORDS,
    EMPTY_TEXT,
    GAP_BACKGROUND,
    GAP_DAYS_KEY,
    ChronologyPanel,
    ChronologyTableModel,
)
from tests.services.test_records import chronology_case

MakeCase = Callable[..., Case]


@pytest.fixture
def settings(tmp_path: Path) -> QSettings:
    return QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)


@pytest.fixture
def case(services: Services, make_case: MakeCase) -> tuple[Case, dict[str, int]]:
    made = make_case()
    return made, chronology_case(services, made.id or 0)


def make_panel(qtbot: QtBot, services: Services, settings: QSettings, case_id: int | None) -> ChronologyPanel:
    panel = ChronologyPanel(services.records, settings)
    qtbot.addWidget(panel)
    panel.resize(1200, 600)
    panel.show()
    qtbot.waitExposed(panel)
    panel.set_case(case_id)
    return panel


def test_visits_and_the_gap_are_shown(
    qtbot: QtBot, services: Services, settings: QSettings, case: tuple[Case, dict[str, int]]
) -> None:
    """Two visits with bills and cites, the gap between them on its own highlighted, spanned row."""
    panel = make_panel(qtbot, services, settings, case[0].id)
    model = panel.model
    assert model.rowCount() == 3
    assert [model.index(r, COL_PROVIDER).data() for r in (0, 2)] == [
        "Mercy Hospital",
        "Capitol Physical Therapy",
    ]
    assert model.index(0, COL_DATES).data() == "06/14/2026"
    assert model.index(0, COL_BILLED).data() == "$4,850.00"
    assert model.index(0, COL_RECORDS).data() == "mercy-er.pdf, pp. 1–3"
    gap = model.index(1, 0)
    assert gap.data() == "Gap in treatment: 47 days, Jun 14 – Jul 31, 2026"
    background = gap.data(Qt.ItemDataRole.BackgroundRole)
    assert isinstance(background, QBrush) and background.color() == GAP_BACKGROUND
    assert panel.table.columnSpan(1, 0) == len(ChronologyTableModel.HEADERS)
    text = panel.totals.text()
    assert "2 visits" in text and "2 providers" in text and "$5,135.50" in text and "1</b> gap" in text


def test_the_threshold_changes_the_gaps_and_is_remembered(
    qtbot: QtBot, services: Services, settings: QSettings, case: tuple[Case, dict[str, int]]
) -> None:
    """At 47 days the 47-day break is no gap; a new panel starts at 47 again."""
    panel = make_panel(qtbot, services, settings, case[0].id)
    assert panel.gap_days.value() == 30
    panel.gap_days.setFocus()
    panel.gap_days.selectAll()
    qtbot.keyClicks(panel.gap_days, "47")
    qtbot.keyClick(panel.gap_days, Qt.Key.Key_Return)
    assert panel.model.rowCount() == 2
    assert panel.chronology is not None and panel.chronology.gaps == []
    qtbot.keyClick(panel.gap_days, Qt.Key.Key_Down)  # 46 days: a gap again
    assert isinstance(panel.model.row_at(1), TreatmentGap)
    assert int(str(settings.value(GAP_DAYS_KEY))) == 46
    again = make_panel(qtbot, services, settings, case[0].id)
    assert again.gap_days.value() == 46
    assert again.model.rowCount() == 3


def test_double_click_asks_to_open_the_record(
    qtbot: QtBot, services: Services, settings: QSettings, case: tuple[Case, dict[str, int]]
) -> None:
    """A visit cited to a document asks for its first page; the gap and an uncited visit ask nothing."""
    panel = make_panel(qtbot, services, settings, case[0].id)
    opened: list[tuple[int, int]] = []
    panel.open_requested.connect(lambda document, page: opened.append((document, page)))
    for row in (0, 1, 2):
        rect = panel.table.visualRect(panel.model.index(row, COL_PROVIDER))
        qtbot.mouseClick(panel.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
        qtbot.mouseDClick(panel.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert opened == [(case[1]["document"], 1)]


@pytest.mark.parametrize("suffix", [".pdf", ".xlsx"])
def test_export_writes_the_file_and_says_where(
    qtbot: QtBot,
    services: Services,
    settings: QSettings,
    case: tuple[Case, dict[str, int]],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    suffix: str,
) -> None:
    """The file chosen is written in the background; the status line names it; the figures match."""
    target = tmp_path / f"out{suffix}"
    asked: list[str] = []

    def ask(_parent: Any, _title: str, suggested: str, _suffix: str, _kind: str) -> Path:
        asked.append(suggested)
        return target

    monkeypatch.setattr(chronology_module, "ask_export_path", ask)
    panel = make_panel(qtbot, services, settings, case[0].id)
    button = panel.pdf_button if suffix == ".pdf" else panel.xlsx_button
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "Saved the chronology to" in panel.status.text(), timeout=10_000)
    assert str(target) in panel.status.text()
    assert asked == [f"{case[0].number} chronology{suffix}"]
    assert button.isEnabled()
    if suffix == ".pdf":
        from pypdf import PdfReader

        text = " ".join(" ".join(p.extract_text() for p in PdfReader(target).pages).split())
        assert "Gap in treatment: 47 days" in text and "$5,135.50" in text
    else:
        sheet = openpyxl.load_workbook(target)["Chronology"]
        assert [sheet["C6"].value, float(sheet["I6"].value), sheet["K7"].value] == [
            "Mercy Hospital",
            4850.0,
            47,
        ]


def test_a_failed_export_is_explained(
    qtbot: QtBot,
    services: Services,
    settings: QSettings,
    case: tuple[Case, dict[str, int]],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A folder that does not exist: the message box says so and the status line too."""
    monkeypatch.setattr(chronology_module, "ask_export_path", lambda *_args: tmp_path / "gone" / "c.pdf")
    shown: list[str] = []
    monkeypatch.setattr(
        chronology_module, "show_error", lambda _parent, _title, error: shown.append(error.message)
    )
    panel = make_panel(qtbot, services, settings, case[0].id)
    qtbot.mouseClick(panel.pdf_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bool(shown), timeout=10_000)
    assert "does not exist" in shown[0]
    assert panel.status.text().startswith("Not saved:")


def test_empty_states(qtbot: QtBot, services: Services, settings: QSettings, make_case: MakeCase) -> None:
    """No case, then a case with nothing indexed: a message, no exports."""
    panel = make_panel(qtbot, services, settings, None)
    assert panel.empty_label.text() == "No case selected."
    panel.set_case(make_case().id)
    assert panel.empty_label.text() == EMPTY_TEXT
    assert not panel.pdf_button.isEnabled() and not panel.xlsx_button.isEnabled()


def test_chronology_model(
    qtmodeltester: Any, services: Services, settings: QSettings, case: tuple[Case, dict[str, int]]
) -> None:
    """The chronology's model passes Qt's model checks."""
    chronology = services.records.chronology(case[0].id or 0)
    model = ChronologyTableModel()
    model.set_rows(chronology.rows)
    qtmodeltester.check(model)
