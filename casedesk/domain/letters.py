"""Letters drafted from Word templates: the kinds, the templates and the letters generated."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum


class LetterKind(StrEnum):
    """What a letter is for."""

    DEMAND = "demand"
    PROPOSAL = "proposal"
    REPRESENTATION = "representation"
    RECORDS_REQUEST = "records_request"
    OTHER = "other"

    @property
    def label(self) -> str:
        """Display name."""
        return _KIND_LABELS[self]

    @property
    def cli_name(self) -> str:
        """The name the command line takes (``records-request``)."""
        return self.value.replace("_", "-")


_KIND_LABELS = {
    LetterKind.DEMAND: "Demand letter",
    LetterKind.PROPOSAL: "Settlement proposal",
    LetterKind.REPRESENTATION: "Letter of representation",
    LetterKind.RECORDS_REQUEST: "Medical records request (with HIPAA authorization)",
    LetterKind.OTHER: "Other letter",
}


@dataclass(frozen=True, slots=True)
class LetterTemplate:
    """A Word template letters are drafted from: one shipped with casedesk, or one the firm added.

    Attributes:
        name: The name it is chosen by.
        kind: What letters it drafts.
        builtin: Shipped with casedesk (cannot be removed); the firm's own otherwise.
        sha256: The hash of the .docx.
        added_at: When the firm added it (``None`` for a shipped one).
        id: The stored id of a firm template (``None`` for a shipped one).
    """

    name: str
    kind: LetterKind
    builtin: bool
    sha256: str = ""
    added_at: datetime | None = None
    id: int | None = None


@dataclass(frozen=True, slots=True)
class Letter:
    """A letter generated for a case and kept with it.

    Attributes:
        template_name: The template it was drafted from.
        title: What it is called in the case's documents.
        document_id: The PDF, stored as one of the case's documents.
        docx_sha256: The editable .docx, kept in the document store under this hash.
        claim_id: The claim it was written on, if any.
        provider_id: The provider a records request went to, if any.
    """

    case_id: int
    kind: LetterKind
    template_name: str
    title: str
    document_id: int
    docx_sha256: str
    created_at: datetime
    claim_id: int | None = None
    provider_id: int | None = None
    id: int | None = None
