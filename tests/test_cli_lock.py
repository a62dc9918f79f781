"""Commands while another casedesk has the case file open: readers read it read-only, writers are refused.

The other casedesk is a real second process holding the case file's lock.
"""

from __future__ import annotations

import json
import multiprocessing
from collections.abc import Iterator
from pathlib import Path

import pytest

from casedesk.cli import main
from casedesk.store.lock import LockHolder
from tests.conftest import TODAY
from tests.store.lock_child import held_open

pytestmark = pytest.mark.skipif(
    "forkserver" not in multiprocessing.get_all_start_methods(), reason="needs fork (POSIX)"
)

READ_ONLY_NOTE = "demo.sqlite is open in another casedesk; reading it read-only."


@pytest.fixture
def demo_file(tmp_path: Path) -> Path:
    """A 6-case demo case file made through the command line."""
    path = tmp_path / "demo.sqlite"
    assert main(["demo", "--db", str(path), "--cases", "6", "--today", TODAY.isoformat()]) == 0
    return path


@pytest.fixture
def holder(demo_file: Path, tmp_path: Path) -> Iterator[multiprocessing.Process]:
    """Another casedesk process with the demo file open (it saved a client directly, so no search entry)."""
    with held_open(demo_file, tmp_path) as child:
        yield child


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    status = main(list(argv))
    captured = capsys.readouterr()
    return status, captured.out, captured.err


def test_reading_commands_work_read_only_while_the_file_is_open(
    holder: multiprocessing.Process, demo_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """``cases``, ``search``, ``check`` and an export read the file another casedesk has open, and say so."""
    before = demo_file.read_bytes()
    status, out, err = _run(capsys, "cases", "--db", str(demo_file), "--json")
    assert status == 0, err
    assert READ_ONLY_NOTE in err
    cases = json.loads(out)
    assert len(cases) == 6
    number = cases[0]["number"]

    status, out, err = _run(capsys, "search", "--db", str(demo_file), "the")
    assert status == 0, err
    assert READ_ONLY_NOTE in err

    status, out, err = _run(capsys, "check", "--db", str(demo_file), "--json")
    assert READ_ONLY_NOTE in err
    report = json.loads(out)
    assert [finding["area"] for finding in report["findings"]] == ["search"]  # the holder's client, unindexed

    ledger = tmp_path / "ledger.xlsx"
    status, out, err = _run(
        capsys, "export", "ledger", "--db", str(demo_file), "--case", number, "-o", str(ledger)
    )
    assert status == 0, err
    assert ledger.stat().st_size > 0
    assert demo_file.read_bytes() == before  # nothing was written by the readers


def test_writing_commands_are_refused_naming_the_holder(
    holder: multiprocessing.Process, demo_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """``check --repair`` and ``import`` exit 1 naming who has the file open; nothing is changed."""
    before = demo_file.read_bytes()
    me = LockHolder.current()
    in_use = f"casedesk: demo.sqlite is open in casedesk on this computer ({me.user}) since "
    status, _, err = _run(capsys, "check", "--db", str(demo_file), "--repair")
    assert status == 1
    assert in_use in err
    assert "read-only" in err  # the hint

    status, out, err = _run(capsys, "cases", "--db", str(demo_file), "--json")
    number = json.loads(out)[0]["number"]
    pdf = tmp_path / "letter.pdf"
    pdf.write_bytes(b"%PDF-1.4\n%%EOF\n")
    status, _, err = _run(capsys, "import", "--db", str(demo_file), "--case", number, str(pdf))
    assert status == 1
    assert in_use in err
    assert demo_file.read_bytes() == before


def test_after_the_holder_is_killed_writing_commands_work(
    holder: multiprocessing.Process, demo_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Once the other casedesk is gone (even killed), a writing command opens the file normally."""
    holder.kill()
    holder.join()
    status, _, err = _run(capsys, "check", "--db", str(demo_file), "--repair")
    assert status == 0, err
    assert "read-only" not in err and "open in" not in err
