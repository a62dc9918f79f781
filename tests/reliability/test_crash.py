"""Durability: a process saving through casedesk is killed with SIGKILL at random moments, many times.

After every kill the case file must pass SQLite's integrity and foreign-key checks, hold every save the
child acknowledged (an acknowledgement is written only after the service's commit returned), and open
again in casedesk. The default run kills 20 times; ``pytest --crash-kills=500 tests/reliability`` runs
longer.

The children are forked from a server process that has already imported casedesk, so a kill costs
milliseconds, not an interpreter start.
"""

from __future__ import annotations

import multiprocessing
import random
import sqlite3
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from casedesk.domain.cases import Case
from casedesk.services.casefiles import Services, open_services
from tests.conftest import fixed_clock
from tests.reliability.crash_child import READY, save_until_killed

pytestmark = pytest.mark.skipif(
    "forkserver" not in multiprocessing.get_all_start_methods(), reason="needs fork (POSIX)"
)

#: The longest a child may take to open the case file before the test gives up on it.
READY_TIMEOUT_S = 60.0


@pytest.fixture(scope="module")
def forkserver() -> multiprocessing.context.BaseContext:
    """A process context whose children start from a server that has imported casedesk already."""
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(["tests.reliability.crash_child"])
    return context


def test_no_acknowledged_save_is_lost_when_killed(
    forkserver: multiprocessing.context.BaseContext,
    db_path: Path,
    tmp_path: Path,
    make_case: Callable[..., Case],
    services: Services,
    request: pytest.FixtureRequest,
) -> None:
    """Kill a saving process at random moments; the file stays sound and keeps every acknowledged save."""
    kills: int = request.config.getoption("--crash-kills")
    case_id = make_case().id
    assert case_id is not None
    services.close()  # one casedesk writes at a time: the children take the case file's lock in turn
    rng = random.Random(20261121)
    acknowledged: list[tuple[str, int, str, int]] = []
    for run in range(kills):
        acks = tmp_path / f"acks-{run}.txt"
        child = forkserver.Process(  # type: ignore[attr-defined]
            target=save_until_killed, args=(db_path, case_id, f"run{run}", acks)
        )
        child.start()
        _wait_until_ready(acks, child)
        time.sleep(rng.uniform(0.0, 0.25))  # a random moment: mid-transaction, mid-commit or between
        child.kill()
        child.join()
        saves = _read_acks(acks)
        acknowledged.extend(saves)
        _assert_sound(db_path)
        _assert_present(db_path, saves)

    assert len(acknowledged) >= kills  # the children really saved between kills
    _assert_present(db_path, acknowledged)
    print(f"\n{kills} kills: {len(acknowledged):,} acknowledged saves, none lost")  # seen with -s
    reopened = open_services(db_path, create=False, clock=fixed_clock)
    try:
        ledger = {entry.expense.description for entry in reopened.expenses.ledger(case_id)}
        timeline = {activity.subject for activity in reopened.timeline.entries(case_id)}
    finally:
        reopened.close()
    for kind, _, subject, _ in acknowledged:
        assert subject in (ledger if kind == "expense" else timeline)


def _wait_until_ready(acks: Path, child: multiprocessing.process.BaseProcess) -> None:
    deadline = time.monotonic() + READY_TIMEOUT_S
    while time.monotonic() < deadline:
        if acks.exists() and acks.read_text().startswith(READY):
            return
        if not child.is_alive():
            pytest.fail(f"the saving process ended by itself (exit code {child.exitcode})")
        time.sleep(0.005)
    child.kill()
    pytest.fail("the saving process did not open the case file in time")


def _read_acks(acks: Path) -> list[tuple[str, int, str, int]]:
    saves = []
    for line in acks.read_text().splitlines()[1:]:
        kind, row_id, subject, cents = line.split()
        saves.append((kind, int(row_id), subject, int(cents)))
    return saves


def _assert_sound(db_path: Path) -> None:
    connection = sqlite3.connect(db_path)
    try:
        assert connection.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        assert connection.execute("PRAGMA foreign_key_check").fetchall() == []
    finally:
        connection.close()


def _assert_present(db_path: Path, saves: list[tuple[str, int, str, int]]) -> None:
    connection = sqlite3.connect(db_path)
    try:
        for kind, row_id, subject, cents in saves:
            if kind == "expense":
                row = connection.execute(
                    "SELECT description, amount FROM expenses WHERE id = ?", (row_id,)
                ).fetchone()
                assert row == (subject, cents), f"acknowledged expense {subject} lost"
            else:
                row = connection.execute("SELECT subject FROM activities WHERE id = ?", (row_id,)).fetchone()
                assert row == (subject,), f"acknowledged timeline entry {subject} lost"
    finally:
        connection.close()
