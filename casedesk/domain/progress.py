"""Progress reports and cancellation for long work, without any GUI: the GUI adapts them to a dialog."""

from __future__ import annotations

import threading
from collections.abc import Callable

from casedesk.domain.errors import CasedeskError

#: ``progress(done, total, message)``: ``done`` of ``total`` steps are finished; ``message`` says what
#: is being worked on (a file name). Called from the worker; the receiver must be thread-safe.
Progress = Callable[[int, int, str], None]


def no_progress(done: int, total: int, message: str) -> None:
    """A :data:`Progress` that reports nowhere."""


class Cancelled(CasedeskError):
    """The user cancelled; what was finished before is kept (the caller says what that is)."""

    def __init__(self, message: str = "Cancelled.") -> None:
        super().__init__(message)


class CancelToken:
    """Set by the user's Cancel, checked by the worker between steps (thread-safe)."""

    def __init__(self) -> None:
        self._event = threading.Event()

    def cancel(self) -> None:
        """Ask the work to stop at its next check."""
        self._event.set()

    @property
    def cancelled(self) -> bool:
        """Whether Cancel was asked for."""
        return self._event.is_set()

    def check(self) -> None:
        """Raise :class:`Cancelled` if Cancel was asked for.

        Raises:
            Cancelled: It was.
        """
        if self._event.is_set():
            raise Cancelled
