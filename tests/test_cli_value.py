"""``casedesk value``: the article's examples, fault rules, JSON shape and bad input, run in-process."""

from __future__ import annotations

import json
from typing import Any

import pytest

from casedesk.cli import VALUE_DISCLAIMER, main

ARTICLE = ["--medical", "10,000", "--property", "5000", "--wages", "$2,000"]


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    """Run ``casedesk value`` in-process; returns the exit status, stdout and stderr."""
    status = main(["value", *argv])
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
    assert lines[-1] == VALUE_DISCLAIMER


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
