"""What another person changed in a record since you opened it (for a refused save's message)."""

from __future__ import annotations

import dataclasses
import enum
from collections.abc import Mapping
from datetime import date, datetime
from decimal import Decimal
from fractions import Fraction

from casedesk.domain.errors import ConflictError
from casedesk.domain.money import Money

#: Fields that are bookkeeping, never shown as someone's change.
_NOT_SHOWN = frozenset({"id", "version", "revision", "changed_by", "created_at", "updated_at"})


def show_value(value: object) -> str:
    """A field's value as a case manager reads it ("" for none)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, Money):
        return str(value)
    if isinstance(value, datetime):
        return f"{value:%m/%d/%Y %I:%M %p}"
    if isinstance(value, date):
        return f"{value:%m/%d/%Y}"
    if isinstance(value, enum.Enum):
        label = getattr(value, "label", None)
        return str(label) if isinstance(label, str) else str(value.value)
    if isinstance(value, Decimal | Fraction | int | float):
        return str(value)
    if isinstance(value, tuple | list | frozenset | set):
        return ", ".join(show_value(item) for item in value)
    text = str(value)
    return text if len(text) <= 80 else text[:77] + "…"


def field_label(name: str) -> str:
    """A field name as words ("date_of_birth" → "Date of birth")."""
    return name.replace("_", " ").strip().capitalize()


def changed_fields(
    opened: object, stored: object, labels: Mapping[str, str] | None = None
) -> tuple[tuple[str, str, str], ...]:
    """Each field that differs between two versions of a record: (label, value opened, value stored).

    Args:
        opened: The record as the user opened it (a domain dataclass).
        stored: The record as it is saved now (same class).
        labels: Field name to the label the form shows; others are named from the field name.
    """
    labels = labels or {}
    if not dataclasses.is_dataclass(opened) or not dataclasses.is_dataclass(stored):
        return ()
    changes = []
    for item in dataclasses.fields(opened):
        if not item.compare or item.name in _NOT_SHOWN or item.name.endswith("_id"):
            continue
        before = getattr(opened, item.name)
        after = getattr(stored, item.name, before)
        if before != after:
            old, new = show_value(before), show_value(after)
            if old == new:  # a long text changed past what is shown
                old, new = "(earlier text)", "(their text)"
            changes.append((labels.get(item.name) or field_label(item.name), old, new))
    return tuple(changes)


def conflict(
    what: str, opened: object, stored: object, *, by: str = "", labels: Mapping[str, str] | None = None
) -> ConflictError:
    """The error for a save refused because ``stored`` is no longer the ``opened`` record.

    Args:
        what: The kind of record, as the message names it ("case", "expense").
        opened: The record as the user opened it.
        stored: The record as it is saved now.
        by: Who saved the stored version ("" when unknown).
        labels: Field name to the label the form shows.
    """
    return ConflictError(what, by=by, changes=changed_fields(opened, stored, labels), current=stored)
