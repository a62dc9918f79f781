"""Stored documents: files imported into a case file's document store, kept by content."""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path


@dataclass(frozen=True, slots=True)
class Document:
    """A file imported into a case, stored once by its SHA-256 and never modified.

    Attributes:
        sha256: Hex digest of the file's bytes; its name in the document store.
        original_name: The file name it was imported from.
        size: Bytes.
        page_count: Pages (0 when the text could not be read).
        repaired: The PDF was damaged and had to be repaired to be read.
        password: The password that opens it, for a password-protected PDF ("" for none).
        provider_id: The :class:`~casedesk.domain.providers.CaseProvider` it came from, when known.
    """

    case_id: int
    sha256: str
    original_name: str
    size: int
    page_count: int
    imported_at: datetime
    repaired: bool = False
    password: str = ""
    provider_id: int | None = None
    title: str = ""
    notes: str = ""
    id: int | None = None

    @property
    def display_name(self) -> str:
        """The title when it has one, else the file name it came from."""
        return self.title.strip() or self.original_name


def stored_name(sha256: str) -> str:
    """Where a file with this digest lives inside the document store: ``ab/abcdef….pdf``.

    Files are spread over 256 folders by the first two hex digits so no folder grows too large.
    """
    return f"{sha256[:2]}/{sha256}.pdf"


class ImportStatus(enum.StrEnum):
    """What became of one file given to import."""

    IMPORTED = "imported"
    #: The same content is already in this case (the outcome names that document).
    DUPLICATE = "duplicate"
    FAILED = "failed"
    #: Password-protected, and no password (or a wrong one) was given: ask for it, or skip the file.
    NEEDS_PASSWORD = "needs_password"
    #: Not imported because the user cancelled before its turn.
    CANCELLED = "cancelled"

    @property
    def label(self) -> str:
        """How a person reads it in a list of results."""
        return _STATUS_LABELS[self]


_STATUS_LABELS = {
    ImportStatus.IMPORTED: "Imported",
    ImportStatus.DUPLICATE: "Already in this case",
    ImportStatus.FAILED: "Not imported",
    ImportStatus.NEEDS_PASSWORD: "Needs a password",
    ImportStatus.CANCELLED: "Cancelled",
}


@dataclass(frozen=True, slots=True)
class ImportOutcome:
    """What became of one file given to import, and why.

    Attributes:
        path: The file as it was given.
        status: What became of it.
        message: Why, in the user's words (for an imported file: its pages, and any repair).
        document: The document imported, or for a duplicate the one already in the case.
        wrong_password: For :attr:`ImportStatus.NEEDS_PASSWORD`: a password was given, and it is wrong.
    """

    path: Path
    status: ImportStatus
    message: str
    document: Document | None = None
    wrong_password: bool = False
