"""``casedesk audit`` subcommands (being built)."""

from __future__ import annotations

from typing import Any


def add_parser(commands: Any) -> None:
    """Register the subcommands with those of ``casedesk``."""
