"""A case's trial-binder layout: its sections in trial order, what each generates, the documents filed in it.

The layout is what the case manager arranges; the binder service turns it, with the exhibit list, the
witnesses, the chronology and the specials, into a :class:`~casedesk.domain.binder_plan.BinderPlan`. A new
case's layout comes from the shipped template (``resources/binder/default.toml``).
"""

from __future__ import annotations

import enum
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

#: Longest section title.
MAX_TITLE = 200


class SectionKind(enum.StrEnum):
    """What a binder section is for, and so which pages the binder generates in it."""

    REFERENCE = "reference"
    PLEADINGS = "pleadings"
    MOTIONS = "motions"
    VOIR_DIRE = "voir_dire"
    OPENING = "opening"
    ORDER_OF_PROOF = "order_of_proof"
    WITNESSES = "witnesses"
    EXHIBITS = "exhibits"
    MEDICAL_SUMMARY = "medical_summary"
    SPECIALS = "specials"
    JURY_INSTRUCTIONS = "jury_instructions"
    CLOSING = "closing"
    CUSTOM = "custom"

    @property
    def label(self) -> str:
        """Display name, e.g. ``Order of proof``."""
        return _KIND_LABELS[self]

    @property
    def generates(self) -> str:
        """What the binder generates in such a section ("" when it holds only the documents filed in it)."""
        return _KIND_GENERATES.get(self, "")


_KIND_LABELS = {
    SectionKind.REFERENCE: "Reference",
    SectionKind.PLEADINGS: "Pleadings and discovery",
    SectionKind.MOTIONS: "Motions in limine",
    SectionKind.VOIR_DIRE: "Voir dire",
    SectionKind.OPENING: "Opening statement",
    SectionKind.ORDER_OF_PROOF: "Order of proof",
    SectionKind.WITNESSES: "Witnesses",
    SectionKind.EXHIBITS: "Exhibits",
    SectionKind.MEDICAL_SUMMARY: "Medical summary",
    SectionKind.SPECIALS: "Specials",
    SectionKind.JURY_INSTRUCTIONS: "Jury instructions and verdict form",
    SectionKind.CLOSING: "Closing argument",
    SectionKind.CUSTOM: "Other",
}

_KIND_GENERATES = {
    SectionKind.REFERENCE: "Case summary sheet",
    SectionKind.ORDER_OF_PROOF: "Order of proof",
    SectionKind.WITNESSES: "Witness sheets",
    SectionKind.EXHIBITS: "Exhibit index and exhibits",
    SectionKind.MEDICAL_SUMMARY: "Medical chronology",
    SectionKind.SPECIALS: "Specials",
}


@dataclass(frozen=True, slots=True)
class LayoutItem:
    """A stored document (or some of its pages) filed in a section.

    Attributes:
        page_from: First page, 1-based (``None``: from the first page).
        page_to: Last page, inclusive (``None``: to the last page).
        document_name: The document's display name (filled when read; not stored here).
        page_count: The document's pages (filled when read).
    """

    section_id: int
    document_id: int
    page_from: int | None = None
    page_to: int | None = None
    position: int = 0
    document_name: str = ""
    page_count: int = 0
    id: int | None = None

    @property
    def first_page(self) -> int:
        """The first page filed."""
        return self.page_from or 1

    @property
    def last_page(self) -> int:
        """The last page filed."""
        return self.page_to or self.page_count

    @property
    def pages_text(self) -> str:
        """``all 12 pages``, ``pages 3–5``, ``page 4``."""
        if self.page_from is None and self.page_to is None:
            count = self.page_count
            return f"all {count} page{'s' if count != 1 else ''}" if count else "all pages"
        if self.first_page == self.last_page:
            return f"page {self.first_page}"
        return f"pages {self.first_page}–{self.last_page}"


@dataclass(frozen=True, slots=True)
class LayoutSection:
    """One tab of a case's binder.

    Attributes:
        position: Its place in the binder, from 0.
        items: The documents filed in it, in order.
    """

    case_id: int
    kind: SectionKind
    title: str
    position: int = 0
    items: tuple[LayoutItem, ...] = ()
    id: int | None = None


@dataclass(frozen=True, slots=True)
class BinderLayout:
    """A case's binder sections, in order."""

    case_id: int
    sections: tuple[LayoutSection, ...] = ()

    def section(self, section_id: int) -> LayoutSection | None:
        """The section with this id, if it is in the layout."""
        return next((s for s in self.sections if s.id == section_id), None)


@dataclass(frozen=True, slots=True)
class TemplateSection:
    """A section the template gives a new layout."""

    kind: SectionKind
    title: str


def parse_template(data: Mapping[str, Any], source: str) -> tuple[TemplateSection, ...]:
    """The sections of a binder template read from TOML.

    Args:
        data: The parsed TOML: ``[[section]]`` tables with ``kind`` and ``title``.
        source: The file's name, for the messages.

    Raises:
        ValueError: The data is malformed; the message names the file and the section.
    """
    entries = data.get("section")
    if not isinstance(entries, list) or not entries:
        raise ValueError(f"{source}: lists no [[section]] tables")
    sections: list[TemplateSection] = []
    for number, entry in enumerate(entries, start=1):
        where = f"{source}: section {number}"
        if not isinstance(entry, dict):
            raise ValueError(f"{where} is not a table")
        unknown = set(entry) - {"kind", "title"}
        if unknown:
            raise ValueError(f"{where} has unknown keys {sorted(unknown)}")
        kind_text = entry.get("kind")
        try:
            kind = SectionKind(str(kind_text))
        except ValueError:
            known = ", ".join(k.value for k in SectionKind)
            raise ValueError(f"{where} has an unknown kind {kind_text!r} (known: {known})") from None
        title = entry.get("title", kind.label)
        if not isinstance(title, str) or not title.strip() or len(title) > MAX_TITLE:
            raise ValueError(f"{where} needs a title of 1 to {MAX_TITLE} characters")
        sections.append(TemplateSection(kind, " ".join(title.split())))
    for unique in (SectionKind.WITNESSES, SectionKind.EXHIBITS):
        if sum(1 for s in sections if s.kind is unique) > 1:
            raise ValueError(f"{source}: more than one section of kind {unique.value!r}")
    return tuple(sections)


def validate_title(title: str) -> dict[str, str]:
    """Problems with a section title; empty when it can be saved."""
    text = title.strip()
    if not text:
        return {"title": "Give the section a title."}
    if len(text) > MAX_TITLE:
        return {"title": f"A section title can be at most {MAX_TITLE} characters."}
    return {}


def validate_pages(page_from: int | None, page_to: int | None, page_count: int) -> dict[str, str]:
    """Problems with a page range of a document of ``page_count`` pages; empty when it can be filed."""
    first = page_from or 1
    last = page_to or page_count
    if page_from is not None and not 1 <= page_from <= max(page_count, 1):
        return {"page_from": f"The first page must be between 1 and {page_count}."}
    if page_to is not None and not 1 <= page_to <= max(page_count, 1):
        return {"page_to": f"The last page must be between 1 and {page_count}."}
    if last < first:
        return {"page_to": "The last page cannot come before the first page."}
    return {}


def moved(ids: Sequence[int], item_id: int, index: int) -> list[int]:
    """The ids with ``item_id`` moved to ``index`` (clamped to the list)."""
    rest = [i for i in ids if i != item_id]
    index = max(0, min(index, len(rest)))
    return [*rest[:index], item_id, *rest[index:]]


def tab_label(index: int) -> str:
    """The tab printed on a section's divider: ``1``, ``2``… in binder order (``index`` from 0)."""
    return str(index + 1)
