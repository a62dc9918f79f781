"""Invoices of reimbursable expenses: issuing, voiding, payments, the invoice PDF."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from pathlib import Path

from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from casedesk.domain.activity import Activity, ActivityKind, Direction
from casedesk.domain.errors import CasedeskError, ValidationError
from casedesk.domain.expenses import Expense
from casedesk.domain.invoices import (
    BillToChoice,
    Invoice,
    InvoiceAccount,
    InvoiceDraft,
    InvoiceLine,
    InvoicePayment,
    bill_to_text,
    default_due_date,
    issued_subject,
    next_invoice_number,
    payment_subject,
    validate_draft,
    validate_payment,
    voided_subject,
    why_not_invoiceable,
)
from casedesk.domain.money import Money
from casedesk.services.audit import record_export
from casedesk.services.clock import Clock, today
from casedesk.store import activity as activity_store
from casedesk.store import cases as case_store
from casedesk.store import contacts as contact_store
from casedesk.store import invoices as invoice_store
from casedesk.store.casefile import CaseFile

#: How many contacts of the whole book the bill-to picker offers after the client and the case's own.
MAX_BOOK_CONTACTS = 500


class InvoiceService:
    """Invoices of reimbursable expenses of the cases in one case file."""

    def __init__(self, case_file: CaseFile, clock: Clock) -> None:
        self._case_file = case_file
        self._clock = clock

    # --- reading ---------------------------------------------------------------------------------

    def today(self) -> date:
        """Today's date on the service's clock (a new invoice's date)."""
        return today(self._clock)

    def accounts(self, case_id: int) -> list[InvoiceAccount]:
        """A case's invoices with their payments, newest first."""
        with self._case_file.session() as session:
            invoices = invoice_store.list_invoices(session, case_id)
            payments = invoice_store.list_payments(session, [i.id for i in invoices if i.id is not None])
        return [InvoiceAccount(i, tuple(payments.get(i.id or 0, []))) for i in invoices]

    def account(self, invoice_id: int) -> InvoiceAccount:
        """One invoice with its payments.

        Raises:
            NotFoundError: It no longer exists.
        """
        with self._case_file.session() as session:
            return self._account(session, invoice_id)

    def invoiceable_expenses(self, case_id: int) -> list[Expense]:
        """The case's expenses a new invoice can bill: firm-paid, reimbursable, on no invoice; by date."""
        with self._case_file.session() as session:
            return invoice_store.invoiceable_expenses(session, case_id)

    def bill_to_choices(self, case_id: int) -> list[BillToChoice]:
        """Who a case's invoice can be addressed to: the client first, the case's contacts, then the book."""
        with self._case_file.session() as session:
            case = case_store.get_case(session, case_id)
            client = case_store.get_client(session, case.client_id)
            linked = contact_store.list_for_case(session, case_id)
            book = contact_store.find_contacts(session, limit=MAX_BOOK_CONTACTS)
        choices = [BillToChoice(f"{client.name} (client)", bill_to_text(client.name, "", client.address))]
        seen: set[int] = set()
        for link in linked:
            contact = link.contact
            if contact.id is None or contact.id in seen:
                continue
            seen.add(contact.id)
            text = bill_to_text(contact.name, contact.organization, contact.address)
            choices.append(BillToChoice(f"{contact.name} ({link.role.label.lower()})", text, contact.id))
        for contact in book:
            if contact.id is None or contact.id in seen:
                continue
            text = bill_to_text(contact.name, contact.organization, contact.address)
            choices.append(BillToChoice(contact.name, text, contact.id))
        return choices

    def default_draft(self, case_id: int, expense_ids: tuple[int, ...] = ()) -> InvoiceDraft:
        """A new invoice as the form starts it: dated today, due in 30 days, billed to the client."""
        issued_on = self.today()
        choices = self.bill_to_choices(case_id)
        return InvoiceDraft(
            case_id=case_id,
            expense_ids=expense_ids,
            bill_to=choices[0].text,
            issued_on=issued_on,
            due_on=default_due_date(issued_on),
        )

    def draft_errors(self, draft: InvoiceDraft) -> dict[str, str]:
        """What is wrong with an invoice about to be issued; empty when it can be issued."""
        return validate_draft(draft)

    def payment_errors(self, payment: InvoicePayment, account: InvoiceAccount) -> dict[str, str]:
        """What is wrong with a payment about to be recorded on ``account``'s invoice."""
        return validate_payment(payment, account)

    # --- issuing and voiding ---------------------------------------------------------------------

    def issue(self, draft: InvoiceDraft) -> Invoice:
        """Issue an invoice: numbered, its total fixed, its expenses marked invoiced, the timeline told.

        One transaction: if any expense was invoiced, deleted or changed meanwhile so that it can no
        longer be billed, nothing is saved and the message says which one.

        Raises:
            ValidationError: A field is wrong; nothing is saved.
            CasedeskError: An expense can no longer be invoiced; nothing is saved.
            NotFoundError: The case was deleted.
        """
        errors = validate_draft(draft)
        if errors:
            raise ValidationError(errors)
        try:
            with self._case_file.session() as session:
                return self._issue(session, draft)
        except IntegrityError:
            # Another window issued an invoice of the same year at the same moment and took the number.
            raise CasedeskError(
                "Another invoice took the next number while this one was being saved; nothing was saved.",
                "Press Save again: the invoice gets the number after it.",
            ) from None

    def _issue(self, session: Session, draft: InvoiceDraft) -> Invoice:
        case_store.get_case(session, draft.case_id)
        expenses = invoice_store.get_expenses(session, draft.expense_ids)
        found = {expense.id for expense in expenses if expense.id is not None}
        if missing := [i for i in draft.expense_ids if i not in found]:
            raise CasedeskError(
                f"{_count(len(missing), 'expense')} to invoice no longer exist (deleted elsewhere); "
                "nothing was saved.",
                "Close this form and open New Invoice again to see the expenses as they are now.",
            )
        for expense in expenses:
            problem = why_not_invoiceable(expense) if expense.case_id == draft.case_id else "Not this case's."
            if problem is not None:
                raise CasedeskError(
                    f"{problem} Nothing was saved.",
                    "Close this form and open New Invoice again to see the expenses as they are now.",
                )
        lines = tuple(InvoiceLine.of(expense) for expense in expenses)
        number = next_invoice_number(
            draft.issued_on.year, invoice_store.numbers_of_year(session, draft.issued_on.year)
        )
        invoice = invoice_store.add_invoice(
            session,
            Invoice(
                case_id=draft.case_id,
                number=number,
                issued_on=draft.issued_on,
                due_on=draft.due_on,
                total=sum((line.amount for line in lines), Money.zero()),
                bill_to=draft.bill_to.strip(),
                bill_to_contact_id=draft.bill_to_contact_id,
                notes=draft.notes,
                lines=lines,
            ),
        )
        claimed = invoice_store.claim_expenses(session, draft.case_id, found, invoice.id or 0)
        if claimed != len(found):  # changed between the check and the update (another process)
            raise CasedeskError(
                "Some of these expenses were invoiced or changed elsewhere just now; nothing was saved.",
                "Close this form and open New Invoice again to see the expenses as they are now.",
            )
        items = "\n".join(
            f"{line.spent_on:%m/%d/%Y} {line.category} {line.payee} {line.amount}".replace("  ", " ")
            for line in lines
        )
        self._note(session, invoice, issued_subject(invoice), f"{_count(len(lines), 'expense')}:\n{items}")
        return invoice

    def void(self, invoice_id: int, reason: str) -> Invoice:
        """Void an invoice: its expenses can be invoiced again; its number stays used.

        Raises:
            ValidationError: No reason given (under ``"reason"``).
            CasedeskError: It is already void, or payments are recorded on it.
            NotFoundError: It no longer exists.
        """
        if not reason.strip():
            raise ValidationError({"reason": "Say why the invoice is voided."})
        if len(reason.strip()) > 300:
            raise ValidationError({"reason": f"At most 300 characters ({len(reason.strip())} typed)."})
        with self._case_file.session() as session:
            account = self._account(session, invoice_id)
            invoice = account.invoice
            if invoice.voided_on is not None:
                raise CasedeskError(f"Invoice {invoice.number} is already void.")
            if account.payments:
                raise CasedeskError(
                    f"Invoice {invoice.number} has {_count(len(account.payments), 'payment')} recorded "
                    f"({account.paid}), so it cannot be voided.",
                    "Delete its payments first (a payment recorded by mistake), then void it.",
                )
            voided = invoice_store.update_invoice(
                session, replace(invoice, voided_on=self.today(), void_reason=reason.strip())
            )
            freed = invoice_store.release_expenses(session, invoice_id)
            body = f"Reason: {reason.strip()}\n{_count(len(freed), 'expense')} can be invoiced again."
            self._note(session, voided, voided_subject(voided), body)
            return voided

    # --- payments --------------------------------------------------------------------------------

    def record_payment(self, payment: InvoicePayment) -> InvoicePayment:
        """Record money received on an invoice (at most its balance).

        Raises:
            ValidationError: A field is wrong (an amount above the balance, a void invoice); nothing saved.
            NotFoundError: The invoice no longer exists.
        """
        with self._case_file.session() as session:
            account = self._account(session, payment.invoice_id)
            errors = validate_payment(payment, account)
            if errors:
                raise ValidationError(errors)
            saved = invoice_store.add_payment(session, replace(payment, id=None))
            self._note(session, account.invoice, payment_subject(account.invoice, saved), saved.notes)
            return saved

    def delete_payment(self, payment_id: int) -> InvoicePayment:
        """Delete a payment recorded by mistake; returns it, for :meth:`restore_payment` to undo.

        Raises:
            NotFoundError: It no longer exists.
        """
        with self._case_file.session() as session:
            payment = invoice_store.get_payment(session, payment_id)
            invoice = invoice_store.get_invoice(session, payment.invoice_id)
            invoice_store.delete_payment(session, payment_id)
            subject = f"Payment of {payment.amount} on invoice {invoice.number} deleted"
            self._note(session, invoice, subject, f"Was received {payment.paid_on:%m/%d/%Y}.")
            return payment

    def restore_payment(self, payment: InvoicePayment) -> InvoicePayment:
        """Put back a payment deleted by :meth:`delete_payment` (undo), if the invoice can still take it.

        Raises:
            ValidationError: The invoice was voided or paid meanwhile.
            NotFoundError: The invoice no longer exists.
        """
        return self.record_payment(payment)

    # --- the printout ----------------------------------------------------------------------------

    def export_pdf(self, invoice_id: int, path: Path) -> InvoiceAccount:
        """Write an invoice as a PDF at ``path`` (atomically); returns what was printed.

        Raises:
            NotFoundError: The invoice no longer exists.
            ExportError: The file cannot be written; a file already there is left as it was.
        """
        from casedesk.exports.invoice_pdf import InvoicePrintout, write_invoice_pdf

        with self._case_file.session() as session:
            account = self._account(session, invoice_id)
            case = case_store.get_case(session, account.invoice.case_id)
            client = case_store.get_client(session, case.client_id)
        # The case file keeps no firm letterhead: the case's responsible attorney heads the invoice.
        printout = InvoicePrintout(account=account, case=case, client=client, issuer=case.attorney)
        write_invoice_pdf(path, printout, generated_at=self._clock().astimezone())
        record_export(self._case_file, case.id, f"Invoice {account.invoice.number}", path)
        return account

    def case_number(self, case_id: int) -> str:
        """A case's number (for the file name a printout is offered under)."""
        with self._case_file.session() as session:
            return case_store.get_case(session, case_id).number

    # --- helpers ---------------------------------------------------------------------------------

    @staticmethod
    def _account(session: Session, invoice_id: int) -> InvoiceAccount:
        invoice = invoice_store.get_invoice(session, invoice_id)
        payments = invoice_store.list_payments(session, [invoice_id])[invoice_id]
        return InvoiceAccount(invoice, tuple(payments))

    def _note(self, session: Session, invoice: Invoice, subject: str, body: str = "") -> None:
        """A timeline entry on the invoice's case, in the caller's transaction."""
        activity_store.add_activity(
            session,
            Activity(
                case_id=invoice.case_id,
                kind=ActivityKind.NOTE,
                occurred_at=self._clock(),
                subject=subject[:300],
                direction=Direction.INTERNAL,
                parties=invoice.bill_to_name[:300],
                body=body,
            ),
        )


def _count(count: int, noun: str) -> str:
    return f"1 {noun}" if count == 1 else f"{count} {noun}s"
