"""``casedesk backup`` and ``casedesk restore``: exit statuses, JSON, listing, refusing damaged backups."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from casedesk import cli
from casedesk.cli import main
from casedesk.domain.cases import Case, CaseQuery
from casedesk.services.casefiles import Services, open_services
from tests.conftest import fixed_clock
from tests.pdfs import make_pdf

pytestmark = pytest.mark.sqlite_only(
    "backups beside the case file; a firm database refuses them (test_cli_firm)"
)


@pytest.fixture(autouse=True)
def _no_case_file_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(cli.DB_ENV, raising=False)


@pytest.fixture
def case_file(services: Services, make_case: Callable[..., Case], db_path: Path, tmp_path: Path) -> Path:
    """A closed case file with one case and one stored document."""
    case = make_case()
    services.documents.import_files(case.id or 0, [make_pdf(tmp_path / "mri.pdf", ["MRI lumbar spine"])])
    services.close()
    return db_path


def _case_count(path: Path) -> int:
    services = open_services(path, clock=fixed_clock)
    try:
        return len(services.cases.list_cases(CaseQuery()))
    finally:
        services.close()


def test_backup_beside_the_file_then_list_it(case_file: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["backup", "--db", str(case_file), "--json"]) == 0
    made = json.loads(capsys.readouterr().out)
    assert made["reason"] == "manual" and made["kind"] == "rolling"
    assert Path(made["path"]).parent == case_file.with_name("cases-backups")

    assert main(["backup", "--db", str(case_file), "--list"]) == 0
    out, _err = capsys.readouterr()
    assert Path(made["path"]).name in out and "Backed up by hand" in out

    assert main(["backup", "--db", str(case_file), "--list", "--json"]) == 0
    listed = json.loads(capsys.readouterr().out)
    assert [entry["path"] for entry in listed] == [made["path"]]


def test_backup_to_a_folder_includes_the_documents(
    case_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    usb = tmp_path / "usb"
    usb.mkdir()
    assert main(["backup", "--db", str(case_file), "-o", str(usb)]) == 0
    out, err = capsys.readouterr()
    folder = Path(out.strip())
    assert folder.parent == usb and "with 1 stored documents" in err
    assert len(list((folder / "cases-documents").rglob("*.pdf"))) == 1


def test_backup_to_a_missing_folder_exits_1(
    case_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["backup", "--db", str(case_file), "-o", str(tmp_path / "gone")]) == 1
    assert "no folder" in capsys.readouterr().err


def test_list_with_output_is_a_usage_error(case_file: Path, tmp_path: Path) -> None:
    assert main(["backup", "--db", str(case_file), "--list", "-o", str(tmp_path)]) == 2


def test_restore_with_yes_brings_the_backup_back(
    case_file: Path, make_case: Callable[..., Case], capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["backup", "--db", str(case_file), "--json"]) == 0
    made = json.loads(capsys.readouterr().out)
    services = open_services(case_file, clock=fixed_clock)
    from casedesk.domain.cases import CaseStatus, CaseType, Client

    client = services.cases.create_client(Client(name="Tom Baker"))
    services.cases.create_case(
        Case(
            number="PI-9",
            caption="Baker v. Driver",
            client_id=client.id or 0,
            case_type=CaseType.MOTOR_VEHICLE,
            jurisdiction="TX",
            status=CaseStatus.TREATING,
        )
    )
    services.close()
    assert _case_count(case_file) == 2

    # The name from --list is enough.
    assert main(["restore", "--db", str(case_file), Path(made["path"]).name, "--yes", "--json"]) == 0
    result = json.loads(capsys.readouterr().out)
    assert result["cases"] == 1 and Path(result["safety_copy"]).exists()
    assert _case_count(case_file) == 1
    assert _case_count(Path(result["safety_copy"])) == 2


def test_restore_without_yes_off_a_terminal_is_a_usage_error(
    case_file: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    assert main(["backup", "--db", str(case_file), "--json"]) == 0
    made = json.loads(capsys.readouterr().out)
    monkeypatch.setattr("sys.stdin.isatty", lambda: False)
    before = case_file.read_bytes()
    assert main(["restore", "--db", str(case_file), made["path"]]) == 2
    assert "--yes" in capsys.readouterr().err
    assert case_file.read_bytes() == before


def test_restore_of_a_damaged_backup_exits_1_and_changes_nothing(
    case_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["backup", "--db", str(case_file), "--json"]) == 0
    backup = Path(json.loads(capsys.readouterr().out)["path"])
    data = bytearray(backup.read_bytes())
    data[4096:8192] = b"\x00" * 4096
    backup.write_bytes(bytes(data))
    before = case_file.read_bytes()
    assert main(["restore", "--db", str(case_file), str(backup), "--yes"]) == 1
    assert "cannot be restored" in capsys.readouterr().err
    assert case_file.read_bytes() == before


def test_restore_of_a_missing_backup_is_a_usage_error(case_file: Path, tmp_path: Path) -> None:
    assert main(["restore", "--db", str(case_file), str(tmp_path / "nope.sqlite"), "--yes"]) == 2


def test_backup_keep_days_prunes_old_backups(case_file: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = case_file.with_name("cases-backups")
    folder.mkdir()
    old = folder / "cases-20250101T000000Z-daily.sqlite"
    old.write_bytes(b"")
    assert main(["backup", "--db", str(case_file), "--keep-days", "14", "--json"]) == 0
    result = json.loads(capsys.readouterr().out)
    assert result["removed"] == [str(old)] and not old.exists()
