"""Demo interviews: each case's intake interview and, once treatment starts, follow-ups with pain over time.

Drawn from its own ``random.Random`` so adding interviews left the rest of the demo unchanged. Answers are
what a case manager would have typed (dates as MM/DD/YYYY, amounts with or without a dollar sign) and
agree with the case: its type, place and incident date, the injury and treatment its facts tell, the
providers, witnesses, adjuster and employer it links. The intake interview is held the day the case was
opened; follow-ups come every four to seven weeks while the client treats, each pain level a step from
the last, so the pain journal draws a curve. Cases still at intake may have their interview as a draft.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, tzinfo

from casedesk.domain.cases import Case, CaseStatus, CaseType, Client
from casedesk.domain.contacts import CaseContact, ContactRole
from casedesk.domain.interviews import Answer, Answers, Interview, InterviewStatus, Questionnaire
from casedesk.domain.typed import format_date, format_time
from casedesk.services import demo_text as text

#: Share of cases past intake that have their intake interview in the app.
SHARE_WITH_INTAKE = 0.9
#: Cases still at intake: share whose interview is completed, and share left as a draft.
SHARE_INTAKE_COMPLETED, SHARE_INTAKE_DRAFT = 0.55, 0.35
#: Days between follow-ups (least, most); at most this many follow-ups per case.
_FOLLOW_UP_EVERY = (28, 49)
MAX_FOLLOW_UPS = 3
#: How the pain goes from one interview to the next: weight, steps to draw from.
_TRENDS = {"improving": (7, (-2, -1, -1, 0)), "plateau": (2, (-1, 0, 0, 1)), "worsening": (1, (0, 1, 1, 2))}
#: The firm's case managers, who hold the interviews (fictional).
CASE_MANAGERS = ("Jordan Ellis", "Renée Castillo", "Tom Nakamura", "Alicia Ford", "Marcus Oyelaran")

#: Each injury the demo's facts name (``demo_text.INJURIES``): rows of (body part, severity, what it is).
_INJURY_ROWS: dict[str, tuple[tuple[str, str, str], ...]] = {
    "neck and back strain": (
        ("Neck", "Moderate", "Strain; stiff and sore turning the head"),
        ("Lower back", "Moderate", "Muscle spasms; hurts to bend or lift"),
    ),
    "a herniated disc at L4-L5": (
        ("Lower back", "Severe", "Herniated disc at L4-L5; pain down the left leg"),
    ),
    "a fractured wrist": (("Right wrist", "Severe", "Distal radius fracture; in a cast six weeks"),),
    "a concussion": (
        ("Head", "Moderate", "Concussion; headaches, light sensitivity, trouble concentrating"),
        ("Neck", "Mild", "Sore and stiff"),
    ),
    "a fractured hip": (("Left hip", "Severe", "Fracture of the femoral neck"),),
    "a torn meniscus": (("Right knee", "Severe", "Torn medial meniscus; knee locks and swells"),),
    "a sprained ankle": (("Left ankle", "Moderate", "Grade 2 sprain; swelling, walks with a limp"),),
    "a broken wrist": (("Left wrist", "Severe", "Fracture; cast, then a brace"),),
    "a fractured pelvis": (("Pelvis", "Severe", "Pelvic fracture; weeks on a walker"),),
    "a crushed foot": (("Right foot", "Severe", "Crush injury; three broken metatarsals"),),
    "broken ribs": (("Ribs", "Severe", "Three broken ribs on the right; hurts to breathe deeply"),),
    "a spinal cord injury": (("Spine", "Severe", "Incomplete spinal cord injury; weakness in both legs"),),
    "sepsis": (("Abdomen", "Severe", "Sepsis after the missed perforation; nine days in the ICU"),),
    "permanent heart damage": (("Heart", "Severe", "Heart attack; reduced pumping function"),),
    "internal bleeding": (("Abdomen", "Severe", "Bleeding in the abdomen; two transfusions"),),
    "deep puncture wounds": (("Left forearm", "Severe", "Deep puncture wounds; infection, stitches"),),
    "nerve damage in the hand": (("Right hand", "Severe", "Numbness in two fingers; weak grip"),),
    "facial lacerations": (("Face", "Severe", "Lacerations of the cheek and lip; will scar"),),
    "second-degree burns": (
        ("Hands and forearms", "Severe", "Second-degree burns; dressings changed daily"),
    ),
    "a fractured ankle": (("Right ankle", "Severe", "Fracture; boot and crutches"),),
    "a dislocated shoulder": (("Left shoulder", "Moderate", "Dislocation; sling, pain reaching up"),),
    "a broken jaw": (("Jaw", "Severe", "Fractured jaw; wired shut four weeks"),),
    "whiplash": (("Neck", "Moderate", "Whiplash; stiff, headaches at the base of the skull"),),
    "a fractured elbow": (("Right elbow", "Severe", "Fractured elbow; cannot straighten the arm"),),
}
#: What the client cannot do, by the part of the body hurt most (matched in the body part's name).
_LIMITS = (
    (("back", "neck", "spine", "pelvis", "ribs"), "lift more than ten pounds or sit longer than 30 minutes"),
    (("wrist", "hand", "elbow", "shoulder", "forearm"), "grip, type for long or carry groceries"),
    (("hip", "knee", "ankle", "foot"), "climb stairs or stand longer than 20 minutes"),
    (("head", "face", "jaw"), "look at a screen for long or drive at night"),
    (("heart", "abdomen"), "walk far or go back to physical work"),
)
#: Limitations at a follow-up, from the worst pain down.
_STILL = ("Still cannot {limit}", "Still cannot {limit}; needs help at home on bad days")
_EASIER = (
    "Better; can {limit} on good days, not on bad ones",
    "Mostly back to normal; sore after a long day",
)
_CLIENT_WORDS = {
    CaseType.MOTOR_VEHICLE: (
        "I never saw it coming. I heard the brakes and then the hit.",
        "The other driver kept saying he was sorry and that he was looking at his phone.",
    ),
    CaseType.PREMISES: (
        "There was no sign and no cone. I was down before I knew it.",
        "An employee said they had been meaning to fix it for weeks.",
    ),
    CaseType.WORKPLACE: (
        "Everyone knew that equipment was bad; we had complained about it.",
        "It happened so fast; the next thing I remember is the ambulance.",
    ),
    CaseType.MEDICAL_MALPRACTICE: (
        "I kept telling them something was wrong and nobody listened.",
        "They sent me home and said it was normal to hurt.",
    ),
    CaseType.DOG_BITE: (
        "The dog came out of nowhere; the owner was not even outside.",
        "I put my arm up to protect my face.",
    ),
    CaseType.PRODUCT: (
        "I used it exactly the way the instructions said.",
        "There was a pop and then it just gave way.",
    ),
    CaseType.OTHER: (
        "It was dark and there was nobody around to help.",
        "I did not even have time to put my hands out.",
    ),
}
_CONDITIONS = {
    CaseType.MOTOR_VEHICLE: (
        "Dry road, daylight, clear",
        "Light rain, wet road, dusk",
        "Dry, dark, street lights on",
    ),
}
_OTHER_CONDITIONS = ("Daylight, clear", "Evening, poor lighting", "Indoors, normal lighting")
#: A premises case's hazard and conditions, by a word of its facts (``demo_text.WHAT_HAPPENED``).
_HAZARDS = {
    "liquid": (
        "Liquid on the floor, no warning cone; an employee said it had been there an hour",
        "Indoors, bright lights, wet floor",
    ),
    "stair": (
        "A broken exterior step; tenants had reported it to the manager by email weeks before",
        "Outdoors, dusk, the step in shadow",
    ),
    "shelf": (
        "A display shelf loaded past its limit; it had been leaning for days",
        "Indoors, normal lighting",
    ),
}
#: Injuries that put the client in the hospital (``demo_text.INJURIES``).
_ADMITTED = frozenset(
    {"a fractured hip", "a fractured pelvis", "a spinal cord injury", "sepsis", "permanent heart damage"}
    | {"internal bleeding", "a crushed foot"}
)
_DOG_OWNERS = (
    "The neighbor two houses down; other neighbors say the dog had charged at people before",
    "A man walking the dog off leash; he said it had never bitten anyone",
)
_PHOTOS = (
    "Yes, on the client's phone; sent to us by email",
    "A family member took photos the next day; we have copies",
    "None of the scene; photos of the injuries from the ER",
)
_VEHICLES = (
    "2018 Toyota Camry",
    "2020 Honda CR-V",
    "2016 Ford F-150",
    "2021 Nissan Altima",
    "2019 Chevrolet Equinox",
)
_DEFENSE_VEHICLES = (
    "2022 Ford Transit van",
    "2017 Freightliner box truck",
    "2020 Ram 1500",
    "2015 Toyota Corolla",
)
_DAMAGE = (
    "Rear bumper and trunk crushed; towed, declared a total loss",
    "Driver's side doors pushed in; at the body shop",
    "Front end damage; still drivable",
)
_IMAGING = (
    "X-rays at the ER the same day",
    "X-rays at the ER; MRI two weeks later",
    "CT scan at the ER; MRI ordered",
)
_MEDICATIONS = (
    "Ibuprofen 800 mg; a muscle relaxer at night",
    "Naproxen; gabapentin for the nerve pain",
    "Tylenol; was prescribed oxycodone the first week only",
)
_PLANS = (
    "Physical therapy twice a week for eight weeks",
    "Orthopedic follow-up in a month; PT until then",
    "Pain management consult; possible injections",
)
_BEFORE_AFTER = (
    "Before: worked full shifts, cooked, walked the dog every evening.\nNow: rests after work, "
    "needs help with chores, has not walked the dog since.",
    "Before: active, coached a kids' soccer team.\nNow: cannot run or kneel; another parent coaches.",
    "Before: took care of the house and the grandchildren.\nNow: the family had to find other child care.",
)
_SLEEP = ("Wakes up three or four times a night", "Cannot sleep on the injured side", "Sleeps in a recliner")
_HOUSEHOLD = (
    "A spouse does the laundry and the shopping now",
    "Cannot vacuum or carry laundry; a daughter comes twice a week",
    "Yard work and groceries; neighbors help",
)
_HOBBIES = (
    "Gave up the gym and the running club",
    "No more fishing trips or gardening",
    "Stopped playing in the church band",
)
_INSURERS = ("Lakeshore Mutual Insurance Co.", "Summitview Casualty Co.", "Brightway Auto Insurance Co.")
_HEALTH_PLANS = (
    "Employer plan through BlueStone Health, member {member}",
    "Employer plan through Lakeview Care, member {member}",
    "Medicaid, member {member}",
    "None",
)
_PRIOR_INJURIES = (
    "Low back strain at work in 2019; six PT visits, fully recovered",
    "Sprained the same ankle playing basketball in high school",
)
_JOBS = (
    "Warehouse associate; lifts boxes all day",
    "Home health aide",
    "Line cook",
    "Office manager",
    "Delivery driver",
    "Retail sales associate",
    "Electrician's helper",
)
_SAW = {
    "Eyewitness": "Saw the whole thing",
    "Arrived right after": "Came over right after and called 911",
    "Co-worker": "Was working beside the client",
    "Neighbor": "Heard the client shout and came out",
}
_TREATMENT_SINCE = {
    -1: (
        "{visits} physical therapy visits; a check-up with {provider}; doing the home exercises",
        "Saw {provider} twice; therapy going well",
    ),
    0: (
        "{visits} physical therapy visits; progress has stalled",
        "Saw {provider}; medication changed",
    ),
    1: (
        "Saw {provider}; an MRI was ordered after the pain got worse",
        "Injection at {provider}; little relief",
    ),
}
_MISSED_EVENTS = (
    "A nephew's wedding out of state",
    "The family reunion; could not sit through the drive",
    "Sunday church and the choir",
    "The kids' games and school events",
)


@dataclass(frozen=True, slots=True)
class _Story:
    """What the case already tells, which the interviews must agree with."""

    first: str
    injury: str
    injuries: tuple[tuple[str, str, str], ...]
    providers: tuple[CaseContact, ...]
    witnesses: tuple[CaseContact, ...]
    adjuster: CaseContact | None
    employer: str
    senior: bool


class DemoInterviews:
    """Draws each demo case's interviews; they are inserted with new ids after their cases."""

    def __init__(
        self, rng: random.Random, today: date, questionnaires: Sequence[Questionnaire], zone: tzinfo
    ) -> None:
        by_code = {questionnaire.code: questionnaire for questionnaire in questionnaires}
        self._intake, self._follow_up = by_code["intake"], by_code["follow_up"]
        self._rng = rng
        self._today = today
        self._zone = zone

    def draw(self, case: Case, client: Client, links: Sequence[CaseContact], batch: list[Interview]) -> None:
        """Add the case's interviews to the batch, oldest first."""
        rng = self._rng
        at_intake = case.status is CaseStatus.INTAKE
        roll = rng.random()
        if at_intake:
            completed = roll < SHARE_INTAKE_COMPLETED and case.incident_date is not None
            if not completed and roll >= SHARE_INTAKE_COMPLETED + SHARE_INTAKE_DRAFT:
                return
        elif roll >= SHARE_WITH_INTAKE or case.incident_date is None:
            return
        else:
            completed = True
        story = self._story(case, client, links)
        interviewer = rng.choice(CASE_MANAGERS)
        pain = rng.randint(5, 9)
        answers = self._intake_answers(case, story, pain)
        if not completed:
            answers = self._partly(answers)
        batch.append(self._interview(case, self._intake, case.opened_on, answers, interviewer, completed, 9))
        if not at_intake:
            self._follow_ups(case, story, pain, interviewer, batch)

    # --- what the case tells ---

    def _story(self, case: Case, client: Client, links: Sequence[CaseContact]) -> _Story:
        def linked(role: ContactRole) -> tuple[CaseContact, ...]:
            return tuple(link for link in links if link.role is role)

        injury = next((i for i in text.INJURIES[case.case_type] if f"treated for {i} " in case.facts), "")
        rows = _INJURY_ROWS.get(injury, (("Back", "Moderate", "Pain and stiffness"),))
        born = client.date_of_birth
        age = (case.opened_on - born).days // 365 if born else 40
        minor = age < 18
        employers = linked(ContactRole.EMPLOYER)
        if employers:  # the case links the employer for the wage loss
            employer = employers[0].contact.name
        elif minor or self._rng.random() < 0.4:
            employer = ""
        else:
            employer = f"{self._rng.choice(text.STEMS)} {self._rng.choice(text.EMPLOYER_KINDS)}"
        return _Story(
            first=client.name.split(" ", 1)[0],
            injury=injury,
            injuries=rows,
            providers=linked(ContactRole.MEDICAL_PROVIDER),
            witnesses=linked(ContactRole.WITNESS),
            adjuster=next(iter(linked(ContactRole.ADJUSTER)), None),
            employer=employer,
            senior=age >= 65,
        )

    # --- the intake interview ---

    def _intake_answers(self, case: Case, story: _Story, pain: int) -> dict[str, Answer]:
        rng = self._rng
        incident = case.incident_date
        told = case.facts.split(f" {story.first} was treated for ", 1)[0]
        words = rng.choice(_CLIENT_WORDS[case.case_type])
        answers: dict[str, Answer] = {
            "incident_date": format_date(incident),
            "incident_time": format_time(time(rng.randint(7, 20), rng.choice((0, 10, 15, 30, 40, 45)))),
            "incident_place": case.incident_place,
            "how_it_happened": f"{told}\n\nIn the client's words: “{words}”",
            "photos": rng.choice(_PHOTOS),
        }
        if case.case_type is CaseType.PREMISES:
            told = next((key for key in _HAZARDS if key in case.facts), "liquid")
            answers["hazard"], answers["conditions"] = _HAZARDS[told]
        else:
            answers["conditions"] = rng.choice(_CONDITIONS.get(case.case_type, _OTHER_CONDITIONS))
        if case.case_type is CaseType.DOG_BITE:
            answers["dog_owner"] = rng.choice(_DOG_OWNERS)
        police = rng.random() < (0.85 if case.case_type is CaseType.MOTOR_VEHICLE else 0.3)
        answers["police_report"] = "Yes" if police else "No"
        if police:
            agency = "Highway Patrol" if "Interstate" in case.incident_place else "Police Department"
            answers["police_report_number"] = (
                f"{_city(case)} {agency}, report {rng.randint(100_000, 999_999)}"
            )
        if case.case_type is CaseType.MOTOR_VEHICLE:
            answers |= self._vehicles(case, story)
        answers |= self._injuries_and_treatment(case, story, pain)
        answers |= self._people_and_insurance(case, story)
        answers |= self._work(story, incident, case.opened_on)
        return answers

    def _vehicles(self, case: Case, story: _Story) -> dict[str, Answer]:
        rng = self._rng
        role = (
            "Pedestrian"
            if "crosswalk" in case.facts
            else "Passenger"
            if "passenger" in case.facts
            else "Driver"
        )
        # The caption names a person defendant by the last name, a company in full (with spaces).
        defendant = case.caption.split(" v. ", 1)[-1]
        insurer = story.adjuster.contact.organization if story.adjuster else ""
        theirs = {
            "vehicle": rng.choice(_DEFENSE_VEHICLES),
            "driver": f"Driver for {defendant}" if " " in defendant else defendant,
            "plate": _plate(rng),
            "insurer": insurer,
        }
        answers: dict[str, Answer] = {"client_role": role}
        if role == "Pedestrian":
            answers["vehicles"] = [theirs]
            return answers
        ours = {
            "vehicle": rng.choice(_VEHICLES),
            "driver": story.first if role == "Driver" else "A friend of the client",
            "plate": _plate(rng),
            "insurer": rng.choice(_INSURERS),
        }
        answers |= {
            "vehicles": [ours, theirs],
            "seat_belt": "yes" if rng.random() < 0.92 else "no",
            "airbags": rng.choice(("Yes", "No")),
            "vehicle_damage": rng.choice(_DAMAGE),
        }
        return answers

    def _injuries_and_treatment(self, case: Case, story: _Story, pain: int) -> dict[str, Answer]:
        rng = self._rng
        incident = case.incident_date or case.opened_on
        severe = any(severity == "Severe" for _, severity, _ in story.injuries)
        emergency = rng.random() < (0.9 if severe else 0.6)
        providers = [self._provider_row(link, incident, case.opened_on) for link in story.providers[:1]]
        if emergency:
            hospital = f"{_city(case)} General Hospital"
            providers.insert(
                0,
                {
                    "name": hospital,
                    "specialty": "Emergency",
                    "phone": "",
                    "first_visit": format_date(incident),
                    "last_visit": format_date(incident),
                },
            )
        answers: dict[str, Answer] = {
            "injuries": [
                {"body_part": part, "severity": severity, "description": what}
                for part, severity, what in story.injuries
            ],
            "hospitalized": "Yes" if story.injury in _ADMITTED else "No",
            "emergency": "Yes" if emergency else "No",
            "providers": providers,
            "imaging": rng.choice(_IMAGING),
            "medications": rng.choice(_MEDICATIONS),
            "treatment_plan": rng.choice(_PLANS),
            "pain_level": str(pain),
            "limitations": f"Cannot {_limit(story)}",
            "before_after": rng.choice(_BEFORE_AFTER),
            "sleep": rng.choice(_SLEEP),
        }
        if emergency:
            answers["emergency_where"] = f"{providers[0]['name']}, {format_date(incident)}"
        if "had surgery" in case.facts:
            answers["surgery"] = f"Yes, on {format_date(incident + timedelta(days=rng.randint(2, 20)))}"
        if rng.random() < 0.6:
            answers["household"] = rng.choice(_HOUSEHOLD)
        if rng.random() < 0.5:
            answers["hobbies"] = rng.choice(_HOBBIES)
        return answers

    def _provider_row(self, link: CaseContact, incident: date, held_on: date) -> dict[str, str]:
        contact = link.contact
        first = min(held_on, incident + timedelta(days=self._rng.randint(1, 10)))
        specialty = contact.notes if contact.name.startswith("Dr. ") else ""
        return {
            "name": contact.name,
            "specialty": specialty,
            "phone": contact.phone,
            "first_visit": format_date(first),
            "last_visit": "",
        }

    def _people_and_insurance(self, case: Case, story: _Story) -> dict[str, Answer]:
        rng = self._rng
        answers: dict[str, Answer] = {
            "witnesses": [
                {
                    "name": link.contact.name,
                    "phone": link.contact.phone,
                    "saw": _SAW.get(link.contact.notes, ""),
                }
                for link in story.witnesses
            ],
            "prior_injuries": "No",
            "prior_claims": "No",
            "health_insurance": (
                "Medicare Part B, member {member}" if story.senior else rng.choice(_HEALTH_PLANS)
            ).format(member=f"{rng.randint(10**8, 10**9 - 1)}"),
        }
        if rng.random() < 0.15:
            answers |= {"prior_injuries": "Yes", "prior_injuries_detail": rng.choice(_PRIOR_INJURIES)}
        if case.case_type is CaseType.MOTOR_VEHICLE:
            answers["own_insurer"] = f"{rng.choice(_INSURERS)}, policy {rng.randint(10**7, 10**8 - 1)}"
        if story.adjuster is not None:
            adjuster = story.adjuster
            claim = adjuster.note.removeprefix("Claim ")
            answers["other_insurer"] = f"{adjuster.contact.organization}, claim {claim}"
            if rng.random() < 0.4:
                answers["adjuster_contact"] = (
                    f"{adjuster.contact.name} called and asked for a recorded statement; the client declined"
                )
        return answers

    def _work(self, story: _Story, incident: date | None, held_on: date) -> dict[str, Answer]:
        rng = self._rng
        if not story.employer:
            return {"employed": "No"}
        basis = rng.choices(("Hourly", "Salary (yearly)", "Weekly", "Daily"), weights=(60, 25, 10, 5))[0]
        rate = {
            "Hourly": f"${rng.randint(15, 45)}.{rng.choice(('00', '50', '25'))}",
            "Salary (yearly)": f"{rng.randint(32, 95)},000",
            "Weekly": f"${rng.randint(600, 1_600)}",
            "Daily": f"{rng.randint(120, 320)}",
        }[basis]
        answers: dict[str, Answer] = {
            "employed": "Yes",
            "employer": story.employer,
            "job_title": rng.choice(_JOBS),
            "pay_basis": basis,
            "pay_rate": rate,
            "missed_work": "No",
        }
        if incident is not None and rng.random() < 0.7:
            back = incident + timedelta(days=rng.randint(3, 45))
            if back < held_on:
                answers["missed_to"] = format_date(back)
            days = (min(back, held_on) - incident).days  # still off: the days missed so far
            answers |= {
                "missed_work": "Yes",
                "missed_from": format_date(incident + timedelta(days=1)),
                "time_missed": str(max(1, days * 5 // 7) * (8 if basis == "Hourly" else 1)),
            }
        return answers

    def _partly(self, answers: dict[str, Answer]) -> dict[str, Answer]:
        """A draft: the answers of the first few sections, as far as the interview got."""
        sections = self._intake.sections
        reached = {q.id for section in sections[: self._rng.randint(1, 3)] for q in section.questions}
        return {key: value for key, value in answers.items() if key in reached}

    # --- follow-ups ---

    def _follow_ups(
        self, case: Case, story: _Story, pain: int, interviewer: str, batch: list[Interview]
    ) -> None:
        rng = self._rng
        last_day = min(case.closed_on or self._today, self._today - timedelta(days=1))
        trend = rng.choices(list(_TRENDS), weights=[weight for weight, _ in _TRENDS.values()])[0]
        steps = _TRENDS[trend][1]
        held_on = case.opened_on
        for number in range(rng.randint(1, MAX_FOLLOW_UPS)):
            day = _weekday_on_or_before(held_on + timedelta(days=rng.randint(*_FOLLOW_UP_EVERY)))
            if day > last_day:
                if number:
                    return
                day = _weekday_on_or_before(last_day)  # treating for only weeks: the first check-in is sooner
                if day <= held_on:
                    return
            step = rng.choice(steps)
            pain = min(10, max(1, pain + step))
            answers = self._follow_up_answers(story, pain, step, number, day)
            hour = rng.randint(9, 16)
            batch.append(self._interview(case, self._follow_up, day, answers, interviewer, True, hour))
            held_on = day

    def _follow_up_answers(
        self, story: _Story, pain: int, step: int, number: int, day: date
    ) -> dict[str, Answer]:
        rng = self._rng
        provider = story.providers[0].contact.name if story.providers else "the clinic"
        direction = max(-1, min(1, step))
        answers: dict[str, Answer] = {
            "treatment_since": rng.choice(_TREATMENT_SINCE[direction]).format(
                visits=rng.randint(3, 12), provider=provider
            ),
            "missed_appointments": "None" if rng.random() < 0.8 else "Missed one PT visit; no ride",
            "pain_level": str(pain),
            "limitations": rng.choice(_STILL if pain >= 5 else _EASIER).format(limit=_limit(story)),
            "work_status": _work_status(story, pain),
        }
        if number == 0 and len(story.providers) > 1:
            referred = story.providers[1].contact
            answers["new_providers"] = [
                {
                    "name": referred.name,
                    "specialty": referred.notes if referred.name.startswith("Dr. ") else "",
                    "phone": referred.phone,
                    "first_visit": format_date(day - timedelta(days=rng.randint(3, 14))),
                }
            ]
        if pain <= 3 and rng.random() < 0.5:
            answers["discharged"] = f"Yes; {provider} said to come back only if the pain returns"
        if answers["work_status"] in ("Off work", "Light duty"):
            answers["return_date"] = format_date(day + timedelta(days=rng.randint(14, 60)))
        if rng.random() < 0.5:
            answers["missed_events"] = rng.choice(_MISSED_EVENTS)
        return answers

    # --- records ---

    def _interview(
        self,
        case: Case,
        questionnaire: Questionnaire,
        day: date,
        answers: Answers,
        interviewer: str,
        completed: bool,
        hour: int,
    ) -> Interview:
        started = datetime.combine(day, time(hour, self._rng.choice((0, 15, 30))), tzinfo=self._zone)
        finished = started + timedelta(minutes=self._rng.randint(20, 75))
        return Interview(
            case_id=case.id or 0,
            questionnaire=questionnaire,
            held_on=day,
            answers=answers,
            status=InterviewStatus.COMPLETED if completed else InterviewStatus.DRAFT,
            interviewer=interviewer,
            started_at=started,
            completed_at=finished if completed else None,
            updated_at=finished,
        )


def _work_status(story: _Story, pain: int) -> str:
    """Off work while the pain is bad, back on light duty as it eases, then full duty."""
    if not story.employer:
        return "Not employed"
    return "Off work" if pain >= 7 else "Light duty" if pain >= 4 else "Working full duty"


def _city(case: Case) -> str:
    """The city of the case's incident place (``…, Fairview, TX``)."""
    parts = case.incident_place.split(", ")
    return parts[-2] if len(parts) >= 2 else "City"


def _plate(rng: random.Random) -> str:
    letters = "".join(rng.choice("ABCDEFGHJKLMNPRSTVWXYZ") for _ in range(3))
    return f"{letters}-{rng.randint(1000, 9999)}"


def _limit(story: _Story) -> str:
    """What the client cannot do, for the injury hurting most."""
    part = story.injuries[0][0].casefold()
    return next((limit for words, limit in _LIMITS if any(word in part for word in words)), _LIMITS[0][1])


def _weekday_on_or_before(day: date) -> date:
    """``day`` itself on a weekday, else the Friday before it."""
    return day - timedelta(days=max(0, day.weekday() - 4))
