"""A case's trial witnesses, in order of appearance, and the exhibits each will use."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime, time
from typing import TYPE_CHECKING

from casedesk.domain.activity import Activity, ActivityKind, Direction
from casedesk.domain.contacts import Contact, ContactRole, validate_contact
from casedesk.domain.errors import ValidationError
from casedesk.domain.witnesses import (
    Witness,
    WitnessKind,
    WitnessSuggestion,
    WitnessView,
    moved,
    validate_witness,
)
from casedesk.services.clock import Clock, system_clock, today
from casedesk.services.conflicts import refuse_if_changed
from casedesk.store import contacts as contact_store
from casedesk.store import providers as provider_store
from casedesk.store import witnesses as witness_store
from casedesk.store.activity import add_activity
from casedesk.store.casefile import CaseFile

if TYPE_CHECKING:
    from sqlalchemy.orm import Session


@dataclass(frozen=True, slots=True)
class DeletedWitness:
    """A witness deleted with the exhibits it was to use: what undo puts back.

    Attributes:
        witness: The witness, with its place in the order of appearance.
        exhibit_ids: The exhibits it was to use, in examination order.
        named_by: The exhibits whose own record named the witness.
        name: The witness's name (for the undo bar).
    """

    witness: Witness
    exhibit_ids: tuple[int, ...] = ()
    named_by: tuple[int, ...] = ()
    name: str = ""

    @property
    def id(self) -> int | None:
        """The witness's id."""
        return self.witness.id


class WitnessService:
    """A case's trial witnesses, in order of appearance, and the exhibits each will use."""

    def __init__(self, case_file: CaseFile, clock: Clock = system_clock) -> None:
        """Serve one case file.

        Args:
            case_file: The open case file.
            clock: Gives today's date (a subpoena cannot be served after it).
        """
        self._case_file = case_file
        self._clock = clock

    # --- reading ---------------------------------------------------------------------------------

    def witnesses(self, case_id: int) -> list[WitnessView]:
        """A case's witnesses in order of appearance, with contact details and the exhibits to use."""
        with self._case_file.session() as session:
            return witness_store.list_views(session, case_id)

    def witness(self, witness_id: int) -> WitnessView:
        """One witness.

        Raises:
            NotFoundError: It was deleted.
        """
        with self._case_file.session() as session:
            return witness_store.get_view(session, witness_id)

    def suggestions(self, case_id: int) -> list[WitnessSuggestion]:
        """The case's witnesses (contacts) and its providers (as treating physicians) not on the list yet."""
        with self._case_file.session() as session:
            taken = witness_store.contact_ids(session, case_id)
            found: dict[int, WitnessSuggestion] = {}
            for link in contact_store.list_for_case(session, case_id):
                contact_id = link.contact.id or 0
                if link.role is ContactRole.WITNESS and contact_id not in taken:
                    found.setdefault(
                        contact_id,
                        WitnessSuggestion(
                            contact_id, link.contact.name, WitnessKind.FACT, "Witness on the case"
                        ),
                    )
            for provider in provider_store.list_providers(session, case_id):
                if provider.contact_id in taken or provider.contact_id in found:
                    continue
                reason = f"Provider: {provider.specialty}" if provider.specialty else "Provider on the case"
                found[provider.contact_id] = WitnessSuggestion(
                    provider.contact_id, provider.name, WitnessKind.TREATING_PHYSICIAN, reason
                )
            return sorted(found.values(), key=lambda s: (s.kind is not WitnessKind.FACT, s.name.lower()))

    # --- validation ------------------------------------------------------------------------------

    def errors(self, witness: Witness, new_contact: Contact | None = None) -> dict[str, str]:
        """What is wrong with a witness (and a new contact typed for it); empty when it can be saved."""
        if new_contact is not None:
            witness = replace(witness, contact_id=max(witness.contact_id, 1))
        errors = validate_witness(witness, today(self._clock))
        if new_contact is not None:
            errors.update({f"contact_{k}": v for k, v in validate_contact(new_contact).items()})
        return errors

    # --- changes ---------------------------------------------------------------------------------

    def add(
        self,
        witness: Witness,
        new_contact: Contact | None = None,
        exhibit_ids: Sequence[int] | None = None,
    ) -> WitnessView:
        """Add a witness at the end of the order of appearance, with the exhibits to use (if given).

        The witness is an existing contact (``witness.contact_id``) or ``new_contact``, created in the same
        transaction in the role that fits the kind. The contact is linked to the case as a witness if it
        was not already; a subpoena date goes on the timeline.

        Raises:
            ValidationError: A field is wrong or the contact is already a witness; nothing is saved.
            NotFoundError: The case or the contact was deleted.
        """
        _raise(self.errors(witness, new_contact))
        with self._case_file.session() as session:
            if new_contact is not None:
                role = witness.kind.contact_role
                contact = contact_store.add_contact(session, replace(new_contact, id=None, role=role))
                witness = replace(witness, contact_id=contact.id or 0)
            else:
                contact = contact_store.get_contact(session, witness.contact_id)
            self._check_once(session, witness, contact)
            position = witness_store.next_position(session, witness.case_id)
            saved = witness_store.add_witness(session, replace(witness, id=None, position=position))
            self._link(session, saved)
            self._log_subpoena(session, saved, contact.name, None)
            if exhibit_ids:
                witness_store.set_exhibit_links(session, saved.id or 0, list(exhibit_ids))
            return witness_store.get_view(session, saved.id or 0)

    def update(
        self, witness: Witness, exhibit_ids: Sequence[int] | None = None, expected: Witness | None = None
    ) -> WitnessView:
        """Save changes to a witness (not its place in the order: see :meth:`move`).

        ``exhibit_ids``, when given, replace the exhibits to use in the same transaction.

        Raises:
            ValidationError: A field is wrong or the contact is already a witness; nothing is saved.
            ConflictError: It changed elsewhere since ``expected`` was read (says who changed what).
            NotFoundError: It was deleted.
        """
        _raise(self.errors(witness))
        with self._case_file.session() as session:
            refuse_if_changed(
                session, witness_store.WitnessRow, "witness", expected, witness_store.get_witness
            )
            before = witness_store.get_witness(session, witness.id or 0)
            contact = contact_store.get_contact(session, witness.contact_id)
            self._check_once(session, witness, contact)
            saved = witness_store.update_witness(session, replace(witness, position=before.position))
            if saved.contact_id != before.contact_id:
                self._link(session, saved)
            self._log_subpoena(session, saved, contact.name, before)
            if exhibit_ids is not None:
                witness_store.set_exhibit_links(session, saved.id or 0, list(exhibit_ids))
            return witness_store.get_view(session, saved.id or 0)

    def delete(self, witness_id: int) -> DeletedWitness:
        """Delete a witness with its exhibit links; returns what :meth:`restore` needs to undo it.

        Raises:
            NotFoundError: It was deleted already.
        """
        with self._case_file.session() as session:
            view = witness_store.get_view(session, witness_id)
            witness = view.witness
            links = view.exhibit_ids
            named_by = witness_store.exhibits_naming(session, witness_id)
            witness_store.delete_witness(session, witness_id)
            rest = [view.id for view in witness_store.list_views(session, witness.case_id)]
            witness_store.set_positions(session, witness.case_id, rest)
            return DeletedWitness(witness, links, tuple(named_by), view.name)

    def restore(self, deleted: DeletedWitness) -> WitnessView:
        """Put back a deleted witness in its place, with the exhibits (still present) it was to use.

        Raises:
            ValidationError: The contact was made a witness again meanwhile.
            NotFoundError: The case or the contact was deleted meanwhile.
        """
        witness = deleted.witness
        with self._case_file.session() as session:
            contact = contact_store.get_contact(session, witness.contact_id)
            self._check_once(session, replace(witness, id=None), contact)
            order = [view.id for view in witness_store.list_views(session, witness.case_id)]
            saved = witness_store.add_witness(session, replace(witness, position=len(order)))
            order.insert(min(witness.position, len(order)), saved.id or 0)
            witness_store.set_positions(session, witness.case_id, order)
            exhibits = witness_store.existing_exhibits(session, deleted.exhibit_ids)
            witness_store.set_exhibit_links(session, saved.id or 0, exhibits)
            witness_store.name_on_exhibits(session, saved.id or 0, deleted.named_by)
            return witness_store.get_view(session, saved.id or 0)

    def move(self, case_id: int, witness_id: int, new_index: int) -> list[WitnessView]:
        """Move a witness to another place in the order of appearance; returns the new order.

        Raises:
            NotFoundError: The witness is no longer on the case's list.
        """
        with self._case_file.session() as session:
            order = [view.id for view in witness_store.list_views(session, case_id)]
            if witness_id not in order:
                witness_store.get_witness(session, witness_id)  # NotFoundError if deleted
                raise ValidationError({"witness": "This witness is on another case's list."})
            witness_store.set_positions(session, case_id, moved(order, witness_id, new_index))
            return witness_store.list_views(session, case_id)

    def set_exhibits(self, witness_id: int, exhibit_ids: Sequence[int]) -> WitnessView:
        """Set the exhibits a witness will use, in examination order.

        Raises:
            ValidationError: An exhibit is listed twice, was deleted or is on another case.
            NotFoundError: The witness was deleted.
        """
        with self._case_file.session() as session:
            witness_store.set_exhibit_links(session, witness_id, list(exhibit_ids))
            return witness_store.get_view(session, witness_id)

    # --- helpers ---------------------------------------------------------------------------------

    def _check_once(self, session: Session, witness: Witness, contact: Contact) -> None:
        other = witness_store.witness_of_contact(session, witness.case_id, witness.contact_id)
        if other is not None and other.id != witness.id:
            raise ValidationError({"contact": f"{contact.name} is already on this case's witness list."})

    def _link(self, session: Session, witness: Witness) -> None:
        links = contact_store.list_for_case(session, witness.case_id)
        if not any(
            link.contact.id == witness.contact_id and link.role is ContactRole.WITNESS for link in links
        ):
            contact_store.link_contact(session, witness.case_id, witness.contact_id, ContactRole.WITNESS)

    def _log_subpoena(self, session: Session, witness: Witness, name: str, before: Witness | None) -> None:
        served = witness.subpoena_served_on
        if served is None or (before is not None and before.subpoena_served_on == served):
            return
        add_activity(
            session,
            Activity(
                case_id=witness.case_id,
                kind=ActivityKind.NOTE,
                occurred_at=self._moment(served),
                direction=Direction.OUTGOING,
                parties=name,
                subject=f"Subpoena served: {name}",
                body=f"Trial subpoena served on {name} ({witness.kind.label.lower()}).",
            ),
        )

    def _moment(self, day: date) -> datetime:
        now = self._clock()
        if day == now.date():
            return now
        return datetime.combine(day, time(12), tzinfo=now.tzinfo)


def _raise(errors: dict[str, str]) -> None:
    if errors:
        raise ValidationError(errors)
