"""The start-up preview of a case file reads the case list exactly as the case service does."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest

from casedesk.domain.cases import Case, CaseQuery, CaseSort, CaseStatus, Client
from casedesk.services.casefiles import Services
from casedesk.services.preview import open_preview
from tests.conftest import fixed_clock


@pytest.fixture
def caseload(services: Services, make_case: Callable[..., Case], make_client: Callable[..., Client]) -> None:
    """A few cases with accented names, missing dates and every kind of status."""
    for n, (name, status, due) in enumerate(
        [
            ("Álvaro Núñez", CaseStatus.TREATING, date(2026, 12, 1)),
            ("Beth O'Neil", CaseStatus.CLOSED, None),
            ("Chen Wei", CaseStatus.DEMAND, date(2026, 11, 2)),
            ("Dana 100% Ruiz", CaseStatus.INTAKE, None),
        ]
    ):
        make_case(
            client_id=make_client(name=name).id,
            status=status,
            next_action="Call" if due else "",
            next_action_on=due,
            jurisdiction="" if n == 3 else "TX",
            closed_on=date(2026, 10, 1) if status is CaseStatus.CLOSED else None,
        )


@pytest.mark.parametrize(
    "query",
    [
        CaseQuery(),
        CaseQuery(include_closed=False, sort=CaseSort.NEXT_ACTION_ON),
        CaseQuery(text="álvaro"),
        CaseQuery(text="100%"),
        CaseQuery(text="pi-2026"),
        CaseQuery(status=CaseStatus.CLOSED),
        *(CaseQuery(sort=sort, descending=d) for sort in CaseSort for d in (False, True)),
    ],
)
@pytest.mark.sqlite_only("the preview reads a case file on this computer through sqlite3")
def test_preview_lists_what_the_service_lists(
    services: Services, db_path: Path, caseload: None, query: CaseQuery
) -> None:
    """Same ids in the same order, same counts, same rows: the preview is the service, read-only."""
    preview = open_preview(db_path, fixed_clock)
    assert preview is not None
    try:
        expected = services.cases.case_list(query)
        assert preview.case_list(query) == expected
        assert preview.summaries(expected.ids) == services.cases.summaries(expected.ids)
    finally:
        preview.close()


@pytest.mark.sqlite_only("the preview reads a case file on this computer through sqlite3")
def test_preview_cannot_write(services: Services, db_path: Path, caseload: None) -> None:
    """The preview's connection is read-only."""
    preview = open_preview(db_path)
    assert preview is not None
    try:
        with pytest.raises(sqlite3.OperationalError, match="readonly"):
            preview._reader._connection.execute("DELETE FROM cases")
    finally:
        preview.close()


def test_no_preview_for_files_that_need_a_full_open(tmp_path: Path) -> None:
    """A missing file, a foreign file or an empty database get no preview (the full open handles them)."""
    missing = tmp_path / "missing.sqlite"
    foreign = tmp_path / "notes.txt"
    foreign.write_text("hello")
    empty = tmp_path / "empty.sqlite"
    sqlite3.connect(empty).close()
    assert open_preview(missing) is None
    assert open_preview(foreign) is None
    assert open_preview(empty) is None
    assert not missing.exists()


def test_no_preview_for_a_firm_database() -> None:
    """A firm database's URL gets no preview (nothing is connected): the full open signs in first."""
    assert open_preview("postgresql+psycopg://casedesk@127.0.0.1:1/casedesk") is None
