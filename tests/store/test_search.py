"""Full-text search in the store: reading queries, ranking, snippets, notes kept in step, bulk indexing."""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import delete, text, update

from casedesk.domain.activity import Activity, ActivityKind
from casedesk.domain.cases import Case, Client
from casedesk.store import activity as activity_store
from casedesk.store import bulk
from casedesk.store import cases as case_store
from casedesk.store import search as search_store
from casedesk.store.casefile import CaseFile, open_case_file
from casedesk.store.contacts import ContactRow
from casedesk.store.documents import DocumentRow
from casedesk.store.engine import is_database_url
from casedesk.store.providers import CaseProviderRow
from casedesk.store.records import RecordEntryRow
from casedesk.store.search import (
    MarkedText,
    SearchKind,
    SearchQuery,
    SearchTerm,
    SearchTextRow,
    add_document_pages,
    parse_query,
    remove_document_pages,
)
from tests.firm_server import TEST_USER

IMPORTED = datetime(2026, 11, 2, 15, 0, tzinfo=UTC)


@pytest.fixture
def case_file(case_target: Path | str) -> Iterator[CaseFile]:
    """A new, empty case file (or firm database, its user signed in) opened at the store level."""
    opened = open_store(case_target, create=True)
    yield opened
    opened.close()


def open_store(target: Path | str, *, create: bool = False) -> CaseFile:
    """Open a test's case file or firm database at the store level (signed in as the test user)."""
    if isinstance(target, str) and is_database_url(target):
        opened = open_case_file(target, create=create, documents=Path(os.environ["CASEDESK_DOCUMENTS"]))
        opened.user = TEST_USER
        return opened
    return open_case_file(Path(target), create=create)


def add_case(case_file: CaseFile, number: str, client: str = "Maria Alvarez") -> int:
    with case_file.session() as session:
        saved_client = case_store.add_client(session, Client(name=client))
        assert saved_client.id is not None
        case = case_store.add_case(
            session,
            Case(
                number=number,
                caption=f"{client} v. Driver",
                client_id=saved_client.id,
                opened_on=date(2026, 6, 1),
            ),
        )
    assert case.id is not None
    return case.id


def add_document(case_file: CaseFile, case_id: int, name: str, pages: list[str], title: str = "") -> int:
    """A stored document with its page texts indexed, as the import does it."""
    with case_file.session() as session:
        row = DocumentRow(
            case_id=case_id,
            sha256=f"{abs(hash(name)):064x}"[-64:],
            original_name=name,
            size=1000,
            page_count=len(pages),
            imported_at=IMPORTED,
            title=title,
        )
        session.add(row)
        session.flush()
        add_document_pages(session, case_id, row.id, pages)
        return row.id


def add_entry(
    case_file: CaseFile, case_id: int, *, provider: str = "", document_id: int | None = None, **notes: str
) -> int:
    with case_file.session() as session:
        provider_id = None
        if provider:
            contact = ContactRow(name=provider, role="provider")
            session.add(contact)
            session.flush()
            link = CaseProviderRow(case_id=case_id, contact_id=contact.id, status="treating")
            session.add(link)
            session.flush()
            provider_id = link.id
        row = RecordEntryRow(
            case_id=case_id,
            service_from=date(2026, 6, 15),
            kind="office_visit",
            provider_id=provider_id,
            document_id=document_id,
            page_from=4 if document_id else None,
            complaint=notes.get("complaint", ""),
            summary=notes.get("summary", ""),
            diagnoses=notes.get("diagnoses", ""),
            procedures=notes.get("procedures", ""),
        )
        session.add(row)
        session.flush()
        return row.id


def find(case_file: CaseFile, typed: str, case_id: int | None = None) -> list[search_store.SearchHit]:
    with case_file.session() as session:
        return search_store.find(session, parse_query(typed), case_id=case_id)


def count(case_file: CaseFile, typed: str, case_id: int | None = None) -> int:
    with case_file.session() as session:
        return search_store.count_matches(session, parse_query(typed), case_id=case_id)


@pytest.mark.parametrize(
    ("typed", "terms"),
    [
        ("neck pain", [SearchTerm("neck"), SearchTerm("pain")]),
        ('"lumbar strain" MRI', [SearchTerm("lumbar strain"), SearchTerm("MRI")]),
        ("“lumbar  strain”", [SearchTerm("lumbar strain")]),
        ("fract*", [SearchTerm("fract", prefix=True)]),
        ('"cervical str"*', [SearchTerm("cervical str", prefix=True)]),
        ("fract*,", [SearchTerm("fract", prefix=True)]),
        ("S13.4XXA", [SearchTerm("S13.4XXA")]),
        ("S13.4", [SearchTerm("S13.4", prefix=True)]),
        ("97110", [SearchTerm("97110")]),
        ("neck AND back", [SearchTerm("neck"), SearchTerm("back")]),
        ("NEAR(neck back)", [SearchTerm("neck"), SearchTerm("back")]),
        ("neck and back", [SearchTerm("neck"), SearchTerm("and"), SearchTerm("back")]),
        ("-neck", [SearchTerm("-neck")]),
        ('pain "unclosed phrase', [SearchTerm("pain"), SearchTerm("unclosed phrase")]),
        ("pain pain", [SearchTerm("pain")]),
        ('( ) * - : ^ + AND OR NOT "', []),
        ('"lumbar str', [SearchTerm("lumbar str")]),
        ("", []),
    ],
)
def test_parse_query_reads_words_phrases_prefixes_and_ignores_operators(
    typed: str, terms: list[SearchTerm]
) -> None:
    """Typed text becomes terms that must all match; operators and bare punctuation are dropped."""
    parsed = parse_query(typed)
    assert list(parsed.terms) == terms
    assert parsed.is_empty is (not terms)


def test_pages_are_found_with_their_case_document_and_page(case_file: CaseFile) -> None:
    """A word on a page finds that page, with the case number, client, document name and page number."""
    case_id = add_case(case_file, "PI-0001")
    document_id = add_document(
        case_file,
        case_id,
        "er-visit.pdf",
        [
            "Triage note. Patient arrived by ambulance.",
            "Assessment: cervical strain after rear-end collision.",
        ],
        title="ER records",
    )
    [hit] = find(case_file, "cervical")
    assert (hit.case_id, hit.case_number, hit.client_name) == (case_id, "PI-0001", "Maria Alvarez")
    assert (hit.kind, hit.document_id, hit.document_name, hit.page) == (
        SearchKind.PAGE,
        document_id,
        "ER records",
        2,
    )
    assert hit.opens_document
    assert hit.place == "ER records · page 2"
    assert hit.snippet.bracketed() == "Assessment: [cervical] strain after rear-end collision."


def test_every_term_must_match(case_file: CaseFile) -> None:
    """Two words find only the pages that have both."""
    case_id = add_case(case_file, "PI-0001")
    add_document(
        case_file, case_id, "a.pdf", ["neck pain and stiffness", "neck brace fitted", "lower back pain"]
    )
    assert [hit.page for hit in find(case_file, "neck pain")] == [1]
    assert count(case_file, "neck") == 2
    assert count(case_file, "pain") == 2


def test_words_are_matched_by_their_stem_and_without_accents(case_file: CaseFile) -> None:
    """A word finds its other forms and accented spellings: fractures, García."""
    case_id = add_case(case_file, "PI-0001")
    add_document(case_file, case_id, "a.pdf", ["Dr. García reviewed the fractures."])
    assert len(find(case_file, "fracture garcia")) == 1


@pytest.mark.parametrize(
    "typed", ["S13.4XXA", "s13.4xxa", "S13.4", "S13.4X*", "97110", '"therapeutic exercise"']
)
def test_diagnosis_and_procedure_codes_are_found_as_written(case_file: CaseFile, typed: str) -> None:
    """ICD-10 and CPT codes find the page that has them, also a code cut short after its dot."""
    case_id = add_case(case_file, "PI-0001")
    add_document(
        case_file,
        case_id,
        "pt.pdf",
        [
            "Dx: S13.4XXA sprain of ligaments of cervical spine. CPT 97110 therapeutic exercise x3 units.",
            "M54.5",
        ],
    )
    [hit] = find(case_file, typed)
    assert hit.page == 1


def test_a_phrase_matches_only_words_in_that_order(case_file: CaseFile) -> None:
    """Words in quotes are a phrase: "lumbar strain" does not find "strain of the lumbar spine"."""
    case_id = add_case(case_file, "PI-0001")
    add_document(case_file, case_id, "a.pdf", ["acute lumbar strain", "strain of the lumbar spine"])
    assert [hit.page for hit in find(case_file, '"lumbar strain"')] == [1]
    assert len(find(case_file, "lumbar strain")) == 2


def test_a_trailing_star_matches_words_that_start_so(case_file: CaseFile) -> None:
    """A trailing star matches longer words: radi* finds radiculopathy and radiating."""
    case_id = add_case(case_file, "PI-0001")
    add_document(
        case_file, case_id, "a.pdf", ["cervical radiculopathy", "pain radiating to the arm", "no findings"]
    )
    assert sorted(hit.page or 0 for hit in find(case_file, "radi*")) == [1, 2]


@pytest.mark.parametrize(
    "typed",
    [
        '"',
        '""',
        "AND",
        "neck AND",
        "OR pain",
        "NEAR(",
        "NEAR(neck, 2)",
        "-",
        "--neck",
        "*",
        "neck*",
        "**",
        "S13.4XXA",
        "col:neck",
        "^neck",
        "neck +back",
        "(neck",
        "neck)",
        "'",
        "a\x00b",
        "\\",
        "{neck}",
        "NOT",
    ],
)
def test_operator_looking_input_never_raises(case_file: CaseFile, typed: str) -> None:
    """Quotes, operators, brackets and stray punctuation are searched for safely, never a syntax error."""
    case_id = add_case(case_file, "PI-0001")
    add_document(case_file, case_id, "a.pdf", ["neck and back pain", "near the neck"])
    find(case_file, typed)
    count(case_file, typed)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(typed=st.text(alphabet=st.characters(codec="utf-8"), max_size=40))
def test_any_typed_text_is_a_valid_search(case_file: CaseFile, typed: str) -> None:
    """Whatever is typed, searching it returns hits (or none) and never raises."""
    with case_file.session() as session:
        query = parse_query(typed)
        search_store.find(session, query)
        search_store.count_matches(session, query)


def test_more_matches_rank_higher_and_ties_go_to_the_newest(case_file: CaseFile) -> None:
    """bm25 puts the page that says it most first; equally good pages come newest first."""
    case_id = add_case(case_file, "PI-0001")
    add_document(case_file, case_id, "old.pdf", ["spasm noted"])
    add_document(case_file, case_id, "most.pdf", ["spasm spasm spasm noted"])
    add_document(case_file, case_id, "new.pdf", ["spasm noted"])
    hits = find(case_file, "spasm")
    assert [hit.document_name for hit in hits] == ["most.pdf", "new.pdf", "old.pdf"]
    assert hits[0].rank < hits[1].rank == hits[2].rank


def test_limit_and_offset_page_through_the_hits(case_file: CaseFile) -> None:
    """Asking for the next page gives the next best hits, with no repeats."""
    case_id = add_case(case_file, "PI-0001")
    add_document(case_file, case_id, "a.pdf", [f"visit {n} tenderness" for n in range(1, 8)])
    with case_file.session() as session:
        query = parse_query("tenderness")
        first = search_store.find(session, query, limit=4)
        rest = search_store.find(session, query, limit=4, offset=4)
    assert len(first) == 4
    assert len(rest) == 3
    assert not {hit.text_id for hit in first} & {hit.text_id for hit in rest}


def test_a_search_can_be_kept_to_one_case(case_file: CaseFile) -> None:
    """With a case, only that case's texts are searched and counted."""
    first = add_case(case_file, "PI-0001")
    second = add_case(case_file, "PI-0002", client="John Brown")
    add_document(case_file, first, "a.pdf", ["whiplash"])
    add_document(case_file, second, "b.pdf", ["whiplash", "whiplash again"])
    assert {hit.case_number for hit in find(case_file, "whiplash")} == {"PI-0001", "PI-0002"}
    assert [hit.client_name for hit in find(case_file, "whiplash", case_id=second)] == ["John Brown"] * 2
    assert count(case_file, "whiplash", case_id=first) == 1
    assert count(case_file, "whiplash") == 3


def test_timeline_notes_are_found_and_follow_edits_and_deletes(case_file: CaseFile) -> None:
    """A timeline entry is searchable by subject and body at once, and edits and deletes show at once."""
    case_id = add_case(case_file, "PI-0001")
    with case_file.session() as session:
        saved = activity_store.add_activity(
            session,
            Activity(
                case_id=case_id,
                kind=ActivityKind.CALL,
                occurred_at=IMPORTED,
                subject="Call with adjuster",
                body="Adjuster disputes the chiropractic bills.",
            ),
        )
    [hit] = find(case_file, "adjuster chiropractic")
    assert (hit.kind, hit.ref_id, hit.title, hit.opens_document) == (
        SearchKind.ACTIVITY,
        saved.id,
        "Call with adjuster",
        False,
    )
    assert hit.place == "Timeline note: Call with adjuster"
    with case_file.session() as session:
        activity_store.update_activity(session, Activity(**{**_fields(saved), "body": "Adjuster accepted."}))
    assert find(case_file, "chiropractic") == []
    assert len(find(case_file, "accepted")) == 1
    with case_file.session() as session:
        activity_store.delete_activity(session, saved.id or 0)
    assert find(case_file, "adjuster") == []


def _fields(activity: Activity) -> dict[str, object]:
    return {name: getattr(activity, name) for name in Activity.__slots__}


def test_record_index_entries_are_found_with_date_provider_and_cited_page(case_file: CaseFile) -> None:
    """An index entry's diagnoses are found; the hit names the date and provider and opens the cited page."""
    case_id = add_case(case_file, "PI-0001")
    document_id = add_document(case_file, case_id, "clinic.pdf", ["p1", "p2", "p3", "p4"])
    entry_id = add_entry(
        case_file,
        case_id,
        provider="Austin Spine Center",
        document_id=document_id,
        complaint="neck pain",
        diagnoses="S13.4XXA cervical sprain",
        procedures="97110",
    )
    [hit] = find(case_file, "S13.4XXA")
    assert (hit.kind, hit.ref_id) == (SearchKind.ENTRY, entry_id)
    assert hit.title == "06/15/2026 · Austin Spine Center"
    assert (hit.document_id, hit.document_name, hit.page) == (document_id, "clinic.pdf", 4)
    add_entry(case_file, case_id, summary="Follow-up visit, improving")
    [unlinked] = find(case_file, "improving")
    assert unlinked.title == "06/15/2026"
    assert not unlinked.opens_document


def test_a_documents_title_and_notes_are_searchable(case_file: CaseFile) -> None:
    """A document's title, file name and notes find the document (opened at its first page)."""
    case_id = add_case(case_file, "PI-0001")
    document_id = add_document(case_file, case_id, "scan0042.pdf", ["x"], title="Radiology report")
    with case_file.session() as session:
        session.execute(update(DocumentRow).values(notes="Shows disc herniation at C5-C6"))
    [hit] = find(case_file, "herniation")
    assert (hit.kind, hit.document_id, hit.page) == (SearchKind.DOCUMENT, document_id, 1)
    assert hit.place == "Radiology report · notes"
    assert [h.kind for h in find(case_file, "scan0042")] == [SearchKind.DOCUMENT]


def test_removed_pages_are_no_longer_found(case_file: CaseFile) -> None:
    """Deleting a document's pages takes them out of the results at once."""
    case_id = add_case(case_file, "PI-0001")
    document_id = add_document(case_file, case_id, "a.pdf", ["contusion of the knee", "knee brace"])
    kept = add_document(case_file, case_id, "b.pdf", ["knee"])
    with case_file.session() as session:
        remove_document_pages(session, document_id)
        session.execute(delete(DocumentRow).where(DocumentRow.id == document_id))
    assert [hit.document_id for hit in find(case_file, "knee")] == [kept]
    assert count(case_file, "contusion") == 0


def test_deleting_a_case_takes_its_texts_out_of_the_index(case_file: CaseFile) -> None:
    """Texts of a deleted case are never found again."""
    case_id = add_case(case_file, "PI-0001")
    add_document(case_file, case_id, "a.pdf", ["laceration"])
    with case_file.session() as session:
        case_store.delete_case(session, case_id)
    assert count(case_file, "laceration") == 0


def test_highlighted_text_marks_every_match_of_the_whole_text(case_file: CaseFile) -> None:
    """The preview text is the whole page with each match marked, stems and codes included."""
    case_id = add_case(case_file, "PI-0001")
    add_document(case_file, case_id, "a.pdf", ["Fractures: S13.4XXA.\nNo other fracture; S13.4XXA resolved."])
    [hit] = find(case_file, "fracture S13.4XXA")
    with case_file.session() as session:
        marked = search_store.highlighted_text(session, parse_query("fracture S13.4XXA"), hit.text_id)
        missing = search_store.highlighted_text(session, parse_query("fracture"), 999_999)
    assert marked is not None
    assert marked.bracketed() == "[Fractures]: [S13.4XXA].\nNo other [fracture]; [S13.4XXA] resolved."
    assert missing is None


def test_highlighted_text_of_a_text_that_no_longer_matches_is_plain(case_file: CaseFile) -> None:
    """A page edited after the search shows without marks rather than not at all."""
    case_id = add_case(case_file, "PI-0001")
    add_document(case_file, case_id, "a.pdf", ["bruise"])
    [hit] = find(case_file, "bruise")
    with case_file.session() as session:
        session.execute(update(SearchTextRow).where(SearchTextRow.id == hit.text_id).values(body="abrasion"))
        assert search_store.highlighted_text(session, parse_query("bruise"), hit.text_id) == MarkedText(
            "abrasion"
        )


def test_snippets_are_a_few_words_around_the_match(case_file: CaseFile) -> None:
    """A long page gives a snippet of some sixteen words with the match inside."""
    case_id = add_case(case_file, "PI-0001")
    words = [f"word{n}" for n in range(200)]
    words[100] = "tinnitus"
    add_document(case_file, case_id, "a.pdf", [" ".join(words)])
    [hit] = find(case_file, "tinnitus")
    assert "[tinnitus]" in hit.snippet.bracketed()
    assert 12 <= len(hit.snippet.text.split()) <= 20
    assert hit.snippet.text.startswith("…") and hit.snippet.text.endswith("…")


def test_marked_text_parts_split_the_text_at_its_marks() -> None:
    """A marked text comes apart into plain and marked pieces that join back to the text."""
    marked = MarkedText("neck and back", ((0, 4), (9, 13)))
    assert list(marked.parts()) == [("neck", True), (" and ", False), ("back", True)]
    assert marked.bracketed("<", ">") == "<neck> and <back>"


def test_empty_query_finds_nothing(case_file: CaseFile) -> None:
    """A query with nothing searchable in it finds nothing and counts nothing."""
    case_id = add_case(case_file, "PI-0001")
    add_document(case_file, case_id, "a.pdf", ["anything"])
    assert find(case_file, "  ") == []
    assert count(case_file, "*") == 0
    assert SearchQuery("", ()).is_empty


def test_deferred_indexing_indexes_bulk_inserts_once_at_the_end(case_file: CaseFile) -> None:
    """Pages inserted in a deferred block are found afterwards, and later single inserts are indexed again."""
    case_id = add_case(case_file, "PI-0001")
    add_document(case_file, case_id, "before.pdf", ["ankle sprain"])
    with case_file.session() as session:
        index = search_store.search_index(session)
        with index.deferred(session), index.deferred(session):  # nested: the outer block does the work
            document = DocumentRow(
                case_id=case_id,
                sha256="b" * 64,
                original_name="bulk.pdf",
                size=1,
                page_count=2,
                imported_at=IMPORTED,
            )
            session.add(document)
            session.flush()
            add_document_pages(session, case_id, document.id, ["ankle swelling", "ankle x-ray"])
    assert count(case_file, "ankle") == 3
    add_document(case_file, case_id, "after.pdf", ["ankle brace"])
    assert count(case_file, "ankle") == 4
    with case_file.session() as session:
        assert search_store.search_index(session).is_sound(session)
        if case_file.firm_mode:
            return
        triggers = session.scalars(text("SELECT name FROM sqlite_master WHERE type = 'trigger'")).all()
        check = session.execute(
            text("INSERT INTO search_fts (search_fts, rank) VALUES ('integrity-check', 1)")
        )
    assert "search_texts_fts_insert" in triggers
    assert check.rowcount in (-1, 1)


def test_rebuild_and_optimize_keep_every_text_findable(case_file: CaseFile) -> None:
    """Rebuilding the index from the stored texts loses nothing."""
    case_id = add_case(case_file, "PI-0001")
    add_document(case_file, case_id, "a.pdf", ["sciatica", "sciatica flare"])
    with case_file.session() as session:
        index = search_store.search_index(session)
        index.rebuild(session)
        index.optimize(session)
    assert count(case_file, "sciatica") == 2


def test_a_search_of_all_cases_ranks_only_the_newest_matches_of_very_many(
    case_file: CaseFile, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Past the ranking limit the best of the newest matches come back; counts and case searches are whole."""
    monkeypatch.setattr(search_store, "RANKED_AT_MOST", 3)
    case_id = add_case(case_file, "PI-0001")
    add_document(case_file, case_id, "old.pdf", ["edema edema edema edema"])
    add_document(case_file, case_id, "new.pdf", ["edema one", "edema two", "edema three"])
    assert {hit.document_name for hit in find(case_file, "edema")} == {"new.pdf"}
    assert count(case_file, "edema") == 4
    assert find(case_file, "edema", case_id=case_id)[0].document_name == "old.pdf"


def test_bulk_inserted_timeline_notes_are_searchable_and_later_edits_still_indexed(
    case_file: CaseFile,
) -> None:
    """Notes loaded in bulk (the demo) are found, and a note saved one by one afterwards is found too."""
    case_id = add_case(case_file, "PI-0001")
    notes = [
        Activity(
            case_id=case_id,
            kind=ActivityKind.NOTE,
            occurred_at=IMPORTED,
            subject=f"Note {n}",
            body="subrogation",
        )
        for n in range(5)
    ]
    with case_file.session() as session:
        bulk.insert_activities(session, notes)
    assert count(case_file, "subrogation") == 5
    with case_file.session() as session:
        activity_store.add_activity(session, replace(notes[0], body="subrogation waiver"))
    assert count(case_file, "subrogation") == 6
    assert count(case_file, "waiver") == 1


def test_an_index_out_of_step_with_the_texts_is_noticed_and_rebuilt(case_file: CaseFile) -> None:
    """A text missing from the index (or an entry without its text) is noticed; a rebuild mends it."""
    case_id = add_case(case_file, "PI-0001")
    add_document(case_file, case_id, "a.pdf", ["whiplash"])
    with case_file.session() as session:
        if case_file.firm_mode:
            session.execute(text("DELETE FROM search_fts"))
        else:
            session.execute(text("INSERT INTO search_fts (rowid, body) VALUES (999, 'ghost')"))
    with case_file.session() as session:
        index = search_store.search_index(session)
        assert not index.is_sound(session)
        index.rebuild(session)
    with case_file.session() as session:
        assert search_store.search_index(session).is_sound(session)
    assert count(case_file, "whiplash") == 1
