"""A workspace tab made of sub-tabs that load the case lazily (the Medical and Finances tabs).

Each part is its own panel; the tab holds them as sub-tabs and shows the case in the one in front only,
so that switching cases costs one panel's queries, not all of them. A panel brought to the front catches up.
"""

from __future__ import annotations

from typing import Protocol

from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QTabWidget, QVBoxLayout, QWidget


class CasePanel(Protocol):
    """What a sub-tab must do: show a case (None: nothing)."""

    def set_case(self, case_id: int | None) -> None:
        """Show the case's records."""


class SubTabPanel(QWidget):
    """A workspace tab made of sub-tabs; each shows the current case when it is in front.

    Attributes:
        tabs: The sub-tabs, in the order they were added.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._case_id: int | None = None
        self._shown: dict[int, int | None] = {}  # panel index → the case it last showed
        self._panels: list[CasePanel] = []
        self.tabs = QTabWidget()
        self.tabs.setDocumentMode(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.tabs)
        self.tabs.currentChanged.connect(self._catch_up)

    def add_panel(self, panel: QWidget, title: str) -> None:
        """Add a sub-tab; ``panel`` must have ``set_case(case_id)``."""
        assert callable(getattr(panel, "set_case", None)), f"{type(panel).__name__} has no set_case"
        self._panels.append(panel)  # type: ignore[arg-type]  # checked above
        self.tabs.addTab(panel, title)

    def set_case(self, case_id: int | None) -> None:
        """Show a case: at once in the sub-tab in front (if this tab is visible), the others when shown."""
        self._case_id = case_id
        if self.isVisible():
            self._catch_up(self.tabs.currentIndex())

    def catch_up(self) -> None:
        """Show the current case in the sub-tab in front now (the workspace brought this tab forward)."""
        self._catch_up(self.tabs.currentIndex())

    def show_panel(self, panel: QWidget) -> None:
        """Bring a sub-tab to the front (it shows the current case)."""
        self.tabs.setCurrentWidget(panel)
        self._catch_up(self.tabs.currentIndex())

    def refresh(self, panel: QWidget | None = None) -> None:
        """Show the case again: in ``panel`` (or every panel) when it is next in front."""
        indexes = range(len(self._panels)) if panel is None else [self.tabs.indexOf(panel)]
        for index in indexes:
            self._shown.pop(index, None)
        if self.isVisible():
            self._catch_up(self.tabs.currentIndex())

    def showEvent(self, event: QShowEvent) -> None:
        """Catch up when this tab comes to the front."""
        super().showEvent(event)
        self._catch_up(self.tabs.currentIndex())

    def _catch_up(self, index: int) -> None:
        if not 0 <= index < len(self._panels):
            return
        if index in self._shown and self._shown[index] == self._case_id:
            return
        self._shown[index] = self._case_id
        self._panels[index].set_case(self._case_id)
