"""Showing other people's saves: View › Refresh (F5), and a look every 15 seconds on a firm database."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, QTimer
from PySide6.QtWidgets import QApplication

from casedesk.domain.errors import CasedeskError
from casedesk.services.changes import ChangeService

#: How often a firm database is asked whether someone else saved something.
POLL_INTERVAL_MS = 15_000


class ChangeWatcher(QObject):
    """Every :data:`POLL_INTERVAL_MS`, asks whether someone else saved something, and if so refreshes.

    A look is skipped while a dialog is open (the user is in the middle of something); the news waits
    for the next look, since nothing is asked meanwhile.

    Args:
        changes: The open case file's change service.
        refresh: Reloads what is on screen (the main window's ``refresh_from_database``).
    """

    def __init__(
        self,
        changes: ChangeService,
        refresh: Callable[[], None],
        parent: QObject | None = None,
        interval_ms: int = POLL_INTERVAL_MS,
    ) -> None:
        super().__init__(parent)
        self._changes = changes
        self._refresh = refresh
        self.timer = QTimer(self)
        self.timer.setInterval(interval_ms)
        self.timer.timeout.connect(self.look)
        self.timer.start()
        changes.poll()  # start watching: what is saved from now on is news

    def look(self) -> bool:
        """Ask now; refresh if someone else saved something. True when it refreshed."""
        if QApplication.activeModalWidget() is not None:
            return False
        try:
            changed = self._changes.poll()
            if changed:
                self._refresh()
        except CasedeskError:  # the server is unreachable: look again later; a save will say so
            return False
        return changed

    def stop(self) -> None:
        """Stop looking (the case file is closing)."""
        self.timer.stop()
