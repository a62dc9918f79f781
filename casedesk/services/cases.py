"""Use cases for clients and cases: the case list, the case overview, create/edit/delete."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace

from sqlalchemy.orm import Session

from casedesk.domain.activity import Activity
from casedesk.domain.cases import (
    Case,
    CaseList,
    CaseQuery,
    CaseSummary,
    Client,
    validate_case,
    validate_client,
)
from casedesk.domain.contacts import CaseContact
from casedesk.domain.errors import ValidationError
from casedesk.domain.jurisdictions import Jurisdiction
from casedesk.services.clock import Clock, system_clock, today
from casedesk.services.conflicts import refuse_if_changed
from casedesk.store import activity as activity_store
from casedesk.store import cases as case_store
from casedesk.store import contacts as contact_store
from casedesk.store.casefile import CaseFile

RECENT_ACTIVITY_COUNT = 5

#: Runs inside the transaction that saved a case (given its id), to keep data derived from it in step.
CaseSavedHook = Callable[[Session, int], None]


@dataclass(frozen=True, slots=True)
class CaseOverview:
    """Everything the Overview tab shows about one case, read in one transaction.

    Attributes:
        recent_activity: The newest timeline entries (at most ``RECENT_ACTIVITY_COUNT``), newest first.
        activity_count: How many timeline entries the case has in all.
    """

    case: Case
    client: Client
    contacts: tuple[CaseContact, ...]
    recent_activity: tuple[Activity, ...]
    activity_count: int


class CaseService:
    """Clients and cases in one case file.

    Attributes:
        jurisdictions: The US states and DC a case can be filed in.
        clock: What this service takes "now" to be (forms use it for defaults and checks).
    """

    def __init__(
        self,
        case_file: CaseFile,
        jurisdictions: Sequence[Jurisdiction],
        clock: Clock = system_clock,
        on_case_saved: CaseSavedHook | None = None,
    ) -> None:
        self._on_case_saved = on_case_saved
        self._case_file = case_file
        self.jurisdictions = tuple(jurisdictions)
        self._codes = frozenset(j.code for j in self.jurisdictions)
        self.clock = clock

    # --- reading ---------------------------------------------------------------------------------

    def list_cases(self, query: CaseQuery) -> list[CaseSummary]:
        """The case list for a search, status filter and sort order."""
        with self._case_file.session() as session:
            return case_store.list_summaries(session, query)

    def case_list(self, query: CaseQuery) -> CaseList:
        """The ids matching a query in order, and the counts per status (rows via :meth:`summaries`)."""
        with self._case_file.session() as session:
            return case_store.list_case_ids(session, query)

    def summaries(self, ids: Sequence[int]) -> list[CaseSummary]:
        """Case-list rows for some case ids, in that order (deleted cases are left out)."""
        with self._case_file.session() as session:
            return case_store.get_summaries(session, ids)

    def overview(self, case_id: int) -> CaseOverview:
        """The case with its client, linked contacts and latest timeline entries.

        Raises:
            NotFoundError: The case was deleted.
        """
        with self._case_file.session() as session:
            case = case_store.get_case(session, case_id)
            return CaseOverview(
                case=case,
                client=case_store.get_client(session, case.client_id),
                contacts=tuple(contact_store.list_for_case(session, case_id)),
                recent_activity=tuple(
                    activity_store.list_for_case(session, case_id, limit=RECENT_ACTIVITY_COUNT)
                ),
                activity_count=activity_store.count_for_case(session, case_id),
            )

    def get_case(self, case_id: int) -> Case:
        """One case.

        Raises:
            NotFoundError: The case was deleted.
        """
        with self._case_file.session() as session:
            return case_store.get_case(session, case_id)

    def find_clients(self, text: str = "", limit: int | None = 200) -> list[Client]:
        """Clients whose name contains the text, by name (all of them with ``limit=None``)."""
        with self._case_file.session() as session:
            return case_store.find_clients(session, text, limit)

    def get_client(self, client_id: int) -> Client:
        """One client."""
        with self._case_file.session() as session:
            return case_store.get_client(session, client_id)

    # --- validation (also used by the forms as the user types) ----------------------------------

    def client_errors(self, client: Client) -> dict[str, str]:
        """What is wrong with a client's fields; empty when it can be saved."""
        return validate_client(client, today(self.clock))

    def case_errors(self, case: Case) -> dict[str, str]:
        """What is wrong with a case's fields (number uniqueness aside); empty when it can be saved."""
        return validate_case(case, today(self.clock), self._codes)

    # --- changing --------------------------------------------------------------------------------

    def create_case(self, case: Case, new_client: Client | None = None) -> Case:
        """Save a new case, with a new client for it if one is given, in one transaction.

        Raises:
            ValidationError: A field is wrong or the case number is taken; nothing is saved.
        """
        errors = {f"client.{k}": v for k, v in self.client_errors(new_client).items()} if new_client else {}
        errors.update(self.case_errors(case))
        if errors:
            raise ValidationError(errors)
        with self._case_file.session() as session:
            if new_client is not None:
                case = replace(case, client_id=_id(case_store.add_client(session, new_client)))
            saved = case_store.add_case(session, case)
            self._case_saved(session, saved.id)
            return saved

    def update_case(self, case: Case, expected: Case | None = None) -> Case:
        """Save changes to a case.

        Args:
            case: The case as the user edited it.
            expected: The case as it was when the user started editing; if the saved case differs,
                someone else changed it meanwhile and nothing is saved.

        Raises:
            ValidationError: A field is wrong or the case number is taken; nothing is saved.
            ConflictError: The case changed elsewhere since ``expected`` was read.
        """
        _raise_if(self.case_errors(case))
        with self._case_file.session() as session:
            refuse_if_changed(session, case_store.CaseRow, "case", expected, case_store.get_case)
            saved = case_store.update_case(session, case)
            self._case_saved(session, saved.id)
            return saved

    def delete_case(self, case_id: int) -> None:
        """Delete a case with its timeline and contact links (the contacts stay in the book)."""
        with self._case_file.session() as session:
            case_store.delete_case(session, case_id)

    def create_client(self, client: Client) -> Client:
        """Save a new client."""
        _raise_if(self.client_errors(client))
        with self._case_file.session() as session:
            return case_store.add_client(session, client)

    def update_client(self, client: Client, expected: Client | None = None) -> Client:
        """Save changes to a client (refused with ConflictError if it changed since ``expected``)."""
        _raise_if(self.client_errors(client))
        with self._case_file.session() as session:
            refuse_if_changed(session, case_store.ClientRow, "client", expected, case_store.get_client)
            saved = case_store.update_client(session, client)
            for case_id in case_store.case_ids_of_client(session, _id(saved)):
                self._case_saved(session, case_id)
            return saved

    def _case_saved(self, session: Session, case_id: int | None) -> None:
        if self._on_case_saved is not None and case_id is not None:
            self._on_case_saved(session, case_id)

    def delete_client(self, client_id: int) -> None:
        """Delete a client who has no cases.

        Raises:
            ValidationError: The client still has cases.
        """
        with self._case_file.session() as session:
            case_store.delete_client(session, client_id)


def _raise_if(errors: dict[str, str]) -> None:
    if errors:
        raise ValidationError(errors)


def _id(saved: Client) -> int:
    assert saved.id is not None  # saved rows always have ids
    return saved.id
