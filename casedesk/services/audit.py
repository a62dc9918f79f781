"""The audit trail of a case file: what changed or was exported, by whom and when."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from casedesk.domain.audit import EXPORT_ENTITY, AuditAction, AuditEntry, AuditKind
from casedesk.domain.progress import CancelToken, Progress, no_progress
from casedesk.services.clock import Clock, system_clock
from casedesk.store import audit as audit_store
from casedesk.store.casefile import CaseFile


class AuditService:
    """Reads and exports the audit trail; records exports of health information.

    Changes to audited records are recorded by the case file itself, in the transaction that saves them
    (see :mod:`casedesk.store.audit`); this service adds the exports and reads the trail back. The
    entries' times are the system's (the moment it happened), not ``clock``, which dates exported files.
    """

    def __init__(self, case_file: CaseFile, clock: Clock = system_clock) -> None:
        self._case_file = case_file
        self._clock = clock

    def entries(self, case_id: int | None = None, kind: AuditKind | None = None) -> list[AuditEntry]:
        """The trail, newest first: of one case, or (``case_id`` None) of the whole case file."""
        with self._case_file.session() as session:
            found = audit_store.list_entries(session, case_id)
        return found if kind is None else [entry for entry in found if entry.kind == kind]

    def record_export(self, case_id: int | None, what: str, path: Path) -> None:
        """Record that ``what`` (e.g. "Expense ledger") of a case was written to ``path``.

        See :func:`record_export`.
        """
        record_export(self._case_file, case_id, what, path)

    def export(
        self,
        case_id: int | None,
        path: Path,
        progress: Progress = no_progress,
        cancel: CancelToken | None = None,
    ) -> int:
        """Write the trail (of one case or of the whole file) to ``path``, .xlsx or .csv by its suffix.

        Returns the number of data rows written. The export itself is recorded in the trail, after it.

        Raises:
            Cancelled: ``cancel`` was set before the file was written; nothing was written.
            ExportError: The file cannot be written; a file already there is left as it was.
        """
        from casedesk.exports.audit_xlsx import write_audit_file

        progress(0, 2, "Reading the audit trail")
        entries = self.entries(case_id)
        if cancel is not None:
            cancel.check()
        progress(1, 2, f"Writing {path.name}")
        if case_id is None:
            title = f"Audit trail — {self._case_file.name}"
        else:
            with self._case_file.session() as session:
                title = f"Audit trail — case {audit_store.case_number_of(session, case_id)}"
        rows = write_audit_file(path, entries, title, self._clock())
        self.record_export(case_id, "Audit trail", path)
        progress(2, 2, "")
        return rows


def record_export(case_file: CaseFile, case_id: int | None, what: str, path: Path) -> None:
    """Record in the trail that ``what`` of a case (``case_id`` None: of every case) was written to ``path``.

    Every service that writes case data to a file the user chose calls it once the file is written.
    Nothing is recorded in a case file opened read-only (it cannot be written to).
    """
    if case_file.read_only:
        return
    with case_file.session() as session:
        number = audit_store.case_number_of(session, case_id) if case_id is not None else ""
        audit_store.add_entry(
            session,
            AuditEntry(
                at=datetime.now(UTC),
                user=case_file.user,
                case_id=case_id,
                case_number=number,
                action=AuditAction.EXPORTED,
                entity=EXPORT_ENTITY,
                summary=f"{what} exported" if case_id is not None else f"{what} of all cases exported",
                detail=str(path),
            ),
        )
