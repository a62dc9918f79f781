"""Work off the GUI thread: run a plain function on a worker thread, get its result on the GUI thread."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any, Generic, TypeVar

import shiboken6
from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QWidget

T = TypeVar("T")


class _Relay(QObject):
    """Carries a worker's outcome to the GUI thread (a queued signal across threads).

    Signals:
        finished: ``(result, error)`` — exactly one of them is None.
    """

    finished = Signal(object, object)


class Task(Generic[T]):
    """One piece of background work; build it with :meth:`TaskRunner.op`, then :meth:`start` it."""

    def __init__(
        self, parent: QWidget, work: Callable[[], T], finished: Callable[[Task[T]], Any] | None = None
    ) -> None:
        self._parent = parent
        self._work = work
        self._finished = finished
        self._on_success: Callable[[T], Any] = lambda _result: None
        self._on_failure: Callable[[BaseException], Any] | None = None
        self._relay = _Relay()
        self._relay.finished.connect(self._on_relay_finished)
        self._thread: threading.Thread | None = None

    def on_success(self, callback: Callable[[T], Any]) -> Task[T]:
        """Call ``callback(result)`` on the GUI thread when the work returns."""
        self._on_success = callback
        return self

    def on_failure(self, callback: Callable[[BaseException], Any]) -> Task[T]:
        """Call ``callback(error)`` on the GUI thread when the work raises (default: re-raise there)."""
        self._on_failure = callback
        return self

    def start(self) -> Task[T]:
        """Start the work on a daemon thread."""
        self._thread = threading.Thread(target=self._run, name="casedesk-task", daemon=True)
        self._thread.start()
        return self

    def wait(self, timeout: float | None = None) -> None:
        """Block until the worker thread has finished (tests, shutdown)."""
        if self._thread is not None:
            self._thread.join(timeout)

    def _run(self) -> None:
        try:
            result = self._work()
        except BaseException as error:  # delivered to the GUI thread, which decides
            self._relay.finished.emit(None, error)
        else:
            self._relay.finished.emit(result, None)

    def _on_relay_finished(self, result: T, error: BaseException | None) -> None:
        if self._thread is not None:
            # The worker has reported and is ending. Wait for it, so that it never holds the last
            # reference to this task: the relay would then be destroyed on the worker thread, which
            # crashes Qt (a QObject must be destroyed on the thread it lives in).
            self._thread.join()
        if self._finished is not None:
            self._finished(self)
        if not shiboken6.isValid(self._parent):
            return  # the window that asked is gone; nobody is left to tell
        if error is None:
            self._on_success(result)
        elif self._on_failure is not None:
            self._on_failure(error)
        else:
            raise error


class TaskRunner:
    """Starts background work for the windows of the app; callbacks always run on the GUI thread.

    Example::

        runner.op(window, lambda: open_services(path)).on_success(window.install).start()
    """

    def __init__(self) -> None:
        self._running: set[Task[Any]] = set()

    def op(self, parent: QWidget, work: Callable[[], T]) -> Task[T]:
        """A task running ``work`` for ``parent`` (its callbacks are skipped once ``parent`` is gone)."""
        task = Task(parent, work, finished=self._running.discard)
        self._running.add(task)  # keeps the task (and its relay) alive until it reports
        return task
