"""``casedesk export binder``: a case's trial binder (or one witness's binder) as one PDF."""

from __future__ import annotations

from typing import Any


def add_export_parser(formats: Any) -> None:
    """Register ``casedesk export binder`` with the formats of ``casedesk export``."""
