"""``casedesk search``: hits as text and JSON, the case scope, and the exit statuses."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

import pytest

from casedesk import cli
from casedesk.cli import main
from casedesk.domain.activity import Activity, ActivityKind
from casedesk.domain.cases import Case
from casedesk.services.casefiles import Services
from casedesk.store.documents import DocumentRow
from casedesk.store.search import add_document_pages
from tests.conftest import NOW
from tests.store.test_search import open_store


@pytest.fixture(autouse=True)
def _no_case_file_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(cli.DB_ENV, raising=False)


@pytest.fixture
def filled(services: Services, db_arg: str, make_case: Callable[..., Case]) -> tuple[Case, Case, int]:
    """Two cases: the first with an ER record of two pages, the second with a logged call; closed after."""
    first, second = make_case(), make_case()
    services.timeline.add(
        Activity(
            case_id=second.id or 0,
            kind=ActivityKind.CALL,
            occurred_at=NOW,
            subject="Call with adjuster",
            body="Adjuster asked about the cervical MRI.",
        )
    )
    case_file = open_store(db_arg)
    try:
        with case_file.session() as session:
            row = DocumentRow(
                case_id=first.id,
                sha256="a" * 64,
                original_name="er-records.pdf",
                size=2048,
                page_count=2,
                imported_at=datetime(2026, 11, 2, tzinfo=UTC),
            )
            session.add(row)
            session.flush()
            add_document_pages(
                session,
                first.id or 0,
                row.id,
                ["Triage: alert and oriented.", "Impression: cervical strain, S13.4XXA.\nDischarged home."],
            )
            document_id = row.id
    finally:
        case_file.close()
    services.close()
    return first, second, document_id


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    status = main(list(argv))
    out, err = capsys.readouterr()
    return status, out, err


def test_hits_show_case_client_place_and_the_words_around_the_match(
    capsys: pytest.CaptureFixture[str], db_arg: str, filled: tuple[Case, Case, int]
) -> None:
    """Each hit is its case, client and document page (or note), then the snippet with [matches]."""
    first, second, _ = filled
    status, out, err = run(capsys, "search", "--db", db_arg, "cervical")
    assert status == 0
    assert f"{first.number}  Maria Alvarez  er-records.pdf · page 2" in out
    assert "    Impression: [cervical] strain, S13.4XXA. Discharged home." in out
    assert f"{second.number}  Maria Alvarez  Timeline note: Call with adjuster" in out
    assert "Adjuster asked about the [cervical] MRI." in out
    assert err.strip() == "2 matches"


def test_words_of_the_query_may_be_given_unquoted(
    capsys: pytest.CaptureFixture[str], db_arg: str, filled: tuple[Case, Case, int]
) -> None:
    """`casedesk search cervical S13.4XXA` needs both words on the page."""
    status, out, _ = run(capsys, "search", "--db", db_arg, "cervical", "S13.4XXA")
    assert status == 0
    assert out.count("page 2") == 1
    assert "Timeline note" not in out


def test_case_option_keeps_the_search_to_one_case(
    capsys: pytest.CaptureFixture[str], db_arg: str, filled: tuple[Case, Case, int]
) -> None:
    """--case NUMBER searches only that case."""
    _, second, _ = filled
    status, out, err = run(capsys, "search", "--db", db_arg, "--case", second.number.lower(), "cervical")
    assert status == 0
    assert "er-records.pdf" not in out
    assert "Call with adjuster" in out
    assert err.strip() == "1 match"


def test_json_gives_each_hit_with_ids_snippet_and_highlight_offsets(
    capsys: pytest.CaptureFixture[str], db_arg: str, filled: tuple[Case, Case, int]
) -> None:
    """--json prints the query, count and hits; offsets point at the matches in the snippet."""
    first, _, document_id = filled
    status, out, _ = run(capsys, "search", "--db", db_arg, "--json", "--case", first.number, "S13.4XXA")
    assert status == 0
    printed = json.loads(out)
    assert (printed["query"], printed["case"], printed["total"]) == ("S13.4XXA", first.number, 1)
    [hit] = printed["hits"]
    assert hit["case"] == first.number
    assert hit["client"] == "Maria Alvarez"
    assert (hit["kind"], hit["document_id"], hit["document"], hit["page"]) == (
        "page",
        document_id,
        "er-records.pdf",
        2,
    )
    [(start, end)] = hit["highlights"]
    assert hit["snippet"][start:end] == "S13.4XXA"


def test_limit_shows_the_best_and_says_how_many_matched(
    capsys: pytest.CaptureFixture[str], db_arg: str, filled: tuple[Case, Case, int]
) -> None:
    """--limit 1 prints one hit and tells how many more there are."""
    status, out, err = run(capsys, "search", "--db", db_arg, "--limit", "1", "cervical")
    assert status == 0
    assert out.count("\n    ") == 1
    assert "2 matches; the best 1 are shown" in err


def test_no_matches_is_a_message_and_success(
    capsys: pytest.CaptureFixture[str], db_arg: str, filled: tuple[Case, Case, int]
) -> None:
    """Nothing found: exit 0, nothing on stdout, "No matches" on stderr."""
    status, out, err = run(capsys, "search", "--db", db_arg, "spleen")
    assert (status, out) == (0, "")
    assert "No matches for “spleen”" in err
    status, out, _ = run(capsys, "search", "--db", db_arg, "--json", "spleen")
    assert status == 0
    assert json.loads(out)["hits"] == []


@pytest.mark.parametrize("query", ['"', "*", "AND", "( )", "NEAR("])
def test_a_query_with_nothing_searchable_is_a_usage_error(
    capsys: pytest.CaptureFixture[str], db_arg: str, filled: tuple[Case, Case, int], query: str
) -> None:
    """Punctuation or operators alone: exit 2 with what to type instead."""
    status, out, err = run(capsys, "search", "--db", db_arg, query)
    assert (status, out) == (2, "")
    assert "has nothing to search for" in err
    assert "Type a word" in err


def test_an_unknown_case_is_a_usage_error(
    capsys: pytest.CaptureFixture[str], db_arg: str, filled: tuple[Case, Case, int]
) -> None:
    """--case with a number no case has: exit 2."""
    status, _, err = run(capsys, "search", "--db", db_arg, "--case", "PI-9999", "cervical")
    assert status == 2
    assert "no case numbered “PI-9999”" in err


def test_a_missing_case_file_fails_with_a_message(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    """A path with no case file: exit 1, and no file is created."""
    path = tmp_path / "none.sqlite"
    status, _, err = run(capsys, "search", "--db", str(path), "cervical")
    assert status == 1
    assert "There is no case file" in err
    assert not path.exists()
