"""``casedesk value``: the valuation calculator, or a case's saved valuation scenarios."""

from __future__ import annotations

import argparse
from collections.abc import Sequence
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING, Any

from casedesk.cli.common import (
    EXIT_OK,
    UsageError,
    add_database_options,
    case_numbered,
    db_path,
    iso,
    iso_date,
    open_for_command,
    print_json,
    say,
    shown,
)
from casedesk.domain.errors import ValidationError
from casedesk.domain.scenarios import VALUATION_DISCLAIMER

if TYPE_CHECKING:
    from casedesk.domain.money import Money
    from casedesk.domain.scenarios import CaseValuation, Outcome, ScenarioResult


def add_parser(commands: Any) -> None:
    """Register ``casedesk value`` with the subcommands of ``casedesk``."""
    value = commands.add_parser(
        "value",
        help="estimate a case's value, or show a case's saved valuation scenarios",
        description="Estimate a case's value by the multiplier, damage-formula or per-diem method, "
        "then apply the plaintiff's share of fault under a jurisdiction's rule; "
        "or, with --case, evaluate the valuation scenarios saved with a case in the case file. "
        "Amounts are dollars (1,234.50). " + VALUATION_DISCLAIMER,
    )
    saved = value.add_argument_group("a case's saved scenarios")
    add_database_options(saved, "the case file to read (--case)", default=argparse.SUPPRESS)
    saved.add_argument("--case", metavar="NUMBER", help="the case's number, e.g. PI-2026-00123")
    value.add_argument(
        "--method", choices=["multiplier", "formula", "per-diem"], help="valuation method (calculator)"
    )
    specials = value.add_argument_group("specials (default 0)")
    for option, what in (
        ("--medical", "medical expenses"),
        ("--property", "property damage"),
        ("--wages", "lost wages"),
        ("--future-medical", "future medical expenses"),
        ("--other", "other out-of-pocket losses"),
    ):
        specials.add_argument(option, type=_money, metavar="X", help=what)
    method = value.add_argument_group("method parameters")
    method.add_argument(
        "--multiplier",
        type=_decimal,
        metavar="M",
        help="multiplier (multiplier method; within the band for formula)",
    )
    method.add_argument("--severity", metavar="BAND", help="minor, medium or severe (formula method)")
    method.add_argument("--per-diem-rate", type=_money, metavar="R", help="amount per day (per-diem method)")
    method.add_argument("--days", type=int, metavar="N", help="days of suffering (per-diem method)")
    fault = value.add_argument_group("fault")
    fault.add_argument(
        "--fault", type=_decimal, metavar="P", help="plaintiff's share of fault, 0-100 (default 0)"
    )
    fault.add_argument("--jurisdiction", metavar="XX", help="two-letter state code whose fault rule applies")
    fault.add_argument("--incident-date", type=iso_date, metavar="YYYY-MM-DD", help="picks the rule in force")
    fault.add_argument(
        "--rule",
        choices=["pure_contributory", "pure_comparative", "modified_50", "modified_51", "slight_gross"],
        help="use this fault rule instead of the jurisdiction's",
    )
    fault.add_argument(
        "--slight-gross",
        choices=["yes", "no"],
        help="slight/gross rule only: yes if the plaintiff's negligence is slight and the defendant's gross",
    )
    value.add_argument("--json", action="store_true", help="print machine-readable JSON on stdout")
    value.set_defaults(command=_value, parser=value)


def _decimal(text: str) -> Decimal:
    try:
        number = Decimal(text.strip())
    except InvalidOperation:
        raise argparse.ArgumentTypeError(f"not a number: {text!r}") from None
    if not number.is_finite():
        raise argparse.ArgumentTypeError(f"not a number: {text!r}")
    return number


def _money(text: str) -> Money:
    from casedesk.domain.money import Money

    try:
        return Money.parse(text)
    except ValidationError as exc:
        raise argparse.ArgumentTypeError(exc.message) from None


#: Options of the calculator, which a case's saved scenarios do not take (argparse destination names).
_CALCULATOR_OPTIONS = (
    "method",
    "medical",
    "property",
    "wages",
    "future_medical",
    "other",
    "multiplier",
    "severity",
    "per_diem_rate",
    "days",
    "fault",
    "jurisdiction",
    "incident_date",
    "rule",
    "slight_gross",
)


def _value(args: argparse.Namespace) -> int:
    if args.case is not None:
        return _value_case(args)
    if args.method is None:
        raise UsageError("give --method to value figures, or --case NUMBER for a case's saved scenarios")
    return _value_calculator(args)


def _value_calculator(args: argparse.Namespace) -> int:
    from casedesk.domain.fault import FaultRule, rule_for
    from casedesk.domain.money import Money
    from casedesk.domain.scenarios import Scenario, ValuationInputs, evaluate
    from casedesk.domain.valuation import PerDiemPhase, ValuationMethod
    from casedesk.resources import fault_rules, severity_bands

    zero = Money.zero()
    inputs = ValuationInputs(
        case_id=0,
        medical_billed=args.medical or zero,
        property_damage=args.property or zero,
        lost_wages=args.wages or zero,
        future_medical=args.future_medical or zero,
        other=args.other or zero,
    )
    if (args.per_diem_rate is None) != (args.days is None):
        raise UsageError("--per-diem-rate and --days go together")
    if args.fault is not None and not (args.jurisdiction or args.rule):
        raise UsageError("--fault needs --jurisdiction or --rule to know how fault counts")
    scenario = Scenario(
        id=None,
        case_id=0,
        name="Calculator",
        method=ValuationMethod(args.method),
        multiplier=args.multiplier,
        severity=args.severity,
        phases=() if args.days is None else (PerDiemPhase(args.per_diem_rate, args.days),),
        fault_percent=Decimal(0) if args.fault is None else args.fault,
        rule_override=FaultRule(args.rule) if args.rule else None,
        override_reason="chosen with --rule" if args.rule else "",
        slight_gross_judgment=None if args.slight_gross is None else args.slight_gross == "yes",
    )
    try:
        row = rule_for(fault_rules(), args.jurisdiction, args.incident_date) if args.jurisdiction else None
        result = _result_json(evaluate(scenario, inputs, row, severity_bands()))
    except ValidationError as exc:
        raise UsageError(exc.message) from exc
    if args.json:
        print_json(result)
        say(VALUATION_DISCLAIMER)
    else:
        print(_value_summary(result))
        print(VALUATION_DISCLAIMER)
    return EXIT_OK


def _value_case(args: argparse.Namespace) -> int:
    """``casedesk value --case NUMBER``: the case's saved scenarios, evaluated."""
    given = [f"--{name.replace('_', '-')}" for name in _CALCULATOR_OPTIONS if getattr(args, name) is not None]
    if given:
        raise UsageError(f"--case shows the case's saved scenarios; leave out {', '.join(given)}")
    path = db_path(args)
    services = open_for_command(args, path, writes=False)
    try:
        summary = case_numbered(services.cases, args.case)
        if summary is None:
            raise UsageError(f"no case numbered “{args.case.strip()}” in {shown(path)}")
        valuation = services.valuation.case_valuation(summary.id)
        outcomes = services.valuation.outcomes(valuation)
    finally:
        services.close()
    if args.json:
        print_json(_case_valuation_json(valuation, outcomes))
        say(VALUATION_DISCLAIMER)
    else:
        print(_case_valuation_text(valuation, outcomes))
        print(f"\n{VALUATION_DISCLAIMER}")
    return EXIT_OK


def _result_json(result: ScenarioResult) -> dict[str, Any]:
    """A valuation result as ``casedesk value --json`` prints it (amounts as strings with two decimals).

    ``low`` and ``high`` (after fault; ``high`` null when open-ended) appear only when the method gives
    a range.
    """
    valuation, fault, row = result.valuation, result.fault, result.jurisdiction_rule
    printed: dict[str, Any] = {
        "method": valuation.method.value,
        "specials": _amount(valuation.specials_total),
        "economic": _amount(valuation.economic),
        "non_economic": _amount(valuation.non_economic),
        "value_before_fault": _amount(valuation.value),
        "fault_percent": str(result.scenario.fault_percent),
        "jurisdiction": row.code if row else None,
        "rule": fault.rule.value if fault else None,
        "rule_label": fault.rule.label if fault else None,
        "verify": row.verify if row else None,
        "barred": fault.barred if fault else False,
        "bar_scope": fault.bar_scope.value if fault else None,
        "needs_judgment": fault.needs_judgment if fault else False,
        "value": _amount(result.value),
    }
    if valuation.low is not None:
        printed["low"] = _amount(result.low)
        printed["high"] = _amount(result.high)
    return printed


def _outcome_json(outcome: Outcome) -> dict[str, Any]:
    """One saved scenario: its result with fee, net and coverage, or the errors that keep it from one."""
    from casedesk.domain.scenarios import format_fee_rate

    scenario = outcome.scenario
    head = {"name": scenario.name}
    if outcome.result is None:
        return head | {"method": scenario.method.value, "errors": dict(outcome.errors)}
    split = outcome.result.settlement
    return (
        head
        | _result_json(outcome.result)
        | {
            "fee_rate": format_fee_rate(scenario.fee_rate),
            "fee_basis": scenario.fee_basis.value,
            "fee": _amount(split.fee) if split else None,
            "costs": _amount(split.costs) if split else None,
            "liens": _amount(split.liens) if split else None,
            "net_to_client": _amount(split.net_to_client) if split else None,
            "exceeds_coverage": outcome.result.exceeds_coverage,
            "warnings": list(outcome.result.warnings),
        }
    )


def _case_valuation_json(valuation: CaseValuation, outcomes: Sequence[Outcome]) -> dict[str, Any]:
    """``casedesk value --case N --json``: the case, its figures and every saved scenario."""
    inputs = valuation.inputs
    return {
        "case": valuation.case.number,
        "caption": valuation.case.caption,
        "client": valuation.client.name,
        "jurisdiction": valuation.jurisdiction.code if valuation.jurisdiction else None,
        "incident_date": iso(valuation.case.incident_date),
        "rule_problem": valuation.rule_problem or None,
        "figures": {
            "medical_billed": _amount(inputs.medical_billed),
            "medical_paid": _amount(inputs.medical_paid),
            "property_damage": _amount(inputs.property_damage),
            "lost_wages": _amount(inputs.lost_wages),
            "future_medical": _amount(inputs.future_medical),
            "other": _amount(inputs.other),
            "costs": _amount(inputs.costs),
            "liens": _amount(inputs.liens),
            "coverage": _amount(inputs.coverage),
        },
        "scenarios": [_outcome_json(outcome) for outcome in outcomes],
    }


def _amount(money: Money | None) -> str | None:
    """An amount for JSON: a string with exactly two decimals, e.g. ``"51000.00"``."""
    return None if money is None else f"{money.amount:.2f}"


def _value_summary(result: dict[str, Any]) -> str:
    """The ``casedesk value`` result as aligned label/value lines."""
    lines = [
        ("Method", result["method"]),
        ("Specials", _dollars(result["specials"])),
        ("Economic", _dollars(result["economic"])),
        ("Non-economic", _dollars(result["non_economic"])),
        ("Value before fault", _dollars(result["value_before_fault"])),
    ]
    if result["rule"]:
        where = f"{result['jurisdiction']}: " if result["jurisdiction"] else ""
        rule = f"{where}{result['rule_label']}"
        if result["verify"]:
            rule += "; sources disagree, verify it"
        lines.append(("Fault", f"{result['fault_percent']} % under {rule}"))
        if result["needs_judgment"]:
            lines.append(("Value after fault", "needs your judgment (--slight-gross yes|no)"))
        else:
            barred = ""
            if result["barred"]:
                barred = (
                    " (non-economic damages barred)" if result["bar_scope"] == "non_economic" else " (barred)"
                )
            lines.append(("Value after fault", _dollars(result["value"]) + barred))
    if "low" in result and not result["needs_judgment"]:
        high = _dollars(result["high"]) if result["high"] else "open-ended"
        label = "Range after fault" if result["rule"] else "Range"
        lines.append((label, f"{_dollars(result['low'])} to {high}"))
    width = max(len(label) for label, _ in lines)
    return "\n".join(f"{label.ljust(width)}  {text}" for label, text in lines)


def _dollars(text: str | None) -> str:
    """A JSON amount (``"51000.00"``) as a person reads it (``$51,000.00``); ``-`` for none."""
    from casedesk.domain.money import Money

    return "-" if text is None else str(Money.of(text))


def _case_valuation_text(valuation: CaseValuation, outcomes: Sequence[Outcome]) -> str:
    """A case's saved scenarios for a person: the case, its rule and figures, a table, then warnings."""
    case, inputs = valuation.case, valuation.inputs
    if valuation.jurisdiction_rule is not None:
        row = valuation.jurisdiction_rule
        rule = f"{row.code}: {row.rule.label}" + ("; sources disagree, verify it" if row.verify else "")
    else:
        rule = valuation.rule_problem
    coverage = "unknown" if inputs.coverage is None else str(inputs.coverage)
    lines = [
        f"{case.number}  {case.caption} ({valuation.client.name})",
        f"Fault rule: {rule}",
        f"Medical {inputs.medical_billed} billed, {inputs.medical_paid} paid; "
        f"property {inputs.property_damage}; wages {inputs.lost_wages}; "
        f"future medical {inputs.future_medical}; other {inputs.other}",
        f"Costs {inputs.costs}; liens {inputs.liens}; coverage {coverage}",
        "",
    ]
    printed = [_outcome_json(outcome) for outcome in outcomes]
    valued = [scenario for scenario in printed if "errors" not in scenario]
    if valued:
        lines.append(_scenario_table(valued))
    elif not printed:
        lines.append("No saved scenarios.")
    notes = [f"  {s['name']}: {warning}" for s in valued for warning in s["warnings"]]
    notes += [
        f"  {s['name']}: not valued. {' '.join(s['errors'].values())}" for s in printed if "errors" in s
    ]
    if notes:
        lines += ["", *notes]
    return "\n".join(lines)


def _scenario_table(scenarios: Sequence[dict[str, Any]]) -> str:
    """Valued scenarios as aligned columns, amounts right-aligned."""
    header = (
        "Scenario",
        "Method",
        "Before fault",
        "Fault",
        "After fault",
        "Range",
        "Fee",
        "Net to client",
        "",
    )
    rows = [header]
    for s in scenarios:
        fault = f"{s['fault_percent']} %"
        if s["barred"]:
            fault += " non-economic barred" if s["bar_scope"] == "non_economic" else " barred"
        if "low" not in s or s["needs_judgment"]:
            spread = ""
        elif s["high"] is None:
            spread = f"{_dollars(s['low'])} or more"
        else:
            spread = f"{_dollars(s['low'])} to {_dollars(s['high'])}"
        rows.append(
            (
                s["name"],
                s["method"],
                _dollars(s["value_before_fault"]),
                fault,
                "needs judgment" if s["needs_judgment"] else _dollars(s["value"]),
                spread,
                "-" if s["fee"] is None else f"{_dollars(s['fee'])} ({s['fee_rate']})",
                _dollars(s["net_to_client"]),
                "over coverage" if s["exceeds_coverage"] else "",
            )
        )
    right = {2, 4, 6, 7}
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    return "\n".join(
        "  ".join(
            cell.rjust(width) if i in right else cell.ljust(width)
            for i, (cell, width) in enumerate(zip(row, widths, strict=True))
        ).rstrip()
        for row in rows
    )
