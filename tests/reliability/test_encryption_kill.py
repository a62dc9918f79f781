"""Encrypting and decrypting are killed with SIGKILL at random moments: the case file always opens whole.

After every kill the case file is either still plain or already encrypted — never half of each — and
opens (with the passphrase when encrypted), passes the check of its database, and gives back every
stored document byte for byte. ``pytest --crash-kills=100 tests/reliability/test_encryption_kill.py``
runs longer (default 20 kills).
"""

from __future__ import annotations

import hashlib
import multiprocessing
import random
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from casedesk.domain.cases import Case
from casedesk.domain.check import Area, Severity
from casedesk.services.casefiles import Services, open_services
from casedesk.services.encryption import decrypt_case_file, encrypt_case_file, is_encrypted
from tests.conftest import fixed_clock
from tests.pdfs import make_pdf, numbered_pages
from tests.reliability.encryption_child import READY, toggle_until_killed

pytestmark = pytest.mark.skipif(
    "forkserver" not in multiprocessing.get_all_start_methods(), reason="needs fork (POSIX)"
)

PASSPHRASE = "killed but never half done"
READY_TIMEOUT_S = 60.0


@pytest.fixture(scope="module")
def forkserver() -> multiprocessing.context.BaseContext:
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(["tests.reliability.encryption_child"])
    return context


def test_a_kill_while_encrypting_or_decrypting_never_leaves_a_broken_case_file(
    forkserver: multiprocessing.context.BaseContext,
    db_path: Path,
    tmp_path: Path,
    make_case: Callable[..., Case],
    services: Services,
    request: pytest.FixtureRequest,
) -> None:
    kills: int = request.config.getoption("--crash-kills")
    case_id = make_case().id or 0
    downloads = tmp_path / "Downloads"
    downloads.mkdir()
    pdfs = [make_pdf(downloads / f"record {n}.pdf", numbered_pages(3 + n, f"Record {n}")) for n in range(6)]
    services.documents.import_files(case_id, pdfs)
    contents = {hashlib.sha256(pdf.read_bytes()).hexdigest() for pdf in pdfs}
    services.close()
    started = time.monotonic()  # how long one round takes on this machine now, to kill within rounds
    encrypt_case_file(db_path, PASSPHRASE)
    decrypt_case_file(db_path, PASSPHRASE)
    round_s = time.monotonic() - started
    rng = random.Random(20261121)
    seen = {"encrypted": 0, "decrypted": 0}
    for run in range(kills):
        acks = tmp_path / f"acks-{run}.txt"
        child = forkserver.Process(  # type: ignore[attr-defined]
            target=toggle_until_killed, args=(db_path, PASSPHRASE, acks)
        )
        child.start()
        _wait_until_ready(acks, child)
        time.sleep(rng.uniform(0.0, 1.5 * round_s))
        child.kill()
        child.join()
        for line in acks.read_text().split():
            seen[line] = seen.get(line, 0) + 1
        _assert_whole(db_path, case_id, contents)
    assert seen["encrypted"] + seen["decrypted"] > 0  # the children got work done between kills


def _assert_whole(db_path: Path, case_id: int, contents: set[str]) -> None:
    encrypted = is_encrypted(db_path)
    opened = open_services(db_path, clock=fixed_clock, passphrase=PASSPHRASE if encrypted else None)
    try:
        assert not db_path.with_name(f".{db_path.name}.rewrite").exists()  # a plain copy is not left
        assert opened.encrypted == encrypted
        documents = opened.documents.documents(case_id)
        assert {d.sha256 for d in documents} == contents
        for document in documents:
            assert hashlib.sha256(opened.documents.read_bytes(document)).hexdigest() == document.sha256
        report = opened.check.check(repair=True)  # removes what an interrupted run left behind
        assert not [f for f in report.findings if f.severity is Severity.PROBLEM and f.area is Area.DATABASE]
        assert opened.check.check().ok
    finally:
        opened.close()


def _wait_until_ready(acks: Path, child: multiprocessing.process.BaseProcess) -> None:
    deadline = time.monotonic() + READY_TIMEOUT_S
    while not (acks.exists() and READY in acks.read_text()):
        assert child.is_alive(), "the child died before it was ready"
        assert time.monotonic() < deadline, "the child did not start"
        time.sleep(0.01)
