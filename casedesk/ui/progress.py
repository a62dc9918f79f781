"""A progress dialog for background work: the plain-Python progress calls of a worker, on the GUI thread."""

from __future__ import annotations

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import QProgressDialog, QWidget

from casedesk.domain.progress import CancelToken


class _Relay(QObject):
    """Carries progress reports from the worker thread to the GUI thread (a queued signal).

    Signals:
        reported: ``(done, total, message)``.
    """

    reported = Signal(int, int, str)


class ProgressDialog(QProgressDialog):
    """Shows how far background work has come, with a Cancel button that sets :attr:`token`.

    Hand :meth:`report` to the work as its :data:`~casedesk.domain.progress.Progress` callback and
    :attr:`token` as its cancel token; both are safe to use from the worker thread. Shown at once (window
    modal: the rest of the window waits), closed with :meth:`finish`.

    Attributes:
        token: Set when the user presses Cancel (or Esc); the work checks it between steps.
    """

    def __init__(self, title: str, parent: QWidget, *, step: str = "{name}") -> None:
        """Make the dialog.

        Args:
            title: The window title, e.g. "Importing PDFs".
            parent: The window it belongs to.
            step: How the current step reads, with ``{done}``, ``{total}``, ``{number}`` (the one being
                worked on) and ``{name}`` (the message reported): e.g. "File {number} of {total}: {name}".
        """
        super().__init__(parent)
        self.token = CancelToken()
        self._step = step
        self.setWindowTitle(title)
        self.setWindowModality(Qt.WindowModality.WindowModal)
        self.setAutoClose(False)
        self.setAutoReset(False)
        self.setMinimumDuration(0)
        self.setMinimumWidth(420)
        self.setCancelButtonText("Cancel")
        self.setRange(0, 0)
        self.setLabelText("Starting…")
        self._relay = _Relay(self)
        self._relay.reported.connect(self._on_reported, Qt.ConnectionType.QueuedConnection)
        self.canceled.connect(self._on_canceled)

    def report(self, done: int, total: int, message: str) -> None:
        """A :data:`~casedesk.domain.progress.Progress` callback; call it from any thread."""
        self._relay.reported.emit(done, total, message)

    def finish(self) -> None:
        """The work is over: close the dialog."""
        self.canceled.disconnect(self._on_canceled)
        self.close()
        self.deleteLater()

    def _on_reported(self, done: int, total: int, message: str) -> None:
        if self.token.cancelled:
            return
        if total > 0:
            self.setRange(0, total)
            self.setValue(min(done, total))
        if done < total:
            number = done + 1
            self.setLabelText(self._step.format(done=done, total=total, number=number, name=message))
        else:
            self.setLabelText("Finishing…")

    def _on_canceled(self) -> None:
        self.token.cancel()
        self.setLabelText("Cancelling: finishing the file in progress…")
        self.setCancelButtonText("Cancelling…")
        # QProgressDialog hides itself on Cancel; it stays until the work has stopped.
        self.show()
