"""Demo trial preparation: witnesses, exhibits, Bates numbers and binder layouts of the cases near trial.

Part of the demo generator (:mod:`casedesk.services.demo`). It runs once the cases, their medical records
and their documents are written, reading what they already say (the client, the providers and their
records and bills, the case's witnesses, its stored documents), and draws the rest from a generator of its
own seeded from the demo's seed: the same seed and date give the same records.

- Every case in trial, and about a third of those in litigation, has 3 to 6 witnesses in order of
  appearance: the client, a treating physician from its providers, an eyewitness (the case's own witness
  contact when it has one), and sometimes an expert or a second provider. Subpoenas served on the
  witnesses other than the client are on the timeline.
- Those cases have 8 to 25 exhibits: each provider's records and itemized bills (cited to the stored
  document and its pages where the case has one), the crash report and other papers, and a few defendant's
  exhibits. In trial, some are offered, marked, admitted or objected to; the rest are identified.
- A case with stored records has its Bates prefix (the client's surname) and its records numbered in one
  production to defense counsel, its petition, answer and motion in limine stored as documents, and its
  binder layout from the firm's template with those filed in the pleadings and motions sections.
"""

from __future__ import annotations

import hashlib
import random
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any

from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from casedesk.domain.activity import Activity, ActivityKind, Direction
from casedesk.domain.binder import SectionKind
from casedesk.domain.cases import CaseStatus
from casedesk.domain.contacts import ContactRole
from casedesk.domain.documents import Document, stored_name
from casedesk.domain.exhibits import ExhibitParty, ExhibitStatus
from casedesk.domain.witnesses import WitnessKind
from casedesk.services.docstore import document_store_of
from casedesk.store import bulk
from casedesk.store import documents as document_store
from casedesk.store import search as search_store
from casedesk.store.casefile import CaseFile
from casedesk.store.cases import CaseRow, ClientRow
from casedesk.store.contacts import CaseContactRow, ContactRow
from casedesk.store.documents import DocumentRow
from casedesk.store.exhibits import ExhibitRow
from casedesk.store.providers import CaseProviderRow
from casedesk.store.records import RecordEntryRow
from casedesk.store.witnesses import WitnessExhibitRow, WitnessRow

#: Share of the cases in litigation that are prepared for trial already.
_SHARE_LITIGATION = 0.3
_SHARE_EXPERT = 0.5
_SHARE_SERVED = 0.7
_RECIPIENT = "Defense counsel"
#: The district clerk's number printed on the demo's filings.
_CLERK_PHONE = "(512) 555-0190 (District Clerk)"
_FIRST = ("Linda", "Marcus", "Rosa", "Derek", "Tanya", "Hector", "Grace", "Omar", "Wendy", "Curtis", "Nadia")
_LAST = ("Pruitt", "Okafor", "Salas", "Whitfield", "Brennan", "Castillo", "Yoder", "Haddad", "Lindqvist")
_EXPERTS = (
    ("Accident reconstruction", "Gulf Coast Forensic Engineering", "Speed, braking and the point of impact"),
    ("Life care planning", "Meridian Life Care Planning", "The cost of future medical care"),
    ("Forensic economics", "Capitol Economics Group", "Lost earning capacity, reduced to present value"),
    ("Biomechanics", "Trinity Biomechanical Consultants", "The forces in the collision and the injury"),
)
_AVAILABILITY = (
    "Any trial day",
    "Mornings only; clinic in the afternoons",
    "Not available the first week of the month",
    "Needs two days' notice",
    "Out of state on the 10th–14th",
    "By video if the trial runs past Thursday",
)
_PAPERS = (
    "Peace officer's crash report",
    "Diagram of the scene",
    "Repair estimate for the client's vehicle",
    "Employer's wage verification and pay stubs",
    "Pharmacy receipts",
    "Summary of medical expenses",
    "The client's pain journal",
)
#: The pleadings filed in the binder's pleadings section: (title, one (heading, text) per page).
_PLEADINGS = (
    (
        "Plaintiff's Original Petition",
        (
            (
                "Parties",
                "Plaintiff brings this suit against Defendant for injuries suffered in the incident.",
            ),
            ("Causes of action", "Negligence and negligence per se.\n\nDamages exceed the minimum limits."),
        ),
    ),
    (
        "Defendant's Original Answer",
        (("General denial", "Defendant generally denies the allegations and demands strict proof."),),
    ),
)
#: The motions filed in the binder's motions section.
_MOTIONS = (
    (
        "Plaintiff's Motion in Limine",
        (
            ("Matters to exclude", "1. Collateral sources.\n2. Attorney advertising.\n3. Prior claims."),
            ("Prayer", "Plaintiff asks the Court to instruct counsel and witnesses accordingly."),
        ),
    ),
)
_DEFENSE = (
    "Independent medical examination report",
    "Recorded statement of the plaintiff",
    "Prior medical records",
    "Plaintiff's social media posts",
    "Surveillance report with still images",
    "Defendant's vehicle data recorder download",
)


@dataclass
class _Provider:
    id: int
    contact_id: int
    name: str
    specialty: str
    first_visit: date | None = None
    last_visit: date | None = None
    document: tuple[int, int] | None = None  # (document id, page count)
    record_pages: int = 0  # the pages before the itemized statement, when a document is stored
    witness_contact: int = 0  # who testifies for the provider, when someone does


@dataclass
class _Case:
    id: int
    status: CaseStatus
    incident: date | None
    client: str
    client_phone: str
    client_email: str
    number: str = ""
    caption: str = ""
    witnesses: list[tuple[int, str]] = field(default_factory=list)  # the case's witness contacts
    linked: set[int] = field(default_factory=set)  # contacts linked as witnesses
    providers: list[_Provider] = field(default_factory=list)
    documents: list[int] = field(default_factory=list)


@dataclass
class _PlannedWitness:
    contact_id: int
    name: str
    kind: WitnessKind
    topics: str
    outline: str
    served: date | None
    availability: str
    id: int = 0


def add_demo_trial(case_file: CaseFile, *, seed: int, moment: datetime) -> None:
    """Prepare the demo's cases near trial (see the module docstring); one transaction for the records."""
    rng = random.Random(f"trial-{seed}")
    today = moment.date()
    with case_file.session() as session:
        cases = _chosen(session, rng)
        if not cases:
            return
        _read(session, cases)
        activities: list[Activity] = []
        for case in cases.values():
            _prepare(session, rng, case, today, moment, activities)
        bulk.insert_activities(session, activities)
    numbered = [case for case in cases.values() if case.documents]
    if numbered:
        _number_and_lay_out(case_file, numbered, moment)


def _chosen(session: Session, rng: random.Random) -> dict[int, _Case]:
    query = (
        select(
            CaseRow.id,
            CaseRow.status,
            CaseRow.incident_date,
            ClientRow.name,
            ClientRow.phone,
            ClientRow.email,
            CaseRow.number,
            CaseRow.caption,
        )
        .join(ClientRow, ClientRow.id == CaseRow.client_id)
        .where(CaseRow.status.in_([CaseStatus.TRIAL.value, CaseStatus.LITIGATION.value]))
        .order_by(CaseRow.id)
    )
    cases: dict[int, _Case] = {}
    for case_id, status, incident, name, phone, email, number, caption in session.execute(query):
        if status == CaseStatus.TRIAL.value or rng.random() < _SHARE_LITIGATION:
            cases[case_id] = _Case(case_id, CaseStatus(status), incident, name, phone, email, number, caption)
    return cases


def _read(session: Session, cases: dict[int, _Case]) -> None:
    ids = list(cases)
    links = (
        select(CaseContactRow.case_id, ContactRow.id, ContactRow.name)
        .join(ContactRow, ContactRow.id == CaseContactRow.contact_id)
        .where(CaseContactRow.case_id.in_(ids), CaseContactRow.role == ContactRole.WITNESS.value)
        .order_by(CaseContactRow.id)
    )
    for case_id, contact_id, name in session.execute(links):
        cases[case_id].witnesses.append((contact_id, name))
        cases[case_id].linked.add(contact_id)
    providers = (
        select(CaseProviderRow, ContactRow.name)
        .join(ContactRow, ContactRow.id == CaseProviderRow.contact_id)
        .where(CaseProviderRow.case_id.in_(ids))
        .order_by(CaseProviderRow.id)
    )
    by_id: dict[int, _Provider] = {}
    for row, name in session.execute(providers):
        provider = _Provider(row.id, row.contact_id, name, row.specialty, row.first_visit, row.last_visit)
        cases[row.case_id].providers.append(provider)
        by_id[row.id] = provider
    documents = (
        select(DocumentRow.id, DocumentRow.case_id, DocumentRow.provider_id, DocumentRow.page_count)
        .where(DocumentRow.case_id.in_(ids))
        .order_by(DocumentRow.id)
    )
    for document_id, case_id, provider_id, pages in session.execute(documents):
        cases[case_id].documents.append(document_id)
        if provider_id in by_id and pages:
            by_id[provider_id].document = (document_id, pages)
    cited = select(RecordEntryRow.provider_id, RecordEntryRow.page_to, RecordEntryRow.page_from).where(
        RecordEntryRow.case_id.in_(ids), RecordEntryRow.document_id.is_not(None)
    )
    for provider_id, page_to, page_from in session.execute(cited):
        if provider_id in by_id:
            last = page_to or page_from or 0
            by_id[provider_id].record_pages = max(by_id[provider_id].record_pages, last)


def _prepare(
    session: Session,
    rng: random.Random,
    case: _Case,
    today: date,
    moment: datetime,
    activities: list[Activity],
) -> None:
    planned = _plan_witnesses(session, rng, case, today)
    rows = [
        WitnessRow(
            case_id=case.id,
            contact_id=w.contact_id,
            kind=w.kind.value,
            position=position,
            subpoena_served_on=w.served,
            availability=w.availability,
            topics=w.topics,
            outline=w.outline,
        )
        for position, w in enumerate(planned)
    ]
    session.add_all(rows)
    session.flush()
    for witness, row in zip(planned, rows, strict=True):
        witness.id = row.id
        if witness.contact_id not in case.linked:
            session.add(
                CaseContactRow(
                    case_id=case.id, contact_id=witness.contact_id, role=ContactRole.WITNESS.value, note=""
                )
            )
            case.linked.add(witness.contact_id)
        if witness.served is not None:
            activities.append(
                Activity(
                    case_id=case.id,
                    kind=ActivityKind.NOTE,
                    occurred_at=datetime.combine(witness.served, time(12), tzinfo=moment.tzinfo),
                    direction=Direction.OUTGOING,
                    parties=witness.name,
                    subject=f"Subpoena served: {witness.name}",
                    body=f"Trial subpoena served on {witness.name} ({witness.kind.label.lower()}).",
                )
            )
    exhibits, sponsors = _plan_exhibits(rng, case, planned, today)
    session.add_all(exhibits)
    session.flush()
    uses: dict[int, list[int]] = defaultdict(list)
    for exhibit, sponsor in zip(exhibits, sponsors, strict=True):
        if sponsor is not None:
            uses[sponsor].append(exhibit.id)
    links = [
        {"witness_id": witness_id, "exhibit_id": exhibit_id, "position": position}
        for witness_id, exhibit_ids in uses.items()
        for position, exhibit_id in enumerate(exhibit_ids)
    ]
    if links:
        session.execute(insert(WitnessExhibitRow), links)


def _plan_witnesses(session: Session, rng: random.Random, case: _Case, today: date) -> list[_PlannedWitness]:
    trial = case.status is CaseStatus.TRIAL
    client = _new_contact(
        session,
        case.client,
        ContactRole.WITNESS,
        phone=case.client_phone,
        email=case.client_email,
        notes="The client (plaintiff).",
    )
    planned = [
        _PlannedWitness(
            client,
            case.client,
            WitnessKind.FACT,
            "The crash, the injuries and the treatment; life since the incident",
            "1. Background, family and work\n2. The day of the incident\n3. The injuries and the treatment\n"
            "4. Pain and limits in daily life\n5. Work missed",
            None,
            "Any trial day",
        )
    ]
    doctors = sorted(case.providers, key=lambda p: (not p.name.startswith("Dr. "), p.id))
    for provider in doctors[: 2 if rng.random() < 0.35 else 1]:
        contact_id, name = provider.contact_id, provider.name
        if not name.startswith("Dr. "):  # a hospital or clinic testifies through its attending physician
            name = f"Dr. {rng.choice(_FIRST)} {rng.choice(_LAST)}"
            contact_id = _new_contact(
                session,
                name,
                ContactRole.MEDICAL_PROVIDER,
                organization=provider.name,
                phone=_phone(rng),
                notes=f"Attending physician at {provider.name}.",
            )
        provider.witness_contact = contact_id
        planned.append(
            _PlannedWitness(
                contact_id,
                name,
                WitnessKind.TREATING_PHYSICIAN,
                _doctor_topics(provider.specialty),
                "1. Qualifications and practice\n2. History taken and examination\n3. Diagnosis\n"
                "4. Treatment given and its necessity\n5. Causation\n6. Prognosis and future care\n"
                "7. The bills are reasonable and customary",
                *_served_and_available(rng, trial, today),
            )
        )
    if case.witnesses:
        contact_id, name = case.witnesses[0]
    else:
        name = f"{rng.choice(_FIRST)} {rng.choice(_LAST)}"
        contact_id = _new_contact(session, name, ContactRole.WITNESS, phone=_phone(rng), notes="Eyewitness.")
    planned.append(
        _PlannedWitness(
            contact_id,
            name,
            WitnessKind.FACT,
            "What the witness saw: the defendant's conduct and the collision",
            "1. Where the witness was and why\n2. Line of sight, weather and light\n"
            "3. What the defendant did\n4. The impact\n5. What was said at the scene",
            *_served_and_available(rng, trial, today),
        )
    )
    if rng.random() < _SHARE_EXPERT or len(planned) < 3:
        field_name, firm, topic = rng.choice(_EXPERTS)
        name = f"Dr. {rng.choice(_FIRST)} {rng.choice(_LAST)}"
        contact_id = _new_contact(
            session,
            name,
            ContactRole.WITNESS,
            organization=firm,
            phone=_phone(rng),
            notes=f"Expert: {field_name}.",
        )
        planned.append(
            _PlannedWitness(
                contact_id,
                name,
                WitnessKind.EXPERT,
                topic,
                "1. Qualifications (tender as an expert)\n2. Materials reviewed\n3. Method\n4. Opinions\n"
                "5. Basis of each opinion",
                *_served_and_available(rng, trial, today),
            )
        )
    return planned[:6]


def _served_and_available(rng: random.Random, trial: bool, today: date) -> tuple[date | None, str]:
    served = None
    if (trial or rng.random() < _SHARE_SERVED / 2) and rng.random() < _SHARE_SERVED:
        served = _weekday(today - timedelta(days=rng.randint(7, 60)))
    return served, rng.choice(_AVAILABILITY)


def _weekday(day: date) -> date:
    """``day``, or the Friday before it when it falls on a weekend (the office's working day)."""
    return day - timedelta(days=max(0, day.weekday() - 4))


def _doctor_topics(specialty: str) -> str:
    field_of = f" ({specialty})" if specialty else ""
    return f"Diagnosis, treatment and prognosis{field_of}; the reasonableness of the charges"


def _plan_exhibits(
    rng: random.Random, case: _Case, witnesses: list[_PlannedWitness], today: date
) -> tuple[list[ExhibitRow], list[int | None]]:
    by_contact = {w.contact_id: w.id for w in witnesses}
    client_id = witnesses[0].id
    eyewitness = next((w.id for w in witnesses[1:] if w.kind is WitnessKind.FACT), client_id)
    plaintiff: list[dict[str, Any]] = []
    for provider in case.providers:
        sponsor = by_contact.get(provider.witness_contact, client_id)
        document_id, pages = provider.document or (None, 0)
        records_to = provider.record_pages or (pages - 1 if pages > 1 else None)
        plaintiff.append(
            {
                "description": f"Medical records of {provider.name}",
                "document_id": document_id,
                "page_from": 1 if document_id and records_to else None,
                "page_to": records_to if document_id else None,
                "exhibit_date": provider.last_visit,
                "witness": sponsor,
            }
        )
        plaintiff.append(
            {
                "description": f"Itemized billing statement of {provider.name}",
                "document_id": document_id,
                "page_from": pages if document_id else None,
                "page_to": pages if document_id else None,
                "exhibit_date": provider.last_visit,
                "witness": sponsor,
            }
        )
    papers = list(_PAPERS)
    rng.shuffle(papers)
    wanted = rng.randint(8, 25)
    defense_count = rng.randint(2, 4)
    for paper in papers:
        if len(plaintiff) + defense_count >= wanted:
            break
        sponsor = eyewitness if paper in _PAPERS[:2] else client_id
        plaintiff.append({"description": paper, "exhibit_date": case.incident, "witness": sponsor})
    defense = [
        {"description": text, "exhibit_date": None, "witness": None}
        for text in rng.sample(_DEFENSE, defense_count)
    ]
    plaintiff = plaintiff[: max(wanted - defense_count, 6)]
    rows: list[ExhibitRow] = []
    sponsors: list[int | None] = []
    trial = case.status is CaseStatus.TRIAL
    for position, (party, spec) in enumerate(
        [(ExhibitParty.PLAINTIFF, s) for s in plaintiff] + [(ExhibitParty.DEFENDANT, s) for s in defense]
    ):
        status, offered, marked, admitted = _status(rng, trial, today)
        exhibit_date = spec.get("exhibit_date")
        rows.append(
            ExhibitRow(
                case_id=case.id,
                party=party.value,
                position=position,
                description=spec["description"],
                document_id=spec.get("document_id"),
                page_from=spec.get("page_from"),
                page_to=spec.get("page_to"),
                exhibit_date=exhibit_date if exhibit_date is None or exhibit_date <= today else None,
                witness_id=spec["witness"],
                status=status.value,
                offered_on=offered,
                marked_on=marked,
                admitted_on=admitted,
                notes="",
            )
        )
        sponsors.append(spec["witness"])
    return rows, sponsors


def _status(
    rng: random.Random, trial: bool, today: date
) -> tuple[ExhibitStatus, date | None, date | None, date | None]:
    if not trial:
        return ExhibitStatus.IDENTIFIED, None, None, None
    day = today - timedelta(days=rng.randint(0, 4))
    roll = rng.random()
    if roll < 0.35:
        return ExhibitStatus.IDENTIFIED, None, None, None
    if roll < 0.5:
        return ExhibitStatus.MARKED, None, day, None
    if roll < 0.6:
        return ExhibitStatus.OFFERED, day, day, None
    if roll < 0.9:
        return ExhibitStatus.ADMITTED, day, day, day
    return ExhibitStatus.OBJECTED, day, day, None


def _new_contact(
    session: Session,
    name: str,
    role: ContactRole,
    *,
    organization: str = "",
    phone: str = "",
    email: str = "",
    notes: str = "",
) -> int:
    row = ContactRow(
        name=name,
        role=role.value,
        is_organization=False,
        organization=organization,
        phone=phone,
        email=email,
        address="",
        notes=notes,
    )
    session.add(row)
    session.flush()
    return row.id


def _phone(rng: random.Random) -> str:
    return f"(512) 555-{rng.randint(100, 199):04d}"


def _number_and_lay_out(case_file: CaseFile, cases: list[_Case], moment: datetime) -> None:
    """Number each case's documents in one production to defense counsel and give it its binder layout."""
    from casedesk.resources import binder_template
    from casedesk.services.bates import BatesService
    from casedesk.services.bills import BillService
    from casedesk.services.binder import BinderService
    from casedesk.services.exhibits import ExhibitService
    from casedesk.services.records import RecordService
    from casedesk.services.wages import WageService
    from casedesk.services.witnesses import WitnessService

    def clock() -> datetime:
        return moment

    bates = BatesService(case_file, clock)
    exhibits = ExhibitService(case_file, clock, bates)
    binder = BinderService(
        case_file,
        clock,
        template=binder_template(),
        exhibits=exhibits,
        witnesses=WitnessService(case_file, clock),
        bates=bates,
        records=RecordService(case_file, clock),
        bills=BillService(case_file),
        wages=WageService(case_file),
    )
    produced_on = _weekday(moment.date() - timedelta(days=30))
    for case in cases:
        bates.save_settings(case.id, bates.settings(case.id))
        bates.number_documents(case.id, case.documents, recipient=_RECIPIENT, produced_on=produced_on)
        filed = _store_filings(case_file, case, moment)
        sections = {section.kind: section.id for section in binder.layout(case.id).sections}
        for kind, titles in ((SectionKind.PLEADINGS, _PLEADINGS), (SectionKind.MOTIONS, _MOTIONS)):
            section_id = sections.get(kind)
            if section_id is not None:
                binder.add_documents(section_id, [filed[title] for title, _pages in titles])


def _store_filings(case_file: CaseFile, case: _Case, moment: datetime) -> dict[str, int]:
    """Write the case's pleadings and motion into its document store, as an import would; ids by title.

    The demo knows each page's text, so the files are stored directly: reading them back in worker
    processes, as an import of foreign files does, would cost the demo seconds.
    """
    from casedesk.exports.record_pdf import Letterhead, RecordPage, write_record_pdf

    court = Letterhead("In the District Court", f"File No. {case.number}: {case.caption}", _CLERK_PHONE)
    store = case_file.documents_dir
    store.mkdir(parents=True, exist_ok=True)
    documents = document_store_of(case_file)
    documents.ready()
    filed: dict[str, int] = {}
    with case_file.session() as session:
        for title, paragraphs in (*_PLEADINGS, *_MOTIONS):
            header = f"{case.caption}     File No. {case.number}"
            pages = [RecordPage(title, header, ((heading, text),)) for heading, text in paragraphs]
            temporary = store / f".demo-filing-{case.id}.pdf"
            write_record_pdf(temporary, court, pages, author="casedesk demo")
            data = temporary.read_bytes()
            temporary.unlink()
            sha256 = hashlib.sha256(data).hexdigest()
            documents.write_bytes(stored_name(sha256), data)
            document = document_store.add_document(
                session,
                Document(
                    case_id=case.id,
                    sha256=sha256,
                    original_name=f"{title}.pdf",
                    size=len(data),
                    page_count=len(pages),
                    imported_at=moment,
                    title=title,
                ),
            )
            texts = [f"{title}\n{heading}\n{text}" for heading, text in paragraphs]
            search_store.add_document_pages(session, case.id, document.id or 0, texts)
            filed[title] = document.id or 0
    return filed
