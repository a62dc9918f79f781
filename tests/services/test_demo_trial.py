"""The demo's trial preparation: witnesses, exhibits, Bates numbers and binders of the cases near trial."""

from __future__ import annotations

import shutil
import sqlite3
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from casedesk.domain.activity import ActivityKind
from casedesk.domain.binder import SectionKind
from casedesk.domain.cases import CaseQuery, CaseStatus
from casedesk.domain.contacts import ContactRole
from casedesk.domain.exhibits import ExhibitParty, ExhibitStatus, exhibit_errors
from casedesk.domain.witnesses import WitnessKind, validate_witness
from casedesk.services.casefiles import Services, open_services
from casedesk.services.demo import create_demo
from tests.conftest import TODAY, fixed_clock

TABLES = (
    "witnesses",
    "witness_exhibits",
    "exhibits",
    "bates_numbers",
    "bates_productions",
    "binder_sections",
)


@pytest.fixture(scope="module")
def demo_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("demo-trial") / "demo.sqlite"
    create_demo(path, today=TODAY, cases=60, seed=7)
    return path


@pytest.fixture(scope="module")
def demo(demo_path: Path) -> Iterator[Services]:
    opened = open_services(demo_path, clock=fixed_clock)
    yield opened
    opened.close()


def cases_in(demo: Services, status: CaseStatus) -> list[int]:
    return [case.id for case in demo.cases.list_cases(CaseQuery()) if case.status is status]


def prepared(demo: Services) -> list[int]:
    """The cases that have witnesses."""
    statuses = (CaseStatus.TRIAL, CaseStatus.LITIGATION)
    return [
        case_id
        for status in statuses
        for case_id in cases_in(demo, status)
        if demo.witnesses.witnesses(case_id)
    ]


def test_every_trial_case_has_its_witnesses_in_order(demo: Services) -> None:
    """3 to 6 valid witnesses: the client first, a treating physician, all linked as witnesses."""
    trial = cases_in(demo, CaseStatus.TRIAL)
    assert trial
    for case_id in trial:
        witnesses = demo.witnesses.witnesses(case_id)
        assert 3 <= len(witnesses) <= 6
        case = demo.cases.get_case(case_id)
        client = demo.cases.get_client(case.client_id)
        assert witnesses[0].name == client.name and witnesses[0].witness.kind is WitnessKind.FACT
        assert any(w.witness.kind is WitnessKind.TREATING_PHYSICIAN for w in witnesses)
        assert [w.witness.position for w in witnesses] == list(range(len(witnesses)))
        assert all(validate_witness(w.witness, TODAY) == {} for w in witnesses)
        linked = {
            link.contact.id for link in demo.contacts.for_case(case_id) if link.role is ContactRole.WITNESS
        }
        assert {w.witness.contact_id for w in witnesses} <= linked


def test_served_subpoenas_are_on_the_timeline(demo: Services) -> None:
    """Each served subpoena has its timeline entry on the day it was served."""
    for case_id in prepared(demo):
        served = {
            (f"Subpoena served: {w.name}", w.witness.subpoena_served_on)
            for w in demo.witnesses.witnesses(case_id)
            if w.witness.subpoena_served_on
        }
        logged = {
            (entry.subject, entry.occurred_at.date())
            for entry in demo.timeline.entries(case_id, [ActivityKind.NOTE])
            if entry.subject.startswith("Subpoena served")
        }
        assert logged == served


def test_exhibits_are_valid_and_drawn_from_the_case(demo: Services) -> None:
    """8 to 25 exhibits pass the exhibit rules, cite the case's own documents; defendants have some."""
    statuses: set[ExhibitStatus] = set()
    for case_id in prepared(demo):
        numbered = demo.exhibits.exhibits(case_id)
        assert 8 <= len(numbered) <= 25
        documents = {d.id: d for d in demo.documents.documents(case_id)}
        witnesses = {w.id for w in demo.witnesses.witnesses(case_id)}
        parties = {n.exhibit.party for n in numbered}
        assert parties == {ExhibitParty.PLAINTIFF, ExhibitParty.DEFENDANT}
        for item in numbered:
            exhibit = item.exhibit
            pages = documents[exhibit.document_id].page_count if exhibit.document_id else None
            assert exhibit_errors(exhibit, TODAY, pages) == {}, item.label
            assert exhibit.witness_id is None or exhibit.witness_id in witnesses
            statuses.add(exhibit.status)
        for witness in demo.witnesses.witnesses(case_id):
            assert set(witness.exhibit_ids) <= {n.exhibit.id for n in numbered}
    assert {ExhibitStatus.IDENTIFIED, ExhibitStatus.ADMITTED} <= statuses


def test_trial_cases_have_files_numbered_once_for_defense_counsel(demo: Services) -> None:
    """Trial cases get stored records, numbered in one production; their filings are in the binder."""
    for case_id in cases_in(demo, CaseStatus.TRIAL):
        documents = demo.documents.documents(case_id)
        records = {d.id for d in documents if d.provider_id is not None}
        assert records, "a trial case has its records as files"
        numbers = demo.bates.document_numbers(case_id)
        assert set(numbers) == records
        surname = demo.cases.get_client(demo.cases.get_case(case_id).client_id).name.split()[-1]
        assert all(n.prefix == "".join(c for c in surname.upper() if c.isalpha()) for n in numbers.values())
        productions = demo.bates.productions(case_id)
        assert [p.recipient for p in productions] == ["Defense counsel"]
        filed = {
            section.kind: [documents_by_id(demo, case_id)[item.document_id] for item in section.items]
            for section in demo.binder.layout(case_id).sections
        }
        assert filed[SectionKind.PLEADINGS] == [
            "Plaintiff's Original Petition",
            "Defendant's Original Answer",
        ]
        assert filed[SectionKind.MOTIONS] == ["Plaintiff's Motion in Limine"]


def documents_by_id(demo: Services, case_id: int) -> dict[int | None, str]:
    return {d.id: d.title for d in demo.documents.documents(case_id)}


@pytest.mark.skipif(shutil.which("qpdf") is None, reason="qpdf is not installed")
def test_a_demo_trial_case_builds_a_real_binder(demo: Services, tmp_path: Path) -> None:
    """The binder of a demo trial case has its exhibit pages and passes qpdf's check."""
    case_id = cases_in(demo, CaseStatus.TRIAL)[0]
    target = tmp_path / "binder.pdf"
    result = demo.binder.export(case_id, target)
    assert result.page_count > 10 and not result.skipped
    assert subprocess.run(["qpdf", "--check", str(target)], capture_output=True).returncode == 0


def test_the_demo_is_deterministic(tmp_path: Path) -> None:
    """The same seed and date give the same trial records."""
    paths = [tmp_path / "a.sqlite", tmp_path / "b.sqlite"]
    for path in paths:
        create_demo(path, today=TODAY, cases=30, seed=11, files_for=0)
    for table in TABLES[:3]:
        rows = []
        for path in paths:
            with sqlite3.connect(path) as connection:
                rows.append(connection.execute(f"SELECT * FROM {table} ORDER BY 1, 2").fetchall())
            connection.close()
        assert rows[0] == rows[1] and rows[0]
