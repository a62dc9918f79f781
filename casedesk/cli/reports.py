"""``casedesk export progress``: the one-page case progress report as PDF."""

from __future__ import annotations

from typing import Any


def add_export_parser(formats: Any) -> None:
    """Register ``casedesk export progress`` with the formats of ``casedesk export``."""
