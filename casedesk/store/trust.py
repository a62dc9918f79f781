"""A case's trust account: disbursements paid out of it, and what the rules about them need to read.

The rows (:class:`~casedesk.store.settlement.DisbursementRow` and the others) live in
:mod:`casedesk.store.settlement`; these are the repository functions of the trust account. The bulk
inserts at the end load generated finances (the demo case file) one ``INSERT … executemany`` per table.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from sqlalchemy import Table, func, insert, select
from sqlalchemy.orm import Session

from casedesk.domain.errors import NotFoundError
from casedesk.domain.expenses import Expense
from casedesk.domain.settlement import Disbursement, Holdback, Recovery, StatementStatus, StatementTerms
from casedesk.domain.wages import LostWage
from casedesk.store.base import Base
from casedesk.store.cases import get_case
from casedesk.store.expenses import ExpenseRow
from casedesk.store.settlement import DisbursementRow, HoldbackRow, RecoveryRow, StatementRow
from casedesk.store.wages import LostWageRow


def get_disbursement(session: Session, disbursement_id: int) -> Disbursement:
    """The disbursement with this id.

    Raises:
        NotFoundError: It does not exist.
    """
    return _row(session, disbursement_id).to_domain()


def add_disbursement(session: Session, disbursement: Disbursement) -> Disbursement:
    """Store a new disbursement.

    Raises:
        NotFoundError: The case does not exist.
    """
    get_case(session, disbursement.case_id)
    row = DisbursementRow(**DisbursementRow.values(disbursement))
    session.add(row)
    session.flush()
    return row.to_domain()


def update_disbursement(session: Session, disbursement: Disbursement) -> Disbursement:
    """Store changes to a disbursement.

    Raises:
        NotFoundError: It does not exist.
    """
    row = _row(session, disbursement.id or 0)
    for column, value in DisbursementRow.values(disbursement).items():
        setattr(row, column, value)
    session.flush()
    return row.to_domain()


def delete_disbursement(session: Session, disbursement_id: int) -> None:
    """Delete a disbursement.

    Raises:
        NotFoundError: It does not exist.
    """
    session.delete(_row(session, disbursement_id))
    session.flush()


def disbursements_with_reference(
    session: Session, case_id: int, reference: str, except_id: int | None = None
) -> list[Disbursement]:
    """The case's disbursements paid with this check or wire number (ignoring case and spaces)."""
    key = "".join(reference.split()).lower()
    if not key:
        return []
    rows = session.scalars(
        select(DisbursementRow)
        .where(
            DisbursementRow.case_id == case_id,
            func.lower(func.replace(DisbursementRow.reference, " ", "")) == key,
        )
        .order_by(DisbursementRow.paid_on, DisbursementRow.id)
    )
    return [row.to_domain() for row in rows if row.id != except_id]


def statement_status(session: Session, case_id: int) -> StatementStatus | None:
    """Whether the case's settlement statement is a draft or final (``None``: it has none yet)."""
    status = session.scalar(select(StatementRow.status).where(StatementRow.case_id == case_id))
    return None if status is None else StatementStatus(status)


def first_received_on(session: Session, case_id: int) -> date | None:
    """When the first recovery of the case was received into trust (``None``: nothing received yet)."""
    earliest: date | None = session.scalar(
        select(func.min(RecoveryRow.received_on)).where(
            RecoveryRow.case_id == case_id, RecoveryRow.received_on.is_not(None)
        )
    )
    return earliest


def _row(session: Session, disbursement_id: int) -> DisbursementRow:
    row = session.get(DisbursementRow, disbursement_id)
    if row is None:
        raise NotFoundError("This disbursement no longer exists; it was deleted elsewhere.")
    return row


# --- bulk loading of generated finances (the demo) ---------------------------------------------------


def insert_finances(
    session: Session,
    *,
    expenses: Sequence[Expense] = (),
    wages: Sequence[LostWage] = (),
    recoveries: Sequence[Recovery] = (),
    statements: Sequence[StatementTerms] = (),
    holdbacks: Sequence[Holdback] = (),
    disbursements: Sequence[Disbursement] = (),
) -> None:
    """Insert the finances of saved cases; every record gets a new id. Nothing is checked."""
    _insert(session, ExpenseRow, [ExpenseRow.values(expense) for expense in expenses])
    _insert(session, LostWageRow, [LostWageRow.values(wage) for wage in wages])
    _insert(session, RecoveryRow, [RecoveryRow.values(recovery) for recovery in recoveries])
    _insert(session, StatementRow, [StatementRow.values(terms) for terms in statements])
    _insert(session, HoldbackRow, [HoldbackRow.values(holdback) for holdback in holdbacks])
    _insert(session, DisbursementRow, [DisbursementRow.values(paid) for paid in disbursements])


def _insert(session: Session, row_class: type[Base], rows: list[dict[str, Any]]) -> None:
    if rows:
        # Core INSERT on the table, as store.bulk does: one executemany whatever the None columns.
        table = row_class.__table__
        assert isinstance(table, Table)
        session.execute(insert(table), rows)
