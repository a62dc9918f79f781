"""The child of the lock tests: opens a case file in its own process and keeps it open until killed."""

from __future__ import annotations

import multiprocessing
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from casedesk.domain.cases import Client
from casedesk.store import cases as case_store
from casedesk.store.casefile import open_case_file

READY = "ready"
#: The longest the holding process may take to open the case file.
READY_TIMEOUT_S = 60.0


def hold_open(db: Path, ready: Path, client_name: str) -> None:
    """Open ``db`` writable (taking its lock), save a client, say so in ``ready``, then wait to be killed."""
    case_file = open_case_file(db)
    with case_file.session() as session:
        case_store.add_client(session, Client(name=client_name))
    ready.write_text(READY)
    while True:
        time.sleep(0.1)


@contextmanager
def held_open(db: Path, folder: Path, client_name: str = "Held Open") -> Iterator[multiprocessing.Process]:
    """Another casedesk process that has ``db`` open (and saved ``client_name`` in it) until the block ends.

    The process starts from a forkserver (the tests' process has Qt loaded) and is killed at the end.
    """
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(["tests.store.lock_child"])
    ready = folder / "ready.txt"
    ready.unlink(missing_ok=True)
    child = context.Process(target=hold_open, args=(db, ready, client_name))
    child.start()
    try:
        deadline = time.monotonic() + READY_TIMEOUT_S
        while not (ready.exists() and ready.read_text() == READY):
            assert child.is_alive(), "the holding process ended before it opened the case file"
            assert time.monotonic() < deadline, "the holding process did not open the case file in time"
            time.sleep(0.02)
        yield child
    finally:
        child.kill()
        child.join()
