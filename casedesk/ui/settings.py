"""What casedesk remembers between runs: recent case files and the window layout."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QByteArray, QSettings

MAX_RECENT_FILES = 8


class AppSettings:
    """Typed access to the user's settings, over a ``QSettings`` the caller provides."""

    def __init__(self, settings: QSettings) -> None:
        self._settings = settings

    def recent_files(self) -> list[Path]:
        """Recently opened case files, newest first."""
        value = self._settings.value("recent_files", [])
        if isinstance(value, str):  # QSettings returns a bare string for a one-item list
            value = [value]
        if not isinstance(value, list):
            return []
        return [Path(p) for p in value if isinstance(p, str) and p]

    def add_recent_file(self, path: Path) -> None:
        """Put a case file at the top of the recent list."""
        paths = [path, *(p for p in self.recent_files() if p != path)][:MAX_RECENT_FILES]
        self._settings.setValue("recent_files", [str(p) for p in paths])

    def remove_recent_file(self, path: Path) -> None:
        """Drop a case file from the recent list (it could not be opened)."""
        self._settings.setValue("recent_files", [str(p) for p in self.recent_files() if p != path])

    def state(self, key: str) -> QByteArray | None:
        """A saved widget state (geometry, splitter, header), if any."""
        value = self._settings.value(f"layout/{key}")
        return value if isinstance(value, QByteArray) else None

    def set_state(self, key: str, value: QByteArray) -> None:
        """Remember a widget state."""
        self._settings.setValue(f"layout/{key}", value)

    @property
    def qsettings(self) -> QSettings:
        """The underlying settings, for panels that keep keys of their own (the chronology's threshold)."""
        return self._settings

    def sync(self) -> None:
        """Write the settings to disk now."""
        self._settings.sync()
