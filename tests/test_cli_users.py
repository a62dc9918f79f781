"""``casedesk users``: list, add, passwd, deactivate and reactivate the accounts of a firm database."""

from __future__ import annotations

import json

import pytest

from casedesk import cli
from casedesk.cli import main
from casedesk.services.casefiles import Services
from tests.firm_server import TEST_PASSWORD, TEST_USER


@pytest.fixture(autouse=True)
def _no_case_file_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(cli.DB_ENV, raising=False)
    monkeypatch.delenv("CASEDESK_NEW_PASSWORD", raising=False)


@pytest.fixture
def created(services: Services) -> None:
    """The case file (or firm database) exists and is closed again."""
    services.close()


@pytest.mark.usefixtures("created")
def test_an_administrator_adds_resets_and_deactivates(
    db_arg: str, database: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """The whole round on a firm database; a laptop case file says accounts are for firm databases."""
    if database == "sqlite":
        assert main(["users", "list", "--db", db_arg]) == 1
        assert "firm database" in capsys.readouterr().err
        return
    monkeypatch.setenv("CASEDESK_NEW_PASSWORD", "dan's first password")
    assert main(["users", "add", "dan", "--full-name", "Dan Okafor", "--db", db_arg]) == 0
    assert "Added dan" in capsys.readouterr().err
    assert main(["users", "list", "--db", db_arg, "--json"]) == 0
    listed = json.loads(capsys.readouterr().out)
    assert listed == [
        {"name": "dan", "full_name": "Dan Okafor", "admin": False, "active": True},
        {"name": TEST_USER, "full_name": "", "admin": True, "active": True},
    ]
    monkeypatch.setenv("CASEDESK_NEW_PASSWORD", "dan's second password")
    assert main(["users", "passwd", "dan", "--db", db_arg]) == 0

    # Dan signs in with the new password; he may not add people, but may change his own password.
    monkeypatch.setenv("CASEDESK_PASSWORD", "dan's second password")
    assert main(["users", "list", "--db", db_arg, "--user", "dan"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0].split() == ["NAME", "FULL", "NAME", "ROLE", "STATUS"]
    assert out[1].split() == ["dan", "Dan", "Okafor", "case", "manager", "active"]
    assert main(["users", "add", "eve", "--db", db_arg, "--user", "dan"]) == 1
    assert "Only an administrator" in capsys.readouterr().err
    monkeypatch.setenv("CASEDESK_NEW_PASSWORD", "dan's third password")
    assert main(["users", "passwd", "dan", "--db", db_arg, "--user", "dan"]) == 0

    monkeypatch.setenv("CASEDESK_PASSWORD", TEST_PASSWORD)
    assert main(["users", "deactivate", "dan", "--db", db_arg]) == 0
    assert "can no longer sign in" in capsys.readouterr().err
    monkeypatch.setenv("CASEDESK_PASSWORD", "dan's third password")
    assert main(["users", "list", "--db", db_arg, "--user", "dan"]) == 1
    assert "deactivated" in capsys.readouterr().err
    monkeypatch.setenv("CASEDESK_PASSWORD", TEST_PASSWORD)
    assert main(["users", "reactivate", "dan", "--db", db_arg]) == 0
    monkeypatch.setenv("CASEDESK_PASSWORD", "dan's third password")
    assert main(["users", "list", "--db", db_arg, "--user", "dan"]) == 0


@pytest.mark.usefixtures("created")
def test_bad_input_is_refused_clearly(
    db_arg: str, database: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """Short password, name with a space, taken name, no new password, wrong password; a laptop file."""
    monkeypatch.setenv("CASEDESK_NEW_PASSWORD", "a long enough password")
    if database == "sqlite":  # refused before any password is asked for
        assert main(["users", "add", "dan", "--db", db_arg]) == 1
        assert "firm database" in capsys.readouterr().err
        return
    monkeypatch.setenv("CASEDESK_NEW_PASSWORD", "short")
    assert main(["users", "add", "dan", "--db", db_arg]) == 1
    assert "At least 10 characters" in capsys.readouterr().err
    monkeypatch.setenv("CASEDESK_NEW_PASSWORD", "a long enough password")
    assert main(["users", "add", "dan okafor", "--db", db_arg]) == 1
    assert "no spaces" in capsys.readouterr().err
    assert main(["users", "add", TEST_USER.upper(), "--db", db_arg]) == 1
    assert "already signs in" in capsys.readouterr().err
    monkeypatch.delenv("CASEDESK_NEW_PASSWORD")
    assert main(["users", "passwd", TEST_USER, "--db", db_arg]) == 2  # not at a terminal: no prompt
    assert "CASEDESK_NEW_PASSWORD" in capsys.readouterr().err
    monkeypatch.setenv("CASEDESK_PASSWORD", "not the password")
    assert main(["users", "list", "--db", db_arg]) == 1
    assert "do not match" in capsys.readouterr().err
