"""The trial binder: its layout per case, and its export as one PDF (or one per witness)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from casedesk.domain.activity import Activity, ActivityKind
from casedesk.domain.binder import (
    BinderLayout,
    BinderSources,
    LayoutItem,
    LayoutSection,
    SectionKind,
    SpecialsLine,
    StoredFile,
    TemplateSection,
    binder_document_ids,
    build_plan,
    validate_pages,
    validate_title,
)
from casedesk.domain.binder_plan import BinderPlan, BinderResult
from casedesk.domain.documents import stored_name
from casedesk.domain.errors import BinderSourceError, NotFoundError, ValidationError
from casedesk.domain.progress import CancelToken, Progress, no_progress
from casedesk.domain.witnesses import WitnessView, witness_display
from casedesk.services.audit import record_export
from casedesk.services.clock import Clock, today
from casedesk.services.docstore import document_store_of
from casedesk.store import binder as binder_store
from casedesk.store import cases as case_store
from casedesk.store import contacts as contact_store
from casedesk.store import documents as document_store
from casedesk.store.activity import add_activity
from casedesk.store.casefile import CaseFile

if TYPE_CHECKING:
    from casedesk.services.bates import BatesService
    from casedesk.services.bills import BillService
    from casedesk.services.exhibits import ExhibitService
    from casedesk.services.records import RecordService
    from casedesk.services.wages import WageService
    from casedesk.services.witnesses import WitnessService

#: The production log's recipient for numbers given when a binder is exported.
BINDER_RECIPIENT = "Trial binder"

#: Kinds a binder holds at most once: their generated pages cover the whole case.
UNIQUE_KINDS = frozenset({SectionKind.WITNESSES, SectionKind.EXHIBITS})


class BinderService:
    """The trial binder: its layout per case, and its export as one PDF (or one per witness)."""

    def __init__(
        self,
        case_file: CaseFile,
        clock: Clock,
        *,
        template: Sequence[TemplateSection],
        exhibits: ExhibitService,
        witnesses: WitnessService,
        bates: BatesService,
        records: RecordService,
        bills: BillService,
        wages: WageService,
    ) -> None:
        """Serve one case file.

        Args:
            case_file: The open case file.
            clock: Gives the date a binder is prepared on.
            template: The sections a case's binder starts with (``resources/binder/default.toml``).
            exhibits: The exhibit list (the master of stickers, index and exhibit pages).
            witnesses: The witnesses in order of appearance.
            bates: Each document's Bates numbers; gives numbers to documents a binder needs.
            records: The medical chronology.
            bills: The providers' bills, for the specials.
            wages: The lost wages, for the specials.
        """
        self._case_file = case_file
        self._clock = clock
        self._template = tuple(template)
        self._exhibits = exhibits
        self._witnesses = witnesses
        self._bates = bates
        self._records = records
        self._bills = bills
        self._wages = wages

    # --- the binder ------------------------------------------------------------------------------

    def case_number(self, case_id: int) -> str:
        """The case's number, for the names of the files a binder is saved as."""
        return self._exhibits.case_number(case_id)

    def witnesses(self, case_id: int) -> list[WitnessView]:
        """The case's witnesses in order of appearance (whose binders can be exported)."""
        return self._witnesses.witnesses(case_id)

    def generated_pages(self, case_id: int) -> dict[SectionKind, tuple[str, ...]]:
        """What the binder generates in each kind of section, line by line, as the Binder sub-tab lists it.

        The exhibits section lists the index, then each exhibit with a document (its pages and sticker);
        the witnesses section lists one sheet per witness in order of appearance.
        """
        exhibits = self._exhibits.exhibits(case_id)
        witnesses = self._witnesses.witnesses(case_id)
        exhibit_lines = [f"Exhibit index ({_count(len(exhibits), 'exhibit', 'exhibits')})"]
        for numbered in exhibits:
            exhibit = numbered.exhibit
            if exhibit.document_id is None:
                exhibit_lines.append(f"{numbered.label} — {exhibit.description} (index only: no document)")
            else:
                exhibit_lines.append(f"{numbered.label} — {exhibit.description} (pages with sticker)")
        return {
            SectionKind.REFERENCE: ("Case summary sheet (parties, court, key contacts)",),
            SectionKind.ORDER_OF_PROOF: (
                f"Order of proof ({_count(len(witnesses), 'witness', 'witnesses')})",
            ),
            SectionKind.WITNESSES: tuple(f"Witness sheet — {witness_display(view)}" for view in witnesses)
            or ("No witnesses yet: add them on the Witnesses sub-tab",),
            SectionKind.EXHIBITS: tuple(exhibit_lines),
            SectionKind.MEDICAL_SUMMARY: ("Medical chronology (from the record index)",),
            SectionKind.SPECIALS: ("Specials (bills per provider and lost wages)",),
        }

    def plan(self, case_id: int, *, witness_id: int | None = None) -> BinderPlan:
        """What the binder holds now, page by page, rebuilt from the current exhibit list and layout.

        Args:
            case_id: The case.
            witness_id: One witness's binder instead of the whole trial binder.

        Raises:
            NotFoundError: The case or the witness was deleted.
        """
        sources = self._sources(case_id)
        _check_witness(sources, witness_id)
        return build_plan(sources, witness_id)

    def export(
        self,
        case_id: int,
        target: Path,
        *,
        witness_id: int | None = None,
        progress: Progress = no_progress,
        cancel: CancelToken | None = None,
        skip_unreadable: bool = False,
    ) -> BinderResult:
        """Write the binder as one PDF, giving Bates numbers first to its documents that have none.

        Numbers once given stay with the documents' pages (a production "Trial binder" logs them), so a
        second export shows the same numbers. The exhibit list is read afresh: stickers, index and exhibit
        pages always agree with it.

        Raises:
            NotFoundError: The case or the witness was deleted.
            BinderSourceError: A document cannot be read (unless ``skip_unreadable``); nothing was written
                and nothing numbered. With ``skip_unreadable`` it is left out, and left unnumbered.
            Cancelled: The user cancelled; nothing was written.
            ExportError: The file cannot be written.
        """
        from casedesk.exports.binder_pdf import write_binder

        sources = self._sources(case_id)
        _check_witness(sources, witness_id)
        if cancel is not None:
            cancel.check()
        unnumbered = [d for d in binder_document_ids(sources, witness_id) if d not in sources.numbers]
        if unnumbered:  # numbers are never given to a document that cannot be read
            problems = self._bates.unreadable(case_id, unnumbered, cancel=cancel)
            if problems and not skip_unreadable:
                raise self._unreadable_error(problems)
            unnumbered = [d for d in unnumbered if d not in problems]
        if unnumbered:
            self._bates.number_documents(case_id, unnumbered, recipient=BINDER_RECIPIENT)
            sources = replace(sources, numbers=self._bates.document_numbers(case_id))
        if cancel is not None:
            cancel.check()
        plan = build_plan(sources, witness_id)
        result = write_binder(plan, target, progress=progress, cancel=cancel, skip_unreadable=skip_unreadable)
        self._log_export(case_id, plan, target, result)
        record_export(self._case_file, case_id, plan.title, target)
        return result

    def _unreadable_error(self, problems: dict[int, str]) -> BinderSourceError:
        with self._case_file.session() as session:
            name = document_store.get_document(session, next(iter(problems))).display_name
        return BinderSourceError(
            name,
            "The binder cannot be made and nothing was numbered: " + " ".join(problems.values()),
            "Re-import it from the original, or skip it and export the rest.",
        )

    def _log_export(self, case_id: int, plan: BinderPlan, target: Path, result: BinderResult) -> None:
        body = f"{result.page_count:,} pages, saved as {target.name}."
        if result.skipped:
            body += " Left out because they could not be read: " + "; ".join(result.skipped)
        with self._case_file.session() as session:
            add_activity(
                session,
                Activity(
                    case_id=case_id,
                    kind=ActivityKind.NOTE,
                    occurred_at=self._clock(),
                    subject=f"{plan.title} exported",
                    body=body,
                ),
            )

    def _sources(self, case_id: int) -> BinderSources:
        layout = self.layout(case_id)
        with self._case_file.session() as session:
            case = case_store.get_case(session, case_id)
            client = case_store.get_client(session, case.client_id)
            contacts = tuple(contact_store.list_for_case(session, case_id))
            documents = document_store.list_documents(session, case_id)
        store = document_store_of(self._case_file)
        files = {
            doc.id: StoredFile(
                store.path_on_disk(stored_name(doc.sha256)),
                doc.display_name,
                doc.page_count,
                doc.password,
                store.opener(stored_name(doc.sha256)) if store.sealed else None,
            )
            for doc in documents
            if doc.id is not None
        }
        return BinderSources(
            case=case,
            client_name=client.name,
            contacts=contacts,
            layout=layout,
            exhibits=tuple(self._exhibits.exhibits(case_id)),
            witnesses=tuple(self._witnesses.witnesses(case_id)),
            numbers=self._bates.document_numbers(case_id),
            files=files,
            chronology=self._records.chronology(case_id),
            specials=self._specials(case_id),
            specials_total=self._specials_total(case_id),
            prepared_on=today(self._clock),
        )

    def _specials_total(self, case_id: int) -> SpecialsLine:
        bills = self._bills.totals(case_id)
        return SpecialsLine("Total", bills.billed + self._wages.total(case_id), bills.total_paid, bills.owed)

    def _specials(self, case_id: int) -> tuple[SpecialsLine, ...]:
        names = {p.id: p.name for p in self._bills.providers(case_id)}
        lines = [
            SpecialsLine(names.get(provider_id, "Provider not recorded"), t.billed, t.total_paid, t.owed)
            for provider_id, t in self._bills.totals_by_provider(case_id).items()
        ]
        lines.extend(
            SpecialsLine(f"Lost wages — {w.employer}", w.amount) for w in self._wages.lost_wages(case_id)
        )
        return tuple(lines)

    # --- the layout ------------------------------------------------------------------------------

    def layout(self, case_id: int) -> BinderLayout:
        """A case's binder sections in order, made from the template the first time it is asked for.

        Raises:
            NotFoundError: The case was deleted.
        """
        with self._case_file.session() as session:
            sections = binder_store.list_sections(session, case_id)
            if sections:
                return BinderLayout(case_id, tuple(sections))
            case_store.get_case(session, case_id)
            for section in self._template:
                binder_store.add_section(session, LayoutSection(case_id, section.kind, section.title))
            return BinderLayout(case_id, tuple(binder_store.list_sections(session, case_id)))

    def reset_layout(self, case_id: int) -> BinderLayout:
        """Replace a case's layout by the template's sections (the documents filed in it are taken out)."""
        with self._case_file.session() as session:
            case_store.get_case(session, case_id)
            binder_store.delete_layout(session, case_id)
        return self.layout(case_id)

    def add_section(
        self, case_id: int, kind: SectionKind, title: str, index: int | None = None
    ) -> LayoutSection:
        """Add a section at ``index`` (at the end when ``None``).

        Raises:
            ValidationError: The title is empty or too long, or the binder already has a section of a kind
                it may hold once (witnesses, exhibits).
        """
        errors = validate_title(title)
        if errors:
            raise ValidationError(errors)
        with self._case_file.session() as session:
            case_store.get_case(session, case_id)
            if kind in UNIQUE_KINDS and any(
                s.kind is kind for s in binder_store.list_sections(session, case_id)
            ):
                raise ValidationError(
                    {"kind": f"The binder already has a {kind.label.lower()} section; it can have only one."}
                )
            return binder_store.add_section(session, LayoutSection(case_id, kind, title), index)

    def rename_section(self, section_id: int, title: str) -> LayoutSection:
        """Give a section another title.

        Raises:
            ValidationError: The title is empty or too long.
            NotFoundError: The section was deleted.
        """
        errors = validate_title(title)
        if errors:
            raise ValidationError(errors)
        with self._case_file.session() as session:
            return binder_store.rename_section(session, section_id, title)

    def delete_section(self, section_id: int) -> LayoutSection:
        """Delete a section and the list of documents filed in it (the documents stay in the case).

        Returns what was deleted, for :meth:`restore_section`.

        Raises:
            ValidationError: It is the binder's last section.
            NotFoundError: It was already deleted.
        """
        with self._case_file.session() as session:
            section = binder_store.get_section(session, section_id)
            if len(binder_store.list_sections(session, section.case_id)) == 1:
                raise ValidationError(
                    {
                        "section": "A binder keeps at least one section. Rename this one, or use Reset to "
                        "Template to start again from the template's sections."
                    }
                )
            return binder_store.delete_section(session, section_id)

    def restore_section(self, section: LayoutSection) -> LayoutSection:
        """Put a deleted section back at its place, with its documents (those still in the case)."""
        with self._case_file.session() as session:
            return binder_store.restore_section(session, section)

    def move_section(self, section_id: int, index: int) -> None:
        """Move a section to ``index`` in the binder."""
        with self._case_file.session() as session:
            binder_store.move_section(session, section_id, index)

    def add_documents(
        self,
        section_id: int,
        document_ids: Sequence[int],
        *,
        page_from: int | None = None,
        page_to: int | None = None,
    ) -> list[LayoutItem]:
        """File documents at the end of a section, in the order given.

        Args:
            section_id: The section.
            document_ids: The case's documents.
            page_from: With one document: the first page to file (``None``: from the first).
            page_to: With one document: the last page to file (``None``: to the last).

        Raises:
            ValidationError: A page range given with several documents, or outside the document.
            NotFoundError: The section or a document was deleted.
        """
        ranged = page_from is not None or page_to is not None
        if ranged and len(document_ids) != 1:
            raise ValidationError({"pages": "Choose one document to file only some of its pages."})
        with self._case_file.session() as session:
            if ranged:
                document = document_store.get_document(session, document_ids[0])
                errors = validate_pages(page_from, page_to, document.page_count)
                if errors:
                    raise ValidationError(errors)
            items = [LayoutItem(section_id, doc, page_from, page_to) for doc in document_ids]
            return binder_store.add_items(session, section_id, items)

    def move_item(self, item_id: int, index: int) -> None:
        """Move a filed document to ``index`` in its section."""
        with self._case_file.session() as session:
            binder_store.move_item(session, item_id, index)

    def remove_item(self, item_id: int) -> LayoutItem:
        """Take a document out of its section (it stays in the case); returns it for :meth:`restore_item`."""
        with self._case_file.session() as session:
            return binder_store.remove_item(session, item_id)

    def restore_item(self, item: LayoutItem) -> LayoutItem:
        """Put a removed document back at its place.

        Raises:
            NotFoundError: Its section or the document was deleted since.
        """
        with self._case_file.session() as session:
            return binder_store.restore_item(session, item)


def _check_witness(sources: BinderSources, witness_id: int | None) -> None:
    if witness_id is not None and all(view.id != witness_id for view in sources.witnesses):
        raise NotFoundError(
            "This witness is no longer on the case's witness list.", "Choose the witness again."
        )


def _count(number: int, one: str, many: str) -> str:
    return f"{number:,} {one if number == 1 else many}"
