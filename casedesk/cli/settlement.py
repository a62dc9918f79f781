"""``casedesk settle`` (the settlement calculator) and ``casedesk settlement`` (a case's statement)."""

from __future__ import annotations

from typing import Any


def add_parser(commands: Any) -> None:
    """Register the commands with the subcommands of ``casedesk``."""


def add_export_parser(formats: Any) -> None:
    """Register the exports with the formats of ``casedesk export``."""
