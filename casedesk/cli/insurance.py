"""``casedesk insurance``: a case's insurance policies and claims, and the coverage available."""

from __future__ import annotations

from typing import Any


def add_parser(commands: Any) -> None:
    """Register ``casedesk insurance`` with the subcommands of ``casedesk``."""
