"""Start-up probe run in a fresh process by the benchmark: casedesk's window, or the bare Qt reference.

Prints one JSON line: peak memory, and how many rows the visible table holds, once the first paint of
the window has happened. The parent process measures the wall time from its spawn to that line.
"""

from __future__ import annotations

import json
import os
import resource
import sys


def _report(rows: int) -> None:
    peak_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(json.dumps({"rows": rows, "peak_rss_mb": round(peak_kib / 1024, 1)}), flush=True)
    os._exit(0)


def bare_qt(rows: int) -> None:
    """The reference: a QMainWindow with a 10,000-row Python table model, nothing else."""
    from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt, QTimer
    from PySide6.QtWidgets import QApplication, QMainWindow, QTableView

    class Model(QAbstractTableModel):
        def __init__(self) -> None:
            super().__init__()
            self.data_rows = [(f"PI-{i:05d}", f"Client {i}", f"Caption {i}", "Treating") for i in range(rows)]

        def rowCount(self, parent: QModelIndex = QModelIndex()) -> int:  # noqa: B008
            return len(self.data_rows)

        def columnCount(self, parent: QModelIndex = QModelIndex()) -> int:  # noqa: B008
            return 4

        def data(self, index: QModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> object:
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
    QTimer.singleShot(0, lambda: _report(model.rowCount()))
    app.exec()


def casedesk_window(db_path: str, settings_path: str) -> None:
    """The casedesk window as ``casedesk --db PATH`` starts it, up to the painted case list."""
    from pathlib import Path

    from PySide6.QtCore import QSettings, QTimer

    from casedesk.app import application, build_main_window

    app = application()
    window = build_main_window(Path(db_path), QSettings(settings_path, QSettings.Format.IniFormat))
    window.show()
    rows = window.case_list.model.rowCount() if window.case_list is not None else 0
    QTimer.singleShot(0, lambda: _report(rows))
    app.exec()


if __name__ == "__main__":
    if sys.argv[1] == "bare":
        bare_qt(int(sys.argv[2]))
    else:
        casedesk_window(sys.argv[2], sys.argv[3])
