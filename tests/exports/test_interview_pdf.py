"""The printed interview: a memo read back with pypdf (heading, summary, answers, pages), saved atomically."""

from __future__ import annotations

import errno
import os
from collections.abc import Mapping
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader

from casedesk.domain.cases import Case, CaseType, Client
from casedesk.domain.errors import ExportError
from casedesk.domain.interviews import Answer, Interview, InterviewStatus, Questionnaire, check_complete
from casedesk.exports.interview_pdf import DRAFT_MARK, PRIVILEGE_LEGEND, write_interview_pdf
from casedesk.exports.pdf_fonts import pdf_fonts
from casedesk.resources import questionnaires
from tests.folders import immutable

GENERATED_AT = datetime(2026, 11, 21, 9, 30, tzinfo=timezone(timedelta(hours=-6)))
#: US Letter, and the memo's side margins.
PAGE_WIDTH, MARGIN = 612.0, 54.0

#: A complete intake interview of a motor-vehicle case, typed as a case manager would.
INTAKE_ANSWERS: dict[str, Answer] = {
    "incident_date": "6/14/2026",
    "incident_time": "5:40 pm",
    "incident_place": "Lamar Blvd and 5th St, Austin, TX",
    "how_it_happened": "She was stopped at the red light when a delivery van hit the rear of her car.\n\n"
    "The van's driver said he had been looking at his phone.",
    "conditions": "Dry, daylight",
    "hazard": "A puddle of floor cleaner by the freezer aisle, no cone",
    "police_report": "y",
    "police_report_number": "Austin PD 26-114582",
    "client_role": "driver",
    "vehicles": [
        {"vehicle": "2019 Honda Civic", "driver": "Nguyễn Thị Lan", "plate": "LKR-4471", "insurer": ""},
        {"vehicle": "", "driver": "", "plate": "", "insurer": ""},
        {"vehicle": "2022 Ford Transit", "driver": "Kevin Doyle", "plate": "9GH-2210", "insurer": "Fleetco"},
    ],
    "seat_belt": "yes",
    "injuries": [
        {"body_part": "Neck", "severity": "moderate", "description": "Stiff; headaches"},
        {"body_part": "Lower back", "severity": "Severe", "description": "Herniated disc at L4-L5"},
    ],
    "emergency": "no",
    "providers": [
        {
            "name": "Dr. Ana Ruiz",
            "specialty": "Orthopedics",
            "phone": "(512) 555-0177",
            "first_visit": "6/22/2026",
        },
    ],
    "pain_level": "7",
    "limitations": "Cannot lift her daughter or sit through a shift.",
    "witnesses": [{"name": "Tomás Ibarra", "phone": "(512) 555-0190", "saw": "The van hit her"}],
    "prior_injuries": "no",
    "employed": "yes",
    "employer": "Westlake Family Clinic",
    "pay_basis": "hourly",
    "pay_rate": "24.50",
    "missed_work": "yes",
    "time_missed": "120",
}


@pytest.fixture(scope="module")
def forms() -> dict[str, Questionnaire]:
    """The questionnaires shipped with casedesk, by code."""
    return {questionnaire.code: questionnaire for questionnaire in questionnaires()}


def make_case(**fields: Any) -> Case:
    case = Case(
        number="PI-2026-00123",
        caption="Nguyễn v. Harbor Freight & Logistics LLC",
        client_id=3,
        incident_date=date(2026, 6, 14),
        case_type=CaseType.MOTOR_VEHICLE,
        jurisdiction="TX",
        attorney="Dana R. Whitfield",
        id=7,
    )
    return replace(case, **fields)


CLIENT = Client("Nguyễn Thị Lan", id=3)


def make_interview(
    questionnaire: Questionnaire, answers: Mapping[str, Answer], *, completed: bool = True, **fields: Any
) -> Interview:
    interview = Interview(
        case_id=7,
        questionnaire=questionnaire,
        held_on=date(2026, 6, 22),
        answers=dict(answers),
        status=InterviewStatus.COMPLETED if completed else InterviewStatus.DRAFT,
        interviewer="Pat Lee",
        completed_at=datetime(2026, 6, 22, 16, 45, tzinfo=UTC) if completed else None,
        id=4,
    )
    return replace(interview, **fields)


def write(path: Path, interview: Interview, case: Case | None = None, client: Client = CLIENT) -> PdfReader:
    write_interview_pdf(path, interview, case or make_case(), client, generated_at=GENERATED_AT)
    return PdfReader(path)


def page_texts(reader: PdfReader) -> list[str]:
    """Each page's text, with runs of blanks and line breaks as one space."""
    return [" ".join((page.extract_text() or "").split()) for page in reader.pages]


def text_of(reader: PdfReader) -> str:
    return " ".join(page_texts(reader))


def right_edges(reader: PdfReader) -> list[tuple[float, str]]:
    """Where each run of text ends on its page (in points from the left edge), with the text."""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    fonts = pdf_fonts()
    edges: list[tuple[float, str]] = []

    def visit(text: str, cm: list[float], tm: list[float], font: Any, size: float) -> None:
        shown = text.rstrip()
        if not shown.strip() or cm[1] or tm[1]:  # rotated text (a draft's watermark) is measured apart
            return
        name = fonts.bold if "Bold" in str((font or {}).get("/BaseFont", "")) else fonts.regular
        start = tm[4] * cm[0] + tm[5] * cm[2] + cm[4]
        edges.append((start + stringWidth(shown, name, size * cm[0]), shown))

    for page in reader.pages:
        page.extract_text(visitor_text=visit)
    return edges


def test_the_memo_has_its_heading_summary_and_answers(
    tmp_path: Path, forms: dict[str, Questionnaire]
) -> None:
    """To, From, Date, Re, the legend, a summary, then each section's answers as a reader writes them."""
    interview = make_interview(forms["intake"], INTAKE_ANSWERS)
    check_complete(interview.questionnaire, CaseType.MOTOR_VEHICLE, interview.answers)
    reader = write(tmp_path / "memo.pdf", interview)

    assert reader.metadata is not None and reader.metadata.title == "Intake interview PI-2026-00123"
    text = text_of(reader)
    for expected in (
        PRIVILEGE_LEGEND,
        "MEMORANDUM",
        "To: Dana R. Whitfield",
        "From: Pat Lee",
        "Date: June 22, 2026",
        "Re: Intake interview — Nguyễn Thị Lan — PI-2026-00123 Nguyễn v. Harbor Freight & Logistics LLC",
        "Interview completed June 22, 2026 at 10:45 AM.",  # 16:45 UTC, shown in the printing user's zone
        # The summary.
        "Injuries Neck (moderate); Lower back (severe)",
        "Pain today 7 / 10 Limitations Cannot lift her daughter or sit through a shift.",
        "Providers named Dr. Ana Ruiz",
        "Witnesses named Tomás Ibarra",
        "Westlake Family Clinic: $24.50 hourly × 120 hours = $2,940.00",
        # Sections, numbered, with their labels and the answers as displayed.
        "1. The incident",
        "Date of the incident 06/14/2026",
        "Time of the incident 5:40 PM",
        "Police report Yes",
        "Report agency and number Austin PD 26-114582",
        "How it happened She was stopped at the red light",
        "The van's driver said he had been looking at his phone.",
        "2. Vehicles",
        "Client was Driver",
        "Seat belt Yes",
        # Tables under their column headers; the blank row is left out.
        "Vehicle (year, make, model) Driver Plate Insurer",
        "2019 Honda Civic Nguyễn Thị Lan LKR-4471",
        "2022 Ford Transit Kevin Doyle 9GH-2210 Fleetco",
        "Body part Severity Details",
        "Neck Moderate Stiff; headaches",
        "Provider Specialty Phone First visit Last visit",
        "Dr. Ana Ruiz Orthopedics (512) 555-0177 06/22/2026",
        "Pain today 7 / 10",
        "Rate $24.50",
    ):
        assert expected in text, expected


def test_unanswered_and_unasked_questions_are_left_out(
    tmp_path: Path, forms: dict[str, Questionnaire]
) -> None:
    """Only answered questions print; a question no longer asked (a 'no' before it) is left out too."""
    answers = INTAKE_ANSWERS | {"police_report": "no", "prior_injuries_detail": "Whiplash in 2019"}
    text = text_of(write(tmp_path / "memo.pdf", make_interview(forms["intake"], answers)))

    assert "Police report No" in text
    for absent in ("Report agency and number", "Austin PD", "Whiplash", "Surgery", "Airbags deployed"):
        assert absent not in text, absent
    assert "Imaging" not in text  # asked, never answered
    assert "6. Witnesses" in text  # sections are numbered as printed


def test_motor_vehicle_and_premises_cases_print_their_own_questions(
    tmp_path: Path, forms: dict[str, Questionnaire]
) -> None:
    """One set of answers: the car crash prints the vehicles, the fall in a store prints the hazard."""
    interview = make_interview(forms["intake"], INTAKE_ANSWERS)
    crash = text_of(write(tmp_path / "crash.pdf", interview))
    fall = text_of(write(tmp_path / "fall.pdf", interview, make_case(case_type=CaseType.PREMISES)))

    assert "Vehicles involved" in crash and "Seat belt Yes" in crash
    assert "Hazard" not in crash and "floor cleaner" not in crash
    assert "Hazard A puddle of floor cleaner by the freezer aisle" in fall
    assert "Vehicles" not in fall and "Kevin Doyle" not in fall and "Seat belt" not in fall


def test_an_employed_client_who_missed_no_work_claims_no_wages(
    tmp_path: Path, forms: dict[str, Questionnaire]
) -> None:
    """No time off work: the summary says so instead of adding up zero days."""
    answers = {k: v for k, v in INTAKE_ANSWERS.items() if k != "time_missed"} | {"missed_work": "no"}
    text = text_of(write(tmp_path / "memo.pdf", make_interview(forms["intake"], answers)))

    assert "Lost wages Westlake Family Clinic: no time off work reported" in text
    assert "$0.00" not in text


def test_a_draft_is_marked_on_every_page_and_lists_what_is_missing(
    tmp_path: Path, forms: dict[str, Questionnaire]
) -> None:
    """A draft says so on every page, lists its required questions still unanswered and its wrong answers."""
    answers = {key: value for key, value in INTAKE_ANSWERS.items() if key not in ("pain_level", "employed")}
    answers["incident_date"] = "06/34/2026"
    reader = write(tmp_path / "draft.pdf", make_interview(forms["intake"], answers, completed=False))

    pages = page_texts(reader)
    assert all(DRAFT_MARK in page for page in pages)
    text = " ".join(pages)
    missing = text.split("Required questions still unanswered:", 1)[1].split("Answers to correct:", 1)
    assert "Daily life: Pain today" in missing[0] and "Work and wages: Employed" in missing[0]
    assert "The incident: Date of the incident" not in missing[0]  # answered, though wrongly
    assert "Date of the incident: 06/34/2026 does not exist on the calendar." in missing[1]
    assert "Interview completed" not in text
    assert "Lost wages" not in text  # not employed is not answered: no wages to claim yet


def test_a_completed_interview_is_not_marked_draft(tmp_path: Path, forms: dict[str, Questionnaire]) -> None:
    """No draft mark on a completed interview."""
    text = text_of(write(tmp_path / "memo.pdf", make_interview(forms["intake"], INTAKE_ANSWERS)))

    assert "DRAFT" not in text and "still unanswered" not in text


def test_an_empty_draft_says_nothing_was_answered(tmp_path: Path, forms: dict[str, Questionnaire]) -> None:
    """A draft just started prints its heading, what is required, and that nothing is answered yet."""
    text = text_of(write(tmp_path / "empty.pdf", make_interview(forms["follow_up"], {}, completed=False)))

    assert "Re: Follow-up interview — Nguyễn Thị Lan" in text
    assert "No injuries, pain level, providers or witnesses recorded yet." in text
    assert "No question has been answered yet." in text
    assert "Treatment since the last interview: Treatment since" in text
    assert "How the client is now: Pain today" in text


def test_no_attorney_on_the_case_goes_to_the_attorney_of_record(
    tmp_path: Path, forms: dict[str, Questionnaire]
) -> None:
    """A case without an attorney addresses the memo to the attorney of record."""
    interview = make_interview(forms["follow_up"], {"pain_level": "4"}, interviewer="")
    text = text_of(write(tmp_path / "memo.pdf", interview, make_case(attorney="  ")))

    assert "To: Attorney of record" in text
    assert "From: Interviewer not recorded" in text
    assert "Pain today 4 / 10" in text


def test_follow_up_prints_its_conditional_questions(tmp_path: Path, forms: dict[str, Questionnaire]) -> None:
    """The follow-up's expected return date prints only when the client is not at full duty."""
    answers: dict[str, Answer] = {
        "treatment_since": "Eight PT visits; one epidural injection.",
        "pain_level": "5",
        "work_status": "light duty",
        "return_date": "1/4/2027",
    }
    light = text_of(write(tmp_path / "light.pdf", make_interview(forms["follow_up"], answers)))
    full = answers | {"work_status": "Working full duty"}
    back = text_of(write(tmp_path / "full.pdf", make_interview(forms["follow_up"], full)))

    assert "Work status Light duty" in light and "Expected back 01/04/2027" in light
    assert "Work status Working full duty" in back and "Expected back" not in back


def test_every_page_has_the_case_client_and_page_number_in_its_footer(
    tmp_path: Path, forms: dict[str, Questionnaire]
) -> None:
    """Each page names the case and the client, and says "Page N of M"."""
    answers = INTAKE_ANSWERS | {"before_after": "Before and after. " * 400}
    pages = page_texts(write(tmp_path / "memo.pdf", make_interview(forms["intake"], answers)))

    assert len(pages) >= 3
    for number, page in enumerate(pages, start=1):
        assert f"Page {number} of {len(pages)}" in page
        assert "PI-2026-00123 · Nguyễn Thị Lan" in page
        assert PRIVILEGE_LEGEND in page


def test_hostile_answers_wrap_and_continue_without_overflowing(
    tmp_path: Path, forms: dict[str, Questionnaire]
) -> None:
    """20,000-character answers (markup, one endless word, control characters) wrap within the margins."""
    words = ("Pain <b>&amp; stiffness</b> & more\tafter\x00work. " * 500)[:19_980] + " Last words."
    endless = "W" * 20_000
    answers = INTAKE_ANSWERS | {
        "how_it_happened": words,
        "conditions": endless,  # a one-line question, answered at length
        "injuries": [{"body_part": "Neck", "severity": "Severe", "description": endless}],
    }
    caption = " ".join(["Alvarez-Ibarra et al. v. Harbor Freight & Logistics LLC"] * 5) + "x" * 20
    case = make_case(caption=caption[:300])
    client = Client("Nguyễn " + "Thị-Lan " * 24, id=3)
    reader = write(tmp_path / "long.pdf", make_interview(forms["intake"], answers), case, client)

    pages = page_texts(reader)
    assert len(pages) > 10
    text = " ".join(pages)
    assert "Last words." in text
    assert "<b>& stiffness</b> & more after" in text.replace("&amp;", "&")
    assert "x" * 20 in text.replace(" ", "")  # the caption's end is printed, wrapped, not cut
    assert text.replace(" ", "").count("W") >= 40_000
    assert f"Page {len(pages)} of {len(pages)}" in pages[-1]
    # Line breaking may run a fraction of a point long; an overflow is tens or hundreds of points.
    overflow = [(edge, run[:40]) for edge, run in right_edges(reader) if edge > PAGE_WIDTH - MARGIN + 2]
    assert overflow == []


@pytest.mark.parametrize("completed", [True, False], ids=["completed", "draft"])
def test_answers_too_large_to_count_or_to_box_still_print(
    tmp_path: Path, forms: dict[str, Questionnaire], completed: bool
) -> None:
    """An injury named at length, a wrong answer pages long, 19,000 digits of time missed: the memo prints."""
    answers = INTAKE_ANSWERS | {
        "injuries": [{"body_part": "Neck " * 4_000, "severity": "Severe"}],
        "time_missed": "9" * 19_000 if completed else "many " * 3_800,
    }
    reader = write(tmp_path / "memo.pdf", make_interview(forms["intake"], answers, completed=completed))

    text = text_of(reader)
    assert len(reader.pages) > 3
    assert "Injuries Neck Neck" in text and "…" in text  # the summary gives a glimpse, the section all of it
    assert "Westlake Family Clinic: not computed until the wage answers are corrected" in text
    if not completed:
        assert "Hours or work days missed: “many many" in text.split("Answers to correct:", 1)[1]
    overflow = [(edge, run[:40]) for edge, run in right_edges(reader) if edge > PAGE_WIDTH - MARGIN + 2]
    assert overflow == []


def test_a_missing_folder_is_a_clear_error(tmp_path: Path, forms: dict[str, Questionnaire]) -> None:
    """Saving into a folder that does not exist says so; nothing is created."""
    with pytest.raises(ExportError, match="does not exist"):
        write(tmp_path / "gone" / "memo.pdf", make_interview(forms["intake"], INTAKE_ANSWERS))
    assert os.listdir(tmp_path) == []


def test_a_file_that_cannot_be_replaced_keeps_the_old_one(
    tmp_path: Path, forms: dict[str, Questionnaire], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A memo open in another program cannot be replaced: a clear error, the old file stays, no temp file."""
    path = tmp_path / "memo.pdf"
    path.write_bytes(b"the old memo")

    def refuse(source: object, target: object) -> None:
        raise PermissionError(errno.EACCES, "Permission denied")

    monkeypatch.setattr(os, "replace", refuse)
    with pytest.raises(ExportError, match="permission") as caught:
        write(path, make_interview(forms["intake"], INTAKE_ANSWERS))

    assert "close the file if it is open in another program" in caught.value.hint
    assert path.read_bytes() == b"the old memo"
    assert os.listdir(tmp_path) == ["memo.pdf"]


def test_an_unwritable_folder_is_a_clear_error(tmp_path: Path, forms: dict[str, Questionnaire]) -> None:
    """A folder nobody may write to (not even root) is refused clearly; the memo already there stays."""
    folder = tmp_path / "shared"
    folder.mkdir()
    (folder / "memo.pdf").write_bytes(b"the old memo")
    with immutable(folder), pytest.raises(ExportError, match=r"memo\.pdf cannot be saved in"):
        write(folder / "memo.pdf", make_interview(forms["intake"], INTAKE_ANSWERS))
    assert (folder / "memo.pdf").read_bytes() == b"the old memo"
    assert os.listdir(folder) == ["memo.pdf"]
