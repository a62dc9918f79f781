"""``casedesk search``: full-text search over the document pages and notes of a case file."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING, Any

from casedesk.cli.common import (
    EXIT_OK,
    UsageError,
    add_common_options,
    case_id_numbered,
    db_path,
    open_for_command,
    positive_int,
    print_json,
    say,
)

if TYPE_CHECKING:
    from casedesk.services.search import SearchHit, SearchResults

DEFAULT_LIMIT = 20


def add_parser(commands: Any) -> None:
    """Register ``casedesk search`` with the subcommands of ``casedesk``."""
    search = commands.add_parser(
        "search",
        help="find words in the document pages and notes of every case (or one)",
        description="Search the text of imported documents, timeline notes, record index entries and "
        "document notes. Every word must match; words match their other forms (fracture finds "
        "fractures). Put a phrase in quotes ('\"lumbar strain\"'), end a word with * to match words "
        "that start so (radic*); codes such as S13.4XXA and 97110 are found as written. Hits come best "
        "first, each with its case, document and page (or note) and the words around the match, "
        "matches in [brackets].",
    )
    add_common_options(search, db_help="the case file to search")
    search.add_argument("query", nargs="+", metavar="QUERY", help="what to look for")
    search.add_argument("--case", metavar="NUMBER", help="search only this case, e.g. PI-2026-00123")
    search.add_argument(
        "--limit",
        type=positive_int,
        default=DEFAULT_LIMIT,
        metavar="N",
        help=f"show at most N hits, best first (default {DEFAULT_LIMIT})",
    )
    search.set_defaults(command=_search, parser=search)


def _search(args: argparse.Namespace) -> int:
    """``casedesk search``: the best hits, with where each is and the words around it."""
    from casedesk.domain.errors import ValidationError

    typed = " ".join(args.query)
    path = db_path(args)
    services = open_for_command(args, path, writes=False)
    try:
        case_id = case_id_numbered(services.cases, args.case, path)
        try:
            results = services.search.results(typed, case_id=case_id, limit=args.limit)
        except ValidationError as exc:
            raise UsageError(f"“{typed}” has nothing to search for. {exc.message}") from exc
    finally:
        services.close()
    if args.json:
        print_json(_results_json(results, args.case))
        return EXIT_OK
    if not results.hits:
        say(f"No matches for “{typed}”{f' in case {args.case.strip()}' if args.case else ''}.")
        return EXIT_OK
    for hit in results.hits:
        print(_hit_text(hit))
    say(_summary(results))
    return EXIT_OK


def _hit_text(hit: SearchHit) -> str:
    """Two lines: the case, client and place; then the words around the match, matches in brackets."""
    snippet = " ".join(hit.snippet.bracketed().split())
    return f"{hit.case_number}  {hit.client_name}  {hit.place}\n    {snippet}"


def _summary(results: SearchResults) -> str:
    shown = len(results.hits)
    total = f"{results.total:,} {'match' if results.total == 1 else 'matches'}"
    if shown == results.total:
        return total
    newest = " among the newest" if results.ranked_newest_only else ""
    return (
        f"{total}; the best {shown:,}{newest} are shown (--limit N shows more, more words narrow the search)"
    )


def _results_json(results: SearchResults, case_number: str | None) -> dict[str, Any]:
    """The results for ``--json``: the query, the scope, the count and each hit.

    A hit's ``snippet`` is plain text; ``highlights`` are the ``[start, end)`` character offsets of the
    matches in it.
    """
    return {
        "query": results.query.typed,
        "case": case_number.strip() if case_number else None,
        "total": results.total,
        "hits": [_hit_json(hit) for hit in results.hits],
    }


def _hit_json(hit: SearchHit) -> dict[str, Any]:
    return {
        "case_id": hit.case_id,
        "case": hit.case_number,
        "client": hit.client_name,
        "kind": hit.kind.value,
        "ref_id": hit.ref_id,
        "document_id": hit.document_id,
        "document": hit.document_name or None,
        "page": hit.page,
        "title": hit.title or None,
        "place": hit.place,
        "snippet": hit.snippet.text,
        "highlights": [list(mark) for mark in hit.snippet.marks],
        "rank": round(hit.rank, 4),
    }
