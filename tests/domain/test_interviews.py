"""Questionnaires as data, answers as typed, conditions, and what the answers feed in the case."""

from __future__ import annotations

import tomllib
from datetime import date
from decimal import Decimal
from typing import Any

import pytest

from casedesk.domain.cases import CaseType
from casedesk.domain.errors import ValidationError
from casedesk.domain.interviews import (
    Feed,
    Interview,
    InterviewStatus,
    ProposalKind,
    QuestionKind,
    answer_errors,
    asked_answers,
    asked_sections,
    check_complete,
    display_answer,
    facts_text,
    injury_story,
    interview_errors,
    is_answered,
    pain_journal,
    parse_questionnaire,
    person_key,
    proposals,
)
from casedesk.domain.money import Money
from casedesk.domain.wages import WageBasis
from casedesk.resources import questionnaires, resource_path

MV, PREMISES = CaseType.MOTOR_VEHICLE, CaseType.PREMISES


def intake() -> Any:
    return next(q for q in questionnaires() if q.code == "intake")


def follow_up() -> Any:
    return next(q for q in questionnaires() if q.code == "follow_up")


def minimal(**sections: Any) -> dict[str, Any]:
    """A one-section questionnaire with the given questions."""
    return {
        "code": "test",
        "title": "Test interview",
        "sections": [{"id": "main", "title": "Main", "questions": sections.get("questions", [])}],
    }


def complete_intake_answers(**extra: Any) -> dict[str, Any]:
    answers: dict[str, Any] = {
        "incident_date": "03/04/2026",
        "incident_place": "Main St & 5th, Austin",
        "how_it_happened": "Stopped at a red light and was hit from behind.",
        "injuries": [{"body_part": "Neck", "severity": "Moderate", "description": "Stiff, headaches"}],
        "pain_level": "7",
        "prior_injuries": "no",
        "employed": "no",
    }
    answers.update(extra)
    return answers


def interview(answers: dict[str, Any], *, questionnaire: Any = None, **fields: Any) -> Interview:
    return Interview(
        case_id=1,
        questionnaire=questionnaire or intake(),
        held_on=fields.pop("held_on", date(2026, 11, 2)),
        answers=answers,
        id=fields.pop("id", 5),
        **fields,
    )


# --- the shipped questionnaires ------------------------------------------------------------------


def test_the_shipped_questionnaires_load_with_the_topics_an_intake_needs() -> None:
    codes = {q.code for q in questionnaires()}
    assert {"intake", "follow_up"} <= codes
    titles = {section.title for section in intake().sections}
    assert {"The incident", "Vehicles", "Injuries", "Treatment so far", "Daily life", "Witnesses"} <= titles
    assert {"Prior injuries and claims", "Insurance", "Work and wages"} <= titles
    feeds = {q.feed for q in intake().questions()}
    assert {Feed.PROVIDERS, Feed.WITNESSES, Feed.EMPLOYER, Feed.WAGE_RATE, Feed.PAIN, Feed.FACTS} <= feeds
    follow = {q.feed for q in follow_up().questions()}
    assert {Feed.PROVIDERS, Feed.PAIN, Feed.IMPACT} <= follow


def test_a_questionnaire_keeps_its_source_so_a_stored_copy_reads_back_the_same() -> None:
    path = resource_path("questionnaires") / "intake.toml"
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    copy = parse_questionnaire(intake().source)
    assert copy == parse_questionnaire(data)
    assert [q.id for q in copy.questions()] == [q.id for q in intake().questions()]


# --- reading questionnaires: mistakes are named ----------------------------------------------------


@pytest.mark.parametrize(
    ("questions", "message"),
    [
        ([{"id": "a", "text": "A", "kind": "essay"}], "kind 'essay' is not one of"),
        ([{"id": "A b", "text": "A"}], "must be lower-case"),
        ([{"id": "a", "text": "A"}, {"id": "a", "text": "Again"}], "asked twice"),
        ([{"id": "a", "text": "A", "kind": "choice", "options": ["Only"]}], "at least two 'options'"),
        ([{"id": "a", "text": "A", "kind": "table"}], "a table needs 'columns'"),
        ([{"id": "a", "text": "A", "feeds": "pain"}], "feeds 'pain', which takes a question of kind scale"),
        (
            [
                {
                    "id": "a",
                    "text": "A",
                    "kind": "table",
                    "feeds": "providers",
                    "columns": [{"id": "x", "text": "X"}],
                }
            ],
            "needs a column 'name'",
        ),
        (
            [{"id": "a", "text": "A", "when": {"question": "later"}}, {"id": "later", "text": "L"}],
            "not an earlier",
        ),
        ([{"id": "a", "text": "A", "when": {"case_types": ["boat"]}}], "unknown case type"),
        ([{"id": "a", "text": "A", "when": {"sometimes": True}}], "unknown keys"),
        (
            [{"id": "a", "text": "A", "kind": "choice", "options": ["Tips", "Cash"], "feeds": "wage_basis"}],
            "no pay basis",
        ),
        (
            [
                {"id": "a", "text": "A", "kind": "scale", "feeds": "pain"},
                {"id": "b", "text": "B", "kind": "scale", "feeds": "pain"},
            ],
            "only one question may feed 'pain'",
        ),
        ([{"id": "a", "text": ""}], "'text' is required"),
    ],
)
def test_a_malformed_questionnaire_is_refused_naming_the_file_and_the_question(
    questions: list[dict[str, Any]], message: str
) -> None:
    with pytest.raises(ValueError, match=message) as caught:
        parse_questionnaire(minimal(questions=questions), "firm.toml")
    assert str(caught.value).startswith("firm.toml:")


def test_a_questionnaire_without_sections_is_refused() -> None:
    with pytest.raises(ValueError, match="no sections"):
        parse_questionnaire({"code": "x", "title": "X", "sections": []}, "x.toml")


# --- conditional questions -------------------------------------------------------------------------


def test_vehicle_questions_are_asked_only_in_motor_vehicle_cases() -> None:
    mv = {section.id for section, _ in asked_sections(intake(), MV, {})}
    premises = {section.id for section, _ in asked_sections(intake(), PREMISES, {})}
    assert "vehicles" in mv and "vehicles" not in premises
    premises_questions = {q.id for _, qs in asked_sections(intake(), PREMISES, {}) for q in qs}
    assert "hazard" in premises_questions and "dog_owner" not in premises_questions


def test_a_follow_up_question_appears_only_after_the_answer_it_depends_on() -> None:
    def asked(answers: dict[str, Any]) -> set[str]:
        return {q.id for _, qs in asked_sections(intake(), MV, answers) for q in qs}

    assert "police_report_number" not in asked({})
    assert "police_report_number" in asked({"police_report": "yes"})
    assert "police_report_number" in asked({"police_report": "Y"})  # any way of typing yes
    assert "police_report_number" not in asked({"police_report": "no"})
    assert "seat_belt" in asked({"client_role": "driver"})  # a choice compared ignoring case
    assert "seat_belt" not in asked({"client_role": "Pedestrian"})


def test_an_answer_to_a_question_no_longer_asked_is_kept_but_left_out() -> None:
    answers = {"police_report": "no", "police_report_number": "APD 26-1234"}
    assert "police_report_number" not in asked_answers(intake(), MV, answers)
    assert answers["police_report_number"] == "APD 26-1234"


# --- answers ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("question_id", "text", "problem"),
    [
        ("incident_date", "02/30/2026", "does not exist"),
        ("incident_date", "last Tuesday", "not a date"),
        ("incident_time", "25:00", "not a time"),
        ("police_report", "maybe", "yes or no"),
        ("pain_level", "11", "0 to 10"),
        ("pain_level", "seven", "0 to 10"),
    ],
)
def test_a_wrong_answer_gets_a_message_naming_what_is_expected(
    question_id: str, text: str, problem: str
) -> None:
    errors = answer_errors(intake(), MV, {"police_report": "yes", question_id: text})
    assert problem in errors[question_id]


def test_wrong_answers_in_work_questions_are_reported_once_asked() -> None:
    answers = {"employed": "yes", "pay_rate": "$12.345", "missed_work": "yes", "time_missed": "a lot"}
    errors = answer_errors(intake(), MV, answers)
    assert "two decimals" in errors["pay_rate"]
    assert "not a number" in errors["time_missed"]


def test_a_table_cell_error_names_the_row_and_the_column() -> None:
    rows = [{"name": "Dr. Ruiz", "first_visit": "03/05/2026"}, {"name": "ER", "first_visit": "13/45/2026"}]
    errors = answer_errors(intake(), MV, {"providers": rows})
    assert errors["providers"].startswith("Row 2, First visit:")


def test_required_answers_are_asked_for_only_when_completing() -> None:
    assert answer_errors(intake(), MV, {}) == {}
    errors = answer_errors(intake(), MV, {}, completing=True)
    assert {"incident_date", "incident_place", "how_it_happened", "injuries", "pain_level"} <= set(errors)
    assert errors["pain_level"] == "This question needs an answer."
    with pytest.raises(ValidationError):
        check_complete(intake(), MV, {})
    check_complete(intake(), MV, complete_intake_answers())


def test_a_required_question_that_is_not_asked_is_not_required() -> None:
    # "employer" is asked only when employed; employed = no completes without it.
    check_complete(intake(), MV, complete_intake_answers(employed="no"))


def test_a_table_row_missing_a_required_cell_blocks_completion() -> None:
    answers = complete_intake_answers(injuries=[{"body_part": "", "severity": "Mild"}])
    errors = answer_errors(intake(), MV, answers, completing=True)
    assert errors["injuries"] == "Row 1, Body part: required."


def test_blank_table_rows_are_not_answers() -> None:
    assert not is_answered([{"name": " ", "phone": ""}])
    assert is_answered([{"name": "", "phone": "512"}])
    assert not is_answered("   ")


def test_answers_display_as_a_memo_shows_them() -> None:
    q = intake()
    assert display_answer(q.question("incident_date"), "2026-03-04") == "03/04/2026"
    assert display_answer(q.question("incident_time"), "17:30") == "5:30 PM"
    assert display_answer(q.question("police_report"), "y") == "Yes"
    assert display_answer(q.question("pay_rate"), "1200") == "$1,200.00"
    assert display_answer(q.question("pain_level"), "7") == "7 / 10"
    assert display_answer(q.question("client_role"), "driver") == "Driver"
    assert display_answer(q.question("incident_date"), "soon") == "soon"  # as typed when not readable


def test_the_interview_date_cannot_be_in_the_future() -> None:
    today = date(2026, 11, 21)
    assert interview_errors(interview({}, held_on=date(2026, 11, 22)), today) == {
        "held_on": "The interview cannot be held in the future."
    }
    assert interview_errors(interview({}, held_on=today, interviewer="x" * 201), today).keys() == {
        "interviewer"
    }


# --- what the answers feed -------------------------------------------------------------------------


def test_the_answers_propose_facts_place_people_and_lost_wages() -> None:
    answers = complete_intake_answers(
        incident_time="5:30 pm",
        client_role="Driver",
        providers=[
            {"name": "Austin Spine Clinic", "phone": "512-555-0100", "specialty": "Orthopedics"},
            {"name": "  austin   spine clinic ", "phone": ""},  # the same provider typed twice
            {"name": "", "phone": "512-555-0199"},  # a row without a name proposes nobody
        ],
        witnesses=[{"name": "John Doe", "phone": "512 555 0101", "saw": "the crash"}],
        employed="yes",
        employer="H-E-B Grocery",
        pay_basis="Weekly",
        pay_rate="900",
        missed_work="yes",
        missed_from="03/05/2026",
        missed_to="03/20/2026",
        time_missed="12",
    )
    found = {p.key: p for p in proposals(interview(answers), MV)}
    assert set(found) == {
        "facts",
        "incident_date",
        "incident_place",
        "provider:austin spine clinic",
        "witness:john doe",
        "wages",
    }
    assert found["facts"].text.startswith("Date of the incident: 03/04/2026\nTime of the incident: 5:30 PM")
    assert found["facts"].text.endswith("Stopped at a red light and was hit from behind.")
    assert found["incident_place"].text == "Main St & 5th, Austin"
    assert found["incident_date"].day == date(2026, 3, 4)
    provider = found["provider:austin spine clinic"].person
    assert provider is not None and provider.phone == "512-555-0100"
    assert provider.note == "Specialty: Orthopedics"
    wage = found["wages"].wage
    assert wage is not None
    assert (wage.employer, wage.basis, wage.rate, wage.missed) == (
        "H-E-B Grocery",
        WageBasis.WEEKLY,
        Money.of(900),
        Decimal(12),
    )
    assert (wage.period_from, wage.period_to, wage.interview_id) == (date(2026, 3, 5), date(2026, 3, 20), 5)
    assert wage.amount == Money.of("2160.00")  # 900 / 5 × 12 work days


def test_work_answers_no_longer_asked_propose_no_lost_wages() -> None:
    answers = complete_intake_answers(employed="no", employer="Old Job Inc", pay_rate="20")
    assert all(p.kind is not ProposalKind.WAGES for p in proposals(interview(answers), MV))


def test_the_facts_leave_out_what_was_not_answered() -> None:
    assert facts_text(intake(), {}) == ""
    assert facts_text(intake(), {"how_it_happened": "Slipped."}) == "Slipped."


def test_person_keys_ignore_case_and_spacing() -> None:
    assert person_key(ProposalKind.WITNESS, "  John   DOE ") == "witness:john doe"


# --- the pain journal and the injury story ---------------------------------------------------------


def test_the_pain_journal_has_a_point_per_completed_interview_oldest_first() -> None:
    first = interview(
        complete_intake_answers(pain_level="9", limitations="Cannot drive"),
        status=InterviewStatus.COMPLETED,
        held_on=date(2026, 3, 6),
        id=1,
    )
    later = interview(
        {
            "treatment_since": "PT",
            "pain_level": "5",
            "work_status": "Light duty",
            "limitations": "Stairs hurt",
        },
        questionnaire=follow_up(),
        status=InterviewStatus.COMPLETED,
        held_on=date(2026, 6, 1),
        id=2,
    )
    draft = interview({"pain_level": "2"}, held_on=date(2026, 7, 1), id=3)
    journal = pain_journal([later, draft, first], MV)
    assert [(p.day, p.level, p.limitations) for p in journal] == [
        (date(2026, 3, 6), 9, "Cannot drive"),
        (date(2026, 6, 1), 5, "Stairs hurt"),
    ]
    story = injury_story([first, later, draft], MV)
    assert [i.body_part for i in story.injuries] == ["Neck"]
    assert story.latest_pain is not None and story.latest_pain.level == 5
    assert story.impact[0] == "Limitations (06/01/2026): Stairs hurt"
    assert not story.empty
    assert injury_story([draft], MV).empty


def test_kinds_match_the_form_fields() -> None:
    assert {q.kind for q in intake().questions()} == set(QuestionKind)


def test_a_huge_number_is_refused_and_never_computed_on() -> None:
    answers = complete_intake_answers(
        employed="yes", employer="ACME", pay_rate="20", missed_work="yes", time_missed="9" * 19_000
    )
    assert answer_errors(intake(), MV, answers)["time_missed"] == "At most 1,000,000."
    # The wage proposal, had the number been taken, would overflow; without it there is nothing to claim.
    assert all(p.kind is not ProposalKind.WAGES for p in proposals(interview(answers), MV))


def test_an_employed_client_who_missed_no_work_claims_no_wages() -> None:
    answers = complete_intake_answers(employed="yes", employer="ACME", pay_rate="20", missed_work="no")
    assert all(p.kind is not ProposalKind.WAGES for p in proposals(interview(answers), MV))
