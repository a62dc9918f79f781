"""Bates numbering: a case's prefix and numbering, the numbers each document's pages carry, and productions.

A Bates number is a prefix and a zero-padded sequential number on every page that leaves the office
(``SMITH000001``). A document is numbered once per prefix and keeps its numbers: every later production
or binder shows the same numbers on the same pages. Numbers are never reused and never skipped.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime

from casedesk.domain.binder_plan import BatesRun

#: Letters, digits, ``-`` and ``_``, 1 to 20 of them.
PREFIX_PATTERN = re.compile(r"[A-Za-z0-9_-]{1,20}")
MAX_PREFIX = 20
MIN_DIGITS = 6
MAX_DIGITS = 10
#: The prefix when a case's client has no usable surname.
FALLBACK_PREFIX = "DOC"
#: Between the first and last label of a range.
RANGE_DASH = "–"


@dataclass(frozen=True, slots=True)
class BatesSettings:
    """How a case numbers its pages.

    Attributes:
        prefix: Letters, digits, ``-`` or ``_`` before the number (``SMITH``).
        digits: How many digits the number is padded to (6–10; 8 when a production may pass 100,000 pages).
        start: The first number given under this prefix.
    """

    prefix: str
    digits: int = 6
    start: int = 1

    def label(self, number: int) -> str:
        """The label of a number under these settings, e.g. ``SMITH000001``."""
        return format_label(self.prefix, self.digits, number)


def format_label(prefix: str, digits: int, number: int) -> str:
    """``prefix`` followed by ``number`` zero-padded to ``digits``."""
    return f"{prefix}{number:0{digits}d}"


def normalize_prefix(prefix: str) -> str:
    """A prefix as saved: trimmed and upper-case."""
    return prefix.strip().upper()


def default_prefix(client_name: str) -> str:
    """The client's surname in upper-case letters only (accents dropped), e.g. ``Ana Peña`` → ``PENA``."""
    words = client_name.replace(",", " ").split()
    if "," in client_name and words:  # "Smith, John"
        words = [words[0]]
    for word in reversed(words):
        plain = unicodedata.normalize("NFKD", word).encode("ascii", "ignore").decode("ascii")
        letters = "".join(c for c in plain if c.isalpha()).upper()[:MAX_PREFIX]
        if letters and word.rstrip(".").upper() not in {"JR", "SR", "II", "III", "IV"}:
            return letters
    return FALLBACK_PREFIX


def validate_settings(settings: BatesSettings) -> dict[str, str]:
    """Problems with settings on their own, by field (``prefix``, ``digits``, ``start``); empty when fine."""
    errors: dict[str, str] = {}
    prefix = settings.prefix.strip()
    if not prefix:
        errors["prefix"] = "Enter a prefix, e.g. the client's surname (SMITH)."
    elif len(prefix) > MAX_PREFIX:
        errors["prefix"] = f"The prefix can be at most {MAX_PREFIX} characters long."
    elif not PREFIX_PATTERN.fullmatch(prefix):
        errors["prefix"] = "The prefix can hold only letters, digits, - and _ (no spaces)."
    if not MIN_DIGITS <= settings.digits <= MAX_DIGITS:
        errors["digits"] = f"Numbers have {MIN_DIGITS} to {MAX_DIGITS} digits."
    if settings.start < 1:
        errors["start"] = "The first number must be 1 or more."
    elif settings.digits <= MAX_DIGITS and settings.start >= 10**settings.digits:
        errors["start"] = f"{settings.start:,} does not fit in {settings.digits} digits: use more digits."
    return errors


def continuation_error(settings: BatesSettings, next_free: int | None) -> str:
    """Why ``settings.start`` cannot be used, given the next free number of its prefix ("" when it can).

    Args:
        settings: The settings to save.
        next_free: The number after the last one given under this prefix, or ``None`` if the prefix was
            never used (it may then start anywhere from 1).
    """
    if next_free is None or settings.start == next_free:
        return ""
    last = format_label(normalize_prefix(settings.prefix), settings.digits, next_free - 1)
    if settings.start < next_free:
        return (
            f"Numbers up to {last} were already given, so starting at {settings.start:,} would use a number "
            f"twice. Start at {next_free:,}, or choose another prefix."
        )
    return (
        f"The last number given was {last}, so starting at {settings.start:,} would leave a gap. "
        f"Start at {next_free:,}, or choose another prefix."
    )


@dataclass(frozen=True, slots=True)
class DocumentBates:
    """The numbers a document's pages carry under one prefix: page 1 carries ``first_number``.

    Attributes:
        document_id: The document, or ``None`` once it was deleted (its numbers stay taken).
        document_name: Its name when it was numbered.
    """

    document_id: int | None
    document_name: str
    prefix: str
    digits: int
    first_number: int
    last_number: int

    @property
    def page_count(self) -> int:
        """How many pages (and numbers) the document has."""
        return self.last_number - self.first_number + 1

    def label(self, page: int) -> str:
        """The number on page ``page`` (1-based), e.g. ``SMITH000123``."""
        return format_label(self.prefix, self.digits, self.first_number + page - 1)

    def range_label(self, page_from: int | None = None, page_to: int | None = None) -> str:
        """The numbers of pages ``page_from`` to ``page_to`` (default: all), ``SMITH000010–SMITH000014``.

        A single page gives a single label.
        """
        first = self.label(page_from or 1)
        last = self.label(page_to or self.page_count)
        return first if first == last else f"{first}{RANGE_DASH}{last}"

    def run(self, page_from: int = 1) -> BatesRun:
        """The numbers of the pages from ``page_from`` on, as the binder plan gives them to the writer."""
        return BatesRun(self.prefix, self.digits, self.first_number + page_from - 1)


@dataclass(frozen=True, slots=True)
class Production:
    """Documents stamped and sent together: when, to whom, and each document's numbers, in order.

    Attributes:
        produced_on: The date on the production (usually the day it was sent).
        recipient: Who received it (``Defense counsel``).
        created_at: When it was logged.
        documents: The numbered documents it included.
    """

    id: int | None
    case_id: int
    produced_on: date
    recipient: str
    notes: str
    created_at: datetime
    documents: tuple[DocumentBates, ...] = ()

    @property
    def first_number(self) -> int | None:
        """The lowest number produced (``None`` when it lists no documents)."""
        return min((d.first_number for d in self.documents), default=None)

    @property
    def last_number(self) -> int | None:
        """The highest number produced."""
        return max((d.last_number for d in self.documents), default=None)

    @property
    def page_count(self) -> int:
        """Pages produced."""
        return sum(d.page_count for d in self.documents)

    @property
    def range_label(self) -> str:
        """``SMITH000001–SMITH000240`` (lowest to highest number; "" when empty)."""
        return span_label(self.documents)


def span_label(documents: Sequence[DocumentBates]) -> str:
    """From the lowest to the highest number of ``documents``, ``SMITH000001–SMITH000240``."""
    if not documents:
        return ""
    first = min(documents, key=lambda d: (d.prefix, d.first_number))
    last = max(documents, key=lambda d: (d.prefix, d.last_number))
    start = first.label(1)
    end = last.label(last.page_count)
    return start if start == end else f"{start}{RANGE_DASH}{end}"


def produced_subject(documents: Sequence[DocumentBates], recipient: str) -> str:
    """The timeline entry's subject: ``Produced SMITH000001–SMITH000240 to Defense counsel: 7 documents``."""
    count = len(documents)
    noun = "document" if count == 1 else "documents"
    return f"Produced {span_label(documents)} to {recipient}: {count} {noun}"
