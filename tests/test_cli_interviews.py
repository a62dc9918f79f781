"""``casedesk interviews`` and ``casedesk export interview``: interviews as text, JSON and a PDF memo."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader

from casedesk import cli
from casedesk.cli import main
from casedesk.cli.common import shown
from casedesk.domain.cases import Case, CaseType
from casedesk.domain.interviews import Answer, Interview
from casedesk.services.casefiles import Services
from tests.conftest import TODAY

INTAKE: dict[str, Answer] = {
    "incident_date": "6/14/2026",
    "incident_place": "Lamar Blvd and 5th St, Austin, TX",
    "how_it_happened": "Stopped at the light; a van hit the rear of her car.\nThe driver was on his phone.",
    "hazard": "Floor cleaner by the freezer aisle",
    "police_report": "y",
    "police_report_number": "Austin PD 26-114582",
    "client_role": "driver",
    "vehicles": [
        {"vehicle": "2019 Honda Civic", "driver": "Ana Ruiz", "plate": "LKR-4471", "insurer": ""},
        {"vehicle": "", "driver": "", "plate": "", "insurer": ""},
    ],
    "injuries": [{"body_part": "Neck", "severity": "moderate", "description": "Stiff"}],
    "pain_level": "7",
    "prior_injuries": "no",
    "employed": "no",
}


@pytest.fixture(autouse=True)
def _no_case_file_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(cli.DB_ENV, raising=False)


@dataclass(frozen=True, slots=True)
class Held:
    """A case with a completed intake interview and a follow-up still a draft."""

    case: Case
    intake: Interview
    follow_up: Interview


def _interview(
    services: Services, case: Case, code: str, held_on: date, answers: dict[str, Answer]
) -> Interview:
    started = services.interviews.start(case.id or 0, code, interviewer="Pat Lee", held_on=held_on)
    return services.interviews.save_draft(replace(started, answers=answers))


@pytest.fixture
def held(services: Services, make_case: Callable[..., Case]) -> Held:
    case = make_case(number="PI-2026-00123", caption="Ruiz v. Harbor Freight", attorney="Dana R. Whitfield")
    intake = services.interviews.complete(_interview(services, case, "intake", date(2026, 6, 22), INTAKE))
    follow_up = _interview(services, case, "follow_up", date(2026, 8, 3), {"pain_level": "5"})
    return Held(case, intake, follow_up)


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    status = main(list(argv))
    captured = capsys.readouterr()
    return status, captured.out, captured.err


def _listed(capsys: pytest.CaptureFixture[str], db: str, number: str) -> list[dict[str, Any]]:
    status, out, err = _run(capsys, "interviews", "--db", db, "--case", number, "--json")
    assert status == 0, err
    listed: list[dict[str, Any]] = json.loads(out)
    return listed


def _answers(interview: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {answer["id"]: answer for section in interview["sections"] for answer in section["answers"]}


def test_json_lists_each_interview_with_its_answers_as_displayed(
    capsys: pytest.CaptureFixture[str], db_arg: str, held: Held
) -> None:
    """Oldest first; answers as the memo shows them; tables as rows by column label; blanks left out."""
    intake, follow_up = _listed(capsys, db_arg, "pi-2026-00123")  # any letter case

    assert {
        key: intake[key] for key in ("id", "questionnaire", "title", "status", "held_on", "interviewer")
    } == {
        "id": held.intake.id,
        "questionnaire": "intake",
        "title": "Intake interview",
        "status": "completed",
        "held_on": "2026-06-22",
        "interviewer": "Pat Lee",
    }
    completed = datetime.fromisoformat(intake["completed_at"])
    assert completed.utcoffset() is not None and held.intake.completed_at == completed
    assert [section["id"] for section in intake["sections"]] == [
        "incident",
        "vehicles",
        "injuries",
        "daily_life",
        "history",
        "work",
    ]
    answers = _answers(intake)
    assert answers["incident_date"] == {
        "id": "incident_date",
        "label": "Date of the incident",
        "question": "On what date did the incident happen?",
        "kind": "date",
        "answer": "06/14/2026",
    }
    assert answers["police_report"]["answer"] == "Yes"
    assert answers["client_role"]["answer"] == "Driver"
    assert answers["pain_level"]["answer"] == "7 / 10"
    assert answers["vehicles"]["rows"] == [
        {
            "Vehicle (year, make, model)": "2019 Honda Civic",
            "Driver": "Ana Ruiz",
            "Plate": "LKR-4471",
            "Insurer": "",
        }
    ]
    assert answers["injuries"]["rows"] == [{"Body part": "Neck", "Severity": "Moderate", "Details": "Stiff"}]
    assert "hazard" not in answers  # a motor-vehicle case is not asked about a hazard
    assert "photos" not in answers  # asked, not answered
    assert intake["missing"] == []

    assert (follow_up["status"], follow_up["completed_at"], follow_up["id"]) == (
        "draft",
        None,
        held.follow_up.id,
    )
    assert [a["answer"] for a in _answers(follow_up).values()] == ["5 / 10"]
    assert [m["label"] for m in follow_up["missing"]] == ["Treatment since", "Work status"]


def test_a_premises_case_is_asked_other_questions(
    capsys: pytest.CaptureFixture[str], db_arg: str, services: Services, make_case: Callable[..., Case]
) -> None:
    """The same answers on a fall in a store: the hazard is listed, the vehicles are not."""
    case = make_case(number="PI-2026-00200", case_type=CaseType.PREMISES)
    services.interviews.complete(_interview(services, case, "intake", TODAY, INTAKE))

    (intake,) = _listed(capsys, db_arg, "PI-2026-00200")
    answers = _answers(intake)
    assert answers["hazard"]["answer"] == "Floor cleaner by the freezer aisle"
    assert "vehicles" not in answers and "client_role" not in answers
    assert "vehicles" not in [section["id"] for section in intake["sections"]]


def test_text_lists_label_and_answer_lines_under_each_interview(
    capsys: pytest.CaptureFixture[str], db_arg: str, held: Held
) -> None:
    """A header per interview, then its sections' answers; tables as indented rows; what a draft lacks."""
    status, out, err = _run(capsys, "interviews", "--db", db_arg, "--case", "PI-2026-00123")

    assert status == 0
    assert "2 interviews" in err
    lines = out.splitlines()
    assert lines[0] == "PI-2026-00123  Ruiz v. Harbor Freight (Maria Alvarez)"
    assert f"Intake interview — 2026-06-22 — Completed — Pat Lee (id {held.intake.id})" in lines
    assert f"Follow-up interview — 2026-08-03 — Draft — Pat Lee (id {held.follow_up.id})" in lines
    for line in (
        "  The incident",
        "    Date of the incident: 06/14/2026",
        "    How it happened: Stopped at the light; a van hit the rear of her car.",
        "      The driver was on his phone.",
        "    Pain today: 7 / 10",
        "    Injuries by body part:",
        "      Body part  Severity  Details",
        "      Neck       Moderate  Stiff",
        "  Still to answer: Treatment since, Work status",
    ):
        assert line in lines, line
    assert lines.index("    Pain today: 5 / 10") > lines.index(
        f"Follow-up interview — 2026-08-03 — Draft — Pat Lee (id {held.follow_up.id})"
    )


def test_a_case_without_interviews_says_so(
    capsys: pytest.CaptureFixture[str], db_arg: str, make_case: Callable[..., Case], tmp_path: Path
) -> None:
    """Text says the case has none; JSON is an empty list; there is nothing to print."""
    make_case(number="PI-2026-00300")

    assert _run(capsys, "interviews", "--db", db_arg, "--case", "PI-2026-00300") == (
        0,
        "",
        "Case PI-2026-00300 has no interviews.\n",
    )
    assert _listed(capsys, db_arg, "PI-2026-00300") == []
    status, _, err = _run(
        capsys,
        "export",
        "interview",
        "--db",
        db_arg,
        "--case",
        "PI-2026-00300",
        "-o",
        str(tmp_path / "x.pdf"),
    )
    assert status == 2 and "case PI-2026-00300 has no interviews to print" in err
    assert not (tmp_path / "x.pdf").exists()


@pytest.mark.parametrize("command", [["interviews"], ["export", "interview", "-o", "{tmp}/x.pdf"]])
def test_an_unknown_case_is_a_usage_error(
    capsys: pytest.CaptureFixture[str], db_arg: str, held: Held, tmp_path: Path, command: list[str]
) -> None:
    """A case number that is not in the file exits 2 and says so; nothing is written."""
    argv = [arg.format(tmp=tmp_path) for arg in command]
    status, out, err = _run(capsys, *argv, "--db", db_arg, "--case", "PI-1999-00001")

    assert (status, out) == (2, "")
    assert f"no case numbered “PI-1999-00001” in {shown(db_arg)}" in err
    assert not (tmp_path / "x.pdf").exists()


def test_a_missing_case_file_fails_without_creating_it(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """A case file that does not exist is an error (exit 1), never created."""
    status, _, err = _run(capsys, "interviews", "--db", str(tmp_path / "none.sqlite"), "--case", "PI-1")

    assert status == 1 and err.startswith("casedesk: ")
    assert not (tmp_path / "none.sqlite").exists()


def test_export_prints_the_latest_interview_by_default(
    capsys: pytest.CaptureFixture[str], db_arg: str, held: Held, tmp_path: Path
) -> None:
    """Without --interview the latest (here a draft) is printed; with it, the one asked for."""
    latest, chosen = tmp_path / "latest.pdf", tmp_path / "intake.pdf"
    db = ["--db", db_arg, "--case", "PI-2026-00123"]

    status, _, err = _run(capsys, "export", "interview", *db, "-o", str(latest))
    assert status == 0
    assert f"Wrote the follow-up interview of 2026-08-03 (draft) to {latest}." in err
    status, _, err = _run(
        capsys, "export", "interview", *db, "--interview", str(held.intake.id), "-o", str(chosen)
    )
    assert status == 0

    draft, intake = PdfReader(latest), PdfReader(chosen)
    assert draft.metadata is not None and draft.metadata.title == "Follow-up interview PI-2026-00123"
    assert intake.metadata is not None and intake.metadata.title == "Intake interview PI-2026-00123"
    draft_text = " ".join(page.extract_text() for page in draft.pages)
    intake_text = " ".join(" ".join(page.extract_text().split()) for page in intake.pages)
    assert "DRAFT — not completed" in draft_text and "5 / 10" in draft_text
    assert "DRAFT" not in intake_text
    for expected in (
        "To: Dana R. Whitfield",
        "From: Pat Lee",
        "Date: June 22, 2026",
        "Neck (moderate)",
        "7 / 10",
    ):
        assert expected in intake_text, expected
    assert f"Page 1 of {len(intake.pages)}" in intake_text


def test_export_refuses_an_interview_of_another_case(
    capsys: pytest.CaptureFixture[str],
    db_arg: str,
    held: Held,
    services: Services,
    make_case: Callable[..., Case],
    tmp_path: Path,
) -> None:
    """An interview id of another case is refused with a hint where to find the ids."""
    other = make_case(number="PI-2026-00400")
    argv = ["export", "interview", "--db", db_arg, "--case", "PI-2026-00400"]

    status, _, err = _run(capsys, *argv, "--interview", str(held.intake.id), "-o", str(tmp_path / "x.pdf"))

    assert status == 2
    assert f"case PI-2026-00400 has no interview {held.intake.id}" in err
    assert "casedesk interviews --case PI-2026-00400 --json" in err
    assert services.interviews.interviews(other.id or 0) == []
    assert not (tmp_path / "x.pdf").exists()


def test_export_into_a_missing_folder_fails_cleanly(
    capsys: pytest.CaptureFixture[str], db_arg: str, held: Held, tmp_path: Path
) -> None:
    """A folder that does not exist: exit 1, the reason and what to do."""
    target = tmp_path / "gone" / "memo.pdf"
    status, out, err = _run(
        capsys, "export", "interview", "--db", db_arg, "--case", "PI-2026-00123", "-o", str(target)
    )

    assert (status, out) == (1, "")
    assert f"casedesk: The folder {target.parent} does not exist." in err
    assert "Choose another folder." in err


def test_the_demo_has_interviews_to_list_and_print(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """A demo made on the command line: a treating case lists its intake and follow-ups; the latest prints."""
    path = tmp_path / "demo.sqlite"
    status, out, _ = _run(
        capsys, "demo", "--db", str(path), "--cases", "40", "--today", TODAY.isoformat(), "--json"
    )
    assert status == 0 and json.loads(out)["interviews"] > 40
    status, out, _ = _run(capsys, "cases", "--db", str(path), "--status", "treating", "--json")
    numbers = [case["number"] for case in json.loads(out)]

    listed = [_listed(capsys, str(path), number) for number in numbers]
    with_interviews = [(number, found) for number, found in zip(numbers, listed, strict=True) if found]
    assert with_interviews
    number, interviews = with_interviews[0]
    assert [i["questionnaire"] for i in interviews][:2] == ["intake", "follow_up"]
    assert all(i["status"] == "completed" for i in interviews)
    status, _, err = _run(
        capsys, "export", "interview", "--db", str(path), "--case", number, "-o", str(tmp_path / "m.pdf")
    )
    assert status == 0, err
    text = " ".join(page.extract_text() for page in PdfReader(tmp_path / "m.pdf").pages)
    assert "Follow-up interview" in text and number in text
