"""Read-only record tables: the view set-up and model plumbing every list in casedesk shares."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from PySide6.QtCore import QAbstractItemModel, QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView

Index = QModelIndex | QPersistentModelIndex


def record_table(model: QAbstractItemModel, column_widths: Mapping[int, int]) -> QTableView:
    """A read-only, single-selection table with fixed row heights and the given column widths.

    Widths are set, never measured: measuring every row's text is what makes big lists slow.
    """
    table = QTableView()
    table.setModel(model)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setAlternatingRowColors(True)
    table.setWordWrap(False)
    table.verticalHeader().hide()
    table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
    table.verticalHeader().setDefaultSectionSize(table.fontMetrics().height() + 8)
    header = table.horizontalHeader()
    for column, width in column_widths.items():
        header.resizeSection(column, width)
    header.setStretchLastSection(True)
    return table


def selected_data(table: QTableView, role: int) -> Any:
    """The data for ``role`` of the selected row (None when nothing is selected)."""
    rows = table.selectionModel().selectedRows()
    return rows[0].data(role) if rows else None


class RecordTableModel(QAbstractTableModel):
    """Base of casedesk's read-only table models: a fixed header row, one record per row.

    Subclasses set ``HEADERS`` and implement ``rowCount`` and ``data``.
    """

    HEADERS: tuple[str, ...] = ()

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        """Qt override."""
        return 0 if parent.isValid() else len(self.HEADERS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = 0) -> Any:
        """Qt override."""
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return self.HEADERS[section] if 0 <= section < len(self.HEADERS) else None
        return None
