"""Atomic writes: a process exporting (or backing up) is killed with SIGKILL at random moments, many times.

After every kill the target is absent (killed before the first write finished) or exactly one complete
version: the ``atomic`` payload's digest matches and its version is the last acknowledged or the next,
openpyxl loads the ledger, pypdf reads every page of the chronology, every backup passes
``PRAGMA integrity_check``. Never a torn file under the target's name. Temp files a kill leaves behind
(``.<name>.*.part``, ``*.partial``) are allowed, but must not pose as the target: they are counted.

``pytest --crash-kills=500 tests/reliability`` kills more (shared with the crash test); the kills are
spread over the four kinds of write.
"""

from __future__ import annotations

import multiprocessing
import random
import sqlite3
import time
from pathlib import Path

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from casedesk.services.demo import create_demo
from tests.conftest import TODAY
from tests.reliability.atomic_child import READY, check_payload, export_until_killed

pytestmark = pytest.mark.skipif(
    "forkserver" not in multiprocessing.get_all_start_methods(), reason="needs fork (POSIX)"
)

READY_TIMEOUT_S = 60.0
KINDS = ("atomic", "ledger", "pdf", "backup")
#: Where each kind writes, in its own folder.
TARGETS = {"atomic": "payload.bin", "ledger": "ledger.xlsx", "pdf": "chronology.pdf", "backup": ""}
#: How long after it is ready a child may be killed (seconds): a few of its writes.
SPANS = {"atomic": 0.5, "ledger": 1.0, "pdf": 1.5, "backup": 0.5}


@pytest.fixture(scope="module")
def forkserver() -> multiprocessing.context.BaseContext:
    """Children forked from a server that has imported casedesk and the writers already."""
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(
        [
            "tests.reliability.atomic_child",
            "casedesk.services.casefiles",
            "openpyxl",
            "reportlab.pdfgen.canvas",
        ]
    )
    return context


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, int]:
    """A demo case file and its case with the most expenses (a ledger and a chronology worth writing)."""
    path = tmp_path_factory.mktemp("atomic") / "demo.sqlite"
    create_demo(path, today=TODAY, cases=6, seed=3)
    connection = sqlite3.connect(path)
    try:
        (case_id,) = connection.execute(
            "SELECT case_id FROM expenses GROUP BY case_id ORDER BY count(*) DESC LIMIT 1"
        ).fetchone()
    finally:
        connection.close()
    return path, case_id


@pytest.mark.parametrize("kind", KINDS)
def test_a_kill_mid_write_leaves_the_old_file_or_the_new_one_never_a_torn_one(
    kind: str,
    forkserver: multiprocessing.context.BaseContext,
    demo: tuple[Path, int],
    tmp_path: Path,
    request: pytest.FixtureRequest,
) -> None:
    """Kill a writing process at random moments; after each kill the target is whole (or not there yet)."""
    kills = max(3, request.config.getoption("--crash-kills") // len(KINDS))
    db, case_id = demo
    folder = tmp_path / "out"
    folder.mkdir()
    target = folder / TARGETS[kind]
    backups = db.with_name(f"{db.stem}-backups")
    before = set(backups.glob("*")) if backups.exists() else set()
    rng = random.Random(f"{kind}-20261121")
    done = 0
    whole = 0
    for run in range(kills):
        acks = tmp_path / f"acks-{run}.txt"
        child = forkserver.Process(  # type: ignore[attr-defined]
            target=export_until_killed, args=(kind, db, case_id, target, acks)
        )
        child.start()
        _wait_until_ready(acks, child)
        time.sleep(rng.uniform(0.0, SPANS[kind]))
        child.kill()
        child.join()
        acknowledged = _acknowledged(acks)
        done += acknowledged
        if kind == "backup":
            whole = _check_backups(backups, before)
        elif target.exists():
            _check_whole(kind, target, acknowledged)
            whole += 1
        else:
            assert acknowledged == 0, f"{target.name} vanished after {acknowledged} writes"
        others = [path for path in folder.iterdir() if path != target]
        assert all(path.name.endswith(".part") and path.name.startswith(".") for path in others), others
        # The next write removes what a killed one left (but for an empty file, which may be a writer's
        # that has not locked it yet): at most the last kill's temp file holds anything.
        assert len([path for path in others if path.stat().st_size]) <= 1, others
    left = (backups if kind == "backup" else folder).iterdir()
    temps = [path for path in left if path.name.endswith((".part", ".partial", "-journal"))]
    empty = sum(1 for path in temps if path.stat().st_size == 0)
    assert done >= 1, "the child never finished a write between kills"
    print(
        f"\n{kind}: {kills} kills, {done} writes acknowledged, {whole} checked whole, 0 torn; "
        f"temp files left: {len(temps)} ({empty} empty)"
    )


def _wait_until_ready(acks: Path, child: multiprocessing.process.BaseProcess) -> None:
    deadline = time.monotonic() + READY_TIMEOUT_S
    while time.monotonic() < deadline:
        if acks.exists() and acks.read_text().startswith(READY):
            return
        if not child.is_alive():
            pytest.fail(f"the writing process ended by itself (exit code {child.exitcode})")
        time.sleep(0.005)
    child.kill()
    pytest.fail("the writing process did not start in time")


def _acknowledged(acks: Path) -> int:
    return sum(1 for line in acks.read_text().splitlines() if line.startswith("done "))


def _check_whole(kind: str, target: Path, acknowledged: int) -> None:
    """The target is one complete version (for ``atomic``: the last acknowledged, or the one after)."""
    if kind == "atomic":
        version = check_payload(target.read_bytes())
        if acknowledged:
            assert version in (acknowledged, acknowledged + 1), (version, acknowledged)
    elif kind == "ledger":
        workbook = load_workbook(target, read_only=True)
        try:
            assert workbook.sheetnames
        finally:
            workbook.close()
    else:
        reader = PdfReader(target, strict=True)
        assert len(reader.pages) >= 1
        for page in reader.pages:
            page.extract_text()


def _check_backups(backups: Path, before: set[Path]) -> int:
    """Every backup file made by the children passes SQLite's integrity check; how many there are."""
    made = [path for path in backups.glob("*.sqlite") if path not in before]
    for path in made:
        connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            assert connection.execute("PRAGMA integrity_check").fetchall() == [("ok",)], path.name
        finally:
            connection.close()
    return len(made)


def test_the_next_export_removes_only_temp_files_whose_writer_is_gone(tmp_path: Path) -> None:
    """A temp file its writer still holds is kept; one abandoned by a killed writer is removed."""
    import fcntl

    from casedesk.exports.atomic import atomic_write

    target = tmp_path / "ledger.xlsx"
    abandoned = tmp_path / ".ledger.xlsx.k1ll3d.part"
    abandoned.write_bytes(b"half a workbook")
    busy = tmp_path / ".ledger.xlsx.wr1t1n.part"
    busy.write_bytes(b"another export, still writing")
    other = tmp_path / ".chronology.pdf.k1ll3d.part"
    other.write_bytes(b"another file's")
    with busy.open("rb") as held:
        fcntl.flock(held.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        with atomic_write(target) as handle:
            handle.write(b"new")
        assert not abandoned.exists()
        assert busy.exists() and other.exists()
    with atomic_write(target) as handle:
        handle.write(b"newer")
    assert sorted(path.name for path in tmp_path.iterdir()) == [".chronology.pdf.k1ll3d.part", "ledger.xlsx"]
    assert target.read_bytes() == b"newer"
