"""``casedesk requests``: a case's record requests, or every outstanding one, as text and JSON."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import timedelta

import pytest

from casedesk import cli
from casedesk.cli import main
from casedesk.domain.cases import Case
from casedesk.domain.contacts import Contact, ContactRole
from casedesk.domain.money import Money
from casedesk.domain.providers import CaseProvider, RecordRequest, RequestKind, RequestMethod
from casedesk.services.casefiles import Services
from casedesk.services.clock import system_clock, today

MakeCase = Callable[..., Case]


@pytest.fixture(autouse=True)
def _no_case_file_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(cli.DB_ENV, raising=False)


def _requests(services: Services, make_case: MakeCase) -> tuple[Case, Case]:
    """Two cases: one with a request 12 days overdue and one received; one with a request not yet due."""
    now = today(system_clock)  # the command reads the machine's clock
    first, second = make_case(), make_case()
    for case, name, sent_days_ago in ((first, "Dr. Helen Lee", 42), (second, "Austin ER", 10)):
        contact = services.contacts.create(Contact(name, role=ContactRole.MEDICAL_PROVIDER))
        provider = services.providers.add_provider(
            CaseProvider(case_id=case.id or 0, contact_id=contact.id or 0)
        )
        sent = now - timedelta(days=sent_days_ago)
        services.providers.add_request(
            RecordRequest(
                case_id=case.id or 0,
                provider_id=provider.id or 0,
                kind=RequestKind.RECORDS,
                sent_on=sent,
                method=RequestMethod.FAX,
                cost=Money.parse("25"),
                follow_up_on=sent + timedelta(days=30),
            )
        )
        if case is first:
            received = services.providers.add_request(
                RecordRequest(
                    case_id=case.id or 0, provider_id=provider.id or 0, kind=RequestKind.BILLS, sent_on=sent
                )
            )
            services.providers.mark_received(received.id or 0, now)
    return first, second


def test_outstanding_requests_as_json(
    services: Services, make_case: MakeCase, db_arg: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """Every open request of every open case, most overdue first, with case, client and days overdue."""
    first, second = _requests(services, make_case)
    assert main(["requests", "--db", db_arg, "--outstanding", "--json"]) == 0
    printed = json.loads(capsys.readouterr().out)
    assert [(r["case"], r["provider"], r["days_overdue"], r["status"]) for r in printed] == [
        (first.number, "Dr. Helen Lee", 12, "requested"),
        (second.number, "Austin ER", 0, "requested"),
    ]
    assert printed[0]["client"] == "Maria Alvarez"
    assert printed[0]["cost"] == "25.00" and printed[0]["method"] == "Fax"


def test_a_cases_requests_as_text(
    services: Services, make_case: MakeCase, db_arg: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """All of a case's requests, open ones first; a count on stderr."""
    first, _second = _requests(services, make_case)
    assert main(["requests", "--db", db_arg, "--case", first.number]) == 0
    out, err = capsys.readouterr()
    lines = out.splitlines()
    assert lines[0].split() == [
        "Overdue",
        "Follow",
        "up",
        "Case",
        "Provider",
        "What",
        "Sent",
        "Method",
        "Status",
    ]
    assert lines[1].startswith("12 d") and "Medical records" in lines[1] and lines[1].endswith("requested")
    assert "Bills" in lines[2] and lines[2].endswith("received")
    assert err.strip() == "2 requests, 1 overdue"


def test_an_unknown_case_is_a_usage_error(
    services: Services, db_arg: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """Exit status 2 with the reason on stderr."""
    assert main(["requests", "--db", db_arg, "--case", "PI-0000"]) == 2
    assert "no case numbered “PI-0000”" in capsys.readouterr().err
