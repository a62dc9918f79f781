"""The demo's medical records agree with their cases: providers, visits, bills, liens and requests."""

from __future__ import annotations

import itertools
from collections import defaultdict
from datetime import date, timedelta
from pathlib import Path

import pytest
from sqlalchemy import select

from casedesk.domain.bills import LienStatus
from casedesk.domain.documents import stored_name
from casedesk.domain.money import Money
from casedesk.domain.providers import RequestStatus
from casedesk.services.demo import create_demo
from casedesk.store.bills import BillRow, LienRow
from casedesk.store.calendar import EventRow
from casedesk.store.casefile import CaseFile, open_case_file
from casedesk.store.cases import CaseRow
from casedesk.store.documents import DocumentRow
from casedesk.store.providers import CaseProviderRow, RecordRequestRow
from casedesk.store.records import RecordEntryRow
from casedesk.store.search import document_page_text

TODAY = date(2026, 11, 21)


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> CaseFile:
    path = Path(tmp_path_factory.mktemp("demo")) / "demo.sqlite"
    create_demo(path, today=TODAY, cases=60, seed=3)
    return open_case_file(path)


def test_every_record_belongs_to_a_provider_on_its_own_case(demo: CaseFile) -> None:
    with demo.session() as session:
        providers = {row.id: row.case_id for row in session.scalars(select(CaseProviderRow))}
        entries = list(session.scalars(select(RecordEntryRow)))
        bills = list(session.scalars(select(BillRow)))
        requests = list(session.scalars(select(RecordRequestRow)))
    assert len(entries) > 200 and len(bills) == len(entries) and requests
    for record in [*entries, *bills, *requests]:
        assert providers[record.provider_id] == record.case_id


def test_visits_fall_between_the_incident_and_today(demo: CaseFile) -> None:
    with demo.session() as session:
        incidents = {row.id: row.incident_date for row in session.scalars(select(CaseRow))}
        for entry in session.scalars(select(RecordEntryRow)):
            assert incidents[entry.case_id] is not None
            assert incidents[entry.case_id] <= entry.service_from <= TODAY
            assert entry.service_to is None or entry.service_from < entry.service_to <= TODAY


def test_some_cases_have_a_gap_in_treatment_a_chronology_must_flag(demo: CaseFile) -> None:
    visits: dict[int, list[tuple[date, date]]] = defaultdict(list)
    with demo.session() as session:
        for entry in session.scalars(select(RecordEntryRow).order_by(RecordEntryRow.service_from)):
            visits[entry.case_id].append((entry.service_from, entry.service_to or entry.service_from))
    gaps = [
        case_id
        for case_id, spans in visits.items()
        if any(later[0] - earlier[1] > timedelta(days=40) for earlier, later in itertools.pairwise(spans))
    ]
    assert 0 < len(gaps) < len(visits)


def test_bills_never_pay_more_than_was_billed(demo: CaseFile) -> None:
    with demo.session() as session:
        for bill in session.scalars(select(BillRow)):
            paid = bill.adjustment + bill.health_paid + bill.pip_paid + bill.client_paid
            assert Money.zero() < bill.billed
            assert paid <= bill.billed


def test_final_liens_are_the_asserted_amount_less_the_reduction(demo: CaseFile) -> None:
    with demo.session() as session:
        liens = list(session.scalars(select(LienRow)))
    assert liens
    for lien in liens:
        if lien.status in (LienStatus.FINAL, LienStatus.PAID):
            assert lien.final == lien.asserted - lien.reduction
        else:
            assert lien.final is None


def test_requests_follow_up_on_the_thirty_day_clock_and_only_active_cases_wait(demo: CaseFile) -> None:
    with demo.session() as session:
        statuses = {row.id: row.status for row in session.scalars(select(CaseRow))}
        requests = list(session.scalars(select(RecordRequestRow)))
    for request in requests:
        assert request.follow_up_on == request.sent_on + timedelta(days=30)
        if request.status == RequestStatus.REQUESTED and request.sent_on < TODAY - timedelta(days=21):
            assert statuses[request.case_id] in ("intake", "treating", "demand", "negotiation")
    assert any(r.status == RequestStatus.REQUESTED and r.follow_up_on < TODAY for r in requests)


def test_the_same_seed_gives_the_same_records(tmp_path: Path) -> None:
    def entries(path: Path) -> list[tuple[object, ...]]:
        create_demo(path, today=TODAY, cases=15, seed=9)
        case_file = open_case_file(path)
        try:
            with case_file.session() as session:
                rows = session.scalars(select(RecordEntryRow).order_by(RecordEntryRow.id))
                return [(r.case_id, r.service_from, r.summary, r.page_from) for r in rows]
        finally:
            case_file.close()

    assert entries(tmp_path / "a.sqlite") == entries(tmp_path / "b.sqlite")


def test_requests_of_open_cases_have_their_follow_up_on_the_calendar(demo: CaseFile) -> None:
    with demo.session() as session:
        closed = {row.id for row in session.scalars(select(CaseRow).where(CaseRow.status == "closed"))}
        requests = {
            f"record-request-{row.id}@casedesk": row
            for row in session.scalars(select(RecordRequestRow))
            if row.case_id not in closed
        }
        events = {
            row.uid: row for row in session.scalars(select(EventRow).where(EventRow.origin == "request"))
        }
    assert requests and events.keys() == requests.keys()
    for uid, event in events.items():
        request = requests[uid]
        assert event.day == request.follow_up_on
        assert (event.done_on is None) == (request.status == RequestStatus.REQUESTED)


def test_a_few_cases_have_their_records_as_imported_pdfs_cited_by_page(demo: CaseFile) -> None:
    """The pages an entry cites show its date of service; a bill's page is the itemized statement."""
    with demo.session() as session:
        documents = {row.id: row for row in session.scalars(select(DocumentRow))}
        cited = list(session.scalars(select(RecordEntryRow).where(RecordEntryRow.document_id.is_not(None))))
        bills = list(session.scalars(select(BillRow).where(BillRow.document_id.is_not(None))))
        assert 0 < len({d.case_id for d in documents.values()}) <= 6 and cited and bills
        for entry in cited:
            document = documents[entry.document_id or 0]
            assert document.case_id == entry.case_id and document.provider_id == entry.provider_id
            assert entry.page_from is not None and entry.page_to is not None
            assert entry.page_to <= document.page_count
            text = document_page_text(session, document.id, entry.page_from)
            assert f"{entry.service_from:%m/%d/%Y}" in text
        for bill in bills:
            assert "Itemized Statement" in document_page_text(session, bill.document_id or 0, bill.page or 0)
    for document in documents.values():
        assert (demo.documents_dir / stored_name(document.sha256)).is_file()
