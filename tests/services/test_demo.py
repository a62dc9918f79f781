"""The demo case file: fictional, deterministic, complete, and never mixed into real data."""

from __future__ import annotations

import os
import re
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from datetime import date, time, timedelta, timezone
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy.orm import Session

from casedesk.domain.activity import Activity, ActivityKind
from casedesk.domain.cases import Case, CaseQuery, CaseStatus, CaseType, Client
from casedesk.domain.contacts import Contact
from casedesk.domain.errors import CaseFileError, ValidationError
from casedesk.domain.money import Money
from casedesk.domain.scenarios import ONE_THIRD, CaseValuation, Outcome, validate_inputs
from casedesk.domain.settlement import FeeBasis
from casedesk.domain.valuation import MedicalBasis, ValuationMethod
from casedesk.services import demo
from casedesk.services.casefiles import Services, open_services
from casedesk.services.cases import CaseOverview
from casedesk.services.demo import MAX_CASES, create_demo
from casedesk.store import bulk
from tests.conftest import TODAY, fixed_clock

#: US Central standard time, the demo firm's office hours' time zone.
CENTRAL = timezone(timedelta(hours=-6))
FICTIONAL_PHONE = re.compile(r"^\(\d{3}\) 555-01\d\d$")
CASE_NUMBER = re.compile(r"^PI-(\d{4})-\d{5}$")


def _everything(path: Path) -> list[tuple[Any, ...]]:
    """Every case of a case file with its client, contacts, timeline and valuation, in case-number order."""
    services = open_services(path, clock=fixed_clock)
    try:
        return [
            (
                *_overview_parts(services.cases.overview(summary.id)),
                tuple(services.timeline.entries(summary.id)),
                _valuation_parts(services.valuation.case_valuation(summary.id)),
            )
            for summary in services.cases.list_cases(CaseQuery())
        ]
    finally:
        services.close()


def _overview_parts(overview: CaseOverview) -> tuple[Any, ...]:
    return overview.case, overview.client, overview.contacts


def _valuation_parts(valuation: CaseValuation) -> tuple[Any, ...]:
    return valuation.inputs, valuation.scenarios


@pytest.fixture(scope="module")
def demo_services(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Services]:
    """A 60-case demo built as of the tests' TODAY, opened with the tests' clock."""
    path = tmp_path_factory.mktemp("demo") / "demo.sqlite"
    create_demo(path, today=TODAY, cases=60, seed=3)
    opened = open_services(path, clock=fixed_clock)
    yield opened
    opened.close()


@pytest.fixture(scope="module")
def valuations(demo_services: Services) -> list[tuple[CaseValuation, list[Outcome]]]:
    """Every demo case's valuation with its scenarios evaluated."""
    found = []
    for summary in demo_services.cases.list_cases(CaseQuery()):
        valuation = demo_services.valuation.case_valuation(summary.id)
        found.append((valuation, demo_services.valuation.outcomes(valuation)))
    return found


@pytest.fixture(scope="module")
def overviews(demo_services: Services) -> list[CaseOverview]:
    """The overview of every demo case."""
    return [demo_services.cases.overview(s.id) for s in demo_services.cases.list_cases(CaseQuery())]


def test_same_seed_and_date_give_the_same_case_file(tmp_path: Path) -> None:
    """Two demos with one seed and one date hold identical cases, clients, contacts and timelines."""
    create_demo(tmp_path / "a.sqlite", today=TODAY, cases=25, seed=11)
    create_demo(tmp_path / "b.sqlite", today=TODAY, cases=25, seed=11)
    assert _everything(tmp_path / "a.sqlite") == _everything(tmp_path / "b.sqlite")


@pytest.mark.parametrize(("seed", "days_later"), [(12, 0), (11, 1)])
def test_another_seed_or_date_gives_other_data(tmp_path: Path, seed: int, days_later: int) -> None:
    """Changing the seed or the as-of date changes what is generated."""
    create_demo(tmp_path / "a.sqlite", today=TODAY, cases=25, seed=11)
    create_demo(tmp_path / "b.sqlite", today=TODAY + timedelta(days=days_later), cases=25, seed=seed)
    assert _everything(tmp_path / "a.sqlite") != _everything(tmp_path / "b.sqlite")


def test_chunk_size_does_not_change_the_data(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Writing in small chunks gives the same case file as writing in one go."""
    create_demo(tmp_path / "whole.sqlite", today=TODAY, cases=25, seed=4)
    monkeypatch.setattr(demo, "CHUNK_CASES", 7)
    create_demo(tmp_path / "chunked.sqlite", today=TODAY, cases=25, seed=4)
    assert _everything(tmp_path / "whole.sqlite") == _everything(tmp_path / "chunked.sqlite")


def test_progress_is_reported_per_chunk_up_to_the_total(
    db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The progress callback hears 0 first, then each chunk, ending exactly at the total."""
    monkeypatch.setattr(demo, "CHUNK_CASES", 10)
    calls: list[tuple[int, int]] = []
    create_demo(
        db_path, today=TODAY, cases=25, seed=1, progress=lambda done, total: calls.append((done, total))
    )
    assert calls == [(0, 25), (10, 25), (20, 25), (25, 25)]


@pytest.mark.parametrize("cases", [8, 60])
def test_every_status_and_case_type_occurs(tmp_path: Path, cases: int) -> None:
    """From eight cases up, the demo shows every status and every case type."""
    create_demo(tmp_path / "demo.sqlite", today=TODAY, cases=cases, seed=5)
    found = [row[0] for row in _everything(tmp_path / "demo.sqlite")]
    assert {case.status for case in found} == set(CaseStatus)
    assert len({case.case_type for case in found}) == min(cases, len(CaseType))


def test_summary_counts_what_was_written(db_path: Path) -> None:
    """The returned summary matches what the case file holds."""
    summary = create_demo(db_path, today=TODAY, cases=30, seed=2)
    rows = _everything(db_path)
    assert summary.path == db_path
    assert summary.cases == len(rows) == 30
    assert summary.clients == len({case.client_id for case, *_ in rows})
    assert summary.case_contacts == sum(len(contacts) for _, _, contacts, *_ in rows)
    assert summary.activities == sum(len(timeline) for *_, timeline, _ in rows)


def test_status_mix_is_realistic(tmp_path: Path) -> None:
    """Most cases are treating, in demand or negotiating; trials are rare; Texas leads the states."""
    create_demo(tmp_path / "demo.sqlite", today=TODAY, cases=300, seed=1)
    services = open_services(tmp_path / "demo.sqlite", clock=fixed_clock)
    try:
        summaries = services.cases.list_cases(CaseQuery())
    finally:
        services.close()
    statuses = Counter(s.status for s in summaries)
    middle = statuses[CaseStatus.TREATING] + statuses[CaseStatus.DEMAND] + statuses[CaseStatus.NEGOTIATION]
    assert middle > len(summaries) * 0.4
    assert statuses[CaseStatus.TRIAL] == min(statuses.values())
    assert Counter(s.jurisdiction for s in summaries).most_common(1)[0][0] == "TX"


def test_every_case_has_a_client_contacts_and_a_timeline(
    demo_services: Services, overviews: list[CaseOverview]
) -> None:
    """Each case has its client, 2 to 5 linked contacts and 3 to 8 timeline entries of its story.

    A settled case whose statement the demo closed out also has the entries finalizing and paying it out
    wrote (one per disbursement). A case prepared for trial also has its witnesses linked, their served
    subpoenas and its production of documents on the timeline.
    """
    for overview in overviews:
        assert overview.client.id == overview.case.client_id
        witnesses = demo_services.witnesses.witnesses(overview.case.id or 0)
        assert 2 <= len(overview.contacts) <= 5 + len(witnesses)
        entries = demo_services.timeline.entries(overview.case.id or 0)
        closing_out = [entry for entry in entries if _written_by_closing_out(entry)]
        added = [e for e in entries if _written_by_closing_out(e) or _written_by_trial_preparation(e)]
        story = [entry for entry in entries if entry not in added]
        assert 3 <= len(story) <= 8
        if closing_out:
            assert overview.case.status is CaseStatus.SETTLED
            assert demo_services.settlement.statement(overview.case.id or 0).is_final


def _written_by_closing_out(entry: Activity) -> bool:
    """Whether the demo's closing out of a settlement wrote this entry (finalizing, a disbursement)."""
    return entry.subject.startswith(("Settlement statement finalized", "Disbursed "))


def _written_by_trial_preparation(entry: Activity) -> bool:
    """Whether the demo's trial preparation wrote this entry (a served subpoena, a production)."""
    return entry.subject.startswith(("Subpoena served: ", "Produced "))


def test_timeline_moments_are_utc_and_within_the_case(
    demo_services: Services, overviews: list[CaseOverview]
) -> None:
    """Entries carry a UTC time zone and fall between the opened date and the closed date or today."""
    for overview in overviews:
        case = overview.case
        for entry in demo_services.timeline.entries(case.id or 0):
            assert entry.occurred_at.utcoffset() == timedelta(0)
            assert case.opened_on <= entry.occurred_at.date() <= (case.closed_on or TODAY)


@pytest.mark.parametrize(
    "today",
    [TODAY, TODAY + timedelta(days=1), TODAY + timedelta(days=2)],
    ids=["Saturday", "Sunday", "Monday"],
)
def test_timeline_entries_fall_on_weekdays_in_office_hours_central_time(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, today: date
) -> None:
    """Every generated entry is timezone-aware, on a weekday, between 8:00 and 18:00 US Central time."""
    generated: list[Activity] = []
    insert_activities = bulk.insert_activities

    def capture(session: Session, activities: Sequence[Activity]) -> None:
        generated.extend(activities)
        insert_activities(session, activities)

    monkeypatch.setattr(bulk, "insert_activities", capture)
    create_demo(tmp_path / "demo.sqlite", today=today, cases=200, seed=6)
    stored = [entry for *_, timeline, _ in _everything(tmp_path / "demo.sqlite") for entry in timeline]
    closing_out = [entry for entry in stored if _written_by_closing_out(entry)]
    produced = [entry for entry in stored if entry.subject.startswith("Produced ")]  # by the Bates service
    assert len(stored) == len(generated) + len(closing_out) + len(produced) > 0
    for moment in [entry.occurred_at for entry in generated + stored]:
        assert moment.utcoffset() is not None
        local = moment.astimezone(CENTRAL)
        assert local.weekday() < 5, local
        assert time(8) <= local.time() < time(18), local


def test_cases_open_and_close_on_weekdays(overviews: list[CaseOverview]) -> None:
    """The firm opens and closes files on working days, even when the demo is built on a weekend."""
    assert TODAY.weekday() >= 5
    for case in (overview.case for overview in overviews):
        assert case.opened_on.weekday() < 5
        assert case.closed_on is None or case.closed_on.weekday() < 5


def test_demo_data_passes_the_apps_own_validation(
    demo_services: Services, overviews: list[CaseOverview]
) -> None:
    """Every generated client, case, contact and entry could have been typed into the app's forms."""
    for overview in overviews:
        assert demo_services.cases.case_errors(overview.case) == {}
        assert demo_services.cases.client_errors(overview.client) == {}
        for link in overview.contacts:
            assert demo_services.contacts.errors(link.contact) == {}
        for entry in demo_services.timeline.entries(overview.case.id or 0):
            assert demo_services.timeline.errors(entry) == {}


def test_case_numbers_are_unique_and_dated_by_opening(overviews: list[CaseOverview]) -> None:
    """Case numbers look like PI-2024-00123, never repeat, and carry the year the case was opened."""
    numbers = [overview.case.number for overview in overviews]
    assert len(set(numbers)) == len(numbers)
    for overview in overviews:
        match = CASE_NUMBER.match(overview.case.number)
        assert match is not None
        assert int(match.group(1)) == overview.case.opened_on.year


def test_incidents_come_before_the_case_was_opened(overviews: list[CaseOverview]) -> None:
    """Incidents happened before the case was opened, within about five years of today."""
    for overview in overviews:
        incident = overview.case.incident_date
        if incident is not None:
            assert TODAY - timedelta(days=5 * 366) <= incident < overview.case.opened_on


def test_open_cases_have_a_next_action_and_closed_cases_a_closed_date(overviews: list[CaseOverview]) -> None:
    """Closed cases have a closed date and nothing next; open ones have a dated next action, some overdue."""
    open_cases: list[Case] = []
    for case in (overview.case for overview in overviews):
        if case.status is CaseStatus.CLOSED:
            assert case.closed_on is not None
            assert (case.next_action, case.next_action_on) == ("", None)
        else:
            assert case.closed_on is None
            assert case.next_action and case.next_action_on is not None
            open_cases.append(case)
    due_dates = [case.next_action_on for case in open_cases if case.next_action_on is not None]
    assert min(due_dates) < TODAY < max(due_dates)


def test_contact_details_are_fictional(overviews: list[CaseOverview]) -> None:
    """Phones are 555-01xx numbers and emails are at example.com, for clients and contacts alike."""
    records: list[Client | Contact] = [overview.client for overview in overviews]
    records += [link.contact for overview in overviews for link in overview.contacts]
    for record in records:
        assert FICTIONAL_PHONE.match(record.phone), record.phone
        assert record.email == "" or record.email.endswith("@example.com"), record.email


def test_contacts_are_reused_across_cases(overviews: list[CaseOverview]) -> None:
    """The contacts book is shared: some providers and adjusters appear on several cases."""
    uses = Counter(link.contact.id for overview in overviews for link in overview.contacts)
    assert max(uses.values()) > 1


def test_some_clients_prefer_another_language(overviews: list[CaseOverview]) -> None:
    """Not every client prefers English."""
    assert {overview.client.language for overview in overviews} - {"English"}


def _add_case(services: Services, make_case: Callable[..., Case]) -> None:
    make_case()


def _add_contact(services: Services, make_case: Callable[..., Case]) -> None:
    services.contacts.create(Contact(name="Riverbend Physical Therapy", is_organization=True))


@pytest.mark.parametrize("fill", [_add_case, _add_contact], ids=["a case", "only a contact"])
def test_refuses_a_case_file_that_holds_data_and_leaves_it_unchanged(
    services: Services,
    make_case: Callable[..., Case],
    case_target: Path | str,
    fill: Callable[[Services, Callable[..., Case]], None],
) -> None:
    """A demo is never written into a case file (or firm database) that already holds anything."""
    fill(services, make_case)
    before = (services.cases.list_cases(CaseQuery()), services.contacts.find())
    with pytest.raises(CaseFileError, match="already holds") as refused:
        create_demo(case_target, today=TODAY, cases=20, seed=1, documents=_documents(case_target))
    assert "has not been changed" in refused.value.hint
    assert (services.cases.list_cases(CaseQuery()), services.contacts.find()) == before


def test_records_added_after_a_demo_get_new_ids(
    case_target: Path | str, open_case: Callable[..., Services]
) -> None:
    """What people add after a demo gets ids after the demo's own (the server's sequences moved past them)."""
    summary = create_demo(
        case_target, today=TODAY, cases=8, seed=1, files_for=1, documents=_documents(case_target)
    )
    services = open_case()
    try:
        before = services.cases.list_cases(CaseQuery())
        assert len(before) == summary.cases == 8
        client = services.cases.create_client(Client(name="Dana Whitfield"))
        contact = services.contacts.create(Contact(name="Lakeside Imaging", is_organization=True))
        entry = services.timeline.add(
            Activity(
                case_id=before[0].id,
                occurred_at=fixed_clock(),
                kind=ActivityKind.CALL,
                subject="Called the client after the demo",
            )
        )
        assert client.id is not None and client.id > summary.clients
        assert contact.id is not None and contact.id > summary.contacts
        assert entry.id is not None and entry.id > summary.activities
    finally:
        services.close()


def _documents(case_target: Path | str) -> Path | None:
    """The firm database's documents folder (the tests' environment names it); None for a file."""
    return Path(os.environ["CASEDESK_DOCUMENTS"]) if isinstance(case_target, str) else None


@pytest.mark.parametrize("cases", [0, -3, MAX_CASES + 1])
def test_rejects_a_case_count_out_of_range_without_creating_a_file(db_path: Path, cases: int) -> None:
    """An impossible number of cases is refused before any file is created."""
    with pytest.raises(ValidationError, match="between 1 and"):
        create_demo(db_path, today=TODAY, cases=cases, seed=1)
    assert not db_path.exists()


# --- valuations -------------------------------------------------------------------------------------


def test_every_case_has_three_scenarios_that_evaluate(
    valuations: list[tuple[CaseValuation, list[Outcome]]],
) -> None:
    """Conservative, Expected and Aggressive, in that order, each with a value and a settlement split."""
    assert len(valuations) == 60
    for valuation, outcomes in valuations:
        assert [s.name for s in valuation.scenarios] == ["Conservative", "Expected", "Aggressive"]
        for outcome in outcomes:
            assert outcome.errors == {}, (valuation.case.number, outcome.scenario.name)
            assert outcome.result is not None and outcome.result.value is not None
            assert outcome.result.value > Money.zero()
            assert outcome.result.settlement is not None
            assert (outcome.scenario.fee_rate, outcome.scenario.fee_basis) == (ONE_THIRD, FeeBasis.GROSS)


def test_scenarios_are_what_their_names_say(valuations: list[tuple[CaseValuation, list[Outcome]]]) -> None:
    """Conservative (formula, paid medical) ≤ Expected (billed × 3) ≤ Aggressive (per diem or × 4.5)."""
    aggressive_methods = set()
    for valuation, outcomes in valuations:
        conservative, expected, aggressive = valuation.scenarios
        assert conservative.method is ValuationMethod.FORMULA
        assert conservative.medical_basis is MedicalBasis.PAID
        assert conservative.severity in ("minor", "medium")
        assert (expected.method, expected.medical_basis, expected.multiplier) == (
            ValuationMethod.MULTIPLIER,
            MedicalBasis.BILLED,
            Decimal(3),
        )
        if aggressive.method is ValuationMethod.PER_DIEM:
            assert len(aggressive.phases) == 2
        else:
            assert aggressive.multiplier == Decimal("4.5")
        aggressive_methods.add(aggressive.method)
        low, middle, high = (outcome.result.value for outcome in outcomes if outcome.result)
        assert low is not None and middle is not None and high is not None
        assert low <= middle <= high
    assert aggressive_methods == {ValuationMethod.PER_DIEM, ValuationMethod.MULTIPLIER}
    assert any(valuation.scenarios[0].fault_percent > 0 for valuation, _ in valuations)


def test_valuation_figures_are_plausible(valuations: list[tuple[CaseValuation, list[Outcome]]]) -> None:
    """Valid figures; paid medical below billed; most cases know their coverage and some exceed it."""
    inputs = [valuation.inputs for valuation, _ in valuations]
    for figures in inputs:
        assert validate_inputs(figures) == {}
        assert Money.zero() < figures.medical_paid < figures.medical_billed
        assert figures.costs < figures.medical_paid
    assert sum(figures.coverage is not None for figures in inputs) > len(inputs) * 0.7
    assert any(figures.future_medical > Money.zero() for figures in inputs)
    assert any(figures.liens > Money.zero() for figures in inputs)
    exceeded = [o.result.exceeds_coverage for _, outcomes in valuations for o in outcomes if o.result]
    assert any(exceeded) and not all(exceeded)


def test_medical_specials_match_the_timeline(
    demo_services: Services, valuations: list[tuple[CaseValuation, list[Outcome]]]
) -> None:
    """Where the timeline states the medical specials, they are the case's billed medical figure."""
    stated = 0
    for valuation, _ in valuations:
        for entry in demo_services.timeline.entries(valuation.case.id or 0):
            if entry.subject == "Specials calculated":
                assert f"total {valuation.inputs.medical_billed} billed" in entry.body
                stated += 1
    assert stated > 0


def test_demo_scenarios_pass_the_apps_own_validation(
    demo_services: Services, valuations: list[tuple[CaseValuation, list[Outcome]]]
) -> None:
    """Every generated scenario could have been saved from the scenario form."""
    for valuation, _ in valuations:
        for scenario in valuation.scenarios:
            assert demo_services.valuation.scenario_errors(scenario) == {}
