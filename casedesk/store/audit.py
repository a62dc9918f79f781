"""The audit trail (``audit_entries``): an append-only record of changes and of exports.

It records changes to money, deadlines, liens and settlement statements, and every export of health
information.

Entries are never updated or deleted (triggers refuse it); they outlive the case they describe, so they
name the case by number as well as by id and have no foreign key to it.

Changes are recorded generically, whatever repository made them: a ``before_flush`` listener on the case
file's sessions describes the new, changed and deleted rows of audited tables (see
:data:`casedesk.domain.audit.AUDITED`), and an ``after_flush`` listener writes the entries on the flush's
own connection, so they are saved in the same transaction as the change, or not at all. Core ``INSERT``,
``UPDATE`` and ``DELETE`` statements on audited tables (which bypass the flush) are caught by a
``do_orm_execute`` listener that reads the rows before and after.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Integer, String, Table, Text, event, insert, inspect, select
from sqlalchemy.engine import Connection, Result
from sqlalchemy.orm import Mapped, ORMExecuteState, Session, mapped_column, sessionmaker

from casedesk.domain.audit import (
    AUDITED,
    AuditAction,
    AuditedEntity,
    AuditEntry,
    FieldChange,
    changes_from_json,
    changes_to_json,
    describe_value,
)
from casedesk.store.base import Base, UtcDateTime, Versioned

#: Where a session keeps the entries described before a flush, until it has written them.
_PENDING = "casedesk.audit.pending"
#: Ids per ``IN (…)`` (SQLite limits the parameters of a statement).
_CHUNK = 500


class AuditEntryRow(Base):
    """One audited change or export (``audit_entries``)."""

    __tablename__ = "audit_entries"

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(UtcDateTime, index=True)
    user: Mapped[str] = mapped_column(String(200))
    case_id: Mapped[int | None] = mapped_column(Integer, nullable=True, index=True)
    case_number: Mapped[str] = mapped_column(String(40), default="")
    action: Mapped[str] = mapped_column(String(20))
    entity: Mapped[str] = mapped_column(String(40))
    entity_id: Mapped[int | None] = mapped_column(Integer, nullable=True)
    summary: Mapped[str] = mapped_column(String(300), default="")
    changes: Mapped[str] = mapped_column(Text, default="")
    detail: Mapped[str] = mapped_column(Text, default="")

    def to_domain(self) -> AuditEntry:
        """The entry as a domain object."""
        return AuditEntry(
            id=self.id,
            at=self.at,
            user=self.user,
            case_id=self.case_id,
            case_number=self.case_number,
            action=AuditAction(self.action),
            entity=self.entity,
            entity_id=self.entity_id,
            summary=self.summary,
            changes=changes_from_json(self.changes),
            detail=self.detail,
        )


@dataclass(slots=True)
class _Described:
    """An entry described before the flush; a new row's id is known only after it."""

    row: Any
    audited: AuditedEntity
    action: AuditAction
    case_id: int | None
    case_number: str
    summary: str
    changes: list[FieldChange]


def audit_changes(
    sessions: sessionmaker[Session], user: Callable[[], str], clock: Callable[[], datetime] | None = None
) -> None:
    """Record the audited changes saved through ``sessions``, by ``user``, in the same transaction.

    Every new or changed :class:`Versioned` row is also stamped with who saved it (``changed_by``), and a
    new timeline entry with who wrote it (``created_by``).

    Args:
        sessions: The case file's session factory.
        user: Who is working on the file now (asked at each save: a firm user signs in after opening).
        clock: What is taken as now (the system's clock by default).
    """
    now = clock or (lambda: datetime.now(UTC))

    def before_flush(session: Session, _context: object, _instances: object) -> None:
        _stamp_who(session, user())
        session.info[_PENDING] = _describe_flush(session)

    def after_flush(session: Session, _context: object) -> None:
        described: list[_Described] = session.info.pop(_PENDING, [])
        if described:
            at = now()
            who = user()
            rows = [_entry_values(item, at, who, _row_id(item.row)) for item in described]
            _write(session.connection(), rows)

    def forget(session: Session, *_args: object) -> None:
        session.info.pop(_PENDING, None)

    def do_orm_execute(state: ORMExecuteState) -> Result[Any] | None:
        return _audit_statement(state, user(), now)

    event.listen(sessions, "before_flush", before_flush)
    event.listen(sessions, "after_flush", after_flush)
    event.listen(sessions, "after_soft_rollback", forget)
    event.listen(sessions, "do_orm_execute", do_orm_execute)


def _stamp_who(session: Session, who: str) -> None:
    for row in session.new:
        if isinstance(row, Versioned):
            row.changed_by = who
        if hasattr(row, "created_by") and not row.created_by:  # a timeline entry: who wrote it
            row.created_by = who
    for row in session.dirty:
        if isinstance(row, Versioned) and session.is_modified(row, include_collections=False):
            row.changed_by = who


def add_entry(session: Session, entry: AuditEntry) -> int:
    """Write one entry (e.g. an export) in the session's transaction; returns its id."""
    row = AuditEntryRow(
        at=entry.at,
        user=entry.user,
        case_id=entry.case_id,
        case_number=entry.case_number,
        action=entry.action.value,
        entity=entry.entity,
        entity_id=entry.entity_id,
        summary=entry.summary[:300],
        changes=changes_to_json(entry.changes),
        detail=entry.detail,
    )
    session.add(row)
    session.flush()
    return row.id


def list_entries(session: Session, case_id: int | None = None) -> list[AuditEntry]:
    """The trail, newest first: of one case, or (``case_id`` None) of the whole case file."""
    query = select(AuditEntryRow).order_by(AuditEntryRow.at.desc(), AuditEntryRow.id.desc())
    if case_id is not None:
        query = query.where(AuditEntryRow.case_id == case_id)
    return [row.to_domain() for row in session.scalars(query)]


def case_number_of(session: Session, case_id: int) -> str:
    """The number of a case ("" when there is no such case)."""
    return _case_numbers(session.connection(), {case_id}).get(case_id, "")


# --- describing a flush ---------------------------------------------------------------------------


def _describe_flush(session: Session) -> list[_Described]:
    described: list[_Described] = []
    for action, rows in (
        (AuditAction.ADDED, session.new),
        (AuditAction.CHANGED, session.dirty),
        (AuditAction.DELETED, session.deleted),
    ):
        for row in rows:
            audited = _audited_of(row)
            if audited is None or (audited.deletions_only and action is not AuditAction.DELETED):
                continue
            changes = _row_changes(row, audited, action)
            if changes is not None:
                described.append(_Described(row, audited, action, None, "", "", changes))
    if described:
        _fill_cases(session.connection(), described)
    return described


def _audited_of(row: object) -> AuditedEntity | None:
    table = getattr(row, "__table__", None)
    if not isinstance(table, Table) or table.name == AuditEntryRow.__tablename__:
        return None
    return AUDITED.get(table.name)


def _row_changes(row: Any, audited: AuditedEntity, action: AuditAction) -> list[FieldChange] | None:
    """The audited fields' before and after; None when nothing audited changed."""
    state = inspect(row)
    if action is AuditAction.CHANGED:
        changes = []
        was_audited = False
        for column in audited.columns:
            history = state.attrs[column].history
            if not history.has_changes():
                continue
            before = describe_value(history.deleted[0]) if history.deleted else ""
            after = describe_value(history.added[0]) if history.added else ""
            if before != after:
                changes.append(FieldChange(audited.field_label(column), before, after))
        if audited.only_if is not None:
            column = audited.only_if[0]
            history = state.attrs[column].history
            olds = [*history.deleted, *history.unchanged, *history.added]
            was_audited = any(audited.applies_to({column: value}) for value in olds)
        else:
            was_audited = True
        return changes if changes and was_audited else None
    values = {column: getattr(row, column) for column in _needed_columns(audited)}
    return _whole_row_changes(audited, action, values)


def _needed_columns(audited: AuditedEntity) -> set[str]:
    needed = {*audited.columns, audited.case_field}
    if audited.name_field:
        needed.add(audited.name_field)
    if audited.only_if is not None:
        needed.add(audited.only_if[0])
    return needed


def _whole_row_changes(
    audited: AuditedEntity, action: AuditAction, values: dict[str, Any]
) -> list[FieldChange] | None:
    """An added or deleted row's audited fields (None when the row is not audited or shows none)."""
    if not audited.applies_to(values):
        return None
    changes = []
    for column in audited.columns:
        text = describe_value(values.get(column))
        if text:
            before, after = (text, "") if action is AuditAction.DELETED else ("", text)
            changes.append(FieldChange(audited.field_label(column), before, after))
    return changes or None


def _fill_cases(conn: Connection, described: Sequence[_Described]) -> None:
    """Set each entry's case (through its parent where it has none) and case number, and its summary."""
    parents: dict[str, set[int]] = {}
    for item in described:
        if item.audited.via is not None:
            parents.setdefault(item.audited.via, set()).add(getattr(item.row, item.audited.case_field))
    parent_cases = {via: _parent_cases(conn, via, ids) for via, ids in parents.items()}
    for item in described:
        key = getattr(item.row, item.audited.case_field)
        via = item.audited.via
        item.case_id = parent_cases[via].get(key) if via is not None else key
    numbers = _case_numbers(conn, {item.case_id for item in described if item.case_id is not None})
    for item in described:
        if item.audited.table == "cases":
            item.case_number = str(item.row.number)
        elif item.case_id is not None:
            item.case_number = numbers.get(item.case_id, "")
        name = getattr(item.row, item.audited.name_field) if item.audited.name_field else None
        item.summary = _summary(item.audited, item.action, name, item.changes)


def _summary(
    audited: AuditedEntity, action: AuditAction, name: object, changes: Sequence[FieldChange] = ()
) -> str:
    verb = action.value
    for change in changes:
        if change.field == "Status" and audited.table == "settlement_statements":
            verb = {"final": "finalized", "draft": "reopened"}.get(change.after, verb)
    text = f"{audited.label} {verb}"
    named = describe_value(name).replace("_", " ")
    return f"{text}: {named}"[:300] if named else text


def _parent_cases(conn: Connection, table_name: str, ids: Iterable[int]) -> dict[int, int]:
    table = Base.metadata.tables[table_name]
    found: dict[int, int] = {}
    for chunk in _chunks(sorted(ids)):
        rows = conn.execute(select(table.c.id, table.c.case_id).where(table.c.id.in_(chunk)))
        found.update({int(row[0]): int(row[1]) for row in rows})
    return found


def _case_numbers(conn: Connection, case_ids: Iterable[int]) -> dict[int, str]:
    table = Base.metadata.tables["cases"]
    found: dict[int, str] = {}
    for chunk in _chunks(sorted(case_ids)):
        rows = conn.execute(select(table.c.id, table.c.number).where(table.c.id.in_(chunk)))
        found.update({int(row[0]): str(row[1]) for row in rows})
    return found


def _chunks(ids: Sequence[int]) -> Iterable[Sequence[int]]:
    for start in range(0, len(ids), _CHUNK):
        yield ids[start : start + _CHUNK]


def _row_id(row: Any) -> int | None:
    key = inspect(row).mapper.primary_key_from_instance(row)
    return key[0] if len(key) == 1 and isinstance(key[0], int) else None


def _entry_values(item: _Described, at: datetime, user: str, entity_id: int | None) -> dict[str, Any]:
    return {
        "at": at,
        "user": user,
        "case_id": item.case_id,
        "case_number": item.case_number[:40],
        "action": item.action.value,
        "entity": item.audited.table,
        "entity_id": entity_id,
        "summary": item.summary,
        "changes": changes_to_json(item.changes),
        "detail": "",
    }


def _write(conn: Connection, rows: list[dict[str, Any]]) -> None:
    table = AuditEntryRow.__table__
    assert isinstance(table, Table)
    conn.execute(insert(table), rows)


# --- statements that bypass the flush -------------------------------------------------------------


def _audit_statement(state: ORMExecuteState, user: str, now: Callable[[], datetime]) -> Result[Any] | None:
    """Record what a Core INSERT, UPDATE or DELETE on an audited table did (None: not one of those)."""
    if not (state.is_insert or state.is_update or state.is_delete):
        return None
    table = getattr(state.statement, "table", None)
    audited = AUDITED.get(table.name) if isinstance(table, Table) else None
    if table is None or audited is None:
        return None
    assert isinstance(table, Table)
    conn = state.session.connection()
    if state.is_insert:
        result = state.invoke_statement()
        params: Any = state.parameters
        many: list[Any] = params if isinstance(params, list) else [params or {}]
        found = [(AuditAction.ADDED, dict(values)) for values in many]
    else:
        where = getattr(state.statement, "whereclause", None)
        query = select(table) if where is None else select(table).where(where)
        before = {row["id"]: dict(row) for row in conn.execute(query).mappings()}
        result = state.invoke_statement()
        if state.is_delete:
            found = [(AuditAction.DELETED, values) for values in before.values()]
        else:
            found = _updated(conn, table, audited, before)
    if audited.deletions_only:
        found = [(action, values) for action, values in found if action is AuditAction.DELETED]
    _write_found(conn, audited, found, user, now())
    return result


def _updated(
    conn: Connection, table: Table, audited: AuditedEntity, before: dict[Any, dict[str, Any]]
) -> list[tuple[AuditAction, dict[str, Any]]]:
    """Rows whose audited fields an UPDATE changed, as ``{column: (before, after)}`` pairs."""
    found: list[tuple[AuditAction, dict[str, Any]]] = []
    for chunk in _chunks(sorted(before)):
        for row in conn.execute(select(table).where(table.c.id.in_(chunk))).mappings():
            old = before[row["id"]]
            if not (audited.applies_to(old) or audited.applies_to(dict(row))):
                continue
            if any(old.get(column) != row[column] for column in audited.columns):
                found.append((AuditAction.CHANGED, {"__before__": old, **dict(row)}))
    return found


def _write_found(
    conn: Connection,
    audited: AuditedEntity,
    found: list[tuple[AuditAction, dict[str, Any]]],
    user: str,
    at: datetime,
) -> None:
    entries: list[tuple[AuditAction, dict[str, Any], list[FieldChange]]] = []
    for action, values in found:
        if action is AuditAction.CHANGED:
            old = values["__before__"]
            changes = [
                FieldChange(
                    audited.field_label(column),
                    describe_value(old.get(column)),
                    describe_value(values[column]),
                )
                for column in audited.columns
                if old.get(column) != values[column]
            ]
        else:
            changes = _whole_row_changes(audited, action, values) or []
        if changes:
            entries.append((action, values, changes))
    if not entries:
        return
    keys = {int(key) for _, values, _ in entries if (key := values.get(audited.case_field)) is not None}
    case_ids = {key: key for key in keys}
    if audited.via is not None:
        case_ids = _parent_cases(conn, audited.via, keys)
    numbers = _case_numbers(conn, case_ids.values())
    rows = []
    for action, values, changes in entries:
        key = values.get(audited.case_field)
        case_id = case_ids.get(int(key)) if key is not None else None
        name = values.get(audited.name_field) if audited.name_field else None
        rows.append(
            {
                "at": at,
                "user": user,
                "case_id": case_id,
                "case_number": numbers.get(case_id, "")[:40] if case_id is not None else "",
                "action": action.value,
                "entity": audited.table,
                "entity_id": values.get("id"),
                "summary": _summary(audited, action, name, changes),
                "changes": changes_to_json(changes),
                "detail": "",
            }
        )
    _write(conn, rows)
