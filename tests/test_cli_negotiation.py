"""``casedesk negotiation``: a case's claims with their demands and offers and the client's net at each."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date

import pytest

from casedesk import cli
from casedesk.cli import main
from casedesk.domain.cases import Case
from casedesk.domain.insurance import Claim, Coverage, Policy
from casedesk.domain.money import Money
from casedesk.domain.negotiation import MoveKind, NegotiationEntry
from casedesk.domain.settlement import settlement_split
from casedesk.services.casefiles import Services


@pytest.fixture(autouse=True)
def _no_case_file_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(cli.DB_ENV, raising=False)


def negotiated_case(services: Services, make_case: Callable[..., Case]) -> Case:
    """A claim with an initial demand (open until 12/01/2026) and an offer of $25,000."""
    case = make_case()
    case_id = case.id or 0
    policy = services.insurance.add_policy(
        Policy(case_id=case_id, coverage=Coverage.BODILY_INJURY, carrier="Lone Star Mutual")
    )
    claim = services.insurance.add_claim(
        Claim(case_id=case_id, policy_id=policy.id or 0, claim_number="77-1")
    )
    services.negotiation.add(
        NegotiationEntry(
            claim.id,
            MoveKind.INITIAL_DEMAND,
            date(2026, 11, 2),
            Money.of(100_000),
            party="Reyes Law",
            deadline=date(2026, 12, 1),
        )
    )
    services.negotiation.add(
        NegotiationEntry(claim.id, MoveKind.OFFER, date(2026, 11, 16), Money.of(25_000), party="J. Ortiz")
    )
    return case


def test_negotiation_json(
    services: Services, make_case: Callable[..., Case], db_arg: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """JSON lists each claim's entries with two-decimal money strings and the net at the offer."""
    case = negotiated_case(services, make_case)
    assert main(["negotiation", "--db", db_arg, "--case", case.number, "--json"]) == 0
    printed = json.loads(capsys.readouterr().out)
    (claim,) = printed["claims"]
    assert claim["name"] == "Lone Star Mutual · BI · claim 77-1"
    assert (claim["last_demand"], claim["last_offer"], claim["gap"]) == ("100000.00", "25000.00", "75000.00")
    demand, offer = claim["entries"]
    assert demand["kind"] == "initial_demand" and demand["amount"] == "100000.00"
    assert demand["deadline"] == "2026-12-01" and demand["deadline_state"] == "answered"
    assert demand["net"] is None
    terms = services.settlement.terms(case.id or 0)
    split = settlement_split(
        Money.of(25_000), terms.fee_rates[terms.fee_stage], terms.fee_basis, Money.zero(), Money.zero()
    )
    assert offer["net"] == {
        "gross": "25000.00",
        "fee": str(split.fee.amount),
        "costs": "0.00",
        "liens": "0.00",
        "liens_not_final": 0,
        "net_to_client": str(split.net_to_client.amount),
        "problem": None,
    }


def test_negotiation_text(
    services: Services, make_case: Callable[..., Case], db_arg: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """The text lists the claim, its entries with the net at the offer, and where it stands."""
    case = negotiated_case(services, make_case)
    assert main(["negotiation", "--db", db_arg, "--case", case.number]) == 0
    out = capsys.readouterr()
    assert "Lone Star Mutual · BI · claim 77-1" in out.out
    assert "Initial demand" in out.out and "$100,000.00" in out.out
    offer_line = next(line for line in out.out.splitlines() if line.startswith("11/16/2026"))
    assert "J. Ortiz" in offer_line and "$25,000.00" in offer_line
    assert "$16,666.67" in offer_line  # a third of $25,000 to the firm, pre-suit: the client nets the rest
    assert "Last demand $100,000.00 · last offer $25,000.00 · gap $75,000.00" in out.out
    assert "2 entries on 1 claim" in out.err


def test_negotiation_of_a_case_without_claims(
    services: Services, make_case: Callable[..., Case], db_arg: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """A case without claims says so (and JSON gives an empty list)."""
    case = make_case()
    assert main(["negotiation", "--db", db_arg, "--case", case.number]) == 0
    assert "no insurance claims yet" in capsys.readouterr().err
    assert main(["negotiation", "--db", db_arg, "--case", case.number, "--json"]) == 0
    assert json.loads(capsys.readouterr().out) == {"case": case.number, "claims": []}
