"""``casedesk expenses`` (a case's expense ledger) and ``casedesk export ledger`` (to Excel)."""

from __future__ import annotations

from typing import Any


def add_parser(commands: Any) -> None:
    """Register the commands with the subcommands of ``casedesk``."""


def add_export_parser(formats: Any) -> None:
    """Register the exports with the formats of ``casedesk export``."""
