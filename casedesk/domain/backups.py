"""What a backup of a case file is, and what checking one found (no I/O here)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from pathlib import Path


class BackupKind(StrEnum):
    """Where a backup lives and what it holds."""

    #: A copy of the database in ``<stem>-backups/`` beside the case file (automatic, or a safety copy).
    ROLLING = "rolling"
    #: A folder made by Back Up Now: the database and the document store.
    FOLDER = "folder"


#: Why a rolling backup was made (the end of its file name).
REASON_MANUAL = "manual"
REASON_DAILY = "daily"
REASON_ON_CLOSE = "on-close"
REASON_BEFORE_RESTORE = "before-restore"
#: Copies made before a schema upgrade are named ``before-upgrade-from-<revision>``.
REASON_BEFORE_UPGRADE = "before-upgrade-from-"


@dataclass(frozen=True, slots=True)
class BackupInfo:
    """One backup of a case file.

    Attributes:
        path: The database copy (a rolling backup) or the backup folder (Back Up Now).
        created: When it was made (UTC, from its name).
        reason: Why: ``manual``, ``daily``, ``on-close``, ``before-restore``, ``before-upgrade-from-…``.
        size: Bytes on disk (database and, for a folder, its documents).
        kind: Rolling copy or Back Up Now folder.
        documents: How many stored documents a folder holds (None for a rolling copy).
    """

    path: Path
    created: datetime
    reason: str
    size: int
    kind: BackupKind = BackupKind.ROLLING
    documents: int | None = None

    @property
    def kept_for_good(self) -> bool:
        """Pruning never removes it: a safety copy made before an upgrade or a restore."""
        return self.reason.startswith(REASON_BEFORE_UPGRADE) or self.reason == REASON_BEFORE_RESTORE

    @property
    def reason_label(self) -> str:
        """The reason as a case manager reads it."""
        if self.reason.startswith(REASON_BEFORE_UPGRADE):
            return "Before an upgrade of casedesk"
        return _REASON_LABELS.get(self.reason, self.reason)


_REASON_LABELS = {
    REASON_MANUAL: "Backed up by hand",
    REASON_DAILY: "Daily",
    REASON_ON_CLOSE: "On closing",
    REASON_BEFORE_RESTORE: "Before a restore",
}


@dataclass(frozen=True, slots=True)
class BackupCheck:
    """What checking a backup found before anything is restored from it.

    Attributes:
        path: The backup checked (database copy or folder).
        database: Its database file.
        documents_dir: Its copy of the document store (None for a rolling backup).
        revision: The schema revision recorded in it (None if it could not be read).
        cases: How many cases it holds (None if it could not be read).
        documents: How many stored documents its folder holds and were verified.
        problems: What is wrong with it; empty when it can be restored.
    """

    path: Path
    database: Path
    documents_dir: Path | None
    revision: str | None
    cases: int | None
    documents: int
    problems: tuple[str, ...]

    @property
    def ok(self) -> bool:
        """Nothing is wrong: it can be restored."""
        return not self.problems
