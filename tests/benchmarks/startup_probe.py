"""Start-up probe run in a fresh process by the benchmark: casedesk's window, or the bare Qt reference.

Prints one JSON line when the window with its table has been shown and painted (``painted``), and for
casedesk a second one when the case file has finished opening in the background (``opened``). The
parent process times each line from its spawn.
"""

from __future__ import annotations

import json
import os
import resource
import sys


def _say(event: str, rows: int, done: bool) -> None:
    peak_mb = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)
    print(json.dumps({"event": event, "rows": rows, "peak_rss_mb": peak_mb}), flush=True)
    if done:
        os._exit(0)


def bare_qt(rows: int) -> None:
    """The reference: a QMainWindow with a 10,000-row Python table model, nothing else."""
    from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, QTimer
    from PySide6.QtWidgets import QApplication, QMainWindow, QTableView

    index_type = QModelIndex | QPersistentModelIndex

    class Model(QAbstractTableModel):
        def __init__(self) -> None:
            super().__init__()
            self.data_rows = [(f"PI-{i:05d}", f"Client {i}", f"Caption {i}", "Treating") for i in range(rows)]

        def rowCount(self, parent: index_type = QModelIndex()) -> int:  # noqa: B008
            return len(self.data_rows)

        def columnCount(self, parent: index_type = QModelIndex()) -> int:  # noqa: B008
            return 4

        def data(self, index: index_type, role: int = Qt.ItemDataRole.DisplayRole) -> object:
            if role == Qt.ItemDataRole.DisplayRole:
                return self.data_rows[index.row()][index.column()]
            return None

    app = QApplication(sys.argv)
    window = QMainWindow()
    view = QTableView()
    model = Model()
    view.setModel(model)
    window.setCentralWidget(view)
    window.resize(1280, 800)
    window.show()
    QTimer.singleShot(0, lambda: _say("painted", model.rowCount(), done=True))
    app.exec()


def casedesk_window(db_path: str, settings_path: str) -> None:
    """The casedesk window exactly as ``casedesk --db PATH`` starts it (``casedesk.app.run_gui``)."""
    from pathlib import Path

    from PySide6.QtCore import QSettings, QTimer

    from casedesk.app import application, start_main_window
    from casedesk.ui.tasks import TaskRunner

    app = application()
    settings = QSettings(settings_path, QSettings.Format.IniFormat)
    window, opening = start_main_window(Path(db_path), TaskRunner(), settings)
    window.show()

    def rows() -> int:
        return window.case_list.model.rowCount() if window.case_list is not None else 0

    def painted() -> None:
        _say("painted", rows(), done=opening is None)
        if opening is not None:
            opening.on_success(lambda services: (window.install(services), _say("opened", rows(), True)))
            opening.start()

    QTimer.singleShot(0, painted)
    app.exec()


if __name__ == "__main__":
    if sys.argv[1] == "bare":
        bare_qt(int(sys.argv[2]))
    else:
        casedesk_window(sys.argv[2], sys.argv[3])
