"""The Witnesses sub-tab and its dialog, driven as a case manager would."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import pytest
from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtWidgets import QDialogButtonBox, QWidget
from pytestqt.qtbot import QtBot

from casedesk.domain.activity import ActivityKind
from casedesk.domain.cases import Case
from casedesk.domain.contacts import Contact, ContactRole
from casedesk.domain.providers import CaseProvider
from casedesk.domain.witnesses import Witness, WitnessKind
from casedesk.services.casefiles import Services
from casedesk.store.exhibits import ExhibitRow
from casedesk.ui.trial.witness_dialog import WitnessDialog
from casedesk.ui.trial.witness_model import WITNESS_MIME, WitnessTableModel
from casedesk.ui.trial.witnesses import EMPTY, NO_CASE, WitnessesPanel

MakeCase = Callable[..., Case]


@dataclass(frozen=True)
class FakeExhibit:
    id: int | None
    description: str


@dataclass(frozen=True)
class FakeChoice:
    exhibit: FakeExhibit
    label: str


class ExhibitList:
    """The exhibits list as the exhibits service gives it: rows stored in the case file, numbered."""

    def __init__(self, services: Services) -> None:
        self._services = services
        self.reads = 0

    def add(self, case_id: int, *descriptions: str) -> list[int]:
        with self._services._case_file.session() as session:
            rows = [
                ExhibitRow(case_id=case_id, party="plaintiff", position=i, description=d, status="identified")
                for i, d in enumerate(descriptions)
            ]
            session.add_all(rows)
            session.flush()
            return [row.id for row in rows]

    def exhibits(self, case_id: int) -> Sequence[FakeChoice]:
        self.reads += 1
        with self._services._case_file.session() as session:
            rows = session.query(ExhibitRow).filter_by(case_id=case_id).order_by(ExhibitRow.id).all()
            return [
                FakeChoice(FakeExhibit(row.id, row.description), f"Plaintiff's Exhibit {n}")
                for n, row in enumerate(rows, start=1)
            ]


def show(qtbot: QtBot, widget: QWidget) -> None:
    widget.show()
    qtbot.waitExposed(widget)
    widget.activateWindow()
    qtbot.waitUntil(widget.isActiveWindow)


@pytest.fixture
def case_id(make_case: MakeCase) -> int:
    return make_case().id or 0


@pytest.fixture
def exhibit_list(services: Services) -> ExhibitList:
    return ExhibitList(services)


def shown_panel(
    qtbot: QtBot, services: Services, exhibits: ExhibitList, case_id: int | None
) -> WitnessesPanel:
    panel = WitnessesPanel(services.witnesses, services.contacts, exhibits)
    qtbot.addWidget(panel)
    panel.resize(1100, 700)
    show(qtbot, panel)
    panel.set_case(case_id)
    return panel


def cells(panel: WitnessesPanel, row: int) -> list[str]:
    return [panel.model.index(row, column).data() for column in range(panel.model.columnCount())]


def names(panel: WitnessesPanel) -> list[str]:
    return [panel.model.index(row, 1).data() for row in range(panel.model.rowCount())]


def save_button(dialog: WitnessDialog) -> QWidget:
    button: QWidget = dialog.buttons.button(QDialogButtonBox.StandardButton.Save)
    return button


def add(services: Services, case_id: int, *people: str) -> list[int]:
    ids = []
    for name in people:
        contact = services.contacts.create(Contact(name=name, role=ContactRole.WITNESS))
        ids.append(services.witnesses.add(Witness(case_id=case_id, contact_id=contact.id or 0)).id)
    return ids


def test_model_passes_the_model_tester(qtmodeltester: Any, services: Services, case_id: int) -> None:
    """The witness model is a well-behaved Qt model, empty and filled."""
    model = WitnessTableModel()
    qtmodeltester.check(model)
    add(services, case_id, "Eve Witness", "Dr. Ana Ruiz")
    model.set_rows(services.witnesses.witnesses(case_id))
    qtmodeltester.check(model)


def test_empty_states(qtbot: QtBot, services: Services, exhibit_list: ExhibitList, case_id: int) -> None:
    """No case: nothing to add to; a case without witnesses says what to do."""
    panel = shown_panel(qtbot, services, exhibit_list, case_id)
    assert panel.empty_label.isVisible() and panel.empty_label.text() == EMPTY
    assert panel.add_button.isEnabled() and not panel.edit_button.isEnabled()
    panel.set_case(None)
    assert panel.empty_label.text() == NO_CASE
    assert not panel.add_button.isEnabled()


@pytest.mark.qt_log_ignore("This plugin does not support grabbing the keyboard")  # the name's completer
def test_adding_a_new_witness_is_checked_as_typed_and_saved(
    qtbot: QtBot,
    services: Services,
    exhibit_list: ExhibitList,
    case_id: int,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A new name becomes a contact; a bad phone and a future subpoena are refused until fixed."""
    mri, bills, photo = exhibit_list.add(case_id, "MRI report", "Itemized bills", "Scene photo")
    panel = shown_panel(qtbot, services, exhibit_list, case_id)

    def ask(_cls: Any, parent: Any, *args: Any) -> Any:
        dialog = WitnessDialog(*args, parent=parent)
        show(qtbot, dialog)
        assert not save_button(dialog).isEnabled()  # no name yet
        qtbot.keyClicks(dialog.name, "Dr. Ana Ruiz")
        assert "saving adds Dr. Ana Ruiz" in dialog.contact_hint.text()
        dialog.kind.setCurrentIndex(dialog.kind.findData(WitnessKind.TREATING_PHYSICIAN))
        qtbot.keyClicks(dialog.organization, "Austin Ortho")
        qtbot.keyClicks(dialog.phone, "12")
        assert dialog.labels["contact_phone"].text()
        assert not save_button(dialog).isEnabled()
        dialog.phone.clear()
        qtbot.keyClicks(dialog.phone, "(512) 555-0177")
        qtbot.keyClicks(dialog.subpoena, "12/01/2026")
        assert "future" in dialog.labels["subpoena_served_on"].text()
        assert not save_button(dialog).isEnabled()
        dialog.subpoena.clear()
        qtbot.keyClicks(dialog.subpoena, "11/02/2026")
        assert not dialog.labels["subpoena_served_on"].isVisible()
        qtbot.keyClicks(dialog.availability, "Afternoons only")
        qtbot.keyClicks(dialog.topics, "Diagnosis and surgery")
        qtbot.keyClicks(dialog.outline, "1. Qualifications")
        # pick the photo, then the MRI, then put the MRI first
        dialog.available.setCurrentRow(2)
        qtbot.mouseClick(dialog.use_button, Qt.MouseButton.LeftButton)
        dialog.available.setCurrentRow(0)
        qtbot.mouseClick(dialog.use_button, Qt.MouseButton.LeftButton)
        assert dialog.exhibit_ids() == [photo, mri]
        qtbot.mouseClick(dialog.up_button, Qt.MouseButton.LeftButton)
        assert dialog.exhibit_ids() == [mri, photo]
        assert dialog.available.count() == 1
        assert save_button(dialog).isEnabled()
        qtbot.mouseClick(save_button(dialog), Qt.MouseButton.LeftButton)
        return dialog.saved

    monkeypatch.setattr(WitnessDialog, "ask", classmethod(ask))
    with qtbot.waitSignals([panel.witnesses_changed, panel.timeline_changed, panel.contacts_changed]):
        panel.add_button.setFocus()  # the empty list shows no table to focus
        qtbot.keyClick(panel.add_button, Qt.Key.Key_Insert)
    assert cells(panel, 0) == [
        "1",
        "Dr. Ana Ruiz",
        "Treating physician",
        "11/02/2026",
        "2",
        "Afternoons only",
    ]
    saved = services.witnesses.witnesses(case_id)[0]
    assert saved.exhibit_ids == (mri, photo)
    assert (saved.organization, saved.phone, saved.witness.outline) == (
        "Austin Ortho",
        "(512) 555-0177",
        "1. Qualifications",
    )
    assert services.contacts.get(saved.witness.contact_id).role is ContactRole.MEDICAL_PROVIDER
    entries = services.timeline.entries(case_id)
    assert [(e.kind, e.subject) for e in entries] == [(ActivityKind.NOTE, "Subpoena served: Dr. Ana Ruiz")]
    details = panel.details.toPlainText()
    assert "Plaintiff's Exhibit 1 — MRI report" in details and "Diagnosis and surgery" in details
    assert bills not in saved.exhibit_ids


@pytest.mark.qt_log_ignore("This plugin does not support")  # the name's completer popup, offscreen
def test_a_suggestion_fills_the_name_and_kind_and_a_listed_contact_is_refused(
    qtbot: QtBot, services: Services, exhibit_list: ExhibitList, case_id: int
) -> None:
    """A provider is suggested as a treating physician; someone listed already cannot be added."""
    add(services, case_id, "Eve Witness")
    doc = services.contacts.create(Contact(name="Dr. Ana Ruiz", role=ContactRole.MEDICAL_PROVIDER))
    services.providers.add_provider(CaseProvider(case_id=case_id, contact_id=doc.id or 0, specialty="Ortho"))
    dialog = WitnessDialog(
        services.witnesses, services.contacts, case_id, [], services.witnesses.witnesses(case_id)
    )
    qtbot.addWidget(dialog)
    assert dialog.suggested.count() == 2  # the prompt and the provider (Eve is listed already)
    dialog.suggested.setCurrentIndex(1)
    assert dialog.name.text() == "Dr. Ana Ruiz"
    assert dialog.kind.currentData() == WitnessKind.TREATING_PHYSICIAN
    assert dialog.contact_hint.text().startswith("From contacts")
    assert "no exhibits yet" in dialog.exhibits_hint.text()
    dialog.name.clear()
    qtbot.keyClicks(dialog.name, "eve witness")
    assert "already on this case's witness list" in dialog.labels["contact"].text()
    assert not save_button(dialog).isEnabled()
    dialog.name.clear()
    qtbot.keyClicks(dialog.name, "Dr. Ana Ruiz")
    with qtbot.waitSignal(dialog.accepted):
        qtbot.mouseClick(save_button(dialog), Qt.MouseButton.LeftButton)
    assert dialog.saved is not None and dialog.saved.witness.contact_id == doc.id
    assert len(services.contacts.find()) == 2  # no duplicate contact


def test_editing_changes_the_outline_and_the_order_of_exhibits(
    qtbot: QtBot,
    services: Services,
    exhibit_list: ExhibitList,
    case_id: int,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Enter opens the selected witness; Ctrl+Shift+Down moves an exhibit later; Save keeps it all."""
    first, second = exhibit_list.add(case_id, "Police report", "Dashcam stills")
    (witness_id,) = add(services, case_id, "Eve Witness")
    services.witnesses.set_exhibits(witness_id, [first, second])
    panel = shown_panel(qtbot, services, exhibit_list, case_id)
    panel.table.selectRow(0)

    def ask(_cls: Any, parent: Any, *args: Any) -> Any:
        dialog = WitnessDialog(*args, parent=parent)
        show(qtbot, dialog)
        assert dialog.windowTitle() == "Witness — Eve Witness"
        qtbot.keyClicks(dialog.outline, "Where she stood")
        dialog.chosen.setFocus()
        dialog.chosen.setCurrentRow(0)
        qtbot.keyClick(
            dialog.chosen,
            Qt.Key.Key_Down,
            Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
        )
        assert dialog.exhibit_ids() == [second, first]
        qtbot.mouseClick(save_button(dialog), Qt.MouseButton.LeftButton)
        return dialog.saved

    monkeypatch.setattr(WitnessDialog, "ask", classmethod(ask))
    with qtbot.waitSignal(panel.witnesses_changed):
        qtbot.keyClick(panel.table, Qt.Key.Key_Return)
    saved = services.witnesses.witness(witness_id)
    assert saved.witness.outline == "Where she stood"
    assert saved.exhibit_ids == (second, first)
    assert panel.selected_witness() == saved


def test_cancelling_a_changed_form_asks_first(
    qtbot: QtBot, services: Services, exhibit_list: ExhibitList, case_id: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Picking an exhibit counts as a change: Cancel asks before throwing it away."""
    exhibit_list.add(case_id, "Police report")
    (witness_id,) = add(services, case_id, "Eve Witness")
    view = services.witnesses.witness(witness_id)
    dialog = WitnessDialog(
        services.witnesses, services.contacts, case_id, exhibit_list.exhibits(case_id), [view], view
    )
    qtbot.addWidget(dialog)
    assert not dialog.has_changes()
    dialog.available.setCurrentRow(0)
    dialog.use_selected()
    assert dialog.has_changes()
    asked: list[str] = []
    monkeypatch.setattr("casedesk.ui.forms.confirm", lambda *args: asked.append(args[2]) or False)
    dialog.reject()
    assert asked == ["Discard your changes to this witness?"]
    assert services.witnesses.witness(witness_id).exhibit_ids == ()


def test_moving_witnesses_by_keys_buttons_and_dragging(
    qtbot: QtBot, services: Services, exhibit_list: ExhibitList, case_id: int
) -> None:
    """The order of appearance changes, is saved, and the moved witness stays selected."""
    add(services, case_id, "Ann", "Ben", "Cy")
    panel = shown_panel(qtbot, services, exhibit_list, case_id)
    panel.table.setFocus()
    panel.table.selectRow(0)
    assert not panel.up_button.isEnabled()
    with qtbot.waitSignal(panel.witnesses_changed):
        qtbot.keyClick(
            panel.table,
            Qt.Key.Key_Down,
            Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
        )
    assert names(panel) == ["Ben", "Ann", "Cy"]
    assert panel.selected_witness() is not None and panel.selected_witness().name == "Ann"  # type: ignore[union-attr]
    qtbot.mouseClick(panel.down_button, Qt.MouseButton.LeftButton)
    assert names(panel) == ["Ben", "Cy", "Ann"]
    assert not panel.down_button.isEnabled()
    assert cells(panel, 2)[0] == "3"

    # drag Ann (last) onto the first row
    model = panel.model
    data = model.mimeData([model.index(2, 0)])
    assert data.hasFormat(WITNESS_MIME)
    with qtbot.waitSignal(panel.witnesses_changed):
        model.dropMimeData(data, Qt.DropAction.MoveAction, -1, -1, model.index(0, 0))
    assert names(panel) == ["Ann", "Ben", "Cy"]
    # drag Ann between Ben and Cy
    data = model.mimeData([model.index(0, 0)])
    with qtbot.waitSignal(panel.witnesses_changed):
        assert not model.dropMimeData(data, Qt.DropAction.MoveAction, 2, 0, QModelIndex())
    assert names(panel) == ["Ben", "Ann", "Cy"]
    assert [v.name for v in services.witnesses.witnesses(case_id)] == ["Ben", "Ann", "Cy"]


def test_delete_and_undo(qtbot: QtBot, services: Services, exhibit_list: ExhibitList, case_id: int) -> None:
    """Del removes the witness at once; Ctrl+Z puts it back in its place with its exhibits."""
    (exhibit,) = exhibit_list.add(case_id, "Police report")
    ids = add(services, case_id, "Ann", "Ben", "Cy")
    services.witnesses.set_exhibits(ids[1], [exhibit])
    panel = shown_panel(qtbot, services, exhibit_list, case_id)
    panel.table.setFocus()
    panel.table.selectRow(1)
    with qtbot.waitSignal(panel.witnesses_changed):
        qtbot.keyClick(panel.table, Qt.Key.Key_Delete)
    assert names(panel) == ["Ann", "Cy"]
    assert panel.undo_bar.isVisible() and panel.undo_bar.label.text() == "Deleted the witness Ben."
    with qtbot.waitSignal(panel.witnesses_changed):
        qtbot.keyClick(panel.table, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert names(panel) == ["Ann", "Ben", "Cy"]
    assert not panel.undo_bar.isVisible()
    assert services.witnesses.witness(ids[1]).exhibit_ids == (exhibit,)
    assert panel.selected_witness() is not None and panel.selected_witness().name == "Ben"  # type: ignore[union-attr]


def test_refresh_reads_the_exhibits_again(
    qtbot: QtBot, services: Services, exhibit_list: ExhibitList, case_id: int
) -> None:
    """The exhibits panel's changes reach the witness details once refresh is called."""
    (witness_id,) = add(services, case_id, "Ann")
    (exhibit,) = exhibit_list.add(case_id, "Police report")
    services.witnesses.set_exhibits(witness_id, [exhibit])
    panel = shown_panel(qtbot, services, exhibit_list, case_id)
    panel.table.selectRow(0)
    assert "Plaintiff's Exhibit 1 — Police report" in panel.details.toPlainText()
    with services._case_file.session() as session:
        row = session.get(ExhibitRow, exhibit)
        assert row is not None
        row.description = "Crash report"
    reads = exhibit_list.reads
    panel.refresh()
    assert exhibit_list.reads == reads + 1
    assert "Plaintiff's Exhibit 1 — Crash report" in panel.details.toPlainText()


def test_the_exhibit_list_feeds_the_witness_panel(qtbot: QtBot, services: Services, case_id: int) -> None:
    """With the real exhibits service, the witness's exhibits show by their list numbers."""
    from casedesk.domain.exhibits import Exhibit, ExhibitParty

    mri = services.exhibits.add(
        Exhibit(case_id=case_id, party=ExhibitParty.PLAINTIFF, description="MRI report")
    )
    ime = services.exhibits.add(
        Exhibit(case_id=case_id, party=ExhibitParty.DEFENDANT, description="IME report")
    )
    (witness_id,) = add(services, case_id, "Dr. Ana Ruiz")
    services.witnesses.set_exhibits(witness_id, [ime.exhibit.id or 0, mri.exhibit.id or 0])
    panel = WitnessesPanel(services.witnesses, services.contacts, services.exhibits)
    qtbot.addWidget(panel)
    panel.set_case(case_id)
    panel.table.selectRow(0)
    details = panel.details.toPlainText()
    assert details.index("Defendant's Exhibit A — IME report") < details.index(
        "Plaintiff's Exhibit 1 — MRI report"
    )
