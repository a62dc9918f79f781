"""Demo medical records: providers, treatment indexed visit by visit, bills, liens, requests, PDF files.

Every case with an incident date gets providers, index entries, bills, liens and record requests; a few
cases also get the providers' records themselves as PDF files, which the index entries cite by page.

The treatment follows the injury the case's facts name (``demo_text.INJURIES``): an emergency visit on
or just after the incident, a first office visit, imaging, therapy in blocks, a specialist, and for the
worst injuries surgery or an injection. About one case in four has a gap in treatment of six to ten weeks
(what a chronology must flag). Charges come from a fictional fee schedule by CPT code; health insurance,
PIP/MedPay and the client pay part of them; liens follow who paid (Medicare for clients 65 and over, a
health plan otherwise, a hospital lien or a letter of protection for the uninsured).

Everything is fictional: providers come from the demo's contacts book, and the record texts are assembled
from the phrases below.
"""

from __future__ import annotations

import functools
import random
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, timedelta

from casedesk.domain.bills import Bill, Lien, LienKind, LienStatus
from casedesk.domain.calendar import Event
from casedesk.domain.cases import Case, CaseStatus, Client
from casedesk.domain.contacts import CaseContact, Contact, ContactRole
from casedesk.domain.money import Money
from casedesk.domain.providers import (
    CaseProvider,
    RecordRequest,
    RequestKind,
    RequestMethod,
    RequestStatus,
    TreatmentStatus,
    default_follow_up,
    follow_up_event,
)
from casedesk.domain.records import EntryKind, RecordEntry
from casedesk.exports.record_pdf import Letterhead, RecordPage
from casedesk.services import demo_text as text

#: States with no-fault (PIP) insurance, where PIP pays the first medical bills of a car accident.
_PIP_STATES = frozenset({"FL", "MI", "NY", "NJ", "PA", "MA", "MN", "HI", "KS", "KY", "ND", "UT"})
_PIP_LIMIT = Money.of(10_000)
#: Statuses whose treatment is over (every visit in the past, providers discharged).
_TREATMENT_OVER = frozenset(CaseStatus) - {CaseStatus.INTAKE, CaseStatus.TREATING}
#: Cases whose records are made as files: where a case manager is busy indexing them.
_WITH_FILES = frozenset(
    {CaseStatus.TREATING, CaseStatus.DEMAND, CaseStatus.NEGOTIATION, CaseStatus.LITIGATION, CaseStatus.TRIAL}
)
_SHARE_WITH_GAP = 0.25
_SHARE_INSURED = 0.7


@dataclass(frozen=True, slots=True)
class _Procedure:
    code: str
    description: str
    price: Money


def _fees(table: str) -> dict[str, _Procedure]:
    fees = {}
    for line in table.strip().splitlines():
        code, price, description = line.split("|")
        fees[code] = _Procedure(code, description, Money.of(price))
    return fees


#: A fictional fee schedule (CPT code | charge | description).
_FEES = _fees(
    """
99284|1250|Emergency department visit, moderate severity
99285|1850|Emergency department visit, high severity
99203|285|New patient office visit, low complexity
99204|425|New patient office visit, moderate complexity
99213|165|Established patient office visit, low complexity
99214|225|Established patient office visit, moderate complexity
99244|420|Office consultation, moderate complexity
72040|210|X-ray of the cervical spine, 2-3 views
72100|220|X-ray of the lumbar spine, 2-3 views
73110|180|X-ray of the wrist, 3 views
70450|1450|CT of the head without contrast
72141|1950|MRI of the cervical spine without contrast
72148|1950|MRI of the lumbar spine without contrast
73721|1750|MRI of a lower-extremity joint without contrast
73221|1750|MRI of an upper-extremity joint without contrast
97161|240|Physical therapy evaluation, low complexity
97110|95|Therapeutic exercise, each 15 minutes
97140|90|Manual therapy, each 15 minutes
97014|45|Electrical stimulation, unattended
64483|2400|Transforaminal epidural injection, lumbar
20610|450|Injection of a major joint
29881|9800|Knee arthroscopy with meniscectomy
25607|8500|Open treatment of a distal radius fracture
27236|14500|Open treatment of a femoral neck fracture
"""
)


@dataclass(frozen=True, slots=True)
class _Injury:
    """How an injury is coded and treated: diagnoses, the imaging it gets, and what the worst cases get."""

    diagnoses: tuple[str, ...]
    complaint: str
    imaging: str
    x_ray: str
    procedure: str = ""


_SPINE = _Injury(
    ("S13.4XXA Sprain of ligaments of cervical spine", "S39.012A Strain of muscle of lower back"),
    "neck and low back pain with stiffness",
    "72141",
    "72040",
    "64483",
)
_INJURIES: dict[str, _Injury] = {
    "neck and back strain": _SPINE,
    "whiplash": replace(
        _SPINE, diagnoses=("S13.4XXA Sprain of ligaments of cervical spine", "M54.2 Cervicalgia")
    ),
    "a herniated disc at L4-L5": _Injury(
        (
            "M51.26 Other intervertebral disc displacement, lumbar region",
            "M54.16 Radiculopathy, lumbar region",
        ),
        "low back pain radiating down the left leg",
        "72148",
        "72100",
        "64483",
    ),
    "a concussion": _Injury(
        ("S06.0X0A Concussion without loss of consciousness", "G44.309 Post-traumatic headache"),
        "headaches, dizziness and light sensitivity",
        "70450",
        "72040",
    ),
    "a torn meniscus": _Injury(
        ("S83.241A Other tear of medial meniscus, current injury, right knee",),
        "right knee pain, swelling and locking",
        "73721",
        "",
        "29881",
    ),
    "a fractured wrist": _Injury(
        ("S52.501A Unspecified fracture of the lower end of right radius",),
        "right wrist pain and deformity",
        "73221",
        "73110",
        "25607",
    ),
    "a broken wrist": _Injury(
        ("S52.502A Unspecified fracture of the lower end of left radius",),
        "left wrist pain and swelling",
        "73221",
        "73110",
        "25607",
    ),
    "a fractured hip": _Injury(
        ("S72.002A Fracture of unspecified part of neck of left femur",),
        "left hip pain, unable to bear weight",
        "73721",
        "",
        "27236",
    ),
}
_DEFAULT_INJURY = _Injury(
    ("T14.90XA Injury, unspecified", "G89.11 Acute pain due to trauma"),
    "pain at the injured site",
    "73221",
    "",
    "20610",
)

_EXAMS = (
    "Tenderness to palpation over the paraspinal muscles with guarding. Range of motion reduced by about a "
    "third in flexion and rotation. Strength 5/5 throughout; reflexes symmetric; sensation intact.",
    "Swelling and tenderness at the injured site. Range of motion limited by pain. Neurovascularly intact "
    "distally. No signs of infection.",
    "Patient is alert and oriented, in moderate distress from pain. Vital signs stable. Guarded movement; "
    "pain reproduced on palpation and on active motion.",
)
_PLANS = (
    "Continue home exercise program. Ice 20 minutes three times a day. Ibuprofen 600 mg as needed with "
    "food. Return in two weeks or sooner if symptoms worsen.",
    "Referred to physical therapy two to three times a week for six weeks. Work restrictions: no lifting "
    "over 15 pounds, no repetitive bending. Follow up after imaging.",
    "Reviewed imaging with the patient. Discussed treatment options including injection and surgical "
    "consultation. Patient wishes to continue conservative care for now.",
)
_PROGRESS = (
    "Patient reports gradual improvement; pain now {pain}/10, worse at the end of the day.",
    "Patient reports pain {pain}/10 with setbacks after household chores; sleep still disturbed.",
    "Patient tolerated treatment well. Pain {pain}/10 at rest. Progressing toward goals.",
)


@dataclass(slots=True)
class _Visit:
    """One indexed visit (or a block of therapy sessions) before it becomes an entry, a bill and pages."""

    day: date
    kind: EntryKind
    provider: int
    title: str
    procedures: list[tuple[_Procedure, int]]
    complaint: str
    summary: str
    diagnoses: tuple[str, ...]
    last_day: date | None = None
    sessions: int = 1


@dataclass(frozen=True, slots=True)
class RecordFile:
    """A provider's records for one case, ready to be written as a PDF and imported.

    Attributes:
        entry_ids: The index entries cited to this file (their page numbers are already set).
        bill_ids: The bills whose itemized statement is in this file (their page is set).
    """

    case_id: int
    provider_id: int
    file_name: str
    letterhead: Letterhead
    pages: tuple[RecordPage, ...]
    entry_ids: tuple[int, ...]
    bill_ids: tuple[int, ...]


@dataclass(slots=True)
class MedicalBatch:
    """Medical records of a chunk of cases, in insertion order (every record carries its id)."""

    providers: list[CaseProvider] = field(default_factory=list)
    requests: list[RecordRequest] = field(default_factory=list)
    entries: list[RecordEntry] = field(default_factory=list)
    bills: list[Bill] = field(default_factory=list)
    liens: list[Lien] = field(default_factory=list)
    files: list[RecordFile] = field(default_factory=list)


class DemoMedical:
    """Draws each case's providers, treatment, bills, liens and requests from its own generator.

    Args:
        rng: The generator (seeded from the demo's seed).
        today: The demo's "today": nothing is dated after it.
        book: The contacts book, for hospitals, imaging centers and therapists.
        files_for: How many cases (the first ones with treatment) also get their records as PDF files.
    """

    def __init__(
        self,
        rng: random.Random,
        today: date,
        book: Mapping[ContactRole, Sequence[Contact]],
        files_for: int,
    ) -> None:
        self._rng = rng
        self._today = today
        self._book = book
        self._files_left = files_for
        self._ids = {"provider": 0, "request": 0, "entry": 0, "bill": 0, "lien": 0}

    def draw(self, case: Case, client: Client, links: Sequence[CaseContact], batch: MedicalBatch) -> None:
        """Add the case's medical records to the batch (none before the incident date is known)."""
        if case.incident_date is None:
            return
        rng = self._rng
        injury = next((i for i in text.INJURIES[case.case_type] if f"treated for {i} " in case.facts), "")
        course = _INJURIES.get(injury, _DEFAULT_INJURY)
        providers = self._providers(case, links)
        visits = self._visits(case, course, providers)
        if not visits:
            return
        treating = case.status in (CaseStatus.INTAKE, CaseStatus.TREATING)
        ids = {}
        roles = {contact.id: role for role, contact in reversed(providers.items())}
        for contact in {contact.id: contact for contact in providers.values()}.values():
            role = roles[contact.id]
            mine = [v for v in visits if v.provider == contact.id]
            if not mine:
                continue
            status = TreatmentStatus.DISCHARGED
            if treating and mine[-1] is visits[-1]:
                status = TreatmentStatus.TREATING
            elif role == "specialist":
                status = TreatmentStatus.REFERRED if treating else TreatmentStatus.DISCHARGED
            provider = CaseProvider(
                id=self._next("provider"),
                case_id=case.id or 0,
                contact_id=contact.id or 0,
                status=status,
                first_visit=mine[0].day,
                last_visit=mine[-1].last_day or mine[-1].day,
                specialty=contact.notes if contact.name.startswith("Dr. ") else "",
                name=contact.name,
            )
            batch.providers.append(provider)
            ids[contact.id] = provider
        age = (case.incident_date - client.date_of_birth).days // 365 if client.date_of_birth else 40
        insured = age >= 65 or rng.random() < _SHARE_INSURED
        entries, bills = [], []
        for visit in visits:
            provider = ids[visit.provider]
            entries.append(self._entry(case, visit, provider))
            bills.append(self._bill(case, visit, provider, insured, case.jurisdiction in _PIP_STATES))
        bills = _pip_within_limit(bills) if case.jurisdiction in _PIP_STATES else bills
        batch.entries.extend(entries)
        batch.bills.extend(bills)
        batch.liens.extend(self._liens(case, bills, ids, age, insured))
        batch.requests.extend(self._requests(case, list(ids.values())))
        if self._files_left > 0 and case.status in _WITH_FILES:
            self._files_left -= 1
            self._files(case, client, visits, entries, bills, ids, batch)

    def follow_ups(self, case: Case, batch: MedicalBatch) -> list[Event]:
        """The calendar follow-ups of the case's record requests, as the app keeps them."""
        names = {p.id: p.name for p in batch.providers if p.case_id == case.id}
        return [
            follow_up_event(request, names[request.provider_id])
            for request in batch.requests
            if request.case_id == case.id
        ]

    # --- who treats ---

    def _providers(self, case: Case, links: Sequence[CaseContact]) -> dict[str, Contact]:
        """The case's providers by role: the emergency room, the treating doctor, therapy, imaging.

        One provider may fill two roles (a hospital that also does the imaging).
        """
        rng = self._rng

        def kind(*words: str) -> Contact:
            return rng.choice(self._organizations(words))

        linked = [link.contact for link in links if link.role is ContactRole.MEDICAL_PROVIDER]
        chosen = {
            "emergency": kind("General Hospital", "Emergency Physicians", "Urgent Care"),
            "doctor": linked[0] if linked else kind("Orthopedic", "Neurology", "Chiropractic"),
            "imaging": kind("Imaging Center"),
            "therapy": kind("Physical Therapy", "Chiropractic"),
        }
        if len(linked) > 1:
            chosen["specialist"] = linked[1]
        elif rng.random() < 0.5:
            chosen["specialist"] = kind("Pain Management", "Orthopedic", "Neurology")
        return chosen

    @functools.cache  # noqa: B019 (one generator per demo build; the book is complete before drawing)
    def _organizations(self, words: tuple[str, ...]) -> list[Contact]:
        """Provider organizations whose name has one of ``words`` (all of them when none has)."""
        organizations = [c for c in self._book[ContactRole.MEDICAL_PROVIDER] if c.is_organization]
        return [c for c in organizations if any(word in c.name for word in words)] or organizations

    # --- what happened ---

    def _visits(self, case: Case, course: _Injury, providers: Mapping[str, Contact]) -> list[_Visit]:
        rng = self._rng
        start = case.incident_date or case.opened_on
        gap = rng.random() < _SHARE_WITH_GAP
        pain = rng.randint(6, 9)
        visits: list[_Visit] = []

        def who(role: str) -> int:
            return (providers.get(role) or providers["doctor"]).id or 0

        def add(
            offset: int,
            kind: EntryKind,
            role: str,
            title: str,
            codes: Sequence[tuple[str, int]],
            **more: object,
        ) -> int:
            day = start + timedelta(days=offset)
            if day > self._today:
                return offset
            procedures = [(_FEES[code], units) for code, units in codes if code]
            visit = _Visit(
                day=day,
                kind=kind,
                provider=who(role),
                title=title,
                procedures=procedures,
                complaint=str(more.get("complaint", course.complaint)),
                summary=str(more.get("summary", "")),
                diagnoses=course.diagnoses,
            )
            if "days" in more:
                last = min(day + timedelta(days=int(str(more["days"]))), self._today)
                visit.last_day = last if last > day else None
                visit.sessions = max(1, int(str(more.get("sessions", 1))))
            visits.append(visit)
            return offset

        er_code = "99285" if course.procedure in ("27236", "25607") else "99284"
        add(
            rng.choice((0, 0, 0, 1)),
            EntryKind.EMERGENCY,
            "emergency",
            "Emergency Department Record",
            [(er_code, 1), (course.x_ray, 1)],
            summary=f"Seen in the emergency department for {course.complaint} after the incident. "
            f"Pain {pain}/10. {rng.choice(_EXAMS)} Discharged home with pain medication and instructions "
            "to follow up with a physician within a week.",
        )
        day = rng.randint(3, 10)
        add(
            day,
            EntryKind.OFFICE_VISIT,
            "doctor",
            "Office Visit — New Patient",
            [("99204", 1)],
            summary=f"New patient visit for {course.complaint}. {rng.choice(_EXAMS)} {_PLANS[1]}",
        )
        day += rng.randint(7, 21)
        add(
            day,
            EntryKind.IMAGING,
            "imaging",
            "Diagnostic Imaging Report",
            [(course.imaging, 1)],
            complaint="Imaging ordered for " + course.complaint,
            summary="Impression: findings consistent with the acute injury; no prior study for comparison. "
            "Clinical correlation recommended.",
        )
        blocks = rng.randint(1, 3)
        day += rng.randint(3, 10)
        for block in range(blocks):
            if gap and block == 1:
                day += rng.randint(42, 70)
            sessions = rng.randint(6, 12)
            weeks = sessions // 2
            codes = [("97161", 1)] if block == 0 else []
            codes += [("97110", 2 * sessions), ("97140", sessions), ("97014", sessions)]
            add(
                day,
                EntryKind.THERAPY,
                "therapy",
                f"Physical Therapy — sessions {block * 12 + 1} to {block * 12 + sessions}",
                codes,
                summary=rng.choice(_PROGRESS).format(pain=max(2, pain - block - 1))
                + " Therapeutic exercise, manual therapy and electrical stimulation.",
                days=weeks * 7,
                sessions=sessions,
            )
            day += weeks * 7 + rng.randint(2, 6)
            add(
                day,
                EntryKind.OFFICE_VISIT,
                "doctor",
                "Office Visit — Follow-up",
                [("99214" if block == 0 else "99213", 1)],
                summary=rng.choice(_PROGRESS).format(pain=max(2, pain - block - 2))
                + " "
                + rng.choice(_PLANS),
            )
            day += rng.randint(5, 14)
        if "specialist" in providers:
            add(
                day,
                EntryKind.CONSULTATION,
                "specialist",
                "Consultation",
                [("99244", 1)],
                summary=f"Consulted for persistent {course.complaint}. {rng.choice(_EXAMS)} {_PLANS[2]}",
            )
            day += rng.randint(10, 30)
            if course.procedure and rng.random() < 0.6:
                kind = (
                    EntryKind.SURGERY if course.procedure in ("29881", "25607", "27236") else EntryKind.OTHER
                )
                procedure = _FEES[course.procedure]
                add(
                    day,
                    kind,
                    "specialist",
                    "Procedure Note",
                    [(course.procedure, 1)],
                    summary=f"{procedure.description} performed without complication. Patient tolerated the "
                    "procedure well and was discharged the same day with follow-up in two weeks.",
                )
        return sorted(visits, key=lambda v: v.day)

    def _entry(self, case: Case, visit: _Visit, provider: CaseProvider) -> RecordEntry:
        return RecordEntry(
            id=self._next("entry"),
            case_id=case.id or 0,
            service_from=visit.day,
            service_to=visit.last_day,
            kind=visit.kind,
            provider_id=provider.id,
            complaint=visit.complaint[:1].upper() + visit.complaint[1:],
            summary=visit.summary,
            diagnoses="\n".join(visit.diagnoses),
            procedures="\n".join(
                f"{p.code} {p.description}" + (f" ×{u}" if u > 1 else "") for p, u in visit.procedures
            ),
        )

    def _bill(self, case: Case, visit: _Visit, provider: CaseProvider, insured: bool, pip: bool) -> Bill:
        rng = self._rng
        billed = sum((p.price * units for p, units in visit.procedures), Money.zero())
        adjustment = health = client = Money.zero()
        if insured:
            adjustment = Money.of(billed.amount * rng.choice((30, 35, 40, 45)) / 100)
            health = Money.of((billed.amount - adjustment.amount) * rng.choice((70, 80, 90)) / 100)
            if visit.kind is EntryKind.OFFICE_VISIT:  # the copay, out of what insurance left
                client = min(Money.of(rng.choice((25, 35, 50))), billed - adjustment - health)
        return Bill(
            id=self._next("bill"),
            case_id=case.id or 0,
            provider_id=provider.id or 0,
            service_from=visit.day,
            service_to=visit.last_day,
            billed=billed,
            adjustment=adjustment,
            health_paid=health,
            pip_paid=billed if pip else Money.zero(),  # capped by _pip_within_limit
            client_paid=client,
        )

    def _liens(
        self,
        case: Case,
        bills: Sequence[Bill],
        providers: Mapping[int | None, CaseProvider],
        age: int,
        insured: bool,
    ) -> list[Lien]:
        rng = self._rng
        settled = case.status in (CaseStatus.SETTLED, CaseStatus.CLOSED)
        health = sum((b.health_paid for b in bills), Money.zero())
        liens = []
        if insured and health.cents > 0:
            kind = (
                LienKind.MEDICARE
                if age >= 65
                else rng.choice((LienKind.HEALTH_PLAN, LienKind.HEALTH_PLAN, LienKind.MEDICAID))
            )
            holder = {
                LienKind.MEDICARE: "Medicare (Benefits Coordination & Recovery Center)",
                LienKind.MEDICAID: "State Medicaid Third Party Liability Unit",
                LienKind.HEALTH_PLAN: f"{rng.choice(text.STEMS)} Health Plan (self-funded ERISA)",
            }[kind]
            liens.append(self._lien(case, holder, kind, health, settled, None))
        elif not insured:
            emergency = bills[0]
            hospital = providers[next(k for k, p in providers.items() if p.id == emergency.provider_id)]
            liens.append(
                self._lien(case, hospital.name, LienKind.HOSPITAL, emergency.billed, settled, hospital.id)
            )
            others = [b for b in bills[1:] if b.provider_id != emergency.provider_id]
            if others:
                lop = others[-1].provider_id
                owed = sum((b.billed for b in others if b.provider_id == lop), Money.zero())
                name = next(p.name for p in providers.values() if p.id == lop)
                liens.append(self._lien(case, name, LienKind.LETTER_OF_PROTECTION, owed, settled, lop))
        return liens

    def _lien(
        self, case: Case, holder: str, kind: LienKind, asserted: Money, settled: bool, provider_id: int | None
    ) -> Lien:
        rng = self._rng
        status = (
            LienStatus.PAID
            if settled
            else rng.choice((LienStatus.ASSERTED, LienStatus.NEGOTIATING, LienStatus.FINAL))
        )
        reduction = (
            Money.zero()
            if status is LienStatus.ASSERTED
            else Money.of(asserted.amount * rng.choice((20, 25, 33)) / 100)
        )
        final = None if status in (LienStatus.ASSERTED, LienStatus.NEGOTIATING) else asserted - reduction
        return Lien(
            id=self._next("lien"),
            case_id=case.id or 0,
            holder=holder,
            kind=kind,
            asserted=asserted,
            reduction=reduction,
            final=final,
            status=status,
            provider_id=provider_id,
            asserted_on=min(self._today, case.opened_on + timedelta(days=rng.randint(20, 120))),
        )

    def _requests(self, case: Case, providers: Sequence[CaseProvider]) -> list[RecordRequest]:
        """Records and bills asked of each provider once its treatment began; older ones are answered."""
        rng = self._rng
        requests = []
        for provider in providers:
            first = provider.first_visit or case.opened_on
            sent = max(first, case.opened_on) + timedelta(days=rng.randint(1, 20))
            if sent > self._today:
                continue
            for kind in (
                RequestKind.RECORDS,
                RequestKind.BILLS if rng.random() < 0.5 else RequestKind.ITEMIZED,
            ):
                follow_up = default_follow_up(sent)
                waited = (self._today - sent).days
                received = None
                status = RequestStatus.REQUESTED
                # Providers answer within weeks; what is still open was asked for lately.
                answered = case.status in _TREATMENT_OVER or waited > 75 or rng.random() < 0.5 + waited / 90
                if waited > 20 and answered:
                    received = sent + timedelta(days=rng.randint(10, min(45, waited)))
                    status = RequestStatus.REVIEWED if rng.random() < 0.7 else RequestStatus.RECEIVED
                requests.append(
                    RecordRequest(
                        id=self._next("request"),
                        case_id=case.id or 0,
                        provider_id=provider.id or 0,
                        kind=kind,
                        sent_on=sent,
                        method=rng.choice((RequestMethod.FAX, RequestMethod.MAIL, RequestMethod.PORTAL)),
                        status=status,
                        range_from=case.incident_date,
                        cost=Money.of(rng.choice((0, 0, 25, 38, 75)))
                        if kind is RequestKind.RECORDS
                        else None,
                        follow_up_on=follow_up,
                        received_on=received,
                        notes="HIPAA authorization enclosed.",
                    )
                )
        return requests

    # --- the records as files ---

    def _files(
        self,
        case: Case,
        client: Client,
        visits: Sequence[_Visit],
        entries: list[RecordEntry],
        bills: list[Bill],
        providers: Mapping[int | None, CaseProvider],
        batch: MedicalBatch,
    ) -> None:
        """Each provider's records as pages (visit notes, then an itemized statement); entries cite them."""
        born = f"{client.date_of_birth:%m/%d/%Y}" if client.date_of_birth else "unknown"
        patient = f"Patient: {client.name}     DOB: {born}     MRN: {self._rng.randint(100000, 999999)}"
        contacts = {c.id: c for c in self._book[ContactRole.MEDICAL_PROVIDER]}
        for contact_id, provider in providers.items():
            pages: list[RecordPage] = []
            cited: list[int] = []
            billed: list[int] = []
            for index, visit in enumerate(visits):
                if visit.provider != contact_id:
                    continue
                first_page = len(pages) + 1
                pages.extend(_visit_pages(visit, patient, self._rng))
                entries[index] = replace(entries[index], page_from=first_page, page_to=len(pages))
                cited.append(entries[index].id or 0)
            statement = [i for i, v in enumerate(visits) if v.provider == contact_id]
            pages.append(_statement_page(visits, bills, statement, patient))
            for index in statement:
                bills[index] = replace(bills[index], page=len(pages))
                billed.append(bills[index].id or 0)
            contact = contacts.get(contact_id)
            letterhead = Letterhead(
                provider.name,
                (contact.address if contact else "").replace("\n", ", "),
                contact.phone if contact else "",
            )
            slug = "".join(ch for ch in provider.name if ch.isalnum() or ch == " ").strip().replace(" ", "-")
            batch.files.append(
                RecordFile(
                    case_id=case.id or 0,
                    provider_id=provider.id or 0,
                    file_name=f"{slug}.pdf",
                    letterhead=letterhead,
                    pages=tuple(pages),
                    entry_ids=tuple(cited),
                    bill_ids=tuple(billed),
                )
            )
        # the entries and bills replaced above are the batch's own list items
        batch.entries[len(batch.entries) - len(entries) :] = entries
        batch.bills[len(batch.bills) - len(bills) :] = bills

    def _next(self, kind: str) -> int:
        self._ids[kind] += 1
        return self._ids[kind]


def _pip_within_limit(bills: list[Bill]) -> list[Bill]:
    """PIP pays bills in date order until its limit is used up, never more than is left of a bill."""
    left = _PIP_LIMIT
    paid = []
    for bill in bills:
        due = bill.billed - bill.adjustment - bill.health_paid - bill.client_paid
        pay = min(max(due, Money.zero()), left)
        left = left - pay
        paid.append(replace(bill, pip_paid=pay))
    return paid


def _visit_pages(visit: _Visit, patient: str, rng: random.Random) -> list[RecordPage]:
    """A visit's note: one page, or two for a therapy block (the session log on its own page)."""
    when = f"{visit.day:%m/%d/%Y}" + (f" to {visit.last_day:%m/%d/%Y}" if visit.last_day else "")
    sections = (
        ("Date of service", when),
        ("Chief complaint", visit.complaint[:1].upper() + visit.complaint[1:] + "."),
        ("History of present illness", visit.summary),
        ("Assessment", "\n".join(visit.diagnoses)),
        (
            "Procedures",
            "\n".join(
                f"CPT {p.code} — {p.description}" + (f" (×{u})" if u > 1 else "") for p, u in visit.procedures
            ),
        ),
        ("Plan", rng.choice(_PLANS)),
        ("Electronically signed", "Attending clinician, " + f"{visit.day:%m/%d/%Y}"),
    )
    pages = [RecordPage(visit.title, patient, sections)]
    if visit.sessions > 1 and visit.last_day:
        span = (visit.last_day - visit.day).days
        days = sorted(
            {
                visit.day + timedelta(days=round(span * i / max(1, visit.sessions - 1)))
                for i in range(visit.sessions)
            }
        )
        log = "\n".join(
            f"{day:%m/%d/%Y}  Session {n}: exercise 30 min, manual therapy 15 min, e-stim 15 min; "
            f"pain {rng.randint(2, 7)}/10."
            for n, day in enumerate(days, start=1)
        )
        pages.append(RecordPage(visit.title + " — session log", patient, (("Sessions", log),)))
    return pages


def _statement_page(
    visits: Sequence[_Visit], bills: Sequence[Bill], indexes: Sequence[int], patient: str
) -> RecordPage:
    """The provider's itemized statement of its charges for the case."""
    lines = []
    total = Money.zero()
    for index in indexes:
        visit, bill = visits[index], bills[index]
        for procedure, units in visit.procedures:
            charge = procedure.price * units
            lines.append(
                f"{visit.day:%m/%d/%Y}  CPT {procedure.code}  {procedure.description} ×{units}  {charge}"
            )
        total = total + bill.billed
    return RecordPage(
        "Itemized Statement",
        patient,
        (
            ("Charges", "\n".join(lines)),
            ("Total charges", str(total)),
            ("Remit to", "Billing office at the address above."),
        ),
    )
