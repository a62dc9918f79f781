"""A case's settlement statement: recoveries, fee terms, the statement, finalizing and reopening, exports."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime
from pathlib import Path

from sqlalchemy.orm import Session

from casedesk.domain.activity import Activity, ActivityKind, Direction
from casedesk.domain.errors import ValidationError
from casedesk.domain.settlement import (
    Disbursement,
    Holdback,
    Recovery,
    StatementAction,
    StatementEvent,
    StatementStatus,
    StatementTerms,
    TrustPosition,
    trust_position,
)
from casedesk.domain.statement import (
    Statement,
    StatementFrozenError,
    StatementHeader,
    build_statement,
    default_terms,
    statement_costs,
    statement_from_json,
    statement_to_json,
    validate_holdback,
    validate_recovery,
    validate_terms,
)
from casedesk.services.audit import record_export
from casedesk.services.clock import Clock, today
from casedesk.store import activity as activity_store
from casedesk.store import bills as bill_store
from casedesk.store import cases as case_store
from casedesk.store import settlement as settlement_store
from casedesk.store.casefile import CaseFile

#: The longest reason for reopening a final statement.
MAX_REASON = 1000


@dataclass(frozen=True, slots=True)
class CaseStatement:
    """A case's settlement statement as the Settlement tab, the printout and the command line show it.

    Attributes:
        terms: The saved terms (or the defaults, before the first save), with the status.
        statement: The live statement of a draft, or the frozen snapshot of a final one.
        recoveries: The case's recoveries as stored (the records behind the statement's lines).
        holdbacks: The case's holdbacks as stored.
        events: Finalizings and reopenings, oldest first.
        trust: What trust received, paid out and still holds (always live).
        disbursements: Payments out of trust, by date.
    """

    case_id: int
    terms: StatementTerms
    statement: Statement
    recoveries: tuple[Recovery, ...]
    holdbacks: tuple[Holdback, ...]
    events: tuple[StatementEvent, ...]
    trust: TrustPosition
    disbursements: tuple[Disbursement, ...]

    @property
    def is_final(self) -> bool:
        """Whether the statement is finalized (frozen)."""
        return self.terms.status is StatementStatus.FINAL

    @property
    def finalized_at(self) -> datetime | None:
        """When it was finalized (``None`` for a draft)."""
        return self.terms.finalized_at

    def warnings(self) -> list[str]:
        """What the statement's reader should know (for a draft, what stands in the way of finalizing)."""
        if self.is_final:
            return []
        return self.statement.warnings()


class SettlementService:
    """The settlement statements of the cases in one case file.

    Attributes:
        clock: What this service takes "now" to be (finalizing, reopening, printouts).
    """

    def __init__(self, case_file: CaseFile, clock: Clock) -> None:
        self._case_file = case_file
        self.clock = clock

    # --- recoveries ----------------------------------------------------------------------------------

    def recoveries(self, case_id: int) -> list[Recovery]:
        """A case's recoveries, by date received (not yet received last)."""
        with self._case_file.session() as session:
            return settlement_store.list_recoveries(session, case_id)

    def recovery_errors(self, recovery: Recovery) -> dict[str, str]:
        """What is wrong with a recovery; empty when it can be saved."""
        return validate_recovery(recovery, today(self.clock))

    def add_recovery(self, recovery: Recovery) -> Recovery:
        """Add a recovery.

        Raises:
            ValidationError: A field is wrong; nothing is saved.
            StatementFrozenError: The statement is final.
        """
        self._check(self.recovery_errors(recovery))
        with self._case_file.session() as session:
            self._refuse_if_final(session, recovery.case_id)
            return settlement_store.add_recovery(session, recovery)

    def update_recovery(self, recovery: Recovery) -> Recovery:
        """Save changes to a recovery.

        Raises:
            ValidationError: A field is wrong; nothing is saved.
            StatementFrozenError: The statement is final.
            NotFoundError: It was deleted.
        """
        self._check(self.recovery_errors(recovery))
        with self._case_file.session() as session:
            self._refuse_if_final(session, recovery.case_id)
            return settlement_store.update_recovery(session, recovery)

    def delete_recovery(self, recovery_id: int) -> Recovery:
        """Delete a recovery; returns it so that the user can undo with :meth:`restore_recovery`.

        Raises:
            StatementFrozenError: The statement is final.
            NotFoundError: It was deleted already.
        """
        with self._case_file.session() as session:
            recovery = settlement_store.get_recovery(session, recovery_id)
            self._refuse_if_final(session, recovery.case_id)
            settlement_store.delete_recovery(session, recovery_id)
            return recovery

    def restore_recovery(self, recovery: Recovery) -> Recovery:
        """Put back a recovery deleted by :meth:`delete_recovery` (undo).

        Raises:
            StatementFrozenError: The statement was finalized meanwhile.
        """
        with self._case_file.session() as session:
            self._refuse_if_final(session, recovery.case_id)
            return settlement_store.add_recovery(session, replace(recovery, id=None, payer_contact_id=None))

    # --- holdbacks -----------------------------------------------------------------------------------

    def holdbacks(self, case_id: int) -> list[Holdback]:
        """A case's holdbacks, as entered."""
        with self._case_file.session() as session:
            return settlement_store.list_holdbacks(session, case_id)

    def holdback_errors(self, holdback: Holdback) -> dict[str, str]:
        """What is wrong with a holdback; empty when it can be saved."""
        return validate_holdback(holdback)

    def add_holdback(self, holdback: Holdback) -> Holdback:
        """Add a holdback.

        Raises:
            ValidationError: A field is wrong; nothing is saved.
            StatementFrozenError: The statement is final.
        """
        self._check(self.holdback_errors(holdback))
        with self._case_file.session() as session:
            self._refuse_if_final(session, holdback.case_id)
            return settlement_store.add_holdback(session, holdback)

    def update_holdback(self, holdback: Holdback) -> Holdback:
        """Save changes to a holdback.

        Raises:
            ValidationError: A field is wrong; nothing is saved.
            StatementFrozenError: The statement is final.
            NotFoundError: It was deleted.
        """
        self._check(self.holdback_errors(holdback))
        with self._case_file.session() as session:
            self._refuse_if_final(session, holdback.case_id)
            return settlement_store.update_holdback(session, holdback)

    def delete_holdback(self, holdback_id: int) -> Holdback:
        """Delete a holdback; returns it so that the user can undo with :meth:`restore_holdback`.

        Raises:
            StatementFrozenError: The statement is final.
            NotFoundError: It was deleted already.
        """
        with self._case_file.session() as session:
            holdback = settlement_store.get_holdback(session, holdback_id)
            self._refuse_if_final(session, holdback.case_id)
            settlement_store.delete_holdback(session, holdback_id)
            return holdback

    def restore_holdback(self, holdback: Holdback) -> Holdback:
        """Put back a holdback deleted by :meth:`delete_holdback` (undo).

        Raises:
            StatementFrozenError: The statement was finalized meanwhile.
        """
        with self._case_file.session() as session:
            self._refuse_if_final(session, holdback.case_id)
            return settlement_store.add_holdback(session, replace(holdback, id=None))

    # --- terms ---------------------------------------------------------------------------------------

    def terms(self, case_id: int) -> StatementTerms:
        """The case's statement terms; before the first save, the usual ones with the case's attorney.

        Raises:
            NotFoundError: The case no longer exists.
        """
        with self._case_file.session() as session:
            return self._terms(session, case_id)

    def terms_errors(self, terms: StatementTerms) -> dict[str, str]:
        """What is wrong with the terms; empty when they can be saved."""
        return validate_terms(terms)

    def save_terms(self, terms: StatementTerms) -> StatementTerms:
        """Save the fee rates, stage, basis, attorney, method of determination and notes.

        The status, the finalizing moment and the snapshot are kept as stored: only :meth:`finalize` and
        :meth:`reopen` change them.

        Raises:
            ValidationError: A field is wrong; nothing is saved.
            StatementFrozenError: The statement is final.
        """
        self._check(self.terms_errors(terms))
        with self._case_file.session() as session:
            stored = self._terms(session, terms.case_id, lock=True)
            if stored.status is StatementStatus.FINAL:
                raise StatementFrozenError()
            kept = replace(
                terms, status=stored.status, finalized_at=stored.finalized_at, snapshot=stored.snapshot
            )
            return settlement_store.save_terms(session, kept)

    # --- the statement -------------------------------------------------------------------------------

    def statement(self, case_id: int) -> CaseStatement:
        """The case's statement: live for a draft, the frozen snapshot for a final one, with the trust.

        Raises:
            NotFoundError: The case no longer exists.
            ValidationError: A final statement's snapshot is damaged (reopen and finalize again).
        """
        with self._case_file.session() as session:
            terms = self._terms(session, case_id)
            if terms.status is StatementStatus.FINAL and terms.snapshot is not None:
                statement = statement_from_json(terms.snapshot)
            else:
                statement = self._live(session, case_id, terms)
            return self._case_statement(session, case_id, terms, statement)

    def finalize(self, case_id: int) -> CaseStatement:
        """Freeze the statement as it is now: its snapshot, a history entry and a timeline entry, at once.

        Raises:
            ValidationError: A lien is not final (the message names them), the net would be negative, or
                there are no recoveries; nothing is changed.
            StatementFrozenError: It is final already.
        """
        at = self.clock()
        with self._case_file.session() as session:
            terms = self._terms(session, case_id, lock=True)
            if terms.status is StatementStatus.FINAL:
                raise StatementFrozenError()
            statement = self._live(session, case_id, terms)
            refusal = statement.refusal()
            if refusal is not None:
                raise ValidationError({"finalize": refusal})
            saved = settlement_store.save_terms(
                session,
                replace(
                    terms,
                    status=StatementStatus.FINAL,
                    finalized_at=at,
                    snapshot=statement_to_json(statement),
                ),
            )
            settlement_store.add_event(session, StatementEvent(saved.id or 0, StatementAction.FINALIZED, at))
            activity_store.add_activity(
                session,
                Activity(
                    case_id=case_id,
                    kind=ActivityKind.NOTE,
                    occurred_at=at,
                    subject=f"Settlement statement finalized: net to client {statement.net_to_client}",
                    direction=Direction.INTERNAL,
                    body=(
                        f"Gross {statement.gross}; fee {statement.fee.amount} "
                        f"({statement.fee.explanation()}); costs {statement.total_costs}; "
                        f"liens {statement.total_liens}; holdbacks {statement.total_holdbacks}."
                    ),
                ),
            )
            return self._case_statement(session, case_id, saved, statement)

    def reopen(self, case_id: int, reason: str) -> CaseStatement:
        """Make a final statement a draft again, recording why (history and timeline) in one transaction.

        Raises:
            ValidationError: No reason was given, or the statement is not final.
        """
        reason = reason.strip()
        if not reason:
            raise ValidationError({"reason": "Say why the final statement is reopened."})
        if len(reason) > MAX_REASON:
            raise ValidationError({"reason": f"At most {MAX_REASON} characters ({len(reason)} typed)."})
        at = self.clock()
        with self._case_file.session() as session:
            terms = self._terms(session, case_id, lock=True)
            if terms.status is not StatementStatus.FINAL:
                raise ValidationError(
                    {"reason": "The statement is not final, so there is nothing to reopen."}
                )
            saved = settlement_store.save_terms(
                session, replace(terms, status=StatementStatus.DRAFT, finalized_at=None, snapshot=None)
            )
            settlement_store.add_event(
                session, StatementEvent(saved.id or 0, StatementAction.REOPENED, at, reason)
            )
            activity_store.add_activity(
                session,
                Activity(
                    case_id=case_id,
                    kind=ActivityKind.NOTE,
                    occurred_at=at,
                    subject="Settlement statement reopened",
                    direction=Direction.INTERNAL,
                    body=f"Reason: {reason}",
                ),
            )
            statement = self._live(session, case_id, saved)
            return self._case_statement(session, case_id, saved, statement)

    def history(self, case_id: int) -> list[StatementEvent]:
        """The statement's finalizings and reopenings, oldest first."""
        with self._case_file.session() as session:
            return settlement_store.list_events(session, case_id)

    # --- exports -------------------------------------------------------------------------------------

    def export_pdf(self, case_id: int, path: Path) -> None:
        """Print the statement for the client's signature ("DRAFT" across a draft's pages).

        Raises:
            NotFoundError: The case no longer exists.
            ExportError: The file cannot be written; an existing file there is left as it was.
        """
        from casedesk.exports.settlement_pdf import write_settlement_pdf

        case_statement = self.statement(case_id)
        write_settlement_pdf(
            path,
            case_statement.statement,
            final=case_statement.is_final,
            finalized_at=case_statement.finalized_at,
            trust=case_statement.trust,
            generated_at=self.clock().astimezone(),
        )
        record_export(self._case_file, case_id, "Settlement statement (PDF)", path)

    def export_xlsx(self, case_id: int, path: Path) -> None:
        """Write the statement, its costs and liens, and the disbursement log to an Excel workbook.

        Raises:
            NotFoundError: The case no longer exists.
            ExportError: The file cannot be written; an existing file there is left as it was.
        """
        from casedesk.exports.settlement_xlsx import write_settlement_xlsx

        case_statement = self.statement(case_id)
        write_settlement_xlsx(
            path,
            case_statement.statement,
            case_statement.disbursements,
            final=case_statement.is_final,
            generated_at=self.clock().astimezone(),
        )
        record_export(self._case_file, case_id, "Settlement statement (Excel)", path)

    # --- helpers -------------------------------------------------------------------------------------

    def _terms(self, session: Session, case_id: int, *, lock: bool = False) -> StatementTerms:
        stored = settlement_store.get_terms(session, case_id, lock=lock)
        if stored is not None:
            return stored
        return default_terms(case_id, case_store.get_case(session, case_id).attorney)

    def _refuse_if_final(self, session: Session, case_id: int) -> None:
        stored = settlement_store.get_terms(session, case_id, lock=True)
        if stored is not None and stored.status is StatementStatus.FINAL:
            raise StatementFrozenError()

    @staticmethod
    def _live(session: Session, case_id: int, terms: StatementTerms) -> Statement:
        case = case_store.get_case(session, case_id)
        client = case_store.get_client(session, case.client_id)
        expenses, statuses = settlement_store.list_cost_candidates(session, case_id)
        header = StatementHeader(
            case_number=case.number,
            caption=case.caption,
            client=client.name,
            incident_date=case.incident_date,
            attorney=terms.attorney.strip() or case.attorney,
        )
        return build_statement(
            header,
            terms,
            settlement_store.list_recoveries(session, case_id),
            statement_costs(expenses, statuses),
            bill_store.list_liens(session, case_id),
            bill_store.list_bills(session, case_id),
            settlement_store.list_holdbacks(session, case_id),
        )

    @staticmethod
    def _case_statement(
        session: Session, case_id: int, terms: StatementTerms, statement: Statement
    ) -> CaseStatement:
        recoveries = settlement_store.list_recoveries(session, case_id)
        disbursements = settlement_store.list_disbursements(session, case_id)
        return CaseStatement(
            case_id=case_id,
            terms=terms,
            statement=statement,
            recoveries=tuple(recoveries),
            holdbacks=tuple(settlement_store.list_holdbacks(session, case_id)),
            events=tuple(settlement_store.list_events(session, case_id)),
            trust=trust_position(recoveries, disbursements),
            disbursements=tuple(disbursements),
        )

    @staticmethod
    def _check(errors: dict[str, str]) -> None:
        if errors:
            raise ValidationError(errors)
