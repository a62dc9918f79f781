"""The exhibit service: a case's lists, numbering, moves, status changes, undo and the exhibit list."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path

import pytest

from casedesk.domain.activity import ActivityKind
from casedesk.domain.cases import Case
from casedesk.domain.contacts import Contact, ContactRole
from casedesk.domain.errors import ExportError, NotFoundError, ValidationError
from casedesk.domain.exhibits import Exhibit, ExhibitParty, ExhibitSettings, ExhibitStatus, NumberingScheme
from casedesk.services.casefiles import Services
from casedesk.services.exhibits import DocumentNumbers, ExhibitService
from casedesk.store.witnesses import WitnessExhibitRow, WitnessRow
from tests.conftest import TODAY, fixed_clock
from tests.pdfs import make_pdf, numbered_pages

P, D, J = ExhibitParty.PLAINTIFF, ExhibitParty.DEFENDANT, ExhibitParty.JOINT


@dataclass(frozen=True)
class FakeNumbers:
    """A document numbered SMITH from ``first``."""

    first: int
    pages: int

    def range_label(self, page_from: int | None = None, page_to: int | None = None) -> str:
        """``SMITH000010–SMITH000014``."""
        start = self.first + (page_from or 1) - 1
        end = self.first + (page_to or self.pages) - 1
        return f"SMITH{start:06d}–SMITH{end:06d}"


class FakeBates:
    """Bates numbers given to documents by the test."""

    def __init__(self) -> None:
        self.numbers: dict[int, FakeNumbers] = {}

    def document_numbers(self, case_id: int) -> Mapping[int, DocumentNumbers]:
        """The numbers by document id."""
        return self.numbers


@pytest.fixture
def bates() -> FakeBates:
    """Bates numbers the test gives."""
    return FakeBates()


@pytest.fixture
def exhibits(services: Services, bates: FakeBates) -> ExhibitService:
    """The exhibit service reading the fake Bates numbers."""
    return ExhibitService(services._case_file, fixed_clock, bates=bates)


@pytest.fixture
def case_id(make_case: Callable[..., Case]) -> int:
    """A saved case's id."""
    case = make_case(caption="Alvarez v. Smith Trucking", number="PI-2026-0042")
    assert case.id is not None
    return case.id


def add(
    exhibits: ExhibitService, case_id: int, party: ExhibitParty, description: str, **fields: object
) -> int:
    """Add an exhibit; its id."""
    saved = exhibits.add(Exhibit(case_id=case_id, party=party, description=description, **fields))  # type: ignore[arg-type]
    assert saved.exhibit.id is not None
    return saved.exhibit.id


def import_pdf(services: Services, case_id: int, path: Path, pages: int) -> int:
    """Import a PDF of ``pages`` pages; its document id."""
    (outcome,) = services.documents.import_files(case_id, [make_pdf(path, numbered_pages(pages, path.stem))])
    assert outcome.document is not None and outcome.document.id is not None
    return outcome.document.id


def add_witness(services: Services, case_id: int, name: str) -> int:
    """A witness on the case (stored as the witnesses list stores it); its id."""
    contact = services.contacts.create(Contact(name=name, role=ContactRole.WITNESS))
    with services._case_file.session() as session:
        row = WitnessRow(
            case_id=case_id,
            contact_id=contact.id,
            kind="fact",
            position=0,
            availability="",
            topics="",
            outline="",
        )
        session.add(row)
        session.flush()
        return row.id


def numbers(exhibits: ExhibitService, case_id: int) -> list[tuple[str, str]]:
    """(number, description) of the list in order."""
    return [(n.number, n.exhibit.description) for n in exhibits.exhibits(case_id)]


def test_exhibits_are_numbered_by_party_and_list_order(exhibits: ExhibitService, case_id: int) -> None:
    """Plaintiff's 1, 2 first, then the defendant's A, B, in the order added."""
    add(exhibits, case_id, D, "Police report")
    add(exhibits, case_id, P, "MRI report")
    add(exhibits, case_id, P, "ER records")
    add(exhibits, case_id, D, "Recorded statement")
    assert numbers(exhibits, case_id) == [
        ("1", "MRI report"),
        ("2", "ER records"),
        ("A", "Police report"),
        ("B", "Recorded statement"),
    ]


def test_moving_renumbers_the_party_list_and_survives_reopening(
    services: Services, exhibits: ExhibitService, case_id: int, open_case: Callable[..., Services]
) -> None:
    """Moving the third plaintiff's exhibit to the top makes it 1; the defendant's list is untouched."""
    first = add(exhibits, case_id, P, "MRI report")
    add(exhibits, case_id, D, "Police report")
    add(exhibits, case_id, P, "ER records")
    third = add(exhibits, case_id, P, "Photographs")
    moved = exhibits.move(case_id, third, 0)
    assert [(n.number, n.exhibit.description) for n in moved] == [
        ("1", "Photographs"),
        ("2", "MRI report"),
        ("3", "ER records"),
        ("A", "Police report"),
    ]
    exhibits.move(case_id, first, 5)  # past the end: last
    services.close()
    reopened = open_case()
    try:
        assert [n.exhibit.description for n in reopened.exhibits.exhibits(case_id)] == [
            "Photographs",
            "ER records",
            "MRI report",
            "Police report",
        ]
    finally:
        reopened.close()


def test_changing_party_puts_the_exhibit_at_the_end_of_the_other_list(
    exhibits: ExhibitService, case_id: int
) -> None:
    """A plaintiff's exhibit turned defendant's becomes the defendant's last; the plaintiff's close up."""
    first = add(exhibits, case_id, P, "MRI report")
    add(exhibits, case_id, P, "ER records")
    add(exhibits, case_id, D, "Police report")
    exhibit = exhibits.get(first).exhibit
    saved = exhibits.update(replace(exhibit, party=D))
    assert saved.number == "B"
    assert numbers(exhibits, case_id) == [("1", "ER records"), ("A", "Police report"), ("B", "MRI report")]


def test_numbering_settings_renumber_and_ranges_must_not_collide(
    exhibits: ExhibitService, case_id: int
) -> None:
    """Ranges 1 and 500 number both parties; a defendant start inside the plaintiff's numbers is refused."""
    add(exhibits, case_id, P, "MRI report")
    add(exhibits, case_id, P, "ER records")
    add(exhibits, case_id, D, "Police report")
    renumbered = exhibits.save_settings(case_id, ExhibitSettings(NumberingScheme.RANGES, 1, 500))
    assert [n.number for n in renumbered] == ["1", "2", "500"]
    assert exhibits.settings(case_id).defendant_start == 500
    with pytest.raises(ValidationError, match="1–2 would run into"):
        exhibits.save_settings(case_id, ExhibitSettings(NumberingScheme.RANGES, 1, 2))
    assert exhibits.settings(case_id).defendant_start == 500
    exhibits.save_settings(case_id, ExhibitSettings(NumberingScheme.RANGES, 1, 3))
    with pytest.raises(ValidationError, match="Change the numbering"):
        add(exhibits, case_id, P, "Photographs")
    joint = exhibits.save_settings(case_id, ExhibitSettings(NumberingScheme.JOINT))
    assert [(n.number, n.label) for n in joint] == [
        ("1", "Joint Exhibit 1"),
        ("2", "Joint Exhibit 2"),
        ("3", "Joint Exhibit 3"),
    ]


def test_pages_are_checked_against_the_document(
    services: Services, exhibits: ExhibitService, case_id: int, tmp_path: Path, make_case: Callable[..., Case]
) -> None:
    """Pages past the document's end and documents of another case are refused; nothing is saved."""
    document = import_pdf(services, case_id, tmp_path / "mri.pdf", 4)
    with pytest.raises(ValidationError, match="has 4 pages"):
        add(exhibits, case_id, P, "MRI", document_id=document, page_from=2, page_to=6)
    other_case = make_case().id
    with pytest.raises(ValidationError, match="no longer in the case"):
        add(exhibits, other_case, P, "MRI", document_id=document)
    assert exhibits.exhibits(case_id) == []
    add(exhibits, case_id, P, "MRI", document_id=document, page_from=2, page_to=4)
    (view,) = exhibits.views(case_id)
    assert view.pages_text == "mri.pdf, pp. 2–4"


def test_a_deleted_document_leaves_the_exhibit_without_a_source(
    services: Services, exhibits: ExhibitService, case_id: int, tmp_path: Path
) -> None:
    """The exhibit stays on the list, saying "no document", and can still be edited."""
    document = import_pdf(services, case_id, tmp_path / "er.pdf", 3)
    exhibit_id = add(exhibits, case_id, P, "ER records", document_id=document, page_from=1, page_to=2)
    services.documents.delete(document)
    (view,) = exhibits.views(case_id)
    assert view.pages_text == "no document"
    assert (view.exhibit.document_id, view.exhibit.page_from) == (None, None)
    exhibits.update(replace(view.exhibit, description="ER records (copy to follow)"))
    assert exhibits.get(exhibit_id).exhibit.description == "ER records (copy to follow)"


def test_admitting_and_withdrawing_go_on_the_timeline(
    services: Services, exhibits: ExhibitService, case_id: int
) -> None:
    """Admitted today: a note "Plaintiff's Exhibit 1 admitted"; withdrawn: another; re-saving adds none."""
    exhibit_id = add(exhibits, case_id, P, "MRI report")
    admitted = exhibits.set_status(exhibit_id, ExhibitStatus.ADMITTED)
    assert admitted.exhibit.admitted_on == TODAY
    exhibits.update(admitted.exhibit)
    withdrawn = exhibits.set_status(exhibit_id, ExhibitStatus.WITHDRAWN)
    assert withdrawn.exhibit.admitted_on is None
    notes = services.timeline.entries(case_id, [ActivityKind.NOTE])
    assert sorted(n.subject for n in notes) == [
        "Plaintiff's Exhibit 1 admitted",
        "Plaintiff's Exhibit 1 withdrawn",
    ]


def test_status_dates_cannot_be_in_the_future(exhibits: ExhibitService, case_id: int) -> None:
    """An exhibit offered tomorrow is refused with the field named."""
    with pytest.raises(ValidationError) as caught:
        add(exhibits, case_id, P, "MRI", status=ExhibitStatus.OFFERED, offered_on=date(2026, 11, 22))
    assert "future" in caught.value.errors["offered_on"]


def test_delete_and_restore_puts_the_exhibit_back_in_its_place(
    services: Services, exhibits: ExhibitService, case_id: int
) -> None:
    """Undo brings the exhibit back under its number, id and witness lists; the list closes up meanwhile."""
    add(exhibits, case_id, P, "MRI report")
    middle = add(exhibits, case_id, P, "ER records")
    add(exhibits, case_id, P, "Photographs")
    witness = add_witness(services, case_id, "Dr. Ana Ruiz")
    with services._case_file.session() as session:
        session.add(WitnessExhibitRow(witness_id=witness, exhibit_id=middle, position=0))
    deleted = exhibits.delete(middle)
    assert numbers(exhibits, case_id) == [("1", "MRI report"), ("2", "Photographs")]
    with pytest.raises(NotFoundError):
        exhibits.get(middle)
    restored = exhibits.restore(deleted)
    assert (restored.exhibit.id, restored.number) == (middle, "2")
    assert numbers(exhibits, case_id) == [("1", "MRI report"), ("2", "ER records"), ("3", "Photographs")]
    with services._case_file.session() as session:
        assert session.get(WitnessExhibitRow, (witness, middle)) is not None


def test_moves_and_deletes_that_renumber_marked_exhibits_are_named(
    exhibits: ExhibitService, case_id: int
) -> None:
    """Moving the last exhibit to the top would renumber marked exhibit 1; the service names it first."""
    marked = add(exhibits, case_id, P, "MRI report", status=ExhibitStatus.MARKED, marked_on=TODAY)
    add(exhibits, case_id, P, "ER records")
    last = add(exhibits, case_id, P, "Photographs")
    assert [n.exhibit.id for n in exhibits.move_would_renumber(case_id, last, 0)] == [marked]
    assert exhibits.move_would_renumber(case_id, last, 2) == []
    assert [n.exhibit.id for n in exhibits.delete_would_renumber(marked)] == []
    assert exhibits.delete_would_renumber(last) == []


def test_exhibit_list_has_ao187_columns_bates_and_witness(
    services: Services, exhibits: ExhibitService, bates: FakeBates, case_id: int, tmp_path: Path
) -> None:
    """Numbers in their party's column, dates, the description with its date, the Bates range, the witness."""
    document = import_pdf(services, case_id, tmp_path / "mri.pdf", 5)
    bates.numbers[document] = FakeNumbers(10, 5)
    witness = add_witness(services, case_id, "Dr. Ana Ruiz")
    add(
        exhibits,
        case_id,
        P,
        "MRI report",
        document_id=document,
        page_from=2,
        page_to=3,
        exhibit_date=date(2026, 7, 1),
        witness_id=witness,
        status=ExhibitStatus.ADMITTED,
        offered_on=date(2026, 11, 20),
        admitted_on=date(2026, 11, 20),
    )
    add(exhibits, case_id, D, "Police report")
    listing = exhibits.exhibit_list(case_id)
    assert (listing.caption, listing.case_number, listing.prepared_on) == (
        "Alvarez v. Smith Trucking",
        "PI-2026-0042",
        TODAY,
    )
    first, second = listing.rows
    assert (first.plaintiff_number, first.defendant_number) == ("1", "")
    assert first.description == "MRI report (07/01/2026)"
    assert first.bates == "SMITH000011–SMITH000012"
    assert first.witness == "Dr. Ana Ruiz"
    assert (first.offered_on, first.admitted_on) == (date(2026, 11, 20), date(2026, 11, 20))
    assert (second.plaintiff_number, second.defendant_number, second.bates) == ("", "A", "")


def test_export_refuses_other_suffixes(exhibits: ExhibitService, case_id: int, tmp_path: Path) -> None:
    """A .docx target is refused with what to do; nothing is written."""
    with pytest.raises(ExportError, match="PDF or Excel"):
        exhibits.export_list(case_id, tmp_path / "list.docx")
    assert not (tmp_path / "list.docx").exists()


def test_the_list_shows_the_bates_numbers_the_case_file_gave(
    services: Services, case_id: int, tmp_path: Path
) -> None:
    """Once a document is numbered, its exhibit shows the numbers of the exhibit's own pages."""
    document = import_pdf(services, case_id, tmp_path / "mri.pdf", 5)
    exhibit_id = add(
        services.exhibits, case_id, P, "MRI report", document_id=document, page_from=2, page_to=3
    )
    assert services.exhibits.views(case_id)[0].bates == ""
    services.bates.number_documents(case_id, [document], recipient="Defense counsel")
    numbers = services.bates.document_numbers(case_id)[document]
    (view,) = services.exhibits.views(case_id)
    assert view.exhibit.id == exhibit_id
    assert view.bates == numbers.range_label(2, 3)
    assert view.bates.startswith(numbers.prefix) and view.bates.endswith(numbers.label(3))
