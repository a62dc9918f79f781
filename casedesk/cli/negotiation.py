"""``casedesk negotiation``: the demands and offers of a case's claims, and the client's net at each."""

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
    from casedesk.domain.money import Money
    from casedesk.domain.negotiation import NetAtOffer
    from casedesk.services.negotiation import ClaimNegotiation, LogEntry


def add_parser(commands: Any) -> None:
    """Register ``casedesk negotiation`` with the subcommands of ``casedesk``."""
    negotiation = commands.add_parser(
        "negotiation",
        help="list the demands and offers of a case's claims, with the client's net at each offer",
        description="List each insurance claim of a case with its negotiation log, oldest first: kind, date, "
        "party, amount, deadline, and the client's net at each offer (the settlement statement's fee "
        "terms, case costs and liens). Figures must be reviewed before they are given to anyone.",
    )
    add_common_options(negotiation, db_help="the case file to read")
    negotiation.add_argument("--case", required=True, metavar="NUMBER", help="the case, e.g. PI-2026-00123")
    negotiation.set_defaults(command=_negotiation, parser=negotiation)


def _negotiation(args: argparse.Namespace) -> int:
    """``casedesk negotiation``: a case's claims, each with its log and the net at each offer."""
    path = db_path(args)
    services = open_for_command(args, path, writes=False)
    try:
        case = services.cases.get_case(case_id_numbered(services.cases, args.case, path) or 0)
        claims = services.negotiation.case_negotiation(case.id or 0)
    finally:
        services.close()
    if args.json:
        print_json({"case": case.number, "claims": [_claim_json(claim) for claim in claims]})
        return EXIT_OK
    if not claims:
        say(f"Case {case.number} has no insurance claims yet.")
        return EXIT_OK
    print(f"{case.number}  {case.caption}")
    for claim in claims:
        print()
        print(_claim_text(claim))
    entries = sum(len(claim.log) for claim in claims)
    noun = "entry" if entries == 1 else "entries"
    say(f"{entries:,} {noun} on {len(claims):,} claim{'s' * (len(claims) != 1)}")
    return EXIT_OK


def _plain(money: Money | None) -> str | None:
    """Money for JSON: a two-decimal string (``"25000.00"``), or None."""
    return None if money is None else str(money.amount)


def _net_json(net: NetAtOffer | None) -> dict[str, Any] | None:
    if net is None:
        return None
    split = net.split
    return {
        "gross": _plain(net.amount),
        "fee": _plain(split.fee) if split else None,
        "costs": _plain(net.costs),
        "liens": _plain(net.liens),
        "liens_not_final": net.liens_not_final,
        "net_to_client": _plain(net.net),
        "problem": net.problem or None,
    }


def _entry_json(line: LogEntry) -> dict[str, Any]:
    entry = line.entry
    return {
        "id": entry.id,
        "kind": entry.kind.value,
        "made_on": iso(entry.made_on),
        "amount": _plain(entry.amount),
        "party": entry.party,
        "notes": entry.notes,
        "deadline": iso(entry.deadline_day),
        "deadline_state": line.deadline.state.value,
        "time_limit_days": entry.time_limit_days,
        "received_on": iso(entry.received_on),
        "net": _net_json(line.net),
    }


def _claim_json(claim: ClaimNegotiation) -> dict[str, Any]:
    summary = claim.summary
    return {
        "id": claim.claim.id,
        "name": claim.claim.display_name,
        "carrier": claim.claim.policy.carrier,
        "coverage": claim.claim.policy.coverage.value,
        "claim_number": claim.claim.claim.claim_number,
        "status": claim.claim.claim.status.value,
        "adjuster": claim.claim.adjuster,
        "last_demand": _plain(summary.last_demand.amount if summary.last_demand else None),
        "last_offer": _plain(summary.last_offer.amount if summary.last_offer else None),
        "gap": _plain(summary.gap),
        "settled_for": _plain(summary.final.amount if summary.final else None),
        "entries": [_entry_json(line) for line in claim.log],
    }


def _claim_text(claim: ClaimNegotiation) -> str:
    heading = f"{claim.claim.display_name} ({claim.claim.claim.status.label.lower()})"
    if not claim.log:
        return f"{heading}\n  No demands or offers yet."
    rows = [
        (
            f"{line.entry.made_on:%m/%d/%Y}",
            line.entry.kind.label,
            line.entry.party,
            str(line.entry.amount),
            line.deadline.text,
            _net_text(line.net),
        )
        for line in claim.log
    ]
    table = text_table(("Date", "Kind", "Party", "Amount", "Deadline", "Net to client"), rows)
    return f"{heading}\n{table}\n{claim.summary.text}"


def _net_text(net: NetAtOffer | None) -> str:
    if net is None:
        return ""
    if net.net is None:
        return "— (costs exceed it)"
    return str(net.net) + (" (liens not final)" if net.liens_not_final else "")
