"""A case's trial-binder layout: its sections and the documents filed in each.

Tables: ``binder_sections`` (in trial order) and ``binder_items``.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, TypeVar

from sqlalchemy import ForeignKey, Integer, String, delete, func, select
from sqlalchemy.orm import Mapped, Session, mapped_column

from casedesk.domain.binder import LayoutItem, LayoutSection, SectionKind, moved
from casedesk.domain.errors import NotFoundError, ValidationError
from casedesk.store.base import Base, Versioned
from casedesk.store.documents import DocumentRow


class BinderSectionRow(Versioned, Base):
    """One tab of the binder (``binder_sections``): its kind says which pages are generated for it."""

    __tablename__ = "binder_sections"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    kind: Mapped[str] = mapped_column(String(30))
    title: Mapped[str] = mapped_column(String(200))

    def to_domain(self, items: tuple[LayoutItem, ...] = ()) -> LayoutSection:
        """The section as a domain object, with the items given."""
        return LayoutSection(
            id=self.id,
            case_id=self.case_id,
            kind=SectionKind(self.kind),
            title=self.title,
            position=self.position,
            items=items,
        )

    @staticmethod
    def values(section: LayoutSection) -> dict[str, Any]:
        """Column values for the domain record (not the id)."""
        return {
            "case_id": section.case_id,
            "position": section.position,
            "kind": section.kind.value,
            "title": " ".join(section.title.split()),
        }


class BinderItemRow(Base):
    """A stored document (or some of its pages) filed in a section (``binder_items``)."""

    __tablename__ = "binder_items"

    id: Mapped[int] = mapped_column(primary_key=True)
    section_id: Mapped[int] = mapped_column(ForeignKey("binder_sections.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id", ondelete="CASCADE"), index=True)
    page_from: Mapped[int | None] = mapped_column(Integer, nullable=True)
    page_to: Mapped[int | None] = mapped_column(Integer, nullable=True)

    def to_domain(self, document_name: str = "", page_count: int = 0) -> LayoutItem:
        """The item as a domain object, with its document's name and page count."""
        return LayoutItem(
            id=self.id,
            section_id=self.section_id,
            document_id=self.document_id,
            page_from=self.page_from,
            page_to=self.page_to,
            position=self.position,
            document_name=document_name,
            page_count=page_count,
        )

    @staticmethod
    def values(item: LayoutItem) -> dict[str, Any]:
        """Column values for the domain record (not the id)."""
        return {
            "section_id": item.section_id,
            "position": item.position,
            "document_id": item.document_id,
            "page_from": item.page_from,
            "page_to": item.page_to,
        }


_Positioned = TypeVar("_Positioned", BinderSectionRow, BinderItemRow)


def list_sections(session: Session, case_id: int) -> list[LayoutSection]:
    """A case's binder sections in order, each with its documents in order."""
    rows = session.scalars(
        select(BinderSectionRow)
        .where(BinderSectionRow.case_id == case_id)
        .order_by(BinderSectionRow.position, BinderSectionRow.id)
    ).all()
    items = _items(session, [row.id for row in rows])
    return [row.to_domain(tuple(items.get(row.id, ()))) for row in rows]


def get_section(session: Session, section_id: int) -> LayoutSection:
    """One section with its documents.

    Raises:
        NotFoundError: It was deleted.
    """
    row = _section_row(session, section_id)
    return row.to_domain(tuple(_items(session, [row.id]).get(row.id, ())))


def _items(session: Session, section_ids: Sequence[int]) -> dict[int, list[LayoutItem]]:
    found: dict[int, list[LayoutItem]] = {}
    if not section_ids:
        return found
    rows = session.execute(
        select(BinderItemRow, DocumentRow.title, DocumentRow.original_name, DocumentRow.page_count)
        .join(DocumentRow, DocumentRow.id == BinderItemRow.document_id)
        .where(BinderItemRow.section_id.in_(section_ids))
        .order_by(BinderItemRow.section_id, BinderItemRow.position, BinderItemRow.id)
    ).all()
    for item, title, original_name, page_count in rows:
        name = title.strip() or original_name
        found.setdefault(item.section_id, []).append(item.to_domain(name, page_count))
    return found


def add_section(session: Session, section: LayoutSection, index: int | None = None) -> LayoutSection:
    """Add a section (without items) at ``index`` in the binder (at the end when ``None``)."""
    ids = _section_ids(session, section.case_id)
    row = BinderSectionRow(**BinderSectionRow.values(section))
    row.position = len(ids)
    session.add(row)
    session.flush()
    if index is not None:
        _renumber(session, BinderSectionRow, moved(ids, row.id, index))
    return get_section(session, row.id)


def rename_section(session: Session, section_id: int, title: str) -> LayoutSection:
    """Give a section another title."""
    row = _section_row(session, section_id)
    row.title = " ".join(title.split())
    session.flush()
    return get_section(session, section_id)


def delete_section(session: Session, section_id: int) -> LayoutSection:
    """Delete a section and its items; returns it as it was (with its items) for undo."""
    section = get_section(session, section_id)
    session.execute(delete(BinderItemRow).where(BinderItemRow.section_id == section_id))
    session.execute(delete(BinderSectionRow).where(BinderSectionRow.id == section_id))
    _renumber(session, BinderSectionRow, _section_ids(session, section.case_id))
    return section


def restore_section(session: Session, section: LayoutSection) -> LayoutSection:
    """Put a deleted section back at its place, with those of its items whose documents still exist."""
    restored = add_section(session, section, section.position)
    assert restored.id is not None
    present = set(
        session.scalars(
            select(DocumentRow.id).where(DocumentRow.id.in_([item.document_id for item in section.items]))
        )
    )
    for position, item in enumerate(i for i in section.items if i.document_id in present):
        row = BinderItemRow(**BinderItemRow.values(item))
        row.section_id = restored.id
        row.position = position
        session.add(row)
    session.flush()
    return get_section(session, restored.id)


def move_section(session: Session, section_id: int, index: int) -> None:
    """Move a section to ``index`` in its binder."""
    row = _section_row(session, section_id)
    _renumber(session, BinderSectionRow, moved(_section_ids(session, row.case_id), section_id, index))


def add_items(session: Session, section_id: int, items: Sequence[LayoutItem]) -> list[LayoutItem]:
    """File documents (or pages of them) at the end of a section, in the order given.

    Raises:
        NotFoundError: The section, or one of the documents, was deleted.
        ValidationError: A document belongs to another case.
    """
    section = _section_row(session, section_id)
    position = session.scalar(
        select(func.count()).select_from(BinderItemRow).where(BinderItemRow.section_id == section_id)
    )
    rows: list[BinderItemRow] = []
    for offset, item in enumerate(items):
        document = session.get(DocumentRow, item.document_id)
        if document is None:
            raise NotFoundError(
                "A document chosen for the binder was deleted.", "Choose the documents again."
            )
        if document.case_id != section.case_id:
            raise ValidationError({"document": f"“{document.original_name}” belongs to another case."})
        row = BinderItemRow(**BinderItemRow.values(item))
        row.section_id = section_id
        row.position = (position or 0) + offset
        session.add(row)
        rows.append(row)
    session.flush()
    added = {item.id for item in rows}
    return [item for item in _items(session, [section_id]).get(section_id, []) if item.id in added]


def move_item(session: Session, item_id: int, index: int) -> None:
    """Move an item to ``index`` in its section."""
    row = _item_row(session, item_id)
    _renumber(session, BinderItemRow, moved(_item_ids(session, row.section_id), item_id, index))


def remove_item(session: Session, item_id: int) -> LayoutItem:
    """Take an item out of its section; returns it as it was, for undo."""
    row = _item_row(session, item_id)
    item = next(i for i in _items(session, [row.section_id])[row.section_id] if i.id == item_id)
    session.delete(row)
    session.flush()
    _renumber(session, BinderItemRow, _item_ids(session, item.section_id))
    return item


def restore_item(session: Session, item: LayoutItem) -> LayoutItem:
    """Put a removed item back at its place.

    Raises:
        NotFoundError: Its section or its document was deleted since.
    """
    _section_row(session, item.section_id)
    if session.get(DocumentRow, item.document_id) is None:
        raise NotFoundError(f"“{item.document_name}” was deleted from the case, so it cannot be put back.")
    ids = _item_ids(session, item.section_id)
    row = BinderItemRow(**BinderItemRow.values(item))
    row.position = len(ids)
    session.add(row)
    session.flush()
    _renumber(session, BinderItemRow, moved(ids, row.id, item.position))
    return next(i for i in _items(session, [item.section_id])[item.section_id] if i.id == row.id)


def delete_layout(session: Session, case_id: int) -> None:
    """Delete a case's whole layout (sections and items)."""
    ids = _section_ids(session, case_id)
    if ids:
        session.execute(delete(BinderItemRow).where(BinderItemRow.section_id.in_(ids)))
        session.execute(delete(BinderSectionRow).where(BinderSectionRow.id.in_(ids)))


def _section_ids(session: Session, case_id: int) -> list[int]:
    return list(
        session.scalars(
            select(BinderSectionRow.id)
            .where(BinderSectionRow.case_id == case_id)
            .order_by(BinderSectionRow.position, BinderSectionRow.id)
        )
    )


def _item_ids(session: Session, section_id: int) -> list[int]:
    return list(
        session.scalars(
            select(BinderItemRow.id)
            .where(BinderItemRow.section_id == section_id)
            .order_by(BinderItemRow.position, BinderItemRow.id)
        )
    )


def _renumber(session: Session, table: type[_Positioned], ids: Sequence[int]) -> None:
    for position, row_id in enumerate(ids):
        row = session.get(table, row_id)
        if row is not None and row.position != position:
            row.position = position
    session.flush()


def _section_row(session: Session, section_id: int) -> BinderSectionRow:
    row = session.get(BinderSectionRow, section_id)
    if row is None:
        raise NotFoundError("This binder section was deleted.", "Choose another section.")
    return row


def _item_row(session: Session, item_id: int) -> BinderItemRow:
    row = session.get(BinderItemRow, item_id)
    if row is None:
        raise NotFoundError("This document was already taken out of the binder.")
    return row
