"""Demo case files: realistic, entirely fictional clients, cases, contacts and timelines.

Everything is drawn from one ``random.Random(seed)`` and a given "today", so the same seed and date give
the same records. Names, firms and places are invented; phone numbers are in the 555-01xx range reserved
for fiction and emails are at example.com.
"""

from __future__ import annotations

import random
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from typing import TypeVar

from casedesk.domain.activity import Activity, ActivityKind, Direction
from casedesk.domain.cases import Case, CaseStatus, CaseType, Client
from casedesk.domain.contacts import CaseContact, Contact, ContactRole
from casedesk.domain.errors import CaseFileError, ValidationError
from casedesk.domain.jurisdictions import Jurisdiction
from casedesk.domain.money import Money
from casedesk.resources import jurisdictions
from casedesk.store import bulk
from casedesk.store.casefile import CaseFile, open_case_file

DEFAULT_CASES = 200
MAX_CASES = 100_000
#: Cases generated and written per step (one progress report each); bounds memory on big demos.
CHUNK_CASES = 1_000

Progress = Callable[[int, int], None]
_T = TypeVar("_T")


@dataclass(frozen=True, slots=True)
class DemoSummary:
    """What a demo build wrote.

    Attributes:
        case_contacts: Links between cases and contacts.
        activities: Timeline entries.
    """

    path: Path
    cases: int
    clients: int
    contacts: int
    case_contacts: int
    activities: int


def create_demo(
    path: Path,
    *,
    today: date,
    cases: int = DEFAULT_CASES,
    seed: int = 1,
    progress: Progress | None = None,
) -> DemoSummary:
    """Create (or fill an empty) case file at ``path`` with demo data; see :func:`build_demo`.

    Raises:
        ValidationError: ``cases`` is out of range; nothing is created.
        CaseFileError: The file cannot be opened or created, or it already holds data.
    """
    _check_case_count(cases)
    case_file = open_case_file(path, create=True)
    try:
        return build_demo(case_file, today=today, cases=cases, seed=seed, progress=progress)
    finally:
        case_file.close()


def build_demo(
    case_file: CaseFile,
    *,
    today: date,
    cases: int = DEFAULT_CASES,
    seed: int = 1,
    progress: Progress | None = None,
) -> DemoSummary:
    """Fill an empty case file with fictional demo data, in one transaction.

    Every case status and case type occurs once there are at least eight cases; every case has a
    client, 2 to 5 linked contacts and 3 to 8 timeline entries, all dated on or before ``today``.

    Args:
        case_file: An open case file holding no records at all, so demo data never mixes with real data.
        today: The date the demo is built "as of"; with ``seed`` it fixes the whole content.
        cases: How many cases to generate.
        seed: Seed of the random generator.
        progress: Called as ``progress(done, total)`` with cases written so far.

    Raises:
        ValidationError: ``cases`` is out of range.
        CaseFileError: The case file already holds records; it is left unchanged.
    """
    _check_case_count(cases)
    report = progress or _ignore_progress
    builder = _DemoBuilder(random.Random(seed), today, jurisdictions())
    with case_file.session() as session:
        existing = bulk.count_records(session)
        if not existing.is_empty:
            raise _not_empty(case_file.path, existing)
        # The file holds no records, so every id is free: the builder numbers records from 1.
        plans = builder.plan_cases(cases)
        builder.make_contact_book(cases)
        report(0, cases)
        for start in range(0, cases, CHUNK_CASES):
            batch = builder.build(plans[start : start + CHUNK_CASES])
            bulk.insert_contacts(session, batch.contacts)
            bulk.insert_clients(session, batch.clients)
            bulk.insert_cases(session, batch.cases)
            bulk.insert_case_contacts(session, batch.links)
            bulk.insert_activities(session, batch.activities)
            report(min(start + CHUNK_CASES, cases), cases)
        written = bulk.count_records(session)
    return DemoSummary(
        path=case_file.path,
        cases=written.cases,
        clients=written.clients,
        contacts=written.contacts,
        case_contacts=written.case_contacts,
        activities=written.activities,
    )


def _ignore_progress(done: int, total: int) -> None:
    """Progress callback used when the caller gives none."""


def _check_case_count(cases: int) -> None:
    if not 1 <= cases <= MAX_CASES:
        raise ValidationError({"cases": f"A demo has between 1 and {MAX_CASES:,} cases, not {cases:,}."})


def _not_empty(path: Path, counts: bulk.RecordCounts) -> CaseFileError:
    return CaseFileError(
        f"{path.name} already holds {counts.cases:,} cases, {counts.clients:,} clients and "
        f"{counts.contacts:,} contacts; demo data is only written into a new, empty case file.",
        "Choose a file name that does not exist yet. The file has not been changed.",
    )


# --- fictional raw material ----------------------------------------------------------------------


def _words(text: str) -> tuple[str, ...]:
    return tuple(text.split())


def _options(text: str) -> tuple[str, ...]:
    return tuple(text.split("|"))


#: Clients' first and last names by the language their families may speak at home.
_FIRST_NAMES = {
    "English": _words(
        "James Mary Robert Patricia Michael Linda David Barbara William Elizabeth Richard Jennifer Joseph "
        "Susan Thomas Jessica Christopher Sarah Daniel Karen Matthew Nancy Anthony Lisa Mark Ashley "
        "Steven Emily Andrew Kimberly Joshua Donna Kevin Michelle Brian Carol Ryan Amanda Tyler Deborah "
        "Brandon Stephanie Tamika Darnell Keisha Jamal Latoya Andre Shanice Terrell"
    ),
    "Spanish": _words(
        "María José Juan Carmen Luis Ana Carlos Rosa Jorge Guadalupe Miguel Alejandra Francisco Verónica "
        "Ricardo Yesenia Alejandro Lucía Fernando Marisol Javier Daniela Roberto Elena"
    ),
    "Vietnamese": _words("Anh Binh Duc Hanh Hoa Hung Lan Linh Minh Ngoc Phuong Quang Thanh Thao Trang Tuan"),
    "Chinese (Mandarin)": _words("Wei Jing Ming Xiu Hao Yan Jun Mei Ling Qiang"),
    "Korean": _words("Min-jun Seo-yeon Ji-ho Ha-eun Jae-won Soo-jin Hyun-woo Eun-ji"),
    "Tagalog": _words("Ramon Cristina Rodel Maricel Jericho Rowena Arnel Liza"),
    "Arabic": _words("Ahmed Fatima Omar Layla Youssef Nour Khalid Amira Hassan Rania"),
    "Russian": _words("Dmitri Olga Sergei Natalia Alexei Irina Pavel Svetlana"),
    "Haitian Creole": _words("Jean Marie Pierre Guerline Jacques Nadège Wilner Roseline"),
}
_LAST_NAMES = {
    "English": _words(
        "Henderson Brooks Caldwell Whitaker Holloway Pruitt Sutton McAllister Kowalski Lindqvist Okafor "
        "Washington Coleman Bennett Hayes Foster Griffin Russell Porter Reed Simmons Jenkins Fletcher "
        "Gallagher O'Brien Dunn Harper Mercer Thornton Vance Bishop Carver Dalton Ellison Garrison "
        "Hollis Ingram Jennings Keller Lambert Nolan Osborne Prescott Quinlan Radcliffe Sheppard Voss"
    ),
    "Spanish": _words(
        "Alvarez García Rodríguez Hernández Martínez López González Pérez Sánchez Ramírez Torres Flores "
        "Rivera Gómez Díaz Reyes Morales Cruz Ortiz Gutiérrez Chávez Ramos Ruiz Mendoza Castillo Vargas "
        "Herrera Medina Aguilar Peña Muñoz Ibarra Salazar Delgado"
    ),
    "Vietnamese": _words("Nguyen Tran Le Pham Hoang Phan Vu Dang Bui Do Ho Ngo Duong Ly"),
    "Chinese (Mandarin)": _words("Wang Zhang Liu Chen Yang Huang Zhao Wu Zhou Xu Sun Lin"),
    "Korean": _words("Kim Lee Park Choi Jung Kang Cho Yoon Jang Lim"),
    "Tagalog": _words("Santos Bautista Ocampo Villanueva Aquino Dizon Manalo Pascual"),
    "Arabic": _words("Haddad Khoury Saleh Nasser Mansour Hamdan Aziz Farah"),
    "Russian": _words("Kovalenko Shevchenko Bondarenko Tkachenko Melnyk Novak"),
    "Haitian Creole": _words("Jean-Baptiste Pierre-Louis Joseph Charles Désir Étienne Toussaint"),
}
#: Per name group: its weight among clients, and the share of its clients who prefer that language.
_NAME_GROUPS = {
    "English": (55, 1.0),
    "Spanish": (25, 0.4),
    "Vietnamese": (4, 0.55),
    "Chinese (Mandarin)": (3, 0.5),
    "Korean": (2, 0.45),
    "Tagalog": (3, 0.2),
    "Arabic": (2, 0.4),
    "Russian": (2, 0.35),
    "Haitian Creole": (2, 0.6),
}
_GROUPS = list(_NAME_GROUPS)
_GROUP_WEIGHTS = [weight for weight, _ in _NAME_GROUPS.values()]

_ATTORNEYS = {"Dana R. Whitfield": 30, "Marcus T. Bell": 25, "Priya Raman": 20, "Samuel Ortega": 15}
#: Most cases come from a few states; the rest are spread over every jurisdiction.
_HOME_STATES = {"TX": 30, "CA": 18, "FL": 16, "NY": 10, "GA": 8, "IL": 6, "AZ": 6, "NV": 6}
_HOME_SHARE = 0.7
_AREA_CODES = {
    "TX": (512, 214, 713, 210, 817),
    "CA": (213, 415, 619, 916),
    "FL": (305, 407, 813, 904),
    "NY": (212, 718, 516, 585),
    "GA": (404, 770, 912),
    "IL": (312, 773, 217),
    "AZ": (602, 520, 480),
    "NV": (702, 775),
}
_OTHER_AREA_CODES = (201, 303, 314, 402, 502, 615, 704, 801, 919, 206, 503, 608)

_CITIES = _words(
    "Fairview Riverside Georgetown Franklin Greenville Springfield Clinton Madison Salem Oakdale Lakewood "
    "Millbrook Brookfield Westfield Ashland Milford Centerville Bristol Dover Kingston"
)
_STREETS = _words(
    "Oak Maple Cedar Elm Pine Willow Main Park Lake Hill Church Mill River Sunset Highland Meadow Lincoln "
    "Magnolia Pecan Laurel Birch Chestnut Juniper Aspen Sycamore Hickory"
)
_STREET_KINDS = _words("St Ave Rd Dr Ln Blvd Ct Way Pkwy")
_COUNTIES = _words("Lincoln Washington Jefferson Franklin Madison Jackson Marion Clay Monroe Greene")
_STEMS = _words(
    "Bluewater Northpoint Ironwood Harborline Redstone Lakeshore Sunbelt Copperfield Brightway Meridian "
    "Pinecrest Riverbend Heartland Gulfline Frontier Westgate Stonebridge Tallgrass Bayside Summitview"
)
_COMPANY_KINDS = {
    CaseType.MOTOR_VEHICLE: _options(
        "Trucking LLC|Freight Lines Inc.|Logistics LLC|Delivery Services Inc.|Transport Co."
    ),
    CaseType.PREMISES: _options(
        "Grocers Inc.|Apartments LLC|Shopping Center LLC|Hotels Inc.|Property Management LLC"
    ),
    CaseType.WORKPLACE: _options("Scaffolding Co.|Crane Services LLC|Construction Inc.|Equipment Rental Co."),
    CaseType.MEDICAL_MALPRACTICE: _options(
        "Regional Medical Center|Surgical Associates PA|Family Clinic PLLC"
    ),
    CaseType.PRODUCT: _options("Ladder Corp.|Appliances Inc.|Power Tools Inc.|E-Bike Co.|Home Products LLC"),
    CaseType.OTHER: _options("Marina LLC|Amusements LLC|Nightclub LLC|Transit Authority|Water Park Inc."),
}
#: Share of cases (by type) whose defendant is a person rather than a company.
_PERSON_DEFENDANT = {CaseType.MOTOR_VEHICLE: 0.6, CaseType.DOG_BITE: 1.0, CaseType.MEDICAL_MALPRACTICE: 0.4}
_INSURER_KINDS = _options(
    "Mutual Insurance Co.|Casualty Co.|Indemnity Co.|General Insurance|Auto Insurance Co."
)
_PROVIDER_KINDS = _options(
    "Orthopedic Associates|Physical Therapy|Imaging Center|Chiropractic|Emergency Physicians|Pain "
    "Management|Neurology Clinic|Urgent Care|General Hospital"
)
_SPECIALTIES = _options("Orthopedics|Neurology|Physical medicine|Chiropractic|Radiology|Pain management")
_EMPLOYER_KINDS = _options("Distribution Center|Manufacturing Inc.|Home Health LLC|Builders Inc.|Foods Inc.")
_SERVICE_KINDS = _options("Investigations LLC|Court Reporting|Towing|Interpreting Services")

#: Weight of each status among cases, in pipeline order (intake first, closed last).
_STATUS_WEIGHTS = dict(zip(CaseStatus, (10, 24, 15, 18, 11, 3, 7, 12), strict=True))
#: How long ago (days before today) cases in each status were opened.
_OPENED_AGO = {
    CaseStatus.INTAKE: (0, 45),
    CaseStatus.TREATING: (20, 300),
    CaseStatus.DEMAND: (150, 500),
    CaseStatus.NEGOTIATION: (200, 650),
    CaseStatus.LITIGATION: (300, 1100),
    CaseStatus.TRIAL: (600, 1400),
    CaseStatus.SETTLED: (250, 1200),
    CaseStatus.CLOSED: (300, 1450),
}
#: Weight of each case type, in declaration order (motor vehicle first, other last).
_TYPE_WEIGHTS = dict(zip(CaseType, (50, 15, 8, 6, 6, 5, 10), strict=True))
_PRE_SUIT = (CaseStatus.INTAKE, CaseStatus.TREATING, CaseStatus.DEMAND, CaseStatus.NEGOTIATION)
_SHARE_LITIGATED_BEFORE_SETTLING = 0.3
_SHARE_RETURNING_CLIENTS = 0.04

# --- text templates: "|" separates choices; {first}, {defendant}, {place}, … come from the case --------

_WHAT_HAPPENED = {
    CaseType.MOTOR_VEHICLE: _options(
        "On {date}, {first} was stopped at a red light at {place} when a vehicle driven for {defendant} "
        "hit the rear of the client's car.|On {date}, a driver for {defendant} ran a stop sign at {place} "
        "and hit {first}'s car on the driver's side.|On {date}, {first} was struck in a marked crosswalk "
        "at {place} by a car turning left (defendant {defendant}).|{first} was a passenger in a car hit "
        "head-on at {place} on {date} after the other driver (defendant {defendant}) crossed the center "
        "line."
    ),
    CaseType.PREMISES: _options(
        "On {date}, {first} slipped on liquid left on the floor at {place}; no warning sign was "
        "posted.|{first} fell on a broken exterior stair at {place} on {date}; tenants had reported the "
        "damage to {defendant} weeks earlier.|On {date}, an overloaded display shelf collapsed onto "
        "{first} at {place}."
    ),
    CaseType.WORKPLACE: _options(
        "On {date}, {first} fell from scaffolding supplied by {defendant} at a job site at {place} when a "
        "guardrail gave way.|{first} was struck by a load dropped from a crane run by {defendant} at "
        "{place} on {date}.|On {date}, a forklift leased from {defendant} lost its brakes and pinned "
        "{first} against a loading dock at {place}."
    ),
    CaseType.MEDICAL_MALPRACTICE: _options(
        "{first} had a routine laparoscopic procedure at {place} on {date}; a bowel perforation went "
        "undiagnosed for three days.|On {date}, {first} came to {place} with chest pain and was sent home "
        "without a cardiac workup; a heart attack followed the next day.|A medication error at {place} on "
        "{date} gave {first} ten times the prescribed dose of a blood thinner."
    ),
    CaseType.DOG_BITE: _options(
        "On {date}, {first} was bitten on the forearm by a dog owned by {defendant} that had escaped "
        "through an open gate at {place}.|{first} was knocked down and bitten by an unleashed dog "
        "belonging to {defendant} near {place} on {date}."
    ),
    CaseType.PRODUCT: _options(
        "On {date}, the side rail of a ladder made by {defendant} buckled under {first} at {place}.|An "
        "e-bike battery sold by {defendant} caught fire while charging at {place} on {date}, burning "
        "{first}'s hands and arms.|On {date}, a pressure cooker made by {defendant} burst open at {place} "
        "and scalded {first}."
    ),
    CaseType.OTHER: _options(
        "On {date}, {first} was assaulted in the unlit parking lot of {place}; security patrols had been "
        "cut the month before.|{first} was thrown forward when a ride at {place} stopped abruptly on "
        "{date}.|On {date}, {first} tripped over a raised slab of sidewalk near {place}."
    ),
}
_INJURIES = {
    CaseType.MOTOR_VEHICLE: _options(
        "neck and back strain|a herniated disc at L4-L5|a fractured wrist|a concussion"
    ),
    CaseType.PREMISES: _options("a fractured hip|a torn meniscus|a sprained ankle|a broken wrist"),
    CaseType.WORKPLACE: _options("a fractured pelvis|a crushed foot|broken ribs|a spinal cord injury"),
    CaseType.MEDICAL_MALPRACTICE: _options("sepsis|permanent heart damage|internal bleeding"),
    CaseType.DOG_BITE: _options("deep puncture wounds|nerve damage in the hand|facial lacerations"),
    CaseType.PRODUCT: _options("second-degree burns|a fractured ankle|a dislocated shoulder"),
    CaseType.OTHER: _options("a broken jaw|whiplash|a fractured elbow"),
}
_TREATMENT_COURSES = _options(
    "is still in physical therapy|has finished treatment|was referred to a pain-management specialist|had "
    "surgery and is recovering|is waiting on an MRI"
)
_FACT_NOTES = _options(
    "A report was made at the scene and liability looks clear.|Two independent witnesses gave "
    "statements.|Photos of the scene were taken the same day.|The defendant's insurer has acknowledged the "
    "claim but not liability.|A preservation letter for video went out within a week.|The client missed "
    "{weeks} weeks of work."
)
_NEXT_ACTIONS = {
    CaseStatus.INTAKE: _options(
        "Get signed retainer and HIPAA authorizations|Order the incident report|Send letter of "
        "representation to the insurer|Collect photos of injuries and property damage"
    ),
    CaseStatus.TREATING: _options(
        "Monthly treatment check-in call|Request records and bills from the treating provider|Follow up on "
        "MRI results|Update medical specials"
    ),
    CaseStatus.DEMAND: _options(
        "Draft the demand letter|Attorney review of the demand package|Collect final bills and "
        "records|Send the demand to the adjuster"
    ),
    CaseStatus.NEGOTIATION: _options(
        "Respond to the latest offer|Follow up with the adjuster on the counter-demand|Meet the client "
        "about the settlement range"
    ),
    CaseStatus.LITIGATION: _options(
        "Answer interrogatories|Schedule the defendant's deposition|Serve expert disclosures|File the "
        "mediation statement"
    ),
    CaseStatus.TRIAL: _options(
        "Finalize the exhibit list|Assemble the trial binder|Witness preparation session|File motions in "
        "limine"
    ),
    CaseStatus.SETTLED: _options(
        "Negotiate lien reductions|Get the signed release and closing statement|Disburse settlement funds"
    ),
}


@dataclass(frozen=True, slots=True)
class _Entry:
    """A timeline entry template: its subject, body and parties are filled from the case."""

    kind: ActivityKind
    direction: Direction
    subject: str
    body: str
    parties: str


def _entries(*lines: str) -> tuple[_Entry, ...]:
    """Entries written as ``"<kind> <in|out|internal> | subject | body | parties"``."""
    directions = {"in": Direction.INCOMING, "out": Direction.OUTGOING, "internal": Direction.INTERNAL}
    entries = []
    for line in lines:
        head, subject, body, parties = (part.strip() for part in line.split("|"))
        kind, direction = head.split()
        entries.append(_Entry(ActivityKind(kind), directions[direction], subject, body, parties))
    return tuple(entries)


(_INTAKE_INTERVIEW,) = _entries(
    "meeting in | Intake interview | Met {first} at the office. Signed retainer, HIPAA authorizations and a "
    "records release; collected photos and the claim number. | Client; {attorney}"
)
(_CLOSING_LETTER,) = _entries(
    "letter out | Closing letter | Sent the closing letter and final settlement statement to {first}; "
    "file closed. | Client"
)
_ANY_TIME = _entries(
    "call out | Check-in call with client | {first} reports {progress}. | Client",
    "call in | Client asked about case status | Explained the next steps; waiting on {waiting}. | Client",
    "note internal | File review | Reviewed the file with {attorney}. {review} | {attorney}",
    "email in | Updated bill from {provider} | Itemized statement saved; specials updated. | {provider}",
)
_BY_STAGE = {
    CaseStatus.INTAKE: _entries(
        "letter out | Letter of representation | Sent letter of representation and preservation request to "
        "{insurer} (claim {claim}). | {insurer}",
        "call out | Claim opened with adjuster | Spoke with {adjuster}; claim {claim} confirmed. Declined a "
        "recorded statement for now. | {adjuster}",
        "email out | Incident report requested | Asked for the incident report and any photos or video. | "
        "Records custodian",
    ),
    CaseStatus.TREATING: _entries(
        "letter out | Records request to {provider} | Sent a HIPAA-compliant request for records and "
        "itemized bills. | {provider}",
        "email in | Records received from {provider} | {pages} pages received, indexed and summarized. | "
        "{provider}",
        "call in | Treatment update | {first} has had {visits} therapy visits; the doctor advises {plan}. | "
        "Client",
    ),
    CaseStatus.DEMAND: _entries(
        "note internal | Specials calculated | Medical specials total {specials} billed; wages documented. |",
        "meeting internal | Demand review | {attorney} approved a demand of {demand}. | {attorney}",
        "letter out | Demand package sent | Demand for {demand} sent to {adjuster} with records, bills and "
        "photos. | {adjuster}; {insurer}",
    ),
    CaseStatus.NEGOTIATION: _entries(
        "call in | Offer received | {adjuster} offered {offer}. Told the client, who wants to counter. | "
        "{adjuster}; client",
        "letter out | Counter-demand | Countered at {counter}, citing the imaging findings. | {adjuster}",
        "meeting in | Settlement range meeting | Went over the offer of {offer} and the net after fees and "
        "liens with {first}. | Client; {attorney}",
    ),
    CaseStatus.LITIGATION: _entries(
        "note internal | Petition filed | Suit filed in {court}; service requested on {defendant}. |",
        "email in | Answer received | {counsel} filed an answer with a general denial and affirmative "
        "defenses. | {counsel}",
        "letter out | Discovery served | Served interrogatories, requests for production and requests for "
        "admission. | {counsel}",
        "meeting in | Deposition preparation | Prepared {first} for deposition; went through the incident "
        "and treatment chronology. | Client; {attorney}",
    ),
    CaseStatus.TRIAL: _entries(
        "note internal | Trial setting | {court} set the case for jury trial. |",
        "meeting internal | Trial binder review | Went through exhibits and the order of witnesses with "
        "{attorney}. | {attorney}",
        "email out | Exhibit list exchanged | Sent the exhibit and witness lists to {counsel}. | {counsel}",
    ),
    CaseStatus.SETTLED: _entries(
        "call in | Settlement reached | {insurer} agreed to pay {settlement}; {first} approved the "
        "settlement. | {adjuster}; client",
        "letter out | Lien reduction request | Asked {provider} to reduce its lien in proportion to the "
        "settlement. | {provider}",
        "email in | Release received | Release from {adjuster} received for the client's signature. | "
        "{adjuster}",
    ),
    CaseStatus.CLOSED: _entries(
        "note internal | Funds disbursed | Disbursed per the signed closing statement. |"
    ),
}
_FILL_INS = {
    "progress": _options(
        "less pain in the mornings|headaches twice a week|trouble sleeping|steady improvement"
    ),
    "waiting": _options("medical records|the adjuster's answer|final bills|the incident report"),
    "review": _options(
        "Liability is clear.|Need updated bills.|Treatment gap in the records; ask the client why.|Policy "
        "limits may be low; check for UM coverage."
    ),
    "plan": _options("four more weeks of therapy|an MRI|an orthopedic consult|injections"),
}


# --- the builder ---------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _CasePlan:
    """What is decided about a case before the rest: it fixes numbering (by opened date) and ids."""

    status: CaseStatus
    case_type: CaseType
    jurisdiction: str
    opened_on: date
    id: int = 0
    number: str = ""


@dataclass(slots=True)
class _Batch:
    """Records for one chunk of cases, in the order they must be inserted."""

    contacts: list[Contact] = field(default_factory=list)
    clients: list[Client] = field(default_factory=list)
    cases: list[Case] = field(default_factory=list)
    links: list[CaseContact] = field(default_factory=list)
    activities: list[Activity] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class _Person:
    first: str
    last: str
    group: str

    @property
    def name(self) -> str:
        return f"{self.first} {self.last}"


def _spread(rng: random.Random, weights: dict[_T, int], count: int) -> list[_T]:
    """``count`` values drawn by weight, each value at least once when ``count`` allows."""
    values = list(weights)
    extra = rng.choices(values, weights=list(weights.values()), k=max(0, count - len(values)))
    picked = values + extra
    rng.shuffle(picked)
    return picked[:count]


def _ascii(text: str) -> str:
    """Letters and digits only, accents dropped, lower case: for email addresses."""
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return "".join(ch for ch in plain.lower() if ch.isalnum())


def _long_date(day: date) -> str:
    return f"{day:%B} {day.day}, {day.year}"


class _DemoBuilder:
    """Draws every demo record from one random generator, in a fixed order."""

    def __init__(self, rng: random.Random, today: date, places: Sequence[Jurisdiction]) -> None:
        self._rng = rng
        self._today = today
        self._state_names = {place.code: place.name for place in places}
        self._codes = list(self._state_names)
        self._clients: list[Client] = []
        self._book: dict[ContactRole, list[Contact]] = {role: [] for role in ContactRole}
        self._courts: dict[str, list[Contact]] = {}
        self._new_contacts: list[Contact] = []
        self._used_names: set[str] = set()
        self._contact_count = 0

    # --- plans ---

    def plan_cases(self, count: int) -> list[_CasePlan]:
        """Status, type, place and opened date of every case, numbered in opened order."""
        rng = self._rng
        statuses = _spread(rng, _STATUS_WEIGHTS, count)
        types = _spread(rng, _TYPE_WEIGHTS, count)
        plans = [
            _CasePlan(status, case_type, self._jurisdiction(), self._days_ago(*_OPENED_AGO[status]))
            for status, case_type in zip(statuses, types, strict=True)
        ]
        plans.sort(key=lambda plan: plan.opened_on)
        next_number: dict[int, int] = {}
        for case_id, plan in enumerate(plans, start=1):
            year = plan.opened_on.year
            # Each year starts past 00001 and skips a few numbers: files that are not in the demo.
            number = next_number.get(year) or rng.randint(40, 400)
            next_number[year] = number + rng.choice((1, 1, 1, 2, 3))
            plans[case_id - 1] = replace(plan, id=case_id, number=f"PI-{year}-{number:05d}")
        return plans

    def _jurisdiction(self) -> str:
        if self._rng.random() < _HOME_SHARE:
            return self._rng.choices(list(_HOME_STATES), weights=list(_HOME_STATES.values()))[0]
        return self._rng.choice(self._codes)

    def _days_ago(self, least: int, most: int) -> date:
        return self._today - timedelta(days=self._rng.randint(least, most))

    # --- people, places and organizations ---

    def _person(self, group: str = "") -> _Person:
        rng = self._rng
        group = group or rng.choices(_GROUPS, weights=_GROUP_WEIGHTS)[0]
        return _Person(rng.choice(_FIRST_NAMES[group]), rng.choice(_LAST_NAMES[group]), group)

    def _phone(self, state: str) -> str:
        area = self._rng.choice(_AREA_CODES.get(state, _OTHER_AREA_CODES))
        return f"({area}) 555-01{self._rng.randint(0, 99):02d}"

    def _street(self) -> str:
        rng = self._rng
        return f"{rng.randint(100, 9899)} {rng.choice(_STREETS)} {rng.choice(_STREET_KINDS)}"

    def _city(self, state: str) -> str:
        return f"{self._rng.choice(_CITIES)}, {state}"

    def _address(self, state: str) -> str:
        rng = self._rng
        unit = f", Apt {rng.randint(1, 40)}{rng.choice('ABCD')}" if rng.random() < 0.2 else ""
        return f"{self._street()}{unit}, {self._city(state)} {rng.randint(10000, 99999)}"

    def _unique(self, make: Callable[[], str]) -> str:
        """An organization name no other contact has (numbered when ten draws all collide)."""
        for _ in range(10):
            name = make()
            if name not in self._used_names:
                break
        else:
            name = f"{name} {len(self._used_names)}"
        self._used_names.add(name)
        return name

    def _stem(self) -> str:
        return self._rng.choice(_STEMS)

    # --- the contacts book ---

    def make_contact_book(self, cases: int) -> None:
        """The reusable contacts: providers, insurers and their adjusters, defense counsel, employers."""
        size = min(400, 40 + 2 * cases)
        insurers = [self._insurer() for _ in range(max(4, size * 6 // 100))]
        firms = [self._law_firm() for _ in range(max(2, size * 5 // 100))]
        for _ in range(size * 32 // 100):
            self._add(self._provider())
        for _ in range(size * 20 // 100):
            self._add(self._staff(ContactRole.ADJUSTER, self._rng.choice(insurers)))
        for _ in range(size * 12 // 100):
            self._add(self._staff(ContactRole.OPPOSING_COUNSEL, self._rng.choice(firms)))
        for _ in range(size * 12 // 100):
            self._add(self._organization(ContactRole.EMPLOYER, _EMPLOYER_KINDS))
        for _ in range(max(2, size * 4 // 100)):
            self._add(self._organization(ContactRole.OTHER, _SERVICE_KINDS))

    def _add(self, contact: Contact) -> Contact:
        """Give the contact its id, put it in the book under its role and queue it for insertion."""
        self._contact_count += 1
        saved = replace(contact, id=self._contact_count)
        self._book[saved.role].append(saved)
        self._new_contacts.append(saved)
        return saved

    def _organization(self, role: ContactRole, kinds: Sequence[str], name: str = "") -> Contact:
        state = self._jurisdiction()
        name = name or self._unique(lambda: f"{self._stem()} {self._rng.choice(kinds)}")
        return Contact(
            name=name,
            role=role,
            is_organization=True,
            phone=self._phone(state),
            email=f"{'.'.join(filter(None, map(_ascii, name.split()[:2])))}@example.com",
            address=self._address(state),
        )

    def _insurer(self) -> Contact:
        return self._add(self._organization(ContactRole.INSURER, _INSURER_KINDS))

    def _law_firm(self) -> str:
        def make() -> str:
            first, second, third = (self._person().last for _ in range(3))
            forms = (f"{first} & {second} LLP", f"{first} Law Group", f"{first}, {second} & {third} PC")
            return self._rng.choice(forms)

        return self._unique(make)

    def _provider(self) -> Contact:
        if self._rng.random() < 0.7:
            return self._organization(ContactRole.MEDICAL_PROVIDER, _PROVIDER_KINDS)
        practices = [c for c in self._book[ContactRole.MEDICAL_PROVIDER] if c.is_organization]
        doctor = self._staff(ContactRole.MEDICAL_PROVIDER, self._rng.choice(practices) if practices else None)
        return replace(doctor, name=f"Dr. {doctor.name}", notes=self._rng.choice(_SPECIALTIES))

    def _staff(self, role: ContactRole, employer: Contact | str | None) -> Contact:
        """A person working for an organization (its contact record, or just its name)."""
        person = self._person()
        organization = employer.name if isinstance(employer, Contact) else employer or ""
        state = self._jurisdiction()
        return Contact(
            name=person.name,
            role=role,
            organization=organization,
            phone=self._phone(state),
            email=f"{_ascii(person.first)}.{_ascii(person.last)}@example.com",
            address=self._address(state) if not isinstance(employer, Contact) else employer.address,
        )

    def _court(self, state: str) -> Contact:
        """A court of the case's state: one of two per state, made the first time it is needed."""
        courts = self._courts.setdefault(state, [])
        if len(courts) < 2 and (not courts or self._rng.random() < 0.5):
            kinds = ("District Court", "Circuit Court", "Superior Court")
            name = self._unique(
                lambda: (
                    f"{self._rng.choice(_COUNTIES)} County {self._rng.choice(kinds)}, "
                    f"{self._state_names[state]}"
                )
            )
            courts.append(self._add(self._organization(ContactRole.COURT, (), name=name)))
        return self._rng.choice(courts)

    def _witness(self, plan: _CasePlan) -> Contact:
        person = self._person()
        return self._add(
            Contact(
                name=person.name,
                role=ContactRole.WITNESS,
                phone=self._phone(plan.jurisdiction),
                address=self._address(plan.jurisdiction),
                notes=self._rng.choice(("Eyewitness", "Arrived right after", "Co-worker", "Neighbor")),
            )
        )

    # --- cases ---

    def build(self, plans: Sequence[_CasePlan]) -> _Batch:
        """Clients, cases, contact links and timelines for these cases (and contacts made on the way)."""
        batch = _Batch()
        for plan in plans:
            self._build_case(plan, batch)
        batch.contacts, self._new_contacts = self._new_contacts, []
        return batch

    def _build_case(self, plan: _CasePlan, batch: _Batch) -> None:
        rng = self._rng
        client = self._client_for(plan, batch)
        litigated = plan.status in (CaseStatus.LITIGATION, CaseStatus.TRIAL) or (
            plan.status in (CaseStatus.SETTLED, CaseStatus.CLOSED)
            and rng.random() < _SHARE_LITIGATED_BEFORE_SETTLING
        )
        claim = f"{plan.opened_on:%y}-{rng.randint(1_000_000, 9_999_999)}-BI"
        links = self._links(plan, litigated, claim)
        defendant, defendant_short = self._defendant(plan.case_type)
        incident = self._incident_date(plan)
        context = self._context(client, links, defendant, claim) | {
            "place": self._place(plan, defendant),
            "date": _long_date(incident) if incident else "a date still to be confirmed",
        }
        next_action, next_action_on = self._next_action(plan.status)
        case = Case(
            id=plan.id,
            number=plan.number,
            caption=f"{client.name.rsplit(' ', 1)[-1]} v. {defendant_short}",
            client_id=_saved_id(client.id),
            incident_date=incident,
            case_type=plan.case_type,
            incident_place=context["place"],
            jurisdiction=plan.jurisdiction,
            status=plan.status,
            attorney=context["attorney"],
            opened_on=plan.opened_on,
            closed_on=self._closed_on(plan),
            facts=self._facts(plan.case_type, context),
            next_action=next_action,
            next_action_on=next_action_on,
        )
        batch.cases.append(case)
        batch.links.extend(links)
        batch.activities.extend(self._timeline(case, _stages(plan.status, litigated), context))

    def _client_for(self, plan: _CasePlan, batch: _Batch) -> Client:
        """A new client, or now and then a returning one with an earlier case."""
        rng = self._rng
        if self._clients and rng.random() < _SHARE_RETURNING_CLIENTS:
            return rng.choice(self._clients)
        person = self._person()
        middle = f" {rng.choice('ABCDEFGHJKLMNPRSTW')}." if rng.random() < 0.3 else ""
        language = person.group if rng.random() < _NAME_GROUPS[person.group][1] else "English"
        email = f"{_ascii(person.first)}.{_ascii(person.last)}{rng.randint(1, 99)}@example.com"
        age = rng.randint(4, 17) if rng.random() < 0.06 else int(rng.triangular(18, 85, 38))
        born = date(plan.opened_on.year - age, 1, 1) + timedelta(days=rng.randint(0, 364))
        client = Client(
            id=len(self._clients) + 1,
            name=f"{person.first}{middle} {person.last}",
            date_of_birth=born,
            phone=self._phone(plan.jurisdiction),
            email=email if rng.random() < 0.85 else "",
            address=self._address(plan.jurisdiction),
            language=language,
            notes=self._client_notes(person, age, language),
        )
        self._clients.append(client)
        batch.clients.append(client)
        return client

    def _client_notes(self, person: _Person, age: int, language: str) -> str:
        rng = self._rng
        if age < 18:
            parent = self._person(person.group)
            return f"Minor; the claim is brought through a parent, {parent.first} {person.last}."
        if language != "English" and rng.random() < 0.5:
            return "Needs an interpreter for meetings and signings."
        if rng.random() < 0.2:
            return rng.choice(("Prefers text messages.", "Works nights; call after 2 pm.", "Email only."))
        return ""

    def _defendant(self, case_type: CaseType) -> tuple[str, str]:
        """The defendant's full name and the short form used in the caption."""
        rng = self._rng
        if rng.random() < _PERSON_DEFENDANT.get(case_type, 0.0):
            person = self._person()
            if case_type is CaseType.MEDICAL_MALPRACTICE:
                return f"Dr. {person.name}", person.last
            return person.name, person.last
        if case_type is CaseType.OTHER and rng.random() < 0.25:
            city = f"City of {rng.choice(_CITIES)}"
            return city, city
        company = f"{self._stem()} {rng.choice(_COMPANY_KINDS[case_type])}"
        return company, company

    def _place(self, plan: _CasePlan, defendant: str) -> str:
        rng = self._rng
        city = self._city(plan.jurisdiction)
        if plan.case_type is CaseType.MOTOR_VEHICLE:
            if rng.random() < 0.25:
                highway = rng.choice((10, 20, 35, 45, 75, 95))
                return f"Interstate {highway} near exit {rng.randint(2, 240)}, {city}"
            first, second = rng.sample(_STREETS, 2)
            return f"{first} {rng.choice(_STREET_KINDS)} and {second} {rng.choice(_STREET_KINDS)}, {city}"
        if plan.case_type is CaseType.PRODUCT:
            return f"the client's home, {self._street()}, {city}"
        if plan.case_type is CaseType.MEDICAL_MALPRACTICE and defendant.startswith("Dr. "):
            return f"{self._stem()} Regional Medical Center, {self._street()}, {city}"
        if plan.case_type in (CaseType.DOG_BITE, CaseType.WORKPLACE) or defendant.startswith("City of "):
            return f"{self._street()}, {city}"
        return f"{defendant}, {self._street()}, {city}"

    def _incident_date(self, plan: _CasePlan) -> date | None:
        """Usually days or weeks before the case was opened; sometimes not yet known at intake."""
        rng = self._rng
        if plan.status is CaseStatus.INTAKE and rng.random() < 0.1:
            return None
        roll = rng.random()
        most = 30 if roll < 0.7 else 180 if roll < 0.95 else 540
        return plan.opened_on - timedelta(days=rng.randint(1, most))

    def _closed_on(self, plan: _CasePlan) -> date | None:
        if plan.status is not CaseStatus.CLOSED:
            return None
        open_days = (self._today - plan.opened_on).days
        return plan.opened_on + timedelta(days=self._rng.randint(min(120, open_days), open_days))

    def _next_action(self, status: CaseStatus) -> tuple[str, date | None]:
        """What is next on an open case: a fifth overdue, a few due today, the rest coming up."""
        actions = _NEXT_ACTIONS.get(status)
        if not actions:
            return "", None
        rng = self._rng
        roll = rng.random()
        offset = -rng.randint(1, 30) if roll < 0.2 else 0 if roll < 0.25 else rng.randint(1, 60)
        return rng.choice(actions), self._today + timedelta(days=offset)

    def _facts(self, case_type: CaseType, context: dict[str, str]) -> str:
        rng = self._rng
        sentences = [
            rng.choice(_WHAT_HAPPENED[case_type]).format_map(context),
            f"{context['first']} was treated for {rng.choice(_INJURIES[case_type])} "
            f"{'by' if context['provider'].startswith('Dr. ') else 'at'} {context['provider']} "
            f"and {rng.choice(_TREATMENT_COURSES)}.",
        ]
        if rng.random() < 0.6:
            sentences.append(rng.choice(_FACT_NOTES).format(weeks=rng.randint(2, 16)))
        return " ".join(sentences)

    def _links(self, plan: _CasePlan, litigated: bool, claim: str) -> list[CaseContact]:
        """2 to 5 contacts on the case: always an adjuster and a provider, others as the case calls for."""
        rng = self._rng
        book = self._book
        adjuster = rng.choice(book[ContactRole.ADJUSTER])
        chosen = [(adjuster, ContactRole.ADJUSTER, f"Claim {claim}")]
        for provider in rng.sample(book[ContactRole.MEDICAL_PROVIDER], rng.choice((1, 1, 2))):
            chosen.append((provider, ContactRole.MEDICAL_PROVIDER, provider.notes or "Treating provider"))
        if litigated or (plan.status is CaseStatus.NEGOTIATION and rng.random() < 0.2):
            chosen.append((rng.choice(book[ContactRole.OPPOSING_COUNSEL]), ContactRole.OPPOSING_COUNSEL, ""))
        if litigated:
            cause = f"Cause no. {plan.opened_on.year + 1}-CV-{rng.randint(100, 99_999):05d}"
            chosen.append((self._court(plan.jurisdiction), ContactRole.COURT, cause))
        if plan.case_type is CaseType.WORKPLACE or rng.random() < 0.15:
            employer = rng.choice(book[ContactRole.EMPLOYER])
            chosen.append((employer, ContactRole.EMPLOYER, "Client's employer; wage-loss verification"))
        if rng.random() < 0.2:
            chosen.append((self._witness(plan), ContactRole.WITNESS, ""))
        insurers = [c for c in book[ContactRole.INSURER] if c.name == adjuster.organization]
        if insurers and rng.random() < 0.15:
            chosen.append((insurers[0], ContactRole.INSURER, "Liability carrier"))
        return [
            CaseContact(case_id=plan.id, contact=contact, role=role, note=note)
            for contact, role, note in chosen[:5]
        ]

    def _context(
        self, client: Client, links: Sequence[CaseContact], defendant: str, claim: str
    ) -> dict[str, str]:
        """The names and figures that the case's facts and timeline texts are filled with."""
        rng = self._rng
        named: dict[ContactRole, str] = {}
        for link in links:
            named.setdefault(link.role, link.contact.name)
        specials = rng.randint(25, 900) * 100
        demand = max(1, specials * rng.randint(25, 50) // 10_000) * 1_000
        offer = demand * rng.randint(20, 45) // 50_000 * 500
        counter = demand * rng.randint(70, 90) // 50_000 * 500
        settlement = (offer + (counter - offer) * rng.randint(30, 80) // 100) // 250 * 250
        first = client.name.split(" ", 1)[0]
        return {
            "first": first,
            "client": client.name,
            "defendant": defendant,
            "attorney": rng.choices(list(_ATTORNEYS), weights=list(_ATTORNEYS.values()))[0],
            "provider": named[ContactRole.MEDICAL_PROVIDER],
            "adjuster": named[ContactRole.ADJUSTER],
            "insurer": next(link.contact.organization for link in links if link.role is ContactRole.ADJUSTER),
            "counsel": named.get(ContactRole.OPPOSING_COUNSEL, "defense counsel"),
            "court": named.get(ContactRole.COURT, "the court"),
            "claim": claim,
            "specials": str(Money.of(specials)),
            "demand": str(Money.of(demand)),
            "offer": str(Money.of(offer)),
            "counter": str(Money.of(counter)),
            "settlement": str(Money.of(settlement)),
        }

    def _timeline(self, case: Case, stages: Sequence[CaseStatus], context: dict[str, str]) -> list[Activity]:
        """3 to 8 entries from the day the case was opened to yesterday (or the day it was closed)."""
        rng = self._rng
        start = case.opened_on
        end = case.closed_on or self._today
        last = max(start, end - timedelta(days=1))
        span = (last - start).days
        count = rng.randint(3, 4) if case.status is CaseStatus.INTAKE else rng.randint(3, 8)
        entries = [(start, _INTAKE_INTERVIEW)]
        middle = count - 2 if case.closed_on else count - 1
        for offset in sorted(rng.randint(0, span) for _ in range(middle)):
            stage = stages[min(len(stages) - 1, len(stages) * offset // (span + 1))]
            pool = _BY_STAGE[stage] if rng.random() < 0.7 else _ANY_TIME
            entries.append((start + timedelta(days=offset), rng.choice(pool)))
        if case.closed_on:
            entries.append((case.closed_on, _CLOSING_LETTER))
        return [self._activity(_saved_id(case.id), day, entry, context) for day, entry in entries]

    def _activity(self, case_id: int, day: date, entry: _Entry, context: dict[str, str]) -> Activity:
        rng = self._rng
        values = context | {key: rng.choice(options) for key, options in _FILL_INS.items()}
        values |= {"pages": str(rng.randint(12, 480)), "visits": str(rng.randint(4, 36))}
        # Office hours in US time zones: 14:00 to 23:59 UTC; the intake interview opens the day.
        moment = time(14, 30) if entry is _INTAKE_INTERVIEW else time(rng.randint(15, 23), rng.randint(0, 59))
        return Activity(
            case_id=case_id,
            kind=entry.kind,
            occurred_at=datetime.combine(day, moment, tzinfo=UTC),
            subject=entry.subject.format_map(values),
            direction=entry.direction,
            parties=entry.parties.format_map(values),
            body=entry.body.format_map(values),
        )


def _stages(status: CaseStatus, litigated: bool) -> list[CaseStatus]:
    """The pipeline steps a case has been through, in order, ending with its current status."""
    if status in (CaseStatus.SETTLED, CaseStatus.CLOSED):
        steps = [*_PRE_SUIT, *([CaseStatus.LITIGATION] if litigated else []), CaseStatus.SETTLED]
        return [*steps, CaseStatus.CLOSED] if status is CaseStatus.CLOSED else steps
    pipeline = list(CaseStatus)
    return pipeline[: pipeline.index(status) + 1]


def _saved_id(value: int | None) -> int:
    assert value is not None  # the builder gives every record its id before it is used
    return value
