"""``casedesk calendar`` and ``casedesk export ics``: the agenda on the command line, and calendar files."""

from __future__ import annotations

import json
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest

from casedesk import cli
from casedesk.cli import main
from casedesk.exports.ics import read_ics
from casedesk.services.casefiles import open_services
from casedesk.services.clock import system_clock, today
from tests.conftest import NOW, TODAY, fixed_clock


@pytest.fixture(autouse=True)
def _no_case_file_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(cli.DB_ENV, raising=False)


#: The command line reads the machine's clock, so the demo is made as of the machine's today.
TODAY_HERE = today(system_clock)


@pytest.fixture(scope="module")
def demo_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A 40-case demo case file with its calendars, made through the command line as of today."""
    path = tmp_path_factory.mktemp("cli-calendar") / "demo.sqlite"
    assert main(["demo", "--db", str(path), "--cases", "40", "--today", TODAY_HERE.isoformat()]) == 0
    return path


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    status = main(list(argv))
    captured = capsys.readouterr()
    return status, captured.out, captured.err


def _agenda(capsys: pytest.CaptureFixture[str], *argv: str) -> dict[str, Any]:
    status, out, err = _run(capsys, "calendar", "--json", *argv)
    assert status == 0, err
    listed: dict[str, Any] = json.loads(out)
    return listed


def test_the_agenda_of_a_span_lists_its_days_in_order(
    capsys: pytest.CaptureFixture[str], demo_file: Path
) -> None:
    start, end = TODAY_HERE + timedelta(days=10), TODAY_HERE + timedelta(days=23)

    agenda = _agenda(capsys, "--db", str(demo_file), "--from", start.isoformat(), "--to", end.isoformat())

    days = [date.fromisoformat(item["date"]) for item in agenda["items"] if not item["overdue"]]
    assert days and days == sorted(days)
    assert all(start <= day <= end for day in days)
    assert {item["type"] for item in agenda["items"]} == {"event", "task"}
    event = next(item for item in agenda["items"] if item["type"] == "event")
    assert set(event) >= {"date", "case", "caption", "kind", "title", "start", "end", "location", "uid"}


def test_one_case_and_its_limitation_deadline(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    path = tmp_path / "one.sqlite"
    services = open_services(path, create=True, clock=fixed_clock)
    try:
        from casedesk.domain.cases import Case, Client

        client = services.cases.create_client(Client(name="Ana Ruiz", date_of_birth=date(1980, 1, 1)))
        services.cases.create_case(
            Case(
                number="PI-2026-0001",
                caption="Ruiz v. Hale",
                client_id=client.id or 0,
                incident_date=date(2026, 6, 14),
                jurisdiction="TX",
                opened_on=TODAY,
            )
        )
    finally:
        services.close()

    agenda = _agenda(capsys, "--db", str(path), "--case", "pi-2026-0001", "--to", "2029-01-01")

    (item,) = agenda["items"]
    assert (item["kind"], item["date"], item["case"]) == ("limitation", "2028-06-14", "PI-2026-0001")
    assert agenda["conflicts"] == []


def test_text_output_is_a_table_with_overdue_items_flagged(
    capsys: pytest.CaptureFixture[str], demo_file: Path
) -> None:
    status, out, err = _run(capsys, "calendar", "--db", str(demo_file))

    assert status == 0
    lines = out.splitlines()
    assert lines[0].split() == ["Date", "Time", "What", "Title", "Case"]
    assert any(line.endswith("OVERDUE") for line in lines)
    end = TODAY_HERE + timedelta(days=30)
    assert err.strip() == f"{len(lines) - 1:,} items from {TODAY_HERE:%Y-%m-%d} to {end:%Y-%m-%d}"


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["--case", "NO-SUCH"], "no case numbered “NO-SUCH”"),
        (["--from", "2026-12-10", "--to", "2026-12-01"], "--to is before --from"),
        (["--from", "12/01/2026"], "not a date (YYYY-MM-DD)"),
    ],
)
def test_bad_input_exits_2_with_a_message(
    capsys: pytest.CaptureFixture[str], demo_file: Path, argv: list[str], message: str
) -> None:
    status, _, err = _run(capsys, "calendar", "--db", str(demo_file), *argv)

    assert status == 2
    assert message in err


def test_export_ics_writes_every_event_with_its_uid(
    capsys: pytest.CaptureFixture[str], demo_file: Path, tmp_path: Path
) -> None:
    target = tmp_path / "all.ics"

    status, _, err = _run(capsys, "export", "ics", "--db", str(demo_file), "-o", str(target))

    assert status == 0
    entries = read_ics(target, NOW.tzinfo)  # type: ignore[arg-type]
    assert err.strip() == f"Wrote {len(entries):,} events to {target}."
    services = open_services(demo_file, clock=fixed_clock)
    try:
        everything = services.calendar.range(date(2000, 1, 1), date(2100, 1, 1)).agenda.items
    finally:
        services.close()
    uids = {item.event.uid for item in everything if item.event is not None}
    assert {entry.uid for entry in entries} == uids


def test_export_ics_of_one_case(capsys: pytest.CaptureFixture[str], demo_file: Path, tmp_path: Path) -> None:
    _, out, _ = _run(capsys, "cases", "--db", str(demo_file), "--json", "--status", "litigation")
    number = json.loads(out)[0]["number"]
    target = tmp_path / "case.ics"

    assert main(["export", "ics", "--db", str(demo_file), "--case", number, "-o", str(target)]) == 0

    entries = read_ics(target, NOW.tzinfo)  # type: ignore[arg-type]
    assert entries and all(number in entry.description for entry in entries)


def test_export_ics_into_a_missing_folder_fails_cleanly(
    capsys: pytest.CaptureFixture[str], demo_file: Path, tmp_path: Path
) -> None:
    status, _, err = _run(
        capsys, "export", "ics", "--db", str(demo_file), "-o", str(tmp_path / "no" / "x.ics")
    )

    assert status == 1
    assert err.startswith("casedesk: ")
    assert not (tmp_path / "no").exists()
