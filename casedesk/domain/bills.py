"""Medical bills (billed, adjusted, paid by source, owed) and the liens asserted against a recovery.

Amounts follow the usual personal-injury model: the original amount billed, less the adjustment or
write-off, is the adjusted amount; health insurance, PIP/MedPay and the client pay part of it; the rest is
still owed.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import date

from casedesk.domain.money import Money

ZERO = Money(0)


@dataclass(frozen=True, slots=True)
class Bill:
    """One provider's charges for one date of service (or a span of them).

    Attributes:
        provider_id: The :class:`~casedesk.domain.providers.CaseProvider` who billed.
        billed: The original amount billed.
        adjustment: Adjustment or write-off.
        health_paid: Paid by health insurance.
        pip_paid: Paid by PIP or MedPay.
        client_paid: Paid by the client.
        owed: Still owed as the provider reports it (``None``: adjusted amount less payments).
        document_id: The stored bill, when there is one.
        page: The bill's page in that document.
    """

    case_id: int
    provider_id: int
    service_from: date
    billed: Money
    adjustment: Money = ZERO
    health_paid: Money = ZERO
    pip_paid: Money = ZERO
    client_paid: Money = ZERO
    owed: Money | None = None
    service_to: date | None = None
    document_id: int | None = None
    page: int | None = None
    notes: str = ""
    id: int | None = None


class LienKind(enum.StrEnum):
    """Who asserts a lien."""

    MEDICARE = "medicare"
    MEDICAID = "medicaid"
    HEALTH_PLAN = "health_plan"
    HOSPITAL = "hospital"
    LETTER_OF_PROTECTION = "letter_of_protection"
    WORKERS_COMP = "workers_comp"
    OTHER = "other"

    @property
    def label(self) -> str:
        """Display name."""
        return _LIEN_KIND_LABELS[self]


_LIEN_KIND_LABELS = {
    LienKind.MEDICARE: "Medicare",
    LienKind.MEDICAID: "Medicaid",
    LienKind.HEALTH_PLAN: "ERISA / health plan",
    LienKind.HOSPITAL: "Hospital lien",
    LienKind.LETTER_OF_PROTECTION: "Letter of protection",
    LienKind.WORKERS_COMP: "Workers' compensation",
    LienKind.OTHER: "Other",
}


class LienStatus(enum.StrEnum):
    """How far a lien has got: asserted, under negotiation, final, paid."""

    ASSERTED = "asserted"
    NEGOTIATING = "negotiating"
    FINAL = "final"
    PAID = "paid"

    @property
    def label(self) -> str:
        """Display name."""
        return self.value.capitalize()


@dataclass(frozen=True, slots=True)
class Lien:
    """A claim against the recovery by someone who paid for or provided treatment.

    Attributes:
        holder: Who asserts it, as named on the lien notice.
        asserted: The amount first asserted.
        reduction: The reduction negotiated so far.
        final: The final amount once agreed (``None`` until then).
        holder_contact_id: The holder in the contacts book, when linked.
        provider_id: The :class:`~casedesk.domain.providers.CaseProvider` whose bills it covers, if any.
    """

    case_id: int
    holder: str
    kind: LienKind
    asserted: Money
    reduction: Money = ZERO
    final: Money | None = None
    status: LienStatus = LienStatus.ASSERTED
    holder_contact_id: int | None = None
    provider_id: int | None = None
    asserted_on: date | None = None
    notes: str = ""
    id: int | None = None
