"""Locates the data files shipped with casedesk (``resources/``), installed or from a source tree."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from casedesk.domain.jurisdictions import Jurisdiction, parse_jurisdictions

_PACKAGE_DIR = Path(__file__).resolve().parent


def resource_path(name: str) -> Path:
    """The path of a shipped resource: inside the installed package, or the source tree's ``resources/``."""
    for base in (_PACKAGE_DIR / "resources", _PACKAGE_DIR.parent / "resources"):
        candidate = base / name
        if candidate.exists():
            return candidate
    raise FileNotFoundError(f"casedesk resource {name!r} is missing from this installation")


@cache
def jurisdictions() -> tuple[Jurisdiction, ...]:
    """Every jurisdiction casedesk knows, sorted by name (loaded and validated once)."""
    return parse_jurisdictions(resource_path("jurisdictions.csv").read_text(encoding="utf-8"))
