"""``casedesk encrypt``, ``decrypt`` and ``passphrase``: passphrases from the environment or the terminal."""

from __future__ import annotations

import io
import json
from collections.abc import Callable
from pathlib import Path

import pytest

from casedesk import cli
from casedesk.cli import main
from casedesk.domain.cases import Case
from casedesk.services.casefiles import Services
from casedesk.services.encryption import is_encrypted
from casedesk.store.casefile import backup_case_file
from tests.pdfs import make_pdf

PASSPHRASE = "correct horse battery"

pytestmark = pytest.mark.sqlite_only(
    "encryption of a file on this computer; refused on a firm database (test_cli_firm)"
)


@pytest.fixture(autouse=True)
def _no_case_file_or_passphrase_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(cli.DB_ENV, raising=False)
    monkeypatch.delenv("CASEDESK_PASSPHRASE", raising=False)


@pytest.fixture
def closed(services: Services, make_case: Callable[..., Case], tmp_path: Path) -> Path:
    """A closed case file with one imported record; returns the case file's path."""
    services.documents.import_files(make_case().id or 0, [make_pdf(tmp_path / "mri.pdf", ["MRI lumbar"])])
    services.close()
    return services.path


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_encrypt_then_open_then_decrypt_from_the_environment(
    closed: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    backup = backup_case_file(closed, reason="manual")
    monkeypatch.setenv("CASEDESK_PASSPHRASE", PASSPHRASE)

    assert main(["encrypt", "--db", str(closed), "--json"]) == 0

    out, err = capsys.readouterr()
    report = json.loads(out)
    assert report["encrypted"] and report["documents"] == 1 and report["removed_backups"] == [str(backup)]
    assert "was encrypted, with 1 stored file" in err and "1 plain backup(s) were removed" in err
    assert is_encrypted(closed) and not backup.exists()
    assert main(["cases", "--db", str(closed)]) == 0  # other commands open it with the same passphrase
    assert "PI-2026-0001" in capsys.readouterr().out

    assert main(["decrypt", "--db", str(closed)]) == 0
    assert not is_encrypted(closed)
    assert "was decrypted" in capsys.readouterr().err


def test_encrypt_keeping_plain_backups_warns_of_them(
    closed: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    backup = backup_case_file(closed, reason="manual")
    monkeypatch.setenv("MY_PASS", PASSPHRASE)
    assert main(["encrypt", "--db", str(closed), "--passphrase-env", "MY_PASS", "--keep-plain-backups"]) == 0
    assert backup.exists() and "Warning: 1 plain backup(s)" in capsys.readouterr().err


def test_a_new_passphrase_is_asked_twice_at_the_terminal(
    closed: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    answers = iter(["first try at it", "not the same"])
    monkeypatch.setattr("sys.stdin", _Terminal())
    monkeypatch.setattr("getpass.getpass", lambda _prompt: next(answers))
    assert main(["encrypt", "--db", str(closed)]) == 2
    assert "not the same" in capsys.readouterr().err and not is_encrypted(closed)

    answers = iter([PASSPHRASE, PASSPHRASE])
    assert main(["encrypt", "--db", str(closed)]) == 0 and is_encrypted(closed)


def test_changing_the_passphrase_from_the_environment(
    closed: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("CASEDESK_PASSPHRASE", PASSPHRASE)
    assert main(["encrypt", "--db", str(closed)]) == 0
    assert main(["passphrase", "--db", str(closed), "--new-passphrase-env", "UNSET_NAME"]) == 2
    monkeypatch.setenv("NEW_PASS", "a completely new one")
    assert main(["passphrase", "--db", str(closed), "--new-passphrase-env", "NEW_PASS"]) == 0
    assert "was changed" in capsys.readouterr().err
    assert main(["cases", "--db", str(closed)]) == 1  # the old one no longer opens it
    assert "wrong" in capsys.readouterr().err
    monkeypatch.setenv("CASEDESK_PASSPHRASE", "a completely new one")
    assert main(["cases", "--db", str(closed)]) == 0


def test_without_a_passphrase_and_no_terminal_it_is_a_usage_error(
    closed: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO())
    assert main(["encrypt", "--db", str(closed)]) == 2
    assert "CASEDESK_PASSPHRASE" in capsys.readouterr().err
    monkeypatch.setenv("CASEDESK_PASSPHRASE", "short")
    assert main(["encrypt", "--db", str(closed)]) == 1
    assert "at least 8 characters" in capsys.readouterr().err and not is_encrypted(closed)
