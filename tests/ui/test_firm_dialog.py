"""The Firm Details dialog, driven as a case manager would."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox, QWidget
from pytestqt.qtbot import QtBot

from casedesk.domain.firm import FirmProfile
from casedesk.services.casefiles import Services, open_services
from casedesk.ui.firm import FirmDialog
from tests.conftest import fixed_clock


def save_button(dialog: FirmDialog) -> QWidget:
    button: QWidget = dialog.buttons.button(QDialogButtonBox.StandardButton.Save)
    return button


def shown(qtbot: QtBot, services: Services) -> FirmDialog:
    dialog = FirmDialog(services.firm)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    return dialog


def test_typing_the_letterhead_and_saving_it_keeps_it(
    qtbot: QtBot, services: Services, db_path: Path
) -> None:
    dialog = shown(qtbot, services)
    assert save_button(dialog).isEnabled()  # nothing typed yet: an empty letterhead is allowed
    qtbot.keyClicks(dialog.name, "Whitfield & Ruiz, P.C.")
    qtbot.keyClicks(dialog.address, "1200 Congress Ave, Suite 400")
    qtbot.keyClick(dialog.address, Qt.Key.Key_Return)
    qtbot.keyClicks(dialog.address, "Austin, TX 78701")
    qtbot.keyClicks(dialog.phone, "(512) 555-0100")
    qtbot.keyClicks(dialog.fax, "(512) 555-0101")
    qtbot.keyClicks(dialog.email, "office@whitfieldruiz.example")
    qtbot.keyClicks(dialog.website, "www.whitfieldruiz.example")
    qtbot.mouseClick(save_button(dialog), Qt.MouseButton.LeftButton)
    assert dialog.saved is not None
    services.close()
    reopened = open_services(db_path, clock=fixed_clock)
    try:
        assert reopened.firm.profile() == FirmProfile(
            name="Whitfield & Ruiz, P.C.",
            address="1200 Congress Ave, Suite 400\nAustin, TX 78701",
            phone="(512) 555-0100",
            fax="(512) 555-0101",
            email="office@whitfieldruiz.example",
            website="www.whitfieldruiz.example",
        )
        again = FirmDialog(reopened.firm)
        qtbot.addWidget(again)
        assert again.name.text() == "Whitfield & Ruiz, P.C."
        assert again.address.toPlainText() == "1200 Congress Ave, Suite 400\nAustin, TX 78701"
    finally:
        reopened.close()


def test_bad_fields_keep_save_off_and_say_why(qtbot: QtBot, services: Services) -> None:
    dialog = shown(qtbot, services)
    qtbot.keyClicks(dialog.email, "office at example")
    assert "email address" in dialog.labels["email"].text()
    assert not save_button(dialog).isEnabled()
    qtbot.keyClicks(dialog.fax, "abc")
    assert "fax number" in dialog.labels["fax"].text()
    dialog.email.clear()
    dialog.fax.clear()
    qtbot.keyClicks(dialog.phone, "(512) 555-0100")
    assert not save_button(dialog).isEnabled()  # a phone without the firm's name
    dialog.form_errors.touch("name")
    qtbot.keyClicks(dialog.name, "W")
    dialog.name.clear()
    assert "firm's name" in dialog.labels["name"].text()
    qtbot.keyClicks(dialog.name, "Whitfield & Ruiz")
    assert save_button(dialog).isEnabled()
    qtbot.mouseClick(save_button(dialog), Qt.MouseButton.LeftButton)
    assert services.firm.profile().phone == "(512) 555-0100"
