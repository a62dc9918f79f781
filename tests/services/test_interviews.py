"""Interviews through the service: drafts saved as typed, completion, the review step, the timeline."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import date
from typing import Any

import pytest
from sqlalchemy import text

from casedesk.domain.activity import ActivityKind
from casedesk.domain.cases import Case, CaseType
from casedesk.domain.contacts import Contact, ContactRole
from casedesk.domain.errors import ConflictError, NotFoundError, ValidationError
from casedesk.domain.interviews import InterviewStatus, ReviewState
from casedesk.domain.money import Money
from casedesk.services.casefiles import Services
from tests.conftest import TODAY


def intake_answers(**extra: Any) -> dict[str, Any]:
    answers: dict[str, Any] = {
        "incident_date": "03/04/2026",
        "incident_place": "Main St & 5th, Austin",
        "how_it_happened": "Stopped at a red light and was hit from behind.",
        "injuries": [{"body_part": "Neck", "severity": "Moderate"}],
        "providers": [{"name": "Austin Spine Clinic", "phone": "512-555-0100", "specialty": "Orthopedics"}],
        "witnesses": [{"name": "John Doe", "phone": "512 555 0101", "saw": "the crash"}],
        "pain_level": "7",
        "limitations": "Cannot lift the baby",
        "prior_injuries": "no",
        "employed": "yes",
        "employer": "H-E-B",
        "pay_basis": "Hourly",
        "pay_rate": "18.50",
        "missed_work": "yes",
        "time_missed": "64",
    }
    answers.update(extra)
    return answers


@pytest.fixture
def case(make_case: Callable[..., Case]) -> Case:
    return make_case(case_type=CaseType.MOTOR_VEHICLE, incident_place="", facts="", incident_date=None)


def completed(services: Services, case: Case, **extra: Any) -> int:
    interview = services.interviews.start(case.id or 0, "intake", interviewer="Pat Case")
    interview = services.interviews.save_draft(replace(interview, answers=intake_answers(**extra)))
    return services.interviews.complete(interview).id or 0


def test_a_draft_keeps_what_was_typed_even_when_wrong_and_survives_reopening(
    services: Services, case: Case, open_case: Callable[..., Services]
) -> None:
    interview = services.interviews.start(case.id or 0, "intake", interviewer="Pat Case")
    assert (interview.status, interview.held_on, interview.revision) == (InterviewStatus.DRAFT, TODAY, 0)
    typed = {"incident_date": "02/30/2026", "pain_level": "eleven", "providers": [{"name": "Dr. Ruiz"}]}
    saved = services.interviews.save_draft(replace(interview, answers=typed))
    assert saved.revision == 1
    services.close()
    again = open_case()
    try:
        (reopened,) = again.interviews.interviews(case.id or 0)
        assert reopened.answers == typed
        assert reopened.interviewer == "Pat Case"
        errors = again.interviews.errors(reopened, case)
        assert set(errors) == {"incident_date", "pain_level"}
    finally:
        again.close()


def test_a_save_from_an_older_copy_is_refused(services: Services, case: Case) -> None:
    interview = services.interviews.start(case.id or 0, "intake")
    services.interviews.save_draft(replace(interview, answers={"pain_level": "5"}))
    with pytest.raises(ConflictError):
        services.interviews.save_draft(replace(interview, answers={"pain_level": "6"}))
    assert services.interviews.get(interview.id or 0).answers == {"pain_level": "5"}


def test_an_interview_cannot_be_held_in_the_future_nor_started_from_an_unknown_questionnaire(
    services: Services, case: Case
) -> None:
    with pytest.raises(ValidationError) as caught:
        services.interviews.start(case.id or 0, "intake", held_on=date(2026, 12, 1))
    assert "held_on" in caught.value.errors
    with pytest.raises(ValidationError):
        services.interviews.start(case.id or 0, "deposition")
    assert services.interviews.interviews(case.id or 0) == []


def test_completing_needs_every_required_answer_and_records_the_interview_on_the_timeline(
    services: Services, case: Case
) -> None:
    interview = services.interviews.start(case.id or 0, "intake", interviewer="Pat Case")
    interview = services.interviews.save_draft(replace(interview, answers={"incident_date": "03/04/2026"}))
    with pytest.raises(ValidationError) as caught:
        services.interviews.complete(interview)
    assert "pain_level" in caught.value.errors
    assert services.interviews.get(interview.id or 0).status is InterviewStatus.DRAFT

    done = services.interviews.complete(
        services.interviews.save_draft(replace(interview, answers=intake_answers()))
    )
    assert done.status is InterviewStatus.COMPLETED and done.completed_at is not None
    (entry,) = services.timeline.entries(case.id or 0)
    assert entry.kind is ActivityKind.MEETING
    assert entry.subject == "Intake interview with the client"
    assert "Pat Case" in entry.parties
    assert "Pain 7/10." in entry.body and "Austin Spine Clinic" in entry.body
    with pytest.raises(ValidationError):
        services.interviews.save_draft(done)  # a completed interview is reopened first
    reopened = services.interviews.reopen(done)
    assert reopened.status is InterviewStatus.DRAFT and reopened.completed_at is None


def test_the_review_adds_people_wages_and_facts_once_and_links_a_known_contact(
    services: Services, case: Case
) -> None:
    known = services.contacts.create(
        Contact(name="JOHN  doe", role=ContactRole.WITNESS, phone="512-555-0199")
    )
    interview_id = completed(services, case)
    review = {item.proposal.key: item for item in services.interviews.review(interview_id)}
    assert review["witness:john doe"].state is ReviewState.LINK
    assert review["witness:john doe"].contact_id == known.id
    assert review["provider:austin spine clinic"].state is ReviewState.NEW
    assert review["facts"].state is ReviewState.NEW
    assert review["wages"].message.endswith("$18.50 hourly × 64 hours = $1,184.00.")

    done = services.interviews.apply(
        interview_id, ["witness:john doe", "provider:austin spine clinic", "wages", "facts"]
    )
    assert len(done) == 4
    links = {(link.contact.name, link.role) for link in services.contacts.for_case(case.id or 0)}
    assert links == {
        ("JOHN  doe", ContactRole.WITNESS),
        ("Austin Spine Clinic", ContactRole.MEDICAL_PROVIDER),
    }
    assert len(services.contacts.find("john doe")) == 1  # linked, not created twice
    (wage,) = services.wages.lost_wages(case.id or 0)
    assert (wage.employer, wage.amount, wage.interview_id) == ("H-E-B", Money.of("1184.00"), interview_id)
    saved_case = services.cases.get_case(case.id or 0)
    assert saved_case.facts.startswith("Date of the incident: 03/04/2026")
    assert saved_case.incident_place == ""  # not confirmed: left as it was

    # Confirming everything again adds only what was left; nothing twice.
    again = services.interviews.apply(
        interview_id, [item.proposal.key for item in services.interviews.review(interview_id)]
    )
    assert [item.proposal.key for item in again] == ["incident_date", "incident_place"]
    assert services.interviews.apply(interview_id, ["wages", "witness:john doe"]) == []
    assert len(services.wages.lost_wages(case.id or 0)) == 1
    assert len(services.contacts.for_case(case.id or 0)) == 2
    states = {item.proposal.key: item.state for item in services.interviews.review(interview_id)}
    assert set(states.values()) == {ReviewState.APPLIED}
    subjects = [entry.subject for entry in services.timeline.entries(case.id or 0)]
    assert subjects.count("Added to the case from the intake interview of 11/21/2026") == 2


def test_a_second_interview_naming_the_same_people_finds_them_on_the_case(
    services: Services, case: Case
) -> None:
    first = completed(services, case)
    services.interviews.apply(first, ["provider:austin spine clinic", "witness:john doe"])
    follow = services.interviews.start(case.id or 0, "follow_up")
    follow = services.interviews.save_draft(
        replace(
            follow,
            answers={
                "treatment_since": "PT twice a week",
                "new_providers": [{"name": "austin spine clinic"}, {"name": "Capital Imaging"}],
                "pain_level": "5",
                "work_status": "Light duty",
            },
        )
    )
    follow_id = services.interviews.complete(follow).id or 0
    states = {item.proposal.key: item.state for item in services.interviews.review(follow_id)}
    assert states == {
        "provider:austin spine clinic": ReviewState.ON_CASE,
        "provider:capital imaging": ReviewState.NEW,
    }
    assert [p.level for p in services.interviews.pain_journal(case.id or 0)] == [7, 5]


def test_an_incident_date_from_the_interview_brings_the_limitation_deadline(
    services: Services, case: Case
) -> None:
    assert services.calendar.case_calendar(case.id or 0).deadline.event is None
    interview_id = completed(services, case)
    services.interviews.apply(interview_id, ["incident_date"])
    assert services.cases.get_case(case.id or 0).incident_date == date(2026, 3, 4)
    event = services.calendar.case_calendar(case.id or 0).deadline.event
    assert event is not None and event.day.year == 2028  # Texas: two years


def test_an_impossible_incident_date_is_shown_but_not_offered(services: Services, case: Case) -> None:
    interview_id = completed(services, case, incident_date="12/01/2026")
    item = next(i for i in services.interviews.review(interview_id) if i.proposal.key == "incident_date")
    assert item.state is ReviewState.INVALID and "future" in item.message
    assert services.interviews.apply(interview_id, ["incident_date"]) == []


def test_facts_the_case_already_has_are_never_replaced(
    services: Services, make_case: Callable[..., Case]
) -> None:
    case = make_case(facts="Written by the attorney.", incident_place="I-35 at exit 240")
    interview_id = completed(services, case)
    states = {item.proposal.key: item.state for item in services.interviews.review(interview_id)}
    assert states["facts"] is ReviewState.CASE_HAS_IT
    assert states["incident_place"] is ReviewState.CASE_HAS_IT
    assert services.interviews.apply(interview_id, ["facts", "incident_place"]) == []
    assert services.cases.get_case(case.id or 0).facts == "Written by the attorney."


def test_a_draft_cannot_be_applied(services: Services, case: Case) -> None:
    interview = services.interviews.start(case.id or 0, "intake")
    with pytest.raises(ValidationError):
        services.interviews.apply(interview.id or 0, ["facts"])


def test_delete_and_undo(services: Services, case: Case) -> None:
    interview_id = completed(services, case)
    deleted = services.interviews.delete(interview_id)
    assert services.interviews.interviews(case.id or 0) == []
    with pytest.raises(NotFoundError):
        services.interviews.get(interview_id)
    restored = services.interviews.restore(deleted)
    assert restored.answers == deleted.answers and restored.status is InterviewStatus.COMPLETED


def test_an_interview_reads_the_same_after_the_firm_edits_the_questionnaire(
    services: Services, case: Case, monkeypatch: pytest.MonkeyPatch
) -> None:
    interview_id = completed(services, case)
    intake = next(q for q in services.interviews.questionnaires if q.code == "intake")
    edited = replace(intake, title="Renamed intake")
    monkeypatch.setattr(services.interviews, "questionnaires", (edited,))
    assert services.interviews.get(interview_id).title == "Intake interview"


def test_the_injury_story_is_there_for_the_demand_and_the_per_diem(services: Services, case: Case) -> None:
    completed(services, case)
    story = services.interviews.injury_story(case.id or 0)
    assert [i.body_part for i in story.injuries] == ["Neck"]
    assert story.latest_pain is not None and story.latest_pain.level == 7
    assert story.impact == ("Limitations (11/21/2026): Cannot lift the baby",)


def test_deleting_the_case_deletes_its_interviews_and_wages(services: Services, case: Case) -> None:
    interview_id = completed(services, case)
    services.interviews.apply(interview_id, ["wages"])
    services.cases.delete_case(case.id or 0)
    with pytest.raises(NotFoundError):
        services.interviews.get(interview_id)
    assert services.wages.lost_wages(case.id or 0) == []


def test_wage_answers_that_cannot_make_a_record_are_shown_not_offered(services: Services, case: Case) -> None:
    interview_id = completed(services, case, time_missed="100000")  # more hours than ten years hold
    item = next(i for i in services.interviews.review(interview_id) if i.proposal.key == "wages")
    assert item.state is ReviewState.INVALID and "Correct the answers first." in item.message
    assert services.interviews.apply(interview_id, ["wages"]) == []
    assert services.wages.lost_wages(case.id or 0) == []


def test_interviews_share_one_stored_copy_of_each_questionnaire_version(
    services: Services, case: Case, monkeypatch: pytest.MonkeyPatch
) -> None:
    for _ in range(3):
        services.interviews.start(case.id or 0, "intake")
    intake = next(q for q in services.interviews.questionnaires if q.code == "intake")
    edited = replace(intake, source={**intake.source, "title": "Intake interview (2027)"})
    monkeypatch.setattr(services.interviews, "questionnaires", (edited,))
    newer = services.interviews.start(case.id or 0, "intake")
    with services._case_file.session() as session:
        copies = session.execute(text("SELECT code FROM questionnaire_copies")).all()
    assert [tuple(row) for row in copies] == [("intake",), ("intake",)]
    stored = services.interviews.interviews(case.id or 0)
    assert [i.questionnaire.source["title"] for i in stored] == ["Intake interview"] * 3 + [
        "Intake interview (2027)"
    ]
    assert stored[-1].id == newer.id
