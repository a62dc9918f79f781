"""The chronology: the record index as date-sorted visits with their page cites, bills and treatment gaps.

A visit is what one provider did on one date of service: index entries of the same provider starting on
the same date (the ER record and its imaging report, say) make one visit, cited to all their pages. Entries
with no provider stay visits of their own.

A treatment gap is a stretch between two visits with no care at all: it runs from the last day of care so
far (the end of a hospital stay, not its admission) to the next date of service. It is flagged when it is
*longer* than the threshold: with the default of 30 days, visits on March 1 and March 31 (30 days apart)
are not a gap, March 1 and April 1 (31 days) are. Care that overlaps (a visit during a stay) leaves no gap.

A visit's bill is the provider's bills whose date of service falls within the visit's dates; each bill
counts once, for the first visit it fits. Bills that fit no indexed visit are kept apart, so the totals
never hide them.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date

from casedesk.domain.bills import Bill
from casedesk.domain.money import Money
from casedesk.domain.records import EntryKind, RecordEntry, page_cite

#: Days without treatment beyond which a gap is flagged, unless the user chooses another threshold.
DEFAULT_GAP_DAYS = 30
#: The range of thresholds the app offers.
MIN_GAP_DAYS = 1
MAX_GAP_DAYS = 365
#: How a visit without a provider names it.
NO_PROVIDER = "Provider not recorded"


@dataclass(frozen=True, slots=True)
class Cite:
    """Pages of a stored document a visit is cited to.

    Attributes:
        document_id: The document (``None``: the entry is cited to no document).
        document: Its display name.
    """

    document_id: int | None
    document: str
    page_from: int | None = None
    page_to: int | None = None

    @property
    def text(self) -> str:
        """``Mercy ER records, pp. 3–5``."""
        return page_cite(self.document, self.page_from, self.page_to)


@dataclass(frozen=True, slots=True)
class Visit:
    """One provider's care on one date of service (or a stay), from one or more index entries.

    Attributes:
        service_to: The last day, for a stay or a series (``None``: one day).
        provider: The provider's name (:data:`NO_PROVIDER` when the entries name none).
        billed: What the provider billed for these dates (``None``: no bill entered).
        entry_ids: The index entries the visit is made of.
    """

    service_from: date
    service_to: date | None
    provider_id: int | None
    provider: str
    kinds: tuple[EntryKind, ...]
    complaint: str
    diagnoses: str
    procedures: str
    summary: str
    cites: tuple[Cite, ...]
    billed: Money | None = None
    entry_ids: tuple[int, ...] = ()

    @property
    def last_day(self) -> date:
        """The last day of care of the visit."""
        return self.service_to or self.service_from

    @property
    def kind_text(self) -> str:
        """``Emergency room, Imaging``."""
        return ", ".join(kind.label for kind in self.kinds)

    @property
    def cite_text(self) -> str:
        """All cites, ``; `` between them."""
        return "; ".join(cite.text for cite in self.cites)

    @property
    def first_cite(self) -> Cite | None:
        """The first cite to a document's page, for opening the record."""
        return next((c for c in self.cites if c.document_id is not None and c.page_from is not None), None)


@dataclass(frozen=True, slots=True)
class TreatmentGap:
    """A stretch without treatment longer than the threshold.

    Attributes:
        last_care: The last day of care before it.
        next_visit: The date of service that ends it.
    """

    last_care: date
    next_visit: date

    @property
    def days(self) -> int:
        """Days from the last care to the next visit."""
        return (self.next_visit - self.last_care).days

    @property
    def text(self) -> str:
        """``Gap in treatment: 47 days, Apr 2 – May 19, 2026``."""
        return f"Gap in treatment: {self.days:,} days, {date_span(self.last_care, self.next_visit)}"


ChronologyRow = Visit | TreatmentGap


@dataclass(frozen=True, slots=True)
class OtherBill:
    """A bill whose date of service fits no indexed visit of its provider.

    Attributes:
        provider: The provider's name.
    """

    bill: Bill
    provider: str


@dataclass(frozen=True, slots=True)
class Chronology:
    """A case's visits in date order, with the gaps flagged between them.

    Attributes:
        rows: Visits and gaps in date order (a gap comes right before the visit that ends it).
        gap_days: The threshold the gaps were flagged with.
        unmatched_bills: Bills that fit no indexed visit, by date of service.
    """

    rows: tuple[ChronologyRow, ...]
    gap_days: int = DEFAULT_GAP_DAYS
    unmatched_bills: tuple[OtherBill, ...] = field(default=())

    @property
    def visits(self) -> list[Visit]:
        """The visits, in date order."""
        return [row for row in self.rows if isinstance(row, Visit)]

    @property
    def gaps(self) -> list[TreatmentGap]:
        """The flagged gaps, in date order."""
        return [row for row in self.rows if isinstance(row, TreatmentGap)]

    @property
    def providers(self) -> list[str]:
        """The providers seen, in the order of their first visit."""
        names: list[str] = []
        for visit in self.visits:
            if visit.provider_id is not None and visit.provider not in names:
                names.append(visit.provider)
        return names

    @property
    def billed(self) -> Money:
        """What was billed for the visits."""
        return sum((visit.billed for visit in self.visits if visit.billed is not None), Money.zero())

    @property
    def unmatched_billed(self) -> Money:
        """What was billed for dates no visit is indexed for."""
        return sum((other.bill.billed for other in self.unmatched_bills), Money.zero())

    @property
    def first_day(self) -> date | None:
        """The first date of service."""
        visits = self.visits
        return visits[0].service_from if visits else None

    @property
    def last_day(self) -> date | None:
        """The last day of care."""
        return max((visit.last_day for visit in self.visits), default=None)


def build_chronology(
    entries: Iterable[RecordEntry],
    *,
    providers: Mapping[int, str],
    documents: Mapping[int, str],
    bills: Sequence[Bill] = (),
    gap_days: int = DEFAULT_GAP_DAYS,
) -> Chronology:
    """The chronology of a case's index entries (rules in the module docstring).

    Args:
        entries: The case's index entries, in any order.
        providers: Provider names by :class:`~casedesk.domain.providers.CaseProvider` id.
        documents: Document display names by id.
        bills: The case's bills.
        gap_days: Gaps longer than this many days are flagged.
    """
    visits = _visits(entries, providers, documents)
    visits, unmatched = _with_bills(visits, bills)
    rows: list[ChronologyRow] = []
    care_until: date | None = None
    for visit in visits:
        if care_until is not None and (visit.service_from - care_until).days > gap_days:
            rows.append(TreatmentGap(care_until, visit.service_from))
        rows.append(visit)
        care_until = visit.last_day if care_until is None else max(care_until, visit.last_day)
    others = tuple(OtherBill(bill, providers.get(bill.provider_id, "") or NO_PROVIDER) for bill in unmatched)
    return Chronology(tuple(rows), gap_days, others)


def _visits(
    entries: Iterable[RecordEntry], providers: Mapping[int, str], documents: Mapping[int, str]
) -> list[Visit]:
    groups: dict[tuple[object, ...], list[RecordEntry]] = {}
    for entry in sorted(entries, key=lambda e: (e.service_from, e.id or 0)):
        key: tuple[object, ...] = (
            ("provider", entry.provider_id, entry.service_from)
            if entry.provider_id is not None
            else ("entry", id(entry))
        )
        groups.setdefault(key, []).append(entry)
    visits = [_visit(group, providers, documents) for group in groups.values()]
    visits.sort(key=lambda v: (v.service_from, v.provider_id is None, v.provider.casefold(), v.entry_ids))
    return visits


def _visit(group: list[RecordEntry], providers: Mapping[int, str], documents: Mapping[int, str]) -> Visit:
    first = group[0]
    ends = [entry.service_to for entry in group if entry.service_to is not None]
    provider = providers.get(first.provider_id, "") if first.provider_id is not None else ""
    cites = []
    for entry in group:
        if entry.document_id is None:
            continue
        name = documents.get(entry.document_id, "Document not found")
        cite = Cite(entry.document_id, name, entry.page_from, entry.page_to)
        if cite not in cites:
            cites.append(cite)
    return Visit(
        service_from=first.service_from,
        service_to=max(ends) if ends and max(ends) > first.service_from else None,
        provider_id=first.provider_id,
        provider=provider or NO_PROVIDER,
        kinds=tuple(dict.fromkeys(entry.kind for entry in group)),
        complaint=_joined(entry.complaint for entry in group),
        diagnoses=_joined(entry.diagnoses for entry in group),
        procedures=_joined(entry.procedures for entry in group),
        summary=_joined(entry.summary for entry in group),
        cites=tuple(cites),
        entry_ids=tuple(entry.id for entry in group if entry.id is not None),
    )


def _joined(texts: Iterable[str]) -> str:
    """Distinct non-empty texts, in order, joined by "; "."""
    return "; ".join(dict.fromkeys(text.strip() for text in texts if text.strip()))


def _with_bills(visits: list[Visit], bills: Sequence[Bill]) -> tuple[list[Visit], list[Bill]]:
    billed: dict[int, Money] = {}
    unmatched: list[Bill] = []
    for bill in sorted(bills, key=lambda b: (b.service_from, b.id or 0)):
        index = next(
            (
                i
                for i, visit in enumerate(visits)
                if visit.provider_id == bill.provider_id
                and visit.service_from <= bill.service_from <= visit.last_day
            ),
            None,
        )
        if index is None:
            unmatched.append(bill)
        else:
            billed[index] = billed.get(index, Money.zero()) + bill.billed
    return [replace(v, billed=billed[i]) if i in billed else v for i, v in enumerate(visits)], unmatched


def short_date(day: date) -> str:
    """``Apr 2, 2026``."""
    return f"{day:%b} {day.day}, {day.year}"


def date_span(first: date, last: date) -> str:
    """``Apr 2 – May 19, 2026``; the year on both ends when they differ."""
    if first.year == last.year:
        return f"{first:%b} {first.day} – {short_date(last)}"
    return f"{short_date(first)} – {short_date(last)}"


def visit_dates(visit: Visit) -> str:
    """A visit's dates as the tables show them: ``03/14/2026`` or ``03/14/2026 – 03/18/2026``."""
    if visit.service_to is None:
        return f"{visit.service_from:%m/%d/%Y}"
    return f"{visit.service_from:%m/%d/%Y} – {visit.service_to:%m/%d/%Y}"
