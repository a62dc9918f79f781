"""The child of the lock tests: opens a case file in its own process and keeps it open until killed."""

from __future__ import annotations

import time
from pathlib import Path

from casedesk.domain.cases import Client
from casedesk.store import cases as case_store
from casedesk.store.casefile import open_case_file

READY = "ready"


def hold_open(db: Path, ready: Path, client_name: str) -> None:
    """Open ``db`` writable (taking its lock), save a client, say so in ``ready``, then wait to be killed."""
    case_file = open_case_file(db)
    with case_file.session() as session:
        case_store.add_client(session, Client(name=client_name))
    ready.write_text(READY)
    while True:
        time.sleep(0.1)
