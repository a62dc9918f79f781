"""``casedesk insurance``: a case's insurance policies and claims, and the coverage available."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING, Any

from casedesk.cli.common import (
    EXIT_OK,
    add_common_options,
    case_id_numbered,
    db_path,
    iso,
    open_for_command,
    print_json,
    say,
    text_table,
)

if TYPE_CHECKING:
    from casedesk.domain.insurance import ClaimView, CoverageSummary, Policy
    from casedesk.domain.money import Money


def add_parser(commands: Any) -> None:
    """Register ``casedesk insurance`` with the subcommands of ``casedesk``."""
    insurance = commands.add_parser(
        "insurance",
        help="list a case's insurance policies and claims, and the coverage available",
        description="List a case's insurance policies (limits per person and per occurrence) and the claims "
        "made on them, then the coverage available for the injury claim: the per-person limits of the "
        "at-fault party's bodily-injury policies plus the client's UM/UIM. A limit not known yet is named, "
        "not counted. A warning follows when the valuation's value exceeds the coverage.",
    )
    add_common_options(insurance, db_help="the case file to read")
    insurance.add_argument("--case", required=True, metavar="NUMBER", help="the case, e.g. PI-2026-00123")
    insurance.set_defaults(command=_insurance, parser=insurance)


def _insurance(args: argparse.Namespace) -> int:
    """``casedesk insurance``: a case's policies, claims and coverage."""
    path = db_path(args)
    services = open_for_command(args, path, writes=False)
    try:
        case = services.cases.get_case(case_id_numbered(services.cases, args.case, path) or 0)
        policies = services.insurance.policies(case.id or 0)
        claims = services.insurance.claims(case.id or 0)
        summary = services.insurance.coverage(case.id or 0)
    finally:
        services.close()
    if args.json:
        print_json(
            {
                "case": case.number,
                "policies": [_policy_json(policy) for policy in policies],
                "claims": [_claim_json(view) for view in claims],
                "coverage": _coverage_json(summary),
            }
        )
        return EXIT_OK
    print(f"{case.number}  {case.caption}")
    if not policies:
        say(f"Case {case.number} has no insurance policies yet.")
        return EXIT_OK
    print()
    print("Policies")
    print(
        text_table(
            ("Carrier", "Coverage", "Whose", "Insured", "Policy number", "Per person", "Per occurrence"),
            [
                (
                    p.carrier,
                    p.coverage.label,
                    p.party.label,
                    p.insured,
                    p.policy_number,
                    _limit_text(p.per_person),
                    _limit_text(p.per_occurrence),
                )
                for p in policies
            ],
        )
    )
    print()
    if claims:
        print("Claims")
        print(
            text_table(
                ("Claim", "Status", "Adjuster", "Reported", "Rep. letter sent", "Closed"),
                [
                    (
                        v.display_name,
                        v.claim.status.label,
                        v.adjuster,
                        iso(v.claim.reported_on) or "",
                        iso(v.claim.representation_sent_on) or "",
                        iso(v.claim.closed_on) or "",
                    )
                    for v in claims
                ],
            )
        )
    else:
        print("No claims yet.")
    print()
    print(f"Coverage available for the injury claim: {summary.total_text}")
    if summary.unknown_text:
        print(summary.unknown_text)
    if summary.value is not None:
        print(f"Valuation: {summary.value}")
    if summary.warning:
        print(f"Warning: {summary.warning}")
    return EXIT_OK


def _money(amount: Money | None) -> str | None:
    return None if amount is None else str(amount.amount)


def _limit_text(limit: Money | None) -> str:
    return "not known yet" if limit is None else str(limit)


def _policy_json(policy: Policy) -> dict[str, Any]:
    from casedesk.domain.insurance import counts_toward_injury

    return {
        "id": policy.id,
        "carrier": policy.carrier,
        "coverage": policy.coverage.value,
        "party": policy.party.value,
        "insured": policy.insured,
        "policy_number": policy.policy_number,
        "per_person": _money(policy.per_person),
        "per_occurrence": _money(policy.per_occurrence),
        "counted": counts_toward_injury(policy),
        "notes": policy.notes,
    }


def _claim_json(view: ClaimView) -> dict[str, Any]:
    claim = view.claim
    return {
        "id": claim.id,
        "policy_id": claim.policy_id,
        "name": view.display_name,
        "claim_number": claim.claim_number,
        "status": claim.status.value,
        "adjuster": view.adjuster or None,
        "reported_on": iso(claim.reported_on),
        "representation_sent_on": iso(claim.representation_sent_on),
        "closed_on": iso(claim.closed_on),
        "notes": claim.notes,
    }


def _coverage_json(summary: CoverageSummary) -> dict[str, Any]:
    return {
        "total_available": str(summary.total.amount),
        "unknown_limits": [
            {"policy_id": p.id, "carrier": p.carrier, "coverage": p.coverage.value} for p in summary.unknown
        ],
        "valuation": _money(summary.value),
        "warning": summary.warning or None,
    }
