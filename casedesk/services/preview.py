"""A read-only look at a case file's case list, for the first window while the case file opens.

Opening a case file for work means importing SQLAlchemy, which alone takes longer than Qt needs to show
a window. The preview reads the case list through a bare read-only sqlite3 connection, with the same SQL
as the case service, so the list is on screen at once; the window swaps in the real services when they
are ready. Nothing here imports SQLAlchemy.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from casedesk.domain.cases import CaseList, CaseQuery, CaseSummary
from casedesk.services.clock import Clock, system_clock
from casedesk.store.preview import CaseListReader, open_case_list_reader


class CaseListPreview:
    """The case list of a case file, read-only, with the case service's reading interface.

    Attributes:
        path: The case file.
        clock: What "now" is.
    """

    def __init__(self, reader: CaseListReader, clock: Clock) -> None:
        self.path = reader.path
        self.clock = clock
        self._reader = reader

    def case_list(self, query: CaseQuery) -> CaseList:
        """The ids matching a query in order, and the counts per status (nothing if unreadable)."""
        return self._reader.case_list(query)

    def summaries(self, ids: Sequence[int]) -> list[CaseSummary]:
        """Case-list rows for some case ids, in that order (none if unreadable)."""
        return self._reader.summaries(ids)

    def close(self) -> None:
        """Close the read-only connection."""
        self._reader.close()


def open_preview(path: Path | str, clock: Clock = system_clock) -> CaseListPreview | None:
    """A preview of an existing, up-to-date case file; None when only a full open can handle it.

    A file that does not exist yet, needs an upgrade, or would be refused gets no preview: the full
    open creates, upgrades (after a backup) or explains it. A firm database (a URL) gets none either:
    the preview reads a file on this computer, and a firm database needs its user signed in first.
    """
    reader = open_case_list_reader(path)
    return None if reader is None else CaseListPreview(reader, clock)
