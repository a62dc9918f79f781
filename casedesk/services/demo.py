"""Demo case files: realistic, entirely fictional clients, cases, contacts and timelines.

Everything is drawn from ``random.Random(seed)`` (valuations, calendars and interviews from generators of
their own seeded from the same seed) and a given "today", so the same seed and date give the same records.
Names, firms and places are invented (:mod:`casedesk.services.demo_text`); phone numbers are in the
555-01xx range reserved for fiction and emails are at example.com. Clients, contacts, defendants and places
come from :mod:`casedesk.services.demo_people`, valuation figures and scenarios from
:mod:`casedesk.services.demo_valuation`, calendars from :mod:`casedesk.services.demo_calendar`, client
interviews from :mod:`casedesk.services.demo_interviews`; cases and timelines are made here.
"""

from __future__ import annotations

import functools
import random
import tempfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime, time, timedelta, timezone
from pathlib import Path
from typing import TypeVar

from casedesk.domain.activity import Activity
from casedesk.domain.cases import Case, CaseStatus, CaseType, Client
from casedesk.domain.contacts import CaseContact, Contact, ContactRole
from casedesk.domain.errors import CaseFileError, ValidationError
from casedesk.domain.firm import FirmProfile
from casedesk.domain.interviews import Interview
from casedesk.domain.jurisdictions import Jurisdiction
from casedesk.domain.money import Money
from casedesk.domain.scenarios import Scenario, ValuationInputs
from casedesk.domain.typed import long_date
from casedesk.resources import fault_rules, jurisdictions, limitation_periods, questionnaires
from casedesk.services import demo_text as text
from casedesk.services.demo_calendar import CalendarBatch, DemoCalendars
from casedesk.services.demo_finances import (
    DemoFinances,
    FinanceBatch,
    add_record_fees,
    close_out_statements,
)
from casedesk.services.demo_insurance import add_demo_insurance
from casedesk.services.demo_interviews import DemoInterviews
from casedesk.services.demo_medical import DemoMedical, MedicalBatch, RecordFile
from casedesk.services.demo_people import DemoPeople
from casedesk.services.demo_trial import add_demo_trial
from casedesk.services.demo_valuation import CaseFigures, DemoValuations
from casedesk.services.firm import FirmService
from casedesk.store import bulk
from casedesk.store.casefile import CaseFile, open_case_file
from casedesk.store.transfer import reset_sequences
from casedesk.store.trust import insert_finances

DEFAULT_CASES = 200
MAX_CASES = 100_000
#: Cases generated and written per step (one progress report each); bounds memory on big demos.
CHUNK_CASES = 1_000
#: Cases whose providers' records are also made as PDF files and imported (the rest are indexed only).
RECORD_FILE_CASES = 6
#: Who the records a demo writes into a new firm database (which has no accounts yet) say wrote them.
DEMO_USER = "casedesk demo"
#: The demo firm's letterhead (a made-up firm at a made-up address).
DEMO_FIRM = FirmProfile(
    name="Harbor & Lane Injury Law, P.C.",
    address="1200 Harbor Street, Suite 400\nMillbrook, TX 78701",
    phone="(512) 555-0140",
    fax="(512) 555-0141",
    email="office@harborlane.example",
    website="harborlane.example",
)

Progress = Callable[[int, int], None]
_T = TypeVar("_T")


@dataclass(frozen=True, slots=True)
class DemoSummary:
    """What a demo build wrote.

    Attributes:
        case_contacts: Links between cases and contacts.
        activities: Timeline entries.
    """

    path: Path | str
    cases: int
    clients: int
    contacts: int
    case_contacts: int
    activities: int
    events: int = 0
    tasks: int = 0
    interviews: int = 0


def create_demo(
    path: Path | str,
    *,
    today: date,
    cases: int = DEFAULT_CASES,
    seed: int = 1,
    progress: Progress | None = None,
    files_for: int = RECORD_FILE_CASES,
    documents: Path | None = None,
) -> DemoSummary:
    """Create (or fill an empty) case file at ``path`` with demo data; see :func:`build_demo`.

    A new firm database has no accounts yet: the demo's records name :data:`DEMO_USER` as who wrote them.

    Args:
        path: The case file, or a firm database's URL.
        today: The date the demo is built "as of".
        cases: How many cases to generate.
        seed: Seed of the random generator.
        progress: Called as ``progress(done, total)`` with cases written so far.
        files_for: How many cases also get their providers' records as PDF files.
        documents: A firm database's shared documents folder (unused for a file).

    Raises:
        ValidationError: ``cases`` is out of range; nothing is created.
        CaseFileError: The file cannot be opened or created, or it already holds data.
    """
    _check_case_count(cases)
    case_file = open_case_file(path, create=True, documents=documents)
    if case_file.firm_mode and not case_file.user:
        case_file.user = DEMO_USER  # a new firm database has no accounts yet; the demo writes as itself
    try:
        return build_demo(
            case_file, today=today, cases=cases, seed=seed, progress=progress, files_for=files_for
        )
    finally:
        case_file.close()


def build_demo(
    case_file: CaseFile,
    *,
    today: date,
    cases: int = DEFAULT_CASES,
    seed: int = 1,
    progress: Progress | None = None,
    files_for: int = RECORD_FILE_CASES,
) -> DemoSummary:
    """Fill an empty case file with fictional demo data, in one transaction.

    Every case status and case type occurs once there are at least eight cases; every case has a
    client, 2 to 5 linked contacts, 3 to 8 timeline entries, all dated on or before ``today``, and its
    valuation figures with three scenarios (Conservative, Expected, Aggressive). Most cases have their
    intake interview (some still drafts at intake) and, from treatment on, follow-up interviews.
    Cases open and close on weekdays; timeline entries happen on weekdays between 8:00 and 18:00 US
    Central time (:data:`OFFICE_TIME_ZONE`).

    Args:
        case_file: An open case file holding no records at all, so demo data never mixes with real data.
        today: The date the demo is built "as of"; with ``seed`` it fixes the whole content.
        cases: How many cases to generate.
        seed: Seed of the random generator.
        progress: Called as ``progress(done, total)`` with cases written so far.
        files_for: How many cases also get their providers' records as PDF files.

    Raises:
        ValidationError: ``cases`` is out of range.
        CaseFileError: The case file already holds records; it is left unchanged.
    """
    _check_case_count(cases)
    report = progress or _ignore_progress
    valuations = DemoValuations(random.Random(f"valuation-{seed}"), fault_rules())
    calendars = DemoCalendars(
        random.Random(f"calendar-{seed}"), today, limitation_periods(), OFFICE_TIME_ZONE
    )
    interviews = DemoInterviews(
        random.Random(f"interviews-{seed}"), today, questionnaires(), OFFICE_TIME_ZONE
    )
    medical = functools.partial(_demo_medical, random.Random(f"medical-{seed}"), today, files_for)
    finances = DemoFinances(random.Random(f"finances-{seed}"), today)
    builder = _DemoBuilder(
        random.Random(seed), today, jurisdictions(), valuations, calendars, interviews, medical, finances
    )
    with case_file.session() as session:
        existing = bulk.count_records(session)
        if not existing.is_empty:
            raise _not_empty(case_file.name, existing)
        # The file holds no records, so every id is free: the builder numbers records from 1.
        plans = builder.plan_cases(cases)
        builder.people.make_contact_book(cases)
        report(0, cases)
        record_files: list[RecordFile] = []
        for start in range(0, cases, CHUNK_CASES):
            batch = builder.build(plans[start : start + CHUNK_CASES])
            bulk.insert_contacts(session, batch.contacts)
            bulk.insert_clients(session, batch.clients)
            bulk.insert_cases(session, batch.cases)
            bulk.insert_case_contacts(session, batch.links)
            bulk.insert_activities(session, batch.activities)
            bulk.insert_valuation_inputs(session, batch.valuation_inputs)
            bulk.insert_scenarios(session, batch.scenarios)
            bulk.insert_events(session, batch.calendar.events)
            bulk.insert_tasks(session, batch.calendar.tasks)
            bulk.insert_dismissed_reminders(session, batch.calendar.dismissed)
            bulk.insert_interviews(session, batch.interviews)
            medical_records = batch.medical
            bulk.insert_medical_records(
                session,
                medical_records.providers,
                medical_records.requests,
                medical_records.entries,
                medical_records.bills,
                medical_records.liens,
            )
            record_files.extend(medical_records.files)
            insert_finances(
                session,
                expenses=batch.finances.expenses,
                wages=batch.finances.wages,
                recoveries=batch.finances.recoveries,
                statements=batch.finances.statements,
                holdbacks=batch.finances.holdbacks,
            )
            report(min(start + CHUNK_CASES, cases), cases)
        reset_sequences(session.connection())  # on a firm database, later inserts number after these
    _import_record_files(case_file, record_files, today)
    add_record_fees(case_file, sorted({record_file.case_id for record_file in record_files}), today)
    moment = datetime.combine(_last_weekday(today), time(10), tzinfo=OFFICE_TIME_ZONE)
    close_out_statements(case_file, moment)
    add_demo_insurance(case_file, seed=seed, moment=moment, rules=fault_rules())
    add_demo_trial(case_file, seed=seed, moment=moment)
    FirmService(case_file).save(DEMO_FIRM)
    with case_file.session() as session:
        written = bulk.count_records(session)  # closing out logged its disbursements on the timeline
    return DemoSummary(
        path=case_file.location if case_file.firm_mode else case_file.path,
        cases=written.cases,
        clients=written.clients,
        contacts=written.contacts,
        case_contacts=written.case_contacts,
        activities=written.activities,
        events=written.events,
        tasks=written.tasks,
        interviews=written.interviews,
    )


def _import_record_files(case_file: CaseFile, files: Sequence[RecordFile], today: date) -> None:
    """Write the providers' records as PDFs, import them as a user would, and cite them in the index."""
    if not files:
        return
    from casedesk.exports.record_pdf import write_record_pdf
    from casedesk.services.documents import DocumentService

    moment = datetime.combine(today, time(9), tzinfo=OFFICE_TIME_ZONE)
    documents = DocumentService(case_file, lambda: moment)
    by_case: dict[int, list[RecordFile]] = {}
    for record_file in files:
        by_case.setdefault(record_file.case_id, []).append(record_file)
    with tempfile.TemporaryDirectory(prefix="casedesk-demo-") as folder:
        for case_id, case_files in by_case.items():  # one import per case, as a user would drop them
            paths = [Path(folder, record_file.file_name) for record_file in case_files]
            for path, record_file in zip(paths, case_files, strict=True):
                write_record_pdf(path, record_file.letterhead, record_file.pages, author="casedesk demo")
            outcomes = documents.import_files(case_id, paths)
            for outcome, record_file in zip(outcomes, case_files, strict=True):
                document = outcome.document
                if document is None or document.id is None:
                    raise CaseFileError(f"The demo's records file {outcome.path.name} was not imported.")
                documents.set_provider(document.id, record_file.provider_id)
                documents.rename(document.id, f"{record_file.letterhead.name} records")
                with case_file.session() as session:
                    bulk.cite_document(session, document.id, record_file.entry_ids, record_file.bill_ids)


def _last_weekday(day: date) -> date:
    """``day``, or the Friday before it when it falls on a weekend (the office's working day)."""
    while day.weekday() >= 5:
        day -= timedelta(days=1)
    return day


def _demo_medical(rng: random.Random, today: date, files_for: int, people: DemoPeople) -> DemoMedical:
    return DemoMedical(rng, today, people.book, files_for)


def _ignore_progress(done: int, total: int) -> None:
    """Progress callback used when the caller gives none."""


def _check_case_count(cases: int) -> None:
    if not 1 <= cases <= MAX_CASES:
        raise ValidationError({"cases": f"A demo has between 1 and {MAX_CASES:,} cases, not {cases:,}."})


def _not_empty(name: str, counts: bulk.RecordCounts) -> CaseFileError:
    return CaseFileError(
        f"{name} already holds {counts.cases:,} cases, {counts.clients:,} clients and "
        f"{counts.contacts:,} contacts; demo data is only written into a new, empty case file.",
        "Choose a file name that does not exist yet. The file has not been changed.",
    )


# --- how the demo is mixed ------------------------------------------------------------------------

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
#: Timeline entries fall in office hours on weekdays in US Central time, as a fixed offset (standard
#: time) so the demo needs no time-zone database; the store keeps the moments in UTC.
OFFICE_TIME_ZONE = timezone(timedelta(hours=-6))
#: The intake interview opens the firm's day; other entries come later, before the office closes.
_INTAKE_AT = time(8, 30)
_ENTRIES_FROM, _OFFICE_CLOSES = 9 * 60, 18 * 60  # minutes after midnight
_PRE_SUIT = (CaseStatus.INTAKE, CaseStatus.TREATING, CaseStatus.DEMAND, CaseStatus.NEGOTIATION)
_SHARE_LITIGATED_BEFORE_SETTLING = 0.3


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
    valuation_inputs: list[ValuationInputs] = field(default_factory=list)
    scenarios: list[Scenario] = field(default_factory=list)
    calendar: CalendarBatch = field(default_factory=CalendarBatch)
    interviews: list[Interview] = field(default_factory=list)
    medical: MedicalBatch = field(default_factory=MedicalBatch)
    finances: FinanceBatch = field(default_factory=FinanceBatch)


def _spread(rng: random.Random, weights: dict[_T, int], count: int) -> list[_T]:
    """``count`` values drawn by weight, each value at least once when ``count`` allows."""
    values = list(weights)
    extra = rng.choices(values, weights=list(weights.values()), k=max(0, count - len(values)))
    picked = values + extra
    rng.shuffle(picked)
    return picked[:count]


class _DemoBuilder:
    """Draws every demo record from one random generator, in a fixed order.

    Attributes:
        people: Draws the clients and contacts, and keeps the contacts book the cases share.
    """

    def __init__(
        self,
        rng: random.Random,
        today: date,
        places: Sequence[Jurisdiction],
        valuations: DemoValuations,
        calendars: DemoCalendars,
        interviews: DemoInterviews,
        medical: Callable[[DemoPeople], DemoMedical],
        finances: DemoFinances,
    ) -> None:
        self._rng = rng
        self._today = today
        self.people = DemoPeople(rng, places)
        self._valuations = valuations
        self._calendars = calendars
        self._interviews = interviews
        self._medical = medical(self.people)
        self._finances = finances

    # --- plans ---

    def plan_cases(self, count: int) -> list[_CasePlan]:
        """Status, type, place and opened date of every case, numbered in opened order."""
        rng = self._rng
        statuses = _spread(rng, _STATUS_WEIGHTS, count)
        types = _spread(rng, _TYPE_WEIGHTS, count)
        plans = [
            _CasePlan(status, case_type, self.people.jurisdiction(), self._opened_on(*_OPENED_AGO[status]))
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

    def _opened_on(self, least: int, most: int) -> date:
        """A weekday between ``most`` and ``least`` days before today."""
        return self._weekday_from(self._today - timedelta(days=most), self._today - timedelta(days=least))

    def _weekday_from(self, earliest: date, latest: date) -> date:
        """A weekday drawn evenly from ``earliest`` to ``latest`` (each moved back to a Friday if need be)."""
        first, last = (_weekday_number(_weekday_on_or_before(day)) for day in (earliest, latest))
        return _nth_weekday(self._rng.randint(first, last))

    # --- cases ---

    def build(self, plans: Sequence[_CasePlan]) -> _Batch:
        """Clients, cases, contact links and timelines for these cases (and contacts made on the way)."""
        batch = _Batch()
        for plan in plans:
            self._build_case(plan, batch)
        batch.contacts, batch.clients = self.people.take_new()
        return batch

    def _build_case(self, plan: _CasePlan, batch: _Batch) -> None:
        rng = self._rng
        client = self.people.client(plan.jurisdiction, plan.opened_on)
        litigated = plan.status in (CaseStatus.LITIGATION, CaseStatus.TRIAL) or (
            plan.status in (CaseStatus.SETTLED, CaseStatus.CLOSED)
            and rng.random() < _SHARE_LITIGATED_BEFORE_SETTLING
        )
        claim = f"{plan.opened_on:%y}-{rng.randint(1_000_000, 9_999_999)}-BI"
        links = self._links(plan, litigated, claim)
        defendant, defendant_short = self.people.defendant(plan.case_type)
        incident = self._incident_date(plan)
        context, figures = self._context(client, links, defendant, claim)
        context |= {
            "place": self.people.incident_place(plan.case_type, plan.jurisdiction, defendant),
            "date": long_date(incident) if incident else "a date still to be confirmed",
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
        inputs, scenarios = self._valuations.draw(case, figures)
        batch.valuation_inputs.append(inputs)
        batch.scenarios.extend(scenarios)
        self._calendars.draw(case, client, links, batch.calendar)
        self._interviews.draw(case, client, links, batch.interviews)
        self._medical.draw(case, client, links, batch.medical)
        self._finances.draw(case, links, figures, inputs, batch.medical, batch.finances)
        if case.status is not CaseStatus.CLOSED:
            self._calendars.add_follow_ups(self._medical.follow_ups(case, batch.medical), batch.calendar)

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
        earliest = plan.opened_on + timedelta(days=min(120, (self._today - plan.opened_on).days))
        return self._weekday_from(earliest, self._today)  # never before the opened date, a weekday

    def _next_action(self, status: CaseStatus) -> tuple[str, date | None]:
        """What is next on an open case: a fifth overdue, a few due today, the rest coming up."""
        actions = text.NEXT_ACTIONS.get(status)
        if not actions:
            return "", None
        rng = self._rng
        roll = rng.random()
        offset = -rng.randint(1, 30) if roll < 0.2 else 0 if roll < 0.25 else rng.randint(1, 60)
        return rng.choice(actions), self._today + timedelta(days=offset)

    def _facts(self, case_type: CaseType, context: dict[str, str]) -> str:
        rng = self._rng
        sentences = [
            rng.choice(text.WHAT_HAPPENED[case_type]).format_map(context),
            f"{context['first']} was treated for {rng.choice(text.INJURIES[case_type])} "
            f"{'by' if context['provider'].startswith('Dr. ') else 'at'} {context['provider']} "
            f"and {rng.choice(text.TREATMENT_COURSES)}.",
        ]
        if rng.random() < 0.6:
            sentences.append(rng.choice(text.FACT_NOTES).format(weeks=rng.randint(2, 16)))
        return " ".join(sentences)

    def _links(self, plan: _CasePlan, litigated: bool, claim: str) -> list[CaseContact]:
        """2 to 5 contacts on the case: always an adjuster and a provider, others as the case calls for."""
        rng = self._rng
        book = self.people.book
        adjuster = rng.choice(book[ContactRole.ADJUSTER])
        chosen = [(adjuster, ContactRole.ADJUSTER, f"Claim {claim}")]
        for provider in rng.sample(book[ContactRole.MEDICAL_PROVIDER], rng.choice((1, 1, 2))):
            chosen.append((provider, ContactRole.MEDICAL_PROVIDER, provider.notes or "Treating provider"))
        if litigated or (plan.status is CaseStatus.NEGOTIATION and rng.random() < 0.2):
            chosen.append((rng.choice(book[ContactRole.OPPOSING_COUNSEL]), ContactRole.OPPOSING_COUNSEL, ""))
        if litigated:
            cause = f"Cause no. {plan.opened_on.year + 1}-CV-{rng.randint(100, 99_999):05d}"
            chosen.append((self.people.court(plan.jurisdiction), ContactRole.COURT, cause))
        if plan.case_type is CaseType.WORKPLACE or rng.random() < 0.15:
            employer = rng.choice(book[ContactRole.EMPLOYER])
            chosen.append((employer, ContactRole.EMPLOYER, "Client's employer; wage-loss verification"))
        if rng.random() < 0.2:
            chosen.append((self.people.witness(plan.jurisdiction), ContactRole.WITNESS, ""))
        insurers = [c for c in book[ContactRole.INSURER] if c.name == adjuster.organization]
        if insurers and rng.random() < 0.15:
            chosen.append((insurers[0], ContactRole.INSURER, "Liability carrier"))
        return [
            CaseContact(case_id=plan.id, contact=contact, role=role, note=note)
            for contact, role, note in chosen[:5]
        ]

    def _context(
        self, client: Client, links: Sequence[CaseContact], defendant: str, claim: str
    ) -> tuple[dict[str, str], CaseFigures]:
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
        figures = CaseFigures(specials=Money.of(specials), settlement=Money.of(settlement))
        context = {
            "first": first,
            "client": client.name,
            "defendant": defendant,
            "attorney": rng.choices(list(text.ATTORNEYS), weights=list(text.ATTORNEYS.values()))[0],
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
        return context, figures

    def _timeline(self, case: Case, stages: Sequence[CaseStatus], context: dict[str, str]) -> list[Activity]:
        """3 to 8 entries on weekdays from the day the case was opened to yesterday (or its closing day)."""
        rng = self._rng
        first = _weekday_number(case.opened_on)
        end = case.closed_on or self._today
        span = max(0, _weekday_number(_weekday_on_or_before(end - timedelta(days=1))) - first)
        count = rng.randint(3, 4) if case.status is CaseStatus.INTAKE else rng.randint(3, 8)
        entries = [(case.opened_on, text.INTAKE_INTERVIEW)]
        middle = count - 2 if case.closed_on else count - 1
        for offset in sorted(rng.randint(0, span) for _ in range(middle)):
            stage = stages[min(len(stages) - 1, len(stages) * offset // (span + 1))]
            pool = text.BY_STAGE[stage] if rng.random() < 0.7 else text.ANY_TIME
            entries.append((_nth_weekday(first + offset), rng.choice(pool)))
        if case.closed_on:
            entries.append((case.closed_on, text.CLOSING_LETTER))
        return [self._activity(_saved_id(case.id), day, entry, context) for day, entry in entries]

    def _activity(self, case_id: int, day: date, entry: text.Entry, context: dict[str, str]) -> Activity:
        rng = self._rng
        values = context | {key: rng.choice(options) for key, options in text.FILL_INS.items()}
        values |= {"pages": str(rng.randint(12, 480)), "visits": str(rng.randint(4, 36))}
        if entry is text.INTAKE_INTERVIEW:
            moment = _INTAKE_AT
        else:
            moment = time(*divmod(rng.randrange(_ENTRIES_FROM, _OFFICE_CLOSES), 60))
        return Activity(
            case_id=case_id,
            kind=entry.kind,
            occurred_at=datetime.combine(day, moment, tzinfo=OFFICE_TIME_ZONE),
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


def _weekday_on_or_before(day: date) -> date:
    """``day`` itself on a weekday, else the Friday before it."""
    return day - timedelta(days=max(0, day.weekday() - 4))


def _weekday_number(day: date) -> int:
    """How many weekdays came before ``day`` (a weekday), counting from Monday 1 January of year 1."""
    week, weekday = divmod(day.toordinal() - 1, 7)
    return week * 5 + weekday


def _nth_weekday(number: int) -> date:
    """The weekday with this :func:`_weekday_number`."""
    week, weekday = divmod(number, 5)
    return date.fromordinal(week * 7 + weekday + 1)


def _saved_id(value: int | None) -> int:
    assert value is not None  # the builder gives every record its id before it is used
    return value
