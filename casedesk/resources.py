"""Locates the data files shipped with casedesk (``resources/``), installed or from a source tree."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from casedesk.domain.fault import JurisdictionFaultRule, parse_fault_rules
from casedesk.domain.jurisdictions import Jurisdiction, parse_jurisdictions
from casedesk.domain.valuation import PerDiemNote, SeverityBand, parse_per_diem_notes, parse_severity_bands

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


@cache
def fault_rules() -> tuple[JurisdictionFaultRule, ...]:
    """Every jurisdiction's fault rule by span of incident dates (loaded and validated once).

    Raises:
        ValueError: The data is malformed, or a known jurisdiction has no rule (or an unknown one has).
    """
    rules = parse_fault_rules(resource_path("fault_rules.csv").read_text(encoding="utf-8"))
    check_fault_rules_cover(rules, {j.code for j in jurisdictions()})
    return rules


def check_fault_rules_cover(rules: tuple[JurisdictionFaultRule, ...], codes: set[str]) -> None:
    """Check that fault rules exist for exactly the given jurisdiction codes.

    Raises:
        ValueError: Some codes have no rule, or rules name codes that are not jurisdictions.
    """
    covered = {rule.code for rule in rules}
    if covered != codes:
        missing, extra = sorted(codes - covered), sorted(covered - codes)
        raise ValueError(f"fault rules data: missing {missing or 'none'}, unknown {extra or 'none'}")


@cache
def severity_bands() -> tuple[SeverityBand, ...]:
    """The damage formula's severity bands, as the firm configured them (loaded and validated once)."""
    return parse_severity_bands(resource_path("severity_bands.csv").read_text(encoding="utf-8"))


@cache
def per_diem_notes() -> dict[str, PerDiemNote]:
    """Jurisdictions that restrict per-diem arguments, by code (loaded and validated once)."""
    return parse_per_diem_notes(resource_path("per_diem_notes.csv").read_text(encoding="utf-8"))
