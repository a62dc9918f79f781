"""``casedesk sol``: a claim's limitation deadline, computed without a case file."""

from __future__ import annotations

import argparse
from datetime import date
from typing import TYPE_CHECKING, Any

from casedesk.cli.common import EXIT_OK, UsageError, iso_date, print_json, say
from casedesk.domain.errors import ValidationError

if TYPE_CHECKING:
    from casedesk.domain.limitations import LimitationResult


def add_parser(commands: Any) -> None:
    """Register ``casedesk sol`` with the subcommands of ``casedesk``."""
    from casedesk.domain.cases import CaseType
    from casedesk.domain.limitations import LIMITATION_DISCLAIMER, DefendantType

    sol = commands.add_parser(
        "sol",
        help="compute a limitation (statute of limitations) deadline",
        description="Compute the last day to file a personal-injury claim from the jurisdiction, the "
        "incident date, the kind of case and defendant, the client's date of birth (minority) and tolling "
        "events, with the rule, its source and the date moved to the next court day. "
        + LIMITATION_DISCLAIMER,
    )
    sol.add_argument("--jurisdiction", required=True, metavar="XX", help="two-letter state code (or DC)")
    sol.add_argument(
        "--incident-date", required=True, type=iso_date, metavar="YYYY-MM-DD", help="the date of the injury"
    )
    sol.add_argument(
        "--case-type",
        choices=[case_type.value for case_type in CaseType],
        help="the kind of case (some have their own period; default: general negligence)",
    )
    sol.add_argument(
        "--defendant-type",
        choices=[kind.value for kind in DefendantType],
        default=DefendantType.PRIVATE.value,
        help="government defendants add a notice-of-claim deadline (default private)",
    )
    sol.add_argument(
        "--dob", type=iso_date, metavar="YYYY-MM-DD", help="the client's date of birth (minority tolling)"
    )
    sol.add_argument(
        "--toll",
        nargs=3,
        action="append",
        metavar=("START", "END", "CAUSE"),
        help="a tolling event: the clock stops on START and runs again on END (YYYY-MM-DD); repeatable",
    )
    sol.add_argument("--json", action="store_true", help="print machine-readable JSON on stdout")
    sol.set_defaults(command=_sol, parser=sol)


def _sol(args: argparse.Namespace) -> int:
    from casedesk.domain.cases import CaseType
    from casedesk.domain.limitations import (
        LIMITATION_DISCLAIMER,
        DefendantType,
        TollingEvent,
        compute_limitation,
    )
    from casedesk.resources import jurisdictions, limitation_periods
    from casedesk.services.clock import system_clock, today

    tolling = []
    for start, end, cause in args.toll or ():
        try:
            tolling.append(TollingEvent(cause, date.fromisoformat(start), date.fromisoformat(end)))
        except ValueError:
            raise UsageError(
                f"--toll needs START END CAUSE with dates as YYYY-MM-DD, not {start!r} {end!r}"
            ) from None
    try:
        result = compute_limitation(
            limitation_periods(),
            args.jurisdiction,
            args.incident_date,
            case_type=CaseType(args.case_type) if args.case_type else None,
            defendant_type=DefendantType(args.defendant_type),
            date_of_birth=args.dob,
            tolling=tolling,
            today=today(system_clock),
        )
    except ValidationError as exc:
        raise UsageError(exc.message) from exc
    names = {jurisdiction.code: jurisdiction.name for jurisdiction in jurisdictions()}
    data = _sol_json(result, names.get(result.jurisdiction, result.jurisdiction), today(system_clock))
    if args.json:
        print_json(data)
        say(LIMITATION_DISCLAIMER)
    else:
        print(_sol_summary(data))
        print(LIMITATION_DISCLAIMER)
    return EXIT_OK


def _sol_json(result: LimitationResult, name: str, today: date) -> dict[str, Any]:
    """A limitation result for ``--json``: dates as YYYY-MM-DD strings; ``passed`` compares with today."""
    rule, minority, notice = result.rule, result.minority, result.notice
    return {
        "jurisdiction": result.jurisdiction,
        "jurisdiction_name": name,
        "incident_date": result.incident_date.isoformat(),
        "case_type": result.case_type.value if result.case_type else None,
        "defendant_type": result.defendant_type.value,
        "deadline": result.deadline.isoformat(),
        "due": result.due.isoformat(),
        "passed": result.due < today,
        "years": rule.years,
        "months": rule.months,
        "rule": rule.label,
        "rule_case_type": rule.case_type,
        "source": rule.source,
        "as_of": rule.as_of.isoformat(),
        "verify": result.verify,
        "rule_verify": rule.verify,
        "notes": rule.notes,
        "clock_starts": result.clock_starts.isoformat(),
        "anniversary": result.anniversary.isoformat(),
        "tolled_days": result.tolled_days,
        "minor": None if minority is None else minority.minor,
        "majority_date": None if minority is None else minority.majority_date.isoformat(),
        "closed_days": [{"date": day.isoformat(), "name": why} for day, why in result.closed_days],
        "notice_of_claim": None
        if notice is None
        else {
            "deadline": notice.deadline.isoformat(),
            "passed": notice.deadline < today,
            "period": notice.rule.period,
            "source": notice.rule.source,
            "as_of": notice.rule.as_of.isoformat(),
            "verify": notice.rule.verify,
        },
        "explanation": list(result.explanation),
    }


def _sol_summary(data: dict[str, Any]) -> str:
    """The ``casedesk sol`` result as aligned label/value lines, then the explanation."""
    days = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")

    def weekday(text: str) -> str:
        return f"{text} ({days[date.fromisoformat(text).weekday()]})"

    due = weekday(data["due"])
    if data["due"] != data["deadline"]:
        due += ", the next court day"
    if data["passed"]:
        due += ", passed"
    lines = [
        ("Jurisdiction", f"{data['jurisdiction_name']} ({data['jurisdiction']})"),
        ("Incident", data["incident_date"]),
        ("Rule", data["rule"]),
        ("Source", f"{data['source']}; data as of {data['as_of']}"),
        ("Clock starts", data["clock_starts"]),
        ("Deadline", weekday(data["deadline"])),
        ("Due", due),
    ]
    if data["notice_of_claim"]:
        notice = data["notice_of_claim"]
        passed = ", passed" if notice["passed"] else ""
        lines.append(
            ("Notice of claim", f"{notice['deadline']} ({notice['period']} after the incident{passed})")
        )
    lines.append(("Verify", "yes, see below" if data["verify"] else "no flags in casedesk's data"))
    width = max(len(label) for label, _ in lines)
    summary = [f"{label.ljust(width)}  {text}" for label, text in lines]
    return "\n".join([*summary, "", *(f"- {line}" for line in data["explanation"]), ""])
