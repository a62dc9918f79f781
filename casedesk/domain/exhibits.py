"""Trial exhibits: each party's list, how its exhibits are numbered, and what an exhibit record must hold.

An exhibit's number follows from its place in its list and the case's numbering scheme; it is never
typed. Positions are one ordering of all a case's exhibits; each list is the part of that ordering that
belongs to it, so switching scheme keeps the order the case manager chose.

- ``SEPARATE``: the plaintiff's exhibits are numbered 1, 2, 3…, the defendant's A…Z, AA, AB…
- ``RANGES``: numbers for both, each party from its own start (e.g. plaintiff 1, defendant 500).
- ``JOINT``: one list numbered 1, 2, 3…, whoever offers the exhibit.

Under ``SEPARATE`` and ``RANGES`` an exhibit both parties stipulate to (party ``JOINT``) goes on a third
list numbered J1, J2…

Status rules (checked by :func:`exhibit_errors`):

- Offered needs the date offered, Marked the date marked, Admitted the date admitted.
- Only an admitted exhibit has a date admitted (clear it to change the status), and it cannot be admitted
  before it was offered or marked.
- No date is in the future.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import date

from casedesk.domain.binder_plan import Sticker, StickerColour
from casedesk.domain.cases import EARLIEST_DATE

MAX_DESCRIPTION = 500
MAX_NOTES = 4000
#: The highest start a case may number from (keeps numbers printable on a sticker).
MAX_START = 99_999


class ExhibitParty(enum.StrEnum):
    """Who offers the exhibit."""

    PLAINTIFF = "plaintiff"
    DEFENDANT = "defendant"
    JOINT = "joint"

    @property
    def label(self) -> str:
        """Display name."""
        return self.value.capitalize()


class ExhibitStatus(enum.StrEnum):
    """Where the exhibit stands at trial."""

    IDENTIFIED = "identified"
    OFFERED = "offered"
    MARKED = "marked"
    ADMITTED = "admitted"
    OBJECTED = "objected"
    WITHDRAWN = "withdrawn"

    @property
    def label(self) -> str:
        """Display name."""
        return self.value.capitalize()


class NumberingScheme(enum.StrEnum):
    """How a case numbers its exhibits (see the module docstring)."""

    SEPARATE = "separate"
    RANGES = "ranges"
    JOINT = "joint"

    @property
    def label(self) -> str:
        """Display name."""
        return _SCHEME_LABELS[self]


_SCHEME_LABELS = {
    NumberingScheme.SEPARATE: "Plaintiff 1, 2, 3 – defendant A, B, C",
    NumberingScheme.RANGES: "Numbers for both, each party from its own start",
    NumberingScheme.JOINT: "One joint list 1, 2, 3",
}

_HEADINGS = {
    ExhibitParty.PLAINTIFF: "PLAINTIFF'S EXHIBIT",
    ExhibitParty.DEFENDANT: "DEFENDANT'S EXHIBIT",
    ExhibitParty.JOINT: "JOINT EXHIBIT",
}
_LABELS = {
    ExhibitParty.PLAINTIFF: "Plaintiff's Exhibit",
    ExhibitParty.DEFENDANT: "Defendant's Exhibit",
    ExhibitParty.JOINT: "Joint Exhibit",
}
_COLOURS = {
    ExhibitParty.PLAINTIFF: StickerColour.YELLOW,
    ExhibitParty.DEFENDANT: StickerColour.BLUE,
    ExhibitParty.JOINT: StickerColour.WHITE,
}
_LIST_ORDER = (ExhibitParty.PLAINTIFF, ExhibitParty.DEFENDANT, ExhibitParty.JOINT)


@dataclass(frozen=True, slots=True)
class ExhibitSettings:
    """How a case numbers its exhibits.

    Attributes:
        plaintiff_start: The plaintiff's first number (the joint list's under ``JOINT``).
        defendant_start: The defendant's first number; under ``SEPARATE`` the first letter's place
            (1 = A, 3 = C).
    """

    scheme: NumberingScheme = NumberingScheme.SEPARATE
    plaintiff_start: int = 1
    defendant_start: int = 1


@dataclass(frozen=True, slots=True)
class Exhibit:
    """One exhibit.

    Attributes:
        document_id: The stored document it is, or ``None`` (a physical exhibit, or its document was
            deleted from the case).
        page_from: First page of the document used (``None``: from the first page).
        page_to: Last page used, inclusive (``None``: to the last page).
        exhibit_date: The date of the document itself (a report's date), for the description.
        witness_id: The sponsoring witness (who will lay its foundation).
        position: Its place in the case's ordering of exhibits; its number follows from it.
    """

    case_id: int
    party: ExhibitParty
    description: str
    document_id: int | None = None
    page_from: int | None = None
    page_to: int | None = None
    exhibit_date: date | None = None
    witness_id: int | None = None
    status: ExhibitStatus = ExhibitStatus.IDENTIFIED
    offered_on: date | None = None
    marked_on: date | None = None
    admitted_on: date | None = None
    notes: str = ""
    position: int = 0
    id: int | None = None


@dataclass(frozen=True, slots=True)
class NumberedExhibit:
    """An exhibit with the number its place in its list gives it.

    Attributes:
        number: ``"12"``, ``"C"``, ``"J2"``.
        heading: The sticker's heading, e.g. ``PLAINTIFF'S EXHIBIT``.
        label: How it is cited, e.g. ``Plaintiff's Exhibit 12``.
        group: The list it is on (under the ``JOINT`` scheme every exhibit is on the joint list).
        index: Its place in that list, from 0.
    """

    exhibit: Exhibit
    number: str
    heading: str
    label: str
    colour: StickerColour
    group: ExhibitParty = ExhibitParty.PLAINTIFF
    index: int = 0

    @property
    def on_record(self) -> bool:
        """Marked or admitted in court: its number is on the record and should not change."""
        exhibit = self.exhibit
        return (
            exhibit.status in (ExhibitStatus.MARKED, ExhibitStatus.ADMITTED)
            or exhibit.marked_on is not None
            or exhibit.admitted_on is not None
        )

    def sticker(self, case_line: str = "") -> Sticker:
        """The sticker for its first page."""
        return Sticker(self.heading, self.number, self.colour, case_line)


@dataclass(frozen=True, slots=True)
class ExhibitListRow:
    """One line of the exhibit list (AO 187 columns, plus Bates range and sponsoring witness)."""

    plaintiff_number: str
    defendant_number: str
    offered_on: date | None
    marked_on: date | None
    admitted_on: date | None
    description: str
    bates: str
    witness: str
    status: ExhibitStatus


@dataclass(frozen=True, slots=True)
class ExhibitList:
    """A case's exhibit list, ready to print.

    Attributes:
        caption: The case caption (parties).
        case_number: The firm's file number.
        court: The court, when the case has one linked.
        prepared_on: The date it was prepared.
    """

    caption: str
    case_number: str
    court: str
    prepared_on: date
    scheme: NumberingScheme
    rows: tuple[ExhibitListRow, ...]


def alpha_number(n: int) -> str:
    """The letters of the ``n``-th exhibit, from 1: A…Z, then AA, AB… AZ, BA… (like spreadsheet columns).

    Raises:
        ValueError: ``n`` is below 1.
    """
    if n < 1:
        raise ValueError(f"Exhibit letters start at 1, not {n}.")
    letters = ""
    while n:
        n, rest = divmod(n - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters


def list_group(party: ExhibitParty, scheme: NumberingScheme) -> ExhibitParty:
    """The list an exhibit offered by ``party`` is on under ``scheme``."""
    return ExhibitParty.JOINT if scheme is NumberingScheme.JOINT else party


def ordered_lists(exhibits: Iterable[Exhibit], scheme: NumberingScheme) -> dict[ExhibitParty, list[Exhibit]]:
    """The exhibits of each list in list order (by position, then id), lists in print order."""
    lists: dict[ExhibitParty, list[Exhibit]] = {party: [] for party in _LIST_ORDER}
    for exhibit in sorted(exhibits, key=lambda e: (e.position, e.id or 0)):
        lists[list_group(exhibit.party, scheme)].append(exhibit)
    return lists


def exhibit_number(group: ExhibitParty, index: int, settings: ExhibitSettings) -> str:
    """The number of the exhibit at ``index`` (from 0) of list ``group``."""
    if group is ExhibitParty.JOINT:
        if settings.scheme is NumberingScheme.JOINT:
            return str(settings.plaintiff_start + index)
        return f"J{index + 1}"
    if group is ExhibitParty.PLAINTIFF:
        return str(settings.plaintiff_start + index)
    if settings.scheme is NumberingScheme.SEPARATE:
        return alpha_number(settings.defendant_start + index)
    return str(settings.defendant_start + index)


def number_exhibits(exhibits: Iterable[Exhibit], settings: ExhibitSettings) -> list[NumberedExhibit]:
    """Number a case's exhibits: the plaintiff's list, then the defendant's, then the joint list."""
    numbered: list[NumberedExhibit] = []
    for group, members in ordered_lists(exhibits, settings.scheme).items():
        for index, exhibit in enumerate(members):
            number = exhibit_number(group, index, settings)
            numbered.append(
                NumberedExhibit(
                    exhibit=exhibit,
                    number=number,
                    heading=_HEADINGS[group],
                    label=f"{_LABELS[group]} {number}",
                    colour=_COLOURS[group],
                    group=group,
                    index=index,
                )
            )
    return numbered


def moved_positions(
    exhibits: Sequence[Exhibit], exhibit_id: int, new_index: int, scheme: NumberingScheme
) -> dict[int, int]:
    """New positions (by exhibit id) that put an exhibit at ``new_index`` of its list.

    The exhibits of the list keep the set of positions they hold between them, so the other lists'
    order is untouched. Only changed positions are returned.

    Raises:
        KeyError: No exhibit has that id.
    """
    target = next((e for e in exhibits if e.id == exhibit_id), None)
    if target is None:
        raise KeyError(exhibit_id)
    members = ordered_lists(exhibits, scheme)[list_group(target.party, scheme)]
    slots = [e.position for e in members]
    order = [e for e in members if e.id != exhibit_id]
    order.insert(max(0, min(new_index, len(order))), target)
    return {e.id or 0: slot for e, slot in zip(order, slots, strict=True) if e.position != slot}


def renumbered_on_record(
    before: Sequence[NumberedExhibit], after: Sequence[NumberedExhibit]
) -> list[NumberedExhibit]:
    """Exhibits marked or admitted whose number a change would alter (as they are numbered before it)."""
    numbers = {n.exhibit.id: n.label for n in after}
    return [n for n in before if n.on_record and numbers.get(n.exhibit.id, n.label) != n.label]


def with_status(exhibit: Exhibit, status: ExhibitStatus, today: date) -> Exhibit:
    """The exhibit given ``status`` on ``today``: the status's date is set to today unless it has one.

    Leaving Admitted clears the date admitted (only an admitted exhibit has one).
    """
    offered_on, marked_on, admitted_on = exhibit.offered_on, exhibit.marked_on, exhibit.admitted_on
    if status is ExhibitStatus.OFFERED:
        offered_on = offered_on or today
    if status is ExhibitStatus.MARKED:
        marked_on = marked_on or today
    admitted_on = (admitted_on or today) if status is ExhibitStatus.ADMITTED else None
    return replace(
        exhibit, status=status, offered_on=offered_on, marked_on=marked_on, admitted_on=admitted_on
    )


def exhibit_errors(exhibit: Exhibit, today: date, page_count: int | None = None) -> dict[str, str]:
    """Problems with an exhibit, by field name; empty when it can be saved.

    Args:
        exhibit: The exhibit as entered.
        today: Dates after it are refused.
        page_count: Pages of its document, when it has one and they are known (0: unknown).
    """
    errors: dict[str, str] = {}
    description = exhibit.description.strip()
    if not description:
        errors["description"] = "Describe the exhibit (e.g. “MRI report, Dr. Ruiz”)."
    elif len(description) > MAX_DESCRIPTION:
        errors["description"] = f"At most {MAX_DESCRIPTION} characters ({len(description)} typed)."
    if len(exhibit.notes.strip()) > MAX_NOTES:
        errors["notes"] = f"At most {MAX_NOTES} characters ({len(exhibit.notes.strip())} typed)."
    errors.update(_page_errors(exhibit, page_count))
    for key, value, label in (
        ("exhibit_date", exhibit.exhibit_date, "The document's date"),
        ("offered_on", exhibit.offered_on, "The date offered"),
        ("marked_on", exhibit.marked_on, "The date marked"),
        ("admitted_on", exhibit.admitted_on, "The date admitted"),
    ):
        if value is None:
            continue
        if value > today:
            errors[key] = f"{label} cannot be in the future."
        elif value < EARLIEST_DATE:
            errors[key] = f"{label} cannot be before {EARLIEST_DATE:%Y}."
    errors.update(_status_errors(exhibit, errors))
    return errors


def _page_errors(exhibit: Exhibit, page_count: int | None) -> dict[str, str]:
    errors: dict[str, str] = {}
    first, last = exhibit.page_from, exhibit.page_to
    if exhibit.document_id is None:
        if first is not None or last is not None:
            errors["document_id"] = "Choose the document these pages are from, or clear the pages."
        return errors
    if first is not None and first < 1:
        errors["page_from"] = "Pages are counted from 1."
    if last is not None and last < 1:
        errors["page_to"] = "Pages are counted from 1."
    if errors:
        return errors
    if first is not None and last is not None and first > last:
        errors["page_to"] = f"The last page cannot come before the first ({first})."
    elif page_count:
        for key, page in (("page_from", first), ("page_to", last)):
            if page is not None and page > page_count:
                errors[key] = f"The document has {page_count} page{'s' if page_count != 1 else ''}."
    return errors


def _status_errors(exhibit: Exhibit, errors: dict[str, str]) -> dict[str, str]:
    status = exhibit.status
    problems: dict[str, str] = {}
    if status is ExhibitStatus.OFFERED and exhibit.offered_on is None:
        problems["offered_on"] = "An offered exhibit needs the date it was offered."
    if status is ExhibitStatus.MARKED and exhibit.marked_on is None:
        problems["marked_on"] = "A marked exhibit needs the date it was marked."
    if status is ExhibitStatus.ADMITTED and exhibit.admitted_on is None:
        problems["admitted_on"] = "An admitted exhibit needs the date it was admitted."
    if status is not ExhibitStatus.ADMITTED and exhibit.admitted_on is not None:
        problems["admitted_on"] = (
            f"Only an admitted exhibit has a date admitted: clear it, or set the status to Admitted "
            f"(it is {status.label})."
        )
    admitted = exhibit.admitted_on
    if admitted is not None and "admitted_on" not in errors and "admitted_on" not in problems:
        for value, label in ((exhibit.offered_on, "offered"), (exhibit.marked_on, "marked")):
            if value is not None and value > admitted:
                problems["admitted_on"] = f"It cannot be admitted before it was {label} ({value:%m/%d/%Y})."
                break
    return {key: message for key, message in problems.items() if key not in errors}


def settings_errors(
    settings: ExhibitSettings, plaintiff_count: int = 0, defendant_count: int = 0
) -> dict[str, str]:
    """Problems with numbering settings for a case with these many plaintiff's and defendant's exhibits.

    Under ``RANGES`` the party that starts lower must end below the other's start.
    """
    errors: dict[str, str] = {}
    for key, value in (
        ("plaintiff_start", settings.plaintiff_start),
        ("defendant_start", settings.defendant_start),
    ):
        if not 1 <= value <= MAX_START:
            errors[key] = f"Start from a number between 1 and {MAX_START:,}."
    if errors or settings.scheme is not NumberingScheme.RANGES:
        return errors
    if settings.plaintiff_start == settings.defendant_start:
        errors["defendant_start"] = (
            "Both parties would start at the same number; give the defendant a higher start (e.g. 500)."
        )
        return errors
    parties = sorted(
        [
            ("plaintiff", "Plaintiff's", settings.plaintiff_start, plaintiff_count),
            ("defendant", "Defendant's", settings.defendant_start, defendant_count),
        ],
        key=lambda p: p[2],
    )
    (_, low_name, low_start, low_count), (high_key, high_name, high_start, _count) = parties
    last = low_start + max(low_count, 1) - 1
    if last >= high_start:
        errors[f"{high_key}_start"] = (
            f"{low_name} exhibits {low_start}–{last} would run into the "
            f"{high_name.lower()} numbers, which start at {high_start}. "
            f"Start the {high_key}'s numbers at {last + 1} or higher."
        )
    return errors


def description_with_date(exhibit: Exhibit) -> str:
    """The description with the document's date, as the exhibit list prints it."""
    if exhibit.exhibit_date is None:
        return exhibit.description.strip()
    return f"{exhibit.description.strip()} ({exhibit.exhibit_date:%m/%d/%Y})"
