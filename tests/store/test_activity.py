"""Timeline repository and the UTC moment column: storage, order, filters, deletion."""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta, timezone
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from sqlalchemy import Dialect, func, select, text
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import StatementError

from casedesk.domain.activity import Activity, ActivityKind, Direction
from casedesk.domain.cases import Case, Client
from casedesk.domain.errors import NotFoundError
from casedesk.store import activity as activity_store
from casedesk.store import cases as case_store
from casedesk.store.activity import ActivityRow
from casedesk.store.base import UtcDateTime
from casedesk.store.casefile import CaseFile, open_case_file
from tests.conftest import TEST_USER

CENTRAL = timezone(timedelta(hours=-6))
KOLKATA = timezone(timedelta(hours=5, minutes=30))


@pytest.fixture
def case_file(case_target: Path | str) -> Iterator[CaseFile]:
    """A new, empty case file (or firm database, signed in) opened at the store level."""
    documents = Path(os.environ["CASEDESK_DOCUMENTS"]) if isinstance(case_target, str) else None
    opened = open_case_file(case_target, create=True, documents=documents)
    opened.user = opened.user or TEST_USER
    yield opened
    opened.close()


@pytest.fixture
def case_id(case_file: CaseFile) -> int:
    """A saved case."""
    with case_file.session() as session:
        client = case_store.add_client(session, Client(name="Maria Alvarez"))
        assert client.id is not None
        case = case_store.add_case(
            session,
            Case(
                number="PI-0001", caption="Alvarez v. Driver", client_id=client.id, opened_on=date(2026, 6, 1)
            ),
        )
    assert case.id is not None
    return case.id


def entry(
    case_id: int, at: datetime, subject: str = "Call", kind: ActivityKind = ActivityKind.CALL
) -> Activity:
    return Activity(case_id=case_id, kind=kind, occurred_at=at, subject=subject)


def add(case_file: CaseFile, activity: Activity) -> Activity:
    with case_file.session() as session:
        return activity_store.add_activity(session, activity)


def timeline(case_file: CaseFile, case_id: int, **options: object) -> list[Activity]:
    with case_file.session() as session:
        return activity_store.list_for_case(session, case_id, **options)  # type: ignore[arg-type]


@pytest.mark.parametrize("zone", [UTC, CENTRAL, KOLKATA, timezone(timedelta(hours=14))])
def test_moment_round_trips_as_the_same_instant_in_utc(
    case_file: CaseFile, case_id: int, zone: timezone
) -> None:
    """A moment written in any zone reads back as the same instant, timezone-aware, in UTC."""
    moment = datetime(2026, 11, 20, 23, 45, 12, 345678, tzinfo=zone)
    add(case_file, entry(case_id, moment))
    [read] = timeline(case_file, case_id)
    assert read.occurred_at == moment
    assert read.occurred_at.utcoffset() == timedelta(0)
    assert read.occurred_at.tzinfo is UTC
    with case_file.session() as session:
        stored = session.execute(text("SELECT occurred_at FROM activities")).scalar()
    if not case_file.firm_mode:  # SQLite has no time zones: the UTC moment as text
        assert stored == moment.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S.%f")
        return
    assert stored == moment  # a timestamp with time zone: the same instant
    with case_file.session() as session:  # whatever zone the server or the connection is set to
        session.execute(text("SET LOCAL TIME ZONE 'Asia/Kolkata'"))
        [read] = activity_store.list_for_case(session, case_id)
    assert read.occurred_at == moment and read.occurred_at.tzinfo is UTC


def test_naive_moment_is_never_stored(case_file: CaseFile, case_id: int) -> None:
    """Saving a naive datetime fails and leaves nothing behind."""
    naive = datetime(2026, 11, 20, 15, 0)  # noqa: DTZ001 - the point of the test
    with pytest.raises(StatementError) as info, case_file.session() as session:
        activity_store.add_activity(session, entry(case_id, naive))
    assert isinstance(info.value.orig, ValueError)
    assert timeline(case_file, case_id) == []


@given(
    st.datetimes(
        min_value=datetime(1900, 1, 1),  # noqa: DTZ001 - hypothesis bounds are naive
        max_value=datetime(2200, 1, 1),  # noqa: DTZ001
        timezones=st.builds(
            timezone, st.timedeltas(min_value=timedelta(hours=-23), max_value=timedelta(hours=23))
        ),
    )
)
def test_column_type_keeps_the_instant(moment: datetime) -> None:
    """Through the column type's bind and result steps, any aware moment stays the same instant in UTC."""
    column = UtcDateTime()
    dialects: list[Dialect] = [sqlite.dialect(), postgresql.dialect()]  # type: ignore[no-untyped-call]
    for dialect in dialects:
        stored = column.process_bind_param(moment, dialect)
        assert stored is not None
        back = column.process_result_value(stored, dialect)
        assert back == moment
        assert back is not None and back.utcoffset() == timedelta(0)
    assert column.process_bind_param(None, sqlite.dialect()) is None
    assert column.process_result_value(None, sqlite.dialect()) is None


def test_timeline_is_newest_first_by_instant_not_by_wall_clock(case_file: CaseFile, case_id: int) -> None:
    """Entries written in different zones sort by when they happened, newest first."""
    later = datetime(2026, 11, 20, 23, 0, tzinfo=CENTRAL)  # 05:00 UTC on the 21st
    earlier = datetime(2026, 11, 21, 1, 0, tzinfo=KOLKATA)  # 19:30 UTC on the 20th, later wall clock
    oldest = datetime(2025, 1, 1, tzinfo=UTC)
    for subject, at in [("earlier", earlier), ("oldest", oldest), ("later", later)]:
        add(case_file, entry(case_id, at, subject))
    assert [a.subject for a in timeline(case_file, case_id)] == ["later", "earlier", "oldest"]


def test_same_moment_lists_the_last_added_first(case_file: CaseFile, case_id: int) -> None:
    """Entries at the same instant list in reverse order of entry."""
    moment = datetime(2026, 11, 20, 15, 0, tzinfo=UTC)
    for subject in ["first", "second", "third"]:
        add(case_file, entry(case_id, moment, subject))
    assert [a.subject for a in timeline(case_file, case_id)] == ["third", "second", "first"]


def test_kind_filter_and_limit(case_file: CaseFile, case_id: int) -> None:
    """The timeline can be limited to some kinds and to the newest few."""
    start = datetime(2026, 11, 1, 12, tzinfo=UTC)
    kinds = [ActivityKind.CALL, ActivityKind.EMAIL, ActivityKind.NOTE, ActivityKind.CALL, ActivityKind.LETTER]
    for day, kind in enumerate(kinds):
        add(case_file, entry(case_id, start + timedelta(days=day), f"{kind} {day}", kind))

    calls = timeline(case_file, case_id, kinds=[ActivityKind.CALL])
    assert [a.subject for a in calls] == ["call 3", "call 0"]
    mail = timeline(case_file, case_id, kinds={ActivityKind.EMAIL, ActivityKind.LETTER})
    assert [a.subject for a in mail] == ["letter 4", "email 1"]
    assert timeline(case_file, case_id, kinds=[]) == []
    assert [a.subject for a in timeline(case_file, case_id, limit=2)] == ["letter 4", "call 3"]


def test_timelines_are_per_case(case_file: CaseFile, case_id: int) -> None:
    """A case's timeline shows only its own entries."""
    with case_file.session() as session:
        owner = case_store.get_case(session, case_id).client_id
        other = case_store.add_case(
            session, Case(number="PI-0002", caption="Other", client_id=owner, opened_on=date(2026, 6, 1))
        )
    assert other.id is not None
    add(case_file, entry(other.id, datetime(2026, 11, 1, tzinfo=UTC), "other case"))
    assert timeline(case_file, case_id) == []


def test_update_and_delete(case_file: CaseFile, case_id: int) -> None:
    """An edited entry is saved; a deleted one is returned whole and is gone from the timeline."""
    saved = add(
        case_file,
        Activity(
            case_id=case_id,
            kind=ActivityKind.EMAIL,
            occurred_at=datetime(2026, 11, 20, 9, tzinfo=CENTRAL),
            subject=" Sent records request ",
            direction=Direction.OUTGOING,
            parties=" St. David's records ",
            body="Attached HIPAA release.",
        ),
    )
    assert (saved.subject, saved.parties) == ("Sent records request", "St. David's records")
    with case_file.session() as session:
        activity_store.update_activity(session, replace(saved, subject="Sent 2nd records request"))
    [edited] = timeline(case_file, case_id)
    assert edited == replace(saved, subject="Sent 2nd records request")

    assert edited.id is not None
    with case_file.session() as session:
        deleted = activity_store.delete_activity(session, edited.id)
    assert deleted == edited
    assert timeline(case_file, case_id) == []


def test_missing_entry_or_case_is_not_found(case_file: CaseFile, case_id: int) -> None:
    """Editing or deleting a missing entry, or adding to a missing case, raises NotFoundError."""
    saved = add(case_file, entry(case_id, datetime(2026, 11, 1, tzinfo=UTC)))
    with case_file.session() as session:
        with pytest.raises(NotFoundError):
            activity_store.delete_activity(session, 404)
        with pytest.raises(NotFoundError):
            activity_store.update_activity(session, replace(saved, id=404))
        with pytest.raises(NotFoundError, match="case"):
            activity_store.add_activity(session, entry(404, datetime(2026, 11, 1, tzinfo=UTC)))
        with pytest.raises(NotFoundError, match="case"):
            activity_store.update_activity(session, replace(saved, case_id=404))
    with case_file.session() as session:
        assert session.scalar(select(func.count()).select_from(ActivityRow)) == 1
