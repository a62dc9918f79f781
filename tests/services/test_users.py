"""People who sign in to a firm database: the first account, signing in, waits after wrong tries, accounts."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from casedesk.domain.activity import Activity, ActivityKind
from casedesk.domain.cases import Case, CaseQuery, CaseType, Client
from casedesk.domain.errors import CaseFileError, SignInError, ValidationError
from casedesk.domain.users import User, password_strength, wait_after
from casedesk.services.casefiles import Services, open_services
from tests.conftest import NOW, TEST_PASSWORD, TEST_USER
from tests.firm_server import FirmServer


@dataclass
class MovingClock:
    """A clock the test moves forward."""

    now: datetime = NOW

    def __call__(self) -> datetime:
        return self.now

    def wait(self, seconds: float) -> None:
        self.now += timedelta(seconds=seconds)


@dataclass
class Firm:
    """A fresh firm database (with the test account) and how to open it, nobody signed in."""

    url: str
    documents: Path
    clock: MovingClock

    def open(self) -> Services:
        return open_services(self.url, documents=self.documents, clock=self.clock)


@pytest.fixture
def firm(firm_server: FirmServer, tmp_path: Path) -> Iterator[Firm]:
    """A new firm database copied from the template; dropped after the test."""
    documents = tmp_path / "firm-documents"
    documents.mkdir()
    url = firm_server.new_database()
    yield Firm(url, documents, MovingClock())
    firm_server.drop_database(url)


@pytest.fixture
def empty_firm(firm: Firm) -> Firm:
    """A new firm database on which nobody has an account yet."""
    import psycopg
    from sqlalchemy.engine import make_url

    plain = make_url(firm.url).set(drivername="postgresql").render_as_string(hide_password=False)
    with psycopg.connect(plain, autocommit=True) as connection:
        connection.execute("DELETE FROM users")
    return firm


@pytest.fixture
def opened(firm: Firm) -> Iterator[Services]:
    """The firm database opened, nobody signed in yet."""
    services = firm.open()
    yield services
    services.close()


def test_a_new_firm_database_asks_for_a_first_administrator(empty_firm: Firm) -> None:
    """Nobody has an account: the first person creates one, is signed in as an administrator, and it lasts."""
    services = empty_firm.open()
    try:
        assert services.users.needs_first_user()
        with pytest.raises(SignInError):
            services.cases.list_cases(CaseQuery())
        user = services.users.create_first_admin("maria", "Maria Alvarez", "a long enough password")
        assert (user.name, user.full_name, user.admin, user.active) == ("maria", "Maria Alvarez", True, True)
        assert services.users.current() == user
        assert services.user == "Maria Alvarez"
        assert not services.users.needs_first_user()
        with pytest.raises(SignInError, match="already created"):
            services.users.create_first_admin("dan", "", "another long password")
    finally:
        services.close()
    again = empty_firm.open()
    try:
        assert again.users.current() is None
        assert again.users.sign_in("MARIA", "a long enough password").display == "Maria Alvarez"
    finally:
        again.close()


def test_the_first_account_is_checked_field_by_field(empty_firm: Firm) -> None:
    """A bad name or a short password is refused with a message per field; nothing is saved."""
    services = empty_firm.open()
    try:
        with pytest.raises(ValidationError) as refused:
            services.users.create_first_admin("maria alvarez", "Maria", "short")
        assert set(refused.value.errors) == {"name", "password"}
        assert "no spaces" in refused.value.errors["name"]
        assert "At least 10" in refused.value.errors["password"]
        assert services.users.needs_first_user()
    finally:
        services.close()


def test_sign_in_names_the_person_on_what_they_save(opened: Services, firm: Firm) -> None:
    """After signing in, a timeline entry and a record's changed_by name the person; last sign-in is kept."""
    opened.users.sign_in(TEST_USER, TEST_PASSWORD)
    opened.users.add("dan.okafor", "Dan Okafor", "dan's long password")
    opened.close()
    services = firm.open()
    try:
        dan = services.users.sign_in("dan.okafor", "dan's long password")
        assert dan == User("dan.okafor", "Dan Okafor", admin=False, active=True, id=dan.id)
        client = services.cases.create_client(Client(name="Rosa Diaz"))
        case = services.cases.create_case(
            Case(
                number="PI-1",
                caption="Diaz v. Lee",
                client_id=client.id,
                incident_date=NOW.date(),
                case_type=CaseType.MOTOR_VEHICLE,
                jurisdiction="TX",
                opened_on=NOW.date(),
            )
        )
        services.timeline.add(
            Activity(case_id=case.id, occurred_at=NOW, kind=ActivityKind.CALL, subject="Called Rosa")
        )
        from sqlalchemy import text

        with services._case_file.session() as session:
            assert session.execute(text("SELECT changed_by FROM cases")).scalar_one() == "Dan Okafor"
            assert session.execute(text("SELECT created_by FROM activities")).scalar_one() == "Dan Okafor"
            last = session.execute(text("SELECT last_sign_in FROM users WHERE name = 'dan.okafor'"))
            assert last.scalar_one() == NOW
    finally:
        services.close()


def test_a_wrong_name_and_a_wrong_password_get_the_same_message(opened: Services) -> None:
    """Nothing tells whether the name exists; nobody is signed in after either."""
    with pytest.raises(SignInError) as wrong_password:
        opened.users.sign_in(TEST_USER, "not the password")
    with pytest.raises(SignInError) as wrong_name:
        opened.users.sign_in("nobody", TEST_PASSWORD)
    assert str(wrong_password.value) == str(wrong_name.value)
    assert opened.users.current() is None and opened.user == ""


def test_after_five_wrong_passwords_each_try_waits_longer(opened: Services, firm: Firm) -> None:
    """The sixth try must wait 1 s, then 2 s, 4 s…; the count is in the database; success clears it."""
    for _ in range(5):
        with pytest.raises(SignInError, match="do not match"):
            opened.users.sign_in(TEST_USER, "wrong password")
    with pytest.raises(SignInError, match="wait 1 second"):
        opened.users.sign_in(TEST_USER, TEST_PASSWORD)  # even the right password waits
    firm.clock.wait(1)
    with pytest.raises(SignInError, match="do not match"):
        opened.users.sign_in(TEST_USER, "wrong again")
    other = firm.open()  # another computer, or casedesk started again: the count holds
    try:
        firm.clock.wait(1)
        with pytest.raises(SignInError, match="wait 1 second"):
            other.users.sign_in(TEST_USER, TEST_PASSWORD)
        firm.clock.wait(1)
        assert other.users.sign_in(TEST_USER, TEST_PASSWORD).name == TEST_USER
    finally:
        other.close()
    for _ in range(5):  # cleared: five free tries again
        with pytest.raises(SignInError, match="do not match"):
            opened.users.sign_in(TEST_USER, "wrong password")
    assert [wait_after(n) for n in (4, 5, 6, 7, 30)] == [0, 1, 2, 4, 900]


def test_unknown_names_wait_too(opened: Services) -> None:
    """Waits do not reveal which names have accounts."""
    for _ in range(5):
        with pytest.raises(SignInError, match="do not match"):
            opened.users.sign_in("nobody", "whatever it is")
    with pytest.raises(SignInError, match="wait"):
        opened.users.sign_in("nobody", "whatever it is")


def test_an_administrator_manages_accounts(opened: Services, firm: Firm) -> None:
    """Add, reset a password, deactivate (who then cannot sign in) and reactivate."""
    opened.users.sign_in(TEST_USER, TEST_PASSWORD)
    opened.users.add("dan", "Dan Okafor", "first password!")
    with pytest.raises(ValidationError, match="already signs in"):
        opened.users.add("DAN", "", "another password")
    opened.users.set_password("dan", "second password")
    opened.users.set_active("dan", False)
    assert [(u.name, u.active) for u in opened.users.list()] == [(TEST_USER, True), ("dan", False)]
    with pytest.raises(SignInError, match="your own account"):
        opened.users.set_active(TEST_USER, False)
    other = firm.open()
    try:
        with pytest.raises(SignInError, match="deactivated"):
            other.users.sign_in("dan", "second password")
        opened.users.set_active("dan", True)
        with pytest.raises(SignInError, match="do not match"):
            other.users.sign_in("dan", "first password!")
        assert other.users.sign_in("dan", "second password").display == "Dan Okafor"
        with pytest.raises(SignInError, match="Only an administrator"):
            other.users.add("eve", "", "eve's long password")
        with pytest.raises(SignInError, match="Only an administrator"):
            other.users.set_password(TEST_USER, "taken over!!")
        with pytest.raises(SignInError, match="Only an administrator"):
            other.users.set_active(TEST_USER, False)
        other.users.set_password("dan", "my own new password")  # one's own: allowed
    finally:
        other.close()
    trail = [(e.user, e.action.value, e.summary) for e in opened.audit.entries(None) if e.entity == "account"]
    assert trail == [
        ("Dan Okafor", "changed", "Changed their own password"),
        (TEST_USER, "changed", "Reactivated the account dan"),
        (TEST_USER, "changed", "Deactivated the account dan"),
        (TEST_USER, "changed", "Reset the password of dan"),
        (TEST_USER, "added", "Added the account dan (case manager)"),
    ]


def test_hashes_are_argon2id_and_old_parameters_are_upgraded_at_sign_in(
    opened: Services, request: pytest.FixtureRequest
) -> None:
    """No password is stored; a hash made with weaker parameters is replaced when its owner signs in."""
    from argon2 import PasswordHasher
    from sqlalchemy import text

    from casedesk.services.users import use_hasher

    use_hasher(None)  # the real parameters (the tests hash with small ones)
    request.addfinalizer(lambda: use_hasher(PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)))
    opened.users.sign_in(TEST_USER, TEST_PASSWORD)
    weak = PasswordHasher(time_cost=1, memory_cost=8192, parallelism=1).hash("dan's long password")
    opened.users.add("dan", "", "dan's long password")
    with opened._case_file.session() as session:
        stored = session.execute(text("SELECT password_hash FROM users WHERE name='dan'")).scalar_one()
        assert stored.startswith("$argon2id$") and "dan's" not in stored
        session.execute(text("UPDATE users SET password_hash = :h WHERE name='dan'"), {"h": weak})
    opened.users.sign_in("dan", "dan's long password")
    with opened._case_file.session() as session:
        stored = session.execute(text("SELECT password_hash FROM users WHERE name='dan'")).scalar_one()
    assert stored != weak and not PasswordHasher().check_needs_rehash(stored)


def test_a_laptop_case_file_has_no_accounts(db_path: Path) -> None:
    """On SQLite the computer's account works on the file; accounts are refused with a clear message."""
    services = open_services(db_path, create=True)
    try:
        assert not services.users.needs_first_user()
        assert services.users.current() == User(name=services.user, admin=True)
        with pytest.raises(CaseFileError, match="firm database"):
            services.users.create_first_admin("maria", "", "a long enough password")
        with pytest.raises(CaseFileError, match="firm database"):
            services.users.list()
    finally:
        services.close()


@pytest.mark.parametrize(
    ("password", "hint"),
    [
        ("", ""),
        ("short", "Too short"),
        ("aaaaaaaaaaaa", "Weak"),
        ("Tr0ub4dor&3x", "Strong"),
        ("plainpassword", "Fair"),
    ],
)
def test_password_strength_hint(password: str, hint: str) -> None:
    """The hint shown while a new password is typed."""
    assert password_strength(password).startswith(hint)


def test_every_firm_test_signs_in_for_real(services: Services, database: str) -> None:
    """The shared fixtures sign the test account in through the sign-in itself (on both databases)."""
    current = services.users.current()
    assert current is not None
    if database == "postgresql":
        assert (current.name, current.admin, services.user) == (TEST_USER, True, TEST_USER)


def test_timeline_entries_keep_who_wrote_them(opened: Services, firm: Firm) -> None:
    """Dan writes an entry; the tester edits it, deletes it and undoes: it still says Dan wrote it."""
    opened.users.sign_in(TEST_USER, TEST_PASSWORD)
    opened.users.add("dan", "Dan Okafor", "dan's long password")
    dan = firm.open()
    try:
        dan.users.sign_in("dan", "dan's long password")
        client = dan.cases.create_client(Client(name="Rosa Diaz"))
        case = dan.cases.create_case(
            Case(
                number="PI-1",
                caption="Diaz v. Lee",
                client_id=client.id,
                incident_date=NOW.date(),
                case_type=CaseType.MOTOR_VEHICLE,
                jurisdiction="TX",
                opened_on=NOW.date(),
            )
        )
        entry = dan.timeline.add(
            Activity(case_id=case.id or 0, occurred_at=NOW, kind=ActivityKind.CALL, subject="Called Rosa")
        )
        assert entry.created_by == "Dan Okafor"
    finally:
        dan.close()
    [seen] = opened.timeline.entries(case.id or 0)
    edited = opened.timeline.update(replace(seen, subject="Called Rosa about the MRI"))
    assert edited.created_by == "Dan Okafor"
    restored = opened.timeline.restore(opened.timeline.delete(edited.id or 0))
    assert restored.created_by == "Dan Okafor"
    assert restored == replace(edited, id=restored.id, created_by="")  # who wrote it is not compared


def test_a_laptop_timeline_entry_names_the_computer_account(
    services: Services, make_case: Callable[..., Case]
) -> None:
    """On a case file on this computer (and in the tests' firm runs) the entry names who saved it."""
    case = make_case()
    entry = services.timeline.add(
        Activity(case_id=case.id or 0, occurred_at=NOW, kind=ActivityKind.NOTE, subject="Intake notes")
    )
    assert entry.created_by == services.user != ""


def test_wrong_tries_at_the_same_moment_from_several_computers_are_all_counted(firm: Firm) -> None:
    """Six connections try a wrong password at once: six failures are counted, so the next try waits."""
    from concurrent.futures import ThreadPoolExecutor

    computers = [firm.open() for _ in range(6)]
    try:

        def try_once(services: Services) -> str:
            try:
                services.users.sign_in(TEST_USER, "a wrong password")
            except SignInError as exc:
                return exc.message
            return "signed in"

        with ThreadPoolExecutor(len(computers)) as pool:
            messages = list(pool.map(try_once, computers))
        assert messages == [messages[0]] * 6 and "do not match" in messages[0]
        with pytest.raises(SignInError, match="wait 2 seconds"):
            computers[0].users.sign_in(TEST_USER, TEST_PASSWORD)
    finally:
        for services in computers:
            services.close()


def test_two_administrators_adding_the_same_name_at_once(opened: Services, firm: Firm) -> None:
    """One account is added; the other administrator is told the name is taken (any case)."""
    from concurrent.futures import ThreadPoolExecutor

    other = firm.open()
    try:
        opened.users.sign_in(TEST_USER, TEST_PASSWORD)
        other.users.sign_in(TEST_USER, TEST_PASSWORD)

        def add(pair: tuple[Services, str]) -> str:
            try:
                return pair[0].users.add(pair[1], "", "a long enough password").name
            except ValidationError as exc:
                return exc.errors["name"]

        with ThreadPoolExecutor(2) as pool:
            results = sorted(pool.map(add, [(opened, "dan"), (other, "dan")]))
        assert results == ["Someone already signs in as dan.", "dan"]
    finally:
        other.close()
