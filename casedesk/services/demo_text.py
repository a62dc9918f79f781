"""The fictional vocabulary of the demo: names, firms, places and the texts that cases and timelines use.

Every name, firm and place here is invented. The demo generator (:mod:`casedesk.services.demo`) draws
from these tuples in order, so changing, adding or reordering an entry changes what a given seed
generates.
"""

from __future__ import annotations

from dataclasses import dataclass

from casedesk.domain.activity import ActivityKind, Direction
from casedesk.domain.cases import CaseStatus, CaseType


def _words(text: str) -> tuple[str, ...]:
    """Choices separated by spaces."""
    return tuple(text.split())


def _options(text: str) -> tuple[str, ...]:
    """Choices separated by ``|``, for choices that contain spaces."""
    return tuple(text.split("|"))


# --- people ---------------------------------------------------------------------------------------


#: Clients' first and last names by the language their families may speak at home.
FIRST_NAMES = {
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
LAST_NAMES = {
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
NAME_GROUPS = {
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
MIDDLE_INITIALS = "ABCDEFGHJKLMNPRSTW"
#: The firm's attorneys, with their share of the cases.
ATTORNEYS = {"Dana R. Whitfield": 30, "Marcus T. Bell": 25, "Priya Raman": 20, "Samuel Ortega": 15}
CLIENT_PREFERENCES = ("Prefers text messages.", "Works nights; call after 2 pm.", "Email only.")
WITNESS_NOTES = ("Eyewitness", "Arrived right after", "Co-worker", "Neighbor")

# --- places ---------------------------------------------------------------------------------------

#: Phone area codes of the states most demo cases come from; other states use :data:`OTHER_AREA_CODES`.
AREA_CODES = {
    "TX": (512, 214, 713, 210, 817),
    "CA": (213, 415, 619, 916),
    "FL": (305, 407, 813, 904),
    "NY": (212, 718, 516, 585),
    "GA": (404, 770, 912),
    "IL": (312, 773, 217),
    "AZ": (602, 520, 480),
    "NV": (702, 775),
}
OTHER_AREA_CODES = (201, 303, 314, 402, 502, 615, 704, 801, 919, 206, 503, 608)

CITIES = _words(
    "Fairview Riverside Georgetown Franklin Greenville Springfield Clinton Madison Salem Oakdale Lakewood "
    "Millbrook Brookfield Westfield Ashland Milford Centerville Bristol Dover Kingston"
)
STREETS = _words(
    "Oak Maple Cedar Elm Pine Willow Main Park Lake Hill Church Mill River Sunset Highland Meadow Lincoln "
    "Magnolia Pecan Laurel Birch Chestnut Juniper Aspen Sycamore Hickory"
)
STREET_KINDS = _words("St Ave Rd Dr Ln Blvd Ct Way Pkwy")
COUNTIES = _words("Lincoln Washington Jefferson Franklin Madison Jackson Marion Clay Monroe Greene")
COURT_KINDS = ("District Court", "Circuit Court", "Superior Court")
INTERSTATES = (10, 20, 35, 45, 75, 95)

# --- organizations: a stem and a kind, as in "Ironwood Trucking LLC" --------------------------------

STEMS = _words(
    "Bluewater Northpoint Ironwood Harborline Redstone Lakeshore Sunbelt Copperfield Brightway Meridian "
    "Pinecrest Riverbend Heartland Gulfline Frontier Westgate Stonebridge Tallgrass Bayside Summitview"
)
#: Kinds of companies sued, by case type.
COMPANY_KINDS = {
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
INSURER_KINDS = _options(
    "Mutual Insurance Co.|Casualty Co.|Indemnity Co.|General Insurance|Auto Insurance Co."
)
PROVIDER_KINDS = _options(
    "Orthopedic Associates|Physical Therapy|Imaging Center|Chiropractic|Emergency Physicians|Pain "
    "Management|Neurology Clinic|Urgent Care|General Hospital"
)
SPECIALTIES = _options("Orthopedics|Neurology|Physical medicine|Chiropractic|Radiology|Pain management")
EMPLOYER_KINDS = _options("Distribution Center|Manufacturing Inc.|Home Health LLC|Builders Inc.|Foods Inc.")
SERVICE_KINDS = _options("Investigations LLC|Court Reporting|Towing|Interpreting Services")

# --- text templates: "|" separates choices; {first}, {defendant}, {place}, … come from the case --------

WHAT_HAPPENED = {
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
INJURIES = {
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
TREATMENT_COURSES = _options(
    "is still in physical therapy|has finished treatment|was referred to a pain-management specialist|had "
    "surgery and is recovering|is waiting on an MRI"
)
FACT_NOTES = _options(
    "A report was made at the scene and liability looks clear.|Two independent witnesses gave "
    "statements.|Photos of the scene were taken the same day.|The defendant's insurer has acknowledged the "
    "claim but not liability.|A preservation letter for video went out within a week.|The client missed "
    "{weeks} weeks of work."
)
NEXT_ACTIONS = {
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


# --- timeline entries ------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Entry:
    """A timeline entry template: its subject, body and parties are filled from the case."""

    kind: ActivityKind
    direction: Direction
    subject: str
    body: str
    parties: str


def _entries(*lines: str) -> tuple[Entry, ...]:
    """Entries written as ``"<kind> <in|out|internal> | subject | body | parties"``."""
    directions = {"in": Direction.INCOMING, "out": Direction.OUTGOING, "internal": Direction.INTERNAL}
    entries = []
    for line in lines:
        head, subject, body, parties = (part.strip() for part in line.split("|"))
        kind, direction = head.split()
        entries.append(Entry(ActivityKind(kind), directions[direction], subject, body, parties))
    return tuple(entries)


(INTAKE_INTERVIEW,) = _entries(
    "meeting in | Intake interview | Met {first} at the office. Signed retainer, HIPAA authorizations and a "
    "records release; collected photos and the claim number. | Client; {attorney}"
)
(CLOSING_LETTER,) = _entries(
    "letter out | Closing letter | Sent the closing letter and final settlement statement to {first}; "
    "file closed. | Client"
)
ANY_TIME = _entries(
    "call out | Check-in call with client | {first} reports {progress}. | Client",
    "call in | Client asked about case status | Explained the next steps; waiting on {waiting}. | Client",
    "note internal | File review | Reviewed the file with {attorney}. {review} | {attorney}",
    "email in | Updated bill from {provider} | Itemized statement saved; specials updated. | {provider}",
)
BY_STAGE = {
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
FILL_INS = {
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
