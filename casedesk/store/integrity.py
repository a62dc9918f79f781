"""Checks of the database itself: SQLite's page and foreign-key checks, and the files its rows name.

The document store is checked by the service (it reads files); this module lists what it should hold.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select, text
from sqlalchemy.orm import Session

from casedesk.domain.documents import stored_name
from casedesk.domain.letters import docx_name
from casedesk.store.cases import CaseRow
from casedesk.store.documents import DocumentRow
from casedesk.store.letters import LetterRow

#: The most lines of ``PRAGMA integrity_check`` worth reading: past that the file is plainly damaged.
MAX_INTEGRITY_LINES = 20


@dataclass(frozen=True, slots=True)
class StoredFile:
    """A file the database says is in the document store.

    Attributes:
        name: Its path inside the document store (``ab/abcdef….pdf``).
        sha256: What its content must hash to.
        title: The document (or letter) it is, for messages.
        case_number: The case it belongs to.
    """

    name: str
    sha256: str
    title: str
    case_number: str


@dataclass(frozen=True, slots=True)
class ForeignKeyViolation:
    """A row pointing at a row that no longer exists."""

    table: str
    rowid: int
    parent: str


def integrity_messages(session: Session) -> list[str]:
    """What SQLite's page-level check found wrong (empty when the file is sound; SQLite only)."""
    if session.get_bind().dialect.name != "sqlite":
        return []
    rows = session.execute(text(f"PRAGMA integrity_check({MAX_INTEGRITY_LINES})")).scalars().all()
    return [str(row) for row in rows if row != "ok"]


def foreign_key_violations(session: Session) -> list[ForeignKeyViolation]:
    """Rows whose foreign keys point at nothing (SQLite only; other databases enforce them)."""
    if session.get_bind().dialect.name != "sqlite":
        return []
    rows = session.execute(text("PRAGMA foreign_key_check")).all()
    return [ForeignKeyViolation(table=row[0], rowid=int(row[1] or 0), parent=row[2]) for row in rows]


def stored_files(session: Session) -> list[StoredFile]:
    """Every file the document store should hold: each document's PDF and each letter's .docx."""
    files: dict[str, StoredFile] = {}
    documents = session.execute(
        select(DocumentRow.sha256, DocumentRow.title, DocumentRow.original_name, CaseRow.number)
        .join(CaseRow, CaseRow.id == DocumentRow.case_id)
        .order_by(CaseRow.number, DocumentRow.id)
    )
    for sha256, title, original_name, number in documents:
        name = stored_name(sha256)
        files.setdefault(name, StoredFile(name, sha256, title.strip() or original_name, number))
    letters = session.execute(
        select(LetterRow.docx_sha256, LetterRow.title, CaseRow.number)
        .join(CaseRow, CaseRow.id == LetterRow.case_id)
        .order_by(CaseRow.number, LetterRow.id)
    )
    for sha256, title, number in letters:
        name = docx_name(sha256)
        files.setdefault(name, StoredFile(name, sha256, f"{title} (Word)", number))
    return list(files.values())
