"""Two people edit the same record: the second save is refused showing who changed what, nothing is lost."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog
from pytestqt.qtbot import QtBot

from casedesk.domain.activity import Activity, ActivityKind
from casedesk.domain.cases import Case, Client
from casedesk.domain.exhibits import Exhibit, ExhibitParty
from casedesk.services.casefiles import Services
from casedesk.ui.cases.dialogs import CaseDialog, ClientDialog
from casedesk.ui.conflicts import ConflictBox
from casedesk.ui.timeline.dialogs import ActivityDialog
from casedesk.ui.trial.exhibit_dialog import ExhibitDialog
from tests.conftest import NOW
from tests.ui.conftest import click_save


@pytest.fixture
def other(open_case: Callable[..., Services]) -> Any:
    """A second connection to the same case file: another person (another casedesk) saving."""
    opened = open_case()
    yield opened
    opened.close()


def answer_conflict(monkeypatch: pytest.MonkeyPatch, qtbot: QtBot, button: str) -> list[ConflictBox]:
    """Answer the conflict question by clicking ``button`` ("theirs", "mine" or "cancel") in the real box."""
    shown: list[ConflictBox] = []

    def exec_(box: ConflictBox) -> int:
        shown.append(box)
        qtbot.mouseClick(getattr(box, button), Qt.MouseButton.LeftButton)
        return 0

    monkeypatch.setattr(ConflictBox, "exec", exec_)
    return shown


def retype(qtbot: QtBot, field: Any, text: str) -> None:
    field.clear()
    qtbot.keyClicks(field, text)


def test_keep_mine_saves_over_their_change_knowingly(
    qtbot: QtBot,
    monkeypatch: pytest.MonkeyPatch,
    services: Services,
    other: Services,
    make_client: Callable[..., Client],
) -> None:
    """The second save is refused with who changed what; the form keeps the typing; Keep Mine saves it."""
    client = make_client()
    dialog = ClientDialog(services.cases, client)
    qtbot.addWidget(dialog)
    retype(qtbot, dialog.fields.email, "maria@alvarez.example")
    theirs = other.cases.get_client(client.id or 0)
    other.cases.update_client(replace(theirs, phone="(512) 555-0199"), expected=theirs)

    shown = answer_conflict(monkeypatch, qtbot, "mine")
    click_save(qtbot, dialog)
    assert len(shown) == 1
    box = shown[0]
    assert f"{other.user} changed this client after you opened it" in box.text()
    assert "Phone" in box.informativeText()
    assert "(512) 555-0142" in box.informativeText() and "(512) 555-0199" in box.informativeText()
    assert dialog.result() != QDialog.DialogCode.Accepted  # still open
    assert dialog.fields.email.text() == "maria@alvarez.example"  # nothing typed was lost
    assert services.cases.get_client(client.id or 0).email == client.email  # nothing overwritten yet

    click_save(qtbot, dialog)  # the next Save replaces theirs, knowingly
    assert len(shown) == 1
    assert dialog.result() == QDialog.DialogCode.Accepted
    stored = other.cases.get_client(client.id or 0)
    assert stored.email == "maria@alvarez.example"
    assert stored.phone == client.phone  # the form's phone (as opened) replaced theirs: the user chose it


def test_use_their_version_reloads_the_form(
    qtbot: QtBot,
    monkeypatch: pytest.MonkeyPatch,
    services: Services,
    other: Services,
    make_case: Callable[..., Case],
) -> None:
    """Use Their Version shows what they saved; saving then keeps their change and adds mine."""
    case = make_case()
    dialog = CaseDialog(services.cases, case)
    qtbot.addWidget(dialog)
    retype(qtbot, dialog.next_action, "Call the adjuster")
    theirs = other.cases.get_case(case.id or 0)
    other.cases.update_case(replace(theirs, caption="Alvarez v. Metro Transit"), expected=theirs)

    shown = answer_conflict(monkeypatch, qtbot, "theirs")
    click_save(qtbot, dialog)
    assert len(shown) == 1 and "Caption" in shown[0].informativeText()
    assert dialog.result() != QDialog.DialogCode.Accepted
    assert dialog.caption.text() == "Alvarez v. Metro Transit"
    assert dialog.next_action.text() == ""  # their version: my typing is dropped
    retype(qtbot, dialog.next_action, "Call the adjuster")
    click_save(qtbot, dialog)
    assert dialog.result() == QDialog.DialogCode.Accepted
    stored = other.cases.get_case(case.id or 0)
    assert (stored.caption, stored.next_action) == ("Alvarez v. Metro Transit", "Call the adjuster")


def test_cancel_leaves_the_form_and_the_next_save_is_refused_again(
    qtbot: QtBot,
    monkeypatch: pytest.MonkeyPatch,
    services: Services,
    other: Services,
    make_client: Callable[..., Client],
) -> None:
    """Closing the question without choosing saves nothing; the next Save asks again."""
    client = make_client()
    dialog = ClientDialog(services.cases, client)
    qtbot.addWidget(dialog)
    retype(qtbot, dialog.fields.phone, "(512) 555-0100")
    theirs = other.cases.get_client(client.id or 0)
    other.cases.update_client(replace(theirs, language="Spanish"), expected=theirs)
    shown = answer_conflict(monkeypatch, qtbot, "cancel")
    click_save(qtbot, dialog)
    click_save(qtbot, dialog)
    assert len(shown) == 2
    assert dialog.fields.phone.text() == "(512) 555-0100"
    assert services.cases.get_client(client.id or 0) == replace(client, language="Spanish")


def test_a_timeline_entry_changed_meanwhile_is_not_overwritten(
    qtbot: QtBot,
    monkeypatch: pytest.MonkeyPatch,
    services: Services,
    other: Services,
    make_case: Callable[..., Case],
) -> None:
    """Editing a timeline entry someone else just changed: their change is shown, then kept with mine."""
    case_id = make_case().id or 0
    activity = services.timeline.add(
        Activity(case_id=case_id, kind=ActivityKind.CALL, occurred_at=NOW, subject="Called adjuster")
    )
    dialog = ActivityDialog(services.timeline, case_id, activity)
    qtbot.addWidget(dialog)
    qtbot.keyClicks(dialog.body, "Left a message.")
    other.timeline.update(replace(activity, subject="Called adjuster (Ms. Lee)"), activity)
    shown = answer_conflict(monkeypatch, qtbot, "theirs")
    click_save(qtbot, dialog)
    assert len(shown) == 1 and "Called adjuster (Ms. Lee)" in shown[0].informativeText()
    assert dialog.subject.text() == "Called adjuster (Ms. Lee)"
    qtbot.keyClicks(dialog.body, "Left a message.")
    click_save(qtbot, dialog)
    assert dialog.result() == QDialog.DialogCode.Accepted
    (stored,) = other.timeline.entries(case_id)
    assert (stored.subject, stored.body) == ("Called adjuster (Ms. Lee)", "Left a message.")


def test_an_exhibit_opened_from_the_list_saves_and_refuses_a_stale_save(
    qtbot: QtBot,
    monkeypatch: pytest.MonkeyPatch,
    services: Services,
    other: Services,
    make_case: Callable[..., Case],
) -> None:
    """An exhibit edited as listed saves; edited after someone else's change, it asks first."""
    case_id = make_case().id or 0
    services.exhibits.add(Exhibit(case_id=case_id, party=ExhibitParty.PLAINTIFF, description="MRI report"))
    (listed,) = services.exhibits.exhibits(case_id)
    dialog = ExhibitDialog(services.exhibits, case_id, listed)
    qtbot.addWidget(dialog)
    retype(qtbot, dialog.description, "MRI report, lumbar spine")
    shown = answer_conflict(monkeypatch, qtbot, "mine")
    click_save(qtbot, dialog)
    assert shown == [] and dialog.result() == QDialog.DialogCode.Accepted

    (listed,) = services.exhibits.exhibits(case_id)
    dialog = ExhibitDialog(services.exhibits, case_id, listed)
    qtbot.addWidget(dialog)
    retype(qtbot, dialog.description, "MRI report (Dr. Ruiz)")
    other.exhibits.update(replace(listed.exhibit, description="MRI report, L4-L5"), listed.exhibit)
    click_save(qtbot, dialog)
    assert len(shown) == 1 and "MRI report, L4-L5" in shown[0].informativeText()
    click_save(qtbot, dialog)
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert other.exhibits.exhibits(case_id)[0].exhibit.description == "MRI report (Dr. Ruiz)"
