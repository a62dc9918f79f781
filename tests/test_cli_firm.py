"""The CLI on a firm database: signing in, the documents folder, and commands for a case file only."""

from __future__ import annotations

import io
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest
from sqlalchemy.engine import make_url

from casedesk import cli
from casedesk.cli import main
from casedesk.services.users import WRONG
from tests.conftest import TEST_PASSWORD, TEST_USER
from tests.firm_server import FirmServer

REFUSED = "works on a case file on this computer, not on a firm database"


@pytest.fixture
def firm(firm_server: FirmServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """A new firm database holding the test account, with the environment a script would set."""
    documents = tmp_path / "firm-documents"
    documents.mkdir()
    monkeypatch.delenv(cli.DB_ENV, raising=False)
    monkeypatch.delenv("CASEDESK_PASSPHRASE", raising=False)
    monkeypatch.setenv("CASEDESK_DOCUMENTS", str(documents))
    monkeypatch.setenv("CASEDESK_USER", TEST_USER)
    monkeypatch.setenv("CASEDESK_PASSWORD", TEST_PASSWORD)
    url = firm_server.new_database()
    yield url
    firm_server.drop_database(url)


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    status = main(list(argv))
    captured = capsys.readouterr()
    return status, captured.out, captured.err


def test_a_command_signs_in_from_the_environment(capsys: pytest.CaptureFixture[str], firm: str) -> None:
    assert _run(capsys, "cases", "--db", firm, "--json") == (0, "[]\n", "")


def test_the_firm_database_can_come_from_the_environment(
    capsys: pytest.CaptureFixture[str], firm: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(cli.DB_ENV, firm)
    assert _run(capsys, "cases", "--json") == (0, "[]\n", "")


def test_user_option_beats_the_environment(
    capsys: pytest.CaptureFixture[str], firm: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CASEDESK_USER", "someone-else")
    assert _run(capsys, "cases", "--db", firm, "--user", TEST_USER, "--json") == (0, "[]\n", "")


@pytest.mark.parametrize(
    ("user", "password"),
    [(TEST_USER, "not the password"), ("nobody", TEST_PASSWORD)],
    ids=["wrong password", "unknown name"],
)
def test_a_wrong_name_or_password_exits_1_with_the_same_message(
    capsys: pytest.CaptureFixture[str], firm: str, monkeypatch: pytest.MonkeyPatch, user: str, password: str
) -> None:
    monkeypatch.setenv("CASEDESK_PASSWORD", password)
    status, out, err = _run(capsys, "cases", "--db", firm, "--user", user)
    assert (status, out) == (1, "")
    assert WRONG in err
    assert f":{make_url(firm).password}@" not in err  # the server's password is never shown


def test_without_a_password_off_a_terminal_it_says_where_to_give_it(
    capsys: pytest.CaptureFixture[str], firm: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("CASEDESK_PASSWORD")
    status, out, err = _run(capsys, "cases", "--db", firm)
    assert (status, out) == (1, "")
    assert f"no password was given for {TEST_USER}" in err and "$CASEDESK_PASSWORD" in err


def test_at_a_terminal_the_name_and_password_are_asked(
    capsys: pytest.CaptureFixture[str], firm: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("CASEDESK_USER")
    monkeypatch.delenv("CASEDESK_PASSWORD")
    monkeypatch.setattr("sys.stdin", _Terminal(f"{TEST_USER}\n"))
    asked: list[str] = []

    def typed(prompt: str) -> str:
        asked.append(prompt)
        return TEST_PASSWORD

    monkeypatch.setattr("getpass.getpass", typed)
    status, out, err = _run(capsys, "cases", "--db", firm, "--json")
    assert (status, out) == (0, "[]\n")
    assert err.startswith("User name on ")  # prompts go to the terminal, not into the output
    assert len(asked) == 1 and asked[0].startswith(f"Password for {TEST_USER} on ")


def test_without_a_user_name_off_a_terminal_it_says_how_to_give_one(
    capsys: pytest.CaptureFixture[str], firm: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("CASEDESK_USER")
    status, _, err = _run(capsys, "cases", "--db", firm)
    assert status == 1
    assert "no user name was given" in err and "--user NAME" in err


def test_without_the_documents_folder_it_says_how_to_give_it(
    capsys: pytest.CaptureFixture[str], firm: str, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.delenv("CASEDESK_DOCUMENTS")
    status, _, err = _run(capsys, "cases", "--db", firm)
    assert status == 1 and "--documents DIR" in err
    status, _, err = _run(capsys, "cases", "--db", firm, "--documents", str(tmp_path / "unplugged"))
    assert status == 1 and "is not there" in err


def test_a_firm_database_without_accounts_says_how_to_make_the_first(
    capsys: pytest.CaptureFixture[str], firm: str
) -> None:
    with psycopg.connect(
        make_url(firm).set(drivername="postgresql").render_as_string(hide_password=False)
    ) as db:
        db.execute("DELETE FROM users")
    status, _, err = _run(capsys, "cases", "--db", firm)
    assert status == 1
    assert "has no user accounts yet" in err and "first administrator" in err


@pytest.mark.parametrize(
    "argv",
    [
        ["backup"],
        ["backup", "--list"],
        ["backup", "-o", "{tmp}"],
        ["restore", "{tmp}/cases.sqlite", "--yes"],
        ["encrypt"],
        ["decrypt"],
        ["passphrase", "--new-passphrase-env", "NEW_PASSPHRASE"],
    ],
    ids=lambda argv: " ".join(argv),
)
def test_commands_for_a_case_file_refuse_a_firm_database(
    capsys: pytest.CaptureFixture[str],
    firm: str,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    argv: list[str],
) -> None:
    monkeypatch.setenv("CASEDESK_PASSPHRASE", "correct horse battery")
    monkeypatch.setenv("NEW_PASSPHRASE", "another horse battery")
    status, out, err = _run(capsys, *(arg.format(tmp=tmp_path) for arg in argv), "--db", firm)
    assert (status, out) == (1, "")
    assert REFUSED in err and "database administrator" in err
    assert list(tmp_path.iterdir()) == [tmp_path / "firm-documents"]  # nothing written anywhere
