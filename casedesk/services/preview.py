"""A read-only look at a case file's case list, for the first window while the case file opens.

Opening a case file for work means importing SQLAlchemy, which alone takes longer than Qt needs to show
a window. The preview reads the case list through a bare read-only sqlite3 connection (the same SQL as
the case service), so the list is on screen at once; the window swaps in the real services when they
are ready. Nothing here imports SQLAlchemy.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from pathlib import Path

from casedesk.domain.cases import CaseList, CaseQuery, CaseStatus, CaseSummary
from casedesk.domain.errors import CaseFileError
from casedesk.services.clock import Clock, system_clock
from casedesk.store import caselist
from casedesk.store.casefile import SCHEMA_REVISIONS, inspect_case_file
from casedesk.store.engine import sqlite_connect


class CaseListPreview:
    """The case list of a case file, read-only, with the case service's reading interface.

    Attributes:
        path: The case file.
        clock: What "now" is.
    """

    def __init__(self, path: Path, connection: sqlite3.Connection, clock: Clock) -> None:
        self.path = path
        self.clock = clock
        self._connection = connection

    def case_list(self, query: CaseQuery) -> CaseList:
        """The ids matching a query in order, and the counts per status (nothing if unreadable)."""
        sql, params = caselist.ids_statement(query)
        try:
            return caselist.case_list_from_rows(self._connection.execute(sql, params), query)
        except sqlite3.DatabaseError:  # a damaged file: the full open, moments later, explains it
            return CaseList((), dict.fromkeys(CaseStatus, 0))

    def summaries(self, ids: Sequence[int]) -> list[CaseSummary]:
        """Case-list rows for some case ids, in that order (none if unreadable)."""
        found: dict[int, CaseSummary] = {}
        try:
            for chunk in caselist.chunks(ids):
                sql, params = caselist.summaries_statement(chunk)
                found.update(caselist.summaries_from_rows(self._connection.execute(sql, params)))
        except sqlite3.DatabaseError:
            return []
        return [found[case_id] for case_id in ids if case_id in found]

    def close(self) -> None:
        """Close the read-only connection."""
        self._connection.close()


def open_preview(path: Path, clock: Clock = system_clock) -> CaseListPreview | None:
    """A preview of an existing, up-to-date case file; None when only a full open can handle it.

    A file that does not exist yet, needs an upgrade, or would be refused gets no preview: the full
    open creates, upgrades (after a backup) or explains it.
    """
    path = path.expanduser().absolute()
    if not path.is_file():
        return None
    try:
        # The full open that follows checks the whole file for damage; the preview need not wait for it.
        if inspect_case_file(path, thorough=False).revision != SCHEMA_REVISIONS[-1]:
            return None
        return CaseListPreview(path, sqlite_connect(path, read_only=True), clock)
    except (CaseFileError, sqlite3.Error):
        return None
