"""What a check of a case file found: the database, the search index and the document store."""

from __future__ import annotations

import enum
from dataclasses import dataclass


class Severity(enum.StrEnum):
    """How much a finding matters."""

    #: Data is damaged or missing; casedesk cannot put it right without a backup.
    PROBLEM = "problem"
    #: Something is out of place but nothing is lost (e.g. a stray file in the document folder).
    NOTICE = "notice"
    #: It was wrong and has been put right (or will be, by a repair).
    REPAIRED = "repaired"

    @property
    def label(self) -> str:
        """How a report prints it."""
        return _LABELS[self]


_LABELS = {Severity.PROBLEM: "Problem", Severity.NOTICE: "Notice", Severity.REPAIRED: "Repaired"}


class Area(enum.StrEnum):
    """Which part of the case file a finding is about."""

    DATABASE = "database"
    SEARCH = "search"
    DOCUMENTS = "documents"

    @property
    def label(self) -> str:
        """How a report prints it."""
        return _AREA_LABELS[self]


_AREA_LABELS = {Area.DATABASE: "Database", Area.SEARCH: "Search index", Area.DOCUMENTS: "Document folder"}


@dataclass(frozen=True, slots=True)
class Finding:
    """One thing the check found.

    Attributes:
        message: What is wrong, in words a case manager understands.
        remedy: What to do about it ("" when nothing needs doing).
        repairable: A repair can put it right without losing anything.
    """

    severity: Severity
    area: Area
    message: str
    remedy: str = ""
    repairable: bool = False


@dataclass(frozen=True, slots=True)
class CheckReport:
    """The outcome of one check.

    Attributes:
        documents: Stored files whose presence and content were verified.
        findings: What was found, problems first.
    """

    documents: int
    findings: tuple[Finding, ...]

    @property
    def problems(self) -> tuple[Finding, ...]:
        """The findings that need a backup or a person to put right."""
        return tuple(f for f in self.findings if f.severity is Severity.PROBLEM)

    @property
    def ok(self) -> bool:
        """Nothing damaged or missing (notices and repairs may remain)."""
        return not self.problems

    @property
    def repairable(self) -> tuple[Finding, ...]:
        """What a repair would put right."""
        return tuple(f for f in self.findings if f.repairable and f.severity is not Severity.REPAIRED)

    def summary(self) -> str:
        """One line: the verdict."""
        if not self.findings:
            return f"Sound: the database, the search index and {self.documents} stored files were checked."
        counts = []
        for severity, word in ((Severity.PROBLEM, "problem"), (Severity.NOTICE, "notice")):
            n = sum(1 for f in self.findings if f.severity is severity)
            if n:
                counts.append(f"{n} {word}{'' if n == 1 else 's'}")
        repaired = sum(1 for f in self.findings if f.severity is Severity.REPAIRED)
        if repaired:
            counts.append(f"{repaired} repaired")
        return f"Checked the database, search index and {self.documents} stored files: {', '.join(counts)}."


def sort_findings(findings: list[Finding]) -> tuple[Finding, ...]:
    """Problems first, then notices, then repairs; in the order found within each."""
    order = {Severity.PROBLEM: 0, Severity.NOTICE: 1, Severity.REPAIRED: 2}
    return tuple(sorted(findings, key=lambda f: order[f.severity]))
