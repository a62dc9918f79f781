"""``casedesk value``: the calculator's examples, a case's saved scenarios, JSON shape and bad input."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import replace
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from casedesk import cli
from casedesk.cli import main
from casedesk.domain.cases import Case
from casedesk.domain.money import Money
from casedesk.domain.scenarios import VALUATION_DISCLAIMER, Scenario, ValuationInputs
from casedesk.domain.settlement import FeeBasis
from casedesk.domain.valuation import MedicalBasis, PerDiemPhase, ValuationMethod
from casedesk.services.casefiles import Services
from casedesk.services.demo import create_demo
from tests.conftest import TODAY

ARTICLE = ["--medical", "10,000", "--property", "5000", "--wages", "$2,000"]
AMOUNT = re.compile(r"^-?\d+\.\d\d$")


@pytest.fixture(autouse=True)
def _no_case_file_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    """Tests choose their case file; a CASEDESK_DB of the machine running them never leaks in."""
    monkeypatch.delenv(cli.DB_ENV, raising=False)


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    """Run ``casedesk value`` in-process; returns the exit status, stdout and stderr."""
    status = main(["value", *argv])
    captured = capsys.readouterr()
    return status, captured.out, captured.err


def _run_top(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    """Run ``casedesk`` with arguments as given (options before the subcommand included)."""
    status = main(list(argv))
    captured = capsys.readouterr()
    return status, captured.out, captured.err


def _json(capsys: pytest.CaptureFixture[str], *argv: str) -> dict[str, Any]:
    status, out, err = _run(capsys, *argv, "--json")
    assert status == 0, err
    result: dict[str, Any] = json.loads(out)
    return result


def test_article_multiplier_example_as_json(capsys: pytest.CaptureFixture[str]) -> None:
    """17,000 specials × 3 = 51,000, every amount a string with two decimals, no fault applied."""
    result = _json(capsys, "--method", "multiplier", *ARTICLE, "--multiplier", "3")
    assert result == {
        "method": "multiplier",
        "specials": "17000.00",
        "economic": "17000.00",
        "non_economic": "34000.00",
        "value_before_fault": "51000.00",
        "fault_percent": "0",
        "jurisdiction": None,
        "rule": None,
        "rule_label": None,
        "verify": None,
        "barred": False,
        "bar_scope": None,
        "needs_judgment": False,
        "value": "51000.00",
    }


def test_formula_gives_the_band_range(capsys: pytest.CaptureFixture[str]) -> None:
    """Medium: 10,000 × 3 + 2,000 = 32,000, range 32,000 to 42,000."""
    result = _json(capsys, "--method", "formula", *ARTICLE, "--severity", "medium")
    assert (result["value"], result["low"], result["high"]) == ("32000.00", "32000.00", "42000.00")


def test_severe_formula_range_is_open_ended(capsys: pytest.CaptureFixture[str]) -> None:
    """The severe band has no top: high is null."""
    result = _json(capsys, "--method", "formula", *ARTICLE, "--severity", "severe", "--multiplier", "6")
    assert (result["value"], result["low"], result["high"]) == ("62000.00", "52000.00", None)


def test_per_diem_adds_days_of_suffering(capsys: pytest.CaptureFixture[str]) -> None:
    """Specials 17,000 + 150.25 × 100 days = 32,025."""
    result = _json(capsys, "--method", "per-diem", *ARTICLE, "--per-diem-rate", "150.25", "--days", "100")
    assert (result["non_economic"], result["value"]) == ("15025.00", "32025.00")


@pytest.mark.parametrize(
    ("extra", "rule", "barred", "value"),
    [
        (["--jurisdiction", "CA", "--fault", "30"], "pure_comparative", False, "35700.00"),
        (["--jurisdiction", "va", "--fault", "1"], "pure_contributory", True, "0.00"),
        (["--jurisdiction", "GA", "--fault", "50"], "modified_50", True, "0.00"),
        (["--jurisdiction", "TX", "--fault", "50"], "modified_51", False, "25500.00"),
        (["--jurisdiction", "TX", "--fault", "50.01"], "modified_51", True, "0.00"),
        (["--jurisdiction", "MI", "--fault", "60"], "modified_51", True, "6800.00"),
        (
            ["--jurisdiction", "FL", "--fault", "60", "--incident-date", "2023-03-23"],
            "pure_comparative",
            False,
            "20400.00",
        ),
        (
            ["--jurisdiction", "FL", "--fault", "60", "--incident-date", "2023-03-24"],
            "modified_51",
            True,
            "0.00",
        ),
        (["--jurisdiction", "CA", "--rule", "modified_50", "--fault", "50"], "modified_50", True, "0.00"),
        (["--rule", "pure_comparative", "--fault", "25"], "pure_comparative", False, "38250.00"),
        (
            ["--jurisdiction", "SD", "--fault", "10", "--slight-gross", "yes"],
            "slight_gross",
            False,
            "45900.00",
        ),
        (["--jurisdiction", "SD", "--fault", "10", "--slight-gross", "no"], "slight_gross", True, "0.00"),
    ],
)
def test_fault_rules_apply(
    capsys: pytest.CaptureFixture[str], extra: list[str], rule: str, barred: bool, value: str
) -> None:
    """The jurisdiction's rule (or the one chosen) reduces or bars the 51,000 multiplier value."""
    result = _json(capsys, "--method", "multiplier", *ARTICLE, "--multiplier", "3", *extra)
    assert (result["rule"], result["barred"], result["value"]) == (rule, barred, value)
    assert result["value_before_fault"] == "51000.00"


def test_slight_gross_without_judgment_has_no_value(capsys: pytest.CaptureFixture[str]) -> None:
    """South Dakota with fault and no --slight-gross asks for judgment instead of a number."""
    result = _json(
        capsys,
        "--method",
        "multiplier",
        *ARTICLE,
        "--multiplier",
        "3",
        "--jurisdiction",
        "SD",
        "--fault",
        "10",
    )
    assert (result["needs_judgment"], result["value"]) == (True, None)


def test_human_output_is_an_aligned_summary_with_the_disclaimer(capsys: pytest.CaptureFixture[str]) -> None:
    """The summary shows dollars, the rule and the value after fault, then the disclaimer."""
    status, out, _ = _run(
        capsys,
        "--method",
        "multiplier",
        *ARTICLE,
        "--multiplier",
        "3",
        "--jurisdiction",
        "CA",
        "--fault",
        "30",
    )
    assert status == 0
    lines = out.splitlines()
    assert "Value before fault  $51,000.00" in lines
    assert "Value after fault   $35,700.00" in lines
    assert any(line.startswith("Fault") and "CA: pure comparative" in line for line in lines)
    assert lines[-1] == VALUATION_DISCLAIMER


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["--method", "multiplier", "--medical", "-5", "--multiplier", "3"], "cannot be negative"),
        (["--method", "multiplier", "--medical", "5"], "needs a multiplier"),
        (["--method", "multiplier", "--medical", "5", "--multiplier", "0"], "greater than 0"),
        (["--method", "formula", "--medical", "5"], "needs a severity"),
        (["--method", "formula", "--medical", "5", "--severity", "awful"], "Unknown severity"),
        (["--method", "per-diem", "--medical", "5"], "needs a daily rate"),
        (["--method", "per-diem", "--per-diem-rate", "100"], "go together"),
        (
            ["--method", "multiplier", "--multiplier", "3", "--jurisdiction", "CA", "--fault", "101"],
            "0 to 100",
        ),
        (
            ["--method", "multiplier", "--multiplier", "3", "--jurisdiction", "CA", "--fault", "-1"],
            "0 to 100",
        ),
        (["--method", "multiplier", "--multiplier", "3", "--jurisdiction", "ZZ"], "Unknown jurisdiction"),
        (["--method", "multiplier", "--multiplier", "3", "--fault", "10"], "needs --jurisdiction or --rule"),
        (["--method", "multiplier", "--medical", "lots", "--multiplier", "3"], "not an amount"),
        (["--method", "multiplier", "--multiplier", "three"], "not a number"),
        (["--method", "magic"], "invalid choice"),
    ],
)
def test_bad_input_exits_2_with_a_message(
    capsys: pytest.CaptureFixture[str], argv: list[str], message: str
) -> None:
    """Bad amounts, fault, jurisdiction or missing method parameters: exit 2, the reason on stderr."""
    status, out, err = _run(capsys, *argv, "--json")
    assert (status, out) == (2, "")
    assert message in err


def test_formula_range_is_after_fault_like_the_value(capsys: pytest.CaptureFixture[str]) -> None:
    """California, 30 %: the medium band's 32,000 to 42,000 becomes 22,400 to 29,400, as the value does."""
    argv = ["--method", "formula", *ARTICLE, "--severity", "medium", "--jurisdiction", "CA", "--fault", "30"]
    result = _json(capsys, *argv)
    assert (result["value_before_fault"], result["value"]) == ("32000.00", "22400.00")
    assert (result["low"], result["high"]) == ("22400.00", "29400.00")
    status, out, _ = _run(capsys, *argv)
    assert status == 0
    assert "Range after fault   $22,400.00 to $29,400.00" in out.splitlines()


def test_without_method_or_case_says_what_to_give(capsys: pytest.CaptureFixture[str]) -> None:
    """``casedesk value`` alone is bad usage: it names both ways to use it."""
    status, out, err = _run(capsys, *ARTICLE)
    assert (status, out) == (2, "")
    assert "--method" in err and "--case" in err


# --- a case's saved scenarios --------------------------------------------------------------------

MakeCase = Callable[..., Case]
TEXAS = {
    "jurisdiction": "TX",
    "rule": "modified_51",
    "rule_label": "modified comparative (barred above 50 %)",
    "verify": False,
}


def _case_id(case: Case) -> int:
    assert case.id is not None
    return case.id


@pytest.fixture
def valued_case(services: Services, make_case: MakeCase) -> Case:
    """A Texas case with the article's figures, 1,500 costs, 4,000 liens, 50,000 coverage, four scenarios."""
    case = make_case(number="PI-2026-00123", caption="Alvarez v. Metro Transit")
    case_id = _case_id(case)
    services.valuation.save_inputs(
        ValuationInputs(
            case_id,
            medical_billed=Money.of(10_000),
            medical_paid=Money.of(6_000),
            property_damage=Money.of(5_000),
            lost_wages=Money.of(2_000),
            costs=Money.of(1_500),
            liens=Money.of(4_000),
            coverage=Money.of(50_000),
        )
    )
    base = Scenario(id=None, case_id=case_id, name="")
    for scenario in (
        replace(
            base,
            name="Conservative",
            method=ValuationMethod.FORMULA,
            medical_basis=MedicalBasis.PAID,
            severity="minor",
            multiplier=None,
            fault_percent=Decimal(20),
        ),
        replace(base, name="Expected", multiplier=Decimal(3)),
        replace(
            base,
            name="Aggressive",
            method=ValuationMethod.PER_DIEM,
            phases=(PerDiemPhase(Money.of(250), 30, "Acute"), PerDiemPhase(Money.of(80), 120, "Recovery")),
            fee_basis=FeeBasis.AFTER_COSTS,
        ),
        replace(base, name="Mostly their fault", fault_percent=Decimal(60)),
    ):
        services.valuation.add_scenario(scenario)
    return case


def _case_json(capsys: pytest.CaptureFixture[str], db_arg: str, number: str) -> dict[str, Any]:
    status, out, err = _run(capsys, "--db", db_arg, "--case", number, "--json")
    assert status == 0, err
    assert err.strip() == VALUATION_DISCLAIMER
    result: dict[str, Any] = json.loads(out)
    return result


def test_case_scenarios_as_json(capsys: pytest.CaptureFixture[str], db_arg: str, valued_case: Case) -> None:
    """Each saved scenario with the calculator's fields plus name, fee, net and coverage, to the cent."""
    result = _case_json(capsys, db_arg, "PI-2026-00123")
    assert (result["case"], result["caption"], result["jurisdiction"]) == (
        "PI-2026-00123",
        "Alvarez v. Metro Transit",
        "TX",
    )
    assert result["figures"]["coverage"] == "50000.00"
    assert [s["name"] for s in result["scenarios"]] == [
        "Conservative",
        "Expected",
        "Aggressive",
        "Mostly their fault",
    ]
    conservative, expected, aggressive, barred = result["scenarios"]
    assert expected == {
        "name": "Expected",
        "method": "multiplier",
        "specials": "17000.00",
        "economic": "17000.00",
        "non_economic": "34000.00",
        "value_before_fault": "51000.00",
        "fault_percent": "0",
        **TEXAS,
        "barred": False,
        "bar_scope": "all",
        "needs_judgment": False,
        "value": "51000.00",
        "fee_rate": "33 1/3 %",
        "fee_basis": "gross",
        "fee": "17000.00",
        "costs": "1500.00",
        "liens": "4000.00",
        "net_to_client": "28500.00",
        "exceeds_coverage": True,
        "warnings": ["The value is more than the $50,000.00 of coverage available."],
    }
    # Paid medical, minor band at its low end: 6,000 × 1.5 + 2,000 = 11,000, less 20 % = 8,800.
    assert (conservative["value_before_fault"], conservative["value"]) == ("11000.00", "8800.00")
    assert (conservative["low"], conservative["high"]) == ("8800.00", "16000.00")
    assert (conservative["fee"], conservative["net_to_client"]) == ("2933.33", "366.67")
    # 17,000 + 250 × 30 + 80 × 120 = 34,100; the fee is a third of 34,100 − 1,500.
    assert (aggressive["value"], aggressive["fee"], aggressive["fee_basis"]) == (
        "34100.00",
        "10866.67",
        "after_costs",
    )
    assert "low" not in aggressive and aggressive["exceeds_coverage"] is False
    assert (barred["barred"], barred["value"], barred["fee"], barred["net_to_client"]) == (
        True,
        "0.00",
        None,
        None,
    )
    assert barred["warnings"] == [
        "At 60 % fault the rule bars all damages.",
        "The costs are more than the value: nothing would be left for fees or the client.",
    ]


def test_case_and_calculator_print_the_same_fields(
    capsys: pytest.CaptureFixture[str], db_arg: str, valued_case: Case
) -> None:
    """A saved scenario and the calculator given the same figures agree on every calculator field."""
    saved = _case_json(capsys, db_arg, "PI-2026-00123")["scenarios"][1]
    calculated = _json(
        capsys, "--method", "multiplier", *ARTICLE, "--multiplier", "3", "--jurisdiction", "TX"
    )
    assert calculated == {key: saved[key] for key in calculated}


@pytest.mark.parametrize("number", ["pi-2026-00123", " PI-2026-00123 ", "Pi-2026-00123"])
def test_case_number_is_found_whatever_its_letter_case(
    capsys: pytest.CaptureFixture[str], db_arg: str, valued_case: Case, number: str
) -> None:
    """Case numbers are typed as they come to mind: letter case and blanks around them do not matter."""
    assert _case_json(capsys, db_arg, number)["case"] == "PI-2026-00123"


def test_db_given_before_the_subcommand_counts(
    capsys: pytest.CaptureFixture[str], db_arg: str, valued_case: Case
) -> None:
    """``casedesk --db PATH value --case N`` reads the same file as ``value --db PATH``."""
    status, out, _ = _run_top(capsys, "--db", db_arg, "value", "--case", "PI-2026-00123", "--json")
    assert status == 0
    assert len(json.loads(out)["scenarios"]) == 4


def test_case_scenarios_as_a_table(
    capsys: pytest.CaptureFixture[str], db_arg: str, valued_case: Case
) -> None:
    """People get the case, its rule and figures, one aligned row per scenario, warnings, the disclaimer."""
    status, out, _ = _run(capsys, "--db", db_arg, "--case", "PI-2026-00123")
    assert status == 0
    lines = out.splitlines()
    assert lines[0] == "PI-2026-00123  Alvarez v. Metro Transit (Maria Alvarez)"
    assert lines[1] == "Fault rule: TX: modified comparative (barred above 50 %)"
    assert "coverage $50,000.00" in lines[3]
    header = next(line for line in lines if line.startswith("Scenario"))
    rows = {line.split("  ")[0]: line for line in lines[lines.index(header) + 1 :][:4]}
    assert set(rows) == {"Conservative", "Expected", "Aggressive", "Mostly their fault"}
    assert "$51,000.00" in rows["Expected"] and "over coverage" in rows["Expected"]
    assert "$17,000.00 (33 1/3 %)" in rows["Expected"]
    assert "$8,800.00 to $16,000.00" in rows["Conservative"]
    assert "60 % barred" in rows["Mostly their fault"]
    # Amounts are right-aligned: the "After fault" column ends at the same place on every row.
    end = header.index("After fault") + len("After fault")
    assert {row[end - 3 : end] for row in rows.values()} == {".00"}
    assert "  Expected: The value is more than the $50,000.00 of coverage available." in lines
    assert lines[-1] == VALUATION_DISCLAIMER


def test_a_scenario_that_cannot_be_valued_is_listed_with_why(
    capsys: pytest.CaptureFixture[str], db_arg: str, services: Services, make_case: MakeCase
) -> None:
    """Fault on a case without a jurisdiction: the scenario is listed with its error, not left out."""
    case = make_case(number="PI-2026-00200", jurisdiction="")
    services.valuation.add_scenario(
        Scenario(id=None, case_id=_case_id(case), name="Shared fault", fault_percent=Decimal(20))
    )
    services.valuation.add_scenario(Scenario(id=None, case_id=_case_id(case), name="No fault"))
    result = _case_json(capsys, db_arg, "PI-2026-00200")
    assert result["jurisdiction"] is None and "no jurisdiction" in result["rule_problem"]
    invalid, valid = result["scenarios"]
    assert invalid == {
        "name": "Shared fault",
        "method": "multiplier",
        "errors": {"rule_override": "Choose a fault rule: the case has no jurisdiction to take it from."},
    }
    assert (valid["rule"], valid["value"]) == (None, "0.00")

    status, out, _ = _run(capsys, "--db", db_arg, "--case", "pi-2026-00200")
    assert status == 0
    assert (
        "  Shared fault: not valued. Choose a fault rule: the case has no jurisdiction to take it from."
        in out
    )


def test_a_case_without_scenarios_says_so(
    capsys: pytest.CaptureFixture[str], db_arg: str, make_case: MakeCase
) -> None:
    """A case nobody has valued yet prints its (zero) figures and says there are no scenarios."""
    make_case(number="PI-2026-00300")
    assert _case_json(capsys, db_arg, "PI-2026-00300")["scenarios"] == []
    status, out, _ = _run(capsys, "--db", db_arg, "--case", "PI-2026-00300")
    assert status == 0 and "No saved scenarios." in out.splitlines()


def test_unknown_case_number_exits_2(
    capsys: pytest.CaptureFixture[str], db_arg: str, valued_case: Case
) -> None:
    """A number that is not in the case file is bad usage, said plainly."""
    status, out, err = _run(capsys, "--db", db_arg, "--case", "PI-1999-00001", "--json")
    assert (status, out) == (2, "")
    assert "no case numbered “PI-1999-00001”" in err


@pytest.mark.parametrize(
    ("extra", "named"),
    [
        (["--method", "multiplier"], "--method"),
        (["--multiplier", "3", "--fault", "10"], "--multiplier, --fault"),
        (["--jurisdiction", "CA"], "--jurisdiction"),
        (["--per-diem-rate", "100", "--days", "30"], "--per-diem-rate, --days"),
        (["--slight-gross", "yes"], "--slight-gross"),
    ],
)
def test_case_and_calculator_options_do_not_mix(
    capsys: pytest.CaptureFixture[str], db_arg: str, valued_case: Case, extra: list[str], named: str
) -> None:
    """--case shows what is saved; calculator options with it are refused, naming them."""
    status, out, err = _run(capsys, "--db", db_arg, "--case", "PI-2026-00123", *extra)
    assert (status, out) == (2, "")
    assert f"leave out {named}" in err


def test_missing_case_file_exits_1(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    """A case file that does not exist is not created: exit 1 with the reason."""
    status, out, err = _run(capsys, "--db", str(tmp_path / "none.sqlite"), "--case", "PI-1")
    assert (status, out) == (1, "")
    assert "There is no case file" in err
    assert not (tmp_path / "none.sqlite").exists()


def test_every_demo_scenario_prints_with_exact_amounts(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """On a demo case file every case's three scenarios are valued, every amount with two decimals."""
    path = tmp_path / "demo.sqlite"
    create_demo(path, today=TODAY, cases=12, seed=8)
    assert main(["cases", "--db", str(path), "--json"]) == 0
    numbers = [case["number"] for case in json.loads(capsys.readouterr().out)]
    assert len(numbers) == 12
    for number in numbers:
        scenarios = _case_json(capsys, str(path), number)["scenarios"]
        assert [s["name"] for s in scenarios] == ["Conservative", "Expected", "Aggressive"]
        for scenario in scenarios:
            assert "errors" not in scenario
            for key in ("specials", "value_before_fault", "value", "fee", "net_to_client"):
                assert AMOUNT.match(scenario[key]), (number, scenario["name"], key, scenario[key])


def test_slight_gross_without_judgment_shows_no_figures(
    capsys: pytest.CaptureFixture[str], db_arg: str, services: Services, make_case: MakeCase
) -> None:
    """A South Dakota scenario with fault and no judgment asks for it instead of showing a value or fee."""
    case = make_case(number="PI-2026-00007", jurisdiction="SD")
    services.valuation.save_inputs(ValuationInputs(_case_id(case), medical_billed=Money.of(10_000)))
    services.valuation.add_scenario(
        Scenario(id=None, case_id=_case_id(case), name="Judgment pending", fault_percent=Decimal(10))
    )
    (pending,) = _case_json(capsys, db_arg, "PI-2026-00007")["scenarios"]
    assert (pending["needs_judgment"], pending["value"], pending["fee"], pending["net_to_client"]) == (
        True,
        None,
        None,
        None,
    )
    status, out, _ = _run(capsys, "--db", db_arg, "--case", "PI-2026-00007")
    row = next(line for line in out.splitlines() if line.startswith("Judgment pending"))
    assert status == 0 and "needs judgment" in row and "$" not in row.split("needs judgment")[1]
