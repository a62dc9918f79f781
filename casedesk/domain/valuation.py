"""Case valuation: specials, and the multiplier, damage-formula and per-diem methods (exact, no floats)."""

from __future__ import annotations

import csv
import io
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation
from enum import StrEnum

from casedesk.domain.errors import ValidationError
from casedesk.domain.money import Money


class MedicalBasis(StrEnum):
    """Which medical figure counts as the medical special: states differ on billed vs paid."""

    BILLED = "billed"
    PAID = "paid"


class ValuationMethod(StrEnum):
    """How a case's value is estimated."""

    MULTIPLIER = "multiplier"
    FORMULA = "formula"
    PER_DIEM = "per-diem"


@dataclass(frozen=True, slots=True)
class Specials:
    """Special (economic) damages.

    Attributes:
        medical_billed: Medical expenses as billed.
        medical_paid: Medical expenses as actually paid.
        property_damage: Property damage.
        lost_wages: Lost wages and earning capacity.
        future_medical: Future medical expenses.
        other: Other out-of-pocket losses.
        medical_basis: Which medical figure (billed or paid) counts.
    """

    medical_billed: Money = field(default_factory=Money.zero)
    medical_paid: Money = field(default_factory=Money.zero)
    property_damage: Money = field(default_factory=Money.zero)
    lost_wages: Money = field(default_factory=Money.zero)
    future_medical: Money = field(default_factory=Money.zero)
    other: Money = field(default_factory=Money.zero)
    medical_basis: MedicalBasis = MedicalBasis.BILLED

    @property
    def medical(self) -> Money:
        """The medical expenses that count, per ``medical_basis``."""
        return self.medical_billed if self.medical_basis is MedicalBasis.BILLED else self.medical_paid

    @property
    def total(self) -> Money:
        """All specials: medical (per basis), property, wages, future medical and other."""
        return self.medical + self.property_damage + self.lost_wages + self.future_medical + self.other

    def amounts(self) -> dict[str, Money]:
        """Every amount by field name (for validation and display)."""
        return {
            "medical_billed": self.medical_billed,
            "medical_paid": self.medical_paid,
            "property_damage": self.property_damage,
            "lost_wages": self.lost_wages,
            "future_medical": self.future_medical,
            "other": self.other,
        }


@dataclass(frozen=True, slots=True)
class SeverityBand:
    """A band of severity multipliers for the damage formula.

    Attributes:
        name: The band's name, e.g. ``"minor"``.
        low: The lowest multiplier in the band.
        high: The highest multiplier, or ``None`` when the band is open-ended.
    """

    name: str
    low: Decimal
    high: Decimal | None = None

    def __post_init__(self) -> None:
        if self.low < 1 or (self.high is not None and self.high < self.low):
            raise ValueError(f"severity band {self.name!r} needs 1 <= low <= high")

    def contains(self, multiplier: Decimal) -> bool:
        """Whether the multiplier lies within the band (ends included)."""
        return self.low <= multiplier and (self.high is None or multiplier <= self.high)


#: Insurer-style severity bands (domain.md): minor 1.5–3, medium 3–4, severe/permanent 5 or more.
DEFAULT_SEVERITY_BANDS: tuple[SeverityBand, ...] = (
    SeverityBand("minor", Decimal("1.5"), Decimal(3)),
    SeverityBand("medium", Decimal(3), Decimal(4)),
    SeverityBand("severe", Decimal(5), None),
)


@dataclass(frozen=True, slots=True)
class PerDiemPhase:
    """A stretch of days of suffering at one daily rate (acute, recovery, chronic…).

    Attributes:
        rate: The amount per day.
        days: How many days.
        label: What the phase is called.
    """

    rate: Money
    days: int
    label: str = ""

    @property
    def amount(self) -> Money:
        """The phase's rate times its days."""
        return self.rate * self.days


@dataclass(frozen=True, slots=True)
class Valuation:
    """A valuation's result, before fault.

    Attributes:
        method: The method used.
        specials_total: All specials.
        economic: The economic part of the value.
        non_economic: The non-economic part (``value - economic``).
        value: The point estimate.
        low: The low end of a range, when the method gives one.
        high: The high end of a range, or ``None`` (no range, or open-ended).
    """

    method: ValuationMethod
    specials_total: Money
    economic: Money
    non_economic: Money
    value: Money
    low: Money | None = None
    high: Money | None = None


def value_by_multiplier(specials: Specials, multiplier: Decimal) -> Valuation:
    """Specials × multiplier as the whole value; non-economic is what exceeds the specials."""
    _raise_if(validate_valuation(ValuationMethod.MULTIPLIER, specials, multiplier=multiplier))
    value = specials.total * multiplier
    return Valuation(
        ValuationMethod.MULTIPLIER, specials.total, specials.total, value - specials.total, value
    )


def value_by_formula(
    specials: Specials,
    severity: str,
    multiplier: Decimal | None = None,
    bands: Sequence[SeverityBand] = DEFAULT_SEVERITY_BANDS,
) -> Valuation:
    """Medical × severity multiplier + lost wages, with the band's range.

    Args:
        specials: The specials; only medical (per basis) and lost wages count.
        severity: The band's name.
        multiplier: A multiplier within the band; the band's low end when ``None``.
        bands: The configured severity bands.

    Raises:
        ValidationError: Unknown severity, a multiplier outside the band, or negative amounts.
    """
    _raise_if(
        validate_valuation(
            ValuationMethod.FORMULA, specials, multiplier=multiplier, severity=severity, bands=bands
        )
    )
    band = _band(severity, bands)
    assert band is not None  # validated above
    medical, wages = specials.medical, specials.lost_wages
    value = medical * (band.low if multiplier is None else multiplier) + wages
    economic = medical + wages
    return Valuation(
        ValuationMethod.FORMULA,
        specials.total,
        economic,
        value - economic,
        value,
        low=medical * band.low + wages,
        high=None if band.high is None else medical * band.high + wages,
    )


def value_per_diem(specials: Specials, phases: Sequence[PerDiemPhase]) -> Valuation:
    """Specials plus a daily rate × days of suffering, summed over the phases."""
    _raise_if(validate_valuation(ValuationMethod.PER_DIEM, specials, phases=phases))
    non_economic = sum((phase.amount for phase in phases), Money.zero())
    return Valuation(
        ValuationMethod.PER_DIEM,
        specials.total,
        specials.total,
        non_economic,
        specials.total + non_economic,
    )


def estimate(
    method: ValuationMethod,
    specials: Specials,
    *,
    multiplier: Decimal | None = None,
    severity: str | None = None,
    phases: Sequence[PerDiemPhase] = (),
    bands: Sequence[SeverityBand] = DEFAULT_SEVERITY_BANDS,
) -> Valuation:
    """Value the specials by the given method, with that method's parameters.

    Raises:
        ValidationError: What :func:`validate_valuation` finds wrong, by field.
    """
    _raise_if(
        validate_valuation(
            method, specials, multiplier=multiplier, severity=severity, phases=phases, bands=bands
        )
    )
    if method is ValuationMethod.MULTIPLIER:
        assert multiplier is not None
        return value_by_multiplier(specials, multiplier)
    if method is ValuationMethod.FORMULA:
        assert severity is not None
        return value_by_formula(specials, severity, multiplier, bands)
    return value_per_diem(specials, phases)


def validate_valuation(
    method: ValuationMethod,
    specials: Specials,
    *,
    multiplier: Decimal | None = None,
    severity: str | None = None,
    phases: Sequence[PerDiemPhase] = (),
    bands: Sequence[SeverityBand] = DEFAULT_SEVERITY_BANDS,
) -> dict[str, str]:
    """What is wrong with a valuation's input, as field name → message (empty when valid).

    A multiplier below 1 is refused too: it would make the non-economic part negative.
    """
    errors = {
        name: f"{_label(name)} cannot be negative."
        for name, amount in specials.amounts().items()
        if amount.cents < 0
    }
    if multiplier is not None and not multiplier.is_finite():  # NaN, Infinity: never computed on
        errors["multiplier"] = "The multiplier must be a number."
        multiplier = Decimal(1) if method is ValuationMethod.MULTIPLIER else None
    if method is ValuationMethod.MULTIPLIER:
        if multiplier is None:
            errors["multiplier"] = "The multiplier method needs a multiplier."
        elif multiplier <= 0:
            errors["multiplier"] = "The multiplier must be greater than 0."
        elif multiplier < 1:
            errors["multiplier"] = "The multiplier must be at least 1 (1 means specials only)."
    elif method is ValuationMethod.FORMULA:
        band = _band(severity, bands) if severity is not None else None
        names = ", ".join(b.name for b in bands)
        if severity is None:
            errors["severity"] = f"The damage formula needs a severity ({names})."
        elif band is None:
            errors["severity"] = f"Unknown severity “{severity}”; choose one of {names}."
        elif multiplier is not None and not band.contains(multiplier):
            top = "or more" if band.high is None else f"to {band.high}"
            errors["multiplier"] = f"A {band.name} multiplier is {band.low} {top}."
    elif not phases:
        errors["phases"] = "The per-diem method needs a daily rate and a number of days."
    else:
        for index, phase in enumerate(phases):
            if phase.rate.cents < 0:
                errors[f"phases[{index}].rate"] = "A daily rate cannot be negative."
            if phase.days < 0:
                errors[f"phases[{index}].days"] = "The number of days cannot be negative."
    return errors


def _band(name: str | None, bands: Sequence[SeverityBand]) -> SeverityBand | None:
    return next((band for band in bands if band.name == name), None)


_LABELS = {
    "medical_billed": "Medical expenses (billed)",
    "medical_paid": "Medical expenses (paid)",
    "property_damage": "Property damage",
    "lost_wages": "Lost wages",
    "future_medical": "Future medical expenses",
    "other": "Other losses",
}


def _label(field_name: str) -> str:
    return _LABELS[field_name]


def _raise_if(errors: Mapping[str, str]) -> None:
    if errors:
        raise ValidationError(errors)


def parse_severity_bands(text: str) -> tuple[SeverityBand, ...]:
    """Parse the severity-bands CSV (columns ``name``, ``low``, ``high``; ``high`` empty = open-ended).

    Raises:
        ValueError: The data is malformed: missing columns, bad numbers, repeated names, or no bands.
    """
    reader = csv.DictReader(io.StringIO(text))
    if reader.fieldnames is None or not {"name", "low", "high"} <= set(reader.fieldnames):
        raise ValueError("severity bands data needs 'name', 'low' and 'high' columns")
    bands: list[SeverityBand] = []
    for line, row in enumerate(reader, start=2):
        try:
            name = (row["name"] or "").strip()
            if not name or any(band.name == name for band in bands):
                raise ValueError(f"missing or repeated name {name!r}")
            high = (row["high"] or "").strip()
            bands.append(
                SeverityBand(name, Decimal((row["low"] or "").strip()), Decimal(high) if high else None)
            )
        except (ValueError, InvalidOperation) as exc:
            raise ValueError(f"severity bands data, line {line}: {exc}") from exc
    if not bands:
        raise ValueError("severity bands data has no bands")
    return tuple(bands)


@dataclass(frozen=True, slots=True)
class PerDiemNote:
    """A jurisdiction's restriction on per-diem arguments, to flag beside a per-diem valuation.

    Attributes:
        code: Two-letter jurisdiction code.
        note: The restriction in words.
        source: The case or rule it comes from.
        as_of: When the data was compiled.
        verify: Whether it must be checked against current law before relying on it.
    """

    code: str
    note: str
    source: str
    as_of: date
    verify: bool


def parse_per_diem_notes(text: str) -> dict[str, PerDiemNote]:
    """Parse the per-diem notes CSV (``code, note, source, as_of, verify``) into notes by code.

    Raises:
        ValueError: The data is malformed.
    """
    reader = csv.DictReader(io.StringIO(text))
    columns = {"code", "note", "source", "as_of", "verify"}
    if reader.fieldnames is None or not columns <= set(reader.fieldnames):
        raise ValueError(f"per-diem notes data needs columns {', '.join(sorted(columns))}")
    notes: dict[str, PerDiemNote] = {}
    for line, row in enumerate(reader, start=2):
        cells = {name: (row[name] or "").strip() for name in columns}
        code = cells["code"].upper()
        try:
            if len(code) != 2 or not code.isalpha() or code in notes:
                raise ValueError(f"bad or repeated code {code!r}")
            if not cells["note"] or not cells["source"] or cells["verify"] not in ("true", "false"):
                raise ValueError("note and source are required; verify is true or false")
            notes[code] = PerDiemNote(
                code,
                cells["note"],
                cells["source"],
                date.fromisoformat(cells["as_of"]),
                cells["verify"] == "true",
            )
        except ValueError as exc:
            raise ValueError(f"per-diem notes data, line {line}: {exc}") from exc
    return notes
