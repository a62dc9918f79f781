"""Checking a case file: the database's pages and keys, the search index, and every stored file.

``casedesk check`` and Help › Check Case File… run :meth:`CheckService.check`. It reads, and changes
nothing unless asked to repair; a repair only does what loses nothing: it rebuilds the search index from
the stored texts and removes the leftovers of an interrupted import. Damaged or missing data is reported
with what to do (restore a backup), never "fixed" by deleting rows.
"""

from __future__ import annotations

import contextlib
import time
from pathlib import Path

from sqlalchemy.orm import Session

from casedesk.domain.check import Area, CheckReport, Finding, Severity, sort_findings
from casedesk.domain.progress import CancelToken, Progress, no_progress
from casedesk.services.docstore import DocumentStore, document_store_of
from casedesk.store import integrity
from casedesk.store.casefile import CaseFile
from casedesk.store.search import search_index

#: A temp file left in the document folder is an interrupted import's once it is this old (seconds):
#: younger ones may belong to an import still running in another window.
STALE_TEMP_AGE_S = 3600
_RESTORE = "Restore the case file from a backup made before the damage."
_CHUNK = 1 << 20


class CheckService:
    """Checks (and, asked to, repairs) one case file."""

    def __init__(self, case_file: CaseFile) -> None:
        self._case_file = case_file

    def check(
        self, *, repair: bool = False, progress: Progress = no_progress, cancel: CancelToken | None = None
    ) -> CheckReport:
        """Check the database, the search index and the document store.

        Args:
            repair: Also put right what can be put right without losing anything.
            progress: Told of each stored file verified.
            cancel: Stops between files (raises :class:`~casedesk.domain.progress.Cancelled`).
        """
        token = cancel or CancelToken()
        findings: list[Finding] = []
        with self._case_file.session() as session:
            findings.extend(_database_findings(session))
            findings.extend(_search_findings(session, repair))
            files = integrity.stored_files(session)
        findings.extend(self._document_findings(files, repair, progress, token))
        return CheckReport(documents=len(files), findings=sort_findings(findings))

    def _document_findings(
        self, files: list[integrity.StoredFile], repair: bool, progress: Progress, cancel: CancelToken
    ) -> list[Finding]:
        documents = document_store_of(self._case_file)
        documents.ready()
        store = documents.folder
        findings: list[Finding] = []
        for done, stored in enumerate(files):
            cancel.check()
            progress(done, len(files), stored.title)
            path = documents.path_on_disk(stored.name)
            where = f"“{stored.title}” (case {stored.case_number})"
            if not path.is_file():
                findings.append(
                    Finding(
                        Severity.PROBLEM,
                        Area.DOCUMENTS,
                        f"The stored copy of {where} is missing from the document folder.",
                        f"{_RESTORE} Or delete the document and import the file again.",
                    )
                )
            elif _sha256(documents, stored.name, cancel) != stored.sha256:
                findings.append(
                    Finding(
                        Severity.PROBLEM,
                        Area.DOCUMENTS,
                        f"The stored copy of {where} has been changed or damaged on disk.",
                        f"{_RESTORE} Or delete the document and import the original file again.",
                    )
                )
        progress(len(files), len(files), "")
        expected = {documents.disk_name(stored.name) for stored in files}
        findings.extend(_stray_findings(store, expected, repair, sealed=documents.sealed))
        return findings


def _database_findings(session: Session) -> list[Finding]:
    findings = [
        Finding(Severity.PROBLEM, Area.DATABASE, f"The database file is damaged: {message}", _RESTORE)
        for message in integrity.integrity_messages(session)
    ]
    broken: dict[tuple[str, str], int] = {}
    for violation in integrity.foreign_key_violations(session):
        key = (violation.table, violation.parent)
        broken[key] = broken.get(key, 0) + 1
    for (table, parent), count in broken.items():
        rows = "1 row points" if count == 1 else f"{count} rows point"
        findings.append(
            Finding(
                Severity.PROBLEM,
                Area.DATABASE,
                f"In {table}, {rows} to missing rows of {parent}.",
                _RESTORE,
            )
        )
    return findings


def _search_findings(session: Session, repair: bool) -> list[Finding]:
    index = search_index(session)
    if index.is_sound(session):
        return []
    if repair:
        index.rebuild(session)
        return [
            Finding(
                Severity.REPAIRED,
                Area.SEARCH,
                "The search index did not match the stored texts; it was rebuilt from them.",
            )
        ]
    return [
        Finding(
            Severity.NOTICE,
            Area.SEARCH,
            "The search index does not match the stored texts: searches may miss pages or notes.",
            "Repair rebuilds it from the stored texts; nothing is lost.",
            repairable=True,
        )
    ]


def _stray_findings(store: Path, expected: set[str], repair: bool, *, sealed: bool = False) -> list[Finding]:
    """Files in the document folder that no document names, and leftovers of interrupted imports.

    In an encrypted case file's folder, a file that is not sealed is a plain copy left by an interrupted
    encryption: a problem (it may hold a document in plain text), which a repair removes.
    """
    if not store.is_dir():
        return []
    findings: list[Finding] = []
    now = time.time()
    for path in sorted(store.rglob("*")):
        if not path.is_file():
            continue
        name = path.relative_to(store).as_posix()
        if name in expected:
            continue
        if path.name.startswith(".") and path.suffix == ".part":
            if now - path.stat().st_mtime < STALE_TEMP_AGE_S:
                continue  # an import may still be writing it
            if repair:
                path.unlink(missing_ok=True)
                findings.append(
                    Finding(
                        Severity.REPAIRED,
                        Area.DOCUMENTS,
                        f"Removed {name}, left by an interrupted import.",
                    )
                )
            else:
                findings.append(
                    Finding(
                        Severity.NOTICE,
                        Area.DOCUMENTS,
                        f"{name} was left by an interrupted import.",
                        "Repair removes it; it was never part of the case file.",
                        repairable=True,
                    )
                )
            continue
        if sealed and path.suffix != ".sealed":
            findings.append(_plain_leftover(path, name, repair))
            continue
        findings.append(
            Finding(
                Severity.NOTICE,
                Area.DOCUMENTS,
                f"{name} in the document folder belongs to no document.",
                "It is left where it is. Delete it only if you know it is not needed.",
            )
        )
    return findings


def _plain_leftover(path: Path, name: str, repair: bool) -> Finding:
    if repair:
        with contextlib.suppress(OSError):
            path.chmod(0o600)
        path.unlink(missing_ok=True)
        return Finding(
            Severity.REPAIRED,
            Area.DOCUMENTS,
            f"Removed {name}, a file left unencrypted in the encrypted case file's document folder.",
        )
    return Finding(
        Severity.PROBLEM,
        Area.DOCUMENTS,
        f"{name} in the encrypted case file's document folder is not encrypted (left by an "
        "interrupted encryption); it may hold a document in plain text.",
        "Repair removes it: the case file holds its own encrypted copy.",
        repairable=True,
    )


def _sha256(documents: DocumentStore, name: str, cancel: CancelToken) -> str:
    """The SHA-256 of a stored file's content ("" when a sealed file cannot be unsealed: damaged)."""
    from casedesk.exports.sealed import SealedFileError

    try:
        digest = documents.sha256_of(name)
    except SealedFileError:
        digest = ""
    cancel.check()
    return digest
