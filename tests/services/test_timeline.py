"""Timeline use cases: validation against the service clock, order, filters, delete and undo."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, timedelta
from typing import Any

import pytest

from casedesk.domain.activity import Activity, ActivityKind, Direction
from casedesk.domain.cases import Case
from casedesk.domain.errors import NotFoundError, ValidationError
from casedesk.services.casefiles import Services
from tests.conftest import NOW

MakeCase = Callable[..., Case]


@pytest.fixture
def case_id(make_case: MakeCase) -> int:
    case = make_case()
    assert case.id is not None
    return case.id


def call(
    case_id: int, hours_ago: float, subject: str = "Called adjuster", kind: ActivityKind = ActivityKind.CALL
) -> Activity:
    return Activity(case_id=case_id, kind=kind, occurred_at=NOW - timedelta(hours=hours_ago), subject=subject)


def test_add_saves_and_lists_newest_first(services: Services, case_id: int) -> None:
    """Entries are listed newest first whatever order they were entered in."""
    for hours_ago, subject in [(5, "middle"), (1, "newest"), (48, "oldest")]:
        services.timeline.add(call(case_id, hours_ago, subject))
    assert [a.subject for a in services.timeline.entries(case_id)] == ["newest", "middle", "oldest"]


def test_add_returns_the_saved_entry(services: Services, case_id: int) -> None:
    """The saved entry comes back with an id and reads back equal."""
    typed = Activity(
        case_id=case_id,
        kind=ActivityKind.LETTER,
        occurred_at=NOW,
        subject="Letter of representation",
        direction=Direction.OUTGOING,
        parties="Lone Star Mutual",
        body="Sent certified mail.",
    )
    saved = services.timeline.add(typed)
    assert saved == replace(typed, id=saved.id)
    assert services.timeline.entries(case_id) == [saved]


@pytest.mark.parametrize(
    ("entry_changes", "field"),
    [
        ({"subject": "  "}, "subject"),
        ({"occurred_at": NOW.replace(tzinfo=None)}, "occurred_at"),
        ({"occurred_at": NOW + timedelta(days=1, minutes=1)}, "occurred_at"),
    ],
)
def test_invalid_entries_are_refused_and_not_saved(
    services: Services, case_id: int, entry_changes: dict[str, Any], field: str
) -> None:
    """A blank subject, a naive time or a time over a day ahead of the clock is refused."""
    with pytest.raises(ValidationError) as info:
        services.timeline.add(replace(call(case_id, 0), **entry_changes))
    assert set(info.value.errors) == {field}
    assert services.timeline.entries(case_id) == []


def test_future_limit_is_relative_to_the_service_clock(services: Services, case_id: int) -> None:
    """An entry is judged "tomorrow" by the injected clock: up to a day after NOW is fine."""
    tomorrow = replace(call(case_id, 0), occurred_at=NOW + timedelta(hours=23))
    assert services.timeline.errors(tomorrow) == {}
    services.timeline.add(tomorrow)


def test_kind_filter(services: Services, case_id: int) -> None:
    """The timeline can show only some kinds."""
    services.timeline.add(call(case_id, 3, "call", ActivityKind.CALL))
    services.timeline.add(call(case_id, 2, "email", ActivityKind.EMAIL))
    services.timeline.add(call(case_id, 1, "note", ActivityKind.NOTE))
    assert [
        a.subject for a in services.timeline.entries(case_id, {ActivityKind.NOTE, ActivityKind.CALL})
    ] == [
        "note",
        "call",
    ]
    assert len(services.timeline.entries(case_id)) == 3


def test_update_validates_and_saves(services: Services, case_id: int) -> None:
    """An edit is validated by the same rules, then saved."""
    saved = services.timeline.add(call(case_id, 1))
    with pytest.raises(ValidationError):
        services.timeline.update(replace(saved, subject=""))
    services.timeline.update(replace(saved, subject="Called adjuster again", occurred_at=NOW.astimezone(UTC)))
    [entry] = services.timeline.entries(case_id)
    assert (entry.subject, entry.occurred_at) == ("Called adjuster again", NOW)


def test_delete_returns_the_entry_and_restore_puts_it_back(services: Services, case_id: int) -> None:
    """Deleting gives back the whole entry; restoring it (undo) brings back the same content."""
    kept = services.timeline.add(call(case_id, 2, "kept"))
    doomed = services.timeline.add(
        replace(
            call(case_id, 1, "doomed"), direction=Direction.INCOMING, parties="Adjuster", body="Offer: $5,000"
        )
    )
    assert doomed.id is not None

    deleted = services.timeline.delete(doomed.id)
    assert deleted == doomed
    assert services.timeline.entries(case_id) == [kept]

    restored = services.timeline.restore(deleted)
    assert replace(restored, id=None) == replace(doomed, id=None)
    assert [a.subject for a in services.timeline.entries(case_id)] == ["doomed", "kept"]
    assert services.timeline.entries(case_id)[0] == restored


def test_missing_entry_or_case_raises_not_found(services: Services, make_case: MakeCase) -> None:
    """Acting on an entry or case that is gone raises NotFoundError."""
    case = make_case()
    assert case.id is not None
    entry = services.timeline.add(call(case.id, 1))
    assert entry.id is not None
    services.timeline.delete(entry.id)
    with pytest.raises(NotFoundError):
        services.timeline.delete(entry.id)
    with pytest.raises(NotFoundError):
        services.timeline.update(entry)

    services.cases.delete_case(case.id)
    with pytest.raises(NotFoundError):
        services.timeline.add(call(case.id, 1))
    with pytest.raises(NotFoundError):
        services.timeline.restore(entry)
