"""The PySide6 user interface: the main window and one sub-package per feature."""
