"""Reading the limitation-period and notice-of-claim data files strictly: a bad row names its line."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterable, Sequence
from datetime import date
from itertools import pairwise
from typing import TypeVar

from casedesk.domain.cases import CaseType
from casedesk.domain.limitations import GENERAL, DefendantType, LimitationRule, MinorityRule, NoticeRule

_Row = TypeVar("_Row")
_PERIODS = "limitation periods"
_NOTICES = "notice-of-claim periods"

_PERIOD_COLUMNS = (
    "code",
    "case_type",
    "years",
    "months",
    "effective_from",
    "effective_to",
    "source",
    "as_of",
    "verify",
    "notes",
    "age_of_majority",
    "minority_rule",
    "minority_years",
    "minority_cap_years",
    "minority_source",
    "minority_notes",
)
_NOTICE_COLUMNS = ("code", "defendant_type", "months", "days", "source", "as_of", "verify", "notes")
#: Columns a jurisdiction's rows must agree on, whatever their case type or span.
_PER_JURISDICTION = ("age_of_majority", "minority_rule", "minority_years", "minority_cap_years")
_CASE_TYPES = {GENERAL} | {case_type.value for case_type in CaseType}


def parse_limitation_periods(text: str) -> tuple[LimitationRule, ...]:
    """Parse the limitation-periods CSV: one row per jurisdiction, kind of claim and span of incident dates.

    Raises:
        ValueError: The data is malformed, and the message names the line(s): missing columns or cells,
            bad codes, case types, numbers, dates or flags, a period in both or neither of years and
            months, minority columns that do not fit their rule or differ between a jurisdiction's rows,
            a jurisdiction without a general-negligence row, or overlapping or closed date spans.
    """
    lines = tuple(_parse_rows(text, _PERIOD_COLUMNS, _PERIODS, _period_row))
    by_kind: dict[tuple[str, str], list[tuple[int, LimitationRule]]] = {}
    for line, row in lines:
        by_kind.setdefault((row.code, row.case_type), []).append((line, row))
    for (code, kind), group in by_kind.items():
        _check_spans(f"{code} ({kind})", group)
    for code in sorted({row.code for _, row in lines}):
        group = [(line, row) for line, row in lines if row.code == code]
        if (code, GENERAL) not in by_kind:
            raise ValueError(f"{_PERIODS} data, {_where(group)}: {code} has no general-negligence row")
        if len({tuple(getattr(row, name) for name in _PER_JURISDICTION) for _, row in group}) > 1:
            raise ValueError(
                f"{_PERIODS} data, {_where(group)}: the rows of {code} disagree on the age of majority "
                "or the minority rule"
            )
    return tuple(row for _, row in lines)


def parse_notice_periods(text: str) -> tuple[NoticeRule, ...]:
    """Parse the notice-of-claim CSV: one row per jurisdiction and kind of defendant.

    Raises:
        ValueError: The data is malformed (the message names the line), or a jurisdiction and kind of
            defendant appear twice.
    """
    lines = tuple(_parse_rows(text, _NOTICE_COLUMNS, _NOTICES, _notice_row))
    seen: set[tuple[str, DefendantType]] = set()
    for line, row in lines:
        if (row.code, row.defendant_type) in seen:
            raise ValueError(f"{_NOTICES} data, line {line}: {row.code} {row.defendant_type} is listed twice")
        seen.add((row.code, row.defendant_type))
    return tuple(row for _, row in lines)


def _parse_rows(
    text: str, columns: Sequence[str], what: str, parse: Callable[[dict[str, str]], _Row]
) -> Iterable[tuple[int, _Row]]:
    """Each data row with the line it starts on, parsed."""
    reader = csv.DictReader(io.StringIO(text))
    missing = set(columns) - set(reader.fieldnames or ())
    if missing:
        raise ValueError(f"{what} data lacks columns: {', '.join(sorted(missing))}")
    line = reader.line_num + 1
    for row in reader:
        try:
            if None in row or any(value is None for value in row.values()):
                raise ValueError(f"expected {len(reader.fieldnames or ())} cells")
            yield line, parse({name: row[name].strip() for name in columns})
        except (ValueError, TypeError) as exc:
            raise ValueError(f"{what} data, line {line}: {exc}") from exc
        line = reader.line_num + 1


def _period_row(cells: dict[str, str]) -> LimitationRule:
    if cells["case_type"] not in _CASE_TYPES:
        raise ValueError(f"unknown case type {cells['case_type']!r}")
    years, months = _one_of(cells, "years", "months")
    minority_rule = MinorityRule(cells["minority_rule"])
    minority_years = _count(cells["minority_years"], "minority_years")
    cap_years = _count(cells["minority_cap_years"], "minority_cap_years")
    if (minority_years is not None) != (minority_rule is MinorityRule.GRACE):
        raise ValueError("minority_years is given exactly when minority_rule is grace")
    if cap_years is not None and minority_rule is not MinorityRule.GRACE:
        raise ValueError("minority_cap_years needs minority_rule grace")
    age = _count(cells["age_of_majority"], "age_of_majority")
    if age is None or not 14 <= age <= 25:
        raise ValueError(
            f"age_of_majority must be a whole number from 14 to 25, not {cells['age_of_majority']!r}"
        )
    if not cells["minority_source"]:
        raise ValueError("minority_source is empty")
    return LimitationRule(
        code=_code(cells["code"]),
        case_type=cells["case_type"],
        years=years,
        months=months,
        effective_from=_optional_date(cells["effective_from"]),
        effective_to=_optional_date(cells["effective_to"]),
        source=_required(cells, "source"),
        as_of=date.fromisoformat(cells["as_of"]),
        verify=_flag(cells["verify"]),
        notes=cells["notes"],
        age_of_majority=age,
        minority_rule=minority_rule,
        minority_years=minority_years,
        minority_cap_years=cap_years,
        minority_source=cells["minority_source"],
        minority_notes=cells["minority_notes"],
    )


def _notice_row(cells: dict[str, str]) -> NoticeRule:
    months, days = _one_of(cells, "months", "days")
    return NoticeRule(
        code=_code(cells["code"]),
        defendant_type=DefendantType(cells["defendant_type"]),
        months=months,
        days=days,
        source=_required(cells, "source"),
        as_of=date.fromisoformat(cells["as_of"]),
        verify=_flag(cells["verify"]),
        notes=cells["notes"],
    )


def _code(text: str) -> str:
    code = text.upper()
    if len(code) != 2 or not code.isascii() or not code.isalpha():
        raise ValueError(f"bad jurisdiction code {text!r}")
    return code


def _required(cells: dict[str, str], name: str) -> str:
    if not cells[name]:
        raise ValueError(f"{name} is empty")
    return cells[name]


def _flag(text: str) -> bool:
    if text not in ("true", "false"):
        raise ValueError(f"verify must be true or false, not {text!r}")
    return text == "true"


def _count(text: str, name: str) -> int | None:
    """A positive whole number, or ``None`` for an empty cell."""
    if not text:
        return None
    if not text.isascii() or not text.isdigit() or int(text) < 1:
        raise ValueError(f"{name} must be a positive whole number, not {text!r}")
    return int(text)


def _one_of(cells: dict[str, str], first: str, second: str) -> tuple[int | None, int | None]:
    values = _count(cells[first], first), _count(cells[second], second)
    if (values[0] is None) == (values[1] is None):
        raise ValueError(f"give the period in exactly one of {first} and {second}")
    return values


def _optional_date(text: str) -> date | None:
    return date.fromisoformat(text) if text else None


def _check_spans(what: str, rows: Sequence[tuple[int, LimitationRule]]) -> None:
    """Rows follow each other without overlapping; the last one is open-ended."""
    ordered = sorted(rows, key=lambda pair: pair[1].effective_from or date.min)
    for line, row in ordered:
        if row.effective_from and row.effective_to and row.effective_to < row.effective_from:
            raise ValueError(f"{_PERIODS} data, line {line}: the span of {what} ends before it starts")
    for (line, before), (next_line, after) in pairwise(ordered):
        if (
            before.effective_to is None
            or after.effective_from is None
            or before.effective_to >= after.effective_from
        ):
            raise ValueError(f"{_PERIODS} data, lines {line} and {next_line}: date spans of {what} overlap")
    line, last = ordered[-1]
    if last.effective_to is not None:
        raise ValueError(f"{_PERIODS} data, line {line}: {what} has no period for current incidents")


def _where(rows: Sequence[tuple[int, LimitationRule]]) -> str:
    lines = [line for line, _ in rows]
    return f"line {lines[0]}" if len(lines) == 1 else f"lines {', '.join(map(str, lines))}"
