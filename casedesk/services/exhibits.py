"""A case's trial exhibits: the list in each party's order, its numbering, and the exhibit list export."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import date, datetime, time
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from casedesk.domain.activity import Activity, ActivityKind, Direction
from casedesk.domain.errors import ExportError, NotFoundError, ValidationError
from casedesk.domain.exhibits import (
    Exhibit,
    ExhibitList,
    ExhibitListRow,
    ExhibitParty,
    ExhibitSettings,
    ExhibitStatus,
    NumberedExhibit,
    NumberingScheme,
    description_with_date,
    exhibit_errors,
    list_group,
    moved_positions,
    number_exhibits,
    renumbered_on_record,
    settings_errors,
    with_status,
)
from casedesk.services.audit import record_export
from casedesk.services.clock import Clock, today
from casedesk.services.conflicts import refuse_if_changed
from casedesk.store import cases as case_store
from casedesk.store import exhibits as exhibit_store
from casedesk.store.activity import add_activity
from casedesk.store.casefile import CaseFile

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

#: The suffixes :meth:`ExhibitService.export_list` writes.
EXPORT_SUFFIXES = (".pdf", ".xlsx")


class DocumentNumbers(Protocol):
    """The Bates numbers a document's pages carry (``casedesk.domain.bates.DocumentBates``)."""

    def range_label(self, page_from: int | None = None, page_to: int | None = None) -> str:
        """``SMITH000010–SMITH000014`` for these pages (all pages by default)."""
        ...


class BatesNumbers(Protocol):
    """What the exhibit list reads from the Bates service."""

    def document_numbers(self, case_id: int) -> Mapping[int, DocumentNumbers]:
        """The numbers of a case's documents, by document id."""
        ...


@dataclass(frozen=True, slots=True)
class ExhibitView:
    """An exhibit as the exhibit table shows it.

    Attributes:
        document: The document's name, or ``""`` when it has none (or it was deleted).
        page_count: The document's pages (0 when unknown or no document).
        bates: The Bates range of the exhibit's pages, or ``""`` when they are not numbered.
        witness: The sponsoring witness's name, or ``""``.
    """

    numbered: NumberedExhibit
    document: str
    page_count: int
    bates: str
    witness: str

    @property
    def exhibit(self) -> Exhibit:
        """The exhibit record."""
        return self.numbered.exhibit

    @property
    def pages_text(self) -> str:
        """``MRI report.pdf, pp. 3–5``, ``… (12 pp.)``, or ``no document``."""
        exhibit = self.exhibit
        if exhibit.document_id is None or not self.document:
            return "no document"
        first = exhibit.page_from or 1
        last = exhibit.page_to or self.page_count
        if exhibit.page_from is None and exhibit.page_to is None:
            return f"{self.document} ({self.page_count} pp.)" if self.page_count else self.document
        if first == last:
            return f"{self.document}, p. {first}"
        return f"{self.document}, pp. {first}–{last}" if last else f"{self.document}, from p. {first}"


@dataclass(frozen=True, slots=True)
class DeletedExhibit:
    """An exhibit deleted with its places on witnesses' lists: what undo puts back."""

    exhibit: Exhibit
    witness_links: tuple[exhibit_store.WitnessLink, ...] = ()

    @property
    def id(self) -> int | None:
        """The exhibit's id."""
        return self.exhibit.id


class ExhibitService:
    """A case's trial exhibits: the list in each party's order, its numbering, and the exhibit list export."""

    def __init__(self, case_file: CaseFile, clock: Clock, bates: BatesNumbers | None = None) -> None:
        """Serve one case file.

        Args:
            case_file: The open case file.
            clock: Gives today's date (status dates cannot be after it).
            bates: Gives the Bates numbers of the case's documents (the list prints each exhibit's range).
        """
        self._case_file = case_file
        self._clock = clock
        self._bates = bates

    # --- reading ---------------------------------------------------------------------------------

    def exhibits(self, case_id: int) -> list[NumberedExhibit]:
        """A case's exhibits, numbered: the plaintiff's list, then the defendant's (``JOINT``: one list)."""
        with self._case_file.session() as session:
            return self._numbered(session, case_id)

    def get(self, exhibit_id: int) -> NumberedExhibit:
        """One exhibit with its number.

        Raises:
            NotFoundError: It was deleted.
        """
        with self._case_file.session() as session:
            exhibit = exhibit_store.get_exhibit(session, exhibit_id)
            return next(n for n in self._numbered(session, exhibit.case_id) if n.exhibit.id == exhibit_id)

    def settings(self, case_id: int) -> ExhibitSettings:
        """How the case numbers its exhibits."""
        with self._case_file.session() as session:
            return exhibit_store.get_settings(session, case_id)

    def case_number(self, case_id: int) -> str:
        """The case's number (for file names).

        Raises:
            NotFoundError: The case was deleted.
        """
        with self._case_file.session() as session:
            return case_store.get_case(session, case_id).number

    def views(self, case_id: int) -> list[ExhibitView]:
        """The exhibits as the exhibit table shows them, with document, Bates range and witness."""
        with self._case_file.session() as session:
            numbered = self._numbered(session, case_id)
            documents = exhibit_store.document_facts(session, case_id)
            witnesses = dict(exhibit_store.witness_names(session, case_id))
        bates = self._document_numbers(case_id)
        views = []
        for item in numbered:
            exhibit = item.exhibit
            name, pages = documents.get(exhibit.document_id or 0, ("", 0))
            numbers = bates.get(exhibit.document_id or 0)
            views.append(
                ExhibitView(
                    numbered=item,
                    document=name,
                    page_count=pages,
                    bates=numbers.range_label(exhibit.page_from, exhibit.page_to) if numbers else "",
                    witness=witnesses.get(exhibit.witness_id or 0, ""),
                )
            )
        return views

    def witness_choices(self, case_id: int) -> list[tuple[int, str]]:
        """The case's witnesses (id, name) in order of appearance, to pick a sponsoring witness from."""
        with self._case_file.session() as session:
            return exhibit_store.witness_names(session, case_id)

    def document_choices(self, case_id: int) -> list[tuple[int, str, int]]:
        """The case's documents (id, name, pages) to pick an exhibit's source from."""
        with self._case_file.session() as session:
            facts = exhibit_store.document_facts(session, case_id)
        return [(document_id, name, pages) for document_id, (name, pages) in facts.items()]

    # --- validation ------------------------------------------------------------------------------

    def errors(self, exhibit: Exhibit) -> dict[str, str]:
        """What is wrong with an exhibit; empty when it can be saved."""
        with self._case_file.session() as session:
            return self._errors(session, exhibit)

    def settings_errors(self, case_id: int, settings: ExhibitSettings) -> dict[str, str]:
        """What is wrong with numbering settings for this case's exhibits; empty when they can be saved."""
        with self._case_file.session() as session:
            return self._settings_errors(session, case_id, settings)

    # --- changes ---------------------------------------------------------------------------------

    def save_settings(self, case_id: int, settings: ExhibitSettings) -> list[NumberedExhibit]:
        """Change how the case numbers its exhibits; returns the list renumbered.

        Raises:
            ValidationError: The starts are wrong or would make the parties' numbers collide.
        """
        with self._case_file.session() as session:
            _raise(self._settings_errors(session, case_id, settings))
            exhibit_store.save_settings(session, case_id, settings)
            return self._numbered(session, case_id)

    def add(self, exhibit: Exhibit) -> NumberedExhibit:
        """Add an exhibit at the end of its party's list; an admitted or withdrawn one goes on the timeline.

        Raises:
            ValidationError: A field is wrong (or the list would run into the other party's numbers).
        """
        with self._case_file.session() as session:
            position = exhibit_store.next_position(session, exhibit.case_id)
            exhibit = replace(exhibit, id=None, position=position)
            _raise(self._errors(session, exhibit))
            saved = exhibit_store.add_exhibit(session, exhibit)
            numbered = self._find(session, saved)
            self._log_status(session, numbered, None)
            return numbered

    def update(self, exhibit: Exhibit, expected: Exhibit | None = None) -> NumberedExhibit:
        """Save changes to an exhibit; a new party puts it at the end of that party's list.

        Raises:
            ValidationError: A field is wrong; nothing is saved.
            ConflictError: It changed elsewhere since ``expected`` was read (says who changed what).
            NotFoundError: It was deleted.
        """
        with self._case_file.session() as session:
            refuse_if_changed(
                session, exhibit_store.ExhibitRow, "exhibit", expected, exhibit_store.get_exhibit
            )
            before = exhibit_store.get_exhibit(session, exhibit.id or 0)
            scheme = exhibit_store.get_settings(session, before.case_id).scheme
            position = before.position
            if list_group(exhibit.party, scheme) is not list_group(before.party, scheme):
                position = exhibit_store.next_position(session, before.case_id)
            exhibit = replace(exhibit, case_id=before.case_id, position=position)
            _raise(self._errors(session, exhibit))
            saved = exhibit_store.update_exhibit(session, exhibit)
            numbered = self._find(session, saved)
            self._log_status(session, numbered, before)
            return numbered

    def set_status(self, exhibit_id: int, status: ExhibitStatus) -> NumberedExhibit:
        """Give an exhibit a status today (its date offered, marked or admitted is today unless set).

        Raises:
            ValidationError: The exhibit cannot have this status (e.g. admitted before it was offered).
            NotFoundError: It was deleted.
        """
        with self._case_file.session() as session:
            exhibit = exhibit_store.get_exhibit(session, exhibit_id)
        return self.update(with_status(exhibit, status, today(self._clock)))

    def move(self, case_id: int, exhibit_id: int, new_index: int) -> list[NumberedExhibit]:
        """Move an exhibit to ``new_index`` (from 0) of its list; the list is renumbered.

        Raises:
            NotFoundError: The exhibit was deleted.
        """
        with self._case_file.session() as session:
            exhibits = exhibit_store.list_exhibits(session, case_id)
            scheme = exhibit_store.get_settings(session, case_id).scheme
            try:
                positions = moved_positions(exhibits, exhibit_id, new_index, scheme)
            except KeyError:
                raise NotFoundError("This exhibit no longer exists; it was deleted elsewhere.") from None
            exhibit_store.set_positions(session, positions)
            return self._numbered(session, case_id)

    def move_would_renumber(self, case_id: int, exhibit_id: int, new_index: int) -> list[NumberedExhibit]:
        """The exhibits marked or admitted whose numbers a move would change (ask before moving)."""
        with self._case_file.session() as session:
            exhibits = exhibit_store.list_exhibits(session, case_id)
            settings = exhibit_store.get_settings(session, case_id)
        try:
            positions = moved_positions(exhibits, exhibit_id, new_index, settings.scheme)
        except KeyError:
            return []
        after = [replace(e, position=positions.get(e.id or 0, e.position)) for e in exhibits]
        return renumbered_on_record(number_exhibits(exhibits, settings), number_exhibits(after, settings))

    def delete_would_renumber(self, exhibit_id: int) -> list[NumberedExhibit]:
        """The exhibits marked or admitted whose numbers deleting this one would change."""
        with self._case_file.session() as session:
            case_id = exhibit_store.get_exhibit(session, exhibit_id).case_id
            exhibits = exhibit_store.list_exhibits(session, case_id)
            settings = exhibit_store.get_settings(session, case_id)
        after = [e for e in exhibits if e.id != exhibit_id]
        return renumbered_on_record(number_exhibits(exhibits, settings), number_exhibits(after, settings))

    def delete(self, exhibit_id: int) -> DeletedExhibit:
        """Delete an exhibit (the exhibits after it are renumbered); returns it for :meth:`restore`.

        Raises:
            NotFoundError: It was deleted already.
        """
        with self._case_file.session() as session:
            exhibit = exhibit_store.get_exhibit(session, exhibit_id)
            links = exhibit_store.witness_links(session, exhibit_id)
            exhibit_store.delete_exhibit(session, exhibit_id)
            return DeletedExhibit(exhibit, tuple(links))

    def restore(self, deleted: DeletedExhibit) -> NumberedExhibit:
        """Put back a deleted exhibit at its place in the list, with its places on witnesses' lists (undo).

        It keeps its id unless another exhibit took it; its document and witness are dropped if they were
        deleted meanwhile.
        """
        with self._case_file.session() as session:
            exhibit = deleted.exhibit
            documents = exhibit_store.document_facts(session, exhibit.case_id)
            if exhibit.document_id is not None and exhibit.document_id not in documents:
                exhibit = replace(exhibit, document_id=None, page_from=None, page_to=None)
            witnesses = dict(exhibit_store.witness_names(session, exhibit.case_id))
            if exhibit.witness_id is not None and exhibit.witness_id not in witnesses:
                exhibit = replace(exhibit, witness_id=None)
            saved = exhibit_store.add_exhibit(session, exhibit, keep_id=True)
            exhibit_store.restore_witness_links(session, saved.id or 0, deleted.witness_links)
            return self._find(session, saved)

    # --- the exhibit list ------------------------------------------------------------------------

    def exhibit_list(self, case_id: int) -> ExhibitList:
        """The case's exhibit list: AO 187 columns, with each exhibit's Bates range and witness.

        Under the ``JOINT`` scheme each number goes in both the plaintiff's and the defendant's column.

        Raises:
            NotFoundError: The case was deleted.
        """
        with self._case_file.session() as session:
            case = case_store.get_case(session, case_id)
            court = exhibit_store.court_name(session, case_id)
            scheme = exhibit_store.get_settings(session, case_id).scheme
        rows = []
        for view in self.views(case_id):
            exhibit, number = view.exhibit, view.numbered.number
            group = view.numbered.group
            plaintiff = number if group in (ExhibitParty.PLAINTIFF, ExhibitParty.JOINT) else ""
            defendant = number if group in (ExhibitParty.DEFENDANT, ExhibitParty.JOINT) else ""
            rows.append(
                ExhibitListRow(
                    plaintiff_number=plaintiff,
                    defendant_number=defendant,
                    offered_on=exhibit.offered_on,
                    marked_on=exhibit.marked_on,
                    admitted_on=exhibit.admitted_on,
                    description=description_with_date(exhibit),
                    bates=view.bates,
                    witness=view.witness,
                    status=exhibit.status,
                )
            )
        return ExhibitList(
            caption=case.caption,
            case_number=case.number,
            court=court,
            prepared_on=today(self._clock),
            scheme=scheme,
            rows=tuple(rows),
        )

    def export_list(self, case_id: int, path: Path) -> Path:
        """Write the case's exhibit list to ``path``: PDF or Excel by its suffix; atomic.

        Raises:
            ExportError: The suffix is neither ``.pdf`` nor ``.xlsx``, or the file cannot be written.
            NotFoundError: The case was deleted.
        """
        suffix = path.suffix.lower()
        if suffix not in EXPORT_SUFFIXES:
            raise ExportError(
                f"An exhibit list can be saved as PDF or Excel, not “{path.suffix or path.name}”.",
                "Give the file name the ending .pdf or .xlsx.",
            )
        exhibit_list = self.exhibit_list(case_id)
        if suffix == ".pdf":
            from casedesk.exports.exhibit_list_pdf import write_exhibit_list_pdf

            write_exhibit_list_pdf(exhibit_list, path)
        else:
            from casedesk.exports.exhibit_list_xlsx import write_exhibit_list_xlsx

            write_exhibit_list_xlsx(exhibit_list, path)
        record_export(self._case_file, case_id, "Exhibit list", path)
        return path

    # --- helpers ---------------------------------------------------------------------------------

    def _numbered(self, session: Session, case_id: int) -> list[NumberedExhibit]:
        settings = exhibit_store.get_settings(session, case_id)
        return number_exhibits(exhibit_store.list_exhibits(session, case_id), settings)

    def _find(self, session: Session, exhibit: Exhibit) -> NumberedExhibit:
        return next(n for n in self._numbered(session, exhibit.case_id) if n.exhibit.id == exhibit.id)

    def _document_numbers(self, case_id: int) -> Mapping[int, DocumentNumbers]:
        if self._bates is None:
            return {}
        return self._bates.document_numbers(case_id)

    def _errors(self, session: Session, exhibit: Exhibit) -> dict[str, str]:
        page_count: int | None = None
        errors: dict[str, str] = {}
        if exhibit.document_id is not None:
            facts = exhibit_store.document_facts(session, exhibit.case_id)
            if exhibit.document_id not in facts:
                errors["document_id"] = "This document is no longer in the case; choose another."
            else:
                page_count = facts[exhibit.document_id][1]
        if exhibit.witness_id is not None:
            witnesses = dict(exhibit_store.witness_names(session, exhibit.case_id))
            if exhibit.witness_id not in witnesses:
                errors["witness_id"] = "This witness is no longer on the case; choose another."
        errors.update(exhibit_errors(exhibit, today(self._clock), page_count))
        settings = exhibit_store.get_settings(session, exhibit.case_id)
        if settings.scheme is NumberingScheme.RANGES and "party" not in errors:
            others = [e for e in exhibit_store.list_exhibits(session, exhibit.case_id) if e.id != exhibit.id]
            counts = _counts([*others, exhibit])
            problem = settings_errors(settings, *counts)
            if problem:
                errors["party"] = f"{next(iter(problem.values()))} Change the numbering (Numbering…) first."
        return errors

    def _settings_errors(self, session: Session, case_id: int, settings: ExhibitSettings) -> dict[str, str]:
        return settings_errors(settings, *_counts(exhibit_store.list_exhibits(session, case_id)))

    def _log_status(self, session: Session, numbered: NumberedExhibit, before: Exhibit | None) -> None:
        exhibit = numbered.exhibit
        if before is not None and before.status is exhibit.status:
            return
        if exhibit.status is ExhibitStatus.ADMITTED:
            day = exhibit.admitted_on or today(self._clock)
            subject = f"{numbered.label} admitted"
        elif exhibit.status is ExhibitStatus.WITHDRAWN:
            day = today(self._clock)
            subject = f"{numbered.label} withdrawn"
        else:
            return
        add_activity(
            session,
            Activity(
                case_id=exhibit.case_id,
                kind=ActivityKind.NOTE,
                occurred_at=self._moment(day),
                direction=Direction.INTERNAL,
                subject=subject,
                body=description_with_date(exhibit),
            ),
        )

    def _moment(self, day: date) -> datetime:
        now = self._clock()
        if day == now.date():
            return now
        return datetime.combine(day, time(12), tzinfo=now.tzinfo)


def _counts(exhibits: list[Exhibit]) -> tuple[int, int]:
    plaintiff = sum(e.party is ExhibitParty.PLAINTIFF for e in exhibits)
    defendant = sum(e.party is ExhibitParty.DEFENDANT for e in exhibits)
    return plaintiff, defendant


def _raise(errors: dict[str, str]) -> None:
    if errors:
        raise ValidationError(errors)
