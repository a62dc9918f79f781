"""Use cases for a case's lost wages: the records, their total, edits with undo."""

from __future__ import annotations

from dataclasses import replace

from casedesk.domain.errors import ValidationError
from casedesk.domain.money import Money
from casedesk.domain.wages import LostWage, total_lost_wages, validate_lost_wage
from casedesk.store import wages as wage_store
from casedesk.store.casefile import CaseFile


class WageService:
    """Lost-wage records of the cases in one case file."""

    def __init__(self, case_file: CaseFile) -> None:
        self._case_file = case_file

    def lost_wages(self, case_id: int) -> list[LostWage]:
        """A case's records, by start of the period."""
        with self._case_file.session() as session:
            return wage_store.list_lost_wages(session, case_id)

    def total(self, case_id: int) -> Money:
        """The total claimed for a case (what the valuation's lost wages can be set to)."""
        return total_lost_wages(self.lost_wages(case_id))

    def errors(self, wage: LostWage) -> dict[str, str]:
        """What is wrong with a record; empty when it can be saved."""
        return validate_lost_wage(wage)

    def add(self, wage: LostWage) -> LostWage:
        """Add a record.

        Raises:
            ValidationError: A field is wrong; nothing is saved.
        """
        self._check(wage)
        with self._case_file.session() as session:
            return wage_store.add_lost_wage(session, wage)

    def update(self, wage: LostWage) -> LostWage:
        """Save changes to a record.

        Raises:
            ValidationError: A field is wrong; nothing is saved.
            NotFoundError: It was deleted.
        """
        self._check(wage)
        with self._case_file.session() as session:
            return wage_store.update_lost_wage(session, wage)

    def delete(self, wage_id: int) -> LostWage:
        """Delete a record; returns it so that the user can undo with :meth:`restore`."""
        with self._case_file.session() as session:
            wage = wage_store.get_lost_wage(session, wage_id)
            wage_store.delete_lost_wage(session, wage_id)
            return wage

    def restore(self, wage: LostWage) -> LostWage:
        """Put back a record deleted by :meth:`delete` (undo)."""
        with self._case_file.session() as session:
            return wage_store.add_lost_wage(session, replace(wage, id=None))

    def _check(self, wage: LostWage) -> None:
        errors = self.errors(wage)
        if errors:
            raise ValidationError(errors)
