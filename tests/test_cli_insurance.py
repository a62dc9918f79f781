"""``casedesk insurance``: a case's policies, claims and coverage, as text and JSON."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import replace
from datetime import date

import pytest

from casedesk import cli
from casedesk.cli import main
from casedesk.domain.cases import Case
from casedesk.domain.contacts import Contact, ContactRole
from casedesk.domain.insurance import Claim, Coverage, Policy, PolicyParty
from casedesk.domain.money import Money
from casedesk.services.casefiles import Services


@pytest.fixture(autouse=True)
def _no_case_file_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(cli.DB_ENV, raising=False)


def insured_case(services: Services, make_case: Callable[..., Case]) -> Case:
    """A $25,000/$50,000 BI policy with a claim, and the client's UM/UIM with no limit known yet."""
    case = make_case()
    case_id = case.id or 0
    adjuster = services.contacts.create(Contact(name="Pat Quinn", role=ContactRole.ADJUSTER))
    bi = services.insurance.add_policy(
        Policy(
            case_id=case_id,
            coverage=Coverage.BODILY_INJURY,
            carrier="Progressive",
            insured="Dale Driver",
            per_person=Money.of(25_000),
            per_occurrence=Money.of(50_000),
        )
    )
    services.insurance.add_policy(
        Policy(case_id=case_id, coverage=Coverage.UM_UIM, carrier="State Farm", party=PolicyParty.CLIENT)
    )
    services.insurance.add_claim(
        Claim(
            case_id=case_id,
            policy_id=bi.id or 0,
            claim_number="12-345",
            adjuster_contact_id=adjuster.id,
            reported_on=date(2026, 6, 18),
        )
    )
    return case


def test_text_lists_policies_claims_and_coverage(
    services: Services, make_case: Callable[..., Case], db_arg: str, capsys: pytest.CaptureFixture[str]
) -> None:
    case = insured_case(services, make_case)
    services.close()
    assert main(["insurance", "--db", db_arg, "--case", case.number]) == 0
    out = capsys.readouterr().out
    assert "Progressive  Bodily injury liability  At-fault party" in out
    assert "$25,000.00" in out and "not known yet" in out
    assert "Progressive · BI · claim 12-345  Open    Pat Quinn  2026-06-18" in out
    assert "Coverage available for the injury claim: $25,000.00 and 1 limit not known yet" in out
    assert "Limits not known yet (not counted): State Farm (UM/UIM)." in out


def test_json_gives_money_as_two_decimal_strings(
    services: Services, make_case: Callable[..., Case], db_arg: str, capsys: pytest.CaptureFixture[str]
) -> None:
    case = insured_case(services, make_case)
    valuation = services.valuation.case_valuation(case.id or 0)
    services.valuation.save_inputs(replace(valuation.inputs, medical_billed=Money.of(40_000)))
    services.valuation.add_scenario(services.valuation.new_scenario(case.id or 0, "Multiplier"))
    services.close()
    assert main(["insurance", "--db", db_arg, "--case", case.number, "--json"]) == 0
    printed = json.loads(capsys.readouterr().out)
    assert printed["policies"][0]["per_person"] == "25000.00"
    assert printed["policies"][1]["per_person"] is None
    assert printed["claims"][0]["name"] == "Progressive · BI · claim 12-345"
    assert printed["claims"][0]["adjuster"] == "Pat Quinn"
    coverage = printed["coverage"]
    assert coverage["total_available"] == "25000.00"
    assert coverage["unknown_limits"][0]["carrier"] == "State Farm"
    assert coverage["warning"].startswith("The valuation, $")
    assert coverage["valuation"].endswith(".00")


def test_a_case_without_policies_says_so(
    make_case: Callable[..., Case], services: Services, db_arg: str, capsys: pytest.CaptureFixture[str]
) -> None:
    case = make_case()
    services.close()
    assert main(["insurance", "--db", db_arg, "--case", case.number]) == 0
    captured = capsys.readouterr()
    assert "has no insurance policies yet" in captured.out + captured.err


def test_an_unknown_case_is_a_usage_error(
    services: Services, db_arg: str, capsys: pytest.CaptureFixture[str]
) -> None:
    services.close()
    assert main(["insurance", "--db", db_arg, "--case", "PI-0000"]) == 2
    assert "PI-0000" in capsys.readouterr().err
