"""``casedesk export exhibits``: a case's exhibit list (AO 187 style) as PDF or Excel."""

from __future__ import annotations

from typing import Any


def add_export_parser(formats: Any) -> None:
    """Register ``casedesk export exhibits`` with the formats of ``casedesk export``."""
