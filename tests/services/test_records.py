"""Record-index use cases: entries saved and read back, rules, undo, the chronology and its exports."""

from __future__ import annotations

import hashlib
import io
from collections.abc import Callable, Sequence
from dataclasses import replace
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pytest

from casedesk.domain.bills import Bill
from casedesk.domain.cases import Case
from casedesk.domain.contacts import Contact, ContactRole
from casedesk.domain.documents import Document, stored_name
from casedesk.domain.errors import NotFoundError, ValidationError
from casedesk.domain.money import Money
from casedesk.domain.records import EntryKind, RecordEntry
from casedesk.services.casefiles import Services
from casedesk.store.bills import BillRow
from casedesk.store.documents import DocumentRow
from casedesk.store.providers import CaseProviderRow
from casedesk.store.search import add_document_pages

MakeCase = Callable[..., Case]


# --- helpers the GUI tests share ------------------------------------------------------------------------


def pdf_bytes(pages: Sequence[str]) -> bytes:
    """A small PDF with one page per text, each line drawn as given."""
    from reportlab.lib.pagesizes import letter
    from reportlab.pdfgen.canvas import Canvas

    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=letter, invariant=True)
    for text in pages:
        lines = canvas.beginText(54, letter[1] - 60)
        lines.setFont("Helvetica", 10, leading=13)
        for line in text.splitlines():
            lines.textLine(line)
        canvas.drawText(lines)
        canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def add_provider(services: Services, case_id: int, name: str) -> int:
    """Put a provider from the contacts book on the case; its id on the case."""
    contact = services.contacts.create(
        Contact(name=name, role=ContactRole.MEDICAL_PROVIDER, is_organization=True)
    )
    with services._case_file.session() as session:
        row = CaseProviderRow(case_id=case_id, contact_id=contact.id, status="treating")
        session.add(row)
        session.flush()
        return row.id


def add_document(services: Services, case_id: int, name: str, pages: Sequence[str]) -> Document:
    """Store a PDF of these pages in the case file as the import does: file by hash, row, page texts."""
    data = pdf_bytes(pages)
    sha = hashlib.sha256(data).hexdigest()
    target = services._case_file.documents_dir / stored_name(sha)
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(data)
    document = Document(
        case_id=case_id,
        sha256=sha,
        original_name=name,
        size=len(data),
        page_count=len(pages),
        imported_at=datetime(2026, 11, 20, 15, 0, tzinfo=UTC),
    )
    with services._case_file.session() as session:
        row = DocumentRow(**DocumentRow.values(document))
        session.add(row)
        session.flush()
        add_document_pages(session, case_id, row.id, list(pages))
        return row.to_domain()


def add_bill(services: Services, case_id: int, provider_id: int, day: date, billed: str) -> None:
    bill = Bill(case_id=case_id, provider_id=provider_id, service_from=day, billed=Money.parse(billed))
    with services._case_file.session() as session:
        session.add(BillRow(**BillRow.values(bill)))


ER_PAGES = [
    "MERCY HOSPITAL EMERGENCY DEPARTMENT\nPatient: Maria Alvarez  DOB: 03/02/1984\n"
    "Date of service: 06/14/2026",
    "Chief complaint: neck pain after rear-end collision.\nDx: S13.4XXA cervical strain",
    "CT cervical spine 72125: no fracture.\nTotal charges: $4,850.00",
]


@pytest.fixture
def case_id(make_case: MakeCase) -> int:
    case = make_case()
    assert case.id is not None
    return case.id


def er_entry(case_id: int, provider_id: int, document_id: int, **changes: Any) -> RecordEntry:
    fields: dict[str, Any] = {
        "case_id": case_id,
        "service_from": date(2026, 6, 14),
        "kind": EntryKind.EMERGENCY,
        "provider_id": provider_id,
        "document_id": document_id,
        "page_from": 1,
        "page_to": 3,
        "complaint": "Neck pain after rear-end collision",
        "diagnoses": "S13.4XXA cervical strain",
        "procedures": "99284 ED visit; 72125 CT cervical spine",
        "summary": "CT negative for fracture; discharged with cyclobenzaprine.",
    }
    return RecordEntry(**(fields | changes))


# --- tests ------------------------------------------------------------------------------------------------


def test_an_entry_is_saved_exactly_and_survives_a_reopen(
    services: Services, case_id: int, open_case: Callable[..., Services]
) -> None:
    """Every field comes back as typed, after the case file is closed and opened again."""
    provider = add_provider(services, case_id, "Mercy Hospital")
    document = add_document(services, case_id, "mercy-er.pdf", ER_PAGES)
    saved = services.records.add(er_entry(case_id, provider, document.id or 0, service_to=date(2026, 6, 15)))
    assert saved.id is not None
    services.close()
    reopened = open_case()
    try:
        assert reopened.records.entries(case_id) == [saved]
    finally:
        reopened.close()


def test_entries_are_listed_by_date_of_service(services: Services, case_id: int) -> None:
    """Entered out of order, they come back in date order."""
    later = services.records.add(RecordEntry(case_id=case_id, service_from=date(2026, 7, 1)))
    earlier = services.records.add(RecordEntry(case_id=case_id, service_from=date(2026, 6, 14)))
    assert services.records.entries(case_id) == [earlier, later]


def test_pages_beyond_the_document_are_refused(services: Services, case_id: int) -> None:
    """A three-page record cannot be cited at page 4; nothing is saved."""
    document = add_document(services, case_id, "mercy-er.pdf", ER_PAGES)
    with pytest.raises(ValidationError) as raised:
        services.records.add(
            er_entry(case_id, add_provider(services, case_id, "Mercy"), document.id or 0, page_to=4)
        )
    assert raised.value.errors == {"page_to": "The document has 3 pages."}
    assert services.records.entries(case_id) == []


def test_a_future_date_of_service_is_refused(services: Services, case_id: int) -> None:
    """Tomorrow (by the service's clock) is not a date of service yet."""
    with pytest.raises(ValidationError) as raised:
        services.records.add(RecordEntry(case_id=case_id, service_from=date(2026, 11, 22)))
    assert "future" in raised.value.errors["service_from"]
    assert services.records.errors(RecordEntry(case_id=case_id, service_from=date(2026, 11, 21))) == {}


def test_another_cases_provider_or_document_is_refused(
    services: Services, make_case: MakeCase, case_id: int
) -> None:
    """An entry cannot point at records of a different case."""
    other = make_case().id or 0
    provider = add_provider(services, other, "Elsewhere Clinic")
    document = add_document(services, other, "other.pdf", ["Other"])
    with pytest.raises(NotFoundError):
        services.records.add(
            RecordEntry(case_id=case_id, service_from=date(2026, 6, 1), provider_id=provider)
        )
    with pytest.raises(NotFoundError):
        services.records.add(
            RecordEntry(case_id=case_id, service_from=date(2026, 6, 1), document_id=document.id, page_from=1)
        )


def test_update_delete_and_undo(services: Services, case_id: int) -> None:
    """An edit is kept; a delete returns the entry, and restoring it brings it back whole."""
    saved = services.records.add(RecordEntry(case_id=case_id, service_from=date(2026, 6, 14), summary="ER"))
    edited = services.records.update(replace(saved, summary="ER visit, CT negative"))
    assert services.records.entries(case_id) == [edited]
    deleted = services.records.delete(saved.id or 0)
    assert services.records.entries(case_id) == []
    restored = services.records.restore(deleted)
    assert replace(restored, id=None) == replace(edited, id=None)
    services.records.delete(restored.id or 0)
    with pytest.raises(NotFoundError):
        services.records.delete(restored.id or 0)


def test_undo_after_the_document_was_deleted_keeps_the_rest(services: Services, case_id: int) -> None:
    """Restoring an entry whose document is gone keeps its dates and text, without the dead cite."""
    document = add_document(services, case_id, "mercy-er.pdf", ER_PAGES)
    provider = add_provider(services, case_id, "Mercy Hospital")
    deleted = services.records.delete(
        services.records.add(er_entry(case_id, provider, document.id or 0)).id or 0
    )
    with services._case_file.session() as session:
        session.delete(session.get(DocumentRow, document.id))
    restored = services.records.restore(deleted)
    assert (restored.document_id, restored.page_from, restored.provider_id) == (None, None, provider)
    assert restored.summary == deleted.summary


def test_documents_their_files_and_page_text(services: Services, case_id: int) -> None:
    """The case's documents, the file each is stored in, and each page's text."""
    document = add_document(services, case_id, "mercy-er.pdf", ER_PAGES)
    assert services.records.documents(case_id) == [document]
    assert services.records.file_path(document).read_bytes()[:5] == b"%PDF-"
    assert "S13.4XXA" in services.records.page_text(document.id or 0, 2)
    assert services.records.page_text(document.id or 0, 9) == ""


def test_providers_come_with_their_names(services: Services, case_id: int) -> None:
    """Providers on the case, by name, named from the contacts book."""
    add_provider(services, case_id, "Mercy Hospital")
    add_provider(services, case_id, "Capitol Physical Therapy")
    assert [p.name for p in services.records.providers(case_id)] == [
        "Capitol Physical Therapy",
        "Mercy Hospital",
    ]


def chronology_case(services: Services, case_id: int) -> dict[str, int]:
    """An ER visit, a 47-day break, then therapy; a bill for the ER visit and one for therapy."""
    mercy = add_provider(services, case_id, "Mercy Hospital")
    therapy = add_provider(services, case_id, "Capitol Physical Therapy")
    document = add_document(services, case_id, "mercy-er.pdf", ER_PAGES)
    services.records.add(er_entry(case_id, mercy, document.id or 0))
    services.records.add(
        RecordEntry(
            case_id=case_id,
            service_from=date(2026, 7, 31),
            kind=EntryKind.THERAPY,
            provider_id=therapy,
            summary="Initial PT evaluation",
            procedures="97161; 97110 x2",
        )
    )
    add_bill(services, case_id, mercy, date(2026, 6, 14), "4,850.00")
    add_bill(services, case_id, therapy, date(2026, 7, 31), "285.50")
    return {"mercy": mercy, "therapy": therapy, "document": document.id or 0}


def test_the_chronology_reads_the_index_bills_and_flags_the_gap(services: Services, case_id: int) -> None:
    """Two visits with their bills and the 47-day gap between them; a 60-day threshold hides the gap."""
    chronology_case(services, case_id)
    result = services.records.chronology(case_id)
    assert [v.provider for v in result.visits] == ["Mercy Hospital", "Capitol Physical Therapy"]
    assert [v.billed for v in result.visits] == [Money.parse("4850"), Money.parse("285.50")]
    assert result.visits[0].cite_text == "mercy-er.pdf, pp. 1–3"
    assert [g.text for g in result.gaps] == ["Gap in treatment: 47 days, Jun 14 – Jul 31, 2026"]
    assert services.records.chronology(case_id, gap_days=60).gaps == []


def test_export_refuses_other_file_types(services: Services, case_id: int, tmp_path: Path) -> None:
    """Only .pdf and .xlsx; nothing is written."""
    with pytest.raises(ValidationError):
        services.records.export_chronology(case_id, tmp_path / "chronology.docx")
    assert not (tmp_path / "chronology.docx").exists()


def test_exports_write_both_formats(services: Services, case_id: int, tmp_path: Path) -> None:
    """A PDF and a workbook are written for the case (their contents are checked in tests/exports)."""
    chronology_case(services, case_id)
    for name in ("chronology.pdf", "chronology.xlsx"):
        written = services.records.export_chronology(case_id, tmp_path / name)
        assert len(written.visits) == 2
    assert (tmp_path / "chronology.pdf").read_bytes()[:5] == b"%PDF-"
    assert (tmp_path / "chronology.xlsx").read_bytes()[:2] == b"PK"
