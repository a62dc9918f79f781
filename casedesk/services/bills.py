"""Use cases for a case's medical bills and liens: the records, their totals, edits with undo, suggestions."""

from __future__ import annotations

from dataclasses import dataclass, replace

from sqlalchemy.orm import Session

from casedesk.domain.bills import (
    Bill,
    BillTotals,
    Lien,
    LienTotals,
    ReductionSuggestion,
    bill_totals,
    lien_totals,
    suggest_reduction,
    totals_by_provider,
    validate_bill,
    validate_lien,
)
from casedesk.domain.contacts import Contact
from casedesk.domain.documents import Document
from casedesk.domain.errors import NotFoundError, ValidationError
from casedesk.domain.money import Money
from casedesk.domain.providers import CaseProvider
from casedesk.services.conflicts import refuse_if_changed
from casedesk.store import bills as bill_store
from casedesk.store import contacts as contact_store
from casedesk.store.casefile import CaseFile


@dataclass(frozen=True, slots=True)
class LienSuggestions:
    """The pro-rata reduction suggested for each of a case's liens at one expected settlement.

    Attributes:
        settlement: The expected settlement the suggestions are for.
        all_bills: What each lien's share is taken of.
        all_bills_label: What ``all_bills`` is, in words.
        by_lien: Lien id to its suggestion (liens with nothing to suggest are left out).
    """

    settlement: Money
    all_bills: Money
    all_bills_label: str
    by_lien: dict[int, ReductionSuggestion]


class BillService:
    """Medical bills and liens of the cases in one case file."""

    def __init__(self, case_file: CaseFile) -> None:
        self._case_file = case_file

    # --- what bills refer to -------------------------------------------------------------------------

    def providers(self, case_id: int) -> list[CaseProvider]:
        """The providers on a case (with their names), to bill from."""
        with self._case_file.session() as session:
            return bill_store.bill_providers(session, case_id)

    def documents(self, case_id: int) -> list[Document]:
        """The case's stored documents, to link a bill to."""
        with self._case_file.session() as session:
            return bill_store.bill_documents(session, case_id)

    def holder_choices(self, case_id: int) -> list[Contact]:
        """Contacts a lien holder can be picked from: the case's first, then the contacts book."""
        with self._case_file.session() as session:
            return bill_store.lien_holder_choices(session, case_id)

    # --- bills ---------------------------------------------------------------------------------------

    def bills(self, case_id: int, provider_id: int | None = None) -> list[Bill]:
        """A case's bills (or one provider's), by date of service."""
        with self._case_file.session() as session:
            return bill_store.list_bills(session, case_id, provider_id)

    def totals(self, case_id: int) -> BillTotals:
        """A case's bill totals: what the valuation, the settlement statement and the demand letter use."""
        return bill_totals(self.bills(case_id))

    def totals_by_provider(self, case_id: int) -> dict[int, BillTotals]:
        """A case's bill totals per provider id."""
        return totals_by_provider(self.bills(case_id))

    def bill_errors(self, bill: Bill) -> dict[str, str]:
        """What is wrong with a bill's figures; empty when it can be saved."""
        return validate_bill(bill)

    def add_bill(self, bill: Bill) -> Bill:
        """Add a bill.

        Raises:
            ValidationError: A field is wrong; nothing is saved.
        """
        self._check_bill(bill)
        with self._case_file.session() as session:
            self._check_bill_links(session, bill)
            return bill_store.add_bill(session, bill)

    def update_bill(self, bill: Bill, expected: Bill | None = None) -> Bill:
        """Save changes to a bill.

        Raises:
            ValidationError: A field is wrong; nothing is saved.
            ConflictError: It changed elsewhere since ``expected`` was read (says who changed what).
            NotFoundError: It was deleted.
        """
        self._check_bill(bill)
        with self._case_file.session() as session:
            refuse_if_changed(session, bill_store.BillRow, "bill", expected, bill_store.get_bill)
            self._check_bill_links(session, bill)
            return bill_store.update_bill(session, bill)

    def delete_bill(self, bill_id: int) -> Bill:
        """Delete a bill; returns it so that the user can undo with :meth:`restore_bill`."""
        with self._case_file.session() as session:
            bill = bill_store.get_bill(session, bill_id)
            bill_store.delete_bill(session, bill_id)
            return bill

    def restore_bill(self, bill: Bill) -> Bill:
        """Put back a bill deleted by :meth:`delete_bill` (undo).

        Raises:
            NotFoundError: Its provider was taken off the case meanwhile.
        """
        with self._case_file.session() as session:
            if not any(p.id == bill.provider_id for p in bill_store.bill_providers(session, bill.case_id)):
                raise NotFoundError(
                    "The bill cannot be put back: its provider is no longer on the case.",
                    "Add the provider to the case again, then enter the bill anew.",
                )
            documents = {d.id for d in bill_store.bill_documents(session, bill.case_id)}
            if bill.document_id is not None and bill.document_id not in documents:
                bill = replace(bill, document_id=None, page=None)  # the document went meanwhile
            return bill_store.add_bill(session, replace(bill, id=None))

    def _check_bill(self, bill: Bill) -> None:
        errors = self.bill_errors(bill)
        if errors:
            raise ValidationError(errors)

    @staticmethod
    def _check_bill_links(session: Session, bill: Bill) -> None:
        """The provider and document must be the case's; the page must be in the document."""
        errors: dict[str, str] = {}
        if not any(p.id == bill.provider_id for p in bill_store.bill_providers(session, bill.case_id)):
            errors["provider"] = "Pick one of the case's providers."
        if bill.document_id is not None:
            documents = {d.id: d for d in bill_store.bill_documents(session, bill.case_id)}
            document = documents.get(bill.document_id)
            if document is None:
                errors["document"] = "That document is not in this case any more; pick another."
            elif bill.page is not None and document.page_count and bill.page > document.page_count:
                errors["page"] = f"“{document.display_name}” has {document.page_count} pages."
        if errors:
            raise ValidationError(errors)

    # --- liens ---------------------------------------------------------------------------------------

    def liens(self, case_id: int) -> list[Lien]:
        """A case's liens, by date asserted."""
        with self._case_file.session() as session:
            return bill_store.list_liens(session, case_id)

    def lien_totals(self, case_id: int) -> LienTotals:
        """A case's lien totals: asserted, reductions, final, and how many are not final yet."""
        return lien_totals(self.liens(case_id))

    def unfinished_liens(self, case_id: int) -> list[Lien]:
        """The liens not final or paid yet: a settlement statement cannot be finalized while any remain."""
        return [lien for lien in self.liens(case_id) if not lien.is_final]

    def lien_errors(self, lien: Lien) -> dict[str, str]:
        """What is wrong with a lien; empty when it can be saved."""
        return validate_lien(lien)

    def add_lien(self, lien: Lien) -> Lien:
        """Add a lien.

        Raises:
            ValidationError: A field is wrong; nothing is saved.
        """
        self._check_lien(lien)
        with self._case_file.session() as session:
            self._check_lien_links(session, lien)
            return bill_store.add_lien(session, lien)

    def update_lien(self, lien: Lien) -> Lien:
        """Save changes to a lien.

        Raises:
            ValidationError: A field is wrong; nothing is saved.
            NotFoundError: It was deleted.
        """
        self._check_lien(lien)
        with self._case_file.session() as session:
            self._check_lien_links(session, lien)
            return bill_store.update_lien(session, lien)

    def delete_lien(self, lien_id: int) -> Lien:
        """Delete a lien; returns it so that the user can undo with :meth:`restore_lien`."""
        with self._case_file.session() as session:
            lien = bill_store.get_lien(session, lien_id)
            bill_store.delete_lien(session, lien_id)
            return lien

    def restore_lien(self, lien: Lien) -> Lien:
        """Put back a lien deleted by :meth:`delete_lien` (undo); links that went meanwhile are dropped."""
        with self._case_file.session() as session:
            providers = {p.id for p in bill_store.bill_providers(session, lien.case_id)}
            if lien.provider_id is not None and lien.provider_id not in providers:
                lien = replace(lien, provider_id=None)
            holder = lien.holder_contact_id
            if holder is not None and not contact_store.contact_names(session, [holder]):
                lien = replace(lien, holder_contact_id=None)
            return bill_store.add_lien(session, replace(lien, id=None))

    def suggestions(self, case_id: int, settlement: Money) -> LienSuggestions:
        """The pro-rata reduction suggested for each lien of a case at an expected settlement.

        Each lien's share is taken of the case's total billed; a case without bills yet shares by the
        liens' own asserted amounts.
        """
        with self._case_file.session() as session:
            liens = bill_store.list_liens(session, case_id)
            billed = bill_totals(bill_store.list_bills(session, case_id)).billed
        label = "all bills"
        if billed.cents <= 0:
            billed, label = lien_totals(liens).asserted, "all liens"
        by_lien = {}
        for lien in liens:
            suggestion = suggest_reduction(lien.asserted, billed, settlement, label)
            if suggestion is not None and lien.id is not None:
                by_lien[lien.id] = suggestion
        return LienSuggestions(settlement, billed, label, by_lien)

    def _check_lien(self, lien: Lien) -> None:
        errors = self.lien_errors(lien)
        if errors:
            raise ValidationError(errors)

    @staticmethod
    def _check_lien_links(session: Session, lien: Lien) -> None:
        if lien.provider_id is not None and not any(
            p.id == lien.provider_id for p in bill_store.bill_providers(session, lien.case_id)
        ):
            raise ValidationError({"provider": "Pick one of the case's providers, or none."})
