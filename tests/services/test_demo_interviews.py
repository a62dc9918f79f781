"""The demo's interviews: intake and follow-ups that load, complete, agree with their cases and chart pain."""

from __future__ import annotations

import time
from collections.abc import Iterator
from itertools import pairwise
from pathlib import Path
from typing import Any

import pytest

from casedesk.domain.cases import Case, CaseQuery, CaseStatus, CaseType
from casedesk.domain.contacts import ContactRole
from casedesk.domain.errors import ValidationError
from casedesk.domain.interviews import (
    Interview,
    InterviewStatus,
    ProposalKind,
    ReviewState,
    check_complete,
    interview_errors,
    table_rows,
)
from casedesk.domain.typed import format_date
from casedesk.resources import questionnaires
from casedesk.services import demo, demo_interviews
from casedesk.services.casefiles import Services, open_services
from casedesk.services.demo import create_demo
from casedesk.store import bulk
from tests.conftest import TODAY, fixed_clock

Cases = list[tuple[Case, list[Interview]]]


@pytest.fixture(scope="module")
def demo_services(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Services]:
    """A 150-case demo built as of the tests' TODAY, opened with the tests' clock."""
    path = tmp_path_factory.mktemp("demo-interviews") / "demo.sqlite"
    create_demo(path, today=TODAY, cases=150, seed=3)
    opened = open_services(path, clock=fixed_clock)
    yield opened
    opened.close()


@pytest.fixture(scope="module")
def cases(demo_services: Services) -> Cases:
    """Every demo case with its interviews, oldest first."""
    return [
        (demo_services.cases.get_case(s.id), demo_services.interviews.interviews(s.id))
        for s in demo_services.cases.list_cases(CaseQuery())
    ]


def _interviews_of(path: Path) -> list[Interview]:
    services = open_services(path, clock=fixed_clock)
    try:
        return [
            i for s in services.cases.list_cases(CaseQuery()) for i in services.interviews.interviews(s.id)
        ]
    finally:
        services.close()


def test_interviews_load_with_the_shipped_questionnaires(cases: Cases) -> None:
    """Every interview loads, started from the questionnaire shipped in resources (intake or follow-up)."""
    shipped = {questionnaire.code: questionnaire for questionnaire in questionnaires()}
    found = [interview for _, interviews in cases for interview in interviews]
    assert len(found) > len(cases)
    for interview in found:
        assert interview.questionnaire == shipped[interview.questionnaire.code]
        assert interview.questionnaire.source == shipped[interview.questionnaire.code].source
    assert {interview.questionnaire.code for interview in found} == {"intake", "follow_up"}


def test_completed_interviews_pass_the_apps_own_checks(cases: Cases) -> None:
    """A completed interview could have been completed in the app: every answer valid, nothing missing."""
    completed = 0
    for case, interviews in cases:
        for interview in interviews:
            assert interview_errors(interview, TODAY) == {}
            assert interview.started_at is not None and interview.started_at.utcoffset() is not None
            if interview.status is InterviewStatus.COMPLETED:
                check_complete(interview.questionnaire, case.case_type, interview.answers)
                assert interview.completed_at is not None and interview.started_at < interview.completed_at
                completed += 1
    assert completed > 100


def test_some_intake_interviews_at_intake_are_left_as_drafts(cases: Cases) -> None:
    """Drafts are only of cases still at intake, are intake interviews, and really are unfinished."""
    drafts = [
        (case, i) for case, interviews in cases for i in interviews if i.status is InterviewStatus.DRAFT
    ]
    assert drafts
    for case, interview in drafts:
        assert case.status is CaseStatus.INTAKE
        assert interview.questionnaire.code == "intake"
        assert interview.completed_at is None
        with pytest.raises(ValidationError):
            check_complete(interview.questionnaire, case.case_type, interview.answers)
    at_intake = [interviews for case, interviews in cases if case.status is CaseStatus.INTAKE]
    assert any(i.status is InterviewStatus.COMPLETED for interviews in at_intake for i in interviews)


def test_most_cases_past_intake_have_their_intake_interview_the_day_they_were_opened(cases: Cases) -> None:
    """Nine in ten cases past intake have one intake interview, held the day the case was opened."""
    past = [(case, interviews) for case, interviews in cases if case.status is not CaseStatus.INTAKE]
    with_intake = 0
    for case, interviews in past:
        intakes = [i for i in interviews if i.questionnaire.code == "intake"]
        assert len(intakes) <= 1
        if intakes:
            with_intake += 1
            assert interviews[0] == intakes[0]
            assert intakes[0].held_on == case.opened_on
    assert with_intake >= 0.8 * len(past)


def test_follow_ups_come_while_the_client_treats(cases: Cases) -> None:
    """Cases past intake with an intake interview have 1-3 follow-ups on weekdays after it, before today."""
    counts = set()
    for case, interviews in cases:
        follow_ups = [i for i in interviews if i.questionnaire.code == "follow_up"]
        if case.status is CaseStatus.INTAKE or not interviews:
            assert follow_ups == []
            continue
        counts.add(len(follow_ups))
        days = [interview.held_on for interview in interviews]
        assert days == sorted(days) and len(set(days)) == len(days)
        for day in days[1:]:
            assert day.weekday() < 5
            assert day < TODAY and (case.closed_on is None or day <= case.closed_on)
    assert counts == {1, 2, 3}


def test_the_pain_journal_of_a_treating_case_draws_a_curve(demo_services: Services, cases: Cases) -> None:
    """A treating case's journal has a point per interview, intake pain 5-9, each step at most two."""
    treating = [(case, interviews) for case, interviews in cases if case.status is CaseStatus.TREATING]
    journals = [
        demo_services.interviews.pain_journal(case.id or 0) for case, interviews in treating if interviews
    ]
    assert journals
    for journal in journals:
        assert len(journal) >= 2
        assert 5 <= journal[0].level <= 9
        steps = [later.level - earlier.level for earlier, later in pairwise(journal)]
        assert all(abs(step) <= 2 for step in steps)
        assert all(point.limitations for point in journal)
    assert any(journal[-1].level < journal[0].level for journal in journals)  # most clients get better
    assert len({tuple(point.level for point in journal) for journal in journals}) > 3


def test_intake_answers_agree_with_the_case(demo_services: Services, cases: Cases) -> None:
    """Date and place are the case's; the linked providers and witnesses are named and already on the case.

    A case near trial may have more witnesses linked than the client named: those on its trial witness list.
    """
    for case, interviews in cases:
        intake = next((i for i in interviews if i.questionnaire.code == "intake"), None)
        if intake is None or intake.status is InterviewStatus.DRAFT:
            continue
        answers = intake.answers
        assert answers["incident_date"] == format_date(case.incident_date)
        assert answers["incident_place"] == case.incident_place
        assert ("vehicles" in answers) is (case.case_type is CaseType.MOTOR_VEHICLE)
        assert ("hazard" in answers) is (case.case_type is CaseType.PREMISES)
        assert 5 <= int(str(answers["pain_level"])) <= 9
        linked = {
            (link.role, link.contact.name) for link in demo_services.cases.overview(case.id or 0).contacts
        }
        witnesses = {row["name"] for row in table_rows(answers.get("witnesses"))}
        linked_witnesses = {name for role, name in linked if role is ContactRole.WITNESS}
        assert witnesses <= linked_witnesses
        # the others testify at trial: added to the case by its witness list (a physician, an expert)
        trial_witnesses = {view.name for view in demo_services.witnesses.witnesses(case.id or 0)}
        assert linked_witnesses - witnesses <= trial_witnesses
        for item in demo_services.interviews.review(intake.id or 0):
            if item.proposal.kind in (ProposalKind.WITNESS, ProposalKind.PROVIDER):
                on_case = (_role(item.proposal.kind), item.proposal.title) in linked
                assert (item.state is ReviewState.ON_CASE) is on_case, item
            elif item.proposal.kind is not ProposalKind.WAGES:
                assert item.state is ReviewState.CASE_HAS_IT, item  # facts, date and place came from the case


def _role(kind: ProposalKind) -> ContactRole:
    return ContactRole.WITNESS if kind is ProposalKind.WITNESS else ContactRole.MEDICAL_PROVIDER


def test_the_summary_counts_the_interviews(tmp_path: Path) -> None:
    """The demo's summary (and the case file's record counts) include the interviews written."""
    summary = create_demo(tmp_path / "demo.sqlite", today=TODAY, cases=30, seed=2)
    assert summary.interviews == len(_interviews_of(tmp_path / "demo.sqlite")) > 30


def test_same_seed_and_date_give_the_same_interviews(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """One seed and one date give the same interviews, whatever the chunk size; another seed others."""
    create_demo(tmp_path / "a.sqlite", today=TODAY, cases=25, seed=11)
    monkeypatch.setattr(demo, "CHUNK_CASES", 7)
    create_demo(tmp_path / "b.sqlite", today=TODAY, cases=25, seed=11)
    create_demo(tmp_path / "c.sqlite", today=TODAY, cases=25, seed=12)

    first = _interviews_of(tmp_path / "a.sqlite")
    assert first == _interviews_of(tmp_path / "b.sqlite")
    assert first != _interviews_of(tmp_path / "c.sqlite")


def test_interviews_leave_the_rest_of_the_demo_as_it_was(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Interviews draw from their own generator: the cases and timelines are those of a demo without them."""
    create_demo(tmp_path / "with.sqlite", today=TODAY, cases=25, seed=11)
    monkeypatch.setattr(demo_interviews.DemoInterviews, "draw", lambda *args: None)
    create_demo(tmp_path / "without.sqlite", today=TODAY, cases=25, seed=11)

    def everything(path: Path) -> list[Any]:
        services = open_services(path, clock=fixed_clock)
        try:
            ids = [s.id for s in services.cases.list_cases(CaseQuery())]
            return [(services.cases.overview(i), services.timeline.entries(i)) for i in ids]
        finally:
            services.close()

    assert everything(tmp_path / "with.sqlite") == everything(tmp_path / "without.sqlite")
    assert _interviews_of(tmp_path / "without.sqlite") == []


def test_interviews_add_little_to_the_build_time(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Drawing and inserting the interviews of 1,500 cases takes well under half the build."""
    spent = [0.0]

    def timed(function: Any) -> Any:
        def run(*args: Any) -> None:
            started = time.perf_counter()
            function(*args)
            spent[0] += time.perf_counter() - started

        return run

    draw, insert = demo_interviews.DemoInterviews.draw, bulk.insert_interviews
    monkeypatch.setattr(demo_interviews.DemoInterviews, "draw", timed(draw))
    monkeypatch.setattr(bulk, "insert_interviews", timed(insert))
    started = time.perf_counter()
    summary = create_demo(tmp_path / "demo.sqlite", today=TODAY, cases=1_500, seed=1)
    total = time.perf_counter() - started

    assert summary.interviews > 3_000
    assert spent[0] < 0.45 * total, (spent[0], total)
