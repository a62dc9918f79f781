"""Insurance rules: which limits count toward the coverage available, validation, display names."""

from __future__ import annotations

from datetime import date

from casedesk.domain.insurance import (
    Claim,
    ClaimView,
    Coverage,
    Policy,
    PolicyParty,
    claim_display_name,
    counts_toward_injury,
    coverage_summary,
    validate_claim,
    validate_policy,
)
from casedesk.domain.money import Money

INCIDENT = date(2026, 6, 14)
TODAY = date(2026, 11, 21)


def policy(coverage: Coverage, party: PolicyParty, per_person: int | None, carrier: str = "Acme") -> Policy:
    limit = Money.of(per_person) if per_person is not None else None
    return Policy(case_id=1, coverage=coverage, carrier=carrier, party=party, per_person=limit)


def test_only_at_fault_bi_and_the_clients_um_count() -> None:
    assert counts_toward_injury(policy(Coverage.BODILY_INJURY, PolicyParty.AT_FAULT, 1))
    assert counts_toward_injury(policy(Coverage.UM_UIM, PolicyParty.CLIENT, 1))
    assert not counts_toward_injury(policy(Coverage.BODILY_INJURY, PolicyParty.CLIENT, 1))
    assert not counts_toward_injury(policy(Coverage.UM_UIM, PolicyParty.AT_FAULT, 1))
    for coverage in (Coverage.PIP, Coverage.MEDPAY, Coverage.HEALTH, Coverage.PROPERTY_DAMAGE):
        assert not counts_toward_injury(policy(coverage, PolicyParty.CLIENT, 1))


def test_total_adds_known_per_person_limits_and_names_unknown_ones() -> None:
    summary = coverage_summary(
        [
            policy(Coverage.BODILY_INJURY, PolicyParty.AT_FAULT, 25_000, "Progressive"),
            policy(Coverage.BODILY_INJURY, PolicyParty.AT_FAULT, None, "Allstate"),
            policy(Coverage.UM_UIM, PolicyParty.CLIENT, 30_000, "State Farm"),
            policy(Coverage.MEDPAY, PolicyParty.CLIENT, 5_000, "State Farm"),
        ],
        value=Money.of(50_000),
    )
    assert summary.total == Money.of(55_000)
    assert [p.carrier for p in summary.unknown] == ["Allstate"]
    assert summary.total_text == "$55,000.00 and 1 limit not known yet"
    assert summary.unknown_text == "Limits not known yet (not counted): Allstate (BI)."
    assert [line.counted for line in summary.lines] == [True, True, True, False]
    assert summary.warning == ""


def test_all_unknown_is_not_zero_and_warning_when_value_exceeds() -> None:
    unknown = coverage_summary([policy(Coverage.BODILY_INJURY, PolicyParty.AT_FAULT, None)])
    assert unknown.total_text == "1 limit not known yet"
    assert coverage_summary([]).total_text == "none recorded"
    short = coverage_summary(
        [policy(Coverage.BODILY_INJURY, PolicyParty.AT_FAULT, 25_000)], value=Money.parse("80,250.10")
    )
    assert short.warning == (
        "The valuation, $80,250.10, exceeds the coverage available, $25,000.00: "
        "look for UM/UIM or other policies."
    )


def test_policy_validation() -> None:
    good = policy(Coverage.BODILY_INJURY, PolicyParty.AT_FAULT, 50_000)
    assert validate_policy(good) == {}
    bad = Policy(
        case_id=1,
        coverage=Coverage.BODILY_INJURY,
        carrier="  ",
        per_person=Money.of(50_000),
        per_occurrence=Money.of(25_000),
        policy_number="9" * 61,
    )
    assert set(validate_policy(bad)) == {"carrier", "per_occurrence", "policy_number"}
    negative = Policy(case_id=1, coverage=Coverage.PIP, carrier="A", per_person=Money.of(-1))
    assert set(validate_policy(negative)) == {"per_person"}


def test_claim_dates() -> None:
    claim = Claim(case_id=1, policy_id=1, reported_on=date(2026, 6, 20), representation_sent_on=TODAY)
    assert validate_claim(claim, INCIDENT, TODAY) == {}
    early = Claim(case_id=1, policy_id=1, reported_on=date(2026, 6, 1))
    assert "before the incident (06/14/2026)" in validate_claim(early, INCIDENT, TODAY)["reported_on"]
    future = Claim(case_id=1, policy_id=1, representation_sent_on=date(2026, 11, 22))
    assert "future" in validate_claim(future, INCIDENT, TODAY)["representation_sent_on"]
    closing = Claim(case_id=1, policy_id=1, reported_on=date(2026, 7, 1), closed_on=date(2026, 6, 30))
    assert set(validate_claim(closing, INCIDENT, TODAY)) == {"closed_on"}
    assert validate_claim(early, None, TODAY) == {}


def test_display_names() -> None:
    assert (
        claim_display_name("Progressive", Coverage.BODILY_INJURY, "12-345")
        == "Progressive · BI · claim 12-345"
    )
    assert claim_display_name("GEICO", Coverage.UM_UIM, " ") == "GEICO · UM/UIM · no claim number yet"
    view = ClaimView(
        Claim(case_id=1, policy_id=2, claim_number="A", id=7),
        policy(Coverage.MEDPAY, PolicyParty.CLIENT, None, "USAA"),
    )
    assert (view.id, view.display_name) == (7, "USAA · MedPay · claim A")
