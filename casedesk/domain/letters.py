"""Letters drafted from Word templates: the kinds, the templates and the letters generated."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal
from enum import StrEnum
from typing import Any

from casedesk.domain.bills import BillTotals
from casedesk.domain.cases import Case, Client
from casedesk.domain.chronology import Chronology, Visit
from casedesk.domain.firm import FirmProfile
from casedesk.domain.interviews import Injury
from casedesk.domain.money import Money
from casedesk.domain.negotiation import NegotiationEntry
from casedesk.domain.typed import long_date


class LetterKind(StrEnum):
    """What a letter is for."""

    DEMAND = "demand"
    PROPOSAL = "proposal"
    REPRESENTATION = "representation"
    RECORDS_REQUEST = "records_request"
    OTHER = "other"

    @property
    def label(self) -> str:
        """Display name."""
        return _KIND_LABELS[self]

    @property
    def cli_name(self) -> str:
        """The name the command line takes (``records-request``)."""
        return self.value.replace("_", "-")


_KIND_LABELS = {
    LetterKind.DEMAND: "Demand letter",
    LetterKind.PROPOSAL: "Settlement proposal",
    LetterKind.REPRESENTATION: "Letter of representation",
    LetterKind.RECORDS_REQUEST: "Medical records request (with HIPAA authorization)",
    LetterKind.OTHER: "Other letter",
}


@dataclass(frozen=True, slots=True)
class LetterTemplate:
    """A Word template letters are drafted from: one shipped with casedesk, or one the firm added.

    Attributes:
        name: The name it is chosen by.
        kind: What letters it drafts.
        builtin: Shipped with casedesk (cannot be removed); the firm's own otherwise.
        sha256: The hash of the .docx.
        added_at: When the firm added it (``None`` for a shipped one).
        id: The stored id of a firm template (``None`` for a shipped one).
    """

    name: str
    kind: LetterKind
    builtin: bool
    sha256: str = ""
    added_at: datetime | None = None
    id: int | None = None


@dataclass(frozen=True, slots=True)
class Letter:
    """A letter generated for a case and kept with it.

    Attributes:
        template_name: The template it was drafted from.
        title: What it is called in the case's documents.
        document_id: The PDF, stored as one of the case's documents.
        docx_sha256: The editable .docx, kept in the document store under this hash.
        claim_id: The claim it was written on, if any.
        provider_id: The provider a records request went to, if any.
    """

    case_id: int
    kind: LetterKind
    template_name: str
    title: str
    document_id: int
    docx_sha256: str
    created_at: datetime
    claim_id: int | None = None
    provider_id: int | None = None
    id: int | None = None


# --- Merge fields ---------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class MergeField:
    """A field a letter template can print: ``{{ client.name }}``.

    Attributes:
        name: The dotted name written in the template.
        description: What it holds.
        example: What it prints, for a typical case.
    """

    name: str
    description: str
    example: str = ""

    @property
    def top(self) -> str:
        """The name before the first dot (``client``): what the template must declare."""
        return self.name.split(".", 1)[0]


#: Every merge field a template may use (documented in ``resources/letters/fields.md``).
MERGE_FIELDS: tuple[MergeField, ...] = (
    MergeField("firm.name", "The firm's name (Edit › Firm Details…)", "Smith & Jones, P.C."),
    MergeField("firm.address_lines", "The firm's address, a list of lines", "['100 Congress Ave', …]"),
    MergeField("firm.phone", "The firm's telephone", "(512) 555-0100"),
    MergeField("firm.fax", "The firm's fax", "(512) 555-0101"),
    MergeField("firm.email", "The firm's email", "office@smithjones.law"),
    MergeField("firm.website", "The firm's website", "smithjones.law"),
    MergeField("firm.contact_line", "Phone, fax, email and website on one line", "Tel. (512) 555-0100 · …"),
    MergeField("today", "Today's date, as a letter writes it", "November 21, 2026"),
    MergeField("case.number", "The firm's file number", "2026-0142"),
    MergeField("case.caption", "The case caption", "Alvarez v. Brooks"),
    MergeField("case.attorney", "The responsible attorney (signs the letter)", "Daniel Reyes"),
    MergeField("case.jurisdiction", "The state whose law applies (code)", "TX"),
    MergeField("client.name", "The client's full name", "Maria Alvarez"),
    MergeField("client.address_lines", "The client's address, a list of lines", "['12 Elm St', …]"),
    MergeField("client.date_of_birth", "The client's date of birth", "March 2, 1984"),
    MergeField("incident.date", "The date of the incident (date of loss)", "March 3, 2026"),
    MergeField("incident.place", "Where it happened", "I-35 at Riverside Dr, Austin"),
    MergeField("incident.type", "What kind of incident", "Motor vehicle"),
    MergeField("incident.facts", "The facts of the incident, as paragraphs (a list)", "['On March 3…']"),
    MergeField("liability.summary", "Who is liable, in one paragraph", "Your insured, John Brooks, …"),
    MergeField("liability.insured", "The at-fault party (the insured)", "John Brooks"),
    MergeField("liability.fault_percent", "The client's share of fault in the valuation, or empty", "10%"),
    MergeField("injuries", "The injuries reported, a list of {part, detail}", "[{part: 'Neck', …}]"),
    MergeField("impact", "How the injuries affect daily life, a list of sentences", "['Cannot lift…']"),
    MergeField("treatment", "The treatment narrative: one paragraph per provider (a list of {text, …})", ""),
    MergeField("treatment_summary", "One sentence on the whole treatment", "Ms. Alvarez treated with 3 …"),
    MergeField("specials.rows", "The specials table: a list of {label, billed, paid}", ""),
    MergeField(
        "specials.medical_billed", "Medical expenses billed (equal to the bills' total)", "$12,345.67"
    ),
    MergeField("specials.medical_paid", "Medical expenses paid by every source", "$8,000.00"),
    MergeField("specials.lost_wages", "Lost wages", "$4,500.00"),
    MergeField("specials.property_damage", "Property damage", "$6,200.00"),
    MergeField("specials.other", "Other out-of-pocket losses", "$0.00"),
    MergeField("specials.total", "The total of the specials (medical as billed)", "$23,045.67"),
    MergeField("demand.amount", "The amount demanded, in figures", "$150,000.00"),
    MergeField("demand.words", "The amount demanded, in words", "one hundred fifty thousand dollars"),
    MergeField("demand.source", "Where the amount comes from", "initial demand of March 3, 2026"),
    MergeField("demand.time_limited", "Whether the demand is time-limited (true/false)", "true"),
    MergeField("demand.time_limit_days", "Days a time-limited demand stays open", "30"),
    MergeField("deadline", "The day the demand lapses, or empty", "December 21, 2026"),
    MergeField("claim.insurer", "The insurance company", "Progressive"),
    MergeField("claim.insured", "The policyholder", "John Brooks"),
    MergeField("claim.policy_number", "The policy number", "PA-778812"),
    MergeField("claim.claim_number", "The claim number", "12-345"),
    MergeField("claim.coverage", "What the policy covers", "Bodily injury liability"),
    MergeField("claim.adjuster", "The adjuster's name", "Janet Ortiz"),
    MergeField("claim.adjuster_address_lines", "The adjuster's address, a list of lines", ""),
    MergeField("claim.adjuster_email", "The adjuster's email", "j.ortiz@progressive.example"),
    MergeField("provider.name", "The provider a records request goes to", "Mercy Hospital"),
    MergeField("provider.address_lines", "The provider's address, a list of lines", ""),
    MergeField("provider.first_visit", "The first date of treatment", "March 3, 2026"),
    MergeField("provider.last_visit", "The last date of treatment (or 'the present')", "June 9, 2026"),
    MergeField("hipaa.discloser", "Who discloses (the provider)", "Mercy Hospital"),
    MergeField("hipaa.recipient", "To whom (the firm)", "Smith & Jones, P.C."),
    MergeField("hipaa.information", "What is disclosed", "All medical records, …"),
    MergeField("hipaa.purpose", "The purpose of the disclosure", "At the request of the individual: …"),
    MergeField("hipaa.expiry", "When the authorization expires", "November 21, 2027"),
)

#: The names a template may declare (the part of each field before the dot).
MERGE_NAMES: frozenset[str] = frozenset(merge.top for merge in MERGE_FIELDS)


def unknown_fields(declared: set[str] | frozenset[str]) -> list[str]:
    """The names a template uses that are not merge fields, sorted."""
    return sorted(set(declared) - MERGE_NAMES)


# --- Figures and dates as letters write them ----------------------------------------------------------

_ONES = [
    "zero",
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
    "thirteen",
    "fourteen",
    "fifteen",
    "sixteen",
    "seventeen",
    "eighteen",
    "nineteen",
]
_TENS = ["_", "_", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]
_SCALES = ((10**12, "trillion"), (10**9, "billion"), (10**6, "million"), (1000, "thousand"))


def number_words(number: int) -> str:
    """A whole number in words: ``one hundred fifty thousand``."""
    if number < 0:
        return "minus " + number_words(-number)
    if number < 20:
        return _ONES[number]
    if number < 100:
        tens, ones = divmod(number, 10)
        return _TENS[tens] + (f"-{_ONES[ones]}" if ones else "")
    if number < 1000:
        hundreds, rest = divmod(number, 100)
        return f"{_ONES[hundreds]} hundred" + (f" {number_words(rest)}" if rest else "")
    for scale, name in _SCALES:
        if number >= scale:
            high, rest = divmod(number, scale)
            return f"{number_words(high)} {name}" + (f" {number_words(rest)}" if rest else "")
    raise AssertionError("unreachable")  # pragma: no cover


def amount_words(amount: Money) -> str:
    """An amount in words as a demand writes it: ``one hundred fifty thousand dollars and 25 cents``."""
    dollars, cents = divmod(abs(amount.cents), 100)
    text = f"{number_words(dollars)} {'dollar' if dollars == 1 else 'dollars'}"
    if cents:
        text += f" and {number_words(cents)} {'cent' if cents == 1 else 'cents'}"
    return ("minus " if amount.cents < 0 else "") + text


def letter_date(day: date | None) -> str:
    """``March 3, 2026``; empty for none."""
    return "" if day is None else long_date(day)


def lines(text: str) -> list[str]:
    """Non-empty lines of an address or a paragraph block, stripped."""
    return [line.strip() for line in text.splitlines() if line.strip()]


def paragraphs(text: str) -> list[str]:
    """Paragraphs of typed text: blank lines separate them; single line breaks join."""
    blocks: list[list[str]] = [[]]
    for line in text.splitlines():
        if line.strip():
            blocks[-1].append(line.strip())
        elif blocks[-1]:
            blocks.append([])
    return [" ".join(block) for block in blocks if block]


# --- What a letter is drafted from ---------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ProviderTreatment:
    """One provider's care, from the chronology: the treatment narrative's paragraph.

    Attributes:
        provider_id: The case provider (``None``: visits that name none).
        name: The provider's name.
        first: The first date of service.
        last: The last day of care.
        visits: How many visits.
        kinds: What kinds of care, in the order first seen.
        findings: Diagnoses, procedures and summaries of the visits, in order, without repeats.
    """

    provider_id: int | None
    name: str
    first: date
    last: date
    visits: int
    kinds: tuple[str, ...]
    findings: tuple[str, ...]


def provider_treatments(chronology: Chronology) -> list[ProviderTreatment]:
    """The case's treatment per provider, in the order of each provider's first visit.

    The findings are the diagnoses (without their codes), then what the first and the last visit's
    records say.
    """
    groups: dict[int | None, list[Visit]] = {}
    for visit in chronology.visits:
        groups.setdefault(visit.provider_id, []).append(visit)
    treatments: list[ProviderTreatment] = []
    for provider_id, visits in groups.items():
        kinds: list[str] = []
        diagnoses: list[str] = []
        for visit in visits:
            for kind in visit.kinds:
                if kind.label not in kinds:
                    kinds.append(kind.label)
            for part in re.split(r"[;\n]", visit.diagnoses):
                text = _without_codes(part)
                if text and text.lower() not in (d.lower() for d in diagnoses):
                    diagnoses.append(text)
        findings = [f"diagnosed with {_joined(diagnoses[:MAX_DIAGNOSES])}"] if diagnoses else []
        summaries = [_sentences(v.summary) for v in (visits[0], visits[-1]) if v.summary.strip()]
        if summaries:
            findings.append(summaries[0])
        if len(visits) > 1 and len(summaries) == 2 and summaries[1] != summaries[0]:
            findings.append(f"at the last visit, on {letter_date(visits[-1].service_from)}: {summaries[1]}")
        treatments.append(
            ProviderTreatment(
                provider_id=provider_id,
                name=visits[0].provider,
                first=min(v.service_from for v in visits),
                last=max(v.last_day for v in visits),
                visits=len(visits),
                kinds=tuple(kinds),
                findings=tuple(findings),
            )
        )
    return treatments


#: At most this many diagnoses are named per provider (the chronology has the rest).
MAX_DIAGNOSES = 4
#: A visit's summary is quoted up to about this many characters, in whole sentences.
MAX_SUMMARY = 280
_CODE = re.compile(r"\b[A-TV-Z]\d{2}(?:\.[0-9A-Z]{1,4})?\b|\b\d{5}\b")


def _without_codes(text: str) -> str:
    return " ".join(_CODE.sub("", text).replace(" ,", ",").split()).strip(" ,.;:-")


def _joined(items: Sequence[str]) -> str:
    items = [item[0].lower() + item[1:] if item[:2].istitle() else item for item in items]
    if len(items) <= 2:
        return " and ".join(items)
    return ", ".join(items[:-1]) + ", and " + items[-1]


def _sentences(text: str) -> str:
    """The first sentences of a summary, up to about :data:`MAX_SUMMARY` characters, without the end stop."""
    text = " ".join(text.split())
    if len(text) <= MAX_SUMMARY:
        return text.rstrip(".")
    kept = ""
    for sentence in re.split(r"(?<=[.!?])\s+", text):
        if kept and len(kept) + len(sentence) > MAX_SUMMARY:
            break
        kept = f"{kept} {sentence}".strip()
    return (kept if len(kept) <= MAX_SUMMARY + 80 else kept[:MAX_SUMMARY].rsplit(" ", 1)[0] + "…").rstrip(".")


def treatment_text(treatment: ProviderTreatment, client: str) -> str:
    """``Mercy Hospital treated Maria Alvarez from March 3, 2026 to June 9, 2026 (12 visits): …``."""
    count = "1 visit" if treatment.visits == 1 else f"{treatment.visits} visits"
    if treatment.first == treatment.last:
        when = f"on {letter_date(treatment.first)}"
    else:
        when = f"from {letter_date(treatment.first)} to {letter_date(treatment.last)}"
    text = f"{treatment.name} treated {client} {when} ({count}"
    if treatment.kinds:
        text += f": {', '.join(kind.lower() for kind in treatment.kinds)}"
    text += ")"
    if treatment.findings:
        text += ", " + "; ".join(treatment.findings)
    return text + "."


def treatment_summary(treatments: Sequence[ProviderTreatment], client: str) -> str:
    """One sentence on all the care: ``Maria Alvarez treated with 3 providers over 19 visits from …``."""
    if not treatments:
        return ""
    visits = sum(t.visits for t in treatments)
    first = min(t.first for t in treatments)
    last = max(t.last for t in treatments)
    providers = "1 provider" if len(treatments) == 1 else f"{len(treatments)} providers"
    count = "1 visit" if visits == 1 else f"{visits} visits"
    return f"{client} treated with {providers} over {count} from {letter_date(first)} to {letter_date(last)}."


@dataclass(frozen=True, slots=True)
class SpecialsRow:
    """One row of a letter's specials table.

    Attributes:
        label: What the row is ("Mercy Hospital", "Lost wages").
        billed: What was billed or lost.
        paid: What was paid of it (medical rows only).
    """

    label: str
    billed: Money
    paid: Money | None = None


@dataclass(frozen=True, slots=True)
class SpecialsTable:
    """A letter's specials: medical per provider, then lost wages, property damage and other losses.

    The medical rows add up to the case's bill totals exactly (bills whose provider is no longer on the
    case are counted on a row of their own).
    """

    medical: tuple[SpecialsRow, ...]
    medical_billed: Money
    medical_paid: Money
    lost_wages: Money
    property_damage: Money
    other: Money

    @property
    def total(self) -> Money:
        """Medical as billed, lost wages, property damage and other losses."""
        return self.medical_billed + self.lost_wages + self.property_damage + self.other

    @property
    def rows(self) -> list[SpecialsRow]:
        """Every row, with the medical subtotal and the total last (losses of nothing left out)."""
        rows = list(self.medical)
        rows.append(SpecialsRow("Total medical expenses", self.medical_billed, self.medical_paid))
        if self.lost_wages.cents:
            rows.append(SpecialsRow("Lost wages", self.lost_wages))
        if self.property_damage.cents:
            rows.append(SpecialsRow("Property damage", self.property_damage))
        if self.other.cents:
            rows.append(SpecialsRow("Other out-of-pocket losses", self.other))
        rows.append(SpecialsRow("Total special damages", self.total))
        return rows


def specials_table(
    by_provider: Mapping[int, BillTotals],
    totals: BillTotals,
    provider_names: Mapping[int, str],
    *,
    lost_wages: Money,
    property_damage: Money,
    other: Money,
) -> SpecialsTable:
    """The specials table, medical rows in the order given (the order of first treatment).

    Args:
        by_provider: Bill totals per case provider id.
        totals: The case's bill totals; the medical rows add up to them exactly.
        provider_names: Names by case provider id; the rows follow this order, then any others.
        lost_wages: Lost wages claimed.
        property_damage: Property damage claimed.
        other: Other out-of-pocket losses.
    """
    order = [pid for pid in provider_names if pid in by_provider]
    order += [pid for pid in by_provider if pid not in provider_names]
    rows = [
        SpecialsRow(
            provider_names.get(pid, "Other provider"), by_provider[pid].billed, by_provider[pid].total_paid
        )
        for pid in order
    ]
    billed = sum((row.billed for row in rows), Money.zero())
    paid = sum((row.paid or Money.zero() for row in rows), Money.zero())
    if billed != totals.billed or paid != totals.total_paid:
        rows.append(SpecialsRow("Other medical bills", totals.billed - billed, totals.total_paid - paid))
    return SpecialsTable(
        medical=tuple(rows),
        medical_billed=totals.billed,
        medical_paid=totals.total_paid,
        lost_wages=lost_wages,
        property_damage=property_damage,
        other=other,
    )


@dataclass(frozen=True, slots=True)
class ClaimFacts:
    """The claim a letter is written on, with the names it needs."""

    insurer: str
    insured: str
    policy_number: str
    claim_number: str
    coverage: str
    adjuster: str = ""
    adjuster_address: str = ""
    adjuster_email: str = ""
    at_fault: bool = True


@dataclass(frozen=True, slots=True)
class ProviderFacts:
    """The provider a records request goes to."""

    name: str
    address: str
    first_visit: date | None
    last_visit: date | None


@dataclass(frozen=True, slots=True)
class DemandFigure:
    """The amount a letter demands and where it comes from.

    Attributes:
        amount: The amount (``None``: no demand and no valuation).
        source: "initial demand of March 3, 2026", "the valuation", "the amount typed".
        deadline: The day the demand lapses, when it has one.
        time_limit_days: Days a time-limited demand stays open (``None``: not time-limited).
    """

    amount: Money | None
    source: str
    deadline: date | None = None
    time_limit_days: int | None = None


def demand_figure(
    entries: Sequence[NegotiationEntry], valuation_value: Money | None, override: Money | None = None
) -> DemandFigure:
    """The demand amount for a letter.

    The latest demand (initial or counter) on the claim, else the valuation's value; ``override`` (typed
    by the user) wins, keeping the demand's deadline.
    """
    demands = [entry for entry in entries if entry.kind.is_demand]
    latest = max(demands, key=lambda e: (e.made_on, e.id or 0), default=None)
    if latest is not None:
        figure = DemandFigure(
            latest.amount,
            f"{latest.kind.label.lower()} of {letter_date(latest.made_on)}",
            latest.deadline_day,
            latest.time_limit_days,
        )
    elif valuation_value is not None:
        figure = DemandFigure(valuation_value, "the valuation")
    else:
        figure = DemandFigure(None, "")
    if override is not None:
        return DemandFigure(override, "the amount typed", figure.deadline, figure.time_limit_days)
    return figure


@dataclass(frozen=True, slots=True)
class LetterCheck:
    """What a letter will say for its key figures, and what is missing, before it is drafted.

    Attributes:
        demand: The amount demanded (``None``: none known).
        demand_source: Where it comes from ("initial demand of March 3, 2026", "the valuation").
        deadline: The day the demand lapses, if any.
        warnings: What the user should fix or know first.
        needs_claim: The template needs a claim and none was chosen.
        needs_provider: The template needs a provider and none was chosen.
    """

    demand: Money | None
    demand_source: str
    deadline: date | None
    warnings: tuple[str, ...] = ()
    needs_claim: bool = False
    needs_provider: bool = False


#: What the kinds of letter need chosen before they can be drafted.
NEEDS_CLAIM = frozenset({LetterKind.DEMAND, LetterKind.PROPOSAL, LetterKind.REPRESENTATION})
NEEDS_PROVIDER = frozenset({LetterKind.RECORDS_REQUEST})
#: How long a HIPAA authorization of a records request stays valid.
AUTHORIZATION_DAYS = 365
FIRM_MISSING = "No firm details: Edit › Firm Details… (the letterhead will be empty)"


@dataclass(frozen=True, slots=True)
class LetterFacts:
    """Everything a letter is drafted from, read from the case file in one go."""

    kind: LetterKind
    today: date
    firm: FirmProfile
    case: Case
    client: Client
    treatments: tuple[ProviderTreatment, ...]
    specials: SpecialsTable
    bill_count: int
    injuries: tuple[Injury, ...]
    impact: tuple[str, ...]
    demand: DemandFigure
    fault_percent: Decimal | None = None
    claim: ClaimFacts | None = None
    provider: ProviderFacts | None = None


def letter_check(facts: LetterFacts) -> LetterCheck:
    """The key figures and the warnings for a letter about to be drafted."""
    warnings: list[str] = []
    needs_claim = facts.kind in NEEDS_CLAIM and facts.claim is None
    needs_provider = facts.kind in NEEDS_PROVIDER and facts.provider is None
    if needs_claim:
        warnings.append("Choose a claim")
    if needs_provider:
        warnings.append("Choose the provider")
    if facts.firm.empty:
        warnings.append(FIRM_MISSING)
    if not facts.case.attorney.strip():
        warnings.append("No responsible attorney on the case: the signature block will be empty")
    if facts.kind in (LetterKind.DEMAND, LetterKind.PROPOSAL):
        if facts.demand.amount is None:
            warnings.append("No demand and no valuation yet: type the amount to demand")
        if facts.bill_count == 0:
            warnings.append("No bills yet: the specials table will be empty")
        if not facts.treatments:
            warnings.append("No records indexed yet: the treatment narrative will be empty")
        if not facts.injuries and not facts.impact:
            warnings.append("No completed interview: the injuries paragraph will be empty")
        if not facts.case.facts.strip():
            warnings.append("No incident facts on the case: the facts paragraph will be empty")
    if facts.claim is not None and not facts.claim.adjuster:
        warnings.append("No adjuster on the claim: the letter is addressed to the carrier")
    if facts.case.incident_date is None:
        warnings.append("No incident date on the case")
    return LetterCheck(
        demand=facts.demand.amount,
        demand_source=facts.demand.source,
        deadline=facts.demand.deadline,
        warnings=tuple(warnings),
        needs_claim=needs_claim,
        needs_provider=needs_provider,
    )


def _money(amount: Money | None) -> str:
    return "" if amount is None else str(amount)


def _percent(value: Decimal) -> str:
    text = f"{value.normalize():f}"
    return f"{text}%"


def letter_context(facts: LetterFacts) -> dict[str, Any]:
    """The merge fields' values for a letter (see :data:`MERGE_FIELDS`): plain strings, lists and dicts."""
    firm = facts.firm
    case, client = facts.case, facts.client
    contact = [
        part
        for part in (
            f"Tel. {firm.phone}" if firm.phone else "",
            f"Fax {firm.fax}" if firm.fax else "",
            firm.email,
            firm.website,
        )
        if part
    ]
    claim = facts.claim
    insured = claim.insured if claim is not None and claim.at_fault else ""
    liability = _liability(facts, insured)
    specials = facts.specials
    demand = facts.demand
    provider = facts.provider
    discloser = provider.name if provider is not None else ""
    recipient = firm.name or "the undersigned attorney"
    return {
        "firm": {
            "name": firm.name,
            "address_lines": lines(firm.address),
            "phone": firm.phone,
            "fax": firm.fax,
            "email": firm.email,
            "website": firm.website,
            "contact_line": " · ".join(contact),
        },
        "today": letter_date(facts.today),
        "case": {
            "number": case.number,
            "caption": case.caption,
            "attorney": case.attorney,
            "jurisdiction": case.jurisdiction,
        },
        "client": {
            "name": client.name,
            "address_lines": lines(client.address),
            "date_of_birth": letter_date(client.date_of_birth),
        },
        "incident": {
            "date": letter_date(case.incident_date),
            "place": case.incident_place,
            "type": case.case_type.label,
            "facts": paragraphs(case.facts),
        },
        "liability": {
            "summary": liability,
            "insured": insured,
            "fault_percent": _percent(facts.fault_percent) if facts.fault_percent else "",
        },
        "injuries": [{"part": i.body_part, "detail": i.detail} for i in facts.injuries],
        "impact": list(facts.impact),
        "treatment": [
            {
                "provider": t.name,
                "first": letter_date(t.first),
                "last": letter_date(t.last),
                "visits": t.visits,
                "text": treatment_text(t, client.name),
            }
            for t in facts.treatments
        ],
        "treatment_summary": treatment_summary(facts.treatments, client.name),
        "specials": {
            "rows": [
                {"label": row.label, "billed": _money(row.billed), "paid": _money(row.paid)}
                for row in specials.rows
            ],
            "medical_billed": str(specials.medical_billed),
            "medical_paid": str(specials.medical_paid),
            "lost_wages": str(specials.lost_wages),
            "property_damage": str(specials.property_damage),
            "other": str(specials.other),
            "total": str(specials.total),
        },
        "demand": {
            "amount": _money(demand.amount),
            "words": "" if demand.amount is None else amount_words(demand.amount),
            "source": demand.source,
            "time_limited": demand.time_limit_days is not None,
            "time_limit_days": demand.time_limit_days or "",
        },
        "deadline": letter_date(demand.deadline),
        "claim": {
            "insurer": claim.insurer if claim else "",
            "insured": claim.insured if claim else "",
            "policy_number": claim.policy_number if claim else "",
            "claim_number": claim.claim_number if claim else "",
            "coverage": claim.coverage if claim else "",
            "adjuster": claim.adjuster if claim else "",
            "adjuster_address_lines": lines(claim.adjuster_address) if claim else [],
            "adjuster_email": claim.adjuster_email if claim else "",
        },
        "provider": {
            "name": discloser,
            "address_lines": lines(provider.address) if provider else [],
            "first_visit": letter_date(provider.first_visit) if provider else "",
            "last_visit": (letter_date(provider.last_visit) or "the present") if provider else "",
        },
        "hipaa": {
            "discloser": discloser,
            "recipient": recipient,
            "information": (
                "All medical records, including office and progress notes, emergency and hospital records, "
                "imaging and test results, prescriptions, itemized billing statements and payment ledgers"
                + (
                    f", for treatment from {letter_date(provider.first_visit)} to the present"
                    if provider is not None and provider.first_visit is not None
                    else ""
                )
                + ". This does not include psychotherapy notes."
            ),
            "purpose": (
                "At the request of the individual: evaluation and pursuit of a personal injury claim "
                f"arising from the incident of {letter_date(case.incident_date) or 'the date of loss'}."
            ),
            "expiry": letter_date(facts.today + timedelta(days=AUTHORIZATION_DAYS)),
        },
    }


def _liability(facts: LetterFacts, insured: str) -> str:
    claim = facts.claim
    when = letter_date(facts.case.incident_date)
    parts: list[str] = []
    if insured:
        parts.append(
            f"Your insured, {insured}, is responsible for the {facts.case.case_type.label.lower()} "
            f"incident{f' of {when}' if when else ''}"
            + (f" at {facts.case.incident_place}" if facts.case.incident_place else "")
            + f", and for the harm it caused {facts.client.name}."
        )
    elif claim is not None:
        parts.append(
            f"{facts.client.name} makes this claim under the {claim.coverage} coverage of the policy "
            f"{claim.policy_number or 'issued by you'} for the harm caused by the incident"
            f"{f' of {when}' if when else ''}."
        )
    if claim is not None and claim.claim_number:
        parts.append(f"The claim is {claim.insurer} claim number {claim.claim_number}.")
    if facts.fault_percent:
        parts.append(
            f"Our valuation allows for {_percent(facts.fault_percent)} of fault on the part of "
            f"{facts.client.name}; the demand below already reflects it."
        )
    return " ".join(parts)


def letter_title(
    kind: LetterKind, template_name: str, claim: ClaimFacts | None, provider: ProviderFacts | None, day: date
) -> str:
    """What a drafted letter is called among the case's documents.

    ``Demand letter — Progressive claim 12-345 — 2026-11-21``.
    """
    label = kind.label.split(" (")[0] if kind is not LetterKind.OTHER else template_name
    parts = [label]
    if claim is not None:
        parts.append(
            f"{claim.insurer} claim {claim.claim_number}".strip() if claim.claim_number else claim.insurer
        )
    elif provider is not None:
        parts.append(provider.name)
    parts.append(day.isoformat())
    return " — ".join(part for part in parts if part)


def docx_name(sha256: str) -> str:
    """Where a letter's .docx lives in the document store: ``ab/abcdef….docx``."""
    return f"{sha256[:2]}/{sha256}.docx"
