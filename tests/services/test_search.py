"""SearchService: what a case manager finds, in one case or all, and the page or note a hit shows."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

import pytest

from casedesk.domain.activity import Activity, ActivityKind
from casedesk.domain.cases import Case
from casedesk.domain.errors import ValidationError
from casedesk.services.casefiles import Services
from casedesk.services.search import SearchKind
from casedesk.store.casefile import CaseFile
from casedesk.store.documents import DocumentRow
from casedesk.store.search import add_document_pages, remove_document_pages
from tests.conftest import NOW
from tests.store.test_search import open_store

IMPORTED = datetime(2026, 11, 2, 15, 0, tzinfo=UTC)


@pytest.fixture
def case_file(services: Services, case_target: Path | str) -> Iterator[CaseFile]:
    """The services' case file, opened a second time at the store level to put documents in."""
    opened = open_store(case_target)
    yield opened
    opened.close()


@pytest.fixture
def add_document(case_file: CaseFile) -> Callable[..., int]:
    """Store a document with its page texts indexed, as the import does; returns its id."""
    counter = iter(range(1, 1000))

    def add(case_id: int, name: str, pages: list[str]) -> int:
        with case_file.session() as session:
            row = DocumentRow(
                case_id=case_id,
                sha256=f"{next(counter):064x}",
                original_name=name,
                size=1000,
                page_count=len(pages),
                imported_at=IMPORTED,
            )
            session.add(row)
            session.flush()
            add_document_pages(session, case_id, row.id, pages)
            return row.id

    return add


def note(case: Case, subject: str, body: str) -> Activity:
    return Activity(case_id=case.id or 0, kind=ActivityKind.CALL, occurred_at=NOW, subject=subject, body=body)


def test_a_page_is_found_and_its_whole_text_shown(
    services: Services, make_case: Callable[..., Case], add_document: Callable[..., int]
) -> None:
    """Searching a diagnosis finds the page; the preview is the whole page with the matches marked."""
    case = make_case()
    document_id = add_document(
        case.id, "ortho.pdf", ["Intake form", "Dx: S13.4XXA cervical sprain.\nPlan: PT."]
    )
    [hit] = services.search.search("cervical S13.4XXA")
    assert (hit.case_number, hit.document_id, hit.page) == (case.number, document_id, 2)
    assert hit.snippet.bracketed() == "Dx: [S13.4XXA] [cervical] sprain.\nPlan: PT."
    assert services.search.page_text(document_id, 2) == "Dx: S13.4XXA cervical sprain.\nPlan: PT."
    assert services.search.page_text(document_id, 9) == ""
    preview = services.search.preview(hit, "cervical S13.4XXA")
    assert preview.bracketed() == "Dx: [S13.4XXA] [cervical] sprain.\nPlan: PT."


def test_timeline_notes_added_through_the_timeline_are_found(
    services: Services, make_case: Callable[..., Case]
) -> None:
    """A call logged on the timeline is found at once; editing and deleting it show in the next search."""
    case = make_case()
    saved = services.timeline.add(
        note(case, "Call with Dr. Patel", "Discussed the MRI showing a disc bulge.")
    )
    [hit] = services.search.search("MRI bulge")
    assert (hit.kind, hit.ref_id, hit.title) == (SearchKind.ACTIVITY, saved.id, "Call with Dr. Patel")
    assert not hit.opens_document
    services.timeline.update(replace(saved, body="Discussed the X-ray."))
    assert services.search.search("MRI") == []
    services.timeline.delete(saved.id or 0)
    assert services.search.search("Patel") == []


def test_results_give_the_best_hits_and_the_count_of_all_matches(
    services: Services, make_case: Callable[..., Case], add_document: Callable[..., int]
) -> None:
    """With more matches than the limit, the results hold the limit's worth and count them all."""
    case = make_case()
    add_document(case.id, "pt.pdf", [f"Visit {n}: therapeutic exercise" for n in range(1, 13)])
    results = services.search.results("therapeutic", limit=5)
    assert len(results.hits) == 5
    assert results.total == 12
    assert not results.ranked_newest_only
    few = services.search.results("therapeutic exercise", case_id=case.id, limit=50)
    assert (len(few.hits), few.total, few.case_id) == (12, 12, case.id)


def test_a_search_in_one_case_leaves_out_the_others(
    services: Services, make_case: Callable[..., Case], add_document: Callable[..., int]
) -> None:
    """This case / all cases: the scope decides which cases' pages come back."""
    first, second = make_case(), make_case()
    add_document(first.id, "a.pdf", ["concussion protocol"])
    add_document(second.id, "b.pdf", ["concussion follow-up"])
    assert {hit.case_id for hit in services.search.search("concussion")} == {first.id, second.id}
    assert [hit.case_id for hit in services.search.search("concussion", case_id=second.id)] == [second.id]
    assert services.search.count("concussion", case_id=first.id) == 1


def test_deleted_pages_no_longer_come_back(
    services: Services, make_case: Callable[..., Case], add_document: Callable[..., int], case_file: CaseFile
) -> None:
    """A document whose pages are removed is not found any more."""
    case = make_case()
    document_id = add_document(case.id, "dup.pdf", ["hematoma noted"])
    with case_file.session() as session:
        remove_document_pages(session, document_id)
    assert services.search.search("hematoma") == []


@pytest.mark.parametrize("typed", ["", "   ", '"', "*", "AND", "NEAR(", "- ( ) :"])
def test_nothing_searchable_is_a_clear_message(services: Services, typed: str) -> None:
    """Blank or punctuation-only input says what to type instead of failing."""
    with pytest.raises(ValidationError, match="Type a word"):
        services.search.search(typed)
    assert services.search.count(typed) == 0


@pytest.mark.parametrize(
    "typed", ['neck "pain', "NEAR(neck back)", "neck AND -back", "S13.4XXA*", "col:neck ^x"]
)
def test_operator_looking_input_searches_safely(
    services: Services, make_case: Callable[..., Case], add_document: Callable[..., int], typed: str
) -> None:
    """Operators and punctuation in what is typed never make the search fail."""
    add_document(make_case().id, "a.pdf", ["neck and back pain"])
    services.search.search(typed)
    services.search.results(typed)


def test_a_preview_of_a_deleted_text_is_empty(
    services: Services, make_case: Callable[..., Case], add_document: Callable[..., int], case_file: CaseFile
) -> None:
    """A hit whose page was removed after the search previews as empty rather than failing."""
    case = make_case()
    document_id = add_document(case.id, "a.pdf", ["abrasion"])
    [hit] = services.search.search("abrasion")
    with case_file.session() as session:
        remove_document_pages(session, document_id)
    assert services.search.preview(hit, "abrasion").text == ""


def test_rebuilding_the_index_keeps_every_text_findable(
    services: Services, make_case: Callable[..., Case], add_document: Callable[..., int]
) -> None:
    """A rebuild (a repair) finds the same texts afterwards."""
    case = make_case()
    add_document(case.id, "a.pdf", ["tinnitus", "tinnitus again"])
    services.timeline.add(note(case, "Note", "tinnitus reported by phone"))
    services.search.rebuild_index()
    assert services.search.count("tinnitus") == 3
