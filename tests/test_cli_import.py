"""``casedesk import``: per-file results as text and JSON, exit status 1 when any file failed."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from casedesk import cli
from casedesk.cli import main
from casedesk.domain.cases import Case
from casedesk.services.casefiles import Services
from tests.pdfs import make_empty, make_not_pdf, make_pdf, make_protected, make_repairable, numbered_pages

MakeCase = Callable[..., Case]


@pytest.fixture(autouse=True)
def _no_case_file_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(cli.DB_ENV, raising=False)


@pytest.fixture
def downloads(tmp_path: Path) -> Path:
    folder = tmp_path / "Downloads"
    folder.mkdir()
    return folder


@pytest.fixture
def case(services: Services, make_case: MakeCase) -> Case:
    """A case in a case file the test's services have closed, so the command opens it on its own."""
    made = make_case()
    services.close()
    return made


def documents_of(open_case: Callable[..., Services], case_id: int) -> list[tuple[str, int]]:
    reopened = open_case()
    try:
        return [(d.original_name, d.page_count) for d in reopened.documents.documents(case_id)]
    finally:
        reopened.close()


def test_all_good_files_are_imported_with_exit_status_0(
    case: Case,
    db_arg: str,
    downloads: Path,
    capsys: pytest.CaptureFixture[str],
    open_case: Callable[..., Services],
) -> None:
    """Each file is listed as imported with its pages; the summary goes to stderr."""
    er = make_pdf(downloads / "er.pdf", numbered_pages(3))
    pt = make_pdf(downloads / "pt.pdf", numbered_pages(1))
    status = main(["import", "--db", db_arg, "--case", case.number, str(er), str(pt)])
    out, err = capsys.readouterr()
    assert status == 0
    assert out.splitlines() == [f"imported   {er}  (3 pages)", f"imported   {pt}  (1 page)"]
    assert err.strip() == "2 imported (4 pages)."
    assert documents_of(open_case, case.id or 0) == [("er.pdf", 3), ("pt.pdf", 1)]


def test_a_failed_file_gives_exit_status_1_and_the_good_ones_are_still_imported(
    case: Case,
    db_arg: str,
    downloads: Path,
    capsys: pytest.CaptureFixture[str],
    open_case: Callable[..., Services],
) -> None:
    """Failed files say why; the status is 1; the rest are imported; a second run finds duplicates."""
    good = make_pdf(downloads / "good.pdf", numbered_pages(2))
    empty = make_empty(downloads / "empty.pdf")
    text = make_not_pdf(downloads / "notes.pdf")
    locked = make_protected(downloads / "locked.pdf", ["x"], "pw")
    repaired = make_repairable(downloads / "scan.pdf", numbered_pages(2))
    args = ["import", "--db", db_arg, "--case", case.number.lower()]
    status = main([*args, str(good), str(empty), str(text), str(locked), str(repaired)])
    out, err = capsys.readouterr()
    assert status == 1
    lines = out.splitlines()
    assert lines[0] == f"imported   {good}  (2 pages)"
    assert lines[1].startswith(f"failed     {empty}: The file is empty")
    assert lines[2].startswith(f"failed     {text}: This is not a PDF; it looks like a plain-text file")
    assert lines[3] == f"failed     {locked}: password-protected; run again with --password"
    assert lines[4] == f"imported   {repaired}  (2 pages, repaired)"
    assert err.strip() == "2 imported (4 pages), 3 failed."
    assert documents_of(open_case, case.id or 0) == [("good.pdf", 2), ("scan.pdf", 2)]

    status = main([*args, "--password", "pw", str(good), str(locked)])
    out, _ = capsys.readouterr()
    assert status == 0
    assert out.splitlines()[0].startswith(f"duplicate  {good}: Already in this case as “good.pdf”")
    assert out.splitlines()[1] == f"imported   {locked}  (1 page)"


def test_json_lists_an_object_per_file(
    case: Case, db_arg: str, downloads: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """--json prints the file, its status, the reason, and the document's id, pages and digest."""
    good = make_pdf(downloads / "good.pdf", numbered_pages(2))
    locked = make_protected(downloads / "locked.pdf", ["x"], "right")
    missing = downloads / "missing.pdf"
    args = ["import", "--db", db_arg, "--case", case.number, "--json"]
    status = main([*args, "--password", "wrong", str(good), str(locked), str(missing)])
    out, _ = capsys.readouterr()
    assert status == 1
    printed = json.loads(out)
    assert [(item["file"], item["status"]) for item in printed] == [
        (str(good), "imported"),
        (str(locked), "failed"),
        (str(missing), "failed"),
    ]
    imported = printed[0]
    assert imported["pages"] == 2 and imported["reason"] is None and imported["repaired"] is False
    assert isinstance(imported["document_id"], int) and len(imported["sha256"]) == 64
    assert printed[1]["reason"] == "the password given with --password is wrong"
    assert "cannot be opened" in printed[2]["reason"]
    assert printed[2]["document_id"] is None


def test_an_unknown_case_is_a_usage_error(
    case: Case,
    db_arg: str,
    downloads: Path,
    capsys: pytest.CaptureFixture[str],
    open_case: Callable[..., Services],
) -> None:
    """A case number not in the file: exit status 2, nothing imported."""
    good = make_pdf(downloads / "good.pdf", ["x"])
    status = main(["import", "--db", db_arg, "--case", "PI-1999-0001", str(good)])
    _, err = capsys.readouterr()
    assert status == 2
    assert "no case numbered “PI-1999-0001”" in err
    assert documents_of(open_case, case.id or 0) == []


def test_files_are_required(db_arg: str, capsys: pytest.CaptureFixture[str]) -> None:
    """Without files the command is a usage error."""
    assert main(["import", "--db", db_arg, "--case", "PI-1"]) == 2
    assert "FILE" in capsys.readouterr().err
