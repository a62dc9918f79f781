"""``casedesk letter``: draft a letter for a case from a Word template, as .docx or PDF."""

from __future__ import annotations

from typing import Any


def add_parser(commands: Any) -> None:
    """Register ``casedesk letter`` with the subcommands of ``casedesk``."""
