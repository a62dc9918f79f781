"""Client interviews: questionnaires kept as data, the answers given, and what the answers feed in the case.

A questionnaire is a TOML file in ``resources/questionnaires/`` that a firm edits without code (the format
is described at the top of ``intake.toml``). Each interview keeps a copy of the questionnaire it was
started from, so it reads the same after the firm changes the file.

Answers are kept as typed, as text (a table's rows as lists of text by column), so a draft never loses
what was typed even when it is not yet valid; they are checked and read into dates, amounts and numbers
here. Questions may be shown only for some case types or only after some answer, and a question may
*feed* the case: its answer becomes the case's facts, a provider or witness contact, a lost-wage record,
or a point of the pain journal, once the user confirms it.
"""

from __future__ import annotations

import enum
import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time
from decimal import Decimal, InvalidOperation
from typing import Any, TypeVar

from casedesk.domain.cases import EARLIEST_DATE, CaseType, length_errors
from casedesk.domain.errors import ValidationError
from casedesk.domain.money import Money
from casedesk.domain.typed import DateError, format_date, format_time, parse_date, parse_time
from casedesk.domain.wages import LostWage, WageBasis

#: A table question's answer: its rows, each a mapping of column id to the text typed.
Rows = list[dict[str, str]]
#: One answer as stored: text for a single question, rows for a table question.
Answer = str | Rows
Answers = Mapping[str, Answer]

MAX_ANSWER_LENGTH = 20_000
#: Numbers answered are at most this large (hours, days, counts); more is a typing mistake.
MAX_NUMBER = Decimal(1_000_000)
PAIN_SCALE_MAX = 10
_ID = re.compile(r"^[a-z][a-z0-9_]*$")
_YES = ("yes", "y", "true")
_NO = ("no", "n", "false")
_E = TypeVar("_E", bound=enum.StrEnum)


def _canonical(text: str) -> str:
    """An answer folded for comparison: case ignored, and any way of typing yes or no made one."""
    folded = text.strip().casefold()
    return "yes" if folded in _YES else "no" if folded in _NO else folded


class QuestionKind(enum.StrEnum):
    """What kind of answer a question takes, and so which field the form shows."""

    TEXT = "text"
    LONG_TEXT = "long_text"
    DATE = "date"
    TIME = "time"
    YES_NO = "yes_no"
    CHOICE = "choice"
    NUMBER = "number"
    MONEY = "money"
    SCALE = "scale"
    TABLE = "table"


class Feed(enum.StrEnum):
    """What a question's answer feeds in the case (after the user confirms it)."""

    FACTS = "facts"
    INCIDENT_DATE = "incident_date"
    INCIDENT_PLACE = "incident_place"
    PROVIDERS = "providers"
    WITNESSES = "witnesses"
    INJURIES = "injuries"
    EMPLOYER = "employer"
    WAGE_RATE = "wage_rate"
    WAGE_BASIS = "wage_basis"
    TIME_MISSED = "time_missed"
    MISSED_FROM = "missed_from"
    MISSED_TO = "missed_to"
    PAIN = "pain"
    LIMITATIONS = "limitations"
    IMPACT = "impact"


# The kinds of question each feed accepts, and the columns a table feed needs.
_FEED_KINDS: dict[Feed, tuple[QuestionKind, ...]] = {
    Feed.FACTS: tuple(k for k in QuestionKind if k is not QuestionKind.TABLE),
    Feed.INCIDENT_DATE: (QuestionKind.DATE,),
    Feed.INCIDENT_PLACE: (QuestionKind.TEXT,),
    Feed.PROVIDERS: (QuestionKind.TABLE,),
    Feed.WITNESSES: (QuestionKind.TABLE,),
    Feed.INJURIES: (QuestionKind.TABLE,),
    Feed.EMPLOYER: (QuestionKind.TEXT,),
    Feed.WAGE_RATE: (QuestionKind.MONEY,),
    Feed.WAGE_BASIS: (QuestionKind.CHOICE,),
    Feed.TIME_MISSED: (QuestionKind.NUMBER,),
    Feed.MISSED_FROM: (QuestionKind.DATE,),
    Feed.MISSED_TO: (QuestionKind.DATE,),
    Feed.PAIN: (QuestionKind.SCALE,),
    Feed.LIMITATIONS: (QuestionKind.TEXT, QuestionKind.LONG_TEXT),
    Feed.IMPACT: (QuestionKind.TEXT, QuestionKind.LONG_TEXT),
}
_FEED_COLUMNS = {Feed.PROVIDERS: "name", Feed.WITNESSES: "name", Feed.INJURIES: "body_part"}
# Feeds one answer in the whole questionnaire at most may carry.
_SINGLE_FEEDS = (
    Feed.INCIDENT_DATE,
    Feed.INCIDENT_PLACE,
    Feed.EMPLOYER,
    Feed.WAGE_RATE,
    Feed.WAGE_BASIS,
    Feed.TIME_MISSED,
    Feed.MISSED_FROM,
    Feed.MISSED_TO,
    Feed.PAIN,
    Feed.LIMITATIONS,
)


@dataclass(frozen=True, slots=True)
class Condition:
    """When a question or section is asked.

    Attributes:
        case_types: Only for cases of these types (any type when empty).
        question: Only when this earlier question is answered …
        equals: … with one of these answers (any answer when empty); compared ignoring case.
    """

    case_types: frozenset[CaseType] = frozenset()
    question: str = ""
    equals: tuple[str, ...] = ()

    def holds(self, case_type: CaseType, answers: Answers) -> bool:
        """Whether the question is asked of a case of ``case_type`` with these answers so far."""
        if self.case_types and case_type not in self.case_types:
            return False
        if not self.question:
            return True
        answer = answers.get(self.question)
        if not is_answered(answer):
            return False
        if not self.equals:
            return True
        return isinstance(answer, str) and _canonical(answer) in {_canonical(e) for e in self.equals}


@dataclass(frozen=True, slots=True)
class Question:
    """One question of a questionnaire (or one column of a table question).

    Attributes:
        id: Key of the answer; unique in the questionnaire (in the table, for a column).
        label: A short name for the memo and the review (the question text when empty).
        help: A hint shown under the field.
        options: The choices of a ``choice`` question.
        columns: The columns of a ``table`` question.
    """

    id: str
    text: str
    kind: QuestionKind = QuestionKind.TEXT
    label: str = ""
    help: str = ""
    required: bool = False
    options: tuple[str, ...] = ()
    columns: tuple[Question, ...] = ()
    when: Condition | None = None
    feed: Feed | None = None

    @property
    def short(self) -> str:
        """The label, or the question text when there is none."""
        return self.label or self.text

    def asked(self, case_type: CaseType, answers: Answers) -> bool:
        """Whether the question is asked, given the case type and the answers so far."""
        return self.when is None or self.when.holds(case_type, answers)


@dataclass(frozen=True, slots=True)
class Section:
    """A page of the interview form: a heading and its questions."""

    id: str
    title: str
    questions: tuple[Question, ...]
    intro: str = ""
    when: Condition | None = None

    def asked(self, case_type: CaseType, answers: Answers) -> bool:
        """Whether the section is asked at all."""
        return self.when is None or self.when.holds(case_type, answers)


@dataclass(frozen=True, slots=True)
class Questionnaire:
    """A set of questions in sections, read from a file in ``resources/questionnaires/``.

    Attributes:
        code: Short name, unique among the questionnaires (``intake``, ``follow_up``).
        source: The questionnaire as data (what the file held); stored with each interview.
    """

    code: str
    title: str
    sections: tuple[Section, ...]
    description: str = ""
    source: Mapping[str, Any] = field(default_factory=dict, compare=False, repr=False)

    def questions(self) -> Iterator[Question]:
        """Every question, in order."""
        for section in self.sections:
            yield from section.questions

    def question(self, question_id: str) -> Question:
        """The question with this id.

        Raises:
            KeyError: There is none.
        """
        for question in self.questions():
            if question.id == question_id:
                return question
        raise KeyError(question_id)

    def fed(self, feed: Feed) -> list[Question]:
        """The questions feeding ``feed``, in order."""
        return [q for q in self.questions() if q.feed is feed]


class InterviewStatus(enum.StrEnum):
    """A draft is still being filled in; a completed interview is the record."""

    DRAFT = "draft"
    COMPLETED = "completed"

    @property
    def label(self) -> str:
        """Display name."""
        return self.value.capitalize()


@dataclass(frozen=True, slots=True)
class Interview:
    """One interview of a client, on one case.

    Attributes:
        questionnaire: The questionnaire as it was when the interview started.
        answers: By question id, as typed (see the module docstring).
        held_on: The day the interview took place.
        applied: Keys of the proposals (:func:`proposals`) the user confirmed into the case.
        revision: Goes up with every save; a save from an older revision is refused.
    """

    case_id: int
    questionnaire: Questionnaire
    held_on: date
    answers: Mapping[str, Answer] = field(default_factory=dict)
    status: InterviewStatus = InterviewStatus.DRAFT
    interviewer: str = ""
    started_at: datetime | None = None
    completed_at: datetime | None = None
    updated_at: datetime | None = None
    applied: frozenset[str] = frozenset()
    revision: int = 0
    id: int | None = None

    @property
    def title(self) -> str:
        """The questionnaire's title (``Intake interview``)."""
        return self.questionnaire.title


def interview_errors(interview: Interview, today: date) -> dict[str, str]:
    """Problems with an interview's own fields (not its answers), by field name."""
    errors: dict[str, str] = {}
    if interview.held_on > today:
        errors["held_on"] = "The interview cannot be held in the future."
    elif interview.held_on < EARLIEST_DATE:
        errors["held_on"] = f"The interview cannot be before {EARLIEST_DATE:%Y}."
    errors.update(length_errors(interviewer=interview.interviewer))
    return errors


# --- reading questionnaires ----------------------------------------------------------------------


def parse_questionnaire(data: Mapping[str, Any], source: str = "questionnaire") -> Questionnaire:
    """Read and check a questionnaire given as data (a parsed TOML file, or a stored copy).

    Raises:
        ValueError: The data is malformed; the message names the file and the question.
    """
    reader = _Reader(source)
    code = reader.identifier(data, "code", "the questionnaire")
    title = reader.text(data, "title", "the questionnaire", required=True)
    sections = tuple(reader.section(raw) for raw in reader.items(data, "sections", "the questionnaire"))
    if not sections:
        raise ValueError(f"{source}: the questionnaire has no sections")
    questionnaire = Questionnaire(
        code=code,
        title=title,
        sections=sections,
        description=reader.text(data, "description", "the questionnaire"),
        source=dict(data),
    )
    _check_questionnaire(questionnaire, source)
    return questionnaire


def _check_questionnaire(questionnaire: Questionnaire, source: str) -> None:
    seen: set[str] = set()
    for section in questionnaire.sections:
        _check_condition(section.when, seen, f"{source}: section {section.id!r}")
        for question in section.questions:
            where = f"{source}: question {question.id!r}"
            if question.id in seen:
                raise ValueError(f"{where} is asked twice (ids must be unique)")
            _check_condition(question.when, seen, where)
            seen.add(question.id)
    for feed in _SINGLE_FEEDS:
        fed = questionnaire.fed(feed)
        if len(fed) > 1:
            raise ValueError(
                f"{source}: only one question may feed {feed.value!r} ({fed[0].id}, {fed[1].id})"
            )


def _check_condition(condition: Condition | None, earlier: set[str], where: str) -> None:
    if condition is not None and condition.question and condition.question not in earlier:
        raise ValueError(f"{where} depends on {condition.question!r}, which is not an earlier question")


class _Reader:
    """Reads the parts of a questionnaire, naming the file and the place of any mistake."""

    def __init__(self, source: str) -> None:
        self.source = source

    def fail(self, where: str, problem: str) -> ValueError:
        return ValueError(f"{self.source}: {where}: {problem}")

    def items(self, data: Mapping[str, Any], key: str, where: str) -> list[Mapping[str, Any]]:
        value = data.get(key, [])
        if not isinstance(value, list) or not all(isinstance(item, Mapping) for item in value):
            raise self.fail(where, f"{key!r} must be a list of tables")
        return value

    def text(self, data: Mapping[str, Any], key: str, where: str, *, required: bool = False) -> str:
        value = data.get(key, "")
        if not isinstance(value, str):
            raise self.fail(where, f"{key!r} must be text")
        if required and not value.strip():
            raise self.fail(where, f"{key!r} is required")
        return value.strip()

    def identifier(self, data: Mapping[str, Any], key: str, where: str) -> str:
        value = self.text(data, key, where, required=True)
        if not _ID.match(value):
            raise self.fail(where, f"{key} {value!r} must be lower-case letters, digits and _")
        return value

    def section(self, data: Mapping[str, Any]) -> Section:
        section_id = self.identifier(data, "id", "a section")
        where = f"section {section_id!r}"
        questions = tuple(self.question(raw, table=False) for raw in self.items(data, "questions", where))
        if not questions:
            raise self.fail(where, "has no questions")
        return Section(
            id=section_id,
            title=self.text(data, "title", where, required=True),
            questions=questions,
            intro=self.text(data, "intro", where),
            when=self.condition(data, where),
        )

    def question(self, data: Mapping[str, Any], *, table: bool) -> Question:
        question_id = self.identifier(data, "id", "a question")
        where = f"question {question_id!r}"
        kind = self.choice(data, "kind", where, QuestionKind, QuestionKind.TEXT)
        feed = self.choice(data, "feeds", where, Feed, None)
        required = data.get("required", False)
        if not isinstance(required, bool):
            raise self.fail(where, "'required' must be true or false")
        options = data.get("options", [])
        if not isinstance(options, list) or not all(isinstance(o, str) and o.strip() for o in options):
            raise self.fail(where, "'options' must be a list of texts")
        columns: tuple[Question, ...] = ()
        if kind is QuestionKind.TABLE:
            if table:
                raise self.fail(where, "a table's column cannot be a table")
            columns = tuple(self.question(raw, table=True) for raw in self.items(data, "columns", where))
            if not columns:
                raise self.fail(where, "a table needs 'columns'")
            if len({c.id for c in columns}) != len(columns):
                raise self.fail(where, "its columns' ids must be unique")
        if kind is QuestionKind.CHOICE and len(options) < 2:
            raise self.fail(where, "a choice needs at least two 'options'")
        question = Question(
            id=question_id,
            text=self.text(data, "text", where, required=True),
            kind=kind,
            label=self.text(data, "label", where),
            help=self.text(data, "help", where),
            required=required,
            options=tuple(o.strip() for o in options),
            columns=columns,
            when=self.condition(data, where),
            feed=feed,
        )
        if feed is not None:
            self.check_feed(question, where)
        return question

    def check_feed(self, question: Question, where: str) -> None:
        assert question.feed is not None
        if question.kind not in _FEED_KINDS[question.feed]:
            kinds = ", ".join(k.value for k in _FEED_KINDS[question.feed])
            raise self.fail(where, f"feeds {question.feed.value!r}, which takes a question of kind {kinds}")
        needed = _FEED_COLUMNS.get(question.feed)
        if needed and needed not in {c.id for c in question.columns}:
            raise self.fail(where, f"feeds {question.feed.value!r} and so needs a column {needed!r}")
        if question.feed is Feed.WAGE_BASIS:
            unknown = [o for o in question.options if WageBasis.parse(o) is None]
            if unknown:
                raise self.fail(where, f"option {unknown[0]!r} names no pay basis (hour, day, week, year)")

    def choice(
        self, data: Mapping[str, Any], key: str, where: str, enum_type: type[_E], default: _E | None
    ) -> Any:
        value = data.get(key)
        if value is None:
            return default
        try:
            return enum_type(value)
        except ValueError:
            known = ", ".join(member.value for member in enum_type)
            raise self.fail(where, f"{key} {value!r} is not one of {known}") from None

    def condition(self, data: Mapping[str, Any], where: str) -> Condition | None:
        raw = data.get("when")
        if raw is None:
            return None
        if not isinstance(raw, Mapping):
            raise self.fail(where, "'when' must be a table")
        unknown = set(raw) - {"case_types", "question", "equals"}
        if unknown:
            raise self.fail(where, f"'when' has unknown keys {sorted(unknown)}")
        types = raw.get("case_types", [])
        equals = raw.get("equals", [])
        if isinstance(equals, str):
            equals = [equals]
        if not isinstance(types, list) or not isinstance(equals, list):
            raise self.fail(where, "'when' takes lists of case_types and equals")
        try:
            case_types = frozenset(CaseType(t) for t in types)
        except ValueError as exc:
            raise self.fail(where, f"'when' names an unknown case type ({exc})") from None
        question = raw.get("question", "")
        if not isinstance(question, str):
            raise self.fail(where, "'when.question' must be a question id")
        return Condition(case_types, question, tuple(str(e) for e in equals))


# --- answers -------------------------------------------------------------------------------------


def is_answered(answer: Answer | None) -> bool:
    """Whether anything was typed: non-blank text, or a table row with a cell filled."""
    if answer is None:
        return False
    if isinstance(answer, str):
        return bool(answer.strip())
    return any(is_answered(cell) for row in answer for cell in row.values())


def table_rows(answer: Answer | None) -> Rows:
    """A table question's rows that have something in them (blank rows are ignored)."""
    if not isinstance(answer, list):
        return []
    return [row for row in answer if any(cell.strip() for cell in row.values())]


def asked_sections(
    questionnaire: Questionnaire, case_type: CaseType, answers: Answers
) -> list[tuple[Section, list[Question]]]:
    """The sections asked of this case, each with its questions asked given the answers so far."""
    shown = []
    for section in questionnaire.sections:
        if not section.asked(case_type, answers):
            continue
        questions = [q for q in section.questions if q.asked(case_type, answers)]
        if questions:
            shown.append((section, questions))
    return shown


def asked_answers(questionnaire: Questionnaire, case_type: CaseType, answers: Answers) -> dict[str, Answer]:
    """The answers to the questions asked (an answer to a question no longer asked is left out)."""
    return {
        q.id: answers[q.id]
        for _section, questions in asked_sections(questionnaire, case_type, answers)
        for q in questions
        if is_answered(answers.get(q.id))
    }


def value_error(question: Question, text: str) -> str:
    """What is wrong with ``text`` as an answer to a single (non-table) question; empty when fine."""
    raw = text.strip()
    if not raw:
        return ""
    if len(raw) > MAX_ANSWER_LENGTH:
        return f"At most {MAX_ANSWER_LENGTH:,} characters ({len(raw):,} typed)."
    try:
        match question.kind:
            case QuestionKind.DATE:
                parse_date(raw)
            case QuestionKind.TIME:
                parse_time(raw)
            case QuestionKind.YES_NO:
                if raw.casefold() not in _YES + _NO:
                    return "Answer yes or no."
            case QuestionKind.CHOICE:
                if raw.casefold() not in {o.casefold() for o in question.options}:
                    return f"Choose one of: {', '.join(question.options)}."
            case QuestionKind.NUMBER:
                number = _number(raw)
                if number is None:
                    return f"“{raw[:40]}” is not a number (e.g. 12 or 7.5)."
                if _bounded(number) is None:
                    return f"At most {MAX_NUMBER:,}."
            case QuestionKind.MONEY:
                Money.parse(raw)
            case QuestionKind.SCALE:
                if not raw.isdigit() or int(raw) > PAIN_SCALE_MAX:
                    return f"A whole number from 0 to {PAIN_SCALE_MAX}."
    except DateError as exc:
        return str(exc)
    except ValidationError as exc:
        return " ".join(exc.errors.values())
    return ""


def answer_errors(
    questionnaire: Questionnaire, case_type: CaseType, answers: Answers, *, completing: bool = False
) -> dict[str, str]:
    """Problems with the answers to the questions asked, by question id.

    A draft may be saved with problems (nothing typed is lost); ``completing`` also reports required
    questions left unanswered, since an interview is completed only without problems.
    """
    errors: dict[str, str] = {}
    for _section, questions in asked_sections(questionnaire, case_type, answers):
        for question in questions:
            answer = answers.get(question.id)
            if question.kind is QuestionKind.TABLE:
                problem = _table_error(question, table_rows(answer), completing=completing)
            elif isinstance(answer, str):
                problem = value_error(question, answer)
            else:
                problem = ""
            if not problem and completing and question.required and not is_answered(answer):
                problem = "This question needs an answer."
            if problem:
                errors[question.id] = problem
    return errors


def _table_error(question: Question, rows: Rows, *, completing: bool) -> str:
    for number, row in enumerate(rows, start=1):
        for column in question.columns:
            cell = row.get(column.id, "")
            problem = value_error(column, cell)
            if not problem and completing and column.required and not cell.strip():
                problem = "required."
            if problem:
                return f"Row {number}, {column.short}: {problem}"
    return ""


def check_complete(questionnaire: Questionnaire, case_type: CaseType, answers: Answers) -> None:
    """Check that an interview can be completed.

    Raises:
        ValidationError: Some answers are wrong or missing, by question id.
    """
    errors = answer_errors(questionnaire, case_type, answers, completing=True)
    if errors:
        raise ValidationError(errors)


def _number(text: str) -> Decimal | None:
    try:
        value = Decimal(text.strip().replace(",", ""))
    except InvalidOperation:
        return None
    return value if value.is_finite() else None


def _bounded(value: Decimal | None) -> Decimal | None:
    return value if value is not None and abs(value) <= MAX_NUMBER else None


def answer_date(answer: Answer | None) -> date | None:
    """A date answer read as a date; ``None`` when blank or not a date."""
    try:
        return parse_date(answer) if isinstance(answer, str) else None
    except DateError:
        return None


def answer_time(answer: Answer | None) -> time | None:
    """A time answer read as a time of day; ``None`` when blank or not a time."""
    if not isinstance(answer, str) or not answer.strip():
        return None
    try:
        return parse_time(answer)
    except DateError:
        return None


def answer_number(answer: Answer | None) -> Decimal | None:
    """A number answer read as a Decimal; ``None`` when blank, not a number, or beyond :data:`MAX_NUMBER`."""
    return _bounded(_number(answer)) if isinstance(answer, str) and answer.strip() else None


def answer_money(answer: Answer | None) -> Money | None:
    """An amount answer read as Money; ``None`` when blank or not an amount."""
    if not isinstance(answer, str) or not answer.strip():
        return None
    try:
        return Money.parse(answer)
    except ValidationError:
        return None


def answer_scale(answer: Answer | None) -> int | None:
    """A 0–10 answer read as an int; ``None`` when blank or out of range."""
    if not isinstance(answer, str) or not answer.strip().isdigit():
        return None
    value = int(answer.strip())
    return value if value <= PAIN_SCALE_MAX else None


def display_answer(question: Question, answer: Answer | None) -> str:
    """A single answer as a memo shows it (``Yes``, ``03/04/2026``, ``$1,200.00``, ``7 / 10``)."""
    if not isinstance(answer, str):
        return ""
    raw = answer.strip()
    match question.kind:
        case QuestionKind.DATE if (day := answer_date(raw)) is not None:
            return format_date(day)
        case QuestionKind.TIME if (moment := answer_time(raw)) is not None:
            return format_time(moment)
        case QuestionKind.YES_NO if raw.casefold() in _YES + _NO:
            return "Yes" if raw.casefold() in _YES else "No"
        case QuestionKind.CHOICE:
            return next((o for o in question.options if o.casefold() == raw.casefold()), raw)
        case QuestionKind.MONEY if (amount := answer_money(raw)) is not None:
            return str(amount)
        case QuestionKind.SCALE if (level := answer_scale(raw)) is not None:
            return f"{level} / {PAIN_SCALE_MAX}"
    return raw


# --- what the answers feed -----------------------------------------------------------------------


class ProposalKind(enum.StrEnum):
    """What a proposal adds to the case."""

    FACTS = "facts"
    INCIDENT_DATE = "incident_date"
    INCIDENT_PLACE = "incident_place"
    PROVIDER = "provider"
    WITNESS = "witness"
    WAGES = "wages"


@dataclass(frozen=True, slots=True)
class Person:
    """A provider or witness named in an interview.

    Attributes:
        note: The row's other columns, worded (``First visit: 03/05/2026; Saw: the crash``).
    """

    name: str
    phone: str = ""
    email: str = ""
    address: str = ""
    note: str = ""


@dataclass(frozen=True, slots=True)
class Proposal:
    """Something an interview's answers would add to the case, for the user to confirm.

    Attributes:
        key: Stable across edits of the answers (a person's key is their folded name), so what was
            confirmed once is known and never added twice.
        text: The facts or the place, for those kinds.
        day: The incident date, for that kind.
        person: The provider or witness, for those kinds.
        wage: The lost-wage record, for that kind.
    """

    key: str
    kind: ProposalKind
    title: str
    text: str = ""
    day: date | None = None
    person: Person | None = None
    wage: LostWage | None = None


def person_key(kind: ProposalKind, name: str) -> str:
    """The proposal key of a provider or witness: kind and name folded (case and spacing ignored)."""
    return f"{kind.value}:{' '.join(name.casefold().split())}"


def proposals(interview: Interview, case_type: CaseType) -> list[Proposal]:
    """What the interview's answers would add to the case: facts, place, people, lost wages."""
    questionnaire = interview.questionnaire
    answers = asked_answers(questionnaire, case_type, interview.answers)
    found: list[Proposal] = []
    facts = facts_text(questionnaire, answers)
    if facts:
        found.append(Proposal("facts", ProposalKind.FACTS, "Facts of the incident", text=facts))
    for question in questionnaire.fed(Feed.INCIDENT_DATE):
        day = answer_date(answers.get(question.id))
        if day is not None:
            title = f"Incident date: {format_date(day)}"
            found.append(Proposal("incident_date", ProposalKind.INCIDENT_DATE, title, day=day))
    for question in questionnaire.fed(Feed.INCIDENT_PLACE):
        place = display_answer(question, answers.get(question.id))
        if place:
            found.append(
                Proposal("incident_place", ProposalKind.INCIDENT_PLACE, "Incident place", text=place)
            )
    for feed, kind in ((Feed.PROVIDERS, ProposalKind.PROVIDER), (Feed.WITNESSES, ProposalKind.WITNESS)):
        seen: set[str] = set()
        for question in questionnaire.fed(feed):
            for person in _people(question, answers.get(question.id)):
                key = person_key(kind, person.name)
                if key not in seen:
                    seen.add(key)
                    found.append(Proposal(key, kind, person.name, person=person))
    wage = _lost_wage(interview, answers)
    if wage is not None:
        found.append(Proposal("wages", ProposalKind.WAGES, f"Lost wages: {wage.employer}", wage=wage))
    return found


def facts_text(questionnaire: Questionnaire, answers: Answers) -> str:
    """The answers feeding the case's facts, worded.

    Short answers come first as ``Label: answer`` lines (the incident date and place among them), then
    the long answers as paragraphs.
    """
    lines, paragraphs = [], []
    feeds = (Feed.FACTS, Feed.INCIDENT_DATE, Feed.INCIDENT_PLACE)
    for question in (q for q in questionnaire.questions() if q.feed in feeds):
        shown = display_answer(question, answers.get(question.id))
        if not shown:
            continue
        if question.kind is QuestionKind.LONG_TEXT:
            paragraphs.append(shown)
        else:
            lines.append(f"{question.short}: {shown}")
    return "\n\n".join(part for part in ("\n".join(lines), *paragraphs) if part)


def _people(question: Question, answer: Answer | None) -> Iterator[Person]:
    known = {"name", "phone", "email", "address"}
    for row in table_rows(answer):
        name = " ".join(row.get("name", "").split())
        if not name:
            continue
        note = "; ".join(
            f"{column.short}: {shown}"
            for column in question.columns
            if column.id not in known and (shown := display_answer(column, row.get(column.id, "")))
        )
        yield Person(
            name=name,
            phone=row.get("phone", "").strip(),
            email=row.get("email", "").strip(),
            address=row.get("address", "").strip(),
            note=note,
        )


def _fed_answer(questionnaire: Questionnaire, answers: Answers, feed: Feed) -> Answer | None:
    fed = questionnaire.fed(feed)
    return answers.get(fed[0].id) if fed else None


def _lost_wage(interview: Interview, answers: Answers) -> LostWage | None:
    questionnaire = interview.questionnaire
    employer = _fed_answer(questionnaire, answers, Feed.EMPLOYER)
    if not isinstance(employer, str) or not employer.strip():
        return None
    basis_text = _fed_answer(questionnaire, answers, Feed.WAGE_BASIS)
    basis = WageBasis.parse(basis_text) if isinstance(basis_text, str) else None
    missed = answer_number(_fed_answer(questionnaire, answers, Feed.TIME_MISSED))
    period_from = answer_date(_fed_answer(questionnaire, answers, Feed.MISSED_FROM))
    if (missed is None or missed <= 0) and period_from is None:
        return None  # no time off work reported: nothing to claim
    return LostWage(
        case_id=interview.case_id,
        employer=" ".join(employer.split()),
        rate=answer_money(_fed_answer(questionnaire, answers, Feed.WAGE_RATE)) or Money.zero(),
        basis=basis or WageBasis.HOURLY,
        missed=missed if missed is not None and missed >= 0 else Decimal(0),
        period_from=period_from,
        period_to=answer_date(_fed_answer(questionnaire, answers, Feed.MISSED_TO)),
        notes=f"From the {interview.title.lower()} of {format_date(interview.held_on)}.",
        interview_id=interview.id,
    )


# --- the pain journal and the injury story ---------------------------------------------------------


@dataclass(frozen=True, slots=True)
class PainPoint:
    """The pain and limitations the client reported at one interview.

    Attributes:
        level: 0 (none) to 10 (worst imaginable).
    """

    day: date
    level: int
    limitations: str
    interview_id: int | None


def pain_journal(interviews: Sequence[Interview], case_type: CaseType) -> list[PainPoint]:
    """Pain reported at each completed interview, oldest first (interviews without a level are left out)."""
    points = []
    for interview in interviews:
        if interview.status is not InterviewStatus.COMPLETED:
            continue
        answers = asked_answers(interview.questionnaire, case_type, interview.answers)
        level = answer_scale(_fed_answer(interview.questionnaire, answers, Feed.PAIN))
        if level is None:
            continue
        limitations = _fed_answer(interview.questionnaire, answers, Feed.LIMITATIONS)
        points.append(
            PainPoint(
                interview.held_on,
                level,
                limitations.strip() if isinstance(limitations, str) else "",
                interview.id,
            )
        )
    return sorted(points, key=lambda p: (p.day, p.interview_id or 0))


@dataclass(frozen=True, slots=True)
class Injury:
    """An injury the client reported: body part, severity and any other columns, worded."""

    body_part: str
    detail: str


@dataclass(frozen=True, slots=True)
class InjuryStory:
    """What the completed interviews say about the injuries and their effect on daily life.

    The demand letter and the per-diem valuation read it.

    Attributes:
        injuries: From the latest interview that lists any.
        impact: Every answer feeding ``impact`` or ``limitations``, latest interview first, each labelled.
        latest_pain: The most recent pain journal point.
    """

    injuries: tuple[Injury, ...]
    impact: tuple[str, ...]
    latest_pain: PainPoint | None

    @property
    def empty(self) -> bool:
        """Whether no completed interview said anything about injuries or their effect."""
        return not self.injuries and not self.impact and self.latest_pain is None


def injury_story(interviews: Sequence[Interview], case_type: CaseType) -> InjuryStory:
    """The injuries and their effect on daily life, from the completed interviews."""
    completed = sorted(
        (i for i in interviews if i.status is InterviewStatus.COMPLETED),
        key=lambda i: (i.held_on, i.id or 0),
        reverse=True,
    )
    injuries: tuple[Injury, ...] = ()
    impact: list[str] = []
    for interview in completed:
        questionnaire = interview.questionnaire
        answers = asked_answers(questionnaire, case_type, interview.answers)
        if not injuries:
            injuries = tuple(
                injury
                for question in questionnaire.fed(Feed.INJURIES)
                for injury in _injuries(question, answers)
            )
        for question in questionnaire.questions():
            if question.feed in (Feed.IMPACT, Feed.LIMITATIONS) and (
                shown := display_answer(question, answers.get(question.id))
            ):
                impact.append(f"{question.short} ({format_date(interview.held_on)}): {shown}")
    journal = pain_journal(completed, case_type)
    return InjuryStory(injuries, tuple(impact), journal[-1] if journal else None)


def _injuries(question: Question, answers: Answers) -> Iterator[Injury]:
    for row in table_rows(answers.get(question.id)):
        part = row.get("body_part", "").strip()
        if part:
            detail = "; ".join(
                f"{column.short}: {shown}"
                for column in question.columns
                if column.id != "body_part" and (shown := display_answer(column, row.get(column.id, "")))
            )
            yield Injury(part, detail)


# --- the review step -------------------------------------------------------------------------------


class ReviewState(enum.StrEnum):
    """What confirming a proposal would do, given what the case already holds."""

    NEW = "new"
    LINK = "link"
    ON_CASE = "on_case"
    APPLIED = "applied"
    CASE_HAS_IT = "case_has_it"
    INVALID = "invalid"

    @property
    def actionable(self) -> bool:
        """Whether confirming it changes the case (the others are shown, greyed, with the reason)."""
        return self in (ReviewState.NEW, ReviewState.LINK)


@dataclass(frozen=True, slots=True)
class ReviewItem:
    """A proposal with what confirming it would do.

    Attributes:
        contact_id: For ``LINK`` and ``ON_CASE``, the contact of the same name already in the book.
        message: What confirming does, or why there is nothing to do (``Already on the case``).
    """

    proposal: Proposal
    state: ReviewState
    message: str
    contact_id: int | None = None
