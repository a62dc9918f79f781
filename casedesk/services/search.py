"""Use cases for full-text search over a case file's document pages and notes."""

from __future__ import annotations

from dataclasses import dataclass

from casedesk.domain.errors import ValidationError
from casedesk.store import search as search_store
from casedesk.store.casefile import CaseFile
from casedesk.store.search import (
    DEFAULT_LIMIT,
    MarkedText,
    SearchHit,
    SearchKind,
    SearchQuery,
    SearchUnavailableError,
    parse_query,
)

__all__ = [
    "DEFAULT_LIMIT",
    "MarkedText",
    "SearchHit",
    "SearchKind",
    "SearchQuery",
    "SearchResults",
    "SearchService",
    "SearchUnavailableError",
    "parse_query",
]

#: What the user is told when nothing in the query can be searched for.
NOTHING_TO_SEARCH = "Type a word, a code such as S13.4XXA, or a phrase in quotes to search for."


@dataclass(frozen=True, slots=True)
class SearchResults:
    """The best hits of a search and how many texts matched in all.

    Attributes:
        query: What was searched for.
        case_id: The case searched, or ``None`` for every case.
        hits: The best hits, best first (at most the limit asked for).
        total: How many texts matched (may be more than ``len(hits)``).
    """

    query: SearchQuery
    case_id: int | None
    hits: tuple[SearchHit, ...]
    total: int

    @property
    def ranked_newest_only(self) -> bool:
        """So many texts matched in all cases that only the newest were ranked for the best hits."""
        return self.case_id is None and self.total > search_store.RANKED_AT_MOST


class SearchService:
    """Searches the document pages and notes (timeline, record index, documents) of one case file.

    Every term typed must match; hits come best first (ties: the newest first).
    """

    def __init__(self, case_file: CaseFile) -> None:
        self._case_file = case_file

    def search(self, query: str, case_id: int | None = None, limit: int = DEFAULT_LIMIT) -> list[SearchHit]:
        """The best hits for what the user typed.

        Args:
            query: As typed; words, "quoted phrases", ``prefix*``, codes such as S13.4XXA.
            case_id: Only this case; ``None`` searches every case.
            limit: At most this many hits.

        Raises:
            ValidationError: Nothing in ``query`` can be searched for (blank, or only punctuation).
            SearchUnavailableError: The case file's database has no full-text search.
        """
        parsed = self._parsed(query)
        with self._case_file.session() as session:
            return search_store.find(session, parsed, case_id=case_id, limit=limit)

    def results(self, query: str, case_id: int | None = None, limit: int = DEFAULT_LIMIT) -> SearchResults:
        """The best hits and the number of matches, read together.

        Raises:
            ValidationError: Nothing in ``query`` can be searched for.
            SearchUnavailableError: The case file's database has no full-text search.
        """
        parsed = self._parsed(query)
        with self._case_file.session() as session:
            hits = search_store.find(session, parsed, case_id=case_id, limit=limit)
            total = len(hits) if len(hits) < limit else None
            if total is None:
                total = search_store.count_matches(session, parsed, case_id=case_id)
        return SearchResults(parsed, case_id, tuple(hits), total)

    def count(self, query: str, case_id: int | None = None) -> int:
        """How many texts match what the user typed (0 when nothing in it can be searched for)."""
        parsed = parse_query(query)
        if parsed.is_empty:
            return 0
        with self._case_file.session() as session:
            return search_store.count_matches(session, parsed, case_id=case_id)

    def page_text(self, document_id: int, page: int) -> str:
        """The extracted text of one page of a document ("" when it has none or no such page)."""
        with self._case_file.session() as session:
            return search_store.document_page_text(session, document_id, page)

    def preview(self, hit: SearchHit, query: str) -> MarkedText:
        """The whole page or note of a hit, with what ``query`` matches marked.

        A text deleted since the search comes back empty; one edited so that it no longer matches comes
        back unmarked.
        """
        with self._case_file.session() as session:
            marked = search_store.highlighted_text(session, parse_query(query), hit.text_id)
        return marked if marked is not None else MarkedText("")

    def rebuild_index(self) -> None:
        """Index every page and note afresh (a repair; searches never need it)."""
        with self._case_file.session() as session:
            index = search_store.search_index(session)
            index.rebuild(session)
            index.optimize(session)

    @staticmethod
    def _parsed(query: str) -> SearchQuery:
        parsed = parse_query(query)
        if parsed.is_empty:
            raise ValidationError({"query": NOTHING_TO_SEARCH})
        return parsed
