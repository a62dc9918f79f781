"""Whether someone else saved something in the case file, so the screen can be refreshed."""

from __future__ import annotations

from casedesk.store.casefile import CaseFile
from casedesk.store.changes import ChangeWatcher


class ChangeService:
    """Notices saves made by another connection (another casedesk, another computer, the CLI).

    This casedesk's own saves are not news. On a firm database another person's save is noticed once
    their transaction commits; on a SQLite file another connection's.
    """

    def __init__(self, case_file: CaseFile) -> None:
        self._watcher = ChangeWatcher(
            case_file.engine, None if case_file.firm_mode else lambda: case_file.connect(read_only=True)
        )
        self._started = False

    def poll(self) -> bool:
        """True when someone else saved something since the last poll; cheap (one tiny query).

        The first poll starts watching (on a firm database it opens a connection of its own), so a
        casedesk that never asks (a command) costs the server nothing; it returns False.
        """
        if not self._started:
            self._watcher.start()
            self._started = True
            return False
        return self._watcher.poll()

    def close(self) -> None:
        """Stop watching (closes the watcher's own connection)."""
        self._watcher.close()
