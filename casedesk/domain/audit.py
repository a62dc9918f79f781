"""The audit trail: which fields of which records are audited, and how a change or an export is described.

The trail records changes to money (expenses, bills, liens, wages, recoveries, negotiation amounts, policy
limits, invoices and their payments, trust disbursements and holdbacks, valuation figures, record-request
costs), to deadlines (calendar deadlines, limitation overrides, demand deadlines), to settlement
statements (finalizing one above all), deletions of cases, and every export of health information.
"""

from __future__ import annotations

import enum
import json
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from fractions import Fraction

from casedesk.domain.money import Money


class AuditAction(enum.StrEnum):
    """What happened to the record."""

    ADDED = "added"
    CHANGED = "changed"
    DELETED = "deleted"
    EXPORTED = "exported"

    @property
    def label(self) -> str:
        """Display name."""
        return self.value.capitalize()


class AuditKind(enum.StrEnum):
    """The kinds of entries the viewer filters by."""

    MONEY = "money"
    DEADLINE = "deadline"
    LIEN = "lien"
    SETTLEMENT = "settlement"
    CASE = "case"
    EXPORT = "export"

    @property
    def label(self) -> str:
        """Display name."""
        return _KIND_LABELS[self]


_KIND_LABELS = {
    AuditKind.MONEY: "Money",
    AuditKind.DEADLINE: "Deadlines",
    AuditKind.LIEN: "Liens",
    AuditKind.SETTLEMENT: "Settlement",
    AuditKind.CASE: "Cases",
    AuditKind.EXPORT: "Exports",
}


@dataclass(frozen=True, slots=True)
class AuditedEntity:
    """How the records of one table are audited.

    Attributes:
        table: The table's name.
        label: What a case manager calls one record ("Expense").
        kind: The kind of its entries (for the viewer's filter).
        fields: The audited columns and their display names, in display order; a change to another
            column is not recorded.
        name_field: The column that names the record in an entry's summary ("payee"), if any.
        only_if: ``(column, values)``: only records whose column has one of the values are audited
            (calendar events: deadlines only).
        case_field: The column holding the record's case id (or the id of its parent, see ``via``).
        via: The parent table whose ``case_id`` is the record's case, when the record has none itself
            (a negotiation entry belongs to a claim, a payment to an invoice).
        deletions_only: Only deleting a record is recorded (a case: what it held is gone with it).
    """

    table: str
    label: str
    kind: AuditKind
    fields: tuple[tuple[str, str], ...]
    name_field: str | None = None
    only_if: tuple[str, frozenset[str]] | None = None
    case_field: str = "case_id"
    via: str | None = None
    deletions_only: bool = False

    @property
    def columns(self) -> tuple[str, ...]:
        """The audited columns."""
        return tuple(column for column, _ in self.fields)

    def field_label(self, column: str) -> str:
        """The display name of an audited column."""
        return dict(self.fields).get(column, column)

    def applies_to(self, values: dict[str, object]) -> bool:
        """Whether a record with these column values is audited at all."""
        if self.only_if is None:
            return True
        column, wanted = self.only_if
        return str(values.get(column)) in wanted


_DEADLINE_KINDS = frozenset({"filing_deadline", "limitation", "follow_up"})

AUDITED: dict[str, AuditedEntity] = {
    entity.table: entity
    for entity in (
        AuditedEntity(
            "expenses",
            "Expense",
            AuditKind.MONEY,
            (
                ("amount", "Amount"),
                ("spent_on", "Date"),
                ("paid_by", "Paid by"),
                ("reimbursable", "Reimbursable"),
            ),
            name_field="payee",
        ),
        AuditedEntity(
            "bills",
            "Bill",
            AuditKind.MONEY,
            (
                ("billed", "Billed"),
                ("adjustment", "Adjustment"),
                ("health_paid", "Health insurance paid"),
                ("pip_paid", "PIP paid"),
                ("client_paid", "Client paid"),
                ("owed", "Owed"),
            ),
        ),
        AuditedEntity(
            "liens",
            "Lien",
            AuditKind.LIEN,
            (
                ("asserted", "Asserted"),
                ("reduction", "Reduction"),
                ("final", "Final"),
                ("status", "Status"),
                ("asserted_on", "Asserted on"),
            ),
            name_field="holder",
        ),
        AuditedEntity(
            "lost_wages",
            "Lost wages",
            AuditKind.MONEY,
            (
                ("rate", "Rate"),
                ("basis", "Basis"),
                ("missed", "Missed"),
                ("override", "Override"),
                ("override_reason", "Override reason"),
            ),
            name_field="employer",
        ),
        AuditedEntity(
            "recoveries",
            "Recovery",
            AuditKind.SETTLEMENT,
            (("amount", "Amount"), ("received_on", "Received on")),
        ),
        AuditedEntity(
            "settlement_statements",
            "Settlement statement",
            AuditKind.SETTLEMENT,
            (
                ("status", "Status"),
                ("finalized_at", "Finalized"),
                ("fee_pre_suit", "Fee before suit"),
                ("fee_suit", "Fee in suit"),
                ("fee_trial", "Fee at trial"),
                ("fee_stage", "Fee stage"),
                ("fee_basis", "Fee basis"),
            ),
        ),
        AuditedEntity(
            "holdbacks",
            "Holdback",
            AuditKind.SETTLEMENT,
            (("amount", "Amount"), ("released_on", "Released on")),
        ),
        AuditedEntity(
            "disbursements",
            "Trust disbursement",
            AuditKind.MONEY,
            (("amount", "Amount"), ("paid_on", "Paid on"), ("payee", "Payee")),
            name_field="payee",
        ),
        AuditedEntity(
            "negotiation_entries",
            "Negotiation entry",
            AuditKind.MONEY,
            (("amount", "Amount"), ("made_on", "Made on"), ("deadline", "Deadline")),
            name_field="kind",
            case_field="claim_id",
            via="insurance_claims",
        ),
        AuditedEntity(
            "insurance_policies",
            "Insurance policy",
            AuditKind.MONEY,
            (("per_person", "Per-person limit"), ("per_occurrence", "Per-occurrence limit")),
            name_field="carrier",
        ),
        AuditedEntity(
            "invoices",
            "Invoice",
            AuditKind.MONEY,
            (
                ("total", "Total"),
                ("issued_on", "Issued on"),
                ("due_on", "Due on"),
                ("voided_on", "Voided on"),
            ),
            name_field="number",
        ),
        AuditedEntity(
            "invoice_payments",
            "Invoice payment",
            AuditKind.MONEY,
            (("amount", "Amount"), ("paid_on", "Paid on")),
            case_field="invoice_id",
            via="invoices",
        ),
        AuditedEntity(
            "record_requests",
            "Record request",
            AuditKind.MONEY,
            (("cost", "Cost"),),
            name_field="kind",
        ),
        AuditedEntity(
            "valuation_inputs",
            "Valuation figures",
            AuditKind.MONEY,
            (
                ("medical_billed", "Medical billed"),
                ("medical_paid", "Medical paid"),
                ("property_damage", "Property damage"),
                ("lost_wages", "Lost wages"),
                ("future_medical", "Future medical"),
                ("other", "Other"),
                ("costs", "Costs"),
                ("liens", "Liens"),
                ("coverage", "Coverage"),
            ),
        ),
        AuditedEntity(
            "events",
            "Deadline",
            AuditKind.DEADLINE,
            (("day", "Due on"), ("done_on", "Done on"), ("title", "Title")),
            name_field="title",
            only_if=("kind", _DEADLINE_KINDS),
        ),
        AuditedEntity(
            "case_limitations",
            "Limitation settings",
            AuditKind.DEADLINE,
            (
                ("override_on", "Deadline override"),
                ("override_reason", "Override reason"),
                ("defendant_type", "Defendant type"),
                ("tolling", "Tolling"),
            ),
        ),
        AuditedEntity(
            "cases",
            "Case",
            AuditKind.CASE,
            (("number", "Number"), ("caption", "Caption"), ("status", "Status")),
            name_field="number",
            case_field="id",
            deletions_only=True,
        ),
    )
}
#: The entity name of an export entry.
EXPORT_ENTITY = "export"


def describe_value(value: object) -> str:
    """A stored value as the trail shows it: money as dollars, dates ISO, yes/no."""
    if value is None:
        return ""
    if isinstance(value, Money):
        return str(value)
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, datetime):
        return value.isoformat(timespec="seconds")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Decimal | Fraction | int | float):
        return str(value)
    if isinstance(value, enum.Enum):
        return str(value.value)
    return str(value)


@dataclass(frozen=True, slots=True)
class FieldChange:
    """One audited field's value before and after (display text; empty when there was none)."""

    field: str
    before: str
    after: str


@dataclass(frozen=True, slots=True)
class AuditEntry:
    """One change or export in the trail.

    Attributes:
        at: When it was saved (aware, UTC).
        user: Who saved it (the account name).
        case_id: The case (None for an export of the whole caseload); the case may be gone since.
        case_number: The case's number when the entry was written.
        action: What happened.
        entity: The table of the record changed, or ``"export"``.
        entity_id: The record's id (None when unknown).
        summary: One line a case manager reads ("Expense — Court Reporters Inc").
        changes: The audited fields that changed, before and after.
        detail: For an export, the file written.
    """

    at: datetime
    user: str
    case_id: int | None
    case_number: str
    action: AuditAction
    entity: str
    entity_id: int | None = None
    summary: str = ""
    changes: tuple[FieldChange, ...] = ()
    detail: str = ""
    id: int | None = field(default=None, compare=False)

    @property
    def kind(self) -> AuditKind:
        """The kind of the entry (the viewer's filter)."""
        if self.action is AuditAction.EXPORTED:
            return AuditKind.EXPORT
        audited = AUDITED.get(self.entity)
        return audited.kind if audited is not None else AuditKind.CASE

    @property
    def what(self) -> str:
        """The record's kind as a case manager calls it."""
        if self.action is AuditAction.EXPORTED:
            return "Export"
        audited = AUDITED.get(self.entity)
        return audited.label if audited is not None else self.entity

    def changes_text(self) -> str:
        """The changes on one line each: ``Amount: $10.00 → $12.00``."""
        return "\n".join(_change_line(change) for change in self.changes)


def _change_line(change: FieldChange) -> str:
    if change.before and change.after:
        return f"{change.field}: {change.before} → {change.after}"
    if change.after:
        return f"{change.field}: {change.after}"
    return f"{change.field}: {change.before} → (none)"


def changes_to_json(changes: tuple[FieldChange, ...] | list[FieldChange]) -> str:
    """The changes as stored (a JSON list of ``{field, before, after}``)."""
    return json.dumps(
        [{"field": c.field, "before": c.before, "after": c.after} for c in changes], ensure_ascii=False
    )


def changes_from_json(text: str) -> tuple[FieldChange, ...]:
    """Stored changes back (an empty or unreadable text gives none)."""
    if not text:
        return ()
    try:
        items = json.loads(text)
    except ValueError:
        return ()
    if not isinstance(items, list):
        return ()
    return tuple(
        FieldChange(str(item.get("field", "")), str(item.get("before", "")), str(item.get("after", "")))
        for item in items
        if isinstance(item, dict)
    )
