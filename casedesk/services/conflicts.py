"""Refusing a save when the record changed since the user opened it, saying who changed what."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from sqlalchemy.orm import Session

from casedesk.domain.conflicts import conflict


def refuse_if_changed(
    session: Session,
    row_type: type[Any],
    what: str,
    opened: Any,
    stored: Any,
    labels: Mapping[str, str] | None = None,
) -> None:
    """Raise a :class:`ConflictError` naming who saved ``stored`` and each field they changed.

    Nothing happens when ``opened`` is None (the caller did not say what the user opened) or when the
    record is still as the user opened it.

    Args:
        session: The session of the save (the check and the save are one transaction).
        row_type: The record's row class (its ``changed_by`` names who saved it last).
        what: The kind of record, as the message names it ("expense").
        opened: The record as the user opened it.
        stored: The record as it is saved now.
        labels: Field name to the label the form shows.
    """
    if opened is None or stored == opened:
        return
    row = session.get(row_type, getattr(stored, "id", None)) if getattr(stored, "id", None) else None
    by = str(getattr(row, "changed_by", "") or "")
    raise conflict(what, opened, stored, by=by, labels=labels)
