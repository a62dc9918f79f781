"""Locates the data files shipped with casedesk (``resources/``), installed or from a source tree."""

from __future__ import annotations

import tomllib
from functools import cache
from pathlib import Path

from casedesk.domain.binder import TemplateSection, parse_template
from casedesk.domain.fault import JurisdictionFaultRule, parse_fault_rules
from casedesk.domain.interviews import Questionnaire, parse_questionnaire
from casedesk.domain.jurisdictions import Jurisdiction, parse_jurisdictions
from casedesk.domain.limitation_data import parse_limitation_periods, parse_notice_periods
from casedesk.domain.limitations import GENERAL, LimitationRules
from casedesk.domain.valuation import PerDiemNote, SeverityBand, parse_per_diem_notes, parse_severity_bands

_PACKAGE_DIR = Path(__file__).resolve().parent


def resource_path(name: str) -> Path:
    """The path of a shipped resource: inside the installed package, or the source tree's ``resources/``."""
    for base in (_PACKAGE_DIR / "resources", _PACKAGE_DIR.parent / "resources"):
        candidate = base / name
        if candidate.exists():
            return candidate
    raise FileNotFoundError(f"casedesk resource {name!r} is missing from this installation")


ICON_SIZES = (16, 24, 32, 48, 64, 128, 256, 512)
"""The sizes (pixels, square) of the application icon's PNG files, ``resources/icons/casedesk-<size>.png``."""


def icon_paths() -> list[Path]:
    """The application icon's PNG files, smallest first (those present in this installation)."""
    found = []
    for size in ICON_SIZES:
        try:
            found.append(resource_path(f"icons/casedesk-{size}.png"))
        except FileNotFoundError:
            continue
    return found


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


@cache
def limitation_periods() -> LimitationRules:
    """Every jurisdiction's limitation periods and notice-of-claim periods (loaded and validated once).

    Raises:
        ValueError: The data is malformed, or a known jurisdiction has no current general-negligence
            period (or an unknown one has rows).
    """
    rules = LimitationRules(
        periods=parse_limitation_periods(resource_path("limitation_periods.csv").read_text(encoding="utf-8")),
        notices=parse_notice_periods(
            resource_path("notice_of_claim_periods.csv").read_text(encoding="utf-8")
        ),
    )
    check_limitation_periods_cover(rules, {j.code for j in jurisdictions()})
    return rules


def check_limitation_periods_cover(rules: LimitationRules, codes: set[str]) -> None:
    """Check that every given jurisdiction has a current general-negligence period, and no other has rows.

    Raises:
        ValueError: Some codes have no current rule, or rows name codes that are not jurisdictions.
    """
    current = {row.code for row in rules.periods if row.case_type == GENERAL and row.effective_to is None}
    named = {row.code for row in rules.periods} | {notice.code for notice in rules.notices}
    missing, extra = sorted(codes - current), sorted(named - codes)
    if missing or extra:
        raise ValueError(f"limitation periods data: missing {missing or 'none'}, unknown {extra or 'none'}")


@cache
def questionnaires() -> tuple[Questionnaire, ...]:
    """The interview questionnaires (``resources/questionnaires/*.toml``), by title (loaded and checked once).

    Raises:
        ValueError: A file is malformed (the message names the file and the question), or two files
            share a code.
    """
    found: dict[str, Questionnaire] = {}
    for path in sorted(resource_path("questionnaires").glob("*.toml")):
        try:
            data = tomllib.loads(path.read_text(encoding="utf-8"))
        except tomllib.TOMLDecodeError as exc:
            raise ValueError(f"{path.name}: not valid TOML ({exc})") from None
        questionnaire = parse_questionnaire(data, path.name)
        if questionnaire.code in found:
            raise ValueError(f"{path.name}: the code {questionnaire.code!r} is already used by another file")
        found[questionnaire.code] = questionnaire
    return tuple(sorted(found.values(), key=lambda q: q.title.casefold()))


def letter_template(name: str) -> bytes:
    """A shipped letter template (``resources/letters/<name>.docx``), as bytes.

    Raises:
        FileNotFoundError: It is missing from this installation.
    """
    return resource_path(f"letters/{name}.docx").read_bytes()


@cache
def binder_template() -> tuple[TemplateSection, ...]:
    """The sections a new case's trial binder starts with (``resources/binder/default.toml``), in order.

    Raises:
        ValueError: The file is malformed; the message names it.
    """
    path = resource_path("binder/default.toml")
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise ValueError(f"{path}: not valid TOML ({exc})") from None
    return parse_template(data, str(path))
