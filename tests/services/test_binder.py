"""The binder service: a case's layout from the template, arranged by the case manager, and kept."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from casedesk.domain.binder import SectionKind
from casedesk.domain.binder_plan import BinderPlan, BinderSection, GeneratedPages, SourcePages
from casedesk.domain.cases import Case
from casedesk.domain.contacts import Contact
from casedesk.domain.errors import NotFoundError, ValidationError
from casedesk.domain.exhibits import Exhibit, ExhibitParty
from casedesk.domain.money import Money
from casedesk.domain.progress import Cancelled, CancelToken
from casedesk.domain.wages import LostWage, WageBasis
from casedesk.domain.witnesses import Witness, WitnessKind
from casedesk.resources import binder_template
from casedesk.services.casefiles import Services
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
    services: Services, make_case: Callable[..., Case], open_case: Callable[..., Services]
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
    reopened = open_case()
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


# --- the plan and the export ---------------------------------------------------------------------


@dataclass
class TrialCase:
    """A case ready for trial: documents, three plaintiff's exhibits, two witnesses."""

    case_id: int
    documents: dict[str, int]
    exhibits: dict[str, int]
    witnesses: dict[str, int]


@pytest.fixture
def trial_case(services: Services, make_case: Callable[..., Case], tmp_path: Path) -> TrialCase:
    """A case with an ER record (3 pages), an MRI (2), a photo log (2) and a complaint (2) filed."""
    case_id = make_case(attorney="Dana Whitfield").id
    assert case_id is not None
    documents = {
        name: import_pdf(services, case_id, tmp_path / f"{name}.pdf", pages, name.upper())
        for name, pages in (("er", 3), ("mri", 2), ("photos", 2), ("complaint", 2))
    }
    exhibits = {}
    for name, description in (("er", "ER record"), ("mri", "MRI report"), ("photos", "Scene photographs")):
        numbered = services.exhibits.add(
            Exhibit(case_id, ExhibitParty.PLAINTIFF, description, document_id=documents[name])
        )
        assert numbered.exhibit.id is not None
        exhibits[name] = numbered.exhibit.id
    services.exhibits.add(Exhibit(case_id, ExhibitParty.PLAINTIFF, "Demonstrative skeleton"))
    ruiz = services.witnesses.add(
        Witness(case_id, 0, WitnessKind.TREATING_PHYSICIAN, topics="Diagnosis and causation"),
        new_contact=Contact("Dr. Ana Ruiz", phone="(512) 555-0199"),
        exhibit_ids=[exhibits["mri"], exhibits["er"]],
    )
    lee = services.witnesses.add(Witness(case_id, 0, WitnessKind.FACT), new_contact=Contact("Sam Lee"))
    pleadings = services.binder.layout(case_id).sections[1]
    assert pleadings.id is not None
    services.binder.add_documents(pleadings.id, [documents["complaint"]])
    return TrialCase(case_id, documents, exhibits, {"ruiz": ruiz.id, "lee": lee.id})


def section_of(plan: BinderPlan, title: str) -> BinderSection:
    """The plan's section with this title."""
    return next(section for section in plan.sections if section.title == title)


def test_the_plan_follows_the_layout_and_the_exhibit_list(services: Services, trial_case: TrialCase) -> None:
    """Tabs in layout order; the index lists every exhibit, pages only for those with a document."""
    plan = services.binder.plan(trial_case.case_id)
    assert [s.title for s in plan.sections] == [t.title for t in binder_template()]
    assert [s.tab for s in plan.sections][:3] == ["1", "2", "3"]
    exhibits = section_of(plan, "Exhibits")
    index = exhibits.entries[0].content
    assert isinstance(index, GeneratedPages) and index.table is not None
    assert [row[:2] for row in index.table.rows] == [
        ("PX 1", "ER record"),
        ("PX 2", "MRI report"),
        ("PX 3", "Scene photographs"),
        ("PX 4", "Demonstrative skeleton"),
    ]
    stickers = [entry.sticker.number for entry in exhibits.entries[1:] if entry.sticker]
    assert stickers == ["1", "2", "3"]
    witnesses = section_of(plan, "Witnesses")
    assert [sub.title for sub in witnesses.subsections] == [
        "Dr. Ana Ruiz (Treating physician)",
        "Sam Lee (Fact witness)",
    ]
    sheet = witnesses.subsections[0].entries[0].content
    assert isinstance(sheet, GeneratedPages) and sheet.table is not None
    assert [row[0] for row in sheet.table.rows] == ["Plaintiff's Exhibit 2", "Plaintiff's Exhibit 1"]
    (complaint,) = section_of(plan, "Pleadings and Discovery").entries
    assert isinstance(complaint.content, SourcePages) and complaint.content.page_count == 2
    specials = section_of(plan, "Specials").entries[0].content
    assert isinstance(specials, GeneratedPages) and "verify" in specials.note


def test_a_witness_binder_holds_the_sheet_the_exhibits_to_use_and_a_physicians_chronology(
    services: Services, trial_case: TrialCase
) -> None:
    """Dr. Ruiz's binder: her sheet, her two exhibits in examination order, the chronology."""
    plan = services.binder.plan(trial_case.case_id, witness_id=trial_case.witnesses["ruiz"])
    assert plan.title == "Witness Binder — Dr. Ana Ruiz"
    assert [s.title for s in plan.sections] == ["Witness", "Exhibits", "Medical Chronology"]
    stickers = [e.sticker.number for e in plan.sections[1].entries if e.sticker]
    assert stickers == ["2", "1"]
    lee = services.binder.plan(trial_case.case_id, witness_id=trial_case.witnesses["lee"])
    assert [s.title for s in lee.sections] == ["Witness", "Exhibits"]
    with pytest.raises(NotFoundError, match="witness list"):
        services.binder.plan(trial_case.case_id, witness_id=9999)


def read_binder(path: Path) -> tuple[list[str], list[str]]:
    """A binder PDF's page texts and its flattened outline titles."""
    from pypdf import PdfReader

    reader = PdfReader(path)
    titles: list[str] = []

    def walk(items: list[Any]) -> None:
        for item in items:
            if isinstance(item, list):
                walk(item)
            else:
                titles.append(str(item.title))

    walk(reader.outline)
    return [page.extract_text() for page in reader.pages], titles


def bates_pages(pages: list[str], prefix: str) -> dict[str, str]:
    """The binder's numbered pages by Bates label, each with its exhibit sticker cut off."""
    found = {}
    for text in pages:
        labels = re.findall(rf"{prefix}\d{{6}}", text)
        if labels:
            found[labels[-1]] = text.split("PLAINTIFF'S EXHIBIT")[0]
    return found


def stickers(pages: list[str]) -> list[tuple[str, str]]:
    """(first line, exhibit number) of every page with a sticker, in page order."""
    found = []
    for text in pages:
        if "PLAINTIFF'S EXHIBIT" in text:
            number = text.split("PLAINTIFF'S EXHIBIT")[1].split()[0]
            found.append((text.splitlines()[0], number))
    return found


def test_moving_an_exhibit_and_exporting_again_changes_only_what_the_list_decides(
    services: Services, trial_case: TrialCase, tmp_path: Path
) -> None:
    """The issue's done-when: same numbers on the same pages; stickers, index, bookmarks follow the list."""
    case_id = trial_case.case_id
    first = services.binder.export(case_id, tmp_path / "first.pdf")
    numbers = services.bates.document_numbers(case_id)
    assert set(numbers) == set(trial_case.documents.values())
    assert [p.recipient for p in services.bates.productions(case_id)] == ["Trial binder"]
    services.exhibits.move(case_id, trial_case.exhibits["photos"], 0)
    second = services.binder.export(case_id, tmp_path / "second.pdf")

    assert second.page_count == first.page_count == 32
    assert services.bates.document_numbers(case_id) == numbers
    assert len(services.bates.productions(case_id)) == 1, "no number is given twice"
    pages_1, outline_1 = read_binder(tmp_path / "first.pdf")
    pages_2, outline_2 = read_binder(tmp_path / "second.pdf")
    # Every stored page carries the same number and the same text in both binders.
    numbered_1, numbered_2 = bates_pages(pages_1, "ALVAREZ"), bates_pages(pages_2, "ALVAREZ")
    assert len(numbered_1) == 9 and numbered_1 == numbered_2
    # Stickers follow the list: the photographs are now Exhibit 1 and come first.
    assert stickers(pages_1) == [
        ("ER page 1 of 3", "1"),
        ("MRI page 1 of 2", "2"),
        ("PHOTOS page 1 of 2", "3"),
    ]
    assert stickers(pages_2) == [
        ("PHOTOS page 1 of 2", "1"),
        ("ER page 1 of 3", "2"),
        ("MRI page 1 of 2", "3"),
    ]
    # Bookmarks: only the exhibits' change, to the new numbers and order.
    exhibit_marks = [title for title in outline_2 if title.startswith("Plaintiff's Exhibit")]
    assert exhibit_marks == [
        "Plaintiff's Exhibit 1 — Scene photographs",
        "Plaintiff's Exhibit 2 — ER record",
        "Plaintiff's Exhibit 3 — MRI report",
    ]
    others = [title for title in outline_1 if not title.startswith("Plaintiff's Exhibit")]
    assert others == [title for title in outline_2 if not title.startswith("Plaintiff's Exhibit")]
    # Generated pages: only the contents, order of proof, the witness's sheet and the exhibit tab change.
    changed = {
        pages_2[i].splitlines()[0].strip()
        for i, (a, b) in enumerate(zip(pages_1, pages_2, strict=True))
        if a != b and not re.match(r"[A-Z]+ page \d+ of \d+", a + b)
    }
    assert changed == {"Contents", "Order of proof", "Dr. Ana Ruiz", "8", "Exhibit index"}
    index = next(text for text in pages_2 if text.startswith("Exhibit index"))
    assert index.index("Scene photographs") < index.index("ER record") < index.index("MRI report")
    assert "ALVAREZ000008" in index.split("Scene photographs")[1].split("ER record")[0]
    subjects = [entry.subject for entry in services.timeline.entries(case_id)]
    assert subjects.count("Trial Binder exported") == 2


def test_a_witness_binder_exported_numbers_only_its_documents(
    services: Services, trial_case: TrialCase, tmp_path: Path
) -> None:
    """Dr. Ruiz's binder numbers the MRI and the ER record (in her order), nothing else."""
    result = services.binder.export(
        trial_case.case_id, tmp_path / "ruiz.pdf", witness_id=trial_case.witnesses["ruiz"]
    )
    numbers = services.bates.document_numbers(trial_case.case_id)
    assert set(numbers) == {trial_case.documents["mri"], trial_case.documents["er"]}
    assert numbers[trial_case.documents["mri"]].first_number == 1
    pages, outline = read_binder(tmp_path / "ruiz.pdf")
    assert len(pages) == result.page_count
    assert "Witness sheet — Dr. Ana Ruiz" in outline and "Medical chronology" in outline
    assert stickers(pages) == [("MRI page 1 of 2", "2"), ("ER page 1 of 3", "1")]


def test_a_cancelled_export_writes_nothing_and_numbers_nothing(
    services: Services, trial_case: TrialCase, tmp_path: Path
) -> None:
    """Cancel before the work starts: no file, no Bates numbers, no timeline entry."""
    token = CancelToken()
    token.cancel()
    with pytest.raises(Cancelled):
        services.binder.export(trial_case.case_id, tmp_path / "b.pdf", cancel=token)
    assert not (tmp_path / "b.pdf").exists()
    assert services.bates.document_numbers(trial_case.case_id) == {}
    assert not any("exported" in e.subject for e in services.timeline.entries(trial_case.case_id))


def test_a_deleted_document_leaves_the_binder_but_keeps_its_numbers(
    services: Services, trial_case: TrialCase, tmp_path: Path
) -> None:
    """After an export, deleting the complaint takes it out of the layout; the others keep their numbers."""
    case_id = trial_case.case_id
    services.binder.export(case_id, tmp_path / "first.pdf")
    numbers = services.bates.document_numbers(case_id)
    services.documents.delete(trial_case.documents["complaint"])
    assert services.binder.layout(case_id).sections[1].items == ()
    services.binder.export(case_id, tmp_path / "second.pdf")
    after = services.bates.document_numbers(case_id)
    assert after == {d: n for d, n in numbers.items() if d != trial_case.documents["complaint"]}
    assert len(services.bates.productions(case_id)) == 1


def test_the_specials_take_their_figures_from_the_wage_and_bill_services(
    services: Services, trial_case: TrialCase
) -> None:
    """Lost wages appear on their own line; the total is the services' total, with the note to verify."""
    case_id = trial_case.case_id
    services.wages.add(LostWage(case_id, "Acme Logistics", Money.of("200.00"), WageBasis.DAILY, Decimal(10)))
    specials = section_of(services.binder.plan(case_id), "Specials").entries[0].content
    assert isinstance(specials, GeneratedPages) and specials.table is not None
    assert specials.table.rows == (("Lost wages — Acme Logistics", "$2,000.00", "", ""),)
    expected = services.bills.totals(case_id).billed + services.wages.total(case_id)
    assert specials.table.total == ("Total", str(expected), "$0.00", "$0.00")
    assert "verify" in specials.note


def test_the_last_section_is_kept(services: Services, make_case: Callable[..., Case]) -> None:
    """Deleting every section but one works; the last one is refused with what to do instead."""
    case_id = make_case().id
    assert case_id is not None
    *others, last = services.binder.layout(case_id).sections
    for section in others:
        services.binder.delete_section(section.id or 0)
    with pytest.raises(ValidationError, match="Reset to Template"):
        services.binder.delete_section(last.id or 0)
    assert titles(services, case_id) == ["Closing Argument"]
