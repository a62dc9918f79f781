"""Keyboard shortcuts that belong to one panel, so two panels in a window can use the same keys."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QWidget


def add_shortcut(
    panel: QWidget,
    text: str,
    keys: QKeySequence | QKeySequence.StandardKey | Qt.Key,
    owner: QWidget,
    slot: Callable[[], Any],
) -> QAction:
    """Give ``owner`` a keyboard shortcut, scoped so that panels sharing keys never clash.

    It works anywhere inside ``panel`` when ``owner`` is the panel itself, else only while ``owner`` (a
    list or table in it) has the focus, so Del in one list never deletes from another.
    """
    action = QAction(text, owner)
    action.setShortcut(keys if isinstance(keys, QKeySequence) else QKeySequence(keys))
    action.setShortcutContext(
        Qt.ShortcutContext.WidgetWithChildrenShortcut if owner is panel else Qt.ShortcutContext.WidgetShortcut
    )
    owner.addAction(action)
    action.triggered.connect(lambda _checked=False: slot())
    return action
