"""The trial binder: its layout per case, and its export as one PDF (or one per witness)."""

from __future__ import annotations

from collections.abc import Sequence

from casedesk.domain.binder import (
    BinderLayout,
    LayoutItem,
    LayoutSection,
    SectionKind,
    TemplateSection,
    validate_pages,
    validate_title,
)
from casedesk.domain.errors import ValidationError
from casedesk.services.clock import Clock
from casedesk.store import binder as binder_store
from casedesk.store import cases as case_store
from casedesk.store import documents as document_store
from casedesk.store.casefile import CaseFile

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
    ) -> None:
        """Serve one case file.

        Args:
            case_file: The open case file.
            clock: Gives the date a binder is prepared on.
            template: The sections a case's binder starts with (``resources/binder/default.toml``).
        """
        self._case_file = case_file
        self._clock = clock
        self._template = tuple(template)

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
        """
        with self._case_file.session() as session:
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
