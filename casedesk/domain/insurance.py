"""Insurance of a case: the policies that may pay, and the claims made on them."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from casedesk.domain.money import Money


class Coverage(StrEnum):
    """What a policy covers."""

    BODILY_INJURY = "bodily_injury"
    PROPERTY_DAMAGE = "property_damage"
    UM_UIM = "um_uim"
    PIP = "pip"
    MEDPAY = "medpay"
    HEALTH = "health"

    @property
    def label(self) -> str:
        """Display name."""
        return _COVERAGE_LABELS[self]

    @property
    def short(self) -> str:
        """Short name, as in claim names (``BI``, ``UM/UIM``)."""
        return _COVERAGE_SHORT[self]


_COVERAGE_SHORT = {
    Coverage.BODILY_INJURY: "BI",
    Coverage.PROPERTY_DAMAGE: "PD",
    Coverage.UM_UIM: "UM/UIM",
    Coverage.PIP: "PIP",
    Coverage.MEDPAY: "MedPay",
    Coverage.HEALTH: "Health",
}
_COVERAGE_LABELS = {
    Coverage.BODILY_INJURY: "Bodily injury liability",
    Coverage.PROPERTY_DAMAGE: "Property damage",
    Coverage.UM_UIM: "UM/UIM",
    Coverage.PIP: "PIP",
    Coverage.MEDPAY: "MedPay",
    Coverage.HEALTH: "Health",
}


class PolicyParty(StrEnum):
    """Whose policy it is."""

    AT_FAULT = "at_fault"
    CLIENT = "client"
    OTHER = "other"

    @property
    def label(self) -> str:
        """Display name."""
        return _PARTY_LABELS[self]


_PARTY_LABELS = {
    PolicyParty.AT_FAULT: "At-fault party",
    PolicyParty.CLIENT: "Client's own",
    PolicyParty.OTHER: "Other",
}


@dataclass(frozen=True, slots=True)
class Policy:
    """An insurance policy that may pay on the case.

    Attributes:
        carrier: The insurance company's name.
        insured: The policyholder's name.
        party: Whose policy it is.
        per_person: The limit per person (``None``: not known yet).
        per_occurrence: The limit per occurrence (``None``: not known yet).
        carrier_contact_id: The carrier in the contacts book, when linked.
    """

    case_id: int
    coverage: Coverage
    carrier: str
    insured: str = ""
    policy_number: str = ""
    party: PolicyParty = PolicyParty.AT_FAULT
    per_person: Money | None = None
    per_occurrence: Money | None = None
    notes: str = ""
    carrier_contact_id: int | None = None
    id: int | None = None


class ClaimStatus(StrEnum):
    """Where a claim stands with the insurer."""

    OPEN = "open"
    ACCEPTED = "accepted"
    DENIED = "denied"
    NEGOTIATING = "negotiating"
    SETTLED = "settled"
    CLOSED = "closed"

    @property
    def label(self) -> str:
        """Display name."""
        return _STATUS_LABELS[self]


_STATUS_LABELS = {
    ClaimStatus.OPEN: "Open",
    ClaimStatus.ACCEPTED: "Liability accepted",
    ClaimStatus.DENIED: "Denied",
    ClaimStatus.NEGOTIATING: "Negotiating",
    ClaimStatus.SETTLED: "Settled",
    ClaimStatus.CLOSED: "Closed",
}


@dataclass(frozen=True, slots=True)
class Claim:
    """A claim made on one policy.

    Attributes:
        policy_id: The policy claimed on.
        claim_number: The insurer's claim number.
        adjuster_contact_id: The adjuster handling it, from the contacts book.
        reported_on: When the claim was reported to the insurer.
        representation_sent_on: When the letter of representation was sent.
        closed_on: When the claim was closed.
    """

    case_id: int
    policy_id: int
    claim_number: str = ""
    status: ClaimStatus = ClaimStatus.OPEN
    adjuster_contact_id: int | None = None
    reported_on: date | None = None
    representation_sent_on: date | None = None
    closed_on: date | None = None
    notes: str = ""
    id: int | None = None


#: Longest text each field takes (the store's column sizes).
MAX_LENGTHS = {"carrier": 200, "insured": 200, "policy_number": 60, "claim_number": 60}


def claim_display_name(carrier: str, coverage: Coverage, claim_number: str) -> str:
    """How a claim is named in lists and pickers: ``Progressive · BI · claim 12-345``."""
    number = f"claim {claim_number.strip()}" if claim_number.strip() else "no claim number yet"
    return f"{carrier.strip() or 'Unnamed carrier'} · {coverage.short} · {number}"


@dataclass(frozen=True, slots=True)
class ClaimView:
    """A claim with the names it is shown by (a read model for lists and pickers).

    Attributes:
        claim: The claim.
        policy: The policy it is made on.
        adjuster: The adjuster's name, or empty.
    """

    claim: Claim
    policy: Policy
    adjuster: str = ""

    @property
    def id(self) -> int:
        """The claim's id."""
        assert self.claim.id is not None
        return self.claim.id

    @property
    def display_name(self) -> str:
        """``Progressive · BI · claim 12-345``."""
        return claim_display_name(self.policy.carrier, self.policy.coverage, self.claim.claim_number)


def _length_errors(**fields: str) -> dict[str, str]:
    return {
        name: f"At most {MAX_LENGTHS[name]} characters ({len(value.strip())} typed)."
        for name, value in fields.items()
        if len(value.strip()) > MAX_LENGTHS[name]
    }


def validate_policy(policy: Policy) -> dict[str, str]:
    """Problems with a policy, by field name; empty when it can be saved."""
    errors: dict[str, str] = {}
    if not policy.carrier.strip():
        errors["carrier"] = "The insurance company's name is required (type it or pick it from contacts)."
    if policy.per_person is not None and policy.per_person.cents < 0:
        errors["per_person"] = "The limit cannot be negative."
    if policy.per_occurrence is not None:
        if policy.per_occurrence.cents < 0:
            errors["per_occurrence"] = "The limit cannot be negative."
        elif policy.per_person is not None and policy.per_occurrence < policy.per_person:
            errors["per_occurrence"] = (
                f"The per-occurrence limit cannot be less than the per-person limit, {policy.per_person}."
            )
    errors.update(
        _length_errors(carrier=policy.carrier, insured=policy.insured, policy_number=policy.policy_number)
    )
    return errors


def validate_claim(claim: Claim, incident_date: date | None, today: date) -> dict[str, str]:
    """Problems with a claim, by field name; empty when it can be saved.

    Dates cannot be before the incident; the reported and representation dates cannot be in the future;
    a claim cannot close before it was reported.
    """
    errors: dict[str, str] = {}
    dates = {
        "reported_on": ("reported", claim.reported_on),
        "representation_sent_on": ("sent", claim.representation_sent_on),
        "closed_on": ("closed", claim.closed_on),
    }
    for name, (word, when) in dates.items():
        if when is None:
            continue
        if incident_date is not None and when < incident_date:
            errors[name] = f"It cannot be {word} before the incident ({incident_date:%m/%d/%Y})."
        elif name != "closed_on" and when > today:
            errors[name] = f"It cannot be {word} in the future: enter the date it was {word}."
    if (
        "closed_on" not in errors
        and claim.closed_on is not None
        and claim.reported_on is not None
        and claim.closed_on < claim.reported_on
    ):
        errors["closed_on"] = "A claim cannot close before it was reported."
    errors.update(_length_errors(claim_number=claim.claim_number))
    return errors


@dataclass(frozen=True, slots=True)
class CoverageLine:
    """One policy in the coverage summary.

    Attributes:
        policy: The policy.
        counted: Whether its per-person limit is in the total available for the injury claim.
    """

    policy: Policy
    counted: bool

    @property
    def limits(self) -> str:
        """``$25,000.00 / $50,000.00``, with ``not known yet`` for a missing limit."""
        person = str(self.policy.per_person) if self.policy.per_person is not None else "not known yet"
        occurrence = (
            str(self.policy.per_occurrence) if self.policy.per_occurrence is not None else "not known yet"
        )
        return f"{person} per person / {occurrence} per occurrence"


@dataclass(frozen=True, slots=True)
class CoverageSummary:
    """What insurance there is to pay the injury claim.

    Attributes:
        total: The per-person limits of the at-fault party's bodily-injury policies plus the client's
            UM/UIM, where known.
        lines: Every policy, counted or not.
        unknown: The counted policies whose per-person limit is not known yet (not in ``total``).
        value: The valuation's value it is compared with, when there is one.
    """

    total: Money
    lines: tuple[CoverageLine, ...]
    unknown: tuple[Policy, ...]
    value: Money | None = None

    @property
    def counted(self) -> tuple[CoverageLine, ...]:
        """The lines in the total."""
        return tuple(line for line in self.lines if line.counted)

    @property
    def has_injury_coverage(self) -> bool:
        """Whether any policy counts toward the injury claim."""
        return any(line.counted for line in self.lines)

    @property
    def total_text(self) -> str:
        """The total in words: ``$75,000.00``, ``$25,000.00 and 1 limit not known yet``."""
        if not self.has_injury_coverage:
            return "none recorded"
        if not self.unknown:
            return str(self.total)
        known = len(self.counted) - len(self.unknown)
        missing = f"{len(self.unknown)} limit{'s' if len(self.unknown) != 1 else ''} not known yet"
        return missing if known == 0 else f"{self.total} and {missing}"

    @property
    def unknown_text(self) -> str:
        """Which limits are not known yet, or empty."""
        if not self.unknown:
            return ""
        names = ", ".join(f"{p.carrier} ({p.coverage.short})" for p in self.unknown)
        return f"Limits not known yet (not counted): {names}."

    @property
    def warning(self) -> str:
        """Said when the valuation's value exceeds the known coverage; empty otherwise."""
        if self.value is None or self.value <= self.total:
            return ""
        return (
            f"The valuation, {self.value}, exceeds the coverage available, {self.total}: "
            "look for UM/UIM or other policies."
        )


def counts_toward_injury(policy: Policy) -> bool:
    """Per-person limits of the at-fault party's BI policies and the client's own UM/UIM count."""
    if policy.coverage is Coverage.BODILY_INJURY:
        return policy.party is PolicyParty.AT_FAULT
    if policy.coverage is Coverage.UM_UIM:
        return policy.party is PolicyParty.CLIENT
    return False


def coverage_summary(policies: Iterable[Policy], value: Money | None = None) -> CoverageSummary:
    """The coverage available for the injury claim (rule: :func:`counts_toward_injury`)."""
    lines = tuple(CoverageLine(policy, counts_toward_injury(policy)) for policy in policies)
    counted = [line.policy for line in lines if line.counted]
    total = sum((p.per_person for p in counted if p.per_person is not None), Money.zero())
    unknown = tuple(p for p in counted if p.per_person is None)
    return CoverageSummary(total=total, lines=lines, unknown=unknown, value=value)


def sort_policies(policies: Sequence[Policy]) -> list[Policy]:
    """Policies in the order they matter: counted for the injury claim first, then by coverage."""
    order = list(Coverage)
    return sorted(policies, key=lambda p: (not counts_toward_injury(p), order.index(p.coverage), p.id or 0))
