"""``casedesk migrate``: a case file into a firm database and back, its report, exit statuses and refusals."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from casedesk import cli
from casedesk.cli import main
from casedesk.domain.cases import Case, CaseQuery, CaseStatus, CaseType, Client
from casedesk.domain.documents import stored_name
from casedesk.services.casefiles import Services, open_services
from casedesk.store import transfer as store_transfer
from casedesk.store.transfer import TableCount
from tests.conftest import fixed_clock, sign_in_for_test
from tests.firm_server import FirmServer
from tests.pdfs import make_pdf

PASSPHRASE = "tulip marble canyon 42"


@pytest.fixture(autouse=True)
def _no_case_file_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(cli.DB_ENV, raising=False)
    monkeypatch.delenv("CASEDESK_DOCUMENTS", raising=False)


@pytest.fixture
def firm_url(firm_server: FirmServer) -> Iterator[str]:
    """A new, empty firm database."""
    url = firm_server.new_database()
    yield url
    firm_server.drop_database(url)


@pytest.fixture
def firm_documents(tmp_path: Path) -> Path:
    folder = tmp_path / "firm-documents"
    folder.mkdir()
    return folder


def _laptop_file(path: Path, tmp_path: Path, passphrase: str | None = None) -> str:
    """A case file with one case and one imported PDF; the PDF's SHA-256."""
    services = open_services(path, create=True, clock=fixed_clock, passphrase=passphrase)
    try:
        client = services.cases.create_client(Client(name="Maria Alvarez", date_of_birth=date(1984, 3, 2)))
        case = services.cases.create_case(
            Case(
                number="PI-2026-0001",
                caption="Alvarez v. Driver",
                client_id=client.id or 0,
                incident_date=date(2026, 6, 14),
                case_type=CaseType.MOTOR_VEHICLE,
                jurisdiction="TX",
                status=CaseStatus.TREATING,
                opened_on=date(2026, 6, 20),
            )
        )
        pdf = make_pdf(tmp_path / "mri.pdf", ["MRI lumbar spine, disc protrusion at L4-L5"])
        services.documents.import_files(case.id or 0, [pdf])
        return hashlib.sha256(pdf.read_bytes()).hexdigest()
    finally:
        services.close()


def _cases(target: Path | str, documents: Path | None = None) -> list[Any]:
    services: Services = open_services(target, clock=fixed_clock, documents=documents)
    try:
        if isinstance(target, str):
            sign_in_for_test(services)
        return [(s.number, s.caption) for s in services.cases.list_cases(CaseQuery())]
    finally:
        services.close()


def test_into_a_firm_database_and_back_with_the_json_report(
    firm_url: str, firm_documents: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    laptop = tmp_path / "laptop.sqlite"
    sha = _laptop_file(laptop, tmp_path)
    code = main(
        ["migrate", "--from", str(laptop), "--to", firm_url, "--to-documents", str(firm_documents), "--json"]
    )
    out, err = capsys.readouterr()
    assert code == 0, err
    report = json.loads(out)
    assert report["verified"] and report["documents"] == 1 and report["rows"] > 5
    assert "casedesk:***@" in report["target"] and ":casedesk@" not in out + err
    assert {t["table"]: t["source"] for t in report["tables"]}["cases"] == 1
    assert all(t["matches"] for t in report["tables"])
    assert "every table's rows counted on both sides" in err
    assert (firm_documents / stored_name(sha)).is_file()

    back = tmp_path / "back.sqlite"
    assert (
        main(["migrate", "--from", firm_url, "--from-documents", str(firm_documents), "--to", str(back)]) == 0
    )
    out, _err = capsys.readouterr()
    assert "cases" in out and "ok" in out and "DIFFERS" not in out  # the table of counts
    assert (
        _cases(back)
        == _cases(firm_url, firm_documents)
        == _cases(laptop)
        == [("PI-2026-0001", "Alvarez v. Driver")]
    )
    assert (tmp_path / "back-documents" / stored_name(sha)).read_bytes() == (
        tmp_path / "laptop-documents" / stored_name(sha)
    ).read_bytes()


def test_the_documents_folder_may_come_from_the_environment(
    firm_url: str, firm_documents: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    laptop = tmp_path / "laptop.sqlite"
    sha = _laptop_file(laptop, tmp_path)
    monkeypatch.setenv("CASEDESK_DOCUMENTS", str(firm_documents))
    assert main(["migrate", "--from", str(laptop), "--to", firm_url]) == 0
    assert (firm_documents / stored_name(sha)).is_file()


def test_an_encrypted_case_file_moves_with_its_passphrase_and_its_documents_arrive_plain(
    firm_url: str,
    firm_documents: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    laptop = tmp_path / "sealed.sqlite"
    sha = _laptop_file(laptop, tmp_path, passphrase=PASSPHRASE)
    monkeypatch.delenv("CASEDESK_PASSPHRASE", raising=False)
    args = ["migrate", "--from", str(laptop), "--to", firm_url, "--to-documents", str(firm_documents)]
    assert main(args) == 1  # no passphrase (and no terminal to ask at)
    assert "passphrase" in capsys.readouterr().err.lower()
    monkeypatch.setenv("SEALED_PASSPHRASE", PASSPHRASE)
    assert main([*args, "--passphrase-env", "SEALED_PASSPHRASE"]) == 0
    stored = firm_documents / stored_name(sha)
    assert hashlib.sha256(stored.read_bytes()).hexdigest() == sha  # plain in the firm's folder
    assert _cases(firm_url, firm_documents) == [("PI-2026-0001", "Alvarez v. Driver")]


def test_a_target_that_holds_case_data_is_refused_with_exit_1(
    firm_url: str, firm_documents: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    laptop = tmp_path / "laptop.sqlite"
    _laptop_file(laptop, tmp_path)
    args = ["migrate", "--from", str(laptop), "--to", firm_url, "--to-documents", str(firm_documents)]
    assert main(args) == 0
    capsys.readouterr()
    assert main(args) == 1
    err = capsys.readouterr().err
    assert "already holds case data (1 cases, 1 clients" in err and "Nothing was changed" in err


def test_differing_counts_exit_1_naming_the_tables(
    firm_url: str,
    firm_documents: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    laptop = tmp_path / "laptop.sqlite"
    _laptop_file(laptop, tmp_path)
    real = store_transfer.compare_counts

    def one_short(*args: Any) -> list[TableCount]:
        return [
            TableCount(c.table, c.source, c.target - 1, c.added) if c.table == "cases" else c
            for c in real(*args)
        ]

    monkeypatch.setattr(store_transfer, "compare_counts", one_short)
    assert (
        main(["migrate", "--from", str(laptop), "--to", firm_url, "--to-documents", str(firm_documents)]) == 1
    )
    out, err = capsys.readouterr()
    assert "DIFFERS" in out and "Tables that differ: cases." in err


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        ([], "needs its documents folder"),
        (["--from-documents", "/tmp"], "--from-documents is for a firm database"),
    ],
)
def test_usage_errors_exit_2(
    firm_url: str, tmp_path: Path, extra: list[str], message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    laptop = tmp_path / "laptop.sqlite"
    _laptop_file(laptop, tmp_path)
    assert main(["migrate", "--from", str(laptop), "--to", firm_url, *extra]) == 2
    assert message in capsys.readouterr().err


def test_a_target_that_is_not_a_case_file_name_is_a_usage_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    laptop = tmp_path / "laptop.sqlite"
    _laptop_file(laptop, tmp_path)
    assert main(["migrate", "--from", str(laptop), "--to", str(tmp_path / "copy.txt")]) == 2
    assert "ends in .sqlite" in capsys.readouterr().err
    assert not (tmp_path / "copy.txt").exists()


def test_a_demo_made_in_a_firm_database_moves_out_into_a_case_file(
    firm_url: str, firm_documents: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A demo made with --db URL fills a firm database; migrate copies all of it, documents too, to a file."""
    demo = [
        "demo",
        "--db",
        firm_url,
        "--documents",
        str(firm_documents),
        "--cases",
        "8",
        "--today",
        "2026-11-21",
    ]
    assert main(demo) == 0
    back = tmp_path / "demo.sqlite"
    args = [
        "migrate",
        "--from",
        firm_url,
        "--from-documents",
        str(firm_documents),
        "--to",
        str(back),
        "--json",
    ]
    assert main(args) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["verified"] and report["documents"] > 0
    assert len(_cases(back)) == len(_cases(firm_url, firm_documents)) == 8


def _interrupted_migrate(args: list[str], table: str, result: Any) -> None:
    """In a child process: run ``casedesk migrate``, pressing Ctrl+C (SIGINT) as ``table`` is copied."""
    import contextlib
    import io
    import os
    import signal

    real = store_transfer.copy_table

    def copy_then_interrupt(source: Any, target: Any, copied: Any, **options: Any) -> int:
        if copied.name == table:
            os.kill(os.getpid(), signal.SIGINT)
        return real(source, target, copied, **options)

    store_transfer.copy_table = copy_then_interrupt  # type: ignore[assignment]
    err = io.StringIO()
    with contextlib.redirect_stderr(err):
        code = main(args)
    result.put((code, err.getvalue()))


def test_ctrl_c_midway_leaves_the_firm_database_and_its_folder_as_they_were(
    firm_url: str, firm_documents: Path, tmp_path: Path
) -> None:
    import multiprocessing

    laptop = tmp_path / "laptop.sqlite"
    _laptop_file(laptop, tmp_path)
    args = ["migrate", "--from", str(laptop), "--to", firm_url, "--to-documents", str(firm_documents)]
    context = multiprocessing.get_context("spawn")
    result = context.Queue()
    child = context.Process(target=_interrupted_migrate, args=(args, "activities", result))
    child.start()
    code, err = result.get(timeout=120)
    child.join(timeout=60)
    assert code == 1 and "interrupted; the target was left as it was" in err
    assert _cases(firm_url, firm_documents) == []
    assert not any(path.is_file() for path in firm_documents.rglob("*"))  # the copied PDF was removed
    assert main(args) == 0  # and the move can simply be run again
