"""The full-text search index: every searchable text of a case file, one row each (``search_texts``).

A document's pages are stored here (``kind = "page"``, ``ref_id`` the document, ``page`` 1-based), and
so are copies of the notes of other records (``kind`` names the table, ``ref_id`` the row), kept in step by
triggers. On SQLite the FTS5 table ``search_fts`` indexes ``body`` with this table as its external
content; another database implements :class:`SearchIndex` with its own full-text search, and
:func:`search_index` picks the implementation by the database's dialect. Nothing outside this module
knows which engine answers.

What a user types is read once, by :func:`parse_query`, into words and phrases that must all match; each
implementation turns that into its own query language, so no input is ever a syntax error.
"""

from __future__ import annotations

import enum
import re
import unicodedata
from collections.abc import Iterator, Sequence
from contextlib import AbstractContextManager, contextmanager, nullcontext
from dataclasses import dataclass
from datetime import date
from typing import Any, Protocol

from sqlalchemy import ForeignKey, Index, Integer, String, Text, and_, delete, func, insert, or_, select, text
from sqlalchemy.exc import DatabaseError
from sqlalchemy.orm import Mapped, Session, aliased, mapped_column

from casedesk.domain.errors import CasedeskError
from casedesk.domain.typed import format_date
from casedesk.store.activity import ActivityRow
from casedesk.store.base import Base
from casedesk.store.cases import CaseRow, ClientRow
from casedesk.store.contacts import ContactRow
from casedesk.store.documents import DocumentRow
from casedesk.store.providers import CaseProviderRow
from casedesk.store.records import RecordEntryRow

#: Tables the database's own full-text engine adds (FTS5 and its shadow tables); not part of the ORM.
FULL_TEXT_TABLE_PREFIX = "search_fts"
#: Hits asked for when the caller does not say.
DEFAULT_LIMIT = 50
#: Words (tokens) in a snippet around the matches.
SNIPPET_WORDS = 16
#: A search over all cases that matches more texts than this ranks only the newest this many: ranking
#: costs time for every match, and among so many the newest are the likeliest wanted. Counts stay exact.
RANKED_AT_MOST = 20_000


class SearchTextRow(Base):
    """One searchable text: a document page or a record's notes (``search_texts``)."""

    __tablename__ = "search_texts"
    __table_args__ = (Index("ix_search_texts_kind_ref", "kind", "ref_id", "page"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(20))
    ref_id: Mapped[int] = mapped_column(Integer)
    page: Mapped[int | None] = mapped_column(Integer, nullable=True)
    body: Mapped[str] = mapped_column(Text, default="")


class SearchKind(enum.StrEnum):
    """What a searchable text is (``search_texts.kind``)."""

    PAGE = "page"
    ACTIVITY = "activity"
    ENTRY = "entry"
    DOCUMENT = "document"

    @property
    def label(self) -> str:
        """Display name."""
        return _KIND_LABELS[self]


_KIND_LABELS = {
    SearchKind.PAGE: "Page",
    SearchKind.ACTIVITY: "Timeline note",
    SearchKind.ENTRY: "Record index entry",
    SearchKind.DOCUMENT: "Document notes",
}

#: ``kind`` of a document page.
PAGE = SearchKind.PAGE.value


class SearchUnavailableError(CasedeskError):
    """The case file's database has no full-text search casedesk can use."""


# --- What the user typed ----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class SearchTerm:
    """A word or a quoted phrase that a text must contain.

    Attributes:
        text: As typed, without the quotes; punctuation inside splits it into words that must follow
            each other (``S13.4XXA`` is "s13" then "4xxa" to the index).
        prefix: The last word may be the start of a longer one (typed with a trailing ``*``).
    """

    text: str
    prefix: bool = False


@dataclass(frozen=True, slots=True)
class SearchQuery:
    """What to look for: every term must match.

    Attributes:
        typed: The text as the user typed it (for messages such as "No matches for …").
    """

    typed: str
    terms: tuple[SearchTerm, ...]

    @property
    def is_empty(self) -> bool:
        """Nothing searchable was typed (blank, or only punctuation and operators)."""
        return not self.terms


#: Words that query languages read as operators; typed on their own they are dropped, since every term
#: must match anyway. Only in capitals: "and", "or", "not" and "near" in lower case are ordinary words.
_OPERATORS = frozenset({"AND", "OR", "NOT", "NEAR"})
_QUOTES = str.maketrans({"\u201c": '"', "\u201d": '"', "\u201e": '"', "\u00ab": '"', "\u00bb": '"'})
_PIECES = re.compile(r'"(?P<phrase>[^"]*)(?:"|$)(?P<phrase_star>\*?)|(?P<word>[^\s"()]+)')
#: An ICD-10 code cut short after its dot (``S13.4``): it finds the full codes it starts (S13.4XXA).
_PARTIAL_CODE = re.compile(r"[A-Za-z]\d[0-9A-Za-z]\.[0-9A-Za-z]{1,3}")


def parse_query(typed: str) -> SearchQuery:
    """Read what a user typed into search terms; never fails.

    Words match anywhere in a text and in any order; ``"quoted words"`` match as a phrase; a trailing
    ``*`` matches words that start so (``fract*``). Operators typed in capitals (AND, OR, NOT, NEAR),
    brackets and other punctuation on their own are ignored. Codes keep their punctuation inside the term,
    so ``S13.4XXA`` and ``97110`` are found as written.
    """
    cleaned = "".join(ch if ch.isprintable() else " " for ch in unicodedata.normalize("NFC", typed))
    terms: list[SearchTerm] = []
    for piece in _PIECES.finditer(cleaned.translate(_QUOTES)):
        phrase = piece.group("phrase")
        if phrase is not None:
            term = SearchTerm(" ".join(phrase.split()), prefix=bool(piece.group("phrase_star")))
        else:
            word = piece.group("word")
            if _bare(word) in _OPERATORS:
                continue
            stripped = _strip_trailing(word)
            prefix = stripped.endswith("*")
            stripped = stripped.rstrip("*")
            term = SearchTerm(stripped, prefix=prefix or bool(_PARTIAL_CODE.fullmatch(stripped)))
        if _searchable(term.text) and term not in terms:
            terms.append(term)
    return SearchQuery(typed=typed.strip(), terms=tuple(terms))


def _bare(word: str) -> str:
    """A word without the punctuation around it (``NEAR(`` is NEAR)."""
    return "".join(ch for ch in word if ch.isalnum())


def _strip_trailing(word: str) -> str:
    """Drop punctuation at the end of a word, except the ``*`` of a prefix (``fract*,`` is ``fract*``)."""
    end = len(word)
    while end and not (word[end - 1].isalnum() or word[end - 1] == "*"):
        end -= 1
    return word[:end]


def _searchable(term: str) -> bool:
    return any(ch.isalnum() for ch in term)


# --- What the index gives back -----------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class MarkedText:
    """A text with the places that matched a search marked.

    Attributes:
        text: The plain text.
        marks: ``(start, end)`` character offsets of the matches, in order, not overlapping.
    """

    text: str
    marks: tuple[tuple[int, int], ...] = ()

    def parts(self) -> Iterator[tuple[str, bool]]:
        """The text in pieces, each with whether it is a match."""
        at = 0
        for start, end in self.marks:
            if start > at:
                yield self.text[at:start], False
            yield self.text[start:end], True
            at = end
        if at < len(self.text):
            yield self.text[at:], False

    def bracketed(self, opening: str = "[", closing: str = "]") -> str:
        """The text with every match between ``opening`` and ``closing``."""
        return "".join(f"{opening}{part}{closing}" if marked else part for part, marked in self.parts())


#: Markers the database puts around matches; private-use characters no extracted text contains.
_OPEN = "\ue000"
_CLOSE = "\ue001"


def _marked(raw: str) -> MarkedText:
    """Turn a text with :data:`_OPEN`/:data:`_CLOSE` markers into a :class:`MarkedText`."""
    plain: list[str] = []
    marks: list[tuple[int, int]] = []
    length = 0
    start: int | None = None
    for piece in re.split(f"([{_OPEN}{_CLOSE}])", raw):
        if piece == _OPEN:
            start = length
        elif piece == _CLOSE:
            if start is not None and length > start:
                if marks and marks[-1][1] == start:  # adjacent matches read as one
                    start = marks.pop()[0]
                marks.append((start, length))
            start = None
        else:
            plain.append(piece)
            length += len(piece)
    return MarkedText("".join(plain), tuple(marks))


@dataclass(frozen=True, slots=True)
class RankedText:
    """A searchable text that matched, as the index ranks it.

    Attributes:
        text_id: The ``search_texts`` row.
        rank: Lower is better.
        snippet: A few words around the matches.
    """

    text_id: int
    rank: float
    snippet: MarkedText


@dataclass(frozen=True, slots=True)
class SearchHit:
    """One search result: where the text is and the words around the matches.

    Attributes:
        text_id: The searchable text that matched (for :func:`highlighted_text`).
        kind: A document page, a timeline note, a record index entry or a document's own notes.
        ref_id: The record the text belongs to (the document for a page).
        document_id: The document to open for this hit: the page's, or the one an index entry cites.
        document_name: That document's title or file name.
        page: The page to open (1-based), for a hit that opens a document.
        title: For notes: the timeline entry's subject, or an index entry's date of service and provider.
        snippet: Words around the matches.
        rank: Lower is better.
    """

    text_id: int
    case_id: int
    case_number: str
    client_name: str
    kind: SearchKind
    ref_id: int
    snippet: MarkedText
    rank: float
    document_id: int | None = None
    document_name: str = ""
    page: int | None = None
    title: str = ""

    @property
    def opens_document(self) -> bool:
        """Opening this hit shows a document's page (else the case it belongs to)."""
        return self.document_id is not None

    @property
    def place(self) -> str:
        """Where the match is, in a few words: ``MRI report.pdf · page 3`` or a note's title."""
        if self.kind is SearchKind.PAGE:
            return f"{self.document_name} · page {self.page}"
        if self.kind is SearchKind.DOCUMENT:
            return f"{self.document_name} · notes"
        return f"{self.kind.label}: {self.title}" if self.title else self.kind.label


# --- The interface, and SQLite's FTS5 behind it --------------------------------------------------------


class SearchIndex(Protocol):
    """A database's full-text search over ``search_texts``: ranking, snippets, maintenance.

    Implementations hold no state; every call works in the caller's session (its transaction).
    """

    def search(
        self, session: Session, query: SearchQuery, *, case_id: int | None, limit: int, offset: int
    ) -> list[RankedText]:
        """The best matching texts, best first (ties: the newest first); all terms must match.

        Over all cases, only the newest :data:`RANKED_AT_MOST` matches need be ranked.
        """
        ...

    def count(self, session: Session, query: SearchQuery, *, case_id: int | None) -> int:
        """How many texts match."""
        ...

    def highlight(self, session: Session, query: SearchQuery, text_id: int) -> MarkedText | None:
        """The whole of one text with the query's matches marked (None: no such text, or no match)."""
        ...

    def rebuild(self, session: Session) -> None:
        """Index every row of ``search_texts`` afresh."""
        ...

    def optimize(self, session: Session) -> None:
        """Compact the index for faster queries (after large loads)."""
        ...

    def is_sound(self, session: Session) -> bool:
        """Whether the index agrees with ``search_texts`` (``False``: :meth:`rebuild` it)."""
        ...

    def deferred(self, session: Session) -> AbstractContextManager[None]:
        """A block of bulk inserts into ``search_texts`` whose indexing is done once, at its end.

        Only inserts: rows inserted in the block must not be updated or deleted within it.
        """
        ...


class Fts5SearchIndex:
    """:class:`SearchIndex` on SQLite: the FTS5 table ``search_fts`` (external content ``search_texts``).

    Ranking is FTS5's bm25, whose cost grows with the number of matches (about 1.3 µs each): only the
    newest :data:`RANKED_AT_MOST` matches of a search over all cases are ranked, and only the rows kept get
    their snippet. A search in one case checks each match against the case through the covering index
    ``(case_id, id)``, which is some twice as fast as reading the text rows. ``CROSS JOIN`` fixes the
    join order where SQLite's planner would otherwise scan every match a second time. Figures:
    ``tests/benchmarks/search_bench.py``.
    """

    _TRIGGER = "search_texts_fts_insert"
    #: Matches of one case: the case's index answers "is this text in the case?" without the text row.
    _IN_CASE = (
        "CROSS JOIN search_texts t INDEXED BY ix_search_texts_case_id "
        "ON t.id = f.rowid AND t.case_id = :case_id"
    )
    #: The newest matches of all cases: the rowid below which matches are too old to rank.
    _NEWEST = (
        "AND f.rowid > coalesce((SELECT rowid FROM search_fts WHERE search_fts MATCH :match "
        "ORDER BY rowid DESC LIMIT 1 OFFSET :ranked_at_most), 0)"
    )

    def search(
        self, session: Session, query: SearchQuery, *, case_id: int | None, limit: int, offset: int
    ) -> list[RankedText]:
        """See :meth:`SearchIndex.search`."""
        if query.is_empty or limit < 1:
            return []
        scope, newest = (self._IN_CASE, "") if case_id is not None else ("", self._NEWEST)
        statement = text(
            f"WITH top(id, score) AS (SELECT f.rowid, f.rank FROM search_fts f {scope} "
            f"WHERE search_fts MATCH :match {newest} "
            "ORDER BY f.rank, f.rowid DESC LIMIT :limit OFFSET :offset) "
            "SELECT top.id, top.score, snippet(search_fts, 0, :open, :close, '…', :words) "
            "FROM top CROSS JOIN search_fts ON search_fts.rowid = top.id "
            "WHERE search_fts MATCH :match ORDER BY top.score, top.id DESC"
        )
        rows = session.execute(
            statement,
            {
                "match": fts5_match(query),
                "case_id": case_id,
                "ranked_at_most": RANKED_AT_MOST,
                "limit": limit,
                "offset": max(offset, 0),
                "open": _OPEN,
                "close": _CLOSE,
                "words": SNIPPET_WORDS,
            },
        )
        return [RankedText(int(row[0]), float(row[1]), _marked(row[2] or "")) for row in rows]

    def count(self, session: Session, query: SearchQuery, *, case_id: int | None) -> int:
        """See :meth:`SearchIndex.count`."""
        if query.is_empty:
            return 0
        scope = "" if case_id is None else self._IN_CASE
        statement = text(f"SELECT count(*) FROM search_fts f {scope} WHERE search_fts MATCH :match")
        found = session.scalar(statement, {"match": fts5_match(query), "case_id": case_id})
        return int(found or 0)

    def highlight(self, session: Session, query: SearchQuery, text_id: int) -> MarkedText | None:
        """See :meth:`SearchIndex.highlight`."""
        if query.is_empty:
            return None
        raw = session.scalar(
            text(
                "SELECT highlight(search_fts, 0, :open, :close) FROM search_fts "
                "WHERE search_fts MATCH :match AND rowid = :id"
            ),
            {"match": fts5_match(query), "id": text_id, "open": _OPEN, "close": _CLOSE},
        )
        return None if raw is None else _marked(raw)

    def rebuild(self, session: Session) -> None:
        """See :meth:`SearchIndex.rebuild`."""
        session.execute(text("INSERT INTO search_fts (search_fts) VALUES ('rebuild')"))

    def optimize(self, session: Session) -> None:
        """See :meth:`SearchIndex.optimize`."""
        session.execute(text("INSERT INTO search_fts (search_fts) VALUES ('optimize')"))

    def is_sound(self, session: Session) -> bool:
        """See :meth:`SearchIndex.is_sound`: FTS5's integrity check, against the external content too."""
        try:
            with session.begin_nested():
                check = "INSERT INTO search_fts (search_fts, rank) VALUES ('integrity-check', 1)"
                session.execute(text(check))
        except DatabaseError:
            return False
        return True

    @contextmanager
    def deferred(self, session: Session) -> Iterator[None]:
        """See :meth:`SearchIndex.deferred`.

        The trigger that indexes each new row is dropped for the block and put back from its own stored
        definition; the rows inserted meanwhile are then indexed by one statement (FTS5 indexes a batch
        about four times faster than row by row). Both happen in the caller's transaction, so a rollback
        undoes them together.
        """
        trigger = session.scalar(
            text("SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = :name"),
            {"name": self._TRIGGER},
        )
        if trigger is None:  # already deferred by an enclosing block
            yield
            return
        last = session.scalar(select(func.max(SearchTextRow.id))) or 0
        session.execute(text(f"DROP TRIGGER {self._TRIGGER}"))
        try:
            yield
        finally:
            session.execute(text(trigger))
            session.execute(
                text(
                    "INSERT INTO search_fts (rowid, body) SELECT id, body FROM search_texts WHERE id > :last"
                ),
                {"last": last},
            )


class PostgresSearchIndex:
    """:class:`SearchIndex` on PostgreSQL: ``search_fts`` holds each text's tsvector, GIN-indexed.

    Words are read as FTS5 reads them on SQLite (migration 0005 makes the text search configuration
    ``casedesk``): every character that is not a letter or digit separates words, accents are dropped,
    English stems match, and there are no stop words. Ranking is ``ts_rank`` (negated: lower is better);
    snippets and highlights are ``ts_headline`` over the text with its punctuation made spaces, mapped back
    onto the text as stored. Triggers keep ``search_fts`` in step, so :meth:`deferred` has nothing to defer.
    """

    _MATCH = "f.vector @@ to_tsquery('casedesk', :match)"

    def search(
        self, session: Session, query: SearchQuery, *, case_id: int | None, limit: int, offset: int
    ) -> list[RankedText]:
        """See :meth:`SearchIndex.search`."""
        if query.is_empty or limit < 1:
            return []
        if case_id is None:
            matches = (
                f"SELECT f.id, f.vector FROM search_fts f WHERE {self._MATCH} "
                "ORDER BY f.id DESC LIMIT :ranked_at_most"
            )
        else:
            matches = f"SELECT f.id, f.vector FROM search_fts f WHERE f.case_id = :case_id AND {self._MATCH}"
        statement = text(
            f"WITH m AS ({matches}), "
            "top AS (SELECT m.id, -ts_rank(m.vector, to_tsquery('casedesk', :match)) AS score FROM m "
            "ORDER BY score, m.id DESC LIMIT :limit OFFSET :offset) "
            "SELECT top.id, top.score, ts_headline('casedesk', casedesk_search_words(t.body), "
            "to_tsquery('casedesk', :match), :options), t.body "
            "FROM top JOIN search_texts t ON t.id = top.id ORDER BY top.score, top.id DESC"
        )
        rows = session.execute(
            statement,
            {
                "match": tsquery(query),
                "case_id": case_id,
                "ranked_at_most": RANKED_AT_MOST,
                "limit": limit,
                "offset": max(offset, 0),
                "options": _headline_options(whole=False),
            },
        )
        return [
            RankedText(int(row[0]), float(row[1]), _snippet(row[3] or "", row[2] or "", query))
            for row in rows
        ]

    def count(self, session: Session, query: SearchQuery, *, case_id: int | None) -> int:
        """See :meth:`SearchIndex.count`."""
        if query.is_empty:
            return 0
        scope = "" if case_id is None else "f.case_id = :case_id AND "
        statement = text(f"SELECT count(*) FROM search_fts f WHERE {scope}{self._MATCH}")
        found = session.scalar(statement, {"match": tsquery(query), "case_id": case_id})
        return int(found or 0)

    def highlight(self, session: Session, query: SearchQuery, text_id: int) -> MarkedText | None:
        """See :meth:`SearchIndex.highlight`."""
        if query.is_empty:
            return None
        row = session.execute(
            text(
                "SELECT t.body, ts_headline('casedesk', casedesk_search_words(t.body), "
                "to_tsquery('casedesk', :match), :options) "
                f"FROM search_fts f JOIN search_texts t ON t.id = f.id WHERE f.id = :id AND {self._MATCH}"
            ),
            {"match": tsquery(query), "id": text_id, "options": _headline_options(whole=True)},
        ).first()
        return None if row is None else _snippet(row[0] or "", row[1] or "", query)

    def rebuild(self, session: Session) -> None:
        """See :meth:`SearchIndex.rebuild`."""
        session.execute(text("DELETE FROM search_fts"))
        session.execute(
            text(
                "INSERT INTO search_fts (id, case_id, vector) SELECT id, case_id, "
                "to_tsvector('casedesk', casedesk_search_words(body)) FROM search_texts"
            )
        )

    def optimize(self, session: Session) -> None:
        """See :meth:`SearchIndex.optimize`: a GIN index needs no compaction (autovacuum merges its list)."""

    def is_sound(self, session: Session) -> bool:
        """See :meth:`SearchIndex.is_sound`: every text has its vector, as its body reads now."""
        unsound = session.scalar(
            text(
                "SELECT EXISTS (SELECT 1 FROM search_texts t FULL JOIN search_fts f ON f.id = t.id "
                "WHERE t.id IS NULL OR f.id IS NULL OR f.case_id <> t.case_id "
                "OR f.vector <> to_tsvector('casedesk', casedesk_search_words(t.body)))"
            )
        )
        return not unsound

    @contextmanager
    def deferred(self, session: Session) -> Iterator[None]:
        """See :meth:`SearchIndex.deferred`: each row is indexed by the trigger as it is inserted."""
        yield


def _headline_options(*, whole: bool) -> str:
    options = f"StartSel={_OPEN}, StopSel={_CLOSE}, FragmentDelimiter=…"
    if whole:
        return options + ", HighlightAll=true"
    return options + f", MaxWords={SNIPPET_WORDS}, MinWords={SNIPPET_WORDS // 2}, ShortWord=0, MaxFragments=1"


def _snippet(body: str, headline: str, query: SearchQuery) -> MarkedText:
    """The headline of ``casedesk_search_words(body)`` put back onto ``body``'s own characters.

    The headline is a run of that text (punctuation made spaces, one for one) with markers around the
    matches; found in it, the same run of ``body`` is taken, marked alike, with "…" where it is cut.
    ``ts_headline`` marks each word; FTS5 marks a code or phrase as one match (``S13.4XXA``), so marks
    with only punctuation between them are joined (only marks without a space between, unless a term
    is several words).
    """
    marked = _marked(headline)
    spaced = body.translate(_SPACED)
    start = spaced.find(marked.text)
    if start < 0:  # the database read letters otherwise than Python: show its text as it is
        return marked
    end = start + len(marked.text)
    if not spaced[end:].strip():  # the headline leaves out punctuation at the very end (and start)
        end = len(body)
    lead = 0
    if not spaced[:start].strip():
        start, lead = 0, start
    spaced_terms = any(len(term.text.split()) > 1 for term in query.terms)
    marks: list[tuple[int, int]] = []
    for first, last in ((a + lead, b + lead) for a, b in marked.marks):
        if marks:
            gap = body[start + marks[-1][1] : start + first]
            if (
                gap
                and not any(ch.isalnum() for ch in gap)
                and (spaced_terms or not any(ch.isspace() for ch in gap))
            ):
                first = marks.pop()[0]
        marks.append((first, last))
    piece = MarkedText(body[start:end], tuple(marks))
    before = "…" if start > 0 else ""
    after = "…" if end < len(body) else ""
    shift = len(before)
    return MarkedText(before + piece.text + after, tuple((a + shift, b + shift) for a, b in piece.marks))


class _Spaces(dict[int, int]):
    """A ``str.translate`` table making every character that is not a letter or digit a space."""

    def __missing__(self, code: int) -> int:
        self[code] = code if chr(code).isalnum() else 32
        return self[code]


#: ``casedesk_search_words`` in Python: punctuation and spacing made spaces, one for one.
_SPACED = _Spaces()


def tsquery(query: SearchQuery) -> str:
    """The query as a PostgreSQL ``to_tsquery`` text: each term's words in sequence, all terms required.

    A term is split into words where FTS5 would split it (every character that is not a letter or digit);
    a prefix term's last word matches the start of longer words.
    """
    parts: list[str] = []
    for term in query.terms:
        words = _WORDS.findall(term.text)
        if not words:
            continue
        quoted = [f"'{word}'" for word in words]
        if term.prefix:
            quoted[-1] += ":*"
        parts.append("(" + " <-> ".join(quoted) + ")")
    return " & ".join(parts)


#: A word as FTS5's unicode61 reads it: letters and digits.
_WORDS = re.compile(r"[^\W_]+")


def fts5_match(query: SearchQuery) -> str:
    """The query as an FTS5 MATCH expression: every term a quoted phrase, all of them required."""
    return " AND ".join(
        '"' + term.text.replace('"', '""') + '"' + (" *" if term.prefix else "") for term in query.terms
    )


def search_index(session: Session) -> SearchIndex:
    """The search index of the session's database.

    Raises:
        SearchUnavailableError: The database has no full-text search casedesk knows.
    """
    dialect = session.get_bind().dialect.name
    if dialect == "sqlite":
        return Fts5SearchIndex()
    if dialect == "postgresql":
        return PostgresSearchIndex()
    raise SearchUnavailableError(
        f"Full-text search is not available on a {dialect} case file in this version of casedesk.",
        "Browse the case's documents and notes instead, or update casedesk.",
    )


def deferred_indexing(session: Session) -> AbstractContextManager[None]:
    """A block of bulk inserts indexed once at its end (:meth:`SearchIndex.deferred`).

    On a database without full-text search the block simply runs: there is nothing to index.
    """
    try:
        index = search_index(session)
    except SearchUnavailableError:
        return nullcontext()
    return index.deferred(session)


# --- Searching: the index's ranking plus what a hit shows ------------------------------------------------


def find(
    session: Session,
    query: SearchQuery,
    *,
    case_id: int | None = None,
    limit: int = DEFAULT_LIMIT,
    offset: int = 0,
) -> list[SearchHit]:
    """The best hits for a query, best first, with their case, document, page or note title.

    Args:
        session: The unit of work to read in.
        query: What to look for (:func:`parse_query`).
        case_id: Only this case's texts; ``None`` searches every case.
        limit: At most this many hits.
        offset: Skip this many of the best (the next page of results).
    """
    ranked = search_index(session).search(session, query, case_id=case_id, limit=limit, offset=offset)
    if not ranked:
        return []
    places = _places(session, [hit.text_id for hit in ranked])
    return [_hit(found, places[found.text_id]) for found in ranked if found.text_id in places]


def count_matches(session: Session, query: SearchQuery, *, case_id: int | None = None) -> int:
    """How many texts match the query (in one case, or in all)."""
    return search_index(session).count(session, query, case_id=case_id)


def highlighted_text(session: Session, query: SearchQuery, text_id: int) -> MarkedText | None:
    """The whole text of a hit with the query's matches marked; ``None`` when it is gone.

    A text that no longer matches (edited since the search) comes back unmarked.
    """
    marked = search_index(session).highlight(session, query, text_id)
    if marked is not None:
        return marked
    body = session.scalar(select(SearchTextRow.body).where(SearchTextRow.id == text_id))
    return None if body is None else MarkedText(body)


def _places(session: Session, text_ids: Sequence[int]) -> dict[int, dict[str, Any]]:
    """For each text: its case, client, and the document, page or note it belongs to (one query)."""
    t = SearchTextRow
    document = aliased(DocumentRow, name="document")
    cited = aliased(DocumentRow, name="cited")
    provider_contact = aliased(ContactRow, name="provider_contact")
    opens_document = or_(t.kind == SearchKind.PAGE.value, t.kind == SearchKind.DOCUMENT.value)
    statement = (
        select(
            t.id,
            t.case_id,
            t.kind,
            t.ref_id,
            t.page,
            CaseRow.number,
            ClientRow.name.label("client_name"),
            document.title.label("document_title"),
            document.original_name.label("document_file"),
            ActivityRow.subject,
            RecordEntryRow.service_from,
            RecordEntryRow.document_id.label("cited_id"),
            RecordEntryRow.page_from,
            cited.title.label("cited_title"),
            cited.original_name.label("cited_file"),
            provider_contact.name.label("provider"),
        )
        .join(CaseRow, CaseRow.id == t.case_id)
        .join(ClientRow, ClientRow.id == CaseRow.client_id)
        .outerjoin(document, and_(opens_document, document.id == t.ref_id))
        .outerjoin(ActivityRow, and_(t.kind == SearchKind.ACTIVITY.value, ActivityRow.id == t.ref_id))
        .outerjoin(RecordEntryRow, and_(t.kind == SearchKind.ENTRY.value, RecordEntryRow.id == t.ref_id))
        .outerjoin(cited, cited.id == RecordEntryRow.document_id)
        .outerjoin(CaseProviderRow, CaseProviderRow.id == RecordEntryRow.provider_id)
        .outerjoin(provider_contact, provider_contact.id == CaseProviderRow.contact_id)
        .where(t.id.in_(text_ids))
    )
    return {row.id: row._asdict() for row in session.execute(statement)}


def _hit(found: RankedText, place: dict[str, Any]) -> SearchHit:
    kind = SearchKind(place["kind"])
    document_id: int | None = None
    document_name = ""
    page: int | None = None
    title = ""
    if kind in (SearchKind.PAGE, SearchKind.DOCUMENT):
        document_id = place["ref_id"]
        document_name = _document_name(place["document_title"], place["document_file"])
        page = place["page"] or 1
    elif kind is SearchKind.ACTIVITY:
        title = place["subject"] or ""
    elif kind is SearchKind.ENTRY:
        title = _entry_title(place["service_from"], place["provider"])
        if place["cited_id"] is not None:
            document_id = place["cited_id"]
            document_name = _document_name(place["cited_title"], place["cited_file"])
            page = place["page_from"] or 1
    return SearchHit(
        text_id=found.text_id,
        case_id=place["case_id"],
        case_number=place["number"],
        client_name=place["client_name"],
        kind=kind,
        ref_id=place["ref_id"],
        snippet=found.snippet,
        rank=found.rank,
        document_id=document_id,
        document_name=document_name,
        page=page,
        title=title,
    )


def _document_name(title: str | None, file_name: str | None) -> str:
    return (title or "").strip() or file_name or "Deleted document"


def _entry_title(service_from: date | None, provider: str | None) -> str:
    return " · ".join(part for part in (format_date(service_from), provider or "") if part)


# --- Document pages ------------------------------------------------------------------------------------


def add_document_pages(session: Session, case_id: int, document_id: int, pages: Sequence[str]) -> None:
    """Index a document's page texts (``pages[0]`` is page 1) in one statement."""
    if not pages:
        return
    session.execute(
        insert(SearchTextRow),
        [
            {"case_id": case_id, "kind": PAGE, "ref_id": document_id, "page": number, "body": body}
            for number, body in enumerate(pages, start=1)
        ],
    )


def document_page_text(session: Session, document_id: int, page: int) -> str:
    """The extracted text of one page of a document ("" when it has none or no such page)."""
    found = session.scalar(
        select(SearchTextRow.body).where(
            SearchTextRow.kind == PAGE, SearchTextRow.ref_id == document_id, SearchTextRow.page == page
        )
    )
    return found or ""


def remove_document_pages(session: Session, document_id: int) -> None:
    """Take a document's pages out of the index (the document is being deleted)."""
    session.execute(
        delete(SearchTextRow).where(SearchTextRow.kind == PAGE, SearchTextRow.ref_id == document_id)
    )
