"""The ``casedesk`` command: opens the app, or runs a headless subcommand for scripts and tests.

Conventions (DESIGN.md §6): ``--db PATH`` everywhere, ``CASEDESK_DB`` as the fallback, then the default
case file in the user data folder; ``--json`` output on stdout, messages on stderr; exit status 0 on
success, 1 when the command ran but failed, 2 on bad usage. Heavy libraries (SQLAlchemy, Qt) are imported
inside the subcommands, so ``casedesk --version`` and ``--help`` stay fast.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Callable, Sequence
from datetime import date
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import TYPE_CHECKING, Any

from casedesk import __version__
from casedesk.domain.cases import CaseStatus
from casedesk.domain.errors import CasedeskError, ValidationError
from casedesk.domain.scenarios import VALUATION_DISCLAIMER

if TYPE_CHECKING:
    from casedesk.domain.calendar import AgendaItem
    from casedesk.domain.cases import CaseSummary, CaseType
    from casedesk.domain.interviews import Answer, Interview, Question
    from casedesk.domain.limitations import LimitationResult
    from casedesk.domain.money import Money
    from casedesk.domain.scenarios import CaseValuation, Outcome, ScenarioResult
    from casedesk.services.cases import CaseService

EXIT_OK = 0
EXIT_FAILED = 1
EXIT_USAGE = 2
DB_ENV = "CASEDESK_DB"
DEFAULT_DEMO_CASES = 200
#: Widest a text column of ``casedesk cases`` gets before it is cut with "…".
_MAX_COLUMN = {"client": 28, "caption": 44}


class UsageError(Exception):
    """The command line asks for something that cannot be done as given (exit status 2)."""


def main(argv: Sequence[str] | None = None) -> int:
    """Run the ``casedesk`` command.

    Args:
        argv: The arguments after the program name; ``sys.argv[1:]`` when ``None``.

    Returns:
        The exit status: 0 success, 1 the command ran but failed, 2 bad usage.
    """
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # --help, --version and usage errors: argparse has said why
        return exc.code if isinstance(exc.code, int) else EXIT_USAGE
    command: Callable[[argparse.Namespace], int] = args.command
    try:
        return command(args)
    except UsageError as exc:
        command_parser: argparse.ArgumentParser = getattr(args, "parser", parser)
        command_parser.print_usage(sys.stderr)
        _say(f"{command_parser.prog}: error: {exc}")
        return EXIT_USAGE
    except CasedeskError as exc:
        _say(f"casedesk: {exc.message}")
        if exc.hint:
            _say(exc.hint)
        return EXIT_FAILED
    except KeyboardInterrupt:
        _say("casedesk: interrupted; nothing more was saved.")
        return EXIT_FAILED
    except BrokenPipeError:  # the reader went away (casedesk calendar | head): stop quietly
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return EXIT_FAILED


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of ``casedesk`` and its subcommands."""
    parser = argparse.ArgumentParser(
        prog="casedesk",
        description="Offline case-file organizer for personal-injury case managers. "
        "Without a subcommand, opens the app.",
        epilog=f"The case file is --db PATH, else ${DB_ENV}, else {default_db_path()}. "
        "Exit status: 0 success, 1 the command ran but failed, 2 bad usage.",
    )
    parser.add_argument("--version", action="version", version=f"casedesk {__version__}")
    parser.add_argument("--db", type=Path, metavar="PATH", help="the case file (.sqlite) to open")
    parser.set_defaults(command=_open_app)
    commands = parser.add_subparsers(title="commands", metavar="COMMAND")

    demo = commands.add_parser(
        "demo",
        help="create a case file of fictional demo data",
        description="Create a new case file filled with realistic, entirely fictional demo data. "
        "Refuses a file that already holds anything.",
    )
    _add_common_options(demo, db_help=f"the case file to create (required, or ${DB_ENV})")
    demo.add_argument(
        "--cases",
        type=_positive_int,
        default=DEFAULT_DEMO_CASES,
        metavar="N",
        help="how many cases (default 200)",
    )
    demo.add_argument("--seed", type=int, default=1, metavar="S", help="same seed, same data (default 1)")
    demo.add_argument(
        "--today",
        type=_iso_date,
        metavar="YYYY-MM-DD",
        help="the date the demo is made as of (default: today); fix it for reproducible files",
    )
    demo.set_defaults(command=_make_demo, parser=demo)

    cases = commands.add_parser("cases", help="list cases", description="List the cases of a case file.")
    _add_common_options(cases, db_help="the case file to read")
    cases.add_argument("--status", choices=[status.value for status in CaseStatus], help="only this status")
    cases.set_defaults(command=_list_cases, parser=cases)
    _add_value_parser(commands)
    _add_sol_parser(commands)
    formats = _add_calendar_parsers(commands)
    _add_interview_parsers(commands, formats)
    return parser


def _add_calendar_parsers(commands: Any) -> Any:
    """``casedesk calendar`` (the agenda of a span of days) and ``casedesk export ics``."""
    calendar = commands.add_parser(
        "calendar",
        help="list events and tasks across cases (or one case)",
        description="List the events and open tasks of a span of days, overdue deadlines and tasks first "
        "(when the span starts today or later); conflicts between attended events are flagged.",
    )
    _add_common_options(calendar, db_help="the case file to read")
    calendar.add_argument(
        "--from", dest="start", type=_iso_date, metavar="YYYY-MM-DD", help="first day (default: today)"
    )
    calendar.add_argument(
        "--to",
        dest="end",
        type=_iso_date,
        metavar="YYYY-MM-DD",
        help="last day (default: 30 days after --from)",
    )
    calendar.add_argument("--case", metavar="NUMBER", help="only this case, e.g. PI-2026-00123")
    calendar.set_defaults(command=_calendar, parser=calendar)

    export = commands.add_parser("export", help="export data to files other programs open")
    formats = export.add_subparsers(title="formats", metavar="FORMAT", required=True)
    ics = formats.add_parser(
        "ics",
        help="export calendar events to an iCalendar (.ics) file",
        description="Write every event (or one case's) to an .ics file that Outlook and Google Calendar "
        "import; events keep their UIDs, so importing a newer export updates them instead of duplicating.",
    )
    ics.add_argument(
        "--db", type=Path, metavar="PATH", default=argparse.SUPPRESS, help="the case file to read"
    )
    ics.add_argument("--case", metavar="NUMBER", help="only this case's events")
    ics.add_argument("-o", "--output", type=Path, required=True, metavar="FILE.ics", help="the file to write")
    ics.set_defaults(command=_export_ics, parser=ics)
    return formats


def _add_interview_parsers(commands: Any, formats: Any) -> None:
    """``casedesk interviews`` (a case's interviews and their answers) and ``casedesk export interview``."""
    interviews = commands.add_parser(
        "interviews",
        help="list a case's client interviews with their answers",
        description="List the interviews of a case's client, oldest first, each with the answers to the "
        "questions it asked (unanswered questions are left out; a draft lists what it still needs).",
    )
    _add_common_options(interviews, db_help="the case file to read")
    interviews.add_argument("--case", required=True, metavar="NUMBER", help="the case, e.g. PI-2026-00123")
    interviews.set_defaults(command=_interviews, parser=interviews)

    memo = formats.add_parser(
        "interview",
        help="print a client interview as a PDF memo for the attorney",
        description="Write a case's interview as a PDF memo: heading, summary, then the answers by section. "
        "Without --interview, the case's latest interview is printed (draft or completed).",
    )
    memo.add_argument(
        "--db", type=Path, metavar="PATH", default=argparse.SUPPRESS, help="the case file to read"
    )
    memo.add_argument("--case", required=True, metavar="NUMBER", help="the case, e.g. PI-2026-00123")
    memo.add_argument(
        "--interview",
        type=_positive_int,
        metavar="ID",
        help="which interview (its id, as casedesk interviews --json shows it; default: the latest)",
    )
    memo.add_argument(
        "-o", "--output", type=Path, required=True, metavar="FILE.pdf", help="the file to write"
    )
    memo.set_defaults(command=_export_interview, parser=memo)


def _add_value_parser(commands: Any) -> None:
    """``casedesk value``: a quick valuation calculator, or a case's saved scenarios (``--case``)."""
    value = commands.add_parser(
        "value",
        help="estimate a case's value, or show a case's saved valuation scenarios",
        description="Estimate a case's value by the multiplier, damage-formula or per-diem method, "
        "then apply the plaintiff's share of fault under a jurisdiction's rule; "
        "or, with --case, evaluate the valuation scenarios saved with a case in the case file. "
        "Amounts are dollars (1,234.50). " + VALUATION_DISCLAIMER,
    )
    saved = value.add_argument_group("a case's saved scenarios")
    saved.add_argument(
        "--db", type=Path, metavar="PATH", default=argparse.SUPPRESS, help="the case file to read (--case)"
    )
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
    fault.add_argument(
        "--incident-date", type=_iso_date, metavar="YYYY-MM-DD", help="picks the rule in force"
    )
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


def _add_sol_parser(commands: Any) -> None:
    """``casedesk sol``: a claim's limitation deadline (no case file involved)."""
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
        "--incident-date", required=True, type=_iso_date, metavar="YYYY-MM-DD", help="the date of the injury"
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
        "--dob", type=_iso_date, metavar="YYYY-MM-DD", help="the client's date of birth (minority tolling)"
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


def default_db_path() -> Path:
    """The case file used when neither ``--db`` nor ``CASEDESK_DB`` names one."""
    import platformdirs

    return platformdirs.user_data_path("casedesk", appauthor=False) / "casedesk.sqlite"


def _add_common_options(parser: argparse.ArgumentParser, db_help: str) -> None:
    # SUPPRESS keeps a --db given before the subcommand unless the subcommand gives its own.
    parser.add_argument("--db", type=Path, metavar="PATH", default=argparse.SUPPRESS, help=db_help)
    parser.add_argument("--json", action="store_true", help="print machine-readable JSON on stdout")


def _positive_int(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number: {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1: {text!r}")
    return value


def _iso_date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date (YYYY-MM-DD): {text!r}") from None


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


def _chosen_db_path(args: argparse.Namespace) -> Path | None:
    """The case file named by ``--db`` or ``CASEDESK_DB``, if any."""
    named: Path | None = args.db
    if named is None and os.environ.get(DB_ENV):
        named = Path(os.environ[DB_ENV])
    return named.expanduser() if named is not None else None


def _db_path(args: argparse.Namespace) -> Path:
    return _chosen_db_path(args) or default_db_path()


def _say(message: str) -> None:
    print(message, file=sys.stderr)


# --- commands ------------------------------------------------------------------------------------


def _open_app(args: argparse.Namespace) -> int:
    from casedesk.app import run_gui

    return run_gui(_db_path(args))


def _make_demo(args: argparse.Namespace) -> int:
    from casedesk.services.clock import system_clock, today
    from casedesk.services.demo import create_demo

    path = _chosen_db_path(args)
    if path is None:  # demo data never lands in the user's default case file by accident
        raise UsageError(f"demo needs --db PATH (or ${DB_ENV}) naming the case file to create")
    try:
        summary = create_demo(
            path,
            today=args.today or today(system_clock),
            cases=args.cases,
            seed=args.seed,
            progress=_progress_line("Writing demo cases") if sys.stderr.isatty() else None,
        )
    except ValidationError as exc:
        raise UsageError(exc.message) from exc
    if args.json:
        _print_json(
            {
                "path": str(summary.path),
                "cases": summary.cases,
                "clients": summary.clients,
                "contacts": summary.contacts,
                "case_contacts": summary.case_contacts,
                "activities": summary.activities,
                "events": summary.events,
                "tasks": summary.tasks,
                "interviews": summary.interviews,
            }
        )
    _say(
        f"Created demo case file {summary.path}: {summary.cases:,} cases, {summary.clients:,} clients, "
        f"{summary.contacts:,} contacts, {summary.activities:,} timeline entries, "
        f"{summary.events:,} calendar events, {summary.tasks:,} tasks, {summary.interviews:,} interviews."
    )
    return EXIT_OK


def _list_cases(args: argparse.Namespace) -> int:
    from casedesk.domain.cases import CaseQuery
    from casedesk.services.casefiles import open_services

    services = open_services(_db_path(args), create=False)
    try:
        status = CaseStatus(args.status) if args.status else None
        summaries = services.cases.list_cases(CaseQuery(status=status))
    finally:
        services.close()
    if args.json:
        _print_json([_case_json(summary) for summary in summaries])
    elif summaries:
        print(_case_table(summaries))
        _say(f"{len(summaries):,} cases")
    else:
        _say("No cases.")
    return EXIT_OK


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
        _print_json(result)
        _say(VALUATION_DISCLAIMER)
    else:
        print(_value_summary(result))
        print(VALUATION_DISCLAIMER)
    return EXIT_OK


def _value_case(args: argparse.Namespace) -> int:
    """``casedesk value --case NUMBER``: the case's saved scenarios, evaluated."""
    from casedesk.services.casefiles import open_services

    given = [f"--{name.replace('_', '-')}" for name in _CALCULATOR_OPTIONS if getattr(args, name) is not None]
    if given:
        raise UsageError(f"--case shows the case's saved scenarios; leave out {', '.join(given)}")
    path = _db_path(args)
    services = open_services(path, create=False)
    try:
        summary = _case_numbered(services.cases, args.case)
        if summary is None:
            raise UsageError(f"no case numbered “{args.case.strip()}” in {path}")
        valuation = services.valuation.case_valuation(summary.id)
        outcomes = services.valuation.outcomes(valuation)
    finally:
        services.close()
    if args.json:
        _print_json(_case_valuation_json(valuation, outcomes))
        _say(VALUATION_DISCLAIMER)
    else:
        print(_case_valuation_text(valuation, outcomes))
        print(f"\n{VALUATION_DISCLAIMER}")
    return EXIT_OK


def _calendar(args: argparse.Namespace) -> int:
    """``casedesk calendar``: the agenda of a span of days."""
    from datetime import timedelta

    from casedesk.services.casefiles import open_services

    path = _db_path(args)
    services = open_services(path, create=False)
    try:
        case_id = _case_id_numbered(services.cases, args.case, path)
        start = args.start or services.calendar.today()
        end = args.end or start + timedelta(days=30)
        if end < start:
            raise UsageError("--to is before --from")
        span = services.calendar.range(start, end, case_id)
        summaries = {s.id: s for s in services.cases.summaries(list(span.case_labels))}
    finally:
        services.close()
    conflicted = {e.uid for c in span.agenda.conflicts for e in (c.first, c.second)}
    rows = [
        _agenda_json(item, summaries[item.case_id], item.event is not None and item.event.uid in conflicted)
        for item in span.agenda.items
    ]
    if args.json:
        conflicts = [[c.first.uid, c.second.uid] for c in span.agenda.conflicts]
        _print_json({"from": start.isoformat(), "to": end.isoformat(), "items": rows, "conflicts": conflicts})
    elif rows:
        print(_agenda_table(rows))
        _say(f"{len(rows):,} items from {start:%Y-%m-%d} to {end:%Y-%m-%d}")
    else:
        _say(f"Nothing from {start:%Y-%m-%d} to {end:%Y-%m-%d}.")
    return EXIT_OK


def _export_ics(args: argparse.Namespace) -> int:
    """``casedesk export ics``: events to an .ics file."""
    from casedesk.services.casefiles import open_services

    path = _db_path(args)
    services = open_services(path, create=False)
    try:
        case_id = _case_id_numbered(services.cases, args.case, path)
        written = services.calendar.export_ics(args.output, case_id)
    finally:
        services.close()
    _say(f"Wrote {written:,} events to {args.output}.")
    return EXIT_OK


def _interviews(args: argparse.Namespace) -> int:
    """``casedesk interviews``: a case's interviews with their answers."""
    from casedesk.services.casefiles import open_services

    path = _db_path(args)
    services = open_services(path, create=False)
    try:
        case = services.cases.get_case(_case_id_numbered(services.cases, args.case, path) or 0)
        client = services.cases.get_client(case.client_id)
        interviews = services.interviews.interviews(case.id or 0)
    finally:
        services.close()
    printed = [_interview_json(interview, case.case_type) for interview in interviews]
    if args.json:
        _print_json(printed)
    elif printed:
        print(f"{case.number}  {case.caption} ({client.name})")
        for interview in printed:
            print()
            print(_interview_text(interview))
        _say(f"{len(printed):,} interviews")
    else:
        _say(f"Case {case.number} has no interviews.")
    return EXIT_OK


def _export_interview(args: argparse.Namespace) -> int:
    """``casedesk export interview``: one of a case's interviews (the latest by default) as a PDF memo."""
    from casedesk.services.casefiles import open_services

    path = _db_path(args)
    services = open_services(path, create=False)
    try:
        case_id = _case_id_numbered(services.cases, args.case, path) or 0
        interviews = services.interviews.interviews(case_id)
        number = args.case.strip()
        if args.interview is None:
            if not interviews:
                raise UsageError(f"case {number} has no interviews to print")
            chosen = interviews[-1]  # oldest first: the last is the latest
        else:
            found = [interview for interview in interviews if interview.id == args.interview]
            if not found:
                raise UsageError(
                    f"case {number} has no interview {args.interview} "
                    f"(casedesk interviews --case {number} --json lists their ids)"
                )
            chosen = found[0]
        services.interviews.export_pdf(chosen.id or 0, args.output)
    finally:
        services.close()
    status = chosen.status.label.lower()
    _say(f"Wrote the {chosen.title.lower()} of {chosen.held_on:%Y-%m-%d} ({status}) to {args.output}.")
    return EXIT_OK


def _interview_json(interview: Interview, case_type: CaseType) -> dict[str, Any]:
    """One interview for ``casedesk interviews --json``: the sections asked, each with its answers.

    A table question's answer is ``rows``, each a mapping of column label to the cell as displayed;
    any other answer is ``answer``, as displayed (``Yes``, ``06/14/2026``, ``7 / 10``).
    """
    from casedesk.domain.interviews import asked_sections, is_answered

    answers = interview.answers
    sections = []
    missing = []
    for section, questions in asked_sections(interview.questionnaire, case_type, answers):
        answered = [q for q in questions if is_answered(answers.get(q.id))]
        missing += [{"id": q.id, "label": q.short} for q in questions if q.required and q not in answered]
        if answered:
            printed = [_answer_json(question, answers.get(question.id)) for question in answered]
            sections.append({"id": section.id, "title": section.title, "answers": printed})
    completed_at = interview.completed_at
    return {
        "id": interview.id,
        "questionnaire": interview.questionnaire.code,
        "title": interview.title,
        "status": interview.status.value,
        "held_on": interview.held_on.isoformat(),
        "interviewer": interview.interviewer,
        "completed_at": completed_at.astimezone().isoformat() if completed_at else None,
        "sections": sections,
        "missing": missing,
    }


def _answer_json(question: Question, answer: Answer | None) -> dict[str, Any]:
    from casedesk.domain.interviews import QuestionKind, display_answer, table_rows

    printed: dict[str, Any] = {
        "id": question.id,
        "label": question.short,
        "question": question.text,
        "kind": question.kind.value,
    }
    if question.kind is QuestionKind.TABLE:
        printed["rows"] = [
            {column.short: display_answer(column, row.get(column.id, "")) for column in question.columns}
            for row in table_rows(answer)
        ]
    else:
        printed["answer"] = display_answer(question, answer)
    return printed


def _interview_text(interview: dict[str, Any]) -> str:
    """An interview for a person: a header, then ``Label: answer`` lines by section, tables as rows."""
    from casedesk.domain.interviews import InterviewStatus

    status = InterviewStatus(interview["status"]).label
    by = interview["interviewer"] or "interviewer not recorded"
    lines = [f"{interview['title']} — {interview['held_on']} — {status} — {by} (id {interview['id']})"]
    for section in interview["sections"]:
        lines.append(f"  {section['title']}")
        for answer in section["answers"]:
            if "rows" in answer:
                lines.append(f"    {answer['label']}:")
                header = list(answer["rows"][0])
                rows = [[" ".join(row[column].split()) for column in header] for row in answer["rows"]]
                lines += [f"      {line}" for line in _text_table(header, rows).splitlines()]
                continue
            first, *more = answer["answer"].splitlines() or [""]
            lines.append(f"    {answer['label']}: {first}")
            lines += [f"      {line}".rstrip() for line in more]
    if interview["missing"]:
        lines.append(f"  Still to answer: {', '.join(item['label'] for item in interview['missing'])}")
    return "\n".join(lines)


def _case_id_numbered(cases: CaseService, number: str | None, path: Path) -> int | None:
    """The id of the case numbered ``number`` (None when no number is given); a usage error if none is."""
    if number is None:
        return None
    summary = _case_numbered(cases, number)
    if summary is None:
        raise UsageError(f"no case numbered “{number.strip()}” in {path}")
    return summary.id


def _agenda_json(item: AgendaItem, case: CaseSummary, conflict: bool) -> dict[str, Any]:
    """One agenda line for ``casedesk calendar --json`` (times in the machine's zone, with their offset)."""
    common = {"date": _iso(item.day), "case": case.number, "caption": case.caption, "overdue": item.overdue}
    if item.event is not None:
        event = item.event
        return {
            "type": "event",
            **common,
            "kind": event.kind.value,
            "title": event.title,
            "start": event.starts_at.astimezone().isoformat() if event.starts_at else None,
            "end": event.ends_at.astimezone().isoformat() if event.ends_at else None,
            "location": event.location,
            "done_on": _iso(event.done_on),
            "conflict": conflict,
            "uid": event.uid,
        }
    assert item.task is not None
    return {
        "type": "task",
        **common,
        "kind": "task",
        "title": item.task.title,
        "priority": item.task.priority.name.lower(),
    }


def _agenda_table(rows: Sequence[dict[str, Any]]) -> str:
    """The agenda as aligned text columns: date, time, what, title, case, flags."""
    header = ("Date", "Time", "What", "Title", "Case", "")
    lines = []
    for row in rows:
        time = row["start"][11:16] if row.get("start") else ("task" if row["type"] == "task" else "all day")
        flags = [flag for flag, on in (("OVERDUE", row["overdue"]), ("CONFLICT", row.get("conflict"))) if on]
        lines.append(
            (
                row["date"] or "-",
                time,
                row["kind"].replace("_", " "),
                _cut(row["title"], _MAX_COLUMN["caption"]),
                row["case"],
                " ".join(flags),
            )
        )
    return _text_table(header, lines)


def _case_numbered(cases: CaseService, number: str) -> CaseSummary | None:
    """The case with this number, whatever its letter case."""
    from casedesk.domain.cases import CaseQuery

    wanted = number.strip().casefold()
    if not wanted:
        return None
    found = cases.list_cases(CaseQuery(text=wanted))
    return next((summary for summary in found if summary.number.casefold() == wanted), None)


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
        "incident_date": _iso(valuation.case.incident_date),
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
        _print_json(data)
        _say(LIMITATION_DISCLAIMER)
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


# --- output --------------------------------------------------------------------------------------


def _progress_line(label: str) -> Callable[[int, int], None]:
    """A progress callback that rewrites one line on the terminal."""

    def report(done: int, total: int) -> None:
        end = "\n" if done >= total else ""
        print(f"\r{label}… {done:,}/{total:,}", end=end, file=sys.stderr, flush=True)

    return report


def _print_json(value: Any) -> None:
    json.dump(value, sys.stdout, indent=2)
    sys.stdout.write("\n")


def _case_json(summary: CaseSummary) -> dict[str, Any]:
    return {
        "id": summary.id,
        "number": summary.number,
        "caption": summary.caption,
        "client": summary.client_name,
        "status": summary.status.value,
        "case_type": summary.case_type.value,
        "incident_date": _iso(summary.incident_date),
        "jurisdiction": summary.jurisdiction,
        "attorney": summary.attorney,
        "next_action": summary.next_action,
        "next_action_on": _iso(summary.next_action_on),
    }


def _iso(day: date | None) -> str | None:
    return day.isoformat() if day else None


def _case_table(summaries: Sequence[CaseSummary]) -> str:
    """The case list as aligned text columns under a header."""
    header = ("Number", "Status", "Client", "Caption", "Incident", "State")
    rows = [
        (
            s.number,
            s.status.label,
            _cut(s.client_name, _MAX_COLUMN["client"]),
            _cut(s.caption, _MAX_COLUMN["caption"]),
            _iso(s.incident_date) or "-",
            s.jurisdiction or "-",
        )
        for s in summaries
    ]
    return _text_table(header, rows)


def _text_table(header: Sequence[str], rows: Sequence[Sequence[str]]) -> str:
    """Rows as aligned text columns under a header."""
    widths = [max(len(row[i]) for row in [header, *rows]) for i in range(len(header))]
    return "\n".join(
        "  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip()
        for row in [header, *rows]
    )


def _cut(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"
