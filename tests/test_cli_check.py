"""``casedesk check``: the report as text and JSON, the exit status, and ``--repair``."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable
from pathlib import Path

import pytest

from casedesk import cli
from casedesk.cli import main
from casedesk.domain.cases import Case
from casedesk.services.casefiles import Services
from tests.pdfs import make_pdf


@pytest.fixture(autouse=True)
def _no_case_file_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(cli.DB_ENV, raising=False)


@pytest.fixture
def stored(services: Services, make_case: Callable[..., Case], tmp_path: Path) -> Path:
    """The stored copy of a case's one imported record (the case file is closed again)."""
    (outcome,) = services.documents.import_files(
        make_case().id or 0, [make_pdf(tmp_path / "mri.pdf", ["MRI lumbar spine"])]
    )
    assert outcome.document is not None
    path = services.documents.file_path(outcome.document)
    services.close()
    return path


def test_a_sound_file_exits_0_with_a_one_line_verdict(
    stored: Path, db_arg: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["check", "--db", db_arg]) == 0
    out, err = capsys.readouterr()
    assert out == ""
    assert "Sound" in err and "1 stored files" in err


def test_a_missing_file_exits_1_and_says_what_to_do(
    stored: Path, db_arg: str, capsys: pytest.CaptureFixture[str]
) -> None:
    stored.chmod(0o600)
    stored.unlink()
    assert main(["check", "--db", db_arg]) == 1
    out, _ = capsys.readouterr()
    assert "Problem: Document folder: The stored copy of “mri.pdf”" in out
    assert "Restore the case file from a backup" in out


@pytest.mark.sqlite_only("damages the SQLite search index (FTS5) directly")
def test_json_lists_findings_and_repair_rebuilds_the_index(
    stored: Path, db_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    connection = sqlite3.connect(db_path)
    with connection:
        connection.execute("INSERT INTO search_fts (search_fts) VALUES ('delete-all')")
    connection.close()

    assert main(["check", "--db", str(db_path), "--json"]) == 0  # a notice is not a failure
    report = json.loads(capsys.readouterr().out)
    assert report["ok"] is True and report["documents_checked"] == 1
    (finding,) = report["findings"]
    assert (finding["area"], finding["severity"], finding["repairable"]) == ("search", "notice", True)

    assert main(["check", "--db", str(db_path), "--repair", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["findings"][0]["severity"] == "repaired"
    assert main(["check", "--db", str(db_path), "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["findings"] == []


def test_a_file_that_is_not_a_case_file_exits_1(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    not_a_case_file = tmp_path / "notes.sqlite"
    not_a_case_file.write_text("these are notes, not a database")
    assert main(["check", "--db", str(not_a_case_file)]) == 1
    assert "casedesk" in capsys.readouterr().err
