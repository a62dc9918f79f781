"""Use cases for providers on cases and the record and bill requests sent to them.

Every change to a request brings the case's follow-ups on the calendar in step, in the same transaction
(``on_requests_saved``, the calendar's :meth:`~casedesk.services.calendar.CalendarService.sync_follow_ups`).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import date

from sqlalchemy.orm import Session

from casedesk.domain.contacts import Contact, ContactRole, validate_contact
from casedesk.domain.errors import ValidationError
from casedesk.domain.providers import (
    CaseProvider,
    OutstandingRequest,
    ProviderSummary,
    RecordRequest,
    RequestKind,
    days_overdue,
    default_follow_up,
    extend,
    is_open,
    is_overdue,
    mark_received,
    mark_reviewed,
    outstanding_order,
    request_order,
    validate_provider,
    validate_request,
)
from casedesk.services.clock import Clock, system_clock, today
from casedesk.services.conflicts import refuse_if_changed
from casedesk.store import contacts as contact_store
from casedesk.store import providers as provider_store
from casedesk.store.casefile import CaseFile

#: Called inside the transaction that changed a case's requests, with the case's id.
RequestsSavedHook = Callable[[Session, int], None]
#: The note on a contact's link to the case when it is put on the case as a provider.
PROVIDER_LINK_NOTE = "Treating provider"


class ProviderService:
    """Providers on the cases of one case file, and their record requests.

    Attributes:
        clock: What this service takes "today" to be (default sent dates, overdue days).
    """

    def __init__(
        self,
        case_file: CaseFile,
        clock: Clock = system_clock,
        *,
        on_requests_saved: RequestsSavedHook | None = None,
    ) -> None:
        self._case_file = case_file
        self.clock = clock
        self._on_requests_saved = on_requests_saved

    def today(self) -> date:
        """Today's date by the service's clock."""
        return today(self.clock)

    # --- providers -------------------------------------------------------------------------------

    def providers(self, case_id: int) -> list[ProviderSummary]:
        """A case's providers by name, each with its requests, bills, documents and index dates."""
        now = self.today()
        with self._case_file.session() as session:
            providers = provider_store.list_providers(session, case_id)
            counts = provider_store.provider_counts(session, [p.id or 0 for p in providers])
            requests = provider_store.list_requests(session, case_id)
        overdue: dict[int, int] = {}
        for request in requests:
            if is_overdue(request, now):
                overdue[request.provider_id] = overdue.get(request.provider_id, 0) + 1
        return [_summary(p, counts[p.id or 0], overdue.get(p.id or 0, 0)) for p in providers]

    def provider(self, provider_id: int) -> ProviderSummary:
        """One provider on a case with what refers to it (NotFoundError if it was removed)."""
        now = self.today()
        with self._case_file.session() as session:
            provider = provider_store.get_provider(session, provider_id)
            counts = provider_store.provider_counts(session, [provider_id])[provider_id]
            requests = provider_store.list_requests(session, provider.case_id)
        overdue = sum(1 for r in requests if r.provider_id == provider_id and is_overdue(r, now))
        return _summary(provider, counts, overdue)

    def provider_errors(self, provider: CaseProvider) -> dict[str, str]:
        """What is wrong with a provider on a case; empty when it can be saved."""
        return validate_provider(provider)

    def contact_errors(self, contact: Contact) -> dict[str, str]:
        """What is wrong with a new provider contact; empty when it can be saved."""
        return validate_contact(contact)

    def add_provider(self, provider: CaseProvider, new_contact: Contact | None = None) -> CaseProvider:
        """Put a provider on a case: an existing contact, or ``new_contact`` added to the contacts book.

        The contact is also linked to the case as a medical provider (the case's key contacts), unless it
        already is.

        Raises:
            ValidationError: A field is wrong, or the contact is on the case already; nothing is saved.
            NotFoundError: The case or the contact no longer exists.
        """
        errors = self.provider_errors(provider)
        if new_contact is not None:
            errors |= {f"contact_{k}": v for k, v in validate_contact(new_contact).items()}
        _raise_if(errors)
        with self._case_file.session() as session:
            if new_contact is not None:
                contact = contact_store.add_contact(
                    session, replace(new_contact, role=ContactRole.MEDICAL_PROVIDER, id=None)
                )
                provider = replace(provider, contact_id=contact.id or 0)
            saved = provider_store.add_provider(session, provider)
            linked = contact_store.list_for_case(session, provider.case_id)
            if not any(
                link.contact.id == saved.contact_id and link.role is ContactRole.MEDICAL_PROVIDER
                for link in linked
            ):
                contact_store.link_contact(
                    session, saved.case_id, saved.contact_id, ContactRole.MEDICAL_PROVIDER, PROVIDER_LINK_NOTE
                )
            return saved

    def update_provider(self, provider: CaseProvider) -> CaseProvider:
        """Save a provider's status, visits, specialty and notes.

        Raises:
            ValidationError: A field is wrong; nothing is saved.
            NotFoundError: It was removed from the case elsewhere.
        """
        _raise_if(self.provider_errors(provider))
        with self._case_file.session() as session:
            saved = provider_store.update_provider(session, provider)
            # The follow-ups' titles name the provider.
            self._requests_saved(session, saved.case_id)
            return saved

    def remove_provider(self, provider_id: int) -> ProviderSummary:
        """Take a provider off its case, with its record requests; documents and index entries stay.

        Returns what was removed (the provider and its counts).

        Raises:
            ValidationError: The provider has bills (they must be moved or deleted first); nothing changes.
            NotFoundError: It was removed elsewhere.
        """
        summary = self.provider(provider_id)
        if summary.bills:
            bills = "1 bill" if summary.bills == 1 else f"{summary.bills} bills"
            raise ValidationError(
                {
                    "provider": f"{summary.provider.name} has {bills} on this case, so they stay on it. "
                    "Delete the bills or give them to another provider on the Bills tab first."
                }
            )
        with self._case_file.session() as session:
            provider_store.delete_provider(session, provider_id)
            self._requests_saved(session, summary.provider.case_id)
        return summary

    # --- requests --------------------------------------------------------------------------------

    def requests(self, case_id: int) -> list[RecordRequest]:
        """A case's requests: open ones by follow-up date, then the others, newest first."""
        with self._case_file.session() as session:
            requests = provider_store.list_requests(session, case_id)
        return sorted(requests, key=request_order)

    def get_request(self, request_id: int) -> RecordRequest:
        """One request (NotFoundError if it was deleted)."""
        with self._case_file.session() as session:
            return provider_store.get_request(session, request_id)

    def new_request(
        self, case_id: int, provider_id: int, kind: RequestKind = RequestKind.RECORDS
    ) -> RecordRequest:
        """A blank request sent today, following up after the 30-day right-of-access clock (not saved)."""
        sent = self.today()
        return RecordRequest(
            case_id=case_id,
            provider_id=provider_id,
            kind=kind,
            sent_on=sent,
            follow_up_on=default_follow_up(sent),
        )

    def request_errors(self, request: RecordRequest) -> dict[str, str]:
        """What is wrong with a request; empty when it can be saved."""
        return validate_request(request)

    def add_request(self, request: RecordRequest) -> RecordRequest:
        """Save a new request (its follow-up goes on the calendar).

        Raises:
            ValidationError: A field is wrong; nothing is saved.
            NotFoundError: The provider is no longer on the case.
        """
        _raise_if(self.request_errors(request))
        with self._case_file.session() as session:
            saved = provider_store.add_request(session, replace(request, id=None))
            self._requests_saved(session, saved.case_id)
            return saved

    def update_request(self, request: RecordRequest, expected: RecordRequest | None = None) -> RecordRequest:
        """Save changes to a request (its follow-up on the calendar moves with it).

        Raises:
            ValidationError: A field is wrong; nothing is saved.
            ConflictError: It changed elsewhere since ``expected`` was read (says who changed what).
            NotFoundError: It was deleted elsewhere.
        """
        _raise_if(self.request_errors(request))
        with self._case_file.session() as session:
            refuse_if_changed(
                session,
                provider_store.RecordRequestRow,
                "record request",
                expected,
                provider_store.get_request,
            )
            saved = provider_store.update_request(session, request)
            self._requests_saved(session, saved.case_id)
            return saved

    def delete_request(self, request_id: int) -> RecordRequest:
        """Delete a request; returns it so that the user can undo with :meth:`restore_request`."""
        with self._case_file.session() as session:
            request = provider_store.get_request(session, request_id)
            provider_store.delete_request(session, request_id)
            self._requests_saved(session, request.case_id)
            return request

    def restore_request(self, request: RecordRequest) -> RecordRequest:
        """Put back a request deleted by :meth:`delete_request` (undo).

        Raises:
            NotFoundError: Its provider was removed from the case meanwhile.
        """
        with self._case_file.session() as session:
            saved = provider_store.add_request(session, replace(request, id=None))
            self._requests_saved(session, saved.case_id)
            return saved

    def mark_received(self, request_id: int, on: date | None = None) -> RecordRequest:
        """Record that the provider's answer came (today by default): the request is no longer outstanding."""
        return self._change(request_id, lambda r: mark_received(r, on or self.today()))

    def mark_reviewed(self, request_id: int) -> RecordRequest:
        """Record that what came back was reviewed (received today if no date was recorded)."""
        return self._change(request_id, lambda r: mark_reviewed(r, self.today()))

    def extend_request(self, request_id: int) -> RecordRequest:
        """Move the follow-up 30 days later: the one extension the rule allows, noted in the request.

        Raises:
            ValidationError: It was extended already, or is no longer waiting for the provider.
        """
        return self._change(request_id, lambda r: extend(r, self.today()))

    def outstanding(self, today: date, case_id: int | None = None) -> list[OutstandingRequest]:
        """Requests still waiting for their provider, on every open case (or one case).

        Most overdue first, then by follow-up date.
        """
        with self._case_file.session() as session:
            rows = provider_store.list_open_requests(session, case_id)
        items = [
            OutstandingRequest(
                row.request, row.case_number, row.client, row.provider, days_overdue(row.request, today)
            )
            for row in rows
            if is_open(row.request)
        ]
        return sorted(items, key=outstanding_order)

    def overdue(self, case_id: int) -> list[OutstandingRequest]:
        """A case's requests past their follow-up date today, most overdue first."""
        return [item for item in self.outstanding(self.today(), case_id) if item.days_overdue > 0]

    # --- helpers ---------------------------------------------------------------------------------

    def _change(self, request_id: int, change: Callable[[RecordRequest], RecordRequest]) -> RecordRequest:
        with self._case_file.session() as session:
            request = change(provider_store.get_request(session, request_id))
            _raise_if(validate_request(request))
            saved = provider_store.update_request(session, request)
            self._requests_saved(session, saved.case_id)
            return saved

    def _requests_saved(self, session: Session, case_id: int) -> None:
        if self._on_requests_saved is not None:
            self._on_requests_saved(session, case_id)


def _summary(provider: CaseProvider, counts: provider_store.ProviderCounts, overdue: int) -> ProviderSummary:
    return ProviderSummary(
        provider=provider,
        open_requests=counts.open_requests,
        overdue_requests=overdue,
        requests=counts.requests,
        bills=counts.bills,
        documents=counts.documents,
        entries=counts.entries,
        indexed_first=counts.indexed_first,
        indexed_last=counts.indexed_last,
    )


def _raise_if(errors: dict[str, str]) -> None:
    if errors:
        raise ValidationError(errors)
