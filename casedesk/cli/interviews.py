"""``casedesk interviews`` (a case's interviews and their answers) and ``casedesk export interview``."""

from __future__ import annotations

import argparse
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
    positive_int,
    print_json,
    say,
    text_table,
)

if TYPE_CHECKING:
    from casedesk.domain.cases import CaseType
    from casedesk.domain.interviews import Answer, Interview, Question


def add_parser(commands: Any) -> None:
    """Register ``casedesk interviews`` with the subcommands of ``casedesk``."""
    interviews = commands.add_parser(
        "interviews",
        help="list a case's client interviews with their answers",
        description="List the interviews of a case's client, oldest first, each with the answers to the "
        "questions it asked (unanswered questions are left out; a draft lists what it still needs).",
    )
    add_common_options(interviews, db_help="the case file to read")
    interviews.add_argument("--case", required=True, metavar="NUMBER", help="the case, e.g. PI-2026-00123")
    interviews.set_defaults(command=_interviews, parser=interviews)


def add_export_parser(formats: Any) -> None:
    """Register ``casedesk export interview`` with the formats of ``casedesk export``."""
    memo = formats.add_parser(
        "interview",
        help="print a client interview as a PDF memo for the attorney",
        description="Write a case's interview as a PDF memo: heading, summary, then the answers by section. "
        "Without --interview, the case's latest interview is printed (draft or completed).",
    )
    add_database_options(memo, "the case file to read", default=argparse.SUPPRESS)
    memo.add_argument("--case", required=True, metavar="NUMBER", help="the case, e.g. PI-2026-00123")
    memo.add_argument(
        "--interview",
        type=positive_int,
        metavar="ID",
        help="which interview (its id, as casedesk interviews --json shows it; default: the latest)",
    )
    memo.add_argument(
        "-o", "--output", type=Path, required=True, metavar="FILE.pdf", help="the file to write"
    )
    memo.set_defaults(command=_export_interview, parser=memo)


def _interviews(args: argparse.Namespace) -> int:
    """``casedesk interviews``: a case's interviews with their answers."""
    path = db_path(args)
    services = open_for_command(args, path, writes=False)
    try:
        case = services.cases.get_case(case_id_numbered(services.cases, args.case, path) or 0)
        client = services.cases.get_client(case.client_id)
        interviews = services.interviews.interviews(case.id or 0)
    finally:
        services.close()
    printed = [_interview_json(interview, case.case_type) for interview in interviews]
    if args.json:
        print_json(printed)
    elif printed:
        print(f"{case.number}  {case.caption} ({client.name})")
        for interview in printed:
            print()
            print(_interview_text(interview))
        say(f"{len(printed):,} interviews")
    else:
        say(f"Case {case.number} has no interviews.")
    return EXIT_OK


def _export_interview(args: argparse.Namespace) -> int:
    """``casedesk export interview``: one of a case's interviews (the latest by default) as a PDF memo."""
    path = db_path(args)
    services = open_for_command(args, path, writes=False)
    try:
        case_id = case_id_numbered(services.cases, args.case, path) or 0
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
    say(f"Wrote the {chosen.title.lower()} of {chosen.held_on:%Y-%m-%d} ({status}) to {args.output}.")
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
                lines += [f"      {line}" for line in text_table(header, rows).splitlines()]
                continue
            first, *more = answer["answer"].splitlines() or [""]
            lines.append(f"    {answer['label']}: {first}")
            lines += [f"      {line}".rstrip() for line in more]
    if interview["missing"]:
        lines.append(f"  Still to answer: {', '.join(item['label'] for item in interview['missing'])}")
    return "\n".join(lines)
