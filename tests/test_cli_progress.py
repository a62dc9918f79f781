"""``casedesk export progress``: the one-page progress report from the command line."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from pypdf import PdfReader

from casedesk import cli
from casedesk.cli import main
from casedesk.domain.cases import Case
from casedesk.services.casefiles import Services


@pytest.fixture(autouse=True)
def _no_case_file_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(cli.DB_ENV, raising=False)


@pytest.mark.parametrize(("audience", "valuation"), [([], True), (["--for", "client"], False)])
def test_export_progress_writes_one_page(
    audience: list[str],
    valuation: bool,
    services: Services,
    make_case: Callable[..., Case],
    db_arg: str,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """The attorney's version (default) has the valuation section, the client's does not."""
    case = make_case()
    out = tmp_path / "progress.pdf"
    argv = ["export", "progress", "--db", db_arg, "--case", case.number.lower(), "-o", str(out)]
    assert main([*argv, *audience]) == 0
    assert f"Wrote {out}" in capsys.readouterr().err
    reader = PdfReader(out)
    assert len(reader.pages) == 1
    text = reader.pages[0].extract_text()
    assert case.number in text and "Maria Alvarez" in text
    assert ("Valuation" in text) is valuation


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["--case", "PI-1999-0001", "-o", "x.pdf"], "no case numbered “PI-1999-0001”"),
        (["--case", "PI-2026-0001", "-o", "x.docx"], "must end in .pdf"),
        (["--case", "PI-2026-0001", "-o", "x.pdf", "--for", "judge"], "invalid choice"),
    ],
)
def test_bad_usage_exits_2(
    argv: list[str],
    message: str,
    services: Services,
    make_case: Callable[..., Case],
    db_arg: str,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """An unknown case, a wrong suffix or audience is a usage error and writes nothing."""
    make_case()
    monkeypatch.chdir(tmp_path)
    assert main(["export", "progress", "--db", db_arg, *argv]) == 2
    assert message in capsys.readouterr().err
    assert not list(tmp_path.glob("x.*"))
