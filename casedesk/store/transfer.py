"""Copying a whole case file between databases (a SQLite file and a firm database), and its sequences.

Every table of :data:`casedesk.store.schema.metadata` is copied row for row with Core, parents before
children (``metadata.sorted_tables``), in chunks, keeping every id, inside the caller's one transaction on
the target. What is not case data stays where it is: the schema revision (each database has its own),
the accounts of a firm database (``users``) and a case file's own secrets (``casefile_secrets``: the key of
an encrypted file's sealed document folder, meaningless elsewhere).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from sqlalchemy import Connection, Table

#: Rows read and written per statement.
CHUNK_ROWS = 2_000
#: Tables that belong to one database, not to the case data moved between databases.
NOT_COPIED = frozenset({"users", "casefile_secrets"})
#: Tables the target fills itself and a copy replaces with the source's rows: the default expense
#: categories of a new case file, and the searchable texts that triggers add as the records they index
#: are copied (the source's rows, with their ids, take their place).
REPLACED = frozenset({"expense_categories", "search_texts"})
SEARCH_TEXTS = "search_texts"


@dataclass(frozen=True, slots=True)
class TableCount:
    """Rows of one table on both sides after a copy."""

    table: str
    source: int
    target: int
    #: Rows the move itself adds to the target (its audit entry).
    added: int = 0

    @property
    def matches(self) -> bool:
        """The target holds the source's rows (and those the move added), no more, no fewer."""
        return self.source + self.added == self.target


def reset_sequences(connection: Connection) -> None:
    """Move every id sequence of a PostgreSQL database past the largest id its table holds.

    Rows inserted with explicit ids (the demo, a moved case file) leave the sequences where they were, so
    the next ordinary insert would take an id already used. Does nothing on SQLite, which numbers new rows
    from the largest id.
    """
    from sqlalchemy import text

    if connection.dialect.name != "postgresql":
        return
    owned = connection.execute(
        text(
            "SELECT c.relname, a.attname, pg_get_serial_sequence(quote_ident(c.relname), a.attname) "
            "FROM pg_class c JOIN pg_attribute a ON a.attrelid = c.oid "
            "WHERE c.relkind = 'r' AND c.relnamespace = current_schema()::regnamespace "
            "AND a.attnum > 0 AND NOT a.attisdropped "
            "AND pg_get_serial_sequence(quote_ident(c.relname), a.attname) IS NOT NULL"
        )
    ).all()
    for table, column, sequence in owned:
        connection.execute(
            text(
                f"SELECT setval(:sequence, COALESCE((SELECT max({_quoted(column)}) FROM {_quoted(table)}), 0)"
                " + 1, false)"
            ),
            {"sequence": sequence},
        )


def copied_tables() -> list[Table]:
    """The tables a copy moves, parents before children, and the searchable texts last.

    The texts go last because triggers add them as timeline entries, record index entries and documents are
    inserted; the copy then puts the source's own rows (same ids) in place of those.
    """
    from casedesk.store.schema import metadata

    tables = [table for table in metadata.sorted_tables if table.name not in NOT_COPIED]
    return sorted(tables, key=lambda table: table.name == SEARCH_TEXTS)


def row_counts(connection: Connection, tables: Sequence[Table]) -> dict[str, int]:
    """How many rows each table holds, in one query."""
    from sqlalchemy import func, select

    if not tables:
        return {}
    counts = [select(func.count()).select_from(table).scalar_subquery() for table in tables]
    row = connection.execute(select(*counts)).one()
    return {table.name: int(count) for table, count in zip(tables, row, strict=True)}


def holdings(connection: Connection) -> dict[str, int]:
    """The tables of case data that already hold rows (an empty target holds none but replaced ones)."""
    counts = row_counts(connection, [t for t in copied_tables() if t.name not in REPLACED])
    return {name: count for name, count in counts.items() if count}


def read_chunks(
    connection: Connection, table: Table, chunk: int = CHUNK_ROWS
) -> Iterator[list[dict[str, Any]]]:
    """Every row of ``table`` as column mappings, ``chunk`` rows at a time, in primary-key order."""
    from sqlalchemy import select

    statement = select(table).order_by(*table.primary_key.columns)
    result = connection.execution_options(yield_per=chunk).execute(statement)
    for part in result.mappings().partitions(chunk):
        yield [dict(row) for row in part]


def copy_table(
    source: Connection,
    target: Connection,
    table: Table,
    *,
    on_chunk: Callable[[int], None] | None = None,
) -> int:
    """Insert every row of ``table`` from ``source`` into ``target`` (same ids); how many were copied.

    A :data:`REPLACED` table is emptied on the target first, so it ends up as the source has it.
    """
    from sqlalchemy import delete, insert

    if table.name in REPLACED:
        target.execute(delete(table))
    copied = 0
    for rows in read_chunks(source, table):
        target.execute(insert(table), rows)
        copied += len(rows)
        if on_chunk is not None:
            on_chunk(len(rows))
    return copied


def compare_counts(
    source: Connection, target: Connection, added: dict[str, int] | None = None
) -> list[TableCount]:
    """Rows per copied table on both sides, in copy order; ``added``: rows the move itself wrote."""
    tables = copied_tables()
    before = row_counts(source, tables)
    after = row_counts(target, tables)
    extra = added or {}
    return [TableCount(t.name, before[t.name], after[t.name], extra.get(t.name, 0)) for t in tables]


def _quoted(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'
