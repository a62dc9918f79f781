"""Demo people and places: clients, defendants, the shared contacts book, addresses and incident places.

Part of the demo generator (:mod:`casedesk.services.demo`): every draw comes from the generator's one
``random.Random``, so the order of calls fixes what a seed produces.
"""

from __future__ import annotations

import random
import unicodedata
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date, timedelta

from casedesk.domain.cases import CaseType, Client
from casedesk.domain.contacts import Contact, ContactRole
from casedesk.domain.jurisdictions import Jurisdiction
from casedesk.services import demo_text as text

#: Most cases come from a few states; the rest are spread over every jurisdiction.
HOME_STATES = {"TX": 30, "CA": 18, "FL": 16, "NY": 10, "GA": 8, "IL": 6, "AZ": 6, "NV": 6}
HOME_SHARE = 0.7
#: Share of cases (by type) whose defendant is a person rather than a company.
PERSON_DEFENDANT = {CaseType.MOTOR_VEHICLE: 0.6, CaseType.DOG_BITE: 1.0, CaseType.MEDICAL_MALPRACTICE: 0.4}
SHARE_RETURNING_CLIENTS = 0.04

_GROUPS = list(text.NAME_GROUPS)
_GROUP_WEIGHTS = [weight for weight, _ in text.NAME_GROUPS.values()]


@dataclass(frozen=True, slots=True)
class Person:
    """A fictional person's name and the name group (language) it was drawn from."""

    first: str
    last: str
    group: str

    @property
    def name(self) -> str:
        """First and last name."""
        return f"{self.first} {self.last}"


class DemoPeople:
    """Draws the demo's people, places and organizations, and keeps what cases share.

    Records get ids in the order they are made, starting from 1; new ones wait in a queue until the
    builder takes them (:meth:`take_new`) to insert them ahead of the cases that use them.
    """

    def __init__(self, rng: random.Random, places: Sequence[Jurisdiction]) -> None:
        self._rng = rng
        self._state_names = {place.code: place.name for place in places}
        self._codes = list(self._state_names)
        self._clients: list[Client] = []
        self._book: dict[ContactRole, list[Contact]] = {role: [] for role in ContactRole}
        self._courts: dict[str, list[Contact]] = {}
        self._new_clients: list[Client] = []
        self._new_contacts: list[Contact] = []
        self._used_names: set[str] = set()
        self._contact_count = 0

    @property
    def book(self) -> Mapping[ContactRole, Sequence[Contact]]:
        """Every contact made so far, by role."""
        return self._book

    def take_new(self) -> tuple[list[Contact], list[Client]]:
        """The contacts and clients made since the last call, in the order they were made."""
        contacts, self._new_contacts = self._new_contacts, []
        clients, self._new_clients = self._new_clients, []
        return contacts, clients

    # --- people and places ---

    def jurisdiction(self) -> str:
        """A state code, most often one of the home states."""
        if self._rng.random() < HOME_SHARE:
            return self._rng.choices(list(HOME_STATES), weights=list(HOME_STATES.values()))[0]
        return self._rng.choice(self._codes)

    def person(self, group: str = "") -> Person:
        """A name from ``group``, or from a group drawn by weight."""
        rng = self._rng
        group = group or rng.choices(_GROUPS, weights=_GROUP_WEIGHTS)[0]
        return Person(rng.choice(text.FIRST_NAMES[group]), rng.choice(text.LAST_NAMES[group]), group)

    def phone(self, state: str) -> str:
        """A 555-01xx number (reserved for fiction) with an area code of the state."""
        area = self._rng.choice(text.AREA_CODES.get(state, text.OTHER_AREA_CODES))
        return f"({area}) 555-01{self._rng.randint(0, 99):02d}"

    def street(self) -> str:
        """A house number and street."""
        rng = self._rng
        return f"{rng.randint(100, 9899)} {rng.choice(text.STREETS)} {rng.choice(text.STREET_KINDS)}"

    def city(self, state: str) -> str:
        """A city and the state code."""
        return f"{self._rng.choice(text.CITIES)}, {state}"

    def address(self, state: str) -> str:
        """A full postal address in the state, sometimes with an apartment."""
        rng = self._rng
        unit = f", Apt {rng.randint(1, 40)}{rng.choice('ABCD')}" if rng.random() < 0.2 else ""
        return f"{self.street()}{unit}, {self.city(state)} {rng.randint(10000, 99999)}"

    def stem(self) -> str:
        """The first word of an organization name."""
        return self._rng.choice(text.STEMS)

    # --- clients ---

    def client(self, state: str, opened_on: date) -> Client:
        """A new client for a case opened on ``opened_on``, or now and then a returning one."""
        rng = self._rng
        if self._clients and rng.random() < SHARE_RETURNING_CLIENTS:
            return rng.choice(self._clients)
        person = self.person()
        middle = f" {rng.choice(text.MIDDLE_INITIALS)}." if rng.random() < 0.3 else ""
        language = person.group if rng.random() < text.NAME_GROUPS[person.group][1] else "English"
        email = f"{_ascii(person.first)}.{_ascii(person.last)}{rng.randint(1, 99)}@example.com"
        age = rng.randint(4, 17) if rng.random() < 0.06 else int(rng.triangular(18, 85, 38))
        born = date(opened_on.year - age, 1, 1) + timedelta(days=rng.randint(0, 364))
        client = Client(
            id=len(self._clients) + 1,
            name=f"{person.first}{middle} {person.last}",
            date_of_birth=born,
            phone=self.phone(state),
            email=email if rng.random() < 0.85 else "",
            address=self.address(state),
            language=language,
            notes=self._client_notes(person, age, language),
        )
        self._clients.append(client)
        self._new_clients.append(client)
        return client

    def _client_notes(self, person: Person, age: int, language: str) -> str:
        rng = self._rng
        if age < 18:
            parent = self.person(person.group)
            return f"Minor; the claim is brought through a parent, {parent.first} {person.last}."
        if language != "English" and rng.random() < 0.5:
            return "Needs an interpreter for meetings and signings."
        if rng.random() < 0.2:
            return rng.choice(text.CLIENT_PREFERENCES)
        return ""

    # --- defendants and incident places ---

    def defendant(self, case_type: CaseType) -> tuple[str, str]:
        """The defendant's full name and the short form used in the caption."""
        rng = self._rng
        if rng.random() < PERSON_DEFENDANT.get(case_type, 0.0):
            person = self.person()
            if case_type is CaseType.MEDICAL_MALPRACTICE:
                return f"Dr. {person.name}", person.last
            return person.name, person.last
        if case_type is CaseType.OTHER and rng.random() < 0.25:
            city = f"City of {rng.choice(text.CITIES)}"
            return city, city
        company = f"{self.stem()} {rng.choice(text.COMPANY_KINDS[case_type])}"
        return company, company

    def incident_place(self, case_type: CaseType, state: str, defendant: str) -> str:
        """Where a case's incident happened, fitting its type and defendant."""
        rng = self._rng
        city = self.city(state)
        if case_type is CaseType.MOTOR_VEHICLE:
            if rng.random() < 0.25:
                highway = rng.choice(text.INTERSTATES)
                return f"Interstate {highway} near exit {rng.randint(2, 240)}, {city}"
            first, second = rng.sample(text.STREETS, 2)
            first_kind, second_kind = rng.choice(text.STREET_KINDS), rng.choice(text.STREET_KINDS)
            return f"{first} {first_kind} and {second} {second_kind}, {city}"
        if case_type is CaseType.PRODUCT:
            return f"the client's home, {self.street()}, {city}"
        if case_type is CaseType.MEDICAL_MALPRACTICE and defendant.startswith("Dr. "):
            return f"{self.stem()} Regional Medical Center, {self.street()}, {city}"
        if case_type in (CaseType.DOG_BITE, CaseType.WORKPLACE) or defendant.startswith("City of "):
            return f"{self.street()}, {city}"
        return f"{defendant}, {self.street()}, {city}"

    # --- the contacts book ---

    def make_contact_book(self, cases: int) -> None:
        """The reusable contacts: providers, insurers and their adjusters, defense counsel, employers."""
        size = min(400, 40 + 2 * cases)
        insurers = [self._insurer() for _ in range(max(4, size * 6 // 100))]
        firms = [self._law_firm() for _ in range(max(2, size * 5 // 100))]
        for _ in range(size * 32 // 100):
            self._add(self._provider())
        for _ in range(size * 20 // 100):
            self._add(self._staff(ContactRole.ADJUSTER, self._rng.choice(insurers)))
        for _ in range(size * 12 // 100):
            self._add(self._staff(ContactRole.OPPOSING_COUNSEL, self._rng.choice(firms)))
        for _ in range(size * 12 // 100):
            self._add(self._organization(ContactRole.EMPLOYER, text.EMPLOYER_KINDS))
        for _ in range(max(2, size * 4 // 100)):
            self._add(self._organization(ContactRole.OTHER, text.SERVICE_KINDS))

    def court(self, state: str) -> Contact:
        """A court of the state: one of two per state, made the first time it is needed."""
        courts = self._courts.setdefault(state, [])
        if len(courts) < 2 and (not courts or self._rng.random() < 0.5):
            name = self._unique(
                lambda: (
                    f"{self._rng.choice(text.COUNTIES)} County {self._rng.choice(text.COURT_KINDS)}, "
                    f"{self._state_names[state]}"
                )
            )
            courts.append(self._add(self._organization(ContactRole.COURT, (), name=name)))
        return self._rng.choice(courts)

    def witness(self, state: str) -> Contact:
        """A new witness living in the state."""
        person = self.person()
        return self._add(
            Contact(
                name=person.name,
                role=ContactRole.WITNESS,
                phone=self.phone(state),
                address=self.address(state),
                notes=self._rng.choice(text.WITNESS_NOTES),
            )
        )

    def _add(self, contact: Contact) -> Contact:
        """Give the contact its id, put it in the book under its role and queue it for insertion."""
        self._contact_count += 1
        saved = replace(contact, id=self._contact_count)
        self._book[saved.role].append(saved)
        self._new_contacts.append(saved)
        return saved

    def _unique(self, make: Callable[[], str]) -> str:
        """An organization name no other contact has (numbered when ten draws all collide)."""
        for _ in range(10):
            name = make()
            if name not in self._used_names:
                break
        else:
            name = f"{name} {len(self._used_names)}"
        self._used_names.add(name)
        return name

    def _organization(self, role: ContactRole, kinds: Sequence[str], name: str = "") -> Contact:
        state = self.jurisdiction()
        name = name or self._unique(lambda: f"{self.stem()} {self._rng.choice(kinds)}")
        return Contact(
            name=name,
            role=role,
            is_organization=True,
            phone=self.phone(state),
            email=f"{'.'.join(filter(None, map(_ascii, name.split()[:2])))}@example.com",
            address=self.address(state),
        )

    def _insurer(self) -> Contact:
        return self._add(self._organization(ContactRole.INSURER, text.INSURER_KINDS))

    def _law_firm(self) -> str:
        def make() -> str:
            first, second, third = (self.person().last for _ in range(3))
            forms = (f"{first} & {second} LLP", f"{first} Law Group", f"{first}, {second} & {third} PC")
            return self._rng.choice(forms)

        return self._unique(make)

    def _provider(self) -> Contact:
        if self._rng.random() < 0.7:
            return self._organization(ContactRole.MEDICAL_PROVIDER, text.PROVIDER_KINDS)
        practices = [c for c in self._book[ContactRole.MEDICAL_PROVIDER] if c.is_organization]
        doctor = self._staff(ContactRole.MEDICAL_PROVIDER, self._rng.choice(practices) if practices else None)
        return replace(doctor, name=f"Dr. {doctor.name}", notes=self._rng.choice(text.SPECIALTIES))

    def _staff(self, role: ContactRole, employer: Contact | str | None) -> Contact:
        """A person working for an organization (its contact record, or just its name)."""
        person = self.person()
        organization = employer.name if isinstance(employer, Contact) else employer or ""
        state = self.jurisdiction()
        return Contact(
            name=person.name,
            role=role,
            organization=organization,
            phone=self.phone(state),
            email=f"{_ascii(person.first)}.{_ascii(person.last)}@example.com",
            address=self.address(state) if not isinstance(employer, Contact) else employer.address,
        )


def _ascii(name: str) -> str:
    """Letters and digits only, accents dropped, lower case: for email addresses."""
    plain = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return "".join(ch for ch in plain.lower() if ch.isalnum())
