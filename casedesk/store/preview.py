"""A read-only sqlite3 look at a case file's case list, needing no SQLAlchemy (see services/preview.py)."""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from pathlib import Path

from casedesk.domain.cases import CaseList, CaseQuery, CaseStatus, CaseSummary
from casedesk.domain.errors import CaseFileError
from casedesk.store import caselist
from casedesk.store.casefile import SCHEMA_REVISIONS, inspect_case_file
from casedesk.store.engine import is_database_url, sqlite_connect


class CaseListReader:
    """Runs the case-list queries on a read-only connection.

    A damaged file reads as empty here: the full open that follows explains the damage.

    Attributes:
        path: The case file.
    """

    def __init__(self, path: Path, connection: sqlite3.Connection) -> None:
        self.path = path
        self._connection = connection

    def case_list(self, query: CaseQuery) -> CaseList:
        """The ids matching a query in order, and the counts per status."""
        try:
            return caselist.read_case_list(self._connection.execute, query)
        except sqlite3.DatabaseError:
            return CaseList((), dict.fromkeys(CaseStatus, 0))

    def summaries(self, ids: Sequence[int]) -> list[CaseSummary]:
        """Case-list rows for some case ids, in that order."""
        try:
            return caselist.read_summaries(self._connection.execute, ids)
        except sqlite3.DatabaseError:
            return []

    def close(self) -> None:
        """Close the read-only connection."""
        self._connection.close()


def open_case_list_reader(path: Path | str) -> CaseListReader | None:
    """A reader for an existing, up-to-date case file; None for anything only a full open can handle.

    The page-by-page damage check is skipped: the full open that follows makes it. A firm database's
    URL gets None: this reader is sqlite3 only.
    """
    if isinstance(path, str) and is_database_url(path):
        return None
    path = Path(path).expanduser().absolute()
    if not path.is_file():
        return None
    try:
        if inspect_case_file(path, thorough=False).revision != SCHEMA_REVISIONS[-1]:
            return None
        return CaseListReader(path, sqlite_connect(path, read_only=True))
    except (CaseFileError, sqlite3.Error):
        return None
