"""Refusing a save when the record changed since the user opened it, saying who changed what."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any, TypeVar

from sqlalchemy.orm import Session

from casedesk.domain.conflicts import conflict

T = TypeVar("T")

#: Where a session keeps the rows it checked, so the save updates the very row (and version) it compared.
_HELD = "casedesk.conflicts.held"


def refuse_if_changed(
    session: Session,
    row_type: type[Any],
    what: str,
    opened: T | None,
    read: Callable[[Session, int], T],
    labels: Mapping[str, str] | None = None,
) -> T | None:
    """Refuse the save with a :class:`ConflictError` if the record is no longer as the user opened it.

    The row is read ``FOR UPDATE`` (on a firm database a save of it in progress elsewhere is waited for)
    and kept in the session, so the save that follows updates the row compared here: a save committed
    elsewhere between the check and the update fails on the row's version instead of being overwritten.

    Args:
        session: The session of the save (the check and the save are one transaction).
        row_type: The record's row class (its ``changed_by`` names who saved it last).
        what: The kind of record, as the message names it ("expense").
        opened: The record as the user opened it; None skips the check.
        read: Reads the record as a domain object (a store function: session, id).
        labels: Field name to the label the form shows.

    Returns:
        The record as it is stored now (None when not checked).

    Raises:
        ConflictError: Someone saved the record since; names who and each field they changed.
    """
    if opened is None:
        return None
    record_id = getattr(opened, "id", None)
    if record_id is None:
        return None
    # FOR NO KEY UPDATE: concurrent saves of this record wait for each other, but adding a timeline entry
    # or an expense to the same case (a foreign key share lock) does not wait for this save.
    row = session.get(row_type, record_id, with_for_update={"key_share": True})
    if row is not None:
        session.info.setdefault(_HELD, []).append(row)
    stored = read(session, record_id)
    if stored != opened:
        by = str(getattr(row, "changed_by", "") or "")
        raise conflict(what, opened, stored, by=by, labels=labels)
    return stored
