"""Trial witnesses: who will testify, in what order, on what, and with which exhibits."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from casedesk.domain.contacts import ContactRole


class WitnessKind(StrEnum):
    """What kind of witness someone is."""

    FACT = "fact"
    EXPERT = "expert"
    TREATING_PHYSICIAN = "treating_physician"

    @property
    def label(self) -> str:
        """Display name."""
        return _KIND_LABELS[self]

    @property
    def contact_role(self) -> ContactRole:
        """The role a contact created for this kind of witness gets in the contacts book."""
        return ContactRole.MEDICAL_PROVIDER if self is WitnessKind.TREATING_PHYSICIAN else ContactRole.WITNESS


_KIND_LABELS = {
    WitnessKind.FACT: "Fact witness",
    WitnessKind.EXPERT: "Expert",
    WitnessKind.TREATING_PHYSICIAN: "Treating physician",
}


@dataclass(frozen=True, slots=True)
class Witness:
    """A person who will testify at trial: a contact from the book.

    Attributes:
        contact_id: The witness in the contacts book (once per case).
        subpoena_served_on: When the subpoena was served, if it was.
        availability: When the witness can or cannot attend, as the case manager writes it.
        topics: What the witness will testify about.
        outline: The examination outline (several lines).
        position: Place in the order of appearance, from 0.
    """

    case_id: int
    contact_id: int
    kind: WitnessKind = WitnessKind.FACT
    subpoena_served_on: date | None = None
    availability: str = ""
    topics: str = ""
    outline: str = ""
    position: int = 0
    id: int | None = None


@dataclass(frozen=True, slots=True)
class WitnessView:
    """A witness with the contact details from the contacts book (a read model for lists and binders).

    Attributes:
        witness: The witness.
        name: The contact's name.
        phone: The contact's phone.
        email: The contact's email.
        organization: The contact's organization (a person's employer, a physician's practice).
        exhibit_ids: The exhibits the witness will be shown, in examination order.
    """

    witness: Witness
    name: str
    phone: str = ""
    email: str = ""
    organization: str = ""
    exhibit_ids: tuple[int, ...] = ()

    @property
    def id(self) -> int:
        """The witness's id."""
        assert self.witness.id is not None
        return self.witness.id


@dataclass(frozen=True, slots=True)
class WitnessSuggestion:
    """A contact of the case who could be called as a witness but is not on the list yet.

    Attributes:
        contact_id: The contact.
        name: The contact's name.
        kind: The kind of witness they would be (a provider: a treating physician).
        reason: Why they are suggested (``Witness on the case``, ``Provider: Orthopedics``).
    """

    contact_id: int
    name: str
    kind: WitnessKind
    reason: str


#: Longest text each field takes.
MAX_LENGTHS = {"availability": 500, "topics": 2000, "outline": 20000}


def validate_witness(witness: Witness, today: date) -> dict[str, str]:
    """Problems with a witness, by field name; empty when it can be saved.

    A contact is required; a subpoena can have been served on any past date but not in the future.
    """
    errors: dict[str, str] = {}
    if witness.contact_id <= 0:
        errors["contact"] = "Pick the witness from the contacts book or type a new name."
    served = witness.subpoena_served_on
    if served is not None and served > today:
        errors["subpoena_served_on"] = (
            "A subpoena cannot be served in the future: enter the date it was served, or leave it empty."
        )
    if witness.position < 0:
        errors["position"] = "The place in the order of appearance cannot be negative."
    for name, limit in MAX_LENGTHS.items():
        value: str = getattr(witness, name)
        if len(value) > limit:
            errors[name] = f"At most {limit:,} characters ({len(value):,} typed)."
    return errors


def moved(ids: Sequence[int], item: int, new_index: int) -> list[int]:
    """The ids with ``item`` moved to ``new_index`` (clamped to the list).

    Raises:
        ValueError: ``item`` is not in the list.
    """
    order = [i for i in ids if i != item]
    if len(order) == len(ids):
        raise ValueError(f"{item} is not in the list")
    order.insert(max(0, min(new_index, len(order))), item)
    return order


def witness_display(view: WitnessView) -> str:
    """``Dr. Ana Ruiz (Treating physician)``: how a witness is named in pickers and headings."""
    return f"{view.name} ({view.witness.kind.label})"
