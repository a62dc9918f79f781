"""The valuation printout: read back with pypdf (pages, text, amounts) and written atomically."""

from __future__ import annotations

import errno
import io
import os
import stat
import sys
import tempfile
from dataclasses import replace
from datetime import date, datetime, timedelta, timezone
from decimal import Decimal
from fractions import Fraction
from pathlib import Path
from typing import Any, BinaryIO

import pytest
from pypdf import PdfReader

from casedesk.domain.cases import Case, Client
from casedesk.domain.errors import CasedeskError, ExportError
from casedesk.domain.fault import BarScope, Confidence, FaultRule, JurisdictionFaultRule
from casedesk.domain.jurisdictions import Jurisdiction
from casedesk.domain.money import Money
from casedesk.domain.scenarios import (
    VALUATION_DISCLAIMER,
    CaseValuation,
    Outcome,
    Scenario,
    ValuationInputs,
    evaluate,
)
from casedesk.domain.settlement import FeeBasis
from casedesk.domain.valuation import PerDiemNote, PerDiemPhase, ValuationMethod
from casedesk.exports import pdf_pages
from casedesk.exports.valuation_pdf import write_valuation_pdf
from tests.folders import immutable

GENERATED_AT = datetime(2026, 11, 21, 9, 30, tzinfo=timezone(timedelta(hours=-6)))
NJ_RULE = JurisdictionFaultRule(
    code="NJ",
    rule=FaultRule.MODIFIED_51,
    threshold=51,
    bar_scope=BarScope.ALL,
    effective_from=None,
    effective_to=None,
    source="N.J. Stat. § 2A:15-5.1",
    as_of=date(2026, 11, 1),
    verify=False,
    confidence=Confidence.HIGH,
)
NJ_PER_DIEM = PerDiemNote(
    "NJ",
    "Per-diem arguments to a jury are allowed in summation only with a cautionary instruction.",
    "Botta v. Brunner, 26 N.J. 82 (1958)",
    date(2026, 11, 1),
    verify=True,
)
#: The article's figures: medical 10,000 + property 5,000 + wages 2,000 = 17,000 of specials.
INPUTS = ValuationInputs(
    case_id=7,
    medical_billed=Money.of(10_000),
    medical_paid=Money.of("6400.55"),
    property_damage=Money.of(5_000),
    lost_wages=Money.of(2_000),
    costs=Money.of(1_500),
    liens=Money.of(2_250),
    coverage=Money.of(50_000),
)
CONSERVATIVE = Scenario(
    id=1,
    case_id=7,
    name="Conservative",
    method=ValuationMethod.MULTIPLIER,
    multiplier=Decimal(2),
    rule_override=FaultRule.PURE_COMPARATIVE,
    override_reason="Suit may be filed in New York",
)
EXPECTED = Scenario(
    id=2,
    case_id=7,
    name="Expected",
    method=ValuationMethod.FORMULA,
    severity="medium",
    multiplier=Decimal("3.5"),
    fault_percent=Decimal(20),
    fee_rate=Fraction(2, 5),
    fee_basis=FeeBasis.AFTER_COSTS,
    position=1,
)
AGGRESSIVE = Scenario(
    id=3,
    case_id=7,
    name="Aggressive",
    method=ValuationMethod.PER_DIEM,
    multiplier=None,
    phases=(
        PerDiemPhase(Money.of(300), 90, "Acute"),
        PerDiemPhase(Money.of(100), 180, "Recovery"),
    ),
    notes="Surgery in August; the treating surgeon will testify.",
    position=2,
)
BROKEN = Scenario(
    id=4,
    case_id=7,
    name="Catastrophic",
    method=ValuationMethod.FORMULA,
    severity="catastrophic",
    multiplier=None,
    position=3,
)


def case_valuation(scenarios: tuple[Scenario, ...]) -> CaseValuation:
    """A New Jersey case with the article's figures and the given scenarios."""
    case = Case(
        number="PI-2026-0042",
        caption="Nguyễn v. Harbor Freight & Logistics LLC",
        client_id=3,
        incident_date=date(2026, 6, 14),
        jurisdiction="NJ",
        id=7,
    )
    return CaseValuation(
        case=case,
        client=Client("Nguyễn Thị Lan", id=3),
        inputs=INPUTS,
        scenarios=scenarios,
        jurisdiction=Jurisdiction("NJ", "New Jersey"),
        jurisdiction_rule=NJ_RULE,
        rule_problem="",
        per_diem_note=NJ_PER_DIEM,
    )


def outcome(scenario: Scenario, valuation: CaseValuation) -> Outcome:
    """The scenario evaluated the way the valuation service does it."""
    try:
        return Outcome(scenario, evaluate(scenario, valuation.inputs, valuation.jurisdiction_rule), {})
    except CasedeskError as exc:
        return Outcome(scenario, None, getattr(exc, "errors", {}))


@pytest.fixture
def valuation() -> CaseValuation:
    return case_valuation((CONSERVATIVE, EXPECTED, AGGRESSIVE, BROKEN))


@pytest.fixture
def outcomes(valuation: CaseValuation) -> list[Outcome]:
    return [outcome(scenario, valuation) for scenario in valuation.scenarios]


def pdf_text(path: Path) -> str:
    """All pages' text, with runs of blanks and line breaks as one space."""
    reader = PdfReader(path)
    return " ".join(" ".join(page.extract_text() or "" for page in reader.pages).split())


def test_the_invalid_scenario_is_really_invalid(outcomes: list[Outcome]) -> None:
    """The fixture holds three valued scenarios and one that cannot be valued."""
    assert [o.result is None for o in outcomes] == [False, False, False, True]
    assert "severity" in outcomes[3].errors


def test_pdf_shows_case_figures_scenarios_and_disclaimer(
    tmp_path: Path, valuation: CaseValuation, outcomes: list[Outcome]
) -> None:
    """Heading, figures, every scenario with its exact amounts, the rule, the disclaimer and page numbers."""
    path = tmp_path / "valuation.pdf"
    write_valuation_pdf(path, valuation, outcomes, GENERATED_AT)

    reader = PdfReader(path)
    pages = len(reader.pages)
    assert 1 <= pages <= 3
    assert reader.metadata is not None and reader.metadata.title == "Case valuation PI-2026-0042"
    text = pdf_text(path)
    for expected in (
        "Case valuation",
        "PI-2026-0042",
        "Nguyễn v. Harbor Freight & Logistics LLC",
        "Nguyễn Thị Lan",
        "New Jersey",
        "June 14, 2026",
        "Prepared November 21, 2026 at 9:30 AM",
        # The case figures.
        "$10,000.00",
        "$6,400.55",
        "$5,000.00",
        "$2,000.00",
        "$1,500.00",
        "$2,250.00",
        "$50,000.00",
        # The fault rule, its source and date, and the per-diem note (a per-diem scenario is shown).
        "N.J. Stat. § 2A:15-5.1",
        "November 1, 2026",
        "Verify against current law",
        "Botta v. Brunner",
        # Every scenario by name.
        "Conservative",
        "Expected",
        "Aggressive",
        "Catastrophic",
        # Conservative: 17,000 × 2 = 34,000; fee a third of the gross; net 34,000 − 11,333.33 − 1,500 − 2,250.
        "$17,000.00",
        "$34,000.00",
        "$11,333.33 (33 1/3 % of the gross)",
        "$18,916.67",
        # Expected: 10,000 × 3.5 + 2,000 = 37,000, less 20 % fault = 29,600; range 25,600 – 33,600;
        # fee 40 % of 28,100 (after costs) = 11,240; net 14,610.
        "$37,000.00",
        "$29,600.00",
        "$25,600.00 – $33,600.00",
        "NJ: Modified comparative (barred above 50 %)",  # the rule, once for the case
        "Suit may be filed in New York",  # why the conservative scenario overrides the rule
        "Pure comparative, chosen instead of the jurisdiction's",
        "NJ: modified comparative (barred above 50 %)",  # the rule the expected scenario applies
        "$11,240.00 (40 % after costs)",
        "$14,610.00",
        # Aggressive: 17,000 + 300 × 90 + 100 × 180 = 62,000, above the coverage; net 37,583.33.
        "Acute: 90 days at $300.00",
        "$62,000.00",
        "$37,583.33",
        "The value is more than the $50,000.00 of coverage available.",
        "Surgery in August",
        # The invalid scenario shows why instead of figures.
        "Cannot be valued: Unknown severity “catastrophic”",
        # The chart's labels.
        "Value after fault: $29,600.00",
        "Net to client: $37,583.33",
    ):
        assert expected in text, expected
    assert text.count(VALUATION_DISCLAIMER) == pages
    for page in range(1, pages + 1):
        assert f"Page {page} of {pages}" in text


def test_article_multiplier_example_in_print(tmp_path: Path) -> None:
    """17,000 of specials × 3 = $51,000.00, shown to the cent."""
    scenario = Scenario(id=1, case_id=7, name="Article", multiplier=Decimal(3))
    valuation = case_valuation((scenario,))
    path = tmp_path / "article.pdf"
    write_valuation_pdf(path, valuation, [outcome(scenario, valuation)], GENERATED_AT)

    text = pdf_text(path)
    assert "$17,000.00" in text
    assert "$51,000.00" in text
    assert f"Page 1 of {len(PdfReader(path).pages)}" in text
    assert "Botta v. Brunner" not in text  # no per-diem scenario, no per-diem note


def test_case_without_scenarios_says_so(tmp_path: Path) -> None:
    """No scenarios: the figures and the rule are printed, with a line saying there is nothing to compare."""
    path = tmp_path / "empty.pdf"
    write_valuation_pdf(path, case_valuation(()), [], GENERATED_AT)

    text = pdf_text(path)
    assert "The case has no scenarios." in text
    assert "$10,000.00" in text
    assert "Page 1 of 1" in text


def test_no_jurisdiction_rule_shows_why(tmp_path: Path) -> None:
    """Without a rule, the printout says why; an open-ended formula range says so."""
    scenario = Scenario(
        id=1, case_id=7, name="Severe", method=ValuationMethod.FORMULA, severity="severe", multiplier=None
    )
    valuation = replace(
        case_valuation((scenario,)),
        jurisdiction=None,
        jurisdiction_rule=None,
        rule_problem="The case has no jurisdiction; choose a fault rule in each scenario that has fault.",
    )
    path = tmp_path / "no-rule.pdf"
    write_valuation_pdf(path, valuation, [outcome(scenario, valuation)], GENERATED_AT)

    text = pdf_text(path)
    assert "The case has no jurisdiction; choose a fault rule" in text
    assert "Rule applied None (no jurisdiction, no fault to apply)" in text
    assert "$52,000.00 or more" in text  # 10,000 × 5 + 2,000, the severe band has no top


def test_many_scenarios_go_four_to_a_table(tmp_path: Path) -> None:
    """Six scenarios make two comparison tables (1–4 and 5–6), each one readable."""
    scenarios = tuple(
        Scenario(id=n, case_id=7, name=f"Multiplier {n}", multiplier=Decimal(n), position=n)
        for n in range(1, 7)
    )
    valuation = case_valuation(scenarios)
    path = tmp_path / "six.pdf"
    write_valuation_pdf(path, valuation, [outcome(s, valuation) for s in scenarios], GENERATED_AT)

    text = pdf_text(path)
    assert "Scenarios compared (1–4 of 6)" in text
    assert "Scenarios compared (5–6 of 6)" in text
    assert "$102,000.00" in text  # 17,000 × 6


def test_notes_longer_than_a_page_continue_on_the_next(tmp_path: Path) -> None:
    """A scenario's notes taller than a page are split across pages, not refused; nothing is lost."""
    scenario = replace(CONSERVATIVE, notes="The adjuster disputes causation. " * 300 + "Last words.")
    valuation = case_valuation((scenario,))
    path = tmp_path / "long.pdf"
    write_valuation_pdf(path, valuation, [outcome(scenario, valuation)], GENERATED_AT)

    pages = len(PdfReader(path).pages)
    assert pages >= 3
    text = pdf_text(path)
    assert "Last words." in text
    assert f"Page {pages} of {pages}" in text


def test_failed_layout_keeps_the_old_file(
    tmp_path: Path, valuation: CaseValuation, outcomes: list[Outcome], monkeypatch: pytest.MonkeyPatch
) -> None:
    """When writing fails half-way, the file already there is untouched and no temp file is left."""
    path = tmp_path / "valuation.pdf"
    path.write_bytes(b"the old printout")
    build = pdf_pages._build

    def build_then_fail(target: BinaryIO, *args: Any, **kwargs: Any) -> int:
        pages = build(target, *args, **kwargs)
        if not isinstance(target, io.BytesIO):  # the real file, not the page count
            raise RuntimeError("layout failed")
        return pages

    monkeypatch.setattr(pdf_pages, "_build", build_then_fail)
    with pytest.raises(RuntimeError, match="layout failed"):
        write_valuation_pdf(path, valuation, outcomes, GENERATED_AT)

    assert path.read_bytes() == b"the old printout"
    assert os.listdir(tmp_path) == ["valuation.pdf"]


def test_disk_error_keeps_the_old_file(
    tmp_path: Path, valuation: CaseValuation, outcomes: list[Outcome], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A disk error while saving is a clear casedesk error; the old file stays and no temp file is left."""
    path = tmp_path / "valuation.pdf"
    path.write_bytes(b"the old printout")

    def fail(fd: int) -> None:
        raise OSError(errno.EIO, "Input/output error")

    monkeypatch.setattr(os, "fsync", fail)
    with pytest.raises(ExportError, match=r"valuation\.pdf cannot be saved in .*Input/output error"):
        write_valuation_pdf(path, valuation, outcomes, GENERATED_AT)

    assert path.read_bytes() == b"the old printout"
    assert os.listdir(tmp_path) == ["valuation.pdf"]


def test_failed_rename_keeps_the_old_file(
    tmp_path: Path, valuation: CaseValuation, outcomes: list[Outcome], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A file that cannot be replaced (e.g. open in a viewer) gives a clear error and nothing changes."""
    path = tmp_path / "valuation.pdf"
    path.write_bytes(b"the old printout")

    def refuse(source: object, target: object) -> None:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(os, "replace", refuse)
    with pytest.raises(ExportError, match="permission") as caught:
        write_valuation_pdf(path, valuation, outcomes, GENERATED_AT)

    assert isinstance(caught.value, CasedeskError)
    assert "close the file if it is open in another program" in caught.value.hint
    assert path.read_bytes() == b"the old printout"
    assert os.listdir(tmp_path) == ["valuation.pdf"]


READ_ONLY_MESSAGE = r"valuation\.pdf cannot be saved in .*: you do not have permission to write there"


@pytest.mark.skipif(sys.platform == "win32" or os.geteuid() == 0, reason="needs POSIX permissions that bind")
def test_read_only_folder_gives_a_clear_error(
    tmp_path: Path, valuation: CaseValuation, outcomes: list[Outcome]
) -> None:
    """A folder the user cannot write to is refused with a message saying so; nothing is created."""
    folder = tmp_path / "locked"
    folder.mkdir()
    folder.chmod(stat.S_IRUSR | stat.S_IXUSR)
    try:
        with pytest.raises(ExportError, match=READ_ONLY_MESSAGE):
            write_valuation_pdf(folder / "valuation.pdf", valuation, outcomes, GENERATED_AT)
        assert os.listdir(folder) == []
    finally:
        folder.chmod(stat.S_IRWXU)


def test_immutable_folder_gives_a_clear_error_and_keeps_the_old_file(
    tmp_path: Path, valuation: CaseValuation, outcomes: list[Outcome]
) -> None:
    """A folder nobody may write to (not even root) is refused clearly; the printout already there stays."""
    folder = tmp_path / "shared"
    folder.mkdir()
    (folder / "valuation.pdf").write_bytes(b"the old printout")
    with immutable(folder), pytest.raises(ExportError, match=READ_ONLY_MESSAGE):
        write_valuation_pdf(folder / "valuation.pdf", valuation, outcomes, GENERATED_AT)
    assert (folder / "valuation.pdf").read_bytes() == b"the old printout"
    assert os.listdir(folder) == ["valuation.pdf"]


def test_unwritable_folder_gives_a_clear_error(
    tmp_path: Path, valuation: CaseValuation, outcomes: list[Outcome], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The operating system refusing the folder (as for root, whom permission bits do not stop) reads well."""

    def refuse(*args: object, **kwargs: object) -> tuple[int, str]:
        raise PermissionError(errno.EACCES, "Permission denied", str(tmp_path))

    monkeypatch.setattr(tempfile, "mkstemp", refuse)
    with pytest.raises(ExportError, match=READ_ONLY_MESSAGE) as caught:
        write_valuation_pdf(tmp_path / "valuation.pdf", valuation, outcomes, GENERATED_AT)
    assert caught.value.hint.startswith("Choose another folder")
    assert os.listdir(tmp_path) == []


def test_missing_folder_gives_a_clear_error(
    tmp_path: Path, valuation: CaseValuation, outcomes: list[Outcome]
) -> None:
    """A folder that does not exist is named in the message."""
    folder = tmp_path / "gone"
    with pytest.raises(ExportError, match="does not exist") as caught:
        write_valuation_pdf(folder / "valuation.pdf", valuation, outcomes, GENERATED_AT)
    assert str(folder) in caught.value.message
