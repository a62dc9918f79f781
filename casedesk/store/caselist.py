"""The case list's two queries, written once as SQL text.

The app runs them through SQLAlchemy (``text()``, on SQLite or PostgreSQL); at start-up they also run on
a bare read-only sqlite3 connection, so the first window shows the case list before SQLAlchemy has even
been imported. Both paths get the same SQL and the same row conversion, so they cannot disagree.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from datetime import date
from typing import Any

from casedesk.domain.cases import CaseList, CaseQuery, CaseSort, CaseStatus, CaseSummary, CaseType
from casedesk.store.engine import FOLD_FUNCTION, fold_text

Params = dict[str, Any]
#: Runs one statement with its parameters and returns the rows (SQLAlchemy or a bare sqlite3 cursor).
Execute = Callable[[str, Params], Iterable[Sequence[Any]]]
_STATUSES = {status.value: status for status in CaseStatus}
_STATUS_ORDER = " ".join(f"WHEN '{s.value}' THEN {i}" for i, s in enumerate(CaseStatus))
#: The SQL expression each sort orders by (NULLs always go last).
SORT_EXPRESSIONS = {
    CaseSort.NUMBER: "cases.number",
    CaseSort.CLIENT: f"{FOLD_FUNCTION}(clients.name)",
    CaseSort.CAPTION: f"{FOLD_FUNCTION}(cases.caption)",
    CaseSort.STATUS: f"CASE cases.status {_STATUS_ORDER} END",
    CaseSort.INCIDENT_DATE: "cases.incident_date",
    CaseSort.JURISDICTION: "nullif(cases.jurisdiction, '')",
    CaseSort.NEXT_ACTION_ON: "cases.next_action_on",
}
#: Cases fetched per ``IN (...)`` query; well under every database's bound-parameter limit.
FETCH_CHUNK = 500
_FROM = "FROM cases JOIN clients ON clients.id = cases.client_id"


def escape_like(text: str) -> str:
    r"""Escape ``%``, ``_`` and the escape character itself for a ``LIKE … ESCAPE '\'`` pattern."""
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def read_case_list(execute: Execute, query: CaseQuery) -> CaseList:
    """The ids matching a query in order, and the counts per status."""
    sql, params = ids_statement(query)
    return case_list_from_rows(execute(sql, params), query)


def read_summaries(execute: Execute, ids: Sequence[int]) -> list[CaseSummary]:
    """Case-list rows for these case ids, in the order given (ids no longer found are left out)."""
    found: dict[int, CaseSummary] = {}
    for chunk in chunks(ids):
        sql, params = summaries_statement(chunk)
        found.update(summaries_from_rows(execute(sql, params)))
    return [found[case_id] for case_id in ids if case_id in found]


def ids_statement(query: CaseQuery) -> tuple[str, Params]:
    """SQL for (id, status) of every case matching the query's text, in the query's order.

    Every word of the text must occur in the client's name, the case number or the caption,
    ignoring case. The status filter is applied by :func:`case_list_from_rows`, which needs every
    status to count them.
    """
    params: Params = {}
    conditions = []
    for n, word in enumerate(query.text.split()):
        params[f"w{n}"] = f"%{escape_like(fold_text(word))}%"
        conditions.append(
            "("
            + " OR ".join(
                f"{FOLD_FUNCTION}({column}) LIKE :w{n} ESCAPE '\\'"
                for column in ("clients.name", "cases.number", "cases.caption")
            )
            + ")"
        )
    where = f"WHERE {' AND '.join(conditions)}" if conditions else ""
    sort = SORT_EXPRESSIONS[query.sort]
    direction = "DESC" if query.descending else "ASC"
    order = f"ORDER BY ({sort}) IS NULL, {sort} {direction}, cases.number"
    return f"SELECT cases.id, cases.status {_FROM} {where} {order}", params


def case_list_from_rows(rows: Iterable[Sequence[Any]], query: CaseQuery) -> CaseList:
    """The ids admitted by the query's status filter, and the count of every status."""
    counts = dict.fromkeys(CaseStatus, 0)
    ids: list[int] = []
    for case_id, status_value in rows:
        status = _STATUSES[status_value]
        counts[status] += 1
        if query.admits(status):
            ids.append(case_id)
    return CaseList(tuple(ids), counts)


def summaries_statement(ids: Sequence[int]) -> tuple[str, Params]:
    """SQL for the list rows of at most :data:`FETCH_CHUNK` cases."""
    if len(ids) > FETCH_CHUNK:
        raise ValueError(f"fetch at most {FETCH_CHUNK} cases at a time")
    params: Params = {f"i{n}": case_id for n, case_id in enumerate(ids)}
    placeholders = ", ".join(f":{name}" for name in params) or "NULL"
    columns = (
        "cases.id, cases.number, cases.caption, clients.name, cases.status, cases.case_type, "
        "cases.incident_date, cases.jurisdiction, cases.attorney, cases.next_action, cases.next_action_on"
    )
    return f"SELECT {columns} {_FROM} WHERE cases.id IN ({placeholders})", params


def summaries_from_rows(rows: Iterable[Sequence[Any]]) -> dict[int, CaseSummary]:
    """List rows by case id, from rows of :func:`summaries_statement`."""
    return {
        r[0]: CaseSummary(
            id=r[0],
            number=r[1],
            caption=r[2],
            client_name=r[3],
            status=_STATUSES[r[4]],
            case_type=CaseType(r[5]),
            incident_date=_date(r[6]),
            jurisdiction=r[7],
            attorney=r[8],
            next_action=r[9],
            next_action_on=_date(r[10]),
        )
        for r in rows
    }


def chunks(ids: Sequence[int]) -> Iterable[Sequence[int]]:
    """The ids in slices of at most :data:`FETCH_CHUNK`."""
    for start in range(0, len(ids), FETCH_CHUNK):
        yield ids[start : start + FETCH_CHUNK]


def _date(value: date | str | None) -> date | None:
    """SQLite hands untyped text queries their dates back as ISO strings; PostgreSQL as dates."""
    return date.fromisoformat(value) if isinstance(value, str) else value
