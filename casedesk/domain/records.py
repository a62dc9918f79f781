"""The medical-record index: what each stored record says, cited to its pages."""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import date


class EntryKind(enum.StrEnum):
    """The kind of visit or record an index entry describes."""

    OFFICE_VISIT = "office_visit"
    EMERGENCY = "emergency"
    HOSPITAL = "hospital"
    IMAGING = "imaging"
    THERAPY = "therapy"
    SURGERY = "surgery"
    CONSULTATION = "consultation"
    LAB = "lab"
    PRESCRIPTION = "prescription"
    OTHER = "other"

    @property
    def label(self) -> str:
        """Display name."""
        return _ENTRY_KIND_LABELS[self]


_ENTRY_KIND_LABELS = {
    EntryKind.OFFICE_VISIT: "Office visit",
    EntryKind.EMERGENCY: "Emergency room",
    EntryKind.HOSPITAL: "Hospital stay",
    EntryKind.IMAGING: "Imaging",
    EntryKind.THERAPY: "Therapy",
    EntryKind.SURGERY: "Surgery",
    EntryKind.CONSULTATION: "Consultation",
    EntryKind.LAB: "Lab work",
    EntryKind.PRESCRIPTION: "Prescription",
    EntryKind.OTHER: "Other",
}


@dataclass(frozen=True, slots=True)
class RecordEntry:
    """One indexed visit or record: where it is (document and pages) and what it says.

    Attributes:
        service_from: The date of service (the first, for a stay or a series).
        service_to: The last date of service, for a stay or a series (``None``: one day).
        provider_id: The :class:`~casedesk.domain.providers.CaseProvider` who treated.
        document_id: The stored :class:`~casedesk.domain.documents.Document` it is cited to.
        page_from: First page cited (1-based), when cited to a document.
        page_to: Last page cited (``None``: the one page).
        diagnoses: Free text; ICD-10 codes typed in it are recognized.
        procedures: Free text; CPT codes typed in it are recognized.
    """

    case_id: int
    service_from: date
    kind: EntryKind = EntryKind.OFFICE_VISIT
    provider_id: int | None = None
    document_id: int | None = None
    page_from: int | None = None
    page_to: int | None = None
    service_to: date | None = None
    complaint: str = ""
    summary: str = ""
    diagnoses: str = ""
    procedures: str = ""
    id: int | None = None
