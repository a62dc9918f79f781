"""Valuation: the source article's examples to the cent, severity bands, per diem, validation."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from casedesk.domain.errors import ValidationError
from casedesk.domain.money import Money
from casedesk.domain.valuation import (
    DEFAULT_SEVERITY_BANDS,
    MedicalBasis,
    PerDiemNote,
    PerDiemPhase,
    SeverityBand,
    Specials,
    Valuation,
    ValuationMethod,
    estimate,
    parse_per_diem_notes,
    parse_severity_bands,
    validate_valuation,
    value_by_formula,
    value_by_multiplier,
    value_per_diem,
)
from casedesk.resources import per_diem_notes, severity_bands

ARTICLE = Specials(
    medical_billed=Money.of(10_000), property_damage=Money.of(5_000), lost_wages=Money.of(2_000)
)

amounts = st.integers(min_value=0, max_value=10**10).map(Money)
multipliers = st.decimals(min_value=1, max_value=10, places=2)
specials = st.builds(
    Specials,
    medical_billed=amounts,
    medical_paid=amounts,
    property_damage=amounts,
    lost_wages=amounts,
    future_medical=amounts,
    other=amounts,
    medical_basis=st.sampled_from(MedicalBasis),
)


def test_article_multiplier_example() -> None:
    """Specials 10,000 + 5,000 + 2,000 = 17,000, × 3 = 51,000; the excess is non-economic."""
    valuation = value_by_multiplier(ARTICLE, Decimal(3))
    assert valuation == Valuation(
        ValuationMethod.MULTIPLIER,
        specials_total=Money.of(17_000),
        economic=Money.of(17_000),
        non_economic=Money.of(34_000),
        value=Money.of(51_000),
    )


@pytest.mark.parametrize(
    ("basis", "medical", "total"),
    [(MedicalBasis.BILLED, "10000", "17000"), (MedicalBasis.PAID, "6400.55", "13400.55")],
)
def test_medical_basis_chooses_the_medical_figure(basis: MedicalBasis, medical: str, total: str) -> None:
    """The medical basis decides whether billed or paid medical counts in the specials."""
    chosen = Specials(
        medical_billed=Money.of(10_000),
        medical_paid=Money.parse("6,400.55"),
        property_damage=Money.of(5_000),
        lost_wages=Money.of(2_000),
        medical_basis=basis,
    )
    assert (chosen.medical, chosen.total) == (Money.of(medical), Money.of(total))


def test_total_counts_every_special() -> None:
    """Future medical and other out-of-pocket losses count in the specials total."""
    every = Specials(Money.of(1), Money.of(2), Money.of(4), Money.of(8), Money.of(16), Money.of(32))
    assert every.total == Money.of(61)


def test_multiplier_rounds_half_up_to_the_cent() -> None:
    """A multiplier with decimals gives a value exact to the cent, rounded half-up."""
    odd = Specials(medical_billed=Money.parse("100.01"))
    assert value_by_multiplier(odd, Decimal("1.5")).value == Money.parse("150.02")  # 150.015


@pytest.mark.parametrize(
    ("severity", "multiplier", "value", "low", "high"),
    [
        ("minor", None, "17000", "17000", "32000"),
        ("minor", Decimal("2.5"), "27000", "17000", "32000"),
        ("medium", None, "32000", "32000", "42000"),
        ("medium", Decimal(4), "42000", "32000", "42000"),
        ("severe", None, "52000", "52000", None),
        ("severe", Decimal(8), "82000", "52000", None),
    ],
)
def test_damage_formula_by_severity(
    severity: str, multiplier: Decimal | None, value: str, low: str, high: str | None
) -> None:
    """Medical × severity multiplier + wages; the band gives the range, open-ended for severe."""
    valuation = value_by_formula(ARTICLE, severity, multiplier)
    assert (valuation.value, valuation.low, valuation.high) == (
        Money.of(value),
        Money.of(low),
        None if high is None else Money.of(high),
    )
    assert valuation.economic == Money.of(12_000)
    assert valuation.non_economic == valuation.value - Money.of(12_000)


def test_damage_formula_bands_are_configurable() -> None:
    """A firm's own bands replace the defaults."""
    bands = (SeverityBand("catastrophic", Decimal(10), Decimal(12)),)
    valuation = value_by_formula(ARTICLE, "catastrophic", bands=bands)
    assert (valuation.low, valuation.high) == (Money.of(102_000), Money.of(122_000))


@pytest.mark.parametrize(("low", "high"), [(Decimal("0.5"), None), (Decimal(3), Decimal(2))])
def test_severity_band_refuses_nonsense(low: Decimal, high: Decimal | None) -> None:
    """A band below 1 or with its ends swapped is a data error."""
    with pytest.raises(ValueError, match="severity band"):
        SeverityBand("bad", low, high)


def test_per_diem_sums_phases() -> None:
    """Non-economic = Σ rate × days over the phases; the value adds the specials."""
    phases = (
        PerDiemPhase(Money.of(200), 30, "acute"),
        PerDiemPhase(Money.parse("75.50"), 100, "recovery"),
    )
    valuation = value_per_diem(ARTICLE, phases)
    assert valuation.non_economic == Money.of(13_550)
    assert valuation.value == Money.of(30_550)
    assert (valuation.low, valuation.high) == (None, None)


@pytest.mark.parametrize(
    ("method", "kwargs", "field"),
    [
        (ValuationMethod.MULTIPLIER, {}, "multiplier"),
        (ValuationMethod.MULTIPLIER, {"multiplier": Decimal(0)}, "multiplier"),
        (ValuationMethod.MULTIPLIER, {"multiplier": Decimal(-2)}, "multiplier"),
        (ValuationMethod.MULTIPLIER, {"multiplier": Decimal("0.5")}, "multiplier"),
        (ValuationMethod.FORMULA, {}, "severity"),
        (ValuationMethod.FORMULA, {"severity": "catastrophic"}, "severity"),
        (ValuationMethod.FORMULA, {"severity": "minor", "multiplier": Decimal(4)}, "multiplier"),
        (ValuationMethod.FORMULA, {"severity": "severe", "multiplier": Decimal("4.9")}, "multiplier"),
        (ValuationMethod.PER_DIEM, {}, "phases"),
        (ValuationMethod.PER_DIEM, {"phases": (PerDiemPhase(Money.of(1), -1),)}, "phases[0].days"),
        (ValuationMethod.PER_DIEM, {"phases": (PerDiemPhase(Money.of(-1), 1),)}, "phases[0].rate"),
    ],
)
def test_validation_names_the_bad_field(
    method: ValuationMethod, kwargs: dict[str, object], field: str
) -> None:
    """A method without its parameters, or with bad ones, is refused with a message on that field."""
    errors = validate_valuation(method, ARTICLE, **kwargs)  # type: ignore[arg-type]
    assert list(errors) == [field]
    with pytest.raises(ValidationError) as raised:
        estimate(method, ARTICLE, **kwargs)  # type: ignore[arg-type]
    assert raised.value.errors == errors


def test_negative_amounts_are_refused() -> None:
    """Every negative special is reported by its field."""
    negative = Specials(lost_wages=Money.of(-1), other=Money.parse("-0.01"))
    errors = validate_valuation(ValuationMethod.MULTIPLIER, negative, multiplier=Decimal(3))
    assert set(errors) == {"lost_wages", "other"}


@pytest.mark.parametrize(
    ("method", "kwargs"),
    [
        (ValuationMethod.MULTIPLIER, {"multiplier": Decimal(3)}),
        (ValuationMethod.FORMULA, {"severity": "medium"}),
        (ValuationMethod.PER_DIEM, {"phases": (PerDiemPhase(Money.of(100), 10),)}),
    ],
)
def test_estimate_dispatches_by_method(method: ValuationMethod, kwargs: dict[str, object]) -> None:
    """``estimate`` gives what the method's own function gives."""
    assert estimate(method, ARTICLE, **kwargs).method is method  # type: ignore[arg-type]


@given(specials, multipliers, multipliers)
def test_multiplier_is_monotonic(chosen: Specials, m1: Decimal, m2: Decimal) -> None:
    """A larger multiplier never gives a smaller value."""
    small, large = sorted((m1, m2))
    assert value_by_multiplier(chosen, small).value <= value_by_multiplier(chosen, large).value


@given(specials, multipliers, st.sampled_from([band.name for band in DEFAULT_SEVERITY_BANDS]))
def test_parts_add_up_and_are_never_negative(chosen: Specials, m: Decimal, severity: str) -> None:
    """Economic + non-economic = value, and no part is negative, for every method."""
    for valuation in (
        value_by_multiplier(chosen, m),
        value_by_formula(chosen, severity),
        value_per_diem(chosen, (PerDiemPhase(chosen.lost_wages, 7),)),
    ):
        assert valuation.economic + valuation.non_economic == valuation.value
        assert min(valuation.economic, valuation.non_economic) >= Money.zero()


# --- severity bands and per-diem notes as data ------------------------------------------------------

BANDS_CSV = "name,low,high,source,as_of\nminor,1.5,3,Guide,2026-11-01\nsevere,5,,Guide,2026-11-01\n"
NOTES_CSV = (
    "code,note,source,as_of,verify\n"
    'nj,"Per-diem arguments need a jury instruction.","Botta v. Brunner",2026-11-01,true\n'
    "PA,Allowed.,Some case,2025-01-31,false\n"
)


def test_parse_severity_bands_reads_ranges_and_open_ends() -> None:
    """Bands keep their order; an empty high is open-ended."""
    assert parse_severity_bands(BANDS_CSV) == (
        SeverityBand("minor", Decimal("1.5"), Decimal(3)),
        SeverityBand("severe", Decimal(5), None),
    )


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("name,low\nminor,1.5\n", "needs 'name', 'low' and 'high' columns"),
        ("", "needs 'name', 'low' and 'high' columns"),
        ("name,low,high\n", "has no bands"),
        ("name,low,high\nminor,lots,3\n", "line 2"),
        ("name,low,high\nminor,1.5,3\nminor,3,4\n", "line 3: missing or repeated name 'minor'"),
        ("name,low,high\n,1.5,3\n", "line 2: missing or repeated name"),
        ("name,low,high\nminor,0.5,3\n", "line 2: severity band 'minor' needs 1 <= low <= high"),
        ("name,low,high\nminor,4,3\n", "line 2"),
        ("name,low,high\nminor,,3\n", "line 2"),
    ],
)
def test_parse_severity_bands_refuses_malformed_data(text: str, message: str) -> None:
    """Missing columns, bad numbers, repeated names, swapped ends or no bands: a ValueError saying where."""
    with pytest.raises(ValueError, match="severity bands data") as refused:
        parse_severity_bands(text)
    assert message in str(refused.value)


def test_parse_per_diem_notes_by_upper_case_code() -> None:
    """Notes are keyed by the upper-case code, with their source, date and verify flag."""
    notes = parse_per_diem_notes(NOTES_CSV)
    assert notes == {
        "NJ": PerDiemNote(
            "NJ", "Per-diem arguments need a jury instruction.", "Botta v. Brunner", date(2026, 11, 1), True
        ),
        "PA": PerDiemNote("PA", "Allowed.", "Some case", date(2025, 1, 31), False),
    }


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("code,note,source,as_of\nNJ,x,y,2026-11-01\n", "needs columns"),
        ("code,note,source,as_of,verify\nNJX,x,y,2026-11-01,true\n", "line 2: bad or repeated code"),
        ("code,note,source,as_of,verify\nN1,x,y,2026-11-01,true\n", "line 2: bad or repeated code"),
        ("code,note,source,as_of,verify\nNJ,x,y,2026-11-01,true\nnj,x,y,2026-11-01,true\n", "line 3"),
        ("code,note,source,as_of,verify\nNJ,,y,2026-11-01,true\n", "note and source are required"),
        ("code,note,source,as_of,verify\nNJ,x,,2026-11-01,true\n", "note and source are required"),
        ("code,note,source,as_of,verify\nNJ,x,y,2026-11-01,yes\n", "verify is true or false"),
        ("code,note,source,as_of,verify\nNJ,x,y,1 Nov 2026,true\n", "line 2"),
    ],
)
def test_parse_per_diem_notes_refuses_malformed_data(text: str, message: str) -> None:
    """Missing columns, bad or repeated codes, empty notes, bad dates or flags: a ValueError saying where."""
    with pytest.raises(ValueError, match="per-diem notes data") as refused:
        parse_per_diem_notes(text)
    assert message in str(refused.value)


def test_parse_per_diem_notes_of_no_rows_is_empty() -> None:
    """A file with only its header restricts nothing."""
    assert parse_per_diem_notes("code,note,source,as_of,verify\n") == {}


def test_shipped_severity_bands_are_the_insurer_style_defaults() -> None:
    """resources/severity_bands.csv loads and matches the built-in defaults (minor, medium, severe)."""
    assert severity_bands() == DEFAULT_SEVERITY_BANDS


def test_shipped_per_diem_notes_flag_new_jersey() -> None:
    """resources/per_diem_notes.csv loads; New Jersey's restriction is there, sourced and to verify."""
    notes = per_diem_notes()
    assert "NJ" in notes
    assert notes["NJ"].source and notes["NJ"].verify
    assert all(note.code == code and note.as_of <= date(2026, 12, 31) for code, note in notes.items())


@pytest.mark.parametrize("text", ["NaN", "Infinity", "-Infinity", "sNaN"])
@pytest.mark.parametrize("method", [ValuationMethod.MULTIPLIER, ValuationMethod.FORMULA])
def test_a_multiplier_that_is_not_a_number_is_refused(text: str, method: ValuationMethod) -> None:
    """NaN and Infinity are refused by field, never computed on (and never crash)."""
    errors = validate_valuation(method, ARTICLE, multiplier=Decimal(text), severity="medium")
    assert errors == {"multiplier": "The multiplier must be a number."}
    with pytest.raises(ValidationError):
        estimate(method, ARTICLE, multiplier=Decimal(text), severity="medium")
