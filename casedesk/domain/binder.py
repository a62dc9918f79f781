"""A case's trial-binder layout: its sections in trial order, what each generates, the documents filed in it.

The layout is what the case manager arranges; the binder service turns it, with the exhibit list, the
witnesses, the chronology and the specials, into a :class:`~casedesk.domain.binder_plan.BinderPlan`. A new
case's layout comes from the shipped template (``resources/binder/default.toml``).
"""

from __future__ import annotations

import enum
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any, BinaryIO

from casedesk.domain.bates import DocumentBates
from casedesk.domain.bills import ZERO
from casedesk.domain.binder_plan import (
    BinderEntry,
    BinderPlan,
    BinderSection,
    GeneratedPages,
    SourcePages,
    Table,
)
from casedesk.domain.cases import Case
from casedesk.domain.chronology import Chronology, Visit, visit_dates
from casedesk.domain.contacts import CaseContact, ContactRole
from casedesk.domain.exhibits import Exhibit, NumberedExhibit
from casedesk.domain.money import Money
from casedesk.domain.typed import format_date, long_date
from casedesk.domain.witnesses import WitnessKind, WitnessView, witness_display

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


# --- from the layout and the case's trial material to a plan ---------------------------------------

#: The note under the specials table.
SPECIALS_NOTE = (
    "Figures from the case file's bills and lost-wage records on the date prepared; verify them against "
    "the providers' latest statements before trial."
)

#: Roles of the case's contacts listed on the case summary sheet.
SUMMARY_ROLES = (ContactRole.COURT, ContactRole.OPPOSING_COUNSEL, ContactRole.ADJUSTER, ContactRole.WITNESS)


@dataclass(frozen=True, slots=True)
class StoredFile:
    """Where a case document's stored copy is, and what opens it.

    Attributes:
        path: The file in the document store.
        name: The document's display name.
        page_count: Its pages.
        password: Opens it ("" for none).
        opener: Opens its (plain) content when ``path`` is sealed (an encrypted case file); None:
            open ``path``.
    """

    path: Path
    name: str
    page_count: int
    password: str = ""
    opener: Callable[[], BinaryIO] | None = field(default=None, compare=False, repr=False)


@dataclass(frozen=True, slots=True)
class SpecialsLine:
    """One line of the specials: a provider's bills, or a lost-wage claim.

    Attributes:
        item: ``Mercy Hospital`` or ``Lost wages — Acme Logistics``.
        billed: What was billed (or the wages lost).
        paid: What was paid on it (``None`` for wages).
        owed: What is still owed (``None`` for wages).
    """

    item: str
    billed: Money
    paid: Money | None = None
    owed: Money | None = None


@dataclass(frozen=True, slots=True)
class BinderSources:
    """Everything a case's binder is made from, read at one moment.

    Attributes:
        case: The case.
        client_name: The client's name.
        contacts: The contacts linked to the case.
        layout: The binder's sections.
        exhibits: The exhibit list, numbered, in list order (the master).
        witnesses: The witnesses in order of appearance.
        numbers: Each document's Bates numbers under the current prefix, by document id.
        files: The case's documents by id.
        chronology: The medical chronology.
        specials: The specials lines, providers first then lost wages.
        specials_total: The totals line, as the bill and wage services total them.
        prepared_on: The date the binder is prepared.
    """

    case: Case
    client_name: str
    contacts: tuple[CaseContact, ...]
    layout: BinderLayout
    exhibits: tuple[NumberedExhibit, ...]
    witnesses: tuple[WitnessView, ...]
    numbers: Mapping[int, DocumentBates]
    files: Mapping[int, StoredFile]
    chronology: Chronology
    specials: tuple[SpecialsLine, ...]
    specials_total: SpecialsLine
    prepared_on: date


def build_plan(sources: BinderSources, witness_id: int | None = None) -> BinderPlan:
    """The plan of a case's whole trial binder, or of one witness's binder.

    Raises:
        ValueError: ``witness_id`` is not one of the case's witnesses.
    """
    if witness_id is not None:
        return _witness_plan(sources, witness_id)
    sections = tuple(
        _section(sources, section, tab_label(index)) for index, section in enumerate(sources.layout.sections)
    )
    return BinderPlan(
        title="Trial Binder",
        caption=_caption(sources),
        sections=sections,
        cover_lines=_cover_lines(sources),
    )


def plan_documents(plan: BinderPlan) -> list[Path]:
    """The stored files the plan takes pages from, in binder order, each once."""
    found: dict[Path, None] = {}

    def walk(sections: Sequence[BinderSection]) -> None:
        for section in sections:
            for entry in section.entries:
                if isinstance(entry.content, SourcePages):
                    found.setdefault(entry.content.path)
            walk(section.subsections)

    walk(plan.sections)
    return list(found)


def binder_document_ids(sources: BinderSources, witness_id: int | None = None) -> list[int]:
    """The case documents a binder takes pages from, in binder order, each once."""
    by_path = {stored.path: document_id for document_id, stored in sources.files.items()}
    return [by_path[path] for path in plan_documents(build_plan(sources, witness_id)) if path in by_path]


def _caption(sources: BinderSources) -> tuple[str, ...]:
    case = sources.case
    lines = [case.caption, f"Case No. {case.number}"]
    courts = [c.contact.name for c in sources.contacts if c.role is ContactRole.COURT]
    lines.extend(courts[:1])
    return tuple(lines)


def _cover_lines(sources: BinderSources) -> tuple[str, ...]:
    lines = []
    if sources.case.attorney:
        lines.append(f"Attorney: {sources.case.attorney}")
    lines.append(f"Prepared {long_date(sources.prepared_on)}")
    return tuple(lines)


def _section(sources: BinderSources, section: LayoutSection, tab: str) -> BinderSection:
    generated: list[BinderEntry] = []
    subsections: tuple[BinderSection, ...] = ()
    kind = section.kind
    if kind is SectionKind.REFERENCE:
        generated.append(BinderEntry("Case summary", _case_summary(sources)))
    elif kind is SectionKind.ORDER_OF_PROOF:
        generated.append(BinderEntry("Order of proof", _order_of_proof(sources)))
    elif kind is SectionKind.WITNESSES:
        subsections = tuple(
            BinderSection(
                witness_display(view),
                f"{tab}.{number}",
                (BinderEntry(f"Witness sheet — {view.name}", _witness_sheet(sources, view)),),
            )
            for number, view in enumerate(sources.witnesses, start=1)
        )
    elif kind is SectionKind.EXHIBITS:
        generated.extend(_exhibit_entries(sources, sources.exhibits, "Exhibit index"))
    elif kind is SectionKind.MEDICAL_SUMMARY:
        generated.append(BinderEntry("Medical chronology", _chronology(sources)))
    elif kind is SectionKind.SPECIALS:
        generated.append(BinderEntry("Specials", _specials(sources)))
    filed = tuple(entry for item in section.items if (entry := _filed(sources, item)) is not None)
    return BinderSection(section.title, tab, (*generated, *filed), subsections)


def _filed(sources: BinderSources, item: LayoutItem) -> BinderEntry | None:
    stored = sources.files.get(item.document_id)
    if stored is None:
        return None
    first = item.page_from or 1
    last = min(item.page_to or stored.page_count, stored.page_count)
    if last < first:
        return None
    numbers = sources.numbers.get(item.document_id)
    bookmark = stored.name
    if (first, last) != (1, stored.page_count):
        bookmark += f", p. {first}" if first == last else f", pp. {first}–{last}"
    pages = SourcePages(
        stored.path,
        stored.name,
        first,
        last,
        stored.password,
        numbers.run(first) if numbers else None,
        stored.opener,
    )
    return BinderEntry(bookmark, pages)


def _case_summary(sources: BinderSources) -> GeneratedPages:
    case = sources.case
    fields = [
        ("Client", sources.client_name),
        ("Case", case.caption),
        ("Case number", case.number),
        ("Case type", case.case_type.label),
        ("Incident", ", ".join(t for t in (format_date(case.incident_date), case.incident_place) if t)),
        ("Jurisdiction", case.jurisdiction),
        ("Attorney", case.attorney),
    ]
    rows: list[tuple[str, ...]] = []
    listed: set[int | None] = set()
    for role in SUMMARY_ROLES:
        for link in sources.contacts:
            if link.role is role and link.contact.id not in listed:
                listed.add(link.contact.id)
                contact = link.contact
                rows.append(
                    (
                        role.label,
                        contact.name,
                        link.note or contact.organization,
                        contact.phone,
                        contact.email,
                    )
                )
    return GeneratedPages(
        title="Case summary",
        fields=tuple((label, value) for label, value in fields if value),
        paragraphs=(("Facts", case.facts),) if case.facts.strip() else (),
        table=Table(
            columns=("Role", "Name", "Note / organization", "Phone", "Email"),
            rows=tuple(rows),
            widths=(1.2, 1.6, 1.6, 1.1, 1.8),
        )
        if rows
        else None,
        note="" if rows else "No court, counsel, adjuster or witness contacts are linked to the case.",
    )


def _exhibits_by_id(sources: BinderSources) -> dict[int, NumberedExhibit]:
    return {n.exhibit.id: n for n in sources.exhibits if n.exhibit.id is not None}


def _order_of_proof(sources: BinderSources) -> GeneratedPages:
    exhibits = _exhibits_by_id(sources)
    rows = tuple(
        (
            str(number),
            view.name,
            view.witness.kind.label,
            ", ".join(exhibits[i].number for i in view.exhibit_ids if i in exhibits),
            format_date(view.witness.subpoena_served_on),
        )
        for number, view in enumerate(sources.witnesses, start=1)
    )
    return GeneratedPages(
        title="Order of proof",
        table=Table(
            columns=("#", "Witness", "Kind", "Exhibits", "Subpoena served"),
            rows=rows,
            right_aligned=frozenset({0}),
            widths=(0.4, 2.2, 1.4, 2.0, 1.2),
        ),
        note="" if rows else "No witnesses are on the case's witness list yet.",
    )


def _bates_range(sources: BinderSources, exhibit: Exhibit) -> str:
    if exhibit.document_id is None:
        return ""
    numbers = sources.numbers.get(exhibit.document_id)
    if numbers is None:
        return ""
    return numbers.range_label(exhibit.page_from, exhibit.page_to)


def _witness_exhibits(sources: BinderSources, view: WitnessView) -> list[NumberedExhibit]:
    """The exhibits a witness will use, in examination order, then those the witness sponsors."""
    exhibits = _exhibits_by_id(sources)
    chosen = [exhibits[i] for i in view.exhibit_ids if i in exhibits]
    listed = {n.exhibit.id for n in chosen}
    chosen.extend(
        n for n in sources.exhibits if n.exhibit.witness_id == view.id and n.exhibit.id not in listed
    )
    return chosen


def _witness_sheet(sources: BinderSources, view: WitnessView) -> GeneratedPages:
    witness = view.witness
    fields = (
        ("Kind", witness.kind.label),
        ("Organization", view.organization),
        ("Phone", view.phone),
        ("Email", view.email),
        ("Subpoena served", format_date(witness.subpoena_served_on) or "Not served"),
        ("Availability", witness.availability),
    )
    rows = tuple(
        (n.label, n.exhibit.description, _bates_range(sources, n.exhibit))
        for n in _witness_exhibits(sources, view)
    )
    paragraphs = tuple(
        (h, text) for h, text in (("Topics", witness.topics), ("Outline", witness.outline)) if text
    )
    return GeneratedPages(
        title=view.name,
        fields=tuple((label, value) for label, value in fields if value),
        paragraphs=paragraphs,
        table=Table(("Exhibit", "Description", "Bates range"), rows, widths=(1.6, 3.2, 2.2))
        if rows
        else None,
        note="" if rows else "No exhibits are chosen for this witness.",
    )


def _short_label(numbered: NumberedExhibit) -> str:
    """The exhibit's number as trial lists abbreviate it: ``PX 12``, ``DX C``, ``JX 2``."""
    party = "".join(word[0] for word in numbered.heading.split()[:1])  # P, D or J
    return f"{party}X {numbered.number.removeprefix('J')}"


def _exhibit_entries(
    sources: BinderSources, exhibits: Sequence[NumberedExhibit], index_title: str
) -> list[BinderEntry]:
    witnesses = {view.id: view.name for view in sources.witnesses}
    rows = tuple(
        (
            _short_label(n),
            n.exhibit.description,
            format_date(n.exhibit.exhibit_date),
            _bates_range(sources, n.exhibit),
            witnesses.get(n.exhibit.witness_id or 0, ""),
            n.exhibit.status.label,
        )
        for n in exhibits
    )
    index = GeneratedPages(
        title=index_title,
        table=Table(
            columns=("No.", "Description", "Date", "Bates range", "Witness", "Status"),
            rows=rows,
            widths=(0.7, 2.5, 1.1, 2.9, 1.3, 0.9),
        ),
        note="" if rows else "The exhibit list is empty.",
    )
    entries = [BinderEntry(f"{index_title} ({len(rows)} exhibit{'s' if len(rows) != 1 else ''})", index)]
    for numbered in exhibits:
        pages = _exhibit_pages(sources, numbered.exhibit)
        if pages is not None:
            bookmark = f"{numbered.label} — {numbered.exhibit.description}"
            entries.append(BinderEntry(bookmark, pages, numbered.sticker(sources.case.number)))
    return entries


def _exhibit_pages(sources: BinderSources, exhibit: Exhibit) -> SourcePages | None:
    if exhibit.document_id is None:
        return None
    stored = sources.files.get(exhibit.document_id)
    if stored is None:
        return None
    first = exhibit.page_from or 1
    last = min(exhibit.page_to or stored.page_count, stored.page_count)
    if last < first:
        return None
    numbers = sources.numbers.get(exhibit.document_id)
    return SourcePages(
        stored.path,
        stored.name,
        first,
        last,
        stored.password,
        numbers.run(first) if numbers else None,
        stored.opener,
    )


def _chronology(sources: BinderSources) -> GeneratedPages:
    rows: list[tuple[str, ...]] = []
    for row in sources.chronology.rows:
        if isinstance(row, Visit):
            rows.append((visit_dates(row), row.provider, row.summary or row.kind_text, row.cite_text))
        else:
            rows.append(("", "", row.text, ""))
    return GeneratedPages(
        title="Medical chronology",
        table=Table(("Date", "Provider", "Summary", "Cites"), tuple(rows), widths=(1.3, 1.6, 3.4, 1.9)),
        note="" if rows else "The record index has no entries yet.",
    )


def _specials(sources: BinderSources) -> GeneratedPages:
    lines = sources.specials
    rows = tuple(
        (
            line.item,
            str(line.billed),
            "" if line.paid is None else str(line.paid),
            "" if line.owed is None else str(line.owed),
        )
        for line in lines
    )
    total = sources.specials_total
    paid, owed = total.paid or ZERO, total.owed or ZERO
    return GeneratedPages(
        title="Specials",
        table=Table(
            columns=("Item", "Billed / lost", "Paid", "Owed"),
            rows=rows,
            right_aligned=frozenset({1, 2, 3}),
            widths=(3.2, 1.3, 1.3, 1.3),
            total=(total.item, str(total.billed), str(paid), str(owed)) if rows else (),
        ),
        note=SPECIALS_NOTE,
    )


def _witness_plan(sources: BinderSources, witness_id: int) -> BinderPlan:
    view = next((v for v in sources.witnesses if v.id == witness_id), None)
    if view is None:
        raise ValueError(f"witness {witness_id} is not on the case's witness list")
    sections = [
        BinderSection(
            "Witness", "1", (BinderEntry(f"Witness sheet — {view.name}", _witness_sheet(sources, view)),)
        ),
        BinderSection(
            "Exhibits", "2", tuple(_exhibit_entries(sources, _witness_exhibits(sources, view), "Exhibits"))
        ),
    ]
    if view.witness.kind is WitnessKind.TREATING_PHYSICIAN:
        sections.append(
            BinderSection(
                "Medical Chronology", "3", (BinderEntry("Medical chronology", _chronology(sources)),)
            )
        )
    return BinderPlan(
        title=f"Witness Binder — {view.name}",
        caption=_caption(sources),
        sections=tuple(sections),
        cover_lines=_cover_lines(sources),
    )
