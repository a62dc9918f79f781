"""The printed interview: a memo to the attorney, a summary on top, then each section's answers, as a PDF."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING
from xml.sax.saxutils import escape

from casedesk.domain.cases import Case, Client
from casedesk.domain.interviews import (
    Feed,
    Interview,
    InterviewStatus,
    ProposalKind,
    Question,
    QuestionKind,
    Section,
    answer_errors,
    asked_answers,
    asked_sections,
    display_answer,
    is_answered,
    proposals,
    table_rows,
)
from casedesk.domain.typed import long_date, long_moment
from casedesk.domain.wages import LostWage, validate_lost_wage
from casedesk.exports.pdf_fonts import PdfFonts, pdf_fonts
from casedesk.exports.pdf_pages import DocumentInfo, PageSetup, write_pdf

if TYPE_CHECKING:
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.pdfgen.canvas import Canvas
    from reportlab.platypus import Flowable

#: The legend a memo to the attorney about a client interview carries, at the top and on every page.
PRIVILEGE_LEGEND = "Privileged and confidential — attorney work product"
#: How a draft is marked, at the top and across every page.
DRAFT_MARK = "DRAFT — not completed"
#: Who the memo goes to when the case names no attorney.
NO_ATTORNEY = "Attorney of record"
#: A single-line answer longer than this prints as a paragraph under its label, not beside it.
_SHORT_ANSWER = 280
#: The answers a lost-wage record is made of.
_WAGE_FEEDS = frozenset(
    {Feed.EMPLOYER, Feed.WAGE_BASIS, Feed.WAGE_RATE, Feed.TIME_MISSED, Feed.MISSED_FROM, Feed.MISSED_TO}
)
#: The longest a summary line or a draft's problem gets before it is cut short with "…".
_BRIEF = 400
#: Page margins, the footer's and the running header's heights, in points (1/72 inch).
_MARGIN = 54.0
_FOOTER = 30.0
_HEADER = 16.0
#: The label column of the heading block and of the answers.
_HEADING_LABEL = 58.0
_LABEL_WIDTH = 150.0
#: Room a heading or a label above its answer needs below it, or it starts the next page: a heading is
#: never left alone at the foot of a page, yet an answer pages long starts at once (keeping it with its
#: heading as a whole would push it to the next page and leave a gap).
_ROOM_AFTER_HEADING = 90.0
_ROOM_AFTER_LABEL = 60.0
_INK = "#1f1f1f"
_MUTED = "#5a5a5a"
_RULE = "#9a9a9a"
_HAIRLINE = "#d4d4d4"
_SHADE = "#f1f4f8"
_TABLE_HEAD = "#e3e8ef"
_DRAFT = "#b00020"
_DRAFT_SHADE = "#fdf1f3"
#: Control characters other than line breaks and tabs: they print as boxes, or not at all.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")


@dataclass(frozen=True, slots=True)
class _Styles:
    """The paragraph styles of the memo."""

    fonts: PdfFonts
    legend: ParagraphStyle
    title: ParagraphStyle
    heading_label: ParagraphStyle
    heading_value: ParagraphStyle
    section: ParagraphStyle
    label: ParagraphStyle
    label_above: ParagraphStyle
    body: ParagraphStyle
    answer: ParagraphStyle
    note: ParagraphStyle
    box_title: ParagraphStyle
    cell: ParagraphStyle
    column_head: ParagraphStyle
    draft_title: ParagraphStyle
    draft_body: ParagraphStyle


@dataclass(frozen=True, slots=True)
class _Memo:
    """What every page shows: the interview, its case and client, and when it was printed."""

    interview: Interview
    case: Case
    client: Client
    generated_at: datetime

    @property
    def draft(self) -> bool:
        return self.interview.status is not InterviewStatus.COMPLETED


def write_interview_pdf(
    path: Path, interview: Interview, case: Case, client: Client, *, generated_at: datetime
) -> None:
    """Write an interview as a memo to the attorney (US Letter, portrait), atomically.

    The memo opens with its heading (to the case's attorney, from the interviewer, the interview's date,
    and what it is about), the privilege legend and a summary: injuries, pain today and limitations, the
    providers and witnesses named and any lost wages. Then come the sections asked of this case, each
    with its answered questions (the short label in bold, then the answer; tables as tables). A draft is
    marked as such on every page and lists the required questions still unanswered. Every page's footer
    has the case number, the client and "Page N of M".

    Args:
        path: The PDF to write; a file already there is replaced only once the new one is complete.
        interview: The interview to print, draft or completed.
        case: Its case (the case type decides which questions were asked).
        client: The case's client.
        generated_at: When the memo is printed, in the time zone to show it in (the user's).

    Raises:
        ExportError: The folder cannot be written or the file cannot be replaced; nothing was changed.
    """
    from reportlab.lib.pagesizes import LETTER  # heavy: imported only when printing

    memo = _Memo(interview, case, client, generated_at)
    styles = _styles(pdf_fonts())
    page_size: tuple[float, float] = LETTER
    setup = PageSetup(page_size, _MARGIN, _FOOTER)

    def story() -> list[Flowable]:
        return _story(memo, styles, setup.width)

    info = DocumentInfo(f"{interview.title} {case.number}", case.caption, interview.interviewer)

    def furniture(canvas: Canvas, page: int, total: int) -> None:
        _draw_page_furniture(canvas, page, total, memo, styles, page_size)

    def mark_draft(canvas: Canvas) -> None:
        # Over the text, see-through: drawn under it, the shaded boxes would hide it.
        if memo.draft:
            _draw_watermark(canvas, page_size, styles.fonts.bold)

    write_pdf(path, story, setup, info, furniture, mark_draft)


def _draw_page_furniture(
    canvas: Canvas, page: int, total: int, memo: _Memo, styles: _Styles, page_size: tuple[float, float]
) -> None:
    """The footer on every page, a running header from page 2 on, and a draft's watermark."""
    from reportlab.lib import colors
    from reportlab.pdfbase.pdfmetrics import stringWidth

    width, height = page_size[0] - 2 * _MARGIN, page_size[1]
    right = _MARGIN + width
    regular, bold = styles.fonts.regular, styles.fonts.bold
    canvas.saveState()
    canvas.setStrokeColor(colors.HexColor(_RULE))
    canvas.setLineWidth(0.5)
    top = _MARGIN + _FOOTER - 8
    canvas.line(_MARGIN, top, right, top)
    canvas.setFillColor(colors.HexColor(_INK))
    number = f"Page {page} of {total}"
    canvas.setFont(bold, 8)
    canvas.drawRightString(right, top - 11, number)
    room = width - stringWidth(number, bold, 8) - 24
    canvas.drawString(_MARGIN, top - 11, _fit(f"{memo.case.number} · {memo.client.name}", bold, 8, room))
    canvas.setFillColor(colors.HexColor(_MUTED))
    canvas.setFont(regular, 7)
    printed = f"{PRIVILEGE_LEGEND} · Printed {long_moment(memo.generated_at)}"
    if memo.draft:
        printed = f"{DRAFT_MARK} · {printed}"
    canvas.drawString(_MARGIN, top - 21, _fit(printed, regular, 7, width))
    if page > 1:
        interview = memo.interview
        canvas.setFont(regular, 8)
        when = long_date(interview.held_on)
        canvas.drawRightString(right, height - _MARGIN + _HEADER, when)
        room = width - stringWidth(when, regular, 8) - 24
        running = f"{interview.title} · {memo.client.name} · {memo.case.number} {memo.case.caption}"
        canvas.drawString(_MARGIN, height - _MARGIN + _HEADER, _fit(running, regular, 8, room))
    canvas.restoreState()


def _draw_watermark(canvas: Canvas, page_size: tuple[float, float], font: str) -> None:
    """A large, faint "DRAFT" across the page."""
    from reportlab.lib import colors

    canvas.saveState()
    canvas.setFillColor(colors.HexColor(_DRAFT))
    canvas.setFillAlpha(0.09)
    canvas.setFont(font, 120)
    canvas.translate(page_size[0] / 2, page_size[1] / 2)
    canvas.rotate(45)
    canvas.drawCentredString(0, -40, "DRAFT")
    canvas.restoreState()


def _fit(text: str, font: str, size: float, width: float) -> str:
    """The text on one line, cut short with "…" if it is wider than ``width`` points."""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    text = " ".join(_clean(text).split())
    if stringWidth(text, font, size) <= width:
        return text
    # Cut by halves first: a caption of hundreds of characters needs few measurements.
    low, high = 0, len(text)
    while low < high:
        middle = (low + high + 1) // 2
        if stringWidth(text[:middle] + "…", font, size) <= width:
            low = middle
        else:
            high = middle - 1
    return text[:low].rstrip() + "…"


# --- the story -------------------------------------------------------------------------------------


def _story(memo: _Memo, styles: _Styles, width: float) -> list[Flowable]:
    """Everything on the pages, in reading order."""
    from reportlab.platypus import Paragraph, Spacer

    story = _heading(memo, styles, width)
    story += _status(memo, styles, width)
    story += _summary(memo, styles, width)
    printed = 0
    interview, case_type = memo.interview, memo.case.case_type
    for section, questions in asked_sections(interview.questionnaire, case_type, interview.answers):
        answered = [q for q in questions if is_answered(interview.answers.get(q.id))]
        if answered:
            printed += 1
            story += _section(printed, section, answered, interview, styles, width)
    if not printed:
        story.append(Paragraph("No question has been answered yet.", styles.body))
    story.append(Spacer(width, 6))
    return story


def _heading(memo: _Memo, styles: _Styles, width: float) -> list[Flowable]:
    """The privilege legend, MEMORANDUM, and the To, From, Date and Re lines under it."""
    from reportlab.lib import colors
    from reportlab.platypus import HRFlowable, Paragraph, Table, TableStyle

    interview, case, client = memo.interview, memo.case, memo.client
    lines = (
        ("To:", case.attorney.strip() or NO_ATTORNEY),
        ("From:", interview.interviewer.strip() or "Interviewer not recorded"),
        ("Date:", long_date(interview.held_on)),
        ("Re:", f"{interview.title} — {client.name} — {case.number} {case.caption}"),
    )
    table = Table(
        [
            [Paragraph(label, styles.heading_label), Paragraph(_markup(value), styles.heading_value)]
            for label, value in lines
        ],
        colWidths=[_HEADING_LABEL, width - _HEADING_LABEL],
        hAlign="LEFT",
    )
    table.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                ("TOPPADDING", (0, 0), (-1, -1), 1.5),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 1.5),
            ]
        )
    )
    return [
        Paragraph(escape(PRIVILEGE_LEGEND), styles.legend),
        Paragraph("MEMORANDUM", styles.title),
        table,
        HRFlowable(width="100%", thickness=1.2, color=colors.HexColor(_INK), spaceBefore=8, spaceAfter=8),
    ]


def _status(memo: _Memo, styles: _Styles, width: float) -> list[Flowable]:
    """When the interview was completed; or, for a draft, the mark and what is still missing."""
    from reportlab.platypus import Paragraph, Spacer

    interview = memo.interview
    if not memo.draft:
        when = interview.completed_at
        if when is None:
            return []
        local = when.astimezone(memo.generated_at.tzinfo)
        return [Paragraph(f"Interview completed {long_moment(local)}.", styles.note)]
    return [_draft_box(memo, styles, width), Spacer(width, 8)]


def _draft_box(memo: _Memo, styles: _Styles, width: float) -> Flowable:
    """The draft's mark, the required questions it still lacks and the answers to correct."""
    from reportlab.lib import colors
    from reportlab.platypus import Paragraph

    interview, case_type = memo.interview, memo.case.case_type
    questionnaire, answers = interview.questionnaire, interview.answers
    missing = [
        f"{section.title}: {question.short}"
        for section, questions in asked_sections(questionnaire, case_type, answers)
        for question in questions
        if question.required and not is_answered(answers.get(question.id))
    ]
    problems = answer_errors(questionnaire, case_type, answers)
    # A message may quote the answer, which prints in full in its section: here a glimpse is enough.
    wrong = [f"{questionnaire.question(qid).short}: {_brief(problem)}" for qid, problem in problems.items()]
    rows = [
        Paragraph(escape(DRAFT_MARK), styles.draft_title),
        Paragraph(
            "The interview is still being filled in; these answers are not the client's final account.",
            styles.draft_body,
        ),
    ]
    for heading, items in (("Required questions still unanswered:", missing), ("Answers to correct:", wrong)):
        if items:
            rows.append(Paragraph(f"<b>{heading}</b>", styles.draft_body))
            rows += [Paragraph(_markup(item), styles.draft_body, bulletText="•") for item in items]
    return _box(
        [[row] for row in rows],
        [width],
        [
            ("BOX", (0, 0), (-1, -1), 1.2, colors.HexColor(_DRAFT)),
            ("BACKGROUND", (0, 0), (-1, -1), colors.HexColor(_DRAFT_SHADE)),
        ],
    )


def _summary(memo: _Memo, styles: _Styles, width: float) -> list[Flowable]:
    """A shaded box of what matters first: injuries, pain and limitations, who was named, lost wages."""
    from reportlab.lib import colors
    from reportlab.platypus import Paragraph, Spacer

    title = Paragraph("Summary", styles.box_title)
    rows = [
        [Paragraph(escape(label), styles.label), Paragraph(_markup(_brief(text)), styles.answer)]
        for label, text in _summary_rows(memo)
    ]
    commands: list[tuple[object, ...]] = [
        ("SPAN", (0, 0), (-1, 0)),
        ("BACKGROUND", (0, 0), (-1, -1), colors.HexColor(_SHADE)),
        ("LINEBEFORE", (0, 0), (0, -1), 3, colors.HexColor("#34495e")),
    ]
    if not rows:
        nothing = "No injuries, pain level, providers or witnesses recorded yet."
        rows = [[Paragraph(nothing, styles.answer), ""]]
        commands.append(("SPAN", (0, 1), (-1, 1)))
    # The labels line up with the answers' labels below; the box's padding comes out of the first column.
    table = _box([[title, ""], *rows], [_LABEL_WIDTH, width - _LABEL_WIDTH], commands)
    return [table, Spacer(width, 4)]


def _box(data: list[list[object]], widths: list[float], commands: list[tuple[object, ...]]) -> Flowable:
    """A padded box of rows; a row taller than a page continues on the next rather than being refused."""
    from reportlab.platypus import Table, TableStyle

    table = Table(data, colWidths=widths, splitInRow=1, hAlign="LEFT")
    last = len(data) - 1
    table.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("LEFTPADDING", (0, 0), (0, -1), 10),
                ("RIGHTPADDING", (0, 0), (-1, -1), 6),
                ("RIGHTPADDING", (-1, 0), (-1, -1), 10),
                ("TOPPADDING", (0, 0), (-1, -1), 1.5),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 1.5),
                ("TOPPADDING", (0, 0), (-1, 0), 7),
                ("BOTTOMPADDING", (0, last), (-1, last), 8),
                *commands,
            ]
        )
    )
    return table


def _summary_rows(memo: _Memo) -> list[tuple[str, str]]:
    """The summary's lines as (label, text), each only when the interview says something about it."""
    interview, case_type = memo.interview, memo.case.case_type
    questionnaire = interview.questionnaire
    answers = asked_answers(questionnaire, case_type, interview.answers)
    rows: list[tuple[str, str]] = []
    injuries = [
        _injury(question, row)
        for question in questionnaire.fed(Feed.INJURIES)
        for row in table_rows(answers.get(question.id))
    ]
    if injuries := [injury for injury in injuries if injury]:
        rows.append(("Injuries", "; ".join(injuries)))
    for feed, label in ((Feed.PAIN, "Pain today"), (Feed.LIMITATIONS, "Limitations")):
        for question in questionnaire.fed(feed):
            if shown := display_answer(question, answers.get(question.id)):
                rows.append((label, shown))
    found = proposals(interview, case_type)
    for kind, label in (
        (ProposalKind.PROVIDER, "Providers named"),
        (ProposalKind.WITNESS, "Witnesses named"),
    ):
        if names := [p.title for p in found if p.kind is kind]:
            rows.append((label, "; ".join(names)))
    wrong = any(
        questionnaire.question(question_id).feed in _WAGE_FEEDS
        for question_id in answer_errors(questionnaire, case_type, interview.answers)
    )
    wages = [p.wage for p in found if p.wage is not None]
    rows += [("Lost wages", _wage(wage, wrong)) for wage in wages]
    employer = next(
        (shown for q in questionnaire.fed(Feed.EMPLOYER) if (shown := display_answer(q, answers.get(q.id)))),
        "",
    )
    if employer and not wages:
        why = "not computed until the wage answers are corrected" if wrong else "no time off work reported"
        rows.append(("Lost wages", f"{employer}: {why}"))
    return rows


def _wage(wage: LostWage, answers_wrong: bool) -> str:
    """The lost wages the answers claim, and how they add up; or why they cannot be added up."""
    if answers_wrong:  # a draft's rate or time that is not a number would count as nothing
        return f"{wage.employer}: not computed until the wage answers are corrected"
    if wage.missed == 0 and wage.override is None:
        return f"{wage.employer}: no time off work reported"
    problems = validate_lost_wage(wage)
    if problems:
        return f"{wage.employer}: not computed ({' '.join(problems.values())})"
    try:
        return f"{wage.employer}: {wage.explanation()} (as the client told it)"
    except ArithmeticError:  # a rate or time too large for an amount in cents
        return f"{wage.employer}: not computed (the rate or the time missed is too large)"


def _injury(question: Question, row: dict[str, str]) -> str:
    """An injury row in a few words: ``Neck (moderate)``."""
    part = " ".join(row.get("body_part", "").split())
    if not part:
        return ""
    severity = next((c for c in question.columns if c.id == "severity"), None)
    level = display_answer(severity, row.get("severity", "")) if severity else ""
    return f"{part} ({level.lower()})" if level else part


def _section(
    number: int,
    section: Section,
    questions: Sequence[Question],
    interview: Interview,
    styles: _Styles,
    width: float,
) -> list[Flowable]:
    """A section's heading, then its answers: short ones side by side with their labels, others below."""
    from reportlab.platypus import CondPageBreak, Paragraph

    flowables: list[Flowable] = [
        CondPageBreak(_ROOM_AFTER_HEADING),
        Paragraph(f"{number}. {escape(_clean(section.title))}", styles.section),
    ]
    pending: list[tuple[Question, str]] = []

    def flush() -> None:
        if pending:
            flowables.append(_short_answers(pending, styles, width))
            pending.clear()

    for question in questions:
        answer = interview.answers.get(question.id)
        if question.kind is QuestionKind.TABLE:
            flush()
            flowables += _table_answer(question, table_rows(answer), styles, width)
            continue
        shown = _clean(display_answer(question, answer))
        if question.kind is QuestionKind.LONG_TEXT or "\n" in shown or len(shown) > _SHORT_ANSWER:
            flush()
            flowables += _long_answer(question, shown, styles)
        else:
            pending.append((question, shown))
    flush()
    return flowables


def _short_answers(answers: Sequence[tuple[Question, str]], styles: _Styles, width: float) -> Flowable:
    """Short answers as a two-column list: the label in bold, the answer beside it."""
    from reportlab.lib import colors
    from reportlab.platypus import Paragraph, Table, TableStyle

    data = [
        [Paragraph(escape(_clean(question.short)), styles.label), Paragraph(_markup(shown), styles.answer)]
        for question, shown in answers
    ]
    table = Table(data, colWidths=[_LABEL_WIDTH, width - _LABEL_WIDTH], splitInRow=1, hAlign="LEFT")
    table.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (0, -1), 10),
                ("RIGHTPADDING", (1, 0), (1, -1), 0),
                ("TOPPADDING", (0, 0), (-1, -1), 3),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
                ("LINEBELOW", (0, 0), (-1, -2), 0.25, colors.HexColor(_HAIRLINE)),
            ]
        )
    )
    return table


def _long_answer(question: Question, shown: str, styles: _Styles) -> list[Flowable]:
    """A long answer: its label, then its paragraphs across the full width (continued on the next page)."""
    from reportlab.platypus import CondPageBreak, Paragraph

    flowables: list[Flowable] = [
        CondPageBreak(_ROOM_AFTER_LABEL),
        Paragraph(escape(_clean(question.short)), styles.label_above),
    ]
    for paragraph in re.split(r"\n\s*\n", shown.strip()):
        if paragraph.strip():
            flowables.append(Paragraph(_markup(paragraph), styles.body))
    return flowables


def _table_answer(
    question: Question, rows: Sequence[dict[str, str]], styles: _Styles, width: float
) -> list[Flowable]:
    """A table question: its label, then its rows under the column headers."""
    from reportlab.lib import colors
    from reportlab.platypus import CondPageBreak, Paragraph, Table, TableStyle

    columns = question.columns
    cells = [[_clean(display_answer(column, row.get(column.id, ""))) for column in columns] for row in rows]
    data = [[Paragraph(escape(_clean(column.short)), styles.column_head) for column in columns]]
    data += [[Paragraph(_markup(cell), styles.cell) for cell in row] for row in cells]
    table = Table(
        data,
        colWidths=_column_widths(columns, cells, width),
        repeatRows=1,
        splitInRow=1,  # a cell taller than a page continues on the next rather than being refused
        hAlign="LEFT",
        spaceAfter=6,
    )
    table.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor(_TABLE_HEAD)),
                ("LINEBELOW", (0, 0), (-1, 0), 0.75, colors.HexColor(_RULE)),
                ("LINEBELOW", (0, 1), (-1, -1), 0.25, colors.HexColor(_HAIRLINE)),
                ("BOX", (0, 0), (-1, -1), 0.5, colors.HexColor(_RULE)),
                ("LEFTPADDING", (0, 0), (-1, -1), 5),
                ("RIGHTPADDING", (0, 0), (-1, -1), 5),
                ("TOPPADDING", (0, 0), (-1, -1), 3),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
            ]
        )
    )
    return [
        CondPageBreak(_ROOM_AFTER_LABEL),
        Paragraph(escape(_clean(question.short)), styles.label_above),
        table,
    ]


def _column_widths(columns: Sequence[Question], cells: Sequence[Sequence[str]], width: float) -> list[float]:
    """Widths by how much each column holds: dates and plates narrow, descriptions wide."""
    weights = []
    for index, column in enumerate(columns):
        longest = max([len(column.short), *(len(row[index]) for row in cells)])
        weights.append(min(max(longest, 8), 42))
    total = sum(weights)
    return [width * weight / total for weight in weights]


# --- words and styles ------------------------------------------------------------------------------


def _brief(text: str) -> str:
    """Text for a summary line: cut short past a few lines (the full answer prints in its section)."""
    return text if len(text) <= _BRIEF else text[: _BRIEF - 1].rstrip() + "…"


def _clean(text: str) -> str:
    """Text without the control characters that print as boxes; tabs as spaces."""
    return _CONTROL.sub("", text.replace("\t", " ").replace("\r\n", "\n").replace("\r", "\n"))


def _markup(text: str) -> str:
    """Plain text as paragraph markup: special characters escaped, line breaks kept."""
    return "<br/>".join(escape(line) for line in _clean(text).split("\n"))


def _styles(fonts: PdfFonts) -> _Styles:
    from reportlab.lib import colors
    from reportlab.lib.enums import TA_CENTER
    from reportlab.lib.styles import ParagraphStyle

    ink, muted = colors.HexColor(_INK), colors.HexColor(_MUTED)
    body = ParagraphStyle(
        "body", fontName=fonts.regular, fontSize=10, leading=13.5, textColor=ink, spaceAfter=5
    )
    answer = ParagraphStyle("answer", parent=body, spaceAfter=0)
    label = ParagraphStyle("label", parent=answer, fontName=fonts.bold)
    cell = ParagraphStyle("cell", parent=answer, fontSize=9, leading=11.5)
    draft_body = ParagraphStyle(
        "draft_body", parent=answer, fontSize=9, leading=12, bulletIndent=4, leftIndent=0
    )
    return _Styles(
        fonts=fonts,
        legend=ParagraphStyle(
            "legend",
            parent=answer,
            fontName=fonts.bold,
            fontSize=8.5,
            leading=11,
            alignment=TA_CENTER,
            textColor=colors.HexColor(_DRAFT),
            spaceAfter=10,
        ),
        title=ParagraphStyle(
            "title", parent=answer, fontName=fonts.bold, fontSize=20, leading=24, spaceAfter=10
        ),
        heading_label=ParagraphStyle("heading_label", parent=label, fontSize=10.5, leading=14),
        heading_value=ParagraphStyle("heading_value", parent=answer, fontSize=10.5, leading=14),
        section=ParagraphStyle(
            "section",
            parent=answer,
            fontName=fonts.bold,
            fontSize=12,
            leading=15,
            spaceBefore=14,
            spaceAfter=5,
        ),
        label=label,
        label_above=ParagraphStyle("label_above", parent=label, spaceBefore=6, spaceAfter=2),
        body=body,
        answer=answer,
        note=ParagraphStyle("note", parent=answer, fontSize=8.5, leading=11, textColor=muted, spaceAfter=8),
        box_title=ParagraphStyle(
            "box_title",
            parent=label,
            fontSize=11,
            leading=14,
            spaceAfter=2,
            textColor=colors.HexColor("#34495e"),
        ),
        cell=cell,
        column_head=ParagraphStyle("column_head", parent=cell, fontName=fonts.bold),
        draft_title=ParagraphStyle(
            "draft_title",
            parent=label,
            fontSize=13,
            leading=16,
            textColor=colors.HexColor(_DRAFT),
            spaceAfter=3,
        ),
        draft_body=draft_body,
    )
