"""The child of the atomic-write kill test: writes one export (or backup) again and again until killed.

Each write goes through casedesk's real code path. After each one returns, the child appends
``done <n>`` to the acknowledgement file (one ``write`` per line, so a kill cannot tear it). The parent
kills it with SIGKILL at a random moment and then checks what is on disk.

Kinds:
    ``atomic``: :func:`casedesk.exports.atomic.atomic_write`, a payload of :data:`PAYLOAD_BYTES` written
        in chunks: the version on a line, then filler, then the SHA-256 of all before it
        (:func:`check_payload`).
    ``ledger``: the case's ledger workbook, ``ExpenseService.export_ledger_xlsx``.
    ``pdf``: the case's medical chronology as a PDF, ``RecordService.export_chronology``.
    ``backup``: ``backup_case_file`` of the case file (a new backup file each time, in ``<stem>-backups``).
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable
from pathlib import Path

READY = "ready"
#: Size of each ``atomic`` version, and of the chunks it is written in.
PAYLOAD_BYTES = 8 << 20
CHUNK_BYTES = 64 << 10


def payload_chunks(version: int) -> list[bytes]:
    """The chunks of version ``version`` of the ``atomic`` payload (its digest last)."""
    digest = hashlib.sha256()
    chunks = [f"{version:08d}\n".encode()]
    filler = bytes([version % 251]) * CHUNK_BYTES
    while sum(map(len, chunks)) + CHUNK_BYTES <= PAYLOAD_BYTES - 64:
        chunks.append(filler)
    for chunk in chunks:
        digest.update(chunk)
    chunks.append(digest.hexdigest().encode())
    return chunks


def check_payload(data: bytes) -> int:
    """The version of a complete ``atomic`` payload; raises ``ValueError`` for a torn one."""
    body, digest = data[:-64], data[-64:]
    if len(data) < 73 or hashlib.sha256(body).hexdigest().encode() != digest:
        raise ValueError(f"torn payload ({len(data):,} bytes)")
    return int(body[:8])


def export_until_killed(kind: str, db: Path, case_id: int, target: Path, acks: Path) -> None:
    """Write ``target`` (of ``kind``) over and over, acknowledging each write, until the process is killed."""
    fd = os.open(acks, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)

    def acknowledge(line: str) -> None:
        os.write(fd, f"{line}\n".encode())

    write = _writer(kind, db, case_id, target)
    acknowledge(READY)
    version = 0
    while True:
        version += 1
        write(version)
        acknowledge(f"done {version}")


def _writer(kind: str, db: Path, case_id: int, target: Path) -> Callable[[int], object]:
    if kind == "atomic":
        from casedesk.exports.atomic import atomic_write

        def write_atomic(version: int) -> None:
            with atomic_write(target) as handle:
                for chunk in payload_chunks(version):
                    handle.write(chunk)

        return write_atomic
    if kind == "backup":
        from casedesk.store.casefile import backup_case_file

        return lambda version: backup_case_file(db, reason="kill-test")
    from casedesk.services.casefiles import open_services

    services = open_services(db)
    if kind == "ledger":
        return lambda version: services.expenses.export_ledger_xlsx(case_id, target)
    if kind == "pdf":
        return lambda version: services.records.export_chronology(case_id, target)
    raise ValueError(kind)
