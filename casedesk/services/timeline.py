"""Use cases for a case's timeline (its progress log)."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import replace

from casedesk.domain.activity import Activity, ActivityKind, validate_activity
from casedesk.domain.errors import ValidationError
from casedesk.services.clock import Clock, system_clock
from casedesk.services.conflicts import refuse_if_changed
from casedesk.store import activity as activity_store
from casedesk.store.casefile import CaseFile


class TimelineService:
    """Timeline entries of the cases in one case file.

    Attributes:
        clock: What this service takes "now" to be (new entries default to it).
    """

    def __init__(self, case_file: CaseFile, clock: Clock = system_clock) -> None:
        self._case_file = case_file
        self.clock = clock

    def entries(self, case_id: int, kinds: Collection[ActivityKind] | None = None) -> list[Activity]:
        """A case's timeline, newest first, optionally only some kinds."""
        with self._case_file.session() as session:
            return activity_store.list_for_case(session, case_id, kinds)

    def errors(self, activity: Activity) -> dict[str, str]:
        """What is wrong with an entry; empty when it can be saved."""
        return validate_activity(activity, self.clock())

    def add(self, activity: Activity) -> Activity:
        """Add an entry to a case's timeline.

        Raises:
            ValidationError: A field is wrong; nothing is saved.
        """
        self._check(activity)
        with self._case_file.session() as session:
            return activity_store.add_activity(session, activity)

    def update(self, activity: Activity, expected: Activity | None = None) -> Activity:
        """Save changes to an entry (refused with ConflictError if it changed since ``expected``)."""
        self._check(activity)
        with self._case_file.session() as session:
            refuse_if_changed(
                session, activity_store.ActivityRow, "timeline entry", expected, activity_store.get_activity
            )
            return activity_store.update_activity(session, activity)

    def delete(self, activity_id: int) -> Activity:
        """Delete an entry; returns it so that the user can undo with :meth:`restore`."""
        with self._case_file.session() as session:
            return activity_store.delete_activity(session, activity_id)

    def restore(self, activity: Activity) -> Activity:
        """Put back an entry deleted by :meth:`delete` (undo)."""
        with self._case_file.session() as session:
            return activity_store.add_activity(session, replace(activity, id=None))

    def _check(self, activity: Activity) -> None:
        errors = self.errors(activity)
        if errors:
            raise ValidationError(errors)
