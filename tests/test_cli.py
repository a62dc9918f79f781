"""The ``casedesk`` command line: options, exit statuses, output formats, and the demo round trip."""

from __future__ import annotations

import json
import subprocess
import sys
import types
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from casedesk import __version__, cli
from casedesk.cli import main
from casedesk.domain.cases import CaseStatus
from casedesk.services.casefiles import Services
from tests.conftest import TODAY

REQUIRED_CASE_FIELDS = {"number", "caption", "client", "status", "incident_date", "jurisdiction"}


@pytest.fixture(autouse=True)
def _no_case_file_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    """Tests choose their case file; a CASEDESK_DB of the machine running them never leaks in."""
    monkeypatch.delenv(cli.DB_ENV, raising=False)


@pytest.fixture(scope="module")
def demo_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A 40-case demo case file made through the command line."""
    path = tmp_path_factory.mktemp("cli") / "demo.sqlite"
    assert main(["demo", "--db", str(path), "--cases", "40", "--today", TODAY.isoformat()]) == 0
    return path


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    """Run ``casedesk`` in-process; returns the exit status, stdout and stderr."""
    status = main(list(argv))
    captured = capsys.readouterr()
    return status, captured.out, captured.err


def _cases_json(capsys: pytest.CaptureFixture[str], *argv: str) -> list[dict[str, Any]]:
    status, out, err = _run(capsys, "cases", "--json", *argv)
    assert status == 0, err
    listed: list[dict[str, Any]] = json.loads(out)
    return listed


def test_version_prints_the_package_version(capsys: pytest.CaptureFixture[str]) -> None:
    """``casedesk --version`` prints "casedesk <version>" and succeeds."""
    assert _run(capsys, "--version") == (0, f"casedesk {__version__}\n", "")


@pytest.mark.parametrize(
    ("argv", "expected"),
    [
        (["--version"], 0),
        (["--help"], 0),
        (["demo", "--db", "{tmp}/new.sqlite", "--cases", "20"], 0),
        (["cases", "--db", "{tmp}/missing.sqlite"], 1),
        (["cases", "--status", "bogus"], 2),
        (["demo"], 2),
        (["demo", "--db", "{tmp}/new.sqlite", "--cases", "0"], 2),
        (["demo", "--db", "{tmp}/new.sqlite", "--cases", "many"], 2),
        (["demo", "--db", "{tmp}/new.sqlite", "--cases", "100001"], 2),
        (["demo", "--db", "{tmp}/new.sqlite", "--today", "yesterday"], 2),
        (["frobnicate"], 2),
    ],
)
def test_exit_status(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, argv: list[str], expected: int
) -> None:
    """0 on success, 1 when the command ran but failed, 2 on bad usage (with a message on stderr)."""
    status, _, err = _run(capsys, *(arg.format(tmp=tmp_path) for arg in argv))
    assert status == expected
    if expected == 2:
        assert "error:" in err


def test_unknown_status_lists_the_valid_choices(capsys: pytest.CaptureFixture[str]) -> None:
    """A bad --status is bad usage, and the message names every valid status."""
    status, out, err = _run(capsys, "cases", "--status", "pending")
    assert (status, out) == (2, "")
    for choice in CaseStatus:
        assert choice.value in err


def test_cases_on_a_missing_file_fails_without_creating_it(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """Listing a case file that does not exist says so and leaves no file behind."""
    missing = tmp_path / "nowhere.sqlite"
    status, out, err = _run(capsys, "cases", "--db", str(missing))
    assert (status, out) == (1, "")
    assert f"There is no case file at {missing}" in err
    assert not missing.exists()


def test_demo_then_cases_round_trip(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    """The demo's JSON summary matches what ``cases --json`` then lists."""
    path = tmp_path / "demo.sqlite"
    status, out, err = _run(capsys, "demo", "--db", str(path), "--cases", "30", "--seed", "2", "--json")
    assert status == 0
    summary = json.loads(out)
    assert summary["path"] == str(path)
    assert summary["cases"] == 30
    assert min(summary["clients"], summary["contacts"], summary["activities"]) > 0
    assert "30 cases" in err
    listed = _cases_json(capsys, "--db", str(path))
    assert len(listed) == 30
    assert len({case["number"] for case in listed}) == 30


def test_cases_json_has_the_documented_fields(capsys: pytest.CaptureFixture[str], demo_file: Path) -> None:
    """Each listed case has number, caption, client, status, ISO incident date (or null), jurisdiction."""
    listed = _cases_json(capsys, "--db", str(demo_file))
    for case in listed:
        assert case.keys() >= REQUIRED_CASE_FIELDS
        assert case["status"] in {status.value for status in CaseStatus}
        assert case["incident_date"] is None or date.fromisoformat(case["incident_date"])
        assert case["client"] and case["caption"] and len(case["jurisdiction"]) == 2


@pytest.mark.parametrize("status", list(CaseStatus))
def test_status_filter_lists_exactly_that_status(
    capsys: pytest.CaptureFixture[str], demo_file: Path, status: CaseStatus
) -> None:
    """``--status S`` lists every case in that status and no other."""
    everything = _cases_json(capsys, "--db", str(demo_file))
    filtered = _cases_json(capsys, "--db", str(demo_file), "--status", status.value)
    assert filtered
    assert filtered == [case for case in everything if case["status"] == status.value]


def test_same_seed_gives_the_same_cases_and_another_seed_others(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """Demos made with one seed list identically; a different seed lists differently."""
    outputs = []
    for name, seed in [("a", "5"), ("b", "5"), ("c", "6")]:
        path = tmp_path / f"{name}.sqlite"
        today = TODAY.isoformat()
        assert (
            _run(capsys, "demo", "--db", str(path), "--cases", "20", "--seed", seed, "--today", today)[0] == 0
        )
        outputs.append(_run(capsys, "cases", "--db", str(path), "--json")[1])
    assert outputs[0] == outputs[1]
    assert outputs[0] != outputs[2]


def test_demo_refuses_a_file_with_cases_and_leaves_it_unchanged(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """A second demo into the same file fails with a clear message and changes nothing."""
    path = tmp_path / "demo.sqlite"
    assert _run(capsys, "demo", "--db", str(path), "--cases", "20")[0] == 0
    before = _cases_json(capsys, "--db", str(path))
    status, out, err = _run(capsys, "demo", "--db", str(path), "--cases", "20", "--seed", "9")
    assert (status, out) == (1, "")
    assert "already holds 20 cases" in err
    assert _cases_json(capsys, "--db", str(path)) == before


def test_cases_text_is_an_aligned_table(capsys: pytest.CaptureFixture[str], demo_file: Path) -> None:
    """The text listing has a header and one row per case, every column starting at the same place."""
    listed = _cases_json(capsys, "--db", str(demo_file))
    status, out, err = _run(capsys, "cases", "--db", str(demo_file))
    header, *rows = out.splitlines()
    assert status == 0
    assert header.split() == ["Number", "Status", "Client", "Caption", "Incident", "State"]
    assert len(rows) == len(listed)
    assert f"{len(listed)} cases" in err
    columns = {name: header.index(name) for name in ("Status", "Client", "Incident", "State")}
    for row, case in zip(rows, listed, strict=True):
        assert row.startswith(case["number"])
        assert row[columns["Status"] :].startswith(CaseStatus(case["status"]).label)
        assert row[columns["Client"] :].startswith(case["client"][:20])
        assert row[columns["Incident"] :].startswith(case["incident_date"] or "-")
        assert row[columns["State"] :] == case["jurisdiction"]


def test_cases_on_an_empty_case_file(
    capsys: pytest.CaptureFixture[str], services: Services, db_arg: str
) -> None:
    """An empty case file lists nothing: an empty JSON list, or a note on stderr."""
    assert _run(capsys, "cases", "--db", db_arg, "--json") == (0, "[]\n", "")
    assert _run(capsys, "cases", "--db", db_arg) == (0, "", "No cases.\n")


@pytest.mark.parametrize(
    "argv",
    [
        ["--db", "{db}", "cases", "--json"],
        ["cases", "--db", "{db}", "--json"],
        ["--db", "{tmp}/ignored.sqlite", "cases", "--db", "{db}", "--json"],
    ],
    ids=["before the command", "after the command", "the command's wins"],
)
def test_db_option_works_before_or_after_the_command(
    capsys: pytest.CaptureFixture[str], demo_file: Path, tmp_path: Path, argv: list[str]
) -> None:
    """--db is accepted at top level and on the subcommand; the subcommand's own --db wins."""
    status, out, _ = _run(capsys, *(arg.format(db=demo_file, tmp=tmp_path) for arg in argv))
    assert status == 0
    assert len(json.loads(out)) == 40


def test_case_file_falls_back_to_the_environment(
    capsys: pytest.CaptureFixture[str], demo_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Without --db, CASEDESK_DB names the case file."""
    monkeypatch.setenv(cli.DB_ENV, str(demo_file))
    assert len(_cases_json(capsys)) == 40


@pytest.mark.parametrize(
    ("argv", "env", "expected"),
    [
        ([], None, None),
        ([], "{tmp}/env.sqlite", "{tmp}/env.sqlite"),
        (["--db", "{tmp}/flag.sqlite"], "{tmp}/env.sqlite", "{tmp}/flag.sqlite"),
    ],
    ids=["default file", "environment", "--db beats environment"],
)
def test_without_a_command_the_app_opens_on_the_chosen_file(
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    argv: list[str],
    env: str | None,
    expected: str | None,
) -> None:
    """``casedesk`` alone runs the GUI on --db, else CASEDESK_DB, else the default case file."""
    opened: list[Path | str] = []

    def run_gui(db_path: Path | str, documents: Path | None = None) -> int:
        assert documents is None  # a case file's documents are beside it
        opened.append(db_path)
        return 7

    # A stand-in for casedesk.app, so that no test outside tests/ui imports Qt.
    monkeypatch.setitem(sys.modules, "casedesk.app", types.SimpleNamespace(run_gui=run_gui))
    if env is not None:
        monkeypatch.setenv(cli.DB_ENV, env.format(tmp=tmp_path))
    assert main([arg.format(tmp=tmp_path) for arg in argv]) == 7
    assert opened == [Path(expected.format(tmp=tmp_path)) if expected else cli.default_db_path()]


def test_without_a_command_the_app_opens_a_firm_database_with_its_documents_folder(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """``casedesk --db URL --documents DIR`` runs the GUI on the firm database with that folder."""
    opened: list[tuple[Path | str, Path | None]] = []

    def run_gui(db_path: Path | str, documents: Path | None = None) -> int:
        opened.append((db_path, documents))
        return 7

    monkeypatch.setitem(sys.modules, "casedesk.app", types.SimpleNamespace(run_gui=run_gui))
    url = "postgresql+psycopg://someone:secret@db.example.com/casedesk"
    assert main(["--db", url, "--documents", str(tmp_path)]) == 7
    monkeypatch.setenv(cli.DB_ENV, url)
    monkeypatch.setenv("CASEDESK_DOCUMENTS", str(tmp_path / "shared"))
    assert main([]) == 7
    assert opened == [(url, tmp_path), (url, tmp_path / "shared")]


def test_python_m_casedesk_prints_the_version() -> None:
    """``python -m casedesk --version`` works as a program of its own."""
    done = subprocess.run(
        [sys.executable, "-m", "casedesk", "--version"], capture_output=True, text=True, check=False
    )
    assert (done.returncode, done.stdout) == (0, f"casedesk {__version__}\n")


def test_headless_commands_never_load_qt(demo_file: Path) -> None:
    """``casedesk cases`` runs without importing PySide6, so it works where there is no display."""
    script = (
        "import sys\n"
        "from casedesk.cli import main\n"
        f"status = main(['cases', '--db', {str(demo_file)!r}, '--json'])\n"
        "qt = sorted(name for name in sys.modules if name.startswith(('PySide6', 'shiboken6')))\n"
        "print('Qt modules loaded:', qt, file=sys.stderr)\n"
        "sys.exit(status)\n"
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    assert done.stderr == "Qt modules loaded: []\n"
    assert len(json.loads(done.stdout)) == 40
