"""``casedesk requests``: record and bill requests sent to providers, or those still outstanding."""

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
    from casedesk.domain.providers import OutstandingRequest, RecordRequest


def add_parser(commands: Any) -> None:
    """Register ``casedesk requests`` with the subcommands of ``casedesk``."""
    requests = commands.add_parser(
        "requests",
        help="list record and bill requests sent to providers",
        description="List the record and bill requests of a case (every request, open ones first), or with "
        "--outstanding those still waiting for the provider on every open case, most overdue first. "
        "A request is overdue once its follow-up date (by default 30 days after sending, the "
        "right-of-access clock of 45 CFR 164.524) has passed without an answer.",
    )
    add_common_options(requests, db_help="the case file to read")
    requests.add_argument("--case", metavar="NUMBER", help="only this case, e.g. PI-2026-00123")
    requests.add_argument(
        "--outstanding", action="store_true", help="only requests still waiting for the provider"
    )
    requests.set_defaults(command=_requests, parser=requests)


def _requests(args: argparse.Namespace) -> int:
    """``casedesk requests``: a case's requests, or the outstanding ones."""
    path = db_path(args)
    services = open_for_command(args, path, writes=False)
    try:
        case_id = case_id_numbered(services.cases, args.case, path)
        today = services.providers.today()
        outstanding = services.providers.outstanding(today, case_id)
        if args.outstanding or case_id is None:
            rows = [_outstanding_json(item) for item in outstanding]
        else:
            names = {s.provider.id: s.provider.name for s in services.providers.providers(case_id)}
            late = {item.request.id: item.days_overdue for item in outstanding}
            number = args.case.strip()
            rows = [
                _request_json(request, number, names.get(request.provider_id, ""), late.get(request.id, 0))
                for request in services.providers.requests(case_id)
            ]
    finally:
        services.close()
    if args.json:
        print_json(rows)
        return EXIT_OK
    if not rows:
        say(
            "No outstanding requests." if args.outstanding or case_id is None else "The case has no requests."
        )
        return EXIT_OK
    header = ("Overdue", "Follow up", "Case", "Provider", "What", "Sent", "Method", "Status")
    print(
        text_table(
            header,
            [
                (
                    f"{row['days_overdue']} d" if row["days_overdue"] else "",
                    row["follow_up_on"],
                    row["case"],
                    row["provider"],
                    row["what"],
                    row["sent_on"],
                    row["method"],
                    row["status"],
                )
                for row in rows
            ],
        )
    )
    overdue = sum(1 for row in rows if row["days_overdue"])
    say(f"{len(rows):,} requests, {overdue:,} overdue")
    return EXIT_OK


def _request_json(request: RecordRequest, case: str, provider: str, days_overdue: int) -> dict[str, Any]:
    from casedesk.domain.providers import follow_up_day

    return {
        "id": request.id,
        "case": case,
        "provider": provider,
        "kind": request.kind.value,
        "what": request.kind.label,
        "sent_on": iso(request.sent_on),
        "method": request.method.label,
        "range_from": iso(request.range_from),
        "range_to": iso(request.range_to),
        "cost": None if request.cost is None else f"{request.cost.amount}",
        "follow_up_on": iso(follow_up_day(request)),
        "status": request.status.value,
        "received_on": iso(request.received_on),
        "extended_on": iso(request.extended_on),
        "days_overdue": days_overdue,
    }


def _outstanding_json(item: OutstandingRequest) -> dict[str, Any]:
    printed = _request_json(item.request, item.case_number, item.provider, item.days_overdue)
    return {**printed, "client": item.client}
