"""``casedesk sol``: limitation deadlines on the command line, as JSON and text, and bad input, in-process."""

from __future__ import annotations

import json
from typing import Any

import pytest

from casedesk.cli import main
from casedesk.domain.limitations import LIMITATION_DISCLAIMER
from tests.conftest import fixed_clock


@pytest.fixture(autouse=True)
def _today_is_fixed(monkeypatch: pytest.MonkeyPatch) -> None:
    """Today is the tests' fixed Saturday, 2026-11-21, so "passed" and "in the future" never drift."""
    monkeypatch.setattr("casedesk.services.clock.system_clock", fixed_clock)


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    """Run ``casedesk sol`` in-process; returns the exit status, stdout and stderr."""
    status = main(["sol", *argv])
    captured = capsys.readouterr()
    return status, captured.out, captured.err


def _json(capsys: pytest.CaptureFixture[str], *argv: str) -> dict[str, Any]:
    status, out, err = _run(capsys, *argv, "--json")
    assert status == 0, err
    assert LIMITATION_DISCLAIMER in err
    result: dict[str, Any] = json.loads(out)
    return result


def test_texas_deadline_on_a_saturday_as_json(capsys: pytest.CaptureFixture[str]) -> None:
    """Texas, 2 years: the anniversary falls on Saturday 2026-03-14, due Monday 2026-03-16."""
    result = _json(capsys, "--jurisdiction", "TX", "--incident-date", "2024-03-14")
    assert {
        key: result[key] for key in ("deadline", "due", "years", "rule", "source", "as_of", "verify")
    } == {
        "deadline": "2026-03-14",
        "due": "2026-03-16",
        "years": 2,
        "rule": "2 years for general-negligence personal injury",
        "source": "Tex. Civ. Prac. & Rem. Code § 16.003(a)",
        "as_of": "2026-11-21",
        "verify": False,
    }
    assert (result["jurisdiction"], result["jurisdiction_name"], result["passed"]) == ("TX", "Texas", True)
    assert [day["name"] for day in result["closed_days"]] == ["Saturday", "Sunday"]
    assert any("next court day" in line for line in result["explanation"])


@pytest.mark.parametrize(
    ("incident", "deadline", "years", "verify"),
    [
        ("2023-03-23", "2027-03-23", 4, False),
        ("2023-03-24", "2025-03-24", 2, True),
        ("2023-03-25", "2025-03-25", 2, False),
    ],
)
def test_florida_change_by_incident_date(
    capsys: pytest.CaptureFixture[str], incident: str, deadline: str, years: int, verify: bool
) -> None:
    """Florida's period shortened from 4 to 2 years for negligence accruing after 2023-03-24."""
    result = _json(capsys, "--jurisdiction", "fl", "--incident-date", incident)
    assert (result["deadline"], result["years"], result["verify"]) == (deadline, years, verify)


@pytest.mark.parametrize(
    ("incident", "deadline"), [("2024-06-30", "2025-06-30"), ("2024-07-02", "2026-07-02")]
)
def test_louisiana_change_by_incident_date(
    capsys: pytest.CaptureFixture[str], incident: str, deadline: str
) -> None:
    """Louisiana: 1 year before 2024-07-01, 2 years after."""
    assert _json(capsys, "--jurisdiction", "LA", "--incident-date", incident)["deadline"] == deadline


def test_motor_vehicle_case_type_uses_its_own_period(capsys: pytest.CaptureFixture[str]) -> None:
    """Colorado motor-vehicle claims have 3 years, other claims 2."""
    car = _json(
        capsys, "--jurisdiction", "CO", "--incident-date", "2025-06-10", "--case-type", "motor_vehicle"
    )
    fall = _json(capsys, "--jurisdiction", "CO", "--incident-date", "2025-06-10", "--case-type", "premises")
    assert (car["years"], car["rule_case_type"], car["deadline"]) == (3, "motor_vehicle", "2028-06-10")
    assert (fall["years"], fall["rule_case_type"]) == (2, "general")


def test_alabama_minor_clock_starts_at_19(capsys: pytest.CaptureFixture[str]) -> None:
    """A 9-year-old in Alabama: two years from the 19th birthday, flagged to verify."""
    result = _json(capsys, "--jurisdiction", "AL", "--incident-date", "2020-01-10", "--dob", "2010-06-15")
    assert (result["minor"], result["majority_date"]) == (True, "2029-06-15")
    assert (result["clock_starts"], result["deadline"], result["verify"]) == (
        "2029-06-15",
        "2031-06-15",
        True,
    )


def test_government_defendant_adds_the_notice_of_claim(capsys: pytest.CaptureFixture[str]) -> None:
    """Texas government defendant: notice within 6 months (passed by now), flagged to verify."""
    result = _json(
        capsys, "--jurisdiction", "TX", "--incident-date", "2026-08-31", "--defendant-type", "government"
    )
    assert result["notice_of_claim"]["deadline"] == "2027-02-28"
    assert (result["notice_of_claim"]["passed"], result["notice_of_claim"]["verify"]) == (False, True)
    assert result["verify"] is True


def test_tolling_events_extend_the_deadline(capsys: pytest.CaptureFixture[str]) -> None:
    """Two overlapping tolling events add 40 days, counted once."""
    result = _json(
        capsys,
        "--jurisdiction",
        "TX",
        "--incident-date",
        "2025-01-10",
        "--toll",
        "2025-05-01",
        "2025-05-31",
        "bankruptcy stay",
        "--toll",
        "2025-05-21",
        "2025-06-10",
        "defendant out of state",
    )
    assert (result["anniversary"], result["tolled_days"], result["deadline"]) == (
        "2027-01-10",
        40,
        "2027-02-19",
    )


def test_independence_day_observed_moves_the_due_date(capsys: pytest.CaptureFixture[str]) -> None:
    """4 July 2027 is a Sunday and the holiday is observed Monday 5 July: due Tuesday 6 July."""
    result = _json(capsys, "--jurisdiction", "TX", "--incident-date", "2025-07-04")
    assert (result["deadline"], result["due"]) == ("2027-07-04", "2027-07-06")
    assert "Independence Day (observed)" in [day["name"] for day in result["closed_days"]]


def test_human_output_is_aligned_with_the_verify_note(capsys: pytest.CaptureFixture[str]) -> None:
    """Aligned label lines (deadline and due side by side), the explanation, then the disclaimer."""
    status, out, err = _run(capsys, "--jurisdiction", "TX", "--incident-date", "2025-03-14")
    assert (status, err) == (0, "")
    lines = out.splitlines()
    assert "Jurisdiction  Texas (TX)" in lines
    assert "Deadline      2027-03-14 (Sunday)" in lines
    assert "Due           2027-03-15 (Monday), the next court day" in lines
    assert "Verify        no flags in casedesk's data" in lines
    assert "- Deadline: 2027-03-14 (Sunday)." in lines
    assert lines[-1] == LIMITATION_DISCLAIMER
    assert "verify the limitation date against current law" in lines[-1]


def test_human_output_says_when_the_date_has_passed(capsys: pytest.CaptureFixture[str]) -> None:
    """An old incident: the due date is marked passed."""
    _, out, _ = _run(capsys, "--jurisdiction", "TX", "--incident-date", "2020-03-17")
    assert "Due           2022-03-17 (Thursday), passed" in out.splitlines()


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["--jurisdiction", "ZZ", "--incident-date", "2025-01-01"], "Unknown jurisdiction “ZZ”"),
        (["--jurisdiction", "TX", "--incident-date", "2027-01-01"], "is in the future"),
        (
            ["--jurisdiction", "TX", "--incident-date", "2025-01-01", "--dob", "2025-02-01"],
            "after the incident",
        ),
        (["--jurisdiction", "TX", "--incident-date", "01/02/2025"], "not a date (YYYY-MM-DD)"),
        (["--jurisdiction", "TX", "--incident-date", "2025-02-30"], "not a date (YYYY-MM-DD)"),
        (["--jurisdiction", "TX"], "the following arguments are required: --incident-date"),
        (["--jurisdiction", "TX", "--incident-date", "2025-01-01", "--case-type", "boat"], "invalid choice"),
        (
            ["--jurisdiction", "TX", "--incident-date", "2025-01-01", "--toll", "soon", "2025-02-01", "stay"],
            "--toll needs START END CAUSE",
        ),
        (
            [
                "--jurisdiction",
                "TX",
                "--incident-date",
                "2025-01-01",
                "--toll",
                "2025-03-01",
                "2025-02-01",
                "stay",
            ],
            "ends (2025-02-01) before it starts",
        ),
    ],
)
def test_bad_input_exits_2_with_a_message(
    capsys: pytest.CaptureFixture[str], argv: list[str], message: str
) -> None:
    """Unknown place, future or malformed dates, bad options: exit 2, nothing on stdout, why on stderr."""
    status, out, err = _run(capsys, *argv, "--json")
    assert (status, out) == (2, "")
    assert message in err
