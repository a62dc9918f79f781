"""The medical-record index: what each stored record says, cited to its pages."""

from __future__ import annotations

import enum
import re
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from casedesk.domain.money import Money


class EntryKind(enum.StrEnum):
    """The kind of visit or record an index entry describes."""

    OFFICE_VISIT = "office_visit"
    EMERGENCY = "emergency"
    HOSPITAL = "hospital"
    IMAGING = "imaging"
    THERAPY = "therapy"
    SURGERY = "surgery"
    CONSULTATION = "consultation"
    LAB = "lab"
    PRESCRIPTION = "prescription"
    OTHER = "other"

    @property
    def label(self) -> str:
        """Display name."""
        return _ENTRY_KIND_LABELS[self]


_ENTRY_KIND_LABELS = {
    EntryKind.OFFICE_VISIT: "Office visit",
    EntryKind.EMERGENCY: "Emergency room",
    EntryKind.HOSPITAL: "Hospital stay",
    EntryKind.IMAGING: "Imaging",
    EntryKind.THERAPY: "Therapy",
    EntryKind.SURGERY: "Surgery",
    EntryKind.CONSULTATION: "Consultation",
    EntryKind.LAB: "Lab work",
    EntryKind.PRESCRIPTION: "Prescription",
    EntryKind.OTHER: "Other",
}


@dataclass(frozen=True, slots=True)
class RecordEntry:
    """One indexed visit or record: where it is (document and pages) and what it says.

    Attributes:
        service_from: The date of service (the first, for a stay or a series).
        service_to: The last date of service, for a stay or a series (``None``: one day).
        provider_id: The :class:`~casedesk.domain.providers.CaseProvider` who treated.
        document_id: The stored :class:`~casedesk.domain.documents.Document` it is cited to.
        page_from: First page cited (1-based), when cited to a document.
        page_to: Last page cited (``None``: the one page).
        diagnoses: Free text; ICD-10 codes typed in it are recognized.
        procedures: Free text; CPT codes typed in it are recognized.
    """

    case_id: int
    service_from: date
    kind: EntryKind = EntryKind.OFFICE_VISIT
    provider_id: int | None = None
    document_id: int | None = None
    page_from: int | None = None
    page_to: int | None = None
    service_to: date | None = None
    complaint: str = ""
    summary: str = ""
    diagnoses: str = ""
    procedures: str = ""
    id: int | None = None


# --- validation ---------------------------------------------------------------------------------------

#: The longest a complaint, a summary, or a diagnoses or procedures note may be (a few pages of text).
MAX_ENTRY_TEXT = 20_000


def validate_entry(entry: RecordEntry, *, today: date, page_count: int | None = None) -> dict[str, str]:
    """Problems with an index entry, by field name; empty when it can be saved.

    Args:
        entry: The entry as typed.
        today: Dates of service after it are refused (records describe care already given).
        page_count: Pages in the entry's document, when known (0 or ``None``: not checked).
    """
    errors: dict[str, str] = {}
    if entry.service_from > today:
        errors["service_from"] = "The date of service cannot be in the future."
    if entry.service_to is not None:
        if entry.service_to < entry.service_from:
            errors["service_to"] = "The last date of service cannot be before the first."
        elif entry.service_to > today:
            errors["service_to"] = "The last date of service cannot be in the future."
    errors.update(_page_errors(entry, page_count))
    for name in ("complaint", "summary", "diagnoses", "procedures"):
        value: str = getattr(entry, name)
        if len(value) > MAX_ENTRY_TEXT:
            errors[name] = f"At most {MAX_ENTRY_TEXT:,} characters ({len(value):,} typed)."
    return errors


def _page_errors(entry: RecordEntry, page_count: int | None) -> dict[str, str]:
    errors: dict[str, str] = {}
    first, last = entry.page_from, entry.page_to
    if (first is not None or last is not None) and entry.document_id is None:
        errors["page_from"] = "Choose the document these pages are in."
        return errors
    if first is None:
        if last is not None:
            errors["page_from"] = "Type the first page too."
        return errors
    known = page_count if page_count else None
    if first < 1:
        errors["page_from"] = "Pages are numbered from 1."
    elif known is not None and first > known:
        errors["page_from"] = f"The document has {_pages(known)}."
    if last is not None:
        if last < first:
            errors["page_to"] = "The last page cannot be before the first."
        elif known is not None and last > known:
            errors["page_to"] = f"The document has {_pages(known)}."
    return errors


def _pages(count: int) -> str:
    return "1 page" if count == 1 else f"{count:,} pages"


def page_cite(document: str, page_from: int | None, page_to: int | None) -> str:
    """A cite to a document's pages as a brief writes it: ``Mercy ER records, pp. 3–5``.

    One page is ``p. 3``; without pages, the document's name alone.
    """
    if page_from is None:
        return document
    if page_to is None or page_to == page_from:
        return f"{document}, p. {page_from}"
    return f"{document}, pp. {page_from}–{page_to}"


# --- codes typed in diagnoses and procedures ----------------------------------------------------------


class CodeKind(enum.StrEnum):
    """The code sets recognized in the diagnoses and procedures a user types."""

    ICD10 = "icd10"
    CPT = "cpt"

    @property
    def label(self) -> str:
        """Display name."""
        return "ICD-10-CM" if self is CodeKind.ICD10 else "CPT"


@dataclass(frozen=True, slots=True)
class MedicalCode:
    """A diagnosis or procedure code found in free text.

    Attributes:
        code: As it is written on records (upper case; a CPT modifier after a hyphen, ``99213-25``).
    """

    code: str
    kind: CodeKind


#: ICD-10-CM with its dot: a letter (U is reserved), a digit, a digit or letter, then 1–4 characters
#: (``M54.2``, ``S13.4XXA``). Without the dot only the three-character category (``R51``) counts.
_ICD_DOTTED = re.compile(r"(?<![\w.])([A-TV-Z]\d[0-9A-Z]\.[0-9A-Z]{1,4})(?!\w|\.\w)", re.IGNORECASE)
_ICD_CATEGORY = re.compile(r"(?<![\w.\-/])([A-TV-Z]\d\d)(?![\w\-/]|\.\d)")
#: Three-character forms that are far more often something else: spine levels T10–T12, vitamin B12.
_NOT_ICD = frozenset({"T10", "T11", "T12", "B12"})
#: CPT (Category I): five digits, 00100–99499, optionally a two-digit modifier (``99213-25``).
#: Not part of a longer number, an amount ($, decimals, thousands), a date (/) or a ZIP+4.
_CPT = re.compile(r"(?<![\w$./\-])(\d{5})(-\d{2})?(?![\w/]|[.,]\d{1,2}\b|-\d)")
#: A five-digit number right after these is an account, a record number, a phone…, not a procedure.
_NOT_CPT_LABEL = re.compile(
    r"(?:\b(?:acct|account|mrn|claim|policy|member|id|no|zip|fax|phone|tel|ph|box|suite|ste|apt)\.?|#|\$)"
    r"\s*:?\s*$",
    re.IGNORECASE,
)
#: A state's abbreviation right before the number: a ZIP code (Austin, TX 78701).
_STATE_BEFORE = re.compile(r"\b([A-Z]{2}),?\s+$")
_STATES = frozenset(
    re.findall(
        r"[A-Z]{2}",
        "AL AK AZ AR CA CO CT DE DC FL GA HI ID IL IN IA KS KY LA ME MD MA MI MN MS MO MT NE NV NH NJ NM "
        "NY NC ND OH OK OR PA RI SC SD TN TX UT VT VA WA WV WI WY",
    )
)


def recognized_codes(text: str) -> list[MedicalCode]:
    """The ICD-10-CM and CPT codes written in ``text``, each once, in the order they first appear.

    ICD-10-CM codes are recognized with their dot (``S13.4XXA``, ``m54.2``) and as three-character
    categories (``R51``), except forms that usually mean something else (``T12``, ``B12``). CPT codes are
    five digits from 00100 to 99499 with an optional modifier; dates, phone numbers, amounts, ZIP codes
    and numbers labelled as accounts or record numbers are not codes.
    """
    found: list[tuple[int, MedicalCode]] = []
    for match in _ICD_DOTTED.finditer(text):
        found.append((match.start(), MedicalCode(match[1].upper(), CodeKind.ICD10)))
    for match in _ICD_CATEGORY.finditer(text):
        if match[1] not in _NOT_ICD:
            found.append((match.start(), MedicalCode(match[1], CodeKind.ICD10)))
    for match in _CPT.finditer(text):
        if not 100 <= int(match[1]) <= 99499 or _labelled_otherwise(text, match.start()):
            continue
        found.append((match.start(), MedicalCode(match[1] + (match[2] or ""), CodeKind.CPT)))
    seen: set[MedicalCode] = set()
    codes: list[MedicalCode] = []
    for _position, code in sorted(found, key=lambda item: item[0]):
        if code not in seen:
            seen.add(code)
            codes.append(code)
    return codes


def _labelled_otherwise(text: str, start: int) -> bool:
    """Whether the number at ``start`` follows a label that makes it something other than a code."""
    line_start = text.rfind("\n", 0, start) + 1
    before = text[max(line_start, start - 24) : start]
    if _NOT_CPT_LABEL.search(before):
        return True
    state = _STATE_BEFORE.search(before)
    return state is not None and state[1] in _STATES


# --- suggestions from a page's text -------------------------------------------------------------------

_MONTHS = {
    name: number
    for number, names in enumerate(
        (
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ),
        start=1,
    )
    for name in names
}
_MONTH_NAME = "|".join(sorted(_MONTHS, key=len, reverse=True))
_DATE_PATTERNS = (
    # 03/14/2026, 3/14/26, 03-14-2026
    (re.compile(r"(?<![\d/.\-])(\d{1,2})([/\-])(\d{1,2})\2(\d{4}|\d{2})(?![\d/\-]|\.\d)"), "mdy"),
    # 2026-03-14
    (re.compile(r"(?<![\d/\-])(\d{4})-(\d{1,2})-(\d{1,2})(?![\d\-])"), "ymd"),
    # March 14, 2026 / Mar. 14 2026
    (
        re.compile(rf"\b({_MONTH_NAME})\.?\s+(\d{{1,2}})(?:st|nd|rd|th)?,?\s+(\d{{4}})\b", re.IGNORECASE),
        "Mdy",
    ),
    # 14 March 2026
    (re.compile(rf"\b(\d{{1,2}})\s+({_MONTH_NAME})\.?,?\s+(\d{{4}})\b", re.IGNORECASE), "dMy"),
)
#: A date right after these is the patient's birth date, not a date of service.
_BIRTH_LABEL = re.compile(r"(?:\bDOB|\bD\.O\.B\.|\bbirth\s*date|\bdate\s+of\s+birth|\bborn)\W{0,4}$", re.I)
#: Dollar amounts: "$1,234.56", "$ 80", and grouped amounts with cents without the sign ("1,234.56").
_AMOUNT = re.compile(
    r"(?<![\w.,])(?:\$\s?((?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d{2})?)|(\d{1,3}(?:,\d{3})+\.\d{2}))(?![\d,]|\.\d)"
)


def _two_digit_year(year: int, today: date) -> int:
    """``26`` is 2026 unless that is still to come, then 1926 (a birth year on an old form)."""
    return 2000 + year if 2000 + year <= today.year else 1900 + year


def _match_date(kind: str, groups: tuple[str, ...], today: date) -> date | None:
    try:
        if kind == "mdy":
            month, day, year = int(groups[0]), int(groups[2]), groups[3]
            return date(_two_digit_year(int(year), today) if len(year) == 2 else int(year), month, day)
        if kind == "ymd":
            return date(int(groups[0]), int(groups[1]), int(groups[2]))
        if kind == "Mdy":
            return date(int(groups[2]), _MONTHS[groups[0].lower()], int(groups[1]))
        return date(int(groups[2]), _MONTHS[groups[1].lower()], int(groups[0]))
    except ValueError:  # 02/30/2026, month 13: not a date
        return None


def find_service_dates(text: str, *, today: date) -> list[date]:
    """Dates in a page's text that could be dates of service, each once, in the order they appear.

    Recognized: ``03/14/2026``, ``3/14/26``, ``March 14, 2026``, ``Mar 14 2026``, ``14 March 2026``,
    ``2026-03-14``. Impossible dates, dates after ``today`` and dates labelled as a birth date are left out.
    """
    found: list[tuple[int, date]] = []
    for pattern, kind in _DATE_PATTERNS:
        for match in pattern.finditer(text):
            day = _match_date(kind, match.groups(), today)
            if day is None or day > today or day.year < 1900:
                continue
            if _BIRTH_LABEL.search(text[max(0, match.start() - 24) : match.start()]):
                continue
            found.append((match.start(), day))
    dates: list[date] = []
    for _position, day in sorted(found, key=lambda item: item[0]):
        if day not in dates:
            dates.append(day)
    return dates


def find_amounts(text: str) -> list[Money]:
    """Dollar amounts in a page's text (``$1,234.56``, ``$80``, ``1,234.56``), each once, in order."""
    amounts: list[Money] = []
    for match in _AMOUNT.finditer(text):
        money = Money.of(Decimal((match[1] or match[2]).replace(",", "")))
        if money not in amounts:
            amounts.append(money)
    return amounts
