"""Shared fixtures: a temporary case file, a fixed clock, and factories for domain objects."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from dataclasses import replace
from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from casedesk.domain.cases import Case, CaseStatus, CaseType, Client, with_status
from casedesk.services.casefiles import Services, open_services

#: "Now" for every test: a Saturday morning in US Central time.
NOW = datetime(2026, 11, 21, 9, 30, tzinfo=timezone(timedelta(hours=-6)))
TODAY = NOW.date()


def pytest_addoption(parser: pytest.Parser) -> None:
    """``--crash-kills N``: kills in the durability tests (default 20); ``--fuzz-count N``: mutated PDFs."""
    parser.addoption(
        "--crash-kills",
        type=int,
        default=20,
        help="how many times tests/reliability/test_crash.py kills a process mid-save (default 20)",
    )
    parser.addoption(
        "--fuzz-count",
        type=int,
        default=200,
        help="how many mutated PDFs tests/reliability/test_hostile_pdfs.py imports (default 200)",
    )


def fixed_clock() -> datetime:
    """The tests' clock: always :data:`NOW`."""
    return NOW


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    """Where a test's case file lives (not created yet)."""
    return tmp_path / "cases.sqlite"


@pytest.fixture
def services(db_path: Path) -> Iterator[Services]:
    """A new, empty case file with its services, closed after the test."""
    opened = open_services(db_path, create=True, clock=fixed_clock)
    yield opened
    opened.close()


@pytest.fixture
def make_client(services: Services) -> Callable[..., Client]:
    """Save a client; keyword arguments override the defaults."""

    def make(**fields: Any) -> Client:
        defaults: dict[str, Any] = {
            "name": "Maria Alvarez",
            "date_of_birth": date(1984, 3, 2),
            "phone": "(512) 555-0142",
            "email": "maria.alvarez@example.com",
        }
        return services.cases.create_client(Client(**(defaults | fields)))

    return make


@pytest.fixture
def make_case(services: Services, make_client: Callable[..., Client]) -> Callable[..., Case]:
    """Save a case (with a new client unless ``client_id`` is given); keywords override defaults."""
    counter = iter(range(1, 10_000))

    def make(**fields: Any) -> Case:
        if "client_id" not in fields:
            fields["client_id"] = make_client().id
        number = next(counter)
        case = Case(
            number=f"PI-2026-{number:04d}",
            caption=f"Alvarez v. Driver {number}",
            client_id=fields.pop("client_id"),
            incident_date=date(2026, 6, 14),
            case_type=CaseType.MOTOR_VEHICLE,
            jurisdiction="TX",
            status=CaseStatus.INTAKE,
            opened_on=date(2026, 6, 20),
        )
        case = replace(case, **fields)
        if "closed_on" not in fields:  # a closed case gets its closing date, as the app would stamp it
            case = with_status(case, case.status, TODAY)
        return services.cases.create_case(case)

    return make
