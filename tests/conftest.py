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
from tests.firm_server import TEST_PASSWORD, TEST_USER, FirmServer

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
    """Where a test's SQLite case file lives (not created yet)."""
    return tmp_path / "cases.sqlite"


# --- Both databases ---------------------------------------------------------------------------------
# The store, service and CLI tests run twice: on a SQLite case file and on a firm database (PostgreSQL).
# A test that uses ``services`` (or ``case_target``) in those folders is parametrized over both; one that
# only makes sense for a file on this computer (encryption, backups beside the file, the lock) is marked
# ``@pytest.mark.sqlite_only("why")``. The PostgreSQL server is $CASEDESK_TEST_PG (a URL whose role may
# create databases); without it, a server on the loopback recipe's address is tried, and the PostgreSQL
# runs are skipped when none answers. CI sets $CASEDESK_TEST_PG, so there they fail instead.

BACKENDS = ("sqlite", "postgresql")
PG_URL_ENV = "CASEDESK_TEST_PG"
DEFAULT_PG_URL = "postgresql+psycopg://casedesk:casedesk@127.0.0.1:54329/casedesk"
_BOTH_DATABASES = ("store/", "services/", "test_cli")


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    """Run the store, service and CLI tests that open a case file on both databases."""
    if "database" not in metafunc.fixturenames:
        return
    where = Path(str(metafunc.definition.path)).relative_to(Path(__file__).parent).as_posix()
    if where.startswith(_BOTH_DATABASES) and metafunc.definition.get_closest_marker("sqlite_only") is None:
        metafunc.parametrize("database", BACKENDS, indirect=True)


@pytest.fixture
def database(request: pytest.FixtureRequest) -> str:
    """Which database the test's case file is on: "sqlite" or "postgresql"."""
    return str(getattr(request, "param", "sqlite"))


@pytest.fixture(scope="session", autouse=True)
def _quick_password_hashing() -> Iterator[None]:
    """Argon2 at small parameters: every firm-database test signs in (about 0.2 s of CPU each otherwise).

    ``tests/services/test_users.py`` checks the real parameters.
    """
    from argon2 import PasswordHasher

    from casedesk.services.users import use_hasher

    use_hasher(PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1))
    yield
    use_hasher(None)


@pytest.fixture(scope="session")
def firm_server() -> Iterator[FirmServer]:
    """The PostgreSQL server and this test process's template database (migrated to the newest schema)."""
    server = FirmServer.start(os.environ.get(PG_URL_ENV), os.environ.get("PYTEST_XDIST_WORKER", "main"))
    yield server
    server.close()


@pytest.fixture
def case_target(
    database: str, db_path: Path, tmp_path: Path, request: pytest.FixtureRequest
) -> Iterator[Path | str]:
    """Where the test's case file is: a SQLite path (not created yet), or a new, empty firm database's URL.

    For a firm database the environment also names its documents folder and the test user, as a person
    running the CLI would set them (CASEDESK_DOCUMENTS, CASEDESK_USER, CASEDESK_PASSWORD).
    """
    if database == "sqlite":
        yield db_path
        return
    server: FirmServer = request.getfixturevalue("firm_server")
    monkeypatch: pytest.MonkeyPatch = request.getfixturevalue("monkeypatch")
    documents = tmp_path / "firm-documents"
    documents.mkdir()
    monkeypatch.setenv("CASEDESK_DOCUMENTS", str(documents))
    monkeypatch.setenv("CASEDESK_USER", TEST_USER)
    monkeypatch.setenv("CASEDESK_PASSWORD", TEST_PASSWORD)
    url = server.new_database()
    yield url
    server.drop_database(url)


@pytest.fixture
def db_arg(case_target: Path | str) -> str:
    """The case file as the CLI's ``--db`` takes it."""
    return str(case_target)


@pytest.fixture
def open_case(case_target: Path | str) -> Callable[..., Services]:
    """Open the test's case file (again), signed in on a firm database; the caller closes it."""

    def open_it(**options: Any) -> Services:
        options.setdefault("clock", fixed_clock)
        return open_target(case_target, **options)

    return open_it


def open_target(target: Path | str, **options: Any) -> Services:
    """Open a case file or a firm database for a test, signed in as :data:`TEST_USER` on a firm database."""
    if isinstance(target, str):
        options.setdefault("documents", Path(os.environ["CASEDESK_DOCUMENTS"]))
        opened = open_services(target, **options)
        sign_in_for_test(opened)
        return opened
    return open_services(target, **options)


def sign_in_for_test(services: Services) -> None:
    """Sign :data:`TEST_USER` in to a firm database for real (the template database holds the account)."""
    services.users.sign_in(TEST_USER, TEST_PASSWORD)


@pytest.fixture
def services(case_target: Path | str) -> Iterator[Services]:
    """A new, empty case file (or firm database) with its services, closed after the test."""
    opened = open_target(case_target, create=True, clock=fixed_clock)
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
