"""Stored documents: files imported into a case file's document store, kept by content."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime


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
