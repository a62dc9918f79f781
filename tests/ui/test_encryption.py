"""File › Encrypt Case File…, Change Passphrase…, Remove Encryption…, and opening an encrypted file."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from casedesk.domain.errors import PassphraseError
from casedesk.services.encryption import is_encrypted
from casedesk.ui.encryption import NewPassphraseDialog, RemoveEncryptionDialog, passphrase_strength
from casedesk.ui.main_window import MainWindow
from casedesk.ui.passphrase import PassphraseDialog
from casedesk.ui.settings import AppSettings
from tests.ui.conftest import opener
from tests.ui.test_autolock import CLIENT, PASSPHRASE, make_case_file

NEW = "otter compass meadow 7"


def fill_new_passphrase(qtbot: QtBot, monkeypatch: pytest.MonkeyPatch, current: str, new: str) -> list[Any]:
    """Answer the new-passphrase dialog as a user: type the current one (if asked) and the new one twice."""
    seen: list[NewPassphraseDialog] = []

    def ask(
        _cls: type[NewPassphraseDialog],
        parent: QWidget | None,
        file_name: str,
        check_current: Callable[[str], bool] | None = None,
    ) -> Any:
        dialog = NewPassphraseDialog(file_name, check_current, parent)
        seen.append(dialog)
        if check_current is not None:
            qtbot.keyClicks(dialog.current.edit, current)
        qtbot.keyClicks(dialog.new.edit, new)
        qtbot.keyClicks(dialog.repeat.edit, new)
        qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
        if dialog.result() != NewPassphraseDialog.DialogCode.Accepted:
            return None
        return dialog.current_passphrase(), dialog.passphrase(), dialog.remove_backups.isChecked()

    monkeypatch.setattr(NewPassphraseDialog, "ask", classmethod(ask))
    return seen


def wait_reopened(qtbot: QtBot, window: MainWindow) -> None:
    qtbot.waitUntil(lambda: window.encryption.task is None and window.services is not None, timeout=20_000)


def test_the_new_passphrase_must_be_typed_the_same_twice(qtbot: QtBot) -> None:
    """A mismatch is named as it is typed and Encrypt stays disabled; a short one is refused too."""
    dialog = NewPassphraseDialog("alvarez.sqlite")
    qtbot.addWidget(dialog)
    dialog.show()
    assert not dialog.current.isVisible()
    assert "cannot be opened again by anyone" in dialog.warning.text()
    assert not dialog.ok_button.isEnabled()
    qtbot.keyClicks(dialog.new.edit, "short")
    assert "Too short" in dialog.strength.text()
    qtbot.keyClicks(dialog.new.edit, " but now long enough")
    qtbot.keyClicks(dialog.repeat.edit, "short but")
    assert dialog.mismatch.text() == ""  # still being typed
    qtbot.keyClicks(dialog.repeat.edit, "X")
    assert dialog.mismatch.text() == "The two passphrases do not match."
    assert not dialog.ok_button.isEnabled()
    qtbot.keyClick(dialog.repeat.edit, Qt.Key.Key_Backspace)
    qtbot.keyClicks(dialog.repeat.edit, " now long enough")
    assert dialog.mismatch.text() == ""
    assert dialog.ok_button.isEnabled()
    assert dialog.new.edit.echoMode() == dialog.new.edit.EchoMode.Password


@pytest.mark.parametrize(
    ("text", "score"),
    [("abc", 0), ("aaaaaaaaaa", 1), ("password1", 1), ("Tr0ub4dor&3x", 2), ("heron lantern quarry 42", 3)],
)
def test_the_strength_hint(text: str, score: int) -> None:
    """Short, repetitive and one-word passphrases are called weak; several words strong."""
    assert passphrase_strength(text)[0] == score


def test_encrypt_through_the_menu_then_restart_asks_for_the_passphrase(
    qtbot: QtBot,
    make_window: Callable[[Path | None], MainWindow],
    app_settings: AppSettings,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
) -> None:
    """Encrypting reopens the file encrypted; the next start asks for the passphrase, naming a wrong one."""
    path = make_case_file(tmp_path / "alvarez.sqlite", None)
    window = make_window(path)
    assert window.encryption.encrypt_action.isEnabled()
    assert not window.encryption.change_action.isEnabled()
    fill_new_passphrase(qtbot, monkeypatch, "", PASSPHRASE)

    window.encryption.encrypt_action.trigger()
    wait_reopened(qtbot, window)
    assert window.services is not None and window.services.encrypted
    assert is_encrypted(path)
    assert CLIENT.encode() not in path.read_bytes()
    assert "is now encrypted" in window.statusBar().currentMessage()
    assert not window.encryption.encrypt_action.isEnabled()
    assert window.encryption.change_action.isEnabled() and window.encryption.remove_action.isEnabled()
    window.close()

    shown: list[PassphraseDialog] = []
    answers = iter(["wrong guess", PASSPHRASE])

    def ask(_cls: type[PassphraseDialog], parent: QWidget | None, p: Path, error: PassphraseError) -> Any:
        dialog = PassphraseDialog(p, error, parent)
        qtbot.addWidget(dialog)
        shown.append(dialog)
        qtbot.keyClicks(dialog.field.edit, next(answers))
        qtbot.mouseClick(dialog.open_button, Qt.MouseButton.LeftButton)
        return dialog.passphrase()

    monkeypatch.setattr(PassphraseDialog, "ask", classmethod(ask))
    again = MainWindow(app_settings, opener)
    qtbot.addWidget(again)
    assert again.open_path(path)
    assert again.services is not None and again.services.encrypted
    assert len(shown) == 2
    assert not shown[0].problem.isVisibleTo(shown[0]) and shown[1].problem.isVisibleTo(shown[1])
    again.close()


def test_change_passphrase_checks_the_current_one(
    qtbot: QtBot, app_settings: AppSettings, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """A wrong current passphrase is refused in the dialog; the right one changes it, and the file reopens."""
    path = make_case_file(tmp_path / "alvarez.sqlite")
    window = MainWindow(app_settings, opener, opener(path, False, passphrase=PASSPHRASE))
    qtbot.addWidget(window)
    seen = fill_new_passphrase(qtbot, monkeypatch, "not the one", NEW)
    window.encryption.change_action.trigger()
    refused = seen[0]
    assert refused.result() != refused.DialogCode.Accepted
    assert refused.current_problem.isVisibleTo(refused)
    assert "not the current passphrase" in refused.current_problem.text()
    assert refused.current.text() == ""
    assert window.services is not None  # nothing was closed
    refused.reject()

    fill_new_passphrase(qtbot, monkeypatch, PASSPHRASE, NEW)
    window.encryption.change_action.trigger()
    wait_reopened(qtbot, window)
    assert window.services is not None and window.services.check_passphrase(NEW)
    assert "was changed" in window.statusBar().currentMessage()
    window.close()
    with pytest.raises(PassphraseError):
        opener(path, False, passphrase=PASSPHRASE)
    opener(path, False, passphrase=NEW).close()


def test_remove_encryption_is_confirmed_with_the_passphrase(
    qtbot: QtBot, app_settings: AppSettings, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """Remove Encryption needs the passphrase typed again; then the file opens as a plain one."""
    path = make_case_file(tmp_path / "alvarez.sqlite")
    window = MainWindow(app_settings, opener, opener(path, False, passphrase=PASSPHRASE))
    qtbot.addWidget(window)
    dialogs: list[RemoveEncryptionDialog] = []

    def ask(_cls: type[RemoveEncryptionDialog], parent: QWidget | None, name: str, check: Any) -> Any:
        dialog = RemoveEncryptionDialog(name, check, parent)
        dialogs.append(dialog)
        assert "anyone who gets a copy" in dialog.intro.text()
        qtbot.keyClicks(dialog.field.edit, "wrong")
        qtbot.mouseClick(dialog.remove_button, Qt.MouseButton.LeftButton)
        assert dialog.problem.isVisibleTo(dialog) and dialog.result() != dialog.DialogCode.Accepted
        qtbot.keyClicks(dialog.field.edit, PASSPHRASE)
        qtbot.mouseClick(dialog.remove_button, Qt.MouseButton.LeftButton)
        return dialog.field.text() if dialog.result() == dialog.DialogCode.Accepted else None

    monkeypatch.setattr(RemoveEncryptionDialog, "ask", classmethod(ask))
    window.encryption.remove_action.trigger()
    wait_reopened(qtbot, window)
    assert window.services is not None and not window.services.encrypted
    assert not is_encrypted(path)
    assert "no longer encrypted" in window.statusBar().currentMessage()
    assert window.encryption.encrypt_action.isEnabled()
    window.close()


def test_cancelled_encryption_leaves_the_file_as_it_was(
    qtbot: QtBot,
    make_window: Callable[[Path | None], MainWindow],
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
) -> None:
    """Cancel during encrypting leaves a plain file, reopened, and says nothing was changed."""
    path = make_case_file(tmp_path / "alvarez.sqlite", None)
    window = make_window(path)
    fill_new_passphrase(qtbot, monkeypatch, "", PASSPHRASE)
    from casedesk.ui import progress as progress_module

    real_init = progress_module.ProgressDialog.__init__

    def cancelled_at_once(self: Any, *args: Any, **kwargs: Any) -> None:
        real_init(self, *args, **kwargs)
        self.token.cancel()

    monkeypatch.setattr(progress_module.ProgressDialog, "__init__", cancelled_at_once)
    window.encryption.encrypt_action.trigger()
    wait_reopened(qtbot, window)
    assert window.services is not None and not window.services.encrypted
    assert not is_encrypted(path)
    assert "cancelled" in window.statusBar().currentMessage()


def test_the_viewer_shows_a_pdf_from_memory(qtbot: QtBot, tmp_path: Path) -> None:
    """A document of an encrypted case file is shown from its bytes; damaged bytes get the usual message."""
    from casedesk.ui.medical.viewer import DocumentViewer
    from tests.pdfs import make_pdf

    viewer = DocumentViewer()
    qtbot.addWidget(viewer)
    data = make_pdf(tmp_path / "er.pdf", ["Emergency visit", "Discharge"]).read_bytes()
    assert viewer.open_data(data, "ER visit.pdf")
    assert viewer.page_count() == 2 and viewer.page_label() == "Page 1 of 2"
    assert viewer.path == Path("ER visit.pdf")
    viewer.next_page()
    assert viewer.current_page() == 2
    assert not viewer.open_data(b"not a pdf at all", "broken.pdf")
    assert "damaged" in viewer.message_text() and viewer.page_count() == 0
    viewer.close_document()
    assert viewer.path is None


def test_open_in_pdf_viewer_of_an_encrypted_file_saves_a_plain_copy_where_asked(
    qtbot: QtBot, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """Open in PDF Viewer says the copy will not be encrypted, asks where, and opens that copy only."""
    from PySide6.QtCore import QUrl
    from PySide6.QtGui import QDesktopServices

    from casedesk.domain.cases import CaseQuery
    from casedesk.services.casefiles import open_services
    from casedesk.ui import encryption, files
    from casedesk.ui.medical.documents import DocumentsPanel
    from tests.conftest import fixed_clock
    from tests.pdfs import make_pdf

    path = make_case_file(tmp_path / "alvarez.sqlite")
    services = open_services(path, clock=fixed_clock, passphrase=PASSPHRASE)
    case_id = services.cases.case_list(CaseQuery()).ids[0]
    original = make_pdf(tmp_path / "er.pdf", ["Emergency visit of Maria Alvarez"])
    services.documents.import_files(case_id, [original])
    panel = DocumentsPanel(services.documents)
    qtbot.addWidget(panel)
    panel.show()
    panel.set_case(case_id)
    panel.table.selectRow(0)
    qtbot.waitUntil(lambda: panel.selected_document() is not None)

    questions: list[str] = []
    answers = iter([False, True])

    def confirm(_parent: Any, _title: str, text: str, *_args: Any) -> bool:
        questions.append(text)
        return next(answers)

    monkeypatch.setattr(encryption, "confirm", confirm)
    target = tmp_path / "plain" / "copy.pdf"
    target.parent.mkdir()
    monkeypatch.setattr(files, "ask_export_path", lambda *_a: target)
    opened: list[QUrl] = []
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: not opened.append(url))

    qtbot.mouseClick(panel.open_button, Qt.MouseButton.LeftButton)  # "Save a plain copy?" — no
    assert "NOT encrypted" in questions[0] and opened == [] and not target.exists()
    qtbot.mouseClick(panel.open_button, Qt.MouseButton.LeftButton)  # yes
    assert target.read_bytes() == original.read_bytes()
    assert [Path(url.toLocalFile()) for url in opened] == [target]
    exports = [e for e in services.audit.entries(case_id) if e.entity == "export"]
    assert [e.detail for e in exports] == [str(target)]
    stored = [p for p in path.with_name("alvarez-documents").rglob("*") if p.is_file()]
    assert stored and all(not p.read_bytes().startswith(b"%PDF") for p in stored)
    services.close()


def test_the_record_index_of_an_encrypted_file_shows_its_sealed_documents(
    qtbot: QtBot, tmp_path: Path
) -> None:
    """Choosing a document in the record index shows its pages, read from the sealed store in memory."""
    from casedesk.domain.cases import CaseQuery
    from casedesk.services.casefiles import open_services
    from casedesk.ui.medical.index import RecordIndexPanel
    from tests.conftest import fixed_clock
    from tests.pdfs import make_pdf

    path = make_case_file(tmp_path / "alvarez.sqlite")
    services = open_services(path, clock=fixed_clock, passphrase=PASSPHRASE)
    case_id = services.cases.case_list(CaseQuery()).ids[0]
    services.documents.import_files(case_id, [make_pdf(tmp_path / "er.pdf", ["Triage", "Discharge"])])
    panel = RecordIndexPanel(services.records)
    qtbot.addWidget(panel)
    panel.show()
    panel.set_case(case_id)
    with qtbot.waitSignal(panel.viewer.page_changed):
        panel.documents_list.setCurrentRow(0)
    assert panel.viewer.page_count() == 2 and panel.viewer.message_text() == ""
    services.close()


def test_edit_in_word_of_an_encrypted_file_warns_the_copy_is_plain(
    qtbot: QtBot, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """Edit in Word asks first, saying the .docx will not be encrypted; declining saves nothing."""
    from casedesk.services.casefiles import open_services
    from casedesk.ui import encryption
    from casedesk.ui.insurance.letters import LettersPanel
    from tests.conftest import fixed_clock

    path = make_case_file(tmp_path / "alvarez.sqlite")
    services = open_services(path, clock=fixed_clock, passphrase=PASSPHRASE)
    assert services.letters.encrypted
    panel = LettersPanel(services.letters, services.insurance, services.providers)
    qtbot.addWidget(panel)
    questions: list[str] = []
    answers = iter([False, True])

    def confirm(_parent: Any, _title: str, text: str, *_args: Any) -> bool:
        questions.append(text)
        return next(answers)

    saved: list[str] = []
    monkeypatch.setattr(encryption, "confirm", confirm)
    monkeypatch.setattr(panel, "_save", lambda suffix, _kind, _letter=None: saved.append(suffix))
    panel.edit_in_word()
    assert "NOT encrypted" in questions[0] and saved == []
    panel.edit_in_word()
    assert saved == [".docx"]
    services.close()


def test_repeated_wrong_passphrases_make_the_next_try_wait(
    qtbot: QtBot, app_settings: AppSettings, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """After three wrong passphrases the dialog counts down before Open can be pressed again."""
    path = make_case_file(tmp_path / "alvarez.sqlite")
    shown: list[PassphraseDialog] = []
    waited: list[bool] = []
    answers = iter(["wrong 1", "wrong 2", "wrong 3", PASSPHRASE])

    def ask(_cls: type[PassphraseDialog], parent: QWidget | None, p: Path, error: PassphraseError) -> Any:
        dialog = PassphraseDialog(p, error, parent)
        qtbot.addWidget(dialog)
        shown.append(dialog)
        qtbot.keyClicks(dialog.field.edit, next(answers))
        waited.append(dialog.countdown.running)
        if dialog.countdown.running:
            assert not dialog.open_button.isEnabled()
            assert "try again in" in dialog.countdown.text()
            qtbot.waitUntil(dialog.open_button.isEnabled, timeout=5000)
        qtbot.mouseClick(dialog.open_button, Qt.MouseButton.LeftButton)
        return dialog.passphrase()

    monkeypatch.setattr(PassphraseDialog, "ask", classmethod(ask))
    window = MainWindow(app_settings, opener)
    qtbot.addWidget(window)
    assert window.open_path(path)
    assert window.services is not None and window.services.encrypted
    assert waited == [False, False, False, True]
    assert "is wrong" in shown[3].problem.text()
    window.close()
