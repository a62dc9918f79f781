"""The Letters sub-tab: draft a letter as a case manager would, find it, save it, manage templates."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from docx import Document as DocxDocument
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog
from pytestqt.qtbot import QtBot

from casedesk.domain.cases import Case
from casedesk.domain.contacts import Contact, ContactRole
from casedesk.domain.errors import CasedeskError
from casedesk.domain.insurance import Claim, ClaimStatus, Coverage, Policy
from casedesk.domain.letters import Letter, LetterKind
from casedesk.domain.providers import CaseProvider
from casedesk.resources import resource_path
from casedesk.services.casefiles import Services
from casedesk.ui.insurance import letter_templates as templates_module
from casedesk.ui.insurance import letters as letters_module
from casedesk.ui.insurance.letter_model import LetterTableModel
from casedesk.ui.insurance.letter_templates import AddTemplateDialog, TemplatesDialog
from casedesk.ui.insurance.letters import LettersPanel


@pytest.fixture
def case(services: Services, make_case: Callable[..., Case]) -> Case:
    made = make_case(attorney="Dana Whitfield", facts="Rear-ended at a red light on Lamar Blvd.")
    assert made.id is not None
    policy = services.insurance.add_policy(
        Policy(case_id=made.id, coverage=Coverage.BODILY_INJURY, carrier="Lone Star Mutual")
    )
    assert policy.id is not None
    services.insurance.add_claim(
        Claim(case_id=made.id, policy_id=policy.id, claim_number="LS-4471", status=ClaimStatus.OPEN)
    )
    return made


@pytest.fixture
def panel(qtbot: QtBot, services: Services) -> LettersPanel:
    widget = LettersPanel(services.letters, services.insurance, services.providers)
    qtbot.addWidget(widget)
    widget.resize(1000, 700)
    widget.show()
    return widget


@pytest.fixture
def errors(monkeypatch: pytest.MonkeyPatch) -> list[CasedeskError]:
    shown: list[CasedeskError] = []
    monkeypatch.setattr(letters_module, "show_error", lambda _p, _t, error: shown.append(error))
    monkeypatch.setattr(templates_module, "show_error", lambda _p, _t, error: shown.append(error))
    return shown


def _draft(qtbot: QtBot, panel: LettersPanel) -> Letter:
    with (
        qtbot.waitSignal(panel.documents_changed, timeout=30_000),
        qtbot.waitSignal(panel.timeline_changed, timeout=30_000),
        qtbot.waitSignal(panel.letter_drafted, timeout=30_000) as drafted,
    ):
        qtbot.mouseClick(panel.draft_button, Qt.MouseButton.LeftButton)
    letter = drafted.args[0]
    assert isinstance(letter, Letter)
    return letter


def test_without_a_case_nothing_can_be_drafted(panel: LettersPanel) -> None:
    """Before a case is chosen the panel says so and offers nothing to click."""
    assert panel.no_case_label.isVisible()
    assert not panel.draft_button.isEnabled()
    assert not panel.open_button.isEnabled()


def test_a_demand_letter_is_drafted_listed_and_saved_as_docx(
    qtbot: QtBot,
    panel: LettersPanel,
    services: Services,
    case: Case,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    errors: list[CasedeskError],
) -> None:
    """Choose the demand template and the claim, type a demand, draft: the letter is listed and saved."""
    panel.set_case(case.id)
    assert panel.empty_label.isVisible() and not panel.table.isVisible()
    assert panel.choose_template(LetterKind.DEMAND.label)
    assert panel.claim_combo.isVisible() and panel.claim_combo.currentText().startswith("Lone Star Mutual")
    assert "Firm Details" in panel.warnings_label.text() and panel.firm_button.isVisible()
    with qtbot.waitSignal(panel.firm_details_requested):
        qtbot.mouseClick(panel.firm_button, Qt.MouseButton.LeftButton)

    qtbot.keyClicks(panel.override_field, "12x")
    assert panel.override_error.isVisible() and not panel.draft_button.isEnabled()
    panel.override_field.clear()
    qtbot.keyClicks(panel.override_field, "85,000")
    assert not panel.override_error.isVisible() and panel.draft_button.isEnabled()

    letter = _draft(qtbot, panel)
    assert errors == []
    assert panel.model.rowCount() == 1 and panel.table.isVisible()
    assert panel.selected_letter() == letter and letter.kind is LetterKind.DEMAND
    assert "Edit the .docx in Word" in panel.notice.text()
    assert services.letters.letters(case.id or 0) == [letter]
    assert letter.document_id in {d.id for d in services.documents.documents(case.id or 0)}
    assert any("Demand letter" in a.subject for a in services.timeline.entries(case.id or 0))

    with qtbot.waitSignal(panel.open_document) as opened:
        qtbot.mouseClick(panel.open_button, Qt.MouseButton.LeftButton)
    assert opened.args == [letter.document_id, 1]

    asked: list[str] = []

    def ask(_title: str, suggested: str, suffix: str, _kind: str) -> Path:
        asked.append(suggested)
        return tmp_path / ("saved" + suffix)

    monkeypatch.setattr(panel, "ask_save_path", ask)
    qtbot.mouseClick(panel.docx_button, Qt.MouseButton.LeftButton)
    text = "\n".join(p.text for p in DocxDocument(str(tmp_path / "saved.docx")).paragraphs)
    assert "$85,000.00" in text
    assert panel.folder == tmp_path and asked[0].endswith(".docx")
    qtbot.mouseClick(panel.pdf_button, Qt.MouseButton.LeftButton)
    assert (tmp_path / "saved.pdf").read_bytes().startswith(b"%PDF")

    opened_files: list[Path] = []
    monkeypatch.setattr(panel, "open_file", lambda path: opened_files.append(path) or True)
    panel.notice.linkActivated.emit("word")
    assert opened_files == [tmp_path / "saved.docx"]


def test_a_records_request_needs_a_provider(
    qtbot: QtBot, panel: LettersPanel, services: Services, case: Case, errors: list[CasedeskError]
) -> None:
    """Without a provider on the case the records request cannot be drafted; with one chosen it can."""
    panel.set_case(case.id)
    assert panel.choose_template(LetterKind.RECORDS_REQUEST.label)
    assert panel.provider_combo.isVisible() and not panel.claim_combo.isVisible()
    assert not panel.provider_combo.isEnabled() and not panel.draft_button.isEnabled()
    assert "Choose the provider" in panel.warnings_label.text()
    assert not panel.override_field.isVisible()

    contact = services.contacts.create(
        Contact(name="Ironwood Imaging Center", role=ContactRole.MEDICAL_PROVIDER, is_organization=True)
    )
    assert contact.id is not None
    services.providers.add_provider(CaseProvider(case_id=case.id or 0, contact_id=contact.id))
    panel.refresh_claims()
    assert panel.provider_combo.currentText() == "Ironwood Imaging Center"
    assert panel.draft_button.isEnabled()
    letter = _draft(qtbot, panel)
    assert letter.kind is LetterKind.RECORDS_REQUEST and letter.provider_id is not None
    assert errors == []


def test_manage_templates_refuses_a_bad_file_adds_a_good_one_and_removes_it(
    qtbot: QtBot,
    services: Services,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    errors: list[CasedeskError],
) -> None:
    """A file that is not a Word document is refused with a message; a good one is added, then removed."""
    dialog = TemplatesDialog(services.letters)
    qtbot.addWidget(dialog)
    shipped = dialog.table.rowCount()
    assert shipped == 4
    dialog.table.selectRow(0)
    assert not dialog.remove_button.isEnabled() and "cannot be removed" in dialog.note.text()

    bad = tmp_path / "broken.docx"
    bad.write_bytes(b"not a zip at all")
    good = tmp_path / "Short demand.docx"
    good.write_bytes(resource_path("letters/demand.docx").read_bytes())
    seen: list[AddTemplateDialog] = []

    def run_add(dialog_self: AddTemplateDialog, path: Path, name: str) -> None:
        monkeypatch.setattr(dialog_self, "ask_file", lambda: path)
        qtbot.mouseClick(dialog_self.browse_button, Qt.MouseButton.LeftButton)
        dialog_self.name_edit.clear()
        qtbot.keyClicks(dialog_self.name_edit, name)
        qtbot.mouseClick(dialog_self.add_button, Qt.MouseButton.LeftButton)

    def ask_new_bad() -> Any:
        add = AddTemplateDialog(services.letters, dialog)
        qtbot.addWidget(add)
        add.show()
        seen.append(add)
        run_add(add, bad, "Broken")
        assert add.result() != QDialog.DialogCode.Accepted
        return add.added

    monkeypatch.setattr(dialog, "ask_new", ask_new_bad)
    qtbot.mouseClick(dialog.add_button, Qt.MouseButton.LeftButton)
    assert seen[0].file_error.isVisible() and seen[0].file_error.text()
    assert dialog.table.rowCount() == shipped

    def ask_new_good() -> Any:
        add = AddTemplateDialog(services.letters, dialog)
        qtbot.addWidget(add)
        add.show()
        qtbot.keyClicks(add.name_edit, LetterKind.DEMAND.label)
        assert "shipped" in add.name_error.text()
        add.kind_combo.setCurrentIndex(add.kind_combo.findText(LetterKind.PROPOSAL.label))
        run_add(add, good, "Short demand")
        return add.added

    monkeypatch.setattr(dialog, "ask_new", ask_new_good)
    with qtbot.waitSignal(dialog.templates_changed):
        qtbot.mouseClick(dialog.add_button, Qt.MouseButton.LeftButton)
    assert dialog.table.rowCount() == shipped + 1
    added = services.letters.templates()[-1]
    assert (added.name, added.kind, added.builtin) == ("Short demand", LetterKind.PROPOSAL, False)
    assert dialog.selected() is not None and dialog.remove_button.isEnabled()

    monkeypatch.setattr(templates_module, "confirm", lambda *_a: False)
    qtbot.mouseClick(dialog.remove_button, Qt.MouseButton.LeftButton)
    assert dialog.table.rowCount() == shipped + 1
    monkeypatch.setattr(templates_module, "confirm", lambda *_a: True)
    with qtbot.waitSignal(dialog.templates_changed):
        qtbot.mouseClick(dialog.remove_button, Qt.MouseButton.LeftButton)
    assert dialog.table.rowCount() == shipped and len(services.letters.templates()) == shipped
    assert errors == []


def test_letter_model_passes_the_model_tester(
    qtmodeltester: Any, qtbot: QtBot, panel: LettersPanel, case: Case
) -> None:
    """The letters' table model is a well-behaved Qt model, with and without rows."""
    model = LetterTableModel()
    qtmodeltester.check(model)
    panel.set_case(case.id)
    _draft(qtbot, panel)
    qtmodeltester.check(panel.model)
    assert panel.model.data(panel.model.index(0, 1)) == LetterKind.DEMAND.label
