"""``casedesk settle`` (the settlement calculator) and ``casedesk settlement`` (a case's statement)."""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

from casedesk.cli.common import (
    EXIT_OK,
    UsageError,
    add_common_options,
    add_database_options,
    case_id_numbered,
    db_path,
    open_for_command,
    print_json,
    say,
    text_table,
)

if TYPE_CHECKING:
    from fractions import Fraction

    from casedesk.domain.money import Money
    from casedesk.services.settlement import CaseStatement

#: The formats ``casedesk export settlement`` writes, by suffix.
EXPORT_SUFFIXES = (".pdf", ".xlsx")


def add_parser(commands: Any) -> None:
    """Register ``casedesk settle`` and ``casedesk settlement`` with the subcommands of ``casedesk``."""
    settle = commands.add_parser(
        "settle",
        help="split a gross recovery into fee, costs, liens, holdbacks and the client's net",
        description="Work out a settlement: the fee is exact (1/3 is one third) and rounded half-up to the "
        "cent once; every other figure is exact, and the parts add up to the gross. Gross 100,000, fee 1/3, "
        "costs 2,500, liens 20,000 gives a net of 44,166.67 on the gross, 45,000.00 after costs.",
    )
    settle.add_argument("--gross", required=True, type=_amount, metavar="X", help="the gross recovery")
    settle.add_argument(
        "--fee",
        required=True,
        type=_fee,
        metavar="F",
        help="the fee: a percentage (40, 33.33) or a fraction (1/3)",
    )
    settle.add_argument(
        "--basis",
        choices=("gross", "after-costs"),
        default="gross",
        help="take the fee of the gross (default) or of the gross after costs",
    )
    settle.add_argument("--costs", type=_amount, metavar="X", help="case costs advanced (default 0)")
    settle.add_argument("--liens", type=_amount, metavar="X", help="liens and bills paid (default 0)")
    settle.add_argument("--holdbacks", type=_amount, metavar="X", help="kept in trust (default 0)")
    settle.add_argument("--json", action="store_true", help="print machine-readable JSON on stdout")
    settle.set_defaults(command=_settle, parser=settle)

    settlement = commands.add_parser(
        "settlement",
        help="print a case's settlement statement",
        description="Print a case's settlement statement: the final snapshot once finalized, else the live "
        "draft, with what stands in the way of finalizing it and the trust account.",
    )
    add_common_options(settlement, db_help="the case file to read")
    settlement.add_argument("--case", required=True, metavar="NUMBER", help="the case, e.g. PI-2026-00123")
    settlement.set_defaults(command=_settlement, parser=settlement)


def add_export_parser(formats: Any) -> None:
    """Register ``casedesk export settlement`` with the formats of ``casedesk export``."""
    export = formats.add_parser(
        "settlement",
        help="write a case's settlement statement as a PDF for signature, or as an Excel workbook",
        description="Write a case's settlement statement: FILE.pdf is the closing statement to sign (marked "
        "DRAFT until finalized); FILE.xlsx has the statement, its costs and liens, and the disbursement log.",
    )
    add_database_options(export, "the case file to read", default=argparse.SUPPRESS)
    export.add_argument("--case", required=True, metavar="NUMBER", help="the case, e.g. PI-2026-00123")
    export.add_argument(
        "-o", "--output", type=Path, required=True, metavar="FILE.pdf|FILE.xlsx", help="the file to write"
    )
    export.set_defaults(command=_export_settlement, parser=export)


# --- argument types --------------------------------------------------------------------------------


def _amount(text: str) -> Money:
    from casedesk.domain.errors import ValidationError
    from casedesk.domain.money import Money

    try:
        return Money.parse(text)
    except ValidationError as exc:
        raise argparse.ArgumentTypeError(exc.message) from None


def _fee(text: str) -> Fraction:
    from casedesk.domain.errors import ValidationError
    from casedesk.domain.settlement import parse_fee_rate

    try:
        return parse_fee_rate(text)
    except ValidationError as exc:
        raise argparse.ArgumentTypeError(exc.message) from None


# --- commands --------------------------------------------------------------------------------------


def _settle(args: argparse.Namespace) -> int:
    """``casedesk settle``: the calculator."""
    from casedesk.domain.money import Money
    from casedesk.domain.settlement import FeeBasis, format_fee_rate, settlement_split

    zero = Money.zero()
    basis = FeeBasis.GROSS if args.basis == "gross" else FeeBasis.AFTER_COSTS
    split = settlement_split(
        args.gross, args.fee, basis, args.costs or zero, args.liens or zero, args.holdbacks or zero
    )
    figures = {
        "gross": split.gross,
        "fee": split.fee,
        "costs": split.costs,
        "liens": split.liens,
        "holdbacks": split.holdbacks,
        "net_to_client": split.net_to_client,
    }
    if args.json:
        print_json({name: str(amount.amount) for name, amount in figures.items()})
        return EXIT_OK
    of = "of the gross" if basis is FeeBasis.GROSS else "after costs"
    labels = {
        "gross": "Gross recovery",
        "fee": f"Attorney fee ({format_fee_rate(args.fee)} {of})",
        "costs": "Case costs",
        "liens": "Liens",
        "holdbacks": "Holdbacks",
        "net_to_client": "Net to client",
    }
    print(text_table(("", "Amount"), [(labels[name], f"{amount}") for name, amount in figures.items()]))
    return EXIT_OK


def _settlement(args: argparse.Namespace) -> int:
    """``casedesk settlement``: a case's statement."""
    path = db_path(args)
    services = open_for_command(args, path, writes=False)
    try:
        case_statement = services.settlement.statement(case_id_numbered(services.cases, args.case, path) or 0)
    finally:
        services.close()
    if args.json:
        print_json(statement_json(case_statement))
    else:
        print(statement_text(case_statement))
    return EXIT_OK


def _export_settlement(args: argparse.Namespace) -> int:
    """``casedesk export settlement``: the statement as a PDF or a workbook."""
    output: Path = args.output
    suffix = output.suffix.lower()
    if suffix not in EXPORT_SUFFIXES:
        raise UsageError(f"the output must end in .pdf or .xlsx, not “{output.name}”")
    path = db_path(args)
    services = open_for_command(args, path, writes=False)
    try:
        case_id = case_id_numbered(services.cases, args.case, path) or 0
        if suffix == ".pdf":
            services.settlement.export_pdf(case_id, output)
        else:
            services.settlement.export_xlsx(case_id, output)
    finally:
        services.close()
    say(f"Wrote {output}")
    return EXIT_OK


# --- output ----------------------------------------------------------------------------------------


def statement_json(case_statement: CaseStatement) -> dict[str, Any]:
    """A case's statement for ``--json``: the snapshot's layout, with status, history, trust and warnings."""
    from casedesk.domain.statement import statement_to_json

    value: dict[str, Any] = json.loads(statement_to_json(case_statement.statement))
    finalized = case_statement.finalized_at
    trust = case_statement.trust
    value |= {
        "status": case_statement.terms.status.value,
        "finalized_at": finalized.isoformat() if finalized else None,
        "history": [
            {"action": event.action.value, "at": event.at.isoformat(), "reason": event.reason}
            for event in case_statement.events
        ],
        "trust": {
            "received": str(trust.received.amount),
            "paid_out": str(trust.paid_out.amount),
            "in_trust": str(trust.in_trust.amount),
        },
        "warnings": case_statement.warnings(),
    }
    return value


def statement_text(case_statement: CaseStatement) -> str:
    """A case's statement as text lines for the terminal."""
    from casedesk.domain.typed import format_date, long_moment

    statement = case_statement.statement
    header = statement.header
    status = (
        f"FINAL (frozen {long_moment(case_statement.finalized_at.astimezone())})"
        if case_statement.is_final and case_statement.finalized_at
        else "DRAFT"
    )
    rows: list[tuple[str, str]] = []
    for line in statement.recoveries:
        received = format_date(line.received_on) or "not yet received"
        rows.append((f"  {line.source.label}: {line.payer} ({received})", str(line.amount)))
    rows.append(("Gross recovery", str(statement.gross)))
    rows.append((f"Attorney fee: {statement.fee.explanation()}", str(-statement.fee.amount)))
    for cost in statement.costs:
        rows.append((f"  Cost {format_date(cost.spent_on)} {cost.category}: {cost.payee}", str(-cost.amount)))
    rows.append(("Case costs", str(-statement.total_costs)))
    for lien in statement.liens:
        state = "" if lien.is_final else f" [{lien.status.lower()}, not final]"
        rows.append((f"  Lien: {lien.holder}{state}", str(-lien.amount)))
    rows.append(("Liens", str(-statement.total_liens)))
    if statement.holdbacks:
        for holdback in statement.holdbacks:
            rows.append((f"  Held: {holdback.payee} ({holdback.reason})", str(-holdback.amount)))
        rows.append(("Held in trust", str(-statement.total_holdbacks)))
    rows.append(("NET TO CLIENT", str(statement.net_to_client)))
    lines = [
        f"Settlement statement {header.case_number}  {header.caption} ({header.client}) — {status}",
        "",
        text_table(("", "Amount"), rows),
        "",
        f"Trust: received {case_statement.trust.received}, paid out {case_statement.trust.paid_out}, "
        f"in trust {case_statement.trust.in_trust}",
    ]
    lines += [f"Warning: {warning}" for warning in case_statement.warnings()]
    return "\n".join(lines)
