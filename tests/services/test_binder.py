"""The binder service: a case's layout from the template, arranged by the case manager, and kept."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from casedesk.domain.binder import SectionKind
from casedesk.domain.cases import Case
from casedesk.domain.errors import NotFoundError, ValidationError
from casedesk.resources import binder_template
from casedesk.services.casefiles import Services, open_services
from tests.conftest import fixed_clock
from tests.pdfs import make_pdf, numbered_pages


def import_pdf(services: Services, case_id: int, path: Path, pages: int, label: str) -> int:
    """Import a PDF of ``pages`` numbered pages; its document id."""
    (outcome,) = services.documents.import_files(case_id, [make_pdf(path, numbered_pages(pages, label))])
    assert outcome.document is not None and outcome.document.id is not None
    return outcome.document.id


def titles(services: Services, case_id: int) -> list[str]:
    """The section titles in order."""
    return [section.title for section in services.binder.layout(case_id).sections]


def test_a_new_case_gets_the_template_sections_once(
    services: Services, make_case: Callable[..., Case]
) -> None:
    """The first look seeds the layout from the template; later looks read the same sections."""
    case_id = make_case().id
    assert case_id is not None
    first = services.binder.layout(case_id)
    assert [s.title for s in first.sections] == [t.title for t in binder_template()]
    assert [s.position for s in first.sections] == list(range(len(first.sections)))
    assert services.binder.layout(case_id) == first


def test_sections_are_added_renamed_moved_deleted_and_restored_and_survive_reopening(
    services: Services, make_case: Callable[..., Case], db_path: Path
) -> None:
    """Every change to the layout is kept in the case file, and undoing a delete puts it back in place."""
    case_id = make_case().id
    assert case_id is not None
    layout = services.binder.layout(case_id)
    added = services.binder.add_section(case_id, SectionKind.CUSTOM, "  Damages   experts ", 1)
    assert added.title == "Damages experts" and added.position == 1
    assert added.id is not None
    services.binder.rename_section(added.id, "Damages Experts")
    services.binder.move_section(added.id, 3)
    assert titles(services, case_id)[3] == "Damages Experts"
    pleadings = layout.sections[1]
    assert pleadings.id is not None
    deleted = services.binder.delete_section(pleadings.id)
    assert "Pleadings and Discovery" not in titles(services, case_id)
    services.binder.restore_section(deleted)
    services.close()
    reopened = open_services(db_path, clock=fixed_clock)
    try:
        names = titles(reopened, case_id)
        assert names[1] == "Pleadings and Discovery"
        assert names[3] == "Damages Experts"
        assert len(names) == len(binder_template()) + 1
    finally:
        reopened.close()


def test_bad_sections_are_refused_with_a_reason(services: Services, make_case: Callable[..., Case]) -> None:
    """No empty title, no second exhibits section; a deleted section cannot be renamed."""
    case_id = make_case().id
    assert case_id is not None
    layout = services.binder.layout(case_id)
    with pytest.raises(ValidationError, match="title"):
        services.binder.add_section(case_id, SectionKind.CUSTOM, " ")
    with pytest.raises(ValidationError, match="only one"):
        services.binder.add_section(case_id, SectionKind.EXHIBITS, "More exhibits")
    section_id = layout.sections[0].id
    assert section_id is not None
    services.binder.delete_section(section_id)
    with pytest.raises(NotFoundError):
        services.binder.rename_section(section_id, "Reference")


def test_documents_are_filed_with_page_ranges_reordered_removed_and_put_back(
    services: Services, make_case: Callable[..., Case], tmp_path: Path
) -> None:
    """Documents are filed in the order chosen; a removed one comes back at its place."""
    case_id = make_case().id
    assert case_id is not None
    complaint = import_pdf(services, case_id, tmp_path / "complaint.pdf", 4, "Complaint")
    answer = import_pdf(services, case_id, tmp_path / "answer.pdf", 3, "Answer")
    pleadings = services.binder.layout(case_id).sections[1]
    assert pleadings.id is not None
    services.binder.add_documents(pleadings.id, [complaint, answer])
    (ranged,) = services.binder.add_documents(pleadings.id, [complaint], page_from=2, page_to=3)
    assert ranged.pages_text == "pages 2–3" and ranged.document_name == "complaint.pdf"
    assert ranged.id is not None
    services.binder.move_item(ranged.id, 0)
    items = services.binder.layout(case_id).sections[1].items
    assert [(i.document_name, i.pages_text) for i in items] == [
        ("complaint.pdf", "pages 2–3"),
        ("complaint.pdf", "all 4 pages"),
        ("answer.pdf", "all 3 pages"),
    ]
    assert items[1].id is not None
    removed = services.binder.remove_item(items[1].id)
    assert len(services.binder.layout(case_id).sections[1].items) == 2
    services.binder.restore_item(removed)
    again = services.binder.layout(case_id).sections[1].items
    assert [(i.document_name, i.pages_text) for i in again] == [
        (i.document_name, i.pages_text) for i in items
    ]


def test_bad_page_ranges_and_other_cases_documents_are_refused(
    services: Services, make_case: Callable[..., Case], tmp_path: Path
) -> None:
    """A range outside the document, a range over several documents, a document of another case."""
    case_id, other_id = make_case().id, make_case().id
    assert case_id is not None and other_id is not None
    mine = import_pdf(services, case_id, tmp_path / "mine.pdf", 2, "Mine")
    theirs = import_pdf(services, other_id, tmp_path / "theirs.pdf", 2, "Theirs")
    section_id = services.binder.layout(case_id).sections[1].id
    assert section_id is not None
    with pytest.raises(ValidationError, match="between 1 and 2"):
        services.binder.add_documents(section_id, [mine], page_from=1, page_to=3)
    with pytest.raises(ValidationError, match="one document"):
        services.binder.add_documents(section_id, [mine, mine], page_from=1)
    with pytest.raises(ValidationError, match="another case"):
        services.binder.add_documents(section_id, [theirs])
    assert services.binder.layout(case_id).sections[1].items == ()


def test_reset_puts_back_the_template(services: Services, make_case: Callable[..., Case]) -> None:
    """After deleting and adding sections, a reset gives the template's sections again."""
    case_id = make_case().id
    assert case_id is not None
    for section in services.binder.layout(case_id).sections[:3]:
        assert section.id is not None
        services.binder.delete_section(section.id)
    services.binder.add_section(case_id, SectionKind.CUSTOM, "Scratch")
    services.binder.reset_layout(case_id)
    assert titles(services, case_id) == [t.title for t in binder_template()]
